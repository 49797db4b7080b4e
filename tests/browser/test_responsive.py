"""Every page people read on a phone fits its screen: from 320 px (a small phone, or 1280 px
at 400% zoom, WCAG 1.4.10 Reflow) to 1280 px the page never scrolls sideways, and the
outstanding list's filters are whole on screen.

The outstanding list is loaded with its filters applied (a committee chosen, so the
"Inquiry or meeting" and "Owner" lists hold their long names) and with an item whose text,
inquiry and owner are long and hold words longer than a phone is wide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from .axe import assert_no_axe_violations
from .helpers import demo_urls, new_context, sign_in_by_request

pytestmark = [
    pytest.mark.markup,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (320, 375, 768, 1024, 1280)
HEIGHT = 800

# A web address as people paste it, and a title as councils write them: neither breaks at
# a space within a phone's width.
LONG_WORD = "https://www.birmingham.gov.uk/downloads/file/12345/corporate-parenting-strategy-2019"
LONG_TITLE = (
    "Children in Care and Care Leavers: Corporate Parenting, Placement Sufficiency and the "
    "Local Offer to Young People Leaving Care in Birmingham"
)

# The page's width against the window's, and what sticks out past the window's right edge
# (the few widest things, to say what to fix when it fails).
OVERFLOW = """() => {
    const width = window.innerWidth;
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 0.5) {
            const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className && typeof el.className === "string"
                   ? "." + el.className.trim().split(/\\s+/).join(".") : "");
            wide.push([Math.round(box.right), name]);
        }
    }
    wide.sort((a, b) => b[0] - a[0]);
    return {
        scroll: document.documentElement.scrollWidth,
        width: width,
        wide: wide.slice(0, 6).map(([right, name]) => right + "px " + name),
    };
}"""

# Every control of the filter form, with the parts of it outside the window.
FILTER_CONTROLS = """() => Array.from(
    document.querySelectorAll(".app-filter select, .app-filter input, .app-filter button")
).filter((el) => el.type !== "hidden").map((el) => {
    const box = el.getBoundingClientRect();
    return {
        name: el.name || el.textContent.trim(),
        left: box.left,
        right: box.right,
        width: box.width,
    };
})"""


def _long_item() -> None:
    """An outstanding recommendation whose inquiry, owner and text are all long."""
    from committees.models import Committee, Post
    from tracker.models import AssessmentScale, Inquiry, Recommendation

    inquiry = Inquiry.objects.create(
        committee=Committee.objects.get(slug="childrens-social-care"),
        title=LONG_TITLE,
        reported_to_council_on=dt.date(2019, 1, 8),
        assessment_scale=AssessmentScale.objects.get(slug="birmingham"),
    )
    Recommendation.objects.create(
        inquiry=inquiry,
        code="R01",
        text=f"Publish the strategy at {LONG_WORD} and report on it. " * 3,
        original_due_date=dt.date(2019, 1, 31),
        due_date=dt.date(2019, 1, 31),
        owner_post=Post.objects.create(
            title="Strategic Director for Children and Families (Interim)/"
            "AssistantDirectorForChildrenInCareAndCareLeavers"
        ),
    )


def _assert_fits(page: Any, where: str) -> None:
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] <= fit["width"], (
        f"{where}: the page is {fit['scroll']} px wide in a {fit['width']} px window; "
        f"past its edge: {', '.join(fit['wide'])}"
    )


@pytest.fixture
def open_as(browser: Any, demo_live: str) -> Iterator[Any]:
    """`open_as(role)`: a page signed in as that demo user (None: the public)."""
    contexts: list[Any] = []

    def open_page(role: str | None) -> Any:
        context = new_context(browser)
        contexts.append(context)
        if role:
            sign_in_by_request(context, demo_live, role)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("role", [None, "officer"], ids=["public", "officer"])
def test_outstanding_list_fits_every_width_with_its_filters_on_screen(role, demo_live, open_as):
    _long_item()
    page = open_as(role)
    committee = "committee=childrens-social-care"  # fills "Inquiry or meeting" and "Owner"
    searched = f"{committee}&q=corporate-parenting-strategy&overdue=on&sort=-owner"
    for query in ("", committee, searched):
        path = f"/outstanding/?{query}"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.goto(f"{demo_live}{path}")
            where = f"{path} at {width} px ({role or 'public'})"
            _assert_fits(page, where)
            controls = page.evaluate(FILTER_CONTROLS)
            assert len(controls) >= 10, f"{where}: the filter form's controls are missing"
            cut_off = [c for c in controls if c["left"] < 0 or c["right"] > width]
            assert not cut_off, f"{where}: filter controls cut off: {cut_off}"
    # The last page looked at is the search, which found the long item and only it.
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert LONG_TITLE in rows.inner_text()


def test_outstanding_list_at_320_px_has_no_accessibility_violations(demo_live, open_as):
    _long_item()
    page = open_as(None)
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    page.goto(f"{demo_live}/outstanding/?committee=childrens-social-care")
    assert_no_axe_violations(page, "outstanding at 320 px")


def test_pages_around_the_list_fit_a_320_px_screen(demo_live, open_as):
    urls = demo_urls()
    pages = {
        None: ["/", urls["meeting"], urls["inquiry"], urls["committee"], urls["r02"]],
        "officer": ["/", "/my-items/", urls["meeting"], urls["inquiry"], urls["request"]],
        "owner": ["/", "/my-items/"],
        "councillor": [urls["meeting"]],
    }
    too_wide = []
    for role, paths in pages.items():
        page = open_as(role)
        page.set_viewport_size({"width": 320, "height": HEIGHT})
        for path in paths:
            response = page.goto(f"{demo_live}{path}")
            assert response is not None and response.status == 200, path
            try:
                _assert_fits(page, f"{path} at 320 px ({role or 'public'})")
            except AssertionError as error:
                too_wide.append(str(error))
    assert not too_wide, "\n".join(too_wide)
