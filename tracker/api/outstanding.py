"""The outstanding list through the API: the page's list (`OutstandingList`), its filters
(`OutstandingFilterForm`) and its sort orders, read a page at a time from a cursor.

The cursor is the sort key of the last row read, so a page starts after it however many
items were added or closed meanwhile: one query a page, whatever its size.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from committees import clock
from tracker.access import access_for
from tracker.items.forms import OutstandingFilterForm
from tracker.outstanding.selectors import SORTABLE, OutstandingList

from . import serializers
from .errors import invalid
from .items import form_data

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
SORTS = [*SORTABLE, *(f"-{column}" for column in SORTABLE)]


def encode_cursor(column: str, descending: bool, position) -> str:
    value, kind, pk = position
    if isinstance(value, dt.date):
        value = value.isoformat()
    raw = json.dumps([column, descending, value, kind, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, column: str, descending: bool):
    """The position a cursor names, or None if it is not one of this order's cursors."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_column, got_descending, value, kind, pk = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        return None
    if (got_column, got_descending) != (column, descending) or not isinstance(pk, int):
        return None
    if kind not in {"recommendation", "request"}:
        return None
    if value is not None:
        if not isinstance(value, str):
            return None
        if column == "due_date":
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return None
    return (value, kind, pk)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Words in the item, its inquiry or agenda item."),
        OpenApiParameter("committee", str, description="A committee's slug."),
        OpenApiParameter("kind", str, enum=["recommendation", "request"]),
        OpenApiParameter("source", str, description="inquiry-<id> or meeting-<id>."),
        OpenApiParameter("owner", int, description="The owning post's id."),
        OpenApiParameter("assessment", int, description="The latest assessment's id."),
        OpenApiParameter("overdue", bool, description="Only overdue items."),
        OpenApiParameter("due_from", dt.date, description="Due on or after."),
        OpenApiParameter("due_to", dt.date, description="Due on or before."),
        OpenApiParameter("sort", str, enum=SORTS, description="A column; '-' for descending."),
        OpenApiParameter("page_size", int, description=f"At most {MAX_PAGE_SIZE}."),
        OpenApiParameter("cursor", str, description="The `next` of the page before."),
    ],
    responses={200: serializers.OutstandingPageSerializer},
)
class OutstandingItems(APIView):
    """Open recommendations and requests as the outstanding page lists them for the
    reader: requests from exempt items only for those entitled."""

    def get(self, request):
        params = request.query_params
        sort = params.get("sort") or "due_date"
        if sort not in SORTS:
            return invalid({"sort": [f"Sort by one of: {', '.join(SORTS)}"]})
        column, descending = sort.lstrip("-"), sort.startswith("-")
        try:
            size = int(params.get("page_size") or PAGE_SIZE)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            return invalid({"page_size": [f"Give a page size from 1 to {MAX_PAGE_SIZE}"]})
        access = access_for(request.user)
        form = OutstandingFilterForm(
            form_data({key: params.get(key) for key in params}, ("due_from", "due_to")),
            access=access,
        )
        if not form.is_valid():
            fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
            return invalid(fields)
        today = clock.today()
        rows = OutstandingList(access=access, filters=form.filters(today), today=today).ordered_by(
            column, descending=descending
        )
        if cursor := params.get("cursor"):
            position = decode_cursor(cursor, column, descending)
            if position is None:
                return invalid({"cursor": ["This cursor is not one of this list's pages"]})
            rows = rows.starting_after(position)
        page = list(rows.queryset()[: size + 1])
        more, page = len(page) > size, page[:size]
        next_url = None
        if more:
            query = params.copy()
            query["cursor"] = encode_cursor(column, descending, rows.position_of(page[-1]))
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response(
            {
                "next": next_url,
                "results": serializers.OutstandingRowSerializer(page, many=True).data,
            }
        )
