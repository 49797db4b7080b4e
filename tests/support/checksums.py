"""Every table's rows, summed up: to show that something changed nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connections
from django.db.backends.signals import connection_created

from tracker.accounts.signin import LAST_SEEN


def _session_rows() -> list[tuple]:
    """Each session's key and what it holds, but for when its user was last seen.

    The idle timeout writes that time (and so the expiry) at most once a minute, on any
    request: bookkeeping of the sign-in, not something a submission saved.
    """
    rows = []
    for session in Session.objects.order_by("pk"):
        data = session.get_decoded()
        data.pop(LAST_SEEN, None)
        rows.append((session.session_key, sorted(data.items())))
    return rows


def database_checksum(exclude: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Every table through the ORM: model label -> (row count, hash of all its rows).

    Includes the history tables, sessions (what each holds), users and the many-to-many
    tables.
    """
    sums = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in exclude:
            continue
        if model is Session:
            rows = _session_rows()
        else:
            columns = [field.attname for field in meta.concrete_fields]
            rows = model._base_manager.order_by("pk").values_list(*columns).iterator()
        digest = hashlib.sha256()
        count = 0
        for row in rows:
            digest.update(repr(row).encode())
            count += 1
        sums[meta.label] = (count, digest.hexdigest())
    return sums


def differences(before: dict, after: dict) -> dict:
    return {label: (before.get(label), after.get(label))
            for label in before.keys() | after.keys()
            if before.get(label) != after.get(label)}  # fmt: skip


# What a statement starts with when it cannot change a row: a query (a UNION's first part
# in parentheses), the start of a transaction (SQLite's BEGIN IMMEDIATE), or a savepoint's
# own bookkeeping (rolling back to a savepoint set meanwhile only undoes what was sent since).
_READING = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT")
_ROLLBACK_TO = "ROLLBACK TO SAVEPOINT"


class _Writes:
    """An execute wrapper that keeps each statement that may have changed a row."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.savepoints: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip("( \n").upper()
        if statement.startswith("SAVEPOINT"):
            self.savepoints.add(statement.split()[-1])
        rolls_back_own = (
            statement.startswith(_ROLLBACK_TO) and statement.split()[-1] in self.savepoints
        )
        if not (statement.startswith(_READING) or rolls_back_own):
            self.sent.append(sql)
        return execute(sql, params, many, context)


@contextmanager
def statements_that_may_write(*, every_thread: bool = False) -> Iterator[list[str]]:
    """The statements sent meanwhile that may have changed a row: every one but a query
    and the savepoints set meanwhile.

    When none was sent, nothing changed, and a checksum after would equal the one before:
    a test may skip reading every table again. This thread's connections are watched, and,
    with `every_thread`, every connection opened meanwhile in any thread: a live server
    answers each request in a thread of its own, which opens its own connection. (One
    opened earlier in another thread is not seen: start watching before the server.)
    """
    writes = _Writes()
    with ExitStack() as stack:

        def watch(connection, **kwargs) -> None:
            stack.enter_context(connection.execute_wrapper(writes))

        for connection in connections.all():
            watch(connection)
        if every_thread:
            connection_created.connect(watch, weak=False, dispatch_uid=id(writes))
        try:
            yield writes.sent
        finally:
            connection_created.disconnect(dispatch_uid=id(writes))
