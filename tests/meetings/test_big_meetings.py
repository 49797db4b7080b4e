"""A meeting of many items is listed on its recording page and each item recorded on its
own; scheduling takes a year at most; a form too big for the service gets a page that says
so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import AgendaItem, Committee, Meeting
from committees.services import SCHEDULE_MAX_MEETINGS, meetings_schedule
from tests.support.recording import history_count, item_data, page_data

pytestmark = pytest.mark.django_db

ITEMS = 120


@pytest.fixture
def officer(client, demo):
    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


@pytest.fixture
def big_meeting(officer) -> Meeting:
    committee = Committee.objects.get()
    [meeting] = meetings_schedule(
        committee=committee,
        dates=[dt.date(2019, 7, 10)],
        start_time=dt.time(10, 0),
        kind=Meeting.Kind.FORMAL,
        by_user=officer,
    )
    first = meeting.agenda_items.count() + 1
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=number, title=f"Petition {number}")
        for number in range(first, ITEMS + 1)
    )
    assert meeting.agenda_items.count() == ITEMS
    return meeting


def test_a_meeting_of_120_items_lists_them_all_and_records_each_on_its_own_page(
    client, big_meeting
):
    url = reverse("meeting_record", kwargs={"pk": big_meeting.pk})
    data = page_data(big_meeting)
    # The meeting's page sends the same fields however many items it has, well inside
    # Django's default limit of 1,000.
    assert len(data) < 100
    body = client.get(url).content.decode()
    assert body.count('class="govuk-task-list__item ') == ITEMS
    items = list(big_meeting.agenda_items.all())
    for item in (items[0], items[-1]):
        item_url = reverse("meeting_record_item", kwargs={"pk": big_meeting.pk, "item": item.pk})
        posted = item_data(item) | {f"i{item.pk}-notes": f"Discussed {item.title}."}
        assert client.post(item_url, posted).status_code == 302
    # Saving the meeting's page leaves the items' records alone.
    assert client.post(url, data).status_code == 302
    stored = dict(big_meeting.agenda_items.exclude(notes="").values_list("pk", "notes"))
    assert stored == {item.pk: f"Discussed {item.title}." for item in (items[0], items[-1])}


def test_a_form_with_too_many_fields_gets_a_page_that_says_so(client, officer, settings):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    before = history_count()

    response = client.post(reverse("meeting_record", kwargs={"pk": meeting.pk}), fields)

    assert response.status_code == 400
    page = response.content.decode()
    assert page.startswith("<!DOCTYPE html>")
    assert "The form had too many fields" in page
    assert f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}" in page
    assert history_count() == before


# -- scheduling ---------------------------------------------------------------------------


def schedule(client, dates: list[dt.date]):
    committee = Committee.objects.get()
    return client.post(
        reverse("meetings_schedule", kwargs={"slug": committee.slug}),
        {
            "dates": "\n".join(f"{day:%d/%m/%Y}" for day in dates),
            "start_time": "18:00",
            "kind": "formal",
        },
    )


def test_scheduling_takes_a_years_meetings_at_once(client, officer):
    first = dt.date(2019, 6, 5)
    dates = [first + dt.timedelta(weeks=n) for n in range(52)]  # 5 June 2019 to 27 May 2020
    before = Meeting.objects.count()
    assert schedule(client, dates).status_code == 302
    assert Meeting.objects.count() == before + 52


def test_scheduling_more_than_a_year_of_dates_is_refused_and_schedules_nothing(client, officer):
    before = Meeting.objects.count()
    response = schedule(client, [dt.date(2019, 6, 5), dt.date(2020, 6, 6)])
    assert response.status_code == 200
    assert (
        "The dates run from 5 June 2019 to 6 June 2020. Schedule at most a year "
        "(366 days) of meetings at a time." in response.content.decode()
    )
    assert Meeting.objects.count() == before


def test_scheduling_a_thousand_dates_is_refused_at_once_and_schedules_nothing(client, officer):
    first = dt.date(2019, 6, 1)
    before = Meeting.objects.count()
    response = schedule(client, [first + dt.timedelta(days=n) for n in range(1000)])
    assert response.status_code == 200
    assert (
        f"Schedule at most {SCHEDULE_MAX_MEETINGS} meetings at a time: there are 1,000 dates."
        in response.content.decode()
    )
    assert Meeting.objects.count() == before
