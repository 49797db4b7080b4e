"""The page on which an officer adds an inquiry with its recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from committees import clock
from committees.models import Committee
from tracker.access import access_for
from tracker.models import (
    Inquiry,
    Recommendation,
    default_scale_of,
    period_label,
    response_period_of,
)
from tracker.web.forms import values_of

from . import services
from .forms import (
    ExecutiveClockForm,
    ExecutiveResponseForm,
    InquiryForm,
    recommendation_rows,
)

# The button that draws the page again with one more empty row. It saves nothing, so it
# works without JavaScript and changes nothing.
ADD_ROW = "add_recommendation"


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.is_officer:
        raise PermissionDenied
    committees = Committee.objects.filter(pk__in=access.officer_of).order_by("name")
    if request.method == "POST":
        form = InquiryForm(request.POST, committees=committees)
        rows = recommendation_rows()(request.POST)
        if ADD_ROW in request.POST:
            drawn = [values_of(row) for row in rows.forms] + [{}]
            form = InquiryForm(initial=values_of(form), committees=committees)
            rows = recommendation_rows(len(drawn))(rows=drawn)
        elif form.is_valid() & rows.is_valid():  # both, so every problem is shown at once
            try:
                inquiry = services.inquiry_create(
                    **form.cleaned_data,
                    recommendations=[row.recommendation() for row in rows.filled()],
                    by_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The inquiry was added with its recommendations.")
                return redirect(inquiry.get_absolute_url())
    else:
        chosen = committees.filter(slug=request.GET.get("committee", "")).first()
        if chosen is None and len(committees) == 1:
            chosen = committees[0]
        # The committee's default scale (tracker.models.default_scale_of), chosen for them.
        scale = default_scale_of(chosen.pk if chosen else None)
        form = InquiryForm(
            initial={"committee": chosen, "assessment_scale": scale}, committees=committees
        )
        rows = recommendation_rows()()
    return render(
        request,
        "tracker/inquiries/inquiry_create.html",
        {"form": form, "rows": rows, "add_row": ADD_ROW, "has_errors": _has_errors(form, rows)},
    )


def _has_errors(form: InquiryForm, rows) -> bool:
    return bool(form.is_bound and (form.errors or rows.total_error_count()))


# -- the executive's response and the review cadence ----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_executive(request: HttpRequest, pk: int) -> HttpResponse:
    """Record when the report went to the executive, and the inquiry's review cadence."""
    inquiry = get_object_or_404(Inquiry.objects.select_related("committee"), pk=pk)
    if not request.user.has_perm("tracker.review_item", inquiry):
        raise PermissionDenied
    initial = {
        "sent_to_executive_on": inquiry.sent_to_executive_on,
        "review_cadence": inquiry.review_cadence,
    }
    form = ExecutiveClockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sent_on = form.cleaned_data["sent_to_executive_on"]
        cadence = form.cleaned_data["review_cadence"]
        try:
            if sent_on == inquiry.sent_to_executive_on and cadence == inquiry.review_cadence:
                raise ValidationError(
                    "Nothing was changed: enter the date the report was sent, or choose a "
                    "different review cadence."
                )
            with transaction.atomic():
                if sent_on and sent_on != inquiry.sent_to_executive_on:
                    services.inquiry_send_to_executive(
                        inquiry=inquiry, sent_on=sent_on, by_user=request.user
                    )
                elif sent_on is None and inquiry.sent_to_executive_on:
                    raise ValidationError(
                        "The date sent stays on the record: enter it (or a corrected date)."
                    )
                if cadence != inquiry.review_cadence:
                    services.inquiry_set_review_cadence(
                        inquiry=inquiry, cadence=cadence, by_user=request.user
                    )
        except ValidationError as error:
            inquiry.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, "The response clock and review cadence were saved.")
            return redirect(inquiry.get_absolute_url())
    return render(
        request,
        "tracker/inquiries/inquiry_executive.html",
        {"inquiry": inquiry, "form": form, "period": _period_text(inquiry.committee_id)},
    )


def _period_text(committee_id: int) -> str:
    return period_label(*response_period_of(committee_id))


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_response(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the executive's response to one recommendation."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("inquiry__committee", "owner_post", "owner_person"),
        pk=pk,
    )
    if not request.user.has_perm("tracker.update_item", recommendation):
        raise PermissionDenied
    form = ExecutiveResponseForm(
        request.POST or None,
        recommendation=recommendation,
        initial={
            "response": recommendation.response,
            "responded_on": recommendation.response_on,
            "reason": recommendation.response_reason,
            "action_plan": recommendation.action_plan,
            "target_date": recommendation.target_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_record_response(
                recommendation=recommendation, by_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The executive's response was recorded.")
            return redirect(recommendation.get_absolute_url())
    return render(
        request,
        "tracker/inquiries/recommendation_response.html",
        {
            "item": recommendation,
            "form": form,
            "clock": recommendation.inquiry.response_clock(clock.today()),
        },
    )
