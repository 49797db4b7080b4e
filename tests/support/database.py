"""The migrated test database's contents, kept aside to put back after emptying it.

A transactional test empties the database after it; pytest-django's serialized rollback
puts back what the migrations wrote (the role groups, the assessment scales) before the
next one that asks. The browser tests' shared record (tests/browser/conftest.py) empties
and refills the database outside any test, so it puts them back itself, with the same
public methods of Django's database creation.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import connection

_migrated: list[str] = []


def is_configured_database() -> bool:
    """Whether the connection is to the database the settings name, not a test database."""
    return connection.settings_dict["NAME"] == settings.CONFIGURED_DATABASE_NAME


def keep_migrated_contents() -> None:
    """Called once the test database is migrated, before any test writes to it."""
    _migrated[:] = [connection.creation.serialize_db_to_string()]


def empty() -> None:
    """Every table emptied, as after a transactional test: the migrations' rows too."""
    assert not is_configured_database(), "only a test database is ever emptied"
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)


def reset_to_migrated() -> None:
    """The database as the migrations left it."""
    empty()
    connection.creation.deserialize_db_from_string(_migrated[0])
