"""What users rely on from the pages: lists, exports, the update-and-review cycle, and
that exempt content never reaches anyone not entitled to it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import AgendaItem, Meeting, Post
from tests.factories import InformationRequestFactory, RecommendationFactory
from tracker.models import (
    AssessmentCategory,
    InformationRequest,
    Inquiry,
    OwnerUpdate,
    Recommendation,
)

pytestmark = pytest.mark.django_db
EXEMPT_CANARY = "Exempt canary 7Q: the confidential annex"
JANUARY = dt.date(2019, 1, 16)


def sign_in(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def exempt_request(demo):
    meeting = Meeting.objects.get(date=JANUARY)
    return InformationRequest.objects.create(
        meeting=meeting,
        agenda_item=AgendaItem.objects.get(meeting=meeting, number=12),
        text=EXEMPT_CANARY,
        owner_post=Post.objects.get(title="Assistant Director, Early Help"),
    )


def more_items(count: int) -> None:
    """Grow the record: recommendations of a new inquiry and requests of a meeting."""
    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    meeting = Meeting.objects.get(date=JANUARY)
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    for n in range(count):
        RecommendationFactory(inquiry=inquiry, code=f"R{20 + n:02d}", owner_post=post)
        InformationRequestFactory(meeting=meeting, owner_post=post, text=f"More figures {n}")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# -- fixed query counts -----------------------------------------------------------------

# Every request runs in a transaction (ATOMIC_REQUESTS): SAVEPOINT and RELEASE are two of
# the queries counted in tests. Signed-in pages add the session, and the user with their
# person in the committee's record (one query). Every page reads the council's settings
# once, for the header's name.
LIST_PAGES = [
    # savepoint, committees (just one? then its lists are offered), filter choices
    # (inquiries, meetings, posts, committees, assessments), the lean count, the page of
    # rows (one UNION each), release
    ("outstanding", "public", 11),
    # the same, plus session, user with person, the user's groups, memberships and posts held
    ("outstanding", "councillor", 16),
    # session, user with person, posts held, the count of their items (one UNION), the
    # page of rows (one UNION), the latest updates of the page's rows; their own items: no
    # other rule to read; a read: no transaction
    ("my_items", "owner", 7),
    # savepoint, committees (just one?), the filter form's choices it checks the filters
    # against (inquiries, meetings, posts), the count (one UNION) it checks against the
    # limit, inquiries, their outstanding recommendations, their rounds, requests, release
    ("outstanding_print", "public", 12),
    # savepoint, session, user with person, groups, committees supported, updates, release
    ("updates_pending", "officer", 8),
]


@pytest.mark.parametrize(("name", "username", "expected"), LIST_PAGES)
def test_a_list_page_costs_the_same_whatever_its_length(client, demo, name, username, expected):
    if username != "public":
        sign_in(client, username)
    url = reverse(name)
    before = queries_for(client, url)
    more_items(30)  # two pages of my items and of the outstanding list
    assert queries_for(client, url) == before == expected
    assert queries_for(client, url + "?page=2") == expected


@pytest.mark.parametrize("name", ["committee_detail", "meeting_detail", "inquiry_detail"])
def test_record_pages_cost_the_same_whatever_their_length(client, demo, name):
    kwargs = {
        "committee_detail": lambda: {"slug": "childrens-social-care"},
        "meeting_detail": lambda: {"pk": Meeting.objects.get(date=JANUARY).pk},
        "inquiry_detail": lambda: {"pk": Inquiry.objects.get(title="Corporate Parenting").pk},
    }[name]()
    url = reverse(name, kwargs=kwargs)
    before = queries_for(client, url)
    more_items(30)
    assert queries_for(client, url) == before


# -- the outstanding list ---------------------------------------------------------------


def test_it_filters_by_overdue_kind_text_and_due_range(client, demo):
    url = reverse("outstanding")
    everything = client.get(url).context["table"].paginator.count
    # 6 recommendations and 16 requests are open in the record: the 7 asked for in
    # resolutions and the 9 undertakings and requests taken from the discussion. The
    # public reads 15 of the requests: the call-in meeting of 17 December 2018 has no
    # notes published.
    assert everything == 21
    recommendations = client.get(url, {"kind": "recommendation"}).context["table"]
    assert recommendations.paginator.count == 6
    found = client.get(url, {"q": "Gypsy Roma"}).context["table"]
    assert [row.record["row_text"] for row in found.page.object_list] == [
        "Breakdown of ethnicity (including Gypsy Roma Traveller)."
    ]
    in_range = client.get(
        url,
        {"due_from_0": "1", "due_from_1": "1", "due_from_2": "2018",
         "due_to_0": "31", "due_to_1": "5", "due_to_2": "2018"},
    ).context["table"]  # fmt: skip
    assert sorted(row.record["row_reference"] for row in in_range.page.object_list) == [
        "R02",
        "R03",
        "R06",
    ]


def test_a_reversed_due_range_is_an_error_that_filters_nothing(client, demo):
    response = client.get(
        reverse("outstanding"),
        {"due_from_0": "1", "due_from_1": "6", "due_from_2": "2018",
         "due_to_0": "1", "due_to_1": "1", "due_to_2": "2018"},
    )  # fmt: skip
    assert "The end of the range must be on or after its start" in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1


def test_a_filter_error_keeps_the_valid_filters(client, demo):
    response = client.get(
        reverse("outstanding"),
        {"kind": "recommendation",
         "due_from_0": "1", "due_from_1": "6", "due_from_2": "2018",
         "due_to_0": "1", "due_to_1": "1", "due_to_2": "2018"},
    )  # fmt: skip
    assert response.context["table"].paginator.count == 6  # recommendations only


def test_an_item_with_no_due_date_says_no_date_is_set(client, demo):
    """The documents give the demo's requests no due date: every page says so in the same
    words, and never prints an empty date."""
    request = InformationRequest.objects.filter(due_date=None).select_related("meeting").first()
    page = client.get(request.get_absolute_url()).content.decode()
    assert "No date set" in page
    meeting = client.get(request.meeting.get_absolute_url()).content.decode()
    assert "no date set" in meeting and "due )" not in meeting and "due :" not in meeting
    listing = client.get(reverse("outstanding"), {"kind": "request"}).content.decode()
    assert "No date set" in listing


def test_the_navigation_marks_the_page_and_its_section(client, demo):
    """aria-current="page" on the page's own item, "true" on the section a page is below."""
    listing = client.get(reverse("committee_list")).content.decode()
    assert 'href="/committees/" aria-current="page"' in listing
    assert 'href="/" aria-current' not in listing
    committee = client.get(reverse("committee_list") + "childrens-social-care/").content.decode()
    assert 'href="/committees/" aria-current="true"' in committee
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert 'href="/" aria-current="page"' in dashboard
    assert dashboard.count("aria-current") == 1
    assert 'href="/sign-in/?next=/"' in dashboard


