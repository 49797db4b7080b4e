"""The names a committee's record is likely to use: what the recording pages offer.

The recording pages offer these posts and people in their one list of names rather than the
whole register; any other name on record may still be typed (`tracker.meetings.forms.Names`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

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
from tracker.models import InformationRequest, Recommendation

AROUND = "around"  # takes part in the committee's business
OWNER = "owner"  # owns some of the committee's items


@dataclass
class LikelyNamed:
    """The posts (id -> title) and people (id, name, other spellings) a record of the
    committee is likely to name, each ordered by name."""

    posts: list[tuple[int, str]]
    people: list[tuple[int, str, str]]


def _ids(queryset: QuerySet, role: str, person: str, post: str | None = None) -> QuerySet:
    """(role, person id, post id) of each row: one part of the UNION `likely_named` reads."""
    # A typed NULL: PostgreSQL takes the type of a UNION's column from its first part.
    no_post = Cast(Value(None), output_field=BigIntegerField())
    return (
        queryset.order_by()
        .annotate(
            named_as=Value(role, output_field=CharField()),
            person_key=F(person),
            post_key=F(post) if post else no_post,
        )
        .values_list("named_as", "person_key", "post_key")
    )


def likely_named(committee: Committee, day: dt.date) -> LikelyNamed:
    """The posts and people a record of the committee is likely to name, in four queries
    whatever the size of the record:

    - the people around it (its members and support officers, and whoever attended,
      declared or presented at its meetings) and the owners of its items;
    - the posts held on `day` by the people around it, and the people holding on `day` the
      posts that own its items;
    - the posts (those that own its items, and those held by the people around it);
    - the people (those around it, those who own its items in person, and those holding the
      posts that own them).
    """
    presenters = AgendaItem.presenters.through.objects.filter(
        agendaitem__meeting__committee=committee
    )
    parts = [
        _ids(Membership.objects.filter(committee=committee), AROUND, "person_id"),
        _ids(SupportOfficer.objects.filter(committee=committee), AROUND, "person_id"),
        _ids(Attendance.objects.filter(meeting__committee=committee), AROUND, "person_id"),
        _ids(Declaration.objects.filter(meeting__committee=committee), AROUND, "person_id"),
        _ids(presenters, AROUND, "person_id"),
        _ids(
            InformationRequest.objects.filter(meeting__committee=committee),
            OWNER,
            "owner_person_id",
            "owner_post_id",
        ),
        _ids(
            Recommendation.objects.filter(inquiry__committee=committee),
            OWNER,
            "owner_person_id",
            "owner_post_id",
        ),
    ]
    around: set[int] = set()
    people: set[int] = set()
    owner_posts: set[int] = set()
    for role, person, post in parts[0].union(*parts[1:]):
        if person is not None:
            people.add(person)
            if role == AROUND:
                around.add(person)
        if post is not None:
            owner_posts.add(post)
    posts = set(owner_posts)
    if around or owner_posts:
        holdings = PostHolding.objects.filter(active_on(day)).filter(
            Q(person_id__in=around) | Q(post_id__in=owner_posts)
        )
        for person, post in holdings.values_list("person_id", "post_id"):
            if person in around:
                posts.add(post)
            if post in owner_posts:
                people.add(person)
    return LikelyNamed(
        posts=list(Post.objects.filter(pk__in=posts).order_by("title").values_list("pk", "title")),
        people=list(
            Person.objects.filter(pk__in=people)
            .order_by("name")
            .values_list("pk", "name", "other_spellings")
        ),
    )


def items_to_record(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items as its recording page lists them, each with its presenters
    (`presenter_list`), how many resolutions and requests it has (`resolution_count`,
    `request_count`) and whether it is recorded (`is_recorded`): it is once it has notes or
    a resolution. A request alone does not record an item: it is raised in its discussion."""
    return list(
        meeting.agenda_items.annotate(
            resolution_count=Count("resolutions", distinct=True),
            request_count=Count("requests", distinct=True),
        )
        .annotate(
            is_recorded=Case(
                When(~Q(notes="") | Q(resolution_count__gt=0), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .prefetch_related(Prefetch("presenters", to_attr="presenter_list"))
    )
