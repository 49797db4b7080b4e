"""The permission matrix: every page of the app, for every kind of user.

The matrix (tests/support/permissions.py) is checked against the URL patterns themselves,
so a new page without rows fails here until someone decides who may see it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.support.permissions import MATRIX, PRINCIPALS, named_patterns
from tracker.models import OwnerUpdate

pytestmark = pytest.mark.django_db


def test_every_page_has_rows_in_the_matrix():
    assert named_patterns() == set(MATRIX)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_cell_of_the_matrix(client, world, principal):
    """One principal per test, every page and variant: all mismatches are listed at once."""
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    mismatches = []
    for name, variants in MATRIX.items():
        for variant, (build, expected) in variants.items():
            response = client.get(reverse(name, kwargs=build(world)))
            if response.status_code != expected[principal]:
                mismatches.append((name, variant, response.status_code, expected[principal]))
            if response.status_code in {403, 404}:
                # A refusal carries none of the object's text.
                assert b"canary" not in response.content, (name, variant)
    assert mismatches == [], "\n".join(map(str, mismatches))


def test_a_post_by_someone_who_may_not_update_changes_nothing(client, world):
    client.force_login(get_user_model().objects.get(username="other_owner"))
    url = reverse("recommendation_update", kwargs={"pk": world["recommendation"].pk})
    response = client.post(url, {"progress_note": "Not mine to report."})
    assert response.status_code == 403
    assert not OwnerUpdate.objects.filter(progress_note="Not mine to report.").exists()
