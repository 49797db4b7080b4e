"""How long a signed-in session lasts, and ending every session of a deactivated account.

- A session lasts TRACKER_SESSION_HOURS (SESSION_COOKIE_AGE) from signing in, however
  busy it is: Django counts a session's age from its last save, so the time of signing in
  is kept in the session and checked too.
- Anyone who can see exempt business (an officer, a member of a committee, an
  administrator) is signed out after TRACKER_IDLE_TIMEOUT_MINUTES without a request, and
  sent to sign in again with a message. The time of the last request is kept in the
  session, written at most once a minute so that a busy user does not write their session
  at every request.
- Deactivating an account (`is_active` set to False and saved, in the admin or by any
  service) ends all of its sessions at once. A bulk `update()` sends no signal: call
  `user_sessions_end` after one.

Only Django's public session API is used (`SessionStore.exists`, `delete`), so this works
with any server-side session engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from .models import UserSession

# Keys in the session.
SIGNED_IN_AT = "tracker_signed_in_at"  # seconds since the epoch
LAST_SEEN = "tracker_last_seen"  # seconds since the epoch, of the last recorded request
IDLE_LIMITED = "tracker_idle_limited"  # whether the idle timeout applies to this user
RECORDED_KEY = "tracker_recorded_key"  # the session key last written to UserSession

# The last request's time is written again only when it is older than this.
LAST_SEEN_RESOLUTION_SECONDS = 60

SIGNED_OUT_LONG = (
    "You were signed out because you signed in more than %(hours)s hours ago. "
    "Sign in again to carry on."
)
SIGNED_OUT_IDLE = (
    "You were signed out because you had not used the service for %(minutes)s minutes. "
    "Sign in again to carry on."
)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def sees_exempt_business(user) -> bool:
    """Whether this user can see any committee's exempt business (the idle timeout's rule)."""
    from tracker.access import Access  # not cached on the user: their roles may change

    access = Access(user)
    return access.is_administrator or bool(access.exempt_committees)


def user_sessions_end(*, user) -> int:
    """End every session of `user` now; the number ended."""
    store = _session_store()
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store().delete(key)
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def _record_session(request: HttpRequest, user) -> None:
    """Note the request's session as one of `user`'s; forget theirs that have ended."""
    session = request.session
    if session.session_key is None:
        session.save()
    store = _session_store()
    ended = [
        row.pk
        for row in UserSession.objects.filter(user=user).exclude(session_key=session.session_key)
        if not store().exists(row.session_key)
    ]
    UserSession.objects.filter(pk__in=ended).delete()
    UserSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
    session[RECORDED_KEY] = session.session_key


def on_logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """A new session: recorded as the user's, its idle clock started."""
    if request is None or not hasattr(request, "session"):
        return
    _record_session(request, user)
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = int(time.time())
    request.session[IDLE_LIMITED] = sees_exempt_business(user)


def on_logged_out(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session") and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def on_user_saved(sender, instance, created: bool, **kwargs) -> None:
    """A deactivated account keeps no session."""
    if not created and not instance.is_active:
        user_sessions_end(user=instance)


class IdleTimeoutMiddleware:
    """Signs out a user who can see exempt business after a spell without any request.

    After AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refused = self._check(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request: HttpRequest, user) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        if session.get(RECORDED_KEY) != session.session_key:
            # Signed in before these records were kept, or given a new key since (a
            # password change keeps the user signed in under a new key).
            _record_session(request, user)
        if IDLE_LIMITED not in session:
            session[IDLE_LIMITED] = sees_exempt_business(user)
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE // 3600
            return self._sign_out(request, SIGNED_OUT_LONG % {"hours": hours})
        if not session[IDLE_LIMITED]:
            return None
        last_seen = session.get(LAST_SEEN)
        limit = settings.TRACKER_IDLE_TIMEOUT_MINUTES
        if last_seen is not None and now - last_seen > limit * 60:
            return self._sign_out(request, SIGNED_OUT_IDLE % {"minutes": limit})
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN] = now
        return None

    def _sign_out(self, request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())
