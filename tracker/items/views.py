"""The pages. Each gets its object through one access helper, validates with a form and
calls a service; the rules live in tracker.access, the querysets and the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from committees import clock
from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    ForwardPlanDecision,
    Meeting,
    WorkProgrammeEntry,
    active_on,
)
from committees.services import has_taken_place
from tracker.access import access_for
from tracker.meetings.recording import matters_arising
from tracker.membership.forms import MembersOnForm
from tracker.models import (
    PENDING_UPDATE_EXISTS,
    InformationRequest,
    Inquiry,
    KpiQuestion,
    OwnerUpdate,
    Recommendation,
)
from tracker.outstanding import selectors
from tracker.outstanding.display import item_rows
from tracker.outstanding.exports import (
    csv_response,
    fits_xlsx,
    too_many_for_print,
    too_many_for_xlsx,
    xlsx_response,
)
from tracker.outstanding.selectors import OutstandingList, item_timeline, pending_updates
from tracker.outstanding.tables import OutstandingTable

from . import services
from .forms import (
    CommitteeAssessmentForm,
    DueDateRevisionForm,
    OutstandingFilterForm,
    OwnerUpdateForm,
    ReviewForm,
)


def _today() -> dt.date:
    return clock.today()


# -- access helpers: one per type, returning the object or raising 404 / 403 ------------


def _get_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related(
            "inquiry__committee",
            "inquiry__assessment_scale",
            "owner_post",
            "owner_person",
            "current_assessment",
            "next_tracking_meeting",
            "agreed_at",
        ),  # fmt: skip
        pk=pk,
    )


def _get_request(request: HttpRequest, pk: int) -> InformationRequest:
    """A request from an exempt item is 404 to anyone not entitled: they may not know of it."""
    item = get_object_or_404(
        InformationRequest.objects.select_related(
            "meeting__committee", "agenda_item", "owner_post", "owner_person"
        ),
        pk=pk,
    )
    if not request.user.has_perm("tracker.view_item", item):
        raise Http404("No such request")
    return item


def _get_item(request: HttpRequest, kind: str, pk: int) -> Recommendation | InformationRequest:
    if kind == "recommendation":
        return _get_recommendation(request, pk)
    return _get_request(request, pk)


def _require(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


# -- dashboard and lists ----------------------------------------------------------------


@require_safe
def outstanding(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form = OutstandingFilterForm(request.GET or None, access=access)
    filters = form.filters(_today())
    export = request.GET.get("export")
    rows = OutstandingList(access=access, filters=filters, today=_today())
    if export == "xlsx" and not fits_xlsx(total := rows.count()):
        # Back to the list, saying why: a workbook is written a row at a time in Python.
        messages.error(request, too_many_for_xlsx(total))
        query = request.GET.copy()
        del query["export"]
        return redirect(f"{reverse('outstanding')}?{query.urlencode()}")
    table = OutstandingTable(rows)
    # An export is every row: no page, so no count either.
    paginate = {"per_page": 25} if export not in {"csv", "xlsx"} else False
    RequestConfig(request, paginate=paginate).configure(table)
    if export in {"csv", "xlsx"}:
        ordered = table.data.data  # the rows in the order the user chose
        name = f"outstanding-tracking-{_today():%Y-%m-%d}"
        return csv_response(ordered, name) if export == "csv" else xlsx_response(ordered, name)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracker/items/outstanding.html",
        {
            "form": form,
            "table": table,
            "query": query.urlencode(),
            "today": _today(),
            "can_import": access.is_officer,
            "xlsx_fits": fits_xlsx(table.paginator.count),
            "xlsx_max": settings.TRACKER_XLSX_MAX_ITEMS,
        },
    )


@require_safe
def outstanding_print(request: HttpRequest) -> HttpResponse:
    """The "Outstanding Tracking" table of the work programme, ready for an agenda pack:
    the items the outstanding list's filters leave, laid out as the work programme's."""
    access = access_for(request.user)
    form = OutstandingFilterForm(request.GET or None, access=access)
    today = _today()
    filters = form.filters(today)
    if "committee" in form.errors:
        raise Http404("No such committee")
    recommendations, requests = selectors.outstanding_by_kind(
        access=access, filters=filters, today=today
    )
    narrowed = [
        str(field.label) for name, field in form.fields.items()
        if name != "committee" and form.is_bound and form.cleaned_data.get(name)
    ]  # fmt: skip
    context = {"committee": filters.committee, "narrowed": narrowed, "today": today}
    total = OutstandingList(access=access, filters=filters, today=today).count()
    if total > settings.TRACKER_PRINT_MAX_ITEMS:
        # Each item is drawn in Python: a list this long is not an agenda pack's.
        query = request.GET.urlencode()
        context |= {"too_many": too_many_for_print(total), "query": query}
        return render(request, "tracker/items/outstanding_print.html", context)
    inquiries = (
        Inquiry.objects.filter(recommendations__in=recommendations)
        .distinct()
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=recommendations.select_related(
                    "current_assessment", "owner_post"
                ).prefetch_related("tracking_rounds"),
                to_attr="outstanding",
            ),
        )
        .order_by("reported_to_council_on")
    )
    requests = requests.select_related(
        "meeting", "agenda_item", "owner_post", "owner_person"
    ).order_by("due_date")
    return render(
        request,
        "tracker/items/outstanding_print.html",
        context | {"inquiries": inquiries, "requests": requests},
    )


@transaction.non_atomic_requests  # a read: no transaction to begin and commit
@require_safe
@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    page = None
    if (mine := selectors.my_items(access=access, today=_today())) is not None:
        page = Paginator(mine, 25).get_page(request.GET.get("page"))  # count, then rows
        page.rows = item_rows(page.object_list)
        page.range = list(page.paginator.get_elided_page_range(page.number))
    return render(request, "tracker/items/my_items.html", {"page": page, "access": access})


# -- items ------------------------------------------------------------------------------


@require_safe
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_recommendation(request, pk)
    rounds = recommendation.tracking_rounds.select_related(
        "executive_assessment", "committee_assessment", "decided_at"
    )
    return render(
        request,
        "tracker/items/recommendation_detail.html",
        {
            "item": recommendation,
            "rounds": rounds,
            "revisions": recommendation.due_date_revisions.all(),
            **_updates_context(request, recommendation),
            "can_update": request.user.has_perm("tracker.update_item", recommendation),
            "can_review": request.user.has_perm("tracker.review_item", recommendation),
            "clock": recommendation.inquiry.response_clock(_today()),
            "impact_notes": recommendation.impact_notes.all(),
            "today": _today(),
        },
    )


def _updates_context(request: HttpRequest, item: Recommendation | InformationRequest) -> dict:
    """The item's history and owners' updates as this user may read them: an update not yet
    accepted, and a note sending one back, only for those `visible_to` lets see it."""
    updates = item.updates.visible_to(access_for(request.user))
    return {
        "timeline": item_timeline(item, updates=updates),
        "updates": updates.select_related("submitted_by__person"),
        "has_pending": updates.filter(status=OwnerUpdate.Status.PENDING).exists(),
    }


@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_request(request, pk)
    return render(
        request,
        "tracker/items/request_detail.html",
        {
            "item": item,
            "revisions": item.due_date_revisions.all(),
            "kpi_question": KpiQuestion.objects.filter(request=item)
            .select_related("value__indicator", "value__report")
            .first(),
            **_updates_context(request, item),
            "can_update": request.user.has_perm("tracker.update_item", item),
            "can_review": request.user.has_perm("tracker.review_item", item),
            "today": _today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_update(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _get_item(request, kind, pk)
    _require(request, "tracker.update_item", item)
    waiting = item.pending_update()
    if waiting is not None:
        # One update waits for review at a time (the service refuses a second, and so does
        # the database): say so, with what was sent, and offer no second form. A post
        # anyway, from a page opened before, is refused and changes nothing.
        refused = PENDING_UPDATE_EXISTS if request.method == "POST" else None
        return render(
            request,
            "tracker/items/item_update.html",
            {"item": item, "kind": kind, "waiting": waiting, "refused": refused},
        )
    form = OwnerUpdateForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.owner_update_submit(item=item, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your update was sent to the scrutiny officer to review.")
            return redirect(item.get_absolute_url())
    return render(
        request, "tracker/items/item_update.html", {"item": item, "kind": kind, "form": form}
    )


@require_safe
@login_required
def updates_pending(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.is_officer:
        raise PermissionDenied
    return render(
        request, "tracker/items/updates_pending.html", {"updates": pending_updates(access)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_review(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(
        OwnerUpdate.objects.select_related(
            "recommendation__inquiry",
            "request__meeting",
            "request__agenda_item",
            "submitted_by__person",
            "proposed_assessment",
        ),  # fmt: skip
        pk=pk,
    )
    item = update.item
    if not request.user.has_perm("tracker.view_item", item):
        raise Http404("No such update")
    _require(request, "tracker.review_item", item)
    form = ReviewForm(request.POST or None, update=update)
    if request.method == "POST" and form.is_valid():
        seen_version = form.cleaned_data["seen_version"]
        try:
            if form.cleaned_data["decision"] == "accept":
                services.owner_update_accept(
                    update=update,
                    by_user=request.user,
                    note=form.cleaned_data["note"],
                    delivered=form.cleaned_data.get("delivered", False),
                    seen_version=seen_version,
                )
                messages.success(request, "Update accepted and added to the item's record.")
            else:
                services.owner_update_return(
                    update=update,
                    by_user=request.user,
                    reason=form.cleaned_data["note"],
                    seen_version=seen_version,
                )
                messages.success(request, "Update sent back to the owner with your reason.")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(item.get_absolute_url())
    return render(
        request, "tracker/items/update_review.html", {"update": update, "item": item, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_assess(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_recommendation(request, pk)
    _require(request, "tracker.review_item", recommendation)
    form = CommitteeAssessmentForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_assessment_record(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The committee's assessment was recorded.")
            return redirect(recommendation.get_absolute_url())
    return render(
        request, "tracker/items/recommendation_assess.html", {"item": recommendation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_revise(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _get_recommendation(request, pk)
    _require(request, "tracker.review_item", recommendation)
    form = DueDateRevisionForm(request.POST or None, item=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_revise_due_date(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The new due date was recorded with its reason.")
            return redirect(recommendation.get_absolute_url())
    return render(
        request, "tracker/items/recommendation_revise.html", {"item": recommendation, "form": form}
    )


# -- committees, meetings, inquiries ----------------------------------------------------


@require_safe
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = Committee.objects.annotate(
        meeting_count=Count("meetings", distinct=True),
        inquiry_count=Count("inquiries", distinct=True),
    )
    return render(
        request,
        "tracker/items/committee_list.html",
        {"committees": committees, "is_administrator": access_for(request.user).is_administrator},
    )


def _members_on(request: HttpRequest, today: dt.date) -> tuple[MembersOnForm, dt.date]:
    """The day whose membership the committee page shows: `?on=2018-10-17`, or the day,
    month and year boxes of the form; today when neither is given or the date is wrong
    (the form then says why)."""
    if "on_0" in request.GET:
        form = MembersOnForm(request.GET, initial={"on": today})
        if form.is_valid() and form.cleaned_data["on"]:
            return form, form.cleaned_data["on"]
        return form, today
    try:
        day = parse_date(request.GET.get("on", "").strip())
    except ValueError:  # well formed but not a real date, such as 2018-02-30
        day = None
    return MembersOnForm(initial={"on": day or today}), day or today


@require_safe
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    today = _today()
    access = access_for(request.user)
    on_form, members_on = _members_on(request, today)
    meetings = list(
        committee.meetings.prefetch_related(
            Prefetch("sessions", queryset=WorkProgrammeEntry.objects.planned().order_by("order")),
        ).select_related("call_in")
    )
    due = matters_arising(committee, access=access, today=today)
    for meeting in meetings:
        meeting.due_items = due.get(meeting.pk, [])
    return render(
        request,
        "tracker/items/committee_detail.html",
        {
            "committee": committee,
            "keeps_record": access.keeps_record_of(committee.pk),
            "is_administrator": access.is_administrator,
            "meetings": meetings,
            "members": committee.members_on(members_on).order_by("role", "person__name"),
            "members_on": members_on,
            "on_form": on_form,
            "officers": committee.support_officers.filter(active_on(members_on)).select_related(
                "person"
            ),
            "unscheduled": committee.work_programme.planned().filter(meeting__isnull=True),
            "call_ins": CallIn.objects.filter(meeting__committee=committee)
            .select_related("meeting")
            .prefetch_related("decisions", "requested_by"),
            "forward_plan": ForwardPlanDecision.objects.filter(committees=committee),
            "conflicts": committee.conflicts.all(),
            "inquiries": committee.inquiries.annotate(
                outstanding_count=Count(
                    "recommendations",
                    filter=Q(recommendations__in=Recommendation.objects.outstanding()),
                )
            ),
            "today": today,
        },
    )


@dataclass(frozen=True)
class PrivateItem:
    """What anyone may know of an exempt item: that it was taken in private, and why."""

    number: int
    title: str
    public_label: str
    exemption_justification: str = ""
    is_exempt: bool = True
    restricted: bool = True

    @classmethod
    def of(cls, item: AgendaItem) -> PrivateItem:
        """The title, the paragraph and the public-interest reason, as councils publish them."""
        return cls(item.number, item.title, item.public_label, item.exemption_justification)


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    access = access_for(request.user)
    entitled = access.sees_exempt_of(meeting.committee_id)
    items = meeting.agenda_items.prefetch_related(
        "resolutions",
        "presenters",
        Prefetch(
            "requests",
            queryset=InformationRequest.objects.select_related("owner_post", "owner_person"),
        ),
    )
    # Exempt content never reaches the template for those not entitled to it.
    items = [item if entitled or not item.is_exempt else PrivateItem.of(item) for item in items]
    versions = list(meeting.action_notes.select_related("confirmed_at"))
    # Until the notes are published, the public reads the agenda, not what was recorded.
    published = ActionNotes.public_part_published(versions)
    notes_visible = access.reads_notes_of(meeting.committee_id, versions)
    attendance = (
        meeting.attendances.select_related("person").order_by("person__name")
        if notes_visible
        else []
    )
    declarations = meeting.declarations.select_related("person", "agenda_item")
    if not entitled:
        declarations = declarations.exclude(agenda_item__is_exempt=True)
    return render(
        request,
        "tracker/items/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "entitled": entitled,
            "present": [a for a in attendance if a.kind == Attendance.Kind.PRESENT],
            "apologies": [a for a in attendance if a.kind == Attendance.Kind.APOLOGIES],
            "also_present": [a for a in attendance if a.kind == Attendance.Kind.ALSO_PRESENT],
            "declarations": declarations if notes_visible else [],
            "notes": versions if entitled else [v for v in versions if v.is_published],
            "notes_visible": notes_visible,
            "notes_unpublished": bool(items) and not published,
            "can_publish": bool(items) and not published and has_taken_place(meeting),
            "confirmed_here": meeting.confirmed_notes.select_related("meeting"),
            "sessions": meeting.sessions.planned(),
            "tracked": Recommendation.objects.filter(
                Q(next_tracking_meeting=meeting) | Q(tracking_rounds__decided_at=meeting)
            )
            .distinct()
            .select_related("inquiry", "current_assessment"),
            "has_exempt": any(item.is_exempt for item in items),
            "keeps_record": access.keeps_record_of(meeting.committee_id),
            "arising": matters_arising(
                meeting.committee, access=access, today=_today(), at=meeting
            ).get(meeting.pk, []),
        },
    )


@require_safe
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry.objects.select_related("committee"), pk=pk)
    recommendations = list(
        inquiry.recommendations.select_related(
            "current_assessment", "owner_post", "owner_person"
        ).prefetch_related("tracking_rounds")
    )
    return render(
        request,
        "tracker/items/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "recommendations": recommendations,
            "clock": inquiry.response_clock(_today()),
            "all_answered": all(r.response for r in recommendations),
            "keeps_record": access_for(request.user).keeps_record_of(inquiry.committee_id),
            "today": _today(),
        },
    )
