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
from tracker.models import AssessmentCategory, InformationRequest, Recommendation
from tracker.services import information_request_provide, recommendation_assess

pytestmark = pytest.mark.django_db
DUE = dt.date(2019, 5, 31)


def category(label: str) -> AssessmentCategory:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)


def test_it_is_overdue_only_from_the_day_after_the_due_date():
    recommendation = RecommendationFactory(original_due_date=DUE)
    assert not Recommendation.objects.overdue(DUE).exists()
    assert list(Recommendation.objects.overdue(DUE + dt.timedelta(days=1))) == [recommendation]
    assert recommendation.is_overdue(DUE + dt.timedelta(days=1))


def test_it_is_due_soon_within_the_window_including_its_ends():
    recommendation = RecommendationFactory(original_due_date=DUE)
    assert list(Recommendation.objects.due_within(DUE - dt.timedelta(days=14), 14)) == [
        recommendation
    ]
    assert not Recommendation.objects.due_within(DUE - dt.timedelta(days=15), 14).exists()
    assert not Recommendation.objects.due_within(DUE + dt.timedelta(days=1), 14).exists()


def test_an_assessment_that_ends_tracking_takes_it_off_every_list():
    recommendation = RecommendationFactory(original_due_date=DUE)
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


def test_a_request_without_a_date_is_due_at_the_next_report_deadline_still_ahead():
    meeting = MeetingFactory(date=dt.date(2019, 1, 8), kind=Meeting.Kind.CALL_IN)
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 1, 16))  # deadline 7 Jan
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 2, 13))  # deadline 4 Feb
    request = InformationRequest.objects.create(meeting=meeting, text="The risk register.")
    assert request.due_date == dt.date(2019, 2, 4)


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
