"""Reads that are more than a filter: the outstanding list, an item's timeline, dashboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
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
from django.db.models.functions import Coalesce, NullIf

from committees.dates import date_and_time, long_date
from committees.models import AgendaItem, Committee, Meeting, Person, Post
from tracker.access import Access
from tracker.models import (
    AssessmentCategory,
    CalendarLink,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
    Reminder,
    ReminderDigest,
)

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
    # The list as it stood on a past day (`outstanding_on`) rather than as it stands now.
    as_at: dt.date | None = None
    # The signed-in user's own items ("My items"), owned as `owner_person` is: what a user
    # owns they may see, so no other access rule applies to these.
    mine: Person | None = None


def assessment_filter_categories() -> QuerySet[AssessmentCategory]:
    """The assessments the list can be narrowed to: those that keep an item tracked, of
    the scales some inquiry uses, by scale and then in the scale's order."""
    return (
        AssessmentCategory.objects.filter(ends_tracking=False)
        .filter(Exists(Inquiry.objects.filter(assessment_scale=OuterRef("scale"))))
        .select_related("scale")
        .order_by("scale__name", "scale_id", "order")
    )


def assessment_filter_choices(categories: list[AssessmentCategory]) -> list:
    """Choices for a select of `categories`: the labels alone while one scale is in use,
    and grouped under each scale's name when more are, since scales share labels."""
    scales: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for category in categories:
        scales.setdefault(category.scale_id, (category.scale.name, []))[1].append(
            (category.pk, category.label)
        )
    if len(scales) <= 1:
        return [(pk, label) for _, options in scales.values() for pk, label in options]
    return list(scales.values())


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _owner() -> Coalesce:
    """Who owns an item, as the list shows it: the post, or else the person, or else the
    responsibility as written."""
    return Coalesce(
        "owner_post__title",
        "owner_person__name",
        NullIf("responsibility", _text("")),
        output_field=CharField(),
    )


def _own_owner(person: Person) -> Coalesce:
    """`_owner()` of an item the person owns (`owned_by`): one owned through a post shows
    the post, one owned directly shows the person, whose name is known already. No
    join to every person to name the one."""
    return Coalesce(
        "owner_post__title",
        Case(When(owner_person=person.pk, then=_text(person.name))),
        NullIf("responsibility", _text("")),
        output_field=CharField(),
    )


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


def _narrow(rows: QuerySet, filters: OutstandingFilters, today: dt.date) -> QuerySet:
    """The filters both kinds of item share, through their querysets' own definitions."""
    for person in (filters.owner_person, filters.mine):
        if person is not None:
            rows = rows.owned_by(person, today)
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


def _as_rows(queryset: QuerySet, columns: dict[str, Any]) -> QuerySet:
    """The queryset as dicts of the columns, each aliased "row_<name>"."""
    aliased = {f"row_{name}": column for name, column in columns.items()}
    # No ORDER BY inside a UNION's parts: the combined rows are ordered once, at the end.
    return queryset.order_by().annotate(**aliased).values(*aliased)


def _union(parts: list[QuerySet]) -> QuerySet:
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _still_open(objects, filters: OutstandingFilters) -> QuerySet:
    return objects.outstanding_on(filters.as_at) if filters.as_at else objects.outstanding()


def _recommendation_base(filters: OutstandingFilters, today: dt.date) -> QuerySet | None:
    if filters.kind == KIND_REQUEST or filters.meeting:
        return None
    rows = _narrow(_still_open(Recommendation.objects, filters), filters, today)
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


def _request_base(filters: OutstandingFilters, access: Access, today: dt.date) -> QuerySet | None:
    if filters.kind == KIND_RECOMMENDATION or filters.inquiry or filters.assessment:
        return None
    rows = _narrow(_still_open(InformationRequest.objects, filters), filters, today)
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


def _bases(
    access: Access, filters: OutstandingFilters, today: dt.date
) -> list[tuple[str, QuerySet]]:
    """Each kind of item the filters leave in, with the rows of it the user may see."""
    bases = [
        (kind, rows)
        for kind, rows in (
            (KIND_RECOMMENDATION, _recommendation_base(filters, today)),
            (KIND_REQUEST, _request_base(filters, access, today)),
        )
        if rows is not None
    ]
    # Filters no item can match (a meeting's requests of an inquiry): an empty list.
    return bases or [(KIND_RECOMMENDATION, Recommendation.objects.none())]


