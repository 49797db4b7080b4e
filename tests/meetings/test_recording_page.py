"""The recording pages of a meeting (the meeting's, for who attended and the declarations,
and each item's): who presented an item answers for what it raised, the exemption fields
appear for an exempt item only, and each page costs the same number of queries however many
items the meeting has."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import AgendaItem, Meeting, Membership, Resolution
from tests.factories import (
    AgendaItemFactory,
    InformationRequestFactory,
    MeetingFactory,
    PersonFactory,
    PostHoldingFactory,
)
from tests.support.recording import history_count, item_data, page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("keeper", "keeper@example.org", None)
    client.force_login(user)
    return user


def meeting_with_items(count: int) -> Meeting:
    """A held meeting whose every item was presented by a post holder, resolved something
    and gave rise to a request."""
    meeting = MeetingFactory(date=dt.date(2019, 2, 13))
    MeetingFactory(committee=meeting.committee, date=dt.date(2019, 3, 13))  # due by its deadline
    for number in range(1, count + 1):
        holding = PostHoldingFactory(start=dt.date(2018, 5, 1))
        item = AgendaItemFactory(meeting=meeting, number=number)
        item.presenters.add(holding.person)
        Resolution.objects.create(agenda_item=item, text="The report was noted.")
        InformationRequestFactory(meeting=meeting, agenda_item=item, owner_post=holding.post)
    return meeting


def record_url(meeting: Meeting) -> str:
    return reverse("meeting_record", kwargs={"pk": meeting.pk})


def item_url(item: AgendaItem) -> str:
    return reverse("meeting_record_item", kwargs={"pk": item.meeting_id, "item": item.pk})


def test_a_request_left_without_an_owner_goes_to_the_presenters_post(client, administrator):
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    presenter = item.presenters.get()
    data = item_data(item)
    assert data[f"i{item.pk}-presented_by"] == presenter.name
    assert data[f"r{item.pk}-0-owner"] == ""  # left to the presenter
    data[f"r{item.pk}-0-text"] = "The waiting times by month."

    assert client.post(item_url(item), data).status_code == 302

    request = item.requests.get(text="The waiting times by month.")
    post = presenter.post_holdings.get().post
    assert (request.owner_post, request.owner_person) == (post, None)


def test_the_presenter_named_on_the_page_is_kept_with_history_and_owns_the_request(
    client, administrator
):
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    newcomer = PostHoldingFactory(start=dt.date(2018, 5, 1))
    data = item_data(item) | {
        f"i{item.pk}-presented_by": newcomer.person.name,
        f"r{item.pk}-0-text": "The plan for next year.",
    }

    assert client.post(item_url(item), data).status_code == 302

    assert list(item.presenters.all()) == [newcomer.person]
    assert item.requests.get(text="The plan for next year.").owner_post == newcomer.post
    record = item.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        administrator,
        "Recorded from the meeting",
    )
    assert [p.person for p in record.presenters.all()] == [newcomer.person]
    # Saving again unchanged writes nothing.
    before = history_count()
    client.post(item_url(item), item_data(item))
    assert history_count() == before


def test_unknown_presenters_and_owners_are_named_and_nothing_is_saved(client, administrator):
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    data = item_data(item) | {
        f"i{item.pk}-presented_by": "Nobody Known",
        f"i{item.pk}-notes": "Not to be half saved.",
        f"r{item.pk}-0-text": "Something.",
        f"r{item.pk}-0-owner": "Director of Nowhere",
    }
    before = history_count()
    body = client.post(item_url(item), data).content.decode()
    assert "Presented by must name people on record: no one is called “Nobody Known”" in body
    assert "Responsible must be a post or person on record: “Director of Nowhere” is not" in body
    assert history_count() == before


def test_names_are_read_as_the_notes_import_reads_them(client, administrator):
    """Offered or not, a full name is found with titles and a role; a surname and initial
    find someone the page offers (here the holder of a post that owns a request)."""
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    presenter = PostHoldingFactory(person__name="Jane Wood", start=dt.date(2018, 5, 1))
    officer = PostHoldingFactory(person__name="Sam Price", start=dt.date(2018, 5, 1))
    InformationRequestFactory(meeting=meeting, agenda_item=item, owner_post=officer.post)
    spelt = PersonFactory(name="Charlotte Hodivala", other_spellings="Hodiola")
    initials = PersonFactory(name="J. D. Stanley")
    data = item_data(item) | {
        f"i{item.pk}-presented_by": "Cllr jane wood (Chair)",
        f"r{item.pk}-0-text": "The figures.",
        f"r{item.pk}-0-owner": "S. Price",
    }
    assert "Jane Wood" not in client.get(item_url(item)).content.decode()
    assert client.post(item_url(item), data).status_code == 302
    data = page_data(meeting, adding="others") | {
        "o0-person": "Councillor Charlotte Hodiola",
        "o1-person": "J D Stanley",
    }
    assert client.post(record_url(meeting), data).status_code == 302

    assert list(item.presenters.all()) == [presenter.person]
    assert item.requests.get(text="The figures.").owner_person == officer.person
    assert meeting.attendances.get(person=spelt).kind == "also_present"
    assert meeting.attendances.filter(person=initials).exists()


def test_a_surname_alone_finds_only_someone_the_page_offers(client, administrator):
    meeting = meeting_with_items(1)
    PersonFactory(name="Ann Elsewhere")
    data = page_data(meeting) | {"o0-person": "Cllr Elsewhere"}
    body = html.unescape(client.post(record_url(meeting), data).content.decode())
    assert "no one is called “Cllr Elsewhere”" in body
    assert not meeting.attendances.exists()


def test_a_request_with_no_owner_and_no_presenter_is_refused(client, administrator):
    meeting = meeting_with_items(1)
    item = AgendaItemFactory(meeting=meeting, number=2)
    data = item_data(item) | {f"r{item.pk}-0-text": "Something."}
    body = client.post(item_url(item), data).content.decode()
    assert "Choose who is responsible for this request, or say who presented the item" in body
    assert not item.requests.exists()


def test_the_exemption_fields_are_revealed_only_for_an_exempt_item(client, administrator):
    meeting = meeting_with_items(2)
    public, private = meeting.agenda_items.all()
    private.is_exempt, private.exempt_paragraph = True, 3
    private.save()
    body = client.get(item_url(public)).content.decode()
    # A GOV.UK checkbox with conditional content: without JavaScript every field is there.
    assert 'data-module="govuk-checkboxes"' in body
    box = f'id="id_i{public.pk}-exempt" name="i{public.pk}-exempt"'
    assert f'{box} data-aria-controls="id_i{public.pk}-exempt-conditional"' in body
    hidden = 'class="govuk-checkboxes__conditional govuk-checkboxes__conditional--hidden"'
    assert f'{hidden} id="id_i{public.pk}-exempt-conditional"' in body
    assert f'name="i{public.pk}-paragraph"' in body
    assert f'name="i{public.pk}-declassification_reason"' not in body
    body = client.get(item_url(private)).content.decode()
    # The exempt item shows its paragraph and reason, and how to make it public.
    shown = 'class="govuk-checkboxes__conditional"'
    assert f'{shown} id="id_i{private.pk}-exempt-conditional"' in body
    assert f'name="i{private.pk}-declassification_reason"' in body


def test_choosing_exempt_needs_a_paragraph(client, administrator):
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    data = item_data(item) | {
        f"i{item.pk}-exempt": "on",
        f"i{item.pk}-exemption_justification": "It names a child.",
    }
    body = client.post(item_url(item), data).content.decode()
    assert "Choose the paragraph of Schedule 12A the item is exempt under" in body
    item.refresh_from_db()
    assert not item.is_exempt


# -- "Add another": one more blank row, drawn again with what was typed ----------------------


def test_add_another_request_adds_a_row_keeps_what_was_typed_and_saves_nothing(
    client, administrator
):
    meeting = meeting_with_items(1)
    item = meeting.agenda_items.get()
    body = client.get(item_url(item)).content.decode()
    assert f'name="r{item.pk}-0-text"' in body and f'name="r{item.pk}-1-text"' not in body
    typed = item_data(item) | {
        f"i{item.pk}-notes": "Typed before adding a row.",
        f"i{item.pk}-exempt": "on",  # no paragraph yet: not checked until Save
        f"r{item.pk}-0-text": "The first request.",
        f"r{item.pk}-0-due_date_0": "31",  # half typed
        f"i{item.pk}-presented_by": "Nobody Known",  # named nobody: not checked either
    }
    before = history_count()

    response = client.post(item_url(item), typed | {"add_row": "requests"})

    assert response.status_code == 200
    body = response.content.decode()
    assert history_count() == before
    assert item.requests.count() == 1
    assert item.notes != "Typed before adding a row."
    assert "There is a problem" not in body and "govuk-error-message" not in body
    # One more blank row, and the page comes back at it, its requests open.
    assert f'<fieldset class="govuk-fieldset app-record-row" id="r{item.pk}-1">' in body
    assert f'name="r{item.pk}-1-text"' in body and f'name="r{item.pk}-2-text"' not in body
    assert f'formaction="#r{item.pk}-2"' in body
    new_row = body[body.index(f'id="id_r{item.pk}-1-kind"') :]
    assert new_row.index('<option value="information" selected>') < new_row.index("</select>")
    # Everything typed is drawn again.
    assert ">\nTyped before adding a row.</textarea>" in body
    assert ">\nThe first request.</textarea>" in body
    assert f'id="id_r{item.pk}-0-due_date_0" value="31"' in body
    assert f'id="id_i{item.pk}-exempt" name="i{item.pk}-exempt" checked' in body
    assert f'id="id_i{item.pk}-presented_by" value="Nobody Known"' in body

    # Save, with the new row filled in: both requests are recorded.
    saved = typed | {
        f"i{item.pk}-exempt": "",
        f"r{item.pk}-0-due_date_0": "",
        f"i{item.pk}-presented_by": item.presenters.get().name,
        f"r{item.pk}-1-text": "The second request.",
        f"r{item.pk}-1-kind": "action",
        f"r{item.pk}-1-owner": "",
        f"r{item.pk}-1-due_date_0": "",
        f"r{item.pk}-1-due_date_1": "",
        f"r{item.pk}-1-due_date_2": "",
    }
    assert client.post(item_url(item), saved).status_code == 302
    assert set(item.requests.values_list("text", "kind").filter(text__endswith="request.")) == {
        ("The first request.", "information"),
        ("The second request.", "action"),
    }
    item.refresh_from_db()
    assert item.notes == "Typed before adding a row."


@pytest.mark.parametrize(
    ("adding", "row", "box"), [("others", "o", "person"), ("declarations", "d", "text")]
)
def test_add_another_attendee_or_declaration_adds_a_blank_row_and_saves_nothing(
    client, administrator, adding, row, box
):
    meeting = meeting_with_items(1)
    data = page_data(meeting) | {f"{row}0-{box}": "Typed in the first row."}
    before = history_count()

    body = client.post(record_url(meeting), data | {"add_row": adding}).content.decode()

    assert f'name="{row}1-{box}"' in body and f'name="{row}2-{box}"' not in body
    assert "Typed in the first row." in body and "There is a problem" not in body
    assert history_count() == before
    if adding == "others":  # the new row offers what a blank row does: Also present
        new_row = body[body.index('id="id_o1-kind"') :]
        assert new_row.index('<option value="also_present" selected>') < new_row.index("</select>")


def test_enter_in_a_box_saves_the_page_rather_than_adding_a_row(client, administrator):
    """A browser submits a form with its first button when Enter is pressed in a box."""
    meeting = meeting_with_items(1)
    for url, save in (
        (record_url(meeting), "Save attendance and declarations"),
        (item_url(meeting.agenda_items.get()), "Save item 1"),
    ):
        body = client.get(url).content.decode()
        form = body[body.index('<form method="post" novalidate>') :]
        first = form[form.index("<button") : form.index("</button>")]
        assert save in first and "name=" not in first


# The meeting's recording page's queries, whatever the number of items: session, user,
# savepoint, the meeting with its committee, the committees an administrator keeps,
# attendance, members that day; the names the committee's record is likely to name (one
# list for every name on the page: who takes part and who owns items, the posts they hold,
# the posts, the people); declarations; the items with their counts, and their presenters;
# matters arising (meetings, recommendations, requests); drafts waiting; the council's
# settings (the header); release.
RECORD_PAGE_QUERIES = 20
# An item's page: session, user, savepoint, the meeting with its committee, the committees
# an administrator keeps; the item, its resolutions, presenters and requests; the names
# offered (four queries, as above), the posts held that day; the next item; the council's
# settings; release.
ITEM_PAGE_QUERIES = 17


@pytest.mark.parametrize("items", [5, 20])
def test_the_recording_pages_cost_the_same_whatever_the_number_of_items(
    client, administrator, django_assert_num_queries, items
):
    meeting = meeting_with_items(items)
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        response = client.get(record_url(meeting))
    assert response.content.decode().count('class="govuk-task-list__item ') == items
    item = meeting.agenda_items.last()
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        response = client.get(item_url(item))
    assert f'name="i{item.pk}-notes"' in response.content.decode()


# -- names typed on the page ---------------------------------------------------------------


def test_the_page_offers_the_committees_names_once_and_takes_anyone_on_record(
    client, administrator
):
    """The names the committee is likely to use are written once, in one list every box
    offers; someone else on record is not offered, yet is found when typed."""
    meeting = meeting_with_items(2)
    member = PersonFactory(name="Councillor Member", is_councillor=True)
    Membership.objects.create(committee=meeting.committee, person=member)
    item = meeting.agenda_items.first()
    presenter = item.presenters.get()
    elsewhere = PersonFactory(name="Someone Elsewhere")
    for url, boxes in (
        (record_url(meeting), 1 + 1),  # one other attending, one declaration
        (item_url(item), 1 + 1),  # the item's presenters and its new request's owner
    ):
        body = client.get(url).content.decode()
        assert body.count("<datalist") == 1
        assert body.count(f'<option value="{presenter.name}"') == 1
        assert body.count(f'<option value="{member.name}"') == 1
        assert "Someone Elsewhere" not in body
        assert body.count('list="record-names"') == boxes

    data = page_data(meeting) | {
        "o0-person": "  someone   elsewhere ",
        "o0-capacity": "Observer",
        "d0-person": member.name,
        "d0-text": "A declaration for openness.",
    }
    assert client.post(record_url(meeting), data).status_code == 302
    assert meeting.attendances.get(person=elsewhere).capacity == "Observer"
    assert meeting.declarations.get().person == member
    # Saved again unchanged, the names written back into the boxes change nothing.
    before = history_count()
    data = page_data(meeting)
    assert data["o0-person"] == "Someone Elsewhere" and data["d0-person"] == member.name
    assert client.post(record_url(meeting), data).status_code == 302
    assert history_count() == before


def test_a_name_that_names_nobody_or_several_is_refused_by_row_and_nothing_is_saved(
    client, administrator
):
    meeting = meeting_with_items(1)
    PersonFactory(name="Jo Bloggs")
    PersonFactory(name="JO BLOGGS")
    data = page_data(meeting, adding="others") | {
        "o0-person": "Nobody Known",
        "o1-person": "jo bloggs",
        "d0-person": "Nobody Either",
        "d0-text": "Not to be half saved.",
    }
    before = history_count()
    body = html.unescape(client.post(record_url(meeting), data).content.decode())
    assert "<title>Error: " in body
    assert (
        "Others attending, row 1: Enter the name of a person on record: no one is called "
        "“Nobody Known”"
    ) in body
    assert (
        "Others attending, row 2: More than one person on record is called “jo bloggs”: "
        "enter the name exactly as the record holds it"
    ) in body
    assert (
        "Declaration 1: Enter the name of a person on record: no one is called “Nobody Either”"
        in body
    )
    assert "Enter who made the declaration" not in body  # the name's own error says it
    assert history_count() == before
    assert not meeting.attendances.exists() and not meeting.declarations.exists()

    # Typed exactly as the record holds it, the name tells them apart.
    data |= {"o0-person": "", "o1-person": "JO BLOGGS", "d0-person": "", "d0-text": ""}
    assert client.post(record_url(meeting), data).status_code == 302
    assert meeting.attendances.get().person.name == "JO BLOGGS"


def test_a_name_with_a_null_character_is_refused_with_the_rest_of_the_page(client, administrator):
    # PostgreSQL refuses to compare text holding a null character: the look-up of names
    # the page does not offer must not ask it to.
    meeting = meeting_with_items(1)
    data = page_data(meeting) | {"o0-person": "Jo\x00Bloggs", "d0-person": "\x00"}
    before = history_count()
    response = client.post(record_url(meeting), data)
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert history_count() == before
    assert not meeting.attendances.exists() and not meeting.declarations.exists()


def test_an_item_is_recorded_only_through_its_own_meeting(client):
    """A keeper of one committee cannot reach another committee's item through a meeting
    of their own: the item must be the meeting's."""
    from django.contrib.auth.models import Group

    from committees.models import SupportOfficer
    from tracker.roles import ROLE_OFFICERS

    mine, theirs = meeting_with_items(1), meeting_with_items(1)
    officer = PersonFactory(user=get_user_model().objects.create_user("keeper-of-mine"))
    officer.user.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(committee=mine.committee, person=officer, role="Officer")
    client.force_login(officer.user)
    other = theirs.agenda_items.get()
    url = reverse("meeting_record_item", kwargs={"pk": mine.pk, "item": other.pk})
    before = history_count()
    assert client.get(url).status_code == 404
    assert (
        client.post(url, item_data(other) | {f"i{other.pk}-notes": "Not mine."}).status_code == 404
    )
    assert history_count() == before
    own = mine.agenda_items.get()
    assert client.get(item_url(own)).status_code == 200
    assert client.get(item_url(other)).status_code == 403  # their committee's, not mine
