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

from committees.models import Meeting, Person, Post
from tests.factories import InquiryFactory, RecommendationFactory
from tests.support.api import client_with, token_for
from tests.support.checksums import database_checksum, statements_that_may_write
from tests.support.permissions import API_MATRIX, API_WRITE, PRINCIPALS
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
    """Each API write with a body that the permitted may send, in an order in which each
    is still allowed after the ones before: (name, variant, kwargs, body, needs If-Match
    of what)."""
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))
    recommendation = world["recommendation"]
    category = recommendation.inquiry.assessment_scale.categories.filter(
        ends_tracking=False
    ).first()
    public, exempt = world["public_request"], world["exempt_request"]
    anchor, _ = recommendation.due_date_anchor()
    return [
        ("api:request-update", "public", {"pk": public.pk}, {"progress_note": "Sent."}, None),
        ("api:request-update", "exempt", {"pk": exempt.pk}, {"progress_note": "Done."}, None),
        (
            "api:recommendation-assess",
            "",
            {"pk": recommendation.pk},
            {"assessment": category.pk, "meeting": february.pk},
            recommendation,
        ),
        (
            "api:update-review",
            "public",
            {"pk": world["update"].pk},
            {"decision": "return", "note": "Say which handbook."},
            world["update"],
        ),
        (
            "api:update-review",
            "exempt",
            {"pk": world["exempt_update"].pk},
            {"decision": "accept"},
            world["exempt_update"],
        ),
        # The owner's update was sent back: whoever may report sends one again.
        (
            "api:recommendation-update",
            "",
            {"pk": recommendation.pk},
            {"progress_note": "The handbook is drafted."},
            None,
        ),
        ("api:request-list", "", {}, {"meeting": january.pk, "text": "The placements list."}, None),
        *[
            (
                "api:request-due-date",
                variant,
                {"pk": item.pk},
                {"new_date": "2019-03-29", "reason": "Agreed.", "decided_on": "2019-02-13"},
                item,
            )
            for variant, item in (("public", public), ("exempt", exempt))
        ],
        (
            "api:request-owner",
            "public",
            {"pk": public.pk},
            {"owner_person": Person.objects.get(name="Anne Ainsworth").pk, "reason": "Hers."},
            public,
        ),
        (
            "api:request-owner",
            "exempt",
            {"pk": exempt.pk},
            {"owner_post": Post.objects.exclude(pk=exempt.owner_post_id).first().pk, "reason": "x"},
            exempt,
        ),
        (
            "api:request-provided",
            "public",
            {"pk": public.pk},
            {"provided_on": "2019-02-01", "how": "By email."},
            public,
        ),
        ("api:request-withdraw", "exempt", {"pk": exempt.pk}, {"reason": "Not needed."}, exempt),
        # Provided, and withdrawn: each is refused now, with a reason (400), to those who may.
        ("api:request-withdraw", "public", {"pk": public.pk}, {"reason": "Late."}, public),
        (
            "api:request-provided",
            "exempt",
            {"pk": exempt.pk},
            {"provided_on": "2019-02-01"},
            exempt,
        ),
        (
            "api:recommendation-due-date",
            "",
            {"pk": recommendation.pk},
            {
                "new_date": (anchor + dt.timedelta(days=90)).isoformat(),
                "reason": "Agreed.",
                "decided_on": "2019-02-13",
            },
            recommendation,
        ),
        (
            "api:recommendation-withdraw",
            "",
            {"pk": recommendation.pk},
            {"meeting": february.pk, "reason": "Overtaken by events."},
            recommendation,
        ),
    ]


OFFICERS_WRITE = {p: 403 for p in PRINCIPALS} | {"public": 401, "officer": 200, "admin": 200}
# An exempt request does not exist for those who may not see it.
OFFICERS_WRITE_EXEMPT = {p: 404 for p in PRINCIPALS} | {
    "councillor": 403,
    "owner": 403,
    "officer": 200,
    "admin": 200,
}
REFUSED_NOW = {"officer": 400, "admin": 400}

# What each write answers, by principal: the permitted write, the rest are refused as on
# the pages (401 without a token; 404 where the item may not be known of).
WRITES = {
    ("api:request-update", "public"): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "owner": 201, "officer": 201, "admin": 201},
    # One update waits for review at a time: the exempt request's owner has sent one.
    ("api:request-update", "exempt"): {p: 404 for p in PRINCIPALS}
    | {"councillor": 403, "owner": 400, "officer": 400, "admin": 400},
    ("api:recommendation-assess", ""): OFFICERS_WRITE,
    ("api:update-review", "public"): OFFICERS_WRITE_EXEMPT,
    ("api:update-review", "exempt"): OFFICERS_WRITE_EXEMPT,
    ("api:request-list", ""): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "officer": 201, "admin": 201},
    # The owner could not send the update back, so it still waits: one at a time (400).
    ("api:recommendation-update", ""): {p: 403 for p in PRINCIPALS}
    | {"public": 401, "owner": 400, "officer": 201, "admin": 201},
    ("api:request-due-date", "public"): OFFICERS_WRITE,
    ("api:request-due-date", "exempt"): OFFICERS_WRITE_EXEMPT,
    ("api:request-owner", "public"): OFFICERS_WRITE,
    ("api:request-owner", "exempt"): OFFICERS_WRITE_EXEMPT,
    ("api:request-provided", "public"): OFFICERS_WRITE,
    ("api:request-withdraw", "exempt"): OFFICERS_WRITE_EXEMPT,
    ("api:request-withdraw", "public"): OFFICERS_WRITE | REFUSED_NOW,
    ("api:request-provided", "exempt"): OFFICERS_WRITE_EXEMPT | REFUSED_NOW,
    ("api:recommendation-due-date", ""): OFFICERS_WRITE,
    ("api:recommendation-withdraw", ""): OFFICERS_WRITE,
}


def test_every_api_write_is_in_the_table():
    """Each endpoint and variant that only writes (a GET is 405) is posted to here."""
    writes = {
        (name, variant)
        for name, variants in API_MATRIX.items()
        for variant, (_, expected) in variants.items()
        if expected == API_WRITE
    }
    assert set(WRITES) == writes | {("api:request-list", "")}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_api_write_for_every_principal(world, principal):
    api = _client(principal)
    mismatches = []
    # The record's checksum as it stands: read again only after a request that sent a
    # statement that may have changed a row (a refusal that sent none changed nothing).
    checksum = None
    for name, variant, kwargs, body, versioned in _writes(world):
        expected = WRITES[(name, variant)][principal]
        if versioned is not None:
            versioned.refresh_from_db()
        headers = {"HTTP_IF_MATCH": f'"{version_of(versioned)}"'} if versioned else {}
        if expected >= 400 and checksum is None:
            checksum = database_checksum()
        with statements_that_may_write() as writes:
            response = api.post(reverse(name, kwargs=kwargs), body, format="json", **headers)
        if response.status_code != expected:
            mismatches.append((name, variant, response.status_code, expected, response.content))
        if expected >= 400:
            if writes:
                before, checksum = checksum, database_checksum()
                # Only the token's own last use may have been noted.
                changed = {
                    k for k in before.keys() | checksum.keys() if before.get(k) != checksum.get(k)
                }
                assert changed <= {"tracker.ApiToken"}, (name, variant, changed)
            assert b"canary" not in response.content
        elif writes:
            checksum = None
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
