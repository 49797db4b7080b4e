"""Writes to the committee's record. Each saves through the model so history records who and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Resolution,
    StandingItem,
)

# What every new agenda carries when a committee has not set its own standing items,
# worded as Birmingham's agendas word them.
DEFAULT_STANDING_ITEMS = [
    (StandingItem.Position.OPENING, "Notice of recording/webcast", ""),
    (StandingItem.Position.OPENING, "Declarations of interests", ""),
    (StandingItem.Position.OPENING, "Apologies", "To receive any apologies."),
    (StandingItem.Position.OPENING, "Action notes", "To confirm the action notes."),
    (StandingItem.Position.CLOSING, "Work programme", "For discussion."),
    (
        StandingItem.Position.CLOSING,
        "Request(s) for call in/councillor call for action/petitions received (if any)",
        "",
    ),
    (StandingItem.Position.CLOSING, "Other urgent business", ""),
    (StandingItem.Position.CLOSING, "Authority to Chairman and officers", ""),
]

# Kinds of meeting whose agenda carries the standing items.
KINDS_WITH_STANDING_ITEMS = {Meeting.Kind.FORMAL, Meeting.Kind.CALL_IN}


def save_with_history(obj: models.Model, *, by_user: AbstractBaseUser | None, reason: str) -> None:
    """Validate and save `obj`, recording the acting user and the reason in its history."""
    obj.full_clean()
    obj._history_user = by_user  # read by simple_history when it writes the history row
    obj._change_reason = reason
    obj.save()


def delete_with_history(
    obj: models.Model, *, by_user: AbstractBaseUser | None, reason: str
) -> None:
    """Delete `obj`; its history keeps the last version with who removed it and why."""
    obj._history_user = by_user
    obj._change_reason = reason
    obj.delete()


def standing_items_of(committee: Committee) -> list[tuple[str, str, str]]:
    """(position, title, description) of the committee's standing items, in agenda order."""
    own = [(s.position, s.title, s.description) for s in committee.standing_items.all()]
    return own or DEFAULT_STANDING_ITEMS


@transaction.atomic
def meetings_schedule(
    *,
    committee: Committee,
    dates: Iterable[dt.date],
    start_time: dt.time,
    kind: str,
    room: str = "",
    by_user: AbstractBaseUser | None,
) -> list[Meeting]:
    """Create meetings with their report deadlines and standing items, or none at all."""
    dates = sorted(set(dates))
    taken = set(
        committee.meetings.filter(date__in=dates, start_time=start_time).values_list(
            "date", flat=True
        )
    )
    if taken:
        listed = ", ".join(f"{d:%-d %B %Y}" for d in sorted(taken))
        raise ValidationError(
            f"The committee already has a meeting at {start_time:%H:%M} on {listed}. "
            "Nothing was scheduled."
        )
    standing = standing_items_of(committee) if kind in KINDS_WITH_STANDING_ITEMS else []
    reason = "Scheduled"
    meetings = []
    for day in dates:
        meeting = Meeting(
            committee=committee, date=day, start_time=start_time, kind=kind, room=room
        )
        save_with_history(meeting, by_user=by_user, reason=reason)
        for number, (position, title, description) in enumerate(standing, start=1):
            item = AgendaItem(
                meeting=meeting,
                number=number,
                title=title,
                description=description,
                standing=position,
            )
            save_with_history(item, by_user=by_user, reason="Standing item")
        meetings.append(meeting)
    return meetings


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    by_user: AbstractBaseUser | None,
) -> AgendaItem:
    """Add a business item after the business so far, before the closing standing items."""
    items = list(meeting.agenda_items.select_for_update().order_by("number"))
    closing = [i for i in items if i.standing == StandingItem.Position.CLOSING]
    number = closing[0].number if closing else (items[-1].number + 1 if items else 1)
    # Move the closing items down one, last first, so numbers stay unique at every step.
    for item in sorted((i for i in items if i.number >= number), key=lambda i: -i.number):
        item.number += 1
        save_with_history(item, by_user=by_user, reason="Renumbered: item added before it")
    item = AgendaItem(meeting=meeting, number=number, title=title, description=description)
    save_with_history(item, by_user=by_user, reason="Added to the agenda")
    return item


def agenda_item_set_exempt(
    *,
    item: AgendaItem,
    paragraph: int | None,
    justification: str,
    by_user: AbstractBaseUser | None,
    on: dt.date | None = None,
) -> None:
    """Mark an item exempt under a paragraph of Schedule 12A (or public when None).

    Records who decided and when; the item is not saved here, the caller saves it.
    """
    if paragraph:
        changed = (
            not item.is_exempt
            or item.exempt_paragraph != paragraph
            or item.exemption_justification != justification
        )
        # A new decision gives its reason; one recorded before reasons were kept stands.
        if changed and not justification.strip():
            raise ValidationError(
                {
                    "exemption_justification": "Say why the public interest favours taking "
                    "this item in private."
                }
            )
        item.is_exempt, item.exempt_paragraph = True, paragraph
        item.exemption_justification = justification
        if changed:
            item.exemption_decided_by = by_user
            item.exemption_decided_on = on or timezone.localdate()
    else:
        item.is_exempt, item.exempt_paragraph = False, None
        item.exemption_justification = ""
        item.exemption_decided_by, item.exemption_decided_on = None, None


