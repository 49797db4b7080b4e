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
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Lower, RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from committees import clock
from committees.dates import check_due_date, check_entered_date, long_date
from committees.models import AgendaItem, CallIn, Committee, Meeting, Person, Post, Resolution
from committees.services import council_settings

RECOMMENDATION_CODE = re.compile(r"^\s*R\s*0*(\d{1,3})\s*$", re.IGNORECASE)


def normalise_recommendation_code(code: str) -> str:
    """'R1', 'r 01' and 'R01' are one recommendation: R01. Anything else is refused.

    Used where a council's own tracker is matched against the record (the tracker import):
    a recommendation entered on the app's pages keeps its code as the council wrote it.
    """
    match = RECOMMENDATION_CODE.match(code or "")
    if not match:
        raise ValidationError(
            f"'{code}' is not a recommendation code: use R followed by its number, like R01."
        )
    return f"R{int(match.group(1)):02d}"


def recommendation_code_key(code: str) -> str:
    """What two codes of one inquiry share when they name the same recommendation: R2,
    r 02 and R002 are R02; any other code is itself whatever its capitals (SC18 is sc18).

    The database refuses two codes of an inquiry that differ only in capitals
    (`recommendation_unique_code_any_case`); the pages refuse R2 beside R02 too.
    """
    try:
        return normalise_recommendation_code(code)
    except ValidationError:
        return (code or "").strip().lower()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day
    (31 August plus six months is 28 or 29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


class ResponsePeriod(models.Model):
    """How long a committee gives the executive to respond to its recommendations.

    The council's period is the setting `TRACKER_EXECUTIVE_RESPONSE_PERIOD` ("2 months" by
    default; "28 days" where a council sets that); a committee with a row here has its
    own. Administrators set it in the admin, as they set a committee's standing items.
    """

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="response_period"
    )
    months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The response is due this many months after sending."
    )
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Or this many days (for example 28)."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(months__isnull=False, days__isnull=True, months__gte=1)
                | Q(months__isnull=True, days__isnull=False, days__gte=1),
                name="response_period_months_or_days",
                violation_error_message="Give the period in months or in days (at least 1), "
                "not both.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {period_label(self.months, self.days)}"


def due_soon_days() -> int:
    """How many days ahead "due soon" looks: the setting TRACKER_DUE_SOON_DAYS.

    The one definition of the notice: the dashboards count and list what is due soon by
    it, and the reminders send their "due soon" emails by it.
    """
    return settings.TRACKER_DUE_SOON_DAYS


def period_label(months: int | None, days: int | None) -> str:
    if months:
        return f"{months} month" + ("s" if months != 1 else "")
    return f"{days} day" + ("s" if days != 1 else "")


def council_response_period() -> tuple[int | None, int | None]:
    """(months, days) of the setting TRACKER_EXECUTIVE_RESPONSE_PERIOD, such as "2 months"."""
    value = str(getattr(settings, "TRACKER_EXECUTIVE_RESPONSE_PERIOD", "2 months"))
    number, _, unit = value.strip().partition(" ")
    unit = unit.strip().lower().rstrip("s")
    if (
        not (number.isascii() and number.isdigit())
        or int(number) < 1
        or unit not in {"month", "day"}
    ):
        raise ValueError(
            f"TRACKER_EXECUTIVE_RESPONSE_PERIOD must be like '2 months' or '28 days', not {value!r}"
        )
    return (int(number), None) if unit == "month" else (None, int(number))


def response_period_of(committee_id: int) -> tuple[int | None, int | None]:
    """The committee's own period if it has one, else the council's."""
    own = ResponsePeriod.objects.filter(committee_id=committee_id).first()
    if own is not None:
        return own.months, own.days
    return council_response_period()


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


class Timing(models.TextChoices):
    """What an assessment category says about when the item was achieved."""

    ON_TIME = "on_time", "On time"
    LATE = "late", "Late"
    NEITHER = "neither", "Says nothing about timing"


