"""Accessibility checks with axe-core, loaded from the npm package (no CDN).

The script goes in through page.evaluate, which the browser runs outside the
page's Content-Security-Policy, so a strict CSP cannot block it as it would an inline
<script> tag.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA, as a UK public-sector service must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def _axe_source() -> str:
    if not AXE_PATH.is_file():
        raise FileNotFoundError(
            f"{AXE_PATH} is missing: run scripts/build_assets.sh (or npm ci) first"
        )
    return AXE_PATH.read_text(encoding="utf-8")


def axe_check(page: Any) -> list[dict[str, Any]]:
    """Run axe on the page as it is now and return its violations.

    A link just clicked may still be loading its page: axe runs once it has loaded, not on
    the document being replaced.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations;
        }""",
        WCAG_TAGS,
    )


def _target(node: dict[str, Any]) -> str:
    # A target is a list of selectors, nested where the node is inside a shadow root.
    parts = node.get("target", [])
    return " >>> ".join(p if isinstance(p, str) else " ".join(p) for p in parts)


def format_violations(violations: list[dict[str, Any]], max_targets: int = 3) -> str:
    lines = []
    for v in violations:
        nodes = v.get("nodes", [])
        targets = ", ".join(_target(n) for n in nodes[:max_targets])
        more = f" (+{len(nodes) - max_targets} more)" if len(nodes) > max_targets else ""
        lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} -> {targets}{more}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, state: str = "") -> None:
    """Fail the test with one line per axe violation on the page."""
    violations = axe_check(page)
    if violations:
        where = f"{page.url} ({state})" if state else page.url
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {where}:\n"
            + format_violations(violations),
            pytrace=False,
        )