class _Links(HTMLParser):
    """Each link to a recommendation or request: (href, the text a screen reader reads)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith(("/recommendations/", "/requests/")):
            self._href, self._text = href, []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


@pytest.mark.parametrize("username", [None, "officer"])
def test_each_items_link_says_which_item_it_is(client, demo, username):
    """Two recommendations coded R02 (of two inquiries), or two requests of one meeting,
    never share a link's words: a screen reader's list of links tells them apart."""
    if username:
        sign_in(client, username)
    parser = _Links()
    parser.feed(client.get("/outstanding/?per_page=100").content.decode())
    texts: dict[str, set[str]] = {}
    for href, text in parser.links:
        texts.setdefault(text, set()).add(href)
    assert parser.links
    assert {text: hrefs for text, hrefs in texts.items() if len(hrefs) > 1} == {}
    assert not any(text == "Requested" for _href, text in parser.links)


def test_the_csv_export_has_every_filtered_row_not_just_the_page(client, demo):
    more_items(30)  # 81 rows the public reads: four pages
    response = client.get(reverse("outstanding"), {"export": "csv", "kind": "request"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kind", "Committee", "Inquiry or meeting"]
    # Every open request but the one of 17 December 2018, a meeting with no notes published.
    assert len(rows) - 1 == InformationRequest.objects.outstanding().count() - 1 == 45


def test_exports_defuse_spreadsheet_formulae(client, demo):
    InformationRequestFactory(
        meeting=Meeting.objects.get(date=JANUARY), text='=HYPERLINK("http://x","click")'
    )
    response = client.get(reverse("outstanding"), {"export": "csv", "q": "HYPERLINK"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in content
    response = client.get(reverse("outstanding"), {"export": "xlsx", "q": "HYPERLINK"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    texts = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts == ['\'=HYPERLINK("http://x","click")']


def test_the_print_view_reproduces_the_outstanding_tracking_table(client, demo):
    page = client.get(reverse("outstanding_print")).content.decode()
    assert "Outstanding Tracking" in page
    assert "Children Missing from Home and Care" in page
    assert "R02 – The menu of involvement" in page
    assert "R07 – The text of this recommendation is not yet known." in page
    assert "R01 –" not in page  # achieved: no longer outstanding
    assert "Update received 18 October 2017" in page


def test_the_print_view_follows_the_lists_filters(client, demo):
    """The list's "Print view" link carries its filters, and the print shows what they leave."""
    request = InformationRequestFactory(
        meeting=Meeting.objects.get(date=JANUARY), text="Figures on placement stability"
    )
    listing = client.get(reverse("outstanding"), {"q": "placement stability"}).content.decode()
    assert f"{reverse('outstanding_print')}?q=placement+stability" in listing
    page = client.get(reverse("outstanding_print"), {"q": "placement stability"}).content
    page = page.decode()
    assert request.text in page and "filters: search" in page
    assert "Children Missing from Home and Care" not in page  # no recommendation matches
    assert "No inquiry has outstanding recommendations." in page

    page = client.get(reverse("outstanding_print"), {"kind": "recommendation"}).content.decode()
    assert "R02 – The menu of involvement" in page and request.text not in page
    assert client.get(reverse("outstanding_print"), {"committee": "none"}).status_code == 404


