from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AssessmentCategory,
    AssessmentScale,
    CalendarLink,
    DueDateRevision,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
    Reminder,
    ReminderDigest,
    TrackingRound,
)


class AssessmentCategoryInline(admin.TabularInline):
    model = AssessmentCategory
    extra = 0


@admin.register(AssessmentScale)
class AssessmentScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    inlines = [AssessmentCategoryInline]


@admin.register(AssessmentCategory)
class AssessmentCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["label", "scale", "order", "ends_tracking", "counts_as_achieved"]
    list_filter = ["scale"]
    search_fields = ["label"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["code", "responsibility", "due_date", "current_assessment", "tracking_ended_on"]
    readonly_fields = ["current_assessment", "tracking_ended_on"]
    show_change_link = True


@admin.register(Inquiry)
class InquiryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "reported_to_council_on", "assessment_scale"]
    list_filter = ["committee"]
    search_fields = ["title", "summary"]
    inlines = [RecommendationInline]


class OverdueFilter(admin.SimpleListFilter):
    """Uses the same queryset definitions as every page, export and reminder."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue today"), ("outstanding", "Outstanding")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(timezone.localdate())
        if self.value() == "outstanding":
            return queryset.outstanding()
        return queryset


class TrackingRoundInline(admin.StackedInline):
    model = TrackingRound
    extra = 0
    autocomplete_fields = ["decided_at"]


class DueDateRevisionInline(admin.TabularInline):
    model = DueDateRevision
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
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
    autocomplete_fields = ["owner_post", "owner_person", "next_tracking_meeting"]
    list_select_related = ["inquiry", "current_assessment"]
    # These change through their pages, which record the reason: "Revise the due date"
    # and "Record the committee's assessment".
    readonly_fields = ["due_date", "current_assessment", "tracking_ended_on"]
    history_list_display = ["current_assessment", "due_date", "tracking_ended_on"]
    inlines = [TrackingRoundInline, DueDateRevisionInline]


@admin.register(TrackingRound)
class TrackingRoundAdmin(SimpleHistoryAdmin):
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
class InformationRequestAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "owner_label", "due_date", "status", "provided_on"]
    list_filter = [OverdueFilter, "status", "kind", "meeting__committee"]
    search_fields = ["text", "responsibility", "provided_how", "owner_person__name"]
    autocomplete_fields = ["owner_post", "owner_person", "meeting", "agenda_item"]
    list_select_related = ["meeting__committee", "owner_post", "owner_person"]
    history_list_display = ["status", "due_date", "provided_on"]
    date_hierarchy = "due_date"


@admin.register(DueDateRevision)
class DueDateRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "previous_date", "new_date", "decided_on", "reason"]
    list_filter = ["recommendation__inquiry"]
    search_fields = ["recommendation__code", "reason"]
    list_select_related = ["recommendation__inquiry"]


@admin.register(OwnerUpdate)
class OwnerUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "submitted_by", "submitted_at", "status", "reviewed_by"]
    list_filter = ["status"]
    search_fields = ["progress_note", "evidence_text", "review_note"]
    list_select_related = ["recommendation__inquiry", "request", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at"]


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["kind", "occasion", "recommendation", "request", "agenda_item", "on_behalf_of"]
    readonly_fields = fields
    can_delete = False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    """Every reminder email: delivered, failed (and why), or left uncertain by a crash."""

    list_display = ["email", "sweep_date", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "sweep_date"]
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


@admin.register(CalendarLink)
class CalendarLinkAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__name"]
    readonly_fields = ["token", "created_at"]
