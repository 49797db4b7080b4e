"""The reminder sweep: who must be reminded of what today, one digest each, exactly once.

The database, not the broker, says what is due, so the sweep can run from Celery beat,
cron or the `send_reminders` command, twice at once, or again after a crash:

1. plan     every reminder the day calls for is inserted under a unique constraint, so a
            second sweep inserts nothing;
2. collect  unsent reminders are gathered into one digest per recipient per day;
3. send     a digest is claimed with a conditional update (PENDING -> SENDING) and only the
            sweep whose update changed one row sends it, outside any transaction;
            a refused send is retried with backoff; a digest left SENDING by a worker
            that died is flagged UNCERTAIN for the scrutiny officers, never resent blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from committees.models import Committee, Meeting, Membership, Person, PostHolding, active_on

from .models import InformationRequest, Recommendation, Reminder, ReminderDigest

log = logging.getLogger(__name__)
Kind = Reminder.Kind


@dataclass(frozen=True)
class Planned:
    kind: str
    occasion: dt.date
    email: str
    recipient: Person | None
    item: object
    on_behalf_of: str = ""


@dataclass
class SweepReport:
    as_of: dt.date
    planned: int = 0
    created: int = 0
    digests_sent: int = 0
    digests_failed: int = 0
    flagged_uncertain: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    emails: list[str] = field(default_factory=list)
    planned_reminders: list[Planned] = field(default_factory=list)


def _email_of(person: Person) -> str:
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user.email else ""


class _Recipients:
    """Who hears about an item: its owners, or the scrutiny officers who chase for them."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self._officers: dict[int, list[Person]] = {}
        self._chairs: dict[int, list[Person]] = {}
        # Every post's holders on the day, read once: asking per item costs a query each.
        self._holders: dict[int, list[Person]] = {}
        for holding in PostHolding.objects.filter(active_on(as_of)).select_related("person__user"):
            self._holders.setdefault(holding.post_id, []).append(holding.person)

    def officers(self, committee_id: int) -> list[Person]:
        if committee_id not in self._officers:
            self._officers[committee_id] = [
                s.person
                for s in Committee(pk=committee_id)
                .support_officers.filter(active_on(self.as_of))
                .select_related("person__user")
            ]
        return self._officers[committee_id]

    def chairs(self, committee_id: int) -> list[Person]:
        if committee_id not in self._chairs:
            self._chairs[committee_id] = [
                m.person
                for m in Membership.objects.filter(
                    active_on(self.as_of), committee_id=committee_id, role=Membership.Role.CHAIR
                ).select_related("person__user")
            ]
        return self._chairs[committee_id]

    def for_owner(self, item, committee_id: int) -> Iterator[tuple[Person, str]]:
        owners = [p for p in item.owner_people(self.as_of, self._holders) if _email_of(p)]
        if owners:
            for person in owners:
                yield person, ""
            return
        # A group post, a post nobody holds, or an owner with no email: the officers chase.
        for person in self.officers(committee_id):
            yield person, item.owner_label

    def for_escalation(self, committee_id: int) -> Iterator[tuple[Person, str]]:
        for person in self.officers(committee_id) + self.chairs(committee_id):
            yield person, ""


