"""An officer's dashboard counts the committees they support; an administrator's, all."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import (
    CommitteeFactory,
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tests.support.demo import WORK_PROGRAMME_DAY
from tracker.models import Reminder, ReminderDigest

pytestmark = pytest.mark.django_db


def dashboard(client, username: str) -> dict:
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("dashboard"))
    officer = response.context["officer"]
    return {**response.context["counts"], "emails": officer.digest_count if officer else None}


def failed_digest(email: str, **about) -> ReminderDigest:
    digest = ReminderDigest.objects.create(
        email=email, sweep_date=WORK_PROGRAMME_DAY, status=ReminderDigest.Status.FAILED
    )
    Reminder.objects.create(
        kind=Reminder.Kind.OVERDUE, occasion=WORK_PROGRAMME_DAY, email=email, digest=digest,
        **about,
    )  # fmt: skip
    return digest


@time_machine.travel(dt.datetime(2019, 2, 13, 12, 0), tick=False)
def test_another_committees_items_and_failed_emails_are_not_an_officers(client, demo):
    before = {name: dashboard(client, name) for name in ("officer", "admin")}

    other = CommitteeFactory(name="Housing and Neighbourhoods")
    overdue = dt.date(2019, 1, 31)
    recommendation = RecommendationFactory(
        inquiry=InquiryFactory(committee=other), original_due_date=overdue
    )
    InformationRequestFactory(meeting=MeetingFactory(committee=other), due_date=overdue)
    failed_digest("housing.officer@example.org", recommendation=recommendation)

    officer = dashboard(client, "officer")
    assert officer == before["officer"]
    page = client.get(reverse("dashboard")).content.decode()
    assert "of the committees you support" in page

    admin = dashboard(client, "admin")
    assert admin["outstanding"] == before["admin"]["outstanding"] + 2
    assert admin["overdue"] == before["admin"]["overdue"] + 2
    assert admin["emails"] == (before["admin"]["emails"] or 0) + 1


def test_a_failed_email_about_the_officers_committee_is_theirs_to_check(client, demo):
    from committees.models import Committee

    meeting = Committee.objects.get().meetings.first()
    request = InformationRequestFactory(meeting=meeting)
    failed_digest("owner@example.org", request=request)
    assert dashboard(client, "officer")["emails"] == 1
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 reminder email failed or may not have arrived" in page
