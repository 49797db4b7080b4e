"""The roles as groups, and the assessment scale of the 2018/19 record as the default."""

from django.db import migrations

ROLES = ["Scrutiny officers", "Responsible officers", "Committee members", "Administrators"]

# Birmingham's labels, as the work programmes use them. Other councils' scales are loaded
# from fixtures/assessment_scales/ with `manage.py load_assessment_scale`.
BIRMINGHAM = [
    # label, order, ends tracking, counts as achieved
    ("Achieved", 1, True, True),
    ("Achieved – late", 2, True, True),
    ("Not Achieved – Progress Made", 3, False, False),
    ("In progress", 4, False, False),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    Scale = apps.get_model("tracker", "AssessmentScale")
    Category = apps.get_model("tracker", "AssessmentCategory")
    scale, _ = Scale.objects.get_or_create(
        slug="birmingham",
        defaults={
            "name": "Birmingham City Council",
            "description": "The labels used in Birmingham's outstanding-tracking tables.",
        },
    )
    for label, order, ends, achieved in BIRMINGHAM:
        Category.objects.get_or_create(
            scale=scale,
            label=label,
            defaults={"order": order, "ends_tracking": ends, "counts_as_achieved": achieved},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
