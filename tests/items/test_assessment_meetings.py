"""The committee's assessment is credited only to a meeting that has taken place, and it is
the officer's main action on a recommendation's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Meeting
from tests.factories import MeetingFactory, RecommendationFactory
from tracker.items.services import committee_assessment_record
from tracker.models import AssessmentCategory, Recommendation

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2019, 2, 20, 12, 0)


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("keeper", "keeper@example.org", None)
    client.force_login(user)
    return user


@pytest.fixture
def recommendation() -> Recommendation:
    return RecommendationFactory()


def meetings_of(recommendation: Recommendation) -> dict[str, Meeting]:
    committee = recommendation.inquiry.committee
    return {
        "held": MeetingFactory(committee=committee, date=dt.date(2019, 2, 13)),
        "cancelled": MeetingFactory(
            committee=committee, date=dt.date(2019, 1, 16), status=Meeting.Status.CANCELLED
        ),
        "ahead": MeetingFactory(committee=committee, date=dt.date(2019, 3, 13)),
    }


def partly() -> AssessmentCategory:
    return AssessmentCategory.objects.filter(scale__slug="birmingham", ends_tracking=False)[0]


@time_machine.travel(TODAY, tick=False)
def test_only_meetings_that_have_taken_place_are_offered(client, administrator, recommendation):
    meetings = meetings_of(recommendation)
    url = reverse("recommendation_assess", kwargs={"pk": recommendation.pk})
    body = client.get(url).content.decode()
    offered = set(map(int, re.findall(r'<option value="(\d+)"', body)))
    assert offered == {meetings["held"].pk}


@time_machine.travel(TODAY, tick=False)
def test_a_forged_post_naming_a_meeting_ahead_is_refused_and_changes_nothing(
    client, administrator, recommendation
):
    meetings = meetings_of(recommendation)
    url = reverse("recommendation_assess", kwargs={"pk": recommendation.pk})
    before = recommendation.history.count()
    for meeting in (meetings["ahead"], meetings["cancelled"]):
        response = client.post(url, {"assessment": partly().pk, "meeting": meeting.pk})
        assert response.status_code == 200
        assert "Choose a meeting that has taken place" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.current_assessment is None
    assert recommendation.history.count() == before
    assert not recommendation.tracking_rounds.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_service_refuses_a_meeting_ahead_whatever_calls_it(administrator, recommendation):
    meetings = meetings_of(recommendation)
    with pytest.raises(ValidationError, match="has not taken place yet"):
        committee_assessment_record(
            recommendation=recommendation,
            assessment=partly(),
            meeting=meetings["ahead"],
            by_user=administrator,
        )
    recommendation.refresh_from_db()
    assert recommendation.current_assessment is None


@time_machine.travel(TODAY, tick=False)
def test_at_a_meeting_held_the_assessment_is_recorded(client, administrator, recommendation):
    meetings = meetings_of(recommendation)
    url = reverse("recommendation_assess", kwargs={"pk": recommendation.pk})
    response = client.post(url, {"assessment": partly().pk, "meeting": meetings["held"].pk})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.current_assessment == partly()


def test_the_officers_main_action_is_the_committees_assessment(client, administrator):
    recommendation = RecommendationFactory()
    body = client.get(recommendation.get_absolute_url()).content.decode()
    primary = re.findall(r'<a class="govuk-button" [^>]*>([^<]+)</a>', body)
    assert primary == ["Record the committee's assessment"]
