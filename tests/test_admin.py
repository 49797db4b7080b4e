"""The Django admin is for system administrators only, and keeps the services' rules.

A crawl signs in as every role, and as a scrutiny officer and a councillor of another
committee, and asks for every admin page (each model's list, add, change, history and
delete pages, and every link those pages give): only administrators get anything but a
refusal, and no response to anyone else carries a word of the committee's exempt business.
For administrators, what a service owns (assessments, due dates, exemption, tracking rounds,
notes versions) is shown but not editable, every save says why, and a calendar link's token
is never shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from committees.models import (
    ActionNotes,
    AgendaItem,
    Committee,
    CouncilSettings,
    Meeting,
    Membership,
    Person,
    Resolution,
    SupportOfficer,
)
from tests.support.demo import DEMO_PASSWORD
from tracker.models import CalendarLink, InformationRequest, Inquiry, Recommendation
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS

pytestmark = pytest.mark.django_db

CANARY = "admin-canary"
HREF = re.compile(r'href="([^"#]+)"')
NOT_ADMINISTRATORS = ["officer", "owner", "councillor", "other_officer", "other_councillor"]


@pytest.fixture
def record(demo):
    """The demo record with exempt business planted, and another committee's people."""
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    exempt_item = AgendaItem.objects.get(meeting=january, number=12)
    assert exempt_item.is_exempt
    exempt_item.notes += f" {CANARY}-notes: the names in the confidential annex."
    exempt_item.save()
    Resolution.objects.create(agenda_item=exempt_item, order=9, text=f"{CANARY}-resolution.")
    InformationRequest.objects.create(
        meeting=january, agenda_item=exempt_item, text=f"{CANARY}-request: the annex."
    )
    ActionNotes.objects.create(
        meeting=january,
        part=ActionNotes.Part.PRIVATE,
        version=2,
        status=ActionNotes.Status.AMENDED,
        amendments=f"{CANARY}-amendment to the private part.",
        confirmed_at=Meeting.objects.get(date=dt.date(2019, 2, 13)),
        published_at=timezone.now(),
    )

    users = get_user_model().objects
    other = Committee.objects.create(name="Housing and Neighbourhoods O&S", slug="housing")
    # Staff, as officers once were: the flag alone admits no one.
    other_officer = users.create_user("other_officer", password=DEMO_PASSWORD, is_staff=True)
    other_officer.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(
        committee=other,
        person=Person.objects.create(name="Housing Scrutiny Officer", user=other_officer),
        role="Scrutiny Officer",
    )
    other_councillor = users.create_user("other_councillor", password=DEMO_PASSWORD)
    other_councillor.groups.add(Group.objects.get(name=ROLE_MEMBERS))
    Membership.objects.create(
        committee=other,
        person=Person.objects.create(name="Councillor Elsewhere", user=other_councillor),
    )
    owner = Person.objects.get(user__username="owner")
    return {"link": CalendarLink.objects.create(person=owner), "exempt_item": exempt_item}


