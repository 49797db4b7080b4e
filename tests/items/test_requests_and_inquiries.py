"""An officer keeps a request's record and adds inquiries on the app's own pages."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committees import clock
from committees.models import Committee, Person, Post
from tracker.inquiries.services import NewRecommendation, inquiry_create
from tracker.items import services
from tracker.models import AssessmentScale, InformationRequest, Inquiry, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def request_(demo) -> InformationRequest:
    """An open request of the demo with a due date. The documents state no request's due
    date, so it is given the next report deadline, as the form's default would give it."""
    request = InformationRequest.objects.outstanding().order_by("pk").first()
    due = request.meeting.committee.next_report_deadline(after=request.meeting.date)
    InformationRequest.objects.filter(pk=request.pk).update(due_date=due, original_due_date=due)
    request.refresh_from_db()
    return request


def test_a_revision_keeps_the_original_date_and_records_who_and_why(officer, request_):
    original = request_.due_date
    services.information_request_revise_due_date(
        request=request_,
        new_date=original + dt.timedelta(days=30),
        decided_on=original,
        by_user=officer,
        reason="The report moved to the next meeting",
    )
    request_.refresh_from_db()
    assert (request_.original_due_date, request_.due_date) == (
        original,
        original + dt.timedelta(days=30),
    )
    revision = request_.due_date_revisions.get()
    assert (revision.previous_date, revision.reason) == (
        original,
        "The report moved to the next meeting",
    )
    latest = request_.history.first()
    assert latest.history_user == officer
    assert "The report moved to the next meeting" in latest.history_change_reason


def test_a_revision_without_a_reason_or_far_off_changes_nothing(officer, request_):
    due = request_.due_date
    for reason, new_date in [(" ", due + dt.timedelta(days=7)), ("Typo", dt.date(2109, 1, 1))]:
        with pytest.raises(ValidationError):
            services.information_request_revise_due_date(
                request=request_, new_date=new_date, decided_on=due, by_user=officer, reason=reason
            )
    request_.refresh_from_db()
    assert request_.due_date == due and not request_.due_date_revisions.exists()


def test_withdrawing_needs_a_reason(officer, request_):
    with pytest.raises(ValidationError, match="Say why"):
        services.information_request_withdraw(request=request_, reason="  ", by_user=officer)
    request_.refresh_from_db()
    assert request_.status == InformationRequest.Status.OPEN


def test_marking_provided_needs_a_date(officer, request_):
    with pytest.raises(ValidationError, match="Give the date"):
        services.information_request_provide(
            request=request_, provided_on=None, how="By email", by_user=officer
        )
    request_.refresh_from_db()
    assert request_.status == InformationRequest.Status.OPEN


def test_a_change_of_owner_is_in_history_with_its_reason(officer, request_):
    person = Person.objects.first()
    services.information_request_change_owner(
        request=request_, owner_person=person, by_user=officer, reason="Post deleted at the AGM"
    )
    request_.refresh_from_db()
    assert (request_.owner_person, request_.owner_post) == (person, None)
    latest = request_.history.first()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Owner changed: Post deleted at the AGM"


def test_an_officer_withdraws_a_request_on_its_page_and_a_stale_page_is_refused(
    client, officer, request_
):
    client.force_login(officer)
    url = reverse("request_withdraw", kwargs={"pk": request_.pk})
    page = client.get(url)
    seen = page.context["form"]["seen_version"].value()
    services.information_request_change_owner(
        request=request_, owner_post=Post.objects.last(), by_user=officer, reason="Moved"
    )
    stale = client.post(url, {"seen_version": seen, "reason": "No longer needed"})
    assert stale.status_code == 200 and "after you opened this page" in stale.content.decode()
    request_.refresh_from_db()
    assert request_.status == InformationRequest.Status.OPEN
    response = client.post(url, {"seen_version": stale.context["form"]["seen_version"].value(),
                                 "reason": "No longer needed"})  # fmt: skip
    assert response.status_code == 302
    request_.refresh_from_db()
    assert (request_.status, request_.withdrawn_reason) == ("withdrawn", "No longer needed")
    assert request_.withdrawn_on == clock.today()
    detail = client.get(request_.get_absolute_url()).content.decode()
    assert "No longer needed" in detail and "/admin/" not in detail
    assert f"{clock.today():%-d %B %Y}: No longer needed" in detail


def test_a_withdrawn_request_was_outstanding_until_the_day_it_was_withdrawn(
    settings, officer, request_
):
    settings.DEBUG = True
    settings.TRACKER_AS_AT_DATE = dt.date(2019, 2, 13)
    services.information_request_withdraw(request=request_, reason="Superseded", by_user=officer)
    open_then = InformationRequest.objects.outstanding_on
    assert request_ in open_then(dt.date(2019, 2, 12))
    assert request_ not in open_then(dt.date(2019, 2, 13))


def test_requests_withdrawn_before_the_date_was_kept_take_it_from_their_history(officer, request_):
    from django.apps import apps

    migration = importlib.import_module("tracker.migrations.0016_request_withdrawn_on")
    services.information_request_withdraw(request=request_, reason="Superseded", by_user=officer)
    withdrawn_at = request_.history.filter(status="withdrawn").get().history_date
    InformationRequest.objects.filter(pk=request_.pk).update(withdrawn_on=None)  # as before

    migration.date_withdrawals_from_history(apps, schema_editor=None)

    request_.refresh_from_db()
    assert request_.withdrawn_on == timezone.localdate(withdrawn_at)


