"""The open-data files: one CSV file per dataset, and one JSON document per committee and
municipal year holding every dataset. Both are streamed as they are written, and both
write exactly the fields of `schema.DATASETS`, in order.

CSV files are written by Python's `csv` module (`csv_chunks`: UTF-8 with a byte order mark,
CRLF line ends, as the outstanding list's export) with every text cell defused by that
export's `safe_cell`, so that a spreadsheet never runs a cell as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse

from tracker.outstanding.exports import CHUNK_ROWS, safe_cell, streaming_csv

from .schema import DATASETS, LICENCE_NAME, LICENCE_URL, Dataset

Row = dict[str, Any]


def csv_cell(value: Any) -> Any:
    """A value as the CSV files write it (see `schema.TYPES`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_cell(value)


def json_value(value: Any) -> Any:
    """A value as the JSON documents write it: dates and times as text."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cells(dataset: Dataset, rows: Iterable[Row]) -> Iterator[list[Any]]:
    names = dataset.field_names
    for row in rows:
        yield [csv_cell(row[name]) for name in names]


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A CSV file, a chunk of rows at a time. The cells are written as given: defuse
    them first (`csv_cell`)."""
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


def csv_response(dataset: Dataset, rows: Iterable[Row], filename: str) -> StreamingHttpResponse:
    return streaming_csv(csv_chunks(dataset.field_names, _cells(dataset, rows)), filename)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _json_chunks(metadata: dict[str, Any], datasets: dict[str, Iterable[Row]]) -> Iterator[str]:
    """The document, a row at a time: the metadata, then each dataset as an array."""
    yield "{"
    for name, value in metadata.items():
        yield f"{_dumps(name)}: {_dumps(json_value(value))}, "
    yield '"datasets": {'
    for number, dataset in enumerate(DATASETS):
        yield f"{', ' if number else ''}{_dumps(dataset.json_key)}: ["
        names = dataset.field_names
        for index, row in enumerate(datasets[dataset.key]):
            values = {name: json_value(row[name]) for name in names}
            yield f"{', ' if index else ''}{_dumps(values)}"
        yield "]"
    yield "}}\n"


def json_response(
    metadata: dict[str, Any], datasets: dict[str, Iterable[Row]], filename: str
) -> StreamingHttpResponse:
    """The JSON document of a committee's year. `metadata` gives the document's fields
    (`schema.DOCUMENT_FIELDS`) other than the licence's, which are added here."""
    metadata = {"licence": LICENCE_NAME, "licence_url": LICENCE_URL, **metadata}
    response = StreamingHttpResponse(
        _json_chunks(metadata, datasets), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
