"""Officers' membership pages: who sits on the committee and when, and who supports it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from committees.models import Committee, Membership, SupportOfficer
from committees.services import membership_add, support_officer_add
from tracker.access import access_for
from tracker.people.services import membership_end, support_officer_end

from .forms import EndForm, MembershipAddForm, SupportOfficerAddForm


def _committee_for_keeper(request: HttpRequest, slug: str) -> Committee:
    committee = get_object_or_404(Committee, slug=slug)
    if not access_for(request.user).keeps_record_of(committee.pk):
        raise PermissionDenied
    return committee


def _membership_page(committee: Committee) -> str:
    return reverse("committee_membership", kwargs={"slug": committee.slug})


@require_safe
@login_required
def committee_membership(request: HttpRequest, slug: str) -> HttpResponse:
    """Every membership and officer's support, past and present, with their dates."""
    committee = _committee_for_keeper(request, slug)
    return render(
        request,
        "tracker/membership/committee_membership.html",
        {
            "committee": committee,
            "memberships": committee.memberships.select_related("person").order_by(
                "end", "role", "person__name"
            ),
            "officers": committee.support_officers.select_related("person").order_by(
                "end", "person__name"
            ),
        },
    )


def _change(
    request: HttpRequest,
    committee: Committee,
    form: Form,
    save,
    *,
    heading: str,
    button: str,
    done: str,
    caption: str = "",
) -> HttpResponse:
    """Validate, call the service, and back to the membership page; a refusal from the
    service is shown against its field and nothing is changed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(_membership_page(committee))
    return render(
        request,
        "tracker/membership/membership_change.html",
        {
            "committee": committee,
            "form": form,
            "heading": heading,
            "button": button,
            "caption": caption or committee.name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee_for_keeper(request, slug)
    form = MembershipAddForm(request.POST or None)
    return _change(
        request,
        committee,
        form,
        lambda data: membership_add(committee=committee, by_user=request.user, **data),
        heading="Add a member",
        button="Add the member",
        done="The member is added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("committee", "person"), pk=pk)
    committee = _committee_for_keeper(request, membership.committee.slug)
    form = EndForm(request.POST or None)
    return _change(
        request,
        committee,
        form,
        lambda data: membership_end(membership=membership, by_user=request.user, **data),
        heading=f"End the membership of {membership.person.name}",
        button="End the membership",
        done=f"The membership of {membership.person.name} is ended.",
        caption=f"{committee.name}, {membership.get_role_display().lower()}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_officer_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee_for_keeper(request, slug)
    form = SupportOfficerAddForm(request.POST or None)
    return _change(
        request,
        committee,
        form,
        lambda data: support_officer_add(committee=committee, by_user=request.user, **data),
        heading="Add an officer who supports the committee",
        button="Add the officer",
        done="The officer is added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_officer_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(SupportOfficer.objects.select_related("committee", "person"), pk=pk)
    committee = _committee_for_keeper(request, officer.committee.slug)
    form = EndForm(request.POST or None)
    return _change(
        request,
        committee,
        form,
        lambda data: support_officer_end(officer=officer, by_user=request.user, **data),
        heading=f"End the support of {officer.person.name}",
        button="End the support",
        done=f"The support of {officer.person.name} is ended.",
    )
