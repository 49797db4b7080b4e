"""Celery tasks: another way in. Each loads what it needs and calls a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from .reminders.sweep import digest_send, sweep
from .reminders.working_days import is_working_day


@shared_task(acks_late=True)
def send_reminders(as_of: str | None = None) -> dict:
    """The daily sweep. Idempotent: a retried or duplicated task sends nothing twice."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    if day is None and not is_working_day():
        return {"skipped": "not a working day"}
    report = sweep(as_of=day)
    return {
        "as_of": report.as_of.isoformat(),
        "created": report.created,
        "sent": report.digests_sent,
        "failed": report.digests_failed,
        "uncertain": report.flagged_uncertain,
    }


@shared_task(acks_late=True)
def send_notification(digest_id: int) -> bool | None:
    """Send one notification meant to go at once. Idempotent: the digest is claimed before
    it is sent, so a retried task, or the sweep as the safety net, sends it once."""
    return digest_send(digest_id=digest_id)
