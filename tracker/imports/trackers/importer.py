"""Importing a tracker from CSV or XLSX, in the columns the outstanding-list export writes
(a council's own tracker is first written in them by `mapping.mapped_sheet`).

Three steps, each one function:

- `read_tracker_file`: the upload becomes a `Sheet` (its column headings and rows
  of text), or an `ImportFileError` that says in plain words what is wrong with the file.
- `plan_tracker_import`: each row is matched to the record and planned as new, changed
  (each field's old and new value), unchanged, or an error naming the column and the
  problem. It reads a fixed handful of tables and writes nothing.
- `tracker_import_apply`: applies a plan in one transaction, through the services, so
  every changed item has its history with who and "Imported from <file>".

Policy: all or nothing. A file with any row in error is refused whole and the preview
lists every error, so the officer corrects the file and uploads it again; half a file
would leave the record and the officer's spreadsheet disagreeing in ways nobody can see.

What an import may change, and how:
- Text, owner (a post by its title or a former title, or a person by name or another
  spelling) and, for recommendations, the next tracking date: saved as they are.
- A recommendation's due date through the due-date revision service, with a reason; its
  first due date (when the record has none) is recorded as the original date. A
  request's due date is saved with the reason in its history.
- A recommendation's assessment through the assessment service.
What it may not: move an item to another inquiry, meeting or committee, take away an
owner, due date, text or assessment, change a request's status, or touch an item that is
no longer outstanding or a committee whose record the officer does not keep.

Rows are matched by Kind and Record ID (files exported before that column existed: by
their link to this site); without one, a recommendation by committee, inquiry and
reference, a request by committee, meeting date and its exact text. Anything else is a
new item, if the inquiry or meeting it names exists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve

from committees.dates import check_due_date, in_window, long_date, parse_date, window_text
from committees.models import AgendaItem, Committee, Meeting, Person, Post
from tracker.access import Access
from tracker.exported_text import text_too_long
from tracker.items.services import (
    recommendation_assess,
    recommendation_revise_due_date,
    save_with_history,
    tracking_round_record,
)
from tracker.models import (
    AssessmentCategory,
    InformationRequest,
    Inquiry,
    Recommendation,
    TrackingRound,
    normalise_recommendation_code,
)
from tracker.outstanding.exports import (
    DETAIL_URLS,
    HEADERS,
    KIND_LABELS,
    OWNER_NOT_KNOWN,
    TEXT_NOT_KNOWN,
)
from tracker.outstanding.selectors import KIND_RECOMMENDATION, KIND_REQUEST
from tracker.uploads import UploadLimits

from ..tables import (
    CHANGED,
    ERROR,
    NEW,
    UNCHANGED,
    Sheet,
    match_key,
    not_a_date,
    quoted_list,
    read_sheet,
    xlsx_read_back,
)

# The export's columns, by name. Unpacking fails loudly if the export's columns change.
(
    KIND,
    COMMITTEE,
    SOURCE,
    SOURCE_DATE,
    REFERENCE,
    TEXT,
    OWNER,
    DUE_DATE,
    OVERDUE,
    ASSESSMENT,
    NEXT_TRACKING_DATE,
    LINK,
    RECORD_ID,
) = HEADERS
# Not in the export: an officer may add it to give each revised due date its own reason.
DUE_DATE_REASON = "Reason for due date change"
# Not in the export either: what a council's own tracker may also hold, once the officer
# has mapped its columns (`tracker.imports.trackers.mapping`).
MEETING_DATE = "Date of meeting"
ACTION_TAKEN = "Action taken"

REQUIRED_COLUMNS = (
    KIND,
    COMMITTEE,
    SOURCE,
    SOURCE_DATE,
    REFERENCE,
    TEXT,
    OWNER,
    DUE_DATE,
    ASSESSMENT,
    NEXT_TRACKING_DATE,
)
# Worked out by the tracker, so never read (Link only as the key of older files).
DERIVED_COLUMNS = (OVERDUE, LINK)
KNOWN_COLUMNS = (*HEADERS, DUE_DATE_REASON)

# What the outstanding list writes in "Latest assessment" when there is no assessment.
NOT_YET_ASSESSED = "Not yet assessed"
AWAITING_INFORMATION = "Awaiting information"


# -- reading the file -------------------------------------------------------------------


def read_tracker_file(
    *, filename: str, content: bytes, limits: UploadLimits | None = None
) -> Sheet:
    """Read an uploaded CSV or XLSX file; ImportFileError says what is wrong with it.

    A file with a Kind column is the outstanding list's export, and must have its columns.
    Any other is a council's own tracker: every column is read under its own heading
    (`Sheet.own_columns`), for the officer to say what each holds.
    """
    source = "the outstanding list's export"
    sheet = read_sheet(
        filename=filename, content=content, columns=None, required=(), source=source, limits=limits
    )
    if match_key(KIND) in {match_key(column) for column in sheet.columns}:
        return sheet.select(columns=KNOWN_COLUMNS, required=REQUIRED_COLUMNS, source=source)
    sheet.own_columns = True
    return sheet


# -- planning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    column: str  # empty when about the row as a whole
    message: str


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass
class PlannedRow:
    """What importing one row would do. `status` is what the preview shows."""

    number: int
    kind: str = ""
    description: str = ""
    item: Recommendation | InformationRequest | None = None
    new_item: Recommendation | InformationRequest | None = None
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # for an existing item
    shown: list[tuple[str, str]] = field(default_factory=list)  # for a new item
    fields: dict[str, Any] = field(default_factory=dict)  # saved as they are
    revised_due_date: dt.date | None = None  # a recommendation's, through the service
    request_due_date_changed: bool = False
    due_date_reason: str = ""
    assessment: AssessmentCategory | None = None  # through the assessment service
    # A council's own tracker only:
    agreed_at: Meeting | None = None  # the meeting of its Date of meeting, when found
    action_taken: str = ""  # recorded as the latest update, through the tracking service
    new_posts: list[str] = field(default_factory=list)  # owners created as posts on confirm
    notes: list[str] = field(default_factory=list)  # what the preview says besides

    @property
    def status(self) -> str:
        if self.problems:
            return ERROR
        if self.new_item is not None:
            return NEW
        return CHANGED if self.changes else UNCHANGED

    @property
    def changes_due_date(self) -> bool:
        return self.revised_due_date is not None or self.request_due_date_changed

    @property
    def needs_decision_date(self) -> bool:
        return self.revised_due_date is not None or self.assessment is not None

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(column, message))


@dataclass
class ImportPlan:
    filename: str
    rows: list[PlannedRow]
    ignored_columns: list[str]

    @property
    def errors(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.status == ERROR]

    @property
    def has_errors(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(row.status in {NEW, CHANGED} for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (NEW, CHANGED, UNCHANGED, ERROR)}

    @property
    def needs_reason(self) -> bool:
        """Some due date changes without a reason of their own in the file."""
        return any(row.changes_due_date and not row.due_date_reason for row in self.rows)

    @property
    def needs_decision_date(self) -> bool:
        return any(row.needs_decision_date for row in self.rows)

    @property
    def fingerprint(self) -> str:
        """A digest of everything the preview shows: confirming checks that it still holds."""
        described = [
            [
                row.number,
                row.status,
                row.kind,
                row.item.pk if row.item is not None else None,
                [[c.column, c.old, c.new] for c in row.changes],
                row.shown,
                [[p.column, p.message] for p in row.problems],
                row.due_date_reason,
                row.notes,
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()


def plan_tracker_import(*, sheet: Sheet, access: Access, own_columns: bool = False) -> ImportPlan:
    """Match each row to the record and say what importing it would do. Writes nothing.

    `own_columns`: the sheet comes from a council's own tracker, mapped to the import's
    columns (`mapping.mapped_sheet`). An empty or missing cell then leaves the record as it
    is, rather than asking to take something away; an owner the tracker does not know is a
    post to create when the import is confirmed; and Date of meeting and Action taken are
    read.
    """
    records = sheet.records()
    lookup = _Lookup(
        access=access,
        records=records,
        link_is_key=RECORD_ID not in sheet.columns,
        own_columns=own_columns,
    )
    rows = [_plan_row(number, cells, lookup) for number, cells in records]
    return ImportPlan(filename=sheet.filename, rows=rows, ignored_columns=sheet.ignored_columns)


class _Owners:
    """Posts by title and former titles, people by name and other spellings."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Post | Person]] = defaultdict(list)
        for post in Post.objects.all():
            for title in [post.title, *post.former_titles.splitlines()]:
                self._add(title, post)
        for person in Person.objects.all():
            self._add(person.name, person)
            first_names = person.name.rsplit(" ", 1)[0] if " " in person.name else ""
            for spelling in person.other_spellings.split(","):
                self._add(spelling, person)
                if first_names and spelling.strip() and " " not in spelling.strip():
                    # The documents misspell surnames: "Mohammed Aikhlag".
                    self._add(f"{first_names} {spelling}", person)

    def _add(self, name: str, owner: Post | Person) -> None:
        key = match_key(name)
        if key and owner not in self.by_name[key]:
            self.by_name[key].append(owner)

    def find(self, name: str) -> list[Post | Person]:
        key = match_key(name)
        without_title = re.sub(r"^(councillor|cllr\.?)\s+", "", key)
        return self.by_name.get(key) or self.by_name.get(without_title) or []

    def suggestion(self, name: str) -> str:
        close = difflib.get_close_matches(match_key(name), list(self.by_name), n=1, cutoff=0.75)
        return _owner_name(self.by_name[close[0]][0]) if close else ""


