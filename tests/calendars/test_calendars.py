"""Calendar feeds: a committee's meetings for anyone, a person's due dates behind a private
link they can replace or stop, and that exempt business reaches neither."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from committees.models import AgendaItem, Committee, Meeting, Person, Post
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory
from tracker.calendars.feeds import PRIVATE_REQUEST_TEXT
from tracker.items import services
from tracker.models import CalendarLink, InformationRequest, Inquiry, Recommendation

pytestmark = pytest.mark.django_db

JANUARY = dt.date(2019, 1, 16)
EXEMPT_TITLE = "Exempt canary 4K: the Written Statement of Action risk register"
EXEMPT_TEXT = "Exempt canary 8M: the confidential WSOA annex."
PUBLIC_TEXT = "A breakdown of the youth justice budget."
WELLBEING = "Cabinet Member for Children's Wellbeing"
# The report deadline of 13 February 2019: a due date given to the requests made here.
FEBRUARY_DEADLINE = dt.date(2019, 2, 4)


# -- helpers ------------------------------------------------------------------------------


def unfolded(response) -> str:
    """The feed as text, with RFC 5545's line folding undone, so a search sees whole values."""
    return response.content.decode("utf-8").replace("\r\n ", "")


def parse_feed(response) -> Calendar:
    """The feed parsed back, after checking it is a valid iCalendar file served as one."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename=") and disposition.endswith('.ics"')
    calendar = Calendar.from_ical(response.content)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    uids = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event.get("UID"))
        uids.append(str(event["UID"]))
    assert len(uids) == len(set(uids)), "two events share a UID"
    # Every TZID any property uses is defined by a VTIMEZONE of the file itself.
    used = set()
    for component in calendar.walk():
        for value in component.values():
            for one in value if isinstance(value, list) else [value]:
                params = getattr(one, "params", {})
                if "TZID" in params:
                    used.add(params["TZID"])
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert used <= defined, f"TZIDs without a VTIMEZONE: {used - defined}"
    return calendar


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def committee_feed(client, committee: Committee):
    return client.get(reverse("committee_calendar", kwargs={"slug": committee.slug}))


def personal_feed(client, link: CalendarLink):
    return client.get(reverse("personal_calendar", kwargs={"token": link.token}))


def user(username: str):
    return get_user_model().objects.get(username=username)


def booth() -> Person:
    return Person.objects.get(user__username="owner")


@pytest.fixture
def committee(demo) -> Committee:
    return Committee.objects.get()


@pytest.fixture
def january_requests(demo) -> dict[str, InformationRequest]:
    """Two requests of 16 January 2019 owned by the Cabinet Member: one from a public item,
    one from item 12, taken in private (whose title is made a canary too)."""
    meeting = Meeting.objects.get(date=JANUARY)
    post = Post.objects.get(title=WELLBEING)
    exempt_item = AgendaItem.objects.get(meeting=meeting, number=12)
    exempt_item.title = EXEMPT_TITLE
    exempt_item.save()
    return {
        "public": InformationRequest.objects.create(
            meeting=meeting,
            agenda_item=AgendaItem.objects.get(meeting=meeting, number=6),
            text=PUBLIC_TEXT,
            owner_post=post,
            due_date=FEBRUARY_DEADLINE,
        ),
        "exempt": InformationRequest.objects.create(
            meeting=meeting,
            agenda_item=exempt_item,
            text=EXEMPT_TEXT,
            owner_post=post,
            due_date=FEBRUARY_DEADLINE,
        ),
    }


@pytest.fixture
def link(owner_holds_r02_and_r06_post) -> CalendarLink:
    return services.calendar_link_create(person=booth(), by_user=user("owner"))


# -- the committee's meetings -------------------------------------------------------------


def test_it_serves_every_meeting_as_a_valid_calendar(client, committee):
    response = committee_feed(client, committee)
    calendar = parse_feed(response)

    assert (
        response["Content-Disposition"] == 'inline; filename="childrens-social-care-meetings.ics"'
    )
    assert "public" in response["Cache-Control"]
    events = events_by_uid(calendar)
    # Every meeting of 2018/19: formal, informal, visits and call-ins alike.
    assert set(events) == {f"meeting-{m.pk}@scrutiny-tracker" for m in committee.meetings.all()}
    assert len(events) >= 12


def test_it_names_the_meeting_its_kind_and_its_room(client, committee):
    events = events_by_uid(parse_feed(committee_feed(client, committee)))
    formal = Meeting.objects.get(date=dt.date(2019, 2, 13))
    visit = Meeting.objects.get(date=dt.date(2019, 4, 17))
    call_in = Meeting.objects.get(date=dt.date(2019, 1, 8))

    event = events[f"meeting-{formal.pk}@scrutiny-tracker"]
    assert str(event["SUMMARY"]) == "Children's Social Care Overview and Scrutiny Committee"
    assert str(event["LOCATION"]) == "Committee Room 2"
    assert str(event["URL"]) == f"http://testserver/meetings/{formal.pk}/"
    assert f"http://testserver/meetings/{formal.pk}/" in str(event["DESCRIPTION"])
    assert "Reports due by 4 February 2019." in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    visit_summary = str(events[f"meeting-{visit.pk}@scrutiny-tracker"]["SUMMARY"])
    assert visit_summary == "Children's Social Care Overview and Scrutiny Committee: Visit"
    call_in_summary = str(events[f"meeting-{call_in.pk}@scrutiny-tracker"]["SUMMARY"])
    assert call_in_summary.endswith(": Call-in meeting")


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, committee):
    march = Meeting.objects.get(date=dt.date(2019, 3, 13))
    march.status = Meeting.Status.CANCELLED
    march.save()

    event = events_by_uid(parse_feed(committee_feed(client, committee)))[
        f"meeting-{march.pk}@scrutiny-tracker"
    ]

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")
    assert "This meeting was cancelled." in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (dt.date(2019, 2, 13), 10),  # GMT: the demo record's meeting
        (dt.date(2019, 3, 29), 10),  # GMT: the Friday before the clocks go forward
        (dt.date(2019, 4, 1), 9),  # BST: the Monday after (last Sunday of March: the 31st)
        (dt.date(2019, 6, 12), 9),  # BST
        (dt.date(2019, 10, 28), 10),  # GMT again: the Monday after the clocks go back
    ],
)
def test_a_ten_oclock_meeting_is_at_ten_london_time_either_side_of_bst(
    client, committee, day, utc_hour
):
    meeting = Meeting.objects.filter(committee=committee, date=day).first() or MeetingFactory(
        committee=committee, date=day, start_time=dt.time(10, 0)
    )

    event = events_by_uid(parse_feed(committee_feed(client, committee)))[
        f"meeting-{meeting.pk}@scrutiny-tracker"
    ]

    assert event["DTSTART"].params["TZID"] == "Europe/London"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(dt.UTC) == dt.datetime(
        day.year, day.month, day.day, utc_hour, tzinfo=dt.UTC
    )
    assert event.decoded("DTEND") - start == dt.timedelta(hours=2)


def test_the_end_is_the_recorded_end_or_two_hours_after_the_start(client, committee):
    january = Meeting.objects.get(date=JANUARY)  # 10:00 to 11:25
    call_in = Meeting.objects.get(date=dt.date(2019, 1, 8))  # 13:00 to 14:15
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))  # no end recorded

    events = events_by_uid(parse_feed(committee_feed(client, committee)))

    def times(meeting):
        event = events[f"meeting-{meeting.pk}@scrutiny-tracker"]
        return event.decoded("DTSTART").time(), event.decoded("DTEND").time()

    assert times(january) == (dt.time(10, 0), dt.time(11, 25))
    assert times(call_in) == (dt.time(13, 0), dt.time(14, 15))
    assert times(february) == (dt.time(10, 0), dt.time(12, 0))


def test_no_exempt_item_title_reaches_the_public_feed(client, committee, january_requests):
    january = Meeting.objects.get(date=JANUARY)

    response = committee_feed(client, committee)
    event = events_by_uid(parse_feed(response))[f"meeting-{january.pk}@scrutiny-tracker"]

    text = unfolded(response)
    for private in (
        EXEMPT_TITLE,
        "Other urgent business (exempt information)",
        EXEMPT_TEXT,
        PUBLIC_TEXT,  # requests are no part of the meetings feed
        "Councillor Alex Yip queried",  # the notes of the private item
    ):
        assert private not in text
    description = str(event["DESCRIPTION"])
    assert "6. Youth Justice Strategic Plan" in description
    assert "2 items taken in private" in description


def test_a_changed_meeting_replaces_the_earlier_event(client, committee):
    february = Meeting.objects.get(date=dt.date(2019, 2, 13))
    uid = f"meeting-{february.pk}@scrutiny-tracker"
    before = events_by_uid(parse_feed(committee_feed(client, committee)))[uid]

    february.room = "Committee Rooms 3 & 4"
    february.start_time = dt.time(14, 0)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        february.save()
    after = events_by_uid(parse_feed(committee_feed(client, committee)))[uid]

    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED")
    assert str(after["LOCATION"]) == "Committee Rooms 3 & 4"
    assert after.decoded("DTSTART").time() == dt.time(14, 0)


def test_uids_use_the_configured_domain_not_the_host(client, committee, settings):
    settings.TRACKER_CALENDAR_DOMAIN = "scrutiny.birmingham.example"
    meeting = Meeting.objects.get(date=dt.date(2019, 2, 13))

    events = events_by_uid(parse_feed(committee_feed(client, committee)))

    assert f"meeting-{meeting.pk}@scrutiny.birmingham.example" in events


def test_an_unknown_committee_has_no_feed(client, demo):
    assert client.get("/committees/no-such-committee/meetings.ics").status_code == 404


def test_the_committee_page_explains_how_to_subscribe(client, committee):
    response = client.get(committee.get_absolute_url())

    assert response.status_code == 200
    feed = "/committees/childrens-social-care/meetings.ics"
    assert f'href="{feed}"' in response.content.decode()
    assert f"http://testserver{feed}" in response.content.decode()
    assert "as a subscription" in response.content.decode()


def test_the_committee_feed_costs_the_same_whatever_the_number_of_meetings(
    client, committee, django_assert_num_queries
):
    # 1: the committee; 2: its meetings, with their history counts and private items;
    # 3: the public agenda items of all of them; 4: the council's name.
    with django_assert_num_queries(4):
        before = len(parse_feed(committee_feed(client, committee)).walk("VEVENT"))

    for month in range(5, 10):
        meeting = MeetingFactory(committee=committee, date=dt.date(2019, month, 15))
        meeting.save()  # a second history row
        AgendaItemFactory(meeting=meeting, number=1)
        AgendaItemFactory(meeting=meeting, number=2, is_exempt=True, exempt_paragraph=3)

    with django_assert_num_queries(4):
        calendar = parse_feed(committee_feed(client, committee))
    assert len(calendar.walk("VEVENT")) == before + 5


# -- a person's due dates ----------------------------------------------------------------


def test_the_personal_feed_has_an_all_day_event_for_each_outstanding_item_owned(
    client, link, january_requests
):
    today = timezone.localdate()
    person = link.person
    response = personal_feed(client, link)  # not signed in: the token is the credential
    events = events_by_uid(parse_feed(response))

    owned = Recommendation.objects.outstanding().owned_by(person, today).exclude(due_date=None)
    # A request with no due date (the documents give none) has no day to put in a calendar.
    requests = (
        InformationRequest.objects.outstanding().owned_by(person, today).exclude(due_date=None)
    )
    assert set(events) == {f"recommendation-{r.pk}@scrutiny-tracker" for r in owned} | {
        f"request-{r.pk}@scrutiny-tracker" for r in requests
    }
    r02 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    event = events[f"recommendation-{r02.pk}@scrutiny-tracker"]
    assert str(event["SUMMARY"]) == "Due: Corporate Parenting R02"
    assert event.decoded("DTSTART") == dt.date(2018, 5, 31)
    assert event.decoded("DTEND") == dt.date(2018, 6, 1)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["URL"]) == f"http://testserver/recommendations/{r02.pk}/"
    description = str(event["DESCRIPTION"])
    assert r02.text in description
    assert "The report gives only the month: due by May 2018" in description
    assert f"http://testserver/recommendations/{r02.pk}/" in description
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_public_request_says_what_was_asked_and_where(client, link, january_requests):
    request = january_requests["public"]

    event = events_by_uid(parse_feed(personal_feed(client, link)))[
        f"request-{request.pk}@scrutiny-tracker"
    ]

    assert str(event["SUMMARY"]) == "Due: information requested 16 January 2019"
    assert event.decoded("DTSTART") == request.due_date
    description = str(event["DESCRIPTION"])
    assert PUBLIC_TEXT in description
    assert "item 6 (Youth Justice Strategic Plan)" in description
    assert f"http://testserver/requests/{request.pk}/" in description


def test_an_exempt_request_keeps_its_text_out_of_the_feed(client, link, january_requests):
    request = january_requests["exempt"]

    response = personal_feed(client, link)
    event = events_by_uid(parse_feed(response))[f"request-{request.pk}@scrutiny-tracker"]

    text = unfolded(response)
    assert EXEMPT_TEXT not in text and EXEMPT_TITLE not in text
    assert str(event["SUMMARY"]) == "Due: information requested 16 January 2019"
    assert str(event["DESCRIPTION"]).startswith(PRIVATE_REQUEST_TEXT)
    assert str(event["CLASS"]) == "PRIVATE"
    # The owner reads it in the tracker, where they are entitled to.
    assert f"http://testserver/requests/{request.pk}/" in str(event["DESCRIPTION"])


def test_an_item_no_longer_outstanding_leaves_the_feed(client, link, january_requests):
    request = january_requests["public"]
    services.information_request_provide(
        request=request, provided_on=dt.date(2019, 2, 1), how="Circulated", by_user=user("officer")
    )

    events = events_by_uid(parse_feed(personal_feed(client, link)))

    assert f"request-{request.pk}@scrutiny-tracker" not in events
    assert f"request-{january_requests['exempt'].pk}@scrutiny-tracker" in events


def test_a_revised_due_date_replaces_the_earlier_event(client, link):
    r02 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    uid = f"recommendation-{r02.pk}@scrutiny-tracker"
    before = events_by_uid(parse_feed(personal_feed(client, link)))[uid]

    services.recommendation_revise_due_date(
        recommendation=r02,
        new_date=dt.date(2019, 7, 31),
        decided_on=dt.date(2019, 2, 13),
        by_user=user("officer"),
        reason="The handbook waits for the new Corporate Parenting Board.",
    )
    after = events_by_uid(parse_feed(personal_feed(client, link)))[uid]

    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == dt.date(2019, 7, 31)
    assert "gives only the month" not in str(after["DESCRIPTION"])


def test_a_revoked_unknown_or_replaced_link_is_not_found(client, link):
    assert personal_feed(client, link).status_code == 200

    new = services.calendar_link_replace(link=link, by_user=user("owner"))
    assert new.token != link.token
    assert personal_feed(client, link).status_code == 404
    assert personal_feed(client, new).status_code == 200

    services.calendar_link_revoke(link=new, by_user=user("owner"))
    assert personal_feed(client, new).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert b"Corporate Parenting" not in personal_feed(client, new).content


def test_a_link_stops_when_its_person_can_no_longer_sign_in(client, link):
    owner = user("owner")
    owner.is_active = False
    owner.save()

    assert personal_feed(client, link).status_code == 404


def test_the_personal_feed_costs_the_same_whatever_the_number_of_items(
    client, link, january_requests, django_assert_num_queries
):
    # 1: the live link and its person; 2: the posts they hold today; 3: their
    # recommendations with their history counts; 4: their requests likewise.
    with django_assert_num_queries(4):
        first = len(parse_feed(personal_feed(client, link)).walk("VEVENT"))

    post = Post.objects.get(title=WELLBEING)
    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    meeting = Meeting.objects.get(date=JANUARY)
    for n in range(6):
        RecommendationFactory(inquiry=inquiry, code=f"R{30 + n}", owner_post=post)
        InformationRequest.objects.create(
            meeting=meeting, text=f"More figures {n}", owner_post=post, due_date=dt.date(2019, 3, 4)
        )

    with django_assert_num_queries(4):
        assert len(parse_feed(personal_feed(client, link)).walk("VEVENT")) == first + 12


def test_a_feed_is_read_only(client, link, committee):
    assert (
        client.post(reverse("personal_calendar", kwargs={"token": link.token})).status_code == 405
    )
    assert client.post(reverse("committee_calendar", kwargs={"slug": "x"})).status_code == 405
    assert (
        client.head(reverse("personal_calendar", kwargs={"token": link.token})).status_code == 200
    )


# -- the page where a person manages their link --------------------------------------------


def csrf_client(username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user(username))
    return client


def post_link(client: Client, **data: str):
    """Press a button of the page as a browser would: with the page's CSRF token."""
    page = client.get(reverse("calendar_link"))
    assert page.status_code == 200
    return client.post(
        reverse("calendar_link"),
        {"csrfmiddlewaretoken": page.context["csrf_token"], **data},
        follow=True,
    )


