"""The API's permission matrix with personal tokens: every endpoint and method, for every
principal, as the pages decide; a revoked token, another person's items and another
committee's are refused and change nothing.

GETs come from the shared matrix (tests/support/permissions.py, API_MATRIX), asked here
with a token instead of a session: the answer must be the same. POSTs send a valid JSON
body, so those who may write do write (201 or 200) and the others are refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from committees.models import Meeting
from tests.factories import InquiryFactory, RecommendationFactory
from tests.support.api import client_with, token_for
from tests.support.checksums import database_checksum
from tests.support.permissions import API_MATRIX, PRINCIPALS
from tracker.api.models import ApiToken
from tracker.api.tokens import api_token_revoke
from tracker.items.versions import version_of

pytestmark = pytest.mark.django_db


def _client(principal: str):
    return client_with(None if principal == "public" else token_for(principal))


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_api_read_answers_a_token_as_the_session(world, principal):
    api = _client(principal)
    mismatches = []
    for name, variants in API_MATRIX.items():
        for variant, (build, expected) in variants.items():
            response = api.get(reverse(name, kwargs=build(world)))
            if response.status_code != expected[principal]:
                mismatches.append((name, variant, response.status_code, expected[principal]))
            if response.status_code in {401, 403, 404}:
                assert b"canary" not in response.content, (name, variant)
                body = response.json()
                assert set(body) == {"code", "message", "fields"}, (name, body)
    assert mismatches == []


def _writes(world):
    """Each API write with a body that the permitted may send: (name, kwargs, body,
    needs If-Match of what)."""
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    recommendation = world["recommendation"]
    category = recommendation.inquiry.assessment_scale.categories.filter(
        ends_tracking=False
    ).first()
    return [
        (
            "api:request-update",
            {"pk": world["public_request"].pk},
            {"progress_note": "Sent."},
            None,
        ),
        (
            "api:request-update",
            {"pk": world["exempt_request"].pk},
            {"progress_note": "Done."},
            None,
        ),
        (
            "api:recommendation-assess",
            {"pk": recommendation.pk},
            {
                "assessment": category.pk,
                "meeting": Meeting.objects.get(date=dt.date(2019, 2, 13)).pk,
            },
            recommendation,
        ),
        (
            "api:update-review",
            {"pk": world["update"].pk},
            {"decision": "return", "note": "Say which handbook."},
            world["update"],
        ),
        (
            "api:update-review",
            {"pk": world["exempt_update"].pk},
            {"decision": "accept"},
            world["exempt_update"],
        ),
        ("api:request-list", {}, {"meeting": january.pk, "text": "The placements list."}, None),
    ]


# What each write answers, by principal: the permitted write, the rest are refused as on
# the pages (401 without a token; 404 where the item may not be known of).
WRITES = {
    ("api:request-update", "public"): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "owner": 201, "officer": 201, "admin": 201},
    # One update waits for review at a time: the exempt request's owner has sent one.
    ("api:request-update", "exempt"): {p: 404 for p in PRINCIPALS}
    | {"councillor": 403, "owner": 400, "officer": 400, "admin": 400},
    ("api:recommendation-assess", ""): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "officer": 200, "admin": 200},
    ("api:update-review", "public"): {p: 404 for p in PRINCIPALS}
    | {"councillor": 403, "owner": 403, "officer": 200, "admin": 200},
    ("api:update-review", "exempt"): {p: 404 for p in PRINCIPALS}
    | {"councillor": 403, "owner": 403, "officer": 200, "admin": 200},
    ("api:request-list", ""): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "officer": 201, "admin": 201},
}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_api_write_for_every_principal(world, principal):
    api = _client(principal)
    variants = iter(["public", "exempt", "", "public", "exempt", ""])
    mismatches = []
    for (name, kwargs, body, versioned), variant in zip(_writes(world), variants, strict=True):
        expected = WRITES[(name, variant)][principal]
        headers = {"HTTP_IF_MATCH": f'"{version_of(versioned)}"'} if versioned else {}
        before = database_checksum() if expected >= 400 else None
        response = api.post(reverse(name, kwargs=kwargs), body, format="json", **headers)
        if response.status_code != expected:
            mismatches.append((name, variant, response.status_code, expected, response.content))
        if before is not None:
            after = database_checksum()
            # Only the token's own last use may have been noted.
            changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
            assert changed <= {"tracker.ApiToken"}, (name, variant, changed)
            assert b"canary" not in response.content
    assert mismatches == []


def test_a_revoked_token_is_refused_at_once_and_changes_nothing(world):
    value = token_for("owner")
    api = client_with(value)
    url = reverse("api:request-update", kwargs={"pk": world["public_request"].pk})
    assert api.get(reverse("api:committee-list")).status_code == 200
    token = ApiToken.objects.get(
        user__username="owner",
        revoked_at__isnull=True,
        name="Case management system",
        prefix=value[:11],
    )
    api_token_revoke(token=token, by_user=token.user)
    before = database_checksum()
    response = api.post(url, {"progress_note": "After revoking."}, format="json")
    assert response.status_code == 401
    assert database_checksum() == before
    # Not even reads: a revoked token is not the public either.
    assert api.get(reverse("api:committee-list")).status_code == 401


def test_a_token_cannot_reach_another_committees_items(world):
    """The committee's officer, with a token, has no rights over another committee's
    recommendation: no assessment, no update."""
    elsewhere = RecommendationFactory(
        inquiry=InquiryFactory(committee=world["committee"].__class__.objects.get(slug="housing"))
    )
    officer = client_with(token_for("officer"))
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    before = database_checksum()
    assess = officer.post(
        reverse("api:recommendation-assess", kwargs={"pk": elsewhere.pk}),
        {"assessment": 1, "meeting": meeting.pk},
        format="json",
        HTTP_IF_MATCH=f'"{version_of(elsewhere)}"',
    )
    update = officer.post(
        reverse("api:recommendation-update", kwargs={"pk": elsewhere.pk}),
        {"progress_note": "Not ours."},
        format="json",
    )
    assert (assess.status_code, update.status_code) == (403, 403)
    after = database_checksum()
    assert {k for k in before if before[k] != after.get(k)} <= {"tracker.ApiToken"}
