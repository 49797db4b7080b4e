"""The geometry of an indicator's chart: numbers only. The SVG is drawn by a template
(templates/tracker/kpi_chart.html) and the same figures are in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from committees.dates import month_and_year, short_month

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class Point:
    x: float
    y: float
    label: str
    text: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    line: str = ""  # the polyline of figures, in months that have one
    target_line: str = ""
    band: str = ""  # the tolerance band as a polygon
    ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[Point] = field(default_factory=list)
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT
    description: str = ""

    @property
    def empty(self) -> bool:
        return not self.points


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def line_chart(lines, indicator) -> Chart:
    """`lines`: (report, Line) oldest first."""
    chart = Chart()
    figures = [
        (report, line) for report, line in lines if line.value and line.value.actual is not None
    ]
    if not figures:
        return chart
    values = [line.value.actual for _r, line in figures]
    for _report, line in lines:
        if line.target:
            values.append(line.target.target)
            values += [
                v for v in (line.target.tolerance_low, line.target.tolerance_high) if v is not None
            ]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    span = high - low
    low, high = low - span / 10, high + span / 10
    if low < 0 <= min(values):
        low = Decimal(0)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = len(lines)

    def x_of(index: int) -> float:
        return round(LEFT + (plot_w * index / (count - 1) if count > 1 else plot_w / 2), 1)

    def y_of(value: Decimal) -> float:
        return round(float(TOP + plot_h * (high - value) / (high - low)), 1)

    unit_suffix = {"percent": "%"}.get(indicator.unit, "")
    for index, (report, line) in enumerate(lines):
        x = x_of(index)
        label = short_month(report.period)
        if index % max(1, count // 8) == 0 or index == count - 1:
            chart.x_labels.append(
                Point(x, HEIGHT - BOTTOM + 18, short_month(report.period, short_year=True), label)
            )
        if line.value and line.value.actual is not None:
            chart.points.append(
                Point(
                    x,
                    y_of(line.value.actual),
                    label,
                    f"{label}: {line.figure}, {line.rating.label}",
                )
            )
    chart.line = " ".join(f"{p.x},{p.y}" for p in chart.points)
    target_points, band_top, band_bottom = [], [], []
    for index, (_report, line) in enumerate(lines):
        target = line.target
        if target is None:
            continue
        x = x_of(index)
        target_points.append(f"{x},{y_of(target.target)}")
        if target.tolerance_low is not None and target.tolerance_high is not None:
            band_top.append(f"{x},{y_of(target.tolerance_high)}")
            band_bottom.append(f"{x},{y_of(target.tolerance_low)}")
    chart.target_line = " ".join(target_points)
    if len(band_top) > 1:
        chart.band = " ".join(band_top + list(reversed(band_bottom)))
    for step in range(5):
        value = low + (high - low) * step / 4
        chart.ticks.append((y_of(value), f"{_fmt(value.quantize(Decimal('0.1')))}{unit_suffix}"))
    first, last = figures[0], figures[-1]
    chart.description = (
        f"{indicator.code}, {len(figures)} months from {month_and_year(first[0].period)} to "
        f"{month_and_year(last[0].period)}: from {first[1].figure} to {last[1].figure}. "
        "The table beside the chart gives every figure."
    )
    return chart