def resolutions_replace(
    *, item: AgendaItem, texts: list[str], by_user: AbstractBaseUser | None, reason: str
) -> None:
    """Make the item's resolutions `texts`, in order, touching only what differs."""
    existing = list(item.resolutions.order_by("order"))
    for order, text in enumerate(texts, start=1):
        if order <= len(existing):
            resolution = existing[order - 1]
            if resolution.text == text and resolution.order == order:
                continue
            resolution.text, resolution.order = text, order
        else:
            resolution = Resolution(agenda_item=item, order=order, text=text)
        save_with_history(resolution, by_user=by_user, reason=reason)
    for resolution in existing[len(texts) :]:
        delete_with_history(resolution, by_user=by_user, reason=reason)


def draft_notes_ensure(*, meeting: Meeting, by_user: AbstractBaseUser | None) -> list[ActionNotes]:
    """A draft of the public notes, and of the private part if any item is exempt."""
    parts = [ActionNotes.Part.PUBLIC]
    if meeting.agenda_items.filter(is_exempt=True).exists():
        parts.append(ActionNotes.Part.PRIVATE)
    created = []
    for part in parts:
        if not meeting.action_notes.filter(part=part).exists():
            notes = ActionNotes(meeting=meeting, part=part, version=1)
            save_with_history(notes, by_user=by_user, reason="Notes recorded")
            created.append(notes)
    return created


@transaction.atomic
def action_notes_confirm(
    *,
    notes: ActionNotes,
    at_meeting: Meeting,
    amendments: str,
    by_user: AbstractBaseUser | None,
) -> ActionNotes:
    """Confirm a draft at a later meeting: a new version, keeping the draft it confirms."""
    notes = ActionNotes.objects.select_for_update().get(pk=notes.pk)
    if notes.status != ActionNotes.Status.DRAFT:
        raise ValidationError("These notes have already been confirmed.")
    later = notes.meeting.action_notes.filter(part=notes.part, version__gt=notes.version)
    if later.exists():
        raise ValidationError("A later version of these notes exists: confirm that one.")
    if (at_meeting.date, at_meeting.start_time) <= (notes.meeting.date, notes.meeting.start_time):
        raise ValidationError("Notes are confirmed at a later meeting than the one they record.")
    amendments = amendments.strip()
    confirmed = ActionNotes(
        meeting=notes.meeting,
        part=notes.part,
        version=notes.version + 1,
        status=ActionNotes.Status.AMENDED if amendments else ActionNotes.Status.CONFIRMED,
        amendments=amendments,
        confirmed_at=at_meeting,
        confirmed_by=by_user,
        confirmed_on=at_meeting.date,
    )
    reason = "Confirmed with amendments" if amendments else "Confirmed"
    save_with_history(
        confirmed, by_user=by_user, reason=f"{reason} at the meeting of {at_meeting.date:%-d %B %Y}"
    )
    return confirmed


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    rows: list[dict],
    by_user: AbstractBaseUser | None,
    reason: str = "Attendance recorded",
) -> None:
    """Make the meeting's attendance exactly `rows` (person, kind, capacity, substitute_for, note).

    Unchanged rows are left alone, so history shows only what changed.
    """
    existing = {(a.person_id, a.kind): a for a in meeting.attendances.all()}
    wanted = {}
    for row in rows:
        wanted[(row["person"].pk, row["kind"])] = row
    for key, row in wanted.items():
        attendance = existing.get(key) or Attendance(
            meeting=meeting, person=row["person"], kind=row["kind"]
        )
        # Only what the row gives: a note recorded elsewhere ("for lateness") is kept.
        values = {name: row[name] for name in ("capacity", "substitute_for", "note") if name in row}
        if attendance.pk and all(getattr(attendance, k) == v for k, v in values.items()):
            continue
        for name, value in values.items():
            setattr(attendance, name, value)
        save_with_history(attendance, by_user=by_user, reason=reason)
    for key, attendance in existing.items():
        if key not in wanted:
            delete_with_history(attendance, by_user=by_user, reason=reason)


def declaration_record(
    *,
    meeting: Meeting,
    declaration: Declaration | None,
    values: dict,
    by_user: AbstractBaseUser | None,
) -> Declaration:
    declaration = declaration or Declaration(meeting=meeting)
    for name, value in values.items():
        setattr(declaration, name, value)
    save_with_history(declaration, by_user=by_user, reason="Declaration recorded")
    return declaration
