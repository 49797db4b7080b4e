"""Each role's dashboard: what an officer chases, what an owner owes and where their
updates stand, what a councillor's next meeting holds; and what each costs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee, Meeting, Membership, Person, Post, PostHolding
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    InformationRequestFactory,
    InquiryFactory,
    PersonFactory,
    PostFactory,
    RecommendationFactory,
)
from tracker.items.services import owner_update_accept, owner_update_return, owner_update_submit
from tracker.meetings.recording import matters_arising
from tracker.models import InformationRequest, OwnerUpdate, Recommendation, Reminder
from tracker.reminders.recipients import post_holders_on, reachable_owners
from tracker.reminders.sweep import sweep
from tracker.roles import ROLE_MEMBERS

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 2, 13)
on_the_day = time_machine.travel(dt.datetime(2019, 2, 13, 12, 0), tick=False)


def user(username: str):
    return get_user_model().objects.get(username=username)


def dashboard(client, username: str | None):
    client.logout()
    if username:
        client.force_login(user(username))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def committee() -> Committee:
    return Committee.objects.get(slug="childrens-social-care")


def owned_by_owner(**kwargs) -> Recommendation:
    """A recommendation of the demo committee owned by the post the demo owner holds."""
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    inquiry = InquiryFactory(committee=committee(), title=kwargs.pop("inquiry", "Early Help"))
    return RecommendationFactory(inquiry=inquiry, owner_post=post, **kwargs)


def sent_back(item, reason: str) -> OwnerUpdate:
    update = owner_update_submit(item=item, by_user=user("owner"), progress_note="Done.")
    owner_update_return(update=update, by_user=user("officer"), reason=reason)
    return update


# -- the scrutiny officer ---------------------------------------------------------------


@on_the_day
def test_an_officer_is_told_what_to_chase_and_why(client, demo):
    Person.objects.filter(user__username="owner").update(email="owner@example.org")
    reachable = owned_by_owner(original_due_date=dt.date(2019, 1, 31), inquiry="Overdue")
    returned = owned_by_owner(original_due_date=dt.date(2019, 6, 30), inquiry="Returned")
    sent_back(returned, "The figures for December are missing.")
    nobody = RecommendationFactory(
        inquiry=InquiryFactory(committee=committee()),
        owner_post=PostFactory(title="Director of Nowhere"),  # held by nobody
        original_due_date=dt.date(2019, 9, 30),
    )
    elsewhere = RecommendationFactory(original_due_date=dt.date(2019, 1, 2))  # not theirs

    officer = dashboard(client, "officer").context["officer"]
    why = {row.item: (row.overdue, row.unreachable, row.sent_back) for row in officer.to_chase}
    assert why[reachable] == (True, False, False)
    assert why[returned] == (False, False, True)
    assert why[nobody] == (False, True, False)
    assert elsewhere not in why
    page = client.get(reverse("dashboard")).content.decode()
    assert "Owner cannot be emailed" in page
    assert "Reason: The figures for December are missing." in page

    # Sent again: no longer sent back, but waiting for the officer, with the way to review.
    again = owner_update_submit(item=returned, by_user=user("owner"), progress_note="Added.")
    officer = dashboard(client, "officer").context["officer"]
    assert returned not in [row.item for row in officer.to_chase]
    assert again in officer.pending
    review = reverse("update_review", kwargs={"pk": again.pk})
    assert f'href="{review}"' in client.get(reverse("dashboard")).content.decode()


@on_the_day
def test_an_officer_with_more_to_chase_than_the_dashboard_shows_pages_through_them_all(
    client, demo
):
    """The dashboard shows the ten items due soonest and how many there are; the page it
    links to lists every one, a page at a time, in the same order: each open item of the
    officer's committees that is overdue, owned by nobody the reminders can email, or
    sent back, as the row rules decide, and no other."""
    grow(12)
    response = dashboard(client, "officer")
    officer = response.context["officer"]
    assert len(officer.to_chase) == 10 < officer.to_chase_count
    assert f"See all {officer.to_chase_count} items to chase" in response.content.decode()

    listed, url = [], reverse("to_chase")
    while url:
        page = client.get(url).context["page"]
        listed += [row.item for row in page.rows]
        url = f"{reverse('to_chase')}?page={page.next_page_number()}" if page.has_next() else ""
    assert listed[:10] == [row.item for row in officer.to_chase]
    due = [item.due_date or dt.date.max for item in listed]
    assert due == sorted(due) and len(set(listed)) == len(listed) == officer.to_chase_count

    holders = post_holders_on(TODAY)
    open_items = [
        *Recommendation.objects.outstanding().filter(inquiry__committee=committee()),
        *InformationRequest.objects.outstanding().filter(meeting__committee=committee()),
    ]
    latest = {
        item: type(item).objects.with_latest_update().get(pk=item.pk).latest_update_status
        for item in open_items
    }
    expected = {
        item for item in open_items
        if item.is_overdue(TODAY) or not reachable_owners(item, TODAY, holders)
        or latest[item] == OwnerUpdate.Status.RETURNED
    }  # fmt: skip
    assert set(listed) == expected


@on_the_day
def test_an_owner_the_reminders_cannot_email_is_the_officers_to_chase_on_both(client, demo):
    """The dashboard and the reminders share one rule: who the reminders cannot email,
    the officers are told to chase."""
    nobody = RecommendationFactory(
        inquiry=InquiryFactory(committee=committee()),
        owner_person=PersonFactory(name="Partner Agency Lead"),  # no email address
        original_due_date=dt.date(2019, 2, 20),
    )
    officer = dashboard(client, "officer").context["officer"]
    assert nobody in [row.item for row in officer.to_chase if row.unreachable]
    sweep(as_of=TODAY)
    chased = Reminder.objects.get(recommendation=nobody)
    assert chased.on_behalf_of == "Partner Agency Lead"
    assert chased.recipient.user.username == "officer"


@on_the_day
def test_an_officer_sees_each_committees_next_meeting_with_its_deadline_and_matters(client, demo):
    response = dashboard(client, "officer")
    [next_meeting] = response.context["officer"].next_meetings
    meeting = Meeting.objects.ordinary().filter(committee=committee(), date__gte=TODAY).first()
    assert next_meeting.meeting == meeting
    arising = matters_arising(committee(), access=response.wsgi_request.user._tracker_access,
                              today=TODAY)  # fmt: skip
    assert next_meeting.arising == arising.get(meeting.pk, [])
    assert next_meeting.arising  # the demo has open items coming to it
    page = response.content.decode()
    assert f"{meeting.report_deadline:%A %-d %B %Y}" in page
    assert "Matters arising" in page


# -- the owner --------------------------------------------------------------------------


@on_the_day
def test_an_owner_sees_their_items_by_urgency_with_their_updates_state(client, demo):
    overdue = owned_by_owner(original_due_date=dt.date(2019, 2, 1), inquiry="A")
    soon = owned_by_owner(original_due_date=dt.date(2019, 2, 20), inquiry="B")
    later = owned_by_owner(original_due_date=dt.date(2019, 8, 1), inquiry="C")
    undated = owned_by_owner(original_due_date=None, inquiry="D")
    sent_back(overdue, "Say what the panel decided.")
    owner_update_submit(item=soon, by_user=user("owner"), progress_note="Nearly there.")
    accepted = owner_update_submit(item=later, by_user=user("owner"), progress_note="Begun.")
    owner_update_accept(update=accepted, by_user=user("officer"))

    response = dashboard(client, "owner")
    owner = response.context["owner"]
    assert overdue in owner.overdue and soon in owner.due_soon
    assert later in owner.later and undated in owner.undated
    state = {item.pk: item.latest_update_status for _, items in owner.groups for item in items}
    assert (state[overdue.pk], state[soon.pk], state[later.pk], state[undated.pk]) == (
        "returned", "pending", "accepted", None,
    )  # fmt: skip
    page = response.content.decode()
    assert "Update sent back" in page and "Reason: Say what the panel decided." in page
    assert "Update waiting for review" in page and "Update accepted" in page
    assert response.context["officer"] is None and response.context["councillor"] is None


@on_the_day
def test_my_items_says_an_update_was_sent_back_and_why(client, demo):
    item = owned_by_owner(original_due_date=dt.date(2019, 3, 1))
    sent_back(item, "Attach the audit report.")
    client.force_login(user("owner"))
    page = client.get(reverse("my_items")).content.decode()
    assert "Update sent back" in page
    assert "Reason: Attach the audit report." in page
    # Until the owner sends another: then it waits for review, and the reason is gone.
    owner_update_submit(item=item, by_user=user("owner"), progress_note="Attached.")
    page = client.get(reverse("my_items")).content.decode()
    assert "Reason: Attach the audit report." not in page
    assert "Update waiting for review" in page


# -- the councillor ---------------------------------------------------------------------


@on_the_day
def test_a_councillor_sees_the_next_meeting_and_what_is_outstanding_by_inquiry(client, demo):
    meeting = Meeting.objects.ordinary().filter(committee=committee(), date__gte=TODAY).first()
    AgendaItemFactory(meeting=meeting, number=51, title="Early Help strategy")
    AgendaItemFactory(
        meeting=meeting, number=52, title="Secret placement contract", is_exempt=True,
        exempt_paragraph=3,
    )  # fmt: skip
    response = dashboard(client, "councillor")
    councillor = response.context["councillor"]
    [next_meeting] = councillor.next_meetings
    assert next_meeting.meeting == meeting
    assert [item.title for item in next_meeting.agenda][-2:] == [
        "Early Help strategy",
        "Secret placement contract",  # a member of the committee sees its exempt business
    ]
    assert "Secret placement contract" in response.content.decode()
    open_recommendations = Recommendation.objects.outstanding().filter(
        inquiry__committee=committee()
    )
    assert sum(i.outstanding_count for i in councillor.inquiries) == open_recommendations.count()
    overdue = open_recommendations.overdue(TODAY).count()
    assert sum(i.overdue_count for i in councillor.inquiries) == overdue

    # A member of another committee, and the public, never see it.
    other = CommitteeFactory(name="Housing")
    member = get_user_model().objects.create_user("housing-member")
    member.groups.add(*get_user_model().objects.get(username="councillor").groups.all())
    person = PersonFactory(name="Cllr Housing", user=member)
    Membership.objects.create(committee=other, person=person, start=dt.date(2018, 5, 1))
    for who in ("housing-member", None):
        page = dashboard(client, who).content.decode()
        assert "Secret placement contract" not in page
    assert ROLE_MEMBERS in {g.name for g in member.groups.all()}


@on_the_day
def test_someone_with_several_roles_sees_each_section(client, demo):
    councillor = Person.objects.get(user__username="councillor")
    PostHolding.objects.create(
        post=Post.objects.get(title="Cabinet Member for Children's Wellbeing"), person=councillor
    )
    response = dashboard(client, "councillor")
    assert response.context["councillor"] is not None
    assert response.context["owner"] is not None
    public = dashboard(client, None).context
    assert (public["officer"], public["owner"], public["councillor"]) == (None, None, None)


# -- due soon, one rule -----------------------------------------------------------------


@on_the_day
def test_due_soon_is_one_setting_for_the_dashboard_and_the_reminders(client, demo, settings):
    settings.TRACKER_DUE_SOON_DAYS = 7
    in_five = owned_by_owner(original_due_date=dt.date(2019, 2, 18), inquiry="Five")
    in_ten = owned_by_owner(original_due_date=dt.date(2019, 2, 23), inquiry="Ten")
    owner = dashboard(client, "owner").context["owner"]
    assert in_five in owner.due_soon and in_ten in owner.later
    response = dashboard(client, "officer")
    assert response.context["soon_days"] == 7
    counted = response.context["counts"]["due_soon"]
    settings.TRACKER_DUE_SOON_DAYS = 14
    assert dashboard(client, "officer").context["counts"]["due_soon"] == counted + 1
    settings.TRACKER_DUE_SOON_DAYS = 7
    planned = sweep(as_of=TODAY, dry_run=True).planned_reminders
    due_soon = {p.item.pk for p in planned if p.kind == Reminder.Kind.DUE_SOON}
    assert in_five.pk in due_soon and in_ten.pk not in due_soon


# -- a second update --------------------------------------------------------------------


@on_the_day
def test_an_owner_with_an_update_waiting_is_told_so_and_cannot_send_another(client, demo):
    item = owned_by_owner(original_due_date=dt.date(2019, 3, 1))
    first = owner_update_submit(
        item=item, by_user=user("owner"), progress_note="The panel met on 4 February."
    )
    url = reverse("recommendation_update", kwargs={"pk": item.pk})
    client.force_login(user("owner"))
    page = client.get(url).content.decode()
    assert "already waiting for the scrutiny officer" in page
    assert "The panel met on 4 February." in page
    assert "Send update</button>" not in page  # no second form
    history = OwnerUpdate.history.count()

    refused = client.post(url, {"progress_note": "A second go."})
    assert refused.status_code == 200
    content = refused.content.decode()
    assert "There is a problem" in content and "Your second update was not sent." in content
    assert list(OwnerUpdate.objects.filter(recommendation=item)) == [first]
    assert OwnerUpdate.history.count() == history


# -- what each dashboard costs ----------------------------------------------------------


def grow(size: int) -> None:
    """More of everything each dashboard lists: items to chase (overdue, sent back, owned
    by a post nobody holds), owned items, updates waiting, agenda items."""
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    vacant = PostFactory()
    inquiry = InquiryFactory(committee=committee())
    meeting = Meeting.objects.ordinary().filter(committee=committee(), date__gte=TODAY).first()
    for n in range(size):
        mine = RecommendationFactory(inquiry=inquiry, owner_post=post,
                                     original_due_date=dt.date(2019, 1, 1 + n))  # fmt: skip
        RecommendationFactory(inquiry=inquiry, owner_post=vacant, original_due_date=None)
        # Due with the recommendations, so the items to chase shown hold both kinds.
        request = InformationRequestFactory(meeting=meeting, owner_post=post,
                                            due_date=dt.date(2019, 1, 1 + n))  # fmt: skip
        (sent_back if n % 2 else _waiting)(mine if n % 3 else request, "Try again.")
        AgendaItemFactory(meeting=meeting, number=100 + n, title=f"Item {n}")


def _waiting(item, reason: str) -> None:
    owner_update_submit(item=item, by_user=user("owner"), progress_note="Sent.")


def queries(client, username: str | None) -> list[str]:
    if username:
        client.force_login(user(username))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


# Every request runs in a transaction (ATOMIC_REQUESTS): SAVEPOINT and RELEASE are two of
# the queries counted. Signed-in pages add the session, the user with their person, their
# groups, their memberships and the posts they hold (for the requests they may see).
# Everyone's counts are six: outstanding, overdue and due soon, of each kind. Every page
# reads the council's settings once, for the header's name (committees.context_processors).
DASHBOARD_QUERIES = {
    # savepoint, the counts, the council's settings, release
    None: 9,
    # savepoint, session, user with person, groups, committees supported, memberships,
    # posts held; the counts; to chase: the ten due soonest (one UNION of keys), their
    # recommendations and requests (each with its latest update; a kind with none among
    # the ten is not read), posts' holders, and how many there are (one UNION); updates
    # waiting (their first page, their count); emails to check (first page, count); next
    # meetings: meetings ahead, matters arising's meetings, the dates of the open
    # recommendations and requests, then those coming to the next meetings in full, the
    # committees; what they own: recommendations, requests; release
    "officer": 33,
    # savepoint, session, user with person, groups, memberships, posts held; the counts;
    # what they own: recommendations, requests (each with its latest update); release
    "owner": 16,
    # savepoint, session, user with person, groups, memberships, posts held; the counts;
    # what they own: recommendations, requests; their committees: meetings ahead, their
    # agenda items, the committees, open requests, inquiries with their counts; release
    "councillor": 21,
}


@on_the_day
@pytest.mark.parametrize("username", list(DASHBOARD_QUERIES))
def test_each_dashboard_costs_the_same_whatever_its_length(client, demo, username):
    small = queries(client, username)
    grow(12)
    large = queries(client, username)
    assert len(small) == len(large) == DASHBOARD_QUERIES[username], "\n".join(large)
