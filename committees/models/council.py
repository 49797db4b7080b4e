"""The council the app serves: its name and what it calls its full council and executive.

One row (`CouncilSettings.objects.current()`), edited by administrators in the app
(/council/settings/) or in the admin. Every page, document, export and email takes the
council's wording from it: none of it is written into templates or code.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# The wording of a council that has not set its own yet: plain words, no council's name.
DEFAULT_FULL_COUNCIL = "Council"
DEFAULT_EXECUTIVE = "Cabinet"
SINGLETON = 1


class CouncilSettingsManager(models.Manager["CouncilSettings"]):
    def current(self) -> CouncilSettings:
        """The council's settings; unsaved defaults while an administrator has set none."""
        return self.filter(pk=SINGLETON).first() or CouncilSettings(pk=SINGLETON)


class CouncilSettings(models.Model):
    # Always row 1: there is one council. The constraint keeps a second row out.
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the council writes it on its documents, for example Kent County Council.",
    )
    full_council = models.CharField(
        max_length=100,
        default=DEFAULT_FULL_COUNCIL,
        help_text='What the meeting of all councillors is called: "Council", "City Council", '
        '"County Council".',
    )
    executive = models.CharField(
        max_length=100,
        default=DEFAULT_EXECUTIVE,
        help_text='What the executive is called: "Cabinet", "Executive", "Policy and '
        'Resources Committee".',
    )

    objects = CouncilSettingsManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "council settings"
        verbose_name_plural = "council settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=SINGLETON),
                name="council_settings_single_row",
                violation_error_message="There is one set of council settings.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or "The council"

    @property
    def executive_member(self) -> str:
        """A member of the executive who holds a portfolio: "Cabinet Member"."""
        return f"{self.executive} Member"

    @property
    def display_name(self) -> str:
        """The council's name where a page or document names it; plain words until set."""
        return self.name or "The council"
