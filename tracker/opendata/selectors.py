"""What the open-data downloads publish: exactly what an anonymous visitor reads on the
pages, through the same rules (`tracker.access.Access` for the public reader, and the
querysets of the record). Each dataset is read in one query, whatever its size, and
streamed (`iterator()`): nothing here prefetches, which would add a query per chunk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.functions import TruncMonth

from committees.dates import EARLIEST, LATEST
from committees.models import (
    AgendaItem,
    Committee,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)
from tracker.access import Access, public_part_published
from tracker.impact.statistics import (
    municipal_year_label,
    municipal_year_of,
    municipal_year_range,
)
from tracker.models import InformationRequest, Recommendation
from tracker.publishing.documents import public_reader

from . import schema

CHUNK_ROWS = 2000
# The municipal years a download can be asked for: those of the dates the record accepts
# (committees.dates). Meetings stored outside that window (older data) are not offered.
FIRST_YEAR, LAST_YEAR = municipal_year_of(EARLIEST), municipal_year_of(LATEST)
Row = dict[str, Any]


@dataclass(frozen=True)
class CommitteeYear:
    """One committee's record in one municipal year (from 1 May to 30 April)."""

    committee: Committee
    year: int  # the year it starts in: 2018 for 2018/19

    @property
    def label(self) -> str:
        return municipal_year_label(self.year)

    @property
    def slug(self) -> str:
        """The year in addresses and file names: 2018-19."""
        return self.label.replace("/", "-")

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return municipal_year_range(self.year)

    def filename(self, dataset: str) -> str:
        return f"{self.committee.slug}-{self.slug}-{dataset}"


def published_years() -> list[tuple[Committee, list[CommitteeYear]]]:
    """Each committee, with the municipal years in which it has meetings, newest first:
    two queries, however many meetings there are."""
    months = (
        Meeting.objects.annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("committee_id", "month")
        .distinct()
    )
    years: dict[int, set[int]] = {}
    for committee_id, month in months:
        year = municipal_year_of(month)
        if FIRST_YEAR <= year <= LAST_YEAR:
            years.setdefault(committee_id, set()).add(year)
    return [
        (
            committee,
            [CommitteeYear(committee, y) for y in sorted(years[committee.pk], reverse=True)],
        )
        for committee in Committee.objects.order_by("name")
        if committee.pk in years
    ]


# -- the rows of each dataset ----------------------------------------------------------


def _in_year(record: CommitteeYear, path: str = "meeting__") -> dict[str, Any]:
    start, end = record.period
    return {
        f"{path}committee": record.committee,
        f"{path}date__gte": start,
        f"{path}date__lte": end,
    }


def _site_url(path: str, site_url: str) -> str:
    return f"{site_url}{path}"


def meetings(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    rows = (
        Meeting.objects.filter(**_in_year(record, path=""))
        .annotate(public_notes=public_part_published("pk"))
        .order_by("date", "start_time", "pk")
    )
    for meeting in rows.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "id": meeting.pk,
            "date": meeting.date,
            "start_time": meeting.start_time,
            "end_time": meeting.end_time,
            "kind": meeting.get_kind_display(),
            "status": meeting.get_status_display(),
            "room": meeting.room,
            "report_deadline": meeting.report_deadline,
            "notes_published": meeting.public_notes,
            "url": _site_url(meeting.get_absolute_url(), site_url),
        }


