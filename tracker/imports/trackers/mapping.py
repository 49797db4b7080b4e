"""A council's own tracker: its columns mapped to the import's fields, its outcomes to a scale.

A council keeps its tracker in its own columns ("Rec No", "Lead officer", "Target date",
"Action taken", "RAG"). The officer says what each column holds (`FIELDS`, guessed from
the headings by `guess_columns`) and which inquiry the rows belong to; `mapped_sheet`
then writes the rows in the import's own columns, so they are planned and applied as any
other import is (`importer.plan_tracker_import` with `own_columns=True`). Each distinct
outcome ("Complete", "Pending", "To be renegotiated") is read as a category of the
inquiry's scale that the officer chose (`guess_outcome` proposes one), or left unassessed.

What the officer chose is remembered per committee and set of headings
(`TrackerColumnMapping`), saved with the import it was used for, and proposed the next
time a file with the same headings is uploaded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from committees.services import save_with_history
from tracker.access import Access
from tracker.models import AssessmentCategory, Inquiry, Timing
from tracker.outstanding.exports import KIND_LABELS
from tracker.outstanding.selectors import KIND_RECOMMENDATION

from ..tables import Sheet, match_key
from .importer import (
    ACTION_TAKEN,
    ASSESSMENT,
    COMMITTEE,
    DUE_DATE,
    KIND,
    MEETING_DATE,
    NEXT_TRACKING_DATE,
    OWNER,
    REFERENCE,
    SOURCE,
    TEXT,
    ImportOutcome,
    ImportPlan,
    tracker_import_apply,
)
from .models import TrackerColumnMapping

IGNORE = "ignore"

# What a column of a council's tracker can hold: (field, label, the import's column).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("reference", "Reference (R1, SC18, 1.3)", REFERENCE),
    ("text", "Recommendation text", TEXT),
    ("owner", "Owner (a post or a person)", OWNER),
    ("due_date", "Due date", DUE_DATE),
    ("meeting_date", "Date of the meeting it arose at or was agreed", MEETING_DATE),
    ("action_taken", "Action taken or progress (kept as the latest update)", ACTION_TAKEN),
    ("outcome", "Outcome or status (read as an assessment)", ASSESSMENT),
    ("next_tracking_date", "Next tracking date", NEXT_TRACKING_DATE),
    ("inquiry", "Inquiry or review, by its title (else the inquiry chosen above)", SOURCE),
)
FIELD_LABELS = {name: label for name, label, _column in FIELDS}
FIELD_COLUMNS = {name: column for name, _label, column in FIELDS}
REQUIRED_FIELDS = ("reference", "text")
CHOICES = [(IGNORE, "Ignore this column"), *[(name, label) for name, label, _c in FIELDS]]

# Headings as councils write them, by what they hold; the first rule a heading meets wins,
# so "Action taken" is an update before "Action" is the text, and "Rec No" a reference
# before "Recommendation" is the text. Each is matched against the heading's words.
_GUESSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meeting_date", (r"\bmeeting\b", r"^date$", r"date (agreed|raised|made)")),
    ("next_tracking_date", (r"next (update|review|tracking)", r"review date")),
    ("due_date", (r"\btarget\b", r"\bdeadline\b", r"\bdue\b", r"by when", r"timescale")),
    (
        "reference",
        (
            r"^(rec|recommendation|ref|item|minute|action)\.? ?(no|number|ref|reference|id)\.?$",
            r"^ref(erence)?\.?$",
            r"^(no|number|id)\.?$",
        ),
    ),
    ("owner", (r"\blead\b", r"responsib", r"\bowner\b", r"\bofficer\b", r"portfolio")),
    (
        "action_taken",
        (r"action(s)? taken", r"\bprogress\b", r"\bupdate\b", r"\bresponse\b", r"comment"),
    ),
    ("outcome", (r"\bstatus\b", r"\brag\b", r"\boutcome\b", r"\bassessment\b", r"rating")),
    ("inquiry", (r"\binquiry\b", r"\breview\b", r"task (and|&) finish")),
    ("text", (r"recommendation", r"^action$", r"resolution", r"description", r"^text$")),
)


def guess_column(heading: str) -> str:
    """What a heading most likely holds, or IGNORE."""
    key = re.sub(r"[^\w/() ]", "", match_key(heading))
    for field, patterns in _GUESSES:
        if any(re.search(pattern, key) for pattern in patterns):
            return field
    return IGNORE


def guess_columns(headings: Sequence[str]) -> list[str]:
    """A field for each heading, each field to one column at most (the first that fits)."""
    taken: set[str] = set()
    guessed = []
    for heading in headings:
        field = guess_column(heading)
        if field in taken:
            field = IGNORE
        if field != IGNORE:
            taken.add(field)
        guessed.append(field)
    return guessed


def headings_key(headings: Iterable[str]) -> str:
    """Files with the same headings, in any order, case or spacing, share one key."""
    keys = sorted(match_key(heading) for heading in headings)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def remembered_mapping(*, headings: Sequence[str], access: Access) -> TrackerColumnMapping | None:
    """The mapping last used for these headings in a committee the officer keeps."""
    return (
        TrackerColumnMapping.objects.filter(
            committee__in=access.officer_of, headings_key=headings_key(headings)
        )
        .select_related("inquiry")
        .order_by("-updated_at", "-pk")
        .first()
    )


def proposed_columns(headings: Sequence[str], remembered: TrackerColumnMapping | None) -> list[str]:
    """The remembered field of each heading, else a guess."""
    if remembered is None:
        return guess_columns(headings)
    by_key = {match_key(heading): field for heading, field in remembered.columns.items()}
    known = {name for name, _label, _column in FIELDS}
    return [
        by_key.get(match_key(heading)) if by_key.get(match_key(heading)) in known else IGNORE
        for heading in headings
    ]


# -- outcomes -----------------------------------------------------------------------------

# Words councils write for an outcome, by the kind of category they point to.
_DONE = {"complete", "completed", "done", "implemented", "achieved", "closed", "green", "met"}
_GOING = {"ongoing", "pending", "in progress", "on track", "open", "amber", "progressing"}
_NOT = {"not", "partially", "partial", "part", "no"}


def distinct_outcomes(sheet: Sheet, columns: Sequence[str]) -> list[str]:
    """The outcomes the file writes, each once (whatever its case), in the file's order."""
    if "outcome" not in columns:
        return []
    index = list(columns).index("outcome")
    seen: dict[str, str] = {}
    for _number, cells in sheet.rows:
        value = cells[index].strip()
        if value and match_key(value) not in seen:
            seen[match_key(value)] = value
    return list(seen.values())


