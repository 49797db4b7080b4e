"""What the KPI pages read: a month's report as rows, an indicator's recent months.

Each page reads a fixed number of queries whatever the number of indicators or months:
the indicators with their targets, the month's values, the month before's (for the trend).
A reader who may not see a committee's exempt business never gets an exempt month's
figures, not even as the direction of a trend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, Q, QuerySet

from tracker.models import (
    HeadlineRate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    InformationRequest,
    KpiQuestion,
    KpiReport,
)

from .models import ComparisonBasis, Unit
from .ratings import Rating, Trend, rate, trend

HISTORY_PERIODS = 24


def month_start(year: int, month: int) -> dt.date:
    """The first day of a month; ValueError for a month that does not exist."""
    return dt.date(year, month, 1)


def previous_month(period: dt.date) -> dt.date:
    return (period - dt.timedelta(days=1)).replace(day=1)


def number_text(value: Decimal | None) -> str:
    """A figure as the report prints it: 9,736; 36.1; 85. Never an exponent."""
    if value is None:
        return ""
    return f"{value.normalize():,f}"


def figure_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    text = number_text(value)
    if unit == Unit.PERCENT:
        return f"{text}%"
    if unit == Unit.DAYS:
        return f"{text} days"
    return text


def band_text(target: IndicatorTarget | None, unit: str) -> str:
    if target is None or (target.tolerance_low is None and target.tolerance_high is None):
        return "None set"
    low = number_text(target.tolerance_low) if target.tolerance_low is not None else "…"
    high = number_text(target.tolerance_high) if target.tolerance_high is not None else "…"
    suffix = {Unit.PERCENT: "%", Unit.DAYS: " days"}.get(unit, "")
    return f"{low}–{high}{suffix} (edges included)"


@dataclass
class Line:
    """An indicator in a month: its figure, target, band, rating and trend, ready to show."""

    indicator: Indicator
    value: IndicatorValue | None
    target: IndicatorTarget | None
    rating: Rating
    trend: Trend
    is_contract: bool = True

    @property
    def url(self) -> str:
        return self.indicator.get_absolute_url()

    @property
    def figure(self) -> str:
        if self.value is None:
            return "Not reported"
        if self.value.actual is None:
            return "No data"
        return figure_text(self.value.actual, self.indicator.unit)

    @property
    def target_text(self) -> str:
        return figure_text(self.target.target, self.indicator.unit) if self.target else "None set"

    @property
    def band(self) -> str:
        return band_text(self.target, self.indicator.unit)

    @property
    def comparison(self) -> str:
        value = self.value
        if value is None or value.comparison is None:
            return ""
        label = value.comparison_label or ComparisonBasis(value.comparison_basis).label
        return f"{figure_text(value.comparison, self.indicator.unit)} ({label})"

    @property
    def benchmarks(self) -> list[tuple[str, str]]:
        value = self.value
        if value is None:
            return []
        unit = self.indicator.unit
        pairs = [
            ("National", value.national),
            ("Statistical neighbours", value.statistical_neighbours),
            (value.regional_label or "Regional", value.regional),
            (value.other_benchmark_label or "Other", value.other_benchmark),
        ]
        return [(label, figure_text(figure, unit)) for label, figure in pairs if figure is not None]

    def row(self) -> dict:
        """The line as the report's table shows it: every text worked out once.

        A month's report can hold hundreds of indicators; a template reads a dict's keys
        faster than it calls properties, so the table is rendered from these.
        """
        indicator, value, rating, moved = self.indicator, self.value, self.rating, self.trend
        return {
            "url": self.url,
            "code": indicator.code,
            "name": indicator.name,
            "good": indicator.get_direction_display(),
            "commentary": value.commentary if value is not None else "",
            "figure": self.figure,
            "no_data_reason": value.no_data_reason if value is not None else "",
            "comparison": self.comparison,
            "target": self.target_text,
            "band": self.band,
            "tag_class": rating.tag_class,
            "symbol": rating.symbol,
            "label": rating.label,
            "band_text": rating.band_text,
            "procurement": rating.procurement if self.is_contract else "",
            "procurement_symbol": rating.procurement_symbol,
            "arrow": moved.arrow,
            "trend": moved.text,
            "benchmarks": self.benchmarks,
        }


def _line(indicator, value, earlier: Decimal | None, *, is_contract: bool, period: dt.date) -> Line:
    """`earlier` is the figure of the month before, if the reader may see it."""
    target = indicator.target_on(period, indicator.current_targets)
    if value is None:
        rating = rate(None, target, indicator.direction, no_data_reason="not reported this month")
        return Line(indicator, None, target, rating, trend(None, None, "", ""), is_contract)
    rating = rate(value.actual, target, indicator.direction, no_data_reason=value.no_data_reason)
    if earlier is not None:
        moved = trend(value.actual, earlier, indicator.direction, "the month before")
    else:
        label = value.comparison_label or ComparisonBasis(value.comparison_basis).label
        moved = trend(value.actual, value.comparison, indicator.direction, label.lower())
    return Line(indicator, value, target, rating, moved, is_contract)


def indicators_of(report: KpiReport) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(kpi_set_id=report.kpi_set_id)
        # What a report's line shows of its indicator; its definition and owner are on
        # the indicator's own page.
        .only("kpi_set_id", "code", "order", "name", "unit", "direction")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=IndicatorTarget.objects.order_by("starts_on"),
                to_attr="current_targets",
            )  # fmt: skip
        )
    )


def report_lines(report: KpiReport, *, access) -> list[Line]:
    """Every indicator of the report's set in its month, outside tolerance first."""
    values = {v.indicator_id: v for v in IndicatorValue.objects.filter(report=report)}
    earlier_reports = KpiReport.objects.filter(
        kpi_set_id=report.kpi_set_id, period=previous_month(report.period)
    ).visible_to(access)
    earlier = dict(
        IndicatorValue.objects.filter(report__in=earlier_reports).values_list(
            "indicator_id", "actual"
        )
    )
    lines = [
        _line(
            indicator,
            values.get(indicator.pk),
            earlier.get(indicator.pk),
            is_contract=report.kpi_set.is_contract,
            period=report.period,
        )
        for indicator in indicators_of(report)
    ]
    lines.sort(key=lambda line: line.rating.sort_key)  # stable: the set's order within
    return lines


