"""The committee's meetings: agenda items (public or exempt), standing items, resolutions,
attendance, declarations and the action notes of each meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..dates import check_entered_date, long_date
from .people import Committee, Person

SCHEDULE_12A_PARAGRAPHS = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter.",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes to give a notice or to make "
    "an order or direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime.",
}


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def ordinary(self) -> MeetingQuerySet:
        """Formal meetings that are not cancelled: the ones with report deadlines."""
        return self.filter(kind=Meeting.Kind.FORMAL).exclude(status=Meeting.Status.CANCELLED)

    def taken_place(self, on: dt.date) -> MeetingQuerySet:
        """Meetings held by `on`: not cancelled, and on or before that day. Only these have
        decided anything (the status rules, tracker's `Recommendation.check_decision`)."""
        return self.filter(date__lte=on).exclude(status=Meeting.Status.CANCELLED)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        FORMAL = "formal", "Committee meeting"
        INFORMAL = "informal", "Informal meeting"
        VISIT = "visit", "Visit"
        CALL_IN = "call_in", "Call-in meeting"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(validators=[check_entered_date])
    start_time = models.TimeField(
        null=True,
        blank=True,
        default=dt.time(10, 0),
        help_text="Empty when the time is not stated.",
    )
    end_time = models.TimeField(null=True, blank=True)
    room = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORMAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    report_deadline = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="Reports for this meeting are due by this date. Only formal meetings have one.",
    )
    note = models.TextField(blank=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date", "start_time"],
                name="meeting_unique_slot",
                violation_error_message="This committee already has a meeting at that date "
                "and time.",
            ),
            models.CheckConstraint(
                condition=Q(report_deadline__isnull=True)
                | Q(report_deadline__lte=models.F("date")),
                name="meeting_deadline_before_meeting",
                violation_error_message="The report deadline must fall on or before the "
                "meeting date.",
            ),
        ]
        indexes = [models.Index(fields=["committee", "date"])]

    def __str__(self) -> str:
        return f"{self.committee}, {long_date(self.date)}"

    def save(self, *args, **kwargs) -> None:
        if self.report_deadline is None and self.kind == self.Kind.FORMAL:
            self.report_deadline = self.default_report_deadline()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", kwargs={"pk": self.pk})

    def default_report_deadline(self) -> dt.date:
        """The deadline the committee's rule gives it (`Committee.report_deadline_for`)."""
        return self.committee.report_deadline_for(self.date)

    @property
    def is_ordinary(self) -> bool:
        return self.kind == self.Kind.FORMAL and self.status != self.Status.CANCELLED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="What the public agenda says.")
    standing = models.CharField(
        max_length=10,
        blank=True,
        choices=[("opening", "Opening standing item"), ("closing", "Closing standing item")],
        help_text="Set on items copied from the committee's standing items; empty for business.",
    )
    presenters = models.ManyToManyField(Person, blank=True, related_name="presented_items")
    presenters_text = models.TextField(
        blank=True, help_text="Who attended for the item, as the agenda or notes put it."
    )
    is_exempt = models.BooleanField(
        default=False, help_text="Taken in private: the public see only that it was."
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(n, f"Paragraph {n}") for n in SCHEDULE_12A_PARAGRAPHS],
        help_text="The paragraph of Schedule 12A to the Local Government Act 1972.",
    )
    exemption_justification = models.TextField(
        blank=True, help_text="Why the public interest favours keeping it private."
    )
    exemption_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who marked the item exempt.",
    )
    exemption_decided_on = models.DateField(null=True, blank=True)
    # Making an exempt item public is a decision of its own: it keeps the exemption's
    # paragraph, reason, who and when above, and adds its own who, when and why.
    declassified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who made the exempt item public.",
    )
    declassified_on = models.DateField(null=True, blank=True)
    declassification_reason = models.TextField(
        blank=True, help_text="Why the item could be published after all."
    )
    notes = models.TextField(blank=True, help_text="The discussion, as the action notes record it.")

    # Who presented is part of the record: a change to it is in the item's history.
    history = HistoricalRecords(m2m_fields=[presenters])

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number",
                violation_error_message="This meeting already has an item with that number.",
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exempt_paragraph__isnull=True)
                | Q(
                    exempt_paragraph__isnull=False,  # NULL would pass a CHECK unnoticed
                    exempt_paragraph__gte=1,
                    exempt_paragraph__lte=7,
                )
                & (Q(is_exempt=True) | Q(declassified_on__isnull=False)),
                name="agendaitem_exempt_has_paragraph",
                violation_error_message="An exempt item must give its paragraph (1 to 7) of "
                "Schedule 12A, and a public item must not unless it was made public later.",
            ),
            models.CheckConstraint(
                condition=Q(declassified_on__isnull=True)
                | Q(is_exempt=False, exempt_paragraph__isnull=False)
                & ~Q(declassification_reason=""),
                name="agendaitem_declassified_has_reason",
                violation_error_message="An item made public after being exempt keeps its "
                "paragraph and says why it could be published.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.is_exempt and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Say which paragraph of Schedule 12A makes this item exempt."}
            )
        if not self.is_exempt and self.exempt_paragraph and not self.declassified_on:
            raise ValidationError(
                {"exempt_paragraph": "Only an exempt item has a Schedule 12A paragraph."}
            )

    @property
    def was_declassified(self) -> bool:
        """Taken in private once, and later made public by a recorded decision."""
        return not self.is_exempt and self.declassified_on is not None

    @property
    def public_label(self) -> str:
        """What the public may know of an exempt item."""
        return (
            f"Taken in private under paragraph {self.exempt_paragraph} of Schedule 12A to the "
            "Local Government Act 1972"
        )


