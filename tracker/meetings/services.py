"""Writing what a meeting recorded: its items, resolutions, requests, attendance and
declarations. The one write path of the recording page, the notes import and any later API.

The callers describe what to write with the plain dataclasses below and say how it meets
what is recorded (`Policy`): the recording page shows the whole record and REPLACES it;
the notes import ADDS to it, never removes anything and skips what is recorded already.
Everything else is the same for both, and defined here once: who answers for a request
nobody was named for (`default_owner`), when a request is due unless someone says
(`InformationRequest.default_due_date`), the fields of an item that are saved, saving only
what changed (`save_if_changed`), marking an item exempt, the meeting held once its date
has come, and a draft of its notes.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from committees import clock
from committees.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Person,
    Post,
    PostHolding,
    Resolution,
    active_on,
)
from committees.services import (
    agenda_item_declassify,
    agenda_item_presenters_set,
    agenda_item_set_exempt,
    delete_with_history,
    draft_notes_ensure,
    save_with_history,
)
from tracker.models import InformationRequest


class Policy(enum.Enum):
    """How what is written meets what the meeting already records."""

    # The written record is the whole record: resolutions, attendance and declarations not
    # given are removed, and an exempt item given without a paragraph is made public.
    REPLACE = "replace"
    # Added to the record: nothing is removed, a resolution, request, attendance or
    # declaration recorded already is not added again, and an exempt item stays exempt.
    ADD = "add"


# -- who answers for a request ---------------------------------------------------------


def single_posts_held(day: dt.date, person_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Person id -> the one post (not a group) they hold on `day`, for those with one.

    Ownership follows the post, so a request asked of someone who holds one post is owned
    by that post; someone with several posts, or none, answers in person. One query.
    """
    holdings = PostHolding.objects.filter(active_on(day), post__is_group=False)
    if person_ids is not None:
        holdings = holdings.filter(person_id__in=list(person_ids))
    held: dict[int, set[int]] = {}
    for person_id, post_id in holdings.values_list("person_id", "post_id"):
        held.setdefault(person_id, set()).add(post_id)
    return {person: posts.pop() for person, posts in held.items() if len(posts) == 1}


def default_owner(person_ids: Iterable[int], posts: dict[int, int]) -> str:
    """Who answers for a request raised under an item, given who presented it (or who the
    notes name), in order: the post of the first who holds one (posts outlast their
    holders), or else the first of them; "" when nobody is named.

    `posts` is `single_posts_held` for the meeting's day. Returns "post:<pk>",
    "person:<pk>" or "".
    """
    person_ids = list(person_ids)
    for pk in person_ids:
        if pk in posts:
            return f"post:{posts[pk]}"
    return f"person:{person_ids[0]}" if person_ids else ""


# -- saving only what changed ----------------------------------------------------------

# What the record keeps of an agenda item itself; its presenters, resolutions and requests
# are written on their own.
ITEM_FIELDS = (
    "title",
    "notes",
    "presenters_text",
    "is_exempt",
    "exempt_paragraph",
    "exemption_justification",
)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {name: getattr(obj, name) for name in fields}


def save_if_changed(
    obj: models.Model, before: dict, *, by_user: AbstractBaseUser | None, reason: str
) -> bool:
    """Save `obj` when it is new, or when a field of `before` (its values read before the
    change) now differs: each history row is a real change. Whether it was saved."""
    if obj.pk is not None and snapshot(obj, before) == before:
        return False
    save_with_history(obj, by_user=by_user, reason=reason)
    return True