class ReportTable:
    """The report's table for one reader, read only if it is rendered.

    The page caches the rendered table (tracker/kpis/table_cache.py): when it is in the
    cache, none of these rows are read.
    """

    def __init__(self, report: KpiReport, *, access) -> None:
        self.report, self.access = report, access

    @cached_property
    def lines(self) -> list[Line]:
        return report_lines(self.report, access=self.access)

    @cached_property
    def rows(self) -> list[dict]:
        return [line.row() for line in self.lines]

    @cached_property
    def outside(self) -> int:
        return sum(1 for line in self.lines if line.rating.is_outside_tolerance)


def headline_rates(report: KpiReport) -> QuerySet[HeadlineRate]:
    return HeadlineRate.objects.filter(report=report)


@dataclass
class IndicatorHistory:
    indicator: Indicator
    lines: list[tuple[KpiReport, Line]] = field(default_factory=list)

    @property
    def charted(self) -> list[tuple[KpiReport, Line]]:
        """Oldest first, as a chart reads."""
        return list(reversed(self.lines))


def indicator_history(indicator: Indicator, *, access, periods: int = HISTORY_PERIODS):
    """The indicator's last `periods` months the reader may see, newest first."""
    targets = list(indicator.targets.order_by("starts_on"))
    indicator.current_targets = targets
    values = list(
        IndicatorValue.objects.filter(
            indicator=indicator,
            report__in=KpiReport.objects.visible_to(access),
        )
        .select_related("report")
        .order_by("-report__period")[: periods + 1]
    )
    history = IndicatorHistory(indicator)
    for number, value in enumerate(values[:periods]):
        before = values[number + 1] if number + 1 < len(values) else None
        is_month_before = before is not None and before.report.period == previous_month(
            value.report.period
        )
        earlier = before.actual if is_month_before else None
        line = _line(
            indicator, value, earlier, is_contract=indicator.kpi_set.is_contract,
            period=value.report.period,
        )  # fmt: skip
        history.lines.append((value.report, line))
    return history


def questions_about(indicator: Indicator, *, access) -> QuerySet[KpiQuestion]:
    """Every question the committee asked about the indicator that the reader may see."""
    return (
        KpiQuestion.objects.filter(value__indicator=indicator)
        .filter(request__in=InformationRequest.objects.filter(access.visible_requests()))
        .select_related("request", "value__report", "request__owner_post")
        .order_by("-asked_at")
    )


def visible_reports(access) -> QuerySet[KpiReport]:
    return KpiReport.objects.visible_to(access).select_related("kpi_set__committee")


def committee_filter(slug: str | None) -> Q:
    return Q(kpi_set__committee__slug=slug) if slug else Q()
