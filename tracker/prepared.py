"""Queries compiled once for their shape and run many times with other values.

Building a query with the ORM and compiling it to SQL costs milliseconds of Python: for
a page read on every visit ("My items") as long as the query takes to run, and a
fraction of a millisecond for each of the reads every signed-in request makes (its
session, its user). Built from `Slot`s where its values go (the person, the posts they
hold, the day, the page; the session's key), a query compiles to the same SQL whatever
the values, so its SQL is kept and each read only binds its values (`Compiled.bind`)
before it runs.

On PostgreSQL such a query is also a prepared statement of its connection, planned once
for any values (settings: `TRACKER_PREPARED_STATEMENTS`): planning a query of this size
takes longer than running it for one person's items.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import BigIntegerField, Expression, Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler


class Slot(Expression):
    """Where a value goes in a compiled query: it compiles to a parameter that carries
    the slot itself, and `Compiled.bind` puts the value in its place."""

    def __init__(self, name: str, output_field: Field | None = None) -> None:
        super().__init__(output_field=output_field or BigIntegerField())
        self.name = name

    def as_sql(self, compiler, connection) -> tuple[str, list[Any]]:
        return "%s", [self]


@dataclass(frozen=True)
class Compiled:
    """SQL and its parameters, some of them slots; the compiler that made it converts
    the rows read back as the ORM would (dates, booleans)."""

    sql: str
    params: tuple[Any, ...]
    compiler: SQLCompiler

    @classmethod
    def of(cls, queryset: QuerySet) -> Compiled:
        """A queryset's SQL, built with slots where its values go."""
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return cls(sql, tuple(params), compiler)

    def bind(self, values: Mapping[str, Any]) -> list[Any]:
        """The parameters with each slot's value, as the database takes it. A slot with
        no value is a KeyError: a query never runs with a slot unfilled."""
        connection = connections[self.compiler.using]
        return [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Slot)
            else param
            for param in self.params
        ]

    def rows(self, values: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Run it with these values: its rows as dicts of column name to value."""
        connection = connections[self.compiler.using]
        # A read (SELECT): it changes nothing, so there is no history to write.
        with _cursor(connection) as cursor, _preparing(connection):
            cursor.execute(self.sql, self.bind(values))
            names = [column[0] for column in cursor.description]
            fetched = cursor.fetchall()
        return [
            dict(zip(names, row, strict=True))
            for row in self.compiler.results_iter(results=[fetched])
        ]


def _prepares(connection) -> bool:
    return connection.vendor == "postgresql" and settings.TRACKER_PREPARED_STATEMENTS


def _cursor(connection):
    """A cursor of the connection for a compiled query. On PostgreSQL with prepared
    statements on, one that binds its parameters on the server, so that psycopg can
    prepare its statement (`_preparing`); Django's own cursors bind them themselves."""
    # Only for reads (Compiled.rows): nothing written through it, so no history to write.
    if not _prepares(connection):
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    binding = psycopg.Cursor(connection.connection)
    # Wrapped as Django wraps its own cursors: logged, counted and timed the same way.
    if connection.queries_logged:
        return _DebugCursor(binding, connection)
    return connection.make_cursor(binding)


class _DebugCursor(CursorDebugWrapper):
    """Django's logging cursor, for a cursor that binds its parameters on the server: the
    query is logged with its values in place, as Django logs the queries it binds itself
    (such a cursor keeps no text of the query it ran)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            # Only the SELECTs of Compiled.rows come here: nothing written, so no history.
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def _preparing(connection) -> Iterator[None]:
    """psycopg prepares a statement on its first run on a connection, and reuses it after,
    while the connection's `prepare_threshold` is set. Django leaves it unset (None), and
    it is set here only while a compiled query runs: were it set for the connection,
    psycopg would also count every other query it runs, keeping the text of the last 100
    (whole batches of the reminder sweep among them) to see which to prepare."""
    if not _prepares(connection):
        yield
        return
    raw = connection.connection
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = None
