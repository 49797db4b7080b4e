"""Every date a person enters is within the window of committees.dates, with a message
that states the window, and nothing is saved when one is not."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.dates import check_due_date, due_window, parse_date, written_date
from committees.models import Committee, Meeting
from tests.support.recording import history_count, item_data
from tests.support.tracker_files import by_reference, csv_file, csv_records, exported, preview
from tracker.imports.notes.reader import _meeting_date
from tracker.items.forms import DueDateRevisionForm
from tracker.models import Recommendation

pytestmark = pytest.mark.django_db

WINDOW = "between 1 January 1990 and 31 December 2100"


@pytest.fixture
def officer(client, demo):
    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "typed",
    [
        "2019-02-13",
        "13 February 2019",
        "13 Feb 2019",
        "13/02/2019",
        "13/02/19",
        "13.02.2019",
        "Wednesday, 13 February 2019",
        "  13  February   2019 ",
    ],
)
def test_every_form_and_import_reads_a_date_as_people_type_it(typed):
    assert parse_date(typed) == dt.date(2019, 2, 13)


@pytest.mark.parametrize("typed", ["", "31/02/2019", "13 Febtember 2019", "Wednesday", "2019"])
def test_anything_else_is_not_a_date(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


@pytest.mark.parametrize("far", ["1/1/0001", "31/12/9999", "0001-01-01"])
def test_scheduling_a_date_outside_the_window_is_refused_and_schedules_nothing(
    client, officer, far
):
    committee = Committee.objects.get()
    before = Meeting.objects.count()
    response = client.post(
        reverse("meetings_schedule", kwargs={"slug": committee.slug}),
        {"dates": f"12 June 2019\n{far}", "start_time": "10:00", "kind": "formal"},
    )
    assert response.status_code == 200
    assert f"Meetings are scheduled {WINDOW}" in html.unescape(response.content.decode())
    assert Meeting.objects.count() == before


def test_a_meeting_outside_the_window_is_refused_by_the_model_and_saves_without_overflow(demo):
    meeting = Meeting(committee=Committee.objects.get(), date=dt.date(1, 1, 1))
    with pytest.raises(ValidationError, match=WINDOW):
        meeting.full_clean()
    meeting.save()  # written past the checks, its report deadline does not overflow
    assert meeting.report_deadline == dt.date(1, 1, 1)


def test_a_new_request_due_far_off_is_refused_with_the_window_on_the_recording_page(
    client, officer
):
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    item = meeting.agenda_items.get(number=5)
    url = reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": item.pk})
    base = item_data(item) | {f"r{item.pk}-0-text": "A report on the budget."}
    before = history_count()
    for (day, month, year), message in [
        (("31", "12", "9999"), f"Due date must be {WINDOW}"),
        (("1", "3", "2030"), "The due date must be within 10 years of the meeting: between "
         "13 February 2009 and 13 February 2029"),
    ]:  # fmt: skip
        data = base | {
            f"r{item.pk}-0-due_date_0": day,
            f"r{item.pk}-0-due_date_1": month,
            f"r{item.pk}-0-due_date_2": year,
        }
        body = html.unescape(client.post(url, data).content.decode())
        assert message in body
    assert history_count() == before


def test_a_revised_due_date_is_within_ten_years_of_the_inquiry_report(demo):
    recommendation = Recommendation.objects.filter(
        inquiry__reported_to_council_on__isnull=False
    ).first()
    reported = recommendation.inquiry.reported_to_council_on
    far = reported.replace(year=reported.year + 11)
    form = DueDateRevisionForm(
        {
            "new_date_0": far.day,
            "new_date_1": far.month,
            "new_date_2": far.year,
            "reason": "Agreed at the meeting.",
            "decided_on_0": "13",
            "decided_on_1": "3",
            "decided_on_2": "2019",
        },
        item=recommendation,
    )
    assert not form.is_valid()
    assert "within 10 years of the inquiry's report to City Council" in form.errors["new_date"][0]


def test_the_tracker_import_names_a_far_off_date_as_a_row_problem(client, officer):
    records = csv_records(exported(client, "csv"))
    by_reference(records, "R04")["Due date"] = "31/12/9999"
    by_reference(records, "R03")["Due date"] = "2045-01-01"
    _location, response = preview(client, "far.csv", csv_file(records))
    problems = [
        problem.message
        for row in response.context["plan"].rows
        for problem in row.problems
        if problem.column == "Due date"
    ]
    assert f"'31/12/9999' is not a date the tracker takes: give one {WINDOW}" in problems
    assert any("must be within 10 years of" in message for message in problems)
    assert "Confirm and import" not in response.content.decode()


def test_the_notes_import_does_not_take_a_meeting_date_no_meeting_can_have():
    assert _meeting_date(["Wednesday 31 December 9999"]) is None
    assert _meeting_date(["Wednesday 13 February 2019"]) == dt.date(2019, 2, 13)


def test_the_due_window_holds_at_the_calendar_ends():
    assert due_window(dt.date(2019, 2, 13)) == (dt.date(2009, 2, 13), dt.date(2029, 2, 13))
    assert due_window(dt.date(2020, 2, 29))[1] == dt.date(2030, 2, 28)
    with pytest.raises(ValidationError):
        check_due_date(dt.date(2019, 1, 1), anchor=dt.date(9999, 12, 31), anchor_text="it")


@pytest.mark.parametrize(
    "text, day",
    [
        ("Wednesday, 16th January 2019 at 10.00 am", dt.date(2019, 1, 16)),
        ("Meeting held on 1 FEBRUARY, 2019", dt.date(2019, 2, 1)),
        ("31 February 2019", None),  # no such day
        ("1 January 1066", None),  # outside the window: a misprint
        ("Committee Room 2", None),
    ],
)
def test_a_date_written_in_a_line_is_read_as_typed_dates_are(text, day):
    assert written_date(text) == day
