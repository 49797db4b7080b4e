"""Reviewing imported action notes against a meeting, and saving them once confirmed.

`prepare_review` turns a parsed draft into what the officer reviews: names matched to
people, owners and due dates proposed, and, where the meeting already holds something,
that kept rather than overwritten. `review_warnings` says where the draft and the meeting
differ. `action_notes_import` is the only write, through the meeting's one write path
(`tracker.meetings.services.meeting_write`, adding to the record): one transaction, every
row in its history with the officer and the reason "Imported from action notes". It
creates or updates agenda items by number and adds resolutions, requests, attendance and
declarations; it never deletes anything.

The draft lives in the officer's session between the steps (as `ReviewDraft.to_session`),
never in the record, so nothing is written before the officer confirms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees.clock import today
from committees.dates import long_date
from committees.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Person,
    Post,
)
from committees.names import NameIndex
from committees.services import names_on_record
from tracker.meetings.services import (
    AttendanceWrite,
    DeclarationWrite,
    ItemWrite,
    MeetingWritten,
    Policy,
    RequestWrite,
    default_owner,
    meeting_write,
    same_text,
    single_posts_held,
)
from tracker.models import InformationRequest

from .reader import INTEREST_LABELS, NotesDraft, covered_by

REASON = "Imported from action notes"


# -- the draft under review ---------------------------------------------------------------


@dataclass
class ReviewResolution:
    text: str
    leave_out: bool = False
    recorded: bool = False  # the meeting already has it: not added again


@dataclass
class ReviewRequest:
    text: str
    kind: str = InformationRequest.Kind.INFORMATION.value
    owner: str = ""  # "post:<pk>", "person:<pk>" or "" while not known
    responsibility: str = ""
    owner_as_written: str = ""
    due_date: str | None = None  # ISO date: the session holds JSON
    resolution_index: int | None = None
    leave_out: bool = False


@dataclass
class ReviewItem:
    number: int | None
    title: str
    notes: str = ""
    presenters_text: str = ""
    is_exempt: bool = False
    exempt_paragraph: int | None = None
    exemption_justification: str = ""
    resolutions: list[ReviewResolution] = field(default_factory=list)
    requests: list[ReviewRequest] = field(default_factory=list)
    leave_out: bool = False
    title_in_notes: str = ""
    notes_in_notes: str = ""
    requests_recorded: list[str] = field(default_factory=list)  # not offered again
    exemption_recorded: bool = False  # the meeting already has it as private: that stands
    # The meeting's standing item with this number, when the notes' item is another one:
    # the officer chooses to merge into it or add the item as a new one.
    standing_title: str = ""
    merge_into_standing: bool = False

    @property
    def is_blank(self) -> bool:
        return not (self.title.strip() or self.notes.strip() or self.resolutions or self.requests)


@dataclass
class ReviewAttendee:
    kind: str
    name_as_written: str
    person: int | None = None
    capacity: str = ""
    note: str = ""
    leave_out: bool = False
    substitute_for: int | None = None  # the member they sat for
    substitute_for_as_written: str = ""

    @property
    def kind_label(self) -> str:
        return Attendance.Kind(self.kind).label


@dataclass
class ReviewDeclaration:
    name_as_written: str
    text: str
    interest: str
    person: int | None = None
    item_number: int | None = None
    leave_out: bool = False

    @property
    def interest_label(self) -> str:
        return INTEREST_LABELS.get(self.interest, self.interest)


@dataclass
class ReviewProblem:
    line: int
    text: str
    reason: str


@dataclass
class ReviewDraft:
    source: str
    meeting_date_in_notes: str | None
    attendance: list[ReviewAttendee] = field(default_factory=list)
    items: list[ReviewItem] = field(default_factory=list)
    attendance_already_recorded: list[str] = field(default_factory=list)
    declarations: list[ReviewDeclaration] = field(default_factory=list)
    problems: list[ReviewProblem] = field(default_factory=list)

    def to_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict) -> ReviewDraft:
        items = []
        for item in data.get("items", []):
            item = dict(item)
            item["resolutions"] = [ReviewResolution(**r) for r in item.get("resolutions", [])]
            item["requests"] = [ReviewRequest(**r) for r in item.get("requests", [])]
            items.append(ReviewItem(**item))
        return cls(
            source=data["source"],
            meeting_date_in_notes=data.get("meeting_date_in_notes"),
            attendance=[ReviewAttendee(**a) for a in data.get("attendance", [])],
            items=items,
            attendance_already_recorded=list(data.get("attendance_already_recorded", [])),
            declarations=[ReviewDeclaration(**d) for d in data.get("declarations", [])],
            problems=[ReviewProblem(**p) for p in data.get("problems", [])],
        )

    def add_item(self) -> int:
        numbers = [item.number for item in self.items if item.number]
        self.items.append(ReviewItem(number=max(numbers, default=0) + 1, title=""))
        return len(self.items) - 1

    def add_resolution(self, index: int) -> None:
        self.items[index].resolutions.append(ReviewResolution(""))

    def add_request(self, index: int, due: dt.date | None) -> None:
        self.items[index].requests.append(
            ReviewRequest("", due_date=due.isoformat() if due else None)
        )

    def add_attendee(self) -> None:
        self.attendance.append(
            ReviewAttendee(kind=Attendance.Kind.PRESENT.value, name_as_written="")
        )

    @property
    def notes_date(self) -> dt.date | None:
        return (
            dt.date.fromisoformat(self.meeting_date_in_notes)
            if self.meeting_date_in_notes
            else None
        )


# -- preparing the review -----------------------------------------------------------------


def prepare_review(
    parsed: NotesDraft, *, meeting: Meeting, source: str, names: NameIndex | None = None
) -> ReviewDraft:
    """The draft as the officer first sees it: matched, with defaults, merged with the meeting.

    Where the meeting already has an item's title, notes or attendance, the draft starts
    from what the meeting holds (the warnings show what the notes say); resolutions and
    requests the meeting already has are not offered again.
    """
    names = names or names_on_record()
    existing = {
        item.number: item
        for item in meeting.agenda_items.prefetch_related("resolutions", "requests")
    }
    due = InformationRequest.due_by_default(meeting)
    posts = single_posts_held(meeting.date)
    draft = ReviewDraft(
        source=source,
        meeting_date_in_notes=parsed.meeting_date.isoformat() if parsed.meeting_date else None,
    )
    recorded_attendance = set(meeting.attendances.values_list("person_id", "kind"))
    for attendee in parsed.attendance:
        person = names.person(attendee.name)
        if person and (person, attendee.kind) in recorded_attendance:
            draft.attendance_already_recorded.append(attendee.name)
            continue
        draft.attendance.append(
            ReviewAttendee(
                kind=attendee.kind,
                name_as_written=attendee.name,
                person=person,
                capacity=attendee.capacity,
                note=attendee.note,
            )
        )
    _add_substitutes(draft, parsed, names)
    for declaration in parsed.declarations:
        person = names.person(declaration.name)
        draft.declarations.append(
            ReviewDeclaration(
                name_as_written=declaration.name,
                text=declaration.text,
                interest=declaration.interest,
                person=person,
                item_number=declaration.item_number,
            )
        )
    draft.problems = [ReviewProblem(p.line, p.text, p.reason) for p in parsed.problems]
    for parsed_item in parsed.items:
        recorded = existing.get(parsed_item.number)
        standing_title = ""
        if (
            recorded is not None
            and recorded.standing
            and not same_text(recorded.title, parsed_item.title)
        ):
            # Another item than the standing one with this number: never merged unasked.
            standing_title, recorded = recorded.title, None
        item = _review_item(parsed_item, recorded, parsed)
        item.standing_title = standing_title
        for request in parsed_item.requests:
            if any(same_text(request.text, text) for text in item.requests_recorded):
                continue
            # A post named is the owner; a person named answers through their post.
            post = names.post(request.owner_as_written)
            person = names.person(request.owner_as_written)
            owner = (
                f"post:{post}"
                if post is not None
                else default_owner([person] if person else [], posts)
            )
            item.requests.append(
                ReviewRequest(
                    text=request.text,
                    kind=request.kind,
                    owner=owner,
                    responsibility=request.responsibility,
                    owner_as_written=request.owner_as_written,
                    due_date=due.isoformat() if due else None,
                    resolution_index=request.resolution_index,
                )
            )
        draft.items.append(item)
    return draft


def _add_substitutes(draft: ReviewDraft, parsed: NotesDraft, names: NameIndex) -> None:
    """Mark who sat for whom: on their row if the notes list them as present, or on a row
    of their own."""
    present = Attendance.Kind.PRESENT.value
    for substitute in parsed.substitutes:
        person = names.person(substitute.name)
        replaced = names.person(substitute.substitute_for)
        row = next(
            (
                a
                for a in draft.attendance
                if a.kind == present
                and (
                    (person and a.person == person) or same_text(a.name_as_written, substitute.name)
                )
            ),
            None,
        )
        if row is None:
            row = ReviewAttendee(
                kind=present,
                name_as_written=substitute.name,
                person=person,
            )
            draft.attendance.append(row)
        row.substitute_for = replaced
        row.substitute_for_as_written = substitute.substitute_for


def _review_item(parsed_item, recorded: AgendaItem | None, parsed: NotesDraft) -> ReviewItem:
    item = ReviewItem(
        number=parsed_item.number,
        title=parsed_item.title,
        notes=parsed_item.notes,
        presenters_text=parsed_item.presenters_text,
        is_exempt=parsed_item.is_exempt,
        exempt_paragraph=parsed.exempt_paragraph if parsed_item.is_exempt else None,
        exemption_justification=_justification(parsed) if parsed_item.is_exempt else "",
        resolutions=[ReviewResolution(text) for text in parsed_item.resolutions],
        title_in_notes=parsed_item.title,
        notes_in_notes=parsed_item.notes,
    )
    if recorded is None:
        return item
    if recorded.title.strip():
        item.title = recorded.title  # the agenda's title stands unless the officer changes it
    if recorded.notes.strip():
        item.notes = recorded.notes
    if recorded.presenters_text.strip():
        item.presenters_text = recorded.presenters_text
    if recorded.is_exempt:
        item.is_exempt = True
        item.exempt_paragraph = recorded.exempt_paragraph
        item.exemption_justification = recorded.exemption_justification
        item.exemption_recorded = True
    # A resolution the meeting has stays in the draft, marked, so that a new request
    # made by it is linked to the one recorded.
    recorded_resolutions = [r.text for r in recorded.resolutions.all()]
    for resolution in item.resolutions:
        resolution.recorded = any(same_text(resolution.text, t) for t in recorded_resolutions)
    recorded_requests = [r.text for r in recorded.requests.all()]
    item.requests_recorded = [
        request.text
        for request in parsed_item.requests
        if any(same_text(request.text, text) for text in recorded_requests)
    ]
    return item


def _justification(parsed: NotesDraft) -> str:
    if parsed.exclusion_text:
        return f"The committee resolved to exclude the public: “{parsed.exclusion_text}”"
    return ""


# -- warnings -----------------------------------------------------------------------------


@dataclass
class ReviewWarnings:
    general: list[str] = field(default_factory=list)
    by_item: dict[int, list[str]] = field(default_factory=dict)

    def add(self, index: int, message: str) -> None:
        self.by_item.setdefault(index, []).append(message)

    @property
    def count(self) -> int:
        return len(self.general) + sum(len(m) for m in self.by_item.values())


def review_warnings(draft: ReviewDraft, meeting: Meeting) -> ReviewWarnings:
    """Where the draft differs from what the meeting already holds, and what confirming does."""
    warnings = ReviewWarnings()
    notes_date = draft.notes_date
    if notes_date and notes_date != meeting.date:
        warnings.general.append(
            f"These notes are of a meeting held on {long_date(notes_date)}, but you are "
            f"importing them into the meeting of {long_date(meeting.date)}."
        )
    if meeting.date > today():
        warnings.general.append(
            f"This meeting, on {long_date(meeting.date)}, is still to come: confirming adds "
            "the notes but does not record it as held."
        )
    if meeting.status == Meeting.Status.CANCELLED:
        warnings.general.append("This meeting is recorded as cancelled.")
    elif meeting.kind in {Meeting.Kind.VISIT, Meeting.Kind.INFORMAL}:
        warnings.general.append(
            f"This meeting is recorded as a {meeting.get_kind_display().lower()}, which "
            "usually has no action notes."
        )
    if InformationRequest.due_by_default(meeting) is None and any(i.requests for i in draft.items):
        warnings.general.append(
            "No later committee meeting is scheduled, so there is no report deadline to make "
            "requests due by: give each request a due date."
        )
    if draft.attendance_already_recorded:
        names = ", ".join(draft.attendance_already_recorded)
        warnings.general.append(f"Already recorded as attending or sending apologies: {names}.")
    for attendee in draft.attendance:
        if attendee.person is None and not attendee.leave_out:
            warnings.general.append(
                f"No one on record matches “{attendee.name_as_written}” in the attendance: "
                "choose the person, or leave them out."
            )
    existing = {
        item.number: item
        for item in meeting.agenda_items.prefetch_related("resolutions", "requests")
    }
    if draft.problems:
        count = len(draft.problems)
        warnings.general.append(
            f"{count} line{'s' if count != 1 else ''} of the notes could not be read as they "
            "stand: see “Lines that could not be read” below, with why."
        )
    drafted_numbers = set()
    for index, item in enumerate(draft.items):
        if item.leave_out:
            continue
        recorded = existing.get(item.number)
        if recorded is not None and adds_beside_standing(item, recorded):
            warnings.add(
                index,
                f"The meeting's item {item.number} is the standing item “{recorded.title}”. "
                "Confirming adds this item as a new item after the meeting's items, unless "
                "you choose to merge it into the standing item.",
            )
            continue
        drafted_numbers.add(item.number)
        if recorded is not None:
            _item_warnings(warnings, index, item, recorded)
        for request in item.requests:
            if request.owner_as_written and not request.owner and not request.leave_out:
                warnings.add(
                    index,
                    f"No one on record matches “{request.owner_as_written}”, named as the "
                    f"owner of “{_short(request.text)}”: choose the owner.",
                )
    untouched = sorted(number for number in existing if number not in drafted_numbers)
    if untouched:
        listed = ", ".join(str(n) for n in untouched)
        warnings.general.append(
            f"The meeting has items the notes do not mention ({listed}): they stay as they are."
        )
    return warnings


def adds_beside_standing(item: ReviewItem, recorded: AgendaItem) -> bool:
    """Whether an item of the notes that has a standing item's number is added as a new
    item: unless it is that standing item, or the officer chose to merge it into it."""
    return (
        bool(recorded.standing)
        and not same_text(recorded.title, item.title_in_notes or item.title)
        and not item.merge_into_standing
    )


def _item_warnings(
    warnings: ReviewWarnings, index: int, item: ReviewItem, recorded: AgendaItem
) -> None:
    number = item.number
    if item.title_in_notes and not same_text(item.title_in_notes, recorded.title):
        warnings.add(
            index,
            f"The meeting has item {number} as “{recorded.title}”; the notes call it "
            f"“{item.title_in_notes}”. The meeting's title stays unless you change it below.",
        )
    if item.title.strip() != recorded.title.strip():
        warnings.add(index, f"Confirming renames item {number} to “{item.title}”.")
    if recorded.notes.strip() and item.notes.strip() != recorded.notes.strip():
        warnings.add(
            index,
            f"Confirming replaces the notes item {number} already has (the earlier text stays "
            "in its history).",
        )
    elif recorded.notes.strip() and not same_text(item.notes_in_notes, recorded.notes):
        warnings.add(
            index,
            f"Item {number} already has notes, which are kept; the notes as imported are "
            "shown below the field.",
        )
    if item.is_exempt and not recorded.is_exempt:
        warnings.add(index, f"Confirming marks item {number} as taken in private.")
    if recorded.is_exempt and not item.is_exempt:
        warnings.add(
            index,
            f"Item {number} is recorded as taken in private: importing notes cannot make it "
            "public.",
        )
    new_resolutions = [
        r for r in item.resolutions if not (r.leave_out or r.recorded) and r.text.strip()
    ]
    count = len(recorded.resolutions.all())  # prefetched
    if count and new_resolutions:
        warnings.add(
            index,
            f"Item {number} already has {count} resolution{'s' if count != 1 else ''}; the "
            "new ones below are added after them.",
        )
    recorded_requests = [r.text for r in recorded.requests.all()]
    for request in item.requests:
        if request.leave_out or not request.text.strip():
            continue
        similar = next(
            (
                text
                for text in recorded_requests
                if covered_by(request.text, text, 0.6) or covered_by(text, request.text, 0.6)
            ),
            None,
        )
        if similar:
            warnings.add(
                index,
                f"Item {number} already has a request like “{_short(request.text)}”: "
                f"“{_short(similar)}”. Leave this one out if it is the same.",
            )


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# -- saving -------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    items_created: int = 0
    items_updated: int = 0
    resolutions: int = 0
    requests: int = 0
    attendance: int = 0
    declarations: int = 0

    @classmethod
    def of(cls, written: MeetingWritten) -> ImportSummary:
        return cls(
            items_created=written.items_created,
            items_updated=written.items_updated,
            resolutions=written.resolutions,
            requests=written.requests,
            attendance=written.attendance,
            declarations=written.declarations,
        )

    def __str__(self) -> str:
        counts = [
            (self.items_created, "new item", "new items"),
            (self.items_updated, "item updated", "items updated"),
            (self.resolutions, "resolution", "resolutions"),
            (self.requests, "request", "requests"),
            (self.attendance, "attendance record", "attendance records"),
            (self.declarations, "declaration", "declarations"),
        ]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if not parts:
            return "nothing new: the meeting already holds everything in these notes"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@transaction.atomic
def action_notes_import(
    *, meeting: Meeting, draft: ReviewDraft, by_user: AbstractBaseUser | None
) -> ImportSummary:
    """Save the reviewed draft into the meeting's record, all of it or none of it: added to
    what the meeting records (`meeting_write` with `Policy.ADD`)."""
    # Two officers confirming notes for one meeting at once would race for the item
    # numbers; the second waits here and then sees the first one's items.
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    items = [item for item in draft.items if not item.leave_out and not item.is_blank]
    numbers = [item.number for item in items]
    if len(numbers) != len(set(numbers)) or None in numbers:
        raise ValidationError("Each item needs its own number.")
    people, posts = _owners_and_people(draft, items)
    existing = {item.number: item for item in meeting.agenda_items.all()}
    free = max([*existing, *numbers], default=0) + 1
    writes, index_of = [], {}
    for draft_item in items:
        recorded = existing.get(draft_item.number)
        number, title = draft_item.number, draft_item.title
        if recorded is not None and adds_beside_standing(draft_item, recorded):
            # A new item, numbered after the meeting's items: the standing item keeps its
            # number and its title.
            recorded, number, free = None, free, free + 1
        elif recorded is not None and recorded.standing:
            title = recorded.title  # merged: the standing item keeps its title
        index_of[draft_item.number] = len(writes)
        writes.append(_item_write(draft_item, recorded, number, title, people, posts))
    written = meeting_write(
        meeting=meeting,
        policy=Policy.ADD,
        by_user=by_user,
        reason=REASON,
        items=writes,
        attendance=[
            AttendanceWrite(
                person=people[attendee.person],
                kind=attendee.kind,
                capacity=attendee.capacity.strip(),
                note=attendee.note.strip(),
                substitute_for=people.get(attendee.substitute_for),
            )
            for attendee in draft.attendance
            if not attendee.leave_out and attendee.person is not None
        ],
        declarations=[
            DeclarationWrite(
                person=people[declaration.person],
                text=declaration.text,
                interest=declaration.interest,
                item=index_of.get(declaration.item_number),
            )
            for declaration in draft.declarations
            if not declaration.leave_out and declaration.person is not None
        ],
    )
    return ImportSummary.of(written)


def _item_write(
    draft_item: ReviewItem,
    recorded: AgendaItem | None,
    number: int,
    title: str,
    people: dict[int, Person],
    posts: dict[int, Post],
) -> ItemWrite:
    requests = []
    for request in draft_item.requests:
        if request.leave_out:
            continue
        kind, _, pk = request.owner.partition(":")
        requests.append(
            RequestWrite(
                text=request.text,
                kind=request.kind,
                owner_post=posts[int(pk)] if kind == "post" else None,
                owner_person=people[int(pk)] if kind == "person" else None,
                responsibility=request.responsibility,
                due_date=dt.date.fromisoformat(request.due_date) if request.due_date else None,
                resolution=request.resolution_index,
            )
        )
    return ItemWrite(
        item=recorded,
        number=number,
        title=title,
        notes=draft_item.notes,
        presenters_text=draft_item.presenters_text,
        exempt_paragraph=draft_item.exempt_paragraph if draft_item.is_exempt else None,
        exemption_justification=draft_item.exemption_justification,
        # Left out, a resolution is not written; its place stays so requests find theirs.
        resolutions=["" if r.leave_out else r.text for r in draft_item.resolutions],
        requests=requests,
    )


def _owners_and_people(
    draft: ReviewDraft, items: list[ReviewItem]
) -> tuple[dict[int, Person], dict[int, Post]]:
    person_ids = {a.person for a in draft.attendance if a.person and not a.leave_out}
    person_ids |= {
        a.substitute_for for a in draft.attendance if a.substitute_for and not a.leave_out
    }
    person_ids |= {d.person for d in draft.declarations if d.person and not d.leave_out}
    post_ids = set()
    for item in items:
        for request in item.requests:
            kind, _, pk = request.owner.partition(":")
            if kind == "person":
                person_ids.add(int(pk))
            elif kind == "post":
                post_ids.add(int(pk))
    people = Person.objects.in_bulk(person_ids)
    posts = Post.objects.in_bulk(post_ids)
    if len(people) != len(person_ids) or len(posts) != len(post_ids):
        raise ValidationError(
            "Someone chosen in the draft is no longer on record: check the owners and the "
            "attendance, then confirm again."
        )
    return people, posts