def guess_outcome(
    outcome: str, categories: Sequence[AssessmentCategory]
) -> AssessmentCategory | None:
    """The category an outcome most likely means, or None (left for the officer).

    By the label's likeness first; "Complete" means the scale's achieved-on-time category
    and "Pending" or "Ongoing" one still tracked that says nothing of timing. An outcome
    that says "not" or "partially" never reads as achieved.
    """
    key = match_key(outcome)
    negative = bool(_NOT & set(key.split()))
    candidates = [c for c in categories if not (negative and c.counts_as_achieved)]
    for category in candidates:
        if match_key(category.label) == key:
            return category
    labels = {match_key(c.label): c for c in candidates}
    close = difflib.get_close_matches(key, list(labels), n=1, cutoff=0.75)
    if close:
        return labels[close[0]]
    if key in _DONE and not negative:
        achieved = [c for c in candidates if c.counts_as_achieved]
        on_time = [c for c in achieved if c.timing == Timing.ON_TIME]
        return (on_time or achieved or [None])[0]
    if key in _GOING:
        going = [c for c in candidates if not c.ends_tracking]
        for phrase in ("in progress", "on track", "not yet due", "progress"):
            preferred = [c for c in going if phrase in match_key(c.label)]
            if preferred:
                return preferred[0]
        return going[0] if going else None
    return None


def proposed_outcomes(
    outcomes: Sequence[str],
    categories: Sequence[AssessmentCategory],
    remembered: TrackerColumnMapping | None,
) -> dict[str, int | None]:
    """The category (its id) for each outcome: as chosen last time, else a guess."""
    by_pk = {c.pk: c for c in categories}
    before = {match_key(k): v for k, v in (remembered.outcomes if remembered else {}).items()}
    proposal: dict[str, int | None] = {}
    for outcome in outcomes:
        if match_key(outcome) in before and (
            before[match_key(outcome)] is None or before[match_key(outcome)] in by_pk
        ):
            proposal[outcome] = before[match_key(outcome)]
        else:
            guess = guess_outcome(outcome, categories)
            proposal[outcome] = guess.pk if guess else None
    return proposal


# -- the rows in the import's columns ------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """What the officer said of a file: each column's field, the inquiry, the outcomes."""

    columns: list[str]  # a field (or IGNORE) for each of the file's headings
    inquiry: Inquiry
    outcomes: dict[str, AssessmentCategory | None]

    def to_dict(self) -> dict:
        return {
            "columns": self.columns,
            "inquiry": self.inquiry.pk,
            "outcomes": {k: (v.pk if v else None) for k, v in self.outcomes.items()},
        }

    @classmethod
    def from_dict(cls, data: dict, *, access: Access) -> Mapping | None:
        """The mapping waiting in the session, or None when its inquiry is no longer one
        the officer keeps the record of."""
        inquiry = (
            Inquiry.objects.filter(pk=data.get("inquiry"), committee__in=access.officer_of)
            .select_related("committee", "assessment_scale")
            .first()
        )
        if inquiry is None:
            return None
        categories = {c.pk: c for c in inquiry.assessment_scale.categories.all()}
        outcomes = {
            outcome: categories.get(pk) if pk is not None else None
            for outcome, pk in (data.get("outcomes") or {}).items()
        }
        return cls(columns=list(data["columns"]), inquiry=inquiry, outcomes=outcomes)


