"""axe-core finds no WCAG 2.2 AA failures on any kind of page, for each kind of user, in
the states people meet them: blank forms, forms with errors, filtered and sorted lists.

One test per page and state, so a failure names it. The record is the demo's, in which the
Cabinet Member has sent an update on Corporate Parenting R02 that waits for review (so the
officer's dashboard, the list of updates and the review page have one). The cases that
only read a page or have a form refused share one copy of it (shared_demo), and each shows
it changed nothing; the few that save something get a fresh copy each. Each role keeps one
signed-in browser context for the whole run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .helpers import demo_urls, submit_owner_update

pytestmark = pytest.mark.markup


def _press(button: str) -> Callable:
    def act(page) -> None:
        page.get_by_role("button", name=button).click()

    return act


def _send_back_without_reason(page) -> None:
    page.get_by_label("Send it back to the owner").check()
    page.get_by_role("button", name="Save decision").click()


def _information_provided_tomorrow(page) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_role("button", name="Send update").click()


def _revised_meanwhile_then_assess(page) -> None:
    """Another officer revises R02's due date while this page is open: the save is refused
    and the page says what changed."""
    from django.contrib.auth import get_user_model

    from tracker.items.services import recommendation_revise_due_date
    from tracker.models import Recommendation

    recommendation_revise_due_date(
        recommendation=Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02"),
        new_date=dt.date(2019, 9, 30),
        decided_on=dt.date(2019, 2, 13),
        by_user=get_user_model().objects.get(username="admin"),
        reason="Agreed at the February meeting",
    )
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("Meeting that decided it").select_option(label="13 March 2019")
    page.get_by_role("button", name="Record assessment").click()
    expect(
        page.get_by_role("heading", name="What changed since you opened this page")
    ).to_be_visible()


def _make_api_token(page) -> None:
    page.get_by_label("Name of the new token").fill("Committee management system")
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_label("Your new token")).to_be_visible()


def _create_calendar_link(page) -> None:
    page.get_by_role("button", name="Create a calendar link").click()
    expect(page.get_by_label("Your calendar link")).to_be_visible()


IMPORT_HEADINGS = (
    "Kind,Committee,Inquiry or meeting,Date of inquiry report or meeting,Reference,Text,Owner,"
    "Due date,Overdue,Latest assessment,Next tracking date,Link,Record ID"
)


def _upload_tracker(owner: str) -> Callable:
    """Upload a file adding Corporate Parenting R08, owned by `owner`, and see its preview."""

    def act(page) -> None:
        row = (
            "Recommendation,Children's Social Care Overview and Scrutiny Committee,"
            f"Corporate Parenting,,R08,Care leavers are offered an apprenticeship.,{owner},"
            "2019-12-31,,Not yet assessed,,,"
        )
        page.get_by_label("Upload a file").set_input_files(
            {
                "name": "tracker.csv",
                "mimeType": "text/csv",
                "buffer": f"{IMPORT_HEADINGS}\n{row}\n".encode(),
            }
        )
        page.get_by_role("button", name="Upload and check").click()
        expect(page.get_by_role("heading", name="Check the import")).to_be_visible()

    return act


def _upload_forward_plan(page) -> None:
    """Upload a forward plan extract with one new decision and see its preview."""
    rows = (
        "Reference,Title,Portfolio,Proposed date,Decision date,Lead officer,Joint decision\n"
        "009999/2019,Home to school transport policy,Children's Wellbeing,,,,\n"
    )
    page.get_by_label("Upload a file").set_input_files(
        {"name": "forward-plan.csv", "mimeType": "text/csv", "buffer": rows.encode()}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("button", name="Confirm and import")).to_be_visible()


YORK_TRACKER = (
    Path(__file__).parents[1] / "data" / "trackers" / "york_scrutiny_recommendation_tracker.csv"
)


def _upload_council_tracker(page) -> None:
    """Upload a council's own tracker, in its own columns: the page to map them."""
    page.get_by_label("Upload a file").set_input_files(
        {"name": "york.csv", "mimeType": "text/csv", "buffer": YORK_TRACKER.read_bytes()}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Say what each column holds")).to_be_visible()


def _upload_council_tracker_then_continue(page) -> None:
    """No inquiry chosen: the mapping page with its error."""
    _upload_council_tracker(page)
    page.get_by_role("button", name="Continue").click()


def _map_council_tracker(page) -> None:
    """Map its columns to an inquiry: the preview, with how its outcomes are assessed."""
    _upload_council_tracker(page)
    page.get_by_label("Inquiry the recommendations belong to").select_option(index=1)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="How the file's outcomes are assessed")).to_be_visible()


