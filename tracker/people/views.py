"""The people of a committee, for the officers who keep its record: who holds which role,
whether they sign in, inviting someone to a role, and ending a role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from committees import clock
from committees.models import Committee
from tracker.access import access_for

from .forms import InviteForm
from .services import (
    committee_owners,
    person_invite,
    sign_in_state,
)


def _kept_committee(request: HttpRequest, slug: str) -> Committee:
    committee = get_object_or_404(Committee, slug=slug)
    if not access_for(request.user).keeps_record_of(committee.pk):
        raise PermissionDenied
    return committee


def _people_url(committee: Committee) -> str:
    return reverse("committee_people", kwargs={"slug": committee.slug})


@require_GET
@login_required
def committee_people(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _kept_committee(request, slug)
    today = clock.today()
    # Those in the role today or from a day ahead: not those whose role has ended.
    current = Q(end__isnull=True) | Q(end__gte=today)
    members = list(
        committee.memberships.filter(current)
        .select_related("person__user")
        .order_by("role", "person__name")
    )
    officers = list(
        committee.support_officers.filter(current)
        .select_related("person__user")
        .order_by("person__name")
    )
    owners = list(committee_owners(committee, today))
    for row in [*members, *officers]:
        row.sign_in = sign_in_state(row.person).label
    for person in owners:
        person.sign_in = sign_in_state(person).label
    return render(
        request,
        "tracker/people/committee_people.html",
        {"committee": committee, "members": members, "officers": officers, "owners": owners},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_invite_view(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _kept_committee(request, slug)
    form = InviteForm(request.POST or None, initial={"start": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = person_invite(
                committee=committee,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                start=data["start"],
                keeps=access_for(request.user).officer_of,
                by_user=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = "with a link to set a password" if invitation.link_sent else "to tell them"
            messages.success(
                request, f"{invitation.person.name} has the role. We have emailed them {sent}."
            )
            return redirect(_people_url(committee))
    return render(
        request, "tracker/people/person_invite.html", {"committee": committee, "form": form}
    )
