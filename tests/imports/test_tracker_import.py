"""Importing a tracker: what a scrutiny officer relies on when they upload a spreadsheet.

A file the app exported reads back as unchanged; an edited one previews every change and
applies them all, or none, with each item's history saying who imported it and from
which file; every row in error is named with its column; nothing is written before the
officer confirms; exempt business of another committee is never echoed back.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from committees.models import AgendaItem, Committee, Meeting, Post, SupportOfficer
from tests.factories import InformationRequestFactory, RecommendationFactory
from tests.support.tracker_files import (
    COMMITTEE,
    CORPORATE_PARENTING,
    by_reference,
    csv_file,
    csv_records,
    exported,
    new_recommendation_row,
    page_text,
    preview,
    upload,
    xlsx_file,
)
from tracker.imports.tables import ImportFileError, read_sheet
from tracker.imports.trackers import importer
from tracker.imports.trackers import views as import_views
from tracker.models import (
    DueDateRevision,
    InformationRequest,
    Inquiry,
    Recommendation,
    TrackingRound,
)
from tracker.outstanding.exports import HEADERS, safe_cell, unescape_cell

pytestmark = pytest.mark.django_db

JANUARY = dt.date(2019, 1, 16)
AGREED = {"decided_on_0": "13", "decided_on_1": "3", "decided_on_2": "2019"}
HISTORIES = (Recommendation, InformationRequest, DueDateRevision, TrackingRound)
EXEMPT_CANARY = "Exempt canary 9Z: the other committee's confidential annex"
EXEMPT_ITEM = "Exempt item 4K"


def sign_in(client, username: str = "officer"):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def xlsx_records(content: bytes) -> list[dict[str, str]]:
    """The workbook's rows as text, its dates as the CSV writes them."""
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    def text(value) -> str:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return "" if value is None else str(value)

    return [
        {name: text(value) for name, value in zip(rows[0], row, strict=True)} for row in rows[1:]
    ]


def history_count() -> int:
    return sum(model.history.count() for model in HISTORIES)


def last_history_id(model) -> int:
    latest = model.history.order_by("-history_id").first()
    return latest.history_id if latest else 0