def _call_in_then_change(page) -> None:
    _follow_first("The call-in")(page)
    page.get_by_role("link", name="Change the call-in").click()


NOTES_OF_16_JANUARY = Path(__file__).parents[1] / "data" / "action_notes" / "2019-01-16.txt"


def _import_notes(page) -> None:
    """Paste the action notes of 16 January 2019 and see the draft to check."""
    text = NOTES_OF_16_JANUARY.read_text(encoding="utf-8")
    page.get_by_label("Or paste the text of the action notes").fill(text)
    page.get_by_role("button", name="Read the notes").click()
    expect(page.get_by_role("heading", name="Check the imported action notes")).to_be_visible()


OTHER_COUNCILS_MINUTES = (
    Path(__file__).parents[1] / "data" / "notes_layouts" / "maidstone_2023-06-20.txt"
)


def _import_other_councils_minutes(page) -> None:
    """Another council's minutes: lines not read, and items with a standing item's number."""
    text = OTHER_COUNCILS_MINUTES.read_text(encoding="utf-8")
    page.get_by_label("Or paste the text of the action notes").fill(text)
    page.get_by_role("button", name="Read the notes").click()
    expect(page.get_by_role("heading", name="Lines that could not be read")).to_be_visible()


def _paste_more_than_a_form_accepts(page) -> None:
    """A paste over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the page giving the limits."""
    page.get_by_label("Or paste the text of the action notes").fill("x" * (3 * 1024 * 1024))
    page.get_by_role("button", name="Read the notes").click()
    expect(page.get_by_role("heading", name="What you sent is too large")).to_be_visible()


def _confirm_notes_with_a_title_missing(page) -> None:
    _import_notes(page)
    page.get_by_label("Title").first.fill("")
    page.get_by_role("button", name="Confirm and save").click()


def _open_first_item(page) -> None:
    """From the meeting's recording page, the first item's own page."""
    page.locator(".govuk-task-list__link").first.click()
    expect(page.get_by_label("Notes of the discussion")).to_be_visible()


def _mark_first_item_exempt(page) -> None:
    """Choose Exempt on the first item: its paragraph and reason are revealed."""
    _open_first_item(page)
    page.locator("input[type=checkbox][name$=-exempt]:not(:checked)").first.check()
    expect(page.get_by_label("Paragraph of Schedule 12A").first).to_be_visible()


def _record_with_an_unknown_attendee(page) -> None:
    page.get_by_label("Person").first.fill("Nobody on record either")
    page.get_by_role("button", name="Save attendance and declarations").click()


def _record_an_item_with_an_unknown_owner(page) -> None:
    _open_first_item(page)
    page.get_by_label("Information requested or action").first.fill("The figures by ward.")
    page.get_by_label("Responsible").first.fill("Nobody on record")
    page.get_by_role("button", name=re.compile(r"^Save item")).click()


def _follow_first(link: str, *, then: str = "", last: bool = False) -> Callable:
    """Follow the first (or last) link named `link`, then press `then` if given."""

    def act(page) -> None:
        links = page.get_by_role("link", name=re.compile(rf"^{link}\b"))
        (links.last if last else links.first).click()
        if then:
            page.get_by_role("button", name=then).click()

    return act


