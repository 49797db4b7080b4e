"""The committees app's tables as its migrations 0001 to 0014 left them, made at once.

A new installation runs this one migration: one CreateModel per model, with its
constraints and indexes, then the search indexes (PostgreSQL only). An installation that
applied 0001 to 0014 already is not changed by it (`replaces`); one that applied only some
of them goes on with the rest. Once every installation has passed 0014, the replaced files
can go.
"""

import committees.dates
import committees.models.people
import datetime
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models


def _search_indexes(apps):
    """Full-text search indexes on PostgreSQL, for the search page: each a GIN index on the
    very expression the search matches (`SearchVector` of the same fields, English
    configuration). Other databases search with a plain match and get no index."""

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
        ("committees", "0001_initial"),
        ("committees", "0002_standing_items_and_exemption_decisions"),
        ("committees", "0003_agenda_item_standing"),
        ("committees", "0004_history_reasons_kept_whole"),
        ("committees", "0005_work_programme_lead_officer_and_drops"),
        ("committees", "0006_entered_dates_and_declassification"),
        ("committees", "0007_meeting_time_may_be_unstated"),
        ("committees", "0008_programme_matters"),
        ("committees", "0009_notes_publishing"),
        ("committees", "0010_programme_publication"),
        ("committees", "0011_agenda_item_presenters_history"),
        ("committees", "0012_search_indexes"),
        ("committees", "0013_council_settings_and_committee_rules"),
        ("committees", "0014_declaration_interest"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Committee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("slug", models.SlugField(max_length=80, unique=True)),
                ("terms_of_reference", models.TextField(blank=True)),
                (
                    "report_deadline_days_before",
                    models.PositiveSmallIntegerField(
                        default=committees.models.people.default_report_deadline_days,
                        help_text="Reports for a meeting are due on the Monday on or before the day this many days before it.",
                        validators=[django.core.validators.MaxValueValidator(90)],
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Post",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, unique=True)),
                (
                    "former_titles",
                    models.TextField(
                        blank=True, help_text="Earlier names of this post, one per line."
                    ),
                ),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="A group of people such as All Councillors: reminders go to the scrutiny officers, who chase.",
                    ),
                ),
                ("organisation", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=300)),
                (
                    "description",
                    models.TextField(blank=True, help_text="What the public agenda says."),
                ),
                (
                    "standing",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("opening", "Opening standing item"),
                            ("closing", "Closing standing item"),
                        ],
                        help_text="Set on items copied from the committee's standing items; empty for business.",
                        max_length=10,
                    ),
                ),
                (
                    "presenters_text",
                    models.TextField(
                        blank=True,
                        help_text="Who attended for the item, as the agenda or notes put it.",
                    ),
                ),
                (
                    "is_exempt",
                    models.BooleanField(
                        default=False,
                        help_text="Taken in private: the public see only that it was.",
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
                (
                    "exemption_justification",
                    models.TextField(
                        blank=True, help_text="Why the public interest favours keeping it private."
                    ),
                ),
                ("exemption_decided_on", models.DateField(blank=True, null=True)),
                ("declassified_on", models.DateField(blank=True, null=True)),
                (
                    "declassification_reason",
                    models.TextField(
                        blank=True, help_text="Why the item could be published after all."
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True, help_text="The discussion, as the action notes record it."
                    ),
                ),
                (
                    "declassified_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who made the exempt item public.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "exemption_decided_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who marked the item exempt.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "number"],
            },
        ),
        migrations.CreateModel(
            name="CouncilSettings",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="As the council writes it on its documents, for example Kent County Council.",
                        max_length=200,
                    ),
                ),
                (
                    "full_council",
                    models.CharField(
                        default="Council",
                        help_text='What the meeting of all councillors is called: "Council", "City Council", "County Council".',
                        max_length=100,
                    ),
                ),
                (
                    "executive",
                    models.CharField(
                        default="Cabinet",
                        help_text='What the executive is called: "Cabinet", "Executive", "Policy and Resources Committee".',
                        max_length=100,
                    ),
                ),
            ],
            options={
                "verbose_name": "council settings",
                "verbose_name_plural": "council settings",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)),
                        name="council_settings_single_row",
                        violation_error_message="There is one set of council settings.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ForwardPlanDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        help_text="For example 005449/2018.", max_length=30, unique=True
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("portfolio", models.CharField(blank=True, max_length=200)),
                ("lead_officer", models.CharField(blank=True, max_length=300)),
                (
                    "is_joint_decision",
                    models.BooleanField(
                        default=False,
                        help_text="Made by a Cabinet Member jointly with a chief officer.",
                    ),
                ),
                ("proposed_date", models.DateField(blank=True, null=True)),
                ("decision_date", models.DateField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                (
                    "committees",
                    models.ManyToManyField(
                        blank=True, related_name="forward_plan_decisions", to="committees.committee"
                    ),
                ),
            ],
            options={
                "ordering": ["proposed_date", "reference"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCommittee",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("slug", models.SlugField(max_length=80)),
                ("terms_of_reference", models.TextField(blank=True)),
                (
                    "report_deadline_days_before",
                    models.PositiveSmallIntegerField(
                        default=committees.models.people.default_report_deadline_days,
                        help_text="Reports for a meeting are due on the Monday on or before the day this many days before it.",
                        validators=[django.core.validators.MaxValueValidator(90)],
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
            ],
            options={
                "verbose_name": "historical committee",
                "verbose_name_plural": "historical committees",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCouncilSettings",
            fields=[
                ("id", models.PositiveSmallIntegerField(db_index=True, default=1, editable=False)),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="As the council writes it on its documents, for example Kent County Council.",
                        max_length=200,
                    ),
                ),
                (
                    "full_council",
                    models.CharField(
                        default="Council",
                        help_text='What the meeting of all councillors is called: "Council", "City Council", "County Council".',
                        max_length=100,
                    ),
                ),
                (
                    "executive",
                    models.CharField(
                        default="Cabinet",
                        help_text='What the executive is called: "Cabinet", "Executive", "Policy and Resources Committee".',
                        max_length=100,
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
            ],
            options={
                "verbose_name": "historical council settings",
                "verbose_name_plural": "historical council settings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalForwardPlanDecision",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        db_index=True, help_text="For example 005449/2018.", max_length=30
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("portfolio", models.CharField(blank=True, max_length=200)),
                ("lead_officer", models.CharField(blank=True, max_length=300)),
                (
                    "is_joint_decision",
                    models.BooleanField(
                        default=False,
                        help_text="Made by a Cabinet Member jointly with a chief officer.",
                    ),
                ),
                ("proposed_date", models.DateField(blank=True, null=True)),
                ("decision_date", models.DateField(blank=True, null=True)),
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
                "verbose_name": "historical forward plan decision",
                "verbose_name_plural": "historical forward plan decisions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeeting",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "start_time",
                    models.TimeField(
                        blank=True,
                        default=datetime.time(10, 0),
                        help_text="Empty when the time is not stated.",
                        null=True,
                    ),
                ),
                ("end_time", models.TimeField(blank=True, null=True)),
                ("room", models.CharField(blank=True, max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("formal", "Committee meeting"),
                            ("informal", "Informal meeting"),
                            ("visit", "Visit"),
                            ("call_in", "Call-in meeting"),
                        ],
                        default="formal",
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="scheduled",
                        max_length=20,
                    ),
                ),
                (
                    "report_deadline",
                    models.DateField(
                        blank=True,
                        help_text="Reports for this meeting are due by this date. Only formal meetings have one.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
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
                "verbose_name": "historical meeting",
                "verbose_name_plural": "historical meetings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPerson",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("is_councillor", models.BooleanField(default=False)),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        help_text="For example the children's trust, or the police.",
                        max_length=200,
                    ),
                ),
                ("job_title", models.CharField(blank=True, max_length=200)),
                (
                    "email",
                    models.EmailField(
                        blank=True, help_text="Leave empty if not known.", max_length=254
                    ),
                ),
                (
                    "other_spellings",
                    models.CharField(
                        blank=True,
                        help_text="Other spellings found in the documents, separated by commas.",
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
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Only for people who sign in. Many owners (partner agencies) never do.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical person",
                "verbose_name_plural": "historical people",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPost",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=200)),
                (
                    "former_titles",
                    models.TextField(
                        blank=True, help_text="Earlier names of this post, one per line."
                    ),
                ),
                (
                    "is_group",
                    models.BooleanField(
                        default=False,
                        help_text="A group of people such as All Councillors: reminders go to the scrutiny officers, who chase.",
                    ),
                ),
                ("organisation", models.CharField(blank=True, max_length=200)),
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
                "verbose_name": "historical post",
                "verbose_name_plural": "historical posts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProgrammePublication",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="The first day of the month of the meeting it goes to."
                    ),
                ),
                ("published_at", models.DateTimeField()),
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
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical programme publication",
                "verbose_name_plural": "historical programme publications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResolution",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("text", models.TextField()),
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
                "verbose_name": "historical resolution",
                "verbose_name_plural": "historical resolutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStandingItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("opening", "Before the business"),
                            ("closing", "After the business"),
                        ],
                        max_length=10,
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("title", models.CharField(max_length=300)),
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
            ],
            options={
                "verbose_name": "historical standing item",
                "verbose_name_plural": "historical standing items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "start_time",
                    models.TimeField(
                        blank=True,
                        default=datetime.time(10, 0),
                        help_text="Empty when the time is not stated.",
                        null=True,
                    ),
                ),
                ("end_time", models.TimeField(blank=True, null=True)),
                ("room", models.CharField(blank=True, max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("formal", "Committee meeting"),
                            ("informal", "Informal meeting"),
                            ("visit", "Visit"),
                            ("call_in", "Call-in meeting"),
                        ],
                        default="formal",
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("held", "Held"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="scheduled",
                        max_length=20,
                    ),
                ),
                (
                    "report_deadline",
                    models.DateField(
                        blank=True,
                        help_text="Reports for this meeting are due by this date. Only formal meetings have one.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "ordering": ["date", "start_time"],
                "indexes": [
                    models.Index(
                        fields=["committee", "date"], name="committees__committ_4fcdce_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "date", "start_time"),
                        name="meeting_unique_slot",
                        violation_error_message="This committee already has a meeting at that date and time.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("report_deadline__isnull", True),
                            ("report_deadline__lte", models.F("date")),
                            _connector="OR",
                        ),
                        name="meeting_deadline_before_meeting",
                        violation_error_message="The report deadline must fall on or before the meeting date.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWorkProgrammeEntry",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("topic", models.CharField(max_length=300)),
                ("detail", models.TextField(blank=True)),
                (
                    "attendees",
                    models.TextField(
                        blank=True,
                        help_text="Officers and others invited to attend.",
                        verbose_name="officers invited",
                    ),
                ),
                (
                    "lead_officer",
                    models.CharField(
                        blank=True, help_text="The officer who leads on the topic.", max_length=300
                    ),
                ),
                (
                    "dropped_on",
                    models.DateField(
                        blank=True,
                        help_text="Set when the topic is dropped from the programme.",
                        null=True,
                    ),
                ),
                ("drop_reason", models.TextField(blank=True)),
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
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty while the topic is still to be scheduled.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical work programme session",
                "verbose_name_plural": "historical work programme",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProgrammeMatter",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("priority", "Priority issue"),
                            ("petition", "Petition"),
                            ("call_for_action", "Councillor Call for Action request"),
                        ],
                        max_length=20,
                    ),
                ),
                ("text", models.TextField()),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("listed_from", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "listed_until",
                    models.DateField(
                        blank=True,
                        help_text="The day it was taken off the programme; empty while listed.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("end_reason", models.TextField(blank=True)),
                ("source", models.CharField(blank=True, max_length=300)),
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
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting that takes it, once scheduled.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical programme matter",
                "verbose_name_plural": "historical programme matters",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCallIn",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("pending", "Not yet decided"),
                            ("not_called_in", "Not called in"),
                            ("called_in", "Called in: referred back to the Executive"),
                            ("unknown", "Not recorded"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("outcome_text", models.TextField(blank=True)),
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
            ],
            options={
                "verbose_name": "historical call-in",
                "verbose_name_plural": "historical call-ins",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgendaItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=300)),
                (
                    "description",
                    models.TextField(blank=True, help_text="What the public agenda says."),
                ),
                (
                    "standing",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("opening", "Opening standing item"),
                            ("closing", "Closing standing item"),
                        ],
                        help_text="Set on items copied from the committee's standing items; empty for business.",
                        max_length=10,
                    ),
                ),
                (
                    "presenters_text",
                    models.TextField(
                        blank=True,
                        help_text="Who attended for the item, as the agenda or notes put it.",
                    ),
                ),
                (
                    "is_exempt",
                    models.BooleanField(
                        default=False,
                        help_text="Taken in private: the public see only that it was.",
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
                (
                    "exemption_justification",
                    models.TextField(
                        blank=True, help_text="Why the public interest favours keeping it private."
                    ),
                ),
                ("exemption_decided_on", models.DateField(blank=True, null=True)),
                ("declassified_on", models.DateField(blank=True, null=True)),
                (
                    "declassification_reason",
                    models.TextField(
                        blank=True, help_text="Why the item could be published after all."
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True, help_text="The discussion, as the action notes record it."
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
                    "declassified_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who made the exempt item public.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "exemption_decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who marked the item exempt.",
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
            ],
            options={
                "verbose_name": "historical agenda item",
                "verbose_name_plural": "historical agenda items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalActionNotes",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        choices=[("public", "Public part"), ("private", "Private part")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(default=1)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("confirmed", "Confirmed"),
                            ("amended", "Confirmed with amendments"),
                            ("corrected", "Corrected after confirmation"),
                        ],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("amendments", models.TextField(blank=True)),
                ("confirmed_on", models.DateField(blank=True, null=True)),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the public could first read this version.",
                        null=True,
                    ),
                ),
                ("reason", models.TextField(blank=True, help_text="Why a correction was made.")),
                ("snapshot", models.JSONField(blank=True, editable=False, null=True)),
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
                    "confirmed_by",
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
                    "published_by",
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
                    "confirmed_at",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting that confirmed these notes.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
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
            ],
            options={
                "verbose_name": "historical action notes",
                "verbose_name_plural": "historical action notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agenda_items",
                to="committees.meeting",
            ),
        ),
        migrations.CreateModel(
            name="ActionNotes",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "part",
                    models.CharField(
                        choices=[("public", "Public part"), ("private", "Private part")],
                        default="public",
                        max_length=10,
                    ),
                ),
                ("version", models.PositiveSmallIntegerField(default=1)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("confirmed", "Confirmed"),
                            ("amended", "Confirmed with amendments"),
                            ("corrected", "Corrected after confirmation"),
                        ],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("amendments", models.TextField(blank=True)),
                ("confirmed_on", models.DateField(blank=True, null=True)),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the public could first read this version.",
                        null=True,
                    ),
                ),
                ("reason", models.TextField(blank=True, help_text="Why a correction was made.")),
                ("snapshot", models.JSONField(blank=True, editable=False, null=True)),
                (
                    "confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "confirmed_at",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting that confirmed these notes.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="confirmed_notes",
                        to="committees.meeting",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_notes",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "action notes",
                "ordering": ["meeting", "part", "version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "part", "version"), name="actionnotes_unique_version"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("confirmed_at__isnull", True), ("status", "draft")),
                            models.Q(
                                models.Q(("status", "draft"), _negated=True),
                                ("confirmed_at__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="actionnotes_confirmed_at_meeting",
                        violation_error_message="Confirmed notes must say which meeting confirmed them, and draft notes must not.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "corrected"), _negated=True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="actionnotes_corrected_has_reason",
                        violation_error_message="Say why the notes are corrected.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"), ("published_at__isnull", False), _connector="OR"
                        ),
                        name="actionnotes_confirmed_are_published",
                        violation_error_message="Confirmed notes are published.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "amended"), _negated=True),
                            models.Q(("amendments", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="actionnotes_amended_has_amendments",
                        violation_error_message="Notes confirmed with amendments must record the amendments.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Person",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("is_councillor", models.BooleanField(default=False)),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        help_text="For example the children's trust, or the police.",
                        max_length=200,
                    ),
                ),
                ("job_title", models.CharField(blank=True, max_length=200)),
                (
                    "email",
                    models.EmailField(
                        blank=True, help_text="Leave empty if not known.", max_length=254
                    ),
                ),
                (
                    "other_spellings",
                    models.CharField(
                        blank=True,
                        help_text="Other spellings found in the documents, separated by commas.",
                        max_length=300,
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        blank=True,
                        help_text="Only for people who sign in. Many owners (partner agencies) never do.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="person",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "people",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("chair", "Chair"),
                            ("deputy_chair", "Deputy Chair"),
                            ("member", "Member"),
                            ("substitute", "Substitute"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "party",
                    models.CharField(blank=True, help_text="Empty if not known.", max_length=100),
                ),
                ("start", models.DateField(blank=True, help_text="Empty if not known.", null=True)),
                ("end", models.DateField(blank=True, help_text="Empty while serving.", null=True)),
                ("note", models.CharField(blank=True, max_length=300)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="committees.committee",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "role", "person__name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("end__isnull", True),
                            ("end__gte", models.F("start")),
                            _connector="OR",
                        ),
                        name="membership_end_after_start",
                        violation_error_message="A membership cannot end before it starts.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSupportOfficer",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(help_text="For example Scrutiny Officer.", max_length=200),
                ),
                ("phone", models.CharField(blank=True, max_length=50)),
                ("start", models.DateField(blank=True, null=True)),
                ("end", models.DateField(blank=True, null=True)),
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
                "verbose_name": "historical support officer",
                "verbose_name_plural": "historical support officers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("chair", "Chair"),
                            ("deputy_chair", "Deputy Chair"),
                            ("member", "Member"),
                            ("substitute", "Substitute"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                (
                    "party",
                    models.CharField(blank=True, help_text="Empty if not known.", max_length=100),
                ),
                ("start", models.DateField(blank=True, help_text="Empty if not known.", null=True)),
                ("end", models.DateField(blank=True, help_text="Empty while serving.", null=True)),
                ("note", models.CharField(blank=True, max_length=300)),
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
                "verbose_name": "historical membership",
                "verbose_name_plural": "historical memberships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDeclaration",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                (
                    "interest",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("pecuniary", "Disclosable pecuniary interest"),
                            ("prejudicial", "Prejudicial interest"),
                            ("other", "Other interest"),
                            ("none", "No interest (a statement for openness)"),
                        ],
                        help_text="What kind of interest was declared, where the record says.",
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
                "verbose_name": "historical declaration",
                "verbose_name_plural": "historical declarations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAttendance",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("present", "Present"),
                            ("apologies", "Apologies"),
                            ("also_present", "Also present"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True,
                        help_text="For example Chair, or the post they attended in.",
                        max_length=300,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="For example 'for lateness'.", max_length=300
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
                (
                    "substitute_for",
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
                "verbose_name": "historical attendance",
                "verbose_name_plural": "historical attendance",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgendaItem_presenters",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agendaitem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="committees.historicalagendaitem",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAgendaItem_presenters",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Declaration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                (
                    "interest",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("pecuniary", "Disclosable pecuniary interest"),
                            ("prejudicial", "Prejudicial interest"),
                            ("other", "Other interest"),
                            ("none", "No interest (a statement for openness)"),
                        ],
                        help_text="What kind of interest was declared, where the record says.",
                        max_length=20,
                    ),
                ),
                (
                    "agenda_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="declarations",
                        to="committees.agendaitem",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="declarations",
                        to="committees.meeting",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="declarations",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "ordering": ["meeting", "person__name"],
            },
        ),
        migrations.CreateModel(
            name="CallIn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("pending", "Not yet decided"),
                            ("not_called_in", "Not called in"),
                            ("called_in", "Called in: referred back to the Executive"),
                            ("unknown", "Not recorded"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("outcome_text", models.TextField(blank=True)),
                (
                    "decisions",
                    models.ManyToManyField(
                        related_name="call_ins", to="committees.forwardplandecision"
                    ),
                ),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="call_in",
                        to="committees.meeting",
                    ),
                ),
                (
                    "requested_by",
                    models.ManyToManyField(
                        blank=True, related_name="call_ins_requested", to="committees.person"
                    ),
                ),
            ],
            options={
                "verbose_name": "call-in",
            },
        ),
        migrations.CreateModel(
            name="Attendance",
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
                            ("present", "Present"),
                            ("apologies", "Apologies"),
                            ("also_present", "Also present"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True,
                        help_text="For example Chair, or the post they attended in.",
                        max_length=300,
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="For example 'for lateness'.", max_length=300
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="committees.meeting",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="committees.person",
                    ),
                ),
                (
                    "substitute_for",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "attendance",
                "ordering": ["meeting", "kind", "person__name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("meeting", "person", "kind"),
                        name="attendance_once_per_kind",
                        violation_error_message="This person is already recorded that way at this meeting.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="presenters",
            field=models.ManyToManyField(
                blank=True, related_name="presented_items", to="committees.person"
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPostHolding",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(blank=True, help_text="Empty if not known.", null=True)),
                ("end", models.DateField(blank=True, help_text="Empty while held.", null=True)),
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
                (
                    "post",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.post",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical post holding",
                "verbose_name_plural": "historical post holdings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PostHolding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(blank=True, help_text="Empty if not known.", null=True)),
                ("end", models.DateField(blank=True, help_text="Empty while held.", null=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="post_holdings",
                        to="committees.person",
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="holdings",
                        to="committees.post",
                    ),
                ),
            ],
            options={
                "ordering": ["post", "start"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start__isnull", True),
                            ("end__isnull", True),
                            ("end__gte", models.F("start")),
                            _connector="OR",
                        ),
                        name="postholding_end_after_start",
                        violation_error_message="A post cannot be given up before it was taken up.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProgrammeMatter",
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
                            ("priority", "Priority issue"),
                            ("petition", "Petition"),
                            ("call_for_action", "Councillor Call for Action request"),
                        ],
                        max_length=20,
                    ),
                ),
                ("text", models.TextField()),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("listed_from", models.DateField(validators=[committees.dates.check_entered_date])),
                (
                    "listed_until",
                    models.DateField(
                        blank=True,
                        help_text="The day it was taken off the programme; empty while listed.",
                        null=True,
                        validators=[committees.dates.check_entered_date],
                    ),
                ),
                ("end_reason", models.TextField(blank=True)),
                ("source", models.CharField(blank=True, max_length=300)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="programme_matters",
                        to="committees.committee",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting that takes it, once scheduled.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "kind", "listed_from", "order", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("listed_until__isnull", True),
                            ("listed_until__gt", models.F("listed_from")),
                            _connector="OR",
                        ),
                        name="programme_matter_listed_before_ended",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProgrammePublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(
                        help_text="The first day of the month of the meeting it goes to."
                    ),
                ),
                ("published_at", models.DateTimeField()),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="programme_publications",
                        to="committees.committee",
                    ),
                ),
                (
                    "published_by",
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
                "ordering": ["committee", "-month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "month"),
                        name="programme_published_once_a_month",
                        violation_error_message="This month's work programme is already published.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Resolution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("text", models.TextField()),
                (
                    "agenda_item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="resolutions",
                        to="committees.agendaitem",
                    ),
                ),
            ],
            options={
                "ordering": ["agenda_item", "order"],
            },
        ),
        migrations.CreateModel(
            name="SourceConflict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject", models.CharField(max_length=300)),
                ("kept", models.TextField(help_text="The value kept (from the later document).")),
                ("kept_source", models.CharField(max_length=300)),
                ("set_aside", models.TextField()),
                ("set_aside_source", models.CharField(max_length=300)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conflicts",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "subject"],
                "constraints": [
                    models.UniqueConstraint(fields=("committee", "subject"), name="conflict_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="StandingItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.CharField(
                        choices=[
                            ("opening", "Before the business"),
                            ("closing", "After the business"),
                        ],
                        max_length=10,
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("title", models.CharField(max_length=300)),
                ("description", models.TextField(blank=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standing_items",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "-position", "order"],
            },
        ),
        migrations.CreateModel(
            name="SupportOfficer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(help_text="For example Scrutiny Officer.", max_length=200),
                ),
                ("phone", models.CharField(blank=True, max_length=50)),
                ("start", models.DateField(blank=True, null=True)),
                ("end", models.DateField(blank=True, null=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="support_officers",
                        to="committees.committee",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="supports",
                        to="committees.person",
                    ),
                ),
            ],
            options={
                "ordering": ["committee", "person__name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("committee", "person"), name="supportofficer_once_per_committee"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WorkProgrammeEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=1)),
                ("topic", models.CharField(max_length=300)),
                ("detail", models.TextField(blank=True)),
                (
                    "attendees",
                    models.TextField(
                        blank=True,
                        help_text="Officers and others invited to attend.",
                        verbose_name="officers invited",
                    ),
                ),
                (
                    "lead_officer",
                    models.CharField(
                        blank=True, help_text="The officer who leads on the topic.", max_length=300
                    ),
                ),
                (
                    "dropped_on",
                    models.DateField(
                        blank=True,
                        help_text="Set when the topic is dropped from the programme.",
                        null=True,
                    ),
                ),
                ("drop_reason", models.TextField(blank=True)),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="work_programme",
                        to="committees.committee",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty while the topic is still to be scheduled.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="sessions",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "work programme session",
                "verbose_name_plural": "work programme",
                "ordering": ["meeting__date", "order"],
            },
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                fields=("meeting", "number"),
                name="agendaitem_unique_number",
                violation_error_message="This meeting already has an item with that number.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("exempt_paragraph__isnull", True), ("is_exempt", False)),
                    models.Q(
                        ("exempt_paragraph__gte", 1),
                        ("exempt_paragraph__isnull", False),
                        ("exempt_paragraph__lte", 7),
                        models.Q(
                            ("is_exempt", True), ("declassified_on__isnull", False), _connector="OR"
                        ),
                    ),
                    _connector="OR",
                ),
                name="agendaitem_exempt_has_paragraph",
                violation_error_message="An exempt item must give its paragraph (1 to 7) of Schedule 12A, and a public item must not unless it was made public later.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("declassified_on__isnull", True),
                    models.Q(
                        ("exempt_paragraph__isnull", False),
                        ("is_exempt", False),
                        models.Q(("declassification_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="agendaitem_declassified_has_reason",
                violation_error_message="An item made public after being exempt keeps its paragraph and says why it could be published.",
            ),
        ),
        migrations.RunPython(add_search_indexes, remove_search_indexes, elidable=False),
    ]
