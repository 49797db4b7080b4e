"""Signing in does not depend on the cache that holds the failed sign-in counts."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_signing_in_works_while_the_cache_is_unreachable(client, settings, caplog):
    """Throttling counts live in the cache (Redis in production): when it is down, people
    still sign in, and the log says throttling is off."""

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    get_user_model().objects.create_user("cache-down", password="a-long-enough-password-1")
    response = client.post(
        "/sign-in/", {"username": "cache-down", "password": "a-long-enough-password-1"}
    )
    assert response.status_code == 302
    assert "Sign-in throttling is off" in caplog.text
