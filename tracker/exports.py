"""Exports of the outstanding list: every filtered row, streamed, formulae defused.

The columns are also what tracker.tracker_import reads back: a file exported here
re-imports as "unchanged". New columns go at the end, so files and macros that read the
earlier columns by position keep working.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DateField,
    Expression,
    Field,
    Func,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Ord
from django.db.models.lookups import Exact, In
from django.http import HttpResponse, StreamingHttpResponse

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
# Where each kind's own page is: the export's links.
PATHS = {
    KIND_RECOMMENDATION: f"{settings.SITE_URL}/recommendations/",
    KIND_REQUEST: f"{settings.SITE_URL}/requests/",
}
TEXT_NOT_KNOWN = "(text not yet known)"
OWNER_NOT_KNOWN = "Not known"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
CHUNK_BYTES = 64 * 1024  # what a streamed export hands on at a time
# The names of the export's columns in its query, one for each of HEADERS.
CELLS = [f"export_{number}" for number in range(len(HEADERS))]


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


class AsDate(Func):
    """A date left as a date, for a database that writes it in the file itself."""

    template = "%(expressions)s"
    output_field = DateField()


class IsoDate(Func):
    """A date as text, like 2019-02-13, whatever the database's date style."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite keeps dates as ISO text already.
        return compiler.compile(Cast(self.source_expressions[0], CharField()))

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="to_char((%(expressions)s)::date, 'YYYY-MM-DD')"
        )


def _cells(
    kind: str | None, columns: dict[str, Any], date: type[Func] | None = None
) -> dict[str, Any]:
    """The cells of one row of the export (HEADERS), made from the list's own columns
    (selectors) by the database, so that writing a row is only writing text.

    The columns are one kind's (`kind`), or those of rows of either kind, which then
    says what it is in its own column (`kind` None). Dates are written as text
    (`IsoDate`) unless the database writes them itself.
    """
    date = date or IsoDate
    text = Case(
        When(Exact(columns["text_known"], False), then=Value(TEXT_NOT_KNOWN)),
        default=spreadsheet_safe(columns["text"]),
        output_field=CharField(),
    )
    link = Concat(
        _by_kind(kind, columns["kind"], PATHS),
        Cast(columns["pk"], CharField()),
        Value("/"),
        output_field=CharField(),
    )
    cells = (
        _by_kind(kind, columns["kind"], KIND_LABELS),
        spreadsheet_safe(columns["committee"]),
        spreadsheet_safe(columns["source"]),
        date(columns["source_date"]),
        spreadsheet_safe(columns["reference"]),
        text,
        spreadsheet_safe(Coalesce(columns["owner"], Value(OWNER_NOT_KNOWN))),
        date(columns["due_date"]),
        Case(When(columns["overdue"], then=Value("Yes")), default=Value("No")),
        spreadsheet_safe(columns["status"]),
        date(columns["next_tracking_date"]),
        link,
        columns["pk"],
    )
    return dict(zip(CELLS, cells, strict=True))


def _by_kind(kind: str | None, column: Any, values: dict[str, str]) -> Expression:
    """The value for the kind of item: one kind's, or the row's by its kind column."""
    if kind is not None:
        return Value(values[kind])
    whens = [When(Exact(column, Value(name)), then=Value(value)) for name, value in values.items()]
    return Case(*whens, output_field=CharField())


