"""Personal API tokens: a person's key for the API, named, revocable, stored hashed."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# What every token starts with, so that one pasted where it should not be is recognisable.
TOKEN_PREFIX = "st_"
# How much of the secret is kept in clear to tell tokens apart on the page.
VISIBLE_CHARACTERS = 8


def token_digest(value: str) -> str:
    """The stored form of a token: SHA-256 of the whole value (the value is random and
    long, so no salt or slow hash is needed to make guessing it hopeless)."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token_value() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """One personal token. The value is shown once, when made; only its digest is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=20, help_text="The start of the value, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"API token “{self.name}” ({self.prefix}…, {state})"
