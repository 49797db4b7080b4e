"""Recording notifications: what concerns one person, once each.

A notification is a Reminder row of its own kind with a unique key, so asking twice (a
retried task, a double click, a second publication of the same version) records nothing
new. Someone who chose the daily digest finds it in their next digest: the sweep
collects it. Someone who chose immediate emails gets it in a digest of its own, sent by a
task once the transaction commits; the sweep sends it if the task never ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from committees import clock
from committees.models import Committee, Person
from committees.services import save_with_history
from tracker.models import InformationRequest, OwnerUpdate, Reminder, ReminderDigest
from tracker.reminders.recipients import email_of, reachable_owners
from tracker.reminders.sweep import InsertedRows
from tracker.tasks import send_notification

from .models import NotificationPreference

Kind = Reminder.Kind
PUBLICATIONS = {"notes": Kind.NOTES_PUBLISHED, "programme": Kind.PROGRAMME_PUBLISHED}
KEY_MAX_LENGTH = Reminder._meta.get_field("key").max_length


@dataclass(frozen=True)
class Notice:
    """One notification to be recorded for one person."""

    person: Person
    kind: str
    key: str
    about: dict[str, Any] = field(default_factory=dict)


def _record(notices: Iterable[Notice]) -> int:
    """Record the notices not recorded before; returns how many were new."""
    notices = [notice for notice in notices if email_of(notice.person)]
    if not notices:
        return 0
    if any(len(notice.key) > KEY_MAX_LENGTH for notice in notices):
        raise ValueError(f"A notification's key is at most {KEY_MAX_LENGTH} characters.")
    known = set(
        Reminder.objects.filter(key__in=[n.key for n in notices]).values_list("key", flat=True)
    )
    new = [notice for notice in notices if notice.key not in known]
    if not new:
        return 0
    today, now = clock.today(), timezone.now()
    immediate = NotificationPreference.immediate_among({n.person.pk for n in new})
    rows, to_send = [], []
    for notice in new:
        digest = None
        if notice.person.pk in immediate:
            # Its own email, not the day's digest. ReminderDigest is the delivery record
            # and keeps no history.
            digest = ReminderDigest.objects.create(
                email=email_of(notice.person),
                sweep_date=today,
                recipient=notice.person,
                immediate=True,
                next_attempt_at=now,
            )
            to_send.append(digest.pk)
        rows.append(
            Reminder(
                kind=notice.kind,
                occasion=today,
                email=email_of(notice.person),
                recipient=notice.person,
                key=notice.key,
                digest=digest,
                created_at=now,
                **notice.about,
            )
        )
    inserted = InsertedRows()
    # Reminder keeps no history: the row itself is the record of the notification, and
    # its unique key (ON CONFLICT DO NOTHING) is what makes it exactly-once when two
    # requests record it at the same moment. A digest left empty by that race is closed
    # by the sender without an email.
    with connection.execute_wrapper(inserted):
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    for digest_id in to_send:
        # Robust: a broker that cannot be reached must not fail the request that already
        # committed; the sweep sends what the task did not. (A named function: Django names
        # a robust callback that failed in its log, which a functools.partial cannot be.)
        def enqueue(digest_id: int = digest_id) -> None:
            send_notification.delay(digest_id)

        transaction.on_commit(enqueue, robust=True)
    return inserted.count


def _update_recipients(update: OwnerUpdate) -> list[Person]:
    """Whoever gets the item's reminders (its owner person or the post's holders, with an
    email), and the person who sent the update."""
    people = reachable_owners(update.item, clock.today())
    submitter = Person.objects.filter(user_id=update.submitted_by_id).first()
    if submitter is not None and email_of(submitter) and submitter not in people:
        people.append(submitter)
    return people


def owner_update_reviewed_notify(*, update: OwnerUpdate) -> int:
    """Tell the owner their update was accepted or sent back (with the reason), once per
    review. Called by the review services inside their transaction."""
    if update.status == OwnerUpdate.Status.ACCEPTED:
        kind = Kind.UPDATE_ACCEPTED
    elif update.status == OwnerUpdate.Status.RETURNED:
        kind = Kind.UPDATE_RETURNED
    else:
        raise ValueError("Only a reviewed update is notified.")
    item_field = "request" if isinstance(update.item, InformationRequest) else "recommendation"
    about = {item_field: update.item, "owner_update": update, "note": update.review_note}
    return _record(
        Notice(person, kind, f"update:{update.pk}:{update.status}:{person.pk}", about)
        for person in _update_recipients(update)
    )


def publication_notify(*, committee: Committee, kind: str, title: str, path: str, key: str) -> int:
    """Tell each current member of the committee that its action notes (`kind` "notes")
    or work programme ("programme") were published: `title` names it, `path` is its page,
    `key` is the publication's own (for example "notes:123:v2"). Returns how many
    notifications were recorded: none when this key was recorded before."""
    if kind not in PUBLICATIONS:
        raise ValueError('A publication is "notes" or "programme".')
    if not key or not title or not path.startswith("/"):
        raise ValueError("A publication needs a key, a title and the path of its page.")
    memberships = committee.members_on(clock.today()).select_related("person__user")
    # One each, whatever their roles (a chair may also hold an ordinary membership).
    members = {m.person.pk: m.person for m in memberships}
    about = {"committee": committee, "title": title[:300], "link": path}
    return _record(
        Notice(person, PUBLICATIONS[kind], f"{key}:{person.pk}", about)
        for person in members.values()
    )


@transaction.atomic
def notification_preference_set(
    *, person: Person, delivery: str, by_user: AbstractBaseUser
) -> NotificationPreference:
    """Set how notifications reach `person`: by email straight away, or the daily digest."""
    preference = NotificationPreference.objects.select_for_update().filter(person=person).first()
    if preference is None:
        preference = NotificationPreference(person=person)
    elif preference.delivery == delivery:
        return preference  # unchanged: nothing to record
    preference.delivery = delivery
    preference.changed_at = timezone.now()
    label = NotificationPreference.Delivery(delivery).label.lower()
    save_with_history(preference, by_user=by_user, reason=f"Notifications: {label}")
    return preference
