"""The platform a council can rely on: production settings that pass Django's deployment
checks, sessions that rotate and end, throttled and logged sign-in failures, password rules
on every path that sets a password, and errors that show a reference and nothing else."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from committees.models import Person
from tests.factories import PersonFactory
from tests.support.demo import DEMO_PASSWORD
from tests.support.processes import PRODUCTION, ROOT, manage, settings_variables
from tracker import urls as tracker_urls
from tracker.accounts.backends import PersonModelBackend

PASSWORD = "Ward committee minutes 2019"

# -- production settings ------------------------------------------------------------------


DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def test_production_settings_pass_the_deployment_checks():
    result = manage(*DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "check"),
    [
        ("SECRET_KEY", "change-me", "security.W009"),  # the .env.example placeholder
        ("SECURE_SSL_REDIRECT", "False", "security.W008"),
        ("SESSION_COOKIE_SECURE", "False", "security.W012"),
        ("CSRF_COOKIE_SECURE", "False", "security.W016"),
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_HSTS_PRELOAD", "False", "security.W021"),
    ],
)
def test_an_unsafe_production_setting_fails_the_checks(variable, value, check):
    result = manage(*DEPLOY_CHECK, **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert check in result.stderr


def test_production_does_not_start_without_a_secret_key():
    result = manage("check", **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_mistyped_boolean_stops_the_start_rather_than_meaning_false():
    result = manage("check", **{**PRODUCTION, "SECURE_SSL_REDIRECT": "ture"})
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be True or False, not 'ture'" in result.stderr


def test_env_example_lists_every_setting_and_works_as_it_is():
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    }
    # ENV_FILE says which file to read, so it cannot be in one.
    assert settings_variables() - {"ENV_FILE"} <= listed
    result = manage("check", ENV_FILE=str(ROOT / ".env.example"))
    assert result.returncode == 0, result.stderr


def test_with_nothing_set_debug_is_off_and_the_start_asks_for_a_secret_key():
    """A deployment that forgets DEBUG gets production settings, never the development key."""
    result = manage("check")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr
    result = manage(*DEPLOY_CHECK, SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_needs_nothing_but_debug():
    result = manage("check", DEBUG="True")
    assert result.returncode == 0, result.stderr


# -- sessions -----------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", password=PASSWORD)


def sign_in(client: Client, username: str = "officer", password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def session_key(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def is_signed_in_with(key: str) -> bool:
    """Whether a browser presenting this session cookie is signed in."""
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = key
    return browser.get(reverse("my_items")).status_code == 200


def test_signing_in_starts_a_new_session(client, officer):
    """A session planted before sign-in (session fixation) is not the one signed in."""
    planted = client.session
    planted["planted"] = True
    planted.save()
    before = session_key(client)

    assert sign_in(client).status_code == 302

    after = session_key(client)
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert is_signed_in_with(after) and not is_signed_in_with(before)


def test_signing_out_ends_the_session_and_only_a_post_does(client, officer):
    sign_in(client)
    key = session_key(client)
    assert client.get(reverse("logout")).status_code == 405
    assert is_signed_in_with(key)

    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in_with(key)  # a copy of the cookie is worth nothing


def test_a_deactivated_user_is_refused_with_the_session_they_already_have(client, officer):
    sign_in(client)
    key = session_key(client)
    assert is_signed_in_with(key)
    officer.is_active = False
    officer.save()
    assert not is_signed_in_with(key)
    assert client.get(reverse("my_items")).status_code == 302  # sent to sign in


def test_a_session_past_its_expiry_or_with_no_such_key_signs_no_one_in(client, officer):
    sign_in(client)
    key = session_key(client)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert not is_signed_in_with(key)
    assert not is_signed_in_with("x" * 32)  # shaped like a key, but no session has it
    assert not is_signed_in_with("'; --")


def test_the_signed_in_user_is_read_with_their_person_in_one_query(officer):
    """Each request reads its user with their person (or none), in one query, with every
    column as the ORM reads it."""
    backend = PersonModelBackend()
    fields = [field.attname for field in get_user_model()._meta.concrete_fields]
    officer.last_login = timezone.now()
    officer.save()
    for linked in (False, True):
        if linked:
            PersonFactory(user=officer, name="Scrutiny Officer")
        with CaptureQueriesContext(connection) as queries:
            user = backend.get_user(officer.pk)
            if not linked:
                with pytest.raises(Person.DoesNotExist):
                    user.person  # noqa: B018 - the attribute read is what is tested
            else:
                assert user.person.name == "Scrutiny Officer" and user.person.user is user
        assert len(queries) == 1
        assert "auth_user" in queries[0]["sql"]  # logged as it ran, as Django logs queries
        stored = get_user_model().objects.get(pk=officer.pk)
        assert [getattr(user, name) for name in fields] == [
            getattr(stored, name) for name in fields
        ]
        assert user.check_password(PASSWORD)
    assert backend.get_user(officer.pk + 1000) is None


def test_a_password_changed_elsewhere_ends_the_other_sessions(client, officer):
    sign_in(client)
    key = session_key(client)
    officer.set_password("A new password for March 2019")
    officer.save()
    assert not is_signed_in_with(key)


# -- sign-in throttling -------------------------------------------------------------------

TOO_MANY = "You have tried to sign in too many times. Wait 15 minutes, then try again."


def fail(client: Client, times: int, username: str = "officer", **extra) -> None:
    for _ in range(times):
        response = sign_in(client, username, "not the password", **extra)
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


def test_after_five_failures_even_the_right_password_is_refused_for_a_while(
    client, officer, caplog
):
    with caplog.at_level(logging.INFO, logger="tracker.security"):
        fail(client, 5)
        refused = sign_in(client)
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
    assert session_key(client) is None or not is_signed_in_with(session_key(client))
    messages = [r.getMessage() for r in caplog.records if r.name == "tracker.security"]
    assert messages[:5] == [
        f"Failed sign-in for 'officer' from 127.0.0.1 ({n} in 15 minutes)" for n in range(1, 6)
    ]
    assert messages[5] == "Sign-in refused for 'officer' from 127.0.0.1: too many failed attempts"
    assert not any(PASSWORD in r.getMessage() or "not the password" in r.getMessage()
                   for r in caplog.records)  # fmt: skip


def test_the_refusal_lasts_fifteen_minutes_from_the_first_failure(client, officer):
    start = dt.datetime(2019, 2, 13, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        fail(client, 5)
        traveller.shift(dt.timedelta(minutes=14))
        assert TOO_MANY in sign_in(client).content.decode()
        traveller.shift(dt.timedelta(minutes=2))
        assert sign_in(client).status_code == 302


def test_the_count_is_per_username_and_address(client, officer):
    get_user_model().objects.create_user("owner", password=PASSWORD)
    fail(client, 5)
    assert sign_in(Client(), "owner").status_code == 302  # another username
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert sign_in(elsewhere).status_code == 302  # the same username from elsewhere


def test_one_address_trying_many_usernames_is_refused_for_every_username(
    client, officer, settings, caplog
):
    settings.TRACKER_SIGNIN_MAX_FAILURES_PER_ADDRESS = 12
    for number in range(12):  # never more than four for one username
        fail(client, 1, username=f"guess{number % 3}-{number // 3}")
    with caplog.at_level(logging.WARNING, logger="tracker.security"):
        refused = sign_in(client)  # a username it never tried, with its right password
    assert TOO_MANY in refused.content.decode()
    assert "Sign-in refused for 'officer' from 127.0.0.1" in caplog.text
    assert sign_in(Client(REMOTE_ADDR="192.0.2.44")).status_code == 302  # other addresses


def test_signing_in_clears_the_count(client, officer):
    fail(client, 4)
    assert sign_in(client).status_code == 302
    client.post(reverse("logout"))
    fail(client, 4)
    assert sign_in(client).status_code == 302


def test_the_admin_signs_in_through_the_one_counted_door(client, officer):
    """The admin has no sign-in form of its own: it sends everyone to the app's page."""
    refused = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    fail(client, 5)
    assert TOO_MANY in sign_in(client).content.decode()


