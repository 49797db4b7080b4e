"""Key performance indicators as data: sets, indicators, targets, a month's report and values.

A set is what one provider or contract reports (Birmingham Children's Trust's contract
KPIs) to one committee. Each indicator has targets, each with the day it starts, so a
target that changes mid-year rates each month against the target then in force. A month's
report holds one value per indicator; "no data" is a state of its own, with its reason,
never a zero. Ratings are never stored: `tracker.kpis.ratings` works them out.

Imported by tracker/models.py, so these are models of the tracker app.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from committees.dates import check_entered_date, long_date, month_and_year
from committees.models import SCHEDULE_12A_PARAGRAPHS, Committee, Meeting, Post


def number_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True, **kwargs)


class Direction(models.TextChoices):
    """What good performance looks like, as the report prints it ("Good = High/Increasing")."""

    HIGH = "high", "High/Increasing"
    LOW = "low", "Low/Decreasing"
    LOW_STABLE = "low_stable", "Low/Stable"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", "Count"
    NUMBER = "number", "Number"
    DAYS = "days", "Days"
    RATE = "rate_10000", "Rate per 10,000 children"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class ComparisonBasis(models.TextChoices):
    """What the figure beside the month's is."""

    CUMULATIVE_12 = "cumulative_12", "Previous 12 months, cumulative"
    AVERAGE_12 = "average_12", "Previous 12 months, average"
    YEAR_TO_DATE = "ytd", "Previous year to date"
    COHORT = "cohort", "Earlier cohort"
    AVERAGE_3_YEARS = "average_3y", "Three-year average"
    NONE = "", "None given"