@pytest.fixture
def admin_client(client, record):
    """The demo's administrator, signed in once the record (and their password) is set."""
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def every_admin_page() -> list[str]:
    """Each registered model's list and add pages, the change, history and delete pages of
    its newest object, and its list searched for the canary."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        urls += [changelist, reverse(f"{prefix}_add")]
        if model_admin.search_fields:
            urls.append(f"{changelist}?q={CANARY}")
        pk = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            urls += [reverse(f"{prefix}_{page}", args=[pk]) for page in ("change", "delete")]
            if isinstance(model_admin, SimpleHistoryAdmin):
                urls.append(reverse(f"{prefix}_history", args=[pk]))
    return urls


def crawl(client) -> dict[str, tuple[int, str]]:
    """Every admin page above, and every admin page that a search result links to."""
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(every_admin_page())
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        text = response.content.decode(errors="replace")
        seen[url] = (response.status_code, text)
        if response.status_code != 200 or "?q=" not in url:
            continue
        for href in HREF.findall(text):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            # A result's link carries the search back to the list: the page is the same.
            local = target.netloc in {"", "testserver"}
            if local and target.path.startswith("/admin/") and "logout" not in target.path:
                queue.append(target.path)
    return seen


@pytest.mark.parametrize("principal", ["public", *NOT_ADMINISTRATORS])
def test_no_one_but_an_administrator_gets_anything_from_the_admin(client, record, principal):
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    pages = crawl(client)
    assert len(pages) > 80  # every model's pages were asked for
    for url, (status, text) in pages.items():
        assert status in {302, 403}, (url, status)
        assert CANARY not in text, url
        assert record["link"].token not in text, url


def test_the_crawler_sees_what_an_administrator_sees(admin_client, record):
    """The same crawl, as an administrator: it reaches every model and finds the canaries,
    so the refusals above mean something. It never finds a calendar token."""
    pages = crawl(admin_client)
    served = {url for url, (status, _) in pages.items() if status == 200}
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert changelist in served
    everything = "\n".join(text for _, text in pages.values())
    for part in ("notes", "resolution", "request", "amendment"):
        assert f"{CANARY}-{part}" in everything
    assert record["link"].token not in everything
    assert all(status != 500 for status, _ in pages.values())


def test_an_administrators_group_member_is_admitted_without_the_staff_flag(client, record):
    user = get_user_model().objects.create_user("sysadmin", password=DEMO_PASSWORD)
    user.groups.add(Group.objects.get(name="Administrators"))
    client.force_login(user)
    response = client.get(reverse("admin:tracker_recommendation_changelist"))
    assert response.status_code == 200
    assert "Corporate Parenting" in response.content.decode()


def test_the_admin_has_no_sign_in_of_its_own(client, record):
    """One sign-in page for everyone, with its throttle: the admin's sends people there."""
    response = client.post(reverse("admin:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_only_administrators_are_staff(record):
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert "officer" not in staff
    assert "admin" in staff


def test_it_registers_every_model_with_its_history(db):
    registered = {m for m in admin.site._registry if m._meta.app_label in {"committees", "tracker"}}
    expected = {
        m
        for m in apps.get_models()
        if m._meta.app_label in {"committees", "tracker"}
        and not m.__name__.startswith("Historical")
    }
    assert registered == expected
    for model in registered:
        if hasattr(model, "history"):
            assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


# -- what a service owns is shown, not edited ---------------------------------------------


def change_form_data(response) -> dict:
    """The change form as the browser would post it back, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[inline_form.add_prefix(name)] = value
    return data


def test_an_administrator_cannot_edit_an_assessment_or_a_due_date(admin_client, record):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    url = reverse("admin:tracker_recommendation_change", args=[recommendation.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    for owned in ("due_date", "original_due_date", "current_assessment", "tracking_ended_on"):
        assert owned not in form.fields
    data = change_form_data(page) | {
        "due_date": "2030-01-01",
        "responsibility": "Cabinet Member, as corrected",
        "change_reason": "The responsibility was misspelt.",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    before_due = recommendation.due_date
    recommendation.refresh_from_db()
    assert recommendation.due_date == before_due
    assert recommendation.responsibility == "Cabinet Member, as corrected"
    latest = recommendation.history.latest()
    assert latest.history_change_reason == "The responsibility was misspelt."
    assert latest.history_user.username == "admin"
    # The inlines list the tracking rounds and revisions; they add and change nothing.
    for formset in page.context["inline_admin_formsets"]:
        assert not formset.has_add_permission and not formset.has_change_permission


def test_a_save_without_a_reason_is_refused_and_changes_nothing(admin_client, record):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    url = reverse("admin:tracker_recommendation_change", args=[recommendation.pk])
    data = change_form_data(admin_client.get(url)) | {"responsibility": "Someone else"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    assert recommendation.responsibility != "Someone else"


def test_a_text_longer_than_a_download_holds_is_refused_and_changes_nothing(admin_client, record):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    url = reverse("admin:tracker_recommendation_change", args=[recommendation.pk])
    data = change_form_data(admin_client.get(url)) | {
        "text": "x" * 32_001,
        "change_reason": "The full text of the report.",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["text"] == [
        "Keep this to 32,000 characters or fewer: it has 32,001"
    ]
    before = recommendation.text
    recommendation.refresh_from_db()
    assert recommendation.text == before


def test_an_administrator_cannot_make_an_exempt_item_public(admin_client, record):
    item = record["exempt_item"]
    url = reverse("admin:committees_agendaitem_change", args=[item.pk])
    page = admin_client.get(url)
    assert "is_exempt" not in page.context["adminform"].form.fields
    data = change_form_data(page) | {"is_exempt": "", "change_reason": "Tidying the title."}
    data.pop("is_exempt")
    assert admin_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.is_exempt and item.exempt_paragraph


def test_notes_versions_and_tracking_rounds_are_shown_only(admin_client, record):
    for name in ("committees_actionnotes", "tracker_trackinground", "tracker_duedaterevision"):
        assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403
    notes = ActionNotes.objects.get(amendments__startswith=CANARY)
    url = reverse("admin:committees_actionnotes_change", args=[notes.pk])
    assert admin_client.post(url, {"amendments": "rewritten"}).status_code == 403
    notes.refresh_from_db()
    assert notes.amendments.startswith(CANARY)


def test_an_inquiry_is_added_with_its_recommendations_on_one_page(admin_client, record):
    committee = Committee.objects.get(slug=record["exempt_item"].meeting.committee.slug)
    scale = Inquiry.objects.first().assessment_scale
    response = admin_client.post(
        reverse("admin:tracker_inquiry_add"),
        {
            "committee": committee.pk,
            "title": "Home to school transport",
            "assessment_scale": scale.pk,
            "change_reason": "The inquiry's report was agreed by the committee.",
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-INITIAL_FORMS": "0",
            "recommendations-0-code": "R01",
            "recommendations-0-text_known": "on",
            "recommendations-0-text": "Publish the route reviews.",
            "recommendations-0-original_due_date": "2019-09-30",
            "recommendations-1-code": "R02",
            "recommendations-1-text": "",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    inquiry = Inquiry.objects.get(title="Home to school transport")
    first, second = inquiry.recommendations.order_by("code")
    assert (first.text, first.due_date) == ("Publish the route reviews.", dt.date(2019, 9, 30))
    assert not second.text_known
    assert first.history.latest().history_change_reason.startswith("The inquiry's report")


def test_a_calendar_token_is_never_shown_but_its_state_is(admin_client, record):
    link = record["link"]
    for url in (
        reverse("admin:tracker_calendarlink_changelist"),
        reverse("admin:tracker_calendarlink_change", args=[link.pk]),
        reverse("admin:committees_person_change", args=[link.person_id]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert link.token not in response.content.decode()
    response = admin_client.post(
        reverse("admin:tracker_calendarlink_changelist"),
        {"action": "stop", "_selected_action": [link.pk]},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_overdue_filter_uses_the_shared_definition(admin_client, record):
    url = reverse("admin:tracker_recommendation_changelist")
    response = admin_client.get(url, {"overdue": "outstanding"})
    assert response.context["cl"].result_count == Recommendation.objects.outstanding().count()


def test_the_council_settings_are_one_row_changed_with_a_reason(admin_client, record):
    """The council's name and wording are kept in the admin too: one row, never a second
    and never deleted, and each save is in its history with who and why."""
    council = CouncilSettings.objects.current()
    assert council.name == "Birmingham City Council"  # the demo's, set by its loader
    url = reverse("admin:committees_councilsettings_change", args=[council.pk])
    data = change_form_data(admin_client.get(url)) | {
        "full_council": "Council",
        "change_reason": "The council's new constitution.",
    }
    assert admin_client.post(url, data).status_code == 302
    change = CouncilSettings.objects.current().history.first()
    assert change.full_council == "Council"
    assert change.history_change_reason == "The council's new constitution."
    assert change.history_user.username == "admin"
    assert admin_client.get(reverse("admin:committees_councilsettings_add")).status_code == 403
    delete = reverse("admin:committees_councilsettings_delete", args=[council.pk])
    assert admin_client.get(delete).status_code == 403
