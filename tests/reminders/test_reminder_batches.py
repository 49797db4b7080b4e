"""The sweep reads, plans, records, gathers and sends a batch at a time, so that its memory
stays flat however many items are due: batches change nothing about who is told what."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from committees.models import Person, PostHolding
from tests.factories import (
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    PostFactory,
    RecommendationFactory,
)
from tracker.models import Reminder, ReminderDigest
from tracker.reminders.sweep import sweep

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2019, 6, 3)


@pytest.fixture
def many_owners(db):
    """Seven people, each owning three overdue items: two through their post, one named."""
    inquiry = InquiryFactory()
    meeting = MeetingFactory(committee=inquiry.committee, date=dt.date(2019, 2, 13))
    people = []
    for number in range(7):
        person = Person.objects.create(name=f"Portfolio Holder {number}",
                                       email=f"holder{number}@example.org")  # fmt: skip
        post = PostFactory()
        PostHolding.objects.create(post=post, person=person)
        RecommendationFactory(
            inquiry=inquiry, owner_post=post, original_due_date=dt.date(2019, 5, 1)
        )
        InformationRequestFactory(meeting=meeting, owner_post=post, due_date=dt.date(2019, 5, 31))
        InformationRequestFactory(
            meeting=meeting, owner_person=person, due_date=dt.date(2019, 6, 5)
        )
        people.append(person)
    return people


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr("tracker.reminders.sweep.BATCH", 2)
    monkeypatch.setattr("tracker.reminders.sweep.DIGEST_BATCH", 3)


def test_small_batches_tell_everyone_of_everything_once(many_owners, small_batches, mailoutbox):
    report = sweep(as_of=AS_OF)
    assert report.created == report.planned == 21
    assert report.by_kind == Counter({"overdue": 14, "due_soon": 7})
    assert report.planned_reminders == []  # a real sweep keeps none of them in memory
    assert report.digests_sent == 7
    assert sorted(m.to[0] for m in mailoutbox) == [p.email for p in many_owners]
    for message in mailoutbox:
        assert message.subject == "Scrutiny Tracker: 2 items overdue, 1 item due soon"
    assert not Reminder.objects.filter(digest__isnull=True).exists()
    assert set(ReminderDigest.objects.values_list("status", flat=True)) == {"sent"}

    again = sweep(as_of=AS_OF)
    assert again.created == 0 and again.digests_sent == 0
    assert len(mailoutbox) == 7


def test_a_dry_run_lists_every_reminder_and_records_none(many_owners, small_batches):
    report = sweep(as_of=AS_OF, dry_run=True)
    assert len(report.planned_reminders) == report.planned == 21
    assert report.emails == [p.email for p in many_owners]
    assert not Reminder.objects.exists()
