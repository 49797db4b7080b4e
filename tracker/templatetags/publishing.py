"""Links to the published documents. Whether a reader is offered the full version is asked
of tracker.access, the same rule the documents' views enforce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django import template
from django.urls import reverse

from committees import clock
from committees.dates import long_date
from committees.models import Committee, Meeting
from tracker.publishing.documents import Version, default_month, month_label, notes_readable

from ..access import access_for

register = template.Library()


def _links(
    context, *, committee_id: int, print_name: str, docx_name: str, kwargs: dict, query: str = ""
) -> list[dict[str, str]]:
    entitled = access_for(context["request"].user).sees_exempt_of(committee_id)
    links = []
    for version in (Version.PUBLIC, Version.FULL) if entitled else (Version.PUBLIC,):
        values = {**kwargs, "version": version}
        links += [
            {"text": f"Print ({version})", "url": reverse(print_name, kwargs=values) + query},
            {
                "text": f"Download Word ({version})",
                "url": reverse(docx_name, kwargs=values) + query,
            },
        ]
    return links


@register.inclusion_tag("tracker/publishing/publish_links.html", takes_context=True)
def action_notes_links(
    context, meeting: Meeting, items: Sequence | None = None, versions: Iterable | None = None
) -> dict:
    """Print and Word links for a meeting's action notes. Given the meeting page's items
    and versions of the notes, nothing is offered for a meeting that has no notes the
    reader may read (for the public, none published)."""
    access = access_for(context["request"].user)
    if items is not None and not notes_readable(
        meeting, items=items, versions=list(versions or ()), access=access
    ):
        return {"links": []}
    links = _links(
        context,
        committee_id=meeting.committee_id,
        print_name="meeting_notes_print",
        docx_name="meeting_notes_docx",
        kwargs={"pk": meeting.pk},
    )
    return {
        "label": f"Action notes of {long_date(meeting.date)}",
        "subject": "action notes",
        "links": links,
        "entitled": len(links) > 2,
    }


@register.inclusion_tag("tracker/publishing/publish_links.html", takes_context=True)
def work_programme_links(
    context,
    committee: Committee,
    month: dt.date | None = None,
    meetings: Iterable[Meeting] | None = None,
) -> dict:
    """Print and Word links for the work programme of `month`; without one, for the month
    of the committee's next ordinary meeting among `meetings`."""
    if month is None:
        dates = [m.date for m in meetings or () if m.is_ordinary]
        month = default_month(dates, clock.today())
    month = month.replace(day=1)
    links = _links(
        context,
        committee_id=committee.pk,
        print_name="work_programme_print",
        docx_name="work_programme_docx",
        kwargs={"slug": committee.slug},
        query=f"?month={month:%Y-%m}",
    )
    return {
        "label": f"Work programme, {month_label(month)}",
        "subject": "work programme",
        "links": links,
        "entitled": len(links) > 2,
    }
