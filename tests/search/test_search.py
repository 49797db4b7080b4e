"""The search page: the whole record, open or closed, by kind, and exempt business as
safe as on the meeting page (tests/test_leak_crawler.py also searches for its canaries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import ActionNotes, Membership, Person, Resolution, SupportOfficer
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    PersonFactory,
    PostFactory,
    RecommendationFactory,
)
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS
from tracker.search import selectors
from tracker.search.highlight import highlighted, search_terms, snippet
from tracker.search.selectors import PER_KIND

pytestmark = pytest.mark.django_db

CANARY = "zebracanary"


def search(client, query: str, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def counts(response) -> dict[str, int]:
    return {group.kind.slug: group.count for group in response.context["results"] if group.count}


def published(meeting) -> None:
    ActionNotes.objects.create(meeting=meeting, published_at=timezone.now())


def user_on(committee, *, role: str, username: str):
    user = get_user_model().objects.create_user(username)
    user.groups.add(Group.objects.get(name=role))
    person = Person.objects.create(name=f"Person {username}", user=user)
    if role == ROLE_OFFICERS:
        SupportOfficer.objects.create(committee=committee, person=person, role="Scrutiny Officer")
    else:
        Membership.objects.create(committee=committee, person=person)
    return user


@pytest.fixture
def record():
    committee = CommitteeFactory(name="Children's Social Care O&S")
    meeting = MeetingFactory(
        committee=committee, date=dt.date(2019, 1, 16), room="Committee Room 6"
    )
    published(meeting)
    public_item = AgendaItemFactory(
        meeting=meeting, title="Youth Justice Plan", notes="The zebracrossing budget was discussed."
    )
    exempt_item = AgendaItemFactory(
        meeting=meeting,
        title="Travel Assist contract",
        is_exempt=True,
        exempt_paragraph=3,
        notes=f"The {CANARY} annex names the provider.",
    )
    Resolution.objects.create(agenda_item=exempt_item, text=f"The {CANARY} contract be ended.")
    InformationRequestFactory(
        meeting=meeting, agenda_item=exempt_item, text=f"The {CANARY} risk register."
    )
    InformationRequestFactory(
        meeting=meeting, agenda_item=public_item, text="A public breakdown of the budget."
    )
    other = CommitteeFactory(name="Housing O&S")
    return {
        "committee": committee,
        "meeting": meeting,
        "public_item": public_item,
        "exempt_item": exempt_item,
        "member": user_on(committee, role=ROLE_MEMBERS, username="member"),
        "officer": user_on(committee, role=ROLE_OFFICERS, username="officer"),
        "other_member": user_on(other, role=ROLE_MEMBERS, username="other_member"),
        "other_officer": user_on(other, role=ROLE_OFFICERS, username="other_officer"),
    }


def test_it_finds_a_closed_recommendation_a_resolution_a_person_and_a_meeting(client, record):
    inquiry = InquiryFactory(committee=record["committee"], title="Corporate Parenting")
    RecommendationFactory(
        inquiry=inquiry,
        code="R04",
        text="Every care leaver gets a named apprenticeship mentor.",
        tracking_ended_on=dt.date(2018, 10, 17),
    )
    Resolution.objects.create(
        agenda_item=record["public_item"], text="The apprenticeship offer be reported back."
    )
    PersonFactory(name="Dawn Roberts", job_title="Assistant Director, Early Help")
    PostFactory(title="Cabinet Member for Children's Wellbeing")

    found = search(client, "apprenticeship")
    assert counts(found) == {"recommendations": 1, "resolutions": 1}
    body = found.content.decode()
    assert "Corporate Parenting R04" in body and "Tracking ended" in body
    assert counts(search(client, "Roberts")) == {"people": 1}
    assert counts(search(client, "wellbeing")) == {"posts": 1}
    # A meeting by its room, by its date, by the title of an item and by its committee.
    for query in ("Room 6", "16 January 2019", "16/01/2019", "Youth Justice", "Social Care"):
        assert counts(search(client, query)).get("meetings") == 1, query


def test_it_groups_by_kind_and_pages_within_a_kind(client, record):
    meeting = record["meeting"]
    for n in range(PER_KIND + 3):
        InformationRequestFactory(meeting=meeting, text=f"Placement figures for ward {n}.")
    everything = search(client, "placement")
    (requests,) = everything.context["results"][1:2]
    assert (requests.kind.slug, requests.count) == ("requests", PER_KIND + 3)
    assert len(requests.page.object_list) == PER_KIND
    more = reverse("search") + "?q=placement&amp;kind=requests"
    assert more in everything.content.decode()

    one_kind = search(client, "placement", kind="requests")
    assert [group.kind.slug for group in one_kind.context["results"]] == ["requests"]
    assert len(one_kind.context["results"][0].page.object_list) == PER_KIND + 3


def test_the_whole_phrase_comes_first_then_the_newest(client, record):
    meeting = record["meeting"]
    older = MeetingFactory(
        committee=record["committee"], date=dt.date(2018, 6, 20), notes_published=True
    )
    InformationRequestFactory(meeting=older, text="Missing children: the return interviews.")
    InformationRequestFactory(meeting=meeting, text="Interviews of children gone missing.")
    InformationRequestFactory(meeting=older, text="Children missing education.")
    rows = search(client, "children missing", kind="requests").context["results"][0]
    found = [r.text for r in rows.page.object_list]
    if connection.vendor == "postgresql":  # ranked by SearchRank instead
        assert len(found) == 3
        return
    assert found == [
        "Children missing education.",
        "Interviews of children gone missing.",
        "Missing children: the return interviews.",
    ]


def test_matches_are_marked_and_the_record_is_escaped(client, record):
    record["public_item"].notes = "Members asked about <script>alert(1)</script> zebracrossing."
    record["public_item"].save()
    body = search(client, "zebracrossing").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<mark>zebracrossing</mark>" in body


def test_bad_input_gets_a_message(client, record):
    response = client.get(reverse("search"), {"q": "x" * 201})
    assert "Enter 200 characters or fewer" in response.content.decode()
    assert response.context["results"] == []
    response = client.get(reverse("search"), {"q": "!!!"})
    assert "Enter words or numbers to search for" in response.content.decode()
    response = client.get(reverse("search"), {"q": "budget", "kind": "everything"})
    assert "Choose what to search from the list" in response.content.decode()


@pytest.mark.parametrize("reader", [None, "other_member", "other_officer"])
def test_exempt_business_is_not_searched_for_those_not_entitled(client, record, reader):
    if reader:
        client.force_login(record[reader])
    before = search(client, "the")
    found = search(client, CANARY)
    assert found.context["total"] == 0
    body = found.content.decode()
    for exempt_text in ("names the provider", "contract be ended", "risk register"):
        assert exempt_text not in body
    # Another exempt match changes no count: the public cannot tell that it is there.
    Resolution.objects.create(agenda_item=record["exempt_item"], text="The annex be kept.")
    assert counts(search(client, "the")) == counts(before)


@pytest.mark.parametrize("reader", ["member", "officer"])
def test_the_committees_members_and_officers_find_its_exempt_business(client, record, reader):
    client.force_login(record[reader])
    found = search(client, CANARY)
    assert counts(found) == {"requests": 1, "notes": 1, "resolutions": 1}
    assert f"<mark>{CANARY}</mark> annex names the provider" in found.content.decode()


def test_notes_not_yet_published_are_searched_only_by_the_committee(client, record):
    draft = MeetingFactory(committee=record["committee"], date=dt.date(2019, 2, 13))
    item = AgendaItemFactory(meeting=draft, title="Budget", notes="The quokka pilot overran.")
    Resolution.objects.create(agenda_item=item, text="The quokka pilot be reviewed.")
    InformationRequestFactory(meeting=draft, agenda_item=item, text="The quokka pilot's costs.")
    assert counts(search(client, "quokka")) == {}
    client.force_login(record["other_member"])
    assert counts(search(client, "quokka")) == {}
    client.force_login(record["member"])
    assert counts(search(client, "quokka")) == {"notes": 1, "resolutions": 1, "requests": 1}
    published(draft)
    client.logout()
    assert counts(search(client, "quokka")) == {"notes": 1, "resolutions": 1, "requests": 1}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("reader", "expected"), [(None, 11), ("member", 16)])
def test_a_search_costs_the_same_whatever_it_finds(client, record, reader, expected):
    if reader:
        client.force_login(record[reader])
    url = reverse("search") + "?q=figures"
    InformationRequestFactory(meeting=record["meeting"], text="Figures.")
    before = _queries(client, url)
    for n in range(30):
        InformationRequestFactory(meeting=record["meeting"], text=f"More figures {n}")
        RecommendationFactory(inquiry=InquiryFactory(title=f"Figures {n}"), text="Figures.")
        AgendaItemFactory(meeting=record["meeting"], title=f"Figures {n}", notes="Figures.")
    # savepoint, 8 kinds (each its page with the count of its matches), release; for a
    # member also the session, the user with person, groups, committees supported and sat on
    # (the dashboard's and the search's one Access); the council's settings (the header)
    assert _queries(client, url) == before == expected
    assert _queries(client, url + "&kind=requests&page=2") == expected - 7  # one kind


def test_a_common_word_counts_every_match_and_ranks_the_newest(client, record, monkeypatch):
    """A word in most of a large record ranks only the most recently recorded matches (as
    many as RANKED_AT_MOST; here 3), and says so; every match is still counted."""
    monkeypatch.setattr(selectors, "RANKED_AT_MOST", 3)
    best = InformationRequestFactory(meeting=record["meeting"], text="Placement stability.")
    newest = [
        InformationRequestFactory(meeting=record["meeting"], text=f"Placement, ward {n}").pk
        for n in range(4)
    ][-3:]
    (group,) = search(client, "placement", kind="requests").context["results"]
    assert (group.count, group.page.paginator.count) == (5, 3)
    assert sorted(row.pk for row in group.page.object_list) == sorted(newest)
    assert best.pk not in newest
    page = search(client, "placement", kind="requests").content.decode()
    assert "the best of the 3 most recently recorded. Add words to find older ones." in page
    assert "5 results for" in page
    # More words find the older one.
    (group,) = search(client, "placement stability", kind="requests").context["results"]
    assert [row.pk for row in group.page.object_list] == [best.pk]
    assert "most recently recorded" not in search(client, "placement stability").content.decode()
    found = client.get(reverse("api:search"), {"q": "placement", "kind": "requests"}).json()
    assert {k: found["groups"][0][k] for k in ("count", "ranked", "pages")} == {
        "count": 5,
        "ranked": 3,
        "pages": 1,
    }
    # The kind with more matches than are ranked is counted once more; no other is.
    url = reverse("search") + "?q=placement&kind=requests"
    ranked_in_full = _queries(client, reverse("search") + "?q=stability&kind=requests")
    assert _queries(client, url) == ranked_in_full + 1


def test_a_page_past_the_last_shows_the_last(client, record):
    for n in range(PER_KIND + 1):
        InformationRequestFactory(meeting=record["meeting"], text=f"Waiting list {n}.")
    page = search(client, "waiting", kind="requests", page="99").context["results"][0].page
    assert (page.number, page.paginator.count, len(page.object_list)) == (1, PER_KIND + 1, 6)
    assert search(client, "waiting", kind="requests", page="x").context["results"][0].count == 6


def test_marking_splits_on_the_words_whatever_their_case_and_cuts_long_texts():
    terms = search_terms('"Budget" (R0*')
    assert terms == ["Budget", "R0"]
    parts = highlighted("The budget for R01 and R02.", terms)
    assert [(p.text, p.matched) for p in parts if p.matched] == [
        ("budget", True),
        ("R0", True),
        ("R0", True),
    ]
    assert "".join(p.text for p in parts) == "The budget for R01 and R02."
    long = " ".join(["word"] * 200 + ["budget"] + ["word"] * 200)
    cut = snippet(long, ["budget"])
    assert cut.startswith("… ") and cut.endswith(" …") and "budget" in cut and len(cut) < 260
