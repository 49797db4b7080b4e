"""The names a committee's record is likely to use: what the recording page offers.

The recording page offers these posts and people in its one list of names rather than the
whole register; any other name on record may still be typed (`tracker.meetings.forms.Names`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Membership,
    Person,
    Post,
    PostHolding,
    SupportOfficer,
    active_on,
)
from tracker.models import InformationRequest, Recommendation


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
