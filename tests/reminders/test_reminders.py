"""Reminders: the right people, about the right things, on the right days, exactly once."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from committees.models import Meeting, Person, Post, PostHolding, SupportOfficer
from tests.factories import InformationRequestFactory, RecommendationFactory
from tracker.models import Reminder, ReminderDigest
from tracker.reminders.sweep import SweepReport, sweep
from tracker.tasks import send_reminders

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
FEBRUARY = dt.date(2019, 2, 13)


def at(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def kinds_for(email: str) -> list[tuple[str, str]]:
    return sorted((r.kind, str(r.subject_item)) for r in Reminder.objects.filter(email=email))


# -- the demo record on 13 February 2019 ---------------------------------------------------


def test_the_demo_record_calls_for_one_digest_on_13_february_2019(demo, mailoutbox):
    report = sweep(as_of=FEBRUARY, now=at(FEBRUARY))
    # Nobody the record names holds a post owning an overdue item, and the requests have no
    # due dates: the scrutiny officer chases everything overdue.
    assert report.digests_sent == 1
    assert [m.to[0] for m in mailoutbox] == ["officer@example.org"]
    officer_mail = mailoutbox[0]
    # R04 belongs to a group post; the Deputy Leader post and the post that owns R02 and
    # R06 have no holder in the documents: officers chase.
    assert "owned by District Corporate Parent Champions, who cannot be reminded directly" in (
        officer_mail.body
    )
    assert "owned by Deputy Leader" in officer_mail.body
    assert "owned by Cabinet Member for Children, Families and Schools" in officer_mail.body
    assert kinds_for("officer@example.org") == [
        ("overdue", f"Corporate Parenting: {code}") for code in ("R02", "R03", "R04")
    ]  # R06's annual report was received: delivered, not overdue


def test_the_holder_of_a_post_is_reminded_of_what_it_owns(owner_holds_r02_and_r06_post, mailoutbox):
    report = sweep(as_of=FEBRUARY, now=at(FEBRUARY))
    assert report.digests_sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["officer@example.org", "owner@example.org"]
    owner_mail = next(m for m in mailoutbox if m.to == ["owner@example.org"])
    # Kate Booth, made holder of the post that owns R02 and R06: R02 overdue since 2018;
    # R06's annual report was received on time, so she is not chased for it.
    assert owner_mail.subject == "Scrutiny Tracker: 1 item overdue"
    assert "Corporate Parenting R02" in owner_mail.body
    assert "Corporate Parenting R06" not in owner_mail.body
    assert "/recommendations/" in owner_mail.body and "/update/" in owner_mail.body
    html = owner_mail.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/recommendations/' in html
    # R02 has been overdue far longer than 28 days: escalated to the scrutiny officer.
    assert ("escalation", "Corporate Parenting: R02") in kinds_for("officer@example.org")


def test_a_second_sweep_the_same_day_sends_nothing(demo, mailoutbox):
    sweep(as_of=FEBRUARY, now=at(FEBRUARY))
    sent = len(mailoutbox)
    report = sweep(as_of=FEBRUARY, now=at(FEBRUARY, 9))
    assert report.created == 0 and report.digests_sent == 0
    assert len(mailoutbox) == sent


def test_the_command_sends_what_the_date_calls_for_and_then_nothing(demo, mailoutbox, capsys):
    call_command("send_reminders", "--as-of", "2019-02-13", "--dry-run")
    assert "Would consider" in capsys.readouterr().out
    assert mailoutbox == []
    call_command("send_reminders", "--as-of", "2019-02-13")
    assert "1 emails sent" in capsys.readouterr().out
    call_command("send_reminders", "--as-of", "2019-02-13")
    assert "0 new reminders recorded, 0 emails sent" in capsys.readouterr().out
    assert len(mailoutbox) == 1


# -- dates ------------------------------------------------------------------------------------


@pytest.fixture
def owned(db):
    """A recommendation and a request owned by a post whose holder has an email."""
    holder = Person.objects.create(name="Portfolio Holder", email="holder@example.org")
    post = Post.objects.create(title="Cabinet Member for Testing")
    PostHolding.objects.create(post=post, person=holder)
    recommendation = RecommendationFactory(owner_post=post, original_due_date=dt.date(2019, 5, 31))
    officer = Person.objects.create(name="Scrutiny Officer", email="scrutiny@example.org")
    SupportOfficer.objects.create(
        committee=recommendation.inquiry.committee, person=officer, role="Scrutiny Officer"
    )
    return recommendation


def sweep_on(day: dt.date) -> SweepReport:
    with time_machine.travel(at(day), tick=False):
        return sweep()


def test_due_soon_comes_once_within_the_notice_period(owned, mailoutbox):
    # Due soon means what the dashboards mean by it: TRACKER_DUE_SOON_DAYS, 14 days.
    assert sweep_on(dt.date(2019, 5, 16)).created == 0  # 15 days before: too early
    assert sweep_on(dt.date(2019, 5, 17)).created == 1  # 14 days before
    assert sweep_on(dt.date(2019, 5, 27)).created == 0  # still due soon: already told
    assert [m.subject for m in mailoutbox] == ["Scrutiny Tracker: 1 item due soon"]


def test_overdue_comes_the_day_after_then_every_fortnight(owned, mailoutbox):
    assert sweep_on(dt.date(2019, 5, 31)).by_kind == {"due_soon": 1}  # due today: not overdue
    assert sweep_on(dt.date(2019, 6, 3)).created == 1  # first sweep after (a Monday)
    assert sweep_on(dt.date(2019, 6, 4)).created == 0
    assert sweep_on(dt.date(2019, 6, 14)).created == 0
    assert sweep_on(dt.date(2019, 6, 17)).created == 1  # the cycle that began on 15 June
    occasions = sorted(r.occasion for r in Reminder.objects.filter(kind="overdue"))
    assert occasions == [dt.date(2019, 6, 1), dt.date(2019, 6, 15)]


def test_it_escalates_to_the_scrutiny_officers_after_28_days(owned, mailoutbox):
    sweep_on(dt.date(2019, 6, 27))  # 27 days overdue
    assert not Reminder.objects.filter(kind="escalation").exists()
    sweep_on(dt.date(2019, 6, 28))
    escalation = Reminder.objects.get(kind="escalation")
    assert escalation.email == "scrutiny@example.org"
    assert mailoutbox[-1].to == ["scrutiny@example.org"]


def test_a_bank_holiday_sends_nothing_and_the_next_working_day_catches_up(owned, mailoutbox):
    owned.due_date = dt.date(2019, 4, 18)  # overdue from Good Friday, 19 April 2019
    owned.save()
    with time_machine.travel(at(dt.date(2019, 4, 19)), tick=False):
        assert send_reminders.run() == {"skipped": "not a working day"}
    with time_machine.travel(at(dt.date(2019, 4, 22)), tick=False):  # Easter Monday
        assert send_reminders.run() == {"skipped": "not a working day"}
    with time_machine.travel(at(dt.date(2019, 4, 23)), tick=False):
        assert send_reminders.run()["sent"] == 1
    assert Reminder.objects.get().occasion == dt.date(2019, 4, 19)


def test_the_next_tracking_round_and_report_deadlines_are_reminded(owned, mailoutbox):
    committee = owned.inquiry.committee
    meeting = Meeting.objects.create(committee=committee, date=dt.date(2019, 3, 13))
    owned.next_tracking_date = meeting.date
    owned.save()
    presenter = Person.objects.create(name="Presenting Officer", email="presenter@example.org")
    item = meeting.agenda_items.create(number=5, title="Youth Justice Strategic Plan")
    item.presenters.add(presenter)
    sweep_on(dt.date(2019, 2, 26))  # report deadline 4 March: 6 days ahead; tracking in 15
    assert kinds_for("presenter@example.org") == [("report_deadline", str(item))]
    assert not Reminder.objects.filter(kind="tracking").exists()
    sweep_on(dt.date(2019, 2, 27))
    assert Reminder.objects.filter(kind="tracking", email="holder@example.org").count() == 1


def test_a_group_or_unreachable_owner_is_chased_by_the_officers(owned, mailoutbox):
    owned.owner_post = Post.objects.create(title="All Councillors", is_group=True)
    owned.save()
    unreachable = Person.objects.create(name="Partner Agency Lead")  # no email, no login
    request = InformationRequestFactory(
        meeting=Meeting.objects.create(committee=owned.inquiry.committee, date=FEBRUARY),
        owner_person=unreachable,
        due_date=dt.date(2019, 5, 31),
    )
    sweep_on(dt.date(2019, 6, 3))
    chasing = Reminder.objects.filter(email="scrutiny@example.org", kind="overdue")
    assert {r.on_behalf_of for r in chasing} == {"All Councillors", "Partner Agency Lead"}
    assert {r.subject_item for r in chasing} == {owned, request}


def test_a_reminder_is_recorded_against_its_item_with_its_delivery(client, owned, mailoutbox):
    sweep_on(dt.date(2019, 6, 3))
    reminder = Reminder.objects.get()
    assert reminder.digest.status == ReminderDigest.Status.SENT
    page = client.get(owned.get_absolute_url()).content.decode()
    assert "Overdue reminder to Portfolio Holder" in page
    assert "Delivered to the mail server" in page