class _Lookup:
    """What the plan looks rows up in, read once per import rather than once a row."""

    def __init__(
        self,
        *,
        access: Access,
        records: list[tuple[int, dict[str, str]]],
        link_is_key: bool,
        own_columns: bool = False,
    ):
        self.access = access
        self.link_is_key = link_is_key
        self.own_columns = own_columns
        self.new_posts: dict[str, Post] = {}  # owners to create on confirm, by match key
        self.committees = {match_key(c.name): c for c in Committee.objects.all()}
        kept = access.officer_of
        self.inquiries = {
            (inquiry.committee_id, match_key(inquiry.title)): inquiry
            for inquiry in Inquiry.objects.filter(committee__in=kept).select_related(
                "committee", "assessment_scale"
            )
        }
        self.categories: dict[tuple[int, str], AssessmentCategory] = {}
        self.labels: dict[int, list[str]] = defaultdict(list)
        for category in AssessmentCategory.objects.all():
            self.categories[(category.scale_id, match_key(category.label))] = category
            self.labels[category.scale_id].append(category.label)
        self.owners = _Owners()
        self.seen: dict[tuple[str, Any], int] = {}  # item key -> the row it was first in
        self._load_items(records, kept)

    def _load_items(self, records: list[tuple[int, dict[str, str]]], kept: frozenset[int]) -> None:
        """The items and meetings the rows name, a query per kind rather than per row."""
        ids: dict[str, set[int]] = {KIND_RECOMMENDATION: set(), KIND_REQUEST: set()}
        codes: set[str] = set()
        dates: set[dt.date] = set()
        for _number, cells in records:
            kind = _kind(cells.get(KIND, ""))
            pk, _problem = self.record_id(cells, kind)
            if kind and pk:
                ids[kind].add(pk)
            if kind == KIND_RECOMMENDATION:
                codes.update(_codes_written(cells.get(REFERENCE, "")))
                with contextlib.suppress(ValueError):
                    dates.add(parse_date(cells.get(MEETING_DATE, "")))
            elif kind == KIND_REQUEST:
                with contextlib.suppress(ValueError):
                    dates.add(parse_date(cells.get(SOURCE_DATE, "")))
        recommendations = Recommendation.objects.select_related(
            "inquiry__committee",
            "inquiry__assessment_scale",
            "owner_post",
            "owner_person",
            "current_assessment",
            "agreed_at",
        )
        self.recommendations = {
            r.pk: r for r in recommendations.filter(pk__in=ids[KIND_RECOMMENDATION])
        }
        # Keyed by the code's key: the record keeps "R2" or "SC18" as the council wrote
        # it, and a file's "R2" or "R02" names that one recommendation, "sc18" that one.
        self.recommendations_by_code = {
            (r.inquiry_id, _code(r.code)): r
            for r in recommendations.filter(inquiry__committee__in=kept, code__in=codes)
        }
        # Each matched recommendation's latest action taken, to tell a new one from the same.
        self.latest_action: dict[int, str] = {}
        matched = {r.pk for r in self.recommendations.values()} | {
            r.pk for r in self.recommendations_by_code.values()
        }
        if self.own_columns and matched:
            for recommendation_id, evidence in (
                TrackingRound.objects.filter(recommendation__in=matched)
                .order_by("recommendation", "update_received_on", "pk")
                .values_list("recommendation", "executive_evidence")
            ):
                self.latest_action[recommendation_id] = evidence
        requests = InformationRequest.objects.select_related(
            "meeting__committee", "agenda_item", "owner_post", "owner_person"
        )
        # A request the officer may not see is, to this import, a request that does not
        # exist: its text never reaches the preview.
        self.requests = {
            r.pk: r
            for r in requests.filter(self.access.visible_requests(), pk__in=ids[KIND_REQUEST])
        }
        self.meetings: dict[tuple[int, dt.date], list[Meeting]] = defaultdict(list)
        for meeting in (
            Meeting.objects.filter(committee__in=kept, date__in=dates)
            .select_related("committee")
            .prefetch_related("agenda_items")
        ):
            self.meetings[(meeting.committee_id, meeting.date)].append(meeting)
        self.requests_by_text: dict[tuple[int, str], InformationRequest] = {}
        meetings = [m for found in self.meetings.values() for m in found]
        for request in requests.filter(meeting__in=meetings).order_by("pk"):
            self.requests_by_text.setdefault((request.meeting_id, match_key(request.text)), request)

    def record_id(self, cells: dict[str, str], kind: str) -> tuple[int | None, Problem | None]:
        """The row's record ID; for files exported before that column, from its link."""
        if not self.link_is_key:
            raw = cells.get(RECORD_ID, "")
            if not raw:
                return None, None
            if not (raw.isascii() and raw.isdigit()):
                return None, Problem(
                    RECORD_ID,
                    f"'{raw}' is not a record ID: leave it as exported, or empty it for a new item",
                )
            return int(raw), None
        link = cells.get(LINK, "")
        linked, pk = _linked_item(link)
        if linked is None:
            return None, None  # a link to another site is no key here
        if kind and linked != kind:
            return None, Problem(LINK, f"The link is to a {linked}, but Kind says otherwise")
        return pk, None

    def committee(self, row: PlannedRow, cells: dict[str, str]) -> Committee | None:
        name = cells.get(COMMITTEE, "")
        if not name:
            row.problem(COMMITTEE, "Give the committee's name")
            return None
        committee = self.committees.get(match_key(name))
        if committee is None:
            row.problem(COMMITTEE, f"There is no committee called '{name}'")
            return None
        if not self.access.keeps_record_of(committee.pk):
            row.problem(COMMITTEE, _not_kept(committee))
            return None
        return committee


