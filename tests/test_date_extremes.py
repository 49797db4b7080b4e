"""Dates already stored at the ends of the calendar never break a page, feed or document.

Forms keep new dates within committees.dates, but a record can still hold 1 January 0001
or 31 December 9999 (an old import, a fix made in the database). Every page of the
permission matrix, every feed and every document still renders for every kind of user.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Meeting
from tests.support.permissions import MATRIX
from tracker.models import (
    DueDateRevision,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
    TrackingRound,
)

pytestmark = pytest.mark.django_db

FIRST = dt.date(1, 1, 1)
LAST = dt.date(9999, 12, 31)


@pytest.fixture
def extremes(world):  # noqa: F811
    """The matrix's record with its dates pushed to both ends, bypassing every form."""
    committee = world["committee"]
    meetings = list(committee.meetings.ordinary().order_by("date").values_list("pk", flat=True))
    # The first committee meeting on the first day, the last on the last (the public work
    # programme goes to the next one); the rest keep their dates.
    Meeting.objects.filter(pk=meetings[0]).update(date=FIRST, report_deadline=FIRST)
    Meeting.objects.filter(pk=meetings[-1]).update(date=LAST, report_deadline=LAST)
    Inquiry.objects.filter(committee=committee).update(reported_to_council_on=FIRST)
    recommendations = Recommendation.objects.filter(inquiry__committee=committee)
    recommendations.filter(pk=world["recommendation"].pk).update(
        due_date=LAST, original_due_date=FIRST, next_tracking_date=LAST
    )
    recommendations.exclude(pk=world["recommendation"].pk).filter(
        tracking_ended_on__isnull=True
    ).update(due_date=FIRST, next_tracking_date=FIRST)
    recommendations.filter(tracking_ended_on__isnull=False).update(tracking_ended_on=LAST)
    InformationRequest.objects.filter(pk=world["public_request"].pk).update(due_date=LAST)
    InformationRequest.objects.filter(pk=world["exempt_request"].pk).update(due_date=FIRST)
    InformationRequest.objects.filter(status="provided").update(provided_on=LAST)
    TrackingRound.objects.update(update_received_on=FIRST, next_tracking_date=LAST)
    TrackingRound.objects.filter(decided_on__isnull=False).update(decided_on=LAST)
    DueDateRevision.objects.update(new_date=LAST, decided_on=FIRST, previous_date=FIRST)
    OwnerUpdate.objects.filter(request__isnull=False).update(provided_on=LAST)
    return world


PAGES = [(name, variant) for name, variants in MATRIX.items() for variant in variants]


@pytest.mark.parametrize("principal", ["public", "councillor", "owner", "officer"])
def test_every_page_feed_and_document_renders_with_dates_at_both_ends(client, extremes, principal):
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    wrong = []
    for name, variant in PAGES:
        build, expected = MATRIX[name][variant]
        response = client.get(reverse(name, kwargs=build(extremes)))
        if response.status_code != expected[principal]:
            wrong.append((name, variant, response.status_code))
    extra = [
        (reverse("outstanding"), {"export": "csv"}),
        (reverse("outstanding"), {"export": "xlsx"}),
        (reverse("outstanding"), {"overdue": "on"}),
        (reverse("request_detail", kwargs={"pk": extremes["exempt_request"].pk}), {}),
    ]
    for url, query in extra:
        response = client.get(url, query)
        if response.status_code >= 500:
            wrong.append((url, query, response.status_code))
    assert wrong == []


def test_the_feeds_show_the_far_dates_they_can_and_leave_out_none_silently(client, extremes):
    committee = extremes["committee"]
    feed = client.get(reverse("committee_calendar", kwargs={"slug": committee.slug}))
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "DTSTART;TZID=Europe/London:99991231T100000" in body
    assert "DTSTART;TZID=Europe/London:00010101T100000" in body

    personal = client.get(
        reverse("personal_calendar", kwargs={"token": extremes["calendar_link"].token})
    )
    assert personal.status_code == 200
    assert "DTSTART;VALUE=DATE:99991231" in personal.content.decode()
