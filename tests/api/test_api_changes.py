"""The scrutiny officers' changes through the API: a new due date, a request's new owner,
a withdrawal, a request marked provided. Each goes through the page's form and service:
history says who, why and through which token; a stale If-Match is 412 and none is 428,
changing nothing; bad input names its fields and changes nothing; a body that is not JSON
is 415. And a token's last use is noted on every request it authenticates, refused or not.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Meeting, Person, Post
from tests.support.api import client_with, token_for
from tests.support.checksums import database_checksum
from tracker.api.models import ApiToken
from tracker.api.tokens import api_token_revoke
from tracker.items.services import (
    information_request_revise_due_date,
    information_request_withdraw,
    recommendation_revise_due_date,
)
from tracker.models import DueDateRevision, InformationRequest, Recommendation

pytestmark = pytest.mark.django_db

TOKEN = "Scrutiny team's tracker sync"
VIA = f"(via API token “{TOKEN}”)"


@pytest.fixture
def officer(world):
    return client_with(token_for("officer", name=TOKEN))


def _etag(api, name: str, pk: int) -> str:
    response = api.get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 200
    return response["ETag"]


def _last_history(model, pk: int) -> tuple[str, str]:
    row = model.history.filter(id=pk).order_by("-history_id").select_related("history_user")[0]
    return row.history_change_reason, row.history_user.username


def _unchanged(before: dict) -> bool:
    after = database_checksum()
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return changed <= {"tracker.ApiToken"}


def test_a_new_due_date_is_recorded_with_its_reason_and_the_token(world, officer):
    recommendation = world["recommendation"]
    anchor, _ = recommendation.due_date_anchor()
    new_date = anchor + dt.timedelta(days=120)
    etag = _etag(officer, "api:recommendation-detail", recommendation.pk)
    url = reverse("api:recommendation-due-date", kwargs={"pk": recommendation.pk})
    body = {
        "new_date": new_date.isoformat(),
        "reason": "Agreed at the February meeting",
        "decided_on": "2019-02-13",
    }
    # The owner may report on it, but not move its date.
    owner = client_with(token_for("owner"))
    assert owner.post(url, body, format="json", HTTP_IF_MATCH=etag).status_code == 403
    response = officer.post(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == new_date.isoformat()
    assert response["ETag"] != etag
    assert response["ETag"] == _etag(officer, "api:recommendation-detail", recommendation.pk)
    assert _last_history(Recommendation, recommendation.pk) == (
        f"Due date revised: Agreed at the February meeting {VIA}",
        "officer",
    )
    revision = DueDateRevision.objects.get(recommendation=recommendation)
    assert (revision.new_date, revision.decided_on) == (new_date, dt.date(2019, 2, 13))

    request = world["public_request"]
    etag = _etag(officer, "api:request-detail", request.pk)
    response = officer.post(
        reverse("api:request-due-date", kwargs={"pk": request.pk}),
        {"new_date": "2019-03-29", "reason": "The service asked for longer", "decided_on": ""},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"decided_on"}
    response = officer.post(
        reverse("api:request-due-date", kwargs={"pk": request.pk}),
        {
            "new_date": "2019-03-29",
            "reason": "The service asked for longer",
            "decided_on": "2019-02-13",
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == "2019-03-29"
    assert _last_history(InformationRequest, request.pk) == (
        f"Due date revised: The service asked for longer {VIA}",
        "officer",
    )


def test_a_request_is_given_to_a_person_or_a_post(world, officer):
    request = world["public_request"]
    url = reverse("api:request-owner", kwargs={"pk": request.pk})
    person = Person.objects.get(name="Anne Ainsworth")
    response = officer.post(
        url,
        {"owner_person": person.pk, "reason": "She leads the service"},
        format="json",
        HTTP_IF_MATCH=_etag(officer, "api:request-detail", request.pk),
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == person.name
    assert _last_history(InformationRequest, request.pk) == (
        f"Owner changed: She leads the service {VIA}",
        "officer",
    )
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    response = officer.post(
        url,
        {"owner_post": post.pk, "reason": "Back to the portfolio"},
        format="json",
        HTTP_IF_MATCH=response["ETag"],
    )
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert (request.owner_post, request.owner_person) == (post, None)


def test_withdrawing_a_request_and_a_recommendation(world, officer):
    request = world["exempt_request"]
    url = reverse("api:request-withdraw", kwargs={"pk": request.pk})
    etag = _etag(officer, "api:request-detail", request.pk)
    response = officer.post(url, {"reason": "No longer needed"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == InformationRequest.Status.WITHDRAWN
    assert _last_history(InformationRequest, request.pk) == (
        f"Withdrawn: No longer needed {VIA}",
        "officer",
    )
    # Withdrawn already: refused with the reason, and nothing changes.
    before = database_checksum()
    again = officer.post(url, {"reason": "Twice"}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert again.status_code == 400
    assert again.json()["message"] == "This request has already been withdrawn."
    assert _unchanged(before)

    recommendation = world["recommendation"]
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))
    url = reverse("api:recommendation-withdraw", kwargs={"pk": recommendation.pk})
    response = officer.post(
        url,
        {"meeting": february.pk, "reason": "Overtaken by the new strategy"},
        format="json",
        HTTP_IF_MATCH=_etag(officer, "api:recommendation-detail", recommendation.pk),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["withdrawn_on"], body["is_outstanding"]) == (
        "Withdrawn",
        "2019-02-13",
        False,
    )
    assert _last_history(Recommendation, recommendation.pk) == (
        "Withdrawn by the committee at its meeting of 13 February 2019: "
        f"Overtaken by the new strategy {VIA}",
        "officer",
    )


def test_a_request_marked_provided(world, officer):
    request = world["public_request"]
    url = reverse("api:request-provided", kwargs={"pk": request.pk})
    etag = _etag(officer, "api:request-detail", request.pk)
    response = officer.post(
        url,
        {"provided_on": "2019-02-01", "how": "Circulated to Members by email"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["provided_on"], body["provided_how"]) == (
        InformationRequest.Status.PROVIDED,
        "2019-02-01",
        "Circulated to Members by email",
    )
    assert _last_history(InformationRequest, request.pk) == (
        f"Marked provided by the scrutiny officer {VIA}",
        "officer",
    )


def _endpoints(world):
    """Each new write: (url name, the item, the detail's url name, a valid body)."""
    recommendation, request = world["recommendation"], world["public_request"]
    anchor, _ = recommendation.due_date_anchor()
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))
    return {
        "api:recommendation-due-date": (
            recommendation,
            "api:recommendation-detail",
            {
                "new_date": (anchor + dt.timedelta(days=60)).isoformat(),
                "reason": "Agreed",
                "decided_on": "2019-02-13",
            },
        ),
        "api:recommendation-withdraw": (
            recommendation,
            "api:recommendation-detail",
            {"meeting": february.pk, "reason": "Overtaken"},
        ),
        "api:request-due-date": (
            request,
            "api:request-detail",
            {"new_date": "2019-03-29", "reason": "Agreed", "decided_on": "2019-02-13"},
        ),
        "api:request-owner": (
            request,
            "api:request-detail",
            {"owner_person": Person.objects.get(name="Anne Ainsworth").pk, "reason": "Hers"},
        ),
        "api:request-withdraw": (request, "api:request-detail", {"reason": "Not needed"}),
        "api:request-provided": (
            request,
            "api:request-detail",
            {"provided_on": "2019-02-01", "how": "By email"},
        ),
    }


