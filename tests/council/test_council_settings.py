"""The council's settings and each committee's rules are data, set by administrators in the
app: nothing of Birmingham is assumed outside the demo record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from committees.models import Committee, CouncilSettings, Meeting, StandingItem
from committees.services import meetings_schedule
from tests.factories import CommitteeFactory, InquiryFactory, MeetingFactory, RecommendationFactory
from tracker.items.services import committee_assessment_record, tracking_round_record
from tracker.models import AssessmentScale, CommitteeScale, default_scale_of
from tracker.roles import ROLE_ADMINISTRATORS, ROLE_OFFICERS

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SCALES = Path(__file__).resolve().parents[2] / "fixtures" / "assessment_scales"


def _user(username: str, group: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def administrator(client):
    user = _user("administrator", ROLE_ADMINISTRATORS)
    client.force_login(user)
    return user


def _settings_form(committee: Committee, rows: list[tuple[str, str, str]], **values) -> dict:
    form = {
        "report_deadline_days_before": committee.report_deadline_days_before,
        "assessment_scale": default_scale_of(committee.pk).pk,
        "reason": "Agreed by the committee's chair.",
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": 0,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 30,
        **values,
    }
    for n, (position, title, description) in enumerate(rows):
        form |= {
            f"form-{n}-position": position,
            f"form-{n}-title": title,
            f"form-{n}-description": description,
        }
    return form


def test_a_new_committee_gets_no_standing_items():
    committee = CommitteeFactory()
    [meeting] = meetings_schedule(
        committee=committee,
        dates=[dt.date(2019, 6, 12)],
        start_time=dt.time(10),
        kind=Meeting.Kind.FORMAL,
        by_user=None,
    )
    assert not committee.standing_items.exists()
    assert not meeting.agenda_items.exists()


def test_the_demo_keeps_birminghams_standing_items_and_wording(client, demo):
    committee = Committee.objects.get()
    titles = [item.title for item in committee.standing_items.all()]
    assert titles[0] == "Notice of recording/webcast"
    assert titles[-1] == "Authority to Chairman and officers"
    assert len(titles) == 8
    council = CouncilSettings.objects.current()
    assert (council.name, council.full_council, council.executive) == (
        "Birmingham City Council",
        "City Council",
        "Cabinet",
    )
    assert committee.report_deadline_days_before == 9
    assert default_scale_of(committee.pk).slug == "birmingham"
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Birmingham City Council" in page


def test_with_nothing_set_no_page_names_a_council(client):
    committee = CommitteeFactory(name="Overview and Scrutiny Committee")
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Birmingham" not in page and "City Council" not in page
    assert "Overview and Scrutiny" in page


def test_an_administrator_sets_the_councils_name_and_wording(client, administrator):
    url = reverse("council_settings")
    response = client.post(
        url,
        {
            "name": "Kent County Council",
            "full_council": "County Council",
            "executive": "Cabinet",
            "reason": "The council's own wording.",
        },
    )
    assert response.status_code == 302
    council = CouncilSettings.objects.current()
    assert council.name == "Kent County Council"
    change = council.history.get()
    assert (change.history_user, change.history_change_reason) == (
        administrator,
        "The council's own wording.",
    )
    page = client.get(url).content.decode()
    assert "Kent County Council" in page  # in the header, and in the form

    # The same again changes nothing and says so; a missing reason is refused.
    response = client.post(
        url,
        {
            "name": "Kent County Council",
            "full_council": "County Council",
            "executive": "Cabinet",
            "reason": "Again.",
        },
    )
    assert "nothing to change" in response.content.decode()
    response = client.post(url, {"name": "Kent", "full_council": "Council", "executive": "X"})
    assert "Say why you are making this change" in response.content.decode()
    assert CouncilSettings.objects.current().name == "Kent County Council"
    assert council.history.count() == 1


def test_only_administrators_may_change_the_settings(client):
    committee = CommitteeFactory()
    client.force_login(_user("keeper", ROLE_OFFICERS))
    for url in (
        reverse("council_settings"),
        reverse("committee_settings", kwargs={"slug": committee.slug}),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Anywhere", "reason": "Why not."}).status_code == 403
    assert not CouncilSettings.objects.exists()


@time_machine.travel(dt.datetime(2019, 2, 20, 12), tick=False)
def test_a_committee_with_its_own_rules_uses_them(client, administrator, mailoutbox):
    from tracker.reminders.sweep import sweep

    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    four_point = AssessmentScale.objects.get(slug="implementation")
    committee = CommitteeFactory(name="Children and Young People's Scrutiny Committee")
    assert committee.report_deadline_days_before == 9  # the setting, for a new committee
    later = MeetingFactory(committee=committee, date=dt.date(2019, 4, 10))
    assert later.report_deadline == dt.date(2019, 4, 1)  # by the old rule: 9 days

    url = reverse("committee_settings", kwargs={"slug": committee.slug})
    page = client.get(url).content.decode()
    assert "Standing item 1" in page and "Notice of recording" not in page
    rows = [
        ("opening", "Apologies for absence", ""),
        ("closing", "Any other business", "Urgent items the chair accepts."),
        ("opening", "Declarations of interest", ""),
        ("opening", "", ""),  # an empty row is left out
    ]
    form = _settings_form(
        committee, rows, report_deadline_days_before=14, assessment_scale=four_point.pk
    )
    assert client.post(url, form).status_code == 302
    committee.refresh_from_db()
    assert committee.report_deadline_days_before == 14
    assert default_scale_of(committee.pk) == four_point
    assert [(s.position, s.title) for s in committee.standing_items.all()] == [
        ("opening", "Apologies for absence"),
        ("opening", "Declarations of interest"),
        ("closing", "Any other business"),
    ]
    # Each change is in its history, with who and why.
    for history in (
        committee.history.first(),
        CommitteeScale.objects.get(committee=committee).history.first(),
        StandingItem.history.filter(committee_id=committee.pk).first(),
    ):
        assert history.history_user == administrator
        assert "Agreed by the committee's chair." in history.history_change_reason
    # The meeting to come moved with the rule: the Monday on or before 14 days ahead.
    later.refresh_from_db()
    assert later.report_deadline == dt.date(2019, 3, 25)  # 27 March is a Wednesday: 25th

    # A meeting scheduled now has the committee's standing items and its deadline.
    schedule = reverse("meetings_schedule", kwargs={"slug": committee.slug})
    officer = _user("keeper", ROLE_OFFICERS)
    from committees.models import Person, SupportOfficer

    SupportOfficer.objects.create(
        committee=committee,
        person=Person.objects.create(name="Scrutiny Officer", user=officer),
        role="Scrutiny Officer",
    )
    client.force_login(officer)
    posted = {"dates": "13 March 2019", "start_time": "10:00", "kind": "formal", "room": ""}
    assert client.post(schedule, posted).status_code == 302
    march = committee.meetings.get(date=dt.date(2019, 3, 13))
    assert march.report_deadline == dt.date(2019, 2, 25)  # 27 February -> Monday 25th
    agenda = list(march.agenda_items.values_list("number", "title"))
    assert agenda == [
        (1, "Apologies for absence"),
        (2, "Declarations of interest"),
        (3, "Any other business"),
    ]
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "25 February 2019" in page

    # The reminder of the report deadline goes by it.
    presenter = Person.objects.create(name="Presenting Officer", email="presenter@example.org")
    item = march.agenda_items.create(number=4, title="Early help offer")
    item.presenters.add(presenter)
    sweep(as_of=dt.date(2019, 2, 20), now=dt.datetime(2019, 2, 20, 7, tzinfo=dt.UTC))
    [email] = [m for m in mailoutbox if m.to == ["presenter@example.org"]]
    assert "25 February 2019" in email.body

    # A new inquiry of the committee starts with its scale; its assess page offers it.
    client.force_login(officer)
    create = client.get(reverse("inquiry_create"), {"committee": committee.slug})
    chosen = f'<option value="{four_point.pk}" selected>'
    assert chosen in create.content.decode()


def test_a_committee_settings_form_with_a_bad_row_changes_nothing(client, administrator):
    committee = CommitteeFactory()
    url = reverse("committee_settings", kwargs={"slug": committee.slug})
    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    form = _settings_form(
        committee,
        [("opening", "", "A description without a title."), ("middle", "Apologies", "")],
        report_deadline_days_before=120,
    )
    page = client.post(url, form).content.decode()
    assert page.count("<title>Error:") == 1
    assert "The number of days must be 90 or fewer" in page
    assert "Standing item 1: Enter the standing item" in page
    assert "Standing item 2: Choose before or after the business" in page
    committee.refresh_from_db()
    assert committee.report_deadline_days_before == 9
    assert not committee.standing_items.exists()


def _achieved(scale_file: Path, slug: str, key: str, reported: dt.date):
    call_command("load_assessment_scale", scale_file)
    scale = AssessmentScale.objects.get(slug=slug)
    label = scale.categories.get(key=key)
    inquiry = InquiryFactory(assessment_scale=scale, reported_to_council_on=dt.date(2018, 6, 1))
    meeting = MeetingFactory(committee=inquiry.committee, date=dt.date(2019, 2, 13))
    recommendation = RecommendationFactory(inquiry=inquiry, original_due_date=dt.date(2019, 1, 31))
    tracking_round_record(
        recommendation=recommendation,
        update_received_on=reported,
        executive_assessment=label,
        executive_evidence="The report was presented.",
        by_user=None,
        reason="The owner's update",
    )
    committee_assessment_record(
        recommendation=recommendation, assessment=label, meeting=meeting, by_user=None
    )
    return recommendation


@time_machine.travel(dt.datetime(2019, 2, 20, 12), tick=False)
@pytest.mark.parametrize(
    ("key", "reported", "warned"),
    [
        ("achieved-fully", dt.date(2019, 2, 4), True),  # "Fully" says on time; it was late
        ("achieved-fully", dt.date(2019, 1, 25), False),
        ("achieved-late", dt.date(2019, 2, 4), False),
        ("achieved-late", dt.date(2019, 1, 25), True),  # "Late" says late; it was on time
    ],
)
def test_the_assess_page_warns_when_the_label_contradicts_the_dates(
    client, administrator, key, reported, warned
):
    recommendation = _achieved(SCALES / "six_point.yaml", "six-point", key, reported)
    page = client.get(reverse("recommendation_assess", kwargs={"pk": recommendation.pk}))
    text = page.content.decode()
    assert ('id="timing-warning"' in text) is warned
    if warned:
        assert f"it was achieved on {reported:%-d %B %Y}" in text
        assert "its due date of 31 January 2019" in text


def test_an_inquiry_left_with_the_committees_default_scale_gets_it(client):
    from committees.models import Person, SupportOfficer
    from tracker.models import Inquiry

    call_command("load_assessment_scale", DATA / "four_point_scale.yaml")
    four_point = AssessmentScale.objects.get(slug="implementation")
    committee = CommitteeFactory()
    CommitteeScale.objects.create(committee=committee, scale=four_point)
    officer = _user("keeper", ROLE_OFFICERS)
    SupportOfficer.objects.create(
        committee=committee,
        person=Person.objects.create(name="Scrutiny Officer", user=officer),
        role="Scrutiny Officer",
    )
    client.force_login(officer)
    posted = {
        "title": "Home to school transport",
        "committee": committee.pk,
        "assessment_scale": "",  # "The committee's default scale"
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 0,
        "form-0-code": "1",
        "form-0-text": "Publish the route policy.",
    }
    assert client.post(reverse("inquiry_create"), posted).status_code == 302
    assert Inquiry.objects.get().assessment_scale == four_point


@time_machine.travel(dt.datetime(2019, 2, 20, 12), tick=False)
def test_the_work_programme_and_its_word_file_use_the_councils_words(client):
    import io

    import docx

    CouncilSettings.objects.create(
        name="Anytown Borough Council", full_council="Council", executive="Executive"
    )
    committee = CommitteeFactory(name="Overview and Scrutiny Committee")
    MeetingFactory(committee=committee, date=dt.date(2019, 2, 13))
    kwargs = {"slug": committee.slug, "version": "public"}
    page = client.get(reverse("work_programme_print", kwargs=kwargs), {"month": "2019-02"})
    text = page.content.decode()
    assert "ANYTOWN BOROUGH COUNCIL" in text
    assert "7 Forward Plan for Executive Decisions" in text
    assert "Executive Member" in text
    word = client.get(reverse("work_programme_docx", kwargs=kwargs), {"month": "2019-02"})
    document = docx.Document(io.BytesIO(word.content))
    lines = "\n".join(p.text for p in document.paragraphs)
    assert "ANYTOWN BOROUGH COUNCIL" in lines
    assert "7 Forward Plan for Executive Decisions" in lines
    for words in ("Cabinet", "Birmingham", "City Council"):
        assert words not in text and words not in lines, words
