"""System checks for the committees app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_as_at_date(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A fixed "today" is for showing the demo record, never for a live service."""
    if getattr(settings, "TRACKER_AS_AT_DATE", None) and not settings.DEBUG:
        return [
            Error(
                "TRACKER_AS_AT_DATE is set while DEBUG is off.",
                hint="Unset TRACKER_AS_AT_DATE: it fixes the app's date for the demo only.",
                id="committees.E001",
            )
        ]
    return []
