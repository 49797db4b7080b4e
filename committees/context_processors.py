"""Template context every page gets from the committees app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .clock import as_at_date
from .services import council_settings


def as_at(request: HttpRequest) -> dict[str, Any]:
    """The date the app is fixed at (the demo), for the banner on every page."""
    return {"as_at_date": as_at_date()}


def council(request: HttpRequest) -> dict[str, Any]:
    """The council's name and wording (`services.council_settings`), for every page: read
    when a template first uses it (the header does), once per page."""
    return {"council": SimpleLazyObject(council_settings)}
