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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context, so no cookies carry over between tests."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
