"""What a request can change, and what it cannot.

- Reading a page (GET) changes nothing, for anyone: every table, history included, is the
  same before and after every page of the permission matrix has been read by everyone.
- A POST without the form's CSRF token is refused (403) and changes nothing, on every page,
  even for a signed-in officer whose browser sends the CSRF cookie.
- A responsible officer's update form changes only its own pending update, whatever else
  a crafted POST sends.

The pages come from the permission matrix in tests/support/permissions.py (which must name
every URL pattern), so a new page is covered here as soon as it has rows there.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from committees.models import Meeting, Person, Post
from tests.support.checksums import database_checksum, differences
from tests.support.demo import DEMO_PASSWORD
from tests.support.permissions import MATRIX, PRINCIPALS
from tracker.models import AssessmentCategory, OwnerUpdate, Recommendation

pytestmark = pytest.mark.django_db


def matrix_urls(objects: dict) -> list[str]:
    return [
        reverse(name, kwargs=build(objects))
        for name, variants in MATRIX.items()
        for build, _ in variants.values()
    ]


def admin_urls() -> list[str]:
    """The admin's list, change, history and delete-confirmation pages of each model."""
    urls = []
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        first = model._base_manager.order_by("pk").first()
        if first is not None:
            for page in ("change", "history", "delete"):
                urls.append(reverse(f"{prefix}_{page}", args=[first.pk]))
    return urls


def read(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:  # an export writes its rows as they are read: read them all
        b"".join(response.streaming_content)
    return response.status_code


def sign_in(client: Client, principal: str) -> Client:
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    return client


# -- GET changes nothing ------------------------------------------------------------------


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_reading_every_page_changes_nothing(client, world, principal):
    sign_in(client, principal)  # signing in writes (session, last login): before the sums
    urls = matrix_urls(world) + [
        f"{reverse('outstanding')}?export=csv",
        f"{reverse('outstanding')}?export=xlsx",
        f"{reverse('outstanding')}?overdue=on&page=2",
    ]
    if principal == "admin":
        urls += admin_urls()
    before = database_checksum()
    statuses = {url: read(client, url) for url in urls}
    assert differences(before, database_checksum()) == {}
    assert 200 in statuses.values()  # the pages were read, not all refused


def test_the_checksum_sees_a_change_to_any_row_history_included(world):
    before = database_checksum()
    recommendation = world["recommendation"]
    Recommendation.objects.filter(pk=recommendation.pk).update(responsibility="Changed")
    assert set(differences(before, database_checksum())) == {"tracker.Recommendation"}
    before = database_checksum()
    recommendation.history.filter(pk=recommendation.history.first().pk).update(
        history_change_reason="Rewritten"
    )
    assert set(differences(before, database_checksum())) == {"tracker.HistoricalRecommendation"}


# -- POST needs the CSRF token ------------------------------------------------------------


def _march(objects) -> int:
    return Meeting.objects.get(committee=objects["committee"], date="2019-03-13").pk


def _achieved() -> int:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label="Achieved").pk


# What each form would accept: a forged POST would change something were it not refused.
PAYLOADS = {
    "recommendation_update": lambda o: {"progress_note": "Forged progress."},
    "request_update": lambda o: {"progress_note": "Forged progress."},
    "update_review": lambda o: {"decision": "return", "note": "Forged review."},
    "recommendation_assess": lambda o: {"assessment": _achieved(), "meeting": _march(o)},
    "recommendation_revise": lambda o: {
        "new_date_0": "30",
        "new_date_1": "9",
        "new_date_2": "2019",
        "reason": "Forged revision.",
        "decided_on_0": "13",
        "decided_on_1": "2",
        "decided_on_2": "2019",
    },  # fmt: skip
    "request_withdraw": lambda o: {"reason": "Forged withdrawal."},
    "request_provided": lambda o: {
        "provided_on_0": "20",
        "provided_on_1": "2",
        "provided_on_2": "2019",
        "how": "Forged.",
    },  # fmt: skip
    "request_revise": lambda o: {
        "new_date_0": "30",
        "new_date_1": "9",
        "new_date_2": "2019",
        "reason": "Forged.",
        "decided_on_0": "13",
        "decided_on_1": "2",
        "decided_on_2": "2019",
    },  # fmt: skip
    # The first person of the record, whatever its id (PostgreSQL's ids do not restart at 1).
    "request_owner": lambda o: {
        "owner": f"person-{Person.objects.order_by('pk').values_list('pk', flat=True)[0]}",
        "reason": "Forged owner.",
    },
    "login": lambda o: {"username": "officer", "password": DEMO_PASSWORD},
    "inquiry_executive": lambda o: {
        "sent_to_executive_on_0": "4",
        "sent_to_executive_on_1": "4",
        "sent_to_executive_on_2": "2017",
        "review_cadence": "quarterly",
    },  # fmt: skip
    "recommendation_response": lambda o: {
        "response": "rejected",
        "responded_on_0": "1",
        "responded_on_1": "6",
        "responded_on_2": "2017",
        "reason": "Forged rejection.",
    },  # fmt: skip
    "impact_note_add": lambda o: {
        "noted_on_0": "14",
        "noted_on_1": "3",
        "noted_on_2": "2019",
        "difference": "Forged difference.",
        "evidence_text": "Forged evidence.",
    },  # fmt: skip
}


