"""The reminder sweep: who must be reminded of what today, one digest each, exactly once.

The database, not the broker, says what is due, so the sweep can run from Celery beat,
cron or the `send_reminders` command, twice at once, or again after a crash:

1. plan     every reminder the day calls for is inserted under a unique constraint (so a
            second sweep inserts nothing), straight into its recipient's digest of the
            day (one per recipient per day) while that digest waits to be sent;
2. collect  reminders left outside a digest (the day's was closed, or a sweep stopped)
            are gathered into the day's digests;
3. send     a digest is claimed with a conditional update (PENDING -> SENDING) and only the
            sweep whose update changed one row sends it, outside any transaction;
            a refused send is retried with backoff; a digest left SENDING by a worker
            that died is flagged UNCERTAIN for the scrutiny officers, never resent blindly.

Its memory stays flat however many items are due: items are read, planned and recorded a
batch at a time (by id, so no cursor is left open while the sweep writes), and digests
are sent a batch at a time. Reminders go into their digest as they are inserted: a later
UPDATE of every reminder would cost as much again as inserting them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from committees import clock
from committees.dates import long_date
from committees.models import Committee, Meeting, Membership, Person, active_on
from committees.services import council_settings
from tracker.models import (
    NOTIFICATION_KINDS,
    RESPONSE_KINDS,
    InformationRequest,
    Owned,
    OwnerUpdate,
    Recommendation,
    Reminder,
    ReminderDigest,
    due_soon_days,
)

from .recipients import email_of, post_holders_on, reachable_owners

log = logging.getLogger(__name__)
Kind = Reminder.Kind
ESCALATIONS = frozenset({Kind.ESCALATION, Kind.RESPONSE_ESCALATION})
# The kinds of a due date's reminders: due soon, overdue, escalated.
DUE_DATE_KINDS = (Kind.DUE_SOON, Kind.OVERDUE, Kind.ESCALATION)
RESPONSE_DATE_KINDS = (Kind.RESPONSE_DUE, Kind.RESPONSE_OVERDUE, Kind.RESPONSE_ESCALATION)
# How many items, reminders or digests the sweep holds at once.
BATCH = 2000
DIGEST_BATCH = 200


@dataclass(frozen=True)
class Planned:
    kind: str
    occasion: dt.date
    email: str
    recipient: Person | None
    item: object
    on_behalf_of: str = ""
    update: OwnerUpdate | None = None


@dataclass
class SweepReport:
    as_of: dt.date
    planned: int = 0
    created: int = 0
    digests_sent: int = 0
    digests_failed: int = 0
    flagged_uncertain: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    # Only for a dry run, which lists them: a real sweep keeps none of them in memory.
    emails: list[str] = field(default_factory=list)
    planned_reminders: list[Planned] = field(default_factory=list)


def _in_batches(queryset: QuerySet, size: int | None = None) -> Iterator[Any]:
    """The rows of the queryset, read `size` at a time in order of id.

    Each batch is one query read to the end, so no cursor stays open while the sweep
    writes in between (SQLite refuses a write under an older open read) and only one
    batch is in memory.
    """
    size = size or BATCH
    last = None
    while True:
        rows = queryset.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows[:size])
        yield from batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def _batched(values: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH
    iterator = iter(values)
    while batch := list(islice(iterator, size)):
        yield batch


class _Recipients:
    """Who hears about an item: its owners, or the scrutiny officers who chase for them."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self._officers: dict[int, list[Person]] = {}
        self._chairs: dict[int, list[Person]] = {}
        # Every post's holders on the day, read once: asking per item costs a query each.
        self._holders = post_holders_on(as_of)

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
        owners = reachable_owners(item, self.as_of, self._holders)
        if owners:
            for person in owners:
                yield person, ""
            return
        # Nobody to email (see `reachable_owners`): the officers chase.
        for person in self.officers(committee_id):
            yield person, item.owner_label

    def for_escalation(self, committee_id: int) -> Iterator[tuple[Person, str]]:
        for person in self.officers(committee_id) + self.chairs(committee_id):
            yield person, ""

    def reminders(
        self, item, committee_id: int, occasions: Iterable[tuple[str, dt.date]]
    ) -> Iterator[Planned]:
        """The reminders of one item on its occasions, each to each person who hears of it."""
        told: set[str] = set()  # who has heard of this item already, in this sweep
        for kind, occasion in occasions:
            people = (
                self.for_escalation(committee_id)
                if kind in ESCALATIONS
                else self.for_owner(item, committee_id)
            )
            for person, on_behalf_of in people:
                email = email_of(person)
                # An officer already chasing an item hears of it once, not again as escalation.
                if not email or (kind in ESCALATIONS and email in told):
                    continue
                told.add(email)
                yield Planned(kind, occasion, email, person, item, on_behalf_of)


