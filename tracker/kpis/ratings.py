"""Ratings are worked out, never typed: from the figure, the target in force and the direction.

The rules, stated once:

- The tolerance band includes both its edges: with a band of 75-95%, 75% and 95% are within
  it. A figure exactly on target has met it.
- RAG. Where high is good: at or above target, Green; below target but within the band,
  Amber; below the band, Red. Above the band is better than target, so Green (and outside
  tolerance, on the better side). Where low is good ("Low/Decreasing", "Low/Stable") it is
  the reverse. With no lower edge where high is good (no upper edge where low is good),
  anything short of target is Red.
- The target in force for a month is the latest to start on or before the month's first
  day (`Indicator.target_on`): a target starting on 15 October first rates November.
- Procurement Act 2023 ratings, for contract KPIs: Green is Good, Amber is Approaching
  target, Red is Requires improvement, or Inadequate past the target's "inadequate beyond"
  figure on the worse side (inclusive). No figure, or no target, is Other.
- No data, with its reason, is not rated: "No data", never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import Direction

GREEN, AMBER, RED, NOT_RATED = "green", "amber", "red", "none"
RAG_LABELS = {
    GREEN: "Green: target met",
    AMBER: "Amber: within tolerance, short of target",
    RED: "Red: outside tolerance",
    NOT_RATED: "Not rated",
}
# A symbol beside every word, so a rating never rests on colour alone.
RAG_SYMBOLS = {GREEN: "✓", AMBER: "!", RED: "✗", NOT_RATED: "–"}
TAG_CLASSES = {GREEN: "govuk-tag--green", AMBER: "govuk-tag--yellow", RED: "govuk-tag--red",
               NOT_RATED: "govuk-tag--grey"}  # fmt: skip

GOOD = "Good"
APPROACHING = "Approaching target"
REQUIRES_IMPROVEMENT = "Requires improvement"
INADEQUATE = "Inadequate"
OTHER = "Other"
PROCUREMENT_SYMBOLS = {
    GOOD: "✓",
    APPROACHING: "!",
    REQUIRES_IMPROVEMENT: "✗",
    INADEQUATE: "✗✗",
    OTHER: "–",
}

BETTER, WORSE = "better", "worse"
# The order of the month's report: outside tolerance first, the worse side before the better.
SORT_ORDER = {(RED, WORSE): 0, (GREEN, BETTER): 1, (AMBER, ""): 2, (GREEN, ""): 3}


@dataclass(frozen=True)
class Rating:
    rag: str
    outside: str = ""  # "better" or "worse" when outside the tolerance band
    procurement: str = OTHER
    reason: str = ""

    @property
    def label(self) -> str:
        return RAG_LABELS[self.rag]

    @property
    def symbol(self) -> str:
        return RAG_SYMBOLS[self.rag]

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.rag]

    @property
    def procurement_symbol(self) -> str:
        return PROCUREMENT_SYMBOLS[self.procurement]

    @property
    def is_outside_tolerance(self) -> bool:
        return bool(self.outside)

    @property
    def band_text(self) -> str:
        if self.outside == BETTER:
            return "Outside tolerance: better than the band"
        if self.outside == WORSE:
            return "Outside tolerance: worse than the band"
        if self.rag == NOT_RATED:
            return self.reason
        return "Within tolerance"

    @property
    def sort_key(self) -> int:
        return SORT_ORDER.get((self.rag, self.outside), 4)


def rate(actual: Decimal | None, target, direction: str, *, no_data_reason: str = "") -> Rating:
    """Rate a figure against a target (an IndicatorTarget, or anything with `target`,
    `tolerance_low`, `tolerance_high` and `inadequate_beyond`)."""
    if actual is None:
        return Rating(
            NOT_RATED, reason=f"No data: {no_data_reason}" if no_data_reason else "No data"
        )
    if target is None:
        return Rating(NOT_RATED, reason="No target set for this month")
    high = direction == Direction.HIGH
    # Seen from "high is good": flip the sign of everything where low is good.
    sign = Decimal(1) if high else Decimal(-1)
    value = sign * actual
    aim = sign * target.target
    worse_edge = target.tolerance_low if high else target.tolerance_high
    better_edge = target.tolerance_high if high else target.tolerance_low
    if value >= aim:
        outside = BETTER if better_edge is not None and value > sign * better_edge else ""
        return Rating(GREEN, outside, GOOD)
    if worse_edge is not None and value >= sign * worse_edge:
        return Rating(AMBER, "", APPROACHING)
    inadequate = target.inadequate_beyond
    if inadequate is not None and value <= sign * inadequate:
        return Rating(RED, WORSE, INADEQUATE)
    return Rating(RED, WORSE, REQUIRES_IMPROVEMENT)


UP, DOWN, LEVEL = "up", "down", "level"
TREND_ARROWS = {UP: "↑", DOWN: "↓", LEVEL: "→"}


@dataclass(frozen=True)
class Trend:
    movement: str  # up, down, level, or "" when there is nothing to compare with
    verdict: str = ""  # Improving, Worsening, No change
    against: str = ""

    @property
    def arrow(self) -> str:
        return TREND_ARROWS.get(self.movement, "")

    @property
    def text(self) -> str:
        if not self.movement:
            return "No earlier figure to compare"
        return f"{self.verdict} against {self.against}"


def trend(actual: Decimal | None, earlier: Decimal | None, direction: str, against: str) -> Trend:
    """Which way the figure moved since `earlier`, and whether that is better or worse."""
    if actual is None or earlier is None:
        return Trend("")
    if actual == earlier:
        return Trend(LEVEL, "No change", against)
    movement = UP if actual > earlier else DOWN
    improving = (movement == UP) == (direction == Direction.HIGH)
    return Trend(movement, "Improving" if improving else "Worsening", against)
