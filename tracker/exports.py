"""Exports of the outstanding list: every filtered row, streamed, formulae defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse

HEADERS = [
    "Kind",
    "Committee",
    "Inquiry or meeting",
    "Date of inquiry report or meeting",
    "Reference",
    "Text",
    "Owner",
    "Due date",
    "Overdue",
    "Latest assessment",
    "Next tracking date",
    "Link",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _row(row: dict[str, Any]) -> list[Any]:
    kind = row["row_kind"]
    path = "recommendations" if kind == "recommendation" else "requests"
    text = row["row_text"] if row["row_text_known"] else "(text not yet known)"
    return [
        safe_cell(value)
        for value in (
            "Recommendation" if kind == "recommendation" else "Requested information or action",
            row["row_committee"],
            row["row_source"],
            row["row_source_date"].isoformat() if row["row_source_date"] else "",
            row["row_reference"],
            text,
            row["row_owner"] or "Not known",
            row["row_due_date"].isoformat() if row["row_due_date"] else "",
            "Yes" if row["row_overdue"] else "No",
            row["row_status"],
            row["row_next_tracking_date"].isoformat() if row["row_next_tracking_date"] else "",
            f"{settings.SITE_URL}/{path}/{row['row_pk']}/",
        )
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(HEADERS)
    for row in rows:
        yield writer.writerow(_row(row))


def csv_response(rows: Any, filename: str) -> StreamingHttpResponse:
    """Stream the rows: memory stays flat however many there are."""
    response = StreamingHttpResponse(
        _csv_lines(rows.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Any, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Outstanding")
    sheet.append(HEADERS)
    for row in rows.iterator(chunk_size=2000):
        sheet.append(_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
