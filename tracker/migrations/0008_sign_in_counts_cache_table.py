"""The table of the database cache, which holds the counts of failed sign-ins.

Django's `createcachetable` makes the table of every database cache in CACHES (none when
CACHE_URL points at Redis) and leaves one that exists alone, so `migrate` is all a new
installation runs. After changing CACHE_URL to another database cache, run
`python manage.py createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0007_only_administrators_are_staff"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
