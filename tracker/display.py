"""What a row of a list of items shows, worked out once per row in Python.

A row template then only writes values out: a template filter costs tens of microseconds
a call, and a page of 25 rows makes a hundred of them. The rows of "My items", read on
every visit, are written out here too (`rows_html`): a template's variables and tags
cost a few microseconds each, 0.7 ms for a page of 25 rows, where Python writes each
row, its values escaped, in a few microseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
from html import escape
from typing import Any, TypedDict

from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .selectors import KIND_RECOMMENDATION


def long_date(value: dt.date | None, *, month_only: bool = False) -> str:
    """'31 May 2018', or 'May 2018' when only the month is known; 'Not known' if empty."""
    if value is None:
        return "Not known"
    month = _month_name(get_language(), value.month)
    return f"{month} {value.year}" if month_only else f"{value.day} {month} {value.year}"


@functools.lru_cache(maxsize=128)
def _month_name(language: str | None, month: int) -> str:
    """The month's name in the language: translated once, not at every date written."""
    return str(MONTHS[month])


def words(text: str, count: int) -> str:
    """The first `count` words of the text, as the `truncatewords` filter gives them."""
    split = text.split()
    return " ".join(split[:count]) + (" …" if len(split) > count else "")


class ItemRow(TypedDict):
    """One row of "My items": an outstanding recommendation or request. A dict, which
    a template reads at its first try: an object's attributes cost it a failed key
    lookup each."""

    href: str
    title: str
    summary: str
    owner: str
    due: str
    overdue: bool
    pending: bool
    # What "Send an update" is about, for those who hear the link out of its row.
    about: str


def item_rows(rows: list[dict[str, Any]]) -> list[ItemRow]:
    """The rows of the outstanding list (`selectors.COLUMNS`, with `pending`) as shown."""
    shown = []
    for row in rows:
        if row["row_kind"] == KIND_RECOMMENDATION:
            href = f"/recommendations/{row['row_pk']}/"
            title = about = f"{row['row_source']} {row['row_reference']}"
            summary = (
                words(row["row_text"], 25)
                if row["row_text_known"]
                else "The text of this recommendation is not yet known."
            )
        else:
            href = f"/requests/{row['row_pk']}/"
            asked_on = long_date(row["row_source_date"])
            title = f"Requested at the meeting of {asked_on}"
            summary = words(row["row_text"], 25)
            about = f"the request of {asked_on}: {words(row['row_text'], 8)}"
        shown.append(
            ItemRow(
                href=href,
                title=title,
                summary=summary,
                owner=row["row_owner"] or "Not known",
                due=long_date(row["row_due_date"], month_only=row["row_due_month_only"]),
                overdue=bool(row["row_overdue"]),
                pending=bool(row.get("row_pending")),
                about=about,
            )
        )
    return shown


# A row of the table of "My items" (templates/tracker/my_items.html has the table).
ROW_HTML = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell"><a class="govuk-link" href="{href}">{title}</a><br>'
    '<span class="govuk-body-s">{summary}</span></td>'
    '<td class="govuk-table__cell">{owner}</td>'
    '<td class="govuk-table__cell">{due}{overdue}</td>'
    '<td class="govuk-table__cell">{action}</td>'
    "</tr>\n"
)
OVERDUE_TAG = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
PENDING_TAG = '<strong class="govuk-tag govuk-tag--yellow">Update waiting for review</strong>'
UPDATE_LINK = (
    '<a class="govuk-link" href="{href}update/">Send an update'
    '<span class="govuk-visually-hidden"> on {about}</span></a>'
)


def rows_html(rows: list[ItemRow]) -> SafeString:
    """The rows of "My items" as the rows of its table, every value escaped (as Django
    escapes, with the standard library's `html.escape`)."""
    return mark_safe("".join(map(_row_html, rows)))


def _row_html(row: ItemRow) -> str:
    href = escape(row["href"])
    action = (
        PENDING_TAG if row["pending"] else UPDATE_LINK.format(href=href, about=escape(row["about"]))
    )
    return ROW_HTML.format(
        href=href,
        title=escape(row["title"]),
        summary=escape(row["summary"]),
        owner=escape(row["owner"]),
        due=escape(row["due"]),
        overdue=OVERDUE_TAG if row["overdue"] else "",
        action=action,
    )
