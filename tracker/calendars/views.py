"""Calendar feeds and the page where a person manages their private calendar link.

The committee feed is public. The personal feed is read without signing in: the token in
its address is the credential, so a revoked or unknown token is simply "not found".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe
from icalendar import Calendar

from committees import clock
from committees.models import Committee, Person
from tracker.access import access_for
from tracker.items import services
from tracker.models import CalendarLink
from tracker.outstanding import selectors

from . import feeds


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


# The feeds only read, and calendar apps poll them: no request transaction is opened.
@transaction.non_atomic_requests
@require_safe
def committee_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    calendar = feeds.committee_calendar(
        committee=committee,
        meetings=selectors.calendar_meetings(committee),
        absolute_url=request.build_absolute_uri,
        now=timezone.now(),
    )
    response = _ics_response(calendar, f"{committee.slug}-meetings.ics")
    # Public business only: shared caches may keep it for a while.
    patch_cache_control(response, public=True, max_age=900)
    return response


@transaction.non_atomic_requests
@require_safe
def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.live_calendar_link(token)
    if link is None:
        raise Http404("No such calendar")
    recommendations, requests = selectors.calendar_due_items(link.person, clock.today())
    calendar = feeds.personal_calendar(
        person=link.person,
        recommendations=recommendations,
        requests=requests,
        absolute_url=request.build_absolute_uri,
        now=timezone.now(),
    )
    response = _ics_response(calendar, "my-due-dates.ics")
    # One person's items: no shared cache may keep them, and a revoked link must stop
    # at once rather than be served from a cache. Search engines must not list it.
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_link(request: HttpRequest) -> HttpResponse:
    person = access_for(request.user).person
    link = (
        CalendarLink.objects.filter(person=person, revoked_at__isnull=True).first()
        if person is not None
        else None
    )
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        _change_link(request, person=person, link=link)
        return redirect("calendar_link")
    feed_url = (
        request.build_absolute_uri(reverse("personal_calendar", kwargs={"token": link.token}))
        if link is not None
        else None
    )
    return render(
        request,
        "tracker/calendars/calendar_link.html",
        {"person": person, "link": link, "feed_url": feed_url},
    )


def _change_link(request: HttpRequest, *, person: Person, link: CalendarLink | None) -> None:
    """Do what the button pressed asks, if the link is still the one the page showed."""
    action = request.POST.get("action", "")
    if request.POST.get("link", "") != (str(link.pk) if link is not None else ""):
        # Another tab or device changed the link since this page was loaded.
        messages.error(
            request,
            "Your calendar link changed since this page was loaded, so nothing was done. "
            "Check it below and try again.",
        )
    elif action == "create" and link is None:
        services.calendar_link_create(person=person, by_user=request.user)
        messages.success(request, "Your calendar link was created. Copy it into your calendar app.")
    elif action == "replace" and link is not None:
        try:
            services.calendar_link_replace(link=link, by_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "Your calendar link was replaced: the old link has stopped working. "
                "Add the new one to your calendar app.",
            )
    elif action == "revoke" and link is not None:
        if services.calendar_link_revoke(link=link, by_user=request.user):
            messages.success(request, "Your calendar link was stopped: it no longer works.")
        else:
            messages.error(request, "This calendar link had already been stopped.")
    else:
        messages.error(request, "Choose to create, replace or stop your calendar link.")
