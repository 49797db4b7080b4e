"""Recording a meeting: what comes forward to it, and saving what it decided.

Matters arising are worked out here once and used by the meeting page, the recording page
and the work programme, so an item open past its meeting is carried forward, never dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet

from committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Membership,
    Person,
    Post,
    PostHolding,
    SupportOfficer,
    active_on,
)
from committees.services import (
    agenda_item_declassify,
    agenda_item_presenters_set,
    agenda_item_set_exempt,
    draft_notes_ensure,
    resolutions_replace,
    save_with_history,
)
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
        .filter(access.visible_requests())
        .select_related("meeting", "agenda_item", "owner_post", "owner_person")
        .order_by("meeting__date", "pk")
    )
    for item in requests:
        target = _target_meeting(item.due_date, None, ordinary[item.meeting.committee_id], today)
        # A request comes to a meeting after the one that asked for it.
        if target and target.date > item.meeting.date:
            arising.setdefault(target.pk, []).append(item)
    return arising


# -- who answers for a request ---------------------------------------------------------


def single_posts_held(day: dt.date, person_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Person id -> the one post (not a group) they hold on `day`, for those with one.

    Ownership follows the post, so a request asked of someone who holds one post is owned
    by that post; someone with several posts, or none, answers in person. One query.
    """
    holdings = PostHolding.objects.filter(active_on(day), post__is_group=False)
    if person_ids is not None:
        holdings = holdings.filter(person_id__in=list(person_ids))
    held: dict[int, set[int]] = {}
    for person_id, post_id in holdings.values_list("person_id", "post_id"):
        held.setdefault(person_id, set()).add(post_id)
    return {person: posts.pop() for person, posts in held.items() if len(posts) == 1}


# -- the names a committee's record is likely to use -------------------------------------


def _people_around(committee: Committee) -> Q:
    """People who take part in the committee's business: its members and support officers,
    and whoever attended, declared or presented at its meetings."""
    presenters = AgendaItem.presenters.through.objects.filter(
        agendaitem__meeting__committee=committee
    )
    return (
        Q(pk__in=Membership.objects.filter(committee=committee).values("person"))
        | Q(pk__in=SupportOfficer.objects.filter(committee=committee).values("person"))
        | Q(pk__in=Attendance.objects.filter(meeting__committee=committee).values("person"))
        | Q(pk__in=Declaration.objects.filter(meeting__committee=committee).values("person"))
        | Q(pk__in=presenters.values("person"))
    )


def _owners(committee: Committee, field: str) -> Q:
    """Owners (`field`: "owner_post" or "owner_person") of the committee's items."""
    return Q(
        pk__in=InformationRequest.objects.filter(meeting__committee=committee).values(field)
    ) | Q(pk__in=Recommendation.objects.filter(inquiry__committee=committee).values(field))


def posts_likely_named(committee: Committee, day: dt.date) -> QuerySet[Post]:
    """The posts a record of the committee is likely to name: those that own its items, and
    those held on `day` by the people around it (`_people_around`)."""
    held = PostHolding.objects.filter(active_on(day)).filter(
        person__in=Person.objects.filter(_people_around(committee))
    )
    return Post.objects.filter(_owners(committee, "owner_post") | Q(pk__in=held.values("post")))


def people_likely_named(committee: Committee, day: dt.date) -> QuerySet[Person]:
    """The people a record of the committee is likely to name: the people around it, those
    who own its items in person, and those who hold on `day` a post that owns them."""
    holders = PostHolding.objects.filter(active_on(day)).filter(
        post__in=Post.objects.filter(_owners(committee, "owner_post"))
    )
    return Person.objects.filter(
        _people_around(committee)
        | _owners(committee, "owner_person")
        | Q(pk__in=holders.values("person"))
    )


def default_owner(presenters: Iterable[Person], posts: dict[int, int]) -> str:
    """Who answers for a request raised under an item: the post of the first presenter who
    holds one (posts outlast their holders), or else the first presenter; "" when nobody
    presented it.

    `posts` is `single_posts_held` for the meeting's day. The recording page and the notes
    import both use this, as "post:<pk>", "person:<pk>" or "".
    """
    presenters = list(presenters)
    for person in presenters:
        if person.pk in posts:
            return f"post:{posts[person.pk]}"
    return f"person:{presenters[0].pk}" if presenters else ""


# -- saving a recorded meeting -----------------------------------------------------------


@dataclass
class ItemRecord:
    """What the recording page holds for one agenda item."""

    item: AgendaItem
    values: dict  # title, notes, presenters_text
    exempt_paragraph: int | None
    exemption_justification: str
    resolutions: list[str]
    requests: list[dict] = field(default_factory=list)  # new or changed requests
    # Given when an exempt item is made public: why it can now be published.
    declassification_reason: str = ""
    # Who presented the item, in order; None leaves the presenters as they are.
    presenter_ids: list[int] | None = None


REASON = "Recorded from the meeting"


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    items: list[ItemRecord],
    by_user: AbstractBaseUser | None,
    held: bool = True,
) -> None:
    """Save the items of a meeting, their resolutions and requests, in one transaction.

    Only what differs from what is stored is written, so each history row is a real change.
    """
    for record in items:
        item = record.item
        if item.is_exempt and record.exempt_paragraph is None:
            agenda_item_declassify(
                item=item, by_user=by_user, reason=record.declassification_reason
            )
        before = (
            item.title,
            item.notes,
            item.presenters_text,
            item.is_exempt,
            item.exempt_paragraph,
            item.exemption_justification,
        )
        for name, value in record.values.items():
            setattr(item, name, value)
        agenda_item_set_exempt(
            item=item,
            paragraph=record.exempt_paragraph,
            justification=record.exemption_justification,
            by_user=by_user,
            on=meeting.date,
        )
        after = (
            item.title,
            item.notes,
            item.presenters_text,
            item.is_exempt,
            item.exempt_paragraph,
            item.exemption_justification,
        )
        if before != after:
            save_with_history(item, by_user=by_user, reason=REASON)
        if record.presenter_ids is not None:
            agenda_item_presenters_set(
                item=item, person_ids=record.presenter_ids, by_user=by_user, reason=REASON
            )
        resolutions_replace(item=item, texts=record.resolutions, by_user=by_user, reason=REASON)
        for values in record.requests:
            request = values.pop("instance", None) or InformationRequest(
                meeting=meeting, agenda_item=item
            )
            for name, value in values.items():
                setattr(request, name, value)
            if request.due_date is None:
                request.due_date = request.default_due_date()
            save_with_history(request, by_user=by_user, reason=REASON)
    if held and meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        save_with_history(meeting, by_user=by_user, reason=REASON)
    draft_notes_ensure(meeting=meeting, by_user=by_user)