def writes_to_the_record(captured) -> list[str]:
    """Statements that changed anything but the session."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
    ]


def rows_of(response) -> dict[int, dict]:
    return {row.number: row for row in response.context["plan"].rows}


# -- a file the app exported --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_reads_an_exported_list_back_as_unchanged_and_writes_nothing(client, demo, fmt):
    sign_in(client)
    content = exported(client, fmt)
    before = history_count()
    with CaptureQueriesContext(connection) as captured:
        location, response = preview(client, f"outstanding.{fmt}", content)
        confirm = client.post(location, {"plan": response.context["form"]["plan"].value()})
    assert writes_to_the_record(captured) == []
    assert history_count() == before
    plan = response.context["plan"]
    # 6 recommendations and 16 requests (7 resolved, 9 taken from the discussion) are open.
    assert len(plan.rows) == 22
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": 22, "error": 0}
    page = page_text(response)
    assert "Every row matches the record: there is nothing to import." in page
    assert "Confirm and import" not in page
    assert confirm.status_code == 200  # nothing to confirm, so nothing is done


def test_a_file_exported_before_the_record_id_column_is_matched_by_its_links(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    old_headers = [name for name in HEADERS if name != "Record ID"]
    _, response = preview(client, "old.csv", csv_file(records, old_headers))
    assert response.context["plan"].counts["unchanged"] == 22


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cells_the_export_defused_read_back_as_written(client, demo, fmt):
    meeting = Meeting.objects.get(date=JANUARY)
    texts = ['=HYPERLINK("http://x","click")', "-5% of children placed out of city", "'=quoted"]
    for text in texts:
        InformationRequestFactory(meeting=meeting, text=text)
    sign_in(client)
    content = exported(client, fmt)
    records = csv_records(content) if fmt == "csv" else xlsx_records(content)
    written = {r["Text"] for r in records}
    assert {"'" + text for text in texts} <= written  # defused in the file ...
    _, response = preview(client, f"defused.{fmt}", content)
    assert response.context["plan"].counts == {  # ... and read back as the record has them
        "new": 0,
        "changed": 0,
        "unchanged": 25,  # the 22 open items and the 3 requests added here
        "error": 0,
    }


@given(st.text())
def test_a_defused_cell_always_reads_back_as_the_text_that_was_written(text):
    assert unescape_cell(safe_cell(text)) == text


def test_a_leading_apostrophe_typed_by_hand_is_kept():
    assert unescape_cell("'Tis the season") == "'Tis the season"
    assert unescape_cell("'=SUM(A1:A2)") == "=SUM(A1:A2)"


# -- text longer than a workbook cell ----------------------------------------------------

LONG_TEXT = "The council reports on each of its children's homes every quarter. " * 1500


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_text_longer_than_a_cell_reads_back_unchanged_and_confirming_keeps_it_whole(
    client, demo, fmt
):
    # Stored before the limit on exported text: 100,000 characters, three Excel cells' worth.
    r02 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R02")
    r02.text = LONG_TEXT.strip()
    r02.save()
    assert len(r02.text) > 100_000
    sign_in(client)
    content = exported(client, fmt)
    records = xlsx_records(content) if fmt == "xlsx" else csv_records(content)
    expected = 32_767 if fmt == "xlsx" else len(r02.text)  # as much as an Excel cell holds
    assert len(by_reference(records, "R02")["Text"]) == expected
    # Another row changed, so that the import is confirmed.
    by_reference(records, "R03")["Owner"] = "Corporate Director for Children and Young People"
    edited = csv_file(records) if fmt == "csv" else xlsx_file(records)

    location, response = preview(client, f"long.{fmt}", edited)
    plan = response.context["plan"]
    assert plan.counts == {"new": 0, "changed": 1, "unchanged": 21, "error": 0}
    assert rows_of(response)[by_row(records, "R02")].status == "unchanged"
    assert client.post(location, {"plan": plan.fingerprint})["Location"] == reverse("outstanding")
    r02.refresh_from_db()
    assert r02.text == LONG_TEXT.strip()


def by_row(records: list[dict[str, str]], reference: str) -> int:
    """The spreadsheet's row number of the record (the headings are row 1)."""
    return records.index(by_reference(records, reference)) + 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_new_text_over_the_limit_is_refused_on_its_row_and_nothing_is_saved(client, demo, fmt):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    by_reference(records, "R03")["Text"] = "x" * 32_001
    records.append(new_recommendation_row(Text="y" * 32_500))
    before = history_count()
    content = csv_file(records) if fmt == "csv" else xlsx_file(records)
    location, response = preview(client, f"long.{fmt}", content)
    plan = response.context["plan"]
    assert plan.counts["error"] == 2
    problems = [p.message for row in plan.errors for p in row.problems if p.column == "Text"]
    assert problems == [
        "Keep this to 32,000 characters or fewer: it has 32,001",
        "Keep this to 32,000 characters or fewer: it has 32,500",
    ]
    assert "Keep this to 32,000 characters or fewer" in page_text(response)
    client.post(location, {"plan": plan.fingerprint})
    assert history_count() == before


# -- a file saved by Excel ----------------------------------------------------------------


