"""The outstanding list read a page at a time (what the list page and "My items" do) gives
the rows of the whole list, in its order, whatever the sort, the direction, the page size
and the filters; and a page says which of its items have an update waiting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.template.defaultfilters import truncatewords
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Person, Post
from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    InquiryFactory,
    MeetingFactory,
    PersonFactory,
    PostFactory,
    PostHoldingFactory,
    RecommendationFactory,
)
from tracker.access import Access
from tracker.models import InformationRequest, OwnerUpdate, Recommendation
from tracker.outstanding import display, selectors
from tracker.outstanding.selectors import SORTABLE, OutstandingFilters, OutstandingList

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 2, 13)
SHARED = dt.date(2019, 1, 31)  # a due date several items share: ties are broken by kind and id


@pytest.fixture
def record(db):
    """Recommendations and requests due on shared and distinct dates, some undated, some
    owned by nobody, and one request from an item taken in private."""
    inquiry = InquiryFactory(title="Children Missing from Home and Care")
    meeting = MeetingFactory(
        committee=inquiry.committee, date=dt.date(2018, 11, 14), notes_published=True
    )
    posts = [PostFactory(title=title) for title in ("Director of Education", "Assistant Director")]
    due_dates = [SHARED, None, dt.date(2018, 5, 31), SHARED, None, dt.date(2019, 6, 30)]
    for number, due in enumerate(due_dates, start=1):
        RecommendationFactory(
            inquiry=inquiry,
            code=f"R{number:02d}",
            original_due_date=due,
            owner_post=posts[number % 2] if number != 3 else None,
        )
    for number, due in enumerate([SHARED, dt.date(2018, 12, 1), SHARED, dt.date(2019, 3, 1)]):
        InformationRequestFactory(
            meeting=meeting, text=f"Figures {number}", due_date=due, owner_post=posts[number % 2]
        )
    private = AgendaItemFactory(meeting=meeting, is_exempt=True, exempt_paragraph=3)
    InformationRequestFactory(
        meeting=meeting, agenda_item=private, text="Private figures", due_date=SHARED
    )
    return inquiry


def keys(rows) -> list[tuple[str, int]]:
    return [(row["row_kind"], row["row_pk"]) for row in rows]


def paged(rows: OutstandingList, size: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for offset in range(0, rows.count() + size, size):
        found += keys(rows[offset : offset + size])
    return found


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", SORTABLE)
def test_every_page_is_a_slice_of_the_whole_list(record, column, descending):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(),
        today=TODAY,
        column=column,
        descending=descending,
    )
    whole = keys(rows.queryset())
    assert len(whole) == rows.count() == 10  # the private request is not among them
    for size in (1, 3, 4, 25):
        assert paged(rows, size) == whole, size


@pytest.mark.parametrize("descending", [False, True])
def test_undated_items_come_last_either_way_and_ties_never_straddle_pages(record, descending):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(),
        today=TODAY,
        descending=descending,
    )
    dates = [row["row_due_date"] for row in rows[0:10]]
    dated = [day for day in dates if day is not None]
    assert dates[len(dated) :] == [None, None]  # the two undated recommendations, last
    assert dated == sorted(dated, reverse=descending)
    ties = [key for key, row in zip(paged(rows, 3), rows[0:10], strict=True)
            if row["row_due_date"] == SHARED]  # fmt: skip
    assert len(ties) == len(set(ties)) == 4  # every item due on the shared date, once


def test_a_filtered_list_pages_the_same_way(record):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(overdue_on=TODAY, kind="recommendation"),
        today=TODAY,
        descending=True,
    )
    assert [row["row_reference"] for row in rows[0:25]] == ["R01", "R04", "R03"]
    assert all(row["row_overdue"] for row in rows[0:25])
    assert paged(rows, 2) == keys(rows.queryset())


@pytest.mark.parametrize("kind", ["recommendation", "request"])
def test_a_list_of_one_kind_pages_the_same_way(record, kind):
    rows = OutstandingList(
        access=Access(AnonymousUser()), filters=OutstandingFilters(kind=kind), today=TODAY
    )
    assert {row["row_kind"] for row in rows[0:25]} == {kind}
    assert paged(rows, 2) == keys(rows.queryset())


def test_filters_no_item_can_match_give_an_empty_list(record):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(kind="request", inquiry=record),  # requests have none
        today=TODAY,
    )
    assert rows.count() == 0
    assert rows[0:25] == []
    assert list(rows.queryset()) == []


def test_a_page_past_the_end_is_empty(record):
    rows = OutstandingList(
        access=Access(AnonymousUser()), filters=OutstandingFilters(), today=TODAY
    )
    assert rows[100:125] == []
    assert rows[0:0] == []


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", SORTABLE)
def test_a_page_of_any_size_costs_a_count_and_a_read(
    record, column, descending, django_assert_num_queries
):
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(),
        today=TODAY,
        column=column,
        descending=descending,
        with_pending=True,
    )
    whole = rows[0:100]  # every row, with its latest update
    for size in (1, 3, 4, 25):
        for number in range(1, -(-len(whole) // size) + 1):
            # The count, the page's rows, then the latest updates of those rows.
            with django_assert_num_queries(3):
                page = Paginator(rows, size).page(number)
            assert page.paginator.count == len(whole) == 10
            assert page.object_list == whole[(number - 1) * size : number * size]
            # Values as the ORM gives them, on every database: dates, booleans, text.
            assert all(isinstance(row["row_overdue"], bool) for row in page)
            assert all(row["row_update_status"] in {None, *OwnerUpdate.Status} for row in page)


def test_a_list_of_nothing_has_one_empty_page(record):
    nothing = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(kind="request", inquiry=record),  # requests have none
        today=TODAY,
    )
    page = Paginator(nothing, 25).get_page("2")
    assert (page.number, page.object_list) == (1, [])


def test_a_page_number_that_is_not_one_gives_the_first_and_past_the_end_the_last(record):
    rows = OutstandingList(
        access=Access(AnonymousUser()), filters=OutstandingFilters(), today=TODAY
    )
    whole = keys(rows.queryset())
    for asked, number in (("x", 1), (None, 1), ("2", 2), ("3", 3), ("99", 3)):
        page = Paginator(rows, 4).get_page(asked)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (number, 10, 3)
        assert keys(page.object_list) == whole[(number - 1) * 4 : number * 4]


def test_my_items_marks_the_items_with_an_update_waiting(client, owner_holds_r02_and_r06_post):
    owner = get_user_model().objects.get(username="owner")
    post = Post.objects.get(title="Cabinet Member for Children, Families and Schools")
    assert Person.objects.get(user=owner).post_holdings.filter(post=post).exists()
    r02 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    OwnerUpdate.objects.create(recommendation=r02, submitted_by=owner, progress_note="Drafted.")
    client.force_login(owner)
    rows = client.get(reverse("my_items")).context["page"].object_list
    waiting = {
        row["row_reference"]: row["row_update_status"] == "pending"
        for row in rows
        if row["row_kind"] == "recommendation"
    }
    assert waiting == {"R02": True, "R06": False}
    page = client.get(reverse("my_items")).content.decode()
    assert page.count("Update waiting for review") == 1


def test_my_items_links_each_row_to_its_page_and_its_update_form(
    client, owner_holds_r02_and_r06_post
):
    client.force_login(get_user_model().objects.get(username="owner"))
    response = client.get(reverse("my_items"))
    page = response.context["page"]
    assert {row["row_kind"] for row in page.object_list} == {"recommendation", "request"}
    content = response.content.decode()
    for row, shown in zip(page.object_list, page.rows, strict=True):
        pk = row["row_pk"]
        assert shown["href"] == reverse(f"{row['row_kind']}_detail", args=[pk])
        assert shown["update_href"] == reverse(f"{row['row_kind']}_update", args=[pk])
        assert f'href="{shown["update_href"]}"' in content


def test_my_items_pages_through_many_owned_items(client, owner_holds_r02_and_r06_post):
    owner = get_user_model().objects.get(username="owner")
    post = PostFactory(title="Cabinet Member for Testing")
    PostHoldingFactory(post=post, person=Person.objects.get(user=owner))
    inquiry = InquiryFactory()
    for number in range(1, 31):
        RecommendationFactory(
            inquiry=inquiry,
            code=f"R{number:02d}",
            owner_post=post,
            original_due_date=TODAY + dt.timedelta(days=number % 7),
        )
    client.force_login(owner)
    first = client.get(reverse("my_items")).context["page"]
    second = client.get(reverse("my_items"), {"page": 2}).context["page"]
    rows = first.object_list + second.object_list
    # With R02 and R06 of the demo record and the owner's three undertakings of 8 January.
    assert len(rows) == first.paginator.count == 35
    assert len({(row["row_kind"], row["row_pk"]) for row in rows}) == 35
    dates = [row["row_due_date"] for row in rows]
    dated = [day for day in dates if day is not None]
    assert dates == sorted(dated) + [None] * 3  # by due date, the undated last


def owned_keys(person: Person) -> set[tuple[str, int]]:
    """What the person owns that is outstanding, by the querysets' own rules."""
    return {
        (kind, pk)
        for kind, model in (("recommendation", Recommendation), ("request", InformationRequest))
        for pk in model.objects.outstanding().owned_by(person, TODAY).values_list("pk", flat=True)
    }