def _wrong_current_password(page) -> None:
    page.get_by_label("Old password").fill("not the password")
    page.get_by_label("New password", exact=True).fill("a long new password 42")
    page.get_by_label("New password confirmation").fill("a long new password 42")
    page.get_by_role("button", name="Change the password").click()


@dataclass(frozen=True)
class Case:
    name: str
    role: str | None  # None: the public, not signed in
    path: str  # formatted with demo_urls() and the update's id
    act: Callable | None = None  # what the user does on the page before the check
    error: bool = False  # the page then shows a form error
    saves: bool = False  # what the user does saves something: a fresh record of its own

    def __str__(self) -> str:
        return self.name


# Due on or before 1 January 2019 but on or after 1 February 2019: an impossible range.
REVERSED_RANGE = "due_from_0=1&due_from_1=2&due_from_2=2019&due_to_0=1&due_to_1=1&due_to_2=2019"

CASES = [
    Case("dashboard-public", None, "/"),
    Case("dashboard-officer", "officer", "/"),
    Case("dashboard-owner", "owner", "/"),
    Case("dashboard-councillor", "councillor", "/"),
    Case("dashboard-admin", "admin", "/"),
    Case("outstanding", None, "/outstanding/"),
    Case(
        "outstanding-filtered-sorted",
        "councillor",
        "/outstanding/?overdue=on&source=inquiry-{inquiry_pk}&sort=-reference",
    ),
    Case("outstanding-error", None, f"/outstanding/?{REVERSED_RANGE}", error=True),
    Case("outstanding-print", None, "/outstanding/print/"),
    Case("import-upload", "officer", "/outstanding/import/"),
    Case(
        "import-upload-error",
        "officer",
        "/outstanding/import/",
        _press("Upload and check"),
        error=True,
    ),
    Case("import-preview", "officer", "/outstanding/import/", _upload_tracker("Deputy Leader")),
    Case(
        "import-preview-errors",
        "officer",
        "/outstanding/import/",
        _upload_tracker("Deputy Leadr"),
        error=True,
    ),
    Case("import-mapping", "officer", "/outstanding/import/", _upload_council_tracker),
    Case(
        "import-mapping-error",
        "officer",
        "/outstanding/import/",
        _upload_council_tracker_then_continue,
        error=True,
    ),
    Case("import-mapped-preview", "officer", "/outstanding/import/", _map_council_tracker),
    Case("my-items", "owner", "/my-items/"),
    Case("to-chase", "officer", "/to-chase/"),
    Case("calendar-link", "owner", "/my-calendar/"),
    Case("calendar-link-created", "owner", "/my-calendar/", _create_calendar_link, saves=True),
    Case("notification-settings", "owner", "/account/notifications/"),
    Case("api-docs", None, "/api/docs/"),
    Case("api-docs-officer", "officer", "/api/docs/"),
    Case("api-tokens", "owner", "/account/api-tokens/"),
    Case("api-token-made", "owner", "/account/api-tokens/", _make_api_token, saves=True),
    Case("api-token-error", "owner", "/account/api-tokens/", _press("Make a token"), True),
    Case(
        "notification-settings-saved",
        "owner",
        "/account/notifications/",
        _press("Save your settings"),
        saves=True,
    ),
    Case("recommendation", "officer", "{r02}"),
    Case("recommendation-public", None, "{r02}"),
    Case("request", None, "{request}"),
    Case("committee-list", None, "/committees/"),
    Case("committee", None, "{committee}"),
    Case("meeting-public", None, "{meeting}"),
    Case("meeting-member", "councillor", "{meeting}"),
    Case("action-notes-public", None, "{meeting}notes/public/"),
    Case("action-notes-full", "councillor", "{meeting}notes/full/"),
    Case("work-programme-public", None, "{committee}work-programme/public/?month=2019-02"),
    Case("work-programme-full", "officer", "{committee}work-programme/full/?month=2019-02"),
    Case("inquiry", None, "{inquiry}"),
    Case("open-data", None, "/open-data/"),
    Case("open-data-schema", None, "/open-data/schema/"),
    Case("search-results", None, "/search/?q=children"),
    Case("search-one-kind", "councillor", "/search/?q=children&kind=requests&page=2"),
    Case("search-error", None, "/search/?q=%21%21%21", error=True),
    Case("update-form", "owner", "{r06}update/"),
    Case("update-form-error", "owner", "{r06}update/", _press("Send update"), error=True),
    # An update on R02 is waiting for review: the page shows it instead of a second form.
    Case("update-form-waiting", "officer", "{r02}update/"),
    Case(
        "request-update-form-error",
        "officer",
        "{request}update/",
        _information_provided_tomorrow,
        error=True,
    ),
    Case("updates-to-review", "officer", "/updates/"),
    Case("review", "officer", "/updates/{update}/"),
    Case("review-error", "officer", "/updates/{update}/", _send_back_without_reason, error=True),
    Case("assess", "officer", "{r02}assess/"),
    Case("assess-error", "officer", "{r02}assess/", _press("Record assessment"), error=True),
    Case(
        "assess-conflict",
        "officer",
        "{r02}assess/",
        _revised_meanwhile_then_assess,
        error=True,
        saves=True,
    ),
    Case("revise", "officer", "{r02}revise/"),
    Case("revise-error", "officer", "{r02}revise/", _press("Record the new date"), error=True),
    Case("request-owner", "officer", "{request}owner/"),
    Case(
        "request-owner-error", "officer", "{request}owner/", _press("Change the owner"), error=True
    ),
    Case("request-revise", "officer", "{request}revise/"),
    Case(
        "request-revise-error",
        "officer",
        "{request}revise/",
        _press("Record the new date"),
        error=True,
    ),
    Case("request-withdraw", "officer", "{request}withdraw/"),
    Case(
        "request-withdraw-error",
        "officer",
        "{request}withdraw/",
        _press("Withdraw the request"),
        error=True,
    ),
    Case("request-provided", "officer", "{request}provided/"),
    Case(
        "request-provided-error",
        "officer",
        "{request}provided/",
        _press("Mark as provided"),
        error=True,
    ),
    Case("inquiry-create", "officer", "/inquiries/new/"),
    Case(
        "inquiry-create-more-rows",
        "officer",
        "/inquiries/new/",
        _press("Add another recommendation"),
    ),
    Case(
        "inquiry-create-error", "officer", "/inquiries/new/", _press("Add the inquiry"), error=True
    ),
    Case("council-settings", "admin", "/council/settings/"),
    Case(
        "council-settings-error",
        "admin",
        "/council/settings/",
        _press("Save the council's settings"),
        error=True,
    ),
    Case("committee-settings", "admin", "{committee}settings/"),
    Case(
        "committee-settings-more-rows",
        "admin",
        "{committee}settings/",
        _press("Add another standing item"),
    ),
    Case(
        "committee-settings-error",
        "admin",
        "{committee}settings/",
        _press("Save the committee's settings"),
        error=True,
    ),
    Case("work-programme-topics", "officer", "{committee}topics/"),
    Case(
        "work-programme-topics-error",
        "officer",
        "{committee}topics/",
        _press("Add topic"),
        error=True,
    ),
    Case("work-programme-move", "officer", "{committee}topics/", _follow_first("Move")),
    Case(
        "work-programme-move-error",
        "officer",
        "{committee}topics/",
        _follow_first("Move", then="Move topic"),
        error=True,
    ),
    Case("work-programme-drop", "officer", "{committee}topics/", _follow_first("Drop")),
    Case(
        "work-programme-drop-error",
        "officer",
        "{committee}topics/",
        _follow_first("Drop", then="Drop topic"),
        error=True,
    ),
    Case(
        "programme-matter-add-error",
        "officer",
        "{committee}topics/",
        _press("Add to the programme"),
        error=True,
    ),
    Case("programme-matter-end", "officer", "{committee}topics/", _follow_first("Take off")),
    Case(
        "programme-matter-end-error",
        "officer",
        "{committee}topics/",
        _follow_first("Take off", then="Take off the programme"),
        error=True,
    ),
    Case("forward-plan", "officer", "/forward-plan/"),
    Case("forward-plan-add", "officer", "/forward-plan/add/"),
    Case(
        "forward-plan-add-error",
        "officer",
        "/forward-plan/add/",
        _press("Save decision"),
        error=True,
    ),
    Case("forward-plan-import", "officer", "/forward-plan/import/"),
    Case("forward-plan-import-preview", "officer", "/forward-plan/import/", _upload_forward_plan),
    Case("call-in", None, "{committee}", _follow_first("The call-in")),
    Case("call-in-edit", "officer", "{committee}", _call_in_then_change),
    Case(
        "forward-plan-import-error",
        "officer",
        "/forward-plan/import/",
        _press("Upload and check"),
        error=True,
    ),
    Case("sign-in", None, "/sign-in/"),
    Case("schedule-meetings", "officer", "{committee}schedule/"),
    Case(
        "schedule-meetings-error", "officer", "{committee}schedule/", _press("Schedule"), error=True
    ),
    Case("people", "officer", "{committee}people/"),
    Case("invite", "officer", "{committee}people/invite/"),
    Case(
        "invite-error",
        "officer",
        "{committee}people/invite/",
        _press("Send the invitation"),
        error=True,
    ),
    Case("password-reset", None, "/password-reset/"),
    Case("password-reset-error", None, "/password-reset/", _press("Send the link"), error=True),
    Case("password-reset-sent", None, "/password-reset/sent/"),
    Case("set-password-link-not-working", None, "/set-password/MQ/not-a-token/"),
    Case("password-set", None, "/set-password/done/"),
    Case("change-password", "owner", "/change-password/"),
    Case(
        "change-password-error", "owner", "/change-password/", _wrong_current_password, error=True
    ),
    Case("change-password-done", "owner", "/change-password/done/"),
    Case("record-meeting", "officer", "{meeting}record/"),
    Case(
        "record-meeting-error",
        "officer",
        "{meeting}record/",
        _record_with_an_unknown_attendee,
        error=True,
    ),
    Case("record-item", "officer", "{meeting}record/", _open_first_item),
    Case("record-item-exempt", "officer", "{meeting}record/", _mark_first_item_exempt),
    Case(
        "record-item-error",
        "officer",
        "{meeting}record/",
        _record_an_item_with_an_unknown_owner,
        error=True,
    ),
    Case("confirm-notes", "officer", "{meeting}confirm-notes/"),
    Case("import-notes", "officer", "{meeting}import-notes/"),
    Case(
        "import-notes-error",
        "officer",
        "{meeting}import-notes/",
        _press("Read the notes"),
        error=True,
    ),
    Case("meeting-move", "officer", "{meeting}move/"),
    Case("meeting-move-error", "officer", "{meeting}move/", _press("Move the meeting"), error=True),
    Case("meeting-cancel", "officer", "{meeting}cancel/"),
    Case("meeting-cancel-error", "officer", "{meeting}cancel/", _press("Cancel the meeting"), True),
    Case("meeting-kind", "officer", "{meeting}kind/"),
    Case("meeting-kind-error", "officer", "{meeting}kind/", _press("Change the kind"), True),
    Case("meeting-status", "officer", "{meeting}status/"),
    Case("meeting-status-error", "officer", "{meeting}status/", _press("Set the status"), True),
    Case("meeting-substitute", "officer", "{meeting}substitutes/"),
    Case(
        "meeting-substitute-error",
        "officer",
        "{meeting}substitutes/",
        _press("Add the substitute"),
        error=True,
    ),
    Case("committee-on-a-date", None, "{committee}?on=2018-10-17"),
    Case("committee-on-a-date-error", None, "{committee}?on_0=31&on_1=2&on_2=2019", error=True),
    Case("membership", "officer", "{committee}membership/"),
    Case("membership-add", "officer", "{committee}membership/add/"),
    Case(
        "membership-add-error",
        "officer",
        "{committee}membership/add/",
        _press("Add the member"),
        error=True,
    ),
    Case("membership-end", "officer", "{committee}membership/", _follow_first("End")),
    Case(
        "membership-end-error",
        "officer",
        "{committee}membership/",
        _follow_first("End", then="End the membership"),
        error=True,
    ),
    Case("officer-add", "officer", "{committee}officers/add/"),
    Case(
        "officer-add-error", "officer", "{committee}officers/add/", _press("Add the officer"), True
    ),
    Case(
        "officer-end-error",
        "officer",
        "{committee}membership/",
        _follow_first("End", then="End the support", last=True),
        error=True,
    ),
    Case("import-notes-review", "officer", "{meeting}import-notes/", _import_notes),
    Case(
        "import-notes-review-other-council",
        "officer",
        "{meeting}import-notes/",
        _import_other_councils_minutes,
    ),
    Case("too-large", "officer", "{meeting}import-notes/", _paste_more_than_a_form_accepts),
    Case(
        "import-notes-review-error",
        "officer",
        "{meeting}import-notes/",
        _confirm_notes_with_a_title_missing,
        error=True,
    ),
]


