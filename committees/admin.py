from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    CouncilSettings,
    Declaration,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    Post,
    PostHolding,
    ProgrammeMatter,
    ProgrammePublication,
    Resolution,
    SourceConflict,
    StandingItem,
    SupportOfficer,
    WorkProgrammeEntry,
)


class ReasonForm(forms.ModelForm):
    """Every admin save says why, and the history keeps it with who made it."""

    change_reason = forms.CharField(
        label="Why are you making this change?",
        help_text="Kept in the history of everything this save changes, with your name.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AuditedAdmin(SimpleHistoryAdmin):
    """An admin whose saves and deletions are in the history with who and why.

    Fields that a service owns (assessments, due dates, exemption, tracking rounds, notes
    versions) are read-only in the admins that show them: those change only through the
    app's pages, which apply the rules. Reverting to an old version from the history page
    is off (SIMPLE_HISTORY_REVERT_DISABLED) for the same reason.
    """

    form = ReasonForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._change_reason = form.cleaned_data["change_reason"]
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        obj._change_reason = "Deleted in the admin."
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one by one, so each deletion is in the history with why
            self.delete_model(request, obj)


class ReadOnlyInline:
    """An inline that lists its rows: they change only through the app's services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


class SupportOfficerInline(admin.TabularInline):
    model = SupportOfficer
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "report_deadline_days_before"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, SupportOfficerInline]


@admin.register(CouncilSettings)
class CouncilSettingsAdmin(AuditedAdmin):
    """The one row of the council's name and wording (also on /council/settings/)."""

    list_display = ["__str__", "full_council", "executive"]

    def has_add_permission(self, request):
        return not CouncilSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class PostHoldingInline(admin.TabularInline):
    model = PostHolding
    extra = 0
    autocomplete_fields = ["person", "post"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "job_title", "organisation", "is_councillor", "email", "user"]
    list_filter = ["is_councillor", "organisation"]
    search_fields = ["name", "other_spellings", "job_title", "email"]
    autocomplete_fields = ["user"]
    inlines = [PostHoldingInline]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["title", "is_group", "organisation"]
    list_filter = ["is_group"]
    search_fields = ["title", "former_titles"]
    inlines = [PostHoldingInline]


@admin.register(PostHolding)
class PostHoldingAdmin(AuditedAdmin):
    list_display = ["post", "person", "start", "end"]
    search_fields = ["post__title", "person__name"]
    autocomplete_fields = ["person", "post"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "committee", "role", "party", "start", "end"]
    list_filter = ["committee", "role", "party"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]


@admin.register(SupportOfficer)
class SupportOfficerAdmin(AuditedAdmin):
    list_display = ["person", "committee", "role", "phone"]
    list_filter = ["committee"]
    search_fields = ["person__name", "role"]
    autocomplete_fields = ["person"]


# Whether an item is exempt, and why, is decided on the meeting's recording page, which
# records the decision; here it is only shown.
EXEMPTION_FIELDS = [
    "is_exempt",
    "exempt_paragraph",
    "exemption_justification",
    "exemption_decided_by",
    "exemption_decided_on",
]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "is_exempt", "exempt_paragraph"]
    readonly_fields = ["is_exempt", "exempt_paragraph"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "substitute_for"]


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0
    autocomplete_fields = ["person"]


class ActionNotesInline(ReadOnlyInline, admin.TabularInline):
    model = ActionNotes
    fk_name = "meeting"
    fields = [
        "part",
        "version",
        "status",
        "published_at",
        "confirmed_at",
        "confirmed_on",
        "confirmed_by",
        "reason",
    ]


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["date", "start_time", "committee", "kind", "status", "room", "report_deadline"]
    list_filter = ["committee", "kind", "status"]
    search_fields = ["room", "note", "agenda_items__title"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline, DeclarationInline, ActionNotesInline]


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting", "is_exempt", "exempt_paragraph"]
    list_filter = ["meeting__committee", "is_exempt"]
    search_fields = ["title", "notes", "presenters_text"]
    autocomplete_fields = ["presenters"]
    list_select_related = ["meeting__committee"]
    readonly_fields = EXEMPTION_FIELDS
    inlines = [ResolutionInline]


@admin.register(StandingItem)
class StandingItemAdmin(AuditedAdmin):
    list_display = ["title", "committee", "position", "order"]
    list_filter = ["committee", "position"]


@admin.register(Resolution)
class ResolutionAdmin(AuditedAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    list_select_related = ["agenda_item__meeting__committee"]


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdmin):
    list_display = ["person", "meeting", "kind", "capacity"]
    list_filter = ["kind", "meeting__committee"]
    search_fields = ["person__name", "capacity"]
    autocomplete_fields = ["person", "substitute_for"]
    list_select_related = ["person", "meeting__committee"]


@admin.register(Declaration)
class DeclarationAdmin(AuditedAdmin):
    list_display = ["person", "meeting", "text"]
    search_fields = ["person__name", "text"]
    list_select_related = ["person", "meeting__committee"]


@admin.register(ActionNotes)
class ActionNotesAdmin(AuditedAdmin):
    list_display = [
        "meeting",
        "part",
        "version",
        "status",
        "published_at",
        "confirmed_at",
        "confirmed_on",
    ]
    list_filter = ["part", "status"]
    search_fields = ["amendments", "reason"]
    exclude = ["snapshot"]
    list_select_related = ["meeting__committee", "confirmed_at__committee"]

    # A version of the notes is written when notes are drafted, published, confirmed at a
    # meeting or corrected; a confirmed version never changes, so the admin only shows them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ForwardPlanDecision)
class ForwardPlanDecisionAdmin(AuditedAdmin):
    list_display = ["reference", "title", "portfolio", "proposed_date", "decision_date"]
    list_filter = ["is_joint_decision", "portfolio"]
    search_fields = ["reference", "title", "portfolio", "lead_officer"]


@admin.register(CallIn)
class CallInAdmin(AuditedAdmin):
    list_display = ["__str__", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["outcome_text", "decisions__title"]
    autocomplete_fields = ["requested_by", "decisions"]
    list_select_related = ["meeting"]


@admin.register(WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(AuditedAdmin):
    list_display = ["topic", "meeting", "committee", "attendees"]
    list_filter = ["committee"]
    search_fields = ["topic", "detail", "attendees"]
    list_select_related = ["meeting__committee", "committee"]


@admin.register(ProgrammeMatter)
class ProgrammeMatterAdmin(AuditedAdmin):
    list_display = ["text", "kind", "committee", "listed_from", "listed_until"]
    list_filter = ["committee", "kind"]
    search_fields = ["text", "source"]
    list_select_related = ["committee"]


@admin.register(ProgrammePublication)
class ProgrammePublicationAdmin(AuditedAdmin):
    list_display = ["committee", "month", "published_at", "published_by"]
    list_filter = ["committee"]
    list_select_related = ["committee", "published_by"]

    # Written by the publish button on the programme's page, which tells the members.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SourceConflict)
class SourceConflictAdmin(admin.ModelAdmin):
    list_display = ["subject", "kept", "set_aside", "committee"]
    list_filter = ["committee"]
    search_fields = ["subject", "kept", "set_aside"]
