"""What every test shares, and how the demo record is loaded once per test process.

Half the tests start from the committee's 2018/19 record (the `demo` fixture). Loading it
takes about a second, so each process (pytest-xdist runs one per core, each with its own
test database) loads it once, and every test that asks for it runs in its own transaction
on top of it, rolled back at the end, as any pytest-django test is:

- The tests are ordered: first the database tests that do not ask for the demo (they
  start from the empty, migrated database, as they always have), then the tests that ask
  for it, then the transactional tests (live server, several connections), which empty the
  database after each test. pytest-django already puts the transactional tests after the
  others; the demo tests are moved to the end of the first group.
- When the first demo test starts, `_demo_record` (session-scoped, so set up before the
  test's own transaction) opens a transaction and loads the demo in it. Each demo test's
  transaction is a savepoint inside it, so whatever a test writes is rolled back to the
  demo as it was loaded.
- After the last demo test, the outer transaction is rolled back (pytest_runtest_teardown
  below), so the database is back to its migrated state for the tests that follow.

- The transactional tests and the browser's shared record leave the database empty. When
  a test of the first two groups comes after one (pytest-xdist's workers take tests from
  one another when they run out, `--dist worksteal`), the migrated contents are put back
  first (pytest_runtest_teardown), so every test finds the database as it expects.

- A worker that runs out of tests takes some of another's, so demo tests may come after
  tests of the last group: the demo is then loaded again in the same way before the first
  of them, and the rest share it (pytest_runtest_setup).

Nothing is committed, so the demo never outlives its tests. If a demo test ever finds the
demo not loaded all the same, `demo` loads the record inside that test's transaction, as
it used to: slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.support.database import (
    is_configured_database,
    keep_migrated_contents,
    reset_to_migrated,
)
from tests.support.demo import DEMO_PASSWORD, FAST_PASSWORD_HASHERS
from tests.support.permissions import build_world
from tracker.dev.demo import LoadReport, load_demo


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test starts with no failed sign-ins counted (the cache holds the counts).

    The cache is a table in the database by default: a test that cannot reach the database
    cannot count a sign-in either, so only tests that use the database clear it, once their
    database is set up.
    """
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        if not (
            request.node.get_closest_marker("django_db")
            or DATABASE_FIXTURES & set(request.fixturenames)
        ):
            return
        request.getfixturevalue("db")
    cache.clear()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _uses_db(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in getattr(item, "fixturenames", ())


def _shares_the_demo(item: pytest.Item | None) -> bool:
    """Whether the test runs on the demo loaded once (transactional tests load their own)."""
    return (
        item is not None
        and "demo" in getattr(item, "fixturenames", ())
        and not _is_transactional(item)
    )


def _group(item: pytest.Item) -> int:
    """0: tests on the migrated database, 1: on the shared demo, 2: the rest, which may
    leave the database empty (transactional tests, the browser's shared record)."""
    if _shares_the_demo(item):
        return 1
    if _uses_db(item) and not _is_transactional(item):
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Empty-database tests, then demo tests, then the rest (in pytest-django's order)."""

    for item in items:
        if "demo" in getattr(item, "fixturenames", ()) and _is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test loads the demo itself (load_demo), "
                "as tests/browser/conftest.py does; the demo fixture is for the others."
            )

    # What a page's markup shows a browser (axe's accessibility rules, the layout at each
    # width) does not depend on the database: those tests run on SQLite. On PostgreSQL the
    # same pages are still read by the crawlers and used in the browser journeys. Nor does
    # reading a hostile file in a process of its own, which opens no database.
    if connection.vendor != "sqlite":
        for marker, reason in (
            ("markup", "markup only: checked on the SQLite run"),
            ("no_database", "opens no database: checked on the SQLite run"),
        ):
            for item in items:
                if item.get_closest_marker(marker):
                    item.add_marker(pytest.mark.skip(reason=reason))

    items.sort(key=_group)  # stable: pytest-django's order holds within each group


class _DemoRecord:
    """The demo, loaded in a transaction that stays open while the demo tests run."""

    def __init__(self, django_db_blocker) -> None:
        self.blocker = django_db_blocker
        self.atomic: transaction.Atomic | None = None
        self.report: LoadReport | None = None

    @property
    def loaded(self) -> bool:
        return self.atomic is not None

    def load(self) -> None:
        with self.blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.report = load_demo(password=DEMO_PASSWORD)

    def roll_back(self) -> None:
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_record: _DemoRecord | None = None
# pytest-django's blocker, once the test database is made (django_db_setup).
_blocker = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """pytest-django's test database, with what its migrations wrote kept aside
    (tests/support/database.py), before any test writes to it.

    pytest-django makes the test database only when a chosen test asks for it in its own
    way; the browser tests' shared record asks through this fixture, so when only such
    tests are chosen, the database is made here, as pytest-django makes it. The database
    the settings name is never used.
    """
    from django.test.utils import setup_databases, teardown_databases

    global _blocker
    with django_db_blocker.unblock():
        made_here = None
        if is_configured_database():
            made_here = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        keep_migrated_contents()
    _blocker = django_db_blocker
    yield
    _blocker = None
    if made_here is not None:
        with django_db_blocker.unblock():
            teardown_databases(made_here, verbosity=0)


@pytest.fixture(scope="session")
def _demo_record(django_db_setup, django_db_blocker) -> Iterator[_DemoRecord]:
    global _record
    _record = _DemoRecord(django_db_blocker)
    _record.load()
    yield _record
    _record.roll_back()
    _record = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A worker that takes demo tests from another after running tests of the last group
    (--dist worksteal) finds the demo rolled back: it is loaded again, before the test's
    own transaction, for the demo tests that follow to share."""
    if _record is not None and not _record.loaded and _shares_the_demo(item):
        _record.load()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    try:
        return (yield)
    finally:
        # The test's own transaction is rolled back by now: roll the demo back when the
        # next test does not share it.
        if _record is not None and not _shares_the_demo(nextitem):
            _record.roll_back()
        # A test of the last group may leave the database empty. pytest-xdist's workers
        # take tests from one another when they run out (--dist worksteal), so a test of
        # the first groups may come after one: it finds the database as migrated.
        if (
            _blocker is not None
            and _group(item) == 2
            and (nextitem is None or _group(nextitem) != 2)
        ):
            with _blocker.unblock():
                reset_to_migrated()


@pytest.fixture
def demo(_demo_record: _DemoRecord, db: None) -> LoadReport:
    """The committee's 2018/19 record, as `load_demo` loads it, with its demo users."""
    if _demo_record.loaded:
        return _demo_record.report
    return load_demo(password=DEMO_PASSWORD)


@pytest.fixture
def world(owner_holds_r02_and_r06_post: LoadReport) -> dict:
    """The demo record, plus the principals and objects the permission matrix needs (the
    owner holds the post that owns R02)."""
    return build_world()


@pytest.fixture
def owner_holds_r02_and_r06_post(demo):
    """The demo owner, made holder of the post that owns Corporate Parenting R02 and R06.

    The documents name that post ("Cabinet Member for Children, Families and Schools") but
    not who held it, so the demo record gives it no holder. Tests of what an owner does with
    a recommendation record the holding here, as a scrutiny officer would.
    """
    from committees.models import Person, Post, PostHolding

    PostHolding.objects.create(
        post=Post.objects.get(title="Cabinet Member for Children, Families and Schools"),
        person=Person.objects.get(user__username="owner"),
    )
    return demo
