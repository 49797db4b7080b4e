"""A recommendation's whole life in the browser: the officer records when the report went to
the executive and its response, tracks the item, signs it off with evidence, notes its
impact, and sees it in the statistics and the annual report. axe checks each new page, and
the error state of each new form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill_date(scope, day: int, month: int, year: int) -> None:
    scope.get_by_label("Day").fill(str(day))
    scope.get_by_label("Month").fill(str(month))
    scope.get_by_label("Year").fill(str(year))


def expect_error(page, message: str, state: str) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(message)
    expect(summary).to_be_focused()
    assert_no_axe_violations(page, state)


def test_response_tracking_sign_off_and_statistics(demo_live, page):
    sign_in(page, demo_live, "officer")
    page.goto(f"{demo_live}/committees/")
    page.get_by_role("link", name=re.compile("Children")).first.click()
    page.get_by_role("link", name="Corporate Parenting").first.click()
    expect(page.get_by_text("Not yet recorded as sent to the executive")).to_be_visible()

    # The response clock and the review cadence.
    page.get_by_role("link", name=re.compile("Record when the report was sent")).click()
    page.wait_for_url(re.compile(r"/executive/$"))
    assert_no_axe_violations(page, "inquiry-executive")
    page.get_by_role("button", name="Save").click()
    expect_error(page, "Nothing was changed", "inquiry-executive-error")
    fill_date(page.get_by_role("group", name=re.compile("sent to the executive")), 10, 4, 2017)
    page.get_by_label("Quarterly").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        "the response is due by 10 June 2017"
    )
    expect(page.get_by_text("Response overdue")).to_be_visible()

    # The executive's response to R02.
    page.get_by_role("link", name="R02").click()
    page.get_by_role("link", name="Record the executive's response").click()
    page.wait_for_url(re.compile(r"/response/$"))
    assert_no_axe_violations(page, "recommendation-response")
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_role("button", name="Record the response").click()
    expect_error(page, "Give the action plan", "recommendation-response-error")
    fill_date(page.get_by_role("group", name="Date of the response"), 1, 6, 2017)
    page.get_by_label("Action plan (for what it accepted)").fill(
        "A corporate parenting handbook for councillors."
    )
    fill_date(page.get_by_role("group", name="Target date of the action plan"), 31, 5, 2018)
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The executive's response was recorded"
    )
    expect(page.get_by_text("Accepted, 1 June 2017")).to_be_visible()

    # Tracking: the committee's assessment; the quarterly cadence sets the next date.
    page.get_by_role("link", name="Record the committee's assessment").click()
    page.get_by_label("In progress", exact=True).check()
    page.get_by_label("Meeting that decided it").select_option(label="16 January 2019")
    page.get_by_role("button", name="Record assessment").click()
    next_tracking = page.locator(".govuk-summary-list__row", has_text="Next tracking")
    expect(next_tracking).to_contain_text("16 April 2019")

    # Signing it off needs evidence: refused without, recorded with.
    page.get_by_role("link", name="Record the committee's assessment").click()
    page.wait_for_url(re.compile(r"/assess/$"))
    assert_no_axe_violations(page, "recommendation-assess")
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("Meeting that decided it").select_option(label="13 February 2019")
    page.get_by_role("button", name="Record assessment").click()
    expect_error(page, "give the evidence", "recommendation-assess-error")
    page.get_by_label("Evidence: description").fill("The handbook, published May 2018.")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_text("Tracking ended", exact=True)).to_be_visible()

    # The impact log.
    page.get_by_role("link", name="Note the difference it made").click()
    page.wait_for_url(re.compile(r"/impact/$"))
    assert_no_axe_violations(page, "impact-note")
    page.get_by_label("The difference the recommendation made").fill(
        "Every new councillor receives the handbook at induction."
    )
    page.get_by_role("button", name="Add to the impact log").click()
    expect_error(page, "Give the evidence", "impact-note-error")
    page.get_by_label("Evidence: description").fill("Induction pack, May 2019.")
    page.get_by_role("button", name="Add to the impact log").click()
    expect(page.get_by_text("Every new councillor receives the handbook")).to_be_visible()

    # The statistics: R02 counts as accepted, and its figure links to it.
    page.goto(f"{demo_live}/impact/")
    assert_no_axe_violations(page, "impact-statistics")
    page.get_by_label("Committee").select_option(value="childrens-social-care")
    page.get_by_role("button", name="Show statistics").click()
    accepted = page.get_by_role("row", name=re.compile("^Accepted by the executive"))
    expect(accepted).to_contain_text("1")
    accepted.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accepted by the executive")
    expect(page.get_by_role("link", name="Corporate Parenting R02")).to_be_visible()
    assert_no_axe_violations(page, "impact-items")
    page.goto(f"{demo_live}/impact/?from=2019-01-01&to=2018-01-01")
    expect_error(page, "on or after its start", "impact-statistics-error")

    # The annual report of this municipal year shows the response and the impact noted today.
    page.goto(f"{demo_live}/committees/childrens-social-care/annual-report/public/")
    expect(page.locator("article")).to_contain_text("Accepted on 1 June 2017")
    expect(page.locator("article")).to_contain_text("Every new councillor receives")
    assert_no_axe_violations(page, "annual-report")


def test_the_withdrawal_page_is_accessible_blank_and_with_errors(demo_live, page):
    from tracker.models import Recommendation

    r03 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R03")
    sign_in(page, demo_live, "officer")
    page.goto(f"{demo_live}/recommendations/{r03.pk}/withdraw/")
    assert_no_axe_violations(page, "recommendation-withdraw")
    page.get_by_role("button", name="Record the withdrawal").click()
    expect_error(page, "Choose the meeting", "recommendation-withdraw-error")
