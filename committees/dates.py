"""The dates a person may enter, defined once for every form, import and model check.

A date far outside the council's working life is a slip of the keyboard (31/12/9999,
1/1/0001), and such a date breaks arithmetic further on: a report deadline nine days
before 1 January 0001, a calendar event ending the day after 31 December 9999. So every
date entered falls within ENTERED_DATES, and a due date within DUE_WITHIN_YEARS of what
it is due after (its meeting, or its inquiry's report). Dates already stored outside
these windows are still shown: the pages and feeds never assume them.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
DUE_WITHIN_YEARS = 10


def _day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


WINDOW_TEXT = f"between {_day(EARLIEST)} and {_day(LATEST)}"


# 2019-02-13 as the exports write dates; 13 February 2019, 13 Feb 2019, 13/02/2019,
# 13/02/19 or 13.02.2019 as people type them.
TYPED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y")
DAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def parse_date(text: str) -> dt.date:
    """A date as a person types it or a spreadsheet cell holds it, for every form and import
    that reads dates as text; ValueError for anything else.

    A leading day name and commas are allowed ("Wednesday, 13 February 2019"). Whether the
    date is one the tracker takes is for `check_entered_date`.
    """
    words = text.replace(",", " ").split()
    if words and words[0].lower().rstrip(".") in DAY_NAMES:
        words = words[1:]
    cleaned = " ".join(words)
    for date_format in TYPED_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# A date as running text writes it: "16 January 2019", "16th January, 2019".
WRITTEN_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\s*,?\s+(\d{{4}})\b", re.I)


def written_date(text: str) -> dt.date | None:
    """The first date written out in `text` ("Wednesday 16th January 2019 at 10.00"), read
    as `parse_date` reads it; None when there is none, or it is no real day (31 February) or
    outside the entered window."""
    match = WRITTEN_DATE.search(text)
    if match is None:
        return None
    try:
        day = parse_date(" ".join(match.groups()))
    except ValueError:
        return None
    return day if in_window(day) else None


def in_window(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def check_entered_date(day: dt.date | None, *, what: str = "The date") -> None:
    """Refuse a date outside EARLIEST..LATEST. A model field validator and a form check."""
    if day is not None and not in_window(day):
        raise ValidationError(f"{what} must be {WINDOW_TEXT}.", code="date_out_of_range")


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th.
    Beyond the calendar's ends it stops at dt.date.min or dt.date.max."""
    year = day.year + years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def due_window(anchor: dt.date) -> tuple[dt.date, dt.date]:
    """The due dates allowed for something due after `anchor`, inside the entered window."""
    return (
        max(EARLIEST, shift_years(anchor, -DUE_WITHIN_YEARS)),
        min(LATEST, shift_years(anchor, DUE_WITHIN_YEARS)),
    )


def check_due_date(
    day: dt.date | None, *, anchor: dt.date, anchor_text: str, what: str = "The due date"
) -> None:
    """Refuse a due date more than DUE_WITHIN_YEARS from `anchor` (described by
    `anchor_text`, for example "the meeting")."""
    if day is None:
        return
    start, end = due_window(anchor)
    if not start <= day <= end:
        raise ValidationError(
            f"{what} must be within {DUE_WITHIN_YEARS} years of {anchor_text}: "
            f"between {_day(start)} and {_day(end)}.",
            code="due_date_out_of_range",
        )