def test_a_forwarded_address_is_believed_only_behind_a_trusted_proxy(client, officer, settings):
    # No proxy: X-Forwarded-For is whatever the client says, so it cannot escape the count.
    fail(client, 5)
    assert TOO_MANY in sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.7").content.decode()
    # Behind one proxy, its entry is the client: each client is counted on its own.
    settings.TRACKER_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, 5, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", **proxy)
    assert (
        TOO_MANY
        in sign_in(client, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7", **proxy).content.decode()
    )  # the spoofed first entry changes nothing
    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302


# -- passwords ----------------------------------------------------------------------------

WEAK = "password"


def test_load_demo_refuses_a_weak_password_and_loads_nothing(db, settings):
    settings.DEBUG = True  # load_demo refuses to run at all when DEBUG is off
    with pytest.raises(CommandError, match="not allowed, so nothing was loaded"):
        call_command("load_demo", password=WEAK)
    assert not get_user_model().objects.exists()
    call_command("load_demo", password=DEMO_PASSWORD)
    assert get_user_model().objects.get(username="officer").check_password(DEMO_PASSWORD)


def test_createsuperuser_without_prompts_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", WEAK)
    with pytest.raises(CommandError, match="too common"):
        call_command("createsuperuser", interactive=False, username="chief", email="c@example.org")
    assert not get_user_model().objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="chief", email="c@example.org")
    assert get_user_model().objects.get(username="chief").check_password(PASSWORD)


