"""Reads that are more than a filter: the outstanding list, an item's timeline, dashboards."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from committees.models import AgendaItem, Committee, Meeting, Person, Post, posts_held

from .access import Access
from .models import (
    AssessmentCategory,
    CalendarLink,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
    Reminder,
    owner_q,
)
from .prepared import Compiled, Slot

KIND_RECOMMENDATION = "recommendation"
KIND_REQUEST = "request"


@dataclass(frozen=True)
class OutstandingFilters:
    """What a user narrowed the outstanding list to. Empty means no narrowing."""

    committee: Committee | None = None
    inquiry: Inquiry | None = None
    meeting: Meeting | None = None
    kind: str = ""
    owner_post: Post | None = None
    owner_person: Person | None = None  # owned by them, directly or through their posts
    assessment: AssessmentCategory | None = None
    overdue_on: dt.date | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    text: str = ""
    # The signed-in user's own items ("My items"): what a user owns they may see, so no
    # other access rule applies to these.
    mine: Holder | None = None


@dataclass(frozen=True)
class Holder:
    """Whoever owns items directly or through the posts they hold, by their ids (or the
    slots of a compiled query: `tracker.prepared`)."""

    person: Any
    posts: tuple[Any, ...] = ()


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _owner(post: Any = "owner_post__title", person: Any = "owner_person__name") -> Coalesce:
    """Who owns an item, as the list shows it: the post, or else the person, or else the
    responsibility as written."""
    return Coalesce(post, person, NullIf("responsibility", _text("")), output_field=CharField())


def _each_row(model: type[Model], key: str, column: str) -> Subquery:
    """`column` of the `model` row that `key` points to, read for each row: for a page's
    few rows, where a join may read the whole table (every post and person) to join them."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(column))


def _page_lookups(kind: str) -> dict[str, Any]:
    """The columns a page reads row by row (see `_each_row`), for one kind of item: its
    owner and where it comes from (an inquiry, or a meeting and its item)."""
    owner = _owner(
        _each_row(Post, "owner_post_id", "title"), _each_row(Person, "owner_person_id", "name")
    )
    if kind == KIND_RECOMMENDATION:
        return {
            "owner": owner,
            "source": _each_row(Inquiry, "inquiry_id", "title"),
            "source_date": _each_row(Inquiry, "inquiry_id", "reported_to_council_on"),
        }
    return {
        "owner": owner,
        "source": Coalesce(_each_row(AgendaItem, "agenda_item_id", "title"), _text("")),
        "source_date": _each_row(Meeting, "meeting_id", "date"),
    }


# The columns of the combined list. Each is an annotation with its own alias ("row_..."),
# so that the UNION's ORDER BY can name it on every database.
COLUMNS = (
    "kind",
    "pk",
    "committee",
    "source",
    "source_date",
    "reference",
    "text",
    "text_known",
    "owner",
    "due_date",
    "due_month_only",
    "overdue",
    "status",
    "next_tracking_date",
)
# What "My items" shows of a row: no committee, status or next tracking date, and so none
# of the joins that read them.
MY_ITEM_COLUMNS = tuple(
    name for name in COLUMNS if name not in ("committee", "status", "next_tracking_date")
)
SORTABLE = ("due_date", "reference", "committee", "owner", "source")


def _narrow(rows: QuerySet, filters: OutstandingFilters) -> QuerySet:
    """The filters both kinds of item share, through their querysets' own definitions."""
    if filters.owner_person:
        rows = rows.owned_by(filters.owner_person, timezone.localdate())
    if filters.mine is not None:
        rows = rows.filter(owner_q(filters.mine.person, filters.mine.posts))
    if filters.overdue_on:
        rows = rows.overdue(filters.overdue_on)
    if filters.due_from:
        rows = rows.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        rows = rows.filter(due_date__lte=filters.due_to)
    if filters.owner_post:
        rows = rows.filter(owner_post=filters.owner_post)
    return rows


