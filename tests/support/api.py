"""What the API tests share: a token for a principal, and a client that sends it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tracker.api.tokens import api_token_create


def token_for(username: str, name: str = "Case management system") -> str:
    """A new token of the user's, by its value."""
    user = get_user_model().objects.get(username=username)
    _, value = api_token_create(user=user, name=name)
    return value


def client_with(value: str | None) -> APIClient:
    """An API client sending the token (none: anonymous)."""
    client = APIClient()
    if value is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {value}")
    return client


def as_principal(username: str) -> APIClient:
    return client_with(None if username == "public" else token_for(username))