def save_changes(
    obj: models.Model, values: dict, *, by_user: AbstractBaseUser | None, reason: str
) -> bool:
    """Give `obj` these values and save it if that changed it (`save_if_changed`)."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    return save_if_changed(obj, before, by_user=by_user, reason=reason)


def same_text(a: str, b: str) -> bool:
    """Equal but for spacing, case and a closing full stop: a repeat, not something new."""
    return _plain(a) == _plain(b)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().rstrip(".;:").casefold()


# -- what to write ---------------------------------------------------------------------


@dataclass
class RequestWrite:
    """A request or action arising from an item: always a new one."""

    text: str
    kind: str = InformationRequest.Kind.INFORMATION.value
    owner_post: Post | None = None
    owner_person: Person | None = None
    responsibility: str = ""
    due_date: dt.date | None = None  # None: InformationRequest.default_due_date()
    resolution: int | None = None  # the index of the item's resolution that made it


@dataclass
class ItemWrite:
    """An agenda item as it is to be recorded."""

    title: str
    item: AgendaItem | None = None  # None: a new item, numbered `number`
    number: int | None = None
    notes: str = ""
    presenters_text: str = ""
    exempt_paragraph: int | None = None  # None: a public item
    exemption_justification: str = ""
    # Given when an exempt item is made public (Policy.REPLACE): why it can be published.
    declassification_reason: str = ""
    presenter_ids: list[int] | None = None  # in order; None leaves the presenters as they are
    resolutions: list[str] = field(default_factory=list)
    requests: list[RequestWrite] = field(default_factory=list)


@dataclass
class AttendanceWrite:
    person: Person
    kind: str
    capacity: str = ""
    note: str = ""
    substitute_for: Person | None = None
    # What the caller does not show, which keeps what is recorded: "note", "substitute_for".
    keep: tuple[str, ...] = ()

    def values(self) -> dict:
        values = {
            "capacity": self.capacity,
            "note": self.note,
            "substitute_for_id": self.substitute_for.pk if self.substitute_for else None,
        }
        return {
            name: value
            for name, value in values.items()
            if name.removesuffix("_id") not in self.keep
        }


@dataclass
class DeclarationWrite:
    person: Person
    text: str
    interest: str | None = None  # None keeps what is recorded (none on a new one)
    item: int | None = None  # the index in the write's items of the item it was made on
    instance: Declaration | None = None  # the recorded declaration this one changes


@dataclass
class MeetingWritten:
    """What a write did, for the message that follows it."""

    items: list[AgendaItem] = field(default_factory=list)  # in the order written
    items_created: int = 0
    items_updated: int = 0
    resolutions: int = 0
    requests: int = 0
    attendance: int = 0
    declarations: int = 0


# -- the write ---------------------------------------------------------------------------


@transaction.atomic
def meeting_write(
    *,
    meeting: Meeting,
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    items: list[ItemWrite],
    attendance: list[AttendanceWrite] | None = None,
    declarations: list[DeclarationWrite] | None = None,
) -> MeetingWritten:
    """Write what the meeting recorded, all of it or none of it, every row through
    `save_with_history` with `by_user` and `reason`.

    `attendance` and `declarations` None leave them as they are, under either policy.
    Afterwards the meeting is held if its date has come, and has a draft of its notes.
    """
    written = MeetingWritten()
    for write in items:
        item = _write_item(meeting, write, policy, by_user, reason, written)
        written.items.append(item)
        resolutions = _write_resolutions(item, write.resolutions, policy, by_user, reason, written)
        _write_requests(
            meeting, item, write.requests, resolutions, policy, by_user, reason, written
        )
    if attendance is not None:
        _write_attendance(meeting, attendance, policy, by_user, reason, written)
    if declarations is not None:
        _write_declarations(meeting, declarations, policy, by_user, reason, written)
    # The record of a meeting held; a meeting still to come is not held because it was
    # written to.
    if meeting.status == Meeting.Status.SCHEDULED and meeting.date <= clock.today():
        meeting.status = Meeting.Status.HELD
        save_with_history(meeting, by_user=by_user, reason=reason)
    draft_notes_ensure(meeting=meeting, by_user=by_user, reason=reason)
    return written


def _write_item(
    meeting: Meeting,
    write: ItemWrite,
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    written: MeetingWritten,
) -> AgendaItem:
    item = write.item or AgendaItem(meeting=meeting, number=write.number)
    if item.is_exempt and write.exempt_paragraph is None:
        if policy is Policy.ADD:
            raise ValidationError(
                f"Item {item.number} is recorded as taken in private: importing notes cannot "
                "make it public."
            )
        agenda_item_declassify(item=item, by_user=by_user, reason=write.declassification_reason)
    before = snapshot(item, ITEM_FIELDS)
    item.title = write.title.strip()
    item.notes = write.notes.strip()
    item.presenters_text = write.presenters_text.strip()
    # Marking it private is a decision recorded with who and when. Added to, an item the
    # meeting already has as private keeps the decision it has.
    if policy is Policy.REPLACE or not item.is_exempt:
        agenda_item_set_exempt(
            item=item,
            paragraph=write.exempt_paragraph,
            justification=write.exemption_justification.strip(),
            by_user=by_user,
            on=meeting.date,
        )
    created = item.pk is None
    if save_if_changed(item, before, by_user=by_user, reason=reason):
        if created:
            written.items_created += 1
        else:
            written.items_updated += 1
    if write.presenter_ids is not None:
        agenda_item_presenters_set(
            item=item, person_ids=write.presenter_ids, by_user=by_user, reason=reason
        )
    return item


def _write_resolutions(
    item: AgendaItem,
    texts: list[str],
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    written: MeetingWritten,
) -> dict[int, Resolution]:
    """The item's resolutions: `texts` in order (REPLACE), or `texts` not recorded yet
    added after those recorded (ADD). The resolution of each text, by its index."""
    recorded = list(item.resolutions.order_by("order")) if item.pk else []
    by_index: dict[int, Resolution] = {}
    if policy is Policy.REPLACE:
        texts = [text.strip() for text in texts if text.strip()]
        for order, text in enumerate(texts, start=1):
            resolution = (
                recorded[order - 1]
                if order <= len(recorded)
                else Resolution(agenda_item=item, order=order)
            )
            if save_changes(
                resolution, {"text": text, "order": order}, by_user=by_user, reason=reason
            ):
                written.resolutions += 1
            by_index[order - 1] = resolution
        for resolution in recorded[len(texts) :]:
            delete_with_history(resolution, by_user=by_user, reason=reason)
        return by_index
    order = max((r.order for r in recorded), default=0)
    for index, text in enumerate(texts):
        text = text.strip()
        if not text:
            continue
        repeat = next((r for r in recorded if same_text(r.text, text)), None)
        if repeat is None:
            order += 1
            repeat = Resolution(agenda_item=item, order=order, text=text)
            save_with_history(repeat, by_user=by_user, reason=reason)
            recorded.append(repeat)
            written.resolutions += 1
        by_index[index] = repeat
    return by_index


def _write_requests(
    meeting: Meeting,
    item: AgendaItem,
    writes: list[RequestWrite],
    resolutions: dict[int, Resolution],
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    written: MeetingWritten,
) -> None:
    """New requests of the item; added to, one the item records already is skipped."""
    recorded = [r.text for r in item.requests.all()] if policy is Policy.ADD else []
    for write in writes:
        text = write.text.strip()
        if not text or any(same_text(text, t) for t in recorded):
            continue
        request = InformationRequest(
            meeting=meeting,
            agenda_item=item,
            resolution=resolutions.get(write.resolution),
            kind=write.kind,
            text=text,
            responsibility=write.responsibility.strip(),
            owner_post=write.owner_post,
            owner_person=write.owner_person,
            due_date=write.due_date,
        )
        if request.due_date is None:
            request.due_date = request.default_due_date()  # refuses when no meeting is ahead
        save_with_history(request, by_user=by_user, reason=reason)
        recorded.append(text)
        written.requests += 1


def _write_attendance(
    meeting: Meeting,
    writes: list[AttendanceWrite],
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    written: MeetingWritten,
) -> None:
    """Who attended, one row a person and kind: exactly `writes` (REPLACE, a row recorded
    and not given is removed), or `writes` not recorded yet (ADD)."""
    recorded = {(a.person_id, a.kind): a for a in meeting.attendances.all()}
    wanted = set()
    for write in writes:
        key = (write.person.pk, write.kind)
        if key in wanted or (policy is Policy.ADD and key in recorded):
            continue
        wanted.add(key)
        attendance = recorded.get(key) or Attendance(
            meeting=meeting, person=write.person, kind=write.kind
        )
        if save_changes(attendance, write.values(), by_user=by_user, reason=reason):
            written.attendance += 1
    if policy is Policy.REPLACE:
        for key, attendance in recorded.items():
            if key not in wanted:
                delete_with_history(attendance, by_user=by_user, reason=reason)


def _write_declarations(
    meeting: Meeting,
    writes: list[DeclarationWrite],
    policy: Policy,
    by_user: AbstractBaseUser | None,
    reason: str,
    written: MeetingWritten,
) -> None:
    """Declarations of interest: those given, each changing the one it names (REPLACE, a
    declaration recorded and not named is removed), or those not recorded yet, by the same
    person in the same words (ADD)."""
    recorded = list(meeting.declarations.all())
    kept = set()
    for write in writes:
        text = write.text.strip()
        if not text:
            continue
        if policy is Policy.ADD and any(
            d.person_id == write.person.pk and same_text(d.text, text) for d in recorded
        ):
            continue
        declaration = write.instance or Declaration(meeting=meeting)
        values = {"person_id": write.person.pk, "text": text}
        if write.interest is not None:
            values["interest"] = (
                write.interest if write.interest in Declaration.Interest.values else ""
            )
        if write.item is not None:
            values["agenda_item_id"] = written.items[write.item].pk
        if save_changes(declaration, values, by_user=by_user, reason=reason):
            written.declarations += 1
        if write.instance is None:
            recorded.append(declaration)
        kept.add(declaration.pk)
    if policy is Policy.REPLACE:
        for declaration in recorded:
            if declaration.pk not in kept:
                delete_with_history(declaration, by_user=by_user, reason=reason)
