"""Full-text search indexes on PostgreSQL, for the search page.

Each is a GIN index on the very expression the search matches (`SearchVector` of the same
fields, English configuration: tracker/search/selectors.py), so PostgreSQL can use it.
Other databases search with a plain match and get no index: the operation does nothing
there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def _indexes(apps):
    def vector(*fields):
        return SearchVector(*fields, config="english")

    return [
        (
            apps.get_model("tracker", "Recommendation"),
            GinIndex(vector("code", "text", "responsibility"), name="recommendation_search"),
        ),
        (
            apps.get_model("tracker", "InformationRequest"),
            GinIndex(vector("text", "provided_how"), name="request_search"),
        ),
        (
            apps.get_model("tracker", "Inquiry"),
            GinIndex(vector("title", "summary"), name="inquiry_search"),
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
    dependencies = [("tracker", "0017_notifications")]

    operations = [migrations.RunPython(add_indexes, remove_indexes, elidable=False)]
