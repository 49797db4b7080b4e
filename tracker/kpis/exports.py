"""A month's report as CSV or XLSX: one row per indicator, in the columns the import reads.

A file downloaded here and imported again changes nothing (tests/kpis/test_kpis_import.py).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from tracker.exported_text import xlsx_text
from tracker.outstanding.exports import safe_cell

from .models import ComparisonBasis

FORMATS = ("csv", "xlsx")
INDICATOR = "Indicator"
NAME = "Name"
MONTH = "Month"
# Column -> (field of IndicatorValue, kind); "Indicator", "Name" and "Month" come first.
VALUE_COLUMNS: dict[str, tuple[str, str]] = {
    "Figure": ("actual", "number"),
    "Numerator": ("numerator", "number"),
    "Denominator": ("denominator", "number"),
    "No data reason": ("no_data_reason", "text"),
    "Period as printed": ("period_label", "text"),
    "Comparison": ("comparison", "number"),
    "Comparison basis": ("comparison_basis", "basis"),
    "Comparison as printed": ("comparison_label", "text"),
    "Comparison numerator": ("comparison_numerator", "number"),
    "Comparison denominator": ("comparison_denominator", "number"),
    "National": ("national", "number"),
    "Statistical neighbours": ("statistical_neighbours", "number"),
    "Regional": ("regional", "number"),
    "Regional label": ("regional_label", "text"),
    "Other benchmark": ("other_benchmark", "number"),
    "Other benchmark label": ("other_benchmark_label", "text"),
    "Benchmark note": ("benchmark_note", "text"),
    "Commentary": ("commentary", "text"),
    "Note": ("note", "text"),
}
HEADERS = [INDICATOR, NAME, MONTH, *VALUE_COLUMNS]
BASIS_LABELS = {value: label for value, label in ComparisonBasis.choices if value}


def number_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def cell(value: Any, kind: str) -> str:
    if kind == "number":
        return number_cell(value)
    if kind == "basis":
        return BASIS_LABELS.get(value, "")
    return value or ""


def rows(report, lines) -> list[list[str]]:
    ordered = sorted(
        (line for line in lines if line.value is not None),
        key=lambda line: (line.indicator.order, line.indicator.code),
    )
    month = f"{report.period:%Y-%m}"
    return [
        [
            line.indicator.code,
            line.indicator.name,
            month,
            *(cell(getattr(line.value, name), kind) for name, kind in VALUE_COLUMNS.values()),
        ]
        for line in ordered
    ]


def filename(report) -> str:
    return f"{report.kpi_set.slug}-{report.period:%Y-%m}"


def response(report, lines, export: str) -> HttpResponse:
    table = [[safe_cell(value) for value in row] for row in rows(report, lines)]
    if export == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(HEADERS)
        writer.writerows(table)
        result = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("KPIs")
        sheet.append(HEADERS)
        for values in table:
            sheet.append([xlsx_text(value) for value in values])
        buffer = io.BytesIO()
        workbook.save(buffer)
        result = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    result["Content-Disposition"] = f'attachment; filename="{filename(report)}.{export}"'
    return result
