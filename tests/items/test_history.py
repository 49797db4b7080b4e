"""Every change to a tracked item is in its history, with who made it and why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from tests.factories import InformationRequestFactory, MeetingFactory, RecommendationFactory
from tracker.items.services import (
    information_request_provide,
    information_request_withdraw,
    recommendation_revise_due_date,
    tracking_round_record,
)
from tracker.models import AssessmentCategory, TrackingRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return get_user_model().objects.create_user("officer", password="not-used-here")


def test_it_records_who_assessed_a_recommendation_and_why(officer):
    recommendation = RecommendationFactory()
    achieved = AssessmentCategory.objects.get(scale__slug="birmingham", label="Achieved")
    tracking_round_record(
        recommendation=recommendation,
        update_received_on=dt.date(2019, 3, 4),
        executive_assessment=achieved,
        executive_evidence="Handbook published on the intranet.",
        committee_assessment=achieved,
        decided_at=MeetingFactory(
            committee=recommendation.inquiry.committee, date=dt.date(2019, 3, 13)
        ),
        decided_on=dt.date(2019, 3, 13),
        by_user=officer,
        reason="Committee decided at its meeting of 13 March 2019",
    )
    latest = recommendation.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Committee decided at its meeting of 13 March 2019"
    assert latest.current_assessment == achieved
    previous = latest.prev_record
    assert previous.current_assessment is None  # from what ...
    assert latest.diff_against(previous).changed_fields == [
        "achieved_on",
        "current_assessment",
        "tracking_ended_on",
    ]  # ... to what
    assert latest.achieved_on == dt.date(2019, 3, 4)  # the update's day, not the meeting's
    assert TrackingRound.history.get().history_user == officer


def test_it_keeps_the_original_due_date_and_each_revision_with_its_reason(officer):
    recommendation = RecommendationFactory(original_due_date=dt.date(2018, 5, 31))
    recommendation_revise_due_date(
        recommendation=recommendation,
        new_date=dt.date(2019, 3, 31),
        decided_on=dt.date(2018, 10, 17),
        by_user=officer,
        reason="Handbook delayed by the May 2018 elections",
    )
    recommendation.refresh_from_db()
    assert recommendation.original_due_date == dt.date(2018, 5, 31)
    assert recommendation.due_date == dt.date(2019, 3, 31)
    revision = recommendation.due_date_revisions.get()
    assert revision.previous_date == dt.date(2018, 5, 31)
    assert revision.reason == "Handbook delayed by the May 2018 elections"
    assert recommendation.history.first().history_user == officer


def test_a_revision_needs_a_reason_and_changes_nothing_without_one(officer):
    recommendation = RecommendationFactory(original_due_date=dt.date(2018, 5, 31))
    with pytest.raises(ValidationError, match="Say why"):
        recommendation_revise_due_date(
            recommendation=recommendation,
            new_date=dt.date(2019, 3, 31),
            decided_on=dt.date(2018, 10, 17),
            by_user=officer,
            reason="  ",
        )
    recommendation.refresh_from_db()
    assert recommendation.due_date == dt.date(2018, 5, 31)
    assert recommendation.history.count() == 1


def test_provided_information_cannot_then_be_withdrawn(officer):
    request = InformationRequestFactory()
    information_request_provide(
        request=request,
        provided_on=dt.date(2019, 2, 20),
        how="Circulated to Members",
        by_user=officer,
    )
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        information_request_withdraw(request=request, reason="No longer needed", by_user=officer)
    request.refresh_from_db()
    assert request.status == "provided"
    assert [h.history_change_reason for h in request.history.all()] == [
        "Information provided",
        None,
    ]