def _linked_item(link: str) -> tuple[str | None, int | None]:
    """The kind and id of the item a link from an export of this site is to, as the export
    writes it (`exports.DETAIL_URLS`); (None, None) for any other link."""
    site = settings.SITE_URL.rstrip("/")
    if not link.startswith(f"{site}/"):
        return None, None
    path = link[len(site) :]
    try:
        match = resolve(path if path.endswith("/") else f"{path}/")
    except Resolver404:
        return None, None
    kinds = {name: kind for kind, name in DETAIL_URLS.items()}
    if match.url_name not in kinds or match.namespace:
        return None, None
    return kinds[match.url_name], match.kwargs["pk"]


def _plan_row(number: int, cells: dict[str, str], lookup: _Lookup) -> PlannedRow:
    row = PlannedRow(number=number)
    row.kind = _kind(cells.get(KIND, ""))
    row.description = _description_from_file(cells)
    if not row.kind:
        given = cells.get(KIND, "")
        row.problem(
            KIND,
            (f"'{given}' is not a kind of item: write " if given else "Say what the row is: ")
            + quoted_list(list(KIND_LABELS.values()), "or"),
        )
        return row
    pk, problem = lookup.record_id(cells, row.kind)
    if problem:
        row.problems.append(problem)
        return row
    if row.kind == KIND_RECOMMENDATION:
        _plan_recommendation(row, cells, pk, lookup)
    else:
        _plan_request(row, cells, pk, lookup)
    key = _identity(row)
    if key in lookup.seen:
        row.problem("", f"Row {lookup.seen[key]} is about the same item: keep one of the two")
    elif key is not None:
        lookup.seen[key] = number
    return row


# -- recommendations --


