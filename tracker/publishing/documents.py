"""Publishing the record: a meeting's action notes and the committee's work programme,
laid out as the council lays out its own.

Each builder reads the record through the rules that already exist (tracker.access for
what a reader may see, the outstanding selectors for what is still tracked) and returns
plain data with every line already written. The print page and the Word writer
(tracker.publishing.word) only lay that data out, so the two cannot say different things.

Each document has two versions. The public version is written for the public whoever asks
for it: an exempt item appears only as its title, the paragraph it was taken in private
under and the public-interest reason, as on the meeting's page. The full
version carries the committee's exempt business and is built only for a reader entitled to
it; anyone else gets NotEntitled, which the views turn into a 404.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from committees.dates import day_and_date, in_window, long_date, month_and_year
from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    Declaration,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    ProgrammeMatter,
    WorkProgrammeEntry,
    active_on,
)
from committees.services import council_settings
from tracker.access import Access
from tracker.models import InformationRequest, Inquiry, Recommendation, TrackingRound
from tracker.outstanding.display import NO_DUE_DATE, due_text
from tracker.outstanding.selectors import (
    KIND_REQUEST,
    OutstandingFilters,
    outstanding_items,
)

FULL_NOTICE = "Contains exempt information — not for publication"
PUBLIC_NOTICE = "No exempt information is included"
FULL_WITHOUT_EXEMPT_NOTICE = "Includes everything recorded; none of it is exempt"
UNKNOWN_TEXT = "The text of this recommendation is not yet known."

# English councils' municipal years run from the annual meeting in May to the next one.
MUNICIPAL_YEAR_FIRST_MONTH = 5
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Version(models.TextChoices):
    PUBLIC = "public", "Public version"
    FULL = "full", "Full version"


class NotEntitled(Exception):
    """The reader asked for exempt business they may not see (or know of)."""


class NoActionNotes(Exception):
    """The meeting has no action notes the reader may read: not held, cancelled, no items
    recorded, or (for anyone but the committee's members and officers) not published."""


# -- shared pieces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Marking:
    """How a document says which version it is, at its top and on every Word page."""

    version: str
    label: str  # PUBLIC VERSION / FULL VERSION
    notice: str

    @property
    def is_full(self) -> bool:
        return self.version == Version.FULL

    @property
    def line(self) -> str:
        return f"{self.label}: {self.notice}"


def marking_for(version: str, *, contains_exempt: bool = True, draft: bool = False) -> Marking:
    """The marking of a document in `version`. A full version says it contains exempt
    information only when it does; a draft says it is one, on every page."""
    prefix = "DRAFT, " if draft else ""
    suffix = ". A draft, not yet published" if draft else ""
    if version == Version.FULL:
        notice = FULL_NOTICE if contains_exempt else FULL_WITHOUT_EXEMPT_NOTICE
        return Marking(Version.FULL, f"{prefix}FULL VERSION", notice + suffix)
    return Marking(Version.PUBLIC, f"{prefix}PUBLIC VERSION", PUBLIC_NOTICE + suffix)


def reader_for(version: str, *, access: Access, committee_id: int) -> Access:
    """Whose view of the record the document gives.

    The public version is the public's, whoever asks for it, so that an entitled reader
    can print it for publication. The full version is the reader's own, and only for one
    who may see the committee's exempt business (its members, its officers, admins).
    """
    if version == Version.FULL:
        if not access.sees_exempt_of(committee_id):
            raise NotEntitled
        return access
    return public_reader()


def public_reader() -> Access:
    """What anyone may see, signed in or not."""
    return Access(AnonymousUser())


def day_label(day: dt.date | None) -> str:
    return long_date(day) if day else ""


def month_label(month: dt.date) -> str:
    return month_and_year(month)


def time_label(time: dt.time | None) -> str:
    """'10:00', as the council's action notes write a meeting's time ('10:00 hours')."""
    return f"{time:%H:%M}" if time else ""


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _by_surname(person: Person) -> list[str]:
    """How the council orders names: Kerry Jenkins before Kath Scott."""
    return person.name.split()[::-1]


def _listed(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


@dataclass(frozen=True)
class RequestLine:
    """Information requested or an action, as the notes and the programme list it."""

    text: str
    kind: str
    owner: str
    due: str
    status: str


def _request_line(request: InformationRequest) -> RequestLine:
    if request.status == InformationRequest.Status.PROVIDED:
        status = f"Provided {day_label(request.provided_on)}"
        if request.provided_how:
            status += f": {request.provided_how}"
    elif request.status == InformationRequest.Status.WITHDRAWN:
        withdrawn = f" {day_label(request.withdrawn_on)}" if request.withdrawn_on else ""
        status = f"Withdrawn{withdrawn}: {request.withdrawn_reason}"
    else:
        status = "Open"
    return RequestLine(
        text=request.text,
        kind=request.get_kind_display(),
        owner=request.owner_label,
        due=day_label(request.due_date) or NO_DUE_DATE,
        status=status,
    )


# -- action notes -------------------------------------------------------------------------

# The standing items that the record fills in itself, whatever a council calls them:
# "Apologies", "Apologies for absence"; "Declarations of interests", "Disclosures of
# interest".
APOLOGIES_TITLE = re.compile(r"\bapolog", re.IGNORECASE)
DECLARATIONS_TITLE = re.compile(r"\b(declarations?|disclosures?)\b.*\binterest", re.IGNORECASE)


@dataclass(frozen=True)
class NotesHeading:
    council: str
    committee: str
    title: str
    kind: str  # empty for an ordinary committee meeting
    when: str
    room: str


@dataclass(frozen=True)
class NotesItem:
    heading: str
    exempt_label: str  # the Schedule 12A line of an item taken in private
    presenters: str
    recorded: tuple[str, ...]  # the apologies, substitutes or declarations recorded for it
    paragraphs: tuple[str, ...]
    resolutions: tuple[str, ...]
    requests: tuple[RequestLine, ...]


@dataclass(frozen=True)
class NotesVersion:
    """One version of the notes, as the print page lists them."""

    number: int
    label: str
    frozen: bool  # confirmed or corrected: its document can be read as it was
    shown: bool


@dataclass(frozen=True)
class ActionNotesDocument:
    marking: Marking
    heading: NotesHeading
    status: str
    present: tuple[str, ...]
    also_present: tuple[str, ...]
    apologies: tuple[str, ...]  # listed here only when no agenda item carries them
    declarations: tuple[str, ...]  # likewise
    items: tuple[NotesItem, ...]
    private_items: tuple[NotesItem, ...]
    private_status: str
    other_requests: tuple[RequestLine, ...]
    ended: str
    title: str
    filename: str
    apologies_under_item: bool = False  # an apologies item carries them, not a list of names
    versions: tuple[NotesVersion, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.marking.label.startswith("DRAFT")


def has_action_notes(meeting: Meeting, *, items: Sequence, versions: Iterable) -> bool:
    """A meeting has action notes once it has been held (or its notes drafted) and its
    items recorded. `versions` is only read for a meeting not marked held."""
    if meeting.status == Meeting.Status.CANCELLED or not items:
        return False
    return meeting.status == Meeting.Status.HELD or bool(versions)


def notes_readable(
    meeting: Meeting, *, items: Sequence, versions: Sequence[ActionNotes], access: Access
) -> bool:
    """Whether `access` may read the meeting's notes: the committee's members and officers
    from the first draft, everyone else once the public part is published."""
    return has_action_notes(meeting, items=items, versions=versions) and access.reads_notes_of(
        meeting.committee_id, versions
    )


def _by_name(user) -> str:
    if user is None:
        return ""
    return f" by {user.get_full_name() or user.get_username()}"


def _published_on(notes: ActionNotes) -> str:
    return day_label(timezone.localdate(notes.published_at))


def _version_label(notes: ActionNotes) -> str:
    if notes.status == ActionNotes.Status.DRAFT:
        if notes.is_published:
            return f"Version {notes.version}: draft, published {_published_on(notes)}"
        return f"Version {notes.version}: draft, not published"
    confirmed = f"confirmed at the meeting of {day_label(notes.confirmed_at.date)}"
    if notes.status == ActionNotes.Status.AMENDED:
        return f"Version {notes.version}: {confirmed}, with amendments"
    if notes.status == ActionNotes.Status.CORRECTED:
        when = _published_on(notes)
        return (
            f"Version {notes.version}: corrected on {when}{_by_name(notes.published_by)}. "
            f"Why: {notes.reason}"
        )
    return f"Version {notes.version}: {confirmed}"


def _notes_status(shown: ActionNotes | None, subject: str) -> str:
    if shown is None or shown.status == ActionNotes.Status.DRAFT:
        status = f"{subject} are a draft, not yet confirmed."
        if shown is None or not shown.is_published:
            status += " Not yet published: only the committee's members and officers can read it."
        return status
    confirmed = f"at the meeting of {day_label(shown.confirmed_at.date)}"
    if shown.status == ActionNotes.Status.AMENDED:
        return (
            f"{subject} were confirmed with amendments {confirmed}. Amendments: {shown.amendments}"
        )
    if shown.status == ActionNotes.Status.CORRECTED:
        return (
            f"{subject} were confirmed {confirmed}, and corrected on "
            f"{_published_on(shown)}{_by_name(shown.published_by)}. Why: {shown.reason}"
        )
    return f"{subject} were confirmed {confirmed}."


def _attendee(attendance: Attendance) -> str:
    text = str(attendance.person)
    if attendance.kind == Attendance.Kind.ALSO_PRESENT:
        text += f", {attendance.capacity}" if attendance.capacity else ""
    elif attendance.capacity:
        text += f" ({attendance.capacity})"
    if attendance.substitute_for_id:
        text += f", substituting for {attendance.substitute_for}"
    if attendance.note:
        text += f" ({attendance.note[0].lower()}{attendance.note[1:]})"
    return text


@dataclass(frozen=True)
class _Attendance:
    present: tuple[str, ...]
    also_present: tuple[str, ...]
    apologies: tuple[str, ...]
    substitutes: tuple[str, ...]

    @property
    def under_item(self) -> tuple[str, ...]:
        """The apologies and substitutes, as an apologies item records them."""
        lines = []
        if self.apologies:
            lines.append(f"Apologies were received from {_listed(list(self.apologies))}.")
        else:
            lines.append("No apologies were recorded.")
        return (*lines, *self.substitutes)


def _attendance(meeting: Meeting) -> _Attendance:
    by_kind: dict[str, list[Attendance]] = defaultdict(list)
    for attendance in meeting.attendances.select_related("person", "substitute_for"):
        by_kind[attendance.kind].append(attendance)
    # The council lists the Chair first, then everyone by surname.
    present = sorted(
        by_kind[Attendance.Kind.PRESENT],
        key=lambda a: (not a.capacity.lower().startswith("chair"), _by_surname(a.person)),
    )
    also_present = sorted(
        by_kind[Attendance.Kind.ALSO_PRESENT], key=lambda a: _by_surname(a.person)
    )
    apologies = sorted(by_kind[Attendance.Kind.APOLOGIES], key=lambda a: _by_surname(a.person))
    return _Attendance(
        present=tuple(_attendee(a) for a in present),
        also_present=tuple(_attendee(a) for a in also_present),
        apologies=tuple(_attendee(a) for a in apologies),
        substitutes=tuple(
            f"{a.person} attended as a substitute for {a.substitute_for}."
            for a in present
            if a.substitute_for_id
        ),
    )


def _declaration(declaration: Declaration) -> str:
    item = declaration.agenda_item
    on = f", on item {item.number} ({item.title})" if item else ""
    return f"{declaration.person}{on}: {declaration.text.strip()}"


def _item(
    item: AgendaItem, requests: list[InformationRequest], recorded: tuple[str, ...] = ()
) -> NotesItem:
    presenters = item.presenters_text
    if not presenters:
        names = [str(person) for person in item.presenters.all()]
        presenters = f"In attendance for this item: {', '.join(names)}." if names else ""
    return NotesItem(
        heading=f"{item.number}. {item.title.upper()}",
        exempt_label=f"{item.public_label}." if item.is_exempt else "",
        presenters=presenters,
        recorded=recorded,
        paragraphs=_paragraphs(item.notes),
        resolutions=tuple(r.text for r in item.resolutions.all()),
        requests=tuple(_request_line(r) for r in requests),
    )


def _withheld(item: AgendaItem) -> NotesItem:
    """All the public may know of an exempt item, as the meeting's page shows it: its
    number and title, the paragraph it was taken in private under, and why."""
    why = f" Why: {item.exemption_justification}" if item.exemption_justification else ""
    return NotesItem(
        heading=f"{item.number}. {item.title.upper()}",
        exempt_label=f"{item.public_label}. Its notes and decisions are not published.{why}",
        presenters="",
        recorded=(),
        paragraphs=(),
        resolutions=(),
        requests=(),
    )


def _live(meeting: Meeting, *, reader: Access, versions: Sequence) -> ActionNotesDocument:
    """The notes as the record stands now, for `reader` (marking and status left to the
    caller). A fixed number of queries whatever the number of items: items, their
    resolutions and presenters, the requests, attendance and declarations; for a reader not
    entitled to the exempt business, what the public may know of the exempt items."""
    entitled = reader.sees_exempt_of(meeting.committee_id)
    items = meeting.agenda_items.prefetch_related("resolutions", "presenters")
    if not entitled:
        items = items.filter(is_exempt=False)
    items = list(items)
    withheld = []
    if not entitled:
        # Only what the public may know of an exempt item is read, never its content.
        withheld = [
            _withheld(item)
            for item in meeting.agenda_items.filter(is_exempt=True).only(
                "meeting",
                "number",
                "title",
                "is_exempt",
                "exempt_paragraph",
                "exemption_justification",
            )
        ]
    if not has_action_notes(meeting, items=items or withheld, versions=versions):
        raise NoActionNotes
    requests: dict[int | None, list[InformationRequest]] = defaultdict(list)
    for request in (
        meeting.requests.filter(reader.requests_in_notes())
        .select_related("owner_post", "owner_person")
        .order_by("pk")
    ):
        requests[request.agenda_item_id].append(request)
    attendance = _attendance(meeting)
    # A declaration on an exempt item is part of that item: only its readers see it.
    declarations: dict[int | None, list[str]] = defaultdict(list)
    for declaration in meeting.declarations.select_related("person", "agenda_item").order_by(
        "agenda_item__number", "pk"
    ):
        exempt = declaration.agenda_item is not None and declaration.agenda_item.is_exempt
        if exempt and not entitled:
            continue
        declarations[declaration.agenda_item_id if exempt else None].append(
            _declaration(declaration)
        )
    general = tuple(declarations[None])
    public_items = [i for i in items if not i.is_exempt]
    apologies_item = next((i for i in public_items if APOLOGIES_TITLE.search(i.title)), None)
    declarations_item = next((i for i in public_items if DECLARATIONS_TITLE.search(i.title)), None)

    def recorded(item: AgendaItem) -> tuple[str, ...]:
        if item is apologies_item:
            return attendance.under_item
        if item is declarations_item:
            return general or ("No declarations of interests were recorded.",)
        return tuple(declarations[item.pk])

    committee = meeting.committee
    return ActionNotesDocument(
        marking=marking_for(Version.PUBLIC),
        heading=NotesHeading(
            council=council_settings().display_name.upper(),
            committee=committee.name.upper(),
            title="ACTION NOTES",
            kind="" if meeting.kind == Meeting.Kind.FORMAL else meeting.get_kind_display(),
            when=f"{day_and_date(meeting.date)}, {time_label(meeting.start_time)} hours"
            if meeting.start_time
            else f"{day_and_date(meeting.date)} (time not stated)",
            room=meeting.room or "Room not recorded",
        ),
        status="",
        present=attendance.present,
        also_present=attendance.also_present,
        apologies=() if apologies_item else attendance.apologies,
        apologies_under_item=apologies_item is not None,
        declarations=() if declarations_item else general,
        items=tuple(_item(i, requests[i.pk], recorded(i)) for i in public_items),
        private_items=tuple(_item(i, requests[i.pk], recorded(i)) for i in items if i.is_exempt)
        or tuple(withheld),
        private_status="",
        other_requests=tuple(_request_line(r) for r in requests[None]),
        ended=f"The meeting ended at {time_label(meeting.end_time)} hours."
        if meeting.end_time
        else "",
        title=f"Action notes, {day_label(meeting.date)}",
        filename=f"action-notes-{meeting.date:%Y-%m-%d}",
    )


# What confirming a version freezes (`ActionNotes.snapshot`): of the public part, the whole
# public version; of the private part, its items as the committee's readers see them.


def _restored_item(data: dict) -> NotesItem:
    return NotesItem(
        **{
            **data,
            "recorded": tuple(data["recorded"]),
            "paragraphs": tuple(data["paragraphs"]),
            "resolutions": tuple(data["resolutions"]),
            "requests": tuple(RequestLine(**r) for r in data["requests"]),
        }
    )


def _restored(data: dict) -> ActionNotesDocument:
    return ActionNotesDocument(
        marking=marking_for(Version.PUBLIC),
        heading=NotesHeading(**data["heading"]),
        status="",
        present=tuple(data["present"]),
        also_present=tuple(data["also_present"]),
        apologies=tuple(data["apologies"]),
        declarations=tuple(data["declarations"]),
        items=tuple(_restored_item(i) for i in data["items"]),
        private_items=tuple(_restored_item(i) for i in data["private_items"]),
        private_status="",
        other_requests=tuple(RequestLine(**r) for r in data["other_requests"]),
        ended=data["ended"],
        apologies_under_item=data["apologies_under_item"],
        title=data["title"],
        filename=data["filename"],
    )


def notes_snapshot(meeting: Meeting, *, part: str, access: Access) -> dict | None:
    """The document a version of `part` freezes, as the record stands now. The private
    part is read as `access` (an officer of the committee, who confirms) reads it."""
    try:
        return _snapshot(meeting, part=part, access=access)
    except NoActionNotes:
        return None  # nothing recorded to freeze


def _snapshot(meeting: Meeting, *, part: str, access: Access) -> dict:
    if part == ActionNotes.Part.PUBLIC:
        document = asdict(_live(meeting, reader=public_reader(), versions=[part]))
        for name in ("marking", "status", "private_status", "versions"):
            del document[name]
        return {"document": document}
    document = _live(meeting, reader=access, versions=[part])
    return {"private_items": [asdict(item) for item in document.private_items]}


def _shown(
    versions: Sequence[ActionNotes], part: str, *, before: ActionNotes | None = None
) -> ActionNotes | None:
    """The version of `part` a reader gets: the latest, or the latest published no later
    than `before` (an earlier version asked for by number)."""
    of_part = [v for v in versions if v.part == part]
    if before is not None:
        of_part = [v for v in of_part if v.published_at and v.published_at <= before.published_at]
    return of_part[-1] if of_part else None


def action_notes(
    meeting: Meeting, *, version: str, access: Access, number: int | None = None
) -> ActionNotesDocument:
    """The action notes of `meeting` (with its committee loaded), in the version asked for.

    The public version is the public's: drafts are not theirs until published, and what a
    confirmation froze is read as it was frozen, whatever has changed in the record since.
    The committee's members and officers read drafts, marked as such. `number` asks for an
    earlier frozen version. A fixed number of queries whatever the number of items.
    """
    reader = reader_for(version, access=access, committee_id=meeting.committee_id)
    entitled = reader.sees_exempt_of(meeting.committee_id)
    sees_drafts = access.sees_exempt_of(meeting.committee_id)
    versions = [
        v
        for v in meeting.action_notes.select_related("confirmed_at", "published_by").order_by(
            "part", "version"
        )
        if sees_drafts or v.is_published
    ]
    public_versions = [v for v in versions if v.part == ActionNotes.Part.PUBLIC]
    if not public_versions and not sees_drafts:
        raise NoActionNotes
    shown = _shown(versions, ActionNotes.Part.PUBLIC)
    if number is not None and (shown is None or number != shown.version):
        shown = next((v for v in public_versions if v.version == number and v.snapshot), None)
        if shown is None:
            raise NoActionNotes
    if shown is not None and shown.snapshot:
        document = _restored(shown.snapshot["document"])
        if entitled:
            private = _shown(versions, ActionNotes.Part.PRIVATE, before=shown)
            if private is not None and private.snapshot:
                items = tuple(_restored_item(i) for i in private.snapshot["private_items"])
            else:
                items = _live(meeting, reader=reader, versions=versions).private_items
            document = replace(document, private_items=items)
    else:
        document = _live(meeting, reader=reader, versions=versions)
    private = _shown(versions, ActionNotes.Part.PRIVATE, before=shown if number else None)
    label = f"-version-{number}" if number is not None else ""
    return replace(
        document,
        marking=marking_for(
            version,
            contains_exempt=entitled and any(i.exempt_label for i in document.private_items),
            draft=shown is None or not shown.is_published,
        ),
        status=_notes_status(shown, "These notes"),
        private_status=_notes_status(private, "The notes of the private part")
        if entitled and document.private_items
        else "",
        versions=tuple(
            NotesVersion(
                number=v.version,
                label=_version_label(v),
                frozen=bool(v.snapshot),
                shown=v == shown,
            )
            for v in public_versions
        ),
        filename=f"{document.filename}-{version}{label}.docx",
    )


# -- work programme -----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    topic: str
    detail: str
    attendees: str


@dataclass(frozen=True)
class ScheduledMeeting:
    details: tuple[str, ...]  # the meeting's cell of the schedule, line by line
    sessions: tuple[SessionLine, ...]  # never empty: "To be confirmed" while none is planned


@dataclass(frozen=True)
class CallInLine:
    when: str
    decisions: str
    outcome: str


@dataclass(frozen=True)
class TrackedRecommendation:
    reference: str
    text: str
    owner: str
    due: str
    assessment: str
    tracking: str


@dataclass(frozen=True)
class TrackedInquiry:
    title: str
    reported: str
    recommendations: tuple[TrackedRecommendation, ...]


@dataclass(frozen=True)
class OutstandingRequest:
    raised: str
    text: str
    owner: str
    due: str
    private: bool


@dataclass(frozen=True)
class DecisionLine:
    reference: str
    title: str
    portfolio: str
    lead_officer: str
    proposed: str
    decided: str


@dataclass(frozen=True)
class WorkProgrammeDocument:
    marking: Marking
    council: str
    executive: str  # what the council calls it: "Cabinet", "Executive"
    executive_member: str
    title: str
    month: str
    presented_at: str
    as_at: str
    chair: str
    deputy_chair: str
    members: str
    officers: tuple[str, ...]
    terms_of_reference: str
    priorities: tuple[str, ...]
    to_schedule: tuple[str, ...]
    meetings: tuple[ScheduledMeeting, ...]
    call_ins: tuple[CallInLine, ...]
    petitions: tuple[str, ...]
    calls_for_action: tuple[str, ...]
    inquiries: tuple[TrackedInquiry, ...]
    requests: tuple[OutstandingRequest, ...]
    executive_decisions: tuple[DecisionLine, ...]
    joint_decisions: tuple[DecisionLine, ...]
    filename: str


def parse_month(value: str) -> dt.date:
    """'2019-02' -> 1 February 2019. Anything else is refused with a message to show."""
    match = MONTH.match(value.strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1900 <= year <= 2999:
            return dt.date(year, month, 1)
    raise ValueError(
        f"'{value}' is not a month. Give the year and month, for example 2019-02 for February 2019."
    )


def default_month(meeting_dates: Iterable[dt.date], today: dt.date) -> dt.date:
    """The month of the next ordinary meeting, which the programme goes to; failing that,
    of the last one; failing that, this month.

    Meetings stored outside the dates that can be entered (committees.dates) are passed
    over: a slip such as 31/12/9999 does not become the programme everyone is shown.
    """
    dates = sorted(d for d in meeting_dates if in_window(d))
    ahead = [d for d in dates if d >= today]
    day = ahead[0] if ahead else (dates[-1] if dates else today)
    return day.replace(day=1)


def municipal_year(month: dt.date) -> tuple[dt.date, dt.date]:
    first_year = month.year if month.month >= MUNICIPAL_YEAR_FIRST_MONTH else month.year - 1
    start = dt.date(first_year, MUNICIPAL_YEAR_FIRST_MONTH, 1)
    return start, dt.date(first_year + 1, MUNICIPAL_YEAR_FIRST_MONTH, 1) - dt.timedelta(1)


def _scheduled(meeting: Meeting, presented_at: Meeting | None) -> ScheduledMeeting:
    details = (
        f"{day_label(meeting.date)}, {time_label(meeting.start_time) or 'time not stated'}",
        meeting.room,
        "" if meeting.kind == Meeting.Kind.FORMAL else meeting.get_kind_display(),
        f"Report deadline: {day_label(meeting.report_deadline)}"
        if meeting.report_deadline and meeting.is_ordinary
        else "",
        "Cancelled" if meeting.status == Meeting.Status.CANCELLED else "",
        "This programme goes to this meeting" if meeting == presented_at else "",
    )
    sessions = tuple(
        SessionLine(s.topic, s.detail, s.officers_attending) for s in meeting.sessions.all()
    )
    return ScheduledMeeting(
        details=tuple(line for line in details if line),
        sessions=sessions or (SessionLine("To be confirmed", "", ""),),
    )


def _members(committee: Committee, day: dt.date) -> dict[str, str]:
    chair, deputy, members = [], [], []
    # The council lists members by surname.
    memberships = sorted(committee.members_on(day), key=lambda m: _by_surname(m.person))
    for membership in memberships:
        name = membership.person.name
        if membership.role == Membership.Role.CHAIR:
            chair.append(f"Cllr {name}")
        elif membership.role == Membership.Role.DEPUTY_CHAIR:
            deputy.append(f"Cllr {name}")
        else:
            members.append(name)
    listed = _listed(members)
    return {
        "chair": ", ".join(chair) or "Not recorded",
        "deputy_chair": ", ".join(deputy) or "Not recorded",
        "members": f"Cllrs: {listed}" if listed else "Not recorded",
    }


def _tracking(rounds: list[dt.date], next_date: dt.date | None, *, printed: str = "") -> str:
    lines = [printed] if printed else []
    if rounds:
        lines.append(f"Update received: {_listed([day_label(d) for d in sorted(rounds)])}.")
    if next_date:
        lines.append(f"Next update due {day_label(next_date)}.")
    return " ".join(lines) or "No update received yet."


def _printed_status(
    recommendation: Recommendation, rounds: list[TrackingRound], *, now: bool
) -> str:
    """The status as the work programme prints it at the last update, else the committee's
    assessment at it (now: the current one), else that none has been made."""
    for tracking_round in reversed(rounds):
        if tracking_round.status_as_printed:
            return tracking_round.status_as_printed
    if now and recommendation.current_assessment:
        return recommendation.current_assessment.label
    for tracking_round in reversed(rounds):
        if tracking_round.committee_assessment:
            return tracking_round.committee_assessment.label
    return "Not yet assessed"


def _outstanding_tracking(
    committee: Committee, day: dt.date, *, now: bool, full_council: str
) -> tuple[TrackedInquiry, ...]:
    """The Outstanding Tracking table as the work programme prints it: every inquiry with a
    recommendation still tracked on `day`, with all its recommendations made by then
    (those achieved too), each with its status at the last update and the dates of
    tracking up to `day`. `now` says `day` is today, so the current assessment stands.
    Two queries. `full_council` is what the council calls it ("City Council")."""
    still_tracked = Recommendation.objects.outstanding_on(day).filter(inquiry__committee=committee)
    recommendations = list(
        Recommendation.objects.made_by(day)
        .filter(inquiry__in=still_tracked.values("inquiry_id"))
        .select_related("inquiry", "owner_post", "owner_person", "current_assessment")
        .order_by("inquiry__reported_to_council_on", "inquiry__title", "code")
    )
    rounds: dict[int, list[TrackingRound]] = defaultdict(list)
    for tracking_round in (
        TrackingRound.objects.filter(
            recommendation__in=recommendations, update_received_on__lte=day
        )
        .select_related("committee_assessment")
        .order_by("update_received_on", "pk")
    ):
        rounds[tracking_round.recommendation_id].append(tracking_round)
    inquiries: dict[Inquiry, list[TrackedRecommendation]] = {}
    for r in recommendations:
        due = due_text(r.due_date, month_only=r.due_month_only)
        received = [t.update_received_on for t in rounds[r.pk]]
        next_date = (
            r.next_tracking_date if r.next_tracking_date and r.next_tracking_date > day else None
        )
        tracking = (
            _tracking([], next_date, printed=r.inquiry.tracking_as_printed)
            if r.inquiry.tracking_as_printed
            else _tracking(received, next_date)
        )
        inquiries.setdefault(r.inquiry, []).append(
            TrackedRecommendation(
                reference=r.code,
                text=r.display_text if r.text_known else UNKNOWN_TEXT,
                owner=r.owner_label,
                due=f"{due} (overdue)" if r.is_overdue(day) else due,
                assessment=_printed_status(r, rounds[r.pk], now=now),
                tracking=tracking,
            )
        )
    return tuple(
        TrackedInquiry(
            title=inquiry.title,
            reported=(
                f"{day_label(inquiry.reported_to_council_on)} report to {full_council}"
                if inquiry.reported_to_council_on
                else ""
            ),
            recommendations=tuple(rows),
        )
        for inquiry, rows in inquiries.items()
    )


def _outstanding_requests(
    committee: Committee, reader: Access, day: dt.date, *, now: bool, full: bool
) -> tuple[OutstandingRequest, ...]:
    """Requested information and actions open on `day`: the outstanding list's rows for
    this committee as the reader may see them (as they stood on `day`, unless `now`).
    One query, and one more in the full version to mark those from items taken in
    private."""
    rows = list(
        outstanding_items(
            access=reader,
            filters=OutstandingFilters(
                committee=committee, kind=KIND_REQUEST, as_at=None if now else day
            ),
            today=day,
        ).order_by("row_source_date", "row_pk")
    )
    private: set[int] = set()
    if full:
        private = set(
            InformationRequest.objects.filter(
                pk__in=[row["row_pk"] for row in rows], agenda_item__is_exempt=True
            ).values_list("pk", flat=True)
        )
    lines = []
    for row in rows:
        raised = day_label(row["row_source_date"])
        due = day_label(row["row_due_date"]) or NO_DUE_DATE
        lines.append(
            OutstandingRequest(
                raised=f"{raised}: {row['row_source']}" if row["row_source"] else raised,
                text=row["row_text"],
                owner=row["row_owner"] or "Not known",
                due=f"{due} (overdue)" if row["row_overdue"] else due,
                private=row["row_pk"] in private,
            )
        )
    return tuple(lines)


def _decision(decision: ForwardPlanDecision) -> DecisionLine:
    return DecisionLine(
        reference=decision.reference,
        title=decision.title,
        portfolio=decision.portfolio,
        lead_officer=decision.lead_officer,
        proposed=day_label(decision.proposed_date),
        decided=day_label(decision.decision_date),
    )


def work_programme(
    committee: Committee, *, month: dt.date, version: str, access: Access, today: dt.date
) -> WorkProgrammeDocument:
    """The committee's work programme as it goes to its meeting in `month`.

    The schedule covers the municipal year holding that month; the Outstanding Tracking
    table and the open requests are the outstanding list as it stands on `today`, or, for
    a programme that went to a meeting before today, as it stood on that meeting's day.
    A fixed number of queries whatever the size of the programme.
    """
    reader = reader_for(version, access=access, committee_id=committee.pk)
    start, end = municipal_year(month)
    meetings = list(
        committee.meetings.filter(date__range=(start, end)).prefetch_related(
            Prefetch(
                "sessions",
                queryset=WorkProgrammeEntry.objects.planned().order_by("order", "pk"),
            )
        )
    )
    presented_at = next(
        (
            m
            for m in meetings
            if m.is_ordinary and (m.date.year, m.date.month) == (month.year, month.month)
        ),
        None,
    )
    as_at = presented_at.date if presented_at else month
    # A programme that went to a past meeting is reproduced as it stood on that day.
    tracked_on = min(presented_at.date, today) if presented_at else today
    now = tracked_on == today
    call_ins = (
        CallIn.objects.filter(meeting__committee=committee, meeting__date__range=(start, end))
        .select_related("meeting")
        .prefetch_related("decisions")
        .order_by("meeting__date")
    )
    decisions = list(ForwardPlanDecision.objects.filter(committees=committee))
    matters: dict[str, list[str]] = defaultdict(list)
    for matter in (
        committee.programme_matters.listed_on(as_at)
        .select_related("meeting")
        .order_by("order", "pk")
    ):
        scheduled = f" ({day_label(matter.meeting.date)})" if matter.meeting else ""
        matters[matter.kind].append(matter.text + scheduled)
    officers = committee.support_officers.filter(active_on(as_at)).select_related("person")
    marking = marking_for(version)
    year = f"{start.year}/{str(start.year + 1)[-2:]}"
    wording = council_settings()
    return WorkProgrammeDocument(
        marking=marking,
        council=wording.display_name.upper(),
        executive=wording.executive,
        executive_member=wording.executive_member,
        title=f"{committee.name}: Work Programme {year}",
        month=month_label(month),
        presented_at=f"For the meeting of {day_label(presented_at.date)}" if presented_at else "",
        as_at=f"Outstanding tracking as at {day_label(tracked_on)}.",
        **_members(committee, as_at),
        officers=tuple(
            f"{o.person.name}, {o.role}" + (f" ({o.phone})" if o.phone else "") for o in officers
        ),
        terms_of_reference=committee.terms_of_reference or "Not recorded.",
        priorities=tuple(matters[ProgrammeMatter.Kind.PRIORITY]),
        to_schedule=tuple(
            s.topic + (f": {s.detail}" if s.detail else "")
            for s in committee.work_programme.planned()
            .filter(meeting__isnull=True)
            .order_by("order", "pk")
        ),
        meetings=tuple(_scheduled(m, presented_at) for m in meetings),
        call_ins=tuple(
            CallInLine(
                when=day_label(c.meeting.date),
                decisions="; ".join(f"{d.reference} {d.title}" for d in c.decisions.all()),
                outcome=c.get_outcome_display(),
            )
            for c in call_ins
        ),
        petitions=tuple(matters[ProgrammeMatter.Kind.PETITION]),
        calls_for_action=tuple(matters[ProgrammeMatter.Kind.CALL_FOR_ACTION]),
        inquiries=_outstanding_tracking(
            committee, tracked_on, now=now, full_council=wording.full_council
        ),
        requests=_outstanding_requests(
            committee, reader, tracked_on, now=now, full=marking.is_full
        ),
        executive_decisions=tuple(_decision(d) for d in decisions if not d.is_joint_decision),
        joint_decisions=tuple(_decision(d) for d in decisions if d.is_joint_decision),
        filename=f"work-programme-{committee.slug}-{month:%Y-%m}-{marking.version}.docx",
    )


def ordinary_meeting_dates(committee: Committee) -> list[dt.date]:
    """The dates of the committee's ordinary meetings: where its work programme goes."""
    return list(committee.meetings.ordinary().values_list("date", flat=True))
