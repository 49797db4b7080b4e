"""A member reads the month's KPI report and follows an indicator outside tolerance; the
committee's scrutiny officer asks about it ("Ask about this" is an officer's action: the
member's view says so); the indicator's owner answers the request. axe checks every KPI
page on the way, the chart with its text equivalent, and the error state."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

KPI_13 = "KPI 13 % child protection plans ending within 3 months or less"


@pytest.fixture
def as_at_february(settings):
    """The demo as the committee saw it on 13 February 2019: the next report deadline is
    the March meeting's."""
    settings.DEBUG = True
    settings.TRACKER_AS_AT_DATE = dt.date(2019, 2, 13)


def _trust_chief_executive_signs_in():
    """The holder of the post that owns the Trust's KPIs, given a sign-in."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from committees.models import Person
    from tracker.roles import ROLE_OWNERS

    user = get_user_model().objects.create_user("trust_ceo", password=DEMO_PASSWORD)
    user.groups.add(Group.objects.get(name=ROLE_OWNERS))
    Person.objects.filter(name="Andy Couldrick").update(user=user)


def test_a_member_follows_an_indicator_out_of_tolerance_and_the_owner_answers(
    demo_live, page, as_at_february
):
    _trust_chief_executive_signs_in()
    sign_in(page, demo_live, "councillor")
    page.get_by_role("link", name="Performance reports").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance reports")
    assert_no_axe_violations(page, "kpi-index")
    page.get_by_role("link", name=re.compile("December 2018")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("December 2018")
    expect(page.get_by_text("15 indicators; 3 outside their tolerance band")).to_be_visible()
    assert_no_axe_violations(page, "kpi-report")
    first_rows = page.locator("tbody tr th a").all_inner_texts()[:3]
    assert any(text.startswith("KPI 13") for text in first_rows)
    page.get_by_role("link", name=KPI_13).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(KPI_13)
    expect(page.get_by_role("img", name=re.compile("figures by month"))).to_be_visible()
    expect(page.get_by_text("scrutiny officers record the committee's questions")).to_be_visible()
    assert_no_axe_violations(page, "kpi-indicator")
    indicator_url = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_live, "officer")
    page.goto(indicator_url)
    page.get_by_label("What the committee asks").fill("")
    page.get_by_role("button", name="Ask about this").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the committee asks")
    assert_no_axe_violations(page, "kpi-indicator-error")
    page.get_by_label("What the committee asks").fill(
        "Members ask the Trust to assure them that plans do not end too soon."
    )
    page.get_by_role("button", name="Ask about this").click()
    expect(page.get_by_role("link", name=KPI_13)).to_be_visible()  # the request links back
    expect(page.get_by_text("4 March 2019", exact=True)).to_be_visible()  # due at the next deadline
    expect(
        page.get_by_text("Chief Executive, Birmingham Children's Trust", exact=True)
    ).to_be_visible()
    request_url = page.url
    page.get_by_role("link", name=KPI_13).click()
    expect(
        page.get_by_text("assure them that plans do not end too soon")
    ).to_be_visible()  # and back again
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_live, "trust_ceo")
    page.goto(request_url)
    page.get_by_role("link", name="Send an update").click()
    page.get_by_label("Progress since the last update").fill(
        "An audit of plans ending within 3 months found none ended too soon."
    )
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "sent to the scrutiny officer"
    )


def test_the_other_kpi_pages_are_accessible(demo_live, page):
    sign_in(page, demo_live, "officer")
    page.goto(f"{demo_live}/performance/")
    page.get_by_role("link", name=re.compile("December 2018")).click()
    page.wait_for_url(re.compile(r"/2018/12/$"))
    report_url = page.url
    page.get_by_role("link", name="Comparisons of headline rates per 10,000 children").click()
    expect(page.get_by_role("table")).to_contain_text("Children in Care")
    assert_no_axe_violations(page, "kpi-headline")
    page.goto(report_url)
    page.get_by_role("link", name="Print version").click()
    page.wait_for_url(re.compile(r"/2018/12/print/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page, "kpi-print")
    page.goto(report_url)
    page.get_by_role("link", name="Mark the report exempt").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page, "kpi-exemption-error")
    download = page.context.request.get(f"{report_url}?export=csv").body()
    page.goto(report_url)
    page.get_by_role("link", name="Import a month's values").click()
    page.wait_for_url(re.compile(r"/import/$"))
    assert_no_axe_violations(page, "kpi-import")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "december.csv", "mimeType": "text/csv", "buffer": download}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("15 rows: 0 new, 0 changed, 15 unchanged")).to_be_visible()
    assert_no_axe_violations(page, "kpi-import-preview")
