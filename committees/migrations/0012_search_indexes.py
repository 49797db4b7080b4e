"""Full-text search indexes on PostgreSQL, for the search page.

Each is a GIN index on the very expression the search matches (`SearchVector` of the same
fields, English configuration), so PostgreSQL can use it. Other databases search with a
plain match and get no index: the operation does nothing there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def _indexes(apps):
    def vector(*fields):
        return SearchVector(*fields, config="english")

    return [
        (
            apps.get_model("committees", "AgendaItem"),
            GinIndex(vector("notes"), name="agendaitem_notes_search"),
        ),
        (
            apps.get_model("committees", "AgendaItem"),
            GinIndex(vector("title"), name="agendaitem_title_search"),
        ),
        (
            apps.get_model("committees", "Resolution"),
            GinIndex(vector("text"), name="resolution_search"),
        ),
        (
            apps.get_model("committees", "Person"),
            GinIndex(
                vector("name", "other_spellings", "job_title", "organisation"), name="person_search"
            ),
        ),
        (
            apps.get_model("committees", "Post"),
            GinIndex(vector("title", "former_titles", "organisation"), name="post_search"),
        ),
    ]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("committees", "0011_agenda_item_presenters_history")]

    operations = [migrations.RunPython(add_indexes, remove_indexes, elidable=False)]
