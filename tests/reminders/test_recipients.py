"""Who the reminders can email: the row rule (`reachable_owners`) and its form as a
condition on items (`reachable_q`), which the officers' items to chase are counted and
paged by, give the same answer in every case, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from committees.models import PostHolding
from tests.factories import PersonFactory, PostFactory, RecommendationFactory
from tracker.models import Recommendation
from tracker.reminders.recipients import post_holders_on, reachable_owners, reachable_q

pytestmark = pytest.mark.django_db
DAY = dt.date(2019, 2, 13)


def test_the_condition_and_the_row_rule_agree_on_every_kind_of_owner():
    users = get_user_model().objects
    with_email = PersonFactory(email="lead@example.org")
    without = PersonFactory(email="")
    by_sign_in = PersonFactory(email="", user=users.create_user("signs-in", "in@example.org"))
    blank_sign_in = PersonFactory(email="", user=users.create_user("blank", ""))

    def held_by(*people, start=None, end=None, is_group=False):
        post = PostFactory(is_group=is_group)
        for person in people:
            PostHolding.objects.create(post=post, person=person, start=start, end=end)
        return post

    owners = {
        "named, with an email": {"owner_person": with_email},
        "named, with none": {"owner_person": without},
        "named, with their sign-in's": {"owner_person": by_sign_in},
        "named, a sign-in with none": {"owner_person": blank_sign_in},
        "named and a post: the person answers": {
            "owner_person": without, "owner_post": held_by(with_email)},
        "a post held by someone with an email": {"owner_post": held_by(with_email)},
        "a post held by someone reached by sign-in": {"owner_post": held_by(by_sign_in)},
        "a post held only by people with none": {"owner_post": held_by(without, blank_sign_in)},
        "a post held by two, one reachable": {"owner_post": held_by(without, with_email)},
        "a post nobody holds": {"owner_post": held_by()},
        "a post held until the day before": {
            "owner_post": held_by(with_email, end=DAY - dt.timedelta(days=1))},
        "a post held from the day after": {
            "owner_post": held_by(with_email, start=DAY + dt.timedelta(days=1))},
        "a post held on the day exactly": {"owner_post": held_by(with_email, start=DAY, end=DAY)},
        "a group post": {"owner_post": held_by(with_email, is_group=True)},
        "nobody": {},
    }  # fmt: skip
    items = {
        label: RecommendationFactory(**{"owner_person": None, "owner_post": None, **owner})
        for label, owner in owners.items()
    }
    holders = post_holders_on(DAY)
    rows = Recommendation.objects.select_related("owner_post", "owner_person__user")
    expected = {
        label for label, item in items.items()
        if reachable_owners(rows.get(pk=item.pk), DAY, holders)
    }  # fmt: skip
    assert expected == {
        "named, with an email",
        "named, with their sign-in's",
        "a post held by someone with an email",
        "a post held by someone reached by sign-in",
        "a post held by two, one reachable",
        "a post held on the day exactly",
    }
    labels = {item.pk: label for label, item in items.items()}
    reached = {
        labels[pk]
        for pk in Recommendation.objects.filter(reachable_q(DAY)).values_list("pk", flat=True)
    }
    not_reached = {
        labels[pk]
        for pk in Recommendation.objects.exclude(reachable_q(DAY)).values_list("pk", flat=True)
    }
    not_q = {
        labels[pk]
        for pk in Recommendation.objects.filter(~reachable_q(DAY)).values_list("pk", flat=True)
    }
    assert reached == expected
    assert not_reached == not_q == set(owners) - expected  # no row lost to a NULL
