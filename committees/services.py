"""Writes to the committee's record. Each saves through the model so history records who and why."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from . import clock
from .dates import in_window, long_date, month_and_year, time_of_day, window_text
from .models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    CouncilSettings,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    Post,
    ProgrammeMatter,
    ProgrammePublication,
    Resolution,
    StandingItem,
    SupportOfficer,
    WorkProgrammeEntry,
)
from .models.people import report_deadline
from .names import NameIndex

# Kinds of meeting whose agenda carries the standing items.
KINDS_WITH_STANDING_ITEMS = {Meeting.Kind.FORMAL, Meeting.Kind.CALL_IN}

# One scheduling is a committee's year at most: a year of weekly meetings fits, and each
# meeting saves its standing items with their history, so a paste of a thousand dates
# would run past the web worker's timeout.
SCHEDULE_MAX_MEETINGS = 60
SCHEDULE_MAX_SPAN_DAYS = 366


# How the change reached the app, when not through its pages: "API token “Case system”".
# Every history row written while it is set says so after its reason.
_changed_via: contextvars.ContextVar[str] = contextvars.ContextVar("changed_via", default="")


@contextlib.contextmanager
def changes_via(how: str) -> Iterator[None]:
    """Within the block, every change recorded in history says how it was made."""
    reset = _changed_via.set(how)
    try:
        yield
    finally:
        _changed_via.reset(reset)


def _reason(reason: str) -> str:
    via = _changed_via.get()
    return f"{reason} (via {via})" if via else reason


def save_with_history(obj: models.Model, *, by_user: AbstractBaseUser | None, reason: str) -> None:
    """Validate and save `obj`, recording the acting user and the reason in its history."""
    obj.full_clean()
    obj._history_user = by_user  # read by simple_history when it writes the history row
    obj._change_reason = _reason(reason)
    obj.save()


def delete_with_history(
    obj: models.Model, *, by_user: AbstractBaseUser | None, reason: str
) -> None:
    """Delete `obj`; its history keeps the last version with who removed it and why."""
    obj._history_user = by_user
    obj._change_reason = _reason(reason)
    obj.delete()


def names_on_record() -> NameIndex:
    """Every person and post on record, to find who a name as written means. Two queries."""
    return NameIndex(
        Person.objects.values_list("pk", "name", "other_spellings"),
        Post.objects.values_list("pk", "title"),
    )


def standing_items_of(committee: Committee) -> list[tuple[str, str, str]]:
    """(position, title, description) of the committee's standing items, in agenda order.

    A committee has only the standing items its administrators give it: a new one has none.
    """
    return [(s.position, s.title, s.description) for s in committee.standing_items.all()]


# -- the council's settings and each committee's rules ----------------------------------------

STANDING_ITEMS_MAX = 30


def council_settings() -> CouncilSettings:
    """The council's name and wording, for pages, documents, exports and emails."""
    return CouncilSettings.objects.current()


