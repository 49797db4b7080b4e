"""Exports of the outstanding list: every filtered row, streamed, formulae defused.

The columns are also what tracker.imports.trackers.importer reads back: a file exported here
re-imports as "unchanged". New columns go at the end, so files and macros that read the
earlier columns by position keep working.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat, Ord
from django.db.models.lookups import In
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse

from tracker.exported_text import xlsx_text

from .selectors import COLUMNS, KIND_RECOMMENDATION, KIND_REQUEST, OutstandingList

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
    # The item's id, with Kind: the key an import matches the row on (requests have no
    # reference, and a link names the site it was exported from).
    "Record ID",
]
KIND_LABELS = {
    KIND_RECOMMENDATION: "Recommendation",
    KIND_REQUEST: "Requested information or action",
}
# Each kind's own page: the export's links.
DETAIL_URLS = {KIND_RECOMMENDATION: "recommendation_detail", KIND_REQUEST: "request_detail"}
TEXT_NOT_KNOWN = "(text not yet known)"
OWNER_NOT_KNOWN = "Not known"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
CHUNK_ROWS = 2000  # rows read from the database, and handed on as CSV, at a time


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe.

    Text that already starts with an apostrophe gets one more, so that reading a cell
    back (`unescape_cell`) gives exactly the text that was written.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + value
    return value


def unescape_cell(value: str) -> str:
    """The text `safe_cell` was given: one escaping apostrophe taken off.

    An apostrophe is taken off only in front of what `safe_cell` escapes, so text typed
    with a leading apostrophe of its own ("'Tis") is read as written.
    """
    if value.startswith(ESCAPE) and value[1:].startswith((*FORMULA_START, ESCAPE)):
        return value[1:]
    return value


def spreadsheet_safe(expression: Any) -> Case:
    """`safe_cell` done by the database, for the columns of an export."""
    return Case(
        When(
            # The first character's code: an integer comparison, cheaper than a substring.
            In(Ord(expression), [ord(start) for start in (*FORMULA_START, ESCAPE)]),
            then=Concat(Value(ESCAPE), expression, output_field=CharField()),
        ),
        default=expression,
        output_field=CharField(),
    )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _links() -> dict[str, tuple[str, str]]:
    """Each kind's link as what comes before and after the item's id: reversed once an
    export, not once a row."""
    marker = 999_999_999
    return {
        kind: tuple(f"{settings.SITE_URL}{reverse(name, args=[marker])}".split(str(marker), 1))
        for kind, name in DETAIL_URLS.items()
    }


def _rows(rows: OutstandingList) -> Iterator[tuple[Any, ...]]:
    """Every row's cells (HEADERS), in the list's order.

    The rows are the list's own query (its columns, ordered by the database), read as
    tuples and streamed (`iterator()`: a server-side cursor where the database has one),
    so memory stays flat however many rows there are. The cells are made here, after the
    sort, so that the database sorts the list's columns rather than the cells: dates as
    ISO text, the same on every database, and every text defused (`safe_cell`).
    """
    names = [f"row_{name}" for name in COLUMNS]
    links = _links()
    for (
        kind, pk, committee, source, source_date, reference, text, text_known, owner,
        due_date, _due_month_only, overdue, status, next_tracking_date,
    ) in rows.queryset().values_list(*names).iterator(chunk_size=CHUNK_ROWS):  # fmt: skip
        yield (
            KIND_LABELS[kind],
            safe_cell(committee),
            safe_cell(source),
            _iso(source_date),
            safe_cell(reference),
            safe_cell(text) if text_known else TEXT_NOT_KNOWN,
            safe_cell(OWNER_NOT_KNOWN if owner is None else owner),
            _iso(due_date),
            "Yes" if overdue else "No",
            safe_cell(status),
            _iso(next_tracking_date),
            f"{links[kind][0]}{pk}{links[kind][1]}",
            pk,
        )


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV file, a chunk of rows at a time: the same bytes on every database.

    The cells are written as given: escape them first (`safe_cell`, `spreadsheet_safe`).
    The open-data downloads (tracker.opendata) write their files with it too.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer.writerow(headers)
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        writer.writerows(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def streaming_csv(chunks: Iterator[str], filename: str) -> StreamingHttpResponse:
    """A CSV download streamed as it is written: memory stays flat however many rows."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_response(rows: OutstandingList, filename: str) -> StreamingHttpResponse:
    """Stream the rows, a few thousand at a time: memory stays flat however many there are."""
    return streaming_csv(csv_chunks(HEADERS, _rows(rows)), filename)


# The workbook's columns: width in characters, and whether the column holds dates. Dates
# are real dates in the workbook, so that a spreadsheet sorts and filters them as dates;
# they are shown as the pages write them.
XLSX_COLUMNS = {
    "Kind": (18, False),
    "Committee": (30, False),
    "Inquiry or meeting": (30, False),
    "Date of inquiry report or meeting": (16, True),
    "Reference": (11, False),
    "Text": (80, False),
    "Owner": (30, False),
    "Due date": (14, True),
    "Overdue": (9, False),
    "Latest assessment": (26, False),
    "Next tracking date": (14, True),
    "Link": (45, False),
    "Record ID": (10, False),
}
XLSX_DATE_FORMAT = "d mmm yyyy"


def xlsx_response(rows: OutstandingList, filename: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Outstanding")
    # A write-only sheet takes its column widths and frozen heading row before any row.
    for number, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = XLSX_COLUMNS[header][0]
    sheet.freeze_panes = "A2"
    dated = [XLSX_COLUMNS[header][1] for header in HEADERS]

    def cell(value: Any, is_date: bool) -> Any:
        if not is_date or value is None:
            return xlsx_text(value)
        day = WriteOnlyCell(sheet, value=dt.date.fromisoformat(value))
        day.number_format = XLSX_DATE_FORMAT
        return day

    sheet.append(HEADERS)
    for cells in _rows(rows):
        sheet.append([cell(value, is_date) for value, is_date in zip(cells, dated, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
