"""Every page carries the security headers; what a signed-in user sees is never cached."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_policy_and_the_usual_headers(client, demo):
    response = client.get("/outstanding/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_private_and_not_stored(client, demo):
    client.force_login(get_user_model().objects.get(username="councillor"))
    response = client.get("/meetings/1/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    export = client.get("/outstanding/", {"export": "csv"})
    assert "no-store" in export["Cache-Control"]