NEW_WRITES = [
    "api:recommendation-due-date",
    "api:recommendation-withdraw",
    "api:request-due-date",
    "api:request-owner",
    "api:request-withdraw",
    "api:request-provided",
]


@pytest.mark.parametrize("name", NEW_WRITES)
def test_each_change_needs_the_version_it_was_made_against(world, officer, name):
    item, detail, body = _endpoints(world)[name]
    url = reverse(name, kwargs={"pk": item.pk})
    etag = _etag(officer, detail, item.pk)
    before = database_checksum()
    missing = officer.post(url, body, format="json")
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    assert _unchanged(before)
    # Someone else changes the item after it was read.
    admin = get_user_model().objects.get(username="admin")
    if isinstance(item, Recommendation):
        anchor, _ = item.due_date_anchor()
        recommendation_revise_due_date(
            recommendation=item,
            new_date=anchor + dt.timedelta(days=200),
            decided_on=dt.date(2019, 2, 13),
            by_user=admin,
            reason="Agreed elsewhere",
        )
    else:
        information_request_revise_due_date(
            request=item,
            new_date=dt.date(2019, 4, 30),
            decided_on=dt.date(2019, 2, 13),
            by_user=admin,
            reason="Agreed elsewhere",
        )
    before = database_checksum()
    for stale in (etag, '"not-a-version"', '"' + "9" * 40 + '"'):
        response = officer.post(url, body, format="json", HTTP_IF_MATCH=stale)
        assert response.status_code == 412, (stale, response.content)
        assert response.json()["code"] == "edit_conflict"
        assert response.json()["fields"] == {}
    # The precondition comes before the body: a stale version with a bad body is still 412.
    assert officer.post(url, {}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert _unchanged(before)
    fresh = _etag(officer, detail, item.pk)
    assert officer.post(url, body, format="json", HTTP_IF_MATCH=fresh).status_code == 200


BAD_INPUT = {
    "api:recommendation-due-date": (
        {"new_date": "2019-02-31", "reason": "", "decided_on": "soon"},
        {"new_date", "reason", "decided_on"},
    ),
    "api:recommendation-withdraw": ({"meeting": 999999, "reason": ""}, {"meeting", "reason"}),
    "api:request-due-date": (
        {"new_date": "2150-01-01", "decided_on": "2019-02-13"},
        {"new_date", "reason"},
    ),
    "api:request-owner": ({"owner_post": 999999, "reason": ""}, {"owner_post", "reason"}),
    "api:request-withdraw": ({"reason": ""}, {"reason"}),
    "api:request-provided": (
        {"provided_on": "2999-01-01", "how": "x" * 6000},
        {"provided_on", "how"},
    ),
}


@pytest.mark.parametrize("name", NEW_WRITES)
def test_bad_input_names_each_field_and_changes_nothing(world, officer, name):
    item, detail, _ = _endpoints(world)[name]
    body, fields = BAD_INPUT[name]
    before = database_checksum()
    response = officer.post(
        reverse(name, kwargs={"pk": item.pk}),
        body,
        format="json",
        HTTP_IF_MATCH=_etag(officer, detail, item.pk),
    )
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["code"] == "invalid" and error["message"]
    assert set(error["fields"]) == fields
    assert all(messages and all(messages) for messages in error["fields"].values())
    assert _unchanged(before)


def test_an_owner_is_a_post_or_a_person_not_both(world, officer):
    request = world["public_request"]
    url = reverse("api:request-owner", kwargs={"pk": request.pk})
    etag = _etag(officer, "api:request-detail", request.pk)
    before = database_checksum()
    both = officer.post(
        url,
        {"owner_post": request.owner_post_id, "owner_person": 1, "reason": "Both"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert both.status_code == 400 and set(both.json()["fields"]) == {"owner_person"}
    neither = officer.post(url, {"reason": "Nobody"}, format="json", HTTP_IF_MATCH=etag)
    assert neither.status_code == 400 and set(neither.json()["fields"]) == {"owner_post"}
    same = officer.post(
        url,
        {"owner_post": request.owner_post_id, "reason": "The same"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert same.status_code == 400
    assert same.json()["message"] == "That is already the request's owner."
    assert _unchanged(before)


def test_a_request_withdrawn_is_not_marked_provided(world, officer):
    request = world["public_request"]
    information_request_withdraw(
        request=request,
        reason="Not needed",
        by_user=get_user_model().objects.get(username="admin"),
    )
    before = database_checksum()
    response = officer.post(
        reverse("api:request-provided", kwargs={"pk": request.pk}),
        {"provided_on": "2019-02-01"},
        format="json",
        HTTP_IF_MATCH=_etag(officer, "api:request-detail", request.pk),
    )
    assert response.status_code == 400
    assert "withdrawn" in response.json()["message"]
    assert _unchanged(before)


@pytest.mark.parametrize("name", [*NEW_WRITES, "api:update-review", "api:recommendation-assess"])
@pytest.mark.parametrize("encoding", ["multipart", "form"])
def test_a_body_that_is_not_json_is_refused_and_changes_nothing(world, officer, name, encoding):
    if name == "api:update-review":
        item, detail, body = world["update"], "api:update-detail", {"decision": "accept"}
    elif name == "api:recommendation-assess":
        item, detail = world["recommendation"], "api:recommendation-detail"
        body = {"assessment": 1, "meeting": 1}
    else:
        item, detail, body = _endpoints(world)[name]
    url = reverse(name, kwargs={"pk": item.pk})
    etag = _etag(officer, detail, item.pk)
    before = database_checksum()
    if encoding == "multipart":
        response = officer.post(url, body, format="multipart", HTTP_IF_MATCH=etag)
    else:
        response = officer.generic(
            "POST",
            url,
            "&".join(f"{key}={value}" for key, value in body.items()),
            content_type="application/x-www-form-urlencoded",
            HTTP_IF_MATCH=etag,
        )
    assert response.status_code == 415, response.content
    assert response.json() == {
        "code": "unsupported_media_type",
        "message": "Send the body as JSON, with the header Content-Type: application/json.",
        "fields": {},
    }
    assert _unchanged(before)


def test_the_document_describes_each_change(client):
    document = client.get(reverse("api:schema")).json()
    for path in (
        "/api/v1/recommendations/{id}/due-date/",
        "/api/v1/recommendations/{id}/withdrawal/",
        "/api/v1/requests/{id}/due-date/",
        "/api/v1/requests/{id}/owner/",
        "/api/v1/requests/{id}/withdrawal/",
        "/api/v1/requests/{id}/provided/",
    ):
        operation = document["paths"][path]["post"]
        assert set(operation["requestBody"]["content"]) == {"application/json"}, path
        assert {"400", "403", "404", "412", "415", "428"} <= set(operation["responses"]), path
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
        assert operation["requestBody"]["content"]["application/json"].get("examples"), path


# -- a token's last use ------------------------------------------------------------------------


def _token(value: str) -> ApiToken:
    return ApiToken.objects.get(prefix=value[:11], revoked_at__isnull=True)


def _forget_use(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)


def test_a_tokens_use_is_noted_on_every_request_it_authenticates_refused_or_not(
    world, settings, caplog
):
    caplog.set_level(logging.DEBUG)
    value = token_for("other_owner", name="Partner system")
    token = _token(value)
    api = client_with(value)
    exempt = reverse("api:request-detail", kwargs={"pk": world["exempt_request"].pk})
    request = world["public_request"]
    withdraw = reverse("api:request-withdraw", kwargs={"pk": request.pk})
    officer_value = token_for("officer", name="Sync")
    officer = client_with(officer_value)
    stale = _etag(officer, "api:request-detail", request.pk)
    information_request_withdraw(
        request=request, reason="Not needed", by_user=get_user_model().objects.get(username="admin")
    )
    refusals = [
        (api, value, lambda: api.get(reverse("api:update-list")), 403),
        (api, value, lambda: api.get(exempt), 404),
        (
            officer,
            officer_value,
            lambda: officer.post(withdraw, {"reason": "x"}, format="json", HTTP_IF_MATCH=stale),
            412,
        ),
    ]
    for _, token_value, send, status in refusals:
        used = _token(token_value)
        _forget_use(used)
        assert send().status_code == status
        used.refresh_from_db()
        assert used.last_used_at is not None, status
    # Over the rate limit: refused, and noted.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_address": "1000/hour", "api_token": "1/minute"},
    }
    assert api.get(reverse("api:committee-list")).status_code == 200
    _forget_use(token)
    assert api.get(reverse("api:committee-list")).status_code == 429
    token.refresh_from_db()
    assert token.last_used_at is not None
    # Each use moves it on.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    api.get(reverse("api:committee-list"))
    token.refresh_from_db()
    assert token.last_used_at.year > 2019
    for secret in (value, officer_value):
        assert secret not in caplog.text


def test_a_revoked_or_unknown_token_notes_nothing(world):
    value = token_for("owner")
    token = _token(value)
    api_token_revoke(token=token, by_user=token.user)
    before = database_checksum()
    assert client_with(value).get(reverse("api:committee-list")).status_code == 401
    assert client_with("st_" + "x" * 43).get(reverse("api:committee-list")).status_code == 401
    assert database_checksum() == before
    token.refresh_from_db()
    assert token.last_used_at is None
