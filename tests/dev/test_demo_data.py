"""The demo data is the committee's real 2018/19 record, as the seeds give it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from committees.models import (
    ActionNotes,
    AgendaItem,
    CallIn,
    Committee,
    Meeting,
    Membership,
    Person,
    SourceConflict,
)
from tests.support.demo import DEMO_PASSWORD, WORK_PROGRAMME_DAY
from tracker.access import access_for
from tracker.dev.demo import load_demo
from tracker.meetings.recording import matters_arising
from tracker.models import InformationRequest, Recommendation

pytestmark = pytest.mark.django_db


def corporate_parenting(code: str) -> Recommendation:
    return Recommendation.objects.get(inquiry__title="Corporate Parenting", code=code)


def test_it_gives_r04_its_responsibility_and_date(demo):
    r04 = corporate_parenting("R04")
    assert r04.responsibility == "District Corporate Parent Champions"
    assert r04.owner_post.title == "District Corporate Parent Champions"
    assert r04.owner_post.is_group
    assert r04.due_date == dt.date(2017, 7, 31)
    assert r04.due_month_only
    assert r04.current_assessment.label == "Not Achieved – Progress Made"


def test_it_flags_r07_as_having_unknown_text(demo):
    r07 = corporate_parenting("R07")
    assert not r07.text_known
    assert r07.text == ""
    assert r07.display_text == "The text of this recommendation is not yet known."
    assert r07.is_outstanding


def test_it_records_the_private_part_of_16_january_2019_under_paragraph_3(demo):
    meeting = Meeting.objects.get(date=dt.date(2019, 1, 16))
    private = meeting.agenda_items.filter(is_exempt=True)
    assert [(item.number, item.exempt_paragraph) for item in private] == [(12, 3), (13, 3)]
    assert "Councillor Alex Yip queried" in private[0].notes
    assert meeting.action_notes.filter(part=ActionNotes.Part.PRIVATE).exists()
    assert not meeting.agenda_items.filter(number__lte=11, is_exempt=True).exists()


def test_it_records_the_8_january_2019_call_in_and_what_followed(demo):
    call_in = CallIn.objects.get(meeting__date=dt.date(2019, 1, 8))
    assert call_in.outcome == CallIn.Outcome.NOT_CALLED_IN
    assert [d.reference for d in call_in.decisions.all()] == ["005449/2018"]
    assert {p.name for p in call_in.requested_by.all()} == {"Ken Wood", "Debbie Clancy"}
    item = AgendaItem.objects.get(meeting=call_in.meeting, number=3)
    resolution = item.resolutions.get()
    assert resolution.text.startswith("That the decision would not be called in")

    requests = {r.text: r for r in resolution.requests.all()}
    letter = next(r for text, r in requests.items() if text.startswith("A letter"))
    assert letter.kind == InformationRequest.Kind.ACTION
    assert letter.is_outstanding
    register = next(r for text, r in requests.items() if "Travel Assist risk" in text)
    assert register.status == InformationRequest.Status.PROVIDED
    assert register.provided_on == dt.date(2019, 1, 24)
    assert "24th January 2019" in register.provided_how


def test_it_keeps_the_wsoa_risk_assessment_apart_from_the_travel_assist_register(demo):
    wsoa = InformationRequest.objects.get(
        meeting__date=dt.date(2018, 12, 17), text__contains="risk"
    )
    assert wsoa.is_outstanding
    action_plan = InformationRequest.objects.get(text__contains="action plan")
    assert action_plan.provided_on == dt.date(2019, 1, 2)


def test_it_gives_no_request_a_due_date_the_documents_do_not_state(demo):
    # The documents give no request a due date: none is invented.
    assert not InformationRequest.objects.filter(due_date__isnull=False).exists()


def test_a_request_with_no_due_date_comes_to_the_next_meeting(demo):
    # As at 13 February 2019 the letter asked for on 8 January is still open, and with no
    # due date it is a matter arising at that day's meeting.
    committee = Committee.objects.get()
    february = Meeting.objects.get(date=WORK_PROGRAMME_DAY)
    arising = matters_arising(
        committee, access=access_for(AnonymousUser()), today=WORK_PROGRAMME_DAY
    )
    texts = [getattr(item, "text", "") for item in arising[february.pk]]
    assert any(text.startswith("A letter") for text in texts)


def test_it_keeps_one_record_per_person_whatever_the_spelling(demo):
    assert Person.objects.filter(name__contains="Hodivala").count() == 1
    assert Person.objects.get(other_spellings__contains="Hodiola").name == "Charlotte Hodivala"
    assert Person.objects.filter(name__startswith="Mohammed Aikhl").count() == 1


def test_it_follows_membership_changes_through_the_year(demo):
    committee = Committee.objects.get()
    july = {m.person.name for m in committee.members_on(dt.date(2018, 7, 25))}
    february = {m.person.name for m in committee.members_on(WORK_PROGRAMME_DAY)}
    assert "Charlotte Hodivala" in july and "Charlotte Hodivala" not in february
    # The members the February 2019 work programme lists, with its chair and deputy chair.
    assert february == {
        "Mohammed Aikhlaq", "Diane Donaldson", "Debbie Clancy", "Shabrana Hussain",
        "Morriam Jan", "Kerry Jenkins", "Kath Scott", "Alex Yip",
    }  # fmt: skip
    assert Membership.objects.get(person__name="Kath Scott").party == ""  # not recorded


def test_it_matches_the_february_2019_outstanding_tracking(demo):
    outstanding = Recommendation.objects.outstanding()
    assert sorted(f"{r.inquiry.title} {r.code}" for r in outstanding) == [
        "Children Missing from Home and Care R2",
        "Corporate Parenting R02",
        "Corporate Parenting R03",
        "Corporate Parenting R04",
        "Corporate Parenting R06",
        "Corporate Parenting R07",
    ]
    overdue = Recommendation.objects.overdue(WORK_PROGRAMME_DAY)
    # R06's annual report came on time (14 February 2018): delivered, not overdue.
    assert sorted(r.code for r in overdue) == ["R02", "R03", "R04"]
    assert all(r.inquiry.title == "Corporate Parenting" for r in overdue)
    # R01 was achieved, late; R05 was achieved on time: neither is outstanding.
    assert [r.code for r in Recommendation.objects.achieved_late()] == ["R01"]
    assert not corporate_parenting("R05").is_outstanding
    # The update due at the meeting of 13 March 2019.
    due_in_march = outstanding.filter(next_tracking_meeting__date=dt.date(2019, 3, 13))
    assert sorted(f"{r.inquiry.title} {r.code}" for r in due_in_march) == [
        "Children Missing from Home and Care R2",
        "Corporate Parenting R02",
        "Corporate Parenting R03",
        "Corporate Parenting R04",
    ]


def test_it_records_the_later_work_programme_and_the_conflict(demo):
    march = Meeting.objects.get(date=dt.date(2019, 3, 13))
    assert march.kind == Meeting.Kind.FORMAL
    conflict = SourceConflict.objects.get(subject="Meeting of 13 March 2019")
    assert conflict.set_aside.startswith("Visit")
    assert "13 February 2019" in conflict.kept_source


def test_its_report_deadlines_follow_the_councils_rule(demo):
    for meeting in Meeting.objects.ordinary():
        assert meeting.report_deadline == meeting.default_report_deadline()


def _snapshot() -> dict[str, int]:
    models = [m for m in apps.get_models() if m._meta.app_label in {"committees", "tracker"}]
    return {m._meta.label: m._default_manager.count() for m in models}


def test_it_changes_nothing_when_loaded_twice(demo):
    before = _snapshot()
    report = load_demo(password=DEMO_PASSWORD)
    assert not report.changed
    assert _snapshot() == before  # history tables included: nothing was saved again


def test_the_command_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not Committee.objects.exists()


def test_the_command_creates_a_user_for_each_role(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in ("officer", "owner", "councillor", "admin"):
        assert f"Sign in as {username} / " in out
    assert Person.objects.get(user__username="owner").name == "Kate Booth"
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
