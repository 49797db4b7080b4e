"""What a committee tracks: inquiry recommendations and the information it requested.

The business rules "outstanding", "overdue on a date", "due within N days" and "achieved
late" are each defined once, on the querysets below, and used by every page, export,
reminder and API.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from committees.models import AgendaItem, Committee, Meeting, Person, Post, Resolution

RECOMMENDATION_CODE = re.compile(r"^\s*R\s*0*(\d{1,3})\s*$", re.IGNORECASE)


def normalise_recommendation_code(code: str) -> str:
    """'R1', 'r 01' and 'R01' are one recommendation: R01. Anything else is refused."""
    match = RECOMMENDATION_CODE.match(code or "")
    if not match:
        raise ValidationError(
            f"'{code}' is not a recommendation code: use R followed by its number, like R01."
        )
    return f"R{int(match.group(1)):02d}"


class AssessmentScale(models.Model):
    """A council's scale of assessments. Scales differ between councils, so they are data."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssessmentCategory(models.Model):
    scale = models.ForeignKey(AssessmentScale, on_delete=models.CASCADE, related_name="categories")
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    ends_tracking = models.BooleanField(
        help_text="A recommendation given this assessment leaves the outstanding list."
    )
    counts_as_achieved = models.BooleanField()
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "order"]
        verbose_name_plural = "assessment categories"
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "label"],
                name="category_unique_label",
                violation_error_message="This scale already has a category with that label.",
            ),
            models.UniqueConstraint(
                fields=["scale", "order"],
                name="category_unique_order",
                violation_error_message="Two categories of one scale cannot share a position.",
            ),
            models.CheckConstraint(
                condition=Q(counts_as_achieved=False) | Q(ends_tracking=True),
                name="category_achieved_ends_tracking",
                violation_error_message="A category that counts as achieved must end tracking.",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Inquiry(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="inquiries")
    title = models.CharField(max_length=300)
    reported_to_council_on = models.DateField(
        null=True, blank=True, help_text="The date the report went to full City Council."
    )
    summary = models.TextField(blank=True)
    assessment_scale = models.ForeignKey(AssessmentScale, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["reported_to_council_on", "title"]
        verbose_name_plural = "inquiries"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "title"],
                name="inquiry_unique_title",
                violation_error_message="This committee already has an inquiry with that title.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inquiry_detail", kwargs={"pk": self.pk})


class Owned(models.Model):
    """An item owned by a post (followed as it changes hands) or by a named person."""

    responsibility = models.CharField(
        max_length=300, blank=True, help_text="Who is responsible, as the document words it."
    )
    owner_post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def owner(self) -> Post | Person | None:
        return self.owner_post or self.owner_person

    @property
    def owner_label(self) -> str:
        owner = self.owner
        return str(owner) if owner else (self.responsibility or "Not known")

    def owner_people(
        self, day: dt.date, holders: Mapping[int, list[Person]] | None = None
    ) -> list[Person]:
        """Who answers for this item on `day`: the post's holders, or the named person.

        A group post ("All Councillors") has no single holder to remind: the scrutiny
        officers chase it, so it yields nobody here. `holders` (post id -> people holding
        it on `day`) saves a query per item when asking about many.
        """
        if self.owner_person_id:
            return [self.owner_person]
        if self.owner_post_id and not self.owner_post.is_group:
            if holders is not None:
                return list(holders.get(self.owner_post_id, []))
            return list(self.owner_post.holders_on(day))
        return []


def owned_by_q(person: Person, day: dt.date) -> Q:
    """Owned by the person, or by a post they hold on `day`."""
    return owner_q(person.pk, person.post_ids_held_on(day))


def owner_q(person: object, posts: Iterable[object]) -> Q:
    """Owned by the person, or by one of the posts: their ids, or the slots of a query
    compiled once and given the ids each time it runs (`tracker.prepared.Slot`)."""
    owned = Q(owner_person=person)
    for post in posts:
        owned |= Q(owner_post=post)
    return owned


class TrackedQuerySet(models.QuerySet):
    """Overdue, due soon and owned-by, the same for every kind of tracked item.

    Each kind says what `outstanding()` means for it; everything else follows from that
    and from its due date.
    """

    def outstanding(self):  # pragma: no cover - each kind defines it
        raise NotImplementedError

    @staticmethod
    def past_due(on: dt.date) -> Q:
        """Past its due date on `on`: with outstanding(), the definition of overdue."""
        return Q(due_date__lt=on)

    def overdue(self, on: dt.date):
        return self.outstanding().filter(self.past_due(on))

    def due_within(self, on: dt.date, days: int):
        return self.outstanding().filter(due_date__gte=on, due_date__lte=on + dt.timedelta(days))

    def owned_by(self, person: Person, on: dt.date):
        return self.filter(owned_by_q(person, on))