def _plan_recommendation(
    row: PlannedRow, cells: dict[str, str], pk: int | None, lookup: _Lookup
) -> None:
    if pk is not None:
        item = lookup.recommendations.get(pk)
        if item is None:
            row.problem(
                RECORD_ID,
                f"No recommendation has the record ID {pk}: empty the ID to add it as a new "
                "recommendation",
            )
            return
        if not lookup.access.keeps_record_of(item.inquiry.committee_id):
            row.problem(COMMITTEE, _not_kept(item.inquiry.committee))
            return
        _check_same(row, COMMITTEE, cells, item.inquiry.committee.name, f"record ID {pk}")
        _check_same(row, SOURCE, cells, item.inquiry.title, f"record ID {pk}")
        reference = cells.get(REFERENCE, "")
        if reference and _code(reference) != _code(item.code):
            row.problem(
                REFERENCE,
                f"Record ID {pk} is {item.code}, not '{reference}': to add a new "
                "recommendation, empty its Record ID",
            )
        if row.problems:
            return
    else:
        committee = lookup.committee(row, cells)
        if committee is None:
            return
        title = cells.get(SOURCE, "")
        inquiry = lookup.inquiries.get((committee.pk, match_key(title)))
        if inquiry is None:
            row.problem(
                SOURCE,
                f"The committee has no inquiry called '{title}': add the inquiry first"
                if title
                else "Give the title of the inquiry the recommendation belongs to",
            )
            return
        code = cells.get(REFERENCE, "").strip()
        if not code:
            row.problem(
                REFERENCE,
                "Give the recommendation's reference as the council writes it, like R01 or SC18",
            )
            return
        if len(code) > CODE_LENGTH:
            row.problem(REFERENCE, f"A reference must be at most {CODE_LENGTH} characters")
            return
        item = lookup.recommendations_by_code.get((inquiry.pk, _code(code)))
        if item is None:
            _plan_new_recommendation(row, cells, inquiry, code, lookup)
            return
    row.item = item
    row.description = f"{item.inquiry.title} {item.code}"
    _plan_recommendation_changes(row, cells, item, lookup)
    if row.changes and not item.is_outstanding:
        row.changes = []
        row.problem(
            "",
            f"{item.code} is no longer outstanding (assessed '{item.current_assessment}'), so "
            "an import does not change it: remove the row, or export the list again",
        )


def _same_text(cell: str, stored: str) -> bool:
    """The cell holds the stored text: whole, or as a workbook export had to cut it (a
    text stored before the limit on exported text), which is not a change to make."""
    return cell == stored.strip() or cell == xlsx_read_back(stored)


def _plan_recommendation_changes(
    row: PlannedRow, cells: dict[str, str], item: Recommendation, lookup: _Lookup
) -> None:
    # Text: the export writes a placeholder while the wording is not known.
    text = cells.get(TEXT, "")
    own = lookup.own_columns  # a council's own tracker: an empty cell leaves it as it is
    if not text and not own:
        row.problem(TEXT, f"Give the recommendation's text, or write {TEXT_NOT_KNOWN}")
    elif not text:
        pass
    elif match_key(text) == match_key(TEXT_NOT_KNOWN):
        if item.text_known:
            row.problem(TEXT, "An import cannot take away a recommendation's text")
    elif not item.text_known or not _same_text(text, item.text):
        if message := text_too_long(text):
            row.problem(TEXT, message)
        else:
            old = item.text if item.text_known else TEXT_NOT_KNOWN
            row.changes.append(Change(TEXT, old, text))
            row.fields.update(text=text, text_known=True)

    _plan_owner(row, cells, item, lookup)

    due = _date_cell(row, cells, DUE_DATE)
    if due is not _INVALID and not (own and due is None):
        if due is None and item.due_date:
            row.problem(DUE_DATE, "An import cannot take away a due date")
        elif (
            due is not None
            and due != item.due_date
            and _due_in_window(row, due, *item.due_date_anchor())
        ):
            row.changes.append(Change(DUE_DATE, _date_text(item.due_date), _date_text(due)))
            if item.due_date is None:
                # The first date known for it: what the report gave, not a revision.
                row.fields.update(original_due_date=due, due_date=due)
            else:
                row.revised_due_date = due
                row.due_date_reason = cells.get(DUE_DATE_REASON, "")

    scale_id = item.inquiry.assessment_scale_id
    assessment = _assessment_cell(row, cells, scale_id, lookup)
    current = item.current_assessment
    if own and assessment is None:
        pass  # unassessed in the file, or an outcome left unassessed: the record's stands
    elif assessment is None and current is not None and not _invalid_in(row, ASSESSMENT):
        row.problem(ASSESSMENT, "An import cannot take away an assessment")
    elif assessment is not None and assessment != current:
        row.changes.append(Change(ASSESSMENT, str(current or NOT_YET_ASSESSED), assessment.label))
        row.assessment = assessment

    tracking = _date_cell(row, cells, NEXT_TRACKING_DATE)
    if tracking is not _INVALID and not (own and tracking is None):
        if tracking and row.assessment is not None and row.assessment.ends_tracking:
            row.problem(
                NEXT_TRACKING_DATE,
                f"'{row.assessment.label}' ends tracking, so leave the next tracking date empty",
            )
        elif tracking != item.next_tracking_date:
            row.changes.append(
                Change(
                    NEXT_TRACKING_DATE,
                    _date_text(item.next_tracking_date),
                    _date_text(tracking),
                )
            )
            row.fields["next_tracking_date"] = tracking

    if own:
        _plan_meeting(row, cells, item.inquiry.committee_id, lookup, current=item.agreed_at)
        action = cells.get(ACTION_TAKEN, "")
        latest = lookup.latest_action.get(item.pk, "")
        if action and not _same_text(action, latest):
            if message := text_too_long(action):
                row.problem(ACTION_TAKEN, message)
            else:
                row.changes.append(Change(ACTION_TAKEN, latest or "None recorded", action))
                row.action_taken = action


