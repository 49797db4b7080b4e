"""The sign-in page in a real browser: council styling, accessibility, error state.

live_server makes pytest-django give these tests a transactional database, so users
made here are visible to the server thread.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

# Serialized rollback, as in every browser test: the flush after a transactional test
# otherwise takes the data the migrations wrote, and re-creates the content types under
# new ids, which breaks the next test that restores the serialized data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Sign in – Scrutiny Tracker"


def open_sign_in(live_server, page):
    response = page.goto(f"{live_server.url}/sign-in/")
    assert response is not None and response.status == 200
    return page


def test_static_build_is_served(live_server, page):
    # The live server serves STATICFILES_DIRS, so the built CSS must be there.
    response = page.request.get(f"{live_server.url}/static/build/app.css")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/css")
    css = response.text()
    assert "govuk-service-navigation" in css
    assert "GDS Transport" not in css
    assert page.request.get(f"{live_server.url}/static/build/govuk-frontend.min.js").ok


def test_sign_in_page_is_a_council_service_and_accessible(live_server, page):
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(error))
    open_sign_in(live_server, page)

    expect(page).to_have_title(TITLE)
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text("Scrutiny Tracker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    # No GOV.UK branding: no crown header, crown logo or royal arms.
    expect(page.locator(".govuk-header, .govuk-logo, .govuk-footer__crown")).to_have_count(0)
    expect(page.locator(".govuk-footer__copyright-logo")).to_have_count(0)
    # GOV.UK Frontend sets fonts on its classes, not on <body>.
    font = page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    assert "GDS Transport" not in font
    assert font.lower().startswith("arial")
    # app.mjs ran: GOV.UK Frontend's styles for supported browsers are switched on.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    assert script_errors == []
    # Nothing on the page is inline script or style (a strict CSP will forbid them).
    assert page.locator("script:not([src]), style, [style]").count() == 0

    assert_no_axe_violations(page, "empty form")


def test_empty_sign_in_shows_error_summary(live_server, page):
    open_sign_in(live_server, page)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(f"Error: {TITLE}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "#id_username",
        "#id_password",
    ]
    # Inline messages carry the hidden "Error:" prefix and describe their inputs.
    expect(page.locator("#id_username_error")).to_have_text("Error: This field is required.")
    expect(page.locator("#id_username")).to_have_attribute("aria-describedby", "id_username_error")
    expect(page.locator("#id_username")).to_have_class(re.compile(r"\bgovuk-input--error\b"))

    assert_no_axe_violations(page, "error state")

    links.first.click()
    expect(page.locator("#id_username")).to_be_focused()


def test_wrong_password_then_sign_in_and_out(live_server, page):
    get_user_model().objects.create_user("officer", password="correct horse battery")
    open_sign_in(live_server, page)

    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(f"Error: {TITLE}")
    # A whole-form error links to the first field.
    expect(page.locator(".govuk-error-summary a")).to_have_attribute("href", "#id_username")
    assert_no_axe_violations(page, "wrong password")

    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    expect(page.get_by_role("link", name="My items")).to_be_visible()

    sign_out.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
