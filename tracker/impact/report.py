"""The committee's annual scrutiny report: what its work changed in one municipal year.

Built once as plain data with every line written, for the print page and the Word file
alike (as tracker.publishing builds the action notes and the work programme). The public
version is the public's whoever asks: no exempt business at all. The full version is for
those entitled to the committee's exempt business (tracker.publishing.documents.reader_for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from committees.models import Committee, Meeting
from tracker.access import Access
from tracker.models import ImpactNote, InformationRequest, Inquiry, Recommendation
from tracker.outstanding.display import NO_DUE_DATE
from tracker.publishing.documents import Marking, day_label, marking_for, reader_for

from .statistics import municipal_year_label, municipal_year_range


@dataclass(frozen=True)
class RecommendationLine:
    code: str
    text: str
    owner: str
    due: str
    response: str
    outcome: str


@dataclass(frozen=True)
class InquiryLine:
    title: str
    reported: str
    sent: str
    response_due: str
    recommendations: tuple[RecommendationLine, ...]


@dataclass(frozen=True)
class RequestLine:
    meeting: str
    text: str
    owner: str
    due: str
    outcome: str


@dataclass(frozen=True)
class ImpactLine:
    recommendation: str
    noted: str
    difference: str
    evidence: str


@dataclass(frozen=True)
class AnnualReport:
    committee: str
    committee_slug: str
    year: int
    year_label: str
    marking: Marking
    today: str
    meetings: tuple[str, ...]
    inquiries: tuple[InquiryLine, ...]
    requests_made: int
    requests_answered: int
    requests_answered_on_time: int
    requests: tuple[RequestLine, ...]
    outstanding_recommendations: tuple[str, ...]
    outstanding_requests: tuple[str, ...]
    impact: tuple[ImpactLine, ...]

    @property
    def title(self) -> str:
        return f"{self.committee}: annual scrutiny report {self.year_label}"

    @property
    def filename(self) -> str:
        return f"{self.committee_slug}-annual-report-{self.year}-{self.marking.version}.docx"


def outcome_of(recommendation: Recommendation) -> str:
    """What became of a recommendation, in words, by the rules of tracker.models."""
    if recommendation.is_withdrawn:
        withdrawn = day_label(recommendation.withdrawn_on)
        return f"Withdrawn on {withdrawn}: {recommendation.withdrawn_reason}"
    assessment = recommendation.current_assessment
    if recommendation.tracking_ended_on:
        if assessment and assessment.counts_as_achieved:
            late = " (late)" if recommendation.is_achieved_late else " (on time)"
            return f"{assessment.label}{late}, {day_label(recommendation.tracking_ended_on)}"
        label = assessment.label if assessment else "Tracking ended"
        return f"{label}: not achieved, {day_label(recommendation.tracking_ended_on)}"
    if assessment:
        return f"Still tracked: {assessment.label} at the last assessment"
    return "Still tracked: not yet assessed"


def response_of(recommendation: Recommendation) -> str:
    if not recommendation.response:
        return "No response recorded"
    line = f"{recommendation.get_response_display()} on {day_label(recommendation.response_on)}"
    if recommendation.response_reason:
        line += f": {recommendation.response_reason}"
    if recommendation.action_plan:
        line += f". Action plan: {recommendation.action_plan}"
    if recommendation.target_date:
        line += f" (target {day_label(recommendation.target_date)})"
    return line


def _request_outcome(request: InformationRequest) -> str:
    if request.status == InformationRequest.Status.PROVIDED:
        late = request.due_date and request.provided_on > request.due_date
        return f"Answered {day_label(request.provided_on)}" + (" (late)" if late else "")
    if request.status == InformationRequest.Status.WITHDRAWN:
        withdrawn = f" {day_label(request.withdrawn_on)}" if request.withdrawn_on else ""
        return f"Withdrawn{withdrawn}: {request.withdrawn_reason}"
    return "Still open"


def annual_report(
    committee: Committee, *, year: int, version: str, access: Access, today: dt.date
) -> AnnualReport:
    """The report for the municipal year starting in May of `year`. Raises NotEntitled
    (from reader_for) for a full version the reader may not see."""
    reader = reader_for(version, access=access, committee_id=committee.pk)
    start, end = municipal_year_range(year)
    meetings = (
        committee.meetings.filter(date__gte=start, date__lte=min(end, today))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date", "start_time")
    )
    # Inquiries reported in the year, or with a recommendation tracked during it.
    inquiries = (
        Inquiry.objects.filter(committee=committee)
        .filter(
            Q(reported_to_council_on__gte=start, reported_to_council_on__lte=end)
            | Q(reported_to_council_on__lte=end)
            & (
                Q(recommendations__tracking_ended_on__isnull=True)
                | Q(recommendations__tracking_ended_on__gte=start)
            )
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related(
                    "current_assessment", "owner_post", "owner_person"
                ),
            )
        )
        .order_by("reported_to_council_on", "title")
    )
    requests = list(
        InformationRequest.objects.filter(reader.visible_requests())
        .filter(meeting__committee=committee, meeting__date__gte=start, meeting__date__lte=end)
        .select_related("meeting", "owner_post", "owner_person")
        .order_by("meeting__date", "pk")
    )
    outstanding_requests = (
        InformationRequest.objects.outstanding()
        .filter(reader.visible_requests())
        .filter(meeting__committee=committee, meeting__date__lte=end)
        .select_related("meeting")
        .order_by("meeting__date", "pk")
    )
    outstanding_recommendations = (
        Recommendation.objects.outstanding()
        .filter(inquiry__committee=committee)
        .select_related("inquiry")
        .order_by("inquiry__reported_to_council_on", "inquiry__title", "code")
    )
    impact = (
        ImpactNote.objects.filter(
            recommendation__inquiry__committee=committee, noted_on__gte=start, noted_on__lte=end
        )
        .select_related("recommendation__inquiry")
        .order_by("noted_on", "pk")
    )
    return AnnualReport(
        committee=committee.name,
        committee_slug=committee.slug,
        year=year,
        year_label=municipal_year_label(year),
        marking=marking_for(version),
        today=day_label(today),
        meetings=tuple(
            f"{day_label(m.date)}: {m.get_kind_display()}"
            + (" (not yet held)" if m.status == Meeting.Status.SCHEDULED and m.date > today else "")
            for m in meetings
        ),
        inquiries=tuple(
            InquiryLine(
                title=inquiry.title,
                reported=day_label(inquiry.reported_to_council_on) or "Not stated",
                sent=day_label(inquiry.sent_to_executive_on) or "Not stated",
                response_due=day_label(inquiry.executive_response_due_on) or "Not stated",
                recommendations=tuple(
                    RecommendationLine(
                        code=r.code,
                        text=r.display_text,
                        owner=r.owner_label,
                        due=day_label(r.due_date) or NO_DUE_DATE,
                        response=response_of(r),
                        outcome=outcome_of(r),
                    )
                    for r in inquiry.recommendations.all()
                ),
            )
            for inquiry in inquiries
        ),
        requests_made=len(requests),
        requests_answered=sum(r.status == InformationRequest.Status.PROVIDED for r in requests),
        requests_answered_on_time=sum(
            r.status == InformationRequest.Status.PROVIDED
            and r.due_date is not None
            and r.provided_on <= r.due_date
            for r in requests
        ),
        requests=tuple(
            RequestLine(
                meeting=day_label(r.meeting.date),
                text=r.text,
                owner=r.owner_label,
                due=day_label(r.due_date) or NO_DUE_DATE,
                outcome=_request_outcome(r),
            )
            for r in requests
        ),
        outstanding_recommendations=tuple(
            f"{r.inquiry.title} {r.code}: {r.display_text}" for r in outstanding_recommendations
        ),
        outstanding_requests=tuple(
            f"Requested {day_label(r.meeting.date)}: {r.text}" for r in outstanding_requests
        ),
        impact=tuple(
            ImpactLine(
                recommendation=f"{n.recommendation.inquiry.title} {n.recommendation.code}",
                noted=day_label(n.noted_on),
                difference=n.difference,
                evidence=" ".join(p for p in (n.evidence_text, n.evidence_link) if p),
            )
            for n in impact
        ),
    )
