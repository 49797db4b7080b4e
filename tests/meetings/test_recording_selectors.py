"""What the recording pages read: the names a committee's record is likely to name (and no
one else from the register), and the meeting's items with whether each is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from committees.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Membership,
    Resolution,
    SupportOfficer,
)
from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    MeetingFactory,
    PersonFactory,
    PostFactory,
    PostHoldingFactory,
)
from tracker.dev.bench import FLOOR_NAMES
from tracker.meetings.selectors import items_to_record, likely_named

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 2, 13)


def test_it_offers_who_takes_part_who_owns_items_and_their_posts_and_nobody_else():
    meeting = MeetingFactory(date=DAY)
    committee = meeting.committee
    member, officer, attendee, declarer, presenter = (
        PersonFactory(name=name)
        for name in ("Member", "Officer", "Attendee", "Declarer", "Presenter")
    )
    Membership.objects.create(committee=committee, person=member)
    SupportOfficer.objects.create(committee=committee, person=officer, role="Scrutiny Officer")
    Attendance.objects.create(meeting=meeting, person=attendee, kind="also_present")
    Declaration.objects.create(meeting=meeting, person=declarer, text="A declaration.")
    AgendaItemFactory(meeting=meeting).presenters.add(presenter)
    # An owner in person, and a post that owns a request, with its holder that day.
    owner = PersonFactory(name="Owner")
    InformationRequestFactory(meeting=meeting, owner_person=owner)
    owning = PostHoldingFactory(person__name="Holder", post__title="Owning post", start=DAY)
    InformationRequestFactory(meeting=meeting, owner_post=owning.post, owner_person=None)
    # The post a member holds that day, and one they held before.
    held = PostHoldingFactory(person=member, post__title="Member's post", start=DAY)
    PostHoldingFactory(
        person=member,
        post__title="Earlier post",
        start=dt.date(2010, 1, 1),
        end=dt.date(2011, 1, 1),
    )
    # Not offered: the register's others, a post held by an owner in person, another
    # committee's people and posts.
    PersonFactory(name="Elsewhere")
    PostHoldingFactory(person=owner, post__title="Owner's own post", start=DAY)
    other = MeetingFactory(date=DAY)
    Membership.objects.create(committee=other.committee, person=PersonFactory(name="Other member"))
    InformationRequestFactory(meeting=other, owner_post=PostFactory(title="Other post"))

    offered = likely_named(committee, DAY)

    assert [title for _, title in offered.posts] == ["Member's post", "Owning post"]
    # The benchmark's floor for the recording pages reads the same names, by hand.
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_NAMES, [committee.pk] * 7 + [DAY] * 2)
        by_hand = cursor.fetchall()
    assert {(pk, title) for kind, pk, title, _ in by_hand if kind == "post"} == set(offered.posts)
    assert {row[1:] for row in by_hand if row[0] == "person"} == set(offered.people)
    assert [name for _, name, _ in offered.people] == [
        "Attendee", "Declarer", "Holder", "Member", "Officer", "Owner", "Presenter",
    ]  # fmt: skip
    assert {pk for pk, _ in offered.posts} == {held.post_id, owning.post_id}


def test_the_meetings_page_lists_an_item_as_recorded_once_it_has_notes_or_a_resolution():
    meeting = MeetingFactory(date=DAY)
    blank, with_notes, resolved, asked = (
        AgendaItemFactory(meeting=meeting, number=number) for number in (1, 2, 3, 4)
    )
    AgendaItem.objects.filter(pk=with_notes.pk).update(notes="The committee discussed it.")
    Resolution.objects.create(agenda_item=resolved, order=1, text="The report was noted.")
    Resolution.objects.create(agenda_item=resolved, order=2, text="A further report in May.")
    # A request is raised in an item's discussion: on its own it does not record the item.
    InformationRequestFactory(meeting=meeting, agenda_item=asked)
    InformationRequestFactory(meeting=meeting, agenda_item=resolved)

    listed = {item.number: item for item in items_to_record(meeting)}

    assert {number: item.is_recorded for number, item in listed.items()} == {
        1: False, 2: True, 3: True, 4: False,
    }  # fmt: skip
    assert (listed[3].resolution_count, listed[3].request_count) == (2, 1)
    assert (listed[4].resolution_count, listed[4].request_count) == (0, 1)
