"""A request is part of what was recorded at its meeting: the public reads it only once the
public part of the meeting's notes is published, on every page, export, search, API list
and open-data file, by the one rule (`Access.visible_requests`). The committee's members
and officers, and whoever was asked for it, see it from the start.
(tests/test_leak_crawler.py plants such a request too, and crawls everything for it.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from committees.models import ActionNotes, SupportOfficer
from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    MeetingFactory,
    PersonFactory,
)
from tracker.roles import ROLE_OFFICERS, ROLE_OWNERS

pytestmark = pytest.mark.django_db

TEXT = "Quokka figures by ward"


@pytest.fixture
def asked(db):
    """A request from a public item of a meeting whose notes are only drafted."""
    meeting = MeetingFactory(date=dt.date(2019, 1, 16))
    ActionNotes.objects.create(meeting=meeting)  # a draft
    owner = PersonFactory(user=get_user_model().objects.create_user("asked"))
    owner.user.groups.add(Group.objects.get(name=ROLE_OWNERS))
    officer = PersonFactory(user=get_user_model().objects.create_user("keeper"))
    officer.user.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(committee=meeting.committee, person=officer, role="Officer")
    return InformationRequestFactory(
        meeting=meeting,
        agenda_item=AgendaItemFactory(meeting=meeting, title="Youth Justice"),
        text=TEXT,
        owner_person=owner,
    )


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    # The search marks the words it found: unmark them.
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def public_lists(request) -> dict[str, str]:
    """Where the public may come across a request, each as a URL."""
    year = {"slug": request.meeting.committee.slug, "year": 2018}
    return {
        "outstanding list": reverse("outstanding"),
        "outstanding CSV": reverse("outstanding") + "?export=csv",
        "agenda pack table": reverse("outstanding_print"),
        "search": reverse("search") + "?q=quokka",
        "API list": reverse("api:request-list"),
        "API outstanding": reverse("api:outstanding"),
        "API search": reverse("api:search") + "?q=quokka",
        "open data": reverse("open_data_csv", kwargs=year | {"dataset": "requests"}),
    }


def test_the_public_meets_it_nowhere_until_the_notes_are_published(client, asked):
    for where, url in public_lists(asked).items():
        assert TEXT not in _body(client.get(url)), where
    assert client.get(asked.get_absolute_url()).status_code == 404
    api_detail = reverse("api:request-detail", kwargs={"pk": asked.pk})
    assert client.get(api_detail).status_code == 404

    ActionNotes.objects.filter(meeting=asked.meeting).update(published_at=timezone.now())
    for where, url in public_lists(asked).items():
        assert TEXT in _body(client.get(url)), where
    assert TEXT in _body(client.get(asked.get_absolute_url()))
    assert TEXT in _body(client.get(api_detail))


@pytest.mark.parametrize("username", ["keeper", "asked"])
def test_the_committees_officer_and_whoever_was_asked_see_it_before(client, asked, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert TEXT in _body(client.get(asked.get_absolute_url()))
    assert TEXT in _body(client.get(reverse("outstanding")))
    assert TEXT in _body(client.get(reverse("api:request-list")))


@pytest.mark.parametrize("username", [None, "keeper", "asked", "elsewhere"])
def test_a_committees_requests_are_read_by_the_same_rule_asked_of_the_committee(asked, username):
    """`visible_requests_of` (matters arising, the dashboard's counts) leaves the database
    nothing to check for those who see all of a committee's requests, and gives everyone
    exactly the rows of `visible_requests`."""
    from django.contrib.auth.models import AnonymousUser

    from tracker.access import Access
    from tracker.models import InformationRequest

    elsewhere = PersonFactory(user=get_user_model().objects.create_user("elsewhere"))
    elsewhere.user.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(committee=MeetingFactory().committee, person=elsewhere)
    InformationRequestFactory(meeting=asked.meeting)  # not from an item, asked of nobody here
    user = get_user_model().objects.get(username=username) if username else AnonymousUser()
    access = Access(user)
    committees = [asked.meeting.committee_id]
    rows = InformationRequest.objects.filter(meeting__committee__in=committees)
    assert set(rows.filter(access.visible_requests_of(committees))) == set(
        rows.filter(access.visible_requests())
    )
    assert (access.visible_requests_of(committees) == Q()) == (username == "keeper")