class AssessmentCategory(models.Model):
    scale = models.ForeignKey(AssessmentScale, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(
        max_length=50,
        blank=True,
        help_text="The category's stable name in its scale file, kept when its label changes.",
    )
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    ends_tracking = models.BooleanField(
        help_text="A recommendation given this assessment leaves the outstanding list."
    )
    counts_as_achieved = models.BooleanField()
    timing = models.CharField(
        max_length=10,
        choices=Timing.choices,
        default=Timing.NEITHER,
        help_text="Whether the label means achieved on time, late, or says nothing of when. "
        "Whether an item was late is worked out from its dates, whatever the label says.",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="The definition shown where people assess."
    )

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
            models.UniqueConstraint(
                fields=["scale", "key"],
                condition=~Q(key=""),
                name="category_unique_key",
                violation_error_message="This scale already has a category with that key.",
            ),
            models.CheckConstraint(
                condition=Q(counts_as_achieved=False) | Q(ends_tracking=True),
                name="category_achieved_ends_tracking",
                violation_error_message="A category that counts as achieved must end tracking.",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CommitteeScale(models.Model):
    """The assessment scale a committee's new inquiries start with.

    Without a row, the council's: the scale named by the setting
    `TRACKER_DEFAULT_ASSESSMENT_SCALE`, when it is loaded. Administrators set it on the
    committee's settings page (or in the admin).
    """

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="default_scale"
    )
    scale = models.ForeignKey(AssessmentScale, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "committee's default assessment scale"

    def __str__(self) -> str:
        return f"{self.committee}: {self.scale}"


def default_scale_of(committee_id: int | None) -> AssessmentScale | None:
    """The scale a new inquiry of the committee starts with: its own, else the council's
    setting (None when that scale is not loaded)."""
    own = (
        CommitteeScale.objects.filter(committee_id=committee_id).select_related("scale").first()
        if committee_id
        else None
    )
    if own is not None:
        return own.scale
    return AssessmentScale.objects.filter(slug=settings.TRACKER_DEFAULT_ASSESSMENT_SCALE).first()


class ReviewCadence(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    ANNUAL = "annual", "Annual"
    PER_MEETING = "per_meeting", "At every committee meeting"


CADENCE_MONTHS = {
    ReviewCadence.QUARTERLY: 3,
    ReviewCadence.SIX_MONTHLY: 6,
    ReviewCadence.ANNUAL: 12,
}


class InquiryQuerySet(models.QuerySet):
    def awaiting_response(self) -> InquiryQuerySet:
        """Sent to the executive, with a recommendation still to be answered."""
        return self.filter(
            executive_response_due_on__isnull=False,
            recommendations__response="",
        ).distinct()


class Inquiry(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="inquiries")
    title = models.CharField(max_length=300)
    reported_to_council_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="The date the report went to full Council.",
    )
    summary = models.TextField(blank=True)
    tracking_as_printed = models.CharField(
        max_length=200,
        blank=True,
        help_text="The dates of tracking as the work programme prints them for the whole "
        'inquiry, for example "Update rec\'d 18 Oct 17 & Annual Report 14 Feb 18".',
    )
    assessment_scale = models.ForeignKey(AssessmentScale, on_delete=models.PROTECT)
    sent_to_executive_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="When the report's recommendations were sent to the executive for its "
        "response. Empty when not known.",
    )
    executive_response_due_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="Set when the report is sent: the committee's response period later.",
    )
    review_cadence = models.CharField(
        max_length=20,
        blank=True,
        choices=ReviewCadence.choices,
        help_text="How often progress is reviewed: sets the next tracking date after each "
        "round. Empty when not set.",
    )

    objects = InquiryQuerySet.as_manager()
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

    def next_review_after(self, day: dt.date) -> dt.date | None:
        """The next tracking date the inquiry's review cadence sets after a round on `day`:
        three, six or twelve months on, or the committee's next ordinary meeting."""
        if self.review_cadence in CADENCE_MONTHS:
            return add_months(day, CADENCE_MONTHS[self.review_cadence])
        if self.review_cadence == ReviewCadence.PER_MEETING:
            meeting = (
                self.committee.meetings.ordinary()
                .filter(date__gt=day)
                .order_by("date", "start_time")
                .first()
            )
            return meeting.date if meeting else None
        return None

    def response_clock(self, today: dt.date) -> ResponseClock | None:
        """Where the executive's response stands today, or None before the report is sent."""
        if self.executive_response_due_on is None:
            return None
        return ResponseClock(
            sent_on=self.sent_to_executive_on,
            due_on=self.executive_response_due_on,
            today=today,
        )


