"""The public record through the API: committees, members, meetings and their agenda,
resolutions, the work programme and KPI reports. Each reads what the pages read, through
the same rules (tracker.access.Access and the querysets' `visible_to`)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from committees import clock
from committees.models import (
    ActionNotes,
    Committee,
    Meeting,
    Membership,
    Resolution,
    WorkProgrammeEntry,
    active_on,
)
from tracker.access import access_for
from tracker.kpis import selectors as kpi_selectors
from tracker.models import KpiReport

from . import serializers
from .pagination import OldestFirstPagination, RecordCursorPagination

COMMITTEE = OpenApiParameter("committee", str, description="A committee's slug.")


def _committee_q(request, path: str) -> dict:
    slug = request.query_params.get("committee")
    return {path: slug} if slug else {}


class CommitteeList(generics.ListAPIView):
    serializer_class = serializers.CommitteeSerializer
    pagination_class = OldestFirstPagination
    queryset = Committee.objects.all()


class CommitteeDetail(generics.RetrieveAPIView):
    serializer_class = serializers.CommitteeSerializer
    queryset = Committee.objects.all()
    lookup_field = "slug"


@extend_schema(
    parameters=[
        COMMITTEE,
        OpenApiParameter("current", bool, description="Only those serving today."),
    ]
)
class MembershipList(generics.ListAPIView):
    """Who sits on the committees, with their roles and dates, as the committee page lists them."""

    serializer_class = serializers.MembershipSerializer
    pagination_class = OldestFirstPagination

    def get_queryset(self):
        rows = Membership.objects.select_related("person", "committee").filter(
            **_committee_q(self.request, "committee__slug")
        )
        if self.request.query_params.get("current") in {"true", "1"}:
            rows = rows.filter(active_on(clock.today()))
        return rows


@extend_schema(parameters=[COMMITTEE])
class MeetingList(generics.ListAPIView):
    serializer_class = serializers.MeetingSerializer
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        return Meeting.objects.select_related("committee").filter(
            **_committee_q(self.request, "committee__slug")
        )


class MeetingDetail(generics.RetrieveAPIView):
    """A meeting and its agenda. An exempt item is, to anyone not entitled to the
    committee's exempt business, only its number and the paragraph it was taken under;
    notes and resolutions are there once the reader may read them (the meeting page's
    rule: `Access.reads_notes_of`)."""

    serializer_class = serializers.MeetingDetailSerializer

    def get_queryset(self):
        return Meeting.objects.select_related("committee").prefetch_related(
            Prefetch("agenda_items__resolutions", queryset=Resolution.objects.order_by("order")),
            Prefetch("action_notes", queryset=ActionNotes.objects.all()),
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
            access = access_for(self.request.user)
            context["entitled"] = access.sees_exempt_of(meeting.committee_id)
            context["notes_visible"] = access.reads_notes_of(
                meeting.committee_id, list(meeting.action_notes.all())
            )
        return context


@extend_schema(parameters=[COMMITTEE])
class ResolutionList(generics.ListAPIView):
    """What committees resolved, of the items whose record the reader may read."""

    serializer_class = serializers.ResolutionSerializer
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        access = access_for(self.request.user)
        return (
            Resolution.objects.filter(access.visible_item_records("agenda_item__"))
            .filter(**_committee_q(self.request, "agenda_item__meeting__committee__slug"))
            .select_related("agenda_item")
        )


@extend_schema(parameters=[COMMITTEE])
class WorkProgrammeList(generics.ListAPIView):
    """The topics planned on the committees' work programmes (dropped ones are not)."""

    serializer_class = serializers.WorkProgrammeEntrySerializer
    pagination_class = OldestFirstPagination

    def get_queryset(self):
        return (
            WorkProgrammeEntry.objects.planned()
            .filter(**_committee_q(self.request, "committee__slug"))
            .select_related("committee", "meeting")
        )


@extend_schema(parameters=[COMMITTEE])
class KpiReportList(generics.ListAPIView):
    """The monthly KPI reports the reader may see: exempt ones only for the committee's
    members and officers (`KpiReport.objects.visible_to`)."""

    serializer_class = serializers.KpiReportSerializer
    pagination_class = RecordCursorPagination

    def get_queryset(self):
        return (
            KpiReport.objects.visible_to(access_for(self.request.user))
            .filter(**_committee_q(self.request, "kpi_set__committee__slug"))
            .select_related("kpi_set__committee")
        )


class KpiReportDetail(generics.RetrieveAPIView):
    serializer_class = serializers.KpiReportDetailSerializer

    def get_object(self):
        access = access_for(self.request.user)
        report = (
            KpiReport.objects.visible_to(access)
            .select_related("kpi_set__committee")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if report is None:
            raise Http404("No such report")
        self._lines = kpi_selectors.report_lines(report, access=access)
        return report

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["lines"] = getattr(self, "_lines", [])
        return context
