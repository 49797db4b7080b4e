"""The app's "today": the one place the date of the day is read.

Normally the local date. With TRACKER_AS_AT_DATE set (the demo, DEBUG only), every page,
list, reminder and calendar sees that date instead, so the committee's record reads as it
did on that day: what was overdue, due soon and arising then.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def as_at_date() -> dt.date | None:
    """The date the app is fixed at, or None when it follows the calendar."""
    value = getattr(settings, "TRACKER_AS_AT_DATE", None)
    if not value:
        return None
    if not settings.DEBUG:
        # Settings refuse this at start; a later override must not slip through either.
        raise ImproperlyConfigured("TRACKER_AS_AT_DATE is for the demo only: DEBUG is off.")
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def today() -> dt.date:
    """The date the app treats as today."""
    return as_at_date() or timezone.localdate()
