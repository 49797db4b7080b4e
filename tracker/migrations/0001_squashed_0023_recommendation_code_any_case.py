"""The tracker app's tables as its migrations 0001 to 0023 left them, made at once, and
what a new installation starts with: the roles, the default assessment scale, the table of
the database cache and the search indexes.

A new installation runs this one migration. An installation that applied 0001 to 0023
already is not changed by it (`replaces`); one that applied only some of them goes on with
the rest. Once every installation has passed 0023, the replaced files can go.
"""

import committees.dates
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import simple_history.models
import tracker.models
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db import migrations, models

ROLES = ["Scrutiny officers", "Responsible officers", "Committee members", "Administrators"]

# The labels of the 2018/19 record's work programmes, the default scale until a committee
# or the council chooses another: label, order, ends tracking, counts as achieved, key,
# timing. Other councils' scales are loaded from fixtures/assessment_scales/ with
# `manage.py load_assessment_scale`.
BIRMINGHAM = [
    ("Achieved", 1, True, True, "achieved", "on_time"),
    ("Achieved – late", 2, True, True, "achieved-late", "late"),
    ("Not Achieved – Progress Made", 3, False, False, "not-achieved-progress-made", "neither"),
    ("In progress", 4, False, False, "in-progress", "neither"),
]


def roles_and_default_scale(apps, schema_editor):
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
    for label, order, ends, achieved, key, timing in BIRMINGHAM:
        Category.objects.get_or_create(
            scale=scale,
            label=label,
            defaults={
                "order": order,
                "ends_tracking": ends,
                "counts_as_achieved": achieved,
                "key": key,
                "timing": timing,
            },
        )