class StandingItem(models.Model):
    """An item every meeting of a committee carries, added to each new agenda.

    Opening items come before the business of the meeting, closing items after it.
    """

    class Position(models.TextChoices):
        OPENING = "opening", "Before the business"
        CLOSING = "closing", "After the business"

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="standing_items"
    )
    position = models.CharField(max_length=10, choices=Position.choices)
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-position", "order"]  # "opening" sorts after "closing"

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    """What the committee RESOLVED on an item."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "order"]

    def __str__(self) -> str:
        return f"RESOLVED: {self.text[:80]}"


class Attendance(models.Model):
    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ALSO_PRESENT = "also_present", "Also present"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    capacity = models.CharField(
        max_length=300, blank=True, help_text="For example Chair, or the post they attended in."
    )
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True, help_text="For example 'for lateness'.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "person__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"],
                name="attendance_once_per_kind",
                violation_error_message="This person is already recorded that way at this meeting.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class Declaration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )

    class Interest(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        PREJUDICIAL = "prejudicial", "Prejudicial interest"  # the older code of conduct
        OTHER = "other", "Other interest"  # "other disclosable", "personal", "affected"...
        NONE = "none", "No interest (a statement for openness)"

    text = models.TextField()
    interest = models.CharField(
        max_length=20,
        choices=Interest.choices,
        blank=True,
        help_text="What kind of interest was declared, where the record says.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"


class ActionNotesQuerySet(models.QuerySet["ActionNotes"]):
    def published(self) -> ActionNotesQuerySet:
        return self.filter(published_at__isnull=False)


class ActionNotes(models.Model):
    """One version of the action notes of a meeting's public or private part.

    Notes are drafted after a meeting, published when an officer says so, and confirmed at
    a later meeting, sometimes with amendments. Confirming freezes what was confirmed in
    `snapshot`: later edits to the record change the live record, never the confirmed
    document. A correction after that is a version of its own, with who, when and why.
    Earlier versions are kept.
    """

    class Part(models.TextChoices):
        PUBLIC = "public", "Public part"
        PRIVATE = "private", "Private part"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"
        AMENDED = "amended", "Confirmed with amendments"
        CORRECTED = "corrected", "Corrected after confirmation"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_notes")
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.PUBLIC)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    amendments = models.TextField(blank=True)
    confirmed_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmed_notes",
        help_text="The meeting that confirmed these notes.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the public could first read this version."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why a correction was made.")
    # The document as confirmed (or corrected), written once by tracker.publishing: the
    # public version of the public part, the exempt items of the private part.
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    objects = ActionNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "part", "version"]
        verbose_name_plural = "action notes"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "version"], name="actionnotes_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", confirmed_at__isnull=True)
                | (~Q(status="draft") & Q(confirmed_at__isnull=False)),
                name="actionnotes_confirmed_at_meeting",
                violation_error_message="Confirmed notes must say which meeting confirmed "
                "them, and draft notes must not.",
            ),
            models.CheckConstraint(
                condition=~Q(status="corrected") | ~Q(reason=""),
                name="actionnotes_corrected_has_reason",
                violation_error_message="Say why the notes are corrected.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="actionnotes_confirmed_are_published",
                violation_error_message="Confirmed notes are published.",
            ),
            models.CheckConstraint(
                condition=~Q(status="amended") | ~Q(amendments=""),
                name="actionnotes_amended_has_amendments",
                violation_error_message="Notes confirmed with amendments must record the "
                "amendments.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} notes of {self.meeting}, v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @staticmethod
    def public_part_published(versions: Iterable[ActionNotes]) -> bool:
        """Whether, among a meeting's versions of its notes, the public part is published:
        from then on the public reads the meeting's record."""
        return any(v.part == ActionNotes.Part.PUBLIC and v.is_published for v in versions)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
