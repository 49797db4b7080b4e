"""The JSON API: what its users rely on.

The document validates and the documentation page is served from here; anonymous reads see
the public record only; a personal token acts as its person, through the pages' rules and
services (history says who, why, and through which token); a stale If-Match changes
nothing; tokens are stored hashed, never logged, and stop at once when revoked; the
outstanding list pages by cursor at a fixed number of queries; errors have one shape; rate
limits answer 429 with Retry-After.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from committees.models import AgendaItem, Meeting
from tests.support.api import as_principal, client_with, token_for
from tracker.api.models import ApiToken
from tracker.models import InformationRequest, OwnerUpdate, Recommendation

pytestmark = pytest.mark.django_db


def test_the_openapi_document_validates_and_the_docs_are_served_from_here(client):
    response = client.get("/openapi.json", follow=True)
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert "/api/v1/outstanding/" in document["paths"]
    assert "/api/v1/search/" in document["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    body = docs.content.decode()
    assert 'id="outstanding_retrieve"' in body  # made here, from the document
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", body)  # no CDN
    index = client.get("/api/").json()
    assert index["openapi"] == reverse("api:schema")
    # Every operation of the document is listed, the actions on an item too.
    assert set(index["operations"]) == set(document["paths"])
    assert index["operations"]["/api/v1/requests/{id}/owner/"] == ["POST"]
    assert index["operations"]["/api/v1/recommendations/{id}/"] == ["GET"]
    assert index["operations"]["/api/v1/requests/"] == ["GET", "POST"]


def test_an_exempt_item_is_only_its_paragraph_to_the_public(world):
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    url = reverse("api:meeting-detail", kwargs={"pk": january.pk})
    public = client_with(None).get(url).json()
    exempt = [item for item in public["agenda_items"] if item["is_exempt"]]
    assert exempt
    for item in exempt:
        assert item["title"] is None and item["notes"] is None and item["resolutions"] is None
        assert item["public_label"].startswith(
            f"Taken in private under paragraph {item['exempt_paragraph']}"
        )
    member = as_principal("councillor").get(url).json()
    titles = {item["number"]: item["title"] for item in member["agenda_items"]}
    twelve = AgendaItem.objects.get(meeting=january, number=12)
    assert titles[12] == twelve.title
    # The exempt request: gone for the public, there for the committee's member.
    request_url = reverse("api:request-detail", kwargs={"pk": world["exempt_request"].pk})
    assert client_with(None).get(request_url).status_code == 404
    assert as_principal("other_councillor").get(request_url).status_code == 404
    assert as_principal("councillor").get(request_url).status_code == 200


def _history_reasons(model, pk):
    return list(
        model.history.filter(id=pk)
        .order_by("history_id")
        .values_list("history_change_reason", "history_user__username")
    )


def test_an_update_sent_and_accepted_through_the_api_is_in_history_with_the_tokens(world):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R06")
    owner = client_with(token_for("owner", name="Children's services case system"))
    response = owner.post(
        reverse("api:recommendation-update", kwargs={"pk": recommendation.pk}),
        {"progress_note": "The handbook is drafted."},
        format="json",
    )
    assert response.status_code == 201, response.content
    update = OwnerUpdate.objects.get(pk=response.json()["id"])
    assert _history_reasons(OwnerUpdate, update.pk) == [
        (
            "Update submitted by the owner (via API token “Children's services case system”)",
            "owner",
        )
    ]
    officer = client_with(token_for("officer", name="Scrutiny team's tracker sync"))
    url = reverse("api:update-review", kwargs={"pk": update.pk})
    read = officer.get(reverse("api:update-detail", kwargs={"pk": update.pk}))
    accepted = officer.post(
        url, {"decision": "accept", "note": "Thank you"}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    reason, who = _history_reasons(OwnerUpdate, update.pk)[-1]
    assert who == "officer"
    assert reason == "Update accepted: Thank you (via API token “Scrutiny team's tracker sync”)"
    detail = officer.get(reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk}))
    assert any(
        "Scrutiny team's tracker sync" in entry["reason"] for entry in detail.json()["history"]
    )


def test_a_stale_if_match_is_refused_and_changes_nothing(world):
    recommendation = world["recommendation"]  # R02, with the owner's update waiting
    officer = as_principal("officer")
    url = reverse("api:recommendation-detail", kwargs={"pk": recommendation.pk})
    etag = officer.get(url)["ETag"]
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))
    category = recommendation.inquiry.assessment_scale.categories.filter(
        ends_tracking=False
    ).first()
    assess = reverse("api:recommendation-assess", kwargs={"pk": recommendation.pk})
    body = {"assessment": category.pk, "meeting": meeting.pk}
    missing = officer.post(assess, body, format="json")
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    # Someone else changes the recommendation after it was read.
    from tracker.items.services import recommendation_revise_due_date

    recommendation_revise_due_date(
        recommendation=recommendation,
        new_date=dt.date(2019, 6, 30),
        decided_on=dt.date(2019, 2, 13),
        by_user=get_user_model().objects.get(username="admin"),
        reason="Agreed at the meeting",
    )
    rows = Recommendation.history.filter(id=recommendation.pk).count()
    stale = officer.post(assess, body, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "edit_conflict"
    assert Recommendation.history.filter(id=recommendation.pk).count() == rows
    fresh = officer.get(url)["ETag"]
    assert fresh != etag
    done = officer.post(assess, body, format="json", HTTP_IF_MATCH=fresh)
    assert done.status_code == 200, done.content
    assert Recommendation.objects.get(pk=recommendation.pk).current_assessment == category


def test_tokens_are_scoped_as_their_person(world):
    recommendation = world["recommendation"]
    update_url = reverse("api:recommendation-update", kwargs={"pk": recommendation.pk})
    # Another owner's token cannot report on what they do not own.
    refused = as_principal("other_owner").post(update_url, {"progress_note": "Mine?"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    # Another committee's officer cannot review this committee's update.
    review = reverse("api:update-review", kwargs={"pk": world["update"].pk})
    other = as_principal("other_officer").post(review, {"decision": "accept"}, HTTP_IF_MATCH="1")
    assert other.status_code in {403, 404}
    # ... nor record a request at this committee's meeting.
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    made = as_principal("other_officer").post(
        reverse("api:request-list"), {"meeting": january.pk, "text": "A list of placements."}
    )
    assert made.status_code == 403
    assert not InformationRequest.objects.filter(text="A list of placements.").exists()
    # The committee's officer can, and history says so.
    made = as_principal("officer").post(
        reverse("api:request-list"),
        {"meeting": january.pk, "agenda_item": 6, "text": "A list of placements."},
        format="json",
    )
    assert made.status_code == 201, made.content
    item = InformationRequest.objects.get(text="A list of placements.")
    assert _history_reasons(InformationRequest, item.pk) == [
        ("Request recorded (via API token “Case management system”)", "officer")
    ]
    # Nobody signed in: 401, naming the scheme.
    anonymous = client_with(None).post(update_url, {"progress_note": "x"})
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Bearer"


def test_errors_name_the_fields(world):
    owner = as_principal("owner")
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R06")
    response = owner.post(
        reverse("api:recommendation-update", kwargs={"pk": recommendation.pk}),
        {"progress_note": "", "evidence_link": "not a link"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    assert set(body["fields"]) == {"progress_note", "evidence_link"}
    assert not OwnerUpdate.objects.filter(recommendation=recommendation).exists()
    bad = client_with(None).get(reverse("api:outstanding"), {"sort": "colour"})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"sort"}
    missing = client_with(None).get(reverse("api:meeting-detail", kwargs={"pk": 999999}))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_a_token_is_stored_hashed_never_logged_and_stops_when_revoked(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    owner = get_user_model().objects.get(username="owner")
    client.force_login(owner)
    page = client.post(reverse("api_tokens"), {"name": "Performance system"})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=owner, name="Performance system")
    value = page.context["value"]
    assert value.startswith(token.prefix) and len(value) > 40
    # The value is shown once: the page does not show it again.
    assert value not in client.get(reverse("api_tokens")).content.decode()
    api = client_with(value)
    assert api.get(reverse("api:update-list")).status_code == 403  # signed in, not an officer
    assert api.get(reverse("api:committee-list")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    # Nowhere in the database: every text column of every table, and not in the logs.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # table names from the schema itself
            for row in cursor.fetchall():
                assert not any(isinstance(v, str) and value in v for v in row), table
    assert value not in caplog.text
    assert value[len(token.prefix) :] not in caplog.text
    # Revoked: refused from the next request on.
    revoked = client.post(reverse("api_token_revoke", kwargs={"pk": token.pk}))
    assert revoked.status_code == 302
    refused = api.get(reverse("api:committee-list"))
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    # Someone else cannot revoke it, or even find it.
    other = ApiToken.objects.create(user=owner, name="x", prefix="st_x", digest="0" * 64)
    client.force_login(get_user_model().objects.get(username="officer"))
    assert client.post(reverse("api_token_revoke", kwargs={"pk": other.pk})).status_code == 404
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None


def test_the_outstanding_list_pages_by_cursor_at_a_fixed_cost(world):
    api = as_principal("officer")
    url = reverse("api:outstanding")
    everything = api.get(url, {"page_size": 100}).json()
    assert everything["next"] is None
    expected = [(row["kind"], row["id"]) for row in everything["results"]]
    assert len(expected) > 6
    seen, next_url = [], f"{url}?page_size=3"
    while next_url:
        page = api.get(next_url).json()
        seen += [(row["kind"], row["id"]) for row in page["results"]]
        next_url = page["next"]
        if len(seen) == 3:
            # An item added before the cursor does not shift the pages after it.
            InformationRequest.objects.create(
                meeting=Meeting.objects.get(date=dt.date(2019, 1, 16)),
                text="Added while paging",
                due_date=dt.date(2000, 1, 1),
            )
    assert seen == expected
    # Descending by another column, with filters: the page's own.
    rows = api.get(url, {"sort": "-reference", "kind": "recommendation"}).json()["results"]
    assert {row["kind"] for row in rows} == {"recommendation"}
    references = [row["reference"] for row in rows]
    assert references == sorted(references, reverse=True)
    # The number of queries does not grow with the page size.
    counts = []
    for size in (2, 40):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_public_does_not_see_exempt_requests_in_the_list_or_the_search(world):
    public = client_with(None)
    rows = public.get(reverse("api:outstanding"), {"page_size": 100}).json()["results"]
    assert world["exempt_request"].pk not in {r["id"] for r in rows if r["kind"] == "request"}
    found = public.get(reverse("api:search"), {"q": "canary"}).json()
    text = json.dumps(found)
    assert "Exempt canary" not in text and "Public canary" in text
    member = as_principal("councillor").get(reverse("api:search"), {"q": "canary"}).json()
    assert "Exempt canary" in json.dumps(member)


def test_rate_limits_answer_429_with_retry_after(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_address": "1000/hour", "api_token": "2/minute"},
    }
    api = as_principal("owner")
    url = reverse("api:committee-list")
    assert [api.get(url).status_code for _ in range(2)] == [200, 200]
    limited = api.get(url)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["code"] == "throttled"
    # Per address too, for everyone.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_address": "1/minute", "api_token": "1000/hour"},
    }
    public = client_with(None)
    public.get(reverse("api:meeting-list"))
    assert public.get(reverse("api:meeting-list")).status_code == 429


LISTS = [
    "api:committee-list",
    "api:membership-list",
    "api:meeting-list",
    "api:resolution-list",
    "api:work-programme",
    "api:kpi-report-list",
    "api:recommendation-list",
    "api:request-list",
    "api:outstanding",
]


@pytest.mark.parametrize("principal", ["public", "councillor"])
def test_no_list_reads_more_for_a_longer_page(world, principal):
    api = as_principal(principal)
    api.get(reverse("api:committee-list"))  # a first request, before the counts
    for name in LISTS:
        counts = []
        for size in (1, 60):
            with CaptureQueriesContext(connection) as queries:
                response = api.get(reverse(name), {"page_size": size})
            assert response.status_code == 200, name
            counts.append(len(queries))
        assert counts[0] == counts[1], (name, counts)


def test_a_rule_of_the_model_is_an_error_of_its_field(world):
    """A due date outside the window every date is kept in (the model's own validation,
    met inside the service) comes back as that field's error, whole."""
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    response = as_principal("officer").post(
        reverse("api:request-list"),
        {"meeting": january.pk, "text": "Figures by ward.", "due_date": "2150-01-01"},
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["due_date"]
    assert all(len(message) > 1 for message in body["fields"]["due_date"])
    assert not InformationRequest.objects.filter(text="Figures by ward.").exists()