def _due_occasions(due: dt.date, as_of: dt.date) -> Iterator[tuple[str, dt.date]]:
    """The reminders an item's due date calls for on `as_of`, each with its occasion."""
    days_left = (due - as_of).days
    if 0 <= days_left <= settings.TRACKER_REMIND_DUE_SOON_DAYS:
        yield Kind.DUE_SOON, due
    days_over = -days_left
    if days_over >= 1:
        # The day after the due date, then every N days: one reminder per cycle, whenever
        # in that cycle the sweep first runs (so a missed day or a bank holiday loses nothing).
        every = settings.TRACKER_REMIND_OVERDUE_EVERY_DAYS
        occasion = due + dt.timedelta(days=1 + ((days_over - 1) // every) * every)
        yield Kind.OVERDUE, occasion
        if days_over >= settings.TRACKER_ESCALATE_AFTER_DAYS:
            yield Kind.ESCALATION, occasion


def plan(as_of: dt.date) -> list[Planned]:
    """Every reminder `as_of` calls for. Reads only; `record` inserts them."""
    recipients = _Recipients(as_of)
    horizon = as_of + dt.timedelta(days=settings.TRACKER_REMIND_DUE_SOON_DAYS)
    planned: list[Planned] = []
    told: set[tuple[str, str, int]] = set()  # (email, item type, item id) already reminded

    def add(kind: str, occasion: dt.date, item, committee_id: int) -> None:
        people = (
            recipients.for_escalation(committee_id)
            if kind == Kind.ESCALATION
            else recipients.for_owner(item, committee_id)
        )
        for person, on_behalf_of in people:
            email = _email_of(person)
            key = (email, type(item).__name__, item.pk)
            # An officer already chasing an item hears of it once, not again as escalation.
            if not email or (kind == Kind.ESCALATION and key in told):
                continue
            told.add(key)
            planned.append(Planned(kind, occasion, email, person, item, on_behalf_of))

    related = ("owner_post", "owner_person__user")
    for recommendation in (
        Recommendation.objects.outstanding()
        .filter(due_date__lte=horizon)
        .select_related("inquiry", *related)
    ):
        for kind, occasion in _due_occasions(recommendation.due_date, as_of):
            add(kind, occasion, recommendation, recommendation.inquiry.committee_id)
    for request in (
        InformationRequest.objects.outstanding()
        .filter(due_date__lte=horizon)
        .select_related("meeting", *related)
    ):
        for kind, occasion in _due_occasions(request.due_date, as_of):
            add(kind, occasion, request, request.meeting.committee_id)

    tracking_horizon = as_of + dt.timedelta(days=settings.TRACKER_REMIND_TRACKING_DAYS)
    for recommendation in (
        Recommendation.objects.outstanding()
        .filter(next_tracking_date__gte=as_of, next_tracking_date__lte=tracking_horizon)
        .select_related("inquiry", *related)
    ):
        add(Kind.TRACKING, recommendation.next_tracking_date, recommendation,
            recommendation.inquiry.committee_id)  # fmt: skip

    deadline_horizon = as_of + dt.timedelta(days=settings.TRACKER_REMIND_REPORT_DEADLINE_DAYS)
    for meeting in Meeting.objects.ordinary().filter(
        report_deadline__gte=as_of, report_deadline__lte=deadline_horizon
    ):
        for item in meeting.agenda_items.prefetch_related("presenters__user"):
            for person in item.presenters.all():
                email = _email_of(person)
                if email:
                    planned.append(
                        Planned(Kind.REPORT_DEADLINE, meeting.report_deadline, email, person, item)
                    )
    return planned


def _item_field(item) -> str:
    if isinstance(item, Recommendation):
        return "recommendation"
    if isinstance(item, InformationRequest):
        return "request"
    return "agenda_item"


def record(planned: list[Planned]) -> int:
    """Insert the planned reminders; those already recorded are skipped by the database.

    ON CONFLICT DO NOTHING against the unique constraints: a reminder recorded by an
    earlier or a concurrent sweep is never inserted twice.
    """
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(
        (
            Reminder(
                kind=reminder.kind,
                occasion=reminder.occasion,
                email=reminder.email,
                recipient=reminder.recipient,
                on_behalf_of=reminder.on_behalf_of,
                **{_item_field(reminder.item): reminder.item},
            )
            for reminder in planned
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    # Another sweep may insert at the same time; the count is for the report only.
    return max(0, Reminder.objects.count() - before)


def collect(as_of: dt.date, now: dt.datetime) -> None:
    """Gather unsent reminders into today's digest for each recipient."""
    unsent = Reminder.objects.filter(digest__isnull=True)
    for email in unsent.values_list("email", flat=True).distinct().order_by("email"):
        recipient = unsent.filter(email=email).values_list("recipient", flat=True).first()
        try:
            with transaction.atomic():
                digest, _ = ReminderDigest.objects.get_or_create(
                    email=email,
                    sweep_date=as_of,
                    defaults={"recipient_id": recipient, "next_attempt_at": now},
                )
        except IntegrityError:  # a concurrent sweep created it first
            digest = ReminderDigest.objects.get(email=email, sweep_date=as_of)
        # Join only a digest that is still waiting: one being sent or sent is closed,
        # and what missed it goes in the next day's digest.
        still_pending = ReminderDigest.objects.filter(
            pk=digest.pk, status=ReminderDigest.Status.PENDING
        )
        unsent.filter(Exists(still_pending), email=email).update(digest=digest)


def flag_abandoned(now: dt.datetime) -> int:
    """Digests claimed by a worker that never reported back: flag, never resend blindly."""
    cutoff = now - dt.timedelta(minutes=settings.TRACKER_REMIND_SENDING_TIMEOUT_MINUTES)
    return ReminderDigest.objects.filter(
        status=ReminderDigest.Status.SENDING, claimed_at__lt=cutoff
    ).update(
        status=ReminderDigest.Status.UNCERTAIN,
        last_error="The sweep sending it stopped before it knew whether the mail server "
        "accepted it. Check with the recipient, then settle it or send it again.",
    )


def _claim(digest: ReminderDigest, now: dt.datetime) -> bool:
    claimed = ReminderDigest.objects.filter(
        pk=digest.pk,
        status__in=[ReminderDigest.Status.PENDING, ReminderDigest.Status.FAILED],
        next_attempt_at__lte=now,
    ).update(status=ReminderDigest.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def _backoff(attempts: int) -> dt.timedelta:
    steps = settings.TRACKER_REMIND_RETRY_MINUTES
    return dt.timedelta(minutes=steps[min(attempts, len(steps)) - 1])


SUBJECT_PHRASES = {
    Kind.OVERDUE: "overdue",
    Kind.ESCALATION: "escalated as overdue",
    Kind.DUE_SOON: "due soon",
    Kind.TRACKING: "due for a progress report",
    Kind.REPORT_DEADLINE: "with a report deadline",
}


def compose(digest: ReminderDigest, reminders: list[Reminder]) -> EmailMultiAlternatives:
    counts = Counter(r.kind for r in reminders)
    context = {
        "digest": digest,
        "reminders": reminders,
        "summary": [
            (counts[kind], phrase) for kind, phrase in SUBJECT_PHRASES.items() if counts[kind]
        ],
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("emails/reminder_digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminder_digest.txt", context),
        to=[digest.email],
    )
    message.attach_alternative(
        render_to_string("emails/reminder_digest.html", context), "text/html"
    )
    return message


def send_due(now: dt.datetime) -> tuple[int, int]:
    """Send every digest that is waiting or due for a retry. Never inside a transaction."""
    sent = failed = 0
    due = ReminderDigest.objects.filter(
        Q(status=ReminderDigest.Status.PENDING) | Q(status=ReminderDigest.Status.FAILED),
        next_attempt_at__lte=now,
    ).order_by("pk")
    for digest in list(due):
        if not _claim(digest, now):
            continue  # another sweep has it
        reminders = list(
            digest.reminders.select_related(
                "recommendation__inquiry", "request__meeting", "agenda_item__meeting"
            ).order_by("kind", "pk")
        )
        if not reminders:
            ReminderDigest.objects.filter(pk=digest.pk).update(status=ReminderDigest.Status.SENT)
            continue
        message = compose(digest, reminders)
        try:
            message.send()
        except Exception as error:  # the mail server refused or could not be reached
            attempts = digest.attempts + 1
            ReminderDigest.objects.filter(pk=digest.pk).update(
                status=ReminderDigest.Status.FAILED,
                subject=message.subject,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=now + _backoff(attempts),
            )
            log.warning("Reminder digest %s to %s failed: %s", digest.pk, digest.email, error)
            failed += 1
            continue
        ReminderDigest.objects.filter(pk=digest.pk).update(
            status=ReminderDigest.Status.SENT,
            subject=message.subject,
            sent_at=timezone.now(),
            last_error="",
        )
        # Anything attached after this digest was composed was not in the email: release it.
        digest.reminders.exclude(pk__in=[r.pk for r in reminders]).update(digest=None)
        sent += 1
    return sent, failed


def sweep(*, as_of: dt.date | None = None, now: dt.datetime | None = None,
          dry_run: bool = False) -> SweepReport:  # fmt: skip
    """One pass: plan, record, collect and send. Safe to run at any time, any number of times."""
    as_of = as_of or timezone.localdate()
    now = now or timezone.now()
    planned = plan(as_of)
    report = SweepReport(as_of=as_of, planned=len(planned))
    report.by_kind.update(p.kind for p in planned)
    report.emails = sorted({p.email for p in planned})
    report.planned_reminders = planned
    if dry_run:
        return report
    report.created = record(planned)
    report.flagged_uncertain = flag_abandoned(now)
    collect(as_of, now)
    report.digests_sent, report.digests_failed = send_due(now)
    return report