class RecommendationQuerySet(TrackedQuerySet):
    def outstanding(self) -> RecommendationQuerySet:
        """Still tracked: the committee has not decided it is achieved or that tracking ends."""
        return self.filter(tracking_ended_on__isnull=True)

    def achieved_late(self) -> RecommendationQuerySet:
        return self.filter(
            current_assessment__counts_as_achieved=True, tracking_ended_on__gt=F("due_date")
        )


class Recommendation(Owned):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="recommendations")
    code = models.CharField(max_length=5, help_text="R01, R02, ... (R1 is read as R01).")
    text = models.TextField(blank=True)
    text_known = models.BooleanField(
        default=True,
        help_text="Untick when the recommendation's wording has not been found yet.",
    )
    original_due_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date now agreed; changed only by a recorded revision.",
    )
    due_month_only = models.BooleanField(
        default=False, help_text="The report gives only a month ('by May 2018')."
    )
    current_assessment = models.ForeignKey(
        AssessmentCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The committee's latest assessment.",
    )
    tracking_ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the committee decided it was achieved or that tracking ends.",
    )
    next_tracking_date = models.DateField(null=True, blank=True)
    next_tracking_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inquiry", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "code"],
                name="recommendation_unique_code",
                violation_error_message="This inquiry already has a recommendation with that code.",
            ),
            models.CheckConstraint(
                condition=Q(text_known=True, text__gt="") | Q(text_known=False, text=""),
                name="recommendation_text_known",
                violation_error_message="Give the recommendation's text, or record that it is "
                "not yet known (and leave the text empty).",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^R[0-9]{2,3}$"),
                name="recommendation_code_format",
                violation_error_message="A recommendation code is R followed by its number, "
                "like R01.",
            ),
        ]
        indexes = [
            # The outstanding list and the reminder sweep scan only what is still tracked.
            models.Index(
                fields=["due_date"],
                condition=Q(tracking_ended_on__isnull=True),
                name="rec_outstanding_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inquiry}: {self.code}"

    def save(self, *args, **kwargs) -> None:
        self.code = normalise_recommendation_code(self.code)
        if self.original_due_date and not self.due_date:
            self.due_date = self.original_due_date
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recommendation_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        try:
            self.code = normalise_recommendation_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from error
        if self.text_known and not self.text.strip():
            raise ValidationError(
                {"text": "Give the recommendation's text, or untick 'text known'."}
            )
        if not self.text_known and self.text.strip():
            raise ValidationError({"text_known": "The text is given, so it is known."})
        if self.owner_post_id and self.owner_person_id:
            raise ValidationError("A recommendation is owned by a post or by a person, not both.")

    @property
    def committee(self) -> Committee:
        return self.inquiry.committee

    @property
    def is_outstanding(self) -> bool:
        return self.tracking_ended_on is None

    def is_overdue(self, on: dt.date) -> bool:
        return self.is_outstanding and self.due_date is not None and self.due_date < on

    @property
    def is_achieved_late(self) -> bool:
        return bool(
            self.current_assessment
            and self.current_assessment.counts_as_achieved
            and self.due_date
            and self.tracking_ended_on
            and self.tracking_ended_on > self.due_date
        )

    @property
    def display_text(self) -> str:
        return self.text if self.text_known else "The text of this recommendation is not yet known."


class DueDateRevision(models.Model):
    """A change of a recommendation's due date, with the reason the committee accepted."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="due_date_revisions"
    )
    previous_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    decided_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="revision_has_reason",
                violation_error_message="Say why the due date changed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: due {self.new_date:%-d %B %Y}"


class TrackingRound(models.Model):
    """One report of progress on a recommendation, and the assessments made of it.

    The executive proposes an assessment with evidence; the committee decides its own at
    a meeting. The two sit side by side.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="tracking_rounds"
    )
    update_received_on = models.DateField(null=True, blank=True)
    executive_assessment = models.ForeignKey(
        AssessmentCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    executive_evidence = models.TextField(blank=True)
    committee_assessment = models.ForeignKey(
        AssessmentCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracking_decisions",
        help_text="The meeting at which the committee decided its assessment.",
    )
    decided_on = models.DateField(null=True, blank=True)
    next_tracking_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "update_received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee_assessment__isnull=True) | Q(decided_on__isnull=False),
                name="round_assessment_has_date",
                violation_error_message="Say when the committee decided its assessment.",
            ),
        ]

    def __str__(self) -> str:
        received = self.update_received_on
        return (
            f"{self.recommendation}: update {received:%-d %B %Y}"
            if received
            else str(self.recommendation)
        )

    def clean(self) -> None:
        scale_id = self.recommendation.inquiry.assessment_scale_id
        for field in ("executive_assessment", "committee_assessment"):
            category = getattr(self, field)
            if category and category.scale_id != scale_id:
                raise ValidationError(
                    {field: "Choose an assessment from this inquiry's own scale."}
                )


