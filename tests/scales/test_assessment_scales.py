"""Assessment scales are data: another council's scale loads without code changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import InquiryFactory, MeetingFactory, RecommendationFactory
from tracker.items.services import recommendation_assess
from tracker.models import AssessmentCategory, AssessmentScale, Recommendation

pytestmark = pytest.mark.django_db
SCALES = Path(__file__).resolve().parents[2] / "fixtures" / "assessment_scales"


def test_the_birmingham_scale_is_there_by_default():
    labels = list(
        AssessmentCategory.objects.filter(scale__slug="birmingham").values_list("label", flat=True)
    )
    assert labels == ["Achieved", "Achieved – late", "Not Achieved – Progress Made", "In progress"]


def test_another_councils_scale_drives_outstanding_without_code_changes():
    call_command("load_assessment_scale", SCALES / "six_point.yaml")
    call_command("load_assessment_scale", SCALES / "six_point.yaml")  # again: no duplicates
    scale = AssessmentScale.objects.get(slug="six-point")
    assert scale.categories.count() == 6
    recommendation = RecommendationFactory(inquiry=InquiryFactory(assessment_scale=scale))
    obstacle = scale.categories.get(label="Not Achieved (Obstacle)")
    recommendation_assess(
        recommendation=recommendation,
        assessment=obstacle,
        decided_on=dt.date(2019, 6, 1),
        by_user=None,
        reason="Committee accepted the obstacle",
        meeting=MeetingFactory(
            committee=recommendation.inquiry.committee, date=dt.date(2019, 6, 1)
        ),
        evidence="The cabinet member's letter on the obstacle",
    )
    assert not Recommendation.objects.outstanding().exists()
    assert not Recommendation.objects.achieved_late().exists()  # ended, but not achieved


def test_it_refuses_a_scale_where_achieved_does_not_end_tracking(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: Bad\nslug: bad\ncategories:\n"
        "  - {label: Done, order: 1, ends_tracking: false, counts_as_achieved: true}\n"
    )
    with pytest.raises(CommandError, match="counts as achieved must end tracking"):
        call_command("load_assessment_scale", bad)
    assert not AssessmentScale.objects.filter(slug="bad").exists()
