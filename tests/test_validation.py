"""The database refuses what makes no sense, and validation says why in plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committees.models import ActionNotes, AgendaItem, Meeting
from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tracker.inquiries.forms import RecommendationRowForm
from tracker.models import InformationRequest, Recommendation, normalise_recommendation_code

pytestmark = pytest.mark.django_db


def refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("written", ["R1", "r01", "R 1", "R001"])
def test_it_reads_every_way_the_documents_write_a_code_as_one(written):
    assert normalise_recommendation_code(written) == "R01"


def test_it_refuses_a_duplicate_code_within_an_inquiry():
    first = RecommendationFactory(code="R01")
    duplicate = Recommendation(inquiry=first.inquiry, code="R01", text="Another.")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has a recommendation with that code" in str(error.value)
    refused_by_database(duplicate.save)
    RecommendationFactory(code="R01")  # another inquiry may use R01


def test_it_refuses_a_code_differing_only_in_capitals_within_an_inquiry():
    first = RecommendationFactory(code="SC18")
    clash = Recommendation(inquiry=first.inquiry, code="sc18", text="Another.")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "already has a recommendation with that code" in str(error.value)
    refused_by_database(clash.save)
    assert Recommendation.objects.filter(inquiry=first.inquiry).count() == 1
    RecommendationFactory(code="sc18")  # another inquiry may use it


@pytest.mark.parametrize("written", ["R1", "R01", "SC18", "1.3"])
def test_it_keeps_a_code_as_the_council_writes_it(written):
    assert RecommendationFactory(code=written).code == written


def test_it_refuses_a_recommendation_without_a_code():
    recommendation = RecommendationFactory.build(code="  ")
    with pytest.raises(ValidationError, match="Give the recommendation's code"):
        recommendation.full_clean()


def test_it_refuses_a_recommendation_with_known_but_empty_text():
    recommendation = RecommendationFactory(code="R07", text="", text_known=False)
    recommendation.text_known = True
    with pytest.raises(ValidationError, match="Give the recommendation's text"):
        recommendation.full_clean()
    refused_by_database(recommendation.save)


def test_it_refuses_an_exempt_item_without_its_paragraph():
    item = AgendaItemFactory.build(meeting=MeetingFactory(), is_exempt=True)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "paragraph of Schedule 12A" in str(error.value)
    refused_by_database(item.save)
    item.exempt_paragraph = 8
    refused_by_database(item.save)
    item.exempt_paragraph = 3
    item.save()
    assert AgendaItem.objects.get().public_label.startswith("Taken in private under paragraph 3")


def test_it_refuses_a_provided_date_on_a_withdrawn_request():
    request = InformationRequestFactory()
    request.status = InformationRequest.Status.WITHDRAWN
    request.withdrawn_reason = "Superseded by the annual report"
    request.provided_on = dt.date(2019, 3, 1)
    with pytest.raises(ValidationError, match="Only information that was provided"):
        request.full_clean()
    refused_by_database(request.save)


def test_it_refuses_a_withdrawal_without_a_reason():
    request = InformationRequestFactory()
    request.status = InformationRequest.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="Say why"):
        request.full_clean()
    refused_by_database(request.save)


def test_it_refuses_a_report_deadline_after_the_meeting():
    meeting = MeetingFactory.build(committee=MeetingFactory().committee, date=dt.date(2019, 3, 13))
    meeting.report_deadline = dt.date(2019, 3, 14)
    with pytest.raises(ValidationError, match="on or before the meeting date"):
        meeting.full_clean()
    refused_by_database(meeting.save)


def test_it_refuses_amended_notes_without_the_amendments():
    meeting = MeetingFactory()
    later = MeetingFactory(committee=meeting.committee, date=dt.date(2019, 3, 13))
    notes = ActionNotes(meeting=meeting, status=ActionNotes.Status.AMENDED, confirmed_at=later)
    with pytest.raises(ValidationError, match="must record the amendments"):
        notes.full_clean()
    refused_by_database(notes.save)


def test_it_works_out_the_report_deadline_as_the_monday_nine_days_before():
    meeting = MeetingFactory(date=dt.date(2019, 2, 13))
    assert meeting.report_deadline == dt.date(2019, 2, 4)
    visit = MeetingFactory(
        committee=meeting.committee, date=dt.date(2019, 4, 17), kind=Meeting.Kind.VISIT
    )
    assert visit.report_deadline is None


def test_the_deadline_rule_of_a_new_committee_is_the_setting(settings):
    settings.TRACKER_REPORT_DEADLINE_DAYS_BEFORE = 14
    meeting = MeetingFactory(date=dt.date(2019, 2, 13))
    assert meeting.committee.report_deadline_days_before == 14
    assert meeting.report_deadline == dt.date(2019, 1, 28)


@pytest.mark.parametrize(
    ("label", "name", "posted", "message"),
    [
        ("Due date", "", ["31", "2", "2019"], "Due date must be a real date"),
        ("Due date (optional)", "", ["31", "2", "2019"], "Due date must be a real date"),
        ("New due date", "", ["13", "", "2019"], "New due date must include a day, month and year"),
        ("New date", "", ["", "", ""], "Enter the new date"),
        ("From", "The day the role starts", ["1", "1", "1889"], "The day the role starts must be"),
    ],
)
def test_a_date_error_names_its_field(label, name, posted, message):
    from django import forms

    from tracker.items.forms import GovukDateField

    class DateForm(forms.Form):
        day = GovukDateField(label=label, name=name, required="optional" not in label)

    form = DateForm({f"day_{n}": value for n, value in enumerate(posted)})
    assert not form.is_valid()
    assert form.errors["day"][0].startswith(message)


@pytest.mark.parametrize(("length", "valid"), [(32_000, True), (32_001, False)])
def test_a_recommendation_is_kept_to_what_an_excel_cell_of_the_export_holds(length, valid):
    form = RecommendationRowForm(data={"code": "R01", "text": "x" * length})
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["text"] == ["Keep this to 32,000 characters or fewer: it has 32,001"]
