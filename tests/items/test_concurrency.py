"""Two officers editing the same item never silently overwrite each other.

Each officer's form carries the version of the item they saw. Of two saves from pages
opened on the same version, one is applied and the other is refused with what changed,
from what to what and by whom, with the officer's answers kept for them to check.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from committees.models import Meeting, SupportOfficer
from tracker.items import services, versions
from tracker.models import AssessmentCategory, OwnerUpdate, Recommendation
from tracker.roles import ROLE_OFFICERS

MARCH = dt.date(2019, 3, 13)
SIMCOX = "Amanda Simcox"  # the demo's scrutiny officer, signed in as "officer"


def r02() -> Recommendation:
    return Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")


def category(label: str) -> AssessmentCategory:
    return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)


def second_officer():
    """The committee's Group Overview & Scrutiny Manager, with a login of their own."""
    person = SupportOfficer.objects.get(role="Group Overview & Scrutiny Manager").person
    user = get_user_model().objects.create_user("manager")
    user.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    person.user = user
    services.save_with_history(person, by_user=None, reason="Login for the test")
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seen_version(response) -> str:
    """The version the page carries, read from its HTML as a browser would send it."""
    match = re.search(r'name="seen_version" value="([^"]*)"', response.content.decode())
    assert match, "the form carries the version of the item"
    return match.group(1)


def columns(obj) -> dict:
    obj = type(obj).objects.get(pk=obj.pk)
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def history_count(obj) -> int:
    return type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk}).count()


@dataclass(frozen=True)
class Form:
    """One officer form that changes a tracked item, and two different saves of it."""

    name: str
    url: Callable[[], str]
    item: Callable[[], models.Model]  # the tracked object the form changes
    first: Callable[[], dict]  # what the first officer sends
    second: Callable[[], dict]  # what the second officer sends
    kept: str  # something of the second officer's answers the refused page still shows

    def __str__(self) -> str:
        return self.name


def _pending_update() -> OwnerUpdate:
    return OwnerUpdate.objects.get(status=OwnerUpdate.Status.PENDING)


def _assessment(label: str, note: str = "") -> dict:
    march = Meeting.objects.get(date=MARCH)
    return {
        "assessment": category(label).pk,
        "meeting": march.pk,
        "note": note,
        "evidence_text": "The handbook, as published",  # closing needs evidence
    }


def _revision(day: int, reason: str) -> dict:
    return {
        "new_date_0": str(day), "new_date_1": "9", "new_date_2": "2019",
        "reason": reason,
        "decided_on_0": "13", "decided_on_1": "2", "decided_on_2": "2019",
    }  # fmt: skip


FORMS = [
    Form(
        "assess",
        lambda: reverse("recommendation_assess", kwargs={"pk": r02().pk}),
        r02,
        lambda: _assessment("Achieved"),
        lambda: _assessment("Not Achieved – Progress Made", "Handbook still in draft"),
        "Handbook still in draft",
    ),
    Form(
        "revise",
        lambda: reverse("recommendation_revise", kwargs={"pk": r02().pk}),
        r02,
        lambda: _revision(30, "Delayed by the May 2019 elections"),
        lambda: _revision(15, "Agreed at the February meeting"),
        "Agreed at the February meeting",
    ),
    Form(
        "review-accept-then-return",
        lambda: reverse("update_review", kwargs={"pk": _pending_update().pk}),
        _pending_update,
        lambda: {"decision": "accept", "note": ""},
        lambda: {"decision": "return", "note": "Attach the published handbook"},
        "Attach the published handbook",
    ),
    Form(
        "review-return-then-accept",
        lambda: reverse("update_review", kwargs={"pk": _pending_update().pk}),
        _pending_update,
        lambda: {"decision": "return", "note": "Attach the published handbook"},
        lambda: {"decision": "accept", "note": "Thank you for the evidence"},
        "Thank you for the evidence",
    ),
]


