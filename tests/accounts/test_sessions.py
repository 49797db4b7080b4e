"""How long a signed-in session lasts, the idle timeout for anyone who can see exempt
business, deactivation ending every session, the proxy header setting, and the sign-in
counts kept where every web process reads them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.demo import DEMO_PASSWORD
from tests.support.processes import PRODUCTION, manage
from tracker.accounts.models import UserSession
from tracker.web import security

pytestmark = pytest.mark.django_db

START = dt.datetime(2019, 2, 13, 9, 0, tzinfo=dt.UTC)
SIGNED_OUT = "You were signed out because you had not used the service for 30 minutes."


def sign_in(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def signed_in(client: Client) -> bool:
    return client.get(reverse("my_items")).status_code == 200


# -- session length and the idle timeout ----------------------------------------------------


def test_a_session_lasts_twelve_hours_by_default(client, demo):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    with time_machine.travel(START, tick=False):
        sign_in(client, "owner")
        assert Session.objects.get().expire_date == START + dt.timedelta(hours=12)


@pytest.mark.parametrize("username", ["officer", "councillor", "admin"])
def test_anyone_who_sees_exempt_business_is_signed_out_after_30_idle_minutes(
    client, demo, username
):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, username)
        traveller.shift(dt.timedelta(minutes=29))
        assert signed_in(client)  # a request within the limit starts the clock again
        traveller.shift(dt.timedelta(minutes=29))
        assert signed_in(client)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("my_items"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        page = client.get(response["Location"]).content.decode()
        assert SIGNED_OUT in page
        assert not Session.objects.filter(session_data__isnull=False, expire_date__gt=START)
        assert not signed_in(client)


def test_an_owner_who_sees_no_exempt_business_is_not_signed_out_when_idle(client, demo):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "owner")
        traveller.shift(dt.timedelta(hours=11))
        assert signed_in(client)
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        assert not signed_in(client)  # the session's own twelve hours are over


def test_a_busy_session_still_ends_twelve_hours_after_signing_in(client, demo):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "officer")
        for _ in range(47):  # every quarter of an hour until 11:45 after signing in
            traveller.shift(dt.timedelta(minutes=15))
            assert signed_in(client)
        traveller.shift(dt.timedelta(minutes=16))
        response = client.get(reverse("my_items"))
        assert response.status_code == 302
        assert (
            "signed in more than 12 hours ago" in client.get(response["Location"]).content.decode()
        )


def test_the_idle_limit_is_a_setting(client, demo, settings):
    settings.TRACKER_IDLE_TIMEOUT_MINUTES = 5
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "officer")
        traveller.shift(dt.timedelta(minutes=6))
        assert not signed_in(client)


def test_the_last_request_is_written_at_most_once_a_minute(client, demo):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, "officer")
        for seconds in (10, 50):
            traveller.move_to(START + dt.timedelta(seconds=seconds))
            with CaptureQueriesContext(connection) as queries:
                assert signed_in(client)
            assert not [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]
        traveller.move_to(START + dt.timedelta(seconds=61))
        with CaptureQueriesContext(connection) as queries:
            assert signed_in(client)
        assert [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]


# -- deactivation --------------------------------------------------------------------------


def test_deactivating_an_account_ends_all_its_sessions_at_once(demo):
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, "officer")
    sign_in(phone, "officer")
    sign_in(colleague, "councillor")
    officer = get_user_model().objects.get(username="officer")
    assert UserSession.objects.filter(user=officer).count() == 2

    officer.is_active = False
    officer.save()

    keys = {c.cookies[settings.SESSION_COOKIE_NAME].value for c in (laptop, phone)}
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=officer).exists()
    assert not signed_in(laptop) and not signed_in(phone)
    assert signed_in(colleague)  # nobody else's


def test_a_session_given_a_new_key_is_still_found_and_ended(client, demo):
    sign_in(client, "officer")
    session = client.session
    session.cycle_key()  # as a password change that keeps the user signed in does
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert signed_in(client)  # the request notes the new key

    officer = get_user_model().objects.get(username="officer")
    officer.is_active = False
    officer.save()
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_signing_out_forgets_the_session(client, demo):
    sign_in(client, "officer")
    client.post(reverse("logout"))
    assert not UserSession.objects.exists()


# -- the proxy header ----------------------------------------------------------------------

SHOW = (
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
)


def test_x_forwarded_proto_is_believed_only_behind_a_trusted_proxy():
    assert manage(*SHOW, **PRODUCTION).stdout.strip() == "None"
    behind = manage(*SHOW, **PRODUCTION, TRACKER_TRUSTED_PROXIES="1")
    assert behind.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", behind.stderr


def test_the_session_length_is_a_setting():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
    )
    result = manage(*show, DEBUG="True", TRACKER_SESSION_HOURS="2")
    assert result.stdout.strip() == "7200", result.stderr


# -- sign-in counts every process reads ----------------------------------------------------


def test_the_counts_are_in_the_database_where_another_process_reads_them():
    assert isinstance(caches["default"], DatabaseCache)
    for _ in range(3):
        security.record_failure("officer", "192.0.2.7")
    # A cache of its own, as another web process has: it reads the same table.
    other = DatabaseCache(settings.CACHES["default"]["LOCATION"], {})
    key = security._key("officer", "192.0.2.7")
    assert other.get(key)[0] == 3
    assert security.failures("officer", "192.0.2.7") == (3, 3)
    cache.clear()
    assert security.failures("officer", "192.0.2.7") == (0, 0)
