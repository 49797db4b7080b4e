"""The Django admin is for administrators only: nobody else keeps the staff flag."""

from django.conf import settings
from django.db import migrations

ADMINISTRATORS = "Administrators"


def only_administrators_are_staff(apps, schema_editor):
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user_model.objects.filter(is_staff=True, is_superuser=False).exclude(
        groups__name=ADMINISTRATORS
    ).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0006_history_reasons_and_one_pending_update"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(only_administrators_are_staff, migrations.RunPython.noop),
    ]