@dataclass(frozen=True)
class ResponseClock:
    """The executive's response clock: sent, due, and how many days are left or over."""

    sent_on: dt.date | None
    due_on: dt.date
    today: dt.date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def is_late(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_due_soon(self) -> bool:
        """Due from today to `due_soon_days()` ahead, as an item's due date is."""
        return 0 <= self.days_left <= due_soon_days()


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

    def is_delivered_by(self, day: dt.date) -> bool:
        """What was due was delivered by `day` (see Recommendation.delivered_on)."""
        return False

    def is_due_soon(self, on: dt.date) -> bool:
        """As `due_soon(on)`: still open, due from `on` to `due_soon_days()` ahead."""
        return (
            self.is_outstanding
            and self.due_date is not None
            and on <= self.due_date <= on + dt.timedelta(days=due_soon_days())
            and not self.is_delivered_by(on)
        )

    def pending_update(self) -> OwnerUpdate | None:
        """The owner's update waiting for review, if there is one: an item has one at most."""
        return self.updates.filter(status=OwnerUpdate.Status.PENDING).first()

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
    """Owned by the person, or by one of the posts (their ids)."""
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

    def due_soon(self, on: dt.date):
        """Due within the notice the dashboards and the reminders share (`due_soon_days`)."""
        return self.due_within(on, due_soon_days())

    def owned_by(self, person: Person, on: dt.date):
        return self.filter(owned_by_q(person, on))

    def with_latest_update(self):
        """Each item with the state of its latest owner's update (`latest_update_columns`):
        waiting for review, accepted, or sent back with the reason; None without one."""
        return self.annotate(**latest_update_columns(self.update_link))


class ExecutiveResponse(models.TextChoices):
    """The executive's answer to one recommendation."""

    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
    REJECTED = "rejected", "Rejected"


class RecommendationQuerySet(TrackedQuerySet):
    """Each rule of a recommendation's life is a Q here, used by the lists, the statistics
    (tracker.impact), the annual report and the reminders alike."""

    update_link = "recommendation"  # OwnerUpdate's link to it

    @staticmethod
    def past_due(on: dt.date) -> Q:
        """Past its due date on `on`, and what was due not yet delivered by then."""
        return Q(due_date__lt=on) & (Q(delivered_on__isnull=True) | Q(delivered_on__gt=on))

    def outstanding(self) -> RecommendationQuerySet:
        """Still tracked: the committee has not decided it is achieved or that tracking ends."""
        return self.filter(tracking_ended_on__isnull=True)

    def made_by(self, day: dt.date) -> RecommendationQuerySet:
        """Made on or before `day`: its inquiry reported to Council by then, or not dated."""
        return self.filter(
            Q(inquiry__reported_to_council_on__isnull=True)
            | Q(inquiry__reported_to_council_on__lte=day)
        )

    def due_within(self, on: dt.date, days: int) -> RecommendationQuerySet:
        """Due within the days, and what was due not already delivered."""
        return super().due_within(on, days).exclude(delivered_on__lte=on)

    def outstanding_on(self, day: dt.date) -> RecommendationQuerySet:
        """Tracked on `day`: made by then, and tracking not yet ended on it."""
        return self.made_by(day).filter(
            Q(tracking_ended_on__isnull=True) | Q(tracking_ended_on__gt=day)
        )

    def tracked_during(self, start: dt.date, end: dt.date) -> RecommendationQuerySet:
        """Tracked on some day from `start` to `end`: made by `end`, and tracking not ended
        before `start` (one ended within the period was decided in it)."""
        return self.made_by(end).filter(
            Q(tracking_ended_on__isnull=True) | Q(tracking_ended_on__gte=start)
        )

    @staticmethod
    def achieved_q() -> Q:
        return Q(current_assessment__counts_as_achieved=True, withdrawn_on__isnull=True)

    @classmethod
    def achieved_late_q(cls) -> Q:
        """Achieved after its due date, whatever the label said: counted from the day it
        was achieved (`achieved_on`), not from the meeting that signed it off."""
        return cls.achieved_q() & Q(achieved_on__gt=F("due_date"))

    @classmethod
    def achieved_on_time_q(cls) -> Q:
        """Achieved by its due date (or with no due date, or no date achieved, to be late
        against): with `achieved_late_q`, every achieved recommendation is one or the other."""
        return cls.achieved_q() & (
            Q(due_date__isnull=True)
            | Q(achieved_on__isnull=True)
            | Q(achieved_on__lte=F("due_date"))
        )

    @staticmethod
    def not_achieved_q() -> Q:
        """Tracking ended without it being achieved (and not withdrawn)."""
        return Q(tracking_ended_on__isnull=False, withdrawn_on__isnull=True) & ~Q(
            current_assessment__counts_as_achieved=True
        )

    @staticmethod
    def withdrawn_q() -> Q:
        return Q(withdrawn_on__isnull=False)

    @staticmethod
    def response_on_time_q() -> Q:
        return ~Q(response="") & Q(response_on__lte=F("inquiry__executive_response_due_on"))

    @staticmethod
    def response_late_q() -> Q:
        return ~Q(response="") & Q(response_on__gt=F("inquiry__executive_response_due_on"))

    @staticmethod
    def response_overdue_q(on: dt.date) -> Q:
        """Sent to the executive, unanswered, and past the day the response was due."""
        return Q(response="", inquiry__executive_response_due_on__lt=on)

    @staticmethod
    def awaiting_response_q() -> Q:
        return Q(response="", inquiry__executive_response_due_on__isnull=False)

    def achieved_late(self) -> RecommendationQuerySet:
        return self.filter(self.achieved_late_q())

    def awaiting_response(self) -> RecommendationQuerySet:
        return self.filter(self.awaiting_response_q())


class Recommendation(Owned):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="recommendations")
    code = models.CharField(
        max_length=20,
        help_text="As the council writes it: R1, R01, SC18, 1.3. Unique within the inquiry.",
    )
    text = models.TextField(blank=True)
    text_known = models.BooleanField(
        default=True,
        help_text="Untick when the recommendation's wording has not been found yet.",
    )
    original_due_date = models.DateField(null=True, blank=True, validators=[check_entered_date])
    due_date = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="The date now agreed; changed only by a recorded revision.",
    )
    due_month_only = models.BooleanField(
        default=False, help_text="The report gives only a month ('by May 2018')."
    )
    delivered_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text=(
            "When what was due was delivered (a report presented, a visit made), as an "
            "accepted update said, while the committee has still to assess it. It is then "
            "no longer overdue."
        ),
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
        validators=[check_entered_date],
        help_text="When the committee decided it was achieved or that tracking ends.",
    )
    achieved_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text=(
            "When it was achieved: the day what was due was delivered or the update the "
            "committee accepted as achievement was received, which may be before the "
            "committee signed it off. Late means achieved after its due date."
        ),
    )
    next_tracking_date = models.DateField(null=True, blank=True, validators=[check_entered_date])
    next_tracking_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations_agreed",
        help_text="The committee's meeting where it arose or was agreed, as a council's own "
        "tracker records it.",
    )
    # The executive's response.
    response = models.CharField(
        max_length=20,
        blank=True,
        choices=ExecutiveResponse.choices,
        help_text="The executive's answer; empty until it responds (or while not known).",
    )
    response_on = models.DateField(
        null=True, blank=True, validators=[check_entered_date], help_text="When it responded."
    )
    response_reason = models.TextField(
        blank=True, help_text="Why it accepted only in part, or rejected."
    )
    action_plan = models.TextField(
        blank=True, help_text="What the executive will do, for what it accepted."
    )
    target_date = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="The executive's target date for its action plan.",
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="When the committee withdrew it: tracking ends, and it is not achieved.",
    )
    withdrawn_reason = models.TextField(blank=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inquiry", "code"]
        constraints = [
            # SC18 and sc18 are one code: the tracker import and the pages match codes
            # whatever their capitals, so the database does too.
            models.UniqueConstraint(
                Lower("code"),
                "inquiry",
                name="recommendation_unique_code_any_case",
                violation_error_message="This inquiry already has a recommendation with that "
                "code (capitals do not make a code different: SC18 is sc18).",
            ),
            models.CheckConstraint(
                condition=Q(text_known=True, text__gt="") | Q(text_known=False, text=""),
                name="recommendation_text_known",
                violation_error_message="Give the recommendation's text, or record that it is "
                "not yet known (and leave the text empty).",
            ),
            models.CheckConstraint(
                condition=~Q(code=""),
                name="recommendation_has_code",
                violation_error_message="Give the recommendation's code, as the council writes it.",
            ),
            models.CheckConstraint(
                condition=Q(response="", response_on__isnull=True)
                | (~Q(response="") & Q(response_on__isnull=False)),
                name="recommendation_response_has_date",
                violation_error_message="A response needs the date it was given.",
            ),
            models.CheckConstraint(
                condition=Q(response__in=["", "accepted"]) | ~Q(response_reason=""),
                name="recommendation_response_reason",
                violation_error_message="Give the executive's reason for accepting only in "
                "part or rejecting.",
            ),
            models.CheckConstraint(
                condition=~Q(response__in=["accepted", "accepted_in_part"])
                | (~Q(action_plan="") & Q(target_date__isnull=False)),
                name="recommendation_accepted_has_plan",
                violation_error_message="What the executive accepts needs an action plan and "
                "a target date.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | (~Q(withdrawn_reason="") & Q(tracking_ended_on__isnull=False)),
                name="recommendation_withdrawn_has_reason",
                violation_error_message="A withdrawn recommendation needs the committee's "
                "reason, and is no longer tracked.",
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
        self.code = (self.code or "").strip()
        if self.original_due_date and not self.due_date:
            self.due_date = self.original_due_date
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recommendation_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        self.code = (self.code or "").strip()
        if not self.code:
            raise ValidationError({"code": "Give the recommendation's code, like R1 or SC18."})
        if self.text_known and not self.text.strip():
            raise ValidationError(
                {"text": "Give the recommendation's text, or untick 'text known'."}
            )
        if not self.text_known and self.text.strip():
            raise ValidationError({"text_known": "The text is given, so it is known."})
        if self.owner_post_id and self.owner_person_id:
            raise ValidationError("A recommendation is owned by a post or by a person, not both.")
        if (
            self.agreed_at_id
            and self.inquiry_id
            and self.agreed_at.committee_id != self.inquiry.committee_id
        ):
            raise ValidationError({"agreed_at": "Choose a meeting of the inquiry's committee."})
        anchor, anchor_text = self.due_date_anchor()
        for name in ("original_due_date", "due_date"):
            try:
                check_due_date(getattr(self, name), anchor=anchor, anchor_text=anchor_text)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error

    @property
    def committee(self) -> Committee:
        return self.inquiry.committee

    def due_date_anchor(self) -> tuple[dt.date, str]:
        """What a due date is counted from: the day the inquiry's report went to Council,
        or, while that is not recorded, today."""
        reported = self.inquiry.reported_to_council_on if self.inquiry_id else None
        if reported is not None:
            full_council = council_settings().full_council
            return reported, f"the inquiry's report to {full_council}"
        return clock.today(), "today"

    @property
    def is_outstanding(self) -> bool:
        return self.tracking_ended_on is None

    def is_outstanding_on(self, day: dt.date) -> bool:
        """As `outstanding_on`: tracking had not ended on `day`."""
        return self.tracking_ended_on is None or self.tracking_ended_on > day

    def is_delivered_by(self, day: dt.date) -> bool:
        return self.delivered_on is not None and self.delivered_on <= day

    def is_overdue(self, on: dt.date) -> bool:
        """As `past_due` with `outstanding_on`."""
        return (
            self.is_outstanding_on(on)
            and self.due_date is not None
            and self.due_date < on
            and not self.is_delivered_by(on)
        )

    @property
    def is_achieved(self) -> bool:
        """As `achieved_q`."""
        return bool(
            self.current_assessment
            and self.current_assessment.counts_as_achieved
            and self.withdrawn_on is None
        )

    @property
    def is_achieved_late(self) -> bool:
        """As `achieved_late_q`: achieved after its due date, counted from the day it was
        achieved, whatever its label says."""
        return bool(
            self.is_achieved
            and self.due_date
            and self.achieved_on
            and self.achieved_on > self.due_date
        )

    @property
    def achieved_timing(self) -> str | None:
        """Timing.LATE or Timing.ON_TIME for an achieved recommendation, from its dates
        (`is_achieved_late`); None for one not achieved."""
        if not self.is_achieved:
            return None
        return Timing.LATE if self.is_achieved_late else Timing.ON_TIME

    @property
    def timing_contradicts_label(self) -> bool:
        """Its assessment's label says on time (or late) and its dates say otherwise."""
        timing = self.achieved_timing
        label_timing = self.current_assessment.timing if self.current_assessment else None
        return (
            timing is not None
            and label_timing in (Timing.ON_TIME, Timing.LATE)
            and (label_timing != timing)
        )

    def achieved_on_for(
        self, assessment: AssessmentCategory, *, reported_on: dt.date | None, decided_on
    ) -> dt.date | None:
        """The day it was achieved, given the committee's `assessment`: unchanged while it
        stays achieved; otherwise the day what was due was delivered, or the day the update
        the committee accepted was received (`reported_on`), or, with neither, the day of
        the decision. None when the assessment does not count as achieved."""
        if not assessment.counts_as_achieved:
            return None
        if self.achieved_on and self.is_achieved:
            return self.achieved_on
        return self.delivered_on or reported_on or decided_on

    @property
    def display_text(self) -> str:
        return self.text if self.text_known else "The text of this recommendation is not yet known."

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def last_decided_on(self) -> dt.date | None:
        """The date of the committee's latest decision on it (an assessment, or the end of
        tracking), or None before any."""
        decided = self.tracking_rounds.filter(decided_on__isnull=False).aggregate(
            last=models.Max("decided_on")
        )["last"]
        dates = [d for d in (decided, self.tracking_ended_on, self.withdrawn_on) if d]
        return max(dates) if dates else None

    def check_decision(
        self,
        *,
        ends_tracking: bool,
        label: str,
        decided_on: dt.date | None,
        meeting: Meeting | None,
        reason: str = "",
        evidence: str = "",
        recorded_in: str = "",
        today: dt.date | None = None,
    ) -> None:
        """The status rules, written once: refuses (ValidationError, nothing saved) a
        decision that breaks one.

        - It is dated on or after the decision before it.
        - It is taken at a meeting that has taken place (not cancelled, not in the future).
        - An item whose tracking ended reopens only by the committee's decision at a
          meeting, with a reason.
        - Closing (an assessment that ends tracking, or withdrawing) needs the committee's
          decision recorded against a meeting, and evidence (a link or text) for
          achievement or a reason for anything else.

        `recorded_in` names the document that records a decision already taken elsewhere
        (an imported tracker of the council's): it stands for the meeting and the evidence.
        """
        today = today or clock.today()
        if self.is_withdrawn:
            raise ValidationError(
                "This recommendation was withdrawn by the committee: nothing more is decided on it."
            )
        if meeting is not None:
            if meeting.status == Meeting.Status.CANCELLED:
                raise ValidationError(
                    f"The meeting of {long_date(meeting.date)} was cancelled, so it decided "
                    "nothing."
                )
            if meeting.date > today:
                raise ValidationError(
                    f"The meeting of {long_date(meeting.date)} has not taken place yet: record "
                    "the committee's decision once it has."
                )
            decided_on = decided_on or meeting.date
        last = self.last_decided_on() if self.pk else None
        if decided_on is not None and last is not None and decided_on < last:
            raise ValidationError(
                f"A decision must be dated on or after the one before it: the last was on "
                f"{long_date(last)}, and this one is dated {long_date(decided_on)}."
            )
        reopening = self.tracking_ended_on is not None and not ends_tracking
        closing = self.tracking_ended_on is None and ends_tracking
        if reopening and (meeting is None or not reason.strip()):
            ended = self.current_assessment or "its end of tracking"
            raise ValidationError(
                f"'{ended}' ended tracking on {long_date(self.tracking_ended_on)}: it "
                "reopens only by the committee's decision at a meeting, with the reason."
            )
        if closing and not recorded_in:
            if meeting is None:
                raise ValidationError(
                    f"'{label}' ends tracking: choose the meeting at which the committee "
                    "decided it."
                )
            if not evidence.strip():
                raise ValidationError(
                    f"'{label}' ends tracking: give the evidence (a link or a description) "
                    "the committee accepted."
                )


class DueDateRevision(models.Model):
    """A change of a recommendation's or a request's due date, with the reason accepted.

    The item keeps its original due date; each revision keeps the date it replaced, and
    its history row says who recorded it and when.
    """

    recommendation = models.ForeignKey(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="due_date_revisions",
    )
    request = models.ForeignKey(
        "InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="due_date_revisions",
    )
    previous_date = models.DateField(null=True, blank=True)
    new_date = models.DateField(validators=[check_entered_date])
    reason = models.TextField()
    decided_on = models.DateField(validators=[check_entered_date])

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="revision_has_reason",
                violation_error_message="Say why the due date changed.",
            ),
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, request__isnull=True)
                | Q(recommendation__isnull=True, request__isnull=False),
                name="revision_of_one_item",
                violation_error_message="A revision is of one recommendation or one request.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: due {long_date(self.new_date)}"

    @property
    def item(self) -> Recommendation | InformationRequest:
        return self.recommendation or self.request


class TrackingRound(models.Model):
    """One report of progress on a recommendation, and the assessments made of it.

    The executive proposes an assessment with evidence; the committee decides its own at
    a meeting. The two sit side by side.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="tracking_rounds"
    )
    update_received_on = models.DateField(null=True, blank=True, validators=[check_entered_date])
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
    decided_on = models.DateField(null=True, blank=True, validators=[check_entered_date])
    next_tracking_date = models.DateField(null=True, blank=True, validators=[check_entered_date])
    status_as_printed = models.CharField(
        max_length=200,
        blank=True,
        help_text="The status as the work programme prints it, for example 'in progress at "
        "the last update'.",
    )
    note = models.TextField(blank=True)
    decision_reason = models.TextField(
        blank=True, help_text="Why the committee decided as it did (required to reopen)."
    )
    evidence_link = models.URLField(
        blank=True, max_length=500, help_text="Evidence the committee accepted, as a link."
    )
    evidence_text = models.TextField(
        blank=True, help_text="Evidence the committee accepted, described."
    )

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
            f"{self.recommendation}: update {long_date(received)}"
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


class ImpactNote(models.Model):
    """The difference a recommendation made, noted by an officer with its evidence, when
    it is closed or at any time afterwards."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="impact_notes"
    )
    noted_on = models.DateField(validators=[check_entered_date])
    difference = models.TextField(help_text="What changed because of the recommendation.")
    evidence_link = models.URLField(blank=True, max_length=500)
    evidence_text = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["noted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(difference=""),
                name="impact_has_difference",
                violation_error_message="Say what difference the recommendation made.",
            ),
            models.CheckConstraint(
                condition=~Q(evidence_link="") | ~Q(evidence_text=""),
                name="impact_has_evidence",
                violation_error_message="Give the evidence: a link or a description.",
            ),
        ]

    def __str__(self) -> str:
        return f"Impact of {self.recommendation}, {long_date(self.noted_on)}"


