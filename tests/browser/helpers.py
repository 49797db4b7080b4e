"""What the browser tests share: the demo users' password, signing in, the exempt texts,
and the addresses of the demo record's pages (their ids change with every load)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.support.demo import DEMO_PASSWORD

ROLES = ("officer", "owner", "councillor", "admin")

# Item 12 of the meeting of 16 January 2019 was taken in private (Schedule 12A,
# paragraph 3). The public must never see its notes or its resolution.
EXEMPT_TEXTS = (
    "Councillor Alex Yip queried",
    "The action notes for the private part of the meeting held on the 17th December 2018 "
    "were agreed.",
    "embargoed/subject to an obligation of confidentiality",
)
PRIVATE_LABEL = (
    "Taken in private under paragraph 3 of Schedule 12A to the Local Government Act 1972. "
    "Its papers, notes and decisions are not published."
)

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def new_context(browser: Any) -> Any:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    return context


def sign_in(page: Any, base_url: str, username: str) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_in_by_request(context: Any, base_url: str, username: str) -> None:
    """Post the sign-in form over HTTP: the same view and checks, without rendering pages.

    The context's request client shares its cookies, so the context's pages are signed in.
    """
    context.clear_cookies()
    form = context.request.get(f"{base_url}/sign-in/")
    token = _CSRF.search(form.text())
    assert token, "the sign-in page has no CSRF token"
    response = context.request.post(
        f"{base_url}/sign-in/",
        form={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": DEMO_PASSWORD,
        },
        max_redirects=0,
    )
    assert response.status == 302, f"signing in as {username} failed ({response.status})"


def demo_urls() -> dict[str, str]:
    """Paths of the demo record's pages, looked up by what the documents call them."""
    from committees.models import Committee, Meeting
    from tracker.models import InformationRequest, Inquiry, Recommendation

    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    r02 = Recommendation.objects.get(inquiry=inquiry, code="R02")
    r06 = Recommendation.objects.get(inquiry=inquiry, code="R06")
    request = InformationRequest.objects.filter(
        meeting__date="2018-07-25", text__startswith="The number of Birmingham children"
    ).get()
    return {
        "inquiry": inquiry.get_absolute_url(),
        "inquiry_pk": str(inquiry.pk),
        "r02": r02.get_absolute_url(),
        "r06": r06.get_absolute_url(),
        "request": request.get_absolute_url(),
        "committee": Committee.objects.get(slug="childrens-social-care").get_absolute_url(),
        "meeting": Meeting.objects.get(date="2019-01-16").get_absolute_url(),
    }


def submit_owner_update(code: str = "R02", **fields: Any) -> Any:
    """The owner's update on a Corporate Parenting recommendation, sent through the service
    the update form calls, for tests whose story starts after it was sent."""
    from django.contrib.auth import get_user_model

    from tracker.items import services
    from tracker.models import Recommendation

    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code=code)
    proposed = fields.pop("proposed", None)
    values = {
        "progress_note": "A draft handbook has gone to the Corporate Parenting Board.",
        "evidence_text": "Draft handbook, version 0.3.",
        "evidence_link": "https://www.birmingham.gov.uk/corporate-parenting-handbook",
        **fields,
    }
    if proposed:
        values["proposed_assessment"] = recommendation.inquiry.assessment_scale.categories.get(
            label=proposed
        )
    return services.owner_update_submit(
        item=recommendation, by_user=get_user_model().objects.get(username="owner"), **values
    )
