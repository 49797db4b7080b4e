"""How the app writes a date: one writer (committees.dates) for pages, emails, messages
and documents, in GOV.UK style, and the template filters that use it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from committees.dates import (
    NOT_STATED,
    date_and_time,
    day_and_date,
    long_date,
    month_and_year,
    short_month,
    time_of_day,
    window_text,
)

FRIDAY = dt.date(2026, 12, 4)
UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


def test_a_date_is_written_in_full():
    assert long_date(FRIDAY) == "4 December 2026"
    assert long_date(dt.date(2019, 2, 13)) == "13 February 2019"


def test_a_date_known_only_to_its_month_is_written_as_the_month():
    assert long_date(FRIDAY, month_only=True) == "December 2026"
    assert month_and_year(FRIDAY) == "December 2026"
    assert short_month(FRIDAY) == "Dec 2026"
    assert short_month(FRIDAY, short_year=True) == "Dec 26"


def test_a_missing_date_is_not_stated():
    assert long_date(None) == NOT_STATED == "Not stated"


def test_a_day_is_written_with_its_name():
    assert day_and_date(FRIDAY) == "Friday 4 December 2026"


@pytest.mark.parametrize(
    ("time", "written"),
    [
        (dt.time(15, 30), "3:30pm"),
        (dt.time(10, 0), "10am"),
        (dt.time(9, 5), "9:05am"),
        (dt.time(12, 0), "midday"),
        (dt.time(12, 15), "12:15pm"),
        (dt.time(0, 0), "midnight"),
        (dt.time(0, 30), "12:30am"),
    ],
)
def test_a_time_is_written_as_gov_uk_writes_it(time, written):
    assert time_of_day(time) == written


def test_a_moment_is_written_in_local_time():
    # 15:30 in London in December is 15:30 UTC; in June it is 14:30 UTC.
    assert date_and_time(dt.datetime(2026, 12, 4, 15, 30, tzinfo=UTC)) == (
        "4 December 2026, 3:30pm"
    )
    assert date_and_time(dt.datetime(2026, 6, 5, 14, 30, tzinfo=UTC)) == "5 June 2026, 3:30pm"
    # 23:30 UTC on 30 June is half past midnight on 1 July in London: the day is London's.
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert date_and_time(late) == "1 July 2026, 12:30am"
    assert long_date(late) == "1 July 2026"
    assert date_and_time(dt.datetime(2026, 12, 4, 12, 0, tzinfo=LONDON)) == (
        "4 December 2026, midday"
    )


def test_the_window_of_entered_dates_is_written_by_the_writer():
    assert window_text() == "between 1 January 1990 and 31 December 2100"


def render(source: str, **context) -> str:
    return Template("{% load tracker %}" + source).render(Context(context))


def test_the_template_filters_write_what_the_writer_writes():
    moment = dt.datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    assert render("{{ d|long_date }}", d=FRIDAY) == "4 December 2026"
    assert render("{{ d|long_date:True }}", d=FRIDAY) == "December 2026"
    assert render("{{ d|month_and_year }}", d=FRIDAY) == "December 2026"
    assert render("{{ d|short_month }}", d=FRIDAY) == "Dec 2026"
    assert render("{{ d|day_and_date }}", d=FRIDAY) == "Friday 4 December 2026"
    assert render("{{ m|date_and_time }}", m=moment) == "4 December 2026, 3:30pm"
    assert render("{{ t|time_of_day }}", t=dt.time(18, 0)) == "6pm"


def test_a_filter_writes_nothing_for_no_date_so_a_default_can_say_why():
    assert render('{{ d|long_date|default:"Not known" }}', d=None) == "Not known"
    assert render('{{ d|day_and_date|default:"None set" }}', d=None) == "None set"
    assert render("[{{ m|date_and_time }}]", m=None) == "[]"
    # As Django's date filter does, something that is no date writes nothing.
    assert render("[{{ d|long_date }}]", d="soon") == "[]"
