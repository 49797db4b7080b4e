"""What each role's dashboard shows, each section in a fixed number of queries however many
items it holds. The rules come from where they are defined: the querysets (outstanding,
overdue, due soon, owned by, the latest update), the reminders' `reachable_owners`,
`matters_arising_of` and `Access`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Value

from committees.models import AgendaItem, Committee, Meeting
from tracker.access import Access
from tracker.meetings.recording import matters_arising_of
from tracker.models import InformationRequest, Inquiry, OwnerUpdate, Recommendation
from tracker.outstanding.selectors import (
    KIND_RECOMMENDATION,
    KIND_REQUEST,
    digests_to_check,
    pending_updates,
)
from tracker.reminders.recipients import post_holders_on, reachable_owners, reachable_q
from tracker.roles import ROLE_OWNERS

Item = Recommendation | InformationRequest
# How many of a long list a dashboard shows before linking to the whole list.
SHOWN = 10


def _with_owners(rows):
    """The owner's post and person with their sign-in: `reachable_owners` then asks nothing."""
    return rows.select_related("owner_post", "owner_person__user")


def _upcoming(committee_ids, today: dt.date) -> dict[int, Meeting]:
    """Each committee's next ordinary meeting (the kind with a report deadline): one query."""
    upcoming: dict[int, Meeting] = {}
    for meeting in (
        Meeting.objects.ordinary()
        .filter(committee__in=committee_ids, date__gte=today)
        .select_related("committee")
        .order_by("date", "start_time")
    ):
        upcoming.setdefault(meeting.committee_id, meeting)
    return upcoming


# -- the scrutiny officer ---------------------------------------------------------------


@dataclass
class ToChase:
    """An item of the officer's committees that needs chasing, and why."""

    item: Item
    overdue: bool
    unreachable: bool  # nobody the reminders can email: the officers chase instead
    sent_back: bool  # its latest update was sent back and no other has come since


@dataclass
class NextMeeting:
    committee: Committee
    meeting: Meeting | None
    arising: list[Item] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    private_items: int = 0  # agenda items taken in private the reader may not see


@dataclass
class OfficerSection:
    to_chase: list[ToChase]  # the most urgent SHOWN
    to_chase_count: int
    pending: list[OwnerUpdate]
    pending_count: int
    digests: list
    digest_count: int
    next_meetings: list[NextMeeting]


class ToChaseList:
    """The open items of the committees that need chasing, most urgent first: overdue,
    owned by nobody the reminders can email (`reachable_q`), or with their latest update
    sent back. Counted and paged in the database, so an officer of many committees, or an
    administrator, gets a page of them in a fixed number of queries however many there are.
    """

    def __init__(self, committee_ids: list[int], today: dt.date) -> None:
        self.today = today
        self.recommendations = self._needing_chase(
            Recommendation.objects.filter(inquiry__committee__in=committee_ids)
        )
        self.requests = self._needing_chase(
            InformationRequest.objects.filter(meeting__committee__in=committee_ids)
        )

    def _needing_chase(self, rows):
        rows = rows.outstanding().with_latest_update()
        returned = Q(latest_update_status=OwnerUpdate.Status.RETURNED)
        return rows.filter(rows.past_due(self.today) | ~reachable_q(self.today) | returned)

    def keys(self) -> QuerySet:
        """(kind, id, due date) of each item, by due date (the undated last), then
        recommendations before requests: a queryset a `Paginator` counts and slices."""
        parts = [
            rows.order_by()
            .annotate(chase_kind=Value(kind))
            .values_list("chase_kind", "pk", "due_date")
            for kind, rows in (
                (KIND_RECOMMENDATION, self.recommendations),
                (KIND_REQUEST, self.requests),
            )
        ]
        return (
            parts[0]
            .union(parts[1], all=True)
            .order_by(F("due_date").asc(nulls_last=True), "chase_kind", "pk")
        )

    def count(self) -> int:
        return self.keys().count()

    def rows(self, keys) -> list[ToChase]:
        """The items of `keys` (a slice of `keys()`), in its order, each with why it needs
        chasing: three queries (the posts' holders, the recommendations, the requests)."""
        keys = list(keys)
        wanted = {
            kind: [pk for k, pk, _ in keys if k == kind]
            for kind in (KIND_RECOMMENDATION, KIND_REQUEST)
        }
        found = {
            (KIND_RECOMMENDATION, item.pk): item
            for item in _with_owners(
                self.recommendations.filter(pk__in=wanted[KIND_RECOMMENDATION])
            ).select_related("inquiry")
        }
        found |= {
            (KIND_REQUEST, item.pk): item
            for item in _with_owners(
                self.requests.filter(pk__in=wanted[KIND_REQUEST])
            ).select_related("meeting")
        }
        holders = post_holders_on(self.today) if keys else {}
        return [
            ToChase(
                item=item,
                overdue=item.is_overdue(self.today),
                unreachable=not reachable_owners(item, self.today, holders),
                sent_back=item.latest_update_status == OwnerUpdate.Status.RETURNED,
            )
            for kind, pk, _ in keys
            if (item := found.get((kind, pk))) is not None
        ]


