"""The committee's record: people and posts, memberships, meetings and their action notes.

This app knows nothing of tracking (recommendations, requests); `tracker` builds on it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

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


def active_on(day: dt.date, start: str = "start", end: str = "end") -> Q:
    """Rows whose [start, end] period covers `day`; an unknown start or end is open."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )


def covers(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """`active_on` for a row already read: does [start, end] cover `day`?"""
    return (start is None or start <= day) and (end is None or end >= day)


def posts_held(person: object, day: object) -> models.QuerySet:
    """The ids of the posts a person holds on a day, as a query of `post_id`. The person
    and day are values, or expressions (the slots of a query compiled once)."""
    # In no order: ordering by post would join every post.
    return PostHolding.objects.filter(active_on(day), person=person).order_by().values("post_id")


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    council = models.CharField(max_length=200, default="Birmingham City Council")
    terms_of_reference = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committee_detail", kwargs={"slug": self.slug})

    def members_on(self, day: dt.date) -> models.QuerySet[Membership]:
        return self.memberships.filter(active_on(day)).select_related("person")

    def next_report_deadline(self, after: dt.date) -> dt.date | None:
        """The report deadline of the next ordinary meeting still ahead of `after`.

        This is when something asked for on `after` can first go to the committee.
        """
        meeting = (
            self.meetings.ordinary()
            .filter(report_deadline__gt=after)
            .order_by("date", "start_time")
            .first()
        )
        return meeting.report_deadline if meeting else None


class Person(models.Model):
    """One real person, whatever the spelling in the source documents."""

    name = models.CharField(max_length=200, unique=True)
    is_councillor = models.BooleanField(default=False)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="For example Birmingham Children's Trust."
    )
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, help_text="Leave empty if not known.")
    other_spellings = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other spellings found in the documents, separated by commas.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Only for people who sign in. Many owners (partner agencies) never do.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"Councillor {self.name}" if self.is_councillor else self.name

    def post_ids_held_on(self, day: dt.date) -> list[int]:
        """The ids of the posts held on `day` (`posts_held`), read once per person object
        and day.

        A literal list rather than a subquery: "owner is this person OR the post is one of
        these" can then use the owner indexes instead of scanning every item.
        """
        cache = self.__dict__.setdefault("_post_ids_held", {})
        if day not in cache:
            cache[day] = list(posts_held(self.pk, day).values_list("post_id", flat=True))
        return cache[day]


class Post(models.Model):
    """A responsibility that owns things: a portfolio, an office, or a group of people.

    Recommendations are owned by the post, not by its holder: portfolios change hands and
    names during a year, and a reminder goes to whoever holds the post now.
    """

    title = models.CharField(max_length=200, unique=True)
    former_titles = models.TextField(
        blank=True, help_text="Earlier names of this post, one per line."
    )
    is_group = models.BooleanField(
        default=False,
        help_text="A group of people such as All Councillors: reminders go to the scrutiny "
        "officers, who chase.",
    )
    organisation = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def holders_on(self, day: dt.date) -> models.QuerySet[Person]:
        return Person.objects.filter(
            post_holdings__in=self.holdings.filter(active_on(day))
        ).distinct()


class PostHolding(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="holdings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="post_holdings")
    start = models.DateField(null=True, blank=True, help_text="Empty if not known.")
    end = models.DateField(null=True, blank=True, help_text="Empty while held.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["post", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="postholding_end_after_start",
                violation_error_message="A post cannot be given up before it was taken up.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.post}"

    def is_held_on(self, day: dt.date) -> bool:
        return covers(self.start, self.end, day)


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        DEPUTY_CHAIR = "deputy_chair", "Deputy Chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    party = models.CharField(max_length=100, blank=True, help_text="Empty if not known.")
    start = models.DateField(null=True, blank=True, help_text="Empty if not known.")
    end = models.DateField(null=True, blank=True, help_text="Empty while serving.")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.committee})"


class SupportOfficer(models.Model):
    """An officer who keeps the committee's record (scrutiny officer, committee manager)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="support_officers"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="supports")
    role = models.CharField(max_length=200, help_text="For example Scrutiny Officer.")
    phone = models.CharField(max_length=50, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"], name="supportofficer_once_per_committee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.role}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def ordinary(self) -> MeetingQuerySet:
        """Formal meetings that are not cancelled: the ones with report deadlines."""
        return self.filter(kind=Meeting.Kind.FORMAL).exclude(status=Meeting.Status.CANCELLED)


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
    date = models.DateField()
    start_time = models.TimeField(default=dt.time(10, 0))
    end_time = models.TimeField(null=True, blank=True)
    room = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORMAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    report_deadline = models.DateField(
        null=True,
        blank=True,
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
        return f"{self.committee}, {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs) -> None:
        if self.report_deadline is None and self.kind == self.Kind.FORMAL:
            self.report_deadline = self.default_report_deadline(self.date)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", kwargs={"pk": self.pk})

    @staticmethod
    def default_report_deadline(meeting_date: dt.date) -> dt.date:
        """The Monday on or before the date `TRACKER_REPORT_DEADLINE_DAYS_BEFORE` days ahead.

        With the default nine days, a Wednesday meeting's deadline is the Monday of the
        week before (13 February 2019 -> 4 February 2019), as the work programmes show.
        """
        day = meeting_date - dt.timedelta(days=settings.TRACKER_REPORT_DEADLINE_DAYS_BEFORE)
        return day - dt.timedelta(days=day.weekday())

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
    notes = models.TextField(blank=True, help_text="The discussion, as the action notes record it.")

    history = HistoricalRecords()

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
                    is_exempt=True,
                    exempt_paragraph__isnull=False,  # NULL would pass a CHECK unnoticed
                    exempt_paragraph__gte=1,
                    exempt_paragraph__lte=7,
                ),
                name="agendaitem_exempt_has_paragraph",
                violation_error_message="An exempt item must give its paragraph (1 to 7) of "
                "Schedule 12A, and a public item must not.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.is_exempt and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Say which paragraph of Schedule 12A makes this item exempt."}
            )
        if not self.is_exempt and self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Only an exempt item has a Schedule 12A paragraph."}
            )

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
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"


class ActionNotes(models.Model):
    """One version of the action notes of a meeting's public or private part.

    Notes are drafted after a meeting and confirmed at a later one, sometimes with
    amendments; each confirmation is a new version, so earlier versions are kept.
    """

    class Part(models.TextChoices):
        PUBLIC = "public", "Public part"
        PRIVATE = "private", "Private part"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"
        AMENDED = "amended", "Confirmed with amendments"

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
                condition=~Q(status="amended") | ~Q(amendments=""),
                name="actionnotes_amended_has_amendments",
                violation_error_message="Notes confirmed with amendments must record the "
                "amendments.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} notes of {self.meeting}, v{self.version}"


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
        return f"Call-in, {self.meeting.date:%-d %B %Y}"


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
    attendees = models.TextField(blank=True, help_text="Officers and others attending.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "order"]
        verbose_name = "work programme session"
        verbose_name_plural = "work programme"

    def __str__(self) -> str:
        return self.topic


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