class _Listed(Expression):
    """A column of the list's rows ("row_<name>" of `OutstandingList.union`), for a query
    that selects from them."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection) -> tuple[str, list[Any]]:
        quote = connection.ops.quote_name
        return f"{quote(SORTED)}.{quote(f'row_{self.name}')}", []


SORTED = "sorted"  # the subquery of the list's sorted rows, in `copied_query`


# The list's columns the cells are made of, with their types.
LISTED = {
    "kind": CharField(),
    "pk": BigIntegerField(),
    "committee": CharField(),
    "source": CharField(),
    "source_date": DateField(),
    "reference": CharField(),
    "text": CharField(),
    "text_known": BooleanField(),
    "owner": CharField(),
    "due_date": DateField(),
    "overdue": BooleanField(),
    "status": CharField(),
    "next_tracking_date": DateField(),
}


def _rows(rows: OutstandingList, size: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
    """Every row's cells, `size` rows at a time, in the list's order.

    Read as plain tuples (through a server-side cursor where the database has one), so
    no model, dict or converter is made per row; the sort keys after the cells are left off.
    """
    queryset = rows.union(_cells)
    compiler = queryset.query.get_compiler(using=queryset.db)
    results = compiler.results_iter(
        tuple_expected=True,
        chunked_fetch=connections[queryset.db].features.can_use_chunked_reads,
        chunk_size=size,
    )
    cells = itemgetter(slice(0, len(HEADERS)))
    while chunk := list(islice(results, size)):
        yield list(map(cells, chunk))


def _written_csv(rows: OutstandingList) -> Iterator[str]:
    """The rows as CSV written here, a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for chunk in _rows(rows):
        writer.writerows(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def copied_query(rows: OutstandingList, connection: Any) -> str:
    """The query whose rows PostgreSQL writes as the CSV file, its parameters in place
    (COPY takes none): the cells (`_cells`) of every row, in the list's order.

    The rows are sorted as the list's own columns, then made into cells: the sort then
    moves the columns, not the wider cells (links, labels, escaped text) made of them.
    """
    listed = rows.union(lambda kind, columns: {name: columns[name] for name in LISTED})
    sql, params = listed.order_by().query.sql_with_params()
    compiler = listed.query.get_compiler(connection=connection)
    columns = {name: _Listed(name, field) for name, field in LISTED.items()}
    cells, cell_params = [], []
    for name, cell in _cells(None, columns, date=AsDate).items():
        cell_sql, its_params = compiler.compile(cell)
        cells.append(f"{cell_sql} AS {connection.ops.quote_name(f'row_{name}')}")
        cell_params.extend(its_params)
    # OFFSET 0 keeps the sorted rows a subquery of their own, so that the cells are made
    # after the sort; the outer ORDER BY is the same order, which they already have.
    query = (
        f"SELECT {', '.join(cells)} FROM (SELECT * FROM ({sql}) AS listed "
        f"ORDER BY {rows.order_sql()} OFFSET 0) AS {connection.ops.quote_name(SORTED)} "
        f"ORDER BY {rows.order_sql()}"
    )
    return connection.ops.compose_sql(query, (*cell_params, *params))


def _copied_csv(rows: OutstandingList, connection: Any) -> Iterator[bytes]:
    """The rows as CSV written by PostgreSQL (COPY ... TO STDOUT), passed on in chunks.

    The cells are the same query's columns (`_cells`), so the file is the one
    `_written_csv` writes; the database writes it in C, in a plan it may run in
    parallel, which a server-side cursor may not. It writes dates itself, in the ISO
    style set for the statement.
    """
    try:
        copy = f"COPY ({copied_query(rows, connection)}) TO STDOUT WITH (FORMAT csv)"
    except EmptyResultSet:  # filters no item can match: no rows
        return
    chunk = bytearray()
    # A read: COPY TO and SET LOCAL write nothing, so there is no history to write.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL DateStyle = 'ISO'")  # dates as 2019-02-13
        # Room to sort every row of a long list in memory rather than on disk: the
        # export's rows are sorted in one process, after they are formatted.
        cursor.execute("SET LOCAL work_mem = %s", [settings.TRACKER_EXPORT_WORK_MEM])
        with cursor.cursor.copy(copy) as lines:
            for line in lines:
                chunk += line
                if len(chunk) >= CHUNK_BYTES:
                    yield bytes(chunk)
                    chunk.clear()
    yield bytes(chunk)


def _csv_chunks(rows: OutstandingList) -> Iterator[str | bytes]:
    connection = connections[DEFAULT_DB_ALIAS]
    copied = connection.vendor == "postgresql"
    header = io.StringIO()
    header.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    # Lines end as the rows' do: PostgreSQL ends them with LF, Python's csv with CRLF.
    csv.writer(header, lineterminator="\n" if copied else "\r\n").writerow(HEADERS)
    yield header.getvalue()
    yield from _copied_csv(rows, connection) if copied else _written_csv(rows)


def csv_response(rows: OutstandingList, filename: str) -> StreamingHttpResponse:
    """Stream the rows, a few thousand at a time: memory stays flat however many there are."""
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: OutstandingList, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Outstanding")
    sheet.append(HEADERS)
    for chunk in _rows(rows):
        for cells in chunk:
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