@pytest.fixture
def officers(demo):
    owner = get_user_model().objects.get(username="owner")
    services.owner_update_submit(item=r02(), by_user=owner, progress_note="Handbook drafted.")
    return get_user_model().objects.get(username="officer"), second_officer()


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=str)
def test_of_two_saves_from_the_same_version_one_is_applied_and_one_refused(officers, form):
    simcox, manager = (signed_in(user) for user in officers)
    url = form.url()
    item = form.item()
    seen_by_simcox = seen_version(simcox.get(url))
    seen_by_manager = seen_version(manager.get(url))
    assert seen_by_simcox == seen_by_manager == versions.version_of(item)
    history_before = history_count(item)

    saved = simcox.post(url, {**form.first(), "seen_version": seen_by_simcox})
    assert saved.status_code == 302
    after_first = columns(item)
    refused = manager.post(url, {**form.second(), "seen_version": seen_by_manager})

    assert refused.status_code == 200
    page = html.unescape(refused.content.decode())
    assert f"{SIMCOX} changed this" in page and "your change was not saved" in page
    assert "<title>Error:" in page
    assert form.kept in page  # the second officer's answers are still there
    assert history_count(item) == history_before + 1  # one change, one history record
    assert columns(item) == after_first  # as the first officer left it


@pytest.mark.django_db
def test_the_refusal_says_what_changed_from_what_to_what_and_by_whom(officers):
    simcox, manager = (signed_in(user) for user in officers)
    url = reverse("recommendation_assess", kwargs={"pk": r02().pk})
    seen = seen_version(manager.get(url))
    simcox.post(url, {**_assessment("Achieved"), "seen_version": seen_version(simcox.get(url))})

    refused = manager.post(
        url, {**_assessment("In progress", "Still in draft"), "seen_version": seen}
    )

    conflict = refused.context["form"].conflict
    rows = {change.field: (change.seen, change.now, change.by) for change in conflict.changes}
    assert rows == {
        "Current assessment": ("In progress", "Achieved", SIMCOX),
        "Tracking ended on": ("Not set", "13 March 2019", SIMCOX),
        # Assessed with no owner's update before it: achieved on the day it was decided.
        "Achieved on": ("Not set", "13 March 2019", SIMCOX),
        "Next tracking date": ("13 March 2019", "Not set", SIMCOX),  # achieved: no more
        # ... and no meeting to track it at (the meeting follows the date).
        "Next tracking meeting": (
            "Children's Social Care Overview and Scrutiny Committee, 13 March 2019",
            "Not set",
            SIMCOX,
        ),
    }
    page = html.unescape(refused.content.decode())
    for text in ("Current assessment", "In progress", "Achieved", "13 March 2019", SIMCOX):
        assert text in page


@pytest.mark.django_db
def test_the_refused_page_carries_the_new_version_so_saving_again_is_a_deliberate_choice(
    officers,
):
    simcox, manager = (signed_in(user) for user in officers)
    url = reverse("recommendation_revise", kwargs={"pk": r02().pk})
    seen = seen_version(manager.get(url))
    simcox.post(url, {**_revision(30, "Elections"), "seen_version": seen_version(simcox.get(url))})
    refused = manager.post(url, {**_revision(15, "February meeting"), "seen_version": seen})
    assert seen_version(refused) == versions.version_of(r02()) != seen

    again = manager.post(
        url, {**_revision(15, "February meeting"), "seen_version": seen_version(refused)}
    )
    assert again.status_code == 302
    assert r02().due_date == dt.date(2019, 9, 15)
    assert list(r02().due_date_revisions.values_list("previous_date", "new_date")) == [
        (dt.date(2018, 5, 31), dt.date(2019, 9, 30)),
        (dt.date(2019, 9, 30), dt.date(2019, 9, 15)),  # from the date the second one saw
    ]


@pytest.mark.django_db
def test_any_recorded_change_counts_not_only_one_made_through_the_same_form(officers):
    simcox, _ = officers
    client = signed_in(simcox)
    url = reverse("recommendation_revise", kwargs={"pk": r02().pk})
    seen = seen_version(client.get(url))
    recommendation = r02()
    recommendation.responsibility = "Cabinet Member for Children's Wellbeing and the Trust"
    services.save_with_history(recommendation, by_user=None, reason="Owner corrected in the admin")

    refused = client.post(url, {**_revision(30, "Elections"), "seen_version": seen})
    [change] = refused.context["form"].conflict.changes
    assert change.field == "Responsibility"
    assert change.now == "Cabinet Member for Children's Wellbeing and the Trust"
    assert r02().due_date == dt.date(2018, 5, 31)


