"""The settings the tests run with: the app's own, read as on a developer's machine.

DEBUG is off unless set (tracker/settings.py), and off it needs a SECRET_KEY, serves static
files from the collected manifest and redirects to HTTPS. The suite reads the settings with
DEBUG=True, as `make run` does; pytest-django then turns DEBUG itself off for every test,
so pages answer as in production. The production settings are checked in a process of
their own, without this module (tests/test_platform.py).
"""

import os

os.environ["DEBUG"] = "True"

from tracker.settings import *  # noqa: E402, F403

# The crawlers and the property runs ask the API thousands of times from one address: the
# rate limits are tests of their own (tests/api/test_api.py), which set them low.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"api_address": "1000000/hour", "api_token": "1000000/hour"},
}

# The database the settings name. pytest-django swaps in a test database of its own;
# tests/support/database.py checks it never empties this one.
CONFIGURED_DATABASE_NAME = DATABASES["default"]["NAME"]  # noqa: F405

# A test database is thrown away after the run, so it need not wait for each commit to
# reach the disk: on PostgreSQL `synchronous_commit` off (a documented per-session setting),
# on SQLite `PRAGMA synchronous = OFF`. Nothing else changes: every transaction, lock and
# constraint behaves as in production. Migrating each worker's database and emptying it
# after each browser test commit thousands of times.
_database = DATABASES["default"]  # noqa: F405
_options = _database.setdefault("OPTIONS", {})
if _database["ENGINE"].endswith("postgresql"):
    _options["options"] = " ".join(
        filter(None, [_options.get("options"), "-c synchronous_commit=off"])
    )
elif _database["ENGINE"].endswith("sqlite3"):
    _options["init_command"] = " ".join(
        filter(None, [_options.get("init_command"), "PRAGMA synchronous=OFF;"])
    )
