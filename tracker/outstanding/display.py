"""What a row of a list of items shows, worked out once per row in Python.

A row template (templates/tracker/items/my_items.html) then only writes values out.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, TypedDict

from django.utils.dates import MONTHS
from django.utils.translation import get_language

from .selectors import KIND_RECOMMENDATION

# A date the record does not give (the documents do not state it).
NOT_STATED = "Not stated"
# A due date the record does not hold: none was set, or the documents give none. Every
# page, document and export of an item says it in these words.
NO_DUE_DATE = "No date set"


def long_date(value: dt.date | None, *, month_only: bool = False) -> str:
    """'31 May 2018', or 'May 2018' when only the month is known; 'Not stated' if empty."""
    if value is None:
        return NOT_STATED
    month = _month_name(get_language(), value.month)
    return f"{month} {value.year}" if month_only else f"{value.day} {month} {value.year}"


def due_text(value: dt.date | None, *, month_only: bool = False) -> str:
    """An item's due date as the pages write it: 'No date set' if it has none."""
    return NO_DUE_DATE if value is None else long_date(value, month_only=month_only)


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
    # The latest owner's update: its status ("pending", "accepted", "returned", or "" for
    # none), when it was sent, and the note sending it back.
    update_status: str
    update_sent_at: dt.datetime | None
    update_note: str
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
                due=due_text(row["row_due_date"], month_only=row["row_due_month_only"]),
                overdue=bool(row["row_overdue"]),
                pending=row.get("row_update_status") == "pending",
                update_status=row.get("row_update_status") or "",
                update_sent_at=row.get("row_update_sent_at"),
                update_note=row.get("row_update_note") or "",
                about=about,
            )
        )
    return shown
