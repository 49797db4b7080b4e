"""A recommendation's life: the executive's response clock, the status rules, the review
cadence and the impact log."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Meeting, Membership, Person, SupportOfficer
from tests.factories import (
    CommitteeFactory,
    InquiryFactory,
    MeetingFactory,
    PostHoldingFactory,
    RecommendationFactory,
)
from tests.support.checksums import database_checksum, differences
from tracker.impact.services import impact_note_add
from tracker.inquiries.services import (
    inquiry_send_to_executive,
    inquiry_set_review_cadence,
    recommendation_record_response,
)
from tracker.items.services import (
    committee_assessment_record,
    recommendation_assess,
    recommendation_withdraw,
)
from tracker.models import AssessmentCategory, Recommendation, Reminder, ResponsePeriod
from tracker.reminders.sweep import sweep
from tracker.roles import ROLE_OFFICERS

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
SENT = dt.date(2019, 1, 15)
DUE = dt.date(2019, 3, 15)  # two months later


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 7, tzinfo=LONDON)


def category(label: str) -> AssessmentCategory:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)


@pytest.fixture
def setting():
    """A committee with its officer and chair, an inquiry reported in January 2019, and a
    recommendation owned by a post whose holder has an email address."""
    committee = CommitteeFactory()
    officer = get_user_model().objects.create_user("lifecycle-officer", "o@example.org")
    officer.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(
        committee=committee,
        person=Person.objects.create(name="Scrutiny Officer", email="o@example.org", user=officer),
        role="Scrutiny Officer",
    )
    Membership.objects.create(
        committee=committee,
        person=Person.objects.create(name="Chair", email="chair@example.org"),
        role=Membership.Role.CHAIR,
    )
    holding = PostHoldingFactory(person__email="owner@example.org")
    inquiry = InquiryFactory(committee=committee, reported_to_council_on=dt.date(2019, 1, 10))
    recommendation = RecommendationFactory(
        inquiry=inquiry, owner_post=holding.post, original_due_date=dt.date(2019, 12, 31)
    )
    meetings = {
        day: MeetingFactory(committee=committee, date=day)
        for day in (dt.date(2019, 3, 13), dt.date(2019, 6, 12), dt.date(2019, 9, 11))
    }
    return {
        "committee": committee,
        "officer": officer,
        "inquiry": inquiry,
        "recommendation": recommendation,
        "meetings": meetings,
    }


# -- the clock ----------------------------------------------------------------------------


def test_the_response_falls_due_two_months_after_sending_by_default(setting):
    inquiry = inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    assert inquiry.executive_response_due_on == DUE
    clock = inquiry.response_clock(dt.date(2019, 3, 16))
    assert clock.is_late and clock.days_late == 1
    assert not inquiry.response_clock(DUE).is_late
    history = inquiry.history.first()
    assert history.history_change_reason == "Report sent to the executive for its response"


def test_a_month_end_falls_on_the_last_day_of_a_shorter_month(setting):
    inquiry = inquiry_send_to_executive(
        inquiry=setting["inquiry"], sent_on=dt.date(2018, 12, 31), by_user=None
    )
    assert inquiry.executive_response_due_on == dt.date(2019, 2, 28)


def test_the_council_or_the_committee_sets_its_own_period(setting, settings):
    settings.TRACKER_EXECUTIVE_RESPONSE_PERIOD = "28 days"
    inquiry = inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    assert inquiry.executive_response_due_on == dt.date(2019, 2, 12)
    ResponsePeriod.objects.create(committee=setting["committee"], months=1)
    inquiry = inquiry_send_to_executive(inquiry=inquiry, sent_on=SENT, by_user=None)
    assert inquiry.executive_response_due_on == dt.date(2019, 2, 15)


def kinds(as_of: dt.date) -> set[tuple[str, str]]:
    return {
        (r.kind, r.email)
        for r in Reminder.objects.filter(kind__startswith="response", created_at__date=as_of)
    }


def test_the_owner_is_reminded_before_the_response_is_due_and_escalated_when_late(setting):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    before = DUE - dt.timedelta(days=15)  # outside the 14 days' notice (due soon)
    for day, expected in [
        (before, set()),
        (before + dt.timedelta(days=1), {("response_due", "owner@example.org")}),
        (DUE, set()),  # reminded once for this occasion already
        (DUE + dt.timedelta(days=1), {("response_overdue", "owner@example.org")}),
        (DUE + dt.timedelta(days=2), set()),
        (
            DUE + dt.timedelta(days=29),  # 28 days late: escalated, and chased again
            {
                ("response_overdue", "owner@example.org"),
                ("response_escalation", "o@example.org"),
                ("response_escalation", "chair@example.org"),
            },
        ),
    ]:
        with time_machine.travel(at(day), tick=False):
            sweep()
            assert kinds(day) == expected, day


def test_an_answered_recommendation_is_no_longer_chased(setting, mailoutbox):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    with time_machine.travel(at(DUE - dt.timedelta(days=3)), tick=False):
        sweep()
        assert "the executive's response" in mailoutbox[0].body.lower()
        assert "/response/" in mailoutbox[0].body
        recommendation_record_response(
            recommendation=setting["recommendation"],
            response="accepted",
            responded_on=dt.date(2019, 3, 10),
            action_plan="A handbook for councillors.",
            target_date=dt.date(2019, 12, 31),
            by_user=setting["officer"],
        )
    with time_machine.travel(at(DUE + dt.timedelta(days=30)), tick=False):
        sweep()
    assert not Reminder.objects.filter(kind__in=["response_overdue", "response_escalation"])


def test_the_clock_shows_on_the_inquiry_and_recommendation_pages(client, setting):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    with time_machine.travel(at(dt.date(2019, 3, 20)), tick=False):
        for url in (
            setting["inquiry"].get_absolute_url(),
            setting["recommendation"].get_absolute_url(),
        ):
            page = client.get(url).content.decode()
            assert "the response is due by 15 March 2019" in page
            assert "Response overdue" in page and "5 days late" in page


# -- the executive's response ----------------------------------------------------------------

RESPONSE_REFUSALS = [
    ({"response": "rejected"}, "reason: it is required unless it accepted"),
    ({"response": "accepted_in_part", "reason": "Cost"}, "action plan"),
    ({"response": "accepted", "action_plan": "Do it"}, "target date"),
    (
        {"response": "rejected", "reason": "No", "action_plan": "Do it"},
        "rejected recommendation has no action plan",
    ),
    ({"response": "accepted", "responded_on": dt.date(2019, 1, 1)}, "before the report was sent"),
    ({"response": "maybe"}, "accepted, accepted in part or rejected"),
]


@pytest.mark.parametrize(("values", "message"), RESPONSE_REFUSALS)
def test_a_response_breaking_a_rule_is_refused_and_saves_nothing(setting, values, message):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    before = database_checksum()
    with pytest.raises(ValidationError, match=message):
        recommendation_record_response(
            recommendation=setting["recommendation"],
            responded_on=values.pop("responded_on", dt.date(2019, 3, 1)),
            by_user=None,
            **values,
        )
    assert differences(before, database_checksum()) == {}


def test_a_response_before_the_report_is_sent_is_refused(setting):
    with pytest.raises(ValidationError, match="Record when the report was sent"):
        recommendation_record_response(
            recommendation=setting["recommendation"],
            response="rejected",
            reason="No budget",
            responded_on=dt.date(2019, 3, 1),
            by_user=None,
        )


def test_an_accepted_response_gives_an_undated_recommendation_its_target_date(setting):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    recommendation = RecommendationFactory(inquiry=setting["inquiry"], original_due_date=None)
    recommendation_record_response(
        recommendation=recommendation,
        response="accepted_in_part",
        reason="The survey only, not the website",
        action_plan="Survey councillors in nine months.",
        target_date=dt.date(2019, 10, 31),
        responded_on=dt.date(2019, 3, 1),
        by_user=setting["officer"],
    )
    recommendation.refresh_from_db()
    assert recommendation.due_date == recommendation.original_due_date == dt.date(2019, 10, 31)
    assert recommendation.history.first().history_change_reason == (
        "Executive's response of 1 March 2019: Accepted in part (The survey only, not the website)"
    )


# -- the status rules ------------------------------------------------------------------------


def decide(setting, label: str, day: dt.date, **kwargs):
    return committee_assessment_record(
        recommendation=Recommendation.objects.get(pk=setting["recommendation"].pk),
        assessment=category(label),
        meeting=Meeting.objects.get(committee=setting["committee"], date=day),
        by_user=setting["officer"],
        **kwargs,
    )


def test_a_decision_dated_before_the_last_one_is_refused(setting):
    """An "Achieved" item was reopened by a decision dated at an earlier meeting."""
    decide(setting, "Achieved", dt.date(2019, 6, 12), evidence_text="Handbook published")
    before = database_checksum()
    with pytest.raises(ValidationError) as refused:
        decide(setting, "In progress", dt.date(2019, 3, 13), reason="Handbook withdrawn")
    assert refused.value.messages == [
        "A decision must be dated on or after the one before it: the last was on 12 June "
        "2019, and this one is dated 13 March 2019."
    ]
    assert differences(before, database_checksum()) == {}


STATUS_REFUSALS = [
    # (what is done, the message)
    (
        lambda s: decide(s, "Achieved", dt.date(2019, 3, 13)),
        "'Achieved' ends tracking: give the evidence (a link or a description) the "
        "committee accepted.",
    ),
    (
        lambda s: recommendation_assess(
            recommendation=s["recommendation"],
            assessment=category("Achieved"),
            decided_on=dt.date(2019, 3, 13),
            evidence="Handbook",
            by_user=None,
            reason="Closed",
        ),
        "'Achieved' ends tracking: choose the meeting at which the committee decided it.",
    ),
    (
        lambda s: decide(s, "In progress", dt.date(2030, 1, 16)),
        "The meeting of 16 January 2030 has not taken place yet: record the committee's "
        "decision once it has.",
    ),
    (
        lambda s: decide(s, "In progress", dt.date(2019, 9, 11)),
        "The meeting of 11 September 2019 was cancelled, so it decided nothing.",
    ),
]


@pytest.mark.parametrize("index", range(len(STATUS_REFUSALS)))
def test_each_refused_status_change_says_why_and_saves_nothing(setting, index):
    do, message = STATUS_REFUSALS[index]
    Meeting.objects.filter(date=dt.date(2019, 9, 11)).update(status=Meeting.Status.CANCELLED)
    MeetingFactory(committee=setting["committee"], date=dt.date(2030, 1, 16))
    before = database_checksum()
    with pytest.raises(ValidationError) as refused:
        do(setting)
    assert refused.value.messages == [message]
    assert differences(before, database_checksum()) == {}


def test_a_closed_item_reopens_only_by_a_reasoned_committee_decision(setting):
    decide(setting, "Achieved", dt.date(2019, 3, 13), evidence_link="https://example.org/h")
    with pytest.raises(ValidationError, match="reopens only by the committee's decision"):
        decide(setting, "In progress", dt.date(2019, 6, 12))
    with pytest.raises(ValidationError, match="reopens only by the committee's decision"):
        recommendation_assess(
            recommendation=Recommendation.objects.get(pk=setting["recommendation"].pk),
            assessment=category("In progress"),
            decided_on=dt.date(2019, 6, 12),
            by_user=None,
            reason="Imported",
        )
    decide(setting, "In progress", dt.date(2019, 6, 12), reason="The handbook was withdrawn")
    reopened = Recommendation.objects.get(pk=setting["recommendation"].pk)
    assert reopened.is_outstanding
    assert reopened.history.first().history_change_reason == (
        "Committee's assessment at its meeting of 12 June 2019: The handbook was withdrawn"
    )


def test_a_withdrawn_recommendation_is_closed_and_takes_no_more_decisions(setting):
    recommendation_withdraw(
        recommendation=setting["recommendation"],
        meeting=setting["meetings"][dt.date(2019, 3, 13)],
        reason="Overtaken by the new partnership",
        by_user=setting["officer"],
    )
    assert Recommendation.objects.filter(Recommendation.objects.withdrawn_q()).count() == 1
    assert not Recommendation.objects.outstanding().exists()
    with pytest.raises(ValidationError, match="withdrawn by the committee"):
        decide(setting, "In progress", dt.date(2019, 6, 12), reason="Back on")


def test_the_owners_evidence_on_the_round_counts_for_closing(setting):
    from tracker.items.services import tracking_round_record

    tracking_round_record(
        recommendation=setting["recommendation"],
        update_received_on=dt.date(2019, 3, 1),
        executive_evidence="Handbook published on the intranet.",
        by_user=None,
        reason="Owner's update accepted",
    )
    decide(setting, "Achieved", dt.date(2019, 3, 13))
    assert not Recommendation.objects.outstanding().exists()


# -- review cadence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "next_date"),
    [
        ("quarterly", dt.date(2019, 6, 13)),
        ("six_monthly", dt.date(2019, 9, 13)),
        ("annual", dt.date(2020, 3, 13)),
        ("per_meeting", dt.date(2019, 6, 12)),
        ("", None),
    ],
)
def test_the_review_cadence_sets_the_next_tracking_date_after_each_round(
    setting, cadence, next_date
):
    inquiry_set_review_cadence(inquiry=setting["inquiry"], cadence=cadence, by_user=None)
    decide(setting, "In progress", dt.date(2019, 3, 13))
    assert Recommendation.objects.get().next_tracking_date == next_date


def test_a_date_the_committee_gives_beats_the_cadence(setting):
    inquiry_set_review_cadence(inquiry=setting["inquiry"], cadence="annual", by_user=None)
    decide(setting, "In progress", dt.date(2019, 3, 13), next_tracking_date=dt.date(2019, 5, 1))
    assert Recommendation.objects.get().next_tracking_date == dt.date(2019, 5, 1)


# -- the impact log --------------------------------------------------------------------------


def test_impact_is_noted_when_closed_or_afterwards_with_evidence(setting):
    recommendation = setting["recommendation"]
    with pytest.raises(ValidationError, match="still tracked"):
        impact_note_add(
            recommendation=recommendation,
            noted_on=dt.date(2019, 3, 1),
            difference="Councillors use the handbook",
            evidence_text="Survey",
            by_user=None,
        )
    decide(setting, "Achieved", dt.date(2019, 3, 13), evidence_text="Handbook published")
    recommendation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed on 13 March 2019"):
        impact_note_add(
            recommendation=recommendation,
            noted_on=dt.date(2019, 3, 1),
            difference="Councillors use the handbook",
            evidence_text="Survey",
            by_user=None,
        )
    with pytest.raises(ValidationError, match="Give the evidence"):
        impact_note_add(
            recommendation=recommendation,
            noted_on=dt.date(2019, 9, 1),
            difference="Councillors use the handbook",
            by_user=None,
        )
    note = impact_note_add(
        recommendation=recommendation,
        noted_on=dt.date(2019, 9, 1),
        difference="Councillors use the handbook",
        evidence_link="https://example.org/survey",
        by_user=setting["officer"],
    )
    assert note.history.get().history_user == setting["officer"]


def test_the_response_page_records_the_response_for_the_owner_or_officer(client, setting):
    inquiry_send_to_executive(inquiry=setting["inquiry"], sent_on=SENT, by_user=None)
    client.force_login(setting["officer"])
    url = reverse("recommendation_response", kwargs={"pk": setting["recommendation"].pk})
    refused = client.post(url, {"response": "rejected", "responded_on_0": "1",
                                "responded_on_1": "3", "responded_on_2": "2019"})  # fmt: skip
    assert refused.status_code == 200
    assert "Give the executive&#x27;s reason" in refused.content.decode()
    saved = client.post(url, {"response": "rejected", "responded_on_0": "1", "reason": "Cost",
                              "responded_on_1": "3", "responded_on_2": "2019"})  # fmt: skip
    assert saved.status_code == 302
    assert Recommendation.objects.get().response == "rejected"
