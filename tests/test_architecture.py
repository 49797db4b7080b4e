"""The layering the design fixes: committees/ knows nothing of tracker/, the running app
knows nothing of the developer tools in tracker/dev/, the app uses only public Django
and psycopg, with no SQL pasted together in f-strings, and each test module stands alone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, relative imports resolved, and for `from a import b`
    both `a` and `a.b` (b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # The package a relative import starts from: a module's own, or an __init__'s.
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_committees_never_imports_tracker():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] == "tracker"
        )
        for path in (ROOT / "committees").rglob("*.py")
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


# Private parts of Django and psycopg: an upgrade of either may change them without notice.
PRIVATE_NAMES = (
    "results_iter",
    "make_cursor",
    "_get_session_from_db",
    "prepare_threshold",
    "debug_sql",
    "set_cached_value",
    "SQLCompiler",
    "._meta.db_table",
)
SQL_START = re.compile(r"\s*(SELECT|WITH|INSERT|UPDATE|DELETE|COPY)\b")


def private_names_in(source: str) -> list[str]:
    return [name for name in PRIVATE_NAMES if name in source]


def sql_f_strings_in(source: str) -> list[int]:
    """The lines of f-strings that start as SQL does: SQL with values pasted in."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.JoinedStr)
        and node.values
        and isinstance(node.values[0], ast.Constant)
        and SQL_START.match(str(node.values[0].value))
    ]


def app_sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for package in ("tracker", "committees")
        for path in (ROOT / package).rglob("*.py")
    }


def test_the_app_uses_no_private_django_or_psycopg_name():
    found = {path: names for path, source in app_sources().items()
             if (names := private_names_in(source))}  # fmt: skip
    assert found == {}


def test_the_app_writes_no_sql_in_f_strings():
    found = {path: lines for path, source in app_sources().items()
             if (lines := sql_f_strings_in(source))}  # fmt: skip
    assert found == {}


def test_the_checks_find_what_they_look_for():
    assert private_names_in("compiler.results_iter(results=rows)") == ["results_iter"]
    assert private_names_in("table = model._meta.db_table") == ["._meta.db_table"]
    source = 'sql = (\n    f"SELECT * FROM {table} "\n    "WHERE id = %s"\n)\nnote = f"With {n}"\n'
    assert sql_f_strings_in(source) == [2]
    assert sql_f_strings_in('copy = f"  COPY ({query}) TO STDOUT"') == [1]


# The management commands that load the demo record or run the benchmark are the only
# doors into tracker.dev: the app that serves requests, runs tasks or sends reminders
# never loads developer code.
DEV_COMMANDS = {"bench.py", "load_demo.py"}


def test_the_running_app_never_imports_tracker_dev():
    tracker = ROOT / "tracker"
    offenders = {}
    for path in tracker.rglob("*.py"):
        relative = path.relative_to(tracker)
        if relative.parts[0] == "dev":
            continue
        if relative.parts[:2] == ("management", "commands") and relative.name in DEV_COMMANDS:
            continue
        modules = sorted(
            m for m in imported_modules(path) if m == "tracker.dev" or m.startswith("tracker.dev.")
        )
        if modules:
            offenders[str(path.relative_to(ROOT))] = modules
    assert offenders == {}


def imports_with_names(path: Path) -> set[str]:
    """Every module an import names, relative ones resolved, with each `from` name too.

    `from tests import test_x` gives "tests" and "tests.test_x"; `from .helpers import y`
    in tests/browser/ gives "tests.browser.helpers" and "tests.browser.helpers.y".
    """
    package = list(path.relative_to(ROOT).parent.parts)
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def is_test_module(name: str) -> bool:
    """tests.test_x, tests.browser.test_y, tests.conftest: modules pytest loads itself."""
    parts = name.split(".")
    return parts[0] == "tests" and any(
        part.startswith("test_") or part == "conftest" for part in parts[1:]
    )


def test_no_test_module_imports_another():
    """What tests share lives in tests/support/ (or beside them) or in a conftest fixture."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(filter(is_test_module, imports_with_names(path)))
        for path in (ROOT / "tests").rglob("*.py")
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}
