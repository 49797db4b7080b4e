"""Import a month's values from CSV or XLSX: read, plan, then apply all or nothing.

The same steps, readers and limits as the tracker and forward plan imports
(`tracker.imports.trackers.importer`, `tracker.uploads`): size, rows, columns, zip archive
and time are bounded while the file is read. Rows are matched by indicator code and month
to the set's values; the preview lists each row as new, changed (field by field),
unchanged or in error (row and column); a file with any error saves nothing. The columns
are those of the month's download (`tracker.kpis.exports`), so a download imports as
unchanged. A column the file lacks leaves that field as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees.dates import month_and_year
from committees.services import save_with_history
from tracker.exported_text import text_too_long
from tracker.imports.tables import (
    CHANGED,
    ERROR,
    NEW,
    UNCHANGED,
    Sheet,
    match_key,
    read_sheet,
    xlsx_read_back,
)
from tracker.models import Indicator, IndicatorValue, KpiReport, KpiSet
from tracker.uploads import UploadLimits

from .exports import BASIS_LABELS, HEADERS, INDICATOR, MONTH, NAME, VALUE_COLUMNS, cell
from .services import kpi_report_ensure

REQUIRED_COLUMNS = (INDICATOR, MONTH)
MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%b-%y", "%Y-%m-%d")
NUMBER_LIMIT = Decimal("99999999999")  # 14 digits, 3 of them decimal places


def read_kpi_file(*, filename: str, content: bytes, limits: UploadLimits | None = None) -> Sheet:
    """Read an uploaded CSV or XLSX file; ImportFileError says what is wrong with it.

    "Name" is there to be read by people: an indicator is renamed on its own page.
    """
    return read_sheet(
        filename=filename,
        content=content,
        columns=[column for column in HEADERS if column != NAME],
        required=REQUIRED_COLUMNS,
        source="the month's download",
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
class PlannedValue:
    number: int
    code: str = ""
    month: dt.date | None = None
    indicator: Indicator | None = None
    value: IndicatorValue | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return ERROR
        if self.value is None:
            return NEW
        return CHANGED if self.changes else UNCHANGED

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(column, message))

    @property
    def month_text(self) -> str:
        return month_and_year(self.month) if self.month else ""


@dataclass
class KpiImport:
    filename: str
    kpi_set: KpiSet
    rows: list[PlannedValue]
    ignored_columns: list[str]

    @property
    def errors(self) -> list[PlannedValue]:
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
            [row.number, row.status, row.code, row.month_text,
             [[c.column, c.old, c.new] for c in row.changes],
             [[p.column, p.message] for p in row.problems]]
            for row in self.rows
        ]  # fmt: skip
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()


def parse_month(text: str) -> dt.date:
    text = text.strip()
    for pattern in MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(text)


_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """'9,736', '77%', '36.1' -> Decimal; ValueError for anything else."""
    cleaned = text.strip().removesuffix("%").strip()
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None
    if abs(number) > NUMBER_LIMIT or number.as_tuple().exponent < -3:
        raise ValueError(text)
    return number


BASIS_BY_KEY = {match_key(label): value for value, label in BASIS_LABELS.items()} | {
    match_key(value): value for value in BASIS_LABELS
}


def plan_kpi_import(*, sheet: Sheet, kpi_set: KpiSet) -> KpiImport:
    """Match each row to the set's indicator and month, and say what it would do."""
    indicators = {match_key(i.code): i for i in kpi_set.indicators.all()}
    records = [(n, dict(zip(sheet.columns, cells, strict=True))) for n, cells in sheet.rows]
    months = set()
    for _n, cells in records:
        with contextlib.suppress(ValueError):
            months.add(parse_month(cells.get(MONTH, "")))
    existing = {
        (v.indicator_id, v.report.period): v
        for v in IndicatorValue.objects.filter(
            report__kpi_set=kpi_set, report__period__in=months
        ).select_related("report")
    }
    seen: dict[tuple, int] = {}
    rows = []
    for number, cells in records:
        row = _plan_row(number, cells, indicators, existing)
        if row.indicator is not None and row.month is not None:
            key = (row.indicator.pk, row.month)
            if key in seen:
                row.problem(
                    INDICATOR, f"{row.code} for {row.month_text} is also on row {seen[key]}"
                )
            else:
                seen[key] = number
        rows.append(row)
    return KpiImport(
        filename=sheet.filename, kpi_set=kpi_set, rows=rows, ignored_columns=sheet.ignored_columns
    )


