"""Each person's choice of how notifications reach them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from committees.models import Person


class NotificationPreference(models.Model):
    """Immediate emails or the daily digest, for one person. No row: the daily digest."""

    class Delivery(models.TextChoices):
        DIGEST = "digest", "In the daily digest"
        IMMEDIATE = "immediate", "By email straight away"

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.DIGEST)
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.person}: {self.get_delivery_display().lower()}"

    @classmethod
    def immediate_among(cls, person_ids) -> set[int]:
        """Which of these people chose immediate emails (everyone else: the digest)."""
        return set(
            cls.objects.filter(
                person_id__in=person_ids, delivery=cls.Delivery.IMMEDIATE
            ).values_list("person_id", flat=True)
        )