def live_links(person: Person):
    return CalendarLink.objects.filter(person=person, revoked_at__isnull=True)


def test_an_owner_creates_replaces_and_stops_their_link(demo, caplog):
    caplog.set_level(logging.INFO, logger="tracker.calendar_links")
    client = csrf_client("owner")
    person = booth()
    page = client.get(reverse("calendar_link"))
    assert b"Create a calendar link" in page.content
    assert not CalendarLink.objects.exists()  # reading the page creates nothing

    response = post_link(client, action="create", link="")
    created = live_links(person).get()
    assert "Your calendar link was created." in response.content.decode()
    assert f"http://testserver/calendar/{created.token}.ics" in response.content.decode()

    response = post_link(client, action="replace", link=str(created.pk))
    replacement = live_links(person).get()
    assert replacement.token != created.token
    created.refresh_from_db()
    assert created.revoked_at is not None
    assert "the old link has stopped working" in response.content.decode()
    assert created.token not in response.content.decode()

    response = post_link(client, action="revoke", link=str(replacement.pk))
    assert not live_links(person).exists()
    assert "Your calendar link was stopped" in response.content.decode()
    assert b"Create a calendar link" in response.content

    logged = caplog.text
    assert "created for Councillor Kate Booth" in logged and "stopped by owner" in logged
    assert created.token not in logged and replacement.token not in logged