def test_my_items_are_what_each_person_owns_that_day_in_the_lists_order(record):
    """Everyone reads exactly what they own, through the posts they hold that day and no
    others, in the list's order."""
    director = Post.objects.get(title="Director of Education")
    assistant = Post.objects.get(title="Assistant Director")
    users = get_user_model().objects
    people = {role: PersonFactory(user=users.create_user(role))
              for role in ("director", "assistant", "partner", "acting")}  # fmt: skip
    PostHoldingFactory(person=people["director"], post=director)
    PostHoldingFactory(person=people["assistant"], post=assistant)
    PostHoldingFactory(person=people["acting"], post=director)
    PostHoldingFactory(person=people["acting"], post=assistant)
    # Held before and after the day only: none of its items are the partner's that day.
    former = PostFactory(title="Interim Director")
    PostHoldingFactory(person=people["partner"], post=former, end=TODAY - dt.timedelta(days=1))
    PostHoldingFactory(person=people["partner"], post=former, start=TODAY + dt.timedelta(days=1))
    RecommendationFactory(inquiry=record, code="R10", owner_post=former)
    RecommendationFactory(inquiry=record, code="R09", owner_person=people["partner"])
    # Asked of the assistant director in private business: theirs to answer, so to see.
    private = AgendaItemFactory(
        meeting=MeetingFactory(committee=record.committee), is_exempt=True, exempt_paragraph=3
    )
    InformationRequestFactory(meeting=private.meeting, agenda_item=private,
                              owner_person=people["assistant"], due_date=SHARED)  # fmt: skip
    for role, person in people.items():
        owned = owned_keys(person)
        rows = selectors.my_items(access=Access(person.user), today=TODAY)
        page = Paginator(rows, 25).page(1)
        assert page.paginator.count == len(owned) > 0, role
        assert set(keys(page)) == owned, role
        dates = [row["row_due_date"] for row in page if row["row_due_date"] is not None]
        assert dates == sorted(dates), role
        assert [row["row_overdue"] for row in page] == [
            row["row_due_date"] is not None and row["row_due_date"] < TODAY for row in page
        ], role


