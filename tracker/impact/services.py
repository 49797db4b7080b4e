"""Writing to the impact log."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees import clock
from committees.dates import long_date
from committees.services import save_with_history
from tracker.models import ImpactNote, Recommendation


@transaction.atomic
def impact_note_add(
    *,
    recommendation: Recommendation,
    noted_on: dt.date,
    difference: str,
    by_user: AbstractBaseUser | None,
    evidence_link: str = "",
    evidence_text: str = "",
) -> ImpactNote:
    """Note the difference a recommendation made, with its evidence: once the committee
    has closed it (achieved, or tracking ended), and at any time afterwards."""
    difference = (difference or "").strip()
    evidence_link, evidence_text = (evidence_link or "").strip(), (evidence_text or "").strip()
    problems = []
    if recommendation.tracking_ended_on is None:
        problems.append(
            "The impact is noted once the committee has closed the recommendation: it is "
            "still tracked."
        )
    elif noted_on < recommendation.tracking_ended_on:
        problems.append(
            "The impact is noted when the recommendation is closed or afterwards: it was "
            f"closed on {long_date(recommendation.tracking_ended_on)}."
        )
    if noted_on > clock.today():
        problems.append("The date noted cannot be in the future.")
    if not difference:
        problems.append("Say what difference the recommendation made.")
    if not evidence_link and not evidence_text:
        problems.append("Give the evidence: a link or a description.")
    if problems:
        raise ValidationError(problems)
    note = ImpactNote(
        recommendation=recommendation,
        noted_on=noted_on,
        difference=difference,
        evidence_link=evidence_link,
        evidence_text=evidence_text,
        recorded_by=by_user if getattr(by_user, "is_authenticated", False) else None,
    )
    save_with_history(note, by_user=by_user, reason="Impact noted")
    return note