def _columns(kind: str, queryset: QuerySet, today: dt.date) -> dict[str, Any]:
    """The list's columns (see COLUMNS) for one kind of item, as expressions on its model.

    Defined once, for the pages, the exports and the documents alike.
    """
    if kind == KIND_RECOMMENDATION:
        columns: dict[str, Any] = {
            "kind": _text(KIND_RECOMMENDATION),
            "pk": F("pk"),
            "committee": F("inquiry__committee__name"),
            "source": F("inquiry__title"),
            "source_date": F("inquiry__reported_to_council_on"),
            "reference": F("code"),
            "text": F("text"),
            "text_known": F("text_known"),
            "owner": _owner(),
            "due_date": F("due_date"),
            "due_month_only": F("due_month_only"),
            "status": Coalesce("current_assessment__label", _text("Not yet assessed")),
            "next_tracking_date": F("next_tracking_date"),
        }
    else:
        columns = {
            "kind": _text(KIND_REQUEST),
            "pk": F("pk"),
            "committee": F("meeting__committee__name"),
            "source": Coalesce("agenda_item__title", _text("")),
            "source_date": F("meeting__date"),
            "reference": _text(""),
            "text": F("text"),
            "text_known": Value(True),
            "owner": _owner(),
            "due_date": F("due_date"),
            "due_month_only": Value(False),
            "status": _text("Awaiting information"),
            "next_tracking_date": Value(None, output_field=DateField()),
        }
    columns["overdue"] = Case(
        When(queryset.past_due(today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return columns


def _as_rows(queryset: QuerySet, columns: dict[str, Any], names: Iterable[str]) -> QuerySet:
    """The queryset as dicts of the named columns, each aliased "row_<name>"."""
    aliased = {f"row_{name}": columns[name] for name in names}
    # No ORDER BY inside a UNION's parts: the combined rows are ordered once, at the end.
    return queryset.order_by().annotate(**aliased).values(*aliased)


def _union(parts: list[QuerySet]) -> QuerySet:
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _recommendation_base(filters: OutstandingFilters) -> QuerySet | None:
    if filters.kind == KIND_REQUEST or filters.meeting:
        return None
    rows = _narrow(Recommendation.objects.outstanding(), filters)
    if filters.committee:
        rows = rows.filter(inquiry__committee=filters.committee)
    if filters.inquiry:
        rows = rows.filter(inquiry=filters.inquiry)
    if filters.assessment:
        rows = rows.filter(current_assessment=filters.assessment)
    if filters.text:
        rows = rows.filter(
            Q(text__icontains=filters.text)
            | Q(code__iexact=filters.text)
            | Q(responsibility__icontains=filters.text)
            | Q(inquiry__title__icontains=filters.text)
        )
    return rows


def _request_base(filters: OutstandingFilters, access: Access) -> QuerySet | None:
    if filters.kind == KIND_RECOMMENDATION or filters.inquiry or filters.assessment:
        return None
    rows = _narrow(InformationRequest.objects.outstanding(), filters)
    if filters.mine is None and (
        filters.owner_person is None or filters.owner_person != access.person
    ):
        # What a user owns they may see (`visible_requests` includes it): their own
        # items need no other rule, nor the reads that work out whose exempt business
        # they may see.
        rows = rows.filter(access.visible_requests())
    if filters.committee:
        rows = rows.filter(meeting__committee=filters.committee)
    if filters.meeting:
        rows = rows.filter(meeting=filters.meeting)
    if filters.text:
        rows = rows.filter(
            Q(text__icontains=filters.text)
            | Q(responsibility__icontains=filters.text)
            | Q(agenda_item__title__icontains=filters.text)
        )
    return rows


def _bases(access: Access, filters: OutstandingFilters) -> list[tuple[str, QuerySet]]:
    """Each kind of item the filters leave in, with the rows of it the user may see."""
    bases = [
        (kind, rows)
        for kind, rows in (
            (KIND_RECOMMENDATION, _recommendation_base(filters)),
            (KIND_REQUEST, _request_base(filters, access)),
        )
        if rows is not None
    ]
    # Filters no item can match (a meeting's requests of an inquiry): an empty list.
    return bases or [(KIND_RECOMMENDATION, Recommendation.objects.none())]


@dataclass(frozen=True)
class OutstandingList:
    """The outstanding list as one user sees it, sorted by one column.

    Every page costs two queries whatever the number of rows, and neither reads more than
    it must:

    - `count()` counts the rows without the joins that only display them;
    - a page (`rows[50:75]`) is read "late": the page's keys (kind, id and the sort
      column) are chosen from lean rows first, where on PostgreSQL each part gives only
      its first 75 rows (read along its due-date index when sorted by due date), and
      only the rows of the page are then joined to their display columns. All of it is
      one query.

    `queryset()` is every row with its display columns, in the same order (for exports
    and documents).
    """

    access: Access
    filters: OutstandingFilters
    today: dt.date
    column: str = "due_date"
    descending: bool = False
    # Each row of a page also says whether an owner's update on it waits for review.
    with_pending: bool = False
    # The columns a page reads (of COLUMNS); the sort column is read whatever they are.
    page_columns: tuple[str, ...] = COLUMNS

    def __post_init__(self) -> None:
        if self.column not in SORTABLE:
            object.__setattr__(self, "column", "due_date")

    def ordered_by(self, column: str, *, descending: bool) -> OutstandingList:
        return replace(self, column=column, descending=descending)

    def count(self) -> int:
        """How many rows the list has, counted without the joins that only display them."""
        return _count(self._bases())

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("An outstanding list is read a page (a slice) at a time.")
        start = key.start or 0
        if key.stop is None:
            return list(self.queryset()[start:])
        return self.page(start, max(0, key.stop - start))

    def page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """`limit` rows from `offset`, with their display columns: one query."""
        if limit == 0:
            return []
        keys = self._keys(depth=offset + limit)[offset : offset + limit]
        try:
            sql, params = keys.query.sql_with_params()
        except EmptyResultSet:  # filters no item can match
            return []
        quote_name = connection.ops.quote_name
        chosen = (
            f"SELECT {quote_name('row_pk')} FROM ({sql}) AS page "
            f"WHERE {quote_name('row_kind')} = %s"
        )
        parts = []
        for kind, base in self._bases():
            rows = base.model._default_manager.filter(
                pk__in=RawSQL(chosen, (*params, kind), output_field=BigIntegerField())
            )
            cells = self._page_cells(kind, _columns(kind, rows, self.today))
            parts.append(_as_rows(rows, cells, cells))
        return list(self._order(_union(parts)))

    def counted_page(self, offset: int, limit: int) -> tuple[list[dict[str, Any]], int | None]:
        """`limit` rows from `offset` and how many rows the list has, in one query.

        For a short list, such as what one person owns (hundreds of rows, not a council's
        hundreds of thousands): the query joins every row of the list, counts them as it
        sorts them (`COUNT(*) OVER ()`) and cuts the page, as a hand-written query would.
        A long list reads a page late instead (`page()` and `count()`). The count is
        None for a page past the end, where there is no row to carry it.
        """
        try:
            compiled, values = self.counted_query(offset, limit)
        except EmptyResultSet:  # filters no item can match
            return [], 0
        rows = compiled.rows(values)
        if not rows:  # an empty list, or a page past its end
            return [], 0 if offset == 0 else None
        total = rows[0].pop("row_total")
        for row in rows[1:]:
            del row["row_total"]
        return rows, total

    def counted_query(self, offset: int, limit: int) -> tuple[Compiled, dict[str, Any]]:
        """The SQL of `counted_page()` and the values it runs with. Someone's own items
        (`mine`) are compiled once for their shape (`_shape`) and given their values."""
        shape = self._shape()
        compiled = _counted_query(self) if shape is None else _compiled_counted_query(shape)
        values = {"limit": limit, "offset": offset}
        if shape is not None:
            mine = self.filters.mine
            values.update(today=self.today, person=mine.person)
            values.update((f"post{i}", post) for i, post in enumerate(mine.posts))
        return compiled, values

    def paginate(self, number: Any, per_page: int) -> Page:
        """The page the user asked for (the first if `number` is not a page number, the
        last if it is past the end), its rows and the count read by `counted_page()`: one
        query for a page that exists."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        rows, total = self.counted_page((number - 1) * per_page, per_page)
        if total is None:  # past the end: count, then read the last page
            total = self.count()
        last = max(1, -(-total // per_page))
        if number > last:
            number = last
            rows, _ = self.counted_page((number - 1) * per_page, per_page)
        return Paginator(_ReadPage(rows, total), per_page).page(number)

    def _shape(self) -> tuple[Any, ...] | None:
        """What the SQL of `counted_page()` depends on besides its values, for a list
        whose only values are the day and whose items they are (`mine`): their SQL is
        compiled once for each shape. None for any other list."""
        mine = self.filters.mine
        if mine is None or replace(self.filters, mine=None) != OutstandingFilters():
            return None
        return (
            connection.alias, len(mine.posts), self.column, self.descending,
            self.with_pending, self.page_columns,
        )  # fmt: skip

    def _page_cells(self, kind: str, columns: dict[str, Any]) -> dict[str, Any]:
        """A page's columns: the list's (its owner and source read for each row:
        `_page_lookups`), and whether an update waits (`with_pending`)."""
        lookups = _page_lookups(kind)
        cells = {name: lookups.get(name, columns[name]) for name in self.page_columns}
        if self.with_pending:
            cells["pending"] = Exists(
                OwnerUpdate.objects.filter(
                    **{kind: OuterRef("pk")}, status=OwnerUpdate.Status.PENDING
                )
            )
        return cells

    def queryset(self) -> QuerySet:
        """Every row with its display columns, in this order: one UNION query."""
        return self.union(lambda kind, columns: {name: columns[name] for name in COLUMNS})

    def union(self, cells: Callable[[str, dict[str, Any]], dict[str, Any]]) -> QuerySet:
        """Every row as the columns `cells` makes of each kind's display columns, then
        the sort keys, in this order. Each column `name` is aliased "row_<name>".

        `order_sql()` is the same order, for a query that selects from this one.
        """
        parts = []
        for kind, base in self._bases():
            columns = _columns(kind, base, self.today)
            made = cells(kind, columns)
            keys = {name: columns[name] for name in self._key_names() if name not in made}
            parts.append(_as_rows(base, {**made, **keys}, [*made, *keys]))
        return self._order(_union(parts))

    def order_sql(self) -> str:
        """This list's order over the "row_" columns of `union()`, as SQL."""
        quote_name = connection.ops.quote_name
        return ", ".join(
            f"{quote_name(f'row_{name}')} {'DESC' if desc else 'ASC'}"
            + (" NULLS LAST" if empty_last else "")
            for name, desc, empty_last in _order_keys(self.column, self.descending)
        )

    # -- how it is read

    @cached_property
    def _base_querysets(self) -> list[tuple[str, QuerySet]]:
        return _bases(self.access, self.filters)

    def _bases(self) -> list[tuple[str, QuerySet]]:
        return self._base_querysets

    def _key_names(self) -> list[str]:
        return list(dict.fromkeys((self.column, "kind", "pk")))

    def _order(self, rows: QuerySet) -> QuerySet:
        return order_outstanding(rows, self.column, descending=self.descending)

    def _keys(self, depth: int) -> QuerySet:
        """The lean rows (kind, id, sort column) in order. Where the database allows an
        ORDER BY and LIMIT in each part of a UNION, each part gives only its first
        `depth` rows, so an index on the sort column is read for those rows alone. (A
        single part needs no more than the order and the slice of the page itself.)"""
        parts = [
            (_as_rows(rows, _columns(kind, base, self.today), self._key_names()), has_nulls)
            for kind, base in self._bases()
            for rows, has_nulls in self._parts(base)
        ]
        if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
            parts = [
                (lean.order_by(self._part_key(has_nulls), "row_pk")[:depth], has_nulls)
                for lean, has_nulls in parts
            ]
        return self._order(_union([lean for lean, _ in parts]))

    def _parts(self, base: QuerySet) -> list[tuple[QuerySet, bool]]:
        """The parts a kind is read in, each saying whether its sort column has nulls.

        A due date may be empty: undated items come last in both directions, but an
        index read backwards (for the latest first) gives nulls first. Read apart, dated
        items follow the index either way and the undated ones come after them.
        """
        if self.column != "due_date":
            return [(base, True)]
        if not self.descending or not base.model._meta.get_field("due_date").null:
            return [(base, False)]
        return [
            (base.filter(due_date__isnull=False), False),
            (base.filter(due_date__isnull=True), True),
        ]

    def _part_key(self, has_nulls: bool) -> OrderBy:
        key = F(f"row_{self.column}")
        if self.descending and not has_nulls:
            return key.desc()  # the same order without nulls, and an index's order backwards
        return key.desc(nulls_last=True) if self.descending else key.asc(nulls_last=True)


@dataclass(frozen=True)
class _ReadPage:
    """A page already read and the count of its list: what a Paginator asks of its list."""

    rows: list[dict[str, Any]]
    total: int

    def count(self) -> int:
        return self.total

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        return self.rows  # the page the Paginator asks for is the one read


def _counted_query(rows: OutstandingList) -> Compiled:
    """The SQL of `rows.counted_page()`: the page, and the count as a column of each row."""
    union = rows.union(rows._page_cells).order_by()
    compiler = union.query.get_compiler(using=union.db)
    sql, params = compiler.as_sql()
    quote_name = compiler.connection.ops.quote_name
    query = (
        f"SELECT *, COUNT(*) OVER () AS {quote_name('row_total')} FROM ({sql}) AS rows "
        f"ORDER BY {rows.order_sql()} LIMIT %s OFFSET %s"
    )
    return Compiled(query, (*params, Slot("limit"), Slot("offset")), compiler)


@functools.lru_cache(maxsize=64)
def _compiled_counted_query(shape: tuple[Any, ...]) -> Compiled:
    """`_counted_query()` of a list of someone's own items (see `OutstandingList._shape`),
    compiled with slots for the day, the person and their posts: one SQL for everyone
    holding as many posts.

    The posts are values of their own, read first (`_posts_held`): inside the query, as
    an array its plan cannot know the length of, PostgreSQL's one plan for every person
    expects ten posts' items and reads a whole index of outstanding items to narrow
    them (3 ms at 1,000,000 items, where the page takes 1)."""
    _, posts, column, descending, with_pending, page_columns = shape
    mine = Holder(Slot("person"), tuple(Slot(f"post{i}") for i in range(posts)))
    return _counted_query(
        OutstandingList(
            access=Access(AnonymousUser()),  # no access rule applies to one's own items
            filters=OutstandingFilters(mine=mine),
            today=Slot("today", DateField()),
            column=column,
            descending=descending,
            with_pending=with_pending,
            page_columns=page_columns,
        )
    )


def outstanding_items(*, access: Access, filters: OutstandingFilters, today: dt.date) -> QuerySet:
    """Every open recommendation and request the user may see, as one list of dicts.

    One UNION query (see COLUMNS), ordered by due date. Requests from exempt items appear
    only to those entitled to them. Pages read through `OutstandingList` instead.
    """
    return OutstandingList(access=access, filters=filters, today=today).queryset()


def _count(bases: list[tuple[str, QuerySet]]) -> int:
    return _union([rows.order_by().values("pk") for _, rows in bases]).count()


def my_items(
    *, access: Access, today: dt.date
) -> tuple[OutstandingList, OutstandingFilters] | None:
    """What the user owns, directly or through the posts they hold: overdue first, then by
    due date. The outstanding list restricted to them, so it pages the same way.

    Overdue first is what the due date order already gives: every item still open is
    overdue exactly when it fell due before today, so ascending due dates put all the
    overdue items first (oldest first), then the rest, then the undated.
    """
    if access.person is None:
        return None
    posts = _posts_held(access.person.pk, today)
    filters = OutstandingFilters(mine=Holder(access.person.pk, posts))
    rows = OutstandingList(
        access=access,
        filters=filters,
        today=today,
        with_pending=True,
        page_columns=MY_ITEM_COLUMNS,
    )
    return rows, filters


def _posts_held(person: int, day: dt.date) -> tuple[int, ...]:
    """The ids of the posts the person holds on the day (`posts_held`), read on every
    visit to "My items": with a query compiled once (on PostgreSQL, a prepared statement)."""
    rows = _compiled_posts_held(connection.alias).rows({"person": person, "day": day})
    return tuple(row["post_id"] for row in rows)


@functools.lru_cache(maxsize=8)
def _compiled_posts_held(alias: str) -> Compiled:
    return Compiled.of(posts_held(Slot("person"), Slot("day", DateField())).using(alias))


def _order_keys(column: str, descending: bool) -> list[tuple[str, bool, bool]]:
    """The list's order as (column, descending, empty last): by a column, undated (or
    empty) last; ties by kind and id so that pages never overlap."""
    column = column if column in SORTABLE else "due_date"
    return [(column, descending, True), ("kind", False, False), ("pk", False, False)]


def order_outstanding(rows: QuerySet, column: str, *, descending: bool) -> QuerySet:
    """Sort the rows (of a UNION of the list's columns) in the list's order."""
    keys = []
    for name, desc, empty_last in _order_keys(column, descending):
        key = F(f"row_{name}")
        keys.append(
            key.desc(nulls_last=empty_last or None)
            if desc
            else key.asc(nulls_last=empty_last or None)
        )
    return rows.order_by(*keys)


@dataclass
class TimelineEntry:
    when: Any
    who: str
    title: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""


def _describe(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def item_timeline(item: Recommendation | InformationRequest) -> list[TimelineEntry]:
    """Every recorded change to the item and its rounds, revisions and updates, newest first."""
    histories: list[Any] = list(item.history.select_related("history_user"))
    link = "recommendation" if isinstance(item, Recommendation) else "request"
    related = [OwnerUpdate.history.filter(**{link: item.pk})]
    if isinstance(item, Recommendation):
        related += [
            item.tracking_rounds.model.history.filter(recommendation=item.pk),
            item.due_date_revisions.model.history.filter(recommendation=item.pk),
        ]
    for queryset in related:
        histories += list(queryset.select_related("history_user"))
    histories.sort(key=lambda record: (record.history_date, record.history_id))
    previous: dict[tuple[str, int], Any] = {}
    entries = []
    for record in histories:
        key = (record.instance_type.__name__, record.id)
        model = record.instance_type
        earlier = previous.get(key)
        previous[key] = record
        changes = []
        if earlier is not None:
            for change in record.diff_against(earlier).changes:
                field_obj = model._meta.get_field(change.field)
                changes.append(
                    (
                        str(field_obj.verbose_name).capitalize(),
                        _describe(_display(field_obj, change.old)),
                        _describe(_display(field_obj, change.new)),
                    )
                )
            if not changes:
                continue
        verb = {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        entries.append(
            TimelineEntry(
                when=record.history_date,
                who=_who(record.history_user),
                title=f"{model._meta.verbose_name.capitalize()} {verb}",
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    entries += _reminder_entries(item, link)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _reminder_entries(item: Recommendation | InformationRequest, link: str) -> list[TimelineEntry]:
    """Reminders are part of an item's history: who was told, when, and whether it arrived."""
    entries = []
    for reminder in Reminder.objects.filter(**{link: item.pk}).select_related(
        "digest", "recipient"
    ):
        digest = reminder.digest
        status = digest.get_status_display() if digest else "Waiting to be sent"
        who = reminder.recipient.name if reminder.recipient else reminder.email
        entries.append(
            TimelineEntry(
                when=(digest.sent_at if digest and digest.sent_at else reminder.created_at),
                who="Reminder sweep",
                title=f"{reminder.get_kind_display()} reminder to {who}",
                reason=status
                + (f", chasing {reminder.on_behalf_of}" if reminder.on_behalf_of else "")
                + (f": {digest.last_error}" if digest and digest.last_error else ""),
            )
        )
    return entries


def _display(field_obj: Any, value: Any) -> Any:
    if field_obj.choices and value is not None:
        return dict(field_obj.flatchoices).get(value, value)
    if field_obj.is_relation and value is not None:
        target = field_obj.related_model._default_manager.filter(pk=value).first()
        if target is not None and field_obj.related_model is get_user_model():
            return _who(target)
        return target if target is not None else value
    return value


def _who(user: Any) -> str:
    if user is None:
        return "System"
    person = getattr(user, "person", None)
    return str(person) if person else user.get_username()


def pending_updates(access: Access) -> QuerySet[OwnerUpdate]:
    """Owners' updates waiting for a scrutiny officer of the item's committee."""
    committees = access.officer_of
    return (
        OwnerUpdate.objects.filter(status=OwnerUpdate.Status.PENDING)
        .filter(
            Q(recommendation__inquiry__committee__in=committees)
            | Q(request__meeting__committee__in=committees)
        )
        .select_related(
            "recommendation__inquiry",
            "request__meeting",
            "submitted_by__person",
            "proposed_assessment",
        )
        .order_by("submitted_at")
    )


# -- calendar feeds (built by tracker.calendars) -----------------------------------------


def _with_revisions(rows: QuerySet, model: type[Model]) -> QuerySet:
    """Each row with how many history rows it has and when the latest was written.

    They give a calendar event its SEQUENCE and LAST-MODIFIED: two correlated subqueries
    on the history table's indexed id, so the feed stays one query however long it is.
    """
    history = model.history.filter(id=OuterRef("pk")).order_by().values("id")
    return rows.annotate(
        revisions=Coalesce(
            Subquery(history.annotate(n=Count("*")).values("n"), output_field=IntegerField()),
            0,
        ),
        last_modified=Subquery(history.annotate(latest=Max("history_date")).values("latest")),
    )


def calendar_meetings(committee: Committee) -> QuerySet[Meeting]:
    """Every meeting of the committee, for its public feed: two queries however many.

    Only the public agenda items are read (as `public_items`): the title of an exempt
    item never leaves the database for a feed anyone may read. `private_items` counts
    the items taken in private.
    """
    private = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"), is_exempt=True)
        .order_by()
        .values("meeting")
        .annotate(n=Count("*"))
        .values("n")
    )
    meetings = _with_revisions(committee.meetings.order_by("date", "start_time"), Meeting)
    return meetings.annotate(
        private_items=Coalesce(Subquery(private, output_field=IntegerField()), 0)
    ).prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.filter(is_exempt=False)
            .only("pk", "meeting_id", "number", "title")
            .order_by("number"),
            to_attr="public_items",
        )
    )


def live_calendar_link(token: str) -> CalendarLink | None:
    """The live link with this token, if its person may still use the tracker.

    A revoked link, an unknown token, and the link of someone whose sign-in was
    deactivated all read nothing.
    """
    return (
        CalendarLink.objects.filter(
            token=token, revoked_at__isnull=True, person__user__is_active=True
        )
        .select_related("person")
        .first()
    )


def calendar_due_items(
    person: Person, today: dt.date
) -> tuple[QuerySet[Recommendation], QuerySet[InformationRequest]]:
    """What the person owns and is still outstanding, by the querysets' own rules (the
    same as their "My items" page), each kind in one query whatever their number."""
    recommendations = (
        Recommendation.objects.outstanding()
        .owned_by(person, today)
        .filter(due_date__isnull=False)
        .select_related("inquiry", "owner_post", "owner_person")
        .order_by("due_date", "pk")
    )
    requests = (
        InformationRequest.objects.outstanding()
        .owned_by(person, today)
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("due_date", "pk")
    )
    return (
        _with_revisions(recommendations, Recommendation),
        _with_revisions(requests, InformationRequest),
    )
