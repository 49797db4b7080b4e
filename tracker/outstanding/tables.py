"""Table definitions: columns, sorting and export. Rows render through a lean template."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django_tables2.data import TableData
from django_tables2.utils import OrderBy

from .selectors import OutstandingList


class OutstandingRows(TableData):
    """django-tables2's view of an `OutstandingList`.

    The table supplies the ordering (from its sort links) and the page; the list counts
    lean and reads only the page's rows, so neither the count nor a page depends on
    how the table renders.
    """

    def __init__(self, rows: OutstandingList) -> None:
        super().__init__(rows)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.data.count()
        return self._count

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        return self.data[key]

    def __iter__(self):
        return iter(self.data.queryset())

    def order_by(self, aliases) -> None:
        for alias in aliases:  # the list sorts by one column; ties are its own
            order = OrderBy(alias)
            self.data = self.data.ordered_by(order.bare, descending=order.is_descending)
            return

    @property
    def ordering(self) -> None:
        return None  # Meta.order_by gives the first order


class OutstandingTable(tables.Table):
    """The outstanding-tracking list. Its rows are the dicts of `selectors.OutstandingList`.

    The page renders rows with tracker/outstanding/includes/outstanding_table.html rather than one
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
        template_name = "tracker/outstanding/includes/outstanding_table.html"
        per_page = 25
        order_by = "due_date"
        sequence = ("reference", "source", "owner", "due_date", "status", "committee")
        empty_text = "No outstanding items match these filters."

    def __init__(self, rows: OutstandingList, **kwargs: Any) -> None:
        super().__init__(OutstandingRows(rows), **kwargs)
