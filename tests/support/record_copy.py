"""The demo record written back from a copy kept in memory, for the transactional tests.

A transactional test (the live server's, several connections at once) finds the database
emptied by the test before it, so each loads the demo again: about 3,400 queries, 2 s on
PostgreSQL. The first such test in a process loads it with `load_demo` and keeps a copy of
every row it wrote; the next ones write the copy back, one INSERT per table in a batch of
rows (bulk_create), in about a tenth of the time. Nothing else differs: the rows, their
ids and the history are the loader's own, and the next id of each table comes after them
(tests/test_record_copy.py shows both).
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from tests.support.database import empty


def _tables() -> list[type[models.Model]]:
    """Every table the migrations make: models, their history and many-to-many tables."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


class RecordCopy:
    """Every row of every table as a load left them, kept to be written back."""

    def __init__(self) -> None:
        self.rows: list[tuple[type[models.Model], list[models.Model]]] = []

    @classmethod
    def take(cls) -> RecordCopy:
        copy = cls()
        copy.rows = [(model, list(model._base_manager.order_by("pk"))) for model in _tables()]
        return copy

    def write_back(self) -> None:
        """In place of everything in the database, the migrations' rows included (the load
        may have changed them). Foreign keys are checked at the commit (Django makes them
        deferrable), so the tables go in any order."""
        empty()
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
    R02 and R06, in place of whatever the database holds: loaded the first time in this
    process, written back from its copy after that."""
    global _copy
    if _copy is not None:
        _copy.write_back()
        return
    _load_demo_with_owner_post()
    _copy = RecordCopy.take()
