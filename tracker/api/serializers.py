"""What the API says of each thing. Exempt content is left out before it gets here: the
views choose the rows through `tracker.access.Access`, and an exempt agenda item reaches
a reader not entitled to it only as `PrivateAgendaItemSerializer` (its paragraph)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from committees.models import (
    AgendaItem,
    Committee,
    Meeting,
    Membership,
    Resolution,
    WorkProgrammeEntry,
)
from tracker.models import InformationRequest, KpiReport, OwnerUpdate, Recommendation
from tracker.search.selectors import RANKED_AT_MOST


def _owner(item) -> str | None:
    if item.owner_post_id:
        return item.owner_post.title
    if item.owner_person_id:
        return item.owner_person.name
    return item.responsibility or None


class CommitteeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "slug", "name", "url"]

    def get_url(self, committee) -> str:
        return reverse("api:committee-detail", kwargs={"slug": committee.slug})


class MembershipSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name")
    committee = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "committee", "person", "role", "party", "start", "end", "note"]


class ResolutionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id")
    agenda_item = serializers.IntegerField(source="agenda_item.number")

    class Meta:
        model = Resolution
        fields = ["id", "meeting", "agenda_item", "order", "text"]


class AgendaItemSerializer(serializers.Serializer):
    """An agenda item as the reader may know it. For an exempt item and a reader not
    entitled to its business: its number and "taken in private under paragraph N", with
    title, description, notes and resolutions all null."""

    number = serializers.IntegerField()
    is_exempt = serializers.BooleanField()
    exempt_paragraph = serializers.IntegerField(allow_null=True)
    public_label = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    notes = serializers.CharField(allow_null=True, help_text="Null until the reader may read them.")
    resolutions = serializers.ListField(child=serializers.CharField(), allow_null=True)

    def to_representation(self, item: AgendaItem) -> dict:
        entitled = self.context["entitled"]
        private = item.is_exempt and not entitled
        readable = not private and self.context["notes_visible"]
        return {
            "number": item.number,
            "is_exempt": item.is_exempt,
            "exempt_paragraph": item.exempt_paragraph if item.is_exempt else None,
            "public_label": item.public_label if item.is_exempt else None,
            "title": None if private else item.title,
            "description": None if private else item.description,
            "notes": item.notes if readable else None,
            "resolutions": [r.text for r in item.resolutions.all()] if readable else None,
        }


@extend_schema_field({"type": "string", "nullable": True, "pattern": "^[0-2][0-9]:[0-5][0-9]$"})
class LocalTimeField(serializers.Field):
    """A time of day in London ("18:00"), or null when not stated. A string, not JSON
    Schema's "time" format, which needs a UTC offset a meeting's time does not have."""

    def to_representation(self, value):
        return value.strftime("%H:%M") if value is not None else None


class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    start_time = LocalTimeField(read_only=True)
    end_time = LocalTimeField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "date",
            "start_time",
            "end_time",
            "room",
            "kind",
            "status",
            "report_deadline",
            "url",
        ]

    def get_url(self, meeting) -> str:
        return reverse("api:meeting-detail", kwargs={"pk": meeting.pk})


class MeetingDetailSerializer(MeetingSerializer):
    agenda_items = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda_items"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda_items(self, meeting) -> list[dict]:
        return AgendaItemSerializer(
            meeting.agenda_items.all(), many=True, context=self.context
        ).data


class WorkProgrammeEntrySerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", allow_null=True, default=None)

    class Meta:
        model = WorkProgrammeEntry
        fields = ["id", "committee", "meeting", "meeting_date", "order", "topic", "detail",
                  "lead_officer"]  # fmt: skip


class KpiReportSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="kpi_set.committee.slug")
    kpi_set = serializers.CharField(source="kpi_set.slug")
    public_label = serializers.SerializerMethodField()

    class Meta:
        model = KpiReport
        fields = ["id", "committee", "kpi_set", "period", "title", "meeting", "is_exempt",
                  "exempt_paragraph", "public_label"]  # fmt: skip

    def get_public_label(self, report) -> str | None:
        if not report.is_exempt:
            return None
        return f"Taken in private under paragraph {report.exempt_paragraph} of Schedule 12A"


class KpiLineSerializer(serializers.Serializer):
    """One indicator of a month's report, as the report's table shows it."""

    code = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    figure = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    trend = serializers.CharField(allow_blank=True)
    commentary = serializers.CharField(allow_blank=True)

    def to_representation(self, line) -> dict:
        row = line.row()
        return {name: str(row[name] or "") for name in self.fields}


class KpiReportDetailSerializer(KpiReportSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(KpiReportSerializer.Meta):
        fields = [*KpiReportSerializer.Meta.fields, "lines"]

    @extend_schema_field(KpiLineSerializer(many=True))
    def get_lines(self, report) -> list:
        return KpiLineSerializer(self.context["lines"], many=True).data


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    title = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    changes = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_changes(self, entry) -> list[dict[str, str]]:
        return [{"field": f, "from": old, "to": new} for f, old, new in entry.changes]


class OwnerUpdateSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SerializerMethodField()
    proposed_assessment = serializers.CharField(
        source="proposed_assessment.label", allow_null=True, default=None
    )
    item = serializers.SerializerMethodField()

    class Meta:
        model = OwnerUpdate
        fields = ["id", "item", "status", "submitted_by", "submitted_at", "progress_note",
                  "evidence_link", "evidence_text", "proposed_assessment", "provided_on",
                  "provided_how", "reviewed_at", "review_note"]  # fmt: skip

    def get_submitted_by(self, update) -> str:
        user = update.submitted_by
        person = getattr(user, "person", None) if user else None
        return person.name if person else (user.get_username() if user else "")

    def get_item(self, update) -> str:
        if update.recommendation_id:
            return reverse("api:recommendation-detail", kwargs={"pk": update.recommendation_id})
        return reverse("api:request-detail", kwargs={"pk": update.request_id})


class RecommendationSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="inquiry.committee.slug")
    inquiry = serializers.CharField(source="inquiry.title")
    owner = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    is_outstanding = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "committee", "inquiry", "code", "text", "text_known", "owner",
                  "status", "is_outstanding", "original_due_date", "due_date",
                  "due_month_only", "delivered_on", "tracking_ended_on", "achieved_on",
                  "next_tracking_date", "withdrawn_on", "url"]  # fmt: skip

    def get_owner(self, item) -> str | None:
        return _owner(item)

    def get_status(self, item) -> str:
        if item.withdrawn_on:
            return "Withdrawn"
        return item.current_assessment.label if item.current_assessment_id else "Not yet assessed"

    def get_url(self, item) -> str:
        return reverse("api:recommendation-detail", kwargs={"pk": item.pk})


class InformationRequestSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="meeting.committee.slug")
    meeting_date = serializers.DateField(source="meeting.date")
    agenda_item = serializers.IntegerField(
        source="agenda_item.number", allow_null=True, default=None
    )
    owner = serializers.SerializerMethodField()
    is_outstanding = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = ["id", "committee", "meeting", "meeting_date", "agenda_item", "kind", "text",
                  "owner", "status", "is_outstanding", "original_due_date", "due_date",
                  "provided_on", "provided_how", "withdrawn_on", "url"]  # fmt: skip

    def get_owner(self, item) -> str | None:
        return _owner(item)

    def get_url(self, item) -> str:
        return reverse("api:request-detail", kwargs={"pk": item.pk})


class ItemDetailMixin(serializers.Serializer):
    history = serializers.SerializerMethodField()
    updates = serializers.SerializerMethodField()

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, item) -> list:
        return HistoryEntrySerializer(self.context["timeline"], many=True).data

    @extend_schema_field(OwnerUpdateSerializer(many=True))
    def get_updates(self, item) -> list:
        return OwnerUpdateSerializer(self.context["updates"], many=True).data


class RecommendationDetailSerializer(ItemDetailMixin, RecommendationSerializer):
    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "history", "updates"]


class InformationRequestDetailSerializer(ItemDetailMixin, InformationRequestSerializer):
    class Meta(InformationRequestSerializer.Meta):
        fields = [*InformationRequestSerializer.Meta.fields, "history", "updates"]


class OutstandingRowSerializer(serializers.Serializer):
    """One row of the outstanding list: the page's columns."""

    kind = serializers.CharField()
    id = serializers.IntegerField()
    committee = serializers.CharField()
    source = serializers.CharField(allow_blank=True)
    source_date = serializers.DateField(allow_null=True)
    reference = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    owner = serializers.CharField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    due_month_only = serializers.BooleanField()
    overdue = serializers.BooleanField()
    status = serializers.CharField()
    next_tracking_date = serializers.DateField(allow_null=True)
    url = serializers.CharField()

    def to_representation(self, row: dict) -> dict:
        kind = row["row_kind"]
        name = "api:recommendation-detail" if kind == "recommendation" else "api:request-detail"
        return {
            "kind": kind,
            "id": row["row_pk"],
            "committee": row["row_committee"],
            "source": row["row_source"] or "",
            "source_date": _iso(row["row_source_date"]),
            "reference": row["row_reference"] or "",
            "text": row["row_text"] if row["row_text_known"] else "",
            "owner": row["row_owner"],
            "due_date": _iso(row["row_due_date"]),
            "due_month_only": bool(row["row_due_month_only"]),
            "overdue": bool(row["row_overdue"]),
            "status": row["row_status"],
            "next_tracking_date": _iso(row["row_next_tracking_date"]),
            "url": reverse(name, kwargs={"pk": row["row_pk"]}),
        }


def _iso(value):
    return value.isoformat() if value is not None else None


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)
    url = serializers.CharField()
    rank = serializers.FloatField()


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    heading = serializers.CharField()
    count = serializers.IntegerField(help_text="Every match the reader may see.")
    ranked = serializers.IntegerField(
        help_text=(
            "How many of them are ranked and paged: the most recently recorded, at most "
            f"{RANKED_AT_MOST}. More words narrow the search to older ones."
        )
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


class OutstandingPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True)
    results = OutstandingRowSerializer(many=True)