def test_a_csv_saved_by_excel_in_windows_1252_is_read_with_its_pound_sign_and_dash(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    text = "Report the £2.4m saving – and what it cost – to the committee."
    by_reference(records, "R03")["Text"] = text
    content = csv_file(records).decode("utf-8").encode("cp1252")
    assert "£".encode("cp1252") in content and "–".encode("cp1252") in content
    location, response = preview(client, "excel.csv", content)
    plan = response.context["plan"]
    (row,) = [row for row in plan.rows if row.status == "changed"]
    assert [(c.column, c.new) for c in row.changes] == [("Text", text)]
    client.post(location, {"plan": plan.fingerprint})
    r03 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert r03.text == text


@pytest.mark.parametrize(
    "content",
    [
        "Title,Cost\nHomes – a review,£120\n".encode("cp1252"),
        "\ufeffTitle,Cost\nHomes – a review,£120\n".encode("utf-8"),
        "Title,Cost\nHomes – a review,£120\n".encode(),
    ],
    ids=["windows-1252", "utf-8 with a byte order mark", "utf-8"],
)
def test_every_csv_reader_takes_utf_8_or_windows_1252(content):
    sheet = read_sheet(
        filename="plan.csv", content=content, columns=["Title", "Cost"], required=["Title"]
    )
    assert sheet.columns == ["Title", "Cost"]
    assert sheet.rows == [(2, ["Homes – a review", "£120"])]


@pytest.mark.parametrize(
    "content",
    ["Title\nHomes\n".encode("utf-16"), b"Title\nHomes \x81\x8d\n"],
    ids=["utf-16", "bytes that are neither"],
)
def test_a_csv_in_another_encoding_is_refused_naming_those_accepted(content):
    with pytest.raises(ImportFileError) as refused:
        read_sheet(filename="plan.csv", content=content, columns=["Title"], required=["Title"])
    assert "a CSV file must be saved as UTF-8 or Windows-1252" in str(refused.value)


# -- an edited file -----------------------------------------------------------------------


def edited_records(client) -> list[dict[str, str]]:
    """The demo list with R03 given to a post by its former title, R02's due date revised
    with a reason, and a new R08 (row 24, after the 22 exported rows)."""
    records = csv_records(exported(client, "csv"))
    for record in records:
        record["Reason for due date change"] = ""
    by_reference(records, "R03")["Owner"] = "Corporate Director for Children and Young People"
    r02 = by_reference(records, "R02")
    r02["Due date"] = "30/09/2019"
    r02["Reason for due date change"] = "Agreed at the meeting of 13 March 2019"
    records.append(new_recommendation_row(**{"Reason for due date change": ""}))
    return records


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_edited_file_previews_each_change_then_applies_it_with_history(client, demo, fmt):
    sign_in(client)
    records = edited_records(client)
    content = csv_file(records) if fmt == "csv" else xlsx_file(records)
    before = history_count()
    location, response = preview(client, f"edited.{fmt}", content)

    plan = response.context["plan"]
    assert plan.counts == {"new": 1, "changed": 2, "unchanged": 20, "error": 0}
    rows = {row.description: row for row in plan.rows}
    assert [(c.column, c.old, c.new) for c in rows["Corporate Parenting R03"].changes] == [
        ("Owner", "Deputy Leader", "Acting Corporate Director for Children and Young People")
    ]
    assert [(c.column, c.old, c.new) for c in rows["Corporate Parenting R02"].changes] == [
        ("Due date", "31 May 2018", "30 September 2019")
    ]
    assert rows["Corporate Parenting R08"].status == "new"
    page = page_text(response)
    assert "Deputy Leader" in page and "30 September 2019" in page
    assert "reason: Agreed at the meeting of 13 March 2019" in page
    # Nothing is written before the officer confirms.
    assert history_count() == before
    assert not Recommendation.objects.filter(code="R08").exists()

    officer = get_user_model().objects.get(username="officer")
    since = last_history_id(Recommendation)
    response = client.post(location, {"plan": plan.fingerprint, **AGREED})
    assert response.status_code == 302
    assert response["Location"] == reverse("outstanding")
    reason = f"Imported from edited.{fmt}"

    r03 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert r03.owner_post.title == "Acting Corporate Director for Children and Young People"
    assert r03.responsibility == "Deputy Leader"  # the report's own wording stays
    (change,) = r03.history.filter(history_id__gt=since)
    assert (change.history_user, change.history_change_reason) == (officer, reason)

    r02 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R02")
    assert r02.due_date == dt.date(2019, 9, 30)
    revision = DueDateRevision.objects.get(recommendation=r02)
    assert (revision.previous_date, revision.new_date, revision.decided_on) == (
        dt.date(2018, 5, 31),
        dt.date(2019, 9, 30),
        dt.date(2019, 3, 13),
    )
    assert revision.reason == f"Agreed at the meeting of 13 March 2019 (imported from edited.{fmt})"
    (change,) = r02.history.filter(history_id__gt=since)
    assert change.history_user == officer
    assert change.history_change_reason == f"Due date revised: {revision.reason}"
    assert revision.history.get().history_user == officer

    r08 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R08")
    assert r08.owner_post.title == "Cabinet Member for Children's Wellbeing"
    assert (r08.original_due_date, r08.due_date) == (dt.date(2019, 12, 31),) * 2
    (created,) = r08.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        officer,
        reason,
    )
    # One history row per changed or new object, and none for the unchanged rows.
    assert history_count() == before + 4  # R03, R02, its revision, R08

    # The upload is done with: its preview is gone.
    assert client.get(location)["Location"] == reverse("tracker_import")


