"""Signing in, and what anyone sees when something breaks.

Failed sign-ins are counted in the cache for each username and address: after
TRACKER_SIGNIN_MAX_FAILURES within TRACKER_SIGNIN_WINDOW_MINUTES, that username is refused
from that address, even with the right password, until the window has passed, and the form
says so. They are also counted for each address whatever the username: an address that
tries many usernames (TRACKER_SIGNIN_MAX_FAILURES_PER_ADDRESS failures in the window) is
refused for every username until the window has passed. The counts come from Django's
`user_login_failed` signal, so the sign-in page, the admin's sign-in and anything else
that authenticates all count; both sign-in forms refuse.
Every failure and refusal is logged on "tracker.security", never with the password.

A request the service cannot read (a form with too many fields) gets a page saying so.
An unhandled error shows a plain page with a short reference and nothing of the error; the
same reference is logged with the traceback, so a user's report can be matched to it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
)
from django.template import loader

from tracker.uploads import UploadLimits, size_text

log = logging.getLogger("tracker.security")
request_log = logging.getLogger("django.request")


# -- where a request comes from -----------------------------------------------------------


def client_address(request: HttpRequest | None) -> str:
    """The address of whoever sent the request.

    REMOTE_ADDR, unless TRACKER_TRUSTED_PROXIES proxies stand in front of the app: each
    appends the address it was reached from to X-Forwarded-For, so the client is that many
    entries from the end. Entries further left are whatever the client sent, and are
    never trusted.
    """
    if request is None:
        return "unknown"
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRACKER_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


# -- sign-in throttling -------------------------------------------------------------------


def _key(username: str, address: str) -> str:
    # Hashed: cache keys stay short and safe whatever was typed as the username.
    digest = hashlib.sha256(f"{username.casefold()}\n{address}".encode()).hexdigest()
    return f"tracker:signin-failures:{digest}"


def _address_key(address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"tracker:signin-failures-from:{digest}"


def _window_seconds() -> int:
    return settings.TRACKER_SIGNIN_WINDOW_MINUTES * 60


def _count_of(value) -> int:
    """The count in a stored (count, end of window) pair; anything else counts nothing."""
    if isinstance(value, (tuple, list)) and len(value) == 2 and value[1] > time.time():
        return int(value[0])
    return 0


def failures(username: str, address: str) -> tuple[int, int]:
    """The failures of this username from this address, and of every username from it."""
    try:
        counts = cache.get_many([_key(username, address), _address_key(address)])
    except Exception:  # an unreachable cache (Redis down) must not stop anyone signing in
        log.exception("Sign-in throttling is off: the cache cannot be read")
        return 0, 0
    return (
        _count_of(counts.get(_key(username, address))),
        _count_of(counts.get(_address_key(address))),
    )


def is_throttled(username: str, address: str) -> bool:
    this_username, every_username = failures(username, address)
    return (
        this_username >= settings.TRACKER_SIGNIN_MAX_FAILURES
        or every_username >= settings.TRACKER_SIGNIN_MAX_FAILURES_PER_ADDRESS
    )


def _count(key: str) -> int:
    """One more in the count at `key`; its window starts at its first and is not extended.

    Kept as (count, end of window) and written back with the time left, because not every
    cache keeps a key's expiry through `incr` (the database cache sets the default timeout
    again). Two failures at the same instant in two processes may count as one.
    """
    now = time.time()
    count = _count_of(stored := cache.get(key))
    ends = stored[1] if count else now + _window_seconds()
    cache.set(key, (count + 1, ends), timeout=max(1, math.ceil(ends - now)))
    return count + 1


def record_failure(username: str, address: str) -> int:
    """Count one more failure of the username from the address, and from the address."""
    try:
        _count(_address_key(address))
        return _count(_key(username, address))
    except Exception:  # an unreachable cache: the failure is still logged by the caller
        log.exception("Sign-in throttling is off: the cache cannot be written")
        return 0


def _on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    username = str(credentials.get("username", ""))
    address = client_address(request)
    if not username:
        return
    count = record_failure(username, address)
    log.warning(
        "Failed sign-in for %r from %s (%d in %d minutes)",
        username,
        address,
        count,
        settings.TRACKER_SIGNIN_WINDOW_MINUTES,
    )


def _on_logged_in(sender, request: HttpRequest | None, user, **kwargs):
    address = client_address(request)
    try:
        cache.delete(_key(user.get_username(), address))
    except Exception:  # an unreachable cache must not stop anyone signing in
        log.exception("Sign-in throttling: the cache cannot be cleared")
    log.info("Signed in: %r from %s", user.get_username(), address)


class ThrottledSignIn:
    """Refuses a username that has failed too often from this address, before checking it."""

    throttled_message = (
        "You have tried to sign in too many times. Wait %(minutes)s minutes, then try again."
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        address = client_address(self.request)
        if username and is_throttled(username, address):
            log.warning(
                "Sign-in refused for %r from %s: too many failed attempts", username, address
            )
            raise ValidationError(
                self.throttled_message,
                code="throttled",
                params={"minutes": settings.TRACKER_SIGNIN_WINDOW_MINUTES},
            )
        return super().clean()


class SignInForm(ThrottledSignIn, AuthenticationForm):
    pass


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    pass


def install() -> None:
    """Count failed sign-ins from every path, and throttle the admin's sign-in too."""
    user_login_failed.connect(_on_login_failed, dispatch_uid="tracker.security.failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="tracker.security.logged_in")
    admin.site.login_form = AdminSignInForm


# -- errors -------------------------------------------------------------------------------


def new_reference() -> str:
    """Short enough to read out on the phone, long enough not to repeat in practice."""
    return secrets.token_hex(4).upper()


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a plain page with a reference; the reference logged with the traceback.

    Called while the exception is being handled, so the traceback is at hand. Django would
    log the error again without the reference; marking the response as logged stops that.
    """
    reference = new_reference()
    request_log.error(
        "Internal Server Error: %s (reference %s)",
        request.path,
        reference,
        exc_info=True,
        extra={"status_code": 500, "request": request, "reference": reference},
    )
    try:
        # No request context: the context processors might touch what just failed.
        body = loader.get_template(template_name).render({"reference": reference})
        response = HttpResponseServerError(body)
    except Exception:  # the page itself failed: still say something, still give the reference
        response = HttpResponseServerError(
            f"Sorry, there is a problem with the service. Reference: {reference}",
            content_type="text/plain; charset=utf-8",
        )
    response._has_been_logged = True  # read by django.utils.log.log_response
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a page saying what could not be read, and that nothing was saved.

    The request is refused before any view runs, so the form cannot be shown again. One
    bigger than DATA_UPLOAD_MAX_MEMORY_SIZE (a very long paste) gets a page with the
    limits of uploads and pastes and a link back; one with more fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS, or otherwise unreadable, says so. No request context:
    the context processors might touch what was refused.
    """
    if isinstance(exception, RequestDataTooBig):
        limits = UploadLimits.from_settings()
        context = {
            "back": request.path,
            "request_limit": size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "characters": limits.characters,
            "document_size": size_text(limits.document_bytes),
            "spreadsheet_size": size_text(limits.spreadsheet_bytes),
        }
        return HttpResponse(loader.get_template("413.html").render(context), status=413)
    body = loader.get_template("400.html").render(
        {
            "too_many_fields": isinstance(exception, TooManyFieldsSent),
            "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        }
    )
    return HttpResponseBadRequest(body)