def agenda_items(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    rows = (
        AgendaItem.objects.filter(**_in_year(record))
        # Whether the reader may read what was recorded on the item: the meeting page's
        # rule, in its list form.
        .annotate(
            record_readable=ExpressionWrapper(
                reader.visible_item_records(), output_field=BooleanField()
            )
        )
        .select_related("meeting")
        .order_by("meeting__date", "meeting__start_time", "meeting_id", "number")
    )
    entitled = reader.sees_exempt_of(record.committee.pk)
    for item in rows.iterator(chunk_size=CHUNK_ROWS):
        private = item.is_exempt and not entitled
        yield {
            "id": item.pk,
            "meeting_id": item.meeting_id,
            "meeting_date": item.meeting.date,
            "number": item.number,
            "title": None if private else item.title,
            "description": None if private else item.description,
            "taken_in_private": item.is_exempt,
            "exempt_paragraph": item.exempt_paragraph if item.is_exempt else None,
            "private_label": item.public_label if item.is_exempt else None,
            "presented_by": None if private else item.presenters_text,
            "notes": item.notes if item.record_readable and not private else None,
        }


def resolutions(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    rows = (
        Resolution.objects.filter(reader.visible_item_records("agenda_item__"))
        .filter(**_in_year(record, path="agenda_item__meeting__"))
        .select_related("agenda_item__meeting")
        .order_by(
            "agenda_item__meeting__date",
            "agenda_item__meeting__start_time",
            "agenda_item__meeting_id",
            "agenda_item__number",
            "order",
            "pk",
        )
    )
    for resolution in rows.iterator(chunk_size=CHUNK_ROWS):
        item = resolution.agenda_item
        yield {
            "id": resolution.pk,
            "meeting_id": item.meeting_id,
            "meeting_date": item.meeting.date,
            "agenda_item_id": item.pk,
            "agenda_item_number": item.number,
            "order": resolution.order,
            "text": resolution.text,
        }


def requests(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    rows = (
        InformationRequest.objects.filter(reader.visible_requests())
        .filter(**_in_year(record))
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("meeting__date", "meeting__start_time", "meeting_id", "pk")
    )
    for request in rows.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "id": request.pk,
            "meeting_id": request.meeting_id,
            "meeting_date": request.meeting.date,
            "agenda_item_number": request.agenda_item.number if request.agenda_item else None,
            "kind": request.get_kind_display(),
            "text": request.text,
            "owner": request.owner_label,
            "original_due_date": request.original_due_date,
            "due_date": request.due_date,
            "status": request.get_status_display(),
            "provided_on": request.provided_on,
            "provided_how": request.provided_how,
            "withdrawn_on": request.withdrawn_on,
            "withdrawn_reason": request.withdrawn_reason,
            "url": _site_url(request.get_absolute_url(), site_url),
        }


def _recommendation_status(recommendation: Recommendation) -> str:
    if recommendation.is_withdrawn:
        return "Withdrawn"
    if recommendation.is_achieved:
        return "Achieved"
    if not recommendation.is_outstanding:
        return "Not achieved"
    return "Outstanding"


def recommendations(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    start, end = record.period
    rows = (
        Recommendation.objects.tracked_during(start, end)
        .filter(inquiry__committee=record.committee)
        .select_related("inquiry", "current_assessment", "owner_post", "owner_person")
        .order_by("inquiry__reported_to_council_on", "inquiry__title", "code", "pk")
    )
    for recommendation in rows.iterator(chunk_size=CHUNK_ROWS):
        assessment = recommendation.current_assessment
        yield {
            "id": recommendation.pk,
            "inquiry": recommendation.inquiry.title,
            "inquiry_reported_on": recommendation.inquiry.reported_to_council_on,
            "code": recommendation.code,
            "text": recommendation.text if recommendation.text_known else None,
            "owner": recommendation.owner_label,
            "original_due_date": recommendation.original_due_date,
            "due_date": recommendation.due_date,
            "due_month_only": recommendation.due_month_only,
            "status": _recommendation_status(recommendation),
            "latest_assessment": assessment.label if assessment else None,
            "achieved_on": recommendation.achieved_on,
            "achieved_late": (
                recommendation.is_achieved_late if recommendation.is_achieved else None
            ),
            "tracking_ended_on": recommendation.tracking_ended_on,
            "next_tracking_date": recommendation.next_tracking_date,
            "executive_response": recommendation.get_response_display() or None,
            "executive_response_on": recommendation.response_on,
            "withdrawn_on": recommendation.withdrawn_on,
            "withdrawn_reason": recommendation.withdrawn_reason,
            "url": _site_url(recommendation.get_absolute_url(), site_url),
        }


def work_programme(record: CommitteeYear, reader: Access, site_url: str) -> Iterator[Row]:
    rows = (
        WorkProgrammeEntry.objects.planned()
        .filter(**_in_year(record))
        .select_related("meeting")
        .order_by("meeting__date", "meeting__start_time", "meeting_id", "order", "pk")
    )
    for entry in rows.iterator(chunk_size=CHUNK_ROWS):
        yield {
            "id": entry.pk,
            "meeting_id": entry.meeting_id,
            "meeting_date": entry.meeting.date,
            "order": entry.order,
            "topic": entry.topic,
            "detail": entry.detail,
            "lead_officer": entry.lead_officer,
            "officers_invited": entry.attendees,
        }


READERS: dict[str, Callable[[CommitteeYear, Access, str], Iterator[Row]]] = {
    schema.MEETINGS.key: meetings,
    schema.AGENDA_ITEMS.key: agenda_items,
    schema.RESOLUTIONS.key: resolutions,
    schema.REQUESTS.key: requests,
    schema.RECOMMENDATIONS.key: recommendations,
    schema.WORK_PROGRAMME.key: work_programme,
}


def dataset_rows(record: CommitteeYear, key: str, *, site_url: str) -> Iterator[Row]:
    """The rows of one dataset, as the public reads them, in one query."""
    return READERS[key](record, public_reader(), site_url)
