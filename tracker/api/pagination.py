"""Pages that stay put while the record grows: a cursor on a stable, unique order."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class RecordCursorPagination(CursorPagination):
    """Newest first by id: unique, so a page never repeats or skips a row when rows are
    added while a client pages through."""

    ordering = "-pk"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class OldestFirstPagination(RecordCursorPagination):
    ordering = "pk"
