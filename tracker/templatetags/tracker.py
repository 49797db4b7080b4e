"""Presentation helpers: how dates and statuses are written. No business rules here."""

from __future__ import annotations

import datetime as dt

from django import template

from tracker.outstanding.display import long_date

register = template.Library()


@register.filter
def starts_with(text: str, prefix: str) -> bool:
    """Whether a path is at or below another: the navigation's current section."""
    return str(text).startswith(str(prefix))


@register.filter
def due(value: dt.date | None, month_only: bool = False) -> str:
    """'May 2018' when the report gave only a month, '31 May 2018' otherwise."""
    return long_date(value, month_only=month_only)


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