def _plan_row(number: int, cells: dict[str, str], indicators, existing) -> PlannedValue:
    row = PlannedValue(number=number, code=cells.get(INDICATOR, "").strip())
    row.indicator = indicators.get(match_key(row.code))
    if not row.code:
        row.problem(INDICATOR, "Enter the indicator's code, for example KPI 1")
    elif row.indicator is None:
        row.problem(INDICATOR, f"This set has no indicator '{row.code}'")
    month_text = cells.get(MONTH, "").strip()
    try:
        row.month = parse_month(month_text)
    except ValueError:
        row.problem(MONTH, f"'{month_text}' is not a month: write it like 2018-12")
    if row.indicator is not None and row.month is not None:
        row.value = existing.get((row.indicator.pk, row.month))
    for column, (name, kind) in VALUE_COLUMNS.items():
        if column not in cells:
            continue  # a column the file does not have leaves the value's field alone
        text = cells[column].strip()
        if kind == "number":
            try:
                row.values[name] = parse_number(text) if text else None
            except ValueError:
                row.problem(column, f"'{text}' is not a number (at most 3 decimal places)")
        elif kind == "basis":
            if match_key(text) not in BASIS_BY_KEY and text:
                row.problem(column, f"'{text}' is not one of: " + "; ".join(BASIS_LABELS.values()))
            row.values[name] = BASIS_BY_KEY.get(match_key(text), "")
        else:
            stored = getattr(row.value, name) if row.value is not None else ""
            limit = IndicatorValue._meta.get_field(name).max_length
            if stored and text == xlsx_read_back(stored):
                text = stored  # all a workbook cell holds of an older, longer text: unchanged
            elif message := text_too_long(text):
                row.problem(column, message)
            elif limit and len(text) > limit:
                row.problem(column, f"At most {limit} characters")
            row.values[name] = text
    merged = {
        name: row.values.get(name, getattr(row.value, name) if row.value else default)
        for name, default in (("actual", None), ("no_data_reason", ""))
    }
    if not row.problems:
        if merged["actual"] is None and not merged["no_data_reason"]:
            row.problem("Figure", "Give the month's figure, or the reason there is none in "
                        "'No data reason'")  # fmt: skip
        elif merged["actual"] is not None and merged["no_data_reason"]:
            row.problem(
                "No data reason", "There is a figure, so leave the reason for no data empty"
            )
    if row.value is not None:
        for column, (name, kind) in VALUE_COLUMNS.items():
            if name in row.values and getattr(row.value, name) != row.values[name]:
                row.changes.append(
                    Change(
                        column,
                        cell(getattr(row.value, name), kind) or "(blank)",
                        cell(row.values[name], kind) or "(blank)",
                    )
                )
    return row


@transaction.atomic
def kpi_import_apply(*, plan: KpiImport, by_user: AbstractBaseUser | None) -> tuple[int, int]:
    """Save every new and changed row together, or none; (new, changed)."""
    if plan.has_errors:
        raise ValidationError("Correct the rows with errors: nothing has been imported.")
    reason = f"Imported from {plan.filename}"
    reports: dict[dt.date, KpiReport] = {}
    created = changed = 0
    for row in plan.rows:
        if row.status == NEW:
            if row.month not in reports:
                reports[row.month] = kpi_report_ensure(
                    kpi_set=plan.kpi_set, period=row.month, by_user=by_user, reason=reason
                )
            value = IndicatorValue(report=reports[row.month], indicator=row.indicator, **row.values)
            save_with_history(value, by_user=by_user, reason=reason)
            created += 1
        elif row.status == CHANGED:
            for name, new in row.values.items():
                setattr(row.value, name, new)
            save_with_history(row.value, by_user=by_user, reason=reason)
            changed += 1
    return created, changed
