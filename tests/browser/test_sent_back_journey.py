"""An owner's update is sent back: the owner is told by email at once, as they chose, and
sees the update sent back, with the reason, on their dashboard and on My items."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import new_context, sign_in, submit_owner_update

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REASON = "The evidence link opens a draft that Members cannot see: please attach the handbook."


def test_an_owner_hears_their_update_was_sent_back_and_sees_why(
    demo_live, page, browser, mailoutbox
):
    update = submit_owner_update("R02")
    owner_page = new_context(browser).new_page()
    try:
        # The owner, Councillor Kate Booth, chooses to hear at once.
        sign_in(owner_page, demo_live, "owner")
        owner_page.goto(f"{demo_live}/account/notifications/")
        owner_page.get_by_label("By email straight away, one email for each").check()
        owner_page.get_by_role("button", name="Save your settings").click()
        expect(owner_page.locator(".govuk-notification-banner")).to_contain_text("saved")

        # The scrutiny officer sends the update back, saying why.
        sign_in(page, demo_live, "officer")
        page.goto(f"{demo_live}/updates/{update.pk}/")
        page.get_by_label("Send it back to the owner").check()
        page.get_by_label("Reason or note").fill(REASON)
        page.get_by_role("button", name="Save decision").click()
        expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

        # One email, with the reason, straight away.
        sent = [m for m in mailoutbox if "owner@example.org" in m.to]
        assert len(sent) == 1, [m.subject for m in mailoutbox]
        assert sent[0].subject == "Scrutiny Tracker: your update was sent back"
        assert REASON in sent[0].body

        # The dashboard and My items say so, with the reason.
        owner_page.goto(f"{demo_live}/")
        row = owner_page.get_by_role("row").filter(has_text="R02")
        expect(row).to_contain_text("Update sent back")
        expect(row).to_contain_text(f"Reason: {REASON}")
        assert_no_axe_violations(owner_page, "the owner's dashboard with an update sent back")
        owner_page.get_by_role("link", name="All your items").click()
        owner_page.wait_for_url(re.compile(r"/my-items/"))
        row = owner_page.get_by_role("row").filter(has_text="R02")
        expect(row).to_contain_text("Update sent back")
        expect(row).to_contain_text(REASON)
    finally:
        owner_page.context.close()
