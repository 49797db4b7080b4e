"""The permission matrix: every URL pattern, for every kind of user, and what it needs.

tests/test_permissions.py checks each cell; the leak crawler, the no-writes checks, the
POST matrix and the property tests walk the same pages. `build_world` adds, to the demo
record, the principals and objects the matrix names (the `world` fixture in conftest.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from committees.models import (
    AgendaItem,
    CallIn,
    Committee,
    ForwardPlanDecision,
    Membership,
    Person,
    Post,
    SupportOfficer,
    WorkProgrammeEntry,
)
from tests.support.demo import DEMO_PASSWORD
from tracker.api.tokens import api_token_create
from tracker.items.services import owner_update_submit
from tracker.models import (
    CalendarLink,
    IndicatorValue,
    InformationRequest,
    KpiReport,
    Recommendation,
)
from tracker.opendata.schema import DATASETS as OPEN_DATASETS
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS, ROLE_OWNERS

PRINCIPALS = [
    "public",
    "councillor",  # member of the committee
    "other_councillor",  # member of another committee
    "owner",  # holds the post that owns the items
    "other_owner",  # a responsible officer who owns other things
    "officer",  # scrutiny officer of the committee
    "other_officer",  # scrutiny officer of another committee
    "admin",
]
ALL_OK = dict.fromkeys(PRINCIPALS, 200)
SIGNED_IN = {**ALL_OK, "public": 302}
OFFICERS_ONLY = {p: 403 for p in PRINCIPALS} | {"public": 302, "officer": 200, "admin": 200}
OWNER_OR_OFFICER = OFFICERS_ONLY | {"owner": 200}
ANY_OFFICER = OFFICERS_ONLY | {"other_officer": 200}
# Outsiders get 404 for an exempt request: they may not know it exists.
EXEMPT = {p: 404 for p in PRINCIPALS} | {
    "councillor": 200,
    "owner": 200,
    "officer": 200,
    "admin": 200,
}
# The admin is for administrators only: everyone else is sent to sign in, and then refused
# (tests/test_admin.py crawls every admin page).
ADMIN_SITE = {p: 302 for p in PRINCIPALS} | {"admin": 200}
# The council's settings and each committee's rules: administrators only.
ADMINISTRATORS_ONLY = {p: 403 for p in PRINCIPALS} | {"public": 302, "admin": 200}
# The full version of a published document carries the committee's exempt business: only
# its members, its officers and admins; to anyone else it does not exist. Owning one exempt
# request (the owner) is not a seat on the committee.
EXEMPT_BUSINESS = {p: 404 for p in PRINCIPALS} | {"councillor": 200, "officer": 200, "admin": 200}

# A request's record is kept by its committee's officers; an exempt one does not exist for
# those who may not see it.
KEEPERS_OF_REQUEST = {
    "public": OFFICERS_ONLY,
    "exempt": OFFICERS_ONLY | {"other_councillor": 404, "other_owner": 404, "other_officer": 404},
}


# The API's endpoints: what a GET answers. Writes answer GET with 405 (their POSTs are in
# tests/test_permission_posts.py and tests/api/test_api_permissions.py). Refusals are 401 to
# the public (no sign-in page to be sent to), 403 to the signed-in who may not, and 404
# where the reader may not know the thing exists.
API_WRITE = dict.fromkeys(PRINCIPALS, 405)
API_OFFICERS = {p: 403 for p in PRINCIPALS} | {
    "public": 401,
    "officer": 200,
    "other_officer": 200,
    "admin": 200,
}
# An owner's update before it is accepted: for the committee's officers and members and
# the item's owner; to anyone else it does not exist.
API_PENDING_UPDATE = {p: 404 for p in PRINCIPALS} | {
    "councillor": 200,
    "owner": 200,
    "officer": 200,
    "admin": 200,
}
API_MATRIX = {
    "api:root": {"": (lambda o: {}, ALL_OK)},
    "api:schema": {"": (lambda o: {}, ALL_OK)},
    "api:docs": {"": (lambda o: {}, ALL_OK)},
    "api:committee-list": {"": (lambda o: {}, ALL_OK)},
    "api:committee-detail": {"": (lambda o: {"slug": o["committee"].slug}, ALL_OK)},
    "api:membership-list": {"": (lambda o: {}, ALL_OK)},
    "api:meeting-list": {"": (lambda o: {}, ALL_OK)},
    "api:meeting-detail": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, ALL_OK)},
    "api:resolution-list": {"": (lambda o: {}, ALL_OK)},
    "api:work-programme": {"": (lambda o: {}, ALL_OK)},
    "api:kpi-report-list": {"": (lambda o: {}, ALL_OK)},
    "api:kpi-report-detail": {
        "public": (lambda o: {"pk": o["kpi_report"].pk}, ALL_OK),
        "exempt": (lambda o: {"pk": o["exempt_kpi_report"].pk}, EXEMPT_BUSINESS),
    },
    "api:outstanding": {"": (lambda o: {}, ALL_OK)},
    "api:search": {"": (lambda o: {}, ALL_OK)},
    "api:recommendation-list": {"": (lambda o: {}, ALL_OK)},
    "api:recommendation-detail": {"": (lambda o: {"pk": o["recommendation"].pk}, ALL_OK)},
    "api:recommendation-update": {"": (lambda o: {"pk": o["recommendation"].pk}, API_WRITE)},
    "api:recommendation-assess": {"": (lambda o: {"pk": o["recommendation"].pk}, API_WRITE)},
    "api:recommendation-due-date": {"": (lambda o: {"pk": o["recommendation"].pk}, API_WRITE)},
    "api:recommendation-withdraw": {"": (lambda o: {"pk": o["recommendation"].pk}, API_WRITE)},
    "api:request-list": {"": (lambda o: {}, ALL_OK)},
    "api:request-detail": {
        "public": (lambda o: {"pk": o["public_request"].pk}, ALL_OK),
        "exempt": (lambda o: {"pk": o["exempt_request"].pk}, EXEMPT),
    },
    "api:request-update": {
        "public": (lambda o: {"pk": o["public_request"].pk}, API_WRITE),
        "exempt": (lambda o: {"pk": o["exempt_request"].pk}, API_WRITE),
    },
    **{
        name: {
            "public": (lambda o: {"pk": o["public_request"].pk}, API_WRITE),
            "exempt": (lambda o: {"pk": o["exempt_request"].pk}, API_WRITE),
        }
        for name in (
            "api:request-due-date",
            "api:request-owner",
            "api:request-withdraw",
            "api:request-provided",
        )
    },
    "api:update-list": {"": (lambda o: {}, API_OFFICERS)},
    "api:update-detail": {
        "public": (lambda o: {"pk": o["update"].pk}, API_PENDING_UPDATE),
        "exempt": (lambda o: {"pk": o["exempt_update"].pk}, API_PENDING_UPDATE),
    },
    "api:update-review": {
        "public": (lambda o: {"pk": o["update"].pk}, API_WRITE),
        "exempt": (lambda o: {"pk": o["exempt_update"].pk}, API_WRITE),
    },
}


def _request_kwargs(key):
    return lambda o: {"pk": o[f"{key}_request"].pk}


# url name -> {variant: (kwargs builder, expected status by principal)}
MATRIX = {
    "dashboard": {"": (lambda o: {}, ALL_OK)},
    "to_chase": {"": (lambda o: {}, ANY_OFFICER)},  # each their own committees'
    "outstanding": {"": (lambda o: {}, ALL_OK)},
    "outstanding_print": {"": (lambda o: {}, ALL_OK)},
    # Any officer imports, into the committees they keep only (the import refuses the rows
    # of any other): the page is theirs too.
    "tracker_import": {"": (lambda o: {}, ANY_OFFICER)},
    # No upload waits under this key in the session: officers are sent back to upload.
    "tracker_import_preview": {
        "": (
            lambda o: {"key": "00000000-0000-4000-8000-000000000000"},
            ANY_OFFICER | {"officer": 302, "other_officer": 302, "admin": 302},
        )
    },
    # The same for the step that maps a council's own columns.
    "tracker_import_mapping": {
        "": (
            lambda o: {"key": "00000000-0000-4000-8000-000000000000"},
            ANY_OFFICER | {"officer": 302, "other_officer": 302, "admin": 302},
        )
    },
    "my_items": {"": (lambda o: {}, SIGNED_IN)},
    # Anyone may search; each finds only what the pages would show them
    # (tests/search/test_search.py, and the leak crawler searches for its canaries).
    "search": {"": (lambda o: {}, ALL_OK)},
    "recommendation_detail": {"": (lambda o: {"pk": o["recommendation"].pk}, ALL_OK)},
    "recommendation_update": {"": (lambda o: {"pk": o["recommendation"].pk}, OWNER_OR_OFFICER)},
    "recommendation_assess": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    "recommendation_revise": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    "request_detail": {
        "public": (lambda o: {"pk": o["public_request"].pk}, ALL_OK),
        "exempt": (lambda o: {"pk": o["exempt_request"].pk}, EXEMPT),
    },
    **{
        name: {
            key: (_request_kwargs(key), expected) for key, expected in KEEPERS_OF_REQUEST.items()
        }
        for name in ("request_owner", "request_revise", "request_withdraw", "request_provided")
    },
    # Any officer may add an inquiry, to a committee they keep.
    "inquiry_create": {"": (lambda o: {}, ANY_OFFICER)},
    "request_update": {
        "public": (lambda o: {"pk": o["public_request"].pk}, OWNER_OR_OFFICER),
        "exempt": (
            lambda o: {"pk": o["exempt_request"].pk},
            EXEMPT
            | OWNER_OR_OFFICER
            | {"other_councillor": 404, "other_owner": 404, "other_officer": 404},
        ),
    },
    # Each officer's list holds the updates of the committees they keep, none of this one's.
    "updates_pending": {"": (lambda o: {}, ANY_OFFICER)},
    "update_review": {
        "public": (lambda o: {"pk": o["update"].pk}, OFFICERS_ONLY),
        "exempt": (
            lambda o: {"pk": o["exempt_update"].pk},
            OFFICERS_ONLY
            | {"other_councillor": 404, "other_owner": 404, "other_officer": 404, "owner": 403},
        ),
    },
    "committee_list": {"": (lambda o: {}, ALL_OK)},
    "committee_detail": {"": (lambda o: {"slug": o["committee"].slug}, ALL_OK)},
    "meeting_detail": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, ALL_OK)},
    "inquiry_detail": {"": (lambda o: {"pk": o["recommendation"].inquiry_id}, ALL_OK)},
    # The response clock and review cadence are the committee's record: its officers keep it.
    "inquiry_executive": {"": (lambda o: {"pk": o["recommendation"].inquiry_id}, OFFICERS_ONLY)},
    # The executive's response is recorded by the item's owner or the committee's officers.
    "recommendation_response": {"": (lambda o: {"pk": o["recommendation"].pk}, OWNER_OR_OFFICER)},
    "recommendation_withdraw": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    "impact_note_add": {"": (lambda o: {"pk": o["recommendation"].pk}, OFFICERS_ONLY)},
    # The statistics count exempt requests only for those entitled: the page is for anyone.
    "impact_statistics": {"": (lambda o: {}, ALL_OK)},
    "impact_items": {"": (lambda o: {}, ALL_OK)},
    "annual_report_print": {
        "public": (lambda o: {"slug": o["committee"].slug, "version": "public"}, ALL_OK),
        "full": (lambda o: {"slug": o["committee"].slug, "version": "full"}, EXEMPT_BUSINESS),
    },
    "annual_report_docx": {
        "public": (lambda o: {"slug": o["committee"].slug, "version": "public"}, ALL_OK),
        "full": (lambda o: {"slug": o["committee"].slug, "version": "full"}, EXEMPT_BUSINESS),
    },
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
    # Each signed-in person's own notification settings; there is no one else's to ask for.
    "notification_preferences": {"": (lambda o: {}, SIGNED_IN)},
    "meetings_schedule": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "meeting_record": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_record_item": {
        "": (
            lambda o: {
                "pk": o["exempt_request"].meeting_id,
                "item": o["exempt_request"].agenda_item_id,
            },
            OFFICERS_ONLY,
        )
    },
    "notes_confirm": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_notes_publish": {
        "": (
            lambda o: {"pk": o["exempt_request"].meeting_id},
            dict.fromkeys(PRINCIPALS, 405) | {"public": 302},
        )
    },
    "work_programme_publish": {
        "": (
            lambda o: {"slug": o["committee"].slug},
            dict.fromkeys(PRINCIPALS, 405) | {"public": 302},
        )
    },
    "meeting_notes_correct": {
        "": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)
    },
    "meeting_move": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_cancel": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_kind": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_status": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "meeting_substitute": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    "committee_membership": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "membership_add": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "membership_end": {
        "": (lambda o: {"pk": o["committee"].memberships.order_by("pk")[0].pk}, OFFICERS_ONLY)
    },
    "support_officer_add": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "support_officer_end": {
        "": (
            lambda o: {"pk": o["committee"].support_officers.order_by("pk")[0].pk},
            OFFICERS_ONLY,
        )
    },
    "notes_import": {"": (lambda o: {"pk": o["exempt_request"].meeting_id}, OFFICERS_ONLY)},
    # With no draft waiting in their session, the review step sends officers to the upload.
    "notes_import_review": {
        "": (
            lambda o: {"pk": o["exempt_request"].meeting_id},
            OFFICERS_ONLY | {"officer": 302, "admin": 302},
        )
    },
    # The work programme and call-ins belong to the committee: its officers keep them.
    "work_programme_manage": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "work_programme_entry_move": {"": (lambda o: {"pk": o["topic"].pk}, OFFICERS_ONLY)},
    "work_programme_entry_drop": {"": (lambda o: {"pk": o["topic"].pk}, OFFICERS_ONLY)},
    "programme_matter_add": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "programme_matter_end": {"": (lambda o: {"pk": o["matter"].pk}, OFFICERS_ONLY)},
    "call_in_edit": {"": (lambda o: {"pk": o["call_in"].meeting_id}, OFFICERS_ONLY)},
    "call_in_detail": {"": (lambda o: {"pk": o["call_in"].pk}, ALL_OK)},
    # The forward plan is the council's: a scrutiny officer of any committee keeps it.
    "forward_plan": {"": (lambda o: {}, ANY_OFFICER)},
    "forward_plan_decision_add": {"": (lambda o: {}, ANY_OFFICER)},
    "forward_plan_decision_edit": {"": (lambda o: {"pk": o["decision"].pk}, ANY_OFFICER)},
    "forward_plan_import": {"": (lambda o: {}, ANY_OFFICER)},
    "forward_plan_import_preview": {
        "": (
            lambda o: {"key": "00000000-0000-4000-8000-000000000000"},
            ANY_OFFICER | {"officer": 302, "other_officer": 302, "admin": 302},
        )
    },
    "login": {"": (lambda o: {}, ALL_OK)},
    # Signing out is a POST; a GET is refused without signing anyone out.
    "logout": {"": (lambda o: {}, dict.fromkeys(PRINCIPALS, 405))},
    # Passwords: Django's own views. Asking for a reset, and a set-password link that does
    # not work, look the same to everyone.
    "password_reset": {"": (lambda o: {}, ALL_OK)},
    "password_reset_done": {"": (lambda o: {}, ALL_OK)},
    "password_reset_confirm": {
        "": (lambda o: {"uidb64": "MQ", "token": "not-a-token"}, ALL_OK),
    },
    "password_reset_complete": {"": (lambda o: {}, ALL_OK)},
    "password_change": {"": (lambda o: {}, SIGNED_IN)},
    "password_change_done": {"": (lambda o: {}, SIGNED_IN)},
    # The people of a committee: for the officers who keep its record.
    "committee_people": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    "person_invite": {"": (lambda o: {"slug": o["committee"].slug}, OFFICERS_ONLY)},
    # Performance reports: public months for anyone; an exempt month (the leak crawler's
    # canary, November 2018) only for the committee's members and officers.
    "kpi_index": {"": (lambda o: {}, ALL_OK)},
    **{
        name: {
            "public": (lambda o: o["kpi_report"].url_kwargs, ALL_OK),
            "exempt": (lambda o: o["exempt_kpi_report"].url_kwargs, EXEMPT_BUSINESS),
        }
        for name in ("kpi_report", "kpi_headline", "kpi_report_print", "kpi_report_docx")
    },
    "kpi_report_exemption": {"": (lambda o: o["kpi_report"].url_kwargs, OFFICERS_ONLY)},
    "kpi_indicator": {"": (lambda o: {"pk": o["kpi_value"].indicator_id}, ALL_OK)},
    # "Ask about this" is a POST (tests/test_permission_posts.py); a GET is refused.
    "kpi_ask": {
        "": (lambda o: {"pk": o["kpi_value"].pk}, dict.fromkeys(PRINCIPALS, 405) | {"public": 302})
    },
    "kpi_import": {"": (lambda o: {"slug": o["kpi_report"].kpi_set.slug}, OFFICERS_ONLY)},
    "kpi_import_preview": {
        "": (
            lambda o: {
                "slug": o["kpi_report"].kpi_set.slug,
                "key": "00000000-0000-4000-8000-000000000000",
            },
            OFFICERS_ONLY | {"officer": 302, "admin": 302},
        )
    },
    # Open data: the public record, the same for everyone (tests/opendata/test_open_data.py).
    "open_data": {"": (lambda o: {}, ALL_OK)},
    "open_data_schema": {"": (lambda o: {}, ALL_OK)},
    "open_data_schema_json": {"": (lambda o: {}, ALL_OK)},
    "open_data_json": {"": (lambda o: {"slug": o["committee"].slug, "year": 2018}, ALL_OK)},
    "open_data_csv": {
        dataset.key: (
            lambda o, key=dataset.key: {"slug": o["committee"].slug, "year": 2018, "dataset": key},
            ALL_OK,
        )
        for dataset in OPEN_DATASETS
    },
    # The council's name and wording, and a committee's standing items, report deadline rule
    # and default scale: set by administrators, in the app as in the admin.
    "council_settings": {"": (lambda o: {}, ADMINISTRATORS_ONLY)},
    "committee_settings": {"": (lambda o: {"slug": o["committee"].slug}, ADMINISTRATORS_ONLY)},
    # Django's admin, for administrators only: its front door is checked here.
    "admin:index": {"": (lambda o: {}, ADMIN_SITE)},
    # Each signed-in person's own API tokens; revoking is a POST, and only of one's own.
    "api_tokens": {"": (lambda o: {}, SIGNED_IN)},
    "api_token_revoke": {
        "": (lambda o: {"pk": o["api_token"].pk}, {**dict.fromkeys(PRINCIPALS, 405), "public": 302})
    },
    # The API (tests/test_api*.py): its document, its documentation page and every
    # endpoint, read as each principal (signed in by session here; by token in
    # tests/api/test_api_permissions.py).
    "openapi": {"": (lambda o: {}, dict.fromkeys(PRINCIPALS, 302))},
    **API_MATRIX,
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


def build_world() -> dict:
    """On the demo record: the principals and objects the matrix needs."""
    users = get_user_model().objects
    committee = Committee.objects.get()
    other = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    outsider = users.create_user("other_councillor", password=DEMO_PASSWORD)
    outsider.groups.add(Group.objects.get(name=ROLE_MEMBERS))
    person = Person.objects.create(name="Councillor Elsewhere", is_councillor=True, user=outsider)
    Membership.objects.create(committee=other, person=person)
    other_officer = users.create_user("other_officer", password=DEMO_PASSWORD)
    other_officer.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(
        committee=other,
        person=Person.objects.create(name="Housing Scrutiny Officer", user=other_officer),
        role="Scrutiny Officer",
    )
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
    december = KpiReport.objects.get(kpi_set__committee=committee, period=dt.date(2018, 12, 1))
    kpi_value = december.values.get(indicator__code="KPI 13")  # outside tolerance
    exempt_kpi_report = KpiReport.objects.create(
        kpi_set=december.kpi_set,
        period=dt.date(2018, 11, 1),
        meeting=january,
        agenda_item=AgendaItem.objects.get(meeting=january, number=12),
        is_exempt=True,
        exempt_paragraph=3,
        title="Exempt canary: the November report",
    )
    IndicatorValue.objects.create(
        report=exempt_kpi_report,
        indicator=kpi_value.indicator,
        actual=Decimal("13"),
        commentary="Exempt canary: the provider's contract penalties.",
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
        "topic": WorkProgrammeEntry.objects.filter(committee=committee).first(),
        "matter": committee.programme_matters.filter(listed_until__isnull=True).first(),
        "decision": ForwardPlanDecision.objects.first(),
        "call_in": CallIn.objects.filter(meeting__committee=committee).first(),
        "membership": committee.memberships.filter(end__isnull=True).order_by("pk").first(),
        "support": committee.support_officers.order_by("pk").first(),
        "kpi_report": december,
        "exempt_kpi_report": exempt_kpi_report,
        "kpi_value": kpi_value,
        "api_token": api_token_create(user=owner, name="Case management system")[0],
    }
