"""Importing a council's own tracker: what an officer relies on when its columns are not ours.

The officer says what each column holds (guessed from the headings) and which inquiry the
rows belong to; the preview reads each outcome as a category of the inquiry's scale that
the officer chose; confirming keeps the references as written, each row's meeting, its
action taken as the latest update, and creates the owners it does not know as posts. Until
then nothing is written, and the next upload with the same headings is offered the same
answers.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee, Meeting, Post
from tests.factories import InquiryFactory, MeetingFactory, RecommendationFactory
from tests.support.tracker_files import COMMITTEE, page_text, upload, xlsx_file
from tracker.imports.trackers import mapping as mappings
from tracker.imports.trackers import views as import_views
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    Recommendation,
    TrackerColumnMapping,
    TrackingRound,
)

pytestmark = pytest.mark.django_db

TRACKERS = Path(__file__).parents[1] / "data" / "trackers"
YORK = TRACKERS / "york_scrutiny_recommendation_tracker.csv"
YORK_FACTS = yaml.safe_load((TRACKERS / "york_scrutiny_recommendation_tracker.yaml").read_text())
AGREED = {"decided_on_0": "2", "decided_on_1": "3", "decided_on_2": "2026"}
# What the headings of York's tracker are guessed to hold.
YORK_COLUMNS = [
    "reference",  # Reference
    "ignore",  # Origin
    "meeting_date",  # Date
    "ignore",  # Area
    "text",  # Recommendation
    "ignore",  # Exec Date
    "owner",  # Lead Officer/EM
    "action_taken",  # Action taken
    "outcome",  # Status
]


def sign_in(client, username: str = "officer"):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def category(label: str) -> AssessmentCategory:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)


@pytest.fixture
def inquiry(demo):
    committee = Committee.objects.get(name=COMMITTEE)
    return InquiryFactory(committee=committee, title="Scrutiny recommendations 2025/26")


def mapping_posted(client, location: str, inquiry, columns=YORK_COLUMNS):
    data = {"inquiry": inquiry.pk} | {f"column_{i}": f for i, f in enumerate(columns)}
    return client.post(location, data)


def test_a_councils_own_tracker_goes_through_mapping_to_a_confirmed_import(client, demo, inquiry):
    officer = sign_in(client)
    agreed_meeting = MeetingFactory(committee=inquiry.committee, date=dt.date(2026, 1, 1))
    posts_before = Post.objects.count()

    # Upload: the columns are not the export's, so the officer is asked what each holds.
    uploaded = upload(client, YORK.name, YORK.read_bytes())
    assert uploaded.status_code == 302
    location = uploaded["Location"]
    assert location.endswith("/columns/")
    page = client.get(location)
    assert page.status_code == 200
    form = page.context["form"]
    assert [form.initial[f"column_{i}"] for i in range(9)] == YORK_COLUMNS
    assert "The choices below are guesses from the column headings" in page_text(page)
    assert "For example: SR (25/26) 01" in page_text(page)

    # The mapping: on to the preview, where the outcomes are read as the scale's categories.
    mapped = mapping_posted(client, location, inquiry)
    assert mapped.status_code == 302, page_text(mapped)[:3000]
    preview_url = mapped["Location"]
    preview = client.get(preview_url)
    outcomes = preview.context["outcomes_form"]
    assert outcomes.outcomes == YORK_FACTS["outcomes"]
    assert [outcomes.initial[f"outcome_{i}"] for i in range(3)] == [
        str(category("Achieved").pk),
        str(category("In progress").pk),
        "",  # "e.g. Paused": no guess, the officer decides
    ]
    chosen = {
        "outcomes": "1",
        "outcome_0": str(category("Achieved").pk),
        "outcome_1": str(category("In progress").pk),
        "outcome_2": str(category("Not Achieved – Progress Made").pk),
    }
    assert client.post(preview_url, chosen).status_code == 302

    preview = client.get(preview_url)
    plan = preview.context["plan"]
    page = page_text(preview)
    assert plan.counts == {"new": 5, "changed": 0, "unchanged": 0, "error": 0}
    assert [dict(row.shown)["Reference"] for row in plan.rows] == YORK_FACTS["references"]
    # Under the file's own headings, so the officer finds them in their file.
    assert [dict(row.shown)["Status"] for row in plan.rows] == [
        "Achieved",
        "In progress",
        "In progress",
        "Achieved",
        "Not Achieved – Progress Made",
    ]
    assert "Date: the committee has no meeting on 1 February 2026, so no meeting is" in page
    assert (
        "Lead Officer/EM: no post or person is called 'DM/PL/KL', so confirming creates it as "
        "a post" in page
    )
    assert 'These columns are not read: "Origin", "Area", "Exec Date"' in page
    # Nothing is written before the officer confirms: no post, no mapping, no item.
    assert Post.objects.count() == posts_before
    assert not TrackerColumnMapping.objects.exists()
    assert not inquiry.recommendations.exists()

    done = client.post(preview_url, {"plan": plan.fingerprint, **AGREED})
    assert done.status_code == 302, page_text(done)[:3000]

    recommendations = list(inquiry.recommendations.order_by("pk"))
    assert [r.code for r in recommendations] == YORK_FACTS["references"]
    assert [r.agreed_at for r in recommendations] == [agreed_meeting] * 2 + [None] * 3
    assert [r.owner_post.title for r in recommendations] == [
        "DM/PL/KL",
        "DM/PL/KL",
        "SS/LSW",
        "PR/LSW",
        "JP/CD",
    ]
    assert [str(r.current_assessment) for r in recommendations] == [
        "Achieved",
        "In progress",
        "In progress",
        "Achieved",
        "Not Achieved – Progress Made",
    ]
    first = recommendations[0]
    (update,) = TrackingRound.objects.filter(recommendation=first)
    assert update.executive_evidence == (
        "A list of actions identified:\n· Action 1\n· Action 2\n"
        "These actions are all complete as of X date."
    )
    assert update.history.get().history_user == officer
    assert first.history.earliest().history_change_reason == f"Imported from {YORK.name}"
    assert first.history.earliest().history_user == officer
    page = page_text(client.get(first.get_absolute_url()))
    assert "Agreed at" in page
    assert "The meeting of 1 January 2026" in page
    # Owners it did not know are posts now, once each, with who created them and why.
    assert Post.objects.count() == posts_before + len(YORK_FACTS["owners"])
    created = Post.objects.get(title="DM/PL/KL").history.get()
    assert (created.history_user, created.history_change_reason) == (
        officer,
        f"Named as an owner in {YORK.name}: created on import",
    )
    remembered = TrackerColumnMapping.objects.get()
    assert remembered.committee == inquiry.committee
    assert remembered.inquiry == inquiry

    # The same columns again: the mapping and the outcomes chosen are proposed, and the
    # rows read back as the record now holds them.
    again = upload(client, "york-again.csv", YORK.read_bytes())
    page = client.get(again["Location"])
    assert page.context["remembered"] == remembered
    assert page.context["form"].initial["inquiry"] == inquiry.pk
    assert "These are the columns chosen when a file with the same headings" in page_text(page)
    mapped = mapping_posted(client, again["Location"], inquiry)
    preview = client.get(mapped["Location"])
    assert preview.context["outcomes_form"].initial["outcome_2"] == str(
        category("Not Achieved – Progress Made").pk
    )
    assert preview.context["plan"].counts == {"new": 0, "changed": 0, "unchanged": 5, "error": 0}


def test_the_mapping_asks_again_with_a_clear_message_and_keeps_nothing(client, demo, inquiry):
    sign_in(client)
    location = upload(client, YORK.name, YORK.read_bytes())["Location"]
    twice = list(YORK_COLUMNS)
    twice[3] = "text"  # Area as the text too
    refused = mapping_posted(client, location, inquiry, twice)
    assert refused.status_code == 200
    assert "<title>Error: " in page_text(refused)
    assert (
        "Only one column can hold the recommendation text: 'Area' already does. Choose "
        "another, or ignore this column" in page_text(refused)
    )
    no_reference = ["ignore" if f == "reference" else f for f in YORK_COLUMNS]
    refused = mapping_posted(client, location, inquiry, no_reference)
    assert "Say which column holds the 'Reference (R1, SC18, 1.3)'" in page_text(refused)
    # Another committee's inquiry is not offered, and not taken.
    elsewhere = InquiryFactory()
    refused = mapping_posted(client, location, elsewhere)
    assert "Choose one of the inquiries listed" in page_text(refused)
    waiting = client.session[import_views.SESSION_KEY]
    assert all("mapping" not in stored for stored in waiting.values())
    # Until it is mapped, the preview sends the officer back to say what the columns hold.
    key = location.rstrip("/").split("/")[-2]
    preview = client.get(reverse("tracker_import_preview", kwargs={"key": key}))
    assert preview["Location"] == location


def test_references_as_the_council_writes_them_match_the_record(client, demo, inquiry):
    """SC18, R2, 1.3 and 12(a) are kept as written; an R code matches however it is
    padded, and any other whatever its case."""
    sign_in(client)
    for code in ("SC18", "R02", "1.3"):
        RecommendationFactory(inquiry=inquiry, code=code, original_due_date=None)
    content = (
        b"Rec No,Recommendation,Target date,Progress\n"
        b"sc18,Do the thing the committee recommended.,,Started\n"
        b"R2,Do the thing the committee recommended.,,\n"
        b"1.3,Do the thing the committee recommended.,,\n"
        b"12(a),A new recommendation,31/03/2027,\n"
    )
    location = upload(client, "refs.csv", content)["Location"]
    columns = mappings.guess_columns(["Rec No", "Recommendation", "Target date", "Progress"])
    assert columns == ["reference", "text", "due_date", "action_taken"]
    preview = client.get(mapping_posted(client, location, inquiry, columns)["Location"])
    rows = preview.context["plan"].rows
    assert [row.status for row in rows] == ["changed", "unchanged", "unchanged", "new"]
    assert [row.description for row in rows[:3]] == [
        f"{inquiry.title} SC18",
        f"{inquiry.title} R02",
        f"{inquiry.title} 1.3",
    ]
    assert [(c.column, c.new) for c in rows[0].changes] == [("Progress", "Started")]
    assert dict(rows[3].shown)["Rec No"] == "12(a)"


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Recommendation", "text"),
        ("Rec No", "reference"),
        ("Ref", "reference"),
        ("Ref.", "reference"),
        ("Responsible officer", "owner"),
        ("Lead", "owner"),
        ("Target date", "due_date"),
        ("Deadline", "due_date"),
        ("Date of meeting", "meeting_date"),
        ("Action taken", "action_taken"),
        ("Progress", "action_taken"),
        ("Status", "outcome"),
        ("RAG", "outcome"),
        ("Outcome", "outcome"),
        ("Comments", "action_taken"),
        ("Exec Date", "ignore"),
    ],
)
def test_it_guesses_what_a_heading_holds(heading, field):
    assert mappings.guess_column(heading) == field


def test_each_field_is_guessed_for_one_column_only():
    assert mappings.guess_columns(["Action taken", "Comments", "Status", "RAG"]) == [
        "action_taken",
        "ignore",
        "outcome",
        "ignore",
    ]


@pytest.mark.parametrize(
    ("outcome", "birmingham", "six_point"),
    [
        ("Complete", "Achieved", "Achieved (Fully)"),
        ("achieved", "Achieved", "Achieved (Fully)"),
        ("Pending", "In progress", "In Progress (not yet due)"),
        ("Ongoing", "In progress", "In Progress (not yet due)"),
        ("Partially achieved", None, None),
        ("To be renegotiated", None, None),
        (
            "Not achieved - progress made",
            "Not Achieved – Progress Made",
            "Not Achieved (Progress Made)",
        ),
    ],
)
def test_it_guesses_an_outcome_by_its_label_and_never_reads_partial_as_achieved(
    outcome, birmingham, six_point
):
    call_command("load_assessment_scale", "fixtures/assessment_scales/six_point.yaml")
    for slug, expected in (("birmingham", birmingham), ("six-point", six_point)):
        scale = AssessmentScale.objects.get(slug=slug)
        guessed = mappings.guess_outcome(outcome, list(scale.categories.all()))
        assert (guessed.label if guessed else None) == expected, (slug, outcome)


def test_a_meeting_of_another_committee_is_not_a_recommendations_meeting(demo, inquiry):
    elsewhere = MeetingFactory(date=dt.date(2026, 1, 1))
    recommendation = RecommendationFactory(
        inquiry=inquiry, original_due_date=None, agreed_at=elsewhere
    )
    with pytest.raises(Exception, match="Choose a meeting of the inquiry's committee"):
        recommendation.full_clean()
    assert Meeting.objects.filter(pk=elsewhere.pk).exists()
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_the_mapped_preview_reads_the_record_in_a_fixed_number_of_queries(client, demo, inquiry):
    """Rows matched to recommendations with a meeting, an update and an owner cost no query
    each: the preview of 2 rows and of 6 reads the same tables the same number of times."""
    sign_in(client)
    meeting = MeetingFactory(committee=inquiry.committee, date=dt.date(2026, 1, 1))
    owner = Post.objects.get(title="Deputy Leader")
    for number in range(6):
        recommendation = RecommendationFactory(
            inquiry=inquiry,
            code=f"SC{number}",
            original_due_date=None,
            agreed_at=meeting,
            owner_post=owner,
        )
        TrackingRound.objects.create(recommendation=recommendation, executive_evidence="Begun")

    def queries_for(rows: int) -> int:
        lines = ["Ref,Recommendation,Date of meeting,Lead,Progress"] + [
            f"SC{n},Do the thing the committee recommended.,01/01/26,Deputy Leader,Done"
            for n in range(rows)
        ]
        location = upload(client, f"{rows}.csv", "\n".join(lines).encode())["Location"]
        columns = ["reference", "text", "meeting_date", "owner", "action_taken"]
        preview_url = mapping_posted(client, location, inquiry, columns)["Location"]
        with CaptureQueriesContext(connection) as captured:
            response = client.get(preview_url)
        assert response.context["plan"].counts["changed"] == rows
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(6)


def test_rows_in_error_are_named_under_the_files_headings_and_nothing_is_created(
    client, demo, inquiry
):
    sign_in(client)
    posts_before = Post.objects.count()
    content = (
        "Rec No,Recommendation,Deadline,Responsible officer\n"
        "SC1,Publish the figures.,31/02/2027,Nobody on record\n"
        "SC2,Publish the figures by ward.,,Deputy Leader\n"
        ",A recommendation without its reference,,\n"
    ).encode("cp1252")
    location = upload(client, "errors.csv", content)["Location"]
    columns = ["reference", "text", "due_date", "owner"]
    preview_url = mapping_posted(client, location, inquiry, columns)["Location"]
    preview = client.get(preview_url)
    plan = preview.context["plan"]
    assert {(row.number, p.column): p.message for row in plan.rows for p in row.problems} == {
        (2, "Deadline"): "'31/02/2027' is not a date: write dates like 2019-02-13 or 13/02/2019",
        (4, "Rec No"): "Give the recommendation's reference as the council writes it, like R01 "
        "or SC18",
    }
    # The one owner it knows is matched as any import matches it.
    assert dict(plan.rows[1].shown)["Responsible officer"] == "Deputy Leader"
    refused = client.post(preview_url, {"plan": plan.fingerprint})
    assert refused.status_code == 200
    assert "Confirm and import" not in page_text(refused)
    assert Post.objects.count() == posts_before
    assert not inquiry.recommendations.exists()
    assert not TrackerColumnMapping.objects.exists()


def test_a_workbook_in_the_councils_own_columns_is_mapped_too(client, demo, inquiry):
    sign_in(client)
    with YORK.open(encoding="utf-8", newline="") as file:
        records = list(csv.DictReader(file))
    response = upload(client, "york.xlsx", xlsx_file(records))
    assert response["Location"].endswith("/columns/")
    form = client.get(response["Location"]).context["form"]
    assert [form.initial[f"column_{i}"] for i in range(9)] == YORK_COLUMNS


def test_files_with_the_same_headings_share_a_mapping_whatever_their_order_or_case():
    assert mappings.headings_key(["Rec No", "Lead officer"]) == mappings.headings_key(
        ["lead  officer", "REC NO"]
    )
    assert mappings.headings_key(["Rec No"]) != mappings.headings_key(["Rec No", "RAG"])


def test_an_inquiry_column_names_each_rows_inquiry_of_the_committee(client, demo, inquiry):
    sign_in(client)
    content = (
        b"Review,Ref,Recommendation\n"
        b"Corporate Parenting,R2,Do the thing the committee recommended.\n"
        b",SC1,A recommendation of the inquiry chosen\n"
        b"School Exclusions,SC2,A recommendation of no inquiry on record\n"
    )
    location = upload(client, "reviews.csv", content)["Location"]
    columns = mappings.guess_columns(["Review", "Ref", "Recommendation"])
    assert columns == ["inquiry", "reference", "text"]
    preview = client.get(mapping_posted(client, location, inquiry, columns)["Location"])
    rows = preview.context["plan"].rows
    assert rows[0].item == Recommendation.objects.get(
        inquiry__title="Corporate Parenting", code="R02"
    )
    assert rows[1].new_item.inquiry == inquiry
    assert [(p.column, p.message) for p in rows[2].problems] == [
        ("Review", "The committee has no inquiry called 'School Exclusions': add the inquiry first")
    ]


def test_an_outcome_read_as_no_category_of_the_scale_is_refused_and_kept_as_it_was(
    client, demo, inquiry
):
    sign_in(client)
    location = upload(client, YORK.name, YORK.read_bytes())["Location"]
    preview_url = mapping_posted(client, location, inquiry)["Location"]
    waiting = dict(client.session[import_views.SESSION_KEY])
    other_scale = AssessmentCategory.objects.exclude(scale__slug="birmingham").first()
    tampered = {"outcomes": "1", "outcome_0": str(other_scale.pk if other_scale else 99999)}
    refused = client.post(preview_url, tampered)
    assert refused.status_code == 200
    page = page_text(refused)
    assert page.count("<title>Error: ") == 1
    assert "Choose an assessment from the list" in page
    assert dict(client.session[import_views.SESSION_KEY]) == waiting