def _plan_meeting(
    row: PlannedRow,
    cells: dict[str, str],
    committee_id: int,
    lookup: _Lookup,
    current: Meeting | None = None,
) -> None:
    """The meeting of the row's Date of meeting, where the recommendation arose or was
    agreed: the committee's meeting that day, or a note that it has none (then no meeting
    is recorded, and nothing else is held up)."""
    day = _date_cell(row, cells, MEETING_DATE)
    if day in (None, _INVALID):
        return
    meetings = lookup.meetings.get((committee_id, day), [])
    if not meetings:
        row.notes.append(
            f"{MEETING_DATE}: the committee has no meeting on {_date_text(day)}, so no "
            "meeting is recorded for it"
        )
        return
    meeting = meetings[0]
    if meeting != current:
        row.agreed_at = meeting
        if row.item is not None:
            old = _date_text(current.date) if current else "Not recorded"
            row.changes.append(Change(MEETING_DATE, old, _date_text(meeting.date)))
            row.fields["agreed_at"] = meeting


def _plan_new_recommendation(
    row: PlannedRow, cells: dict[str, str], inquiry: Inquiry, code: str, lookup: _Lookup
) -> None:
    row.description = f"{inquiry.title} {code}"
    text = cells.get(TEXT, "")
    known = match_key(text) != match_key(TEXT_NOT_KNOWN)
    if not text:
        row.problem(TEXT, f"Give the recommendation's text, or write {TEXT_NOT_KNOWN}")
    elif message := text_too_long(text):
        row.problem(TEXT, message)
    owner = _owner_cell(row, cells, lookup)
    due = _date_cell(row, cells, DUE_DATE)
    tracking = _date_cell(row, cells, NEXT_TRACKING_DATE)
    assessment = _assessment_cell(row, cells, inquiry.assessment_scale_id, lookup)
    action = cells.get(ACTION_TAKEN, "")
    if lookup.own_columns:
        _plan_meeting(row, cells, inquiry.committee_id, lookup)
        if message := text_too_long(action):
            row.problem(ACTION_TAKEN, message)
    if assessment and assessment.ends_tracking and tracking and tracking is not _INVALID:
        row.problem(
            NEXT_TRACKING_DATE,
            f"'{assessment.label}' ends tracking, so leave the next tracking date empty",
        )
    if row.problems:
        return
    item = Recommendation(
        inquiry=inquiry,
        code=code,
        text=text if known else "",
        text_known=known,
        original_due_date=due,
        next_tracking_date=tracking,
        agreed_at=row.agreed_at,
        **_owner_fields(owner, cells),
    )
    if not _validates(row, item):
        return
    row.new_item = item
    row.assessment = assessment
    row.action_taken = action
    row.shown = [
        (REFERENCE, code),
        (TEXT, text),
        (OWNER, _owner_name(owner) if owner else OWNER_NOT_KNOWN),
        (DUE_DATE, _date_text(due)),
        (ASSESSMENT, assessment.label if assessment else NOT_YET_ASSESSED),
    ]
    if tracking:
        row.shown.append((NEXT_TRACKING_DATE, _date_text(tracking)))
    if row.agreed_at is not None:
        row.shown.append((MEETING_DATE, _date_text(row.agreed_at.date)))
    if action:
        row.shown.append((ACTION_TAKEN, action))


# -- requests --


def _plan_request(row: PlannedRow, cells: dict[str, str], pk: int | None, lookup: _Lookup) -> None:
    if cells.get(REFERENCE):
        row.problem(REFERENCE, "Requests have no reference: leave it empty")
    if pk is not None:
        item = lookup.requests.get(pk)
        if item is None:
            row.problem(
                RECORD_ID,
                f"No requested information or action has the record ID {pk}: empty the ID "
                "to add it as a new request",
            )
            return
        if not lookup.access.keeps_record_of(item.meeting.committee_id):
            row.problem(COMMITTEE, _not_kept(item.meeting.committee))
            return
        _check_same(row, COMMITTEE, cells, item.meeting.committee.name, f"record ID {pk}")
        title = item.agenda_item.title if item.agenda_item_id else ""
        _check_same(row, SOURCE, cells, title, f"record ID {pk}")
        day = _date_cell(row, cells, SOURCE_DATE)
        if day not in (None, _INVALID) and day != item.meeting.date:
            row.problem(
                SOURCE_DATE,
                f"Record ID {pk} was requested at the meeting of {_date_text(item.meeting.date)}, "
                f"not {_date_text(day)}",
            )
        if row.problems:
            return
    else:
        committee = lookup.committee(row, cells)
        if committee is None:
            return
        place = _request_place(row, cells, committee, lookup)
        if place is None:
            return
        meeting, agenda_item = place
        item = lookup.requests_by_text.get((meeting.pk, match_key(cells.get(TEXT, ""))))
        if item is None:
            _plan_new_request(row, cells, meeting, agenda_item, lookup)
            return
    row.item = item
    row.description = _request_description(item.meeting, item.text)
    _plan_request_changes(row, cells, item, lookup)
    if row.changes and not item.is_outstanding:
        row.changes = []
        row.problem(
            "",
            f"This request is no longer outstanding ({item.get_status_display().lower()}), so "
            "an import does not change it: remove the row, or export the list again",
        )