class Terminal:
    """What createsuperuser reads from: a terminal, so it asks its questions."""

    def isatty(self) -> bool:
        return True


def test_createsuperuser_with_prompts_checks_the_password(db, monkeypatch, capsys):
    from django.contrib.auth.management.commands import createsuperuser

    answers = iter([WEAK, WEAK, PASSWORD, PASSWORD])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")  # bypass validation? no
    call_command(
        "createsuperuser", interactive=True, username="chief", email="c@example.org",
        stdin=Terminal(),
    )  # fmt: skip
    assert "This password is too common." in capsys.readouterr().err
    assert get_user_model().objects.get(username="chief").check_password(PASSWORD)


def test_changepassword_refuses_a_weak_password(officer, monkeypatch):
    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": WEAK)
    with pytest.raises(CommandError, match="Aborting password change"):
        call_command("changepassword", "officer")
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.fixture
def admin_client_signed_in(db, client):
    chief = get_user_model().objects.create_superuser("chief", "c@example.org", PASSWORD)
    client.force_login(chief)
    return client


def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client_signed_in):
    response = admin_client_signed_in.post(
        reverse("admin:auth_user_add"),
        {"username": "clerk", "usable_password": "true", "password1": WEAK, "password2": WEAK},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="clerk").exists()


def test_the_admin_refuses_a_weak_password_when_setting_one(admin_client_signed_in, officer):
    response = admin_client_signed_in.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_changing_ones_own_password_checks_it_too(admin_client_signed_in):
    response = admin_client_signed_in.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": WEAK, "new_password2": WEAK},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert get_user_model().objects.get(username="chief").check_password(PASSWORD)


# -- errors -------------------------------------------------------------------------------

INTERNALS = "connection to 10.0.0.5 refused for user tracker_rw"


def broken_page(request):
    raise RuntimeError(INTERNALS)


# This module is the URLconf of the error tests: the app's own patterns and error handler,
# and one page that breaks.
urlpatterns = [*tracker_urls.urlpatterns, path("broken/", broken_page)]
handler500 = tracker_urls.handler500


@pytest.mark.urls(__name__)
def test_an_error_shows_a_reference_and_nothing_of_the_error(client, db, caplog):
    assert not settings.DEBUG
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    for internal in (INTERNALS, "RuntimeError", "Traceback", "broken_page", "tracker_rw"):
        assert internal not in page
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    reference = record.reference
    assert len(reference) == 8 and f"<strong>{reference}</strong>" in page
    assert reference in record.getMessage()
    assert record.exc_info[0] is RuntimeError and str(record.exc_info[1]) == INTERNALS


@pytest.mark.urls(__name__)
def test_each_error_has_its_own_reference(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/broken/")
        client.get("/broken/")
    references = [r.reference for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(references) == 2 and len(set(references)) == 2


def test_a_missing_page_links_to_the_dashboard_and_the_outstanding_list(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert f'href="{reverse("dashboard")}">dashboard</a>' in page
    assert f'href="{reverse("outstanding")}">outstanding tracking</a>' in page


def test_the_app_uses_the_error_handler():
    from django.urls import get_resolver

    from tracker.web.security import server_error

    assert get_resolver().resolve_error_handler(500) is server_error
