"""Exports of the outstanding list: every filtered row, streamed, formulae defused.

The columns are also what tracker.imports.trackers.importer reads back: a file exported here
re-imports as "unchanged". New columns go at the end, so files and macros that read the
earlier columns by position keep working.

Every cell is made once, by the database (`_cells`), for both files. The CSV file's lines
are written by the database too (`_csv_line`): the list can hold hundreds of thousands of
rows, and Python's `csv` module alone takes longer to write them than the database takes
to read them. The lines are those of `csv.QUOTE_ALL` for text and of `csv.QUOTE_MINIMAL`
for dates and ids, which can hold nothing to quote; the tests read them back with Python's
`csv` module, on every database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, CharField, Func, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Ord, Replace
from django.db.models.lookups import Exact, In
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from tracker.exported_text import xlsx_text

from .selectors import KIND_RECOMMENDATION, KIND_REQUEST, OutstandingList

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
# The cells that are dates (ISO text, or empty) or the id: written without quotes.
UNQUOTED = {
    "Date of inquiry report or meeting",
    "Due date",
    "Next tracking date",
    "Record ID",
}


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


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def spreadsheet_safe(expression: Any) -> Case:
    """`safe_cell` done by the database, for the cells of an export."""
    return Case(
        When(
            # The first character's code: an integer comparison, cheaper than a substring.
            In(Ord(expression), [ord(start) for start in (*FORMULA_START, ESCAPE)]),
            then=Concat(Value(ESCAPE), expression, output_field=CharField()),
        ),
        default=expression,
        output_field=CharField(),
    )


class IsoDate(Func):
    """A date as ISO 8601 text (2019-01-16), whatever the database's own date style."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps dates as this text already.
        return self.as_sql(
            compiler, connection, template="CAST(%(expressions)s AS TEXT)", **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s::date, 'YYYY-MM-DD')",
            **extra_context,
        )


def _links() -> dict[str, tuple[str, str]]:
    """Each kind's link as what comes before and after the item's id: reversed once an
    export, not once a row."""
    marker = 999_999_999
    return {
        kind: tuple(f"{settings.SITE_URL}{reverse(name, args=[marker])}".split(str(marker), 1))
        for kind, name in DETAIL_URLS.items()
    }


def _cells(links: dict[str, tuple[str, str]]):
    """The export's cells (HEADERS) of one kind's list columns, as the database makes them:
    dates as ISO text, every text defused (`spreadsheet_safe`)."""

    def cells(kind: str, columns: dict[str, Any]) -> dict[str, Any]:
        pk = Cast(columns["pk"], CharField())
        made = {
            "Kind": _text(KIND_LABELS[kind]),
            "Committee": spreadsheet_safe(columns["committee"]),
            "Inquiry or meeting": spreadsheet_safe(columns["source"]),
            "Date of inquiry report or meeting": IsoDate(columns["source_date"]),
            "Reference": spreadsheet_safe(columns["reference"]),
            "Text": Case(
                When(Exact(columns["text_known"], True), then=spreadsheet_safe(columns["text"])),
                default=_text(TEXT_NOT_KNOWN),
            ),
            "Owner": spreadsheet_safe(
                Coalesce(columns["owner"], _text(OWNER_NOT_KNOWN), output_field=CharField())
            ),
            "Due date": IsoDate(columns["due_date"]),
            "Overdue": Case(
                When(Exact(columns["overdue"], True), then=_text("Yes")), default=_text("No")
            ),
            "Latest assessment": spreadsheet_safe(columns["status"]),
            "Next tracking date": IsoDate(columns["next_tracking_date"]),
            "Link": Concat(_text(links[kind][0]), pk, _text(links[kind][1])),
            "Record ID": pk,
        }
        return {f"cell_{number}": made[header] for number, header in enumerate(HEADERS)}

    return cells


