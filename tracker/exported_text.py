"""How long a free text that goes out in a spreadsheet export may be, said once.

An Excel cell holds at most 32,767 characters, and a longer text would be cut. So every
free text the exports write (a recommendation's or a request's text, a month's KPI
commentary and notes) is kept to 32,000 characters where it is entered: the forms and the
imports use `validate_exported_text`. A text stored before the limit, and longer than a
cell, is cut by the workbook writers in one place (`xlsx_text`), and an import reads that
cut text back as unchanged (`tracker.imports.tables.xlsx_read_back`), so confirming an
import never shortens what is stored. The CSV export always holds the whole text.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

XLSX_CELL_CHARACTERS = 32_767  # the most an Excel cell holds
EXPORTED_TEXT_CHARACTERS = 32_000  # comfortably under it, and a round number to tell people
TOO_LONG = f"Keep this to {EXPORTED_TEXT_CHARACTERS:,} characters or fewer"


def text_too_long(text: str) -> str | None:
    """The message for a text over the limit, or None."""
    if len(text) > EXPORTED_TEXT_CHARACTERS:
        return f"{TOO_LONG}: it has {len(text):,}"
    return None


def validate_exported_text(value: str) -> None:
    """A form field's validator for a free text that an export writes."""
    message = text_too_long(value or "")
    if message:
        raise ValidationError(message, code="max_length")


def xlsx_text(value: Any) -> Any:
    """A workbook cell's value: text longer than a cell holds is cut to what it holds.

    Only text stored before the limit can be this long; openpyxl would cut it silently,
    here it is done on purpose, and the imports know the cut
    (`tracker.imports.tables.xlsx_read_back`).
    """
    if isinstance(value, str) and len(value) > XLSX_CELL_CHARACTERS:
        return value[:XLSX_CELL_CHARACTERS]
    return value
