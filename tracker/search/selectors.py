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
# The most recently recorded matches of a kind that are ranked and paged. Every match is
# counted; ranking them all would read every row a common word is in (hundreds of
# thousands in a large council's record) to show the best twenty. More words narrow it.
RANKED_AT_MOST = 1000


@dataclass(frozen=True)
class Kind:
    slug: str
    heading: str
    fields: tuple[str, ...]  # what is searched, in the row's own table
    order: tuple  # after the rank: newest first
    visible: Callable[[Access], QuerySet]  # the rows the reader may see
    related: tuple[str, ...] = ()  # what a result shows beside the row
    # The ids of more rows found other ways than by their fields, by the query.
    also: Callable[[Access, str], list[QuerySet]] | None = None


def _recommendations(access: Access) -> QuerySet:
    # Recommendations are reported to full Council: all are public, open or closed.
    return Recommendation.objects.all()


def _requests(access: Access) -> QuerySet:
    return InformationRequest.objects.filter(access.visible_requests())


def _notes(access: Access) -> QuerySet:
    return AgendaItem.objects.exclude(notes="").filter(access.visible_item_records())


def _resolutions(access: Access) -> QuerySet:
    return Resolution.objects.filter(access.visible_item_records("agenda_item__"))


def _meetings(access: Access) -> QuerySet:
    return Meeting.objects.all()


def _meeting_also(access: Access, query: str) -> list[QuerySet]:
    """The ids of meetings found by their committee's name, by their date, or by the title
    of an item the reader may see.

    Each is read through its own index, and the meetings by their ids: not a search of
    every meeting's items and committee, meeting by meeting.
    """
    items = AgendaItem.objects.filter(access.visible_item_titles())
    committees = _matching(Committee.objects.all(), ("name",), query)
    found = [
        _matching(items, ("title",), query).order_by().values("meeting_id"),
        Meeting.objects.filter(committee__in=committees).order_by().values("pk"),
    ]
    if (day := _date(query)) is not None:
        found.append(Meeting.objects.filter(date=day).order_by().values("pk"))
    return found


def _people(access: Access) -> QuerySet:
    return Person.objects.all()


def _posts(access: Access) -> QuerySet:
    return Post.objects.all()


def _inquiries(access: Access) -> QuerySet:
    return Inquiry.objects.all()


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
            ("inquiry", "current_assessment", "owner_post", "owner_person"),
        ),
        Kind(
            "requests",
            "Information requests and actions",
            ("text", "provided_how"),
            (_newest("meeting__date"), "pk"),
            _requests,
            ("meeting__committee", "owner_post", "owner_person"),
        ),
        Kind(
            "notes",
            "Action notes",
            ("notes",),
            (_newest("meeting__date"), "number"),
            _notes,
            ("meeting__committee",),
        ),
        Kind(
            "resolutions",
            "Resolutions",
            ("text",),
            (_newest("agenda_item__meeting__date"), "agenda_item__number", "order"),
            _resolutions,
            ("agenda_item__meeting__committee",),
        ),
        Kind(
            "meetings",
            "Meetings",
            ("room",),
            (_newest("date"), "pk"),
            _meetings,
            ("committee",),
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
            ("committee",),
        ),
    )
}


@dataclass(frozen=True)
class KindResults:
    kind: Kind
    page: Page  # of the ranked matches
    count: int  # every match the reader may see

    @property
    def ranked_only_newest(self) -> bool:
        """Whether there are more matches than are ranked (the newest RANKED_AT_MOST)."""
        return self.count > RANKED_AT_MOST


def record_search(
    *, query: str, access: Access, kind: str = "", page: int | str = 1
) -> list[KindResults]:
    """The record's matches for `query` that `access` may see, by kind, best first.

    With `kind`, one page of that kind (PER_PAGE); without, the first PER_KIND of each.
    The most recently recorded RANKED_AT_MOST matches of a kind are ranked; all are
    counted. One query a kind (its page, with the count of its matches), and one more for
    a kind with more matches than are ranked, whatever they number.
    """
    if not search_terms(query):
        return []
    kinds = [KINDS[kind]] if kind in KINDS else list(KINDS.values())
    per_page = PER_PAGE if kind in KINDS else PER_KIND
    number = _page_number(page) if kind in KINDS else 1
    results = []
    for each in kinds:
        found = _matching(each.visible(access), each.fields, query, also=each.also, access=access)
        newest = found.order_by("-pk").values("pk")[:RANKED_AT_MOST]
        rows = (
            _ranked(found.model.objects.filter(pk__in=newest), each.fields, query)
            .select_related(*each.related)
            .order_by(F("search_rank").desc(), *each.order)
        )
        page = _page(rows, number, per_page)
        # Only when there are more matches than are ranked are they counted again.
        ranked = page.paginator.count
        results.append(
            KindResults(each, page, found.count() if ranked == RANKED_AT_MOST else ranked)
        )
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
    also: Callable[[Access, str], list[QuerySet]] | None = None,
    access: Access | None = None,
) -> QuerySet:
    """`rows` that match `query` in `fields`, or are found by `also`."""
    if _full_text(rows):
        vector = SearchVector(*fields, config=CONFIG)
        found = rows.alias(search_vector=vector).filter(search_vector=_search_query(query))
    else:
        terms = search_terms(query)
        found = rows.filter(reduce(operator.and_, (_in_any(fields, term) for term in terms)))
    if also is None or access is None:
        return found
    # One set of ids (a UNION), so that each way of finding them uses its own index.
    return rows.filter(pk__in=found.order_by().values("pk").union(*also(access, query)))


def _ranked(rows: QuerySet, fields: tuple[str, ...], query: str) -> QuerySet:
    """`rows` with their `search_rank` for `query`: full-text rank on PostgreSQL; elsewhere
    1 where the whole phrase is in one of the fields."""
    if _full_text(rows):
        vector = SearchVector(*fields, config=CONFIG)
        return rows.annotate(search_rank=SearchRank(vector, _search_query(query)))
    phrase = " ".join(query.split())
    rank = Case(
        When(_in_any(fields, phrase), then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return rows.annotate(search_rank=rank)


def _full_text(rows: QuerySet) -> bool:
    return connections[rows.db].vendor == "postgresql"


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config=CONFIG, search_type="websearch")


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
