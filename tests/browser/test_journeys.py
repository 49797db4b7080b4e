"""End-to-end journeys through the demo record, in a real browser: what each kind of user
comes to do, and what they see on the way.

Each test loads the committee's 2018/19 record (demo_live) and signs in through the
sign-in page, as the person would.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import DEMO_PASSWORD, EXEMPT_TEXTS, PRIVATE_LABEL, sign_in, submit_owner_update

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSV_HEADERS = [
    "Kind",
    "Committee",
    "Inquiry or meeting",
    "Date of inquiry report or meeting",
    "Reference",
    "Text",
    "Owner",
    "Due date",
    "Overdue",
    "Latest assessment",
    "Next tracking date",
    "Link",
    "Record ID",
]


def _today() -> str:
    today = timezone.localdate()
    return f"{today.day} {today:%B %Y}"


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _row(page, link_name: str):
    """The table row in <main> holding a link of exactly that name."""
    return page.locator("main tbody tr").filter(
        has=page.get_by_role("link", name=link_name, exact=True)
    )


def _send_update_link(row):
    return row.get_by_role("link", name=re.compile(r"^Send an update"))


def test_owner_sends_an_update_on_an_overdue_recommendation(demo_live, page):
    """Councillor Kate Booth holds the post that owns Corporate Parenting R02, due by May
    2018 and still outstanding. She reports progress; nothing in the record changes until
    the scrutiny officer has reviewed it."""
    progress = "The handbook is drafted and goes to the Corporate Parenting Board in March."
    link = "https://www.birmingham.gov.uk/corporate-parenting-handbook-draft"
    evidence = "Draft handbook, version 0.3, with examples for each task."

    sign_in(page, demo_live, "owner")
    _menu(page).get_by_role("link", name="My items").click()
    expect(page).to_have_title("My items – Scrutiny Tracker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My items")
    expect(page.locator("main")).to_contain_text("What you (Councillor Kate Booth) own")
    # The post she holds owns R02 and R06 of the Corporate Parenting inquiry; R02 is
    # overdue, R06's annual report came in. (She also owns the undertakings of 8 January
    # 2019.)
    items = page.locator("main tbody tr td:first-child a").filter(has_text="Corporate Parenting")
    expect(items).to_have_text(["Corporate Parenting R06", "Corporate Parenting R02"])
    r02 = _row(page, "Corporate Parenting R02")
    expect(r02).to_contain_text("Cabinet Member for Children, Families and Schools")
    expect(r02).to_contain_text("May 2018")
    expect(r02.locator(".govuk-tag")).to_have_text("Overdue")
    send = _send_update_link(r02)
    expect(send).to_have_accessible_name("Send an update on Corporate Parenting R02")
    send.click()

    expect(page).to_have_title("Send an update – Scrutiny Tracker")
    expect(page.locator(".govuk-caption-l")).to_have_text("Corporate Parenting R02")
    expect(page.locator(".govuk-inset-text")).to_contain_text("corporate parenting handbook")

    # Sent empty: the GOV.UK error summary, announced and focused.
    page.get_by_role("button", name="Send update").click()
    expect(page).to_have_title("Error: Send an update – Scrutiny Tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter the progress made since the last update"]
    )
    expect(page.locator("#id_progress_note_error")).to_have_text(
        "Error: Enter the progress made since the last update"
    )
    expect(page.get_by_label("Progress since the last update")).to_have_attribute(
        "aria-describedby", "id_progress_note_error"
    )

    # From here on, by keyboard only: from the summary to its link, to the field, then on.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Progress since the last update")).to_be_focused()
    page.keyboard.type(progress)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Link to evidence (optional)")).to_be_focused()
    page.keyboard.type(link)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Evidence (optional)", exact=True)).to_be_focused()
    page.keyboard.type(evidence)
    page.keyboard.press("Tab")
    # The proposed assessment is a group of radios, each with its category's definition;
    # the arrow keys move the choice: No proposal, Achieved, Achieved – late, Not Achieved
    # – Progress Made.
    expect(page.get_by_role("radio", name="No proposal")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(
        page.get_by_role("radio", name="Not Achieved – Progress Made", exact=True)
    ).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send update")).to_be_focused()
    page.keyboard.press("Enter")

    # Back on the recommendation, with the update waiting for the scrutiny officer.
    expect(page).to_have_url(re.compile(r"/recommendations/\d+/$"))
    expect(page).to_have_title("Corporate Parenting R02 – Scrutiny Tracker")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("Your update was sent to the scrutiny officer to review.")
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card.locator(".govuk-summary-card__title")).to_have_text(
        f"Update of {_today()} by Councillor Kate Booth"
    )
    expect(card.locator(".govuk-tag")).to_have_text("Waiting for review")
    expect(card).to_contain_text(progress)
    expect(card).to_contain_text(evidence)
    expect(card.get_by_role("link", name=link)).to_have_attribute("href", link)
    expect(card).to_contain_text("Not Achieved – Progress Made")
    # Only the scrutiny officer's review changes the record: still one tracking round,
    # and the committee's assessment is unchanged.
    rounds = page.locator("table").filter(has_text="Executive's assessment").locator("tbody tr")
    expect(rounds).to_have_count(1)
    expect(page.locator(".govuk-summary-list__row", has_text="latest assessment")).to_contain_text(
        "In progress"
    )

    _menu(page).get_by_role("link", name="My items").click()
    r02 = _row(page, "Corporate Parenting R02")
    expect(r02.locator(".govuk-tag--yellow")).to_have_text("Update waiting for review")
    expect(_send_update_link(r02)).to_have_count(0)
    # R06 has had no update, so it can still be sent one.
    expect(_send_update_link(_row(page, "Corporate Parenting R06"))).to_have_count(1)


def test_officer_sends_back_then_accepts_an_owners_update(demo_live, page):
    """Amanda Simcox, scrutiny officer, reviews the Cabinet Member's update on R02: a
    decision to send it back needs a reason; accepted, it becomes a tracking round."""
    submit_owner_update(
        "R02",
        progress_note="The handbook is drafted and goes to the Corporate Parenting Board.",
        evidence_text="Draft handbook, version 0.3.",
        evidence_link="https://www.birmingham.gov.uk/corporate-parenting-handbook-draft",
        proposed="Not Achieved – Progress Made",
    )
    note = "Checked against the draft handbook circulated to Members."

    sign_in(page, demo_live, "officer")
    expect(page).to_have_title("Dashboard – Scrutiny Tracker")
    expect(page.get_by_role("heading", name="Updates waiting for your review (1)")).to_be_visible()
    review = "Review the update on Corporate Parenting: R02"
    waiting = page.get_by_role("row").filter(has_text=review)
    expect(waiting).to_contain_text(_today())
    page.get_by_role("link", name="All updates waiting for review").click()

    expect(page).to_have_title("Updates to review – Scrutiny Tracker")
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td")).to_have_text(
        [
            "Corporate Parenting: R02",
            "Councillor Kate Booth",
            _today(),
            "Not Achieved – Progress Made",
        ]
    )
    rows.get_by_role("link", name="Corporate Parenting: R02").click()

    expect(page).to_have_title("Review an update – Scrutiny Tracker")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review the update of {_today()}")
    details = page.locator("main .govuk-summary-list")
    expect(details).to_contain_text("Councillor Kate Booth")
    expect(details).to_contain_text("The handbook is drafted")
    evidence = details.locator(".govuk-summary-list__row", has_text="Evidence")
    expect(evidence.locator("dd")).to_contain_text("Draft handbook, version 0.3.")
    expect(evidence.get_by_role("link")).to_have_attribute(
        "href", "https://www.birmingham.gov.uk/corporate-parenting-handbook-draft"
    )
    expect(evidence).not_to_contain_text("None given")
    expect(details).to_contain_text("Not Achieved – Progress Made")
    expect(details).to_contain_text("Waiting for review")

    # Sending it back without saying why is refused.
    page.get_by_label("Send it back to the owner").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page).to_have_title("Error: Review an update – Scrutiny Tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Say why the update is sent back"])
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_note")
    expect(page.locator("#id_note_error")).to_have_text("Error: Say why the update is sent back")
    expect(page.get_by_label("Send it back to the owner")).to_be_checked()
    expect(details).to_contain_text("Waiting for review")

    page.get_by_label("Accept the update").check()
    page.get_by_label("Reason or note").fill(note)
    page.get_by_role("button", name="Save decision").click()

    expect(page).to_have_title("Corporate Parenting R02 – Scrutiny Tracker")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Update accepted and added to the item's record."
    )
    # A new tracking round: the executive's proposal and evidence, for the committee to
    # assess; the committee's own latest assessment is still the one it made.
    rounds = page.locator("table").filter(has_text="Executive's assessment").locator("tbody tr")
    expect(rounds).to_have_count(2)
    new_round = rounds.last.locator("td")
    expect(new_round.nth(0)).to_have_text(_today())
    expect(new_round.nth(1).locator(".govuk-tag")).to_have_text("Not Achieved – Progress Made")
    expect(new_round.nth(1)).to_contain_text("The handbook is drafted")
    expect(new_round.nth(1)).to_contain_text("Draft handbook, version 0.3.")
    expect(new_round.nth(1)).to_contain_text(
        "https://www.birmingham.gov.uk/corporate-parenting-handbook-draft"
    )
    expect(new_round.nth(2)).to_have_text("Not yet decided")
    expect(page.locator(".govuk-summary-list__row", has_text="latest assessment")).to_contain_text(
        "In progress"
    )
    card = page.locator(".govuk-summary-card")
    expect(card.locator(".govuk-tag")).to_have_text("Accepted")
    expect(card).to_contain_text(note)

    # The history says who accepted it, when and why.
    history = page.locator(".moj-timeline__item")
    accepted = history.filter(has_text="Owner update changed")
    expect(accepted).to_have_count(1)
    expect(accepted.locator(".moj-timeline__byline")).to_have_text("by Amanda Simcox")
    expect(accepted).to_contain_text("Why: Update accepted")
    expect(accepted).to_contain_text("Status: Waiting for review → Accepted")
    expect(accepted).to_contain_text(f"Review note: (none) → {note}")
    recorded = history.filter(has_text="Tracking round created").first
    expect(recorded.locator(".moj-timeline__byline")).to_have_text("by Amanda Simcox")
    expect(recorded).to_contain_text(f"Why: Owner's update of {_today()} accepted")
    submitted = history.filter(has_text="Owner update created")
    expect(submitted.locator(".moj-timeline__byline")).to_have_text("by Councillor Kate Booth")

    _menu(page).get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Updates waiting for your review (0)")).to_be_visible()


def test_councillor_filters_sorts_and_downloads_outstanding_tracking(demo_live, page):
    """Councillor Diane Donaldson, Deputy Chair, looks at what is overdue from the
    Corporate Parenting inquiry, orders it by reference and takes it away as CSV."""
    sign_in(page, demo_live, "councillor")
    _menu(page).get_by_role("link", name="Outstanding tracking").click()
    expect(page).to_have_title("Outstanding tracking – Scrutiny Tracker")
    table = page.locator("table.app-table--outstanding")
    rows = table.locator("tbody tr")
    all_count = rows.count()

    page.get_by_label("Only overdue items").check()
    page.get_by_label("Inquiry or meeting").select_option(label="Corporate Parenting")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("main")).to_contain_text("3 items match these filters.")
    references = rows.locator("td:first-child a")

    def of_corporate_parenting(*codes: str) -> list[str]:
        return [f"{code} of Corporate Parenting" for code in codes]

    # R01 and R05 are achieved; R06's annual report came on time; R07's text and date were
    # never given, so it cannot be late.
    # By due date, earliest first; each link names its inquiry to a screen reader.
    expect(references).to_have_text(of_corporate_parenting("R04", "R02", "R03"))
    assert all_count > 3
    expect(rows.locator(".govuk-tag--red")).to_have_text(["Overdue"] * 3)
    expect(rows.locator("td:nth-child(2)")).to_have_text([re.compile("^Corporate Parenting")] * 3)

    item = page.get_by_role("columnheader", name="Item", exact=True)
    due = page.get_by_role("columnheader", name="Due", exact=True)
    expect(due).to_have_attribute("aria-sort", "ascending")
    expect(item).to_have_attribute("aria-sort", "none")

    item.get_by_role("link").click()
    expect(item).to_have_attribute("aria-sort", "ascending")
    expect(due).to_have_attribute("aria-sort", "none")
    expect(references).to_have_text(of_corporate_parenting("R02", "R03", "R04"))

    item.get_by_role("link").click()
    expect(item).to_have_attribute("aria-sort", "descending")
    expect(references).to_have_text(of_corporate_parenting("R04", "R03", "R02"))
    # Sorting keeps the filters.
    expect(page.get_by_label("Only overdue items")).to_be_checked()
    expect(page.get_by_label("Inquiry or meeting").locator("option:checked")).to_have_text(
        "Corporate Parenting"
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"outstanding-tracking-{timezone.localdate():%Y-%m-%d}.csv"
    )
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    header, *body = csv.reader(io.StringIO(text))
    assert header == CSV_HEADERS
    # Exactly the filtered rows, in the order on screen.
    assert [row[4] for row in body] == ["R04", "R03", "R02"]
    for row in body:
        record = dict(zip(header, row, strict=True))
        assert record["Kind"] == "Recommendation"
        assert record["Inquiry or meeting"] == "Corporate Parenting"
        assert record["Overdue"] == "Yes"
        assert record["Due date"] < timezone.localdate().isoformat()
    by_reference = {row[4]: dict(zip(header, row, strict=True)) for row in body}
    assert by_reference["R02"]["Owner"] == "Cabinet Member for Children, Families and Schools"
    assert by_reference["R02"]["Due date"] == "2018-05-31"
    assert by_reference["R02"]["Latest assessment"] == "In progress"


def _assert_no_exempt_text(text: str, where: str) -> None:
    for exempt in EXEMPT_TEXTS:
        assert exempt not in text, f"exempt text {exempt!r} shown on {where}"


def test_public_never_sees_exempt_business_but_a_member_does(demo_live, page):
    """Anyone can read the committee's public record; items 12 and 13 of 16 January 2019
    were taken in private, so the public learns only that, and why."""
    page.goto(f"{demo_live}/")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    _menu(page).get_by_role("link", name="Committees").click()
    expect(page).to_have_title("Committees – Scrutiny Tracker")
    page.get_by_role("link", name="Children's Social Care Overview and Scrutiny Committee").click()
    page.get_by_role("link", name="16 January 2019", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Committee meeting, 16 January 2019")
    meeting_url = page.url
    # A public item shows its notes and decisions...
    item6 = page.locator("section[aria-labelledby='item-6']")
    expect(item6).to_contain_text("Youth Justice Strategic Plan")
    expect(item6.locator(".govuk-inset-text")).to_contain_text("RESOLVED")
    # ...a private one only that it was taken in private, and under which paragraph.
    for number, title in ((12, "Action notes (private)"), (13, "Other urgent business")):
        item = page.locator(f"section[aria-labelledby='item-{number}']")
        expect(item.get_by_role("heading")).to_contain_text(f"{number}. {title}")
        expect(item.locator(".govuk-tag")).to_have_text("Private")
        expect(item.locator("p")).to_have_text([PRIVATE_LABEL])
        expect(item.locator(".govuk-inset-text, ul")).to_have_count(0)
    _assert_no_exempt_text(page.content(), "the meeting page")

    _menu(page).get_by_role("link", name="Outstanding tracking").click()
    expect(page).to_have_title("Outstanding tracking – Scrutiny Tracker")
    _assert_no_exempt_text(page.content(), "the outstanding list")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith('"Kind","Committee",')
    _assert_no_exempt_text(csv_text, "the CSV export")

    page.get_by_role("link", name="Print view for the agenda pack").click()
    expect(page).to_have_url(re.compile(r"/outstanding/print/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Outstanding Tracking")
    _assert_no_exempt_text(page.content(), "the print view")

    # A member of the committee, signed in, sees the private business.
    page.go_back()
    _menu(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("councillor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(meeting_url)
    item12 = page.locator("section[aria-labelledby='item-12']")
    expect(item12).to_contain_text("Shown because you are entitled to see it.")
    expect(item12).to_contain_text(EXEMPT_TEXTS[0])
    expect(item12.locator(".govuk-inset-text")).to_have_text(f"RESOLVED: {EXEMPT_TEXTS[1]}")
    expect(page.locator("section[aria-labelledby='item-13']")).not_to_contain_text(
        "Its papers, notes and decisions are not published"
    )


def test_officer_moves_a_meeting_and_sees_the_new_report_deadline(demo_live, page):
    sign_in(page, demo_live, "officer")
    page.get_by_role("link", name="Committees").first.click()
    page.get_by_role("link", name=re.compile("Children's Social Care")).first.click()
    page.get_by_role("link", name="13 March 2019", exact=True).click()
    expect(page.get_by_text("4 March 2019")).to_be_visible()  # the report deadline now

    page.get_by_role("link", name="Move the meeting (date, time or venue)").click()
    expect(page.get_by_role("heading", name="Move the meeting")).to_be_visible()
    page.get_by_label("Day").fill("20")
    page.get_by_role("button", name="Move the meeting").click()
    # No reason: refused, and the meeting has not moved.
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why, for the record")

    page.get_by_label("Why it moves").fill("The chair is at the Local Government Association")
    page.get_by_label("Venue").fill("Committee Room 2, Council House")
    page.get_by_role("button", name="Move the meeting").click()

    expect(page.get_by_text("The report deadline is now 11 March 2019.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("20 March 2019")
    expect(page.get_by_text("Committee Room 2, Council House")).to_be_visible()


def test_officer_withdraws_a_request_with_a_reason(demo_live, page):
    """The scrutiny officer withdraws a request the committee no longer needs: without a
    reason the page says what is missing; with one, the request shows as withdrawn and why."""
    from tests.browser.helpers import demo_urls

    reason = "The committee agreed the annual report answers this."
    sign_in(page, demo_live, "officer")
    page.goto(f"{demo_live}{demo_urls()['request']}")
    page.get_by_role("link", name="Withdraw the request").click()
    expect(page).to_have_title("Withdraw the request – Scrutiny Tracker")
    page.get_by_role("button", name="Withdraw the request").click()
    expect(page).to_have_title("Error: Withdraw the request – Scrutiny Tracker")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the request is withdrawn")
    page.get_by_label("Why the request is withdrawn").fill(reason)
    page.get_by_role("button", name="Withdraw the request").click()
    expect(page.locator("main")).to_contain_text("The request was withdrawn with your reason.")
    expect(page.locator("main .govuk-tag").first).to_have_text("Withdrawn")
    expect(page.locator("main")).to_contain_text(reason)
    expect(page.get_by_role("link", name="Withdraw the request")).to_have_count(0)


def test_officer_adds_a_topic_to_the_work_programme(demo_live, page):
    """The officer plans a topic for the March meeting: without a topic the page says so;
    with one, the committee's work programme lists it under that meeting."""
    sign_in(page, demo_live, "officer")
    page.get_by_role("link", name="Committees").first.click()
    page.get_by_role("link", name=re.compile("Children's Social Care")).first.click()
    page.get_by_role("link", name="Add, move or drop topics").click()
    page.get_by_role("button", name="Add topic").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the topic")

    march = page.locator("select[name=meeting] option", has_text="13 March 2019").first
    page.get_by_label("Meeting").select_option(march.get_attribute("value"))
    page.get_by_label("Topic").fill("Placement sufficiency strategy")
    page.get_by_label("Lead officer (optional)").fill("Director of Children's Services")
    page.get_by_role("button", name="Add topic").click()
    expect(page.get_by_text("Placement sufficiency strategy").first).to_be_visible()

    page.goto(f"{demo_live}/committees/childrens-social-care/")
    expect(page.locator("main")).to_contain_text("Placement sufficiency strategy")