def _due_occasions(item: Owned, as_of: dt.date) -> Iterator[tuple[str, dt.date]]:
    """The reminders an item's due date calls for on `as_of`: due soon and overdue as the
    item's own rules (`is_due_soon`, `is_overdue`) say."""
    return _occasions(
        item.due_date,
        as_of,
        DUE_DATE_KINDS,
        soon=item.is_due_soon(as_of),
        late=item.is_overdue(as_of),
    )


def _response_occasions(due: dt.date, as_of: dt.date) -> Iterator[tuple[str, dt.date]]:
    """The reminders the day the executive's response falls due calls for on `as_of`."""
    days_left = (due - as_of).days
    return _occasions(
        due,
        as_of,
        RESPONSE_DATE_KINDS,
        soon=0 <= days_left <= due_soon_days(),
        late=days_left < 0,
    )


def _occasions(
    due: dt.date, as_of: dt.date, kinds: tuple[str, str, str], *, soon: bool, late: bool
) -> Iterator[tuple[str, dt.date]]:
    """Each reminder with its occasion: `soon` (due within the notice), `late` (past due)."""
    due_soon, overdue, escalation = kinds
    if soon:
        yield due_soon, due
    days_over = (as_of - due).days
    if late:
        # The day after the due date, then every N days: one reminder per cycle, whenever
        # in that cycle the sweep first runs (so a missed day or a bank holiday loses nothing).
        every = settings.TRACKER_REMIND_OVERDUE_EVERY_DAYS
        occasion = due + dt.timedelta(days=1 + ((days_over - 1) // every) * every)
        yield overdue, occasion
        if days_over >= settings.TRACKER_ESCALATE_AFTER_DAYS:
            yield escalation, occasion


def plan(as_of: dt.date) -> Iterator[Planned]:
    """Every reminder `as_of` calls for, item by item. Reads only; `record` inserts them.

    A generator: the items are read a batch at a time, so the sweep holds one batch of
    items and planned reminders however many are due.
    """
    recipients = _Recipients(as_of)
    horizon = as_of + dt.timedelta(days=due_soon_days())
    related = ("owner_post", "owner_person__user")
    recommendations = Recommendation.objects.outstanding().select_related("inquiry", *related)
    for recommendation in _in_batches(recommendations.filter(due_date__lte=horizon)):
        occasions = _due_occasions(recommendation, as_of)
        yield from recipients.reminders(
            recommendation, recommendation.inquiry.committee_id, occasions
        )
    requests = InformationRequest.objects.outstanding().select_related("meeting", *related)
    for request in _in_batches(requests.filter(due_date__lte=horizon)):
        occasions = _due_occasions(request, as_of)
        yield from recipients.reminders(request, request.meeting.committee_id, occasions)

    # The executive's response: the owner of each recommendation still unanswered is
    # reminded before the response is due, and chased and escalated when it is late.
    awaiting = recommendations.filter(
        Recommendation.objects.awaiting_response_q(),
        inquiry__executive_response_due_on__lte=horizon,
    )
    for recommendation in _in_batches(awaiting):
        occasions = _response_occasions(recommendation.inquiry.executive_response_due_on, as_of)
        yield from recipients.reminders(
            recommendation, recommendation.inquiry.committee_id, occasions
        )

    tracking_horizon = as_of + dt.timedelta(days=settings.TRACKER_REMIND_TRACKING_DAYS)
    for recommendation in _in_batches(
        recommendations.filter(
            next_tracking_date__gte=as_of, next_tracking_date__lte=tracking_horizon
        )
    ):
        occasions = [(Kind.TRACKING, recommendation.next_tracking_date)]
        yield from recipients.reminders(
            recommendation, recommendation.inquiry.committee_id, occasions
        )

    # Owners' updates waiting for review: each committee officer's digest lists them,
    # on the day they arrive and again every N days while they still wait.
    every = settings.TRACKER_REMIND_OVERDUE_EVERY_DAYS
    waiting = OwnerUpdate.objects.filter(status=OwnerUpdate.Status.PENDING).select_related(
        "recommendation__inquiry", "request__meeting"
    )
    for update in _in_batches(waiting):
        submitted = timezone.localtime(update.submitted_at).date()
        days = (as_of - submitted).days
        if days < 0:
            continue
        occasion = submitted + dt.timedelta(days=(days // every) * every)
        item = update.item
        committee_id = (
            item.inquiry.committee_id if update.recommendation_id else (item.meeting.committee_id)
        )
        for person in recipients.officers(committee_id):
            email = email_of(person)
            if email:
                yield Planned(Kind.UPDATE_WAITING, occasion, email, person, item, update=update)

    deadline_horizon = as_of + dt.timedelta(days=settings.TRACKER_REMIND_REPORT_DEADLINE_DAYS)
    for meeting in Meeting.objects.ordinary().filter(
        report_deadline__gte=as_of, report_deadline__lte=deadline_horizon
    ):
        for item in meeting.agenda_items.prefetch_related("presenters__user"):
            for person in item.presenters.all():
                email = email_of(person)
                if email:
                    yield Planned(
                        Kind.REPORT_DEADLINE, meeting.report_deadline, email, person, item
                    )


def _item_field(item) -> str:
    if isinstance(item, Recommendation):
        return "recommendation_id"
    if isinstance(item, InformationRequest):
        return "request_id"
    return "agenda_item_id"


def _key(reminder: Planned) -> tuple[str, dt.date, str, str, int]:
    return (reminder.kind, reminder.occasion, reminder.email, _item_field(reminder.item),
            reminder.item.pk)  # fmt: skip


def _recorded(batch: list[Planned]) -> set[tuple[str, dt.date, str, str, int]]:
    """Which of these planned reminders an earlier (or a concurrent) sweep recorded."""
    items: dict[str, set[int]] = {}
    for reminder in batch:
        items.setdefault(_item_field(reminder.item), set()).add(reminder.item.pk)
    about = Q()
    for item_field, ids in items.items():
        about |= Q(**{f"{item_field}__in": ids})
    fields = ("recommendation_id", "request_id", "agenda_item_id")
    recorded = set()
    for kind, occasion, email, *ids in Reminder.objects.filter(
        about, occasion__in={reminder.occasion for reminder in batch}
    ).values_list("kind", "occasion", "email", *fields):
        item_field, pk = next((f, pk) for f, pk in zip(fields, ids, strict=True) if pk)
        recorded.add((kind, occasion, email, item_field, pk))
    return recorded


class InsertedRows:
    """Counts the rows that INSERT statements really inserted: ON CONFLICT DO NOTHING
    (INSERT OR IGNORE on SQLite) leaves out those recorded already, and says so only in
    the statement's row count."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT"):
            self.count += max(0, context["cursor"].rowcount)
        return result


def record(planned: Iterable[Planned], as_of: dt.date, now: dt.datetime) -> int:
    """Insert the planned reminders a batch at a time, each straight into today's digest
    for its recipient while that digest still waits to be sent. Returns how many were new.

    ON CONFLICT DO NOTHING against the unique constraints: a reminder recorded by an
    earlier or a concurrent sweep is never inserted twice. Reminders recorded already are
    left out before any digest is made for them, so a day with nothing new for someone
    makes no digest for them.
    """
    inserted = InsertedRows()
    for batch in _batched(planned):
        recorded = _recorded(batch)
        new = [reminder for reminder in batch if _key(reminder) not in recorded]
        if not new:
            continue
        digests = _waiting_digests({r.email: r.recipient for r in new}, as_of, now)
        # Reminder keeps no history: the row itself is the record of the reminder.
        with connection.execute_wrapper(inserted):
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        kind=reminder.kind,
                        occasion=reminder.occasion,
                        email=reminder.email,
                        recipient_id=reminder.recipient.pk if reminder.recipient else None,
                        on_behalf_of=reminder.on_behalf_of,
                        owner_update_id=reminder.update.pk if reminder.update else None,
                        digest_id=digests.get(reminder.email),
                        created_at=now,
                        **{_item_field(reminder.item): reminder.item.pk},
                    )
                    for reminder in new
                ],
                ignore_conflicts=True,
            )
    return inserted.count


def _waiting_digests(
    recipients: dict[str, Person | None], as_of: dt.date, now: dt.datetime
) -> dict[str, int]:
    """Today's digest for each of these emails, made where there is none: those still
    waiting to be sent, by email. One being sent or sent is closed, and what misses it
    goes in the next day's digest."""
    # A digest another sweep made first is kept as it is. ReminderDigest is the delivery
    # record and keeps no history.
    ReminderDigest.objects.bulk_create(
        [
            ReminderDigest(
                email=email,
                sweep_date=as_of,
                recipient_id=person.pk if person else None,
                next_attempt_at=now,
            )
            for email, person in sorted(recipients.items())  # made, and so sent, by email
        ],
        ignore_conflicts=True,
    )
    return dict(
        ReminderDigest.objects.filter(
            email__in=recipients,
            sweep_date=as_of,
            status=ReminderDigest.Status.PENDING,
            immediate=False,
        ).values_list("email", "pk")
    )


def collect(as_of: dt.date, now: dt.datetime) -> None:
    """Gather the reminders still outside a digest (recorded when today's digest for them
    was already closed, or by a sweep that stopped) into today's digest for each
    recipient: a few statements, however many there are."""
    unsent = Reminder.objects.filter(digest__isnull=True)
    recipients = unsent.values("email").annotate(recipient=Max("recipient")).order_by("email")
    size, last = BATCH, None
    while True:
        batch = list((recipients if last is None else recipients.filter(email__gt=last))[:size])
        # A digest another sweep created first is kept as it is. ReminderDigest is the
        # delivery record and keeps no history.
        ReminderDigest.objects.bulk_create(
            [
                ReminderDigest(
                    email=row["email"],
                    sweep_date=as_of,
                    recipient_id=row["recipient"],
                    next_attempt_at=now,
                )
                for row in batch
            ],
            ignore_conflicts=True,
        )
        if len(batch) < size:
            break
        last = batch[-1]["email"]
    # Join only a digest that is still waiting: one being sent or sent is closed, and
    # what missed it goes in the next day's digest.
    waiting = ReminderDigest.objects.filter(
        email=OuterRef("email"),
        sweep_date=as_of,
        status=ReminderDigest.Status.PENDING,
        immediate=False,
    )
    # Delivery bookkeeping on Reminder, which keeps no history.
    unsent.filter(Exists(waiting)).update(digest=Subquery(waiting.values("pk")[:1]))


def flag_abandoned(now: dt.datetime) -> int:
    """Digests claimed by a worker that never reported back: flag, never resend blindly."""
    cutoff = now - dt.timedelta(minutes=settings.TRACKER_REMIND_SENDING_TIMEOUT_MINUTES)
    # ReminderDigest is the delivery record and keeps no history of its own.
    return ReminderDigest.objects.filter(
        status=ReminderDigest.Status.SENDING, claimed_at__lt=cutoff
    ).update(
        status=ReminderDigest.Status.UNCERTAIN,
        last_error="The sweep sending it stopped before it knew whether the mail server "
        "accepted it. Check with the recipient, then settle it or send it again.",
    )


def _claim(digest: ReminderDigest, now: dt.datetime) -> bool:
    # The claim is a conditional update on the delivery record, which keeps no history.
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
    Kind.RESPONSE_DUE: "awaiting the executive's response",
    Kind.RESPONSE_OVERDUE: "with the executive's response overdue",
    Kind.RESPONSE_ESCALATION: "with the executive's response escalated as overdue",
    Kind.UPDATE_WAITING: "with an update waiting for your review",
    Kind.UPDATE_ACCEPTED: "with your update accepted",
    Kind.UPDATE_RETURNED: "with your update sent back",
    Kind.NOTES_PUBLISHED: "of action notes published",
    Kind.PROGRAMME_PUBLISHED: "of a work programme published",
}
# What a line's link does, by kind; anything else: "Send an update".
ACTIONS = {
    Kind.REPORT_DEADLINE: "Open the meeting",
    Kind.UPDATE_WAITING: "Review the update",
    Kind.UPDATE_ACCEPTED: "See the item",
    Kind.UPDATE_RETURNED: "Send the update again",
    Kind.NOTES_PUBLISHED: "Read the action notes",
    Kind.PROGRAMME_PUBLISHED: "Read the work programme",
}


def _line(reminder: Reminder) -> dict[str, Any]:
    """What an email says of one reminder, worked out once for both of its bodies."""
    if reminder.kind in NOTIFICATION_KINDS or reminder.kind == Kind.UPDATE_WAITING:
        due = None  # news of an update or a publication, not a date to meet
    elif reminder.kind in RESPONSE_KINDS:
        due = reminder.recommendation.inquiry.executive_response_due_on
    elif reminder.kind == Kind.REPORT_DEADLINE:
        due = reminder.occasion  # the meeting's report deadline, by its committee's rule
    else:
        due = getattr(reminder.subject_item, "due_date", None)
    return {
        "kind": reminder.get_kind_display(),
        "on_behalf_of": reminder.on_behalf_of,
        "description": reminder.description,
        "due": long_date(due) if due else "",
        "path": reminder.path,
        "action": ACTIONS.get(reminder.kind, "Send an update"),
        "note": reminder.note,
        "title": reminder.title,
        "committee": reminder.committee,
    }


def compose(digest: ReminderDigest, reminders: list[Reminder]) -> EmailMultiAlternatives:
    """The email of a digest: the day's list, or one notification's own message."""
    if digest.immediate and len(reminders) == 1:
        return _compose_one(digest, reminders[0])
    counts = Counter(r.kind for r in reminders)
    context = {
        "digest": digest,
        "lines": [_line(reminder) for reminder in reminders],
        "summary": [
            (counts[kind], phrase) for kind, phrase in SUBJECT_PHRASES.items() if counts[kind]
        ],
        "site_url": settings.SITE_URL,
    }
    return _message(digest, "emails/reminder_digest", context)


def _compose_one(digest: ReminderDigest, reminder: Reminder) -> EmailMultiAlternatives:
    """A notification sent on its own: each kind has its own subject and bodies in
    templates/emails/notifications/."""
    context = {
        "digest": digest,
        "line": _line(reminder),
        "reminder": reminder,
        "site_url": settings.SITE_URL,
    }
    return _message(digest, f"emails/notifications/{reminder.kind}", context)


def _message(digest: ReminderDigest, template: str, context: dict) -> EmailMultiAlternatives:
    context = {**context, "council": council_settings()}  # its name signs the email
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        to=[digest.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _send(digest: ReminderDigest, now: dt.datetime) -> bool | None:
    """Claim and send one digest. True: sent; False: refused, to be retried; None: nothing
    sent (another sweep or worker has it, or it was empty). Never inside a transaction."""
    if not _claim(digest, now):
        return None  # another sweep has it
    reminders = list(
        digest.reminders.select_related(
            "recommendation__inquiry",
            "request__meeting",
            "agenda_item__meeting",
            "committee",
        ).order_by("kind", "pk")
    )
    if not reminders:  # nothing to say: closed without an email
        # Delivery status on ReminderDigest, which keeps no history.
        ReminderDigest.objects.filter(pk=digest.pk).update(status=ReminderDigest.Status.SENT)
        return None
    message = compose(digest, reminders)
    try:
        message.send()
    except Exception as error:  # the mail server refused or could not be reached
        attempts = digest.attempts + 1
        # Delivery status on ReminderDigest, which keeps no history.
        ReminderDigest.objects.filter(pk=digest.pk).update(
            status=ReminderDigest.Status.FAILED,
            subject=message.subject,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + _backoff(attempts),
        )
        log.warning("Reminder digest %s to %s failed: %s", digest.pk, digest.email, error)
        return False
    # Delivery status on ReminderDigest, which keeps no history.
    ReminderDigest.objects.filter(pk=digest.pk).update(
        status=ReminderDigest.Status.SENT,
        subject=message.subject,
        sent_at=timezone.now(),
        last_error="",
    )
    # Anything attached after this digest was composed was not in the email: release it
    # (delivery bookkeeping on Reminder, which keeps no history).
    digest.reminders.exclude(pk__in=[r.pk for r in reminders]).update(digest=None)
    return True


def send_due(now: dt.datetime) -> tuple[int, int]:
    """Send every digest that is waiting or due for a retry, a batch of digests at a time:
    the day's digests, and any notification meant to go at once that has not gone yet.
    Never inside a transaction."""
    sent = failed = 0
    due = ReminderDigest.objects.filter(
        Q(status=ReminderDigest.Status.PENDING) | Q(status=ReminderDigest.Status.FAILED),
        next_attempt_at__lte=now,
    ).select_related("recipient")
    for digest in _in_batches(due, DIGEST_BATCH):
        outcome = _send(digest, now)
        if outcome is True:
            sent += 1
        elif outcome is False:
            failed += 1
    return sent, failed


def digest_send(*, digest_id: int, now: dt.datetime | None = None) -> bool | None:
    """Send one digest now if it is still waiting (a notification meant to go at once).
    A second call, or the sweep, finds it claimed or sent and sends nothing."""
    digest = ReminderDigest.objects.select_related("recipient").filter(pk=digest_id).first()
    if digest is None:
        return None
    return _send(digest, now or timezone.now())


def sweep(*, as_of: dt.date | None = None, now: dt.datetime | None = None,
          dry_run: bool = False) -> SweepReport:  # fmt: skip
    """One pass: plan, record, collect and send. Safe to run at any time, any number of times."""
    as_of = as_of or clock.today()
    now = now or timezone.now()
    report = SweepReport(as_of=as_of)

    def counted(planned: Iterable[Planned]) -> Iterator[Planned]:
        for reminder in planned:
            report.planned += 1
            report.by_kind[reminder.kind] += 1
            if dry_run:
                report.planned_reminders.append(reminder)
            yield reminder

    if dry_run:
        for _ in counted(plan(as_of)):
            pass
        report.emails = sorted({p.email for p in report.planned_reminders})
        return report
    report.created = record(counted(plan(as_of)), as_of, now)
    report.flagged_uncertain = flag_abandoned(now)
    collect(as_of, now)
    report.digests_sent, report.digests_failed = send_due(now)
    return report
