"""The officer's pages for one request: its owner, due date, withdrawal and provision.

Each page validates with a form and calls one service; the form carries the version of the
request the officer saw, so a change made meanwhile is shown rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services
from .forms import (
    DueDateRevisionForm,
    RequestOwnerForm,
    RequestProvidedForm,
    RequestWithdrawForm,
    VersionedForm,
)
from .views import _get_request, _require


@dataclass(frozen=True)
class RequestAction:
    heading: str
    button: str
    done: str
    form: type[VersionedForm]
    run: Callable[..., object]
    warning: str = ""


def _change_owner(*, item, by_user, cleaned):
    services.information_request_change_owner(
        request=item,
        by_user=by_user,
        reason=cleaned["reason"],
        seen_version=cleaned["seen_version"],
        **cleaned["owner"],
    )


def _revise(*, item, by_user, cleaned):
    services.information_request_revise_due_date(request=item, by_user=by_user, **cleaned)


def _withdraw(*, item, by_user, cleaned):
    services.information_request_withdraw(request=item, by_user=by_user, **cleaned)


def _provided(*, item, by_user, cleaned):
    services.information_request_provide(
        request=item,
        by_user=by_user,
        provided_on=cleaned["provided_on"],
        how=cleaned["how"],
        reason=services.PROVIDED_BY_OFFICER,
        seen_version=cleaned["seen_version"],
    )


ACTIONS = {
    "owner": RequestAction(
        "Change the owner", "Change the owner", "The new owner was recorded.", RequestOwnerForm,
        _change_owner,
    ),
    "due_date": RequestAction(
        "Revise the due date", "Record the new date",
        "The new due date was recorded with its reason.", DueDateRevisionForm, _revise,
    ),
    "withdraw": RequestAction(
        "Withdraw the request", "Withdraw the request",
        "The request was withdrawn with your reason.", RequestWithdrawForm, _withdraw,
        warning="A withdrawn request leaves the outstanding list and is no longer chased.",
    ),
    "provided": RequestAction(
        "Mark the information provided", "Mark as provided",
        "The request was marked provided.", RequestProvidedForm, _provided,
    ),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _get_request(request, pk)
    _require(request, "tracker.review_item", item)
    spec = ACTIONS[action]
    form = spec.form(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(item=item, by_user=request.user, cleaned=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec.done)
            return redirect(item.get_absolute_url())
    return render(
        request,
        "tracker/items/request_action.html",
        {"item": item, "form": form, "action": spec},
    )
