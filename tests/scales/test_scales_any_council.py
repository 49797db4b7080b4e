"""Any council's assessment scale works end to end: its labels, their definitions, what
each says of timing, and reloading its file as the council changes it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from committees.models import Person
from tests.factories import (
    CommitteeFactory,
    InquiryFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tests.support.tracker_files import csv_records, exported
from tracker.items.services import committee_assessment_record, tracking_round_record
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    CommitteeScale,
    Recommendation,
    RecommendationQuerySet,
    Timing,
    TrackingRound,
)
from tracker.reminders.sweep import sweep

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SCALES = Path(__file__).resolve().parents[2] / "fixtures" / "assessment_scales"
TODAY = dt.datetime(2019, 2, 20, 12, 0)
BIRMINGHAM_WORDING = [
    "Birmingham",
    "City Council",
    "Achieved – late",
    "Not Achieved – Progress Made",
    "In progress",
]


@pytest.fixture
def keeper(client):
    user = get_user_model().objects.create_superuser("keeper", "keeper@example.org", None)
    client.force_login(user)
    return user


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_no_birmingham_wording(page: str) -> None:
    for words in BIRMINGHAM_WORDING:
        assert words not in page, words


def assessment_select(page: str) -> str:
    return re.search(r'<select[^>]*name="assessment".*?</select>', page, re.S).group(0)


def category(scale: AssessmentScale, key: str) -> AssessmentCategory:
    return scale.categories.get(key=key)


@time_machine.travel(TODAY, tick=False)
def test_a_four_point_scale_of_another_council_runs_end_to_end(client, keeper, mailoutbox):
    # Another council's settings, as its administrator sets them on the app's page.
    posted = {
        "name": "Kent County Council",
        "full_council": "County Council",
        "executive": "Cabinet",
        "reason": "The council's own wording.",
    }
    assert client.post(reverse("council_settings"), posted).status_code == 302
    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    scale = AssessmentScale.objects.get(slug="implementation")
    committee = CommitteeFactory(name="Overview and Scrutiny Committee", slug="overview")
    CommitteeScale.objects.create(committee=committee, scale=scale)
    inquiry = InquiryFactory(
        committee=committee,
        title="Home to school transport",
        assessment_scale=scale,
        reported_to_council_on=dt.date(2019, 1, 10),
    )
    owner = Person.objects.create(name="Director of Education", email="director@example.org")
    done = RecommendationFactory(inquiry=inquiry, code="1", text="Publish the route policy.")
    partly = RecommendationFactory(
        inquiry=inquiry,
        code="2",
        text="Review the escorts' training.",
        owner_person=owner,
        original_due_date=dt.date(2019, 3, 1),
    )
    # A new inquiry of the committee starts with its scale (the others loaded are offered
    # by their names: migration 0002 loads Birmingham's).
    create = text_of(client.get(reverse("inquiry_create"), {"committee": committee.slug}))
    assert f'<option value="{scale.pk}" selected>' in create
    meeting = MeetingFactory(committee=committee, date=dt.date(2019, 2, 13))

    # Assessing: the four labels, each with its definition as the radio's hint.
    assess = text_of(client.get(reverse("recommendation_assess", kwargs={"pk": partly.pk})))
    for each in scale.categories.all():
        assert each.label in assess
        hint = re.search(rf'id="([^"]+)-hint" class="govuk-hint govuk-radios__hint">'
                         rf"{re.escape(each.description)}<", assess)  # fmt: skip
        assert hint, each.label
        assert f'aria-describedby="{hint.group(1)}-hint"' in assess
    assert_no_birmingham_wording(assess)

    # The owner's update page shows the same definitions with its proposal.
    update = text_of(client.get(reverse("recommendation_update", kwargs={"pk": partly.pk})))
    assert "No proposal" in update
    assert category(scale, "no-longer-relevant").description in update
    assert_no_birmingham_wording(update)

    url = reverse("recommendation_assess", kwargs={"pk": partly.pk})
    posted = {"assessment": category(scale, "partially-implemented").pk, "meeting": meeting.pk}
    assert client.post(url, posted).status_code == 302
    url = reverse("recommendation_assess", kwargs={"pk": done.pk})
    posted = {
        "assessment": category(scale, "implemented").pk,
        "meeting": meeting.pk,
        "evidence_text": "The policy is on the council's website.",
    }
    assert client.post(url, posted).status_code == 302
    done.refresh_from_db()
    assert not done.is_outstanding and done.achieved_on == meeting.date

    # Listed, filtered by this scale's labels, and exported, in the council's own words.
    listed = text_of(client.get(reverse("outstanding")))
    assert "Review the escorts" in listed and "Partially implemented" in listed
    assert "Publish the route policy" not in listed
    assert "<optgroup" not in assessment_select(listed)  # one scale in use: labels alone
    assert_no_birmingham_wording(listed)
    filtered = text_of(
        client.get(
            reverse("outstanding"),
            {"assessment": category(scale, "partially-implemented").pk},
        )
    )
    assert "Review the escorts" in filtered
    other = {"assessment": category(scale, "not-implemented").pk}
    assert "Review the escorts" not in text_of(client.get(reverse("outstanding"), other))

    records = csv_records(exported(client, "csv"))
    assert [r["Latest assessment"] for r in records] == ["Partially implemented"]
    assert_no_birmingham_wording(str(records))

    printed = text_of(client.get(reverse("outstanding_print")))
    assert "report to County Council" in printed
    assert_no_birmingham_wording(printed)
    inquiry_page = text_of(client.get(inquiry.get_absolute_url()))
    assert "Reported to County Council on" in inquiry_page
    assert_no_birmingham_wording(inquiry_page)
    committee_page = text_of(client.get(committee.get_absolute_url()))
    assert "Kent County Council" in committee_page
    assert "Forward plan for Cabinet decisions" in committee_page
    assert_no_birmingham_wording(committee_page)

    # The reminders: due soon, in the council's words and signed with its name.
    sweep(as_of=TODAY.date(), now=timezone.make_aware(TODAY))
    [email] = [m for m in mailoutbox if m.to == ["director@example.org"]]
    assert "Review the escorts" in email.body and "Kent County Council" in email.body
    for body in (email.subject, email.body, email.alternatives[0][0]):
        assert_no_birmingham_wording(body)


@time_machine.travel(TODAY, tick=False)
def test_late_is_counted_from_the_day_it_was_achieved_not_the_meeting_that_signed_it_off():
    call_command("load_assessment_scale", SCALES / "six_point.yaml")
    scale = AssessmentScale.objects.get(slug="six-point")
    fully = category(scale, "achieved-fully")
    inquiry = InquiryFactory(assessment_scale=scale, reported_to_council_on=dt.date(2018, 6, 1))
    meeting = MeetingFactory(committee=inquiry.committee, date=dt.date(2019, 2, 13))
    due = dt.date(2019, 1, 31)
    on_time = RecommendationFactory(inquiry=inquiry, original_due_date=due)
    late = RecommendationFactory(inquiry=inquiry, original_due_date=due)
    for recommendation, reported in ((on_time, dt.date(2019, 1, 25)), (late, dt.date(2019, 2, 4))):
        tracking_round_record(
            recommendation=recommendation,
            update_received_on=reported,
            executive_assessment=fully,
            executive_evidence="The report was presented.",
            by_user=None,
            reason="The owner's update",
        )
        committee_assessment_record(
            recommendation=recommendation, assessment=fully, meeting=meeting, by_user=None
        )
    on_time.refresh_from_db()
    late.refresh_from_db()

    # Signed off on 13 February, after the due date: on time if achieved by it.
    assert on_time.tracking_ended_on == meeting.date > due
    assert on_time.achieved_on == dt.date(2019, 1, 25)
    assert not on_time.is_achieved_late and on_time.achieved_timing == Timing.ON_TIME
    assert not on_time.timing_contradicts_label
    assert late.is_achieved_late and late.timing_contradicts_label  # "Fully" says on time
    assert list(Recommendation.objects.achieved_late()) == [late]
    assert list(Recommendation.objects.filter(RecommendationQuerySet.achieved_on_time_q())) == [
        on_time
    ]
    # The history says when it was achieved, with the decision that recorded it.
    assert on_time.history.filter(achieved_on=dt.date(2019, 1, 25)).exists()


def test_each_category_says_what_it_means_of_timing():
    timing = dict(
        AssessmentCategory.objects.filter(scale__slug="birmingham").values_list("label", "timing")
    )
    assert timing == {
        "Achieved": Timing.ON_TIME,
        "Achieved – late": Timing.LATE,
        "Not Achieved – Progress Made": Timing.NEITHER,
        "In progress": Timing.NEITHER,
    }
    call_command("load_assessment_scale", SCALES / "six_point.yaml")
    six = AssessmentScale.objects.get(slug="six-point")
    assert category(six, "achieved-late").timing == Timing.LATE
    assert category(six, "achieved-fully").timing == Timing.ON_TIME


def test_the_assessment_filter_groups_labels_under_each_scale_in_use(client, keeper):
    call_command("load_assessment_scale", SCALES / "six_point.yaml")
    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    six = AssessmentScale.objects.get(slug="six-point")
    four = AssessmentScale.objects.get(slug="implementation")
    first = RecommendationFactory(inquiry=InquiryFactory(assessment_scale=six))
    second = RecommendationFactory(inquiry=InquiryFactory(assessment_scale=four))
    Recommendation.objects.filter(pk=first.pk).update(
        current_assessment=category(six, "in-progress")
    )  # the state under test, set directly: no page or rule is exercised by it
    Recommendation.objects.filter(pk=second.pk).update(
        current_assessment=category(four, "not-implemented")
    )
    page = text_of(client.get(reverse("outstanding")))
    select = assessment_select(page)
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S))
    assert set(groups) == {"Six-point scale", "Implementation of recommendations"}
    assert "In Progress (not yet due)" in groups["Six-point scale"]
    assert "Not implemented" in groups["Implementation of recommendations"]
    assert "Birmingham" not in select  # a scale no inquiry uses is not offered
    assert "Achieved (Fully)" not in select  # it ends tracking: never on the list
    filtered = text_of(
        client.get(reverse("outstanding"), {"assessment": category(four, "not-implemented").pk})
    )
    assert f"/recommendations/{second.pk}/" in filtered
    assert f"/recommendations/{first.pk}/" not in filtered


def _write(path: Path, categories: list[str]) -> Path:
    path.write_text(
        "name: Implementation of recommendations\nslug: implementation\ncategories:\n"
        + "".join(f"  - {c}\n" for c in categories)
    )
    return path


def test_reloading_a_scale_renames_reorders_and_redefines_in_place(tmp_path):
    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    scale = AssessmentScale.objects.get(slug="implementation")
    before = {c.key: c.pk for c in scale.categories.all()}
    recommendation = RecommendationFactory(inquiry=InquiryFactory(assessment_scale=scale))
    Recommendation.objects.filter(pk=recommendation.pk).update(
        current_assessment=before["partially-implemented"]
    )  # in use, so it must keep its row
    changed = _write(
        tmp_path / "changed.yaml",
        [
            "{key: implemented, label: Done, order: 2, ends_tracking: true, "
            "counts_as_achieved: true, description: All of it.}",
            "{key: partially-implemented, label: Implemented in part, order: 1, "
            "ends_tracking: false, counts_as_achieved: false}",
            "{key: not-implemented, label: Not implemented, order: 3, ends_tracking: false, "
            "counts_as_achieved: false}",
            "{key: no-longer-relevant, label: Overtaken by events, order: 4, "
            "ends_tracking: true, counts_as_achieved: false}",
        ],
    )
    call_command("load_assessment_scale", changed)
    after = {c.key: (c.pk, c.label, c.order) for c in scale.categories.all()}
    assert {key: pk for key, (pk, _, _) in after.items()} == before
    assert after["implemented"][1:] == ("Done", 2)
    assert after["partially-implemented"][1:] == ("Implemented in part", 1)
    recommendation.refresh_from_db()
    assert recommendation.current_assessment.label == "Implemented in part"
    renamed = AssessmentCategory.history.filter(id=before["implemented"]).first()
    assert renamed.label == "Done" and "loaded from changed.yaml" in renamed.history_change_reason
    # Loading the same file again changes nothing, and writes no history.
    rows = AssessmentCategory.history.count()
    call_command("load_assessment_scale", changed)
    assert AssessmentCategory.history.count() == rows


def test_a_file_without_keys_is_matched_by_label_then_by_position(tmp_path):
    old = _write(
        tmp_path / "old.yaml",
        [
            "{label: Implemented, order: 1, ends_tracking: true, counts_as_achieved: true}",
            "{label: Not implemented, order: 2, ends_tracking: false, counts_as_achieved: false}",
        ],
    )
    call_command("load_assessment_scale", old)
    scale = AssessmentScale.objects.get(slug="implementation")
    pks = list(scale.categories.values_list("pk", flat=True))
    renamed = _write(
        tmp_path / "renamed.yaml",
        [
            "{label: Fully implemented, order: 1, ends_tracking: true, counts_as_achieved: true}",
            "{label: Not implemented, order: 2, ends_tracking: false, counts_as_achieved: false}",
        ],
    )
    call_command("load_assessment_scale", renamed)
    assert list(scale.categories.values_list("pk", "label")) == [
        (pks[0], "Fully implemented"),
        (pks[1], "Not implemented"),
    ]


def test_removing_a_category_in_use_is_refused_clearly_and_changes_nothing(tmp_path):
    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    scale = AssessmentScale.objects.get(slug="implementation")
    relevant = category(scale, "no-longer-relevant")
    recommendation = RecommendationFactory(inquiry=InquiryFactory(assessment_scale=scale))
    TrackingRound.objects.create(recommendation=recommendation, executive_assessment=relevant)
    Recommendation.objects.filter(pk=recommendation.pk).update(current_assessment=relevant)
    shorter = _write(
        tmp_path / "shorter.yaml",
        [
            "{key: implemented, label: Done, order: 1, ends_tracking: true, "
            "counts_as_achieved: true}",
            "{key: partially-implemented, label: Partially implemented, order: 2, "
            "ends_tracking: false, counts_as_achieved: false}",
        ],
    )
    before = list(scale.categories.values_list("pk", "key", "label", "order", "description"))
    history = AssessmentCategory.history.count()
    with pytest.raises(
        CommandError,
        match="'No longer relevant' is used by 2 assessments: it cannot be removed",
    ):
        call_command("load_assessment_scale", shorter)
    after = list(scale.categories.values_list("pk", "key", "label", "order", "description"))
    assert after == before
    assert AssessmentCategory.history.count() == history

    # Once nothing uses it, the same file removes it, and the unused one with it.
    TrackingRound.objects.filter(recommendation=recommendation).delete()
    Recommendation.objects.filter(pk=recommendation.pk).update(current_assessment=None)
    call_command("load_assessment_scale", shorter)
    assert list(scale.categories.values_list("key", "label")) == [
        ("implemented", "Done"),
        ("partially-implemented", "Partially implemented"),
    ]
    assert AssessmentCategory.history.filter(
        id=relevant.pk, history_type="-", history_change_reason__contains="no longer in the scale"
    ).exists()


def test_a_timing_that_is_not_one_of_the_three_is_refused(tmp_path):
    bad = _write(
        tmp_path / "bad.yaml",
        [
            "{label: Done, order: 1, ends_tracking: true, counts_as_achieved: true, "
            "timing: punctual}"
        ],
    )
    with pytest.raises(CommandError, match="use on_time, late or neither"):
        call_command("load_assessment_scale", bad)
    assert not AssessmentScale.objects.filter(slug="implementation").exists()