def _request_place(
    row: PlannedRow, cells: dict[str, str], committee: Committee, lookup: _Lookup
) -> tuple[Meeting, AgendaItem | None] | None:
    """The meeting (by its date) and agenda item (by its title) a request row names."""
    given = cells.get(SOURCE_DATE, "")
    if not given:
        row.problem(SOURCE_DATE, "Give the date of the meeting that made the request")
        return None
    try:
        day = parse_date(given)
    except ValueError:
        row.problem(SOURCE_DATE, not_a_date(given))
        return None
    meetings = lookup.meetings.get((committee.pk, day), [])
    if not meetings:
        row.problem(SOURCE_DATE, f"The committee has no meeting on {_date_text(day)}")
        return None
    title = cells.get(SOURCE, "")
    if not title:
        if len(meetings) > 1:
            row.problem(
                SOURCE,
                f"The committee met more than once on {_date_text(day)}: give the title of "
                "the agenda item",
            )
            return None
        return meetings[0], None
    for meeting in meetings:
        for agenda_item in meeting.agenda_items.all():
            if match_key(agenda_item.title) == match_key(title):
                return meeting, agenda_item
    row.problem(SOURCE, f"The meeting of {_date_text(day)} has no agenda item called '{title}'")
    return None


def _plan_request_changes(
    row: PlannedRow, cells: dict[str, str], item: InformationRequest, lookup: _Lookup
) -> None:
    text = cells.get(TEXT, "")
    if not text:
        row.problem(TEXT, "Say what was requested")
    elif not _same_text(text, item.text):
        if message := text_too_long(text):
            row.problem(TEXT, message)
        else:
            row.changes.append(Change(TEXT, item.text, text))
            row.fields["text"] = text

    _plan_owner(row, cells, item, lookup)

    due = _date_cell(row, cells, DUE_DATE)
    if due is None:
        # A request whose due date is not stated reads back empty, unchanged.
        if item.due_date:
            row.problem(DUE_DATE, "An import cannot take away a due date")
    elif (
        due is not _INVALID
        and due != item.due_date
        and _due_in_window(row, due, item.meeting.date, "the meeting")
    ):
        row.changes.append(Change(DUE_DATE, _date_text(item.due_date), _date_text(due)))
        row.fields["due_date"] = due
        row.request_due_date_changed = True
        row.due_date_reason = cells.get(DUE_DATE_REASON, "")

    _check_request_only_columns(row, cells, item)


def _check_request_only_columns(
    row: PlannedRow, cells: dict[str, str], item: InformationRequest | None
) -> None:
    status = cells.get(ASSESSMENT, "")
    expected = AWAITING_INFORMATION
    if item is not None and not item.is_outstanding:
        expected = item.get_status_display()
    if status and match_key(status) not in {match_key(AWAITING_INFORMATION), match_key(expected)}:
        row.problem(
            ASSESSMENT,
            "An import does not change a request's status: leave it as "
            f"'{AWAITING_INFORMATION}', and mark the request provided or withdrawn on its page",
        )
    if cells.get(NEXT_TRACKING_DATE):
        row.problem(NEXT_TRACKING_DATE, "Requests have no tracking date: leave it empty")


def _plan_new_request(
    row: PlannedRow,
    cells: dict[str, str],
    meeting: Meeting,
    agenda_item: AgendaItem | None,
    lookup: _Lookup,
) -> None:
    text = cells.get(TEXT, "")
    row.description = _request_description(meeting, text)
    if not text:
        row.problem(TEXT, "Say what was requested")
    elif message := text_too_long(text):
        row.problem(TEXT, message)
    owner = _owner_cell(row, cells, lookup)
    due = _date_cell(row, cells, DUE_DATE)
    _check_request_only_columns(row, cells, None)
    if row.problems:
        return
    item = InformationRequest(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        due_date=due,
        **_owner_fields(owner, cells),
    )
    if due is None:
        try:
            item.due_date = item.default_due_date()
        except ValidationError as error:
            row.problem(DUE_DATE, " ".join(error.messages).rstrip("."))
            return
    if not _validates(row, item):
        return
    row.new_item = item
    row.shown = [
        (SOURCE, agenda_item.title if agenda_item else "No agenda item"),
        (TEXT, text),
        (OWNER, _owner_name(owner) if owner else OWNER_NOT_KNOWN),
        (
            DUE_DATE,
            _date_text(item.due_date)
            + ("" if due else " (the report deadline of the next meeting)"),
        ),
    ]


# -- cells every kind shares --


_INVALID: Any = object()  # a cell that could not be read; its problem is already listed


def _plan_owner(
    row: PlannedRow,
    cells: dict[str, str],
    item: Recommendation | InformationRequest,
    lookup: _Lookup,
) -> None:
    if lookup.own_columns and not cells.get(OWNER, ""):
        return  # a council's own tracker that names no owner leaves the owner as it is
    given = cells.get(OWNER, "") or OWNER_NOT_KNOWN
    current = _exported_owner(item)
    if match_key(given) == match_key(current):
        return
    owner = _owner_cell(row, cells, lookup)
    if owner is _INVALID or owner == item.owner:
        return
    if owner is None:
        if item.owner is not None:
            row.problem(OWNER, "An import cannot take away an owner: name the new owner")
        return
    row.changes.append(Change(OWNER, current, _owner_name(owner)))
    row.fields.update(
        owner_post=owner if isinstance(owner, Post) else None,
        owner_person=owner if isinstance(owner, Person) else None,
    )


def _owner_cell(row: PlannedRow, cells: dict[str, str], lookup: _Lookup) -> Any:
    """The post or person the Owner cell names, None for "Not known", or _INVALID."""
    given = cells.get(OWNER, "")
    if not given or match_key(given) == match_key(OWNER_NOT_KNOWN):
        return None
    found = lookup.owners.find(given)
    if len(found) == 1:
        return found[0]
    if found:
        names = quoted_list([_owner_name(owner) for owner in found], "or")
        row.problem(OWNER, f"'{given}' could be {names}: write which one in full")
    elif lookup.own_columns:
        return _new_post(row, given, lookup)
    else:
        suggestion = lookup.owners.suggestion(given)
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        row.problem(
            OWNER,
            f"There is no post or person called '{given}': use a post's title or a person's "
            f"name as the tracker has them.{hint}",
        )
    return _INVALID


