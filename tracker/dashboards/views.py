"""The dashboard: the counts everyone sees, then a section for each role the user has."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from committees import clock
from tracker.access import access_for
from tracker.models import due_soon_days
from tracker.outstanding.selectors import dashboard_counts

from .selectors import ToChaseList, councillor_section, officer_section, owner_section


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


@require_safe
@login_required
def to_chase(request: HttpRequest) -> HttpResponse:
    """Every item a scrutiny officer's committees have to chase, a page at a time: the
    dashboard shows the most urgent."""
    access = access_for(request.user)
    if not access.is_officer:
        raise PermissionDenied
    today = clock.today()
    chase = ToChaseList(sorted(access.officer_of), today)
    page = Paginator(chase.keys(), 25).get_page(request.GET.get("page"))  # count, then keys
    page.rows = chase.rows(page.object_list)
    page.range = list(page.paginator.get_elided_page_range(page.number))
    return render(request, "tracker/dashboards/to_chase.html", {"page": page, "today": today})