class Joined(Func):
    """Texts joined end to end, an empty text for a missing one: `Concat`, but flat.
    `Concat` nests each pair in the next, and a line of cells nests too deep for SQLite's
    parser."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = CharField()

    def __init__(self, *expressions: Any) -> None:
        super().__init__(*(Coalesce(text, _text("")) for text in expressions))


def _csv_line(cells: dict[str, Any]) -> Joined:
    """One CSV line of the cells, CRLF ended: text quoted, its quotes doubled."""
    parts: list[Any] = []
    for header, cell in zip(HEADERS, cells.values(), strict=True):
        if parts:
            parts.append(_text(","))
        if header in UNQUOTED:
            parts.append(cell)
        else:
            parts += [_text('"'), Replace(cell, _text('"'), _text('""')), _text('"')]
    return Joined(*parts, _text("\r\n"))


def _streamed(rows: QuerySet) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, in its columns' order, a chunk at a time: memory stays flat
    however many there are.

    On PostgreSQL, psycopg's `stream()` reads the rows as the database sends them, through
    Django's cursor. A server-side cursor (`iterator()`) would keep memory flat too, but
    PostgreSQL never runs a cursor's query in parallel, and the export would take twice as
    long. Elsewhere the cursor is read a chunk at a time.
    """
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # filters no row can match
        return
    # Read-only: the SELECT the ORM built for the list; it changes nothing, so no history.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            yield from cursor.stream(sql, params, size=CHUNK_ROWS)
            return
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield from chunk


def _rows(rows: OutstandingList) -> Iterator[tuple[Any, ...]]:
    """Every row's cells (HEADERS), in the list's order."""
    for row in _streamed(rows.union(_cells(_links()))):
        yield row[: len(HEADERS)]  # the sort keys follow the cells


def csv_lines_query(rows: OutstandingList) -> QuerySet:
    """Each row's CSV line (its first column, then the list's sort keys), in the list's
    order."""
    cells = _cells(_links())
    return rows.union(lambda kind, columns: {"line": _csv_line(cells(kind, columns))})


def _csv_lines(rows: OutstandingList) -> Iterator[str]:
    """The CSV file: the headings, then every row's line, in the list's order."""
    heading = io.StringIO()
    heading.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    csv.writer(heading, quoting=csv.QUOTE_ALL).writerow(HEADERS)
    yield heading.getvalue()
    lines = _streamed(csv_lines_query(rows))
    while chunk := list(islice(lines, CHUNK_ROWS)):
        yield "".join(line for line, *_keys in chunk)


def streaming_csv(chunks: Iterator[str], filename: str) -> StreamingHttpResponse:
    """A CSV download streamed as it is written: memory stays flat however many rows."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_response(rows: OutstandingList, filename: str) -> StreamingHttpResponse:
    """Stream the rows, a few thousand at a time: memory stays flat however many there are."""
    return streaming_csv(_csv_lines(rows), filename)


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


def fits_xlsx(count: int) -> bool:
    """Whether a list of `count` items may be downloaded as a workbook."""
    return count <= settings.TRACKER_XLSX_MAX_ITEMS


def too_many_for_xlsx(count: int) -> str:
    """Why a list of `count` items is not downloaded as a workbook: more than
    TRACKER_XLSX_MAX_ITEMS, each written in Python."""
    return (
        f"An Excel download holds at most {settings.TRACKER_XLSX_MAX_ITEMS:,} items, and this "
        f"list has {count:,}. Narrow it with the filters, or download it as CSV, which has "
        "no limit."
    )


def too_many_for_print(count: int) -> str:
    """Why a list of `count` items is not laid out for printing: more than
    TRACKER_PRINT_MAX_ITEMS, more than an agenda pack holds."""
    return (
        f"The printed table holds at most {settings.TRACKER_PRINT_MAX_ITEMS:,} items, and "
        f"this list has {count:,}. Choose a committee, or narrow the list with its filters."
    )


def xlsx_response(rows: OutstandingList, filename: str) -> FileResponse:
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

    record_id = HEADERS.index("Record ID")

    def cell(value: Any, is_date: bool) -> Any:
        if not value:
            return None  # an empty cell
        if not is_date:
            return xlsx_text(value)
        day = WriteOnlyCell(sheet, value=dt.date.fromisoformat(value))
        day.number_format = XLSX_DATE_FORMAT
        return day

    sheet.append(HEADERS)
    for cells in _rows(rows):
        row = [cell(value, is_date) for value, is_date in zip(cells, dated, strict=True)]
        row[record_id] = int(cells[record_id])  # a number, as a spreadsheet reads ids
        sheet.append(row)
    # The workbook is written to a temporary file and sent from it, a block at a time, so
    # a list of any length is never held in memory (the write-only sheet keeps its rows in
    # a temporary file too). The response closes the file, which removes it.
    file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
