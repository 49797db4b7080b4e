"""Outstanding, overdue, due soon and late: one definition each, checked at their edges."""

from __future__ import annotations

import datetime as dt

import pytest

from committees.models import Meeting
from tests.factories import (
    InformationRequestFactory,
    MeetingFactory,
    PostHoldingFactory,
    RecommendationFactory,
)
from tracker.items.services import (
    information_request_provide,
    recommendation_assess,
    tracking_round_record,
)
from tracker.models import AssessmentCategory, InformationRequest, Recommendation

pytestmark = pytest.mark.django_db
DUE = dt.date(2019, 5, 31)


def category(label: str) -> AssessmentCategory:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)


def test_it_is_overdue_only_from_the_day_after_the_due_date():
    recommendation = RecommendationFactory(original_due_date=DUE)
    assert not Recommendation.objects.overdue(DUE).exists()
    assert list(Recommendation.objects.overdue(DUE + dt.timedelta(days=1))) == [recommendation]
    assert recommendation.is_overdue(DUE + dt.timedelta(days=1))


def test_what_was_due_and_delivered_is_overdue_only_until_the_day_it_came():
    """An annual report asked for by May 2019 and presented in June: overdue in between,
    then awaiting the committee's assessment, no longer overdue; the change is in its
    history with the reason."""
    recommendation = RecommendationFactory(original_due_date=DUE)
    came = DUE + dt.timedelta(days=20)
    tracking_round_record(
        recommendation=recommendation,
        update_received_on=came,
        delivered=True,
        by_user=None,
        reason="Annual report presented",
    )
    recommendation.refresh_from_db()
    assert recommendation.delivered_on == came
    for day, overdue in ((DUE, False), (came, False), (came - dt.timedelta(days=1), True)):
        assert recommendation.is_overdue(day) is overdue, day
        assert Recommendation.objects.overdue(day).exists() is overdue, day
    assert recommendation.is_outstanding  # the committee has still to assess it
    assert recommendation.history.first().history_change_reason == "Annual report presented"


def test_what_was_delivered_early_is_not_due_soon():
    recommendation = RecommendationFactory(original_due_date=DUE)
    before = DUE - dt.timedelta(days=5)
    assert recommendation.is_due_soon(before)
    tracking_round_record(
        recommendation=recommendation,
        update_received_on=DUE - dt.timedelta(days=10),
        delivered=True,
        by_user=None,
        reason="Report presented early",
    )
    recommendation.refresh_from_db()
    assert not recommendation.is_due_soon(before)
    assert not Recommendation.objects.due_within(before, 14).exists()


def test_it_is_due_soon_within_the_window_including_its_ends():
    recommendation = RecommendationFactory(original_due_date=DUE)
    assert list(Recommendation.objects.due_within(DUE - dt.timedelta(days=14), 14)) == [
        recommendation
    ]
    assert not Recommendation.objects.due_within(DUE - dt.timedelta(days=15), 14).exists()
    assert not Recommendation.objects.due_within(DUE + dt.timedelta(days=1), 14).exists()


def test_an_assessment_that_ends_tracking_takes_it_off_every_list():
    recommendation = RecommendationFactory(original_due_date=DUE)
    july = MeetingFactory(committee=recommendation.inquiry.committee, date=dt.date(2019, 7, 10))
    recommendation_assess(
        recommendation=recommendation,
        assessment=category("In progress"),
        decided_on=dt.date(2019, 6, 12),
        by_user=None,
        reason="Progress report to committee",
    )
    assert Recommendation.objects.overdue(dt.date(2019, 7, 1)).exists()
    recommendation_assess(
        recommendation=recommendation,
        assessment=category("Achieved"),
        decided_on=dt.date(2019, 7, 10),
        by_user=None,
        reason="Evidence accepted",
        meeting=july,
        evidence="The published handbook",
    )
    assert not Recommendation.objects.outstanding().exists()
    assert not Recommendation.objects.overdue(dt.date(2019, 8, 1)).exists()
    # Achieved after the due date is achieved late, whatever the label said.
    assert list(Recommendation.objects.achieved_late()) == [recommendation]


def test_achieved_on_time_is_not_late():
    recommendation = RecommendationFactory(original_due_date=DUE)
    recommendation_assess(
        recommendation=recommendation,
        assessment=category("Achieved"),
        decided_on=DUE,
        by_user=None,
        reason="Evidence accepted",
        meeting=MeetingFactory(committee=recommendation.inquiry.committee, date=DUE),
        evidence="The published handbook",
    )
    assert not Recommendation.objects.achieved_late().exists()
    assert not recommendation.is_achieved_late


def test_a_request_is_outstanding_until_provided_and_then_may_be_late():
    request = InformationRequestFactory(due_date=dt.date(2019, 3, 4))
    assert list(InformationRequest.objects.overdue(dt.date(2019, 3, 5))) == [request]
    information_request_provide(
        request=request, provided_on=dt.date(2019, 3, 6), how="Circulated to Members", by_user=None
    )
    assert not InformationRequest.objects.outstanding().exists()
    assert list(InformationRequest.objects.provided_late()) == [request]


def test_a_request_without_a_date_keeps_none_and_is_offered_the_next_deadline_ahead():
    """A due date the committee did not give is not invented: it stays unknown (and the
    request arises at the next meeting). The forms offer the next report deadline still
    ahead of the meeting that asked, which an officer may accept."""
    meeting = MeetingFactory(date=dt.date(2019, 1, 8), kind=Meeting.Kind.CALL_IN)
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 1, 16))  # deadline 7 Jan
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 2, 13))  # deadline 4 Feb
    request = InformationRequest.objects.create(meeting=meeting, text="The risk register.")
    assert request.due_date is None
    assert request.default_due_date() == dt.date(2019, 2, 4)


def test_ownership_follows_the_post_to_its_new_holder():
    first = PostHoldingFactory(start=dt.date(2018, 5, 1), end=dt.date(2018, 12, 31))
    second = PostHoldingFactory(post=first.post, start=dt.date(2019, 1, 1))
    recommendation = RecommendationFactory(owner_post=first.post)
    assert recommendation.owner_people(dt.date(2018, 6, 1)) == [first.person]
    assert recommendation.owner_people(dt.date(2019, 2, 1)) == [second.person]
    assert list(Recommendation.objects.owned_by(second.person, dt.date(2019, 2, 1))) == [
        recommendation
    ]
    assert not Recommendation.objects.owned_by(first.person, dt.date(2019, 2, 1)).exists()


def test_a_group_post_has_no_single_person_to_remind():
    holding = PostHoldingFactory(post__is_group=True)
    recommendation = RecommendationFactory(owner_post=holding.post)
    assert recommendation.owner_people(dt.date(2019, 2, 1)) == []
