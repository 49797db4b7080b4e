"""Officers move and cancel meetings, change their kind and status, and keep the membership.

Each change is a service with the user and a reason in history; a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committees.models import Attendance, Meeting, Membership, Person, SupportOfficer
from committees.services import (
    meeting_cancel,
    meeting_kind_change,
    meeting_move,
    meeting_status_set,
    membership_add,
    membership_end,
    substitute_record,
    support_officer_add,
)
from tests.factories import (
    CommitteeFactory,
    InformationRequestFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tracker.access import access_for
from tracker.meetings.recording import matters_arising
from tracker.reminders.sweep import plan
from tracker.roles import ROLE_OFFICERS

pytestmark = pytest.mark.django_db

FEBRUARY, MARCH, APRIL = dt.date(2019, 2, 13), dt.date(2019, 3, 13), dt.date(2019, 4, 17)


@pytest.fixture
def committee():
    return CommitteeFactory()


@pytest.fixture
def officer(committee):
    user = get_user_model().objects.create_user("keeper")
    user.groups.add(Group.objects.get_or_create(name=ROLE_OFFICERS)[0])
    person = Person.objects.create(name="Committee Scrutiny Officer", user=user)
    SupportOfficer.objects.create(committee=committee, person=person, role="Scrutiny Officer")
    return user


@pytest.fixture
def meetings(committee):
    return [MeetingFactory(committee=committee, date=day) for day in (FEBRUARY, MARCH, APRIL)]


def latest_reason(obj) -> str:
    return obj.history.latest().history_change_reason


# -- moving ------------------------------------------------------------------------------------


def test_moving_a_meeting_works_out_its_report_deadline_again(meetings, officer):
    february = meetings[0]
    assert february.report_deadline == dt.date(2019, 2, 4)

    meeting_move(
        meeting=february,
        date=dt.date(2019, 2, 20),
        start_time=dt.time(14, 0),
        room="Committee Room 6",
        by_user=officer,
        reason="Room double-booked",
        today=dt.date(2019, 1, 20),
    )

    february.refresh_from_db()
    assert (february.date, february.start_time, february.room) == (
        dt.date(2019, 2, 20),
        dt.time(14, 0),
        "Committee Room 6",
    )
    assert february.report_deadline == dt.date(2019, 2, 11)
    record = february.history.latest()
    assert record.history_user == officer
    assert "Room double-booked" in record.history_change_reason


def test_a_held_meeting_with_a_record_cannot_move_into_the_future(meetings, officer):
    february = meetings[0]
    Attendance.objects.create(
        meeting=february, person=Person.objects.create(name="Someone"), kind="present"
    )
    before = (february.date, february.report_deadline, february.history.count())
    with pytest.raises(ValidationError, match="cannot move to a date still to come"):
        meeting_move(
            meeting=february,
            date=dt.date(2019, 3, 20),
            start_time=dt.time(10, 0),
            room="",
            by_user=officer,
            reason="Typo",
            today=dt.date(2019, 2, 20),
        )
    february.refresh_from_db()
    assert (february.date, february.report_deadline, february.history.count()) == before


@pytest.mark.parametrize("year", [1989, 2101])
def test_a_meeting_date_is_within_1990_to_2100(meetings, officer, year):
    with pytest.raises(ValidationError, match="between 1 January 1990 and 31 December 2100"):
        meeting_move(
            meeting=meetings[1],
            date=dt.date(year, 3, 13),
            start_time=dt.time(10, 0),
            room="",
            by_user=officer,
            reason="Wrong year",
        )
    meetings[1].refresh_from_db()
    assert meetings[1].date == MARCH


def test_a_move_onto_another_meetings_slot_is_refused(meetings, officer):
    with pytest.raises(ValidationError, match="already has a meeting at that date"):
        meeting_move(
            meeting=meetings[1],
            date=APRIL,
            start_time=dt.time(10, 0),
            room="",
            by_user=officer,
            reason="Merge",
            today=dt.date(2019, 1, 1),
        )


# -- cancelling --------------------------------------------------------------------------------


def test_cancelling_a_meeting_brings_what_was_due_at_it_to_the_next_meeting(
    meetings, officer, client
):
    february, march, april = meetings
    planned = RecommendationFactory(
        inquiry__committee=february.committee, next_tracking_meeting=march
    )
    request = InformationRequestFactory(meeting=february, due_date=march.report_deadline)
    access = access_for(officer)
    arising = matters_arising(february.committee, access=access, today=dt.date(2019, 2, 20))
    assert set(arising[march.pk]) == {planned, request}

    meeting_cancel(meeting=march, by_user=officer, reason="Not quorate")

    arising = matters_arising(february.committee, access=access, today=dt.date(2019, 2, 20))
    assert march.pk not in arising
    assert set(arising[april.pk]) == {planned, request}
    march.refresh_from_db()
    assert march.status == Meeting.Status.CANCELLED
    assert latest_reason(march) == "Cancelled: Not quorate"

    # The calendar feed keeps the event, under the same UID, marked cancelled.
    feed = client.get(reverse("committee_calendar", kwargs={"slug": march.committee.slug}))
    text = feed.content.decode().replace("\r\n ", "")
    event = text.split(f"UID:meeting-{march.pk}@scrutiny-tracker")[1].split("END:VEVENT")[0]
    assert "STATUS:CANCELLED" in event


def test_no_report_deadline_reminders_are_planned_for_a_cancelled_meeting(meetings, officer):
    march = meetings[1]
    presenter = Person.objects.create(name="Presenting Officer", email="presenter@example.org")
    march.agenda_items.create(number=5, title="Youth Justice").presenters.add(presenter)
    as_of = dt.date(2019, 2, 26)
    assert [p.kind for p in plan(as_of)] == ["report_deadline"]

    meeting_cancel(meeting=march, by_user=officer, reason="Not quorate")

    assert list(plan(as_of)) == []


def test_a_held_or_cancelled_meeting_cannot_be_cancelled(meetings, officer):
    february, march, _ = meetings
    meeting_status_set(
        meeting=february, status="held", by_user=officer, reason="Held", today=FEBRUARY
    )
    with pytest.raises(ValidationError, match="held"):
        meeting_cancel(meeting=february, by_user=officer, reason="Oops")
    meeting_cancel(meeting=march, by_user=officer, reason="Not quorate")
    with pytest.raises(ValidationError, match="already cancelled"):
        meeting_cancel(meeting=march, by_user=officer, reason="Twice")
    with pytest.raises(ValidationError, match="Say why"):
        meeting_cancel(meeting=meetings[2], by_user=officer, reason="  ")
    assert Meeting.objects.get(pk=meetings[2].pk).status == Meeting.Status.SCHEDULED


# -- kind and status ---------------------------------------------------------------------------


def test_only_a_committee_meeting_has_a_report_deadline(meetings, officer):
    april = meetings[2]
    meeting_kind_change(meeting=april, kind="visit", by_user=officer, reason="A site visit")
    april.refresh_from_db()
    assert (april.kind, april.report_deadline) == ("visit", None)
    meeting_kind_change(meeting=april, kind="formal", by_user=officer, reason="Back to formal")
    april.refresh_from_db()
    assert april.report_deadline == dt.date(2019, 4, 8)


def test_a_meeting_is_not_held_before_its_date(meetings, officer):
    with pytest.raises(ValidationError, match="before its date"):
        meeting_status_set(
            meeting=meetings[2], status="held", by_user=officer, reason="x", today=MARCH
        )
    assert Meeting.objects.get(pk=meetings[2].pk).status == Meeting.Status.SCHEDULED


# -- membership --------------------------------------------------------------------------------


def councillor(name: str) -> Person:
    return Person.objects.create(name=name, is_councillor=True)


def test_a_committee_has_one_chair_on_any_date(committee, officer):
    membership_add(
        committee=committee,
        person=councillor("First Chair"),
        role="chair",
        party="",
        start=dt.date(2018, 5, 22),
        by_user=officer,
        reason="Annual meeting",
    )
    with pytest.raises(ValidationError, match="First Chair is Chair"):
        membership_add(
            committee=committee,
            person=councillor("Second Chair"),
            role="chair",
            party="",
            start=dt.date(2018, 9, 1),
            by_user=officer,
            reason="Change",
        )
    assert committee.memberships.count() == 1


def test_ending_a_membership_takes_them_off_the_committee_page_after_that_date(
    client, committee, officer
):
    membership = membership_add(
        committee=committee,
        person=councillor("Leaving Member"),
        role="member",
        party="Labour",
        start=dt.date(2018, 5, 22),
        by_user=officer,
        reason="Annual meeting",
    )
    membership_end(
        membership=membership, end=dt.date(2019, 1, 15), by_user=officer, reason="Stood down"
    )
    assert latest_reason(membership) == "Left: Stood down"
    url = reverse("committee_detail", kwargs={"slug": committee.slug})

    earlier = client.get(url, {"on": "2018-10-17"})
    later = client.get(url, {"on": "2019-02-13"})
    by_boxes = client.get(url, {"on_0": "16", "on_1": "1", "on_2": "2019"})

    assert "Members on 17 October 2018" in earlier.content.decode()
    assert "Leaving Member" in earlier.content.decode()
    assert "Leaving Member" not in later.content.decode()
    assert "Leaving Member" not in by_boxes.content.decode()


def test_a_wrong_date_on_the_committee_page_is_explained(client, committee):
    url = reverse("committee_detail", kwargs={"slug": committee.slug})
    response = client.get(url, {"on_0": "31", "on_1": "2", "on_2": "2019"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "The date to show the membership on must be a real date" in response.content.decode()


def test_an_ended_membership_cannot_end_again_or_before_it_began(committee, officer):
    membership = Membership.objects.create(
        committee=committee, person=councillor("Member"), start=dt.date(2018, 5, 22)
    )
    with pytest.raises(ValidationError, match="end it on or after"):
        membership_end(membership=membership, end=dt.date(2018, 1, 1), by_user=officer, reason="x")
    membership_end(membership=membership, end=dt.date(2019, 1, 1), by_user=officer, reason="x")
    with pytest.raises(ValidationError, match="already ended"):
        membership_end(membership=membership, end=dt.date(2019, 2, 1), by_user=officer, reason="x")


def test_an_officer_who_comes_back_keeps_one_row(committee, officer):
    person = Person.objects.create(name="Returning Officer")
    first = support_officer_add(
        committee=committee,
        person=person,
        role="Scrutiny Officer",
        phone="",
        start=dt.date(2018, 1, 1),
        by_user=officer,
        reason="Joined",
    )
    with pytest.raises(ValidationError, match="already supports"):
        support_officer_add(
            committee=committee,
            person=person,
            role="Scrutiny Officer",
            phone="",
            start=dt.date(2018, 6, 1),
            by_user=officer,
            reason="Again",
        )
    first.end = dt.date(2018, 12, 31)
    first.save()
    again = support_officer_add(
        committee=committee,
        person=person,
        role="Committee Manager",
        phone="",
        start=dt.date(2019, 4, 1),
        by_user=officer,
        reason="Back",
    )
    assert again.pk == first.pk and again.end is None


def test_a_substitute_sits_for_one_meeting_in_place_of_a_member(meetings, officer):
    february = meetings[0]
    member = councillor("Sitting Member")
    Membership.objects.create(committee=february.committee, person=member)
    substitute = councillor("Substitute Councillor")
    attendance = substitute_record(
        meeting=february, person=substitute, substitute_for=member, by_user=officer, reason="Ill"
    )
    assert (attendance.kind, attendance.substitute_for) == ("present", member)
    with pytest.raises(ValidationError, match="is not a member"):
        substitute_record(
            meeting=february, person=member, substitute_for=substitute, by_user=officer, reason="x"
        )


# -- the pages ---------------------------------------------------------------------------------


def test_an_officer_moves_a_meeting_and_is_told_the_new_deadline(client, meetings, officer):
    client.force_login(officer)
    march = meetings[1]
    url = reverse("meeting_move", kwargs={"pk": march.pk})
    with time_machine.travel(dt.datetime(2019, 2, 1, 12, tzinfo=timezone.get_current_timezone())):
        response = client.post(
            url,
            {
                "date_0": "20",
                "date_1": "3",
                "date_2": "2019",
                "start_time": "14:00",
                "room": "Committee Room 2",
                "reason": "Clash with Cabinet",
            },
            follow=True,
        )
    assert response.redirect_chain[-1][0] == march.get_absolute_url()
    assert "The report deadline is now 11 March 2019." in response.content.decode()


def test_refused_input_on_a_page_changes_nothing(client, meetings, officer):
    client.force_login(officer)
    march = meetings[1]
    before = list(Meeting.history.values_list("pk", flat=True))
    response = client.post(
        reverse("meeting_move", kwargs={"pk": march.pk}),
        {"date_0": "31", "date_1": "2", "date_2": "2019", "start_time": "25:00", "reason": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "New date must be a real date" in page and "Say why, for the record" in page
    assert list(Meeting.history.values_list("pk", flat=True)) == before


def test_an_officer_of_another_committee_is_refused_and_nothing_changes(client, meetings):
    other = CommitteeFactory()
    user = get_user_model().objects.create_user("elsewhere")
    user.groups.add(Group.objects.get_or_create(name=ROLE_OFFICERS)[0])
    SupportOfficer.objects.create(
        committee=other, person=Person.objects.create(name="Elsewhere", user=user), role="Officer"
    )
    client.force_login(user)
    response = client.post(
        reverse("meeting_cancel", kwargs={"pk": meetings[1].pk}), {"reason": "Not mine"}
    )
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meetings[1].pk).status == Meeting.Status.SCHEDULED