class InformationRequestQuerySet(TrackedQuerySet):
    def outstanding(self) -> InformationRequestQuerySet:
        """Neither provided nor withdrawn."""
        return self.filter(status=InformationRequest.Status.OPEN)

    def provided_late(self) -> InformationRequestQuerySet:
        return self.filter(status=InformationRequest.Status.PROVIDED, provided_on__gt=F("due_date"))

    def for_committee(self, committee: Committee) -> InformationRequestQuerySet:
        return self.filter(meeting__committee=committee)


class InformationRequest(Owned):
    """Information the committee asked for, or an action someone undertook at a meeting."""

    class Kind(models.TextChoices):
        INFORMATION = "information", "Information requested"
        ACTION = "action", "Action"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROVIDED = "provided", "Provided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="requests")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    text = models.TextField()
    due_date = models.DateField(
        help_text="Empty means the report deadline of the committee's next ordinary meeting."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    provided_on = models.DateField(null=True, blank=True)
    provided_how = models.TextField(blank=True, help_text="For example 'circulated to Members'.")
    withdrawn_reason = models.TextField(blank=True)

    objects = InformationRequestQuerySet.as_manager()
    history = HistoricalRecords()

    # Requests are always due on a day; recommendations sometimes only in a month.
    due_month_only = False

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "requested information or action"
        verbose_name_plural = "requested information and actions"
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="provided") & Q(provided_on__isnull=False))
                | (~Q(status="provided") & Q(provided_on__isnull=True)),
                name="request_provided_has_date",
                violation_error_message="Information that was provided needs the date it was "
                "provided; a request that is open or withdrawn cannot have one.",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="request_withdrawn_has_reason",
                violation_error_message="Say why the request was withdrawn.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="request_has_text",
                violation_error_message="Say what was requested.",
            ),
        ]
        indexes = [
            # The outstanding list and the reminder sweep scan only open requests.
            models.Index(fields=["due_date"], condition=Q(status="open"), name="request_open_due"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs) -> None:
        if self.due_date is None:
            self.due_date = self.default_due_date()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("request_detail", kwargs={"pk": self.pk})

    def default_due_date(self) -> dt.date:
        """The report deadline of the committee's next ordinary meeting after this one."""
        deadline = self.meeting.committee.next_report_deadline(after=self.meeting.date)
        if deadline is None:
            raise ValidationError(
                {"due_date": "No later committee meeting is scheduled yet, so give a due date."}
            )
        return deadline

    def clean(self) -> None:
        if self.due_date is None and self.meeting_id:
            self.due_date = self.default_due_date()
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": "Choose an item of the same meeting."})
        if self.status == self.Status.PROVIDED and not self.provided_on:
            raise ValidationError({"provided_on": "Give the date the information was provided."})
        if self.status != self.Status.PROVIDED and self.provided_on:
            raise ValidationError(
                {"provided_on": "Only information that was provided has a provided date."}
            )
        if self.status == self.Status.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError({"withdrawn_reason": "Say why the request was withdrawn."})
        if self.owner_post_id and self.owner_person_id:
            raise ValidationError("A request is owned by a post or by a person, not both.")

    @property
    def committee(self) -> Committee:
        return self.meeting.committee

    @property
    def is_exempt(self) -> bool:
        return bool(self.agenda_item_id and self.agenda_item.is_exempt)

    @property
    def is_outstanding(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, on: dt.date) -> bool:
        return self.is_outstanding and self.due_date < on


PENDING_UPDATE_EXISTS = (
    "An update on this item is already waiting for the scrutiny officer's review."
)


class OwnerUpdate(models.Model):
    """A responsible officer's report on an item they own: a proposal, not a decision.

    The scrutiny officer accepts it (it becomes a tracking round, or marks the information
    provided) or sends it back with a reason; the committee's own assessment is recorded
    later against a meeting.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Sent back"

    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    request = models.ForeignKey(
        InformationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    progress_note = models.TextField()
    evidence_link = models.URLField(blank=True)
    evidence_text = models.TextField(blank=True)
    proposed_assessment = models.ForeignKey(
        AssessmentCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provided_on = models.DateField(null=True, blank=True)
    provided_how = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, request__isnull=True)
                | Q(recommendation__isnull=True, request__isnull=False),
                name="update_for_one_item",
                violation_error_message="An update is about one recommendation or one request.",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_note=""),
                name="update_returned_has_reason",
                violation_error_message="Say why the update is sent back.",
            ),
            models.CheckConstraint(
                condition=Q(provided_on__isnull=True) | Q(request__isnull=False),
                name="update_provided_only_for_requests",
                violation_error_message="Only requested information can be marked provided.",
            ),
            # One update waiting for review per item, even when two owners send at once.
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(status="pending", recommendation__isnull=False),
                name="update_one_pending_per_recommendation",
                violation_error_message=PENDING_UPDATE_EXISTS,
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending", request__isnull=False),
                name="update_one_pending_per_request",
                violation_error_message=PENDING_UPDATE_EXISTS,
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "submitted_at"],
                condition=Q(status="pending"),
                name="update_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Update on {self.item} ({self.get_status_display()})"

    @property
    def item(self) -> Recommendation | InformationRequest:
        return self.recommendation or self.request


class ReminderDigest(models.Model):
    """One email to one recipient from one sweep, listing all their reminders.

    Its status is the delivery record and the claim: a worker may send it only after
    moving it from PENDING (or FAILED, when its retry is due) to SENDING with a
    conditional update that changed exactly one row.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Delivered to the mail server"
        FAILED = "failed", "Failed: will be retried"
        UNCERTAIN = "uncertain", "Outcome unknown: check with the recipient"
        SETTLED = "settled", "Settled by a scrutiny officer"

    recipient = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="digests"
    )
    email = models.EmailField()
    sweep_date = models.DateField(help_text="The day of the sweep that composed it.")
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    settled_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-sweep_date", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "sweep_date"], name="digest_once_per_recipient_per_day"
            ),
        ]
        indexes = [
            # The sender scans only what is waiting or due for a retry.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "failed"]),
                name="digest_to_send",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminders to {self.email}, {self.sweep_date:%-d %B %Y}"


class Reminder(models.Model):
    """That one recipient is to be reminded of one thing, on one occasion.

    The unique constraint is what makes reminders exactly-once: a second sweep, a retried
    task or a second worker planning the same reminder inserts nothing.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        ESCALATION = "escalation", "Overdue: escalated"
        TRACKING = "tracking", "Progress report due for tracking"
        REPORT_DEADLINE = "report_deadline", "Report deadline"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    occasion = models.DateField(help_text="The date this reminder is for (one per occasion).")
    email = models.EmailField()
    recipient = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    on_behalf_of = models.CharField(
        max_length=300,
        blank=True,
        help_text="When the owner cannot be reminded directly: the owner the officer chases.",
    )
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    request = models.ForeignKey(
        InformationRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    digest = models.ForeignKey(
        ReminderDigest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "recommendation"],
                condition=Q(recommendation__isnull=False),
                name="reminder_once_recommendation",
            ),
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "request"],
                condition=Q(request__isnull=False),
                name="reminder_once_request",
            ),
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "agenda_item"],
                condition=Q(agenda_item__isnull=False),
                name="reminder_once_agenda_item",
            ),
            models.CheckConstraint(
                condition=Q(
                    recommendation__isnull=False, request__isnull=True, agenda_item__isnull=True
                )
                | Q(recommendation__isnull=True, request__isnull=False, agenda_item__isnull=True)
                | Q(recommendation__isnull=True, request__isnull=True, agenda_item__isnull=False),
                name="reminder_about_one_thing",
            ),
        ]
        indexes = [
            models.Index(
                fields=["digest"], condition=Q(digest__isnull=True), name="reminder_unsent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email}"

    @property
    def subject_item(self) -> Recommendation | InformationRequest | AgendaItem:
        return self.recommendation or self.request or self.agenda_item

    @property
    def path(self) -> str:
        """Where the recipient acts on it: the item's update page, or the meeting."""
        if self.recommendation_id:
            return reverse("recommendation_update", kwargs={"pk": self.recommendation_id})
        if self.request_id:
            return reverse("request_update", kwargs={"pk": self.request_id})
        return self.agenda_item.meeting.get_absolute_url()

    @property
    def description(self) -> str:
        if self.recommendation_id:
            r = self.recommendation
            return f"{r.inquiry} {r.code}: {r.display_text}"
        if self.request_id:
            return f"Requested at the meeting of {self.request.meeting.date:%-d %B %Y}: " + (
                self.request.text
            )
        item = self.agenda_item
        return (
            f"Report for item {item.number}, {item.title}, meeting of {item.meeting.date:%-d %B %Y}"
        )


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarLink(models.Model):
    """A private address for one person's due dates as a calendar feed.

    Whoever has the address can read the feed without signing in, so it can be revoked:
    a revoked link stops working at once and a new one has a new token.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendar_links")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(revoked_at__isnull=True),
                name="calendarlink_one_live_per_person",
            ),
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"Calendar link for {self.person} ({state})"
