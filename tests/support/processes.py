"""manage.py in a process of its own, with only the settings a test gives it."""

from __future__ import annotations

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_variables() -> set[str]:
    """Every environment variable tracker/settings.py reads, found in its source."""
    tree = ast.parse((ROOT / "tracker" / "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env_bool") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and str(first.value).isupper():
            names.add(first.value)
    return names


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run manage.py with only the given settings in the environment (no .env file)."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; no deployment has it.
    # pytest-django names the tests' settings module here; manage.py names the app's.
    ignored = settings_variables() | {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env["ENV_FILE"] = str(ROOT / "no-such.env")
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "scrutiny.example.gov.uk",
}
