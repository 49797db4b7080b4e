"""The impact statistics, against a record of 28 items counted by hand.

Today is 1 March 2019. Committee A's inquiry "Handbook" was reported on 1 June 2018 and sent
to the executive on 5 June 2018 (response due 5 August 2018); "Training" was reported on 10
January 2019 and not yet sent. Committee B has one inquiry. Four of committee A's requests
come from an exempt item: the public never counts them; a member of A does.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import AgendaItem, Membership, Person
from tests.factories import CommitteeFactory, InquiryFactory, MeetingFactory
from tracker.access import Access
from tracker.impact.statistics import Period, statistics
from tracker.models import AssessmentCategory, AssessmentScale, InformationRequest, Recommendation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 3, 1)
LONDON = zoneinfo.ZoneInfo("Europe/London")
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2019, 3, 1, 9, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def record():
    scale = AssessmentScale.objects.create(name="Counted", slug="counted")
    achieved = AssessmentCategory.objects.create(
        scale=scale, label="Achieved", order=1, ends_tracking=True, counts_as_achieved=True
    )
    not_achieved = AssessmentCategory.objects.create(
        scale=scale, label="Not achieved", order=2, ends_tracking=True, counts_as_achieved=False
    )
    a, b = CommitteeFactory(slug="committee-a"), CommitteeFactory(slug="committee-b")
    handbook = InquiryFactory(
        committee=a,
        title="Handbook",
        assessment_scale=scale,
        reported_to_council_on=D(2018, 6, 1),
        sent_to_executive_on=D(2018, 6, 5),
        executive_response_due_on=D(2018, 8, 5),
    )
    training = InquiryFactory(
        committee=a, title="Training", assessment_scale=scale, reported_to_council_on=D(2019, 1, 10)
    )
    elsewhere = InquiryFactory(
        committee=b, title="Elsewhere", assessment_scale=scale, reported_to_council_on=D(2018, 7, 1)
    )

    def rec(inquiry, code, due, *, response="", on=None, ended=None, outcome=None, **extra):
        plans = {"action_plan": "Plan", "target_date": due} if "accepted" in response else {}
        reason = {"response_reason": "Reason"} if response not in {"", "accepted"} else {}
        return Recommendation.objects.create(
            inquiry=inquiry,
            code=code,
            text=f"Recommendation {code}",
            original_due_date=due,
            response=response,
            response_on=on,
            tracking_ended_on=ended,
            current_assessment=outcome,
            achieved_on=ended if outcome and outcome.counts_as_achieved else None,
            **plans,
            **reason,
            **extra,
        )

    rec(
        handbook,
        "R1",
        D(2018, 12, 31),
        response="accepted",
        on=D(2018, 7, 1),
        ended=D(2018, 12, 12),
        outcome=achieved,
    )  # on time, achieved on time
    rec(
        handbook,
        "R2",
        D(2018, 10, 31),
        response="accepted",
        on=D(2018, 7, 1),
        ended=D(2019, 1, 16),
        outcome=achieved,
    )  # achieved late
    rec(
        handbook,
        "R3",
        D(2018, 12, 31),
        response="accepted_in_part",
        on=D(2018, 9, 1),
        ended=D(2019, 1, 16),
        outcome=not_achieved,
    )  # response late; not achieved
    rec(
        handbook,
        "R4",
        D(2018, 12, 31),
        response="rejected",
        on=D(2018, 7, 10),
        ended=D(2018, 12, 12),
        withdrawn_on=D(2018, 12, 12),
        withdrawn_reason="Rejected",
    )
    rec(handbook, "R5", D(2018, 12, 31), response="accepted", on=D(2018, 7, 1))  # overdue
    rec(handbook, "R6", D(2019, 6, 30))  # no response, and it was due on 5 August 2018
    rec(
        handbook,
        "R7",
        D(2019, 1, 31),
        response="accepted",
        on=D(2018, 8, 1),
        ended=D(2019, 1, 16),
        outcome=achieved,
    )  # achieved on time
    rec(handbook, "R8", D(2019, 2, 28), response="accepted_in_part", on=D(2018, 8, 10))
    rec(training, "T1", D(2019, 12, 31))
    rec(training, "T2", D(2019, 12, 31))
    rec(training, "T3", None)
    rec(elsewhere, "E1", D(2018, 12, 31), ended=D(2018, 12, 12), outcome=achieved)
    # fmt: skip

    # Every meeting's notes are published: the public counts what was recorded at them.
    june = MeetingFactory(committee=a, date=D(2018, 6, 20), notes_published=True)
    october = MeetingFactory(committee=a, date=D(2018, 10, 17), notes_published=True)
    january = MeetingFactory(committee=a, date=D(2019, 1, 16), notes_published=True)
    exempt = AgendaItem.objects.create(
        meeting=october, number=9, title="Placements", is_exempt=True, exempt_paragraph=1
    )
    b_meeting = MeetingFactory(committee=b, date=D(2018, 9, 12), notes_published=True)

    def req(meeting, text, due, *, provided=None, withdrawn=False, item=None):
        status = "provided" if provided else "withdrawn" if withdrawn else "open"
        return InformationRequest.objects.create(
            meeting=meeting,
            agenda_item=item,
            text=text,
            due_date=due,
            status=status,
            provided_on=provided,
            withdrawn_reason="No longer needed" if withdrawn else "",
        )

    req(june, "Q1", D(2018, 7, 1), provided=D(2018, 6, 28))
    req(june, "Q2", D(2018, 7, 1), provided=D(2018, 7, 6))  # 5 days late
    req(june, "Q3", D(2018, 7, 1), provided=D(2018, 7, 21))  # 20 days late
    req(june, "Q4", D(2018, 7, 1), withdrawn=True)
    req(june, "Q5", D(2018, 7, 1))  # open, overdue
    req(june, "Q6", None, provided=D(2018, 7, 1))  # no due date stated
    req(october, "Exempt Q7", D(2018, 11, 1), provided=D(2018, 11, 11), item=exempt)  # 10 late
    req(october, "Exempt Q8", D(2018, 11, 1), provided=D(2018, 10, 30), item=exempt)
    req(october, "Exempt Q9", D(2019, 4, 1), item=exempt)
    req(october, "Exempt Q10", D(2018, 11, 1), withdrawn=True, item=exempt)
    req(january, "Q11", D(2019, 2, 4))  # open, overdue
    req(january, "Q12", None)  # open, no due date
    req(january, "Q13", D(2019, 2, 4), provided=D(2019, 2, 1))
    req(january, "Q14", D(2019, 2, 4), provided=D(2019, 2, 5))  # 1 day late
    req(b_meeting, "B1", D(2018, 10, 1), provided=D(2018, 9, 30))
    req(b_meeting, "B2", D(2018, 10, 1), provided=D(2018, 10, 1))

    member = get_user_model().objects.create_user("member-of-a")
    Membership.objects.create(
        committee=a, person=Person.objects.create(name="Member of A", user=member)
    )
    return {"a": a, "b": b, "member": member}


PUBLIC_RECOMMENDATIONS = {
    "made": 12, "accepted": 4, "accepted_in_part": 2, "rejected": 1, "no_response": 5,
    "response_on_time": 5, "response_late": 2, "response_overdue": 1,
    "achieved_on_time": 3, "achieved_late": 1, "not_achieved": 1, "withdrawn": 1,
    "outstanding": 6, "overdue": 2,
}  # fmt: skip
PUBLIC_REQUESTS = {
    "made": 12, "provided": 8, "provided_on_time": 4, "provided_late": 3,
    "provided_no_due_date": 1, "withdrawn": 1, "open": 3, "overdue": 2,
}  # fmt: skip
# A member of committee A also counts its four exempt requests.
MEMBER_REQUESTS = {
    "made": 16, "provided": 10, "provided_on_time": 5, "provided_late": 4,
    "provided_no_due_date": 1, "withdrawn": 2, "open": 4, "overdue": 2,
}  # fmt: skip


def public() -> Access:
    from django.contrib.auth.models import AnonymousUser

    return Access(AnonymousUser())


def test_the_public_figures_are_the_hand_counted_ones(record):
    stats = statistics(period=Period(), access=public(), today=TODAY)
    assert stats.recommendations == PUBLIC_RECOMMENDATIONS
    assert stats.requests == PUBLIC_REQUESTS
    # From the report to achieved: 164, 194, 229 and 229 days.
    assert stats.median_days_to_achieve == 211.5
    assert stats.median_days_late == 5  # 1, 5 and 20 days late
    assert stats.longest_days_late == 20


def test_a_member_also_counts_the_exempt_requests_of_their_committee(record):
    stats = statistics(period=Period(), access=Access(record["member"]), today=TODAY)
    assert stats.recommendations == PUBLIC_RECOMMENDATIONS
    assert stats.requests == MEMBER_REQUESTS
    assert stats.median_days_late == 7.5  # 1, 5, 10 and 20 days late


def test_a_committee_and_a_period_narrow_the_items_counted(record):
    year = Period(committee=record["a"], start=D(2018, 5, 1), end=D(2018, 12, 31))
    stats = statistics(period=year, access=public(), today=TODAY)
    assert stats.recommendations["made"] == 8  # "Training" was reported in 2019
    assert stats.requests["made"] == 6  # June's public requests; October's are exempt
    breakdown = {b.title: b for b in stats.breakdowns}
    by_inquiry = breakdown["Recommendations by inquiry (the 50 with most)"].rows
    assert [(row["label"], row["counts"]["made"]) for row in by_inquiry] == [("Handbook", 8)]
    by_year = breakdown["Recommendations by municipal year of the report"].rows
    assert [(row["label"], row["counts"]["achieved_late"]) for row in by_year] == [("2018/19", 1)]


def test_the_page_shows_each_figure_linked_to_its_items_in_a_fixed_number_of_queries(
    client, record, django_assert_num_queries
):
    # The committee list of the filter form, two counts, two medians, five breakdowns; the
    # council's settings (the header).
    with django_assert_num_queries(11):
        page = client.get(reverse("impact_statistics")).content.decode()
    assert "Achieved late" in page
    link = reverse("impact_items") + "?kind=recommendation&amp;figure=achieved_late"
    assert link in page
    assert "Exempt Q" not in page
    query = {"kind": "recommendation", "figure": "achieved_late"}
    items = client.get(reverse("impact_items"), query).content.decode()
    assert "Handbook R2" in items and "Handbook R1" not in items
    late = client.get(reverse("impact_items"), {"kind": "request", "figure": "provided_late"})
    assert "Exempt Q7" not in late.content.decode()
    client.force_login(record["member"])
    late = client.get(reverse("impact_items"), {"kind": "request", "figure": "provided_late"})
    assert "Exempt Q7" in late.content.decode()


def test_the_items_list_reads_a_fixed_number_of_queries(client, record, django_assert_num_queries):
    with django_assert_num_queries(3):  # the count, the page and the council's settings
        client.get(reverse("impact_items"), {"kind": "recommendation", "figure": "made"})


def test_the_csv_gives_every_figure_and_breakdown(client, record):
    response = client.get(reverse("impact_statistics"), {"committee": "committee-a",
                                                         "export": "csv"})  # fmt: skip
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv"
    assert "Recommendations,Achieved late,1" in text
    assert "Requests,Requests made,10" in text  # committee A's public requests
    assert "Handbook,8," in text


def test_a_wrong_period_is_explained_and_all_is_shown(client, record):
    page = client.get(reverse("impact_statistics"), {"from": "2019-05-01", "to": "2018-01-01"})
    assert "The end of the period must be on or after its start" in page.content.decode()
