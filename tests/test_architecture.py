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


# Dates are written for people by committees.dates alone (long_date, day_and_date,
# date_and_time...; in templates its filters in tracker/templatetags/tracker.py). Machine
# formats stay wherever they are needed: ISO dates, `|date:"c"`, strptime's formats.
DATE_WRITER = "committees/dates.py"
NAMED_DIRECTIVES = re.compile(r"%-?[aAbBh]")  # day and month names, as strftime writes them
NAMED_LETTERS = re.compile(r"(?<!\\)[DlFMNbE]")  # the same in Django's date format


def writes_named_date(node: ast.AST) -> bool:
    """An f-string's format or a strftime that writes a day's or month's name
    (f"{day:%-d %B %Y}"), or an import of Django's own date formatting."""
    if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        spec = "".join(
            str(part.value) for part in ast.walk(node.format_spec) if isinstance(part, ast.Constant)
        )
        return bool(NAMED_DIRECTIVES.search(spec))
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "strftime":
        return any(
            isinstance(arg, ast.Constant) and NAMED_DIRECTIVES.search(str(arg.value))
            for arg in node.args
        )
    if isinstance(node, ast.ImportFrom):
        names = {alias.name for alias in node.names}
        return node.module == "django.utils.dateformat" or (
            node.module == "django.utils.formats" and "date_format" in names
        )
    return False


def named_date_formats_in(source: str) -> list[int]:
    return sorted(node.lineno for node in ast.walk(ast.parse(source)) if writes_named_date(node))


DATE_FILTER = re.compile(r"\|\s*date(?:\s*:\s*(?:\"([^\"]*)\"|'([^']*)'))?(?![\w:])")


def named_date_filters_in(template: str) -> list[str]:
    """`|date` filters that write a day's or month's name: with a format that names them
    (`|date:"j F Y"`, `|date:"M Y"`), or none, which writes the settings' DATE_FORMAT."""
    found = []
    for match in DATE_FILTER.finditer(template):
        given = match.group(1) if match.group(1) is not None else match.group(2)
        if given is None or NAMED_LETTERS.search(given):
            found.append(match.group(0))
    return found


def test_dates_are_written_for_people_by_the_one_writer():
    found = {path: lines for path, source in app_sources().items()
             if path != DATE_WRITER and (lines := named_date_formats_in(source))}  # fmt: skip
    assert found == {}


def test_templates_write_dates_with_the_writers_filters():
    found = {
        str(path.relative_to(ROOT)): filters
        for path in (ROOT / "templates").rglob("*")
        if path.suffix in {".html", ".txt"}
        and (filters := named_date_filters_in(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_date_checks_find_what_they_look_for():
    source = (
        'a = f"{day:%-d %B %Y}"\nb = day.strftime("%b %Y")\nc = f"{day:%Y-%m-%d}"\n'
        'd = day.strftime("%Y-%m-%d")\nFORMATS = ("%d %B %Y",)\n'
        "from django.utils.dateformat import format\n"
    )
    assert named_date_formats_in(source) == [1, 2, 6]
    assert named_date_filters_in(
        '{{ a|date:"j F Y" }} {{ b|date }} {{ c|date:\'M Y\' }} {{ d|date:"c" }} '
        '{{ e|date:"Y-m-d" }} {{ f|date_and_time }} {{ g|long_date }}'
    ) == ['|date:"j F Y"', "|date", "|date:'M Y'"]