@transaction.atomic
def council_settings_update(
    *,
    name: str,
    full_council: str,
    executive: str,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> CouncilSettings:
    reason = _reason_given(reason)
    stored = CouncilSettings.objects.select_for_update().filter(pk=1).first()
    values = {
        "name": " ".join(name.split()),
        "full_council": " ".join(full_council.split()),
        "executive": " ".join(executive.split()),
    }
    if stored and all(getattr(stored, field) == value for field, value in values.items()):
        raise ValidationError("The settings are as they were: nothing to change.")
    current = stored or CouncilSettings.objects.current()
    for field, value in values.items():
        setattr(current, field, value)
    save_with_history(current, by_user=by_user, reason=reason)
    return current


@transaction.atomic
def committee_rules_update(
    *,
    committee: Committee,
    report_deadline_days_before: int,
    standing_items: list[tuple[str, str, str]],
    by_user: AbstractBaseUser | None,
    reason: str,
    today: dt.date | None = None,
) -> list[str]:
    """Set the committee's report deadline rule and its standing items; say what changed.

    A new rule also moves the report deadline of each ordinary meeting still to come whose
    deadline followed the old rule (one set by hand stays). The standing items are the
    agenda of meetings scheduled from now on: agendas already made are not rewritten.
    """
    reason = _reason_given(reason)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    today = today or clock.today()
    if len(standing_items) > STANDING_ITEMS_MAX:
        raise ValidationError(f"Give at most {STANDING_ITEMS_MAX} standing items.")
    # Opening items first, each position in the order given (as `standing_items_of`).
    standing_items = sorted(
        standing_items, key=lambda item: item[0] != StandingItem.Position.OPENING
    )
    changed = []
    old_days = committee.report_deadline_days_before
    if report_deadline_days_before != old_days:
        committee.report_deadline_days_before = report_deadline_days_before
        save_with_history(committee, by_user=by_user, reason=f"Report deadline rule: {reason}")
        for meeting in committee.meetings.ordinary().filter(date__gt=today):
            if meeting.report_deadline == report_deadline(meeting.date, old_days):
                meeting.committee = committee
                meeting.report_deadline = meeting.default_report_deadline()
                save_with_history(
                    meeting, by_user=by_user, reason=f"The committee's deadline rule: {reason}"
                )
        changed.append("report deadline rule")
    if standing_items != standing_items_of(committee):
        for item in committee.standing_items.all():
            delete_with_history(item, by_user=by_user, reason=f"Standing items: {reason}")
        orders: dict[str, int] = {}
        for position, title, description in standing_items:
            orders[position] = orders.get(position, 0) + 1
            item = StandingItem(
                committee=committee,
                position=position,
                order=orders[position],
                title=title,
                description=description,
            )
            save_with_history(item, by_user=by_user, reason=f"Standing items: {reason}")
        changed.append("standing items")
    return changed


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
    """Create meetings with their report deadlines and standing items, or none at all.

    At most SCHEDULE_MAX_MEETINGS dates, within SCHEDULE_MAX_SPAN_DAYS of the first.
    """
    dates = sorted(set(dates))
    if len(dates) > SCHEDULE_MAX_MEETINGS:
        raise ValidationError(
            f"Schedule at most {SCHEDULE_MAX_MEETINGS} meetings at a time: there are "
            f"{len(dates):,} dates. Nothing was scheduled."
        )
    if dates and (dates[-1] - dates[0]).days > SCHEDULE_MAX_SPAN_DAYS:
        raise ValidationError(
            f"The dates run from {long_date(dates[0])} to {long_date(dates[-1])}. Schedule at "
            f"most a year ({SCHEDULE_MAX_SPAN_DAYS} days) of meetings at a time. "
            "Nothing was scheduled."
        )
    taken = set(
        committee.meetings.filter(date__in=dates, start_time=start_time).values_list(
            "date", flat=True
        )
    )
    if taken:
        listed = ", ".join(long_date(d) for d in sorted(taken))
        raise ValidationError(
            f"The committee already has a meeting at {time_of_day(start_time)} on {listed}. "
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
    """Mark an item exempt under a paragraph of Schedule 12A; None leaves a public item public.

    Records who decided and when; the item is not saved here, the caller saves it. An exempt
    item is made public only by `agenda_item_declassify`, which keeps this decision.
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
            item.exemption_decided_on = on or clock.today()
            # Taken in private again: a new decision; history keeps the earlier release.
            item.declassified_by, item.declassified_on = None, None
            item.declassification_reason = ""
    elif item.is_exempt:
        raise ValidationError(f"{DECLASSIFY_NEEDS_REASON} Nothing was changed.")


DECLASSIFY_NEEDS_REASON = (
    "Making an exempt item public is a decision: give the reason it can now be published "
    "and confirm it."
)


@transaction.atomic
def agenda_item_declassify(
    *,
    item: AgendaItem,
    by_user: AbstractBaseUser | None,
    reason: str,
    on: dt.date | None = None,
) -> AgendaItem:
    """Make an exempt item public, recording who, when and why in the item and its history.

    The original decision (paragraph, justification, who and when) is kept: the item says
    both that it was taken in private and that it was later released.
    """
    reason = reason.strip()
    if not item.is_exempt:
        raise ValidationError("This item is not exempt, so there is nothing to make public.")
    if not reason:
        raise ValidationError({"declassification_reason": DECLASSIFY_NEEDS_REASON})
    item.is_exempt = False
    item.declassified_by = by_user
    item.declassified_on = on or clock.today()
    item.declassification_reason = reason
    save_with_history(item, by_user=by_user, reason=f"Made public: {reason}")
    return item


def agenda_item_presenters_set(
    *, item: AgendaItem, person_ids: list[int], by_user: AbstractBaseUser | None, reason: str
) -> None:
    """Make `person_ids` the item's presenters; nothing is written when they are the same.

    The item's history keeps its presenters (`m2m_fields`), with who changed them and why.
    """
    if {person.pk for person in item.presenters.all()} == set(person_ids):
        return
    item._history_user = by_user  # read by simple_history when it writes the history row
    item._change_reason = reason
    item.presenters.set(person_ids)


def draft_notes_ensure(
    *, meeting: Meeting, by_user: AbstractBaseUser | None, reason: str = "Notes recorded"
) -> list[ActionNotes]:
    """A draft of the public notes, and of the private part if any item is exempt, unless
    the meeting has a version of that part already."""
    parts = [ActionNotes.Part.PUBLIC]
    if meeting.agenda_items.filter(is_exempt=True).exists():
        parts.append(ActionNotes.Part.PRIVATE)
    created = []
    for part in parts:
        if not meeting.action_notes.filter(part=part).exists():
            notes = ActionNotes(meeting=meeting, part=part, version=1)
            save_with_history(notes, by_user=by_user, reason=reason)
            created.append(notes)
    return created


def has_taken_place(meeting: Meeting) -> bool:
    """Held, or at least due by today, and not cancelled: a meeting whose notes may be
    published and at which a decision may be recorded."""
    return meeting.status != Meeting.Status.CANCELLED and meeting.date <= clock.today()


def _latest_versions(meeting: Meeting) -> list[ActionNotes]:
    """The latest version of each part of the meeting's notes, locked for the change."""
    latest: dict[str, ActionNotes] = {}
    for notes in meeting.action_notes.select_for_update().order_by("part", "version"):
        latest[notes.part] = notes
    return list(latest.values())


@transaction.atomic
def action_notes_publish(
    *, meeting: Meeting, by_user: AbstractBaseUser | None
) -> list[ActionNotes]:
    """Publish the draft notes of a meeting that has taken place: the public may read the
    public part from now on. Returns the versions published (none if all already were)."""
    if not has_taken_place(meeting):
        raise ValidationError("Notes can be published once the meeting has taken place.")
    if not meeting.agenda_items.exists():
        raise ValidationError("Record the meeting's items before publishing its notes.")
    draft_notes_ensure(meeting=meeting, by_user=by_user)
    published = []
    for notes in _latest_versions(meeting):
        if notes.is_published:
            continue
        notes.published_at, notes.published_by = timezone.now(), by_user
        save_with_history(notes, by_user=by_user, reason="Notes published")
        published.append(notes)
    return published


@transaction.atomic
def action_notes_confirm(
    *,
    notes: ActionNotes,
    at_meeting: Meeting,
    amendments: str,
    by_user: AbstractBaseUser | None,
    snapshot: dict | None = None,
) -> ActionNotes:
    """Confirm a draft at a later meeting: a new version, keeping the draft it confirms.

    The confirmed version is published, with `snapshot`, the document as confirmed (which
    tracker.publishing builds)."""
    notes = ActionNotes.objects.select_for_update().get(pk=notes.pk)
    if notes.status != ActionNotes.Status.DRAFT:
        raise ValidationError("These notes have already been confirmed.")
    later = notes.meeting.action_notes.filter(part=notes.part, version__gt=notes.version)
    if later.exists():
        raise ValidationError("A later version of these notes exists: confirm that one.")

    def when(meeting: Meeting) -> tuple[dt.date, dt.time]:
        return meeting.date, meeting.start_time or dt.time.min  # a time not stated

    if when(at_meeting) <= when(notes.meeting):
        raise ValidationError("Notes are confirmed at a later meeting than the one they record.")
    if not has_taken_place(at_meeting):
        raise ValidationError(
            f"The meeting of {long_date(at_meeting.date)} has not taken place: notes are "
            "confirmed at a meeting once it has."
        )
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
        published_at=timezone.now(),
        published_by=by_user,
        snapshot=snapshot,
    )
    reason = "Confirmed with amendments" if amendments else "Confirmed"
    save_with_history(
        confirmed,
        by_user=by_user,
        reason=f"{reason} at the meeting of {long_date(at_meeting.date)}",
    )
    return confirmed


@transaction.atomic
def action_notes_correct(
    *,
    notes: ActionNotes,
    reason: str,
    by_user: AbstractBaseUser | None,
    snapshot: dict | None = None,
) -> ActionNotes:
    """Correct confirmed notes: a new, published version saying who, when and why, with
    `snapshot`, the corrected document. The confirmed version stays as it was."""
    notes = ActionNotes.objects.select_for_update().get(pk=notes.pk)
    if notes.is_draft:
        raise ValidationError("Draft notes are changed on the recording page, not corrected.")
    if notes.meeting.action_notes.filter(part=notes.part, version__gt=notes.version).exists():
        raise ValidationError("A later version of these notes exists: correct that one.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the notes are corrected.")
    corrected = ActionNotes(
        meeting=notes.meeting,
        part=notes.part,
        version=notes.version + 1,
        status=ActionNotes.Status.CORRECTED,
        reason=reason,
        snapshot=snapshot,
        confirmed_at=notes.confirmed_at,
        confirmed_by=notes.confirmed_by,
        confirmed_on=notes.confirmed_on,
        published_at=timezone.now(),
        published_by=by_user,
    )
    save_with_history(corrected, by_user=by_user, reason=f"Corrected: {reason}")
    return corrected


# -- the work programme ------------------------------------------------------------------


def _reason_required(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Say why the topic is {what}."})
    return reason


def _check_meeting_of(committee: Committee, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ValidationError({"meeting": "Choose a meeting of this committee."})


def _next_order(committee: Committee, meeting: Meeting | None) -> int:
    last = (
        committee.work_programme.planned()
        .filter(meeting=meeting)
        .aggregate(last=models.Max("order"))["last"]
    )
    return (last or 0) + 1


@transaction.atomic
def work_programme_entry_add(
    *,
    committee: Committee,
    meeting: Meeting | None,
    topic: str,
    detail: str = "",
    attendees: str = "",
    lead_officer: str = "",
    by_user: AbstractBaseUser | None,
    reason: str = "Added to the work programme",
) -> WorkProgrammeEntry:
    """Add a topic to a meeting of the committee (or to those still to be scheduled)."""
    _check_meeting_of(committee, meeting)
    entry = WorkProgrammeEntry(
        committee=committee,
        meeting=meeting,
        order=_next_order(committee, meeting),
        topic=topic.strip(),
        detail=detail.strip(),
        attendees=attendees.strip(),
        lead_officer=lead_officer.strip(),
    )
    save_with_history(entry, by_user=by_user, reason=reason.strip() or "Added")
    return entry


@transaction.atomic
def work_programme_entry_move(
    *,
    entry: WorkProgrammeEntry,
    meeting: Meeting | None,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> WorkProgrammeEntry:
    """Move a topic to another meeting of its committee (None: to be scheduled), last there."""
    entry = WorkProgrammeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_dropped:
        raise ValidationError("This topic was dropped from the programme: it cannot be moved.")
    _check_meeting_of(entry.committee, meeting)
    if entry.meeting_id == (meeting.pk if meeting else None):
        raise ValidationError({"meeting": "The topic is already planned for that meeting."})
    reason = _reason_required(reason, "moved")
    entry.order = _next_order(entry.committee, meeting)
    entry.meeting = meeting
    save_with_history(entry, by_user=by_user, reason=reason)
    return entry


@transaction.atomic
def work_programme_entry_drop(
    *,
    entry: WorkProgrammeEntry,
    by_user: AbstractBaseUser | None,
    reason: str,
    on: dt.date | None = None,
) -> WorkProgrammeEntry:
    """Drop a topic: it leaves the published programme, and its history keeps it and why."""
    entry = WorkProgrammeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_dropped:
        raise ValidationError("This topic has already been dropped.")
    reason = _reason_required(reason, "dropped")
    entry.dropped_on = on or clock.today()
    entry.drop_reason = reason
    save_with_history(entry, by_user=by_user, reason=f"Dropped: {reason}")
    return entry


@transaction.atomic
def programme_matter_add(
    *,
    committee: Committee,
    kind: str,
    text: str,
    meeting: Meeting | None = None,
    by_user: AbstractBaseUser | None,
    on: dt.date | None = None,
    source: str = "",
) -> ProgrammeMatter:
    """List a priority issue, petition or Councillor Call for Action on the committee's
    work programme from `on` (today)."""
    _check_meeting_of(committee, meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter what the programme should say"})
    last = (
        ProgrammeMatter.objects.filter(committee=committee, kind=kind)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    matter = ProgrammeMatter(
        committee=committee,
        kind=kind,
        text=text,
        meeting=meeting,
        order=(last or 0) + 1,
        listed_from=on or clock.today(),
        source=source.strip(),
    )
    matter.full_clean()
    save_with_history(matter, by_user=by_user, reason="Listed on the work programme")
    return matter


@transaction.atomic
def programme_matter_end(
    *,
    matter: ProgrammeMatter,
    by_user: AbstractBaseUser | None,
    reason: str,
    on: dt.date | None = None,
) -> ProgrammeMatter:
    """Take a matter off the programme from `on` (today): earlier editions still list it."""
    matter = ProgrammeMatter.objects.select_for_update().get(pk=matter.pk)
    if matter.listed_until is not None:
        raise ValidationError("This has already been taken off the programme.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is taken off the programme."})
    day = on or clock.today()
    if day <= matter.listed_from:
        raise ValidationError(
            f"It was listed on {long_date(matter.listed_from)}: it can be taken off only "
            "from the day after."
        )
    matter.listed_until = day
    matter.end_reason = reason
    save_with_history(matter, by_user=by_user, reason=f"Taken off the programme: {reason}")
    return matter


# -- the forward plan and call-ins -------------------------------------------------------

FORWARD_PLAN_FIELDS = (
    "reference",
    "title",
    "portfolio",
    "lead_officer",
    "is_joint_decision",
    "proposed_date",
    "decision_date",
    "note",
)


def forward_plan_decision_save(
    *,
    decision: ForwardPlanDecision | None,
    values: dict,
    committees: Iterable[Committee] | None = None,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> ForwardPlanDecision:
    """Add a Cabinet decision (`decision` None) or change one; `values` of FORWARD_PLAN_FIELDS.

    Unchanged values write no history; `committees`, when given, are those it concerns.
    """
    decision = decision or ForwardPlanDecision()
    changed = decision.pk is None
    for name in FORWARD_PLAN_FIELDS:
        if name in values and getattr(decision, name) != values[name]:
            setattr(decision, name, values[name])
            changed = True
    with transaction.atomic():
        if changed:
            save_with_history(decision, by_user=by_user, reason=reason)
        if committees is not None:
            decision.committees.set(committees)
    return decision


@transaction.atomic
def call_in_record(
    *,
    call_in: CallIn,
    decisions: Iterable[ForwardPlanDecision],
    outcome: str,
    outcome_text: str,
    by_user: AbstractBaseUser | None,
    reason: str = "Call-in recorded",
) -> CallIn:
    """The decisions called in, and what the committee decided about them."""
    decisions = list(decisions)
    if not decisions:
        raise ValidationError({"decisions": "Choose at least one decision that was called in."})
    if (call_in.outcome, call_in.outcome_text) != (outcome, outcome_text.strip()):
        call_in.outcome, call_in.outcome_text = outcome, outcome_text.strip()
        save_with_history(call_in, by_user=by_user, reason=reason)
    elif call_in.pk is None:
        save_with_history(call_in, by_user=by_user, reason=reason)
    call_in.decisions.set(decisions)
    return call_in


# -- meetings: moving, cancelling, kind and status -----------------------------------------


def meeting_date_check(day: dt.date, *, field: str = "date") -> None:
    """A date entered for a meeting or a role is within the window (committees.dates)."""
    if not in_window(day):
        raise ValidationError({field: f"Enter a date {window_text()}"})


def _reason_given(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why, for the record"})
    return reason


def _has_record(meeting: Meeting) -> bool:
    """Whether anything was recorded from the meeting: notes, resolutions or attendance."""
    return (
        meeting.action_notes.exists()
        or meeting.attendances.exists()
        or Resolution.objects.filter(agenda_item__meeting=meeting).exists()
        or meeting.agenda_items.exclude(notes="").exists()
    )


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    date: dt.date,
    start_time: dt.time,
    room: str,
    by_user: AbstractBaseUser | None,
    reason: str,
    today: dt.date | None = None,
) -> Meeting:
    """Move a meeting to another date, time or venue; its report deadline is worked out
    again from the new date by the committee's rule (`Committee.report_deadline_for`).

    A cancelled meeting is not moved (reinstate it first), and a meeting that has been
    held, or has anything recorded from it, stays in the past.
    """
    reason = _reason_given(reason)
    meeting_date_check(date)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    today = today or clock.today()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is cancelled. Set it back to scheduled to move it.")
    if date > today and (meeting.status == Meeting.Status.HELD or _has_record(meeting)):
        raise ValidationError(
            {
                "date": "This meeting has been held or has a record (notes, attendance or "
                "resolutions), so it cannot move to a date still to come"
            }
        )
    if (meeting.date, meeting.start_time, meeting.room) == (date, start_time, room.strip()):
        raise ValidationError("The date, time and venue are as they were: nothing to change.")
    was = (
        f"{long_date(meeting.date)}, {time_of_day(meeting.start_time)}"
        if meeting.start_time
        else f"{long_date(meeting.date)} (time not stated)"
    )
    meeting.date, meeting.start_time, meeting.room = date, start_time, room.strip()
    if meeting.kind == Meeting.Kind.FORMAL:
        meeting.report_deadline = meeting.default_report_deadline()
    save_with_history(meeting, by_user=by_user, reason=f"Moved from {was}: {reason}")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by_user: AbstractBaseUser | None, reason: str) -> Meeting:
    """Cancel a meeting that has not been held.

    Nothing else is rewritten: a cancelled meeting is not ordinary (`MeetingQuerySet.ordinary`),
    so what was due at it comes to the next meeting ahead (tracker.meetings.recording), the
    calendar feeds show it cancelled under the same UID, and no report-deadline reminders
    are planned for it.
    """
    reason = _reason_given(reason)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is already cancelled.")
    if meeting.status == Meeting.Status.HELD or _has_record(meeting):
        raise ValidationError(
            "This meeting has been held or has a record (notes, attendance or resolutions), "
            "so it cannot be cancelled."
        )
    meeting.status = Meeting.Status.CANCELLED
    save_with_history(meeting, by_user=by_user, reason=f"Cancelled: {reason}")
    return meeting


@transaction.atomic
def meeting_kind_change(
    *, meeting: Meeting, kind: str, by_user: AbstractBaseUser | None, reason: str
) -> Meeting:
    """Make the meeting a committee meeting, call-in, visit or informal meeting.

    Only a committee meeting has a report deadline: it gets one, or loses it.
    """
    reason = _reason_given(reason)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    if kind == meeting.kind:
        raise ValidationError({"kind": "The meeting is already of this kind: nothing to change"})
    if meeting.kind == Meeting.Kind.CALL_IN and hasattr(meeting, "call_in"):
        raise ValidationError(
            {"kind": "A call-in is recorded for this meeting, so it stays a call-in meeting"}
        )
    meeting.kind = kind
    meeting.report_deadline = (
        meeting.default_report_deadline() if kind == Meeting.Kind.FORMAL else None
    )
    save_with_history(
        meeting, by_user=by_user, reason=f"Now a {meeting.get_kind_display().lower()}: {reason}"
    )
    return meeting


@transaction.atomic
def meeting_status_set(
    *,
    meeting: Meeting,
    status: str,
    by_user: AbstractBaseUser | None,
    reason: str,
    today: dt.date | None = None,
) -> Meeting:
    """Set a meeting scheduled, held or cancelled (cancelling as `meeting_cancel`)."""
    if status == Meeting.Status.CANCELLED:
        return meeting_cancel(meeting=meeting, by_user=by_user, reason=reason)
    reason = _reason_given(reason)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    today = today or clock.today()
    if status not in Meeting.Status.values:
        raise ValidationError({"status": "Choose the status of the meeting"})
    if status == meeting.status:
        raise ValidationError({"status": "The meeting already has this status: nothing to change"})
    if status == Meeting.Status.HELD and meeting.date > today:
        raise ValidationError({"status": "A meeting cannot be held before its date"})
    if (
        status == Meeting.Status.SCHEDULED
        and meeting.status == Meeting.Status.HELD
        and _has_record(meeting)
    ):
        raise ValidationError(
            {
                "status": "This meeting has a record (notes, attendance or resolutions), so it "
                "stays held"
            }
        )
    if status == Meeting.Status.SCHEDULED and meeting.kind == Meeting.Kind.FORMAL:
        meeting.report_deadline = meeting.report_deadline or meeting.default_report_deadline()
    meeting.status = status
    save_with_history(meeting, by_user=by_user, reason=f"{meeting.get_status_display()}: {reason}")
    return meeting


# -- membership and officer support ---------------------------------------------------------

SINGLE_ROLES = {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR}


@transaction.atomic
def membership_add(
    *,
    committee: Committee,
    person: Person,
    role: str,
    party: str,
    start: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> Membership:
    """Add a person to the committee from a date, as member, chair or deputy chair.

    A person serves once at a time, and a committee has one chair and one deputy chair on
    any date: end the current one's membership first.
    """
    reason = _reason_given(reason)
    meeting_date_check(start, field="start")
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose the role"})
    # Locks the committee's memberships, so two officers adding a chair at once queue.
    serving = committee.memberships.select_for_update().filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if serving.filter(person=person).exists():
        raise ValidationError(
            {"person": f"{person.name} is already on the committee on or after that date"}
        )
    if role in SINGLE_ROLES:
        holder = serving.filter(role=role).select_related("person").first()
        if holder:
            label = Membership.Role(role).label
            raise ValidationError(
                {
                    "role": f"{holder.person.name} is {label} on or after that date: end "
                    "their membership first"
                }
            )
    membership = Membership(
        committee=committee, person=person, role=role, party=party.strip(), start=start
    )
    save_with_history(membership, by_user=by_user, reason=f"Joined: {reason}")
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, end: dt.date, by_user: AbstractBaseUser | None, reason: str
) -> Membership:
    """End a membership on a date: the last day the person serves."""
    reason = _reason_given(reason)
    meeting_date_check(end, field="end")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end is not None:
        raise ValidationError(f"This membership already ended on {long_date(membership.end)}.")
    if membership.start and end < membership.start:
        raise ValidationError(
            {"end": f"The membership started on {long_date(membership.start)}: end it on or after"}
        )
    membership.end = end
    save_with_history(membership, by_user=by_user, reason=f"Left: {reason}")
    return membership


@transaction.atomic
def support_officer_add(
    *,
    committee: Committee,
    person: Person,
    role: str,
    phone: str,
    start: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> SupportOfficer:
    """Make a person an officer who keeps the committee's record, from a date.

    One row per person and committee: someone who comes back gets their row back, with the
    earlier period kept in its history.
    """
    reason = _reason_given(reason)
    meeting_date_check(start, field="start")
    officer = committee.support_officers.select_for_update().filter(
        person=person
    ).first() or SupportOfficer(committee=committee, person=person)
    if officer.pk and (officer.end is None or officer.end >= start):
        raise ValidationError({"person": f"{person.name} already supports this committee"})
    officer.role, officer.phone = role.strip(), phone.strip()
    officer.start, officer.end = start, None
    save_with_history(officer, by_user=by_user, reason=f"Officer support added: {reason}")
    return officer


@transaction.atomic
def support_officer_end(
    *, officer: SupportOfficer, end: dt.date, by_user: AbstractBaseUser | None, reason: str
) -> SupportOfficer:
    """End an officer's support of the committee on a date; their keeper rights end with it."""
    reason = _reason_given(reason)
    meeting_date_check(end, field="end")
    officer = SupportOfficer.objects.select_for_update().get(pk=officer.pk)
    if officer.end is not None:
        raise ValidationError(f"This officer's support already ended on {long_date(officer.end)}.")
    if officer.start and end < officer.start:
        raise ValidationError(
            {"end": f"The support started on {long_date(officer.start)}: end it on or after"}
        )
    officer.end = end
    save_with_history(officer, by_user=by_user, reason=f"Officer support ended: {reason}")
    return officer


@transaction.atomic
def substitute_record(
    *,
    meeting: Meeting,
    person: Person,
    substitute_for: Person,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> Attendance:
    """Record that `person` sits on the committee for this one meeting in place of a member."""
    reason = _reason_given(reason)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is cancelled: nobody attends it.")
    members = meeting.committee.members_on(meeting.date)
    if not members.filter(person=substitute_for).exists():
        raise ValidationError(
            {
                "substitute_for": f"{substitute_for.name} is not a member on "
                f"{long_date(meeting.date)}"
            }
        )
    if members.filter(person=person).exists():
        raise ValidationError(
            {"person": f"{person.name} is a member on that date, not a substitute"}
        )
    if person == substitute_for:
        raise ValidationError({"person": "Choose someone other than the member they stand in for"})
    attendance = meeting.attendances.filter(person=person, kind=Attendance.Kind.PRESENT).first()
    attendance = attendance or Attendance(
        meeting=meeting, person=person, kind=Attendance.Kind.PRESENT
    )
    attendance.substitute_for = substitute_for
    attendance.capacity = attendance.capacity or "Substitute member"
    save_with_history(attendance, by_user=by_user, reason=f"Substitute: {reason}")
    return attendance


@transaction.atomic
def programme_publish(
    *, committee: Committee, month: dt.date, by_user: AbstractBaseUser | None
) -> ProgrammePublication:
    """Record that the work programme going to the meeting in `month` is published."""
    month = month.replace(day=1)
    if committee.programme_publications.filter(month=month).exists():
        raise ValidationError(
            f"The work programme for {month_and_year(month)} is already published."
        )
    publication = ProgrammePublication(
        committee=committee, month=month, published_at=timezone.now(), published_by=by_user
    )
    save_with_history(publication, by_user=by_user, reason="Work programme published")
    return publication
