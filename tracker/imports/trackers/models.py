"""What a committee's officers said a council's own tracker holds, kept for next time.

A council keeps its tracker in its own columns ("Rec No", "Lead officer", "RAG"). The
first time one is imported the officer says what each column holds and how each of its
outcomes reads on the inquiry's scale; the next upload with the same headings is offered
the same answers. Imported by tracker/models.py, so this is a model of the tracker app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from committees.models import Committee


class TrackerColumnMapping(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="tracker_column_mappings"
    )
    headings_key = models.CharField(
        max_length=64,
        help_text="A digest of the file's column headings, whatever their order, case or "
        "spacing: files with the same headings share a mapping.",
    )
    headings = models.JSONField(help_text="The file's column headings, as it wrote them.")
    columns = models.JSONField(
        help_text="What each heading holds: one of the import's fields, or 'ignore'."
    )
    inquiry = models.ForeignKey(
        "tracker.Inquiry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The inquiry the rows were last imported into.",
    )
    outcomes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each outcome as the file writes it, with the assessment category chosen "
        "for it (its id), or none to leave it unassessed.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "headings_key"],
                name="tracker_mapping_once_per_headings",
                violation_error_message="This committee already has a mapping for these "
                "column headings.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {', '.join(self.headings)}"
