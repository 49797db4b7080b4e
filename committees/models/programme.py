"""What the committee plans and watches: the work programme, its priority matters, the
executive's forward plan and call-ins, and where the source documents differ."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from ..dates import check_entered_date, long_date, month_and_year
from .meetings import Meeting
from .people import Committee, Person


class ForwardPlanDecision(models.Model):
    """A decision on the Cabinet forward plan (or a joint Cabinet Member and officer one)."""

    reference = models.CharField(max_length=30, unique=True, help_text="For example 005449/2018.")
    title = models.CharField(max_length=300)
    portfolio = models.CharField(max_length=200, blank=True)
    lead_officer = models.CharField(max_length=300, blank=True)
    is_joint_decision = models.BooleanField(
        default=False, help_text="Made by a Cabinet Member jointly with a chief officer."
    )
    proposed_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    committees = models.ManyToManyField(
        Committee, blank=True, related_name="forward_plan_decisions"
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposed_date", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class CallIn(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        NOT_CALLED_IN = "not_called_in", "Not called in"
        CALLED_IN = "called_in", "Called in: referred back to the Executive"
        UNKNOWN = "unknown", "Not recorded"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="call_in")
    decisions = models.ManyToManyField(ForwardPlanDecision, related_name="call_ins")
    requested_by = models.ManyToManyField(Person, blank=True, related_name="call_ins_requested")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "call-in"

    def __str__(self) -> str:
        return f"Call-in, {long_date(self.meeting.date)}"


class WorkProgrammeEntryQuerySet(models.QuerySet):
    def planned(self) -> WorkProgrammeEntryQuerySet:
        """Topics still on the programme: a dropped topic is kept only for its history."""
        return self.filter(dropped_on__isnull=True)


class WorkProgrammeEntry(models.Model):
    """A session of the work programme: a topic planned for a meeting, and who attends."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="work_programme"
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="Empty while the topic is still to be scheduled.",
    )
    order = models.PositiveSmallIntegerField(default=1)
    topic = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    attendees = models.TextField(
        "officers invited", blank=True, help_text="Officers and others invited to attend."
    )
    lead_officer = models.CharField(
        max_length=300, blank=True, help_text="The officer who leads on the topic."
    )
    dropped_on = models.DateField(
        null=True, blank=True, help_text="Set when the topic is dropped from the programme."
    )
    drop_reason = models.TextField(blank=True)

    objects = WorkProgrammeEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "order"]
        verbose_name = "work programme session"
        verbose_name_plural = "work programme"

    def __str__(self) -> str:
        return self.topic

    @property
    def is_dropped(self) -> bool:
        return self.dropped_on is not None

    @property
    def officers_attending(self) -> str:
        """The lead officer first, then the others invited, as the programme prints them."""
        lead = f"{self.lead_officer} (lead officer)" if self.lead_officer else ""
        return "; ".join(part for part in (lead, self.attendees) if part)


class ProgrammeMatterQuerySet(models.QuerySet):
    def listed_on(self, day: dt.date) -> ProgrammeMatterQuerySet:
        """What the work programme listed on `day`: listed by then, and not yet taken off."""
        return self.filter(
            Q(listed_until__isnull=True) | Q(listed_until__gt=day), listed_from__lte=day
        )


class ProgrammeMatter(models.Model):
    """What a work programme lists beside its topics: a priority issue the committee set for
    the year, or a petition or Councillor Call for Action referred to it. Each edition of the
    programme lists those current on its day, so an earlier edition reads as it did."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", "Priority issue"
        PETITION = "petition", "Petition"
        CALL_FOR_ACTION = "call_for_action", "Councillor Call for Action request"

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="programme_matters"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The meeting that takes it, once scheduled.",
    )
    order = models.PositiveSmallIntegerField(default=1)
    listed_from = models.DateField(validators=[check_entered_date])
    listed_until = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="The day it was taken off the programme; empty while listed.",
    )
    end_reason = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)

    objects = ProgrammeMatterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "kind", "listed_from", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(listed_until__isnull=True) | Q(listed_until__gt=F("listed_from")),
                name="programme_matter_listed_before_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class SourceConflict(models.Model):
    """Where two source documents disagree: the value kept and the one set aside."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="conflicts")
    subject = models.CharField(max_length=300)
    kept = models.TextField(help_text="The value kept (from the later document).")
    kept_source = models.CharField(max_length=300)
    set_aside = models.TextField()
    set_aside_source = models.CharField(max_length=300)

    class Meta:
        ordering = ["committee", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "subject"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return self.subject


class ProgrammePublication(models.Model):
    """An officer published the work programme that goes to the committee's meeting in
    `month`: the members are told, and the programme's page says when and by whom."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="programme_publications"
    )
    month = models.DateField(help_text="The first day of the month of the meeting it goes to.")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "month"],
                name="programme_published_once_a_month",
                violation_error_message="This month's work programme is already published.",
            ),
        ]

    def __str__(self) -> str:
        return f"Work programme of {self.committee}, {month_and_year(self.month)}"
