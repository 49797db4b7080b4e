"""A meeting's action notes, from draft to published, confirmed and corrected.

The public reads notes only once an officer publishes them; the committee's members and
officers read the draft, marked as one. Confirming at a later meeting freezes the document
as confirmed: later edits to the record do not change it. A correction is a version of its
own, with who, when and why, beside the confirmed one.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from committees import clock
from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CouncilSettings,
    Declaration,
    Meeting,
    Membership,
    Person,
    SupportOfficer,
)
from committees.services import save_with_history
from tests.factories import CommitteeFactory, MeetingFactory
from tracker.models import Reminder
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS

pytestmark = pytest.mark.django_db

FEBRUARY, MARCH = dt.date(2019, 2, 13), dt.date(2019, 3, 13)


@pytest.fixture
def committee():
    CouncilSettings.objects.create(name="Anytown Borough Council", full_council="Council")
    return CommitteeFactory(name="Health Scrutiny Panel")


def _user(username: str, role: str, person: Person | None = None):
    user = get_user_model().objects.create_user(username, email=f"{username}@example.org")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if person is not None:
        person.user = user
        person.save()
    return user


@pytest.fixture
def officer(committee):
    person = Person.objects.create(name="Panel Scrutiny Officer")
    SupportOfficer.objects.create(committee=committee, person=person, role="Scrutiny Officer")
    return _user("keeper", ROLE_OFFICERS, person)


@pytest.fixture
def member(committee):
    person = Person.objects.create(name="Councillor Ann Member")
    Membership.objects.create(committee=committee, person=person, start=dt.date(2018, 5, 1))
    return _user("member", ROLE_MEMBERS, person)


@pytest.fixture
def meeting(committee):
    """A held meeting whose notes the officer has drafted: apologies, a substitute, a
    declaration on a public item and one on an exempt item."""
    meeting = MeetingFactory(committee=committee, date=FEBRUARY, status=Meeting.Status.HELD)
    AgendaItem.objects.create(meeting=meeting, number=1, title="Apologies for Absence")
    AgendaItem.objects.create(meeting=meeting, number=2, title="Disclosures of Interest")
    business = AgendaItem.objects.create(
        meeting=meeting, number=3, title="Hospital discharge", notes="The panel heard delays."
    )
    exempt = AgendaItem.objects.create(
        meeting=meeting,
        number=4,
        title="Care home contract",
        is_exempt=True,
        exempt_paragraph=3,
        notes="Bid prices were compared.",
    )
    absent, substitute, chair = (
        Person.objects.create(name=f"Councillor {name}")
        for name in ("Bea Away", "Cal Sub", "Di Chair")
    )
    Attendance.objects.create(meeting=meeting, person=absent, kind=Attendance.Kind.APOLOGIES)
    Attendance.objects.create(
        meeting=meeting, person=substitute, kind=Attendance.Kind.PRESENT, substitute_for=absent
    )
    Attendance.objects.create(meeting=meeting, person=chair, kind=Attendance.Kind.PRESENT)
    Declaration.objects.create(
        meeting=meeting, person=chair, agenda_item=business, text="A relative works at the trust."
    )
    Declaration.objects.create(
        meeting=meeting, person=substitute, agenda_item=exempt, text="Owns a bidding firm's shares."
    )
    ActionNotes.objects.create(meeting=meeting, part=ActionNotes.Part.PUBLIC)
    ActionNotes.objects.create(meeting=meeting, part=ActionNotes.Part.PRIVATE)
    return meeting


def notes_url(meeting, version="public", docx_file=False, **query) -> str:
    name = "meeting_notes_docx" if docx_file else "meeting_notes_print"
    url = reverse(name, kwargs={"pk": meeting.pk, "version": version})
    return url + "".join(f"?{key}={value}" for key, value in query.items())


def word_text(response) -> str:
    document = docx.Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def test_it_keeps_draft_notes_from_the_public_until_an_officer_publishes_them(
    client, meeting, officer, member
):
    meeting_page = reverse("meeting_detail", kwargs={"pk": meeting.pk})
    # The public: the agenda, nothing recorded, no document.
    page = client.get(meeting_page).content.decode()
    assert "Hospital discharge" in page
    assert "The panel heard delays." not in page
    assert "A relative works at the trust." not in page
    assert client.get(notes_url(meeting)).status_code == 404
    assert client.get(notes_url(meeting, docx_file=True)).status_code == 404

    # A member reads the draft, marked as one, but cannot publish it.
    client.force_login(member)
    page = client.get(meeting_page).content.decode()
    assert "The notes of this meeting are not published" in page
    assert "Publish the notes" not in page
    printed = client.get(notes_url(meeting, "full")).content.decode()
    assert "DRAFT, FULL VERSION" in printed
    assert (
        client.post(reverse("meeting_notes_publish", kwargs={"pk": meeting.pk})).status_code == 403
    )

    # The officer publishes; from then on the public reads them.
    client.force_login(officer)
    assert "Publish the notes" in client.get(meeting_page).content.decode()
    response = client.post(reverse("meeting_notes_publish", kwargs={"pk": meeting.pk}), follow=True)
    assert "The notes are published" in response.content.decode()
    published = ActionNotes.objects.get(meeting=meeting, part=ActionNotes.Part.PUBLIC)
    assert published.published_by == officer
    assert published.history.latest().history_change_reason == "Notes published"

    # The committee's members are told, once, in their daily digest (their default).
    told = Reminder.objects.filter(kind=Reminder.Kind.NOTES_PUBLISHED)
    assert [(r.recipient.user, r.title) for r in told] == [
        (member, "Action notes of 13 February 2019")
    ]
    client.post(reverse("meeting_notes_publish", kwargs={"pk": meeting.pk}))
    assert told.count() == 1

    client.logout()
    printed = client.get(notes_url(meeting)).content.decode()
    assert "The panel heard delays." in printed
    assert "DRAFT" not in printed
    assert "Bid prices" not in printed and "bidding firm" not in printed
    assert "The panel heard delays." in client.get(meeting_page).content.decode()


def test_it_refuses_to_publish_the_notes_of_a_meeting_still_to_come(client, committee, officer):
    ahead = MeetingFactory(committee=committee, date=clock.today() + dt.timedelta(days=20))
    AgendaItem.objects.create(meeting=ahead, number=1, title="Budget", notes="Typed too soon.")
    ActionNotes.objects.create(meeting=ahead)
    client.force_login(officer)
    response = client.post(reverse("meeting_notes_publish", kwargs={"pk": ahead.pk}), follow=True)
    assert "once the meeting has taken place" in response.content.decode()
    assert not ActionNotes.objects.published().exists()
    client.logout()
    assert client.get(notes_url(ahead)).status_code == 404


def test_the_published_notes_set_out_every_apology_and_declaration_recorded(
    client, meeting, officer
):
    client.force_login(officer)
    full = client.get(notes_url(meeting, "full")).content.decode()
    public = client.get(notes_url(meeting)).content.decode()
    words = word_text(client.get(notes_url(meeting, "full", docx_file=True)))
    public_words = word_text(client.get(notes_url(meeting, docx_file=True)))
    for document in (full, words, public, public_words):
        assert "Apologies were received from Councillor Bea Away." in document
        assert "Councillor Cal Sub attended as a substitute for Councillor Bea Away." in document
        assert "A relative works at the trust." in document
    # A declaration on an exempt item is part of that item: for its readers only.
    for document in (full, words):
        assert (
            "Owns a bidding firm&#x27;s shares." in document
            or "Owns a bidding firm's shares." in document
        )
    for document in (public, public_words):
        assert "bidding firm" not in document


def test_the_full_version_says_it_holds_exempt_information_only_when_it_does(
    client, meeting, officer
):
    client.force_login(officer)
    assert "Contains exempt information" in client.get(notes_url(meeting, "full")).content.decode()
    AgendaItem.objects.filter(is_exempt=True).delete()
    Declaration.objects.filter(agenda_item__isnull=True).delete()
    printed = client.get(notes_url(meeting, "full")).content.decode()
    assert "Contains exempt information" not in printed
    assert "none of it is exempt" in printed


def confirm(client, meeting, at, amendments=""):
    notes = ActionNotes.objects.get(meeting=meeting, part=ActionNotes.Part.PUBLIC, version=1)
    return client.post(
        reverse("notes_confirm", kwargs={"pk": at.pk}),
        {"notes": notes.pk, "amendments": amendments},
        follow=True,
    )


def test_confirmed_notes_never_change_and_a_correction_is_a_version_of_its_own(
    client, meeting, officer
):
    march = MeetingFactory(committee=meeting.committee, date=MARCH, status=Meeting.Status.HELD)
    client.force_login(officer)
    client.post(reverse("meeting_notes_publish", kwargs={"pk": meeting.pk}))
    confirm(client, meeting, march)
    confirmed = ActionNotes.objects.get(meeting=meeting, part=ActionNotes.Part.PUBLIC, version=2)
    assert confirmed.status == ActionNotes.Status.CONFIRMED and confirmed.snapshot

    # The record changes after confirmation: the confirmed document does not.
    item = AgendaItem.objects.get(meeting=meeting, number=3)
    item.notes = "The panel heard delays of up to nine days."
    save_with_history(item, by_user=officer, reason="Typo")
    client.logout()
    printed = client.get(notes_url(meeting)).content.decode()
    assert "The panel heard delays." in printed
    assert "nine days" not in printed
    assert "were confirmed at the meeting of 13 March 2019" in printed

    # The officer publishes a correction, saying why.
    client.force_login(officer)
    correct = reverse("meeting_notes_correct", kwargs={"pk": meeting.pk})
    refused = client.post(correct, {"reason": "  "})
    assert "Say why the notes are corrected." in refused.content.decode()
    assert not ActionNotes.objects.filter(version=3).exists()
    client.post(correct, {"reason": "The length of the delays was left out."})
    corrected = ActionNotes.objects.get(meeting=meeting, part=ActionNotes.Part.PUBLIC, version=3)
    assert corrected.status == ActionNotes.Status.CORRECTED
    assert corrected.published_by == officer

    client.logout()
    printed = client.get(notes_url(meeting)).content.decode()
    assert "nine days" in printed
    assert "Why: The length of the delays was left out." in printed
    assert "Version 2: confirmed at the meeting of 13 March 2019" in printed
    # The confirmed version is still there to read, exactly as it was.
    as_confirmed = client.get(notes_url(meeting, v=2)).content.decode()
    assert "The panel heard delays." in as_confirmed and "nine days" not in as_confirmed
    confirmed.refresh_from_db()
    assert confirmed.history.count() == 1
    assert client.get(notes_url(meeting, v=1)).status_code == 404  # a draft: never frozen
    assert client.get(notes_url(meeting, v="x")).status_code == 404


def test_notes_are_confirmed_only_at_a_meeting_that_has_taken_place(
    client, committee, meeting, officer
):
    ahead = MeetingFactory(committee=committee, date=clock.today() + dt.timedelta(days=20))
    client.force_login(officer)
    response = confirm(client, meeting, ahead)
    assert "has not taken place" in response.content.decode()
    assert ActionNotes.objects.filter(meeting=meeting).count() == 2


def test_an_officer_publishes_a_months_work_programme_once(client, committee, officer, member):
    MeetingFactory(committee=committee, date=MARCH)
    page = reverse("work_programme_print", kwargs={"slug": committee.slug, "version": "public"})
    publish = reverse("work_programme_publish", kwargs={"slug": committee.slug}) + "?month=2019-03"
    client.force_login(member)
    assert "Publish this work programme" not in client.get(page + "?month=2019-03").content.decode()
    assert client.post(publish).status_code == 403
    client.force_login(officer)
    assert "Publish this work programme" in client.get(page + "?month=2019-03").content.decode()
    response = client.post(publish, follow=True)
    assert "The work programme for March 2019 is published" in response.content.decode()
    assert "Published on" in response.content.decode()
    again = client.post(publish, follow=True)
    assert "already published" in again.content.decode()
    told = Reminder.objects.get(kind=Reminder.Kind.PROGRAMME_PUBLISHED)
    assert (told.recipient.user, told.title) == (member, "Work programme, March 2019")
    publication = committee.programme_publications.get()
    assert (publication.month, publication.published_by) == (dt.date(2019, 3, 1), officer)
    bad = client.post(
        reverse("work_programme_publish", kwargs={"slug": committee.slug}) + "?month=2019-13",
        follow=True,
    )
    assert "is not a month" in bad.content.decode()
    assert committee.programme_publications.count() == 1
