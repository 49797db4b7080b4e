"""The administrators' pages: the council's settings, and each committee's rules.

Only administrators (`Access.is_administrator`) open them; everyone else is refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from committees.models import Committee
from committees.services import council_settings, council_settings_update, standing_items_of
from tracker.access import access_for
from tracker.models import default_scale_of
from tracker.web.forms import values_of

from .forms import CommitteeSettingsForm, CouncilSettingsForm, standing_item_rows
from .services import committee_settings_update

# The button that draws the page again with one more empty row: it saves nothing.
ADD_ROW = "add_standing_item"


def _require_administrator(request: HttpRequest) -> None:
    if not access_for(request.user).is_administrator:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def council_settings_edit(request: HttpRequest) -> HttpResponse:
    """The council's name, and what it calls its full council and its executive."""
    _require_administrator(request)
    current = council_settings()
    initial = {
        "name": current.name,
        "full_council": current.full_council,
        "executive": current.executive,
    }
    form = CouncilSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            council_settings_update(by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The council's settings were saved.")
            return redirect("council_settings")
    return render(
        request,
        "tracker/council/council_settings.html",
        {"form": form, "committees": Committee.objects.order_by("name")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """A committee's report deadline rule, default assessment scale and standing items."""
    _require_administrator(request)
    committee = get_object_or_404(Committee, slug=slug)
    if request.method == "POST":
        form = CommitteeSettingsForm(request.POST)
        rows = standing_item_rows(0)(request.POST)
        if ADD_ROW in request.POST:
            drawn = [values_of(row) for row in rows.forms] + [{}]
            form = CommitteeSettingsForm(initial=values_of(form))
            rows = standing_item_rows(len(drawn))(rows=drawn)
        elif form.is_valid() & rows.is_valid():  # both, so every problem is shown at once
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    changed = committee_settings_update(
                        committee=committee,
                        report_deadline_days_before=data["report_deadline_days_before"],
                        standing_items=rows.items(),
                        assessment_scale=data["assessment_scale"],
                        by_user=request.user,
                        reason=data["reason"],
                    )
            except ValidationError as error:
                # The messages alone: a model's own check may name a field of a row.
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"Saved the committee's {' and '.join(changed)}.")
                return redirect(reverse("committee_settings", kwargs={"slug": committee.slug}))
    else:
        form = CommitteeSettingsForm(
            initial={
                "report_deadline_days_before": committee.report_deadline_days_before,
                "assessment_scale": default_scale_of(committee.pk),
            }
        )
        drawn = [
            {"position": position, "title": title, "description": description}
            for position, title, description in standing_items_of(committee)
        ] + [{}]
        rows = standing_item_rows(len(drawn))(rows=drawn)
    has_errors = bool(form.is_bound and (form.errors or rows.total_error_count()))
    return render(
        request,
        "tracker/council/committee_settings.html",
        {
            "committee": committee,
            "form": form,
            "rows": rows,
            "add_row": ADD_ROW,
            "has_errors": has_errors,
        },
    )
