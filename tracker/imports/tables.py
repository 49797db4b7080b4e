"""Reading an uploaded CSV or XLSX table, bounded, for every import of a spreadsheet.

The tracker import, the forward plan import and the KPI import read their files here:
the file's type and size are checked first, then the rows are read one at a time within
the limits of `tracker.uploads` (rows, columns, unpacked size, time), so a file over one
is refused before it costs more than that. The first row holds the column headings;
they are matched to the import's columns whatever their case, spacing or dash style.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from tracker.exported_text import xlsx_text
from tracker.outstanding.exports import safe_cell, unescape_cell
from tracker.uploads import (
    ReadingBudget,
    UploadLimitError,
    UploadLimits,
    check_xml_parts,
    last_row_with_content,
    open_zip,
    size_text,
    too_many,
)

XLSX_SIGNATURE = b"PK\x03\x04"  # an .xlsx workbook is a zip archive


# What each planned row of an import comes to, as every import's preview shows it.
NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
ERROR = "error"


def not_a_date(given: str) -> str:
    """The row problem for a cell `committees.dates.parse_date` refused."""
    return f"'{given}' is not a date: write dates like 2019-02-13 or 13/02/2019"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the officer."""


@dataclass
class Sheet:
    """The columns of an uploaded file that an import reads, as text, with its rows
    numbered as a spreadsheet numbers them (the headings are row 1).

    Plain data, so it can wait in the session between the preview and the confirmation;
    columns the import does not read are left behind, only their headings kept.
    """

    filename: str
    columns: list[str]  # the export's names for them, in the file's order
    rows: list[tuple[int, list[str]]]
    ignored_columns: list[str]
    # The file's own headings, every one read, for the officer to map (a council's own
    # tracker), rather than the import's column names.
    own_columns: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "columns": self.columns,
            "rows": self.rows,
            "ignored_columns": self.ignored_columns,
            "own_columns": self.own_columns,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sheet:
        return cls(
            filename=data["filename"],
            columns=list(data["columns"]),
            rows=[(int(number), list(cells)) for number, cells in data["rows"]],
            ignored_columns=list(data["ignored_columns"]),
            own_columns=bool(data.get("own_columns", False)),
        )

    def select(self, *, columns: Sequence[str], required: Sequence[str], source: str = "") -> Sheet:
        """The sheet of `columns` only, from one read with every column (`read_sheet` with
        `columns=None`); ImportFileError names the `required` columns it lacks."""
        keys = [match_key(header) for header in self.columns]
        _check_required(keys, _Shape(columns=columns, required=required, source=source))
        canonical = {match_key(column): column for column in columns}
        read = [(index, canonical[key]) for index, key in enumerate(keys) if key in canonical]
        rows = []
        for number, cells in self.rows:
            values = [cells[index] for index, _column in read]
            if any(values):
                rows.append((number, values))
        if not rows:
            raise ImportFileError("The file has column headings but no rows")
        return Sheet(
            filename=self.filename,
            columns=[column for _index, column in read],
            rows=rows,
            ignored_columns=[
                h for h, key in zip(self.columns, keys, strict=True) if key not in canonical
            ],
        )

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Each row as {export column name: cell}."""
        return [
            (number, dict(zip(self.columns, cells, strict=True))) for number, cells in self.rows
        ]


def read_sheet(
    *,
    filename: str,
    content: bytes,
    columns: Sequence[str] | None,
    required: Sequence[str],
    source: str = "",
    limits: UploadLimits | None = None,
) -> Sheet:
    """Read an uploaded CSV or XLSX file's `columns`; ImportFileError says what is wrong.

    With `columns=None` every column with a heading is read, under the file's own heading
    (a council's own tracker, whose columns the officer then maps).

    `required` columns must be there. `source` names what writes the headings ("the
    outstanding list's export"), for the messages. Headings the import does not read are
    kept in `ignored_columns`, so the preview can say so.
    """
    limits = limits or UploadLimits.from_settings()
    name = clean_filename(filename)
    extension = PurePath(name).suffix.lower()
    if extension not in {".csv", ".xlsx"}:
        hint = " (save it from Excel as .xlsx)" if extension in {".xls", ".ods"} else ""
        raise ImportFileError(f"The selected file must be a CSV or XLSX file{hint}")
    if not content:
        raise ImportFileError("The selected file is empty")
    if len(content) > limits.spreadsheet_bytes:
        raise ImportFileError(
            f"The selected file must be smaller than {size_text(limits.spreadsheet_bytes)}"
        )
    budget = ReadingBudget(limits)
    shape = _Shape(columns=columns, required=required, source=source)
    try:
        if extension == ".csv":
            return _read_table(name, _read_csv(content, limits), shape, limits, budget)
        with _open_xlsx(content, budget) as workbook:
            return _read_table(name, _xlsx_rows(workbook, limits), shape, limits, budget)
    except UploadLimitError as error:
        raise ImportFileError(str(error)) from None


@dataclass(frozen=True)
class _Shape:
    columns: Sequence[str] | None
    required: Sequence[str]
    source: str


def _read_table(
    name: str,
    table: Iterator[Sequence[Any]],
    shape: _Shape,
    limits: UploadLimits,
    budget: ReadingBudget,
) -> Sheet:
    """The sheet from the file's rows, read one at a time; only rows with content are kept."""
    headers = [_cell_text(value) for value in next(table, None) or ()]
    written_by = f" {shape.source} writes" if shape.source else ""
    if not any(headers):
        raise ImportFileError(
            f"The first row of the file must hold the column headings{written_by}"
        )
    keys = [match_key(header) for header in headers if header]
    repeated = sorted({h for h in headers if h and keys.count(match_key(h)) > 1})
    if repeated:
        raise ImportFileError("The file has more than one column headed " + quoted_list(repeated))
    _check_required(keys, shape)
    own = [header for header in headers if header]
    canonical = {match_key(column): column for column in shape.columns or own}
    read = [
        (index, canonical[match_key(header)])
        for index, header in enumerate(headers)
        if match_key(header) in canonical
    ]
    rows = []
    for number, cells in enumerate(table, start=2):
        budget.tick()
        if not any(cells):  # a row missing from the file, or left empty: skipped at once
            continue
        values = [_cell_text(cells[index]) if index < len(cells) else "" for index, _ in read]
        if any(values):  # an empty row, or one with only notes beside it, is not a record
            rows.append((number, values))
            if len(rows) > limits.rows:
                raise too_many("rows", limits.rows, "Split it and import each part.")
    if not rows:
        raise ImportFileError("The file has column headings but no rows")
    return Sheet(
        filename=name,
        columns=[column for _index, column in read],
        rows=rows,
        ignored_columns=[h for h in headers if h and match_key(h) not in canonical],
    )


def _check_required(keys: list[str], shape: _Shape) -> None:
    written_by = f" {shape.source} writes" if shape.source else ""
    missing = [column for column in shape.required if match_key(column) not in keys]
    if missing:
        plural = "column" if len(missing) == 1 else "columns"
        raise ImportFileError(
            f"The file has no {quoted_list(missing)} {plural}. The first row must hold the "
            f"column headings{written_by}"
        )


def clean_filename(filename: str) -> str:
    """The file's own name, without folders or control characters, at most 100 long."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-100:] or "upload"


def _read_csv(content: bytes, limits: UploadLimits) -> Iterator[list[str]]:
    if content.startswith(XLSX_SIGNATURE):
        raise ImportFileError(
            "The selected file is an Excel workbook, not a CSV file: upload it as .xlsx"
        )
    text = decode_csv(content)
    # Excel writes semicolons or tabs in some locales; the heading row says which.
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return _csv_rows(csv.reader(io.StringIO(text), delimiter=delimiter), limits)


# What a CSV file may be written in, said once: UTF-8 (with or without the byte order mark
# Excel's "CSV UTF-8" writes), else Windows-1252, what Excel's plain "CSV (Comma delimited)"
# writes on Windows in England (a £ is byte A3, a dash – byte 96).
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
CSV_ENCODINGS_TEXT = "UTF-8 or Windows-1252 (Excel's 'CSV UTF-8' or 'CSV (Comma delimited)')"


def decode_csv(content: bytes) -> str:
    """The text of a CSV file, for every import that reads one; ImportFileError otherwise.

    UTF-8 is tried first: text in Windows-1252 with any character beyond ASCII is almost
    never valid UTF-8, so the first that reads is the right one. Bytes Windows-1252 leaves
    undefined, or a NUL character, mean the file is neither (UTF-16, or not text at all).
    """
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
        break
    raise ImportFileError(
        f"The selected file could not be read as text: a CSV file must be saved as "
        f"{CSV_ENCODINGS_TEXT}, or upload the Excel workbook (.xlsx) instead"
    )


def _csv_rows(reader: Iterator[list[str]], limits: UploadLimits) -> Iterator[list[str]]:
    """The rows, one at a time. A line with nothing on it at all is left out, as it always
    has been; spreadsheets write an empty row as a line of commas, which is kept, so row
    numbers match what a spreadsheet shows."""
    width = 0
    try:
        for cells in reader:
            if not cells:
                continue
            if not width:
                width = len(cells)
                if width > limits.columns:
                    raise too_many("columns", limits.columns, _FEWER_COLUMNS)
            elif len(cells) > width:
                raise ImportFileError(
                    "Some rows have more cells than the first row has column headings: give "
                    "every column a heading, or remove the extra cells"
                )
            yield cells
    except csv.Error as error:
        raise ImportFileError(f"The selected file is not a readable CSV file ({error})") from None


_FEWER_COLUMNS = "Remove the columns the import does not read, or split the file."
_NOT_A_WORKBOOK = (
    "The selected file could not be read as an Excel workbook: open it in Excel "
    "and save it again as .xlsx, or as CSV UTF-8"
)


@contextlib.contextmanager
def _open_xlsx(content: bytes, budget: ReadingBudget) -> Iterator[Any]:
    """The workbook, opened to be read as a stream, once its archive is within the limits.

    The worksheets are streamed row by row; the other parts, which the reader builds
    whole (styles, shared strings), are checked first.
    """
    if not content.startswith(XLSX_SIGNATURE):
        raise ImportFileError("The selected file is not an Excel workbook (.xlsx)")
    try:
        with open_zip(content, budget.limits) as archive:
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
            check_xml_parts(archive, budget, skip=sheets)
            last_rows = {}
            for name in sheets:
                with archive.open(name) as stream:
                    last_rows[name] = last_row_with_content(stream, budget)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UploadLimitError:
        raise
    except Exception:  # zipfile and openpyxl raise many kinds of error on a damaged file
        raise ImportFileError(_NOT_A_WORKBOOK) from None
    try:
        # Where each sheet's content ends, for the reader to stop there.
        workbook.last_row_with_content = max(last_rows.values(), default=0)
        yield workbook
    finally:
        workbook.close()


def _xlsx_rows(workbook: Any, limits: UploadLimits) -> Iterator[tuple[Any, ...]]:
    """The first sheet's rows, at most one column past the limit wide.

    The dimensions the sheet declares are ignored: a sheet may claim a million rows and
    columns to make a reader build them. Reading stops at the last row with content
    (within the row limit, checked as the archive was opened).
    """
    sheet = workbook.active
    if sheet is None:
        raise ImportFileError(_NOT_A_WORKBOOK)
    sheet.reset_dimensions()
    last = max(workbook.last_row_with_content, 1)
    try:
        for cells in sheet.iter_rows(max_row=last, max_col=limits.columns + 1, values_only=True):
            if len(cells) > limits.columns and cells[limits.columns] not in (None, ""):
                raise too_many("columns", limits.columns, _FEWER_COLUMNS)
            yield cells
    except (UploadLimitError, ImportFileError):
        raise
    except Exception:
        raise ImportFileError(_NOT_A_WORKBOOK) from None


def _cell_text(value: Any) -> str:
    """A cell as text: spreadsheet dates as 2019-02-13, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else str(value)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return unescape_cell(text.strip()).replace("\r\n", "\n").strip()


def xlsx_read_back(stored: str) -> str:
    """What a workbook export's cell for the `stored` text reads back as here.

    The whole text, but for a text stored before the limit (`tracker.exported_text`) and
    longer than a cell holds, the part the cell holds: an import that finds this in a
    cell takes it as unchanged, so confirming the import never cuts the stored text.
    """
    return _cell_text(xlsx_text(safe_cell(stored)))


_LOOK_ALIKE = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'", "‘": "'"})


def match_key(text: str) -> str:
    """How headings and names are compared: case, spacing and dash or quote styles do not
    matter."""
    return " ".join((text or "").translate(_LOOK_ALIKE).split()).casefold()


def quoted_list(names: list[str], last: str = "and") -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]
