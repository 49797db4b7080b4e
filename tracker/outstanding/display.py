"""What a row of a list of items shows, worked out once per row in Python.

A row template (templates/tracker/items/my_items.html) then only writes values out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.urls import reverse

from committees.dates import NOT_STATED, long_date

from .selectors import KIND_RECOMMENDATION

# The date writer (committees.dates) is imported from here too.
__all__ = ["NOT_STATED", "NO_DUE_DATE", "ItemRow", "due_text", "item_rows", "long_date", "words"]

# A due date the record does not hold: none was set, or the documents give none. Every
# page, document and export of an item says it in these words.
NO_DUE_DATE = "No date set"


def due_text(value: dt.date | None, *, month_only: bool = False) -> str:
    """An item's due date as the pages write it: 'No date set' if it has none."""
    return NO_DUE_DATE if value is None else long_date(value, month_only=month_only)


def words(text: str, count: int) -> str:
    """The first `count` words of the text, as the `truncatewords` filter gives them."""
    split = text.split()
    return " ".join(split[:count]) + (" …" if len(split) > count else "")


class ItemRow(TypedDict):
    """One row of "My items": an outstanding recommendation or request. A dict, which
    a template reads at its first try: an object's attributes cost it a failed key
    lookup each."""

    href: str
    # Where "Send an update" goes.
    update_href: str
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
            href = reverse("recommendation_detail", args=[row["row_pk"]])
            update_href = reverse("recommendation_update", args=[row["row_pk"]])
            title = about = f"{row['row_source']} {row['row_reference']}"
            summary = (
                words(row["row_text"], 25)
                if row["row_text_known"]
                else "The text of this recommendation is not yet known."
            )
        else:
            href = reverse("request_detail", args=[row["row_pk"]])
            update_href = reverse("request_update", args=[row["row_pk"]])
            asked_on = long_date(row["row_source_date"])
            title = f"Requested at the meeting of {asked_on}"
            summary = words(row["row_text"], 25)
            about = f"the request of {asked_on}: {words(row['row_text'], 8)}"
        shown.append(
            ItemRow(
                href=href,
                update_href=update_href,
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