@dataclass(frozen=True)
class OutstandingList:
    """The outstanding list as one user sees it, sorted by one column: recommendations
    and requests as one list, `UNION ALL` of a query of each, ordered and cut into
    pages by the database.

    It is what a `Paginator` asks for: `count()` counts the rows (without the joins that
    only display them) and a slice (`rows[50:75]`) reads one page, so a page of any
    length costs these two queries. `queryset()` is the same rows as one query, for
    exports and documents.
    """

    access: Access
    filters: OutstandingFilters
    today: dt.date
    column: str = "due_date"
    descending: bool = False
    # Each row of a page also says where its latest owner's update stands (waiting,
    # accepted, or sent back with the reason): `update_status`, `update_note`,
    # `update_sent_at`, read for the page's rows alone, in one query after the page.
    with_pending: bool = False
    # The columns a row has (of COLUMNS).
    page_columns: tuple[str, ...] = COLUMNS
    # Only the rows after this one, in this order (`position_of` a row): a cursor into
    # the list that new or closed items do not shift (the API's pages).
    after: tuple[Any, str, int] | None = None

    def __post_init__(self) -> None:
        if self.column not in SORTABLE:
            object.__setattr__(self, "column", "due_date")

    def ordered_by(self, column: str, *, descending: bool) -> OutstandingList:
        return replace(self, column=column, descending=descending)

    def position_of(self, row: dict[str, Any]) -> tuple[Any, str, int]:
        """Where a row (of `queryset()`) stands in this order: its sort key."""
        return (row[f"row_{self.column}"], row["row_kind"], row["row_pk"])

    def starting_after(self, position: tuple[Any, str, int] | None) -> OutstandingList:
        return replace(self, after=position)

    def count(self) -> int:
        """How many rows the list has, counted without the joins that only display them."""
        return _union([rows.order_by().values("pk") for _, rows in self._bases()]).count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("An outstanding list is read a page (a slice) at a time.")
        rows = list(self.queryset()[key])
        if self.with_pending:
            _add_latest_updates(rows)
        return rows

    def queryset(self) -> QuerySet:
        """Every row (`page_columns`, and `pending` if asked for), in this order: one
        UNION query."""
        return self.union(self._row_cells)

    def union(self, cells: Callable[[str, dict[str, Any]], dict[str, Any]]) -> QuerySet:
        """Every row as the columns `cells` makes of each kind's list columns (and the
        sort keys, if `cells` leaves them out), in this order. Each column `name` is
        aliased "row_<name>"."""
        parts = []
        for kind, base in self._bases():
            columns = _columns(kind, base, self.today)
            if self.filters.mine is not None:
                columns["owner"] = _own_owner(self.filters.mine)
            made = cells(kind, columns)
            keys = {name: columns[name] for name in self.key_names() if name not in made}
            if self.after is not None:
                base = base.alias(_after_key=columns[self.column]).filter(
                    self._after_q(kind, "_after_key")
                )
            parts.append(_as_rows(base, {**made, **keys}))
        return order_outstanding(_union(parts), self.column, descending=self.descending)

    def _row_cells(self, kind: str, columns: dict[str, Any]) -> dict[str, Any]:
        return {name: columns[name] for name in self.page_columns}

    def _after_q(self, kind: str, key: str) -> Q:
        """The rows of one kind that come after `self.after` in `_order_keys`' order:
        by the column (empty last), then kind, then id."""
        value, after_kind, after_pk = self.after
        if kind != after_kind:
            ties = Q() if kind > after_kind else Q(pk__in=[])
        else:
            ties = Q(pk__gt=after_pk)
        if value is None:  # among the empty ones, at the end
            return Q(**{f"{key}__isnull": True}) & ties
        beyond = Q(**{f"{key}__lt" if self.descending else f"{key}__gt": value})
        return Q(**{f"{key}__isnull": True}) | beyond | (Q(**{key: value}) & ties)

    @cached_property
    def _base_querysets(self) -> list[tuple[str, QuerySet]]:
        return _bases(self.access, self.filters, self.today)

    def _bases(self) -> list[tuple[str, QuerySet]]:
        return self._base_querysets

    def key_names(self) -> list[str]:
        """The columns the list is ordered by (see `_order_keys`)."""
        return list(dict.fromkeys((self.column, "kind", "pk")))


def _add_latest_updates(rows: list[dict[str, Any]]) -> None:
    """Give each row (of `OutstandingList.queryset()`) the state of its item's latest
    owner's update, by its one definition (`OwnerUpdate.objects.latest_of`): waiting,
    accepted, or sent back with the reason; empty without one. One query for all rows."""
    ids: dict[str, list[int]] = {KIND_RECOMMENDATION: [], KIND_REQUEST: []}
    for row in rows:
        ids[row["row_kind"]].append(row["row_pk"])
    latest = {}
    if rows:
        updates = OwnerUpdate.objects.latest_of(
            recommendations=ids[KIND_RECOMMENDATION], requests=ids[KIND_REQUEST]
        ).values("recommendation_id", "request_id", "status", "review_note", "submitted_at")
        for update in updates:
            if update["recommendation_id"] is not None:
                latest[(KIND_RECOMMENDATION, update["recommendation_id"])] = update
            else:
                latest[(KIND_REQUEST, update["request_id"])] = update
    for row in rows:
        update = latest.get((row["row_kind"], row["row_pk"]), {})
        row["row_update_status"] = update.get("status")
        row["row_update_note"] = update.get("review_note")
        row["row_update_sent_at"] = update.get("submitted_at")