@pytest.fixture(scope="module")
def shared_urls(shared_demo) -> dict[str, str]:
    """The shared record's addresses, with the owner's update on R02 sent once."""
    update = submit_owner_update("R02", proposed="Not Achieved – Progress Made")
    return {**demo_urls(), "update": str(update.pk)}


@pytest.mark.parametrize("case", [case for case in CASES if not case.saves], ids=str)
def test_page_has_no_accessibility_violations(
    case: Case, shared_demo, shared_urls, shared_role_page
):
    # Reading a page, or a form refused, changes nothing: these share one record.
    page = shared_role_page(case.role)
    with shared_demo.changes_nothing(case.name):
        _check(case, page, shared_demo.url, case.path.format(**shared_urls))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("case", [case for case in CASES if case.saves], ids=str)
def test_page_after_saving_has_no_accessibility_violations(case: Case, demo_live, role_page):
    update = submit_owner_update("R02", proposed="Not Achieved – Progress Made")
    _check(case, role_page(case.role), demo_live, case.path.format(**demo_urls(), update=update.pk))


def _check(case: Case, page, base_url: str, path: str) -> None:
    response = page.goto(f"{base_url}{path}")
    assert response is not None and response.status == 200, f"{path}: {response.status}"
    if case.name != "outstanding-print":  # the print view has no navigation and no script
        # Signed in as the case says, and GOV.UK Frontend's script has run.
        signed_in = page.get_by_role("button", name="Sign out")
        expect(signed_in).to_have_count(1 if case.role else 0)
        expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    if case.act:
        case.act(page)

    summary = page.locator(".govuk-error-summary")
    if case.error:
        expect(page).to_have_title(re.compile(r"^Error: .+ – Scrutiny Tracker$"))
        expect(summary).to_be_visible()
        # GOV.UK Frontend's script has run: it moves focus to the summary.
        expect(summary).to_be_focused()
        # The summary comes first in the page's content, before its heading.
        comes_first = "(s) => !!(s.compareDocumentPosition(document.querySelector('main h1')) & 4)"
        assert summary.evaluate(comes_first), f"{path}: the error summary is below the heading"
    else:
        expect(page).not_to_have_title(re.compile(r"^Error:"))
        expect(summary).to_have_count(0)

    assert_no_axe_violations(page, case.name)
