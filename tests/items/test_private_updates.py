"""An owner's update is private until it is accepted: the public, and councillors of other
committees, never read a pending or sent-back update, nor the note sending it back."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tracker.access import Access
from tracker.items.services import owner_update_accept, owner_update_return, owner_update_submit
from tracker.models import OwnerUpdate

pytestmark = pytest.mark.django_db

PENDING = "Pending canary: the draft plan, not yet reviewed."
RETURNED = "Returned canary: figures that did not add up."
SENT_BACK = "Sent-back canary: the officer's note on what to put right."
ACCEPTED = "Accepted canary: the plan agreed by Cabinet."
SECRETS = (PENDING, RETURNED, SENT_BACK)


@pytest.fixture
def updates(world):  # noqa: F811
    users = get_user_model().objects
    owner, officer = users.get(username="owner"), users.get(username="officer")
    recommendation, request = world["recommendation"], world["public_request"]
    # The matrix's own pending update is replaced by ones carrying canaries.
    OwnerUpdate.objects.filter(pk=world["update"].pk).delete()
    accepted = owner_update_submit(item=recommendation, by_user=owner, progress_note=ACCEPTED)
    owner_update_accept(update=accepted, by_user=officer)
    returned = owner_update_submit(item=recommendation, by_user=owner, progress_note=RETURNED)
    owner_update_return(update=returned, by_user=officer, reason=SENT_BACK)
    owner_update_submit(item=recommendation, by_user=owner, progress_note=PENDING)
    owner_update_submit(item=request, by_user=owner, progress_note=PENDING)
    return world


def _pages(record) -> list[str]:
    return [
        reverse("recommendation_detail", kwargs={"pk": record["recommendation"].pk}),
        reverse("request_detail", kwargs={"pk": record["public_request"].pk}),
    ]


OUTSIDERS = ["public", "other_councillor", "other_owner", "other_officer"]


@pytest.mark.parametrize("principal", OUTSIDERS)
def test_outsiders_see_only_accepted_updates(client, updates, principal):
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    recommendation_page, request_page = (client.get(url) for url in _pages(updates))
    assert recommendation_page.status_code == request_page.status_code == 200
    for response in (recommendation_page, request_page):
        body = html.unescape(response.content.decode())
        for secret in SECRETS:
            assert secret not in body, (principal, secret)
        assert "Sent back" not in body
    assert ACCEPTED in html.unescape(recommendation_page.content.decode())


@pytest.mark.parametrize("principal", ["owner", "councillor", "officer"])
def test_the_owner_the_committee_s_members_and_its_officers_see_every_update(
    client, updates, principal
):
    client.force_login(get_user_model().objects.get(username=principal))
    recommendation_page, request_page = (
        html.unescape(client.get(url).content.decode()) for url in _pages(updates)
    )
    for text in (*SECRETS, ACCEPTED):
        assert text in recommendation_page, (principal, text)
    assert PENDING in request_page


def test_the_public_read_only_accepted_updates(updates):
    public = OwnerUpdate.objects.visible_to(Access(AnonymousUser()))
    assert set(public.values_list("status", flat=True)) == {OwnerUpdate.Status.ACCEPTED}