def test_a_list_too_long_to_print_or_download_as_excel_says_so_and_how_to_narrow_it(
    client, demo, settings
):
    """The print view and the Excel download draw every item in Python, so each holds at
    most a set number. Over it, the page says how many items there are, what the limit is
    and what to do; narrowing the list with its filters brings it back within the limit.
    The CSV, written by the database, has no limit."""
    listing = client.get(reverse("outstanding")).content.decode()
    total = int(re.search(r"(\d+) items? match", listing)[1])
    recommendations = int(
        re.search(
            r"(\d+) items? match",
            client.get(reverse("outstanding"), {"kind": "recommendation"}).content.decode(),
        )[1]
    )
    assert 0 < recommendations < total
    settings.TRACKER_XLSX_MAX_ITEMS = settings.TRACKER_PRINT_MAX_ITEMS = total - 1

    refused = client.get(reverse("outstanding"), {"export": "xlsx", "sort": "due_date"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("outstanding") + "?sort=due_date"  # as it was
    page = client.get(refused["Location"]).content.decode()
    assert (
        f"An Excel download holds at most {total - 1:,} items, and this list has {total:,}. "
        "Narrow it with the filters, or download it as CSV, which has no limit."
    ) in page
    assert "export=xlsx" not in page
    assert "Excel (XLSX) downloads hold at most" in page and "export=csv" in page
    csv_lines = client.get(reverse("outstanding"), {"export": "csv"}).getvalue()
    assert len(list(csv.reader(io.StringIO(csv_lines.decode("utf-8-sig"))))) == total + 1
    narrowed = client.get(reverse("outstanding"), {"export": "xlsx", "kind": "recommendation"})
    assert narrowed["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(narrowed.getvalue())).active.max_row == recommendations + 1

    printed = client.get(reverse("outstanding_print")).content.decode()
    assert (
        f"The printed table holds at most {total - 1:,} items, and this list has {total:,}. "
        "Choose a committee, or narrow the list with its filters."
    ) in printed
    assert "Outstanding Recommendations" not in printed  # no table drawn
    printed = client.get(reverse("outstanding_print"), {"kind": "recommendation"}).content
    assert "R02 – The menu of involvement" in printed.decode()


# -- exempt content ---------------------------------------------------------------------


@pytest.mark.parametrize("username", ["public", "other_councillor"])
def test_exempt_content_reaches_no_one_not_entitled(client, demo, exempt_request, username):
    if username == "other_councillor":
        outsider = get_user_model().objects.create_user("other_councillor")
        client.force_login(outsider)
    meeting = exempt_request.meeting
    secret_notes = "Councillor Alex Yip queried"
    secret_resolution = "The action notes for the private part"
    pages = [
        reverse("meeting_detail", kwargs={"pk": meeting.pk}),
        reverse("outstanding"),
        reverse("outstanding") + "?q=canary",
        reverse("outstanding_print"),
        reverse("committee_detail", kwargs={"slug": meeting.committee.slug}),
        reverse("dashboard"),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        for secret in (EXEMPT_CANARY, secret_notes, secret_resolution):
            assert secret not in content, (url, secret)
    meeting_page = client.get(pages[0]).content.decode()
    assert "Taken in private under paragraph 3 of Schedule 12A" in meeting_page
    csv_export = client.get(reverse("outstanding"), {"export": "csv"})
    assert EXEMPT_CANARY not in b"".join(csv_export.streaming_content).decode("utf-8-sig")
    detail = client.get(reverse("request_detail", kwargs={"pk": exempt_request.pk}))
    assert detail.status_code == 404
    assert EXEMPT_CANARY not in detail.content.decode()


def test_a_member_of_the_committee_sees_its_exempt_business(client, demo, exempt_request):
    sign_in(client, "councillor")
    meeting_page = client.get(reverse("meeting_detail", kwargs={"pk": exempt_request.meeting_id}))
    assert "Councillor Alex Yip queried" in meeting_page.content.decode()
    assert EXEMPT_CANARY in meeting_page.content.decode()
    outstanding = client.get(reverse("outstanding"), {"q": "canary"})
    assert outstanding.context["table"].paginator.count == 1


# -- the update-and-review cycle ----------------------------------------------------------


def test_an_owner_update_is_a_proposal_until_the_officer_accepts_it(
    client, owner_holds_r02_and_r06_post
):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    achieved = AssessmentCategory.objects.get(scale__slug="birmingham", label="Achieved")
    sign_in(client, "owner")
    response = client.post(
        reverse("recommendation_update", kwargs={"pk": recommendation.pk}),
        {
            "progress_note": "The handbook was published in March 2019.",
            "evidence_link": "https://www.birmingham.gov.uk/handbook",
            "proposed_assessment": achieved.pk,
        },
    )
    assert response.status_code == 302
    update = OwnerUpdate.objects.get()
    assert update.status == OwnerUpdate.Status.PENDING
    recommendation.refresh_from_db()
    assert recommendation.tracking_rounds.count() == 1  # nothing changed yet
    assert recommendation.current_assessment.label == "In progress"

    sign_in(client, "officer")
    review = reverse("update_review", kwargs={"pk": update.pk})
    refused = client.post(review, {"decision": "return", "note": ""})
    assert "Say why the update is sent back" in refused.content.decode()
    assert OwnerUpdate.objects.get().status == OwnerUpdate.Status.PENDING
    client.post(review, {"decision": "accept", "note": ""})

    latest = recommendation.tracking_rounds.last()
    assert latest.executive_assessment == achieved
    assert "handbook was published" in latest.executive_evidence
    assert latest.committee_assessment is None  # the committee decides at a meeting
    recommendation.refresh_from_db()
    assert recommendation.is_outstanding
    assert latest.history.first().history_user.username == "officer"

    march = Meeting.objects.get(date=dt.date(2019, 3, 13))
    client.post(
        reverse("recommendation_assess", kwargs={"pk": recommendation.pk}),
        {"assessment": achieved.pk, "meeting": march.pk},
    )
    recommendation.refresh_from_db()
    assert not recommendation.is_outstanding
    assert recommendation.tracking_rounds.last().decided_at == march
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Committee&#x27;s assessment at its meeting of 13 March 2019" in page


def test_an_owner_cannot_send_a_second_update_while_one_waits(client, owner_holds_r02_and_r06_post):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R02")
    url = reverse("recommendation_update", kwargs={"pk": recommendation.pk})
    sign_in(client, "owner")
    client.post(url, {"progress_note": "First."})
    response = client.post(url, {"progress_note": "Second."})
    assert "already waiting for the scrutiny officer" in response.content.decode()
    assert list(OwnerUpdate.objects.values_list("progress_note", flat=True)) == ["First."]
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Send an update</a>" not in page


def test_information_provided_closes_the_request_once_accepted(client, demo):
    request = InformationRequest.objects.get(text__startswith="Breakdown of ethnicity")
    roberts = get_user_model().objects.create_user("roberts")
    from committees.models import Person

    Person.objects.filter(name="Dawn Roberts").update(user=roberts)
    client.force_login(roberts)
    client.post(
        reverse("request_update", kwargs={"pk": request.pk}),
        {
            "progress_note": "Breakdown sent.",
            "provided_on_0": "20", "provided_on_1": "2", "provided_on_2": "2019",
            "provided_how": "Circulated to Members by email",
        },
    )  # fmt: skip
    sign_in(client, "officer")
    client.post(
        reverse("update_review", kwargs={"pk": OwnerUpdate.objects.get().pk}),
        {"decision": "accept"},
    )
    request.refresh_from_db()
    assert request.status == InformationRequest.Status.PROVIDED
    assert request.provided_on == dt.date(2019, 2, 20)
    assert request.provided_how == "Circulated to Members by email"


def test_a_second_review_of_the_same_update_is_refused(client, demo):
    from tracker.items.services import owner_update_accept, owner_update_submit

    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R03")
    officer = get_user_model().objects.get(username="officer")
    update = owner_update_submit(item=recommendation, by_user=officer, progress_note="Done.")
    owner_update_accept(update=update, by_user=officer)
    stale = OwnerUpdate.objects.get(pk=update.pk)
    stale.status = OwnerUpdate.Status.PENDING  # what a second officer's page still shows
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already reviewed"):
        owner_update_accept(update=stale, by_user=officer)
    assert recommendation.tracking_rounds.count() == 2  # one round added, not two


def test_an_officer_revises_a_due_date_with_its_reason(client, demo):
    recommendation = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R03")
    url = reverse("recommendation_revise", kwargs={"pk": recommendation.pk})
    sign_in(client, "officer")
    refused = client.post(url, {"new_date_0": "31", "new_date_1": "3", "new_date_2": "2019"})
    assert "Say why the due date changed" in refused.content.decode()
    client.post(
        url,
        {"new_date_0": "31", "new_date_1": "3", "new_date_2": "2019",
         "reason": "Training to follow the May 2019 elections",
         "decided_on_0": "13", "decided_on_1": "2", "decided_on_2": "2019"},
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.due_date == dt.date(2019, 3, 31)
    assert recommendation.original_due_date == dt.date(2018, 5, 31)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Training to follow the May 2019 elections" in page


def test_my_items_pages_through_everything_overdue_first(client, owner_holds_r02_and_r06_post):
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    inquiry = Inquiry.objects.get(title="Corporate Parenting")
    future = dt.date.today() + dt.timedelta(days=365)
    for n in range(30):
        RecommendationFactory(
            inquiry=inquiry, code=f"R{40 + n:02d}", owner_post=post, original_due_date=future
        )
    sign_in(client, "owner")
    first = client.get(reverse("my_items")).context["page"]
    second = client.get(reverse("my_items"), {"page": 2}).context["page"]
    rows = first.object_list + second.object_list
    # R02, R06, the three undertakings of 8 January 2019 and the 30 new ones.
    assert len(first.object_list) == 25 and len(rows) == 35
    assert [r["row_reference"] for r in rows[:2]] == ["R06", "R02"]  # overdue, oldest first
    assert not any(r["row_overdue"] for r in rows[2:])


def test_my_items_shows_each_row_escaped_with_its_state(client, owner_holds_r02_and_r06_post):
    """The rows of My items are written by its template: what an owner typed is shown
    as text, never as markup, and each row says whether it is overdue and
    whether an update already waits for review."""
    post = Post.objects.get(title="Cabinet Member for Children's Wellbeing")
    meeting = Meeting.objects.get(date=JANUARY)
    typed = '<script>alert("owner")</script> & <b>bold</b>'
    waiting = InformationRequestFactory(
        meeting=meeting, owner_post=post, text=typed, due_date=dt.date(2019, 2, 1)
    )
    OwnerUpdate.objects.create(
        request=waiting, submitted_by=get_user_model().objects.get(username="owner"),
        progress_note="Figures attached",
    )  # fmt: skip
    sign_in(client, "owner")
    page = client.get(reverse("my_items")).content.decode()
    assert typed not in page and "<b>bold" not in page
    assert (
        "&lt;script&gt;alert(&quot;owner&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        in page
    )
    row = next(part for part in page.split("<tr") if "alert" in part)
    assert f'href="/requests/{waiting.pk}/"' in row
    assert "Requested at the meeting of 16 January 2019" in row and "1 February 2019" in row
    assert "Overdue" in row and "Update waiting for review" in row and "Send an update" not in row
    others = [part for part in page.split("<tr") if "/recommendations/" in part]
    assert others and all("Send an update" in part for part in others)