class InformationRequestQuerySet(TrackedQuerySet):
    update_link = "request"  # OwnerUpdate's link to it

    def outstanding(self) -> InformationRequestQuerySet:
        """Neither provided nor withdrawn."""
        return self.filter(status=InformationRequest.Status.OPEN)

    def outstanding_on(self, day: dt.date) -> InformationRequestQuerySet:
        """Open on `day`: raised at a meeting on or before it, and still open, or provided
        or withdrawn only after it."""
        return self.filter(
            Q(status=InformationRequest.Status.OPEN)
            | Q(status=InformationRequest.Status.PROVIDED, provided_on__gt=day)
            | Q(status=InformationRequest.Status.WITHDRAWN, withdrawn_on__gt=day),
            meeting__date__lte=day,
        )

    @staticmethod
    def provided_q() -> Q:
        return Q(status="provided")

    @staticmethod
    def provided_late_q() -> Q:
        return Q(status="provided", provided_on__gt=F("due_date"))

    @staticmethod
    def provided_on_time_q() -> Q:
        """Answered by its due date (a request with no due date stated is neither)."""
        return Q(status="provided", provided_on__lte=F("due_date"))

    def provided_late(self) -> InformationRequestQuerySet:
        return self.filter(self.provided_late_q())

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
    original_due_date = models.DateField(
        null=True, blank=True, help_text="The date first set; kept when the date is revised."
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="Empty when no date was stated: the committee chases it at its next meeting.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    provided_on = models.DateField(null=True, blank=True, validators=[check_entered_date])
    provided_how = models.TextField(blank=True, help_text="For example 'circulated to Members'.")
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        validators=[check_entered_date],
        help_text="The day it was withdrawn (for older withdrawals, the day its history shows).",
    )
    withdrawn_reason = models.TextField(blank=True)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the record says it was asked or undertaken, when not in a resolution: "
        "for example 'Action notes, 25 July 2018, item 7'.",
    )
    call_in = models.ForeignKey(
        CallIn,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        help_text="The call-in this request followed from, if any.",
    )

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
        # A due date not stated stays empty: the record never invents one (forms that
        # offer the next report deadline as a default put it in themselves).
        if self.original_due_date is None:
            self.original_due_date = self.due_date
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("request_detail", kwargs={"pk": self.pk})

    def due_date_anchor(self) -> tuple[dt.date, str]:
        """What a due date is counted from: the meeting that asked for it."""
        return self.meeting.date, "the meeting"

    @staticmethod
    def due_by_default(meeting: Meeting) -> dt.date | None:
        """When a request made at `meeting` is due unless someone says otherwise: the
        report deadline of the committee's next ordinary meeting after it; None while no
        later meeting is scheduled."""
        return meeting.committee.next_report_deadline(after=meeting.date)

    def default_due_date(self) -> dt.date:
        """`due_by_default` of this request's meeting; refused while there is none."""
        deadline = self.due_by_default(self.meeting)
        if deadline is None:
            raise ValidationError(
                {"due_date": "No later committee meeting is scheduled yet, so give a due date."}
            )
        return deadline

    def clean(self) -> None:
        # No due date stays none: the record never invents one (forms that offer the next
        # report deadline as a default put it in themselves).
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
        if self.meeting_id:
            try:
                check_due_date(self.due_date, anchor=self.meeting.date, anchor_text="the meeting")
            except ValidationError as error:
                raise ValidationError({"due_date": error.messages}) from error

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
        return self.is_outstanding and self.due_date is not None and self.due_date < on


