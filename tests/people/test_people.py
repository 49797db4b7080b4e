"""People and sign-in: an officer invites someone to a role on a committee they keep, the
invitation's link sets a password once, roles end on a date, and passwords are reset and
changed without telling anyone whether an account exists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Committee, Membership, Person, SupportOfficer
from tests.support.checksums import database_checksum
from tracker.accounts.models import UserSession
from tracker.roles import ROLE_MEMBERS, ROLE_OWNERS

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new password 42"


def invite(client, committee, **fields):
    data = {
        "name": "Dana Whitfield",
        "email": "dana.whitfield@example.org",
        "role": "owner",
        "start_0": "13",
        "start_1": "2",
        "start_2": "2019",
        "reason": "Leads the youth justice service",
        **fields,
    }
    return client.post(reverse("person_invite", kwargs={"slug": committee.slug}), data)


def link_in(message) -> str:
    return re.search(r"http://\S+/set-password/\S+/", message.body).group(0)


def test_it_invites_a_person_with_an_email_whose_link_sets_a_password_once(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.get(username="officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world["committee"])
    assert response.status_code == 302
    person = Person.objects.get(name="Dana Whitfield")
    user = person.user
    assert not user.has_usable_password()
    assert user.groups.filter(name=ROLE_OWNERS).exists()
    [message] = mailoutbox
    assert message.to == ["dana.whitfield@example.org"]
    assert "Responsible officer" in message.subject or "responsible officer" in message.body
    assert message.alternatives and "Set your password" in message.alternatives[0][0]

    link = link_in(message).removeprefix("http://127.0.0.1:8000")
    stranger = client.__class__()
    form_page = stranger.get(link, follow=True)
    assert b"Set your password" in form_page.content
    done = stranger.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert stranger.login(username="dana.whitfield@example.org", password=NEW_PASSWORD)

    again = client.__class__().get(link, follow=True)
    assert b"This link does not work" in again.content


def test_history_records_who_invited_and_why(client, world, mailoutbox):
    officer = get_user_model().objects.get(username="officer")
    client.force_login(officer)
    invite(client, world["committee"], role="member", name="Councillor Ruth Ames")
    membership = Membership.objects.get(person__name="Councillor Ruth Ames")
    assert membership.start == dt.date(2019, 2, 13)
    [record] = membership.history.all()
    assert record.history_user == officer
    assert "Leads the youth justice service" in record.history_change_reason
    person_record = Person.objects.get(name="Councillor Ruth Ames").history.first()
    assert person_record.history_user == officer


def test_inviting_a_scrutiny_officer_makes_them_keep_the_record(client, world, mailoutbox):
    client.force_login(get_user_model().objects.get(username="officer"))
    invite(client, world["committee"], role="officer")
    support = SupportOfficer.objects.get(person__name="Dana Whitfield")
    assert support.committee == world["committee"]
    assert support.start == dt.date(2019, 2, 13)


def test_an_officer_of_another_committee_cannot_invite_or_end_a_role_here(
    client, world, mailoutbox
):
    client.force_login(get_user_model().objects.get(username="other_officer"))
    before = database_checksum()
    assert invite(client, world["committee"]).status_code == 403
    url = reverse("membership_end", kwargs={"pk": world["membership"].pk})
    response = client.post(
        url, {"end_0": "1", "end_1": "3", "end_2": "2019", "reason": "Not mine to end."}
    )
    assert response.status_code == 403
    assert database_checksum() == before
    assert mailoutbox == []


def test_a_membership_of_another_committee_cannot_be_ended_by_this_ones_officer(client, world):
    housing = Committee.objects.get(slug="housing")
    elsewhere = housing.memberships.get()
    client.force_login(get_user_model().objects.get(username="officer"))
    url = reverse("membership_end", kwargs={"pk": elsewhere.pk})
    assert client.get(url).status_code == 403


def test_administrators_cannot_be_given_through_the_invitation(client, world, mailoutbox):
    client.force_login(get_user_model().objects.get(username="officer"))
    response = invite(client, world["committee"], role="administrator")
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Person.objects.filter(name="Dana Whitfield").exists()


def test_a_person_of_another_committees_record_cannot_be_given_a_sign_in(client, world, mailoutbox):
    Person.objects.create(name="Housing Witness")
    Membership.objects.create(
        committee=Committee.objects.get(slug="housing"),
        person=Person.objects.get(name="Housing Witness"),
    )
    client.force_login(get_user_model().objects.get(username="officer"))
    response = invite(client, world["committee"], name="Housing Witness", email="me@example.org")
    assert response.status_code == 200
    assert b"another committee" in response.content
    assert Person.objects.get(name="Housing Witness").user is None
    assert mailoutbox == []


def test_ending_the_last_role_deactivates_the_account_and_ends_its_sessions(client, world):
    officer = get_user_model().objects.get(username="officer")
    councillor = get_user_model().objects.get(username="councillor")
    membership = councillor.person.memberships.get(committee=world["committee"], end=None)
    councillor.groups.set(councillor.groups.filter(name=ROLE_MEMBERS))
    Membership.objects.filter(person=councillor.person).exclude(pk=membership.pk).update(
        end=dt.date(2019, 1, 1)
    )
    signed_in = client.__class__()
    signed_in.force_login(councillor)
    signed_in.get("/")
    assert UserSession.objects.filter(user=councillor).exists()

    client.force_login(officer)
    url = reverse("membership_end", kwargs={"pk": membership.pk})
    response = client.post(
        url, {"end_0": "1", "end_1": "1", "end_2": "2020", "reason": "Stood down."}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    councillor.refresh_from_db()
    assert membership.end == dt.date(2020, 1, 1)
    assert membership.history.first().history_change_reason == "Left: Stood down."
    assert not councillor.is_active
    assert not UserSession.objects.filter(user=councillor).exists()


def test_the_people_page_lists_roles_and_sign_in(client, world, django_assert_num_queries):
    client.force_login(get_user_model().objects.get(username="officer"))
    url = reverse("committee_people", kwargs={"slug": world["committee"].slug})
    client.get(url)
    with django_assert_num_queries(15):  # the council's settings among them (the header)
        response = client.get(url)
    text = response.content.decode()
    assert "Signs in" in text and "Does not sign in" in text
    assert "Invite someone" in text


def test_a_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, world, mailoutbox):
    url = reverse("password_reset")
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert mailoutbox == []
    known = client.post(url, {"email": "owner@example.org"}, follow=True)
    assert len(mailoutbox) == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert b"If an account uses that address, we have sent a link" in unknown.content
    assert "/set-password/" in mailoutbox[0].body


def test_the_sign_in_page_offers_a_reset_and_signed_in_pages_a_password_change(client, world):
    assert b"Forgotten your password?" in client.get(reverse("login")).content
    owner = get_user_model().objects.get(username="owner")
    client.force_login(owner)
    assert b"Change your password" in client.get("/").content
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
