"""Exactly once under faults: concurrent sweeps, a worker killed mid-sweep, a mail server
refusing then accepting, and a real Celery worker on Redis."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import zoneinfo
from collections import Counter

import pytest
import redis
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection

from committees.models import Person
from tests.mail_backends import DiesOnSecondMessage, WorkerDies
from tracker.models import InformationRequest, Reminder, ReminderDigest
from tracker.reminders.sweep import sweep

# serialized_rollback: the flush after each test would otherwise take the data migrations'
# rows (roles, the default assessment scale) with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
LONDON = zoneinfo.ZoneInfo("Europe/London")
FEBRUARY = dt.date(2019, 2, 13)
NOON = dt.datetime(2019, 2, 13, 12, tzinfo=LONDON)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def demo_live(transactional_db):
    from tests.support.record_copy import load_live_demo

    # The demo owner holds the post owning Corporate Parenting R02 and R06.
    load_live_demo()
    # A third recipient, so that a crash can leave work both before and after it: Dawn
    # Roberts's post owns the request of 16 January 2019 for a breakdown of ethnicity, whose
    # due date the record does not state; here it is given the report deadline of the next
    # meeting (4 February 2019), so it is overdue on 13 February.
    Person.objects.filter(name="Dawn Roberts").update(email="dawn.roberts@example.org")
    InformationRequest.objects.filter(text__startswith="Breakdown of ethnicity").update(
        due_date=dt.date(2019, 2, 4), original_due_date=dt.date(2019, 2, 4)
    )


def in_threads(count: int, target) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run():
        try:
            barrier.wait()
            target()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_two_sweeps_at_once_send_each_digest_once(demo_live):
    for round_, day in enumerate([FEBRUARY, dt.date(2019, 2, 27), dt.date(2019, 3, 13)]):
        now = dt.datetime(day.year, day.month, day.day, 7, tzinfo=LONDON)
        errors = in_threads(2, lambda d=day, n=now: sweep(as_of=d, now=n))
        assert errors == [], errors
        per_recipient = Counter(message.to[0] for message in mail.outbox)
        assert set(per_recipient.values()) == {round_ + 1}  # one more each, never two
    assert not ReminderDigest.objects.exclude(status=ReminderDigest.Status.SENT).exists()


def test_a_worker_killed_mid_sweep_loses_nothing_and_resends_nothing(demo_live, settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.DiesOnSecondMessage"
    DiesOnSecondMessage.sent = 0
    errors = in_threads(1, lambda: sweep(as_of=FEBRUARY, now=NOON))
    assert [type(e) for e in errors] == [WorkerDies]
    statuses = dict(ReminderDigest.objects.values_list("email", "status"))
    assert statuses == {
        "dawn.roberts@example.org": "sent",
        "officer@example.org": "sending",  # in flight when the worker died
        "owner@example.org": "pending",  # never reached
    }

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    restarted = sweep(as_of=FEBRUARY, now=NOON + dt.timedelta(minutes=1))
    assert restarted.digests_sent == 1 and restarted.created == 0
    assert [m.to for m in mail.outbox] == [["dawn.roberts@example.org"], ["owner@example.org"]]

    later = sweep(as_of=FEBRUARY, now=NOON + dt.timedelta(minutes=45))
    assert later.flagged_uncertain == 1 and later.digests_sent == 0
    flagged = ReminderDigest.objects.get(email="officer@example.org")
    assert flagged.status == ReminderDigest.Status.UNCERTAIN  # for an officer to settle
    assert len(mail.outbox) == 2  # neither resent blindly nor dropped silently
    assert Reminder.objects.filter(digest=flagged).count() > 0


class FlakyServer:
    """An SMTP server that answers 451 (try again later) until told to accept."""

    def __init__(self) -> None:
        self.accepting = False
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if not self.accepting:
            return "451 4.3.0 Mail server busy, try again later"
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def flaky_smtp(settings):
    handler = FlakyServer()
    with socket.socket() as probe:  # a free port on the loopback interface
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def test_a_mail_server_refusing_then_accepting_delivers_everything_once(demo_live, flaky_smtp):
    first = sweep(as_of=FEBRUARY, now=NOON)
    assert first.digests_failed == 3 and first.digests_sent == 0
    failed = ReminderDigest.objects.get(email="owner@example.org")
    assert "451" in failed.last_error
    assert failed.next_attempt_at == NOON + dt.timedelta(minutes=5)  # first backoff step

    flaky_smtp.accepting = True
    too_soon = sweep(as_of=FEBRUARY, now=NOON + dt.timedelta(minutes=2))
    assert too_soon.digests_sent == 0  # backing off
    retried = sweep(as_of=FEBRUARY, now=NOON + dt.timedelta(minutes=6))
    assert retried.digests_sent == 3
    again = sweep(as_of=FEBRUARY, now=NOON + dt.timedelta(hours=2))
    assert again.digests_sent == 0
    assert sorted(flaky_smtp.received) == [
        "dawn.roberts@example.org",
        "officer@example.org",
        "owner@example.org",
    ]


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


def test_a_real_worker_on_redis_runs_the_sweep_and_delivers(demo_live, redis_broker):
    from celery.backends.redis import RedisBackend
    from celery.contrib.testing.worker import start_worker
    from celery.result import AsyncResult

    from tracker.celery import app
    from tracker.tasks import send_reminders

    app.conf.update(
        broker_url=redis_broker,
        result_backend=redis_broker,
        task_always_eager=False,
    )
    # Earlier tests in this process may have run tasks eagerly, with no broker or result
    # backend set, and left connections and a backend made then: send over a connection of
    # its own, and read the results through a backend of their own.
    results = RedisBackend(app=app, url=redis_broker)

    def run_sweep() -> dict:
        with app.connection_for_write(redis_broker) as connection:
            sent = send_reminders.apply_async(("2019-02-13",), connection=connection)
        return AsyncResult(sent.id, backend=results, app=app).get(timeout=60)

    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            result = run_sweep()
            again = run_sweep()
    finally:
        app.conf.update(task_always_eager=True, broker_url="", result_backend=None)
    assert result["sent"] == 3
    assert again["sent"] == 0 and again["created"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "dawn.roberts@example.org",
        "officer@example.org",
        "owner@example.org",
    ]


def test_user_actions_succeed_while_the_broker_is_down(client, demo_live):
    """The sweep reads what is due from the database, so a dead broker costs nothing but a
    late reminder, which the next sweep catches up. The one page that enqueues a task, the
    review (to email its owner at once), does so after its decision is saved, and a dead
    broker leaves the email to the sweep."""
    from django.contrib.auth import get_user_model

    from committees.models import Person
    from tracker.celery import app
    from tracker.models import OwnerUpdate, Recommendation, Reminder
    from tracker.notifications.models import NotificationPreference

    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    try:
        client.force_login(get_user_model().objects.get(username="owner"))
        recommendation = Recommendation.objects.get(
            inquiry__title="Corporate Parenting", code="R02"
        )
        response = client.post(
            f"/recommendations/{recommendation.pk}/update/", {"progress_note": "Handbook drafted."}
        )
        update = OwnerUpdate.objects.get(progress_note="Handbook drafted.")
        NotificationPreference.objects.create(
            person=Person.objects.get(user__username="owner"),
            delivery=NotificationPreference.Delivery.IMMEDIATE,
        )
        client.force_login(get_user_model().objects.get(username="officer"))
        review = f"/updates/{update.pk}/"
        seen = re.search(
            r'name="seen_version" value="([^"]*)"', client.get(review).content.decode()
        )
        reviewed = client.post(
            review,
            {"decision": "return", "note": "Attach the handbook.", "seen_version": seen.group(1)},
        )
    finally:
        app.conf.update(task_always_eager=True, broker_url="")
    assert response.status_code == 302 and reviewed.status_code == 302
    update.refresh_from_db()
    assert update.status == OwnerUpdate.Status.RETURNED
    # Recorded for the owner: the next sweep sends what the task could not.
    told = Reminder.objects.get(owner_update=update, recipient__user__username="owner")
    assert told.digest is None or told.digest.sent_at is None
