"""The permission matrix, continued: every POST, and objects of another committee.

tests/test_permissions.py checks the GET cells of every URL pattern. Here:
- POST_MATRIX: the outcome of a POST (with an empty form) to every URL, by principal. A URL
  not listed must refuse POST with 405, so a new view that accepts POST fails here until
  someone decides who may post to it. A refused POST changes nothing.
- ELSEWHERE: the pages of objects that belong to another committee, where the scrutiny
  officer of this committee has no more rights than anyone else.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committees.models import ActionNotes, AgendaItem, Meeting, ProgrammeMatter, WorkProgrammeEntry
from tests.factories import InformationRequestFactory, InquiryFactory, RecommendationFactory
from tests.support.checksums import database_checksum as table_checksum
from tests.support.checksums import statements_that_may_write
from tests.support.permissions import (
    ADMINISTRATORS_ONLY,
    ALL_OK,
    MATRIX,
    OFFICERS_ONLY,
    OWNER_OR_OFFICER,
    PRINCIPALS,
)

pytestmark = pytest.mark.django_db

# Refusals mirror GET: 302 to sign in for the public, 403 for the signed-in who may not,
# 404 where they may not know the object exists. Those who may post get the form back
# with its errors (200), or are sent on (302) where an empty form has nothing to check.
FORM_BACK = {**OFFICERS_ONLY, "officer": 200, "admin": 200}
# The forward plan is the council's: a scrutiny officer of any committee may post to it.
ANY_OFFICER_FORM_BACK = FORM_BACK | {"other_officer": 200}
API_MAY_WRITE = {p: 403 for p in PRINCIPALS} | {"public": 401}
API_OUTSIDERS = {"other_councillor": 404, "other_owner": 404, "other_officer": 404}
# The test client posts a multipart form: the API reads JSON only, so those who may write
# are told the body's type is not one it reads (415), before anything else is looked at,
# and nothing changes.
API_NOT_JSON = {"owner": 415, "officer": 415, "admin": 415}
API_OFFICER_NOT_JSON = {"officer": 415, "admin": 415}
API_POSTS = {
    "api:recommendation-update": {"": API_MAY_WRITE | API_NOT_JSON},
    "api:request-update": {
        "public": API_MAY_WRITE | API_NOT_JSON,
        "exempt": API_MAY_WRITE | API_OUTSIDERS | {"public": 404} | API_NOT_JSON,
    },
    **{
        name: {"": API_MAY_WRITE | API_OFFICER_NOT_JSON}
        for name in (
            "api:recommendation-assess",
            "api:recommendation-due-date",
            "api:recommendation-withdraw",
        )
    },
    "api:update-review": {
        variant: API_MAY_WRITE | API_OUTSIDERS | {"public": 404} | API_OFFICER_NOT_JSON
        for variant in ("public", "exempt")
    },
    **{
        name: {
            "public": API_MAY_WRITE | API_OFFICER_NOT_JSON,
            "exempt": API_MAY_WRITE | API_OUTSIDERS | {"public": 404} | API_OFFICER_NOT_JSON,
        }
        for name in (
            "api:request-due-date",
            "api:request-owner",
            "api:request-withdraw",
            "api:request-provided",
        )
    },
    "api:request-list": {"": API_MAY_WRITE | {"officer": 415, "other_officer": 415, "admin": 415}},
}
POST_MATRIX = {
    "recommendation_update": {"": OWNER_OR_OFFICER},
    "request_update": {
        "public": OWNER_OR_OFFICER,
        "exempt": OWNER_OR_OFFICER
        | {"other_councillor": 404, "other_owner": 404, "other_officer": 404},
    },
    "recommendation_assess": {"": FORM_BACK},
    "recommendation_revise": {"": FORM_BACK},
    **{
        name: {
            "public": FORM_BACK,
            "exempt": FORM_BACK
            | {"other_councillor": 404, "other_owner": 404, "other_officer": 404},
        }
        for name in ("request_owner", "request_revise", "request_withdraw", "request_provided")
    },
    "inquiry_create": {"": FORM_BACK | {"other_officer": 200}},
    "inquiry_executive": {"": FORM_BACK},
    "recommendation_response": {"": OWNER_OR_OFFICER},
    "recommendation_withdraw": {"": FORM_BACK},
    "impact_note_add": {"": FORM_BACK},
    "update_review": {
        "public": FORM_BACK,
        "exempt": FORM_BACK
        | {"other_councillor": 404, "other_owner": 404, "other_officer": 404, "owner": 403},
    },
    "tracker_import": {"": ANY_OFFICER_FORM_BACK},
    # No upload waits under the key: officers are sent back to upload again.
    "tracker_import_preview": {
        "": ANY_OFFICER_FORM_BACK | {"officer": 302, "other_officer": 302, "admin": 302}
    },
    "tracker_import_mapping": {
        "": ANY_OFFICER_FORM_BACK | {"officer": 302, "other_officer": 302, "admin": 302}
    },
    # No button pressed: nothing to do, back to the page. The demo admin is nobody in the
    # record, so has no due dates to publish.
    "calendar_link": {"": dict.fromkeys(PRINCIPALS, 302) | {"admin": 403}},
    # An empty answer comes back with its error; the demo admin is nobody in the record,
    # so has no notifications to set.
    "notification_preferences": {"": {**ALL_OK, "public": 302, "admin": 403}},
    "meetings_schedule": {"": FORM_BACK},
    "meeting_record": {"": FORM_BACK},
    "meeting_record_item": {"": FORM_BACK},
    "notes_confirm": {"": FORM_BACK},
    # The demo's notes are published already: nothing changes, back to the meeting.
    "meeting_notes_publish": {"": OFFICERS_ONLY | {"officer": 302, "admin": 302}},
    "meeting_notes_correct": {"": FORM_BACK},
    # Published (the month of the last meeting, not yet published), and told to its
    # members: back to the programme.
    "work_programme_publish": {"": OFFICERS_ONLY | {"officer": 302, "admin": 302}},
    "meeting_move": {"": FORM_BACK},
    "meeting_cancel": {"": FORM_BACK},
    "meeting_kind": {"": FORM_BACK},
    "meeting_status": {"": FORM_BACK},
    "meeting_substitute": {"": FORM_BACK},
    "membership_add": {"": FORM_BACK},
    "membership_end": {"": FORM_BACK},
    "support_officer_add": {"": FORM_BACK},
    "support_officer_end": {"": FORM_BACK},
    "notes_import": {"": FORM_BACK},
    # No draft waits in the session: officers are sent back to upload.
    "notes_import_review": {"": FORM_BACK | {"officer": 302, "admin": 302}},
    "work_programme_manage": {"": FORM_BACK},
    "work_programme_entry_move": {"": FORM_BACK},
    "work_programme_entry_drop": {"": FORM_BACK},
    "programme_matter_add": {"": FORM_BACK},
    "programme_matter_end": {"": FORM_BACK},
    "call_in_edit": {"": FORM_BACK},
    "forward_plan_decision_add": {"": ANY_OFFICER_FORM_BACK},
    "forward_plan_decision_edit": {"": ANY_OFFICER_FORM_BACK},
    "forward_plan_import": {"": ANY_OFFICER_FORM_BACK},
    "forward_plan_import_preview": {
        "": ANY_OFFICER_FORM_BACK | {"officer": 302, "other_officer": 302, "admin": 302}
    },
    "login": {"": ALL_OK},
    # An empty form comes back with its errors; a link that does not work says so.
    "password_reset": {"": ALL_OK},
    "password_reset_confirm": {"": ALL_OK},
    "password_change": {"": {**ALL_OK, "public": 302}},
    "password_change_done": {"": {**dict.fromkeys(PRINCIPALS, 405), "public": 302}},
    "person_invite": {"": FORM_BACK},
    # Administrators only: an empty form comes back with its errors.
    "council_settings": {"": ADMINISTRATORS_ONLY},
    "committee_settings": {"": ADMINISTRATORS_ONLY},
    "logout": {"": dict.fromkeys(PRINCIPALS, 302)},
    # Performance reports: the committee's officers mark a month exempt, import values and
    # ask about an indicator (an empty question comes back with its error).
    "kpi_report_exemption": {"": FORM_BACK},
    "kpi_import": {"": FORM_BACK},
    "kpi_import_preview": {"": FORM_BACK | {"officer": 302, "admin": 302}},
    "kpi_ask": {"": FORM_BACK},
    # A token is made by anyone signed in (an empty name comes back with its error) and
    # revoked only by its person: the owner's is revoked, to anyone else it does not exist.
    "api_tokens": {"": {**ALL_OK, "public": 302}},
    "api_token_revoke": {"": {**dict.fromkeys(PRINCIPALS, 404), "public": 302, "owner": 302}},
    # The API's writes, posted an empty form by session: the public is 401 (not signed in);
    # those who may write are told to send JSON (415); the others are refused as on the
    # pages. tests/api/test_api_permissions.py posts JSON with tokens.
    **API_POSTS,
}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_post_cell(client, world, principal):
    """Each URL and variant of the GET matrix, posted to as each principal."""
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    mismatches = []
    # A refusal changes nothing, so the checksum after one is the checksum before the next:
    # it is read again only after a POST that sent a statement that may have changed a
    # row. A refusal that sent none changed nothing; one that sent any is checksummed.
    checksum = None
    for name, variants in MATRIX.items():
        if name == "admin:index":
            continue  # Django's admin: its own permission system and tests
        for variant, (build, _) in variants.items():
            expected = POST_MATRIX.get(name, {}).get(variant, dict.fromkeys(PRINCIPALS, 405))
            # These answer a POST that did something with a redirect, like a refusal.
            refused = expected[principal] in {302, 403, 404, 405} and name not in {
                "logout",
                "calendar_link",
                "work_programme_publish",
                "api_token_revoke",
            }
            url = reverse(name, kwargs=build(world))
            if refused and checksum is None:
                checksum = table_checksum()
            with statements_that_may_write() as writes:
                response = client.post(url, {})
            if response.status_code != expected[principal]:
                mismatches.append((name, variant, response.status_code, expected[principal]))
            if refused and writes:
                assert table_checksum() == checksum, (name, variant, principal, writes)
            elif writes:
                checksum = None
            if response.status_code in {403, 404}:
                assert b"canary" not in response.content, (name, variant)
            if name == "logout" and principal != "public":
                client.force_login(get_user_model().objects.get(username=principal))
                checksum = None
    assert mismatches == [], "\n".join(map(str, mismatches))


def test_every_post_row_names_a_url_of_the_matrix():
    for name, variants in POST_MATRIX.items():
        assert set(variants) <= set(MATRIX[name]), name


# -- objects of another committee ------------------------------------------------------------

# The Housing committee's own officer (other_officer) keeps its record; for everyone else,
# this committee's officer included, its pages refuse.
OTHER_COMMITTEE = {p: 403 for p in PRINCIPALS} | {"public": 302, "admin": 200, "other_officer": 200}


@pytest.fixture
def elsewhere(world):
    """A meeting, a request and a recommendation of the Housing committee."""
    other = world["committee"].__class__.objects.get(slug="housing")
    meeting = Meeting.objects.create(committee=other, date=dt.date(2019, 2, 20))
    # Its notes are published: everyone may read what was recorded, its request included.
    ActionNotes.objects.create(meeting=meeting, published_at=timezone.now())
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Homelessness")
    request = InformationRequestFactory(meeting=meeting, agenda_item=item)
    recommendation = RecommendationFactory(inquiry=InquiryFactory(committee=other))
    topic = WorkProgrammeEntry.objects.create(committee=other, meeting=meeting, topic="Voids")
    matter = ProgrammeMatter.objects.create(
        committee=other, kind="petition", text="Empty homes", listed_from=dt.date(2019, 1, 1)
    )
    return {
        "matter": matter,
        "meeting": meeting,
        "request": request,
        "recommendation": recommendation,
        "topic": topic,
    }


ELSEWHERE = {
    "recommendation_detail": (lambda o: {"pk": o["recommendation"].pk}, ALL_OK),
    "recommendation_update": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "recommendation_assess": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "recommendation_revise": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "recommendation_response": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "recommendation_withdraw": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "impact_note_add": (lambda o: {"pk": o["recommendation"].pk}, OTHER_COMMITTEE),
    "inquiry_executive": (lambda o: {"pk": o["recommendation"].inquiry_id}, OTHER_COMMITTEE),
    "request_detail": (lambda o: {"pk": o["request"].pk}, ALL_OK),
    "request_update": (lambda o: {"pk": o["request"].pk}, OTHER_COMMITTEE),
    "request_owner": (lambda o: {"pk": o["request"].pk}, OTHER_COMMITTEE),
    "request_revise": (lambda o: {"pk": o["request"].pk}, OTHER_COMMITTEE),
    "request_withdraw": (lambda o: {"pk": o["request"].pk}, OTHER_COMMITTEE),
    "request_provided": (lambda o: {"pk": o["request"].pk}, OTHER_COMMITTEE),
    "meeting_detail": (lambda o: {"pk": o["meeting"].pk}, ALL_OK),
    "meeting_record": (lambda o: {"pk": o["meeting"].pk}, OTHER_COMMITTEE),
    "meeting_record_item": (
        lambda o: {"pk": o["meeting"].pk, "item": o["meeting"].agenda_items.first().pk},
        OTHER_COMMITTEE,
    ),
    "notes_confirm": (lambda o: {"pk": o["meeting"].pk}, OTHER_COMMITTEE),
    "meeting_notes_correct": (lambda o: {"pk": o["meeting"].pk}, OTHER_COMMITTEE),
    "notes_import": (lambda o: {"pk": o["meeting"].pk}, OTHER_COMMITTEE),
    "meetings_schedule": (lambda o: {"slug": "housing"}, OTHER_COMMITTEE),
    "committee_detail": (lambda o: {"slug": "housing"}, ALL_OK),
    "work_programme_manage": (lambda o: {"slug": "housing"}, OTHER_COMMITTEE),
    "work_programme_entry_move": (lambda o: {"pk": o["topic"].pk}, OTHER_COMMITTEE),
    "work_programme_entry_drop": (lambda o: {"pk": o["topic"].pk}, OTHER_COMMITTEE),
    "programme_matter_add": (lambda o: {"slug": "housing"}, OTHER_COMMITTEE),
    "programme_matter_end": (lambda o: {"pk": o["matter"].pk}, OTHER_COMMITTEE),
    "call_in_edit": (lambda o: {"pk": o["meeting"].pk}, OTHER_COMMITTEE),
    "committee_people": (lambda o: {"slug": "housing"}, OTHER_COMMITTEE),
    "person_invite": (lambda o: {"slug": "housing"}, OTHER_COMMITTEE),
}


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_another_committees_objects(client, elsewhere, principal):
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    mismatches = []
    for name, (build, expected) in ELSEWHERE.items():
        response = client.get(reverse(name, kwargs=build(elsewhere)))
        if response.status_code != expected[principal]:
            mismatches.append((name, response.status_code, expected[principal]))
    assert mismatches == []