def _new_post(row: PlannedRow, given: str, lookup: _Lookup) -> Post | Any:
    """An owner a council's own tracker names that the tracker does not know: a post,
    created only when the import is confirmed (until then it is not saved). Rows that name
    it share one."""
    title = " ".join(given.split())
    if len(title) > Post._meta.get_field("title").max_length:
        row.problem(OWNER, "An owner's name must be at most 200 characters")
        return _INVALID
    post = lookup.new_posts.get(match_key(title))
    if post is None:
        post = lookup.new_posts[match_key(title)] = Post(title=title)
    suggestion = lookup.owners.suggestion(title)
    hint = f" (did you mean '{suggestion}'? If so, correct the file)" if suggestion else ""
    row.notes.append(
        f"{OWNER}: no post or person is called '{title}', so confirming creates it as a post{hint}"
    )
    row.new_posts.append(title)
    return post


def _owner_fields(owner: Post | Person | None, cells: dict[str, str]) -> dict[str, Any]:
    return {
        "owner_post": owner if isinstance(owner, Post) else None,
        "owner_person": owner if isinstance(owner, Person) else None,
        # As the file words it, like the responsibility a report gives.
        "responsibility": cells.get(OWNER, "") if owner else "",
    }


def _assessment_cell(
    row: PlannedRow, cells: dict[str, str], scale_id: int, lookup: _Lookup
) -> AssessmentCategory | None:
    given = cells.get(ASSESSMENT, "")
    if not given or match_key(given) == match_key(NOT_YET_ASSESSED):
        return None
    category = lookup.categories.get((scale_id, match_key(given)))
    if category is None:
        labels = quoted_list(lookup.labels[scale_id], "or")
        row.problem(
            ASSESSMENT, f"'{given}' is not an assessment of this inquiry's scale: use {labels}"
        )
    return category


def _invalid_in(row: PlannedRow, column: str) -> bool:
    return any(problem.column == column for problem in row.problems)


def _date_cell(row: PlannedRow, cells: dict[str, str], column: str) -> Any:
    given = cells.get(column, "")
    if not given:
        return None
    try:
        day = parse_date(given)
    except ValueError:
        row.problem(column, not_a_date(given))
        return _INVALID
    if not in_window(day):
        row.problem(column, f"'{given}' is not a date the tracker takes: give one {window_text()}")
        return _INVALID
    return day


def _due_in_window(row: PlannedRow, due: dt.date, anchor: dt.date, anchor_text: str) -> bool:
    """The due-date window of committees.dates, as a row problem."""
    try:
        check_due_date(due, anchor=anchor, anchor_text=anchor_text)
    except ValidationError as error:
        row.problem(DUE_DATE, " ".join(error.messages).rstrip("."))
        return False
    return True


def _check_same(
    row: PlannedRow, column: str, cells: dict[str, str], actual: str, what: str
) -> None:
    """An identifying column, when filled in, agrees with the record the ID names."""
    given = cells.get(column, "")
    if given and match_key(given) != match_key(actual):
        row.problem(
            column,
            f"'{given}' does not match {what}, which is '{actual or '(none)'}': correct one "
            "or the other",
        )


_MODEL_COLUMNS = {
    "code": REFERENCE,
    "text": TEXT,
    "text_known": TEXT,
    "responsibility": OWNER,
    "original_due_date": DUE_DATE,
    "due_date": DUE_DATE,
    "next_tracking_date": NEXT_TRACKING_DATE,
    "meeting": SOURCE_DATE,
    "agenda_item": SOURCE,
}


def _validates(row: PlannedRow, item: Recommendation | InformationRequest) -> bool:
    """The model's own checks on a new item, as row problems (nothing is saved)."""
    try:
        item.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = _MODEL_COLUMNS.get(name, "")
            for message in messages:
                row.problem(column, message.rstrip("."))
        return False
    return True


# -- applying ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    changed: int


@transaction.atomic
def tracker_import_apply(
    *,
    plan: ImportPlan,
    by_user: AbstractBaseUser,
    reason: str = "",
    decided_on: dt.date | None = None,
) -> ImportOutcome:
    """Apply every new and changed row, or nothing: one transaction, through the services.

    `reason` is why due dates changed, for rows that do not give their own; `decided_on`
    is when the committee agreed the revised dates and assessments.
    """
    if plan.has_errors:
        rows = ", ".join(str(row.number) for row in plan.errors)
        raise ValidationError(
            f"Nothing was imported: rows {rows} have errors. Correct the file and upload it again."
        )
    if plan.needs_reason and not reason.strip():
        raise ValidationError("Say why the due dates changed.")
    if plan.needs_decision_date and decided_on is None:
        raise ValidationError("Give the date the committee agreed the changes.")
    created = changed = 0
    for row in plan.rows:
        try:
            if row.status == NEW:
                _apply_new(row, by_user, plan.filename, decided_on)
                created += 1
            elif row.status == CHANGED:
                _apply_changes(row, by_user, plan.filename, reason.strip(), decided_on)
                changed += 1
        except ValidationError as error:
            # Raising rolls the whole import back.
            raise ValidationError(
                f"Nothing was imported: row {row.number} could not be saved ("
                + " ".join(error.messages)
                + ")"
            ) from error
    return ImportOutcome(created=created, changed=changed)


