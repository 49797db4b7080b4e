"""Reads that are more than a filter: the outstanding list, an item's timeline, dashboards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from committees.models import Committee, Meeting, Person, Post

from .access import Access
from .models import (
    AssessmentCategory,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
    Reminder,
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


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _owner() -> Coalesce:
    return Coalesce(
        "owner_post__title",
        "owner_person__name",
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
SORTABLE = ("due_date", "reference", "committee", "owner", "source")


def _narrow(rows: QuerySet, filters: OutstandingFilters) -> QuerySet:
    """The filters both kinds of item share, through their querysets' own definitions."""
    if filters.owner_person:
        rows = rows.owned_by(filters.owner_person, timezone.localdate())
    if filters.overdue_on:
        rows = rows.overdue(filters.overdue_on)
    if filters.due_from:
        rows = rows.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        rows = rows.filter(due_date__lte=filters.due_to)
    if filters.owner_post:
        rows = rows.filter(owner_post=filters.owner_post)
    return rows


def _as_rows(queryset: QuerySet, today: dt.date, **columns: Any) -> QuerySet:
    columns["overdue"] = Case(
        When(queryset.past_due(today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    aliased = {f"row_{name}": columns[name] for name in COLUMNS}
    # No ORDER BY inside a UNION's parts: the combined rows are ordered once, at the end.
    return queryset.order_by().annotate(**aliased).values(*aliased)


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


def _recommendation_rows(filters: OutstandingFilters, today: dt.date) -> QuerySet | None:
    rows = _recommendation_base(filters)
    if rows is None:
        return None
    return _as_rows(
        rows,
        today,
        kind=_text(KIND_RECOMMENDATION),
        pk=F("pk"),
        committee=F("inquiry__committee__name"),
        source=F("inquiry__title"),
        source_date=F("inquiry__reported_to_council_on"),
        reference=F("code"),
        text=F("text"),
        text_known=F("text_known"),
        owner=_owner(),
        due_date=F("due_date"),
        due_month_only=F("due_month_only"),
        status=Coalesce("current_assessment__label", _text("Not yet assessed")),
        next_tracking_date=F("next_tracking_date"),
    )


def _request_base(filters: OutstandingFilters, access: Access) -> QuerySet | None:
    if filters.kind == KIND_RECOMMENDATION or filters.inquiry or filters.assessment:
        return None
    rows = _narrow(InformationRequest.objects.outstanding(), filters)
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


def _request_rows(filters: OutstandingFilters, access: Access, today: dt.date) -> QuerySet | None:
    rows = _request_base(filters, access)
    if rows is None:
        return None
    return _as_rows(
        rows,
        today,
        kind=_text(KIND_REQUEST),
        pk=F("pk"),
        committee=F("meeting__committee__name"),
        source=Coalesce("agenda_item__title", _text("")),
        source_date=F("meeting__date"),
        reference=_text(""),
        text=F("text"),
        text_known=Value(True),
        owner=_owner(),
        due_date=F("due_date"),
        due_month_only=Value(False),
        status=_text("Awaiting information"),
        next_tracking_date=Value(None, output_field=DateField()),
    )


def outstanding_items(*, access: Access, filters: OutstandingFilters, today: dt.date) -> QuerySet:
    """Every open recommendation and request the user may see, as one list of dicts.

    One UNION query (see COLUMNS): a page and its count are two queries whatever the
    number of rows. Requests from exempt items appear only to those entitled to them.
    """
    parts = [
        part
        for part in (
            _recommendation_rows(filters, today),
            _request_rows(filters, access, today),
        )
        if part is not None
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return order_outstanding(rows, "due_date", descending=False)


def outstanding_count(*, access: Access, filters: OutstandingFilters) -> int:
    """How many rows outstanding_items has, counted without its display joins."""
    parts = [
        part.order_by().values("pk")
        for part in (_recommendation_base(filters), _request_base(filters, access))
        if part is not None
    ]
    return parts[0].union(*parts[1:], all=True).count() if len(parts) > 1 else parts[0].count()


def my_items(*, access: Access, today: dt.date) -> tuple[QuerySet, OutstandingFilters] | None:
    """What the user owns, directly or through the posts they hold: overdue first, then by
    due date. The same UNION as the outstanding list, so it pages the same way."""
    if access.person is None:
        return None
    filters = OutstandingFilters(owner_person=access.person)
    rows = outstanding_items(access=access, filters=filters, today=today).order_by(
        F("row_overdue").desc(), F("row_due_date").asc(nulls_last=True), "row_kind", "row_pk"
    )
    return rows, filters


def pending_update_keys(rows: list[dict[str, Any]]) -> set[tuple[str, int]]:
    """Which of these rows have an owner's update waiting for review (one query)."""
    recommendations = [r["row_pk"] for r in rows if r["row_kind"] == KIND_RECOMMENDATION]
    requests = [r["row_pk"] for r in rows if r["row_kind"] == KIND_REQUEST]
    pending = OwnerUpdate.objects.filter(
        Q(recommendation__in=recommendations) | Q(request__in=requests),
        status=OwnerUpdate.Status.PENDING,
    ).values_list("recommendation_id", "request_id")
    return {(KIND_RECOMMENDATION, rec) if rec else (KIND_REQUEST, req) for rec, req in pending}


def order_outstanding(rows: QuerySet, column: str, *, descending: bool) -> QuerySet:
    """Sort by a column, undated items last; ties by kind and id so pages never overlap."""
    name = F(f"row_{column if column in SORTABLE else 'due_date'}")
    first = name.desc(nulls_last=True) if descending else name.asc(nulls_last=True)
    return rows.order_by(first, "row_kind", "row_pk")


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
