"""Writes of the programme pages that reach the tracker's own records."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from committees.dates import long_date
from committees.models import CallIn
from committees.services import save_with_history
from tracker.models import InformationRequest


@transaction.atomic
def call_in_requests_set(
    *,
    call_in: CallIn,
    requests: Iterable[InformationRequest],
    by_user: AbstractBaseUser | None,
) -> None:
    """Make `requests` exactly those that followed the call-in; each change is in history."""
    wanted = {request.pk: request for request in requests}
    reason = f"Followed the call-in of {long_date(call_in.meeting.date)}"
    for request in call_in.requests.exclude(pk__in=wanted):
        request.call_in = None
        save_with_history(request, by_user=by_user, reason=f"No longer: {reason.lower()}")
    for request in wanted.values():
        if request.call_in_id != call_in.pk:
            request.call_in = call_in
            save_with_history(request, by_user=by_user, reason=reason)
