"""Notifications: people hear what concerns them, exactly once, by email at once or in the
daily digest, as each of them chooses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees import clock
from committees.models import Membership, Person, PostHolding, SupportOfficer
from tests.factories import (
    CommitteeFactory,
    InformationRequestFactory,
    PostFactory,
    RecommendationFactory,
)
from tracker.items.services import owner_update_accept, owner_update_return, owner_update_submit
from tracker.models import NotificationPreference, Reminder, ReminderDigest
from tracker.notifications.services import notification_preference_set, publication_notify
from tracker.reminders.sweep import sweep

pytestmark = pytest.mark.django_db
REASON = "The figures for December do not add up: please check them against the report."


def _person(name: str, email: str, *, signs_in: bool = True) -> Person:
    user = (
        get_user_model().objects.create_user(name.lower().replace(" ", "."), email)
        if (signs_in)
        else None
    )
    return Person.objects.create(name=name, email=email, user=user)


def _prefers(person: Person, delivery: str) -> None:
    notification_preference_set(person=person, delivery=delivery, by_user=person.user)


def _sweep_today():
    return sweep(as_of=clock.today())


@pytest.fixture
def record(db):
    """A recommendation owned by a post whose holder signs in, its committee's scrutiny
    officer, and an update the holder sent on it."""
    owner = _person("Post Holder", "holder@example.org")
    post = PostFactory()
    PostHolding.objects.create(post=post, person=owner)
    recommendation = RecommendationFactory(owner_post=post)
    officer = _person("Scrutiny Officer", "scrutiny@example.org")
    SupportOfficer.objects.create(
        committee=recommendation.inquiry.committee, person=officer, role="Scrutiny Officer"
    )
    update = owner_update_submit(
        item=recommendation, by_user=owner.user, progress_note="The plan is drafted."
    )
    return {"owner": owner, "officer": officer, "item": recommendation, "update": update}


def _to(mailoutbox, email: str) -> list:
    return [message for message in mailoutbox if message.to == [email]]


# -- the owner hears how their update was reviewed ----------------------------------------


def test_it_emails_the_owner_at_once_with_the_reason_their_update_was_sent_back(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    users = get_user_model().objects
    owner, officer = users.get(username="owner"), users.get(username="officer")
    # The owner chooses immediate emails on their own settings page.
    client.force_login(owner)
    settings_page = reverse("notification_preferences")
    response = client.post(settings_page, {"delivery": "immediate"}, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    # The scrutiny officer sends the update back from the review page.
    client.force_login(officer)
    review = reverse("update_review", kwargs={"pk": world["update"].pk})
    seen = re.search(r'name="seen_version" value="([^"]*)"', client.get(review).content.decode())
    answer = {"decision": "return", "note": REASON, "seen_version": seen.group(1)}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review, answer).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, answer)  # a double click: already reviewed, nothing new
    [email] = _to(mailoutbox, "owner@example.org")
    assert email.subject == "Scrutiny Tracker: your update was sent back"
    assert REASON in email.body and "Corporate Parenting R02" in email.body
    item_page = reverse("recommendation_update", kwargs={"pk": world["recommendation"].pk})
    assert f"http://127.0.0.1:8000{item_page}" in email.body
    assert f'href="http://127.0.0.1:8000{item_page}"' in email.alternatives[0][0]
    # The sweep, the safety net, finds it sent and sends it no more.
    mailoutbox.clear()
    _sweep_today()
    assert REASON not in "".join(m.body for m in mailoutbox)


def test_with_the_daily_digest_it_comes_in_the_next_digest_and_only_once(
    record, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_update_return(update=record["update"], by_user=record["officer"].user, reason=REASON)
    assert mailoutbox == []  # the digest is the default
    _sweep_today()
    [digest] = _to(mailoutbox, "holder@example.org")
    assert "Your update was sent back" in digest.body and REASON in digest.body
    assert "1 item with your update sent back" in digest.subject
    mailoutbox.clear()
    _sweep_today()
    sweep(as_of=clock.today() + dt.timedelta(days=1))
    assert not any(REASON in m.body for m in _to(mailoutbox, "holder@example.org"))


def test_the_owner_hears_their_update_was_accepted(
    record, mailoutbox, django_capture_on_commit_callbacks
):
    _prefers(record["owner"], "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        owner_update_accept(
            update=record["update"], by_user=record["officer"].user, note="Thank you."
        )
    [email] = _to(mailoutbox, "holder@example.org")
    assert email.subject == "Scrutiny Tracker: your update was accepted"
    assert "Thank you." in email.body
    assert record["item"].get_absolute_url() in email.body


def test_someone_who_sent_an_update_for_a_post_they_do_not_hold_hears_too(
    record, mailoutbox, django_capture_on_commit_callbacks
):
    request = InformationRequestFactory(meeting__committee=record["item"].inquiry.committee)
    deputy = _person("Deputy", "deputy@example.org")
    _prefers(deputy, "immediate")
    update = owner_update_submit(item=request, by_user=deputy.user, progress_note="Sent.")
    with django_capture_on_commit_callbacks(execute=True):
        owner_update_return(update=update, by_user=record["officer"].user, reason=REASON)
    [email] = _to(mailoutbox, "deputy@example.org")
    assert REASON in email.body


def test_an_immediate_email_the_task_never_sent_goes_with_the_next_sweep_once(
    record, mailoutbox, django_capture_on_commit_callbacks
):
    _prefers(record["owner"], "immediate")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        owner_update_return(update=record["update"], by_user=record["officer"].user, reason=REASON)
    assert mailoutbox == []  # the broker lost the task
    _sweep_today()
    [email] = [m for m in _to(mailoutbox, "holder@example.org") if REASON in m.body]
    assert email.subject == "Scrutiny Tracker: your update was sent back"
    for callback in callbacks:  # the task arrives late: already sent
        callback()
    assert len([m for m in mailoutbox if REASON in m.body]) == 1


def test_a_notification_is_recorded_once_per_review(record):
    owner_update_return(update=record["update"], by_user=record["officer"].user, reason=REASON)
    [notification] = Reminder.objects.filter(kind=Reminder.Kind.UPDATE_RETURNED)
    assert notification.recipient == record["owner"] and notification.note == REASON
    assert notification.key == f"update:{record['update'].pk}:returned:{record['owner'].pk}"


# -- the officer's digest lists the updates waiting for review ----------------------------


def test_the_officer_s_digest_lists_the_updates_waiting_for_review(record, mailoutbox):
    _sweep_today()
    [digest] = _to(mailoutbox, "scrutiny@example.org")
    assert "Update waiting for your review" in digest.body
    review = reverse("update_review", kwargs={"pk": record["update"].pk})
    assert f"http://127.0.0.1:8000{review}" in digest.body
    assert (
        f'href="http://127.0.0.1:8000{review}">Review the update</a>' in (digest.alternatives[0][0])
    )
    mailoutbox.clear()
    _sweep_today()  # listed once, not again the same day
    assert _to(mailoutbox, "scrutiny@example.org") == []


def test_a_reviewed_update_is_no_longer_listed_as_waiting(record, mailoutbox):
    owner_update_accept(update=record["update"], by_user=record["officer"].user)
    _sweep_today()
    assert not Reminder.objects.filter(kind=Reminder.Kind.UPDATE_WAITING).exists()


# -- members hear of publications ----------------------------------------------------------


@pytest.fixture
def committee(db):
    committee = CommitteeFactory()
    today = clock.today()
    for name in ("Member One", "Member Two"):
        Membership.objects.create(committee=committee, person=_person(name, f"{name[7:]}@x.org"))
    former = _person("Former Member", "former@x.org")
    Membership.objects.create(committee=committee, person=former, end=today - dt.timedelta(days=1))
    # Someone who sits on another committee only.
    Membership.objects.create(committee=CommitteeFactory(), person=_person("Other", "o@x.org"))
    return committee


def _publish(committee, key="notes:123:v2"):
    return publication_notify(
        committee=committee,
        kind="notes",
        title="Action notes of 7 November 2018",
        path="/meetings/123/notes/",
        key=key,
    )


def test_publication_notify_records_one_notification_per_current_member(committee):
    assert _publish(committee) == 2
    told = Reminder.objects.filter(kind=Reminder.Kind.NOTES_PUBLISHED)
    assert sorted(told.values_list("email", flat=True)) == ["One@x.org", "Two@x.org"]


def test_publication_notify_records_nothing_again_for_the_same_key(committee, mailoutbox):
    assert _publish(committee) == 2
    assert _publish(committee) == 0
    assert _publish(committee, key="notes:123:v3") == 2  # a new version is news
    _sweep_today()
    digest = _to(mailoutbox, "One@x.org")[0]
    assert digest.body.count("Action notes of 7 November 2018") == 2
    assert "http://127.0.0.1:8000/meetings/123/notes/" in digest.body


def test_a_member_who_chose_immediate_emails_hears_of_a_work_programme_at_once(
    committee, mailoutbox, django_capture_on_commit_callbacks
):
    member = Person.objects.get(name="Member One")
    _prefers(member, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        count = publication_notify(
            committee=committee,
            kind="programme",
            title="Work programme 2018/19",
            path="/committees/x/work-programme/",
            key="programme:1",
        )
    assert count == 2
    [email] = mailoutbox
    assert email.to == ["One@x.org"]
    assert email.subject == f"Scrutiny Tracker: {committee}: Work programme 2018/19 published"
    assert "http://127.0.0.1:8000/committees/x/work-programme/" in email.body
    _sweep_today()  # the other member's comes in the digest; hers is not sent again
    assert sorted(m.to[0] for m in mailoutbox) == ["One@x.org", "Two@x.org"]


def test_publication_notify_refuses_what_it_does_not_know(committee):
    with pytest.raises(ValueError):
        publication_notify(committee=committee, kind="agenda", title="T", path="/", key="k")
    assert not Reminder.objects.exists()


# -- each person's settings ----------------------------------------------------------------


def test_the_settings_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("notification_preferences"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_each_person_changes_only_their_own_settings(client, committee):
    one, two = Person.objects.get(name="Member One"), Person.objects.get(name="Member Two")
    client.force_login(one.user)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert re.search(r'value="digest"[^>]* checked>', page)  # the default
    response = client.post(
        reverse("notification_preferences"), {"delivery": "immediate", "person": two.pk}
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(person=one).delivery == "immediate"
    assert not NotificationPreference.objects.filter(person=two).exists()
    history = NotificationPreference.objects.get(person=one).history.get()
    assert history.history_user == one.user and history.history_change_reason


def test_a_wrong_answer_is_named_and_changes_nothing(client, committee):
    one = Person.objects.get(name="Member One")
    client.force_login(one.user)
    response = client.post(reverse("notification_preferences"), {"delivery": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not ReminderDigest.objects.exists()