@pytest.mark.django_db
def test_a_change_to_another_item_is_no_conflict(officers):
    simcox, _ = officers
    client = signed_in(simcox)
    url = reverse("recommendation_assess", kwargs={"pk": r02().pk})
    seen = seen_version(client.get(url))
    services.recommendation_assess(
        recommendation=Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R03"),
        assessment=category("Achieved"),
        decided_on=MARCH,
        by_user=simcox,
        reason="Decided at the March meeting",
        meeting=Meeting.objects.get(date=MARCH),
        evidence="Training records",
    )
    saved = client.post(url, {**_assessment("Achieved"), "seen_version": seen})
    assert saved.status_code == 302
    assert r02().current_assessment == category("Achieved")


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["999999", "not-a-version", "-1"])
def test_a_version_that_is_not_the_items_is_refused_not_applied(officers, version):
    client = signed_in(officers[0])
    url = reverse("recommendation_assess", kwargs={"pk": r02().pk})
    before = history_count(r02())
    refused = client.post(url, {**_assessment("Achieved"), "seen_version": version})
    assert refused.status_code == 200
    assert "your change was not saved" in html.unescape(refused.content.decode())
    assert history_count(r02()) == before


# -- really at once -----------------------------------------------------------------------


@pytest.fixture
def live_officers(transactional_db):
    from tests.support.record_copy import load_live_demo

    load_live_demo()
    return get_user_model().objects.get(username="officer"), second_officer()


def at_once(*calls) -> list:
    """Run the calls in threads released together; their results, or what they raised."""
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


# serialized_rollback: the flush after the test would otherwise take the data migrations'
# rows (roles, the assessment scale) with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_closing_the_same_item_at_once_one_succeeds(live_officers, monkeypatch):
    """On PostgreSQL the second save waits on the row lock and then finds the new version;
    on SQLite the second request's transaction waits for the first to end."""
    simcox, manager = (signed_in(user) for user in live_officers)
    url = reverse("recommendation_assess", kwargs={"pk": r02().pk})
    seen = [seen_version(client.get(url)) for client in (simcox, manager)]
    before = history_count(r02())

    # Hold each save a moment between reading the version and writing, so that without
    # the row lock both would read the old version and both would save.
    real_version_of = versions.version_of

    def slow_version_of(obj):
        version = real_version_of(obj)
        threading.Event().wait(0.3)
        return version

    monkeypatch.setattr(versions, "version_of", slow_version_of)
    closing = _assessment("Achieved")
    responses = at_once(
        lambda: simcox.post(url, {**closing, "seen_version": seen[0]}),
        lambda: manager.post(url, {**closing, "seen_version": seen[1]}),
    )

    assert sorted(r.status_code for r in responses) == [200, 302], responses
    [refused] = [r for r in responses if r.status_code == 200]
    assert "your change was not saved" in html.unescape(refused.content.decode())
    assert history_count(r02()) == before + 1
    assert r02().tracking_rounds.filter(committee_assessment=category("Achieved")).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["²", "٣", "1" * 30, "-1", " 7"])
def test_a_forged_version_is_a_conflict_not_an_error(officers, forged):
    """A version that is no history row (a superscript two reads as a digit to Python, not
    to int()) is refused, as a conflict or an error in the form, with nothing saved."""
    simcox, _ = officers
    client = signed_in(simcox)
    url = reverse("recommendation_revise", kwargs={"pk": r02().pk})
    refused = client.post(url, {**_revision(30, "Elections"), "seen_version": forged})
    assert refused.status_code == 200
    form = refused.context["form"]
    assert form.conflict is not None or form.errors
    assert r02().due_date == dt.date(2018, 5, 31)
