"""An officer invites a responsible officer, who sets a password from the invitation's
link and sends an update on an item they own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "corporate parenting 2019"


def _an_owner_without_a_sign_in():
    """Someone in the record who owns an open item and has never signed in."""
    from committees.models import Person
    from tracker.models import InformationRequest, Recommendation

    today = timezone.localdate()
    for person in Person.objects.filter(user=None).order_by("name"):
        for items in (Recommendation.objects, InformationRequest.objects):
            if items.outstanding().owned_by(person, today).exists():
                return person
    raise AssertionError("the demo record has no owner without a sign-in")


def test_officer_invites_an_owner_who_sets_a_password_and_sends_an_update(
    demo_live, page, mailoutbox
):
    owner = _an_owner_without_a_sign_in()
    email = owner.email or "invited.owner@example.org"

    sign_in(page, demo_live, "officer")
    page.goto(f"{demo_live}/committees/")
    page.get_by_role("link", name=re.compile("Children")).first.click()
    page.get_by_role("link", name="People and sign-ins").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People and sign-ins")
    page.get_by_role("button", name="Invite someone").click()

    page.get_by_label("Full name").fill(owner.name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Responsible officer").check()
    page.get_by_label("Reason").fill("Owns items the committee tracks")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "We have emailed them with a link to set a password"
    )
    page.get_by_role("button", name="Sign out").click()

    [message] = mailoutbox
    assert message.to == [email.lower()]
    link = re.search(r"http://\S+/set-password/\S+/", message.body).group(0)
    path = urlsplit(link).path

    page.goto(f"{demo_live}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert_no_axe_violations(page, "set-password")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill("something else")
    page.get_by_role("button", name="Set the password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page, "set-password-error")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is set")

    # The link worked once.
    page.goto(f"{demo_live}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")

    page.goto(f"{demo_live}/sign-in/")
    page.get_by_label("Username").fill(email.lower())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My items").click()
    page.get_by_role("link", name=re.compile(r"^Send an update")).first.click()
    page.get_by_label("Progress since the last update").fill("Work has started on this.")
    page.get_by_role("button", name="Send update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    from tracker.models import OwnerUpdate

    sent = OwnerUpdate.objects.get(progress_note="Work has started on this.")
    assert sent.submitted_by.person.name == owner.name
