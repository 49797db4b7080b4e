"""How an API request says who it is: a personal token in the Authorization header
("Bearer <token>" or "Token <token>"), or the browser's session (with CSRF on writes)."""

from __future__ import annotations

import logging

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .middleware import TOKEN_USED
from .tokens import token_for_value

SCHEMES = (b"bearer", b"token")
csrf_log = logging.getLogger("django.security.csrf")


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Bearer.")
        try:
            value = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This token is not valid.") from None
        token = token_for_value(value)
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not valid, or was revoked.")
        # Its use is noted after the request's transaction (tracker.api.middleware), on
        # Django's request, which DRF's wraps.
        setattr(request._request, TOKEN_USED, token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


def token_name(request) -> str | None:
    """The name of the token the request came with, if it came with one."""
    auth = getattr(request, "auth", None)
    return getattr(auth, "name", None)


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the personal tokens."""

    target_class = PersonalTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on the account's API tokens page.",
        }


class BrowserSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session (the documentation page's "Try it out"), with Django's CSRF
    check on every write, made on the request as Django received it, as the pages' is."""

    def enforce_csrf(self, request):
        try:
            return super().enforce_csrf(request._request)
        except exceptions.PermissionDenied as refused:
            # Logged where the pages' CSRF refusals are (DRF's check only raises).
            csrf_log.warning("Forbidden (%s): %s", refused.detail, request.path)
            raise


class BrowserSessionScheme(OpenApiAuthenticationExtension):
    target_class = BrowserSessionAuthentication
    name = "browserSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The signed-in browser's session; writes need the CSRF token.",
        }
