"""Browser tests: Playwright driving the system's Chromium against Django's live server.

Chromium comes from the operating system's packages (`chromium` on the PATH); Playwright's
own browser download is never used. Without Chromium these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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
    serialize the database when it creates it.
    """
    from committees.models import Person, Post, PostHolding
    from tracker.dev.demo import load_demo

    from .helpers import DEMO_PASSWORD

    load_demo(password=DEMO_PASSWORD)
    # The documents name the post that owns Corporate Parenting R02 and R06 but not who
    # held it; here the demo owner holds it, as a scrutiny officer would record, so the
    # journeys have an owner for them (tests/conftest.py: owner_holds_r02_and_r06_post).
    PostHolding.objects.create(
        post=Post.objects.get(title="Cabinet Member for Children, Families and Schools"),
        person=Person.objects.get(user__username="owner"),
    )
    return live_server.url


@pytest.fixture(scope="session")
def _role_pages(browser: Any) -> Iterator[dict[str, Any]]:
    pages: dict[str, Any] = {}
    yield pages
    for role_page in pages.values():
        role_page.context.close()


@pytest.fixture
def role_page(browser: Any, demo_live: str, _role_pages: dict[str, Any]) -> Any:
    """`role_page(role)`: a page signed in as that demo user (None: the public).

    One browser context per role serves the whole session. The database is reloaded for
    every test, so each test signs the context in again (over HTTP, which is quick) the
    first time it asks for the role.
    """
    from .helpers import new_context, sign_in_by_request

    ready: set[str] = set()

    def get(role: str | None) -> Any:
        key = role or "public"
        if key not in _role_pages:
            _role_pages[key] = new_context(browser).new_page()
        page = _role_pages[key]
        if key not in ready:
            if role:
                sign_in_by_request(page.context, demo_live, role)
            else:
                page.context.clear_cookies()
            ready.add(key)
        return page

    return get
