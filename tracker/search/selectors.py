"""What a search finds: each kind of record, only as far as the reader may see it.

Every kind is filtered by the rule its pages apply (`tracker.access`) before it is
matched, counted or ranked, so nothing a reader may not see can change a count, a rank or
a snippet. On PostgreSQL the match is full-text search (English stemming, ranked by
`SearchRank`, helped by the GIN indexes of migrations committees 0012 and tracker 0018);
elsewhere every word must appear in one of the fields, the whole phrase first, then the
newest.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)

from committees.models import AgendaItem, Committee, Meeting, Person, Post, Resolution

from ..access import Access
from ..models import InformationRequest, Inquiry, Recommendation
from .highlight import search_terms

CONFIG = "english"
PER_KIND = 5  # on the page of every kind
PER_PAGE = 20  # on the page of one kind


@dataclass(frozen=True)
class Kind:
    slug: str
    heading: str
    fields: tuple[str, ...]  # what is searched, in the row's own table
    order: tuple  # after the rank: newest first
    rows: Callable[[Access], QuerySet]
    also: Callable[[Access, str], Q] | None = None  # other ways to match, by the query


def _recommendations(access: Access) -> QuerySet:
    # Recommendations are reported to full Council: all are public, open or closed.
    return Recommendation.objects.select_related(
        "inquiry", "current_assessment", "owner_post", "owner_person"
    )


def _requests(access: Access) -> QuerySet:
    return InformationRequest.objects.filter(access.visible_requests()).select_related(
        "meeting__committee", "owner_post", "owner_person"
    )


def _notes(access: Access) -> QuerySet:
    return (
        AgendaItem.objects.exclude(notes="")
        .filter(access.visible_item_records())
        .select_related("meeting__committee")
    )


def _resolutions(access: Access) -> QuerySet:
    return Resolution.objects.filter(access.visible_item_records("agenda_item__")).select_related(
        "agenda_item__meeting__committee"
    )


def _meetings(access: Access) -> QuerySet:
    return Meeting.objects.select_related("committee")


def _meeting_also(access: Access, query: str) -> Q:
    """A meeting is found by its committee's name, by its date, or by the title of an item
    the reader may see.

    The items and committees that match are found first, each through its own index, and
    the meetings by their ids: not a search of every meeting's items, meeting by meeting.
    """
    items = AgendaItem.objects.filter(access.visible_item_titles())
    found = Q(pk__in=_matching(items, ("title",), query, ranked=False).values("meeting_id"))
    found |= Q(committee__in=_matching(Committee.objects.all(), ("name",), query, ranked=False))
    if (day := _date(query)) is not None:
        found |= Q(date=day)
    return found


def _people(access: Access) -> QuerySet:
    return Person.objects.all()


def _posts(access: Access) -> QuerySet:
    return Post.objects.all()


def _inquiries(access: Access) -> QuerySet:
    return Inquiry.objects.select_related("committee")


def _newest(field: str):
    return F(field).desc(nulls_last=True)


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "recommendations",
            "Recommendations",
            ("code", "text", "responsibility"),
            (_newest("inquiry__reported_to_council_on"), "inquiry__title", "code"),
            _recommendations,
        ),
        Kind(
            "requests",
            "Information requests and actions",
            ("text", "provided_how"),
            (_newest("meeting__date"), "pk"),
            _requests,
        ),
        Kind(
            "notes",
            "Action notes",
            ("notes",),
            (_newest("meeting__date"), "number"),
            _notes,
        ),
        Kind(
            "resolutions",
            "Resolutions",
            ("text",),
            (_newest("agenda_item__meeting__date"), "agenda_item__number", "order"),
            _resolutions,
        ),
        Kind(
            "meetings",
            "Meetings",
            ("room",),
            (_newest("date"), "pk"),
            _meetings,
            _meeting_also,
        ),
        Kind(
            "people",
            "People",
            ("name", "other_spellings", "job_title", "organisation"),
            ("name",),
            _people,
        ),
        Kind("posts", "Posts", ("title", "former_titles", "organisation"), ("title",), _posts),
        Kind(
            "inquiries",
            "Inquiries",
            ("title", "summary"),
            (_newest("reported_to_council_on"), "title"),
            _inquiries,
        ),
    )
}


@dataclass(frozen=True)
class KindResults:
    kind: Kind
    page: Page

    @property
    def count(self) -> int:
        return self.page.paginator.count


def record_search(
    *, query: str, access: Access, kind: str = "", page: int | str = 1
) -> list[KindResults]:
    """The record's matches for `query` that `access` may see, by kind, best first.

    With `kind`, one page of that kind (PER_PAGE); without, the first PER_KIND of each.
    One query a kind (its page, with the count of its matches) whatever they number.
    """
    if not search_terms(query):
        return []
    kinds = [KINDS[kind]] if kind in KINDS else list(KINDS.values())
    per_page = PER_PAGE if kind in KINDS else PER_KIND
    number = _page_number(page) if kind in KINDS else 1
    results = []
    for each in kinds:
        rows = _matching(each.rows(access), each.fields, query, also=each.also, access=access)
        rows = rows.order_by(F("search_rank").desc(), *each.order)
        results.append(KindResults(each, _page(rows, number, per_page)))
    return results


def _page_number(page: int | str) -> int:
    try:
        return max(1, int(page))
    except (TypeError, ValueError):
        return 1


def _page(rows: QuerySet, number: int, per_page: int) -> Page:
    """One page of `rows` and how many there are, read in one query (a window count)."""
    paginator = Paginator(rows, per_page)
    counted = rows.annotate(found_total=Window(Count("pk")))
    found = list(counted[(number - 1) * per_page : number * per_page])
    if found:
        total = found[0].found_total
    else:
        total = rows.count() if number > 1 else 0
        if total:  # a page past the last (a link kept from before): show the last one
            number = -(-total // per_page)
            found = list(counted[(number - 1) * per_page : number * per_page])
    # The paginator takes the count read with the rows instead of asking again.
    paginator.count = total
    return Page(found, number, paginator)


def _matching(
    rows: QuerySet,
    fields: tuple[str, ...],
    query: str,
    *,
    ranked: bool = True,
    also: Callable[[Access, str], Q] | None = None,
    access: Access | None = None,
) -> QuerySet:
    """`rows` that match `query` in `fields` (or by `also`), with their `search_rank`."""
    if connections[rows.db].vendor == "postgresql":
        search = SearchQuery(query, config=CONFIG, search_type="websearch")
        rows = rows.alias(search_vector=SearchVector(*fields, config=CONFIG))
        found = Q(search_vector=search)
        rank = SearchRank(F("search_vector"), search)
    else:
        terms = search_terms(query)
        found = reduce(operator.and_, (_in_any(fields, term) for term in terms))
        phrase = " ".join(query.split())
        rank = Case(
            When(_in_any(fields, phrase), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if also is not None and access is not None:
        found |= also(access, query)
    rows = rows.filter(found)
    return rows.annotate(search_rank=rank) if ranked else rows


def _in_any(fields: tuple[str, ...], text: str) -> Q:
    return reduce(operator.or_, (Q(**{f"{field}__icontains": text}) for field in fields))


DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d")


def _date(query: str) -> dt.date | None:
    text = " ".join(query.split())
    for format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, format).date()
        except ValueError:
            continue
    return None
