"""Officers' pages for the work programme, the forward plan and call-ins.

The work programme and call-ins belong to a committee: only those who keep its record
change them. The forward plan is the council's, shared by every committee: any scrutiny
officer (of any committee) or administrator may add or change a decision on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from committees import clock
from committees.dates import long_date
from committees.models import (
    CallIn,
    Committee,
    ForwardPlanDecision,
    Meeting,
    ProgrammeMatter,
    WorkProgrammeEntry,
)
from committees.services import (
    call_in_record,
    forward_plan_decision_save,
    programme_matter_add,
    programme_matter_end,
    work_programme_entry_add,
    work_programme_entry_drop,
    work_programme_entry_move,
)
from tracker.access import Access, access_for
from tracker.models import InformationRequest

from .forms import (
    CallInForm,
    DecisionForm,
    ProgrammeMatterEndForm,
    ProgrammeMatterForm,
    TopicDropForm,
    TopicForm,
    TopicMoveForm,
)
from .services import call_in_requests_set


def _keeper_only(request: HttpRequest, committee_id: int) -> Access:
    access = access_for(request.user)
    if not access.keeps_record_of(committee_id):
        raise PermissionDenied
    return access


def _officer_only(request: HttpRequest) -> Access:
    """The forward plan is council-wide: an officer of any committee may keep it."""
    access = access_for(request.user)
    if not access.is_officer:
        raise PermissionDenied
    return access


# -- the work programme ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def work_programme_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee's topics, meeting by meeting, with a form to add one."""
    committee = get_object_or_404(Committee, slug=slug)
    _keeper_only(request, committee.pk)
    form = TopicForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            entry = work_programme_entry_add(
                committee=committee, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            where = long_date(entry.meeting.date) if entry.meeting else "to be scheduled"
            messages.success(request, f"Added '{entry.topic}' to the work programme ({where}).")
            return redirect("work_programme_manage", slug=committee.slug)
    planned = WorkProgrammeEntry.objects.planned().order_by("order", "pk")
    meetings = committee.meetings.prefetch_related(Prefetch("sessions", queryset=planned)).order_by(
        "date", "start_time"
    )
    return render(
        request,
        "tracker/programme/work_programme_manage.html",
        {
            "committee": committee,
            "form": form,
            "meetings": meetings,
            "unscheduled": planned.filter(committee=committee, meeting__isnull=True),
            "dropped": committee.work_programme.filter(dropped_on__isnull=False)
            .select_related("meeting")
            .order_by("-dropped_on", "pk"),
            "matters": committee.programme_matters.listed_on(clock.today())
            .select_related("meeting")
            .order_by("kind", "order", "pk"),
            "matter_form": ProgrammeMatterForm(committee=committee),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_matter_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    """List a priority issue, petition or Councillor Call for Action on the programme."""
    committee = get_object_or_404(Committee, slug=slug)
    _keeper_only(request, committee.pk)
    form = ProgrammeMatterForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            matter = programme_matter_add(
                committee=committee, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Listed on the work programme: {matter}.")
            return redirect("work_programme_manage", slug=committee.slug)
    return render(
        request,
        "tracker/programme/programme_matter_add.html",
        {"committee": committee, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_matter_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    matter = get_object_or_404(ProgrammeMatter.objects.select_related("committee"), pk=pk)
    _keeper_only(request, matter.committee_id)
    form = ProgrammeMatterEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme_matter_end(
                matter=matter, by_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Taken off the work programme: {matter}.")
            return redirect("work_programme_manage", slug=matter.committee.slug)
    return render(
        request, "tracker/programme/programme_matter_end.html", {"matter": matter, "form": form}
    )


def _entry_for_keeper(request: HttpRequest, pk: int) -> WorkProgrammeEntry:
    entry = get_object_or_404(
        WorkProgrammeEntry.objects.select_related("committee", "meeting"), pk=pk
    )
    _keeper_only(request, entry.committee_id)
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def work_programme_entry_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_keeper(request, pk)
    form = TopicMoveForm(
        request.POST or None, committee=entry.committee, initial={"meeting": entry.meeting}
    )
    if request.method == "POST" and form.is_valid():
        try:
            work_programme_entry_move(entry=entry, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Moved '{entry.topic}'.")
            return redirect("work_programme_manage", slug=entry.committee.slug)
    return render(
        request, "tracker/programme/work_programme_move.html", {"entry": entry, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_programme_entry_drop_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_keeper(request, pk)
    form = TopicDropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            work_programme_entry_drop(
                entry=entry, by_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Dropped '{entry.topic}' from the work programme.")
            return redirect("work_programme_manage", slug=entry.committee.slug)
    return render(
        request, "tracker/programme/work_programme_drop.html", {"entry": entry, "form": form}
    )


# -- the forward plan -----------------------------------------------------------------


@require_safe
@login_required
def forward_plan(request: HttpRequest) -> HttpResponse:
    _officer_only(request)
    decisions = ForwardPlanDecision.objects.prefetch_related("committees").order_by(
        "-proposed_date", "reference"
    )
    return render(request, "tracker/programme/forward_plan.html", {"decisions": decisions})


@login_required
@require_http_methods(["GET", "POST"])
def forward_plan_decision_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _officer_only(request)
    decision = get_object_or_404(ForwardPlanDecision, pk=pk) if pk is not None else None
    initial = {}
    if decision is not None:
        initial = {name: getattr(decision, name) for name in DecisionForm.base_fields}
        initial["committees"] = list(decision.committees.all())
    form = DecisionForm(request.POST or None, decision=decision, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        committees = values.pop("committees")
        try:
            decision = forward_plan_decision_save(
                decision=decision,
                values=values,
                committees=committees,
                by_user=request.user,
                reason="Changed on the forward plan" if decision else "Added to the forward plan",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved decision {decision.reference}.")
            return redirect("forward_plan")
    return render(
        request,
        "tracker/programme/forward_plan_decision.html",
        {"decision": decision, "form": form},
    )


# -- call-ins -------------------------------------------------------------------------


@require_safe
def call_in_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call-in, its decisions and outcome, and the requests this user may see."""
    call_in = get_object_or_404(CallIn.objects.select_related("meeting__committee"), pk=pk)
    access = access_for(request.user)
    requests = (
        call_in.requests.filter(access.visible_requests())
        .select_related("meeting")
        .order_by("meeting__date", "pk")
    )
    return render(
        request,
        "tracker/programme/call_in_detail.html",
        {
            "call_in": call_in,
            "decisions": call_in.decisions.all(),
            "requested_by": call_in.requested_by.all(),
            "requests": requests,
            "keeps_record": access.keeps_record_of(call_in.meeting.committee_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_in_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the call-in a meeting heard: its decisions, outcome and what followed."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    _keeper_only(request, meeting.committee_id)
    call_in = CallIn.objects.filter(meeting=meeting).first() or CallIn(meeting=meeting)
    linked = call_in.pk is not None
    # Offered: the decisions concerning the committee, and the requests made at this
    # meeting or later; with those already linked, wherever they come from.
    decision_q = Q(committees=meeting.committee)
    request_q = Q(meeting__committee=meeting.committee, meeting__date__gte=meeting.date)
    if linked:
        decision_q |= Q(call_ins=call_in)
        request_q |= Q(call_in=call_in)
    decisions = ForwardPlanDecision.objects.filter(decision_q).distinct().order_by("reference")
    requests = (
        InformationRequest.objects.filter(request_q)
        .select_related("meeting")
        .order_by("meeting__date", "pk")
    )
    initial = {"outcome": call_in.outcome, "outcome_text": call_in.outcome_text}
    if linked:
        initial["decisions"] = list(call_in.decisions.all())
        initial["requests"] = list(call_in.requests.all())
    form = CallInForm(request.POST or None, decisions=decisions, requests=requests, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the call-in and its requests together, or neither
                call_in = call_in_record(
                    call_in=call_in,
                    decisions=form.cleaned_data["decisions"],
                    outcome=form.cleaned_data["outcome"],
                    outcome_text=form.cleaned_data["outcome_text"],
                    by_user=request.user,
                )
                call_in_requests_set(
                    call_in=call_in, requests=form.cleaned_data["requests"], by_user=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved the call-in.")
            return redirect("call_in_detail", pk=call_in.pk)
    return render(
        request,
        "tracker/programme/call_in_edit.html",
        {"meeting": meeting, "call_in": call_in, "form": form},
    )