def mapped_sheet(sheet: Sheet, mapping: Mapping) -> Sheet:
    """The file's rows in the import's columns: recommendations of the chosen inquiry.

    A row with nothing in its mapped columns (a heading row, notes beside the table) is
    not a record, as with any import.
    """
    mapped = [
        (i, field) for i, field in enumerate(mapping.columns) if field not in {IGNORE, "inquiry"}
    ]
    # An Inquiry column names each row's inquiry of the same committee; an empty cell, or
    # no such column, is the inquiry the officer chose.
    inquiry_at = mapping.columns.index("inquiry") if "inquiry" in mapping.columns else None
    outcomes = {match_key(k): v for k, v in mapping.outcomes.items()}
    columns = [KIND, COMMITTEE, SOURCE, *[FIELD_COLUMNS[field] for _i, field in mapped]]
    rows = []
    for number, cells in sheet.rows:
        named = cells[inquiry_at] if inquiry_at is not None else ""
        fixed = [
            KIND_LABELS[KIND_RECOMMENDATION],
            mapping.inquiry.committee.name,
            named or mapping.inquiry.title,
        ]
        values = []
        for index, field in mapped:
            value = cells[index]
            if field == "outcome" and value:
                category = outcomes.get(match_key(value))
                value = category.label if category else ""
            values.append(value)
        if any(cells[index] for index, _field in mapped) or named:
            rows.append((number, [*fixed, *values]))
    return Sheet(
        filename=sheet.filename,
        columns=columns,
        rows=rows,
        ignored_columns=[
            h for h, f in zip(sheet.columns, mapping.columns, strict=True) if f == IGNORE
        ],
    )


def name_file_columns(plan: ImportPlan, headings: Sequence[str], mapping: Mapping) -> None:
    """Say each problem, change and value under the file's own heading ("Rec No"), not
    the import's name for it ("Reference"), so the officer finds it in their file."""
    names = {
        FIELD_COLUMNS[field]: heading
        for heading, field in zip(headings, mapping.columns, strict=True)
        if field != IGNORE
    }
    for row in plan.rows:
        row.problems = [replace(p, column=names.get(p.column, p.column)) for p in row.problems]
        row.changes = [replace(c, column=names.get(c.column, c.column)) for c in row.changes]
        row.shown = [(names.get(column, column), value) for column, value in row.shown]
        row.notes = [_renamed(note, names) for note in row.notes]


def _renamed(note: str, names: dict[str, str]) -> str:
    column, _sep, rest = note.partition(": ")
    return f"{names[column]}: {rest}" if column in names and rest else note


# -- confirming ---------------------------------------------------------------------------


@transaction.atomic
def mapped_tracker_import_apply(
    *,
    plan: ImportPlan,
    headings: Sequence[str],
    mapping: Mapping,
    by_user: AbstractBaseUser,
    reason: str = "",
    decided_on: dt.date | None = None,
) -> ImportOutcome:
    """Apply the plan of a council's own tracker and remember its mapping for the
    committee: both, or (when anything fails) neither."""
    outcome = tracker_import_apply(plan=plan, by_user=by_user, reason=reason, decided_on=decided_on)
    tracker_mapping_remember(
        headings=headings, mapping=mapping, by_user=by_user, filename=plan.filename
    )
    return outcome


def tracker_mapping_remember(
    *,
    headings: Sequence[str],
    mapping: Mapping,
    by_user: AbstractBaseUser,
    filename: str,
) -> TrackerColumnMapping:
    committee = mapping.inquiry.committee
    key = headings_key(headings)
    remembered = TrackerColumnMapping.objects.filter(
        committee=committee, headings_key=key
    ).first() or TrackerColumnMapping(committee=committee, headings_key=key)
    remembered.headings = list(headings)
    remembered.columns = dict(zip(headings, mapping.columns, strict=True))
    remembered.inquiry = mapping.inquiry
    remembered.outcomes = {
        **(remembered.outcomes or {}),
        **{k: (v.pk if v else None) for k, v in mapping.outcomes.items()},
    }
    remembered.updated_by = by_user
    save_with_history(remembered, by_user=by_user, reason=f"Columns of {filename}, as imported")
    return remembered
