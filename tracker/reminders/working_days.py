"""Working days in England: weekdays that are not bank holidays (offline calendar)."""

from __future__ import annotations

import datetime as dt

import holidays

from committees import clock


def is_working_day(day: dt.date | None = None) -> bool:
    day = day or clock.today()
    return day.weekday() < 5 and day not in holidays.UK(subdiv="ENG", years=day.year)
