"""A withdrawn request keeps the day it was withdrawn, so that what was outstanding on a
past day counts it until then. Requests withdrawn before take the day their history first
shows them withdrawn."""

from django.db import migrations, models
from django.utils import timezone

import committees.dates


def withdrawn_on():
    return models.DateField(
        blank=True,
        help_text="The day it was withdrawn (for older withdrawals, the day its history shows).",
        null=True,
        validators=[committees.dates.check_entered_date],
    )


def date_withdrawals_from_history(apps, schema_editor):
    requests = apps.get_model("tracker", "InformationRequest")
    history = apps.get_model("tracker", "HistoricalInformationRequest")
    for request in requests.objects.filter(status="withdrawn", withdrawn_on__isnull=True):
        first = (
            history.objects.filter(id=request.pk, status="withdrawn")
            .order_by("history_date")
            .first()
        )
        if first is not None:
            # Dated once, with no history row of its own: the day is what history showed.
            requests.objects.filter(pk=request.pk).update(
                withdrawn_on=timezone.localdate(first.history_date)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0015_recommendation_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinformationrequest", name="withdrawn_on", field=withdrawn_on()
        ),
        migrations.AddField(
            model_name="informationrequest", name="withdrawn_on", field=withdrawn_on()
        ),
        migrations.RunPython(date_withdrawals_from_history, migrations.RunPython.noop),
    ]