def test_a_post_without_the_csrf_token_is_refused_everywhere_and_changes_nothing(world, caplog):
    officer = get_user_model().objects.get(username="officer")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    browser.get(reverse("dashboard"))  # the browser holds the CSRF cookie, as a victim's would
    assert "csrftoken" in browser.cookies
    before = database_checksum()
    accepted = []
    for name, variants in MATRIX.items():
        for variant, (build, _) in variants.items():
            url = reverse(name, kwargs=build(world))
            data = PAYLOADS.get(name, lambda o: {})(world)
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
                response = browser.post(url, data)
            refused_for_csrf = response.status_code == 403 and any(
                r.name == "django.security.csrf" for r in caplog.records
            )
            if not refused_for_csrf:
                accepted.append((name, variant, response.status_code))
            if name.startswith("api:") and name != "api:docs":
                # The API answers in its own shape, saying why.
                body = response.json()
                assert body["code"] == "permission_denied", name
                assert body["message"].startswith("CSRF Failed"), name
                continue
            # The service's own page, saying what to do, not Django's technical one.
            assert "Your answers could not be sent" in response.content.decode(), name
    assert accepted == []
    assert differences(before, database_checksum()) == {}
    assert read(browser, reverse("my_items")) == 200  # still signed in: sign-out was refused


# The same posts with the token do change the record: the refusals above are the token's.
CONTROLS = [
    ("update_review", "public", lambda o: {"decision": "accept"}),  # frees R02 for ...
    ("recommendation_update", "", PAYLOADS["recommendation_update"]),  # ... a new update
    ("request_update", "public", PAYLOADS["request_update"]),
    ("recommendation_assess", "", PAYLOADS["recommendation_assess"]),
    ("impact_note_add", "", PAYLOADS["impact_note_add"]),  # R02 is closed now
    ("inquiry_executive", "", PAYLOADS["inquiry_executive"]),
    ("recommendation_response", "", PAYLOADS["recommendation_response"]),
    ("recommendation_revise", "", PAYLOADS["recommendation_revise"]),
    ("request_owner", "public", PAYLOADS["request_owner"]),
    ("request_revise", "public", PAYLOADS["request_revise"]),
    ("request_provided", "exempt", PAYLOADS["request_provided"]),
    ("request_withdraw", "public", PAYLOADS["request_withdraw"]),
    ("logout", "", lambda o: {}),
    ("login", "", PAYLOADS["login"]),
]


def test_the_same_posts_with_the_token_are_applied(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(get_user_model().objects.get(username="officer"))
    for name, variant, payload in CONTROLS:
        build, _ = MATRIX[name][variant]
        browser.get(reverse("dashboard"))  # a fresh CSRF cookie (signing in rotates it)
        token = browser.cookies["csrftoken"].value
        before = database_checksum()
        response = browser.post(
            reverse(name, kwargs=build(world)), {**payload(world), "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302, (name, response.status_code)
        assert differences(before, database_checksum()) != {}, name


# -- an owner changes only what an owner may ----------------------------------------------

CRAFTED = {
    # The item's own fields ...
    "owner_post": "{other_post}",
    "owner_person": "1",
    "responsibility": "Nobody",
    "due_date": "2030-01-01",
    "due_date_0": "1", "due_date_1": "1", "due_date_2": "2030",
    "original_due_date": "2030-01-01",
    "committee": "{committee}",
    "inquiry": "1",
    "meeting": "1",
    "agenda_item": "1",
    "is_exempt": "on",
    "current_assessment": "{achieved}",
    "tracking_ended_on": "2019-02-13",
    "next_tracking_date": "2030-01-01",
    "text": "Rewritten by the owner.",
    "code": "R99",
    "status": "withdrawn",
    "withdrawn_reason": "Owner withdrew it.",
    # ... and the review's, which only an officer sets.
    "submitted_by": "{officer}",
    "submitted_at": "2019-01-01 00:00",
    "reviewed_by": "{officer}",
    "reviewed_at": "2019-01-01 00:00",
    "review_note": "Accepted by the owner.",
    "recommendation": "{other_recommendation}",
    "request": "{other_request}",
    "history_user": "{officer}",
    "history_change_reason": "Nothing to see",
}  # fmt: skip


@pytest.mark.parametrize("kind", ["recommendation", "request"])
def test_a_crafted_owner_update_changes_nothing_but_its_own_pending_update(client, world, kind):
    owner = get_user_model().objects.get(username="owner")
    officer = get_user_model().objects.get(username="officer")
    if kind == "recommendation":
        # R06, also the owner's: R02 already has an update waiting.
        item = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R06")
        url = reverse("recommendation_update", kwargs={"pk": item.pk})
    else:
        item = world["public_request"]
        url = reverse("request_update", kwargs={"pk": item.pk})
    values = {
        "other_post": Post.objects.exclude(pk=item.owner_post_id).first().pk,
        "committee": world["committee"].pk,
        "achieved": _achieved(),
        "officer": officer.pk,
        "other_recommendation": world["recommendation"].pk,
        "other_request": world["exempt_request"].pk,
    }
    crafted = {key: value.format(**values) for key, value in CRAFTED.items()}
    client.force_login(owner)
    before = database_checksum()

    response = client.post(url, {**crafted, "progress_note": "Handbook drafted."})

    assert response.status_code == 302
    changed = differences(before, database_checksum())
    assert set(changed) == {"tracker.OwnerUpdate", "tracker.HistoricalOwnerUpdate"}
    update = OwnerUpdate.objects.latest("pk")
    assert update.item == item
    assert update.status == OwnerUpdate.Status.PENDING
    assert update.submitted_by == owner
    assert (update.reviewed_by, update.reviewed_at, update.review_note) == (None, None, "")
    assert update.progress_note == "Handbook drafted."
    assert update.history.get().history_user == owner
    counts = {label: (old[0], new[0]) for label, (old, new) in changed.items()}
    assert all(new == old + 1 for old, new in counts.values())  # one row added to each
