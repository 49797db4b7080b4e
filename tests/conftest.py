from __future__ import annotations

import datetime as dt

import pytest

from tracker.demo import load_demo

DEMO_PASSWORD = "demo-password-2019"
# The day of the February 2019 work programme: the demo record's "today".
WORK_PROGRAMME_DAY = dt.date(2019, 2, 13)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a third of a second a password; tests sign in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with no failed sign-ins counted (the cache holds the counts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The committee's 2018/19 record, as `load_demo` loads it, with its demo users."""
    return load_demo(password=DEMO_PASSWORD)