# An item's latest owner's update: the last sent (the later one of two sent at once).
LATEST_UPDATE_FIRST = ("-submitted_at", "-pk")


class OwnerUpdateQuerySet(models.QuerySet):
    def visible_to(self, access) -> OwnerUpdateQuerySet:
        """The updates `access` (tracker.access.Access) may read: accepted ones for anyone;
        pending and returned ones, with the note sending one back, only for the item's
        committee's officers and members and its owner, until accepted."""
        return self.filter(access.visible_updates())

    def latest_of(
        self, *, recommendations: Iterable[int], requests: Iterable[int]
    ) -> OwnerUpdateQuerySet:
        """The latest update of each of these items (their ids), in one query: the rows
        `latest_update_columns` reads one item at a time, for a page of items at once."""
        ranked = self.filter(
            Q(recommendation__in=list(recommendations)) | Q(request__in=list(requests))
        ).annotate(
            newness=Window(
                RowNumber(),
                partition_by=[F("recommendation_id"), F("request_id")],
                order_by=list(LATEST_UPDATE_FIRST),
            )
        )
        return ranked.filter(newness=1)


def latest_update_columns(link: str) -> dict[str, Subquery]:
    """The latest owner's update of each item (OwnerUpdate's `link`, "recommendation" or
    "request", to the outer row) as four correlated subqueries: its status, the note
    sending it back, when it was sent and when it was reviewed.

    One definition of "the state of an item's latest update", for the dashboards and My
    items: one that was sent back stays sent back until the owner sends another.
    """
    latest = OwnerUpdate.objects.filter(**{link: OuterRef("pk")}).order_by(*LATEST_UPDATE_FIRST)
    return {
        "latest_update_status": Subquery(latest.values("status")[:1]),
        "latest_update_note": Subquery(latest.values("review_note")[:1]),
        "latest_update_sent_at": Subquery(latest.values("submitted_at")[:1]),
        "latest_update_reviewed_at": Subquery(latest.values("reviewed_at")[:1]),
    }


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
    provided_on = models.DateField(null=True, blank=True, validators=[check_entered_date])
    provided_how = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    objects = OwnerUpdateQuerySet.as_manager()
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

    immediate = models.BooleanField(
        default=False,
        help_text="One notification sent as its own email as soon as it is recorded, for "
        "someone who chose immediate emails, rather than the day's digest.",
    )

    class Meta:
        ordering = ["-sweep_date", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "sweep_date"],
                condition=Q(immediate=False),
                name="digest_once_per_recipient_per_day",
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
        return f"Reminders to {self.email}, {long_date(self.sweep_date)}"


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
        RESPONSE_DUE = "response_due", "Executive response due soon"
        RESPONSE_OVERDUE = "response_overdue", "Executive response overdue"
        RESPONSE_ESCALATION = "response_escalation", "Executive response overdue: escalated"
        UPDATE_WAITING = "update_waiting", "Update waiting for your review"
        UPDATE_ACCEPTED = "update_accepted", "Your update was accepted"
        UPDATE_RETURNED = "update_returned", "Your update was sent back"
        NOTES_PUBLISHED = "notes_published", "Action notes published"
        PROGRAMME_PUBLISHED = "programme_published", "Work programme published"

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
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="For a publication: the committee whose notes or work programme it is.",
    )
    owner_update = models.ForeignKey(
        OwnerUpdate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text="The owner's update it is about: waiting for review, accepted or sent back.",
    )
    key = models.CharField(
        max_length=300,
        blank=True,
        help_text="A notification's own unique key: recording it again records nothing.",
    )
    title = models.CharField(max_length=300, blank=True)
    link = models.CharField(
        max_length=500, blank=True, help_text="For a publication: the path of its page."
    )
    note = models.TextField(blank=True, help_text="The reason an update was sent back.")
    digest = models.ForeignKey(
        ReminderDigest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "recommendation"],
                condition=Q(recommendation__isnull=False, key=""),
                name="reminder_once_recommendation",
            ),
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "request"],
                condition=Q(request__isnull=False, key=""),
                name="reminder_once_request",
            ),
            models.UniqueConstraint(
                fields=["kind", "occasion", "email", "agenda_item"],
                condition=Q(agenda_item__isnull=False, key=""),
                name="reminder_once_agenda_item",
            ),
            models.CheckConstraint(
                condition=Q(
                    recommendation__isnull=False, request__isnull=True, agenda_item__isnull=True
                )
                | Q(recommendation__isnull=True, request__isnull=False, agenda_item__isnull=True)
                | Q(recommendation__isnull=True, request__isnull=True, agenda_item__isnull=False)
                | Q(
                    recommendation__isnull=True,
                    request__isnull=True,
                    agenda_item__isnull=True,
                    committee__isnull=False,
                ),
                name="reminder_about_one_thing",
            ),
            # A notification is recorded once per key, however often it is asked for.
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="reminder_once_key"),
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
        """Where the recipient acts on it: the item's update page, or the meeting; the
        update to review; the item whose update was accepted; the page published."""
        if self.kind in PUBLICATION_KINDS:
            return self.link
        if self.kind == self.Kind.UPDATE_WAITING and self.owner_update_id:
            return reverse("update_review", kwargs={"pk": self.owner_update_id})
        if self.kind == self.Kind.UPDATE_ACCEPTED:
            return self.subject_item.get_absolute_url()
        if self.recommendation_id and self.kind in RESPONSE_KINDS:
            return reverse("recommendation_response", kwargs={"pk": self.recommendation_id})
        if self.recommendation_id:
            return reverse("recommendation_update", kwargs={"pk": self.recommendation_id})
        if self.request_id:
            return reverse("request_update", kwargs={"pk": self.request_id})
        return self.agenda_item.meeting.get_absolute_url()

    @property
    def description(self) -> str:
        if self.kind in PUBLICATION_KINDS:
            return f"{self.committee}: {self.title}"
        if self.recommendation_id:
            r = self.recommendation
            if self.kind in RESPONSE_KINDS:
                return f"The executive's response to {r.inquiry} {r.code}: {r.display_text}"
            return f"{r.inquiry} {r.code}: {r.display_text}"
        if self.request_id:
            return f"Requested at the meeting of {long_date(self.request.meeting.date)}: " + (
                self.request.text
            )
        item = self.agenda_item
        return (
            f"Report for item {item.number}, {item.title}, "
            f"meeting of {long_date(item.meeting.date)}"
        )