def outstanding_by_kind(
    *, access: Access, filters: OutstandingFilters, today: dt.date
) -> tuple[QuerySet, QuerySet]:
    """The recommendations and the requests the filtered list holds, each as its own model,
    for pages that lay the two kinds out apart (the printed Outstanding Tracking table)."""
    bases = dict(_bases(access, filters, today))
    return (
        bases.get(KIND_RECOMMENDATION, Recommendation.objects.none()),
        bases.get(KIND_REQUEST, InformationRequest.objects.none()),
    )


def outstanding_items(*, access: Access, filters: OutstandingFilters, today: dt.date) -> QuerySet:
    """Every open recommendation and request the user may see, as one list of dicts.

    One UNION query (see COLUMNS), ordered by due date. Requests from exempt items appear
    only to those entitled to them.
    """
    return OutstandingList(access=access, filters=filters, today=today).queryset()


def my_items(*, access: Access, today: dt.date) -> OutstandingList | None:
    """What the user owns, directly or through the posts they hold (`owned_by`): overdue
    first, then by due date. The outstanding list restricted to them, so it pages the
    same way. None for a sign-in linked to no person.

    Overdue first is what the due date order already gives: every item still open is
    overdue exactly when it fell due before today, so ascending due dates put all the
    overdue items first (oldest first), then the rest, then the undated.
    """
    if access.person is None:
        return None
    return OutstandingList(
        access=access,
        filters=OutstandingFilters(mine=access.person),
        today=today,
        with_pending=True,
        page_columns=MY_ITEM_COLUMNS,
    )


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
        return date_and_time(value)
    if isinstance(value, dt.date):
        return long_date(value)
    return str(value)


def item_timeline(
    item: Recommendation | InformationRequest, *, updates: QuerySet[OwnerUpdate] | None = None
) -> list[TimelineEntry]:
    """Every recorded change to the item and its rounds, revisions and updates, newest first.

    `updates` are the owners' updates the reader may see (`OwnerUpdate.objects.visible_to`):
    the history of the others, with their text and any note sending them back, is left out.
    """
    histories: list[Any] = list(item.history.select_related("history_user"))
    link = "recommendation" if isinstance(item, Recommendation) else "request"
    update_history = OwnerUpdate.history.filter(**{link: item.pk})
    if updates is not None:
        update_history = update_history.filter(id__in=updates.values("pk"))
    related = [
        update_history,
        item.due_date_revisions.model.history.filter(**{link: item.pk}),
    ]
    if isinstance(item, Recommendation):
        related.append(item.tracking_rounds.model.history.filter(recommendation=item.pk))
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


def dashboard_counts(*, access: Access, today: dt.date) -> dict[str, int]:
    """The dashboard's outstanding, overdue and due-soon counts (due soon as the reminders
    mean it: `due_soon`).

    An officer's are of the committees they keep (an administrator's, of every committee);
    anyone else's are of every committee, of the requests they may see.
    """
    recommendations = Recommendation.objects.all()
    requests = InformationRequest.objects.filter(access.visible_requests())
    if access.is_officer and not access.is_administrator:
        recommendations = recommendations.filter(inquiry__committee__in=access.officer_of)
        requests = requests.filter(meeting__committee__in=access.officer_of)
    return {
        "outstanding": recommendations.outstanding().count() + requests.outstanding().count(),
        "overdue": recommendations.overdue(today).count() + requests.overdue(today).count(),
        "due_soon": recommendations.due_soon(today).count() + requests.due_soon(today).count(),
    }


def digests_to_check(access: Access) -> QuerySet[ReminderDigest]:
    """Reminder emails that failed or may not have arrived, for the officer to settle.

    An officer's are those with a reminder about their committees' business; an
    administrator's, all of them.
    """
    digests = ReminderDigest.objects.filter(
        status__in=[ReminderDigest.Status.UNCERTAIN, ReminderDigest.Status.FAILED]
    )
    if access.is_administrator:
        return digests
    committees = access.officer_of
    about_their_committees = Reminder.objects.filter(digest=OuterRef("pk")).filter(
        Q(recommendation__inquiry__committee__in=committees)
        | Q(request__meeting__committee__in=committees)
        | Q(agenda_item__meeting__committee__in=committees)
    )
    return digests.filter(Exists(about_their_committees))


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


# -- calendar feeds (built by tracker.calendars.feeds) -----------------------------------


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
        .filter(due_date__isnull=False)
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("due_date", "pk")
    )
    return (
        _with_revisions(recommendations, Recommendation),
        _with_revisions(requests, InformationRequest),
    )
