"""The dashboard: the counts everyone sees, then a section for each role the user has."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from committees import clock
from tracker.access import access_for
from tracker.models import due_soon_days
from tracker.outstanding.selectors import dashboard_counts

from .selectors import councillor_section, officer_section, owner_section


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    access = access_for(request.user)
    context = {
        "counts": dashboard_counts(access=access, today=today),
        "soon_days": due_soon_days(),
        "access": access,
        "today": today,
        "officer": officer_section(access=access, today=today),
        "owner": owner_section(access=access, today=today),
        "councillor": councillor_section(access=access, today=today),
    }
    return render(request, "tracker/dashboards/dashboard.html", context)
