"""Presentation helpers: how dates and statuses are written. No business rules here."""

from __future__ import annotations

import datetime as dt

from django import template

from tracker.outstanding.display import NO_DUE_DATE, due_text

register = template.Library()


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
