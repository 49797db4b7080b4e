"""Who can be told about an item: the one rule the reminders email by and the scrutiny
officers' dashboards chase by.

An owner is reachable when the item's owners on the day (`Owned.owner_people`: the named
person, or whoever holds its post) include someone with an email address. A group post
("All Councillors"), a post nobody holds and an owner with no email address are not:
the reminders go to the committee's scrutiny officers instead, and their dashboard lists
the item as one to chase.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from committees.models import Person, PostHolding, active_on
from tracker.models import Owned


def email_of(person: Person) -> str:
    """Where a reminder to the person goes: their email in the record, else their sign-in's."""
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user.email else ""


def post_holders_on(day: dt.date) -> dict[int, list[Person]]:
    """Every post's holders on the day (post id -> people), with their sign-ins: one query,
    so that asking about many items costs no query each."""
    holders: dict[int, list[Person]] = {}
    for holding in PostHolding.objects.filter(active_on(day)).select_related("person__user"):
        holders.setdefault(holding.post_id, []).append(holding.person)
    return holders


def reachable_owners(
    item: Owned, day: dt.date, holders: dict[int, list[Person]] | None = None
) -> list[Person]:
    """The item's owners on the day who can be emailed; none means the officers chase.

    Read the item with its `owner_post` and `owner_person__user`, and `holders` from
    `post_holders_on(day)`, and this asks the database nothing; without `holders`, the
    post's holders are read.
    """
    return [person for person in item.owner_people(day, holders) if email_of(person)]


def reachable_q(day: dt.date) -> Q:
    """`reachable_owners` as a condition on items, for lists that count or page the items
    the officers chase: a named person with an email address (theirs or their sign-in's),
    or, with no one named, a post that is not a group post held on the day by such a
    person. tests/reminders/test_recipients.py checks that the two agree."""
    emailable = Person.objects.filter(Q(email__gt="") | Q(user__email__gt=""))
    named = Exists(emailable.filter(pk=OuterRef("owner_person_id")))
    held = Exists(
        PostHolding.objects.filter(
            active_on(day), post_id=OuterRef("owner_post_id"), person__in=emailable
        )
    )
    return (Q(owner_person__isnull=False) & named) | (
        Q(owner_person__isnull=True, owner_post__is_group=False) & held
    )
