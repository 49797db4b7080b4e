"""How the app writes dates and times for people, and the dates a person may enter.

The writer (`long_date`, `month_and_year`, `short_month`, `day_and_date`, `time_of_day`,
`date_and_time`) is the one place a date is written out for a page, an email, a message, a
history reason or a document, in GOV.UK style: "4 December 2026", "December 2026",
"Friday 4 December 2026", "4 December 2026, 3:30pm". Month and day names are translated.
Machine formats (ISO dates in exports and feeds, `<time datetime>`, form values) are not
written here, and TYPED_DATE_FORMATS below are for reading what people type.

The dates a person may enter are defined once for every form, import and model check.

A date far outside the council's working life is a slip of the keyboard (31/12/9999,
1/1/0001), and such a date breaks arithmetic further on: a report deadline nine days
before 1 January 0001, a calendar event ending the day after 31 December 9999. So every
date entered falls within ENTERED_DATES, and a due date within DUE_WITHIN_YEARS of what
it is due after (its meeting, or its inquiry's report). Dates already stored outside
these windows are still shown: the pages and feeds never assume them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.core.exceptions import ValidationError
from django.utils import dates as names
from django.utils import timezone
from django.utils.translation import get_language

# A date the record does not give (the documents do not state it).
NOT_STATED = "Not stated"


def long_date(value: dt.date | None, *, month_only: bool = False) -> str:
    """'4 December 2026', or 'December 2026' when only the month is known; 'Not stated'
    if empty. A datetime is written as the local day it falls on."""
    if value is None:
        return NOT_STATED
    day = _local_day(value)
    month = _month_name(get_language(), day.month)
    return f"{month} {day.year}" if month_only else f"{day.day} {month} {day.year}"


def month_and_year(value: dt.date | None) -> str:
    """'December 2026': a month's report, programme or due month."""
    return long_date(value, month_only=True)


def short_month(value: dt.date, *, short_year: bool = False) -> str:
    """'Dec 2026' ('Dec 26' with `short_year`): a month where space is short, a column
    heading or a chart's axis."""
    day = _local_day(value)
    month = _short_month_name(get_language(), day.month)
    return f"{month} {day.year % 100:02d}" if short_year else f"{month} {day.year}"


def day_and_date(value: dt.date) -> str:
    """'Friday 4 December 2026': a meeting's day."""
    day = _local_day(value)
    return f"{_weekday_name(get_language(), day.weekday())} {long_date(day)}"


def time_of_day(value: dt.time | dt.datetime) -> str:
    """'3:30pm', '10am', 'midday' or 'midnight'. A datetime gives its local time."""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_and_time(value: dt.datetime) -> str:
    """'4 December 2026, 3:30pm', in local time: when something was done or sent."""
    local = _local(value)
    return f"{long_date(local.date())}, {time_of_day(local.time())}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _local_day(value: dt.date) -> dt.date:
    return _local(value).date() if isinstance(value, dt.datetime) else value


# Names translated once per language, not at every date written.
@functools.lru_cache(maxsize=128)
def _month_name(language: str | None, month: int) -> str:
    return str(names.MONTHS[month])


@functools.lru_cache(maxsize=128)
def _short_month_name(language: str | None, month: int) -> str:
    return str(names.MONTHS_3[month]).title()


@functools.lru_cache(maxsize=128)
def _weekday_name(language: str | None, weekday: int) -> str:
    return str(names.WEEKDAYS[weekday])


EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
DUE_WITHIN_YEARS = 10


def window_text() -> str:
    """'between 1 January 1990 and 31 December 2100': the dates the tracker takes. A
    function, not a constant: month names are translated only once the app is loaded."""
    return f"between {long_date(EARLIEST)} and {long_date(LATEST)}"


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
        raise ValidationError(f"{what} must be {window_text()}.", code="date_out_of_range")


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
            f"between {long_date(start)} and {long_date(end)}.",
            code="due_date_out_of_range",
        )