def test_the_link_shown_is_https_when_the_site_is(demo, client):
    link = services.calendar_link_create(person=booth(), by_user=user("owner"))
    client.force_login(user("owner"))

    response = client.get(reverse("calendar_link"), secure=True)

    assert f'value="https://testserver/calendar/{link.token}.ics"' in response.content.decode()


def test_a_post_without_the_csrf_token_changes_nothing(demo):
    client = csrf_client("owner")

    response = client.post(reverse("calendar_link"), {"action": "create", "link": ""})

    assert response.status_code == 403
    assert not CalendarLink.objects.exists()


def test_a_button_pressed_on_a_stale_page_changes_nothing(demo):
    client = csrf_client("owner")
    link = services.calendar_link_create(person=booth(), by_user=user("owner"))
    other_tab = services.calendar_link_replace(link=link, by_user=user("owner"))

    response = post_link(client, action="revoke", link=str(link.pk))

    assert "changed since this page was loaded" in response.content.decode()
    assert live_links(booth()).get() == other_tab


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete-everything", "link": ""},
        {"action": "revoke", "link": ""},  # nothing to stop
        {"link": ""},
    ],
)
def test_a_forged_or_empty_action_changes_nothing(demo, data):
    response = post_link(csrf_client("owner"), **data)

    assert "Choose to create, replace or stop your calendar link." in response.content.decode()
    assert not CalendarLink.objects.exists()