def officer_section(*, access: Access, today: dt.date) -> OfficerSection | None:
    """A scrutiny officer's dashboard: what to chase, updates to review, reminder emails to
    settle, and each of their committees' next meeting with what comes to it."""
    if not access.is_officer:
        return None
    committee_ids = sorted(access.officer_of)
    pending = pending_updates(access)
    digests = digests_to_check(access).order_by("-sweep_date", "email")
    chase = ToChaseList(committee_ids, today)
    return OfficerSection(
        to_chase=chase.rows(chase.keys()[:SHOWN]),
        to_chase_count=chase.count(),
        pending=list(pending[:SHOWN]),
        pending_count=pending.count(),
        digests=list(digests[:SHOWN]),
        digest_count=digests.count(),
        next_meetings=_next_meetings(committee_ids, access=access, today=today),
    )


def _next_meetings(committee_ids: list[int], *, access: Access, today: dt.date):
    """Each committee's next meeting with its matters arising: at most seven queries
    (committees, meetings ahead, and `matters_arising_of`'s) however many committees and
    items."""
    upcoming = _upcoming(committee_ids, today)
    arising = matters_arising_of(
        committee_ids, access=access, today=today, at=[m.pk for m in upcoming.values()]
    )
    return [
        NextMeeting(
            committee=committee,
            meeting=upcoming.get(committee.pk),
            arising=arising.get(upcoming[committee.pk].pk, []) if committee.pk in upcoming else [],
        )
        for committee in Committee.objects.filter(pk__in=committee_ids).order_by("name")
    ]


# -- the owner --------------------------------------------------------------------------


@dataclass
class OwnerSection:
    overdue: list[Item]
    due_soon: list[Item]
    later: list[Item]
    undated: list[Item]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.later) + len(self.undated)

    @property
    def groups(self) -> list[tuple[str, list[Item]]]:
        return [
            ("Overdue", self.overdue),
            ("Due soon", self.due_soon),
            ("Due later", self.later),
            ("No date set", self.undated),
        ]


def owner_section(*, access: Access, today: dt.date) -> OwnerSection | None:
    """What the person owns, directly or through a post they hold (`owned_by`), by urgency,
    each with the state of its latest update: three queries (posts held, recommendations,
    requests) however many. None for someone who is not an owner."""
    person = access.person
    if person is None:
        return None
    recommendations = (
        Recommendation.objects.outstanding()
        .owned_by(person, today)
        .with_latest_update()
        .select_related("inquiry", "owner_post", "owner_person")
    )
    requests = (
        InformationRequest.objects.outstanding()
        .owned_by(person, today)
        .with_latest_update()
        .select_related("meeting", "owner_post", "owner_person")
    )
    items = sorted(
        [*recommendations, *requests],
        key=lambda item: (item.due_date or dt.date.max, isinstance(item, InformationRequest)),
    )
    if not items and ROLE_OWNERS not in access.group_names:
        return None
    section = OwnerSection(overdue=[], due_soon=[], later=[], undated=[])
    for item in items:
        if item.is_overdue(today):
            section.overdue.append(item)
        elif item.is_due_soon(today):
            section.due_soon.append(item)
        elif item.due_date is None:
            section.undated.append(item)
        else:
            section.later.append(item)
    return section


# -- the councillor ---------------------------------------------------------------------


@dataclass
class CouncillorSection:
    next_meetings: list[NextMeeting]
    inquiries: list[Inquiry]  # with `outstanding_count` and `overdue_count`
    open_requests: int


def councillor_section(*, access: Access, today: dt.date) -> CouncillorSection | None:
    """A committee member's dashboard: their committees' next meetings with the agenda
    items they may see, and what is outstanding by inquiry. Five queries however many."""
    committee_ids = sorted(access.member_of)
    if not committee_ids:
        return None
    upcoming = _upcoming(committee_ids, today)
    agenda: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__in=[m.pk for m in upcoming.values()]).order_by(
        "number"
    ):
        agenda.setdefault(item.meeting_id, []).append(item)
    meetings = []
    for committee in Committee.objects.filter(pk__in=committee_ids).order_by("name"):
        meeting = upcoming.get(committee.pk)
        items = agenda.get(meeting.pk, []) if meeting else []
        # Exempt items reach only those entitled: members of the committee are, but the
        # rule is asked rather than assumed.
        shown = [i for i in items if not i.is_exempt or access.sees_exempt_of(committee.pk)]
        meetings.append(
            NextMeeting(
                committee=committee,
                meeting=meeting,
                agenda=shown,
                private_items=len(items) - len(shown),
            )
        )
    outstanding = Recommendation.objects.outstanding()
    inquiries = (
        Inquiry.objects.filter(committee__in=committee_ids)
        .annotate(
            outstanding_count=Count("recommendations", filter=Q(recommendations__in=outstanding)),
            overdue_count=Count(
                "recommendations", filter=Q(recommendations__in=outstanding.overdue(today))
            ),
        )
        .filter(outstanding_count__gt=0)
        .select_related("committee")
        .order_by("committee__name", "reported_to_council_on", "title")
    )
    open_requests = (
        InformationRequest.objects.outstanding()
        .filter(meeting__committee__in=committee_ids)
        .filter(access.visible_requests_of(committee_ids))
        .count()
    )
    return CouncillorSection(
        next_meetings=meetings, inquiries=list(inquiries), open_requests=open_requests
    )
