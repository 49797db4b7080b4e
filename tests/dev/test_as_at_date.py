"""The demo as at a date: TRACKER_AS_AT_DATE makes the app's "today" that day, DEBUG only."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from committees import clock
from committees.checks import check_as_at_date
from tests.support.demo import WORK_PROGRAMME_DAY
from tracker.access import access_for
from tracker.models import InformationRequest, Recommendation

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def as_at(settings):
    settings.DEBUG = True
    settings.TRACKER_AS_AT_DATE = WORK_PROGRAMME_DAY
    return WORK_PROGRAMME_DAY


def _public_requests():
    return InformationRequest.objects.filter(access_for(AnonymousUser()).visible_requests())


def test_it_follows_the_calendar_when_no_date_is_set(settings):
    settings.TRACKER_AS_AT_DATE = None
    assert clock.today() == dt.date.today()
    assert clock.as_at_date() is None


def test_it_makes_the_set_date_today(as_at):
    assert clock.today() == dt.date(2019, 2, 13)


@pytest.mark.django_db
def test_the_dashboard_counts_what_was_overdue_and_due_soon_that_day(client, demo, as_at):
    response = client.get("/")
    counts = response.context["counts"]
    soon = response.context["soon_days"]
    assert soon == 14  # TRACKER_DUE_SOON_DAYS, the reminders' too
    recommendations = Recommendation.objects.all()
    requests = _public_requests()
    assert counts["overdue"] == (
        recommendations.overdue(as_at).count() + requests.overdue(as_at).count()
    )
    assert counts["due_soon"] == (
        recommendations.due_within(as_at, soon).count() + requests.due_within(as_at, soon).count()
    )
    # On 13 February 2019 three Corporate Parenting recommendations past their "by" dates
    # were overdue; R06's annual report came on time, R07 has no date and R2 (Children
    # Missing) none either.
    assert Recommendation.objects.overdue(as_at).count() == 3


@pytest.mark.django_db
def test_the_outstanding_list_marks_overdue_as_on_that_day(client, demo, as_at):
    response = client.get(reverse("outstanding"), {"overdue": "on"})
    rows = list(response.context["table"].data)
    expected = Recommendation.objects.overdue(as_at).count() + (
        _public_requests().overdue(as_at).count()
    )
    assert len(rows) == expected


@pytest.mark.django_db
def test_every_page_says_which_day_it_shows(client, demo, as_at):
    for url in ("/", reverse("outstanding"), "/committees/"):
        page = client.get(url).content.decode()
        assert "showing the record as at 13 February 2019" in page


@pytest.mark.django_db
def test_no_banner_when_the_app_follows_the_calendar(client, demo, settings):
    settings.TRACKER_AS_AT_DATE = None
    assert "showing the record as at" not in client.get("/").content.decode()


def test_a_fixed_date_with_debug_off_is_a_system_check_error(settings):
    settings.DEBUG = False
    settings.TRACKER_AS_AT_DATE = WORK_PROGRAMME_DAY
    assert [error.id for error in check_as_at_date()] == ["committees.E001"]
    with pytest.raises(ImproperlyConfigured):
        clock.today()


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    # The real settings, not the tests' (tests/settings.py turns DEBUG on).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment = {
        **inherited,
        "ENV_FILE": "/dev/null",
        "DATABASE_URL": "sqlite:///:memory:",
        "SECRET_KEY": "a-test-key-that-is-long-enough-for-the-settings-" * 2,
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_app_refuses_to_start_with_a_fixed_date_and_debug_off():
    started = _start(DEBUG="False", TRACKER_AS_AT_DATE="2019-02-13")
    assert started.returncode != 0
    assert "TRACKER_AS_AT_DATE" in started.stderr
    assert "DEBUG is off" in started.stderr


def test_the_app_refuses_a_date_it_cannot_read():
    started = _start(DEBUG="True", TRACKER_AS_AT_DATE="13/02/2019")
    assert started.returncode != 0
    assert "must be a date such as 2019-02-13" in started.stderr