def test_the_request_page_shows_the_revision_history(client, officer, request_):
    services.information_request_revise_due_date(
        request=request_,
        new_date=request_.due_date + dt.timedelta(days=14),
        decided_on=request_.due_date,
        by_user=officer,
        reason="Awaiting the audit report",
    )
    client.force_login(officer)
    body = client.get(request_.get_absolute_url()).content.decode()
    assert "Due date revisions" in body and "Awaiting the audit report" in body


# -- inquiries ------------------------------------------------------------------------------


def _management(rows: int) -> dict:
    return {
        "form-TOTAL_FORMS": str(rows),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "100",
    }


def _inquiry(committee: Committee, title: str = "Road safety") -> dict:
    return {
        "title": title,
        "committee": str(committee.pk),
        "summary": "",
        "reported_to_council_on_0": "9",
        "reported_to_council_on_1": "4",
        "reported_to_council_on_2": "2019",
        "assessment_scale": str(AssessmentScale.objects.first().pk),
    }


def _row(index: int, code: str, text: str = "", due: dt.date | None = None) -> dict:
    row = {f"form-{index}-code": code, f"form-{index}-text": text}
    if not text:
        row[f"form-{index}-text_not_known"] = "on"
    if due:
        row |= {f"form-{index}-due_date_0": str(due.day), f"form-{index}-due_date_1":
                str(due.month), f"form-{index}-due_date_2": str(due.year)}  # fmt: skip
    return row


def test_an_officer_adds_an_inquiry_with_three_recommendations_coded_as_written(client, officer):
    committee = Committee.objects.get()
    client.force_login(officer)
    data = (
        _management(3)
        | _inquiry(committee)
        | _row(0, "R1", "Publish the plan.", dt.date(2019, 12, 31))
        | _row(1, "SC18")
        | _row(2, "1.3", "Report back in a year.")
    )
    response = client.post(reverse("inquiry_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inquiry = Inquiry.objects.get(title="Road safety")
    codes = list(inquiry.recommendations.order_by("pk").values_list("code", "text_known"))
    assert codes == [("R1", True), ("SC18", False), ("1.3", True)]
    assert inquiry.history.first().history_user == officer


def test_duplicate_codes_are_refused_with_a_message_and_nothing_is_saved(client, officer):
    committee = Committee.objects.get()
    client.force_login(officer)
    before = (Inquiry.objects.count(), Recommendation.objects.count())
    data = _management(3) | _inquiry(committee) | _row(0, "R1", "A.") | _row(1, "R1", "B.")
    response = client.post(reverse("inquiry_create"), data)
    assert response.status_code == 200
    assert "R1 is given more than once" in response.content.decode()
    assert (Inquiry.objects.count(), Recommendation.objects.count()) == before


@pytest.mark.parametrize(
    ("first", "second"), [("SC18", "sc18"), ("R2", "R02")], ids=["capitals", "numbering"]
)
def test_a_code_written_two_ways_is_refused_with_a_message_and_nothing_is_saved(
    client, officer, first, second
):
    committee = Committee.objects.get()
    client.force_login(officer)
    before = (Inquiry.objects.count(), Recommendation.objects.count())
    data = _management(2) | _inquiry(committee) | _row(0, first, "A.") | _row(1, second, "B.")
    response = client.post(reverse("inquiry_create"), data)
    assert response.status_code == 200
    assert f"{first} and {second} are the same code" in response.content.decode()
    assert (Inquiry.objects.count(), Recommendation.objects.count()) == before


def test_add_another_recommendation_redraws_the_rows_with_one_more_and_saves_nothing(
    client, officer
):
    committee = Committee.objects.get()
    client.force_login(officer)
    data = _management(1) | _inquiry(committee) | _row(0, "R1", "Kept.")
    response = client.post(reverse("inquiry_create"), data | {"add_recommendation": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="form-TOTAL_FORMS" value="2"' in body.replace("\n", "")
    assert "Kept." in body and not Inquiry.objects.filter(title="Road safety").exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"form-TOTAL_FORMS": "x"},
        {"committee": "999999"},
        {"form-0-code": ""},
        {"form-0-due_date_2": "2109"},
        {"form-0-text": "Known", "form-0-text_not_known": "on"},
        {"title": "Corporate Parenting"},  # the committee has it already
    ],
)
def test_every_invalid_combination_gives_a_message(client, officer, broken):
    committee = Committee.objects.get()
    client.force_login(officer)
    data = _management(1) | _inquiry(committee) | _row(0, "R1", "", dt.date(2019, 9, 1))
    before = Inquiry.objects.count()
    response = client.post(reverse("inquiry_create"), data | broken)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert Inquiry.objects.count() == before


def test_inquiry_create_saves_all_or_nothing(officer):
    committee = Committee.objects.get()
    with pytest.raises(ValidationError):
        inquiry_create(
            committee=committee,
            title="Half an inquiry",
            assessment_scale=AssessmentScale.objects.first(),
            recommendations=[
                NewRecommendation(code="R1", text="Fine."),
                NewRecommendation(code=""),
            ],
            by_user=officer,
        )
    assert not Inquiry.objects.filter(title="Half an inquiry").exists()


def test_the_committee_page_links_officers_to_the_inquiry_page(client, officer):
    client.force_login(officer)
    committee = Committee.objects.get()
    body = client.get(committee.get_absolute_url()).content.decode()
    assert reverse("inquiry_create") in body