def test_a_revised_due_date_without_a_reason_in_the_file_needs_one_on_confirming(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    by_reference(records, "R03")["Due date"] = "2019-07-31"
    location, response = preview(client, "dates.csv", csv_file(records))
    fingerprint = response.context["plan"].fingerprint
    before = history_count()

    refused = client.post(location, {"plan": fingerprint, **AGREED})
    assert refused.status_code == 200
    assert "Say why the due dates changed" in page_text(refused)
    assert page_text(refused).count("<title>Error: ") == 1
    assert history_count() == before

    done = client.post(
        location, {"plan": fingerprint, "reason": "Training moved to May.", **AGREED}
    )
    assert done.status_code == 302
    r03 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert r03.due_date == dt.date(2019, 7, 31)
    assert r03.due_date_revisions.get().reason == "Training moved to May. (imported from dates.csv)"


def test_an_assessment_is_recorded_through_the_assessment_service(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    r03 = by_reference(records, "R03")
    r03["Latest assessment"] = "achieved"  # labels are matched whatever their case
    r03["Next tracking date"] = ""  # an assessment that ends tracking has none
    location, response = preview(client, "assessed.csv", csv_file(records))
    assert [c.column for c in rows_of(response)[5].changes] == [
        "Latest assessment",
        "Next tracking date",
    ]
    client.post(location, {"plan": response.context["plan"].fingerprint, **AGREED})
    recommendation = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert recommendation.current_assessment.label == "Achieved"
    assert recommendation.tracking_ended_on == dt.date(2019, 3, 13)  # off the list
    assert recommendation.next_tracking_date is None
    assert recommendation.history.first().history_change_reason == "Imported from assessed.csv"


def test_a_new_request_of_an_existing_meeting_defaults_to_its_next_report_deadline(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    request = dict.fromkeys(HEADERS, "")
    request.update(
        {
            "Kind": "Requested information or action",
            "Committee": COMMITTEE,
            "Inquiry or meeting": "youth justice strategic plan",
            "Date of inquiry report or meeting": "16/01/2019",
            "Text": "The number of first-time entrants to the youth justice system.",
            "Owner": "Councillor Mohammed Aikhlag",  # another spelling of a councillor's name
        }
    )
    location, response = preview(client, "request.csv", csv_file([*records, request]))
    (new,) = [row for row in response.context["plan"].rows if row.status == "new"]
    assert ("Owner", "Mohammed Aikhlaq") in new.shown
    client.post(location, {"plan": response.context["plan"].fingerprint})
    created = InformationRequest.objects.get(text__startswith="The number of first-time")
    assert created.agenda_item.title == "Youth Justice Strategic Plan"
    assert created.owner_person.name == "Mohammed Aikhlaq"
    assert created.due_date == dt.date(2019, 2, 4)  # the report deadline of 13 February
    assert created.history.get().history_change_reason == "Imported from request.csv"


# -- errors -------------------------------------------------------------------------------


def test_each_row_in_error_is_named_with_its_column_and_nothing_is_imported(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    duplicate = dict(records[6])  # row 8, a request
    by_reference(records, "R03")["Owner"] = "Cabinet Member for Childrens Wellbeing"
    by_reference(records, "R04")["Due date"] = "31/02/2019"
    by_reference(records, "R06")["Latest assessment"] = "Mostly done"
    by_reference(records, "R02")["Owner"] = "Deputy Leader"  # a valid change in a bad file
    records.append(new_recommendation_row(**{"Inquiry or meeting": "School Exclusions"}))
    records.append(duplicate)  # the same item twice
    location, response = preview(client, "mistakes.csv", csv_file(records))

    page = page_text(response)
    assert page.count("<title>Error: ") == 1
    assert "Nothing has been imported. Correct these rows in the file" in page
    problems = {
        (row.number, problem.column): problem.message
        for row in response.context["plan"].rows
        for problem in row.problems
    }
    assert problems == {
        (5, "Owner"): "There is no post or person called 'Cabinet Member for Childrens "
        "Wellbeing': use a post's title or a person's name as the tracker has them. Did you "
        "mean 'Cabinet Member for Children's Wellbeing'?",
        (2, "Due date"): "'31/02/2019' is not a date: write dates like 2019-02-13 or 13/02/2019",
        (3, "Latest assessment"): "'Mostly done' is not an assessment of this inquiry's scale: "
        "use 'Achieved', 'Achieved – late', 'Not Achieved – Progress Made' or 'In progress'",
        (24, "Inquiry or meeting"): "The committee has no inquiry called 'School Exclusions': "
        "add the inquiry first",
        (25, ""): "Row 8 is about the same item: keep one of the two",
    }
    assert 'href="#row-5">Row 5, Owner: There is no post' in page
    assert "Confirm and import" not in page

    before = history_count()
    refused = client.post(location, {"plan": response.context["plan"].fingerprint, **AGREED})
    assert refused.status_code == 200
    assert history_count() == before
    r02 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R02")
    assert r02.owner_post.title == "Cabinet Member for Children, Families and Schools"


def test_an_import_cannot_reopen_an_item_or_take_away_what_the_record_holds(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    r01 = new_recommendation_row(Reference="R1", **{"Latest assessment": "In progress"})
    by_reference(records, "R03")["Owner"] = "Not known"
    by_reference(records, "R04")["Due date"] = ""
    by_reference(records, "R06")["Text"] = "(text not yet known)"
    location, response = preview(client, "taking.csv", csv_file([*records, r01]))
    problems = {
        row.description: [p.message for p in row.problems]
        for row in response.context["plan"].rows
        if row.problems
    }
    assert problems == {
        "Corporate Parenting R03": ["An import cannot take away an owner: name the new owner"],
        "Corporate Parenting R04": ["An import cannot take away a due date"],
        "Corporate Parenting R06": ["An import cannot take away a recommendation's text"],
        "Corporate Parenting R01": [
            "R01 is no longer outstanding (assessed 'Achieved – late'), so an import does not "
            "change it: remove the row, or export the list again"
        ],
    }


def test_a_change_to_the_record_after_the_preview_stops_the_confirmation(client, demo):
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    by_reference(records, "R03")["Owner"] = "Cabinet Member for Children's Wellbeing"
    location, response = preview(client, "stale.csv", csv_file(records))
    fingerprint = response.context["plan"].fingerprint
    # Meanwhile someone else gives R03 to another post: the change shown is not the
    # change that confirming would now make.
    education = Post.objects.get(title="Cabinet Member for Education, Skills and Culture")
    Recommendation.objects.filter(inquiry__title=CORPORATE_PARENTING, code="R03").update(
        owner_post=education
    )
    before = history_count()
    refused = client.post(location, {"plan": fingerprint})
    assert refused.status_code == 200
    assert "The record has changed since the preview was shown" in page_text(refused)
    assert history_count() == before
    (change,) = rows_of(refused)[5].changes  # the preview shown again is fresh
    assert change.old == education.title
    r03 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert r03.owner_post == education


def test_a_failure_while_applying_rolls_back_every_row(client, demo, monkeypatch):
    sign_in(client)
    location, response = preview(client, "edited.csv", csv_file(edited_records(client)))
    before = history_count()

    save = importer.save_with_history

    def save_all_but_new_items(obj, **kwargs):
        if obj.pk is None:
            raise ValidationError("The database refused it.")
        save(obj, **kwargs)

    # R02 (row 4) and R03 (row 5) are saved, then the new R08 (row 24) fails.
    monkeypatch.setattr(importer, "save_with_history", save_all_but_new_items)
    refused = client.post(location, {"plan": response.context["plan"].fingerprint, **AGREED})
    assert refused.status_code == 200
    assert "row 24 could not be saved (The database refused it.)" in page_text(refused)
    assert history_count() == before
    r02 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R02")
    assert (r02.due_date, r02.due_date_revisions.count()) == (dt.date(2018, 5, 31), 0)
    r03 = Recommendation.objects.get(inquiry__title=CORPORATE_PARENTING, code="R03")
    assert r03.owner_post.title == "Deputy Leader"


# -- the file as a whole ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tracker.txt", b"Kind,Committee\n", "The selected file must be a CSV or XLSX file"),
        ("tracker.xls", b"\xd0\xcf\x11\xe0", "save it from Excel as .xlsx"),
        (
            "tracker.csv",
            "Kind,Owner\nRecommendation,Café\n".encode("utf-16"),
            "a CSV file must be saved as UTF-8 or Windows-1252",
        ),
        ("tracker.xlsx", b"Kind,Committee\n", "The selected file is not an Excel workbook"),
        ("tracker.xlsx", b"PK\x03\x04 damaged", "could not be read as an Excel workbook"),
        ("tracker.csv", b"", "The selected file is empty"),
        ("tracker.csv", ",".join(HEADERS).encode(), "The file has column headings but no rows"),
        (
            "tracker.csv",
            b"Kind,Committee,Inquiry or meeting,Date of inquiry report or meeting,Reference,"
            b"Text,Due date,Latest assessment,Next tracking date\nRecommendation\n",
            "The file has no 'Owner' column",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(
    client, demo, name, content, message
):
    sign_in(client)
    response = upload(client, name, content)
    assert response.status_code == 200
    page = page_text(response)
    assert message in page
    assert page.count("<title>Error: ") == 1
    assert waiting_uploads(client) == {}


def waiting_uploads(client) -> dict:
    return client.session.get(import_views.SESSION_KEY, {})


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, demo, monkeypatch):
    monkeypatch.setattr(
        import_views, "read_tracker_file", lambda **kw: pytest.fail("the file was read")
    )
    sign_in(client)
    response = upload(client, "big.csv", b"x" * (2 * 1024 * 1024 + 1))
    assert "The selected file must be smaller than 2 MB" in page_text(response)


def test_a_workbook_missing_columns_is_refused(client, demo):
    sign_in(client)
    records = [{"Kind": "Recommendation", "Reference": "R02"}]
    response = upload(client, "short.xlsx", xlsx_file(records))
    assert "The file has no 'Committee', 'Inquiry or meeting'" in page_text(response)


# -- who may import, and exempt business --------------------------------------------------


@pytest.mark.parametrize("username", ["councillor", "owner"])
def test_only_officers_may_upload(client, demo, username):
    sign_in(client, username)
    response = upload(client, "outstanding.csv", b"Kind\nRecommendation\n")
    assert response.status_code == 403
    assert waiting_uploads(client) == {}


@pytest.fixture
def other_committee(demo):
    """A second committee, with exempt business, whose record the demo officer does not keep."""
    committee = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    meeting = Meeting.objects.create(committee=committee, date=JANUARY)
    item = AgendaItem.objects.create(
        meeting=meeting, number=3, title=EXEMPT_ITEM, is_exempt=True, exempt_paragraph=3
    )
    request = InformationRequest.objects.create(
        meeting=meeting, agenda_item=item, text=EXEMPT_CANARY, due_date=dt.date(2019, 2, 4)
    )
    return committee, request


def request_row(request: InformationRequest, **values: str) -> dict[str, str]:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Kind": "Requested information or action",
            "Committee": request.meeting.committee.name,
            "Date of inquiry report or meeting": request.meeting.date.isoformat(),
            "Owner": "Not known",
            "Due date": request.due_date.isoformat(),
            "Latest assessment": "Awaiting information",
        }
    )
    row.update(values)
    return row


def test_exempt_business_of_another_committee_is_never_echoed(client, other_committee):
    committee, request = other_committee
    sign_in(client)
    # Guessing its record ID tells the officer nothing about it, not even that it exists.
    probe = request_row(request, **{"Record ID": str(request.pk), "Text": "Anything"})
    _, response = preview(client, "probe.csv", csv_file([probe]))
    (row,) = response.context["plan"].rows
    assert [p.message for p in row.problems] == [
        f"No requested information or action has the record ID {request.pk}: empty the ID "
        "to add it as a new request"
    ]
    page = page_text(response)
    assert EXEMPT_CANARY not in page and EXEMPT_ITEM not in page
    # Naming its meeting gets no further than the committee.
    probe = request_row(request, Text="Anything", **{"Inquiry or meeting": EXEMPT_ITEM})
    _, response = preview(client, "probe.csv", csv_file([probe]))
    (row,) = response.context["plan"].rows
    assert [p.message for p in row.problems] == [
        f"You do not keep the record of the {committee.name}, so an import cannot change it"
    ]
    assert EXEMPT_CANARY not in page_text(response)


def test_an_officer_of_the_committee_may_import_changes_to_its_exempt_business(client, demo):
    meeting = Meeting.objects.get(date=JANUARY)
    exempt = InformationRequest.objects.create(
        meeting=meeting,
        agenda_item=AgendaItem.objects.get(meeting=meeting, number=12),
        text="The confidential WSOA annex.",
        owner_post=Post.objects.get(title="Assistant Director, Early Help"),
    )
    sign_in(client)
    records = csv_records(exported(client, "csv"))
    (row,) = [r for r in records if r["Record ID"] == str(exempt.pk)]
    row["Owner"] = "Head of Youth Offending Service"
    location, response = preview(client, "exempt.csv", csv_file(records))
    assert response.context["plan"].counts["changed"] == 1
    client.post(location, {"plan": response.context["plan"].fingerprint})
    exempt.refresh_from_db()
    assert exempt.owner_post.title == "Head of Youth Offending Service"


def test_an_officer_of_another_committee_cannot_import_into_this_one(client, demo):
    """Officers import only for the committees whose record they keep."""
    sign_in(client)
    content = exported(client, "csv")
    other = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    SupportOfficer.objects.filter(person__user__username="officer").update(committee=other)
    _, response = preview(client, "outstanding.csv", content)
    plan = response.context["plan"]
    assert plan.counts["error"] == 22
    messages = [row.problems[0].message for row in plan.rows]
    not_kept = f"You do not keep the record of the {COMMITTEE}, so an import cannot change it"
    assert messages.count(not_kept) == 21
    # The request of 17 December 2018, a meeting with no notes published, is not theirs to
    # see: to this import it does not exist.
    unread = InformationRequest.objects.outstanding().get(meeting__date=dt.date(2018, 12, 17))
    assert [message for message in messages if message != not_kept] == [
        f"No requested information or action has the record ID {unread.pk}: empty the ID to "
        "add it as a new request"
    ]


# -- cost ---------------------------------------------------------------------------------


def test_the_preview_costs_the_same_whatever_the_number_of_rows(client, demo):
    sign_in(client)

    def preview_queries() -> int:
        content = exported(client, "csv")
        response = upload(client, "outstanding.csv", content)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(response["Location"]).status_code == 200
        return len(captured)

    before = preview_queries()
    inquiry = Inquiry.objects.get(title=CORPORATE_PARENTING)
    meeting = Meeting.objects.get(date=JANUARY)
    for n in range(30):
        RecommendationFactory(inquiry=inquiry, code=f"R{20 + n:02d}")
        InformationRequestFactory(meeting=meeting, text=f"More figures {n}")
    assert preview_queries() == before


def test_the_outstanding_list_offers_the_import_to_officers_only(client, demo):
    assert "Import a tracker" not in client.get(reverse("outstanding")).content.decode()
    sign_in(client, "councillor")
    assert "Import a tracker" not in client.get(reverse("outstanding")).content.decode()
    sign_in(client)
    assert reverse("tracker_import") in client.get(reverse("outstanding")).content.decode()
