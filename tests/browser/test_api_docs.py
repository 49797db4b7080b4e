"""The API's documentation page, made on the server from the OpenAPI document: in a browser
it lists the operations, leads from its contents to each of them and to the page for
making a personal token, breaks no rule of the Content-Security-Policy, and passes axe
(WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_docs_page_lists_the_operations_and_how_to_use_a_token(demo_live, page):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    response = page.goto(f"{demo_live}/api/docs/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1, name="Scrutiny Tracker API")).to_be_visible()
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="GET /api/v1/outstanding/").click()
    operation = page.get_by_role("heading", level=3, name="GET /api/v1/outstanding/")
    expect(operation).to_be_in_viewport()
    assert page.url.endswith("#outstanding_retrieve")
    # Its parameters, as a table, and its answer's schema, one link away.
    parameters = page.get_by_role("table", name="Parameters of GET /api/v1/outstanding/")
    expect(parameters.get_by_role("rowheader", name="overdue")).to_be_visible()
    page.locator("#outstanding_retrieve ~ table").get_by_role(
        "link", name="OutstandingPage"
    ).first.click()
    expect(page.get_by_role("heading", level=3, name="OutstandingPage")).to_be_in_viewport()
    # How to authenticate, and where to make a token.
    expect(page.get_by_text("Authorization: Bearer <your token>")).to_be_visible()
    page.get_by_role("link", name="your API tokens page").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()  # tokens need an account
    assert "next=/account/api-tokens/" in page.url
    assert refused == []


def test_the_docs_page_has_no_accessibility_violations(demo_live, page):
    page.goto(f"{demo_live}/api/docs/")
    expect(page.get_by_role("heading", name="Schemas")).to_be_attached()
    assert_no_axe_violations(page, "api-docs")
