"""The demo record written back from a copy kept in memory, for the transactional tests.

A transactional test (the live server's, several connections at once) finds the database
emptied by the test before it and the migrations' rows put back (serialized rollback), so
each loads the demo again: about 3,400 queries, 2 s on PostgreSQL. The first such test in
a process loads it with `load_demo` and keeps a copy of every row the load added; the next
ones write the copy back on top of the migrations' rows, one INSERT per table in a batch
of rows (bulk_create), in about a tenth of the time. Nothing else differs: the rows, their
ids and the history are the loader's own, and the next id of each table comes after them
(tests/test_record_copy.py shows both).
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


def _tables() -> list[type[models.Model]]:
    """Every table the migrations make: models, their history and many-to-many tables."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _values(model: type[models.Model]) -> dict:
    """Each row of the table: its id -> its columns."""
    columns = [field.attname for field in model._meta.concrete_fields]
    return {row[0]: row for row in model._base_manager.values_list("pk", *columns)}


class RecordCopy:
    """The rows a load added to the database as the migrations left it."""

    def __init__(self) -> None:
        self.rows: list[tuple[type[models.Model], list[models.Model]]] = []

    @classmethod
    def take(cls, load: Callable[[], object]) -> RecordCopy:
        """Run `load` on the database as the migrations left it, and keep what it added.

        The copy is written back on top of the migrations' rows, so the load may only add:
        if it changed or deleted one of them, this says which table's."""
        before = {model: _values(model) for model in _tables()}
        load()
        copy = cls()
        for model in _tables():
            kept = before[model]
            if kept:
                after = _values(model)
                changed = {pk for pk, row in kept.items() if after.get(pk) != row}
                assert not changed, (
                    f"the load changed rows of {model._meta.label} the migrations wrote: a "
                    "copy of what it added cannot be written back on top of them"
                )
            added = model._base_manager.exclude(pk__in=list(kept)).order_by("pk")
            copy.rows.append((model, list(added)))
        return copy

    def write_back(self) -> None:
        """On top of the migrations' rows, as serialized rollback or `reset_to_migrated`
        puts them back. Foreign keys are checked at the commit (Django makes them
        deferrable), so the tables go in any order; a row already there stops it, loudly."""
        with transaction.atomic():
            for model, rows in self.rows:
                if rows:
                    model._base_manager.bulk_create(rows)
            # Rows written with their ids leave PostgreSQL's sequences behind them; the
            # same statements as `manage.py loaddata` move them on (none on SQLite).
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), _tables()):
                    cursor.execute(statement)


def _load_demo_with_owner_post() -> None:
    from committees.models import Person, Post, PostHolding
    from tests.support.demo import DEMO_PASSWORD
    from tracker.dev.demo import load_demo

    load_demo(password=DEMO_PASSWORD)
    # The documents name the post that owns Corporate Parenting R02 and R06 but not who
    # held it; here the demo owner holds it, as a scrutiny officer would record, so the
    # tests have an owner for them (tests/conftest.py: owner_holds_r02_and_r06_post).
    PostHolding.objects.create(
        post=Post.objects.get(title="Cabinet Member for Children, Families and Schools"),
        person=Person.objects.get(user__username="owner"),
    )


_copy: RecordCopy | None = None


def load_live_demo() -> None:
    """The demo record with the demo owner holding the post that owns Corporate Parenting
    R02 and R06, on the database as the migrations left it: loaded the first time in this
    process, written back from its copy after that."""
    global _copy
    if _copy is not None:
        _copy.write_back()
        return
    _copy = RecordCopy.take(_load_demo_with_owner_post)
