"""The exports of the outstanding list: every row the user may see, in the order they
chose, each cell what the list shows, with formulae defused, and the same file on every
database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import CharField, Value
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    PostFactory,
    RecommendationFactory,
)
from tracker.access import Access
from tracker.models import Recommendation
from tracker.outstanding import exports
from tracker.outstanding.exports import (
    HEADERS,
    KIND_LABELS,
    OWNER_NOT_KNOWN,
    TEXT_NOT_KNOWN,
    safe_cell,
    spreadsheet_safe,
)
from tracker.outstanding.selectors import OutstandingFilters, OutstandingList

pytestmark = pytest.mark.django_db
TRICKY = [
    "=SUM(A1:A9)",
    "+44 121 303 1111",
    "-1 per cent",
    "@mention",
    "\tindented",
    "\rreturn",
    "'Tis the season",
    "'=already escaped",
    'Quotes "inside", and a comma',
    "Two\nlines",
    "Gypsy Roma Traveller – ethnicity breakdown",
    "",
]


@pytest.fixture
def record(db):
    inquiry = InquiryFactory(title="=Corporate Parenting", reported_to_council_on=None)
    meeting = MeetingFactory(
        committee=inquiry.committee, date=dt.date(2019, 1, 16), notes_published=True
    )
    post = PostFactory(title="@Cabinet Member for Children's Wellbeing")
    for number, text in enumerate(TRICKY[:-1], start=1):
        RecommendationFactory(
            inquiry=inquiry,
            code=f"R{number:02d}",
            text=text,
            owner_post=post if number % 2 else None,
            responsibility="" if number % 3 else "+Named in the report",
            original_due_date=dt.date(2019, 1, number) if number % 4 else None,
            next_tracking_date=dt.date(2019, 3, 13) if number == 2 else None,
        )
    RecommendationFactory(inquiry=inquiry, code="R20", text="", text_known=False)
    item = AgendaItemFactory(meeting=meeting, title="-Youth Justice")
    for number, text in enumerate(TRICKY[:-1]):
        InformationRequestFactory(
            meeting=meeting,
            agenda_item=item if number % 2 else None,
            text=text or "Figures",
            due_date=dt.date(2019, 2, number + 1),
        )
    return inquiry


def expected(row: dict) -> list[str]:
    """One row of the list as the export writes it, worked out here from the list's row."""
    kind = row["row_kind"]
    path = "recommendations" if kind == "recommendation" else "requests"

    def iso(day):
        return day.isoformat() if day else ""

    cells = [
        KIND_LABELS[kind],
        safe_cell(row["row_committee"]),
        safe_cell(row["row_source"]),
        iso(row["row_source_date"]),
        safe_cell(row["row_reference"]),
        safe_cell(row["row_text"]) if row["row_text_known"] else TEXT_NOT_KNOWN,
        safe_cell(row["row_owner"] or OWNER_NOT_KNOWN),
        iso(row["row_due_date"]),
        "Yes" if row["row_overdue"] else "No",
        safe_cell(row["row_status"]),
        iso(row["row_next_tracking_date"]),
        f"{settings.SITE_URL}/{path}/{row['row_pk']}/",
        str(row["row_pk"]),
    ]
    return ["" if cell is None else cell for cell in cells]


def records(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == HEADERS
    return rows[1:]


@pytest.mark.parametrize("sort", ["due_date", "-due_date", "owner", "-reference"])
def test_the_csv_has_every_row_in_the_chosen_order_with_the_cells_the_list_shows(
    client, record, sort
):
    response = client.get(reverse("outstanding"), {"export": "csv", "sort": sort})
    written = records(b"".join(response.streaming_content))
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(),
        today=dt.date.today(),
        column=sort.lstrip("-"),
        descending=sort.startswith("-"),
    ).queryset()
    assert written == [expected(row) for row in rows]
    assert len(written) == 23  # 12 recommendations and 11 requests


