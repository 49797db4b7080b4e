"""Rate limits: per token (or signed-in person) and per address, from the cache.

Rates are in settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]); over a limit the answer
is 429 with Retry-After.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from tracker.web.security import client_address


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request, not once at import, so that a change of settings applies.
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class AddressThrottle(_SettingsRate):
    """Every request, by the address it came from (behind the trusted proxies)."""

    scope = "api_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class TokenThrottle(_SettingsRate):
    """Requests with a token, by the token; signed-in sessions, by the user."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        auth = getattr(request, "auth", None)
        if auth is not None and hasattr(auth, "pk"):
            ident = f"token-{auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