RESPONSE_KINDS = frozenset(
    {Reminder.Kind.RESPONSE_DUE, Reminder.Kind.RESPONSE_OVERDUE, Reminder.Kind.RESPONSE_ESCALATION}
)
PUBLICATION_KINDS = frozenset({Reminder.Kind.NOTES_PUBLISHED, Reminder.Kind.PROGRAMME_PUBLISHED})
# What concerns one person and comes once, by email at once or in the day's digest as
# they choose (NotificationPreference), rather than a reminder of a date.
NOTIFICATION_KINDS = PUBLICATION_KINDS | {
    Reminder.Kind.UPDATE_ACCEPTED,
    Reminder.Kind.UPDATE_RETURNED,
}


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


# Each person's choice of immediate emails or the daily digest lives with its capability.
# Key performance indicators live with their capability (tracker/kpis/), as tracker models,
# and so do the remembered columns of councils' own trackers (tracker/imports/trackers/)
# and the personal API tokens (tracker/api/).
from .api.models import ApiToken  # noqa: E402, F401
from .imports.trackers.models import TrackerColumnMapping  # noqa: E402, F401
from .kpis.models import (  # noqa: E402, F401
    HeadlineRate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    KpiQuestion,
    KpiReport,
    KpiSet,
)
from .notifications.models import NotificationPreference  # noqa: E402, F401