@pytest.mark.parametrize(
    "text", ["", "Figures", "Figures  for\nthe  committee ", "word " * 25, "word " * 26, "a …"]
)
@pytest.mark.parametrize("count", [1, 8, 25])
def test_my_items_shortens_texts_as_the_truncatewords_filter_does(text, count):
    assert display.words(text, count) == truncatewords(text, count)


def test_my_items_names_owners_and_latest_updates_without_reading_everyone(db):
    """Each row of My items shows its own owner and its own item's latest update, read for
    the page's rows alone: the page never reads the whole register of people to name the
    one who owns some of its rows."""
    owner = get_user_model().objects.create_user("acting")
    person = PersonFactory(user=owner, name="Acting Director")
    post = PostFactory(title="Director of Education")
    PostHoldingFactory(person=person, post=post)
    PersonFactory.create_batch(3)
    through_post = RecommendationFactory(owner_post=post, original_due_date=SHARED)
    directly = InformationRequestFactory(owner_person=person, due_date=TODAY)
    quiet = RecommendationFactory(owner_person=person, original_due_date=None)
    sent = dt.datetime(2019, 1, 2, 9, 0, tzinfo=dt.UTC)
    OwnerUpdate.objects.create(recommendation=through_post, submitted_by=owner,
                               progress_note="First.", status="returned",
                               review_note="Attach the plan.", submitted_at=sent)  # fmt: skip
    OwnerUpdate.objects.create(recommendation=through_post, submitted_by=owner,
                               progress_note="Second.", status="accepted",
                               submitted_at=sent + dt.timedelta(days=1))  # fmt: skip
    OwnerUpdate.objects.create(request=directly, submitted_by=owner, progress_note="Figures.")

    access = Access(owner)
    with CaptureQueriesContext(connection) as queries:
        rows = Paginator(selectors.my_items(access=access, today=TODAY), 25).page(1).object_list
    assert not any("committees_person" in query["sql"] for query in queries.captured_queries)
    shown = {(row["row_kind"], row["row_pk"]): row for row in rows}
    assert set(shown) == {
        ("recommendation", through_post.pk),
        ("request", directly.pk),
        ("recommendation", quiet.pk),
    }
    first = shown[("recommendation", through_post.pk)]
    assert (first["row_owner"], first["row_update_status"], first["row_update_note"]) == (
        "Director of Education",
        "accepted",
        "",
    )
    second = shown[("request", directly.pk)]
    assert (second["row_owner"], second["row_update_status"]) == ("Acting Director", "pending")
    third = shown[("recommendation", quiet.pk)]
    assert (third["row_owner"], third["row_update_status"]) == ("Acting Director", None)
