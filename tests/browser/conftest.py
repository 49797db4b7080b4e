"""Browser tests: Playwright driving the system's Chromium against Django's live server.

Chromium comes from the operating system's packages (`chromium` on the PATH); Playwright's
own browser download is never used. Without Chromium these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls
# from a thread with a running loop unless told otherwise. Set before any test runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CHROMIUM = shutil.which("chromium")

# Flags that let the system Chromium run headless in a container with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="browser tests need Chromium on the PATH (apt-get install chromium)"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def built_assets() -> None:
    """The pages load static/build/, which scripts/build_assets.sh makes."""
    missing = [
        p for p in ("static/build/app.css", "static/build/app.mjs") if not (REPO_ROOT / p).is_file()
    ]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: run scripts/build_assets.sh first", pytrace=False
        )


@pytest.fixture(scope="session")
def browser(built_assets: None) -> Iterator[Any]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps connections in an asgiref Local, which is per thread while no event loop
    # runs in it and per context once one does. Playwright's loop counts as running in
    # this thread, so without this the tests would get fresh connection objects: ones
    # without the test database's serialized contents, which serialized rollback needs to
    # put back what the migrations wrote. Keep using the connections the tests set up.
    tests_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in tests_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context, so no cookies carry over between tests."""
    from .helpers import new_context

    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_live(live_server: Any, transactional_db: None, django_db_serialized_rollback: None) -> str:
    """The 2018/19 demo record with its users, served by the live server: its base url.

    Every browser test gets a fresh copy: the live server needs a transactional database,
    which is emptied after each test. Serialized rollback puts back what the migrations
    wrote (the assessment scales, the role groups) before each test, as load_demo needs it;
    test modules also say so in their django_db mark, which is what makes pytest-django
    serialize the database when it creates it. The record is loaded once per process and
    written back from its copy after that (tests/support/record_copy.py).
    """
    from tests.support.record_copy import load_live_demo

    load_live_demo()
    return live_server.url


# What a read changes that is not the record: signing in and the idle timeout write them.
NOT_THE_RECORD = frozenset({"sessions.Session"})


@dataclass
class SharedDemo:
    """One demo record served to a module's tests that change nothing."""

    url: str
    # Every statement that may have changed a row since the record was loaded, sent by the
    # tests or by the live server (statements_that_may_write(every_thread=True)).
    writes: list[str]
    # The record as the last checksum found it, and how many of `writes` it had seen.
    checksum: dict = field(default_factory=dict)
    checked_at: int = -1

    def _checksum(self) -> dict:
        from tests.support.checksums import database_checksum

        self.checked_at = len(self.writes)
        return database_checksum(exclude=NOT_THE_RECORD)

    @contextmanager
    def changes_nothing(self, what: str) -> Iterator[None]:
        """Fail, naming `what`, if anything in the record changed meanwhile.

        Every table is read again only when a statement that may have written was sent
        meanwhile, by any connection: otherwise nothing can have changed."""
        from tests.support.checksums import differences

        if self.checked_at != len(self.writes):  # the tests wrote since: the record as it is
            self.checksum = self._checksum()
        yield
        if self.checked_at == len(self.writes):
            return
        before, self.checksum = self.checksum, self._checksum()
        changed = differences(before, self.checksum)
        assert not changed, (
            f"{what} changed the shared record ({', '.join(sorted(changed))}): "
            "give it a fresh record of its own (demo_live)"
        )


@pytest.fixture(scope="module")
def shared_demo(
    browser: Any, django_db_setup: None, django_db_blocker: Any
) -> Iterator[SharedDemo]:
    """The demo record, loaded once for a module's tests that only read pages or submit
    forms that are refused, and served by a live server of its own.

    pytest-django's live_server makes every test that uses it transactional, so the record
    would be emptied and loaded again after each test (a few seconds each). These tests
    share one copy instead, and each shows it changed nothing (SharedDemo.changes_nothing).
    The database is emptied before and after, as after any transactional test, so the
    tests around them find it as they would have.
    """
    from django.test.utils import modify_settings, override_settings
    from pytest_django.live_server_helper import LiveServer

    from tests.support.checksums import statements_that_may_write
    from tests.support.database import empty, reset_to_migrated
    from tests.support.demo import FAST_PASSWORD_HASHERS
    from tests.support.record_copy import load_live_demo

    with django_db_blocker.unblock():
        reset_to_migrated()
        with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            load_live_demo()
        # Watched before the server opens its first connection, so that none is missed.
        with statements_that_may_write(every_thread=True) as writes:
            server = LiveServer("localhost")
            try:
                with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                    yield SharedDemo(server.url, writes)
            finally:
                server.stop()
                empty()


@pytest.fixture(scope="session")
def _role_pages(browser: Any) -> Iterator[dict[str, Any]]:
    pages: dict[str, Any] = {}
    yield pages
    for role_page in pages.values():
        role_page.context.close()


def _role_pages_on(browser: Any, base_url: str, pages: dict[str, Any], ready: set[str]) -> Any:
    from .helpers import new_context, sign_in_by_request

    def get(role: str | None) -> Any:
        key = role or "public"
        if key not in pages:
            pages[key] = new_context(browser).new_page()
        page = pages[key]
        if key not in ready:
            if role:
                sign_in_by_request(page.context, base_url, role)
            else:
                page.context.clear_cookies()
            ready.add(key)
        return page

    return get


@pytest.fixture
def role_page(browser: Any, demo_live: str, _role_pages: dict[str, Any]) -> Any:
    """`role_page(role)`: a page signed in as that demo user (None: the public).

    One browser context per role serves the whole session. The database is reloaded for
    every test, so each test signs the context in again (over HTTP, which is quick) the
    first time it asks for the role.
    """
    return _role_pages_on(browser, demo_live, _role_pages, set())


@pytest.fixture
def shared_role_page(browser: Any, shared_demo: SharedDemo, _role_pages: dict[str, Any]) -> Any:
    """`shared_role_page(role)`: as role_page, on the shared record."""
    return _role_pages_on(browser, shared_demo.url, _role_pages, set())
