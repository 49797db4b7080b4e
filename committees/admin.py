from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    Declaration,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    Post,
    PostHolding,
    Resolution,
    SourceConflict,
    StandingItem,
    SupportOfficer,
    WorkProgrammeEntry,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


class SupportOfficerInline(admin.TabularInline):
    model = SupportOfficer
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, SupportOfficerInline]


class PostHoldingInline(admin.TabularInline):
    model = PostHolding
    extra = 0
    autocomplete_fields = ["person", "post"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "job_title", "organisation", "is_councillor", "email", "user"]
    list_filter = ["is_councillor", "organisation"]
    search_fields = ["name", "other_spellings", "job_title", "email"]
    autocomplete_fields = ["user"]
    inlines = [PostHoldingInline]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "is_group", "organisation"]
    list_filter = ["is_group"]
    search_fields = ["title", "former_titles"]
    inlines = [PostHoldingInline]


@admin.register(PostHolding)
class PostHoldingAdmin(SimpleHistoryAdmin):
    list_display = ["post", "person", "start", "end"]
    search_fields = ["post__title", "person__name"]
    autocomplete_fields = ["person", "post"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "role", "party", "start", "end"]
    list_filter = ["committee", "role", "party"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]


@admin.register(SupportOfficer)
class SupportOfficerAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "role", "phone"]
    list_filter = ["committee"]
    search_fields = ["person__name", "role"]
    autocomplete_fields = ["person"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "is_exempt", "exempt_paragraph"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "substitute_for"]


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0
    autocomplete_fields = ["person"]


class ActionNotesInline(admin.TabularInline):
    model = ActionNotes
    fk_name = "meeting"
    extra = 0
    autocomplete_fields = ["confirmed_at"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "start_time", "committee", "kind", "status", "room", "report_deadline"]
    list_filter = ["committee", "kind", "status"]
    search_fields = ["room", "note", "agenda_items__title"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline, DeclarationInline, ActionNotesInline]


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "is_exempt", "exempt_paragraph"]
    list_filter = ["meeting__committee", "is_exempt"]
    search_fields = ["title", "notes", "presenters_text"]
    autocomplete_fields = ["presenters"]
    list_select_related = ["meeting__committee"]
    inlines = [ResolutionInline]


@admin.register(StandingItem)
class StandingItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "position", "order"]
    list_filter = ["committee", "position"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agenda_item"]
    search_fields = ["text"]
    list_select_related = ["agenda_item__meeting__committee"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "kind", "capacity"]
    list_filter = ["kind", "meeting__committee"]
    search_fields = ["person__name", "capacity"]
    autocomplete_fields = ["person", "substitute_for"]
    list_select_related = ["person", "meeting__committee"]


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "text"]
    search_fields = ["person__name", "text"]
    list_select_related = ["person", "meeting__committee"]


@admin.register(ActionNotes)
class ActionNotesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "part", "version", "status", "confirmed_at", "confirmed_on"]
    list_filter = ["part", "status"]
    search_fields = ["amendments"]
    list_select_related = ["meeting__committee", "confirmed_at__committee"]


@admin.register(ForwardPlanDecision)
class ForwardPlanDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "portfolio", "proposed_date", "decision_date"]
    list_filter = ["is_joint_decision", "portfolio"]
    search_fields = ["reference", "title", "portfolio", "lead_officer"]


@admin.register(CallIn)
class CallInAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["outcome_text", "decisions__title"]
    autocomplete_fields = ["requested_by", "decisions"]
    list_select_related = ["meeting"]


@admin.register(WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "meeting", "committee", "attendees"]
    list_filter = ["committee"]
    search_fields = ["topic", "detail", "attendees"]
    list_select_related = ["meeting__committee", "committee"]


@admin.register(SourceConflict)
class SourceConflictAdmin(admin.ModelAdmin):
    list_display = ["subject", "kept", "set_aside", "committee"]
    list_filter = ["committee"]
    search_fields = ["subject", "kept", "set_aside"]
