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
    committee: Committee, *, access: Access, today: dt.date, at: Meeting | None = None
) -> dict[int, list[Recommendation | InformationRequest]]:
    """Open recommendations and requests of the committee by the meeting they come to
    (only those coming to `at`, when given). See `matters_arising_of`."""
    return matters_arising_of([committee.pk], access=access, today=today, at=at and [at.pk])


def matters_arising_of(
    committee_ids: Iterable[int],
    *,
    access: Access,
    today: dt.date,
    at: Iterable[int] | None = None,
) -> dict[int, list[Recommendation | InformationRequest]]:
    """Open recommendations and requests of the committees (the requests the user may
    see) by the meeting they come to: at most five queries however many committees and
    items (for a dashboard showing each committee's next meeting).

    Where each item comes to is worked out from its dates alone (`_target_meeting`), read
    as values; only the items coming to a meeting in `at` (every meeting, when None) are
    then read in full, so a page about one meeting reads the rest of the committee's open
    items as a few columns each. A kind none of whose items comes is not read again."""
    committee_ids = list(committee_ids)
    wanted = None if at is None else set(at)
    meetings = {m.pk: m for m in Meeting.objects.filter(committee__in=committee_ids)}
    # `is_ordinary` is the row form of `MeetingQuerySet.ordinary`: no cancelled meeting.
    ordinary: dict[int, list[Meeting]] = {pk: [] for pk in committee_ids}
    for meeting in sorted(
        (m for m in meetings.values() if m.is_ordinary and m.report_deadline),
        key=lambda m: (m.report_deadline, m.date),
    ):
        ordinary[meeting.committee_id].append(meeting)

    def coming(target: Meeting | None) -> bool:
        return target is not None and (wanted is None or target.pk in wanted)

    recommendations: dict[int, int] = {}  # id -> the meeting it comes to
    for pk, due, planned_id, committee_id in (
        Recommendation.objects.outstanding()
        .filter(inquiry__committee__in=committee_ids)
        .values_list("pk", "due_date", "next_tracking_meeting_id", "inquiry__committee_id")
    ):
        planned = meetings.get(planned_id)
        if planned is not None and planned.committee_id != committee_id:
            planned = None  # only a meeting of its own committee takes it
        target = _target_meeting(due, planned, ordinary[committee_id], today)
        if coming(target):
            recommendations[pk] = target.pk
    requests: dict[int, int] = {}
    for pk, due, asked_at in (
        InformationRequest.objects.outstanding()
        .filter(meeting__committee__in=committee_ids)
        .filter(access.visible_requests_of(committee_ids))
        .values_list("pk", "due_date", "meeting_id")
    ):
        asked = meetings[asked_at]
        target = _target_meeting(due, None, ordinary[asked.committee_id], today)
        # A request comes to a meeting after the one that asked for it.
        if coming(target) and target.date > asked.date:
            requests[pk] = target.pk

    arising: dict[int, list] = {}
    for item in (
        Recommendation.objects.filter(pk__in=recommendations)
        .select_related("inquiry", "owner_post", "owner_person", "current_assessment")
        .order_by("inquiry__title", "code")
    ):
        arising.setdefault(recommendations[item.pk], []).append(item)
    for item in (
        InformationRequest.objects.filter(pk__in=requests)
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("meeting__date", "pk")
    ):
        arising.setdefault(requests[item.pk], []).append(item)
    return arising
