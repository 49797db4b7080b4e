"""Scheduling, recording a meeting and its items, carrying open items forward, confirming notes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import ActionNotes, Committee, Meeting, Person
from tests.support.recording import history_count, item_data, page_data
from tracker.meetings.recording import matters_arising
from tracker.models import InformationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, demo):
    user = get_user_model().objects.get(username="officer")
    client.force_login(user)
    return user


def test_scheduling_the_year_works_out_deadlines_and_standing_items(client, officer):
    committee = Committee.objects.get()
    url = reverse("meetings_schedule", kwargs={"slug": committee.slug})
    response = client.post(
        url,
        {
            "dates": "Wednesday 12 June 2019\n10/07/2019\n\n18 September 2019",
            "start_time": "10:00",
            "kind": "formal",
            "room": "Committee Room 6",
        },
    )
    assert response.status_code == 302
    june = committee.meetings.get(date=dt.date(2019, 6, 12))
    assert june.report_deadline == dt.date(2019, 6, 3)  # the Monday nine days before
    assert committee.meetings.get(date=dt.date(2019, 9, 18)).report_deadline == dt.date(2019, 9, 9)
    titles = list(june.agenda_items.values_list("number", "title", "standing"))
    assert titles[0] == (1, "Notice of recording/webcast", "opening")
    assert titles[3] == (4, "Action notes", "opening")
    assert titles[-1] == (8, "Authority to Chairman and officers", "closing")
    assert june.history.get().history_user == officer

    # A business item goes after the business so far, before the closing standing items.
    from committees.services import agenda_item_add

    agenda_item_add(meeting=june, title="Youth Justice Strategic Plan", by_user=officer)
    numbered = dict(june.agenda_items.values_list("title", "number"))
    assert numbered["Youth Justice Strategic Plan"] == 5
    assert numbered["Work programme"] == 6
    assert numbered["Authority to Chairman and officers"] == 9


def test_an_extra_meeting_on_any_day_and_time_has_no_report_deadline(client, officer):
    committee = Committee.objects.get()
    client.post(
        reverse("meetings_schedule", kwargs={"slug": committee.slug}),
        {"dates": "Saturday 2 March 2019", "start_time": "2pm", "kind": "call_in"},
    )
    call_in = committee.meetings.get(date=dt.date(2019, 3, 2))
    assert call_in.start_time == dt.time(14, 0)
    assert call_in.report_deadline is None
    assert call_in.agenda_items.count() == 8


def test_scheduling_refuses_bad_dates_and_taken_slots_and_schedules_nothing(client, officer):
    committee = Committee.objects.get()
    url = reverse("meetings_schedule", kwargs={"slug": committee.slug})
    before = Meeting.objects.count()
    response = client.post(url, {"dates": "12 June 2019\n31 June 2019", "start_time": "10:00",
                                 "kind": "formal"})  # fmt: skip
    assert "Not understood: 31 June 2019" in response.content.decode()
    assert response.content.decode().startswith("<!DOCTYPE html>")
    response = client.post(url, {"dates": "12 June 2019\n13 February 2019", "start_time": "10:00",
                                 "kind": "formal"})  # fmt: skip
    assert "already has a meeting at 10am on 13 February 2019" in response.content.decode()
    assert Meeting.objects.count() == before


def test_recording_a_meeting_and_its_items(client, officer):
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    ofsted = meeting.agenda_items.get(number=5)
    data = page_data(meeting)
    chair = Person.objects.get(name="Mohammed Aikhlaq")
    clancy = Person.objects.get(name="Debbie Clancy")
    simcox = Person.objects.get(name="Amanda Simcox")
    data |= {
        f"m{chair.pk}-attended": "present",
        f"m{clancy.pk}-attended": "apologies",
        "o0-person": simcox.name,
        "o0-kind": "also_present",
        "o0-capacity": "Scrutiny Officer",
        "d0-person": chair.name,
        "d0-text": "The Chair declared that he is on the Board of the Leigh Academy Trust.",
    }
    response = client.post(reverse("meeting_record", kwargs={"pk": meeting.pk}), data)
    assert response.status_code == 302
    # The meeting's page lists the item, still to record, with a link to its own page.
    item_url = reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": ofsted.pk})
    listed = client.get(response.url).content.decode()
    assert f'href="{item_url}"' in listed
    assert "Not yet recorded" in listed

    data = item_data(ofsted) | {
        f"i{ofsted.pk}-notes": "The Ofsted inspection found services require improvement.",
        f"i{ofsted.pk}-resolutions": "The report was noted.\nA further update in six months.",
        f"r{ofsted.pk}-0-text": "The improvement plan after the inspection.",
        f"r{ofsted.pk}-0-kind": "information",
    }
    # Left empty, the owner is the post of whoever presented the item.
    assert data[f"r{ofsted.pk}-0-owner"] == ""
    response = client.post(item_url, data | {"then_next": "1"})
    # "Save and record item 6" goes on to the next item.
    following = meeting.agenda_items.get(number=6)
    assert response.url == reverse(
        "meeting_record_item", kwargs={"pk": meeting.pk, "item": following.pk}
    )

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.attendances.get(person=chair).kind == "present"
    assert meeting.attendances.get(person=clancy).kind == "apologies"
    assert meeting.attendances.get(person=simcox).capacity == "Scrutiny Officer"
    assert meeting.declarations.get().person == chair
    ofsted.refresh_from_db()
    assert ofsted.notes.startswith("The Ofsted inspection")
    assert list(ofsted.resolutions.values_list("text", flat=True)) == [
        "The report was noted.",
        "A further update in six months.",
    ]
    request = ofsted.requests.get()
    # Due by the report deadline of the next meeting, 13 March 2019.
    assert request.due_date == dt.date(2019, 3, 4)
    assert request.owner_post is not None
    record = request.history.get()
    assert (record.history_user, record.history_change_reason) == (
        officer,
        "Recorded from the meeting",
    )
    assert meeting.action_notes.filter(part="public", status="draft").exists()

    # Saving the pages again unchanged writes nothing: history holds only real changes.
    before = history_count()
    client.post(reverse("meeting_record", kwargs={"pk": meeting.pk}), page_data(meeting))
    client.post(item_url, item_data(ofsted))
    assert history_count() == before


def test_marking_an_item_exempt_records_paragraph_reason_who_and_when(client, officer):
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    item = meeting.agenda_items.get(number=6)
    url = reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": item.pk})
    data = item_data(item) | {f"i{item.pk}-exempt": "on", f"i{item.pk}-paragraph": "3"}
    response = client.post(url, data)
    assert "Say why the public interest favours taking this item in private" in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert not item.is_exempt  # nothing saved
    data[f"i{item.pk}-exemption_justification"] = "It concerns the finances of a provider."
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.is_exempt, item.exempt_paragraph) == (True, 3)
    assert item.exemption_decided_by == officer
    assert item.exemption_decided_on == meeting.date
    # The meeting now has a private part to its notes.
    assert meeting.action_notes.filter(part="private").exists()


def test_bad_input_anywhere_on_an_items_page_saves_nothing(client, officer):
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    item = meeting.agenda_items.get(number=5)
    data = item_data(item) | {
        f"i{item.pk}-notes": "Notes that must not be half saved.",
        f"r{item.pk}-0-text": "A request with an impossible date.",
        f"r{item.pk}-0-due_date_0": "31",
        f"r{item.pk}-0-due_date_1": "2",
        f"r{item.pk}-0-due_date_2": "2019",
    }
    before = history_count()
    url = reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": item.pk})
    response = client.post(url, data)
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Item 5, new request: Due date must be a real date" in body
    assert "Notes that must not be half saved." in body  # what was typed is kept
    assert history_count() == before


@time_machine.travel(dt.datetime(2019, 2, 20, 12, 0), tick=False)
def test_open_items_are_carried_forward_to_the_next_meeting(demo):
    committee = Committee.objects.get()
    from tracker.access import access_for

    officer = get_user_model().objects.get(username="officer")
    february = committee.meetings.get(date=dt.date(2019, 2, 13))
    march = committee.meetings.get(date=dt.date(2019, 3, 13))
    youth = InformationRequest.objects.get(text__startswith="Breakdown of ethnicity")
    # The documents give it no due date; given 13 February's report deadline, it is due there.
    youth.due_date = february.report_deadline
    youth.save()
    arising = matters_arising(committee, access=access_for(officer), today=dt.date(2019, 2, 20))
    # 13 February has passed with it still open: it comes to 13 March, not dropped.
    assert youth in arising[march.pk]
    assert youth not in arising.get(february.pk, [])
    # A page about one meeting reads only what comes to it, and gets the same list.
    for meeting in committee.meetings.all():
        one = matters_arising(
            committee, access=access_for(officer), today=dt.date(2019, 2, 20), at=meeting
        )
        assert set(one) <= {meeting.pk}
        assert one.get(meeting.pk, []) == arising.get(meeting.pk, [])
    assert arising[march.pk]  # so the check above compared something


def test_confirming_notes_at_a_later_meeting_keeps_each_version(client, officer):
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))
    url = reverse("notes_confirm", kwargs={"pk": february.pk})
    public = january.action_notes.get(part="public", version=1)
    private = january.action_notes.get(part="private", version=1)
    response = client.post(url, {"notes": public.pk, "amendments": "Item 6: £900,000 not £9m."})
    assert response.status_code == 302
    confirmed = january.action_notes.get(part="public", version=2)
    assert confirmed.status == ActionNotes.Status.AMENDED
    assert (confirmed.confirmed_at, confirmed.confirmed_by) == (february, officer)
    assert confirmed.confirmed_on == february.date
    assert january.action_notes.get(part="public", version=1).status == "draft"  # kept
    # The private part is confirmed on its own, and only once.
    assert client.post(url, {"notes": private.pk}).status_code == 302
    assert january.action_notes.get(part="private", version=2).status == "confirmed"
    response = client.post(url, {"notes": public.pk})
    assert "Select a valid choice" in response.content.decode()
    assert january.action_notes.count() == 4


def test_a_recorded_meeting_with_private_items_saves_unchanged(client, officer):
    """16 January 2019's exempt items were decided before reasons were kept: they stand."""
    meeting = Meeting.objects.get(date=dt.date(2019, 1, 16))
    before = history_count()
    response = client.post(reverse("meeting_record", kwargs={"pk": meeting.pk}), page_data(meeting))
    assert response.status_code == 302
    for item in meeting.agenda_items.all():
        url = reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": item.pk})
        assert client.post(url, item_data(item)).status_code == 302
    assert history_count() == before