class KpiSet(models.Model):
    """The indicators one provider or contract reports to one committee."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80, unique=True)
    provider = models.CharField(
        max_length=200,
        help_text="The provider or contract monitored, for example the children's trust.",
    )
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="kpi_sets")
    is_contract = models.BooleanField(
        default=True,
        help_text="Contract KPIs are also rated as the Procurement Act 2023 asks: Good, "
        "Approaching target, Requires improvement, Inadequate, Other.",
    )
    requested_by = models.ForeignKey(
        "tracker.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_sets",
        help_text="The committee's request to receive these reports, if it made one.",
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "name"]
        verbose_name = "KPI set"

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    kpi_set = models.ForeignKey(KpiSet, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=30, help_text="As the report numbers it: KPI 1.")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=300, help_text="As the indicator's own page names it.")
    index_name = models.CharField(
        max_length=300,
        blank=True,
        help_text="The name the report's index gives it, where that differs.",
    )
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default="monthly")
    owner_post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+")
    numerator_label = models.CharField(max_length=300, blank=True)
    denominator_label = models.CharField(max_length=300, blank=True)
    comparison_note = models.TextField(
        blank=True, help_text="How the figure it is compared with is worked out."
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the record is from.")
    note = models.TextField(blank=True, help_text="Where the source is garbled or cut off.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi_set", "code"],
                name="indicator_unique_code",
                violation_error_message="This set already has an indicator with that code.",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="indicator_has_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("kpi_indicator", kwargs={"pk": self.pk})

    @property
    def committee_id(self) -> int:
        return self.kpi_set.committee_id

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGH

    def target_on(self, period: dt.date, targets: list[IndicatorTarget] | None = None):
        """The target in force for `period`: the latest to start on or before its first day.

        `targets` (this indicator's, in any order) saves a query when rating many periods.
        """
        candidates = self.targets.all() if targets is None else targets
        in_force = [t for t in candidates if t.starts_on <= period]
        return max(in_force, key=lambda t: t.starts_on) if in_force else None


class IndicatorTarget(models.Model):
    """A target and its tolerance band, from a day on: targets change within a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    starts_on = models.DateField(validators=[check_entered_date])
    label = models.CharField(max_length=100, blank=True, help_text='As printed: "Target 18/19".')
    target = models.DecimalField(max_digits=14, decimal_places=3)
    tolerance_low = number_field(help_text="The band's lower edge, which is inside the band.")
    tolerance_high = number_field(help_text="The band's upper edge, which is inside the band.")
    inadequate_beyond = number_field(
        help_text="Contract KPIs: past this figure, on the worse side, performance is "
        "Inadequate rather than Requires improvement. Empty: never Inadequate."
    )
    reason = models.TextField(blank=True, help_text="Why the target was set or changed.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "starts_on"],
                name="target_one_per_start",
                violation_error_message="This indicator already has a target starting that day.",
            ),
            models.CheckConstraint(
                condition=Q(tolerance_low__isnull=True) | Q(tolerance_low__lte=models.F("target")),
                name="target_above_band_low",
                violation_error_message="The band's lower edge cannot be above the target.",
            ),
            models.CheckConstraint(
                condition=Q(tolerance_high__isnull=True)
                | Q(tolerance_high__gte=models.F("target")),
                name="target_below_band_high",
                violation_error_message="The band's upper edge cannot be below the target.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.target} from {long_date(self.starts_on)}"


class KpiReportQuerySet(models.QuerySet):
    def visible_to(self, access) -> KpiReportQuerySet:
        """Public reports, and exempt ones for those who see the committee's exempt business."""
        visible = Q(is_exempt=False)
        if access.exempt_committees:
            visible |= Q(kpi_set__committee__in=access.exempt_committees)
        return self.filter(visible)


class KpiReport(models.Model):
    """One month's report of a set, as the committee receives it."""

    kpi_set = models.ForeignKey(KpiSet, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(
        validators=[check_entered_date], help_text="The month reported: its first day."
    )
    title = models.CharField(max_length=300, blank=True, help_text="As the report prints it.")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_reports",
        help_text="The meeting whose agenda pack carried it.",
    )
    agenda_item = models.ForeignKey(
        "committees.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_reports",
        help_text="The item it came under. Questions about it are recorded against this item, "
        "so a question about an exempt report is exempt too.",
    )
    is_exempt = models.BooleanField(
        default=False, help_text="Not for publication: only the committee sees it."
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(n, f"Paragraph {n}") for n in SCHEDULE_12A_PARAGRAPHS],
        help_text="The paragraph of Schedule 12A to the Local Government Act 1972.",
    )
    exemption_reason = models.TextField(blank=True)
    headline_area = models.CharField(
        max_length=100,
        blank=True,
        help_text="The area the headline figures are for, such as the council's own.",
    )
    headline_published = models.CharField(
        max_length=100, blank=True, help_text='When the published figures are from: "Mar-18".'
    )
    headline_regional = models.CharField(max_length=100, blank=True, help_text='For example "WM".')
    source = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    objects = KpiReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi_set", "-period"]
        verbose_name = "KPI report"
        constraints = [
            models.UniqueConstraint(
                fields=["kpi_set", "period"],
                name="kpireport_one_per_month",
                violation_error_message="This set already has a report for that month.",
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exempt_paragraph__isnull=True)
                | Q(
                    is_exempt=True,
                    exempt_paragraph__isnull=False,
                    exempt_paragraph__gte=1,
                    exempt_paragraph__lte=7,
                ),
                name="kpireport_exempt_has_paragraph",
                violation_error_message="An exempt report gives its paragraph (1 to 7) of "
                "Schedule 12A; a public one gives none.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_set}, {month_and_year(self.period)}"

    def get_absolute_url(self) -> str:
        return reverse("kpi_report", kwargs=self.url_kwargs)

    def clean(self) -> None:
        if self.period and self.period.day != 1:
            raise ValidationError({"period": "A report is for a month: give its first day."})
        if self.is_exempt and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Say which paragraph of Schedule 12A makes it exempt."}
            )
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": "Choose an item of the report's meeting."})

    @property
    def url_kwargs(self) -> dict:
        return {"slug": self.kpi_set.slug, "year": self.period.year, "month": self.period.month}

    @property
    def committee_id(self) -> int:
        return self.kpi_set.committee_id

    @property
    def exempt_label(self) -> str:
        if not self.is_exempt:
            return ""
        return (
            f"Not for publication: exempt under paragraph {self.exempt_paragraph} of "
            "Schedule 12A to the Local Government Act 1972"
        )


class IndicatorValue(models.Model):
    """An indicator's figures for one month's report."""

    report = models.ForeignKey(KpiReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    actual = number_field(help_text="The month's figure. Empty only with a reason for no data.")
    numerator = number_field()
    denominator = number_field()
    no_data_reason = models.TextField(blank=True, help_text="Why there is no figure this month.")
    period_label = models.CharField(
        max_length=100, blank=True, help_text='The figure\'s period as printed: "Dec-18".'
    )
    comparison = number_field(help_text="The figure the month's is set beside.")
    comparison_numerator = number_field()
    comparison_denominator = number_field()
    comparison_basis = models.CharField(
        max_length=20, choices=ComparisonBasis.choices, blank=True, default=""
    )
    comparison_label = models.CharField(
        max_length=100, blank=True, help_text='As printed: "Prev. 12 months cumulative".'
    )
    national = number_field()
    statistical_neighbours = number_field()
    regional = number_field()
    regional_label = models.CharField(max_length=100, blank=True, help_text='"WM average".')
    other_benchmark = number_field()
    other_benchmark_label = models.CharField(max_length=100, blank=True)
    benchmark_note = models.CharField(
        max_length=300, blank=True, help_text='For example "National Average (2017)".'
    )
    commentary = models.TextField(blank=True)
    extra_rows = models.JSONField(
        default=list,
        blank=True,
        help_text="Further rows of the figures table as printed: [label, comparison, month].",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the record is from.")
    note = models.TextField(blank=True, help_text="Where the source is garbled or cut off.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="value_one_per_report",
                violation_error_message="This report already has a value for that indicator.",
            ),
            models.CheckConstraint(
                condition=Q(actual__isnull=False, no_data_reason="")
                | Q(actual__isnull=True) & ~Q(no_data_reason=""),
                name="value_figure_or_reason",
                violation_error_message="Give the month's figure, or say why there is none.",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "report"])]

    def __str__(self) -> str:
        return f"{self.indicator.code}, {month_and_year(self.report.period)}"

    def clean(self) -> None:
        if self.actual is None and not self.no_data_reason.strip():
            raise ValidationError({"actual": "Give the month's figure, or say why there is none."})
        if self.actual is not None and self.no_data_reason.strip():
            raise ValidationError(
                {"no_data_reason": "There is a figure, so there is no reason for no data."}
            )
        if (
            self.report_id
            and self.indicator_id
            and self.report.kpi_set_id != self.indicator.kpi_set_id
        ):
            raise ValidationError("The indicator is not one of this report's set.")

    @property
    def has_data(self) -> bool:
        return self.actual is not None


class KpiQuestion(models.Model):
    """A question the committee asked about an indicator's month: a tracked request."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.PROTECT, related_name="questions")
    request = models.OneToOneField(
        "tracker.InformationRequest", on_delete=models.CASCADE, related_name="kpi_question"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = "question about a KPI"

    def __str__(self) -> str:
        return f"Question about {self.value}"


class HeadlineRate(models.Model):
    """A row of the report's comparison of headline rates per 10,000 children."""

    report = models.ForeignKey(KpiReport, on_delete=models.CASCADE, related_name="headline_rates")
    order = models.PositiveSmallIntegerField(default=1)
    measure = models.CharField(max_length=200)
    current = number_field(help_text="The month's rate.")
    current_note = models.CharField(max_length=100, blank=True, help_text='"Rolling 12M".')
    area_published = number_field(help_text="The area's own latest published rate.")
    statistical_neighbours = number_field()
    national = number_field()
    regional = number_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="headline_unique_measure")
        ]

    def __str__(self) -> str:
        return self.measure