def _apply_new(
    row: PlannedRow, by_user: AbstractBaseUser, filename: str, decided_on: dt.date | None
) -> None:
    provenance = f"Imported from {filename}"
    _create_posts(row.new_item.owner_post, by_user, filename)
    save_with_history(row.new_item, by_user=by_user, reason=provenance)
    _record_action_taken(row, row.new_item, by_user, filename)
    if row.assessment is not None:
        recommendation_assess(
            recommendation=row.new_item,
            assessment=row.assessment,
            decided_on=decided_on,
            by_user=by_user,
            reason=provenance,
            recorded_in=filename,
        )


def _apply_changes(
    row: PlannedRow,
    by_user: AbstractBaseUser,
    filename: str,
    reason: str,
    decided_on: dt.date | None,
) -> None:
    """Field changes ride on the first save, so most changed items get one history row.

    A recommendation whose due date and assessment both change gets two: each service
    records its own decision.
    """
    item = row.item
    _create_posts(row.fields.get("owner_post"), by_user, filename)
    for name, value in row.fields.items():
        setattr(item, name, value)
    provenance = f"Imported from {filename}"
    if isinstance(item, Recommendation):
        _record_action_taken(row, item, by_user, filename)
    why = f"{row.due_date_reason or reason} (imported from {filename})"
    if row.revised_due_date is not None:
        recommendation_revise_due_date(
            recommendation=item,
            new_date=row.revised_due_date,
            decided_on=decided_on,
            by_user=by_user,
            reason=why,
        )
    if row.assessment is not None:
        recommendation_assess(
            recommendation=item,
            assessment=row.assessment,
            decided_on=decided_on,
            by_user=by_user,
            reason=provenance,
            recorded_in=filename,
        )
    elif row.revised_due_date is None and (row.fields or row.request_due_date_changed):
        save_with_history(
            item,
            by_user=by_user,
            reason=f"Due date changed: {why}" if row.request_due_date_changed else provenance,
        )


def _create_posts(post: Post | None, by_user: AbstractBaseUser, filename: str) -> None:
    """An owner the plan will create (a council's own tracker), saved now it is confirmed;
    once, however many rows name it."""
    if post is not None and post.pk is None:
        save_with_history(
            post, by_user=by_user, reason=f"Named as an owner in {filename}: created on import"
        )


def _record_action_taken(
    row: PlannedRow, item: Recommendation, by_user: AbstractBaseUser, filename: str
) -> None:
    """The tracker's Action taken, as the recommendation's latest update: a tracking round,
    through its service, with who imported it and from which file."""
    if row.action_taken:
        tracking_round_record(
            recommendation=item,
            update_received_on=None,
            executive_evidence=row.action_taken,
            note=f"{ACTION_TAKEN}, as {filename} records it",
            by_user=by_user,
            reason=f"Imported from {filename}",
        )


# -- words ------------------------------------------------------------------------------


def _identity(row: PlannedRow) -> tuple[Any, ...] | None:
    """What makes two rows about the same item: its id, or for a new one its natural key."""
    item = row.item or row.new_item
    if item is None:
        return None
    if item.pk is not None:
        return (row.kind, "id", item.pk)
    if isinstance(item, Recommendation):
        return (row.kind, item.inquiry_id, _code(item.code))
    return (row.kind, item.meeting_id, match_key(item.text))


def _kind(text: str) -> str:
    key = match_key(text)
    for kind, label in KIND_LABELS.items():
        if key in {match_key(label), kind}:
            return kind
    return ""


# A reference is kept as the council writes it (R2, SC18, 1.3, 12(a)), unique in its inquiry.
CODE_LENGTH = Recommendation._meta.get_field("code").max_length


def _code(text: str) -> str:
    """What two written references share when they name one recommendation: R2, r 02 and
    R002 are R02; any other is itself, whatever its case or spacing (SC18, sc18)."""
    try:
        return normalise_recommendation_code(text)
    except ValidationError:
        return match_key(text)


def _codes_written(text: str) -> set[str]:
    """The ways the record may hold the reference in `text`, to look it up: as written, in
    capitals or not, and for an R code R2, R02 and R002."""
    written = " ".join(text.split())
    codes = {written, written.upper(), written.lower()} - {""}
    with contextlib.suppress(ValidationError):
        number = int(normalise_recommendation_code(text)[1:])
        codes |= {f"R{number}", f"R{number:02d}", f"R{number:03d}"}
    return codes


def _owner_name(owner: Post | Person) -> str:
    return owner.title if isinstance(owner, Post) else owner.name


def _exported_owner(item: Recommendation | InformationRequest) -> str:
    """The Owner cell as the export writes it (selectors' owner column)."""
    if item.owner_post_id:
        return item.owner_post.title
    if item.owner_person_id:
        return item.owner_person.name
    return item.responsibility or OWNER_NOT_KNOWN


def _date_text(day: dt.date | None) -> str:
    return long_date(day) if day else "Not set"


def _request_description(meeting: Meeting, text: str) -> str:
    short = text if len(text) <= 80 else text[:77].rstrip() + "..."
    return f"Requested at the meeting of {_date_text(meeting.date)}: {short}"


def _description_from_file(cells: dict[str, str]) -> str:
    """What the row says it is, in its own words (used until it is matched)."""
    parts = [cells.get(KIND, ""), cells.get(SOURCE, ""), cells.get(REFERENCE, "")]
    text = cells.get(TEXT, "")
    described = " ".join(part for part in parts if part)
    if text:
        short = text if len(text) <= 80 else text[:77].rstrip() + "..."
        described = f"{described}: {short}" if described else short
    return described or "(no kind, reference or text)"


def _not_kept(committee: Committee) -> str:
    return f"You do not keep the record of the {committee.name}, so an import cannot change it"
