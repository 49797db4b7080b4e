from __future__ import annotations

from django import template

from tracker.kpis.selectors import number_text

register = template.Library()


@register.filter
def kpi_number(value) -> str:
    """A figure as the report prints it (9,736; 36.1), or a dash when there is none."""
    return number_text(value) or "–"
