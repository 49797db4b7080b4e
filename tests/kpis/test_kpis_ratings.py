"""Ratings are worked out from the figure, the target in force and the direction.

Stated rules (tracker/kpis/ratings.py): the tolerance band includes both edges; a figure
exactly on target has met it; beyond the band on the better side is Green and "outside
tolerance: better"; the target in force for a month is the latest starting on or before
its first day; no data is not rated, never a zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tracker.kpis.ratings import (
    AMBER,
    APPROACHING,
    BETTER,
    GOOD,
    GREEN,
    INADEQUATE,
    NOT_RATED,
    OTHER,
    RED,
    REQUIRES_IMPROVEMENT,
    WORSE,
    rate,
    trend,
)
from tracker.models import Indicator, IndicatorTarget


def target(aim, low, high, inadequate=None, starts=dt.date(2018, 4, 1)):
    return IndicatorTarget(
        starts_on=starts, target=D(aim), tolerance_low=D(low), tolerance_high=D(high),
        inadequate_beyond=D(inadequate) if inadequate else None,
    )  # fmt: skip


HIGH = target("85", "75", "95", inadequate="60")  # 85%, tolerance 75-95%
LOW = target("21", "17", "24", inadequate="30")  # 21%, tolerance 17-24%


@pytest.mark.parametrize(
    ("figure", "rag", "outside", "procurement"),
    [
        ("96", GREEN, BETTER, GOOD),  # above the band: better than target
        ("95", GREEN, "", GOOD),  # the band's upper edge is inside it
        ("85", GREEN, "", GOOD),  # on target
        ("84.9", AMBER, "", APPROACHING),
        ("75", AMBER, "", APPROACHING),  # the lower edge is inside the band
        ("74.9", RED, WORSE, REQUIRES_IMPROVEMENT),
        ("60", RED, WORSE, INADEQUATE),  # "inadequate beyond" includes its own figure
    ],
)
def test_high_is_good(figure, rag, outside, procurement):
    rating = rate(D(figure), HIGH, "high")
    assert (rating.rag, rating.outside, rating.procurement) == (rag, outside, procurement)


@pytest.mark.parametrize(
    ("figure", "rag", "outside", "procurement"),
    [
        ("16", GREEN, BETTER, GOOD),  # below the band: better than target
        ("17", GREEN, "", GOOD),
        ("21", GREEN, "", GOOD),
        ("22", AMBER, "", APPROACHING),
        ("24", AMBER, "", APPROACHING),  # the upper edge is inside the band
        ("24.1", RED, WORSE, REQUIRES_IMPROVEMENT),
        ("30", RED, WORSE, INADEQUATE),
    ],
)
@pytest.mark.parametrize("direction", ["low", "low_stable"])
def test_low_is_good(figure, rag, outside, procurement, direction):
    rating = rate(D(figure), LOW, direction)
    assert (rating.rag, rating.outside, rating.procurement) == (rag, outside, procurement)


def test_no_data_and_no_target_are_not_rated():
    rating = rate(None, HIGH, "high", no_data_reason="The system was being replaced.")
    assert (rating.rag, rating.procurement) == (NOT_RATED, OTHER)
    assert rating.band_text == "No data: The system was being replaced."
    assert not rating.is_outside_tolerance
    assert rate(D("0"), HIGH, "high").rag == RED  # a zero is a figure, and is rated
    assert rate(D("90"), None, "high").procurement == OTHER


def test_every_rating_has_words_and_a_symbol():
    for figure in ("96", "80", "50"):
        rating = rate(D(figure), HIGH, "high")
        assert rating.label and rating.symbol and rating.procurement_symbol
    assert rate(D("96"), HIGH, "high").band_text == "Outside tolerance: better than the band"


def test_a_target_that_changes_mid_year():
    """From 15 October the target rises to 90 (band 85-95): October is still rated against
    85, November against 90."""
    indicator = Indicator(direction="high")
    targets = [HIGH, target("90", "85", "95", starts=dt.date(2018, 10, 15))]
    october = indicator.target_on(dt.date(2018, 10, 1), targets)
    november = indicator.target_on(dt.date(2018, 11, 1), targets)
    assert (october.target, november.target) == (D("85"), D("90"))
    assert rate(D("86"), october, "high").rag == GREEN
    assert rate(D("86"), november, "high").rag == AMBER
    assert indicator.target_on(dt.date(2018, 3, 1), targets) is None  # before any target


def test_trend_words_follow_the_direction():
    assert trend(D("70"), D("80"), "high", "the month before").text == (
        "Worsening against the month before"
    )
    assert trend(D("16"), D("20"), "low", "the month before").verdict == "Improving"
    assert trend(D("16"), D("16"), "low", "x").verdict == "No change"
    assert trend(None, D("16"), "low", "x").text == "No earlier figure to compare"
