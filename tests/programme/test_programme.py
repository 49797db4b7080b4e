"""The work programme, forward plan and call-in pages that officers keep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import CallIn, Committee, ForwardPlanDecision, Meeting, WorkProgrammeEntry
from committees.services import (
    programme_matter_add,
    programme_matter_end,
    work_programme_entry_add,
    work_programme_entry_drop,
    work_programme_entry_move,
)
from tests.factories import InformationRequestFactory
from tracker.models import InformationRequest

pytestmark = pytest.mark.django_db


def officer():
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def committee(demo):
    return Committee.objects.get()


@pytest.fixture
def march(committee):
    return committee.meetings.get(date=dt.date(2019, 3, 13))


@pytest.fixture
def april(committee):
    return committee.meetings.get(date=dt.date(2019, 4, 17))


def published(client, committee, month="2019-03"):
    url = reverse("work_programme_print", kwargs={"slug": committee.slug, "version": "public"})
    return client.get(url, {"month": month}).content.decode()


def test_it_adds_a_topic_with_its_lead_officer_and_officers_invited(client, committee, march):
    client.force_login(officer())
    response = client.post(
        reverse("work_programme_manage", kwargs={"slug": committee.slug}),
        {
            "meeting": march.pk,
            "topic": "Home to school transport",
            "lead_officer": "Director of Education",
            "attendees": "Head of Travel Assist",
        },
    )
    assert response.status_code == 302
    entry = WorkProgrammeEntry.objects.get(topic="Home to school transport")
    assert (entry.meeting, entry.lead_officer) == (march, "Director of Education")
    record = entry.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        officer(),
        "Added to the work programme",
    )
    page = published(client, committee)
    assert "Home to school transport" in page
    assert "Director of Education (lead officer); Head of Travel Assist" in page
    detail = client.get(committee.get_absolute_url()).content.decode()
    assert "Home to school transport" in detail


def test_a_topic_without_a_name_is_refused_and_nothing_is_added(client, committee, march):
    client.force_login(officer())
    before = WorkProgrammeEntry.objects.count()
    response = client.post(
        reverse("work_programme_manage", kwargs={"slug": committee.slug}), {"meeting": march.pk}
    )
    assert response.status_code == 200
    assert "Enter the topic" in response.content.decode()
    assert WorkProgrammeEntry.objects.count() == before


def test_a_moved_topic_is_published_at_its_new_meeting(client, committee, march, april):
    entry = work_programme_entry_add(
        committee=committee, meeting=march, topic="Knife crime", by_user=officer()
    )
    client.force_login(officer())
    response = client.post(
        reverse("work_programme_entry_move", kwargs={"pk": entry.pk}),
        {"meeting": april.pk, "reason": "The report is not ready"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.meeting == april
    assert entry.history.latest().history_change_reason == "The report is not ready"
    assert list(march.sessions.planned().filter(topic="Knife crime")) == []
    assert "Knife crime" in published(client, committee, "2019-04")


def test_a_move_needs_a_reason_and_a_meeting_of_the_committee(committee, march):
    entry = work_programme_entry_add(
        committee=committee, meeting=march, topic="Knife crime", by_user=None
    )
    with pytest.raises(ValidationError, match="Say why"):
        work_programme_entry_move(entry=entry, meeting=None, by_user=None, reason=" ")
    elsewhere = Meeting.objects.create(
        committee=Committee.objects.create(name="Housing", slug="housing"),
        date=dt.date(2019, 3, 20),
    )
    with pytest.raises(ValidationError, match="meeting of this committee"):
        work_programme_entry_move(entry=entry, meeting=elsewhere, by_user=None, reason="Why")
    entry.refresh_from_db()
    assert entry.meeting == march


def test_a_dropped_topic_leaves_the_programme_but_stays_in_history(client, committee, march):
    entry = work_programme_entry_add(
        committee=committee, meeting=march, topic="Knife crime", by_user=officer()
    )
    client.force_login(officer())
    url = reverse("work_programme_entry_drop", kwargs={"pk": entry.pk})
    refused = client.post(url, {"reason": ""})
    assert "Say why the topic is being dropped" in refused.content.decode()
    dropped = client.post(url, {"reason": "Covered by the Cabinet review"}, follow=True)
    assert dropped.redirect_chain[0][1] == 302
    entry.refresh_from_db()
    assert entry.is_dropped and entry.drop_reason == "Covered by the Cabinet review"
    assert entry.history.latest().history_change_reason == "Dropped: Covered by the Cabinet review"
    assert entry.history.count() == 2
    assert "Knife crime" not in published(client, committee)
    assert "Knife crime" not in client.get(committee.get_absolute_url()).content.decode()
    manage = client.get(reverse("work_programme_manage", kwargs={"slug": committee.slug}))
    assert "Covered by the Cabinet review" in manage.content.decode()
    with pytest.raises(ValidationError):
        work_programme_entry_drop(entry=entry, by_user=None, reason="Again")
    with pytest.raises(ValidationError):
        work_programme_entry_move(entry=entry, meeting=None, by_user=None, reason="Back")


def test_the_topics_page_takes_a_fixed_number_of_queries(
    client, committee, march, django_assert_num_queries
):
    client.force_login(officer())
    url = reverse("work_programme_manage", kwargs={"slug": committee.slug})
    client.get(url)
    for n in range(5):
        work_programme_entry_add(committee=committee, meeting=march, topic=f"T{n}", by_user=None)
        programme_matter_add(committee=committee, kind="petition", text=f"P{n}", by_user=None)
    # session, user, groups, person, officer_of; committee; meetings; their sessions;
    # unscheduled; dropped; the matters listed; the meetings again for each form's choices;
    # messages' session; the council's settings (the header).
    with django_assert_num_queries(15):
        client.get(url)


def test_an_officer_adds_and_changes_a_forward_plan_decision(client, committee):
    client.force_login(officer())
    form = {
        "reference": "007001/2019",
        "title": "Children's centres",
        "portfolio": "Children's Wellbeing",
        "proposed_date_0": "13",
        "proposed_date_1": "3",
        "proposed_date_2": "2019",
        "committees": [committee.pk],
    }
    assert client.post(reverse("forward_plan_decision_add"), form).status_code == 302
    decision = ForwardPlanDecision.objects.get(reference="007001/2019")
    assert decision.proposed_date == dt.date(2019, 3, 13)
    assert list(decision.committees.all()) == [committee]
    url = reverse("forward_plan_decision_edit", kwargs={"pk": decision.pk})
    assert client.post(url, form | {"title": "Early years"}).status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Early years"
    assert decision.history.latest().history_change_reason == "Changed on the forward plan"
    duplicate = client.post(reverse("forward_plan_decision_add"), form)
    assert "already has a decision 007001/2019" in duplicate.content.decode()


def test_a_call_in_links_its_decisions_and_the_requests_that_followed(client, committee):
    meeting = Meeting.objects.create(
        committee=committee, date=dt.date(2019, 2, 6), kind=Meeting.Kind.CALL_IN
    )
    decision = ForwardPlanDecision.objects.create(reference="006000/2019", title="Libraries")
    decision.committees.add(committee)
    later = InformationRequestFactory(meeting=committee.meetings.get(date=dt.date(2019, 3, 13)))
    client.force_login(officer())
    response = client.post(
        reverse("call_in_edit", kwargs={"pk": meeting.pk}),
        {
            "decisions": [decision.pk],
            "outcome": CallIn.Outcome.CALLED_IN,
            "outcome_text": "Referred back.",
            "requests": [later.pk],
        },
    )
    assert response.status_code == 302
    call_in = CallIn.objects.get(meeting=meeting)
    assert list(call_in.decisions.all()) == [decision]
    later.refresh_from_db()
    assert later.call_in == call_in
    assert later.history.latest().history_change_reason == "Followed the call-in of 6 February 2019"
    page = client.get(reverse("call_in_detail", kwargs={"pk": call_in.pk})).content.decode()
    assert "006000/2019 Libraries" in page and later.text[:20] in page
    assert "Referred back." in page


def test_a_call_in_needs_a_decision_and_saves_nothing_without_one(client, committee):
    meeting = Meeting.objects.create(
        committee=committee, date=dt.date(2019, 2, 6), kind=Meeting.Kind.CALL_IN
    )
    client.force_login(officer())
    response = client.post(
        reverse("call_in_edit", kwargs={"pk": meeting.pk}), {"outcome": CallIn.Outcome.PENDING}
    )
    assert "Choose at least one decision" in response.content.decode()
    assert not CallIn.objects.filter(meeting=meeting).exists()


def test_the_call_in_page_shows_no_exempt_request_to_the_public(client, committee):
    meeting = Meeting.objects.create(
        committee=committee, date=dt.date(2019, 2, 6), kind=Meeting.Kind.CALL_IN
    )
    call_in = CallIn.objects.create(meeting=meeting)
    exempt_item = meeting.agenda_items.create(
        number=9, title="Private", is_exempt=True, exempt_paragraph=3
    )
    InformationRequest.objects.filter(
        pk=InformationRequestFactory(
            meeting=meeting, agenda_item=exempt_item, text="Secret annex"
        ).pk
    ).update(call_in=call_in)
    url = reverse("call_in_detail", kwargs={"pk": call_in.pk})
    assert "Secret annex" not in client.get(url).content.decode()
    client.force_login(officer())
    assert "Secret annex" in client.get(url).content.decode()


# -- priority issues, petitions and Councillor Calls for Action ---------------------------


def test_each_edition_lists_its_own_priority_issues(client, committee):
    """The October 2018 programme lists its priority issues (Early Years in November); the
    February 2019 one lists its own (the Children Missing inquiry in March). Neither had a
    petition or a Councillor Call for Action."""
    october, february = (
        published(client, committee, "2018-10"),
        published(client, committee, "2019-02"),
    )
    assert "2 Priority Issues and Items to be Scheduled" in february
    assert "Early Years November 2018." in october
    assert "Early Years November 2018." not in february
    assert "Update on the Children Missing from Home and Care Inquiry – 13 March 2019." in february
    assert "Children Missing from Home and Care Inquiry – 13 March" not in october
    for page in (october, february):
        assert page.count("None scheduled.") >= 2  # petitions, and calls for action


def test_an_officer_lists_a_petition_and_takes_it_off_with_a_reason(
    client, committee, march, settings
):
    settings.DEBUG = True  # the as-at date is for the demo only
    settings.TRACKER_AS_AT_DATE = dt.date(2019, 2, 13)  # as the demo opens
    client.force_login(officer())
    add = reverse("programme_matter_add", kwargs={"slug": committee.slug})
    refused = client.post(add, {"kind": "petition", "text": "  "})
    assert "Enter what the programme should say" in refused.content.decode()
    assert not committee.programme_matters.filter(kind="petition").exists()

    response = client.post(
        add,
        {
            "kind": "petition",
            "text": "Keep Kings Heath children's centre open",
            "meeting": march.pk,
        },
    )
    assert response.status_code == 302
    petition = committee.programme_matters.get(kind="petition")
    assert petition.listed_from == dt.date(2019, 2, 13)  # the demo's today
    assert "Keep Kings Heath children&#x27;s centre open (13 March 2019)" in published(
        client, committee
    )

    end = reverse("programme_matter_end", kwargs={"pk": petition.pk})
    assert (
        "Say why it is coming off the programme"
        in client.post(end, {"reason": ""}).content.decode()
    )
    petition.refresh_from_db()
    assert petition.listed_until is None
    # Taken off the day after it was listed; the edition that listed it still does.
    programme_matter_end(
        matter=petition,
        by_user=officer(),
        reason="Withdrawn by the lead petitioner",
        on=dt.date(2019, 2, 14),
    )
    assert "Kings Heath" not in published(client, committee, "2019-03")
    assert "Kings Heath" in published(client, committee, "2019-02")
    assert petition.history.first().history_change_reason == (
        "Taken off the programme: Withdrawn by the lead petitioner"
    )