def create_cache_tables(apps, schema_editor):
    """The table of the database cache, which holds the counts of failed sign-ins.

    `createcachetable` makes the table of every database cache in CACHES (none when
    CACHE_URL points at Redis) and leaves one that exists alone. After changing CACHE_URL
    to another database cache, run `python manage.py createcachetable`."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def _search_indexes(apps):
    """Full-text search indexes on PostgreSQL, for the search page: each a GIN index on the
    very expression the search matches (`SearchVector` of the same fields, English
    configuration: tracker/search/selectors.py). Other databases search with a plain match
    and get no index."""

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


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _search_indexes(apps):
            schema_editor.add_index(model, index)


def remove_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _search_indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("tracker", "0001_initial"),
        ("tracker", "0002_roles_and_birmingham_scale"),
        ("tracker", "0003_owner_updates"),
        ("tracker", "0004_reminders"),
        ("tracker", "0005_calendar_links"),
        ("tracker", "0006_history_reasons_and_one_pending_update"),
        ("tracker", "0007_only_administrators_are_staff"),
        ("tracker", "0008_sign_in_counts_cache_table"),
        ("tracker", "0009_requests_followed_call_ins"),
        ("tracker", "0010_entered_dates_in_window"),
        ("tracker", "0011_requests_revisions_and_codes_as_written"),
        ("tracker", "0012_demo_record_as_written"),
        ("tracker", "0013_recommendation_delivered_on"),
        ("tracker", "0014_kpi_reports"),
        ("tracker", "0015_recommendation_lifecycle"),
        ("tracker", "0016_request_withdrawn_on"),
        ("tracker", "0017_notifications"),
        ("tracker", "0018_search_indexes"),
        ("tracker", "0019_assessment_timing"),
        ("tracker", "0020_committee_default_scale"),
        ("tracker", "0021_tracker_column_mappings"),
        ("tracker", "0022_api_tokens"),
        ("tracker", "0023_recommendation_code_any_case"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("committees", "0001_squashed_0014_declaration_interest"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentScale",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("slug", models.SlugField(max_length=80, unique=True)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(help_text="What the token is for.", max_length=100)),
                (
                    "prefix",
                    models.CharField(
                        help_text="The start of the value, to recognise it.", max_length=20
                    ),
                ),
                ("digest", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="AssessmentCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        blank=True,
                        help_text="The category's stable name in its scale file, kept when its label changes.",
                    ),
                ),
                ("label", models.CharField(max_length=100)),
                ("order", models.PositiveSmallIntegerField()),
                (
                    "ends_tracking",
                    models.BooleanField(
                        help_text="A recommendation given this assessment leaves the outstanding list."
                    ),
                ),
                ("counts_as_achieved", models.BooleanField()),
                (
                    "timing",
                    models.CharField(
                        choices=[
                            ("on_time", "On time"),
                            ("late", "Late"),
                            ("neither", "Says nothing about timing"),
                        ],
                        default="neither",
                        help_text="Whether the label means achieved on time, late, or says nothing of when. Whether an item was late is worked out from its dates, whatever the label says.",
                        max_length=10,
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="The definition shown where people assess.",
                        max_length=300,
                    ),
                ),
                (
                    "scale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="tracker.assessmentscale",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "assessment categories",
                "ordering": ["scale", "order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scale", "label"),
                        name="category_unique_label",
                        violation_error_message="This scale already has a category with that label.",
                    ),
                    models.UniqueConstraint(
                        fields=("scale", "order"),
                        name="category_unique_order",
                        violation_error_message="Two categories of one scale cannot share a position.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        fields=("scale", "key"),
                        name="category_unique_key",
                        violation_error_message="This scale already has a category with that key.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("counts_as_achieved", False), ("ends_tracking", True), _connector="OR"
                        ),
                        name="category_achieved_ends_tracking",
                        violation_error_message="A category that counts as achieved must end tracking.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CalendarLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=tracker.models.new_calendar_token, max_length=64, unique=True
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_links",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("person",),
                        name="calendarlink_one_live_per_person",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CommitteeScale",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "committee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="default_scale",
                        to="committees.committee",
                    ),
                ),
                (
                    "scale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tracker.assessmentscale",
                    ),
                ),
            ],
            options={
                "verbose_name": "committee's default assessment scale",
            },
        ),
        migrations.CreateModel(
            name="HistoricalAssessmentCategory",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.SlugField(
                        blank=True,
                        help_text="The category's stable name in its scale file, kept when its label changes.",
                    ),
                ),
                ("label", models.CharField(max_length=100)),
                ("order", models.PositiveSmallIntegerField()),
                (
                    "ends_tracking",
                    models.BooleanField(
                        help_text="A recommendation given this assessment leaves the outstanding list."
                    ),
                ),
                ("counts_as_achieved", models.BooleanField()),
                (
                    "timing",
                    models.CharField(
                        choices=[
                            ("on_time", "On time"),
                            ("late", "Late"),
                            ("neither", "Says nothing about timing"),
                        ],
                        default="neither",
                        help_text="Whether the label means achieved on time, late, or says nothing of when. Whether an item was late is worked out from its dates, whatever the label says.",
                        max_length=10,
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="The definition shown where people assess.",
                        max_length=300,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scale",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentscale",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical assessment category",
                "verbose_name_plural": "historical assessment categories",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAssessmentScale",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("slug", models.SlugField(max_length=80)),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical assessment scale",
                "verbose_name_plural": "historical assessment scales",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCommitteeScale",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "scale",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentscale",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical committee's default assessment scale",
                "verbose_name_plural": "historical committee's default assessment scales",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInformationRequest",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "responsibility",
                    models.CharField(
                        blank=True,
                        help_text="Who is responsible, as the document words it.",
                        max_length=300,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("information", "Information requested"), ("action", "Action")],
                        default="information",
                        max_length=20,
                    ),
                ),
                ("text", models.TextField()),
                (
                    "original_due_date",
                    models.DateField(
                        blank=True,
                        help_text="The date first set; kept when the date is revised.",
                        null=True,
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        blank=True,
                        help_text="Empty when no date was stated: the committee chases it at its next meeting.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("provided", "Provided"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                (
                    "provided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "provided_how",
                    models.TextField(blank=True, help_text="For example 'circulated to Members'."),
                ),
                (
                    "withdrawn_on",
                    models.DateField(
                        blank=True,
                        help_text="The day it was withdrawn (for older withdrawals, the day its history shows).",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("withdrawn_reason", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="Where the record says it was asked or undertaken, when not in a resolution: for example 'Action notes, 25 July 2018, item 7'.",
                        max_length=300,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "call_in",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The call-in this request followed from, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.callin",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "owner_person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical requested information or action",
                "verbose_name_plural": "historical requested information and actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInquiry",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "reported_to_council_on",
                    models.DateField(
                        blank=True,
                        help_text="The date the report went to full Council.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                (
                    "tracking_as_printed",
                    models.CharField(
                        blank=True,
                        help_text='The dates of tracking as the work programme prints them for the whole inquiry, for example "Update rec\'d 18 Oct 17 & Annual Report 14 Feb 18".',
                        max_length=200,
                    ),
                ),
                (
                    "sent_to_executive_on",
                    models.DateField(
                        blank=True,
                        help_text="When the report's recommendations were sent to the executive for its response. Empty when not known.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "executive_response_due_on",
                    models.DateField(
                        blank=True,
                        help_text="Set when the report is sent: the committee's response period later.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "review_cadence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("quarterly", "Quarterly"),
                            ("six_monthly", "Six-monthly"),
                            ("annual", "Annual"),
                            ("per_meeting", "At every committee meeting"),
                        ],
                        help_text="How often progress is reviewed: sets the next tracking date after each round. Empty when not set.",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "assessment_scale",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentscale",
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical inquiry",
                "verbose_name_plural": "historical inquiries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalNotificationPreference",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "delivery",
                    models.CharField(
                        choices=[
                            ("digest", "In the daily digest"),
                            ("immediate", "By email straight away"),
                        ],
                        default="digest",
                        max_length=20,
                    ),
                ),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical notification preference",
                "verbose_name_plural": "historical notification preferences",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResponsePeriod",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The response is due this many months after sending.",
                        null=True,
                    ),
                ),
                (
                    "days",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Or this many days (for example 28).", null=True
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical response period",
                "verbose_name_plural": "historical response periods",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Indicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(help_text="As the report numbers it: KPI 1.", max_length=30),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                (
                    "name",
                    models.CharField(
                        help_text="As the indicator's own page names it.", max_length=300
                    ),
                ),
                (
                    "index_name",
                    models.CharField(
                        blank=True,
                        help_text="The name the report's index gives it, where that differs.",
                        max_length=300,
                    ),
                ),
                ("definition", models.TextField(blank=True)),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "%"),
                            ("count", "Count"),
                            ("number", "Number"),
                            ("days", "Days"),
                            ("rate_10000", "Rate per 10,000 children"),
                        ],
                        default="percent",
                        max_length=20,
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("high", "High/Increasing"),
                            ("low", "Low/Decreasing"),
                            ("low_stable", "Low/Stable"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "frequency",
                    models.CharField(
                        choices=[
                            ("monthly", "Monthly"),
                            ("bimonthly", "Every two months"),
                            ("quarterly", "Quarterly"),
                            ("annual", "Annual"),
                        ],
                        default="monthly",
                        max_length=20,
                    ),
                ),
                ("numerator_label", models.CharField(blank=True, max_length=300)),
                ("denominator_label", models.CharField(blank=True, max_length=300)),
                (
                    "comparison_note",
                    models.TextField(
                        blank=True, help_text="How the figure it is compared with is worked out."
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="Where the record is from.", max_length=300
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Where the source is garbled or cut off."
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
            ],
            options={
                "ordering": ["kpi_set", "order", "code"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalIndicatorTarget",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "label",
                    models.CharField(
                        blank=True, help_text='As printed: "Target 18/19".', max_length=100
                    ),
                ),
                ("target", models.DecimalField(decimal_places=3, max_digits=14)),
                (
                    "tolerance_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The band's lower edge, which is inside the band.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "tolerance_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The band's upper edge, which is inside the band.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "inadequate_beyond",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="Contract KPIs: past this figure, on the worse side, performance is Inadequate rather than Requires improvement. Empty: never Inadequate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "reason",
                    models.TextField(blank=True, help_text="Why the target was set or changed."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator target",
                "verbose_name_plural": "historical indicator targets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="IndicatorTarget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "label",
                    models.CharField(
                        blank=True, help_text='As printed: "Target 18/19".', max_length=100
                    ),
                ),
                ("target", models.DecimalField(decimal_places=3, max_digits=14)),
                (
                    "tolerance_low",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The band's lower edge, which is inside the band.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "tolerance_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The band's upper edge, which is inside the band.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "inadequate_beyond",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="Contract KPIs: past this figure, on the worse side, performance is Inadequate rather than Requires improvement. Empty: never Inadequate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "reason",
                    models.TextField(blank=True, help_text="Why the target was set or changed."),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="targets",
                        to="tracker.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "starts_on"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("indicator", "starts_on"),
                        name="target_one_per_start",
                        violation_error_message="This indicator already has a target starting that day.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("tolerance_low__isnull", True),
                            ("tolerance_low__lte", models.F("target")),
                            _connector="OR",
                        ),
                        name="target_above_band_low",
                        violation_error_message="The band's lower edge cannot be above the target.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("tolerance_high__isnull", True),
                            ("tolerance_high__gte", models.F("target")),
                            _connector="OR",
                        ),
                        name="target_below_band_high",
                        violation_error_message="The band's upper edge cannot be below the target.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="IndicatorValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "actual",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The month's figure. Empty only with a reason for no data.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "numerator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "denominator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "no_data_reason",
                    models.TextField(blank=True, help_text="Why there is no figure this month."),
                ),
                (
                    "period_label",
                    models.CharField(
                        blank=True,
                        help_text='The figure\'s period as printed: "Dec-18".',
                        max_length=100,
                    ),
                ),
                (
                    "comparison",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The figure the month's is set beside.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "comparison_numerator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "comparison_denominator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "comparison_basis",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cumulative_12", "Previous 12 months, cumulative"),
                            ("average_12", "Previous 12 months, average"),
                            ("ytd", "Previous year to date"),
                            ("cohort", "Earlier cohort"),
                            ("average_3y", "Three-year average"),
                            ("", "None given"),
                        ],
                        default="",
                        max_length=20,
                    ),
                ),
                (
                    "comparison_label",
                    models.CharField(
                        blank=True,
                        help_text='As printed: "Prev. 12 months cumulative".',
                        max_length=100,
                    ),
                ),
                (
                    "national",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "statistical_neighbours",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional_label",
                    models.CharField(blank=True, help_text='"WM average".', max_length=100),
                ),
                (
                    "other_benchmark",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                ("other_benchmark_label", models.CharField(blank=True, max_length=100)),
                (
                    "benchmark_note",
                    models.CharField(
                        blank=True,
                        help_text='For example "National Average (2017)".',
                        max_length=300,
                    ),
                ),
                ("commentary", models.TextField(blank=True)),
                (
                    "extra_rows",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Further rows of the figures table as printed: [label, comparison, month].",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="Where the record is from.", max_length=300
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Where the source is garbled or cut off."
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="tracker.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["report", "indicator"],
            },
        ),
        migrations.CreateModel(
            name="InformationRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "responsibility",
                    models.CharField(
                        blank=True,
                        help_text="Who is responsible, as the document words it.",
                        max_length=300,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("information", "Information requested"), ("action", "Action")],
                        default="information",
                        max_length=20,
                    ),
                ),
                ("text", models.TextField()),
                (
                    "original_due_date",
                    models.DateField(
                        blank=True,
                        help_text="The date first set; kept when the date is revised.",
                        null=True,
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        blank=True,
                        help_text="Empty when no date was stated: the committee chases it at its next meeting.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("provided", "Provided"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="open",
                        max_length=20,
                    ),
                ),
                (
                    "provided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "provided_how",
                    models.TextField(blank=True, help_text="For example 'circulated to Members'."),
                ),
                (
                    "withdrawn_on",
                    models.DateField(
                        blank=True,
                        help_text="The day it was withdrawn (for older withdrawals, the day its history shows).",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("withdrawn_reason", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="Where the record says it was asked or undertaken, when not in a resolution: for example 'Action notes, 25 July 2018, item 7'.",
                        max_length=300,
                    ),
                ),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "call_in",
                    models.ForeignKey(
                        blank=True,
                        help_text="The call-in this request followed from, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="requests",
                        to="committees.callin",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requests",
                        to="committees.meeting",
                    ),
                ),
                (
                    "owner_person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
                (
                    "resolution",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="requests",
                        to="committees.resolution",
                    ),
                ),
            ],
            options={
                "verbose_name": "requested information or action",
                "verbose_name_plural": "requested information and actions",
                "ordering": ["due_date", "pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("status", "open")),
                        fields=["due_date"],
                        name="request_open_due",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "provided"), ("provided_on__isnull", False)),
                            models.Q(
                                models.Q(("status", "provided"), _negated=True),
                                ("provided_on__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="request_provided_has_date",
                        violation_error_message="Information that was provided needs the date it was provided; a request that is open or withdrawn cannot have one.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "withdrawn"), _negated=True),
                            models.Q(("withdrawn_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="request_withdrawn_has_reason",
                        violation_error_message="Say why the request was withdrawn.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True),
                        name="request_has_text",
                        violation_error_message="Say what was requested.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalKpiSet",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=80)),
                (
                    "provider",
                    models.CharField(
                        help_text="The provider or contract monitored, for example the children's trust.",
                        max_length=200,
                    ),
                ),
                (
                    "is_contract",
                    models.BooleanField(
                        default=True,
                        help_text="Contract KPIs are also rated as the Procurement Act 2023 asks: Good, Approaching target, Requires improvement, Inadequate, Other.",
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The committee's request to receive these reports, if it made one.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.informationrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical KPI set",
                "verbose_name_plural": "historical KPI sets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalKpiQuestion",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("asked_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "asked_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "value",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.indicatorvalue",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.informationrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical question about a KPI",
                "verbose_name_plural": "historical question about a KPIs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Inquiry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "reported_to_council_on",
                    models.DateField(
                        blank=True,
                        help_text="The date the report went to full Council.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                (
                    "tracking_as_printed",
                    models.CharField(
                        blank=True,
                        help_text='The dates of tracking as the work programme prints them for the whole inquiry, for example "Update rec\'d 18 Oct 17 & Annual Report 14 Feb 18".',
                        max_length=200,
                    ),
                ),
                (
                    "sent_to_executive_on",
                    models.DateField(
                        blank=True,
                        help_text="When the report's recommendations were sent to the executive for its response. Empty when not known.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "executive_response_due_on",
                    models.DateField(
                        blank=True,
                        help_text="Set when the report is sent: the committee's response period later.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "review_cadence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("quarterly", "Quarterly"),
                            ("six_monthly", "Six-monthly"),
                            ("annual", "Annual"),
                            ("per_meeting", "At every committee meeting"),
                        ],
                        help_text="How often progress is reviewed: sets the next tracking date after each round. Empty when not set.",
                        max_length=20,
                    ),
                ),
                (
                    "assessment_scale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="tracker.assessmentscale"
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inquiries",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "inquiries",
                "ordering": ["reported_to_council_on", "title"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "title"),
                        name="inquiry_unique_title",
                        violation_error_message="This committee already has an inquiry with that title.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalTrackerColumnMapping",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "headings_key",
                    models.CharField(
                        help_text="A digest of the file's column headings, whatever their order, case or spacing: files with the same headings share a mapping.",
                        max_length=64,
                    ),
                ),
                (
                    "headings",
                    models.JSONField(help_text="The file's column headings, as it wrote them."),
                ),
                (
                    "columns",
                    models.JSONField(
                        help_text="What each heading holds: one of the import's fields, or 'ignore'."
                    ),
                ),
                (
                    "outcomes",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Each outcome as the file writes it, with the assessment category chosen for it (its id), or none to leave it unassessed.",
                    ),
                ),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The inquiry the rows were last imported into.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.inquiry",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical tracker column mapping",
                "verbose_name_plural": "historical tracker column mappings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRecommendation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "responsibility",
                    models.CharField(
                        blank=True,
                        help_text="Who is responsible, as the document words it.",
                        max_length=300,
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="As the council writes it: R1, R01, SC18, 1.3. Unique within the inquiry.",
                        max_length=20,
                    ),
                ),
                ("text", models.TextField(blank=True)),
                (
                    "text_known",
                    models.BooleanField(
                        default=True,
                        help_text="Untick when the recommendation's wording has not been found yet.",
                    ),
                ),
                (
                    "original_due_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        blank=True,
                        help_text="The date now agreed; changed only by a recorded revision.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "due_month_only",
                    models.BooleanField(
                        default=False, help_text="The report gives only a month ('by May 2018')."
                    ),
                ),
                (
                    "delivered_on",
                    models.DateField(
                        blank=True,
                        help_text="When what was due was delivered (a report presented, a visit made), as an accepted update said, while the committee has still to assess it. It is then no longer overdue.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "tracking_ended_on",
                    models.DateField(
                        blank=True,
                        help_text="When the committee decided it was achieved or that tracking ends.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "achieved_on",
                    models.DateField(
                        blank=True,
                        help_text="When it was achieved: the day what was due was delivered or the update the committee accepted as achievement was received, which may be before the committee signed it off. Late means achieved after its due date.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "next_tracking_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "response",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("accepted", "Accepted"),
                            ("accepted_in_part", "Accepted in part"),
                            ("rejected", "Rejected"),
                        ],
                        help_text="The executive's answer; empty until it responds (or while not known).",
                        max_length=20,
                    ),
                ),
                (
                    "response_on",
                    models.DateField(
                        blank=True,
                        help_text="When it responded.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "response_reason",
                    models.TextField(
                        blank=True, help_text="Why it accepted only in part, or rejected."
                    ),
                ),
                (
                    "action_plan",
                    models.TextField(
                        blank=True, help_text="What the executive will do, for what it accepted."
                    ),
                ),
                (
                    "target_date",
                    models.DateField(
                        blank=True,
                        help_text="The executive's target date for its action plan.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "withdrawn_on",
                    models.DateField(
                        blank=True,
                        help_text="When the committee withdrew it: tracking ends, and it is not achieved.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("withdrawn_reason", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The committee's meeting where it arose or was agreed, as a council's own tracker records it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "current_assessment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The committee's latest assessment.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "next_tracking_meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "owner_person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.inquiry",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical recommendation",
                "verbose_name_plural": "historical recommendations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="KpiQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("asked_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "asked_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kpi_question",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "value",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questions",
                        to="tracker.indicatorvalue",
                    ),
                ),
            ],
            options={
                "verbose_name": "question about a KPI",
                "ordering": ["-asked_at"],
            },
        ),
        migrations.CreateModel(
            name="KpiReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "period",
                    models.DateField(
                        help_text="The month reported: its first day.",
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True, help_text="As the report prints it.", max_length=300
                    ),
                ),
                (
                    "is_exempt",
                    models.BooleanField(
                        default=False, help_text="Not for publication: only the committee sees it."
                    ),
                ),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="The paragraph of Schedule 12A to the Local Government Act 1972.",
                        null=True,
                    ),
                ),
                ("exemption_reason", models.TextField(blank=True)),
                (
                    "headline_area",
                    models.CharField(
                        blank=True,
                        help_text="The area the headline figures are for, such as the council's own.",
                        max_length=100,
                    ),
                ),
                (
                    "headline_published",
                    models.CharField(
                        blank=True,
                        help_text='When the published figures are from: "Mar-18".',
                        max_length=100,
                    ),
                ),
                (
                    "headline_regional",
                    models.CharField(blank=True, help_text='For example "WM".', max_length=100),
                ),
                ("source", models.CharField(blank=True, max_length=300)),
                ("note", models.TextField(blank=True)),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        help_text="The item it came under. Questions about it are recorded against this item, so a question about an exempt report is exempt too.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="kpi_reports",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting whose agenda pack carried it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="kpi_reports",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "KPI report",
                "ordering": ["kpi_set", "-period"],
            },
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="values",
                to="tracker.kpireport",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalIndicatorValue",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "actual",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The month's figure. Empty only with a reason for no data.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "numerator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "denominator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "no_data_reason",
                    models.TextField(blank=True, help_text="Why there is no figure this month."),
                ),
                (
                    "period_label",
                    models.CharField(
                        blank=True,
                        help_text='The figure\'s period as printed: "Dec-18".',
                        max_length=100,
                    ),
                ),
                (
                    "comparison",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The figure the month's is set beside.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "comparison_numerator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "comparison_denominator",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "comparison_basis",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cumulative_12", "Previous 12 months, cumulative"),
                            ("average_12", "Previous 12 months, average"),
                            ("ytd", "Previous year to date"),
                            ("cohort", "Earlier cohort"),
                            ("average_3y", "Three-year average"),
                            ("", "None given"),
                        ],
                        default="",
                        max_length=20,
                    ),
                ),
                (
                    "comparison_label",
                    models.CharField(
                        blank=True,
                        help_text='As printed: "Prev. 12 months cumulative".',
                        max_length=100,
                    ),
                ),
                (
                    "national",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "statistical_neighbours",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional_label",
                    models.CharField(blank=True, help_text='"WM average".', max_length=100),
                ),
                (
                    "other_benchmark",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                ("other_benchmark_label", models.CharField(blank=True, max_length=100)),
                (
                    "benchmark_note",
                    models.CharField(
                        blank=True,
                        help_text='For example "National Average (2017)".',
                        max_length=300,
                    ),
                ),
                ("commentary", models.TextField(blank=True)),
                (
                    "extra_rows",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Further rows of the figures table as printed: [label, comparison, month].",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="Where the record is from.", max_length=300
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Where the source is garbled or cut off."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.indicator",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.kpireport",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator value",
                "verbose_name_plural": "historical indicator values",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalHeadlineRate",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("measure", models.CharField(max_length=200)),
                (
                    "current",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The month's rate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "current_note",
                    models.CharField(blank=True, help_text='"Rolling 12M".', max_length=100),
                ),
                (
                    "area_published",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The area's own latest published rate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "statistical_neighbours",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "national",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.kpireport",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical headline rate",
                "verbose_name_plural": "historical headline rates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HeadlineRate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("measure", models.CharField(max_length=200)),
                (
                    "current",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The month's rate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "current_note",
                    models.CharField(blank=True, help_text='"Rolling 12M".', max_length=100),
                ),
                (
                    "area_published",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        help_text="The area's own latest published rate.",
                        max_digits=14,
                        null=True,
                    ),
                ),
                (
                    "statistical_neighbours",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "national",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "regional",
                    models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="headline_rates",
                        to="tracker.kpireport",
                    ),
                ),
            ],
            options={
                "ordering": ["report", "order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "measure"), name="headline_unique_measure"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="KpiSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "provider",
                    models.CharField(
                        help_text="The provider or contract monitored, for example the children's trust.",
                        max_length=200,
                    ),
                ),
                (
                    "is_contract",
                    models.BooleanField(
                        default=True,
                        help_text="Contract KPIs are also rated as the Procurement Act 2023 asks: Good, Approaching target, Requires improvement, Inadequate, Other.",
                    ),
                ),
                ("description", models.TextField(blank=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="kpi_sets",
                        to="committees.committee",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="The committee's request to receive these reports, if it made one.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="kpi_sets",
                        to="tracker.informationrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "KPI set",
                "ordering": ["committee", "name"],
            },
        ),
        migrations.AddField(
            model_name="kpireport",
            name="kpi_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="tracker.kpiset",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="kpi_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="indicators",
                to="tracker.kpiset",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalKpiReport",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "period",
                    models.DateField(
                        help_text="The month reported: its first day.",
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True, help_text="As the report prints it.", max_length=300
                    ),
                ),
                (
                    "is_exempt",
                    models.BooleanField(
                        default=False, help_text="Not for publication: only the committee sees it."
                    ),
                ),
                (
                    "exempt_paragraph",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Paragraph 1"),
                            (2, "Paragraph 2"),
                            (3, "Paragraph 3"),
                            (4, "Paragraph 4"),
                            (5, "Paragraph 5"),
                            (6, "Paragraph 6"),
                            (7, "Paragraph 7"),
                        ],
                        help_text="The paragraph of Schedule 12A to the Local Government Act 1972.",
                        null=True,
                    ),
                ),
                ("exemption_reason", models.TextField(blank=True)),
                (
                    "headline_area",
                    models.CharField(
                        blank=True,
                        help_text="The area the headline figures are for, such as the council's own.",
                        max_length=100,
                    ),
                ),
                (
                    "headline_published",
                    models.CharField(
                        blank=True,
                        help_text='When the published figures are from: "Mar-18".',
                        max_length=100,
                    ),
                ),
                (
                    "headline_regional",
                    models.CharField(blank=True, help_text='For example "WM".', max_length=100),
                ),
                ("source", models.CharField(blank=True, max_length=300)),
                ("note", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The item it came under. Questions about it are recorded against this item, so a question about an exempt report is exempt too.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting whose agenda pack carried it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "kpi_set",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.kpiset",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical KPI report",
                "verbose_name_plural": "historical KPI reports",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIndicator",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(help_text="As the report numbers it: KPI 1.", max_length=30),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                (
                    "name",
                    models.CharField(
                        help_text="As the indicator's own page names it.", max_length=300
                    ),
                ),
                (
                    "index_name",
                    models.CharField(
                        blank=True,
                        help_text="The name the report's index gives it, where that differs.",
                        max_length=300,
                    ),
                ),
                ("definition", models.TextField(blank=True)),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "%"),
                            ("count", "Count"),
                            ("number", "Number"),
                            ("days", "Days"),
                            ("rate_10000", "Rate per 10,000 children"),
                        ],
                        default="percent",
                        max_length=20,
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("high", "High/Increasing"),
                            ("low", "Low/Decreasing"),
                            ("low_stable", "Low/Stable"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "frequency",
                    models.CharField(
                        choices=[
                            ("monthly", "Monthly"),
                            ("bimonthly", "Every two months"),
                            ("quarterly", "Quarterly"),
                            ("annual", "Annual"),
                        ],
                        default="monthly",
                        max_length=20,
                    ),
                ),
                ("numerator_label", models.CharField(blank=True, max_length=300)),
                ("denominator_label", models.CharField(blank=True, max_length=300)),
                (
                    "comparison_note",
                    models.TextField(
                        blank=True, help_text="How the figure it is compared with is worked out."
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True, help_text="Where the record is from.", max_length=300
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="Where the source is garbled or cut off."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
                (
                    "kpi_set",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.kpiset",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator",
                "verbose_name_plural": "historical indicators",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="NotificationPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "delivery",
                    models.CharField(
                        choices=[
                            ("digest", "In the daily digest"),
                            ("immediate", "By email straight away"),
                        ],
                        default="digest",
                        max_length=20,
                    ),
                ),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preference",
                        to="committees.person",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "responsibility",
                    models.CharField(
                        blank=True,
                        help_text="Who is responsible, as the document words it.",
                        max_length=300,
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="As the council writes it: R1, R01, SC18, 1.3. Unique within the inquiry.",
                        max_length=20,
                    ),
                ),
                ("text", models.TextField(blank=True)),
                (
                    "text_known",
                    models.BooleanField(
                        default=True,
                        help_text="Untick when the recommendation's wording has not been found yet.",
                    ),
                ),
                (
                    "original_due_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "due_date",
                    models.DateField(
                        blank=True,
                        help_text="The date now agreed; changed only by a recorded revision.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "due_month_only",
                    models.BooleanField(
                        default=False, help_text="The report gives only a month ('by May 2018')."
                    ),
                ),
                (
                    "delivered_on",
                    models.DateField(
                        blank=True,
                        help_text="When what was due was delivered (a report presented, a visit made), as an accepted update said, while the committee has still to assess it. It is then no longer overdue.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "tracking_ended_on",
                    models.DateField(
                        blank=True,
                        help_text="When the committee decided it was achieved or that tracking ends.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "achieved_on",
                    models.DateField(
                        blank=True,
                        help_text="When it was achieved: the day what was due was delivered or the update the committee accepted as achievement was received, which may be before the committee signed it off. Late means achieved after its due date.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "next_tracking_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "response",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("accepted", "Accepted"),
                            ("accepted_in_part", "Accepted in part"),
                            ("rejected", "Rejected"),
                        ],
                        help_text="The executive's answer; empty until it responds (or while not known).",
                        max_length=20,
                    ),
                ),
                (
                    "response_on",
                    models.DateField(
                        blank=True,
                        help_text="When it responded.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "response_reason",
                    models.TextField(
                        blank=True, help_text="Why it accepted only in part, or rejected."
                    ),
                ),
                (
                    "action_plan",
                    models.TextField(
                        blank=True, help_text="What the executive will do, for what it accepted."
                    ),
                ),
                (
                    "target_date",
                    models.DateField(
                        blank=True,
                        help_text="The executive's target date for its action plan.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                (
                    "withdrawn_on",
                    models.DateField(
                        blank=True,
                        help_text="When the committee withdrew it: tracking ends, and it is not achieved.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("withdrawn_reason", models.TextField(blank=True)),
                (
                    "agreed_at",
                    models.ForeignKey(
                        blank=True,
                        help_text="The committee's meeting where it arose or was agreed, as a council's own tracker records it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recommendations_agreed",
                        to="committees.meeting",
                    ),
                ),
                (
                    "current_assessment",
                    models.ForeignKey(
                        blank=True,
                        help_text="The committee's latest assessment.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recommendations",
                        to="tracker.inquiry",
                    ),
                ),
                (
                    "next_tracking_meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "owner_person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
                (
                    "owner_post",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
            ],
            options={
                "ordering": ["inquiry", "code"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("tracking_ended_on__isnull", True)),
                        fields=["due_date"],
                        name="rec_outstanding_due",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("code"),
                        models.F("inquiry"),
                        name="recommendation_unique_code_any_case",
                        violation_error_message="This inquiry already has a recommendation with that code (capitals do not make a code different: SC18 is sc18).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("text__gt", ""), ("text_known", True)),
                            models.Q(("text", ""), ("text_known", False)),
                            _connector="OR",
                        ),
                        name="recommendation_text_known",
                        violation_error_message="Give the recommendation's text, or record that it is not yet known (and leave the text empty).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("code", ""), _negated=True),
                        name="recommendation_has_code",
                        violation_error_message="Give the recommendation's code, as the council writes it.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("response", ""), ("response_on__isnull", True)),
                            models.Q(
                                models.Q(("response", ""), _negated=True),
                                ("response_on__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="recommendation_response_has_date",
                        violation_error_message="A response needs the date it was given.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("response__in", ["", "accepted"]),
                            models.Q(("response_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="recommendation_response_reason",
                        violation_error_message="Give the executive's reason for accepting only in part or rejecting.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("response__in", ["accepted", "accepted_in_part"]), _negated=True
                            ),
                            models.Q(
                                models.Q(("action_plan", ""), _negated=True),
                                ("target_date__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="recommendation_accepted_has_plan",
                        violation_error_message="What the executive accepts needs an action plan and a target date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("withdrawn_on__isnull", True),
                            models.Q(
                                models.Q(("withdrawn_reason", ""), _negated=True),
                                ("tracking_ended_on__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="recommendation_withdrawn_has_reason",
                        violation_error_message="A withdrawn recommendation needs the committee's reason, and is no longer tracked.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="OwnerUpdate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("submitted_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("progress_note", models.TextField()),
                ("evidence_link", models.URLField(blank=True)),
                ("evidence_text", models.TextField(blank=True)),
                (
                    "provided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                ("provided_how", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for review"),
                            ("accepted", "Accepted"),
                            ("returned", "Sent back"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.TextField(blank=True)),
                (
                    "proposed_assessment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="updates",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["-submitted_at"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("status", "pending")),
                        fields=["status", "submitted_at"],
                        name="update_pending",
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("recommendation__isnull", False), ("request__isnull", True)),
                            models.Q(("recommendation__isnull", True), ("request__isnull", False)),
                            _connector="OR",
                        ),
                        name="update_for_one_item",
                        violation_error_message="An update is about one recommendation or one request.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "returned"), _negated=True),
                            models.Q(("review_note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="update_returned_has_reason",
                        violation_error_message="Say why the update is sent back.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("provided_on__isnull", True),
                            ("request__isnull", False),
                            _connector="OR",
                        ),
                        name="update_provided_only_for_requests",
                        violation_error_message="Only requested information can be marked provided.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(
                            ("recommendation__isnull", False), ("status", "pending")
                        ),
                        fields=("recommendation",),
                        name="update_one_pending_per_recommendation",
                        violation_error_message="An update on this item is already waiting for the scrutiny officer's review.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("request__isnull", False), ("status", "pending")),
                        fields=("request",),
                        name="update_one_pending_per_request",
                        violation_error_message="An update on this item is already waiting for the scrutiny officer's review.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ImpactNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("noted_on", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "difference",
                    models.TextField(help_text="What changed because of the recommendation."),
                ),
                ("evidence_link", models.URLField(blank=True, max_length=500)),
                ("evidence_text", models.TextField(blank=True)),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="impact_notes",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["noted_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("difference", ""), _negated=True),
                        name="impact_has_difference",
                        violation_error_message="Say what difference the recommendation made.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("evidence_link", ""), _negated=True),
                            models.Q(("evidence_text", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="impact_has_evidence",
                        violation_error_message="Give the evidence: a link or a description.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalTrackingRound",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "update_received_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                ("executive_evidence", models.TextField(blank=True)),
                (
                    "decided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "next_tracking_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "status_as_printed",
                    models.CharField(
                        blank=True,
                        help_text="The status as the work programme prints it, for example 'in progress at the last update'.",
                        max_length=200,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "decision_reason",
                    models.TextField(
                        blank=True,
                        help_text="Why the committee decided as it did (required to reopen).",
                    ),
                ),
                (
                    "evidence_link",
                    models.URLField(
                        blank=True,
                        help_text="Evidence the committee accepted, as a link.",
                        max_length=500,
                    ),
                ),
                (
                    "evidence_text",
                    models.TextField(
                        blank=True, help_text="Evidence the committee accepted, described."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "committee_assessment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "decided_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting at which the committee decided its assessment.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
                (
                    "executive_assessment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical tracking round",
                "verbose_name_plural": "historical tracking rounds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOwnerUpdate",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("submitted_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("progress_note", models.TextField()),
                ("evidence_link", models.URLField(blank=True)),
                ("evidence_text", models.TextField(blank=True)),
                (
                    "provided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                ("provided_how", models.TextField(blank=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for review"),
                            ("accepted", "Accepted"),
                            ("returned", "Sent back"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposed_assessment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical owner update",
                "verbose_name_plural": "historical owner updates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalImpactNote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("noted_on", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "difference",
                    models.TextField(help_text="What changed because of the recommendation."),
                ),
                ("evidence_link", models.URLField(blank=True, max_length=500)),
                ("evidence_text", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical impact note",
                "verbose_name_plural": "historical impact notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDueDateRevision",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("previous_date", models.DateField(blank=True, null=True)),
                ("new_date", models.DateField(validators=[committees.dates.check_entered_date])),
                ("reason", models.TextField()),
                ("decided_on", models.DateField(validators=[committees.dates.check_entered_date])),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical due date revision",
                "verbose_name_plural": "historical due date revisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="DueDateRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("previous_date", models.DateField(blank=True, null=True)),
                ("new_date", models.DateField(validators=[committees.dates.check_entered_date])),
                ("reason", models.TextField()),
                ("decided_on", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="due_date_revisions",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="due_date_revisions",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["decided_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="revision_has_reason",
                        violation_error_message="Say why the due date changed.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("recommendation__isnull", False), ("request__isnull", True)),
                            models.Q(("recommendation__isnull", True), ("request__isnull", False)),
                            _connector="OR",
                        ),
                        name="revision_of_one_item",
                        violation_error_message="A revision is of one recommendation or one request.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReminderDigest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                (
                    "sweep_date",
                    models.DateField(help_text="The day of the sweep that composed it."),
                ),
                ("subject", models.CharField(blank=True, max_length=300)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting to be sent"),
                            ("sending", "Being sent"),
                            ("sent", "Delivered to the mail server"),
                            ("failed", "Failed: will be retried"),
                            ("uncertain", "Outcome unknown: check with the recipient"),
                            ("settled", "Settled by a scrutiny officer"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.TextField(blank=True)),
                ("settled_note", models.TextField(blank=True)),
                (
                    "immediate",
                    models.BooleanField(
                        default=False,
                        help_text="One notification sent as its own email as soon as it is recorded, for someone who chose immediate emails, rather than the day's digest.",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="digests",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "ordering": ["-sweep_date", "email"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("status__in", ["pending", "failed"])),
                        fields=["next_attempt_at"],
                        name="digest_to_send",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("immediate", False)),
                        fields=("email", "sweep_date"),
                        name="digest_once_per_recipient_per_day",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Reminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("due_soon", "Due soon"),
                            ("overdue", "Overdue"),
                            ("escalation", "Overdue: escalated"),
                            ("tracking", "Progress report due for tracking"),
                            ("report_deadline", "Report deadline"),
                            ("response_due", "Executive response due soon"),
                            ("response_overdue", "Executive response overdue"),
                            ("response_escalation", "Executive response overdue: escalated"),
                            ("update_waiting", "Update waiting for your review"),
                            ("update_accepted", "Your update was accepted"),
                            ("update_returned", "Your update was sent back"),
                            ("notes_published", "Action notes published"),
                            ("programme_published", "Work programme published"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "occasion",
                    models.DateField(help_text="The date this reminder is for (one per occasion)."),
                ),
                ("email", models.EmailField(max_length=254)),
                (
                    "on_behalf_of",
                    models.CharField(
                        blank=True,
                        help_text="When the owner cannot be reminded directly: the owner the officer chases.",
                        max_length=300,
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        blank=True,
                        help_text="A notification's own unique key: recording it again records nothing.",
                        max_length=300,
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=300)),
                (
                    "link",
                    models.CharField(
                        blank=True,
                        help_text="For a publication: the path of its page.",
                        max_length=500,
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="The reason an update was sent back."),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        help_text="For a publication: the committee whose notes or work programme it is.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "owner_update",
                    models.ForeignKey(
                        blank=True,
                        help_text="The owner's update it is about: waiting for review, accepted or sent back.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="tracker.ownerupdate",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reminders",
                        to="committees.person",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="tracker.recommendation",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="tracker.informationrequest",
                    ),
                ),
                (
                    "digest",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reminders",
                        to="tracker.reminderdigest",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("digest__isnull", True)),
                        fields=["digest"],
                        name="reminder_unsent",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), ("recommendation__isnull", False)),
                        fields=("kind", "occasion", "email", "recommendation"),
                        name="reminder_once_recommendation",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), ("request__isnull", False)),
                        fields=("kind", "occasion", "email", "request"),
                        name="reminder_once_request",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("agenda_item__isnull", False), ("key", "")),
                        fields=("kind", "occasion", "email", "agenda_item"),
                        name="reminder_once_agenda_item",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("agenda_item__isnull", True),
                                ("recommendation__isnull", False),
                                ("request__isnull", True),
                            ),
                            models.Q(
                                ("agenda_item__isnull", True),
                                ("recommendation__isnull", True),
                                ("request__isnull", False),
                            ),
                            models.Q(
                                ("agenda_item__isnull", False),
                                ("recommendation__isnull", True),
                                ("request__isnull", True),
                            ),
                            models.Q(
                                ("agenda_item__isnull", True),
                                ("committee__isnull", False),
                                ("recommendation__isnull", True),
                                ("request__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="reminder_about_one_thing",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        fields=("key",),
                        name="reminder_once_key",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ResponsePeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The response is due this many months after sending.",
                        null=True,
                    ),
                ),
                (
                    "days",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Or this many days (for example 28).", null=True
                    ),
                ),
                (
                    "committee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="response_period",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("days__isnull", True),
                                ("months__gte", 1),
                                ("months__isnull", False),
                            ),
                            models.Q(
                                ("days__gte", 1), ("days__isnull", False), ("months__isnull", True)
                            ),
                            _connector="OR",
                        ),
                        name="response_period_months_or_days",
                        violation_error_message="Give the period in months or in days (at least 1), not both.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TrackerColumnMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "headings_key",
                    models.CharField(
                        help_text="A digest of the file's column headings, whatever their order, case or spacing: files with the same headings share a mapping.",
                        max_length=64,
                    ),
                ),
                (
                    "headings",
                    models.JSONField(help_text="The file's column headings, as it wrote them."),
                ),
                (
                    "columns",
                    models.JSONField(
                        help_text="What each heading holds: one of the import's fields, or 'ignore'."
                    ),
                ),
                (
                    "outcomes",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Each outcome as the file writes it, with the assessment category chosen for it (its id), or none to leave it unassessed.",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tracker_column_mappings",
                        to="committees.committee",
                    ),
                ),
                (
                    "inquiry",
                    models.ForeignKey(
                        blank=True,
                        help_text="The inquiry the rows were last imported into.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="tracker.inquiry",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "-updated_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "headings_key"),
                        name="tracker_mapping_once_per_headings",
                        violation_error_message="This committee already has a mapping for these column headings.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TrackingRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "update_received_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                ("executive_evidence", models.TextField(blank=True)),
                (
                    "decided_on",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "next_tracking_date",
                    models.DateField(
                        blank=True, null=True, validators=[committees.dates.check_entered_date]
                    ),
                ),
                (
                    "status_as_printed",
                    models.CharField(
                        blank=True,
                        help_text="The status as the work programme prints it, for example 'in progress at the last update'.",
                        max_length=200,
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "decision_reason",
                    models.TextField(
                        blank=True,
                        help_text="Why the committee decided as it did (required to reopen).",
                    ),
                ),
                (
                    "evidence_link",
                    models.URLField(
                        blank=True,
                        help_text="Evidence the committee accepted, as a link.",
                        max_length=500,
                    ),
                ),
                (
                    "evidence_text",
                    models.TextField(
                        blank=True, help_text="Evidence the committee accepted, described."
                    ),
                ),
                (
                    "committee_assessment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "decided_at",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting at which the committee decided its assessment.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tracking_decisions",
                        to="committees.meeting",
                    ),
                ),
                (
                    "executive_assessment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tracker.assessmentcategory",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tracking_rounds",
                        to="tracker.recommendation",
                    ),
                ),
            ],
            options={
                "ordering": ["recommendation", "update_received_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("committee_assessment__isnull", True),
                            ("decided_on__isnull", False),
                            _connector="OR",
                        ),
                        name="round_assessment_has_date",
                        violation_error_message="Say when the committee decided its assessment.",
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                fields=["indicator", "report"], name="tracker_ind_indicat_f24192_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.UniqueConstraint(
                fields=("report", "indicator"),
                name="value_one_per_report",
                violation_error_message="This report already has a value for that indicator.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("actual__isnull", False), ("no_data_reason", "")),
                    models.Q(
                        ("actual__isnull", True), models.Q(("no_data_reason", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="value_figure_or_reason",
                violation_error_message="Give the month's figure, or say why there is none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="kpireport",
            constraint=models.UniqueConstraint(
                fields=("kpi_set", "period"),
                name="kpireport_one_per_month",
                violation_error_message="This set already has a report for that month.",
            ),
        ),
        migrations.AddConstraint(
            model_name="kpireport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("exempt_paragraph__isnull", True), ("is_exempt", False)),
                    models.Q(
                        ("exempt_paragraph__gte", 1),
                        ("exempt_paragraph__isnull", False),
                        ("exempt_paragraph__lte", 7),
                        ("is_exempt", True),
                    ),
                    _connector="OR",
                ),
                name="kpireport_exempt_has_paragraph",
                violation_error_message="An exempt report gives its paragraph (1 to 7) of Schedule 12A; a public one gives none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                fields=("kpi_set", "code"),
                name="indicator_unique_code",
                violation_error_message="This set already has an indicator with that code.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(("code", ""), _negated=True), name="indicator_has_code"
            ),
        ),
        migrations.RunPython(roles_and_default_scale, migrations.RunPython.noop),
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(add_search_indexes, remove_search_indexes, elidable=False),
    ]
