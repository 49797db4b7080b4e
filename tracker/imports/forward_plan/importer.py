"""Read a forward plan extract, plan what it would change, and apply the plan.

The same three steps as the tracker import (`tracker.imports.trackers.importer`), and the
same bounded readers: size, rows, columns, zip archive and time limits are checked while
the file is read (`tracker.uploads`). Rows are matched to the forward plan by the
council's reference. All or nothing: a file with any row in error saves nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees.dates import in_window, long_date, parse_date, window_text
from committees.models import ForwardPlanDecision
from committees.services import forward_plan_decision_save
from tracker.imports.tables import (
    CHANGED,
    ERROR,
    NEW,
    UNCHANGED,
    Sheet,
    not_a_date,
    read_sheet,
)
from tracker.uploads import UploadLimits

REFERENCE = "Reference"
TITLE = "Title"
PORTFOLIO = "Portfolio"
PROPOSED_DATE = "Proposed date"
DECISION_DATE = "Decision date"
LEAD_OFFICER = "Lead officer"
JOINT = "Joint decision"

REQUIRED_COLUMNS = (REFERENCE, TITLE)
COLUMNS = (REFERENCE, TITLE, PORTFOLIO, PROPOSED_DATE, DECISION_DATE, LEAD_OFFICER, JOINT)
# Column -> model field, for the columns that are saved as they are.
FIELDS = {
    TITLE: "title",
    PORTFOLIO: "portfolio",
    PROPOSED_DATE: "proposed_date",
    DECISION_DATE: "decision_date",
    LEAD_OFFICER: "lead_officer",
    JOINT: "is_joint_decision",
}
YES = {"yes", "y", "true", "1", "joint"}
NO = {"", "no", "n", "false", "0"}
REFERENCE_LENGTH = ForwardPlanDecision._meta.get_field("reference").max_length
TITLE_LENGTH = ForwardPlanDecision._meta.get_field("title").max_length


def read_forward_plan_file(
    *, filename: str, content: bytes, limits: UploadLimits | None = None
) -> Sheet:
    """Read an uploaded CSV or XLSX extract; ImportFileError says what is wrong with it."""
    return read_sheet(
        filename=filename,
        content=content,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        limits=limits,
    )


# -- planning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    column: str
    message: str


@dataclass(frozen=True)
class Change:
    column: str
    old: str
    new: str


@dataclass
class PlannedDecision:
    number: int
    reference: str = ""
    title: str = ""
    decision: ForwardPlanDecision | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return ERROR
        if self.decision is None:
            return NEW
        return CHANGED if self.changes else UNCHANGED

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(column, message))


@dataclass
class ForwardPlanImport:
    filename: str
    rows: list[PlannedDecision]
    ignored_columns: list[str]

    @property
    def errors(self) -> list[PlannedDecision]:
        return [row for row in self.rows if row.problems]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def has_changes(self) -> bool:
        return any(row.status in {NEW, CHANGED} for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row.status for row in self.rows]
        return {status: statuses.count(status) for status in (NEW, CHANGED, UNCHANGED, ERROR)}

    @property
    def fingerprint(self) -> str:
        """A digest of what the preview shows: confirming checks that it still holds."""
        described = [
            [
                row.number,
                row.status,
                row.reference,
                [[c.column, c.old, c.new] for c in row.changes],
                [[p.column, p.message] for p in row.problems],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()


def plan_forward_plan_import(*, sheet: Sheet) -> ForwardPlanImport:
    """Match each row to the forward plan by reference and say what it would do."""
    records = [(n, dict(zip(sheet.columns, cells, strict=True))) for n, cells in sheet.rows]
    references = [cells.get(REFERENCE, "").strip() for _n, cells in records]
    existing = {
        d.reference: d for d in ForwardPlanDecision.objects.filter(reference__in=references)
    }
    seen: dict[str, int] = {}
    rows = []
    for number, cells in records:
        row = _plan_row(number, cells, existing)
        if row.reference:
            if row.reference in seen:
                row.problem(REFERENCE, f"{row.reference} is also on row {seen[row.reference]}")
            else:
                seen[row.reference] = number
        rows.append(row)
    return ForwardPlanImport(
        filename=sheet.filename, rows=rows, ignored_columns=sheet.ignored_columns
    )


def _plan_row(
    number: int, cells: dict[str, str], existing: dict[str, ForwardPlanDecision]
) -> PlannedDecision:
    row = PlannedDecision(number=number, reference=cells.get(REFERENCE, "").strip())
    row.title = cells.get(TITLE, "").strip()
    if not row.reference:
        row.problem(REFERENCE, "Enter the council's reference, for example 005449/2018")
    elif len(row.reference) > REFERENCE_LENGTH:
        row.problem(REFERENCE, f"A reference is at most {REFERENCE_LENGTH} characters")
    if not row.title:
        row.problem(TITLE, "Enter the decision's title")
    elif len(row.title) > TITLE_LENGTH:
        row.problem(TITLE, f"A title is at most {TITLE_LENGTH} characters")
    for column, name in FIELDS.items():
        if column not in cells:
            continue  # a column the file does not have leaves the record's value alone
        text = cells[column].strip()
        if column in (PROPOSED_DATE, DECISION_DATE):
            try:
                day = parse_date(text) if text else None
            except ValueError:
                row.problem(column, not_a_date(text))
                continue
            if day is not None and not in_window(day):
                row.problem(
                    column, f"'{text}' is not a date the plan takes: give one {window_text()}"
                )
            row.values[name] = day
        elif column == JOINT:
            if text.casefold() not in YES | NO:
                row.problem(column, f"'{text}' is not yes or no")
            row.values[name] = text.casefold() in YES
        else:
            limit = ForwardPlanDecision._meta.get_field(name).max_length
            if len(text) > limit:
                row.problem(column, f"At most {limit} characters")
            row.values[name] = text
    row.decision = existing.get(row.reference)
    if row.decision is not None:
        for column, name in FIELDS.items():
            if name in row.values and getattr(row.decision, name) != row.values[name]:
                row.changes.append(
                    Change(column, _shown(getattr(row.decision, name)), _shown(row.values[name]))
                )
    return row


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return long_date(value)
    return value or "(blank)"


@transaction.atomic
def forward_plan_import_apply(
    *, plan: ForwardPlanImport, by_user: AbstractBaseUser | None
) -> tuple[int, int]:
    """Save every new and changed row together, or none; (new, changed)."""
    if plan.has_errors:
        raise ValidationError("Correct the rows with errors: nothing has been imported.")
    created = changed = 0
    reason = f"Imported from {plan.filename}"
    for row in plan.rows:
        if row.status == NEW:
            forward_plan_decision_save(
                decision=None,
                values={"reference": row.reference, **row.values},
                by_user=by_user,
                reason=reason,
            )
            created += 1
        elif row.status == CHANGED:
            forward_plan_decision_save(
                decision=row.decision, values=row.values, by_user=by_user, reason=reason
            )
            changed += 1
    return created, changed
