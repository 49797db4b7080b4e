"""Presentation helpers: how dates and statuses are written. No business rules here.

The date filters write what committees.dates writes, the one date writer. As Django's
`date` filter does, they write nothing for an empty value, so that `|default:"..."` says
what is missing ('Not known', 'None set')."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import template

from committees import dates
from tracker.outstanding.display import NO_DUE_DATE, due_text

register = template.Library()


def _written(write: Callable[..., str], value: Any, **options: Any) -> str:
    """What the writer writes of `value`; nothing for no date or, as Django's `date` filter
    does, for something that is not one."""
    if value is None or value == "":
        return ""
    try:
        return write(value, **options)
    except (AttributeError, TypeError, ValueError):
        return ""


@register.filter
def long_date(value: dt.date | None, month_only: bool = False) -> str:
    """'4 December 2026' ('December 2026' when `month_only`)."""
    return _written(dates.long_date, value, month_only=month_only)


@register.filter
def month_and_year(value: dt.date | None) -> str:
    """'December 2026'."""
    return _written(dates.month_and_year, value)


@register.filter
def short_month(value: dt.date | None) -> str:
    """'Dec 2026', where space is short."""
    return _written(dates.short_month, value)


@register.filter
def day_and_date(value: dt.date | None) -> str:
    """'Friday 4 December 2026'."""
    return _written(dates.day_and_date, value)


@register.filter
def date_and_time(value: dt.datetime | None) -> str:
    """'4 December 2026, 3:30pm', in local time."""
    return _written(dates.date_and_time, value)


@register.filter
def time_of_day(value: dt.time | None) -> str:
    """'3:30pm', '10am', 'midday'."""
    return _written(dates.time_of_day, value)


@register.filter
def starts_with(text: str, prefix: str) -> bool:
    """Whether a path is at or below another: the navigation's current section."""
    return str(text).startswith(str(prefix))


@register.filter
def due(value: dt.date | None, month_only: bool = False) -> str:
    """'May 2018' when the report gave only a month, '31 May 2018' otherwise; 'No date
    set' when there is none."""
    return due_text(value, month_only=month_only)


@register.filter
def due_phrase(value: dt.date | None) -> str:
    """The due date inside a sentence: 'due 31 May 2018', or 'no date set'."""
    return f"due {due_text(value)}" if value is not None else NO_DUE_DATE.lower()


@register.filter
def assessment_tag(category) -> str:
    """The GOV.UK tag colour for an assessment category."""
    if category is None:
        return "govuk-tag--grey"
    if category.counts_as_achieved:
        return "govuk-tag--green"
    if category.ends_tracking:
        return "govuk-tag--grey"
    return "govuk-tag--blue"


@register.filter
def is_overdue(item, today: dt.date) -> bool:
    """Asks the item itself: the rule is the model's, not the template's."""
    return item.is_overdue(today)