def test_someone_not_in_the_record_is_told_why_and_cannot_make_a_link(demo):
    client = csrf_client("admin")  # a sign-in without a person
    page = client.get(reverse("calendar_link"))
    assert page.status_code == 200
    assert b"not linked to a person" in page.content
    assert b"Create a calendar link" not in page.content

    response = client.post(
        reverse("calendar_link"),
        {"csrfmiddlewaretoken": page.context["csrf_token"], "action": "create", "link": ""},
    )

    assert response.status_code == 403
    assert not CalendarLink.objects.exists()


def test_the_public_are_sent_to_sign_in(client, demo):
    response = client.post(reverse("calendar_link"), {"action": "create", "link": ""})

    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert not CalendarLink.objects.exists()


def test_my_items_and_the_dashboard_link_to_the_page(client, demo):
    client.force_login(user("owner"))

    for page in (reverse("my_items"), reverse("dashboard")):
        assert f'href="{reverse("calendar_link")}"'.encode() in client.get(page).content


def test_creating_twice_keeps_one_live_link(demo):
    first = services.calendar_link_create(person=booth(), by_user=user("owner"))
    second = services.calendar_link_create(person=booth(), by_user=user("owner"))

    assert first == second
    assert live_links(booth()).count() == 1
    assert services.calendar_link_revoke(link=first, by_user=user("owner")) is True
    assert services.calendar_link_revoke(link=first, by_user=user("owner")) is False