def test_the_workbook_has_the_same_cells_with_real_dates(client, record):
    """The workbook holds what the CSV holds, with its dates as dates a spreadsheet sorts
    and filters as dates, shown as the pages write them, in columns wide enough to read."""
    content = client.get(reverse("outstanding"), {"export": "xlsx"}).getvalue()
    sheet = load_workbook(io.BytesIO(content)).active

    def text(value) -> str:
        if isinstance(value, dt.datetime):
            assert value.time() == dt.time()
            return value.date().isoformat()
        return "" if value is None else str(value)

    cells = [[text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    csv_rows = records(
        b"".join(client.get(reverse("outstanding"), {"export": "csv"}).streaming_content)
    )
    assert cells[0] == HEADERS
    assert cells[1:] == csv_rows
    due = HEADERS.index("Due date") + 1
    dates = [row[due - 1] for row in sheet.iter_rows(min_row=2) if row[due - 1].value]
    assert dates and all(c.is_date and c.number_format == "d mmm yyyy" for c in dates)
    assert sheet.column_dimensions["F"].width == 80  # Text
    assert sheet.freeze_panes == "A2"


def test_the_csv_ends_its_lines_as_the_csv_standard_does(client, record):
    """One writer on every database: each line ends with CRLF (RFC 4180), the line breaks
    typed inside a cell kept as typed."""
    content = b"".join(client.get(reverse("outstanding"), {"export": "csv"}).streaming_content)
    assert content.endswith(b"\r\n")
    assert content.count(b"\r\n") == 1 + 23  # the headings and each row
    assert b"Two\nlines" in content


def test_filters_no_item_can_match_export_the_headings_alone(record):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(kind="request", inquiry=record),  # requests have none
        today=dt.date.today(),
    )
    assert records("".join(exports._csv_lines(rows)).encode()) == []


def test_the_csv_quotes_text_and_leaves_dates_and_ids_bare(client, record):
    """The database writes the lines: every text cell quoted, its quotes doubled, the line
    breaks typed in it kept; dates and ids as they are."""
    content = b"".join(client.get(reverse("outstanding"), {"export": "csv"}).streaming_content)
    lines = content.decode("utf-8").split("\r\n")
    assert lines[0] == "\ufeff" + ",".join(f'"{header}"' for header in HEADERS)
    quoted = next(line for line in lines if "inside" in line)
    assert '"Quotes ""inside"", and a comma"' in quoted
    pk = quoted.rsplit(",", 1)[1]
    assert pk.isdigit()
    assert f',"{settings.SITE_URL}/recommendations/{pk}/",{pk}' in quoted
    assert ',2019-01-09,"' in quoted  # its due date, bare between quoted cells


def test_a_download_stopped_half_way_leaves_the_connection_usable(record, monkeypatch):
    """A reader who cancels a download stops the database's rows mid-stream: the next
    query on the connection still works."""
    monkeypatch.setattr(exports, "CHUNK_ROWS", 5)
    rows = OutstandingList(
        access=Access(AnonymousUser()), filters=OutstandingFilters(), today=dt.date.today()
    )
    lines = exports._csv_lines(rows)
    next(lines), next(lines)  # the headings and the first five rows
    lines.close()
    assert Recommendation.objects.filter(inquiry=record).count() == 12


def test_the_database_defuses_a_cell_as_safe_cell_does(db):
    recommendation = RecommendationFactory()
    for text in TRICKY:
        cell = (
            Recommendation.objects.filter(pk=recommendation.pk)
            .annotate(cell=spreadsheet_safe(Value(text, output_field=CharField())))
            .values_list("cell", flat=True)
            .get()
        )
        assert cell == safe_cell(text), repr(text)


# Any text a form accepts: no null character (PostgreSQL's text cannot hold one), no lone
# surrogate (UTF-8 cannot).
TEXTS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@examples(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS.filter(bool), owner=TEXTS)  # a known text is never empty
def test_any_text_reads_back_from_the_csv_as_the_list_shows_it(db, text, owner):
    """The database writes every cell: whatever was typed, Python's `csv` module reads the
    cell back as `safe_cell` would have written it, on every database."""
    with transaction.atomic():  # each example's record is undone after it
        recommendation = RecommendationFactory(
            text=text, responsibility=owner, owner_post=None, owner_person=None
        )
        rows = OutstandingList(
            access=Access(AnonymousUser()),
            filters=OutstandingFilters(inquiry=recommendation.inquiry),
            today=dt.date.today(),
        )
        [row] = records("".join(exports._csv_lines(rows)).encode())
        transaction.set_rollback(True)
    assert row[HEADERS.index("Text")] == safe_cell(text)
    assert row[HEADERS.index("Owner")] == safe_cell(owner or OWNER_NOT_KNOWN)
