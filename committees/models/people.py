"""Who the committee is: the committee, people and the posts they hold, its members and the
officers who support it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


def active_on(day: dt.date, start: str = "start", end: str = "end") -> Q:
    """Rows whose [start, end] period covers `day`; an unknown start or end is open."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )


def covers(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """`active_on` for a row already read: does [start, end] cover `day`?"""
    return (start is None or start <= day) and (end is None or end >= day)


def posts_held(person: object, day: object) -> models.QuerySet:
    """The ids of the posts a person holds on a day, as a query of `post_id`."""
    # In no order: ordering by post would join every post.
    return PostHolding.objects.filter(active_on(day), person=person).order_by().values("post_id")


def default_report_deadline_days() -> int:
    """A new committee's deadline rule: the setting TRACKER_REPORT_DEADLINE_DAYS_BEFORE."""
    return settings.TRACKER_REPORT_DEADLINE_DAYS_BEFORE


def report_deadline(meeting_date: dt.date, days_before: int) -> dt.date:
    """The Monday on or before the date `days_before` days ahead of the meeting.

    With nine days, a Wednesday meeting's deadline is the Monday of the week before
    (13 February 2019 -> 4 February 2019), as Birmingham's work programmes show.
    """
    try:
        day = meeting_date - dt.timedelta(days=days_before)
        return day - dt.timedelta(days=day.weekday())
    except OverflowError:  # a date at the calendar's start, refused by full_clean
        return meeting_date


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    terms_of_reference = models.TextField(blank=True)
    report_deadline_days_before = models.PositiveSmallIntegerField(
        default=default_report_deadline_days,
        validators=[MaxValueValidator(90)],
        help_text="Reports for a meeting are due on the Monday on or before the day this many "
        "days before it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committee_detail", kwargs={"slug": self.slug})

    def members_on(self, day: dt.date) -> models.QuerySet[Membership]:
        return self.memberships.filter(active_on(day)).select_related("person")

    def report_deadline_for(self, meeting_date: dt.date) -> dt.date:
        """The report deadline of an ordinary meeting on `meeting_date`, by the committee's
        own rule (`report_deadline_days_before`)."""
        return report_deadline(meeting_date, self.report_deadline_days_before)

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
        max_length=200, blank=True, help_text="For example the children's trust, or the police."
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
