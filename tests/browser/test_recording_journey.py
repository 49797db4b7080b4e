"""A scrutiny officer records the meeting of 16 January 2019 from its action notes, the
committee confirms the notes at its next meeting with an amendment, and the notes are
published: the public version without the private part, the full version with it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

JANUARY = dt.date(2019, 1, 16)
PRIVATE_NOTES = (
    "Councillor Alex Yip queried whether the request for call in regarding the Written "
    "Statement of Action (WSOA) discussion should have been in public (the Executive had "
    "stated that the report was private due to 'embargoed/subject to an obligation of "
    "confidentiality')."
)
# Why the item was taken in private: published, as the meeting's page shows it.
PRIVATE_REASON = "The Executive report was subject to an obligation of confidentiality."
PRIVATE_RESOLUTION = (
    "The action notes for the private part of the meeting held on the 17th December 2018 "
    "were agreed."
)
YOUTH_NOTES = (
    "They are preparing to bring the next Youth Justice Strategic Plan earlier – July 2019. "
    "The budget for the basic service is £7.9m, with a projected overspend of £900,000 / £1m."
)


def _forget_january() -> None:
    """The demo record without the meeting of 16 January 2019: the officer records it."""
    from committees.models import ActionNotes, Meeting
    from tracker.models import InformationRequest

    january = Meeting.objects.get(date=JANUARY)
    InformationRequest.objects.filter(meeting=january).delete()
    ActionNotes.objects.filter(confirmed_at=january).delete()
    january.delete()


def _docx_text(response) -> str:
    assert response.status == 200, response.status
    document = Document(io.BytesIO(response.body()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _field(page, form_prefix: str, name: str):
    return page.locator(f"#id_{form_prefix}-{name}")


def test_record_confirm_and_publish_the_meeting_of_16_january_2019(demo_live, page, browser):
    from committees.models import AgendaItem, Meeting, Person

    _forget_january()
    sign_in(page, demo_live, "officer")

    # Schedule the meeting: it gets its report deadline and the standing items.
    page.goto(f"{demo_live}/committees/childrens-social-care/")
    page.get_by_role("link", name="Schedule meetings").click()
    page.get_by_label("Dates").fill("16 January 2019")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Room").fill("Committee Room 2")
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("16 January 2019")
    january = Meeting.objects.get(date=JANUARY)
    assert january.report_deadline == dt.date(2019, 1, 7)

    # Record it: attendance, declarations and two new items, each recorded on its own page,
    # one taken in private.
    page.get_by_role("link", name="Record the meeting of 16 January 2019").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record the meeting of 16 January 2019"
    )
    people = {p.name: p.pk for p in Person.objects.all()}
    for name in ("Mohammed Aikhlaq", "Diane Donaldson", "Shabrana Hussain", "Alex Yip"):
        page.get_by_role("group", name=name).get_by_label("Present").check()
    page.get_by_role("group", name="Debbie Clancy").get_by_label("Apologies").check()
    _field(page, f"m{people['Mohammed Aikhlaq']}", "capacity").fill("Chair")
    for row, (name, capacity) in enumerate(
        [("Dawn Roberts", "AD, Early Help"), ("Amanda Simcox", "Scrutiny Officer")]
    ):
        if row:  # one blank row: another is added, keeping what was typed
            page.get_by_role("button", name="Add another person attending").click()
            expect(_field(page, "o0", "person")).to_have_value("Dawn Roberts")
        _field(page, f"o{row}", "person").fill(name)  # typed, as the list offers it
        _field(page, f"o{row}", "capacity").fill(capacity)
    _field(page, "d0", "person").fill("Mohammed Aikhlaq")
    _field(page, "d0", "text").fill(
        "The Chair declared that he is on the Board of Directors for the Leigh Academy Trust."
    )
    page.get_by_label("Title of the new item").fill("Youth Justice Strategic Plan")
    page.get_by_role("button", name="Save attendance and declarations").click()
    # Saved, the new item's own page opens to record it.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("item 5 is added")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Item 5. Youth Justice Strategic Plan"
    )
    youth = AgendaItem.objects.get(meeting=january, title="Youth Justice Strategic Plan")
    # Who attended, as the notes put it, is folded away with the title until asked for.
    page.get_by_text("Change the title or who attended for the item").click()
    _field(page, f"i{youth.pk}", "presenters_text").fill(
        "Dawn Roberts, AD, Early Help and Trevor Brown, Head Of Youth Offending Services "
        "attended for this item."
    )
    _field(page, f"i{youth.pk}", "notes").fill(YOUTH_NOTES)
    _field(page, f"i{youth.pk}", "resolutions").fill(
        "The Committee discussed the Youth Justice Strategic Plan and requested further data."
    )
    requested = [
        "Breakdown of ethnicity (including Gypsy Roma Traveller).",
        "Latest re-offending data broken down to include type of offences etc.",
    ]
    for n, text in enumerate(requested):
        if n:  # one blank row: another is added, keeping what was typed
            page.get_by_role("button", name="Add another request or action").click()
            expect(_field(page, f"r{youth.pk}-0", "text")).to_have_value(requested[0])
        _field(page, f"r{youth.pk}-{n}", "text").fill(text)
        _field(page, f"r{youth.pk}-{n}", "owner").fill("Assistant Director, Early Help")
    page.get_by_role("button", name="Save item 5").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Item 5 is saved.")

    # Back on the meeting's page, the item is recorded; the next is added by keyboard.
    expect(page.locator("#item-5")).to_contain_text("Recorded")
    page.get_by_label("Title of the new item").fill("Action notes (private)")
    page.get_by_label("Title of the new item").press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("item 6 is added")
    private = AgendaItem.objects.get(meeting=january, title="Action notes (private)")
    assert (youth.number, private.number) == (5, 6)  # before the closing standing items
    # The paragraph and reason are revealed when the item is marked exempt.
    expect(_field(page, f"i{private.pk}", "paragraph")).to_be_hidden()
    page.locator(f"#id_i{private.pk}-exempt").check()
    _field(page, f"i{private.pk}", "paragraph").select_option(label="Paragraph 3 of Schedule 12A")
    _field(page, f"i{private.pk}", "exemption_justification").fill(PRIVATE_REASON)
    _field(page, f"i{private.pk}", "notes").fill(PRIVATE_NOTES)
    _field(page, f"i{private.pk}", "resolutions").fill(PRIVATE_RESOLUTION)
    page.get_by_role("button", name="Save item 6").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Item 6 is saved.")

    january.refresh_from_db()
    assert january.status == Meeting.Status.HELD
    assert january.attendances.filter(kind="present").count() == 4
    assert set(
        january.attendances.filter(kind="also_present").values_list("person__name", flat=True)
    ) == {"Dawn Roberts", "Amanda Simcox"}
    requests = list(january.requests.order_by("pk"))
    assert [r.due_date for r in requests] == [dt.date(2019, 2, 4)] * 2  # by 13 February's
    assert {r.owner_post.title for r in requests} == {"Assistant Director, Early Help"}
    private.refresh_from_db()
    assert (private.is_exempt, private.exempt_paragraph) == (True, 3)
    assert set(january.action_notes.values_list("part", "status")) == {
        ("public", "draft"),
        ("private", "draft"),
    }

    # A draft: the public reads the agenda, not what was recorded, and no document.
    meeting_url = f"{demo_live}{january.get_absolute_url()}"
    base = f"{demo_live}/meetings/{january.pk}/notes"
    outsider = browser.new_context()
    try:
        assert outsider.request.get(f"{base}/public/").status == 404
        assert outsider.request.get(f"{base}/public.docx").status == 404
        assert "Youth Justice Strategic Plan" in outsider.request.get(meeting_url).text()
        assert "The budget for the basic service" not in outsider.request.get(meeting_url).text()
        # The officer publishes them, and from then on the public reads them.
        page.goto(meeting_url)
        expect(page.get_by_text("The notes of this meeting are not published.")).to_be_visible()
        assert_no_axe_violations(page, "the meeting page with draft notes")
        page.get_by_role("button", name="Publish the notes").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "The notes are published"
        )
        assert YOUTH_NOTES in outsider.request.get(f"{base}/public/").text()
    finally:
        outsider.close()

    # The committee confirms the notes at its next meeting, the public part amended.
    page.goto(f"{demo_live}{Meeting.objects.get(date=dt.date(2019, 2, 13)).get_absolute_url()}")
    page.get_by_role("link", name="Confirm notes of earlier meetings").click()
    page.get_by_label("Public part notes of 16 January 2019").check()
    page.get_by_label("Amendments (optional)").fill(
        "Item 5: the projected overspend is £900,000 to £1m."
    )
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed with amendments")
    page.get_by_label("Private part notes of 16 January 2019").check()
    page.get_by_role("button", name="Confirm").click()
    confirmed = {n.part: n for n in january.action_notes.filter(version=2)}
    assert confirmed["public"].status == "amended"
    assert confirmed["private"].status == "confirmed"
    assert confirmed["public"].confirmed_by.username == "officer"

    # Published: the public version has none of the private part; the full one has it.
    full = _docx_text(page.request.get(f"{base}/full.docx"))
    assert PRIVATE_NOTES in full and PRIVATE_RESOLUTION in full
    assert "Breakdown of ethnicity" in full
    public_context = browser.new_context()
    try:
        public = _docx_text(public_context.request.get(f"{base}/public.docx"))
        public_page = public_context.request.get(f"{base}/public/").text()
        assert public_context.request.get(f"{base}/full.docx").status == 404
    finally:
        public_context.close()
    assert "Youth Justice Strategic Plan" in public and YOUTH_NOTES in public
    for text in (PRIVATE_NOTES, PRIVATE_RESOLUTION, "embargoed", "Councillor Alex Yip queried"):
        assert text not in public
        assert text not in public_page
    assert f"Why: {PRIVATE_REASON}" in public and PRIVATE_REASON in public_page

    # Every apology and declaration recorded is in the published notes.
    assert "Apologies were received from Councillor Debbie Clancy." in public
    assert "The Chair declared that he is on the Board of Directors" in public

    # After confirmation the record is corrected: the confirmed notes do not change until
    # the officer publishes a correction, which is a version of its own.
    page.goto(f"{demo_live}/meetings/{january.pk}/record/")
    page.get_by_role("link", name="5. Youth Justice Strategic Plan").click()
    _field(page, f"i{youth.pk}", "notes").fill(
        YOUTH_NOTES + " Corrected: the overspend is £950,000."
    )
    page.get_by_role("button", name="Save item 5").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Item 5 is saved.")
    page.goto(f"{base}/public/")
    expect(page.locator("article")).not_to_contain_text("Corrected: the overspend")
    page.get_by_role("link", name="Correct the notes").click()
    page.get_by_role("button", name="Publish the correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the notes are corrected.")
    assert_no_axe_violations(page, "the correction form with an error")
    page.get_by_label("Why are the notes corrected?").fill("The overspend was restated.")
    page.get_by_role("button", name="Publish the correction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 3 of the notes is published"
    )
    expect(page.locator("article")).to_contain_text("Corrected: the overspend is £950,000.")
    expect(page.locator("article")).to_contain_text("Why: The overspend was restated.")
    assert_no_axe_violations(page, "the corrected notes")
    page.get_by_role("link", name="Version 2: confirmed at the meeting of 13 February 2019").click()
    page.wait_for_url("**?v=2")
    expect(page.locator("article")).to_contain_text("The budget for the basic service")
    expect(page.locator("article")).not_to_contain_text("Corrected: the overspend")
