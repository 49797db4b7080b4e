from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from committees import clock
from committees.admin import AuditedAdmin, ReadOnlyInline

from .api.tokens import api_token_revoke
from .exported_text import validate_exported_text
from .items.services import calendar_link_revoke
from .kpis.exports import VALUE_COLUMNS
from .kpis.models import (
    HeadlineRate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    KpiQuestion,
    KpiReport,
    KpiSet,
)
from .models import (
    ApiToken,
    AssessmentCategory,
    AssessmentScale,
    CalendarLink,
    CommitteeScale,
    DueDateRevision,
    ImpactNote,
    InformationRequest,
    Inquiry,
    NotificationPreference,
    OwnerUpdate,
    Recommendation,
    Reminder,
    ReminderDigest,
    ResponsePeriod,
    TrackerColumnMapping,
    TrackingRound,
)


class ExportedTextMixin:
    """Free texts the downloads write are kept within a spreadsheet cell here too."""

    exported_text_fields: tuple[str, ...] = ("text",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.exported_text_fields:
            field.validators.append(validate_exported_text)
        return field


class AssessmentCategoryInline(admin.TabularInline):
    model = AssessmentCategory
    extra = 0


@admin.register(AssessmentScale)
class AssessmentScaleAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    inlines = [AssessmentCategoryInline]


@admin.register(AssessmentCategory)
class AssessmentCategoryAdmin(AuditedAdmin):
    list_display = ["label", "scale", "order", "ends_tracking", "counts_as_achieved"]
    list_filter = ["scale"]
    search_fields = ["label"]


class RecommendationInline(ExportedTextMixin, admin.StackedInline):
    """Recommendations are added with their inquiry; each one then changes on its own page."""

    model = Recommendation
    extra = 0
    fields = ["code", "text_known", "text", "responsibility", "original_due_date"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        # Existing rows are shown, not edited here: a due date changes only by a revision
        # with a reason, and an assessment only by the committee's decision.
        return False


@admin.register(Inquiry)
class InquiryAdmin(AuditedAdmin):
    list_display = ["title", "committee", "reported_to_council_on", "assessment_scale"]
    list_filter = ["committee"]
    search_fields = ["title", "summary"]
    # The response clock is set through the inquiry's page, which works out the due date.
    readonly_fields = ["sent_to_executive_on", "executive_response_due_on"]
    inlines = [RecommendationInline]


class OverdueFilter(admin.SimpleListFilter):
    """Uses the same queryset definitions as every page, export and reminder."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue today"), ("outstanding", "Outstanding")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(clock.today())
        if self.value() == "outstanding":
            return queryset.outstanding()
        return queryset


class TrackingRoundInline(ReadOnlyInline, admin.StackedInline):
    model = TrackingRound


class DueDateRevisionInline(ReadOnlyInline, admin.TabularInline):
    model = DueDateRevision


class ShownOnlyAdmin(AuditedAdmin):
    """Records written only by a service, that keeps its rules: listed, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ExportedTextMixin, AuditedAdmin):
    list_display = [
        "code",
        "inquiry",
        "responsibility",
        "due_date",
        "current_assessment",
        "tracking_ended_on",
    ]
    list_filter = [OverdueFilter, "inquiry__committee", "inquiry", "current_assessment"]
    search_fields = ["code", "text", "responsibility", "owner_post__title", "owner_person__name"]
    autocomplete_fields = ["owner_post", "owner_person"]
    raw_id_fields = ["agreed_at"]
    list_select_related = ["inquiry", "current_assessment"]
    # These change through their pages, which record the reason: "Revise the due date"
    # and "Record the committee's assessment".
    readonly_fields = [
        "original_due_date",
        "due_date",
        "current_assessment",
        "tracking_ended_on",
        "next_tracking_meeting",
        # The executive's response and a withdrawal change through their pages, with
        # their rules ("Record the executive's response", "Record the withdrawal").
        "response",
        "response_on",
        "response_reason",
        "action_plan",
        "target_date",
        "withdrawn_on",
        "withdrawn_reason",
    ]
    history_list_display = ["current_assessment", "due_date", "tracking_ended_on"]
    inlines = [TrackingRoundInline, DueDateRevisionInline]


@admin.register(TrackingRound)
class TrackingRoundAdmin(ShownOnlyAdmin):
    list_display = [
        "recommendation",
        "update_received_on",
        "executive_assessment",
        "committee_assessment",
        "decided_on",
    ]
    list_filter = ["recommendation__inquiry"]
    search_fields = ["recommendation__code", "executive_evidence", "note"]
    list_select_related = [
        "recommendation__inquiry",
        "executive_assessment",
        "committee_assessment",
    ]


@admin.register(InformationRequest)
class InformationRequestAdmin(ExportedTextMixin, AuditedAdmin):
    list_display = ["text", "meeting", "owner_label", "due_date", "status", "provided_on"]
    list_filter = [OverdueFilter, "status", "kind", "meeting__committee"]
    search_fields = ["text", "responsibility", "provided_how", "owner_person__name"]
    autocomplete_fields = ["owner_post", "owner_person", "meeting", "agenda_item"]
    list_select_related = ["meeting__committee", "owner_post", "owner_person"]
    history_list_display = ["status", "due_date", "provided_on"]
    date_hierarchy = "due_date"
    # Provided and withdrawn are recorded through the request's pages, with the reason.
    readonly_fields = [
        "due_date",
        "status",
        "provided_on",
        "provided_how",
        "withdrawn_on",
        "withdrawn_reason",
    ]


@admin.register(DueDateRevision)
class DueDateRevisionAdmin(ShownOnlyAdmin):
    list_display = ["recommendation", "previous_date", "new_date", "decided_on", "reason"]
    list_filter = ["recommendation__inquiry"]
    search_fields = ["recommendation__code", "reason"]
    list_select_related = ["recommendation__inquiry"]


@admin.register(OwnerUpdate)
class OwnerUpdateAdmin(ShownOnlyAdmin):
    list_display = ["__str__", "submitted_by", "submitted_at", "status", "reviewed_by"]
    list_filter = ["status"]
    search_fields = ["progress_note", "evidence_text", "review_note"]
    list_select_related = ["recommendation__inquiry", "request", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at"]


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = [
        "kind",
        "occasion",
        "recommendation",
        "request",
        "agenda_item",
        "committee",
        "title",
        "on_behalf_of",
        "note",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    """Every reminder email: delivered, failed (and why), or left uncertain by a crash."""

    list_display = ["email", "sweep_date", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "immediate", "sweep_date"]
    search_fields = ["email", "subject", "recipient__name"]
    readonly_fields = [f.name for f in ReminderDigest._meta.fields if f.name != "settled_note"]
    inlines = [ReminderInline]
    actions = ["settle", "send_again"]

    @admin.action(description="Settle: the recipient had it, or no longer needs it")
    def settle(self, request, queryset):
        done = queryset.filter(status=ReminderDigest.Status.UNCERTAIN).update(
            status=ReminderDigest.Status.SETTLED
        )  # bookkeeping on the delivery record, which keeps no history of its own
        self.message_user(request, f"{done} uncertain email(s) settled.")

    @admin.action(description="Send again at the next sweep")
    def send_again(self, request, queryset):
        done = queryset.filter(
            status__in=[ReminderDigest.Status.UNCERTAIN, ReminderDigest.Status.FAILED]
        ).update(
            status=ReminderDigest.Status.PENDING, next_attempt_at=timezone.now()
        )  # bookkeeping on the delivery record, which keeps no history of its own
        self.message_user(request, f"{done} email(s) will be sent at the next sweep.")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "email", "occasion", "subject_item", "digest", "created_at"]
    list_filter = ["kind", "digest__status"]
    search_fields = ["email", "on_behalf_of", "recipient__name"]
    list_select_related = ["recommendation__inquiry", "request__meeting", "agenda_item", "digest"]
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ShownOnlyAdmin):
    """Each person sets their own, on their notification settings page."""

    list_display = ["person", "delivery", "changed_at"]
    list_filter = ["delivery"]
    search_fields = ["person__name"]
    list_select_related = ["person"]


@admin.register(CalendarLink)
class CalendarLinkAdmin(admin.ModelAdmin):
    """Whether a person has a calendar link and whether it was stopped; never its token.

    The token is the credential that reads the person's feed: it is shown only to the
    person, on their own calendar page.
    """

    list_display = ["person", "created_at", "is_live", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__name"]
    fields = ["person", "created_at", "is_live", "revoked_at"]
    readonly_fields = fields
    actions = ["stop"]

    @admin.display(boolean=True, description="Working")
    def is_live(self, link: CalendarLink) -> bool:
        return link.revoked_at is None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a stopped link stays on record

    @admin.action(description="Stop these links: their feeds stop working at once")
    def stop(self, request, queryset):
        stopped = sum(
            calendar_link_revoke(link=link, by_user=request.user)
            for link in queryset.filter(revoked_at__isnull=True)
        )
        self.message_user(request, f"{stopped} calendar link(s) stopped.")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Whose API tokens there are, their names, last use and whether revoked; never a value
    (only its digest is stored, and that is not shown either)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a revoked token stays on record

    @admin.action(description="Revoke these tokens: they stop working at once")
    def revoke(self, request, queryset):
        revoked = sum(
            api_token_revoke(token=token, by_user=request.user)
            for token in queryset.filter(revoked_at__isnull=True)
        )
        self.message_user(request, f"{revoked} API token(s) revoked.")


@admin.register(ResponsePeriod)
class ResponsePeriodAdmin(AuditedAdmin):
    """A committee's own period for the executive's response (else the council's setting,
    TRACKER_EXECUTIVE_RESPONSE_PERIOD). It applies to reports sent from now on."""

    list_display = ["committee", "months", "days"]


@admin.register(CommitteeScale)
class CommitteeScaleAdmin(AuditedAdmin):
    """The scale a committee's new inquiries start with (else the council's setting,
    TRACKER_DEFAULT_ASSESSMENT_SCALE). Also on the committee's settings page."""

    list_display = ["committee", "scale"]


@admin.register(ImpactNote)
class ImpactNoteAdmin(ShownOnlyAdmin):
    list_display = ["recommendation", "noted_on"]
    list_select_related = ["recommendation__inquiry"]
    search_fields = ["difference", "evidence_text"]


# -- performance reports: indicators, targets and values as data ---------------------------
# Officers import a month's values (tracker/kpis); an administrator keeps the indicators
# themselves here. Every save asks for a reason, kept in the history with who.


class IndicatorTargetInline(admin.TabularInline):
    """A new target is a new row from its start date: earlier months keep theirs."""

    model = IndicatorTarget
    extra = 0
    can_delete = False


@admin.register(KpiSet)
class KpiSetAdmin(AuditedAdmin):
    list_display = ["name", "provider", "committee", "is_contract"]
    list_filter = ["committee"]
    search_fields = ["name", "provider"]
    list_select_related = ["committee"]
    raw_id_fields = ["requested_by"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "kpi_set", "unit", "direction", "owner_post"]
    list_filter = ["kpi_set", "unit", "direction"]
    search_fields = ["code", "name", "index_name", "definition"]
    list_select_related = ["kpi_set", "owner_post"]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(AuditedAdmin):
    list_display = ["indicator", "starts_on", "target", "tolerance_low", "tolerance_high"]
    list_filter = ["indicator__kpi_set"]
    list_select_related = ["indicator"]


@admin.register(KpiReport)
class KpiReportAdmin(AuditedAdmin):
    list_display = ["kpi_set", "period", "meeting", "is_exempt"]
    list_filter = ["kpi_set", "is_exempt"]
    list_select_related = ["kpi_set", "meeting"]
    raw_id_fields = ["meeting", "agenda_item"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ExportedTextMixin, AuditedAdmin):
    exported_text_fields = tuple(name for name, kind in VALUE_COLUMNS.values() if kind == "text")
    list_display = ["indicator", "report", "actual", "no_data_reason"]
    list_filter = ["report__kpi_set", "report__period"]
    list_select_related = ["indicator", "report"]


@admin.register(KpiQuestion)
class KpiQuestionAdmin(AuditedAdmin):
    list_display = ["value", "request", "asked_by"]
    list_select_related = ["value__indicator", "value__report", "request", "asked_by"]
    raw_id_fields = ["value", "request"]


@admin.register(HeadlineRate)
class HeadlineRateAdmin(AuditedAdmin):
    list_display = ["report", "measure"]
    list_select_related = ["report"]


@admin.register(TrackerColumnMapping)
class TrackerColumnMappingAdmin(AuditedAdmin):
    """The columns of councils' own trackers, as officers mapped them on import."""

    list_display = ["committee", "inquiry", "updated_at", "updated_by"]
    list_filter = ["committee"]
    list_select_related = ["committee", "inquiry", "updated_by"]
    raw_id_fields = ["inquiry"]
    readonly_fields = ["headings_key", "updated_at", "updated_by"]
