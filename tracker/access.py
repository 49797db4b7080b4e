"""Who may see and do what. Every page, export, feed and reminder asks here.

Object checks are `rules` predicates (used as permissions: `user.has_perm(perm, obj)`);
lists filter their querysets with the same facts through `Access`, so a list never shows
what the object check would refuse.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import rules
from django.db.models import Exists, OuterRef, Q

from committees import clock
from committees.models import ActionNotes, Committee, Person, active_on

from .models import InformationRequest, OwnerUpdate, owned_by_q
from .roles import ROLE_ADMINISTRATORS, ROLE_OFFICERS


@dataclass
class Access:
    """What one user may reach, worked out once per request."""

    user: object

    @cached_property
    def person(self) -> Person | None:
        if not getattr(self.user, "is_authenticated", False):
            return None
        try:
            return self.user.person  # read with the user (tracker.accounts.backends)
        except Person.DoesNotExist:
            return None

    @cached_property
    def group_names(self) -> frozenset[str]:
        if not getattr(self.user, "is_authenticated", False):
            return frozenset()
        return frozenset(self.user.groups.values_list("name", flat=True))

    @property
    def is_administrator(self) -> bool:
        return bool(
            getattr(self.user, "is_active", False)
            and (self.user.is_superuser or ROLE_ADMINISTRATORS in self.group_names)
        )

    @cached_property
    def officer_of(self) -> frozenset[int]:
        """Committees whose record this user keeps (as an active support officer)."""
        if self.is_administrator:
            return frozenset(Committee.objects.values_list("pk", flat=True))
        if self.person is None or ROLE_OFFICERS not in self.group_names:
            return frozenset()
        today = clock.today()
        return frozenset(
            self.person.supports.filter(active_on(today)).values_list("committee_id", flat=True)
        )

    @cached_property
    def member_of(self) -> frozenset[int]:
        """Committees this user sits on today: members see their exempt business."""
        if self.person is None:
            return frozenset()
        today = clock.today()
        return frozenset(
            self.person.memberships.filter(active_on(today)).values_list("committee_id", flat=True)
        )

    @property
    def exempt_committees(self) -> frozenset[int]:
        return self.officer_of | self.member_of

    def sees_exempt_of(self, committee_id: int) -> bool:
        return committee_id in self.exempt_committees

    def keeps_record_of(self, committee_id: int) -> bool:
        return committee_id in self.officer_of

    @property
    def is_officer(self) -> bool:
        return bool(self.officer_of)

    def visible_requests(self) -> Q:
        """The requests this user may see, wherever requests are shown or counted: the
        list form of the `tracker.view_item` rule.

        A request is part of what was recorded at its meeting: the public reads it once
        the public part of the meeting's notes is published (as `readable_meetings`),
        and then only if it is not from an exempt item. The committee's members and
        officers see all of the committee's requests, and an owner sees what they were
        asked for, published or not.
        """
        return self._requests(Q(public_part_published("meeting")))

    def visible_requests_of(self, committee_ids: Iterable[int]) -> Q:
        """`visible_requests`, for requests of these committees alone: no condition at all
        when the user sees every one of their requests (the exempt business of each, as
        `_requests` allows), so that the database is asked nothing it need not check."""
        if all(self.sees_exempt_of(pk) for pk in committee_ids):
            return Q()
        return self.visible_requests()

    def requests_in_notes(self) -> Q:
        """The requests a meeting's own notes show this user: `visible_requests` less
        the publication of the notes, which the notes check for themselves
        (`reads_notes_of`). The public version of notes not yet published shows what
        will be published."""
        return self._requests(Q())

    def _requests(self, published: Q) -> Q:
        visible = (Q(agenda_item__isnull=True) | Q(agenda_item__is_exempt=False)) & published
        if self.exempt_committees:
            # Only when there are some: an empty list matches nothing, but would still
            # join every request to its meeting (a third of the outstanding list's count).
            visible |= Q(meeting__committee__in=self.exempt_committees)
        if self.person is not None:
            visible |= owned_by_q(self.person, clock.today())
        return visible

    def reads_notes_of(self, committee_id: int, versions: Iterable[ActionNotes]) -> bool:
        """The row form of `visible_item_records`: whether this user may read what was
        recorded at a meeting of the committee, given the versions of its notes."""
        return self.sees_exempt_of(committee_id) or ActionNotes.public_part_published(versions)

    def visible_item_records(self, prefix: str = "") -> Q:
        """The agenda items whose notes and resolutions this user may read.

        The list form of the meeting page's rule: an exempt item's record is for the
        committee's members and officers only; a public item's is for them, and for
        everyone once the public part of the meeting's notes is published. `prefix` is the
        path to the agenda item ("agenda_item__" from a resolution).
        """
        visible = Q(**{f"{prefix}is_exempt": False}) & Q(public_part_published(f"{prefix}meeting"))
        if self.exempt_committees:
            visible |= Q(**{f"{prefix}meeting__committee__in": self.exempt_committees})
        return visible

    def readable_meetings(self, path: str = "meeting") -> Q:
        """The list form of `reads_notes_of`: the rows whose meeting (at `path`) has a
        record this user may read. The public reads nothing recorded at a meeting, its
        requests included (`visible_requests`), until the public part of its notes is
        published."""
        readable = Q(public_part_published(path))
        if self.exempt_committees:
            readable |= Q(**{f"{path}__committee__in": self.exempt_committees})
        return readable

    def visible_item_titles(self, prefix: str = "") -> Q:
        """The agenda items a search may match by title: public ones, and the exempt ones
        of the committees whose exempt business this user may see."""
        visible = Q(**{f"{prefix}is_exempt": False})
        if self.exempt_committees:
            visible |= Q(**{f"{prefix}meeting__committee__in": self.exempt_committees})
        return visible

    def visible_updates(self) -> Q:
        """The owners' updates this user may read (`OwnerUpdate.objects.visible_to`).

        An update is a proposal until a scrutiny officer accepts it: before then, it and
        any note sending it back are for the committee's officers and members and the
        item's owner (and whoever sent it). Accepted updates are part of the public record.
        """
        visible = Q(status=OwnerUpdate.Status.ACCEPTED)
        committees = self.exempt_committees  # officers and members of the committee
        if committees:
            visible |= Q(recommendation__inquiry__committee__in=committees)
            visible |= Q(request__meeting__committee__in=committees)
        if self.person is not None:
            posts = self.person.post_ids_held_on(clock.today())
            for item in ("recommendation", "request"):
                visible |= Q(**{f"{item}__owner_person": self.person.pk})
                if posts:
                    visible |= Q(**{f"{item}__owner_post__in": posts})
        if getattr(self.user, "is_authenticated", False):
            visible |= Q(submitted_by=self.user)
        return visible


def public_part_published(meeting: str) -> Exists:
    """Whether the public part of the notes of the meeting at `meeting` (a path from the
    rows filtered) is published: `ActionNotes.public_part_published` as a subquery."""
    return Exists(
        ActionNotes.objects.published().filter(
            meeting=OuterRef(meeting), part=ActionNotes.Part.PUBLIC
        )
    )


def access_for(user) -> Access:
    """The Access of `user`, cached on the user object for the rest of the request."""
    cached = getattr(user, "_tracker_access", None)
    if cached is None:
        cached = Access(user)
        # AnonymousUser may refuse the attribute; caching is only a saving.
        with contextlib.suppress(AttributeError):
            user._tracker_access = cached
    return cached


def _committee_id(obj) -> int:
    if hasattr(obj, "inquiry"):
        return obj.inquiry.committee_id
    if hasattr(obj, "meeting"):
        return obj.meeting.committee_id
    return obj.committee_id


@rules.predicate
def keeps_record(user, obj) -> bool:
    return obj is not None and access_for(user).keeps_record_of(_committee_id(obj))


@rules.predicate
def owns(user, obj) -> bool:
    person = access_for(user).person
    if obj is None or person is None:
        return False
    return type(obj).objects.filter(pk=obj.pk).owned_by(person, clock.today()).exists()


@rules.predicate
def is_visible(user, obj) -> bool:
    """Recommendations are reported to full Council: all are public. A request is
    visible as the lists show it (`Access.visible_requests`), by the same rule."""
    if not isinstance(obj, InformationRequest):
        return True
    rows = InformationRequest.objects.filter(pk=obj.pk)
    return rows.filter(access_for(user).visible_requests()).exists()


@rules.predicate
def sees_exempt(user, obj) -> bool:
    return access_for(user).sees_exempt_of(_committee_id(obj))


# A request from an exempt item, or from a meeting whose notes are not yet published, is
# for the committee's members and officers, and for whoever was asked for it. The
# committee's own are let in first, without reading the request again.
may_see = sees_exempt | is_visible

rules.add_perm("tracker.view_item", may_see)
rules.add_perm("tracker.update_item", owns | keeps_record)
rules.add_perm("tracker.review_item", keeps_record)
