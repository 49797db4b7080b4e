"""The permission matrix: every page of the app, for every kind of user.

The matrix is checked against the URL patterns themselves, so a new page without rows
fails here until someone decides who may see it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from committees.models import AgendaItem, Committee, Membership, Person, Post
from tests.conftest import DEMO_PASSWORD
from tracker.models import CalendarLink, InformationRequest, OwnerUpdate, Recommendation
from tracker.roles import ROLE_MEMBERS, ROLE_OWNERS
from tracker.services import owner_update_submit

pytestmark = pytest.mark.django_db

PRINCIPALS = [
    "public",
    "councillor",  # member of the committee
    "other_councillor",  # member of another committee
    "owner",  # holds the post that owns the items
    "other_owner",  # a responsible officer who owns other things
    "officer",  # scrutiny officer of the committee
    "admin",
]
ALL_OK = dict.fromkeys(PRINCIPALS, 200)
SIGNED_IN = {**ALL_OK, "public": 302}
OFFICERS_ONLY = {p: 403 for p in PRINCIPALS} | {"public": 302, "officer": 200, "admin": 200}
OWNER_OR_OFFICER = OFFICERS_ONLY | {"owner": 200}
# Outsiders get 404 for an exempt request: they may not know it exists.
EXEMPT = {p: 404 for p in PRINCIPALS} | {
    "councillor": 200,
    "owner": 200,
    "officer": 200,
    "admin": 200,
}
ADMIN_SITE = {p: 302 for p in PRINCIPALS} | {"officer": 200, "admin": 200}
# The full version of a published document carries the committee's exempt business: only
# its members, its officers and admins; to anyone else it does not exist. Owning one exempt
# request (the owner) is not a seat on the committee.
EXEMPT_BUSINESS = {p: 404 for p in PRINCIPALS} | {"councillor": 200, "officer": 200, "admin": 200}

# url name -> {variant: (kwargs builder, expected status by principal)}
MATRIX = {
    "dashboard": {"": (lambda o: {}, ALL_OK)},
    "outstanding": {"": (lambda o: {}, ALL_OK)},
    "outstanding_print": {"": (lambda o: {}, ALL_OK)},
    "tracker_import": {"": (lambda o: {}, OFFICERS_ONLY)},
    # No upload waits under this key in the session: officers are sent back to upload.
    "tracker_import_preview": {
        "": (
            lambda o: {"key": "00000000-0000-4000-8000-000000000000"},
            OFFICERS_ONLY | {"officer": 302, "admin": 302},
        )
    },
    "my_items": {"": (lambda o: {}, SIGNED_IN)},
    "recommendation_detail": {"": (lambda o: {"pk": o["recommendation"].pk}, ALL_OK)},
    "recommendation_update": {"": (lambda o: {"pk": o["recommendation"].pk}, OWNER_OR_OFFICER)},
    "recommendation_assess": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    "recommendation_revise": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    "request_detail": {
        "public": (lambda o: {"pk": o["public_request"].pk}, ALL_OK),
        "exempt": (lambda o: {"pk": o["exempt_request"].pk}, EXEMPT),
    },
    "request_update": {
        "public": (lambda o: {"pk": o["public_request"].pk}, OWNER_OR_OFFICER),
        "exempt": (
            lambda o: {"pk": o["exempt_request"].pk},
            EXEMPT | OWNER_OR_OFFICER | {"other_councillor": 404, "other_owner": 404},
        ),
    },
    "updates_pending": {"": (lambda o: {}, OFFICERS_ONLY)},
    "update_review": {
        "public": (lambda o: {"pk": o["update"].pk}, OFFICERS_ONLY),
        "exempt": (
            lambda o: {"pk": o["exempt_update"].pk},
            OFFICERS_ONLY | {"other_councillor": 404, "other_owner": 404, "owner": 403},
        ),
    },
    "committee_list": {"": (lambda o: {}, ALL_OK)},
    "committee_detail": {"": (lambda o: {"slug": o["committee"].slug}, ALL_OK)},
    "meeting_detail": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, ALL_OK)},
    "inquiry_detail": {"": (lambda o: {"pk": o["recommendation"].inquiry_id}, ALL_OK)},
    # 16 January 2019: the meeting of the exempt request canary, with its private part.
    "meeting_notes_print": {
        "public": (lambda o: {"pk": o["exempt_request"].meeting_id, "version": "public"}, ALL_OK),
        "full": (
            lambda o: {"pk": o["exempt_request"].meeting_id, "version": "full"},
            EXEMPT_BUSINESS,
        ),
    },
    "meeting_notes_docx": {
        "public": (lambda o: {"pk": o["exempt_request"].meeting_id, "version": "public"}, ALL_OK),
        "full": (
            lambda o: {"pk": o["exempt_request"].meeting_id, "version": "full"},
            EXEMPT_BUSINESS,
        ),
    },
    "work_programme_print": {
        "public": (lambda o: {"slug": o["committee"].slug, "version": "public"}, ALL_OK),
        "full": (lambda o: {"slug": o["committee"].slug, "version": "full"}, EXEMPT_BUSINESS),
    },
    "work_programme_docx": {
        "public": (lambda o: {"slug": o["committee"].slug, "version": "public"}, ALL_OK),
        "full": (lambda o: {"slug": o["committee"].slug, "version": "full"}, EXEMPT_BUSINESS),
    },
    "committee_calendar": {"": (lambda o: {"slug": o["committee"].slug}, ALL_OK)},
    # The token is the credential: whoever holds a live link reads it, signed in or not;
    # a revoked one reads nothing for anyone, its owner included.
    "personal_calendar": {
        "live": (lambda o: {"token": o["calendar_link"].token}, ALL_OK),
        "revoked": (
            lambda o: {"token": o["revoked_calendar_link"].token},
            dict.fromkeys(PRINCIPALS, 404),
        ),
    },
    "calendar_link": {"": (lambda o: {}, SIGNED_IN)},
    "meetings_schedule": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "meeting_record": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "notes_confirm": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "notes_import": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    # With no draft waiting in their session, the review step sends officers to the upload.
    "notes_import_review": {
        "": (
            lambda o: {"pk": o["exempt_request"].meeting_id},
            OFFICERS_ONLY | {"officer": 302, "admin": 302},
        )
    },
    "login": {"": (lambda o: {}, ALL_OK)},
    # Signing out is a POST; a GET is refused without signing anyone out.
    "logout": {"": (lambda o: {}, dict.fromkeys(PRINCIPALS, 405))},
    # Django's admin has its own permission system; its front door is checked here.
    "admin:index": {"": (lambda o: {}, ADMIN_SITE)},
}


def named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin:index")
                continue
            names |= named_patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_page_has_rows_in_the_matrix():
    assert named_patterns() == set(MATRIX)


@pytest.fixture
def world(demo):
    """The demo record, plus the principals and objects the matrix needs."""
    users = get_user_model().objects
    committee = Committee.objects.get()
    other = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    outsider = users.create_user("other_councillor", password=DEMO_PASSWORD)
    outsider.groups.add(Group.objects.get(name=ROLE_MEMBERS))
    person = Person.objects.create(name="Councillor Elsewhere", is_councillor=True, user=outsider)
    Membership.objects.create(committee=other, person=person)
    other_owner = users.create_user("other_owner", password=DEMO_PASSWORD)
    other_owner.groups.add(Group.objects.get(name=ROLE_OWNERS))
    Person.objects.filter(name="Anne Ainsworth").update(user=other_owner)

    wellbeing = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    january = committee.meetings.get(date=dt.date(2019, 1, 16))
    public_request = InformationRequest.objects.create(
        meeting=january,
        agenda_item=AgendaItem.objects.get(meeting=january, number=6),
        text="Public canary: the youth justice budget breakdown.",
        owner_post=wellbeing,
    )
    exempt_request = InformationRequest.objects.create(
        meeting=january,
        agenda_item=AgendaItem.objects.get(meeting=january, number=12),
        text="Exempt canary: the confidential WSOA annex.",
        owner_post=wellbeing,
    )
    owner = users.get(username="owner")
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    update = owner_update_submit(item=recommendation, by_user=owner, progress_note="Drafted.")
    exempt_update = owner_update_submit(item=exempt_request, by_user=owner, progress_note="Sent.")
    return {
        "committee": committee,
        "recommendation": recommendation,
        "public_request": public_request,
        "exempt_request": exempt_request,
        "update": update,
        "exempt_update": exempt_update,
        "revoked_calendar_link": CalendarLink.objects.create(
            person=owner.person, revoked_at=timezone.now()
        ),
        "calendar_link": CalendarLink.objects.create(person=owner.person),
    }


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
    assert mismatches == []


def test_a_post_by_someone_who_may_not_update_changes_nothing(client, world):
    client.force_login(get_user_model().objects.get(username="other_owner"))
    url = reverse("recommendation_update", kwargs={"pk": world["recommendation"].pk})
    response = client.post(url, {"progress_note": "Not mine to report."})
    assert response.status_code == 403
    assert not OwnerUpdate.objects.filter(progress_note="Not mine to report.").exists()
