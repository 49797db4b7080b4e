"""Table definitions: columns, sorting and export. Rows render through a lean template."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import django_tables2 as tables
from django.core.paginator import Paginator

from .selectors import order_outstanding


class OutstandingTable(tables.Table):
    """The outstanding-tracking list. Its rows are the dicts of selectors.outstanding_items.

    The page renders rows with tracker/includes/outstanding_rows.html rather than one
    render call per cell, which is what keeps a page fast; this class gives the columns,
    their headers and sorting.
    """

    reference = tables.Column(verbose_name="Item", accessor="row_reference")
    source = tables.Column(verbose_name="Inquiry or meeting", accessor="row_source")
    owner = tables.Column(verbose_name="Owner", accessor="row_owner")
    due_date = tables.Column(verbose_name="Due", accessor="row_due_date")
    status = tables.Column(verbose_name="Latest assessment", accessor="row_status", orderable=False)
    committee = tables.Column(verbose_name="Committee", accessor="row_committee")

    class Meta:
        template_name = "tracker/includes/outstanding_table.html"
        per_page = 25
        order_by = "due_date"
        sequence = ("reference", "source", "owner", "due_date", "status", "committee")
        empty_text = "No outstanding items match these filters."

    def _order(self, rows, column, descending):
        return order_outstanding(rows, column, descending=descending), True

    def order_reference(self, rows, descending):
        return self._order(rows, "reference", descending)

    def order_source(self, rows, descending):
        return self._order(rows, "source", descending)

    def order_owner(self, rows, descending):
        return self._order(rows, "owner", descending)

    def order_due_date(self, rows, descending):
        return self._order(rows, "due_date", descending)

    def order_committee(self, rows, descending):
        return self._order(rows, "committee", descending)


class CountedPaginator(Paginator):
    """A paginator that is told how to count: a lean count query instead of counting the
    rows with every display join."""

    def __init__(self, object_list, per_page, *, count: Callable[[], int], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()
