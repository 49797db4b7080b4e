"""Template context every page gets from the committees app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .clock import as_at_date


def as_at(request: HttpRequest) -> dict[str, Any]:
    """The date the app is fixed at (the demo), for the banner on every page."""
    return {"as_at_date": as_at_date()}
