"""What comes forward to a meeting: its matters arising. (What a meeting recorded is
written by `tracker.meetings.services.meeting_write`.)

Matters arising are worked out here once and used by the meeting page, the recording page
and the work programme, so an item open past its meeting is carried forward, never dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

from committees.models import Committee, Meeting
from tracker.access import Access
from tracker.models import InformationRequest, Recommendation

# -- carry forward ------------------------------------------------------------------------


def _when(meeting: Meeting) -> tuple[dt.date, dt.time]:
    """A meeting's date and time for ordering; a time not stated counts as the day's start."""
    return meeting.date, meeting.start_time or dt.time.min


def _target_meeting(
    due: dt.date | None, planned: Meeting | None, ordinary: list[Meeting], today: dt.date
) -> Meeting | None:
    """The meeting an open item comes to: the one planned, or the first whose report
    deadline is on or after its due date; if that meeting has passed while the item is
    still open, or neither is known, the next meeting still ahead.

    `ordinary` holds no cancelled meeting, so what was due at one comes to the next
    ordinary meeting after it."""
    target = planned
    if planned is not None and planned.status == Meeting.Status.CANCELLED:
        later = [m for m in ordinary if _when(m) > _when(planned)]
        target = min(later, key=_when) if later else None
    if target is None and due is not None:
        deadlines = [m.report_deadline for m in ordinary]
        index = bisect.bisect_left(deadlines, due)
        target = ordinary[index] if index < len(ordinary) else None
    if target is None or target.date < today:
        upcoming = [m for m in ordinary if m.date >= today]
        target = upcoming[0] if upcoming else None
    return target


def matters_arising(
    committee: Committee, *, access: Access, today: dt.date
) -> dict[int, list[Recommendation | InformationRequest]]:
    """Open recommendations and requests of the committee by the meeting they come to.

    Three queries whatever the number of items: the meetings, the recommendations and the
    requests the user may see.
    """
    return matters_arising_of([committee.pk], access=access, today=today)


def matters_arising_of(
    committee_ids: Iterable[int], *, access: Access, today: dt.date
) -> dict[int, list[Recommendation | InformationRequest]]:
    """`matters_arising` of several committees at once: still three queries, however many
    committees and items (for a dashboard showing each committee's next meeting)."""
    committee_ids = list(committee_ids)
    meetings = {m.pk: m for m in Meeting.objects.filter(committee__in=committee_ids)}
    # `is_ordinary` is the row form of `MeetingQuerySet.ordinary`: no cancelled meeting.
    ordinary: dict[int, list[Meeting]] = {pk: [] for pk in committee_ids}
    for meeting in sorted(
        (m for m in meetings.values() if m.is_ordinary and m.report_deadline),
        key=lambda m: (m.report_deadline, m.date),
    ):
        ordinary[meeting.committee_id].append(meeting)
    arising: dict[int, list] = {}
    recommendations = (
        Recommendation.objects.outstanding()
        .filter(inquiry__committee__in=committee_ids)
        .select_related("inquiry", "owner_post", "owner_person", "current_assessment")
        .order_by("inquiry__title", "code")
    )
    for item in recommendations:
        committee_id = item.inquiry.committee_id
        planned = meetings.get(item.next_tracking_meeting_id)
        if planned is not None and planned.committee_id != committee_id:
            planned = None  # only a meeting of its own committee takes it
        target = _target_meeting(item.due_date, planned, ordinary[committee_id], today)
        if target:
            arising.setdefault(target.pk, []).append(item)
    requests = (
        InformationRequest.objects.outstanding()
        .filter(meeting__committee__in=committee_ids)
        .filter(access.visible_requests_of(committee_ids))
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("meeting__date", "pk")
    )
    for item in requests:
        target = _target_meeting(item.due_date, None, ordinary[item.meeting.committee_id], today)
        # A request comes to a meeting after the one that asked for it.
        if target and target.date > item.meeting.date:
            arising.setdefault(target.pk, []).append(item)
    return arising
