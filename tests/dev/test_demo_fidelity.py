"""The demo record holds the committee's documents exactly: nothing lost, invented or wrong.

The facts, each with the seed file and line it comes from, are in tests/data/demo_fidelity.yaml.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from committees.models import Attendance, Meeting, Membership, Post, ProgrammeMatter, SourceConflict
from tracker.models import InformationRequest, Inquiry, Recommendation, TrackingRound

pytestmark = pytest.mark.django_db

FACTS = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "demo_fidelity.yaml").read_text(encoding="utf-8")
)["facts"]
CATEGORIES = {
    "invented dates and owners",
    "statuses and codes",
    "lost tracking",
    "undertakings",
    "invented documents",
    "conflicts",
}


def _time(value: dt.time | None) -> str | None:
    return f"{value:%H:%M}" if value else None


def _recommendation(where: dict[str, Any]) -> Recommendation:
    return Recommendation.objects.get(inquiry__title=where["inquiry"], code=where["code"])


def _request(where: dict[str, Any]) -> InformationRequest:
    return InformationRequest.objects.get(text__contains=where["text_contains"])


def _check_recommendation(where: dict[str, Any], expect: dict[str, Any]) -> None:
    r = _recommendation(where)
    last_round = r.tracking_rounds.order_by("update_received_on").last()
    actual = {
        "responsibility": r.responsibility,
        "owner_post": r.owner_post.title if r.owner_post else None,
        "code": r.code,
        "status_as_printed": last_round.status_as_printed if last_round else None,
        "assessment": r.current_assessment.label if r.current_assessment else None,
        "rounds": [t.update_received_on for t in r.tracking_rounds.order_by("update_received_on")],
        "text_known": r.text_known,
        "due_date": r.due_date,
        "delivered_on": r.delivered_on,
        # As the committee saw it on the day of the February 2019 work programme.
        "overdue_on_2019_02_13": r.is_overdue(dt.date(2019, 2, 13)),
    }
    for name, value in expect.items():
        assert actual[name] == value, (name, actual[name], value)
    if "overdue_on_2019_02_13" in expect:  # the list's rule agrees with the item's
        overdue = Recommendation.objects.overdue(dt.date(2019, 2, 13)).filter(pk=r.pk).exists()
        assert overdue == expect["overdue_on_2019_02_13"]


def _check_request(where: dict[str, Any], expect: dict[str, Any]) -> None:
    request = _request(where)
    for name, value in expect.items():
        if name == "source_contains":
            assert value in request.source, (request.source, value)
        elif name == "text_contains":
            assert all(part in request.text for part in value), (request.text, value)
        elif name == "owner_post":
            assert request.owner_post and request.owner_post.title == value
        elif name == "meeting":
            assert request.meeting.date == value
        elif name == "agenda_item":
            assert request.agenda_item_id is None
        else:
            assert getattr(request, name) == value, (name, getattr(request, name), value)


def _check_meeting(where: dict[str, Any], expect: dict[str, Any]) -> None:
    meeting = Meeting.objects.get(date=where["date"])
    actual = {
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "action_notes": meeting.action_notes.filter(part="public").count(),
        "agenda_items": meeting.agenda_items.count(),
    }
    for name, value in expect.items():
        assert actual[name] == value, (name, actual[name], value)


def _check(check: dict[str, Any]) -> None:
    kind, where, expect = check["kind"], check.get("where", {}), check["expect"]
    if kind == "recommendation":
        _check_recommendation(where, expect)
    elif kind == "request":
        _check_request(where, expect)
    elif kind == "requests":
        # Every request: what must hold of all of them (e.g. none has an invented due date).
        requests = InformationRequest.objects.filter(**where)
        assert requests.exists()
        for name, value in expect.items():
            if value is None:
                assert not requests.filter(**{f"{name}__isnull": False}).exists(), name
            else:
                assert not requests.exclude(**{name: value}).exists(), name
    elif kind == "meeting":
        _check_meeting(where, expect)
    elif kind == "attendance":
        attendance = Attendance.objects.get(
            meeting__date=where["date"], person__name=where["person"]
        )
        assert attendance.kind == expect["kind"]
        assert expect["source_contains"] in attendance.note, attendance.note
    elif kind == "programme_matter":
        matter = ProgrammeMatter.objects.get(source=where["source"])
        assert expect["text_contains"] in matter.text, matter.text
        assert (matter.listed_from, matter.listed_until) == (
            expect["listed_from"],
            expect.get("listed_until"),
        )
    elif kind == "membership":
        membership = Membership.objects.get(person__name=where["person"])
        assert membership.end == expect["end"]
        assert all(part in membership.note for part in expect["note_contains"])
    elif kind == "post":
        post = Post.objects.get(title=where["title"])
        assert post.former_titles == expect["former_titles"]
    elif kind == "rounds":
        rounds = TrackingRound.objects.filter(recommendation__inquiry__title=where["inquiry"])
        assert rounds.exists()
        for round_ in rounds:
            assert all(part in round_.note for part in expect["note_contains"]), round_
    elif kind == "inquiry":
        inquiry = Inquiry.objects.get(title=where["title"])
        assert inquiry.tracking_as_printed == expect["tracking_as_printed"]
    elif kind == "conflict":
        conflict = SourceConflict.objects.get(subject=where["subject"])
        assert expect["set_aside_contains"] in conflict.set_aside
    else:  # pragma: no cover - a fact of a kind this test does not know
        pytest.fail(f"Unknown kind of fact: {kind}")


def test_every_fact_names_its_seed_line_and_category():
    assert {fact["category"] for fact in FACTS} == CATEGORIES
    for fact in FACTS:
        assert fact["seed"].endswith(".txt") and int(fact["line"]) > 0, fact["id"]
        assert fact["quote"], fact["id"]
    assert len({fact["id"] for fact in FACTS}) == len(FACTS)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for all the facts (they only read it)."""
    from django.db import transaction

    from tests.support.demo import DEMO_PASSWORD
    from tracker.dev.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        load_demo(password=DEMO_PASSWORD)
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize("fact", FACTS, ids=[fact["id"] for fact in FACTS])
def test_the_demo_holds_the_fact(loaded, fact):
    _check(fact["check"])


def test_nothing_the_documents_do_not_give_is_there(loaded):
    # No meeting has notes the documents do not hold: only 25 July 2018, 8 and 16 January
    # 2019 have notes among them.
    with_notes = sorted(
        set(Meeting.objects.filter(action_notes__isnull=False).values_list("date", flat=True))
    )
    assert with_notes == [dt.date(2018, 7, 25), dt.date(2019, 1, 8), dt.date(2019, 1, 16)]
    # No post carries a former title no document gives.
    assert not Post.objects.filter(former_titles__contains="Children, Families").exists()
    # No request has an invented due date.
    assert not InformationRequest.objects.filter(due_date__isnull=False).exists()
    # Every undertaking in the notes outside a resolution names its source line.
    outside = InformationRequest.objects.filter(resolution__isnull=True)
    assert outside.count() >= 10
    assert not outside.filter(source="").exists()


def test_the_public_sees_where_the_documents_differ_with_both_values(loaded, client):
    from django.utils.html import escape

    conflicts = list(SourceConflict.objects.select_related("committee"))
    assert conflicts
    page = client.get(conflicts[0].committee.get_absolute_url()).content.decode()
    assert "Where the documents differ" in page
    for conflict in conflicts:
        for text in (conflict.subject, conflict.kept, conflict.set_aside):
            assert escape(text) in page, text
        assert escape(conflict.set_aside_source) in page
