"""The benchmark: synthetic data of a chosen size, and the pages, sweep, export and history
measured against floors the benchmark writes itself, on the configured database.

Everything runs inside one transaction that is rolled back at the end, so a benchmark
leaves the database as it found it.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.mail.backends.base import BaseEmailBackend
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from committees.models import (
    ActionNotes,
    AgendaItem,
    Committee,
    Meeting,
    Membership,
    Person,
    Post,
    PostHolding,
    Resolution,
    SupportOfficer,
)
from tracker.access import Access
from tracker.items.services import save_with_history
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    InformationRequest,
    Inquiry,
    KpiReport,
    KpiSet,
    Recommendation,
    due_soon_days,
)
from tracker.outstanding.exports import csv_lines_query
from tracker.outstanding.selectors import OutstandingFilters, OutstandingList, my_items
from tracker.reminders.sweep import sweep
from tracker.roles import ROLE_OFFICERS

# The generated dates span five years around the day the benchmark runs, which falls 60%
# of the way through them. The pages read the clock and the floors are given that day, so
# both see the same items overdue, with no clock to move.
SPAN_DAYS = 5 * 365
DAYS_BEFORE_TODAY = 3 * 365
PAGE_SIZE = 25
LIST_URL = "/outstanding/?overdue=on&sort=-due_date"
STATISTICS_URL = "/impact/"


@dataclass
class BenchResult:
    items: int
    database: str
    generation_s: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"items": self.items, "database": self.database, **self.figures,
                "generation_s": round(self.generation_s, 2)}  # fmt: skip


def _median_ms(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


class _Data:
    """Synthetic committees, people, posts, recommendations and requests, bulk inserted."""

    def __init__(self, items: int, today: dt.date, seed: int = 2019) -> None:
        self.items = items
        self.today = today
        self.first_day = today - dt.timedelta(days=DAYS_BEFORE_TODAY)
        self.random = random.Random(seed)

    def day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.random.randrange(SPAN_DAYS))

    def build(self) -> None:
        rnd = self.random
        n_recommendations = max(10, self.items * 3 // 10)
        n_requests = max(10, self.items - n_recommendations)
        n_committees = max(2, self.items // 5000)
        # No history for the synthetic setting (committees, people, posts, meetings,
        # inquiries): all of it is rolled back with the transaction run() opens.
        committees = Committee.objects.bulk_create(
            Committee(name=f"Bench committee {i}", slug=f"bench-{i}") for i in range(n_committees)
        )
        people = Person.objects.bulk_create(  # rolled back: no history needed
            Person(name=f"Bench person {i}", email=f"bench{i}@example.org")
            for i in range(max(50, self.items // 100))
        )
        posts = Post.objects.bulk_create(  # rolled back: no history needed
            Post(title=f"Bench post {i}") for i in range(max(20, self.items // 500))
        )
        PostHolding.objects.bulk_create(  # rolled back: no history needed
            PostHolding(post=post, person=people[i % len(people)]) for i, post in enumerate(posts)
        )
        # Holds post 0 (and every len(people)-th post), and is asked for some requests.
        self.owner_person = people[0]
        meetings = Meeting.objects.bulk_create(  # rolled back: no history needed
            # One meeting a day per committee, so no two share a slot.
            Meeting(
                committee=committees[i % n_committees],
                date=self.first_day + dt.timedelta(days=i // n_committees),
            )  # fmt: skip
            for i in range(max(10, n_requests // 3))
        )
        # The public reads a meeting's requests once the public part of its notes is
        # published (Access.visible_requests): as on a live record, every meeting's are.
        published_at = timezone.make_aware(dt.datetime.combine(self.first_day, dt.time(9)))
        ActionNotes.objects.bulk_create(  # rolled back: no history needed
            ActionNotes(meeting=meeting, part=ActionNotes.Part.PUBLIC, published_at=published_at)
            for meeting in meetings
        )
        scale = AssessmentScale.objects.get(slug="birmingham")
        categories = list(AssessmentCategory.objects.filter(scale=scale))
        ended = [c for c in categories if c.ends_tracking]
        open_ = [c for c in categories if not c.ends_tracking]
        inquiries = Inquiry.objects.bulk_create(  # rolled back: no history needed
            Inquiry(
                committee=committees[i % n_committees],
                title=f"Bench inquiry {i}",
                reported_to_council_on=self.day(),
                assessment_scale=scale,
            )  # fmt: skip
            for i in range(-(-n_recommendations // 7))  # seven recommendations an inquiry
        )
        recommendations = []
        for i in range(n_recommendations):
            due = self.day()
            achieved = rnd.random() < 0.7
            assessment = rnd.choice(ended if achieved else open_)
            ended_on = due + dt.timedelta(days=rnd.randrange(-60, 120)) if achieved else None
            recommendations.append(
                Recommendation(
                    inquiry=inquiries[i // 7],
                    code=f"R{i % 7 + 1:02d}",
                    text=f"Bench recommendation {i}: a plan is agreed and reported to committee.",
                    responsibility="Bench post",
                    owner_post=posts[rnd.randrange(len(posts))],
                    original_due_date=due,
                    due_date=due,
                    current_assessment=assessment,
                    tracking_ended_on=ended_on,
                    achieved_on=ended_on if assessment.counts_as_achieved else None,
                )
            )
        # The benchmark writes in bulk, history included (this is its allowed use).
        bulk_create_with_history(recommendations, Recommendation, batch_size=5000)
        requests = []
        for i in range(n_requests):
            meeting = meetings[i % len(meetings)]
            provided = rnd.random() < 0.6
            due = meeting.date + dt.timedelta(days=rnd.randrange(14, 90))
            # Half the requests are asked of a named officer, half of a post: so every
            # person in the record has something to be reminded of (one in a hundred items).
            named = rnd.random() < 0.5
            requests.append(
                InformationRequest(
                    meeting=meeting,
                    text=f"Bench request {i}: a breakdown of the figures by district.",
                    owner_post=None if named else posts[rnd.randrange(len(posts))],
                    owner_person=people[rnd.randrange(len(people))] if named else None,
                    due_date=due,
                    status="provided" if provided else "open",
                    provided_on=due if provided else None,
                )
            )
        bulk_create_with_history(requests, InformationRequest, batch_size=5000)  # history too
        self.recommendation_ids = [r.pk for r in recommendations[:200]]
        _analyze()  # fresh statistics, as a live database would have


def _analyze() -> None:
    """Fresh statistics for the app's tables. Named, so that PostgreSQL leaves the shared
    catalogs alone: a bare ANALYZE locks them until the benchmark's transaction ends, and
    another benchmark's ANALYZE, in another database of the same server, would wait."""
    sql = "ANALYZE"  # SQLite's takes one name at most, and has no shared catalogs
    if connection.vendor == "postgresql":
        names = connection.introspection.django_table_names(only_existing=True)
        sql += " " + ", ".join(connection.ops.quote_name(name) for name in names)
    # ANALYZE changes no row, so there is no history to write.
    with connection.cursor() as cursor:
        cursor.execute(sql)


# The public reads what was recorded at a meeting, its requests included, once the public
# part of its notes is published (`Access.visible_requests`, `visible_item_records`); an
# owner reads their requests from the start ("My items").
PUBLISHED = (
    "EXISTS (SELECT 1 FROM committees_actionnotes n WHERE n.meeting_id = {}"
    " AND n.part = 'public' AND n.published_at IS NOT NULL)"
)
PUBLIC_REQUEST = "\n     AND " + PUBLISHED.format("q.meeting_id")
FLOOR_COUNT = (
    """
SELECT COUNT(*) FROM (
  SELECT r.id FROM tracker_recommendation r
   WHERE r.tracking_ended_on IS NULL AND r.due_date < %s
  UNION ALL
  SELECT q.id FROM tracker_informationrequest q
   LEFT JOIN committees_agendaitem a ON a.id = q.agenda_item_id
   WHERE q.status = 'open' AND q.due_date < %s AND (a.id IS NULL OR NOT a.is_exempt)"""
    + PUBLIC_REQUEST
    + """
) rows
"""
)
FLOOR_PAGE = (
    """
SELECT * FROM (
  SELECT 'recommendation' AS kind, r.id, c.name, i.title, r.code, r.text, p.title AS owner,
         r.due_date, cat.label
    FROM tracker_recommendation r
    JOIN tracker_inquiry i ON i.id = r.inquiry_id
    JOIN committees_committee c ON c.id = i.committee_id
    LEFT JOIN committees_post p ON p.id = r.owner_post_id
    LEFT JOIN tracker_assessmentcategory cat ON cat.id = r.current_assessment_id
   WHERE r.tracking_ended_on IS NULL AND r.due_date < %s
  UNION ALL
  SELECT 'request', q.id, c.name, '', '', q.text, p.title, q.due_date, ''
    FROM tracker_informationrequest q
    JOIN committees_meeting m ON m.id = q.meeting_id
    JOIN committees_committee c ON c.id = m.committee_id
    LEFT JOIN committees_post p ON p.id = q.owner_post_id
    LEFT JOIN committees_agendaitem a ON a.id = q.agenda_item_id
   WHERE q.status = 'open' AND q.due_date < %s AND (a.id IS NULL OR NOT a.is_exempt)"""
    + PUBLIC_REQUEST
    + """
) rows ORDER BY due_date DESC, kind, id LIMIT 25 OFFSET %s
"""
)
# The export's floor: every row of the list's floor, read through a plain cursor.
FLOOR_EXPORT = FLOOR_PAGE.replace("LIMIT 25 OFFSET %s", "")


# The impact statistics by hand: each kind's figures in one scan, the breakdowns grouped,
# the medians read from the middle of a sort (tracker.impact.statistics, for the public).
REC_FROM = """
  FROM tracker_recommendation r
  JOIN tracker_inquiry i ON i.id = r.inquiry_id
  LEFT JOIN tracker_assessmentcategory c ON c.id = r.current_assessment_id
"""
REC_ACHIEVED = "(c.counts_as_achieved AND r.withdrawn_on IS NULL)"
REC_SUMS = (
    """
  COUNT(*),
  SUM(CASE WHEN r.response = 'accepted' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response = 'accepted_in_part' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response = 'rejected' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response = '' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response <> '' AND r.response_on <= i.executive_response_due_on
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response <> '' AND r.response_on > i.executive_response_due_on
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.response = '' AND i.executive_response_due_on < %s THEN 1 ELSE 0 END),
  SUM(CASE WHEN ACHIEVED AND (r.due_date IS NULL OR r.tracking_ended_on <= r.due_date)
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN ACHIEVED AND r.tracking_ended_on > r.due_date THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.tracking_ended_on IS NOT NULL AND r.withdrawn_on IS NULL
      AND NOT COALESCE(c.counts_as_achieved, FALSE) THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.withdrawn_on IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.tracking_ended_on IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.tracking_ended_on IS NULL AND r.due_date < %s
      AND (r.delivered_on IS NULL OR r.delivered_on > %s) THEN 1 ELSE 0 END)
"""
).replace("ACHIEVED", REC_ACHIEVED)
REQ_FROM = """
  FROM tracker_informationrequest q
  JOIN committees_meeting m ON m.id = q.meeting_id
  LEFT JOIN committees_agendaitem a ON a.id = q.agenda_item_id
 WHERE (a.id IS NULL OR NOT a.is_exempt)
"""
REQ_SUMS = """
  COUNT(*),
  SUM(CASE WHEN q.status = 'provided' THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'provided' AND q.provided_on <= q.due_date THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'provided' AND q.provided_on > q.due_date THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'provided' AND q.due_date IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'withdrawn' THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'open' THEN 1 ELSE 0 END),
  SUM(CASE WHEN q.status = 'open' AND q.due_date < %s THEN 1 ELSE 0 END)
"""
# (statement, how many times it takes today's date)
FLOOR_STATISTICS = [
    ("SELECT " + REC_SUMS + REC_FROM, 3),
    ("SELECT " + REQ_SUMS + REQ_FROM, 1),
    ("SELECT r.owner_post_id, r.owner_person_id, " + REC_SUMS + REC_FROM
     + " GROUP BY r.owner_post_id, r.owner_person_id ORDER BY 3 DESC LIMIT 50", 3),
    ("SELECT r.inquiry_id, " + REC_SUMS + REC_FROM
     + " GROUP BY r.inquiry_id ORDER BY 2 DESC LIMIT 50", 3),
    ("SELECT i.reported_to_council_on, " + REC_SUMS + REC_FROM
     + " GROUP BY i.reported_to_council_on", 3),
    ("SELECT q.owner_post_id, q.owner_person_id, " + REQ_SUMS + REQ_FROM
     + " GROUP BY q.owner_post_id, q.owner_person_id ORDER BY 3 DESC LIMIT 50", 1),
    ("SELECT m.date, " + REQ_SUMS + REQ_FROM + " GROUP BY m.date", 1),
    ("SELECT r.tracking_ended_on - i.reported_to_council_on AS d " + REC_FROM
     + " WHERE " + REC_ACHIEVED + " AND i.reported_to_council_on IS NOT NULL ORDER BY d"
     " LIMIT 2 OFFSET (SELECT COUNT(*) / 2 FROM tracker_recommendation)", 0),
]  # fmt: skip


def _floor_statistics(today: dt.date) -> None:
    """Run the statistics' hand-written floor, statement by statement."""
    for sql, dated in FLOOR_STATISTICS:
        _floor(None, sql, [], [today] * dated)


def _floor_my_items(person: int) -> tuple[str, str, list]:
    """The count and page of "My items" by hand, and their owner parameters: owned by the
    person or by a post they hold. The posts are read here, before any timing, and given
    as a literal list (as the app gives them), so that both owner indexes can be used."""
    posts = list(PostHolding.objects.filter(person_id=person).values_list("post_id", flat=True))
    held = ", ".join(["%s"] * len(posts)) or "NULL"
    mine = "({t}.owner_person_id = %s OR {t}.owner_post_id IN (" + held + "))"
    count = (
        FLOOR_COUNT.replace(PUBLIC_REQUEST, "")
        .replace("r.due_date < %s", mine.format(t="r"))
        .replace("q.due_date < %s", mine.format(t="q"))
    )
    page = (
        FLOOR_PAGE.replace(PUBLIC_REQUEST, "")
        .replace("r.due_date < %s", mine.format(t="r"))
        .replace("q.due_date < %s", mine.format(t="q"))
        .replace(
            "ORDER BY due_date DESC, kind, id", "ORDER BY due_date < %s DESC, due_date, kind, id"
        )
    )
    return count, page, [person, *posts] * 2  # for each kind


def _floor(sql_count: str | None, sql_page: str, params: list, page_params: list) -> int:
    """Run the hand-written count (if any) and page queries; how many rows the page had."""
    rows = 0
    # Read-only SQL (the hand-written floor): it changes nothing, so no history.
    with connection.cursor() as cursor:
        if sql_count:
            cursor.execute(sql_count, params)
            cursor.fetchone()
        cursor.execute(sql_page, page_params)
        while batch := cursor.fetchmany(2000):
            rows += len(batch)
    return rows


class CountingEmailBackend(BaseEmailBackend):
    """Builds each message as it would go to a mail server, then counts and drops it: the
    sweep pays for composing and encoding its emails, and the benchmark keeps none of them."""

    sent = 0

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message.message().as_bytes()
        CountingEmailBackend.sent += len(email_messages)
        return len(email_messages)


class _QueryCounter:
    """Counts the queries run inside it, keeping none of them (a sweep runs tens of
    thousands, more than Django's query log holds)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# The groups of figures `run` measures, each named by the prefix of its keys (the list's
# group also gives `deep_page_ms` and `admin_changelist_ms`). `only` names some of them.
GROUPS = (
    "list", "my_items", "statistics", "api", "search", "recording", "dashboard", "export",
    "sweep", "history", "kpi",
)  # fmt: skip


def run(
    *,
    items: int,
    repeat: int = 5,
    explain: bool = False,
    kpi_indicators: int = 200,
    kpi_years: int = 10,
    only: tuple[str, ...] = GROUPS,
) -> BenchResult:
    """Build the data, then measure the groups of figures in `only` (every one unless
    told), and the `explain` plans if asked."""
    unknown = set(only) - set(GROUPS)
    if unknown:
        raise ValueError(f"No such group of figures: {', '.join(sorted(unknown))}")
    result = BenchResult(items=items, database=connection.vendor)
    with (
        override_settings(
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="tracker.dev.bench.CountingEmailBackend",
            DEBUG=False,
        ),
        transaction.atomic(),
    ):
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        data = _Data(items, today=timezone.localdate())
        data.build()
        result.generation_s = time.perf_counter() - start
        result.figures = _measure(data, repeat, explain, only)
        if "kpi" in only:
            result.figures.update(_kpi_report(kpi_indicators, kpi_years, repeat))
        # What else the machine was doing: the 1-minute load average, before and after.
        result.figures["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        transaction.set_rollback(True)  # leave the database as it was
    return result


@dataclass
class _Clients:
    """The benchmark's readers: the public, an administrator, the owner of some items
    (the synthetic owner person) and a sign-in linked to no person."""

    public: Client
    admin: Client
    owner: Client
    unlinked: Client
    owner_user: Any


def _clients(data: _Data) -> _Clients:
    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", "bench-admin@example.org", None)
    owner = users.create_user("bench-owner")
    # The synthetic owner's login, rolled back with the rest: no history needed.
    Person.objects.filter(pk=data.owner_person.pk).update(user=owner)
    clients = _Clients(Client(), Client(), Client(), Client(), owner)
    clients.admin.force_login(admin)
    clients.owner.force_login(owner)
    # A sign-in linked to no person: "My items" with nothing to read.
    clients.unlinked.force_login(users.create_user("bench-unlinked"))
    return clients


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _measure(data: _Data, repeat: int, explain: bool, only: tuple[str, ...]) -> dict[str, Any]:
    clients = _clients(data)
    today = data.today
    measures: dict[str, Callable[[], dict[str, Any]]] = {
        "list": lambda: _list_page(clients.public, clients.admin, today, repeat),
        "my_items": lambda: _my_items(clients, data, today, repeat),
        "statistics": lambda: _statistics(clients.public, today, repeat),
        "api": lambda: _api_outstanding_page(clients.public, today, repeat),
        "search": lambda: _search(clients.public, repeat),
        "recording": lambda: _recording_page(clients.admin, repeat),
        "dashboard": lambda: _dashboards(clients.admin, repeat),
        "export": lambda: _export(clients.public, today, repeat),
    }
    figures: dict[str, Any] = {}
    for group, measure in measures.items():
        if group in only:
            figures.update(measure())
    if explain:
        figures["explain"] = _explain_main_queries(clients.owner_user, data.owner_person.pk, today)
    if "sweep" in only:
        figures.update(_sweep(today))
    if "history" in only:
        figures["history_overhead_ratio"] = _history_overhead(data.recommendation_ids, repeat)
    return figures


def _list_page(public: Client, admin: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    _get(public, LIST_URL)  # warm caches
    figures["list_page_ms"] = _median_ms(lambda: _get(public, LIST_URL), repeat)
    with CaptureQueriesContext(connection) as queries:
        _get(public, LIST_URL)
    figures["list_page_queries"] = len(queries)
    figures["list_page_sql_ms"] = _median_ms(
        lambda: _floor(FLOOR_COUNT, FLOOR_PAGE, [today, today], [today, today, 0]), repeat
    )
    deep = f"{LIST_URL}&page=100"
    total = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(overdue_on=today),
        today=today,
    ).count()
    if total < 100 * PAGE_SIZE:  # fewer than 100 pages: the last is the deepest there is
        deep = f"{LIST_URL}&page={max(1, -(-total // PAGE_SIZE))}"
    figures["deep_page_ms"] = _median_ms(lambda: _get(public, deep), repeat)
    figures["admin_changelist_ms"] = _median_ms(
        lambda: _get(admin, "/admin/tracker/recommendation/?overdue=yes"), repeat
    )
    return figures


def _my_items(clients: _Clients, data: _Data, today: dt.date, repeat: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    owner_client, unlinked_client = clients.owner, clients.unlinked
    _get(owner_client, "/my-items/")  # warm caches
    figures["my_items_ms"] = _median_ms(lambda: _get(owner_client, "/my-items/"), repeat)
    my_count, my_page, mine = _floor_my_items(data.owner_person.pk)
    access = Access(clients.owner_user)

    def reads() -> None:
        Paginator(my_items(access=access, today=today), PAGE_SIZE).page(1)  # count, rows

    reads()  # the person and their posts are read once per request: not timed here

    # The page's own read (its rows and their count), Django's query building included.
    figures["my_items_reads_ms"] = _median_ms(reads, repeat)
    figures["my_items_sql_ms"] = _median_ms(
        lambda: _floor(my_count, my_page, mine, [*mine, today, 0]), repeat
    )
    with CaptureQueriesContext(connection) as queries:
        _get(owner_client, "/my-items/")
    figures["my_items_queries"] = len(queries)
    # What the page costs before it reads any item (session, user, the layout).
    _get(unlinked_client, "/my-items/")
    figures["my_items_unlinked_ms"] = _median_ms(
        lambda: _get(unlinked_client, "/my-items/"), repeat
    )
    return figures


def _statistics(public: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    _get(public, STATISTICS_URL)  # warm caches
    figures["statistics_page_ms"] = _median_ms(lambda: _get(public, STATISTICS_URL), repeat)
    figures["statistics_sql_ms"] = _median_ms(lambda: _floor_statistics(today), repeat)
    with CaptureQueriesContext(connection) as queries:
        _get(public, STATISTICS_URL)
    figures["statistics_queries"] = len(queries)
    return figures


# An API page of outstanding items: the list page's rows (overdue, newest due first),
# read a cursor's page at a time.
API_LIST_URL = "/api/v1/outstanding/?overdue=true&sort=-due_date&page_size=25"


def _budget(floor_ms: float, at_least: float = 50.0) -> float:
    """Twice the floor, or `at_least` milliseconds, whichever is larger."""
    return round(max(2 * floor_ms, at_least), 2)


def _api_outstanding_page(client: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    """The first and a later page of the API's outstanding list, against the list's floor
    (its page query, without the count a cursor does not need)."""

    def get(url: str) -> dict:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.json()

    following = get(API_LIST_URL)["next"] or API_LIST_URL  # warm caches, and page 2
    figures: dict[str, Any] = {
        "api_outstanding_page_ms": _median_ms(lambda: get(API_LIST_URL), repeat)
    }
    figures["api_outstanding_next_page_ms"] = _median_ms(lambda: get(following), repeat)
    with CaptureQueriesContext(connection) as queries:
        get(API_LIST_URL)
    figures["api_outstanding_page_queries"] = len(queries)
    figures["api_outstanding_page_sql_ms"] = _median_ms(
        lambda: _floor(None, FLOOR_PAGE, [], [today, today, 0]), repeat
    )
    figures["api_outstanding_page_budget_ms"] = _budget(figures["api_outstanding_page_sql_ms"])
    return figures


# The search's floor: each kind's first five matches with their count, by hand, for what
# the public may see: (table and joins, the fields searched, the condition of what is
# public). On PostgreSQL the match is the indexed full-text expression; on SQLite, LIKE.
FLOOR_SEARCH_KINDS = [
    ("tracker_recommendation t", ("code", "text", "responsibility"), "TRUE"),
    (
        "tracker_informationrequest t LEFT JOIN committees_agendaitem a ON a.id = t.agenda_item_id",
        ("text", "provided_how"),
        "(a.id IS NULL OR NOT a.is_exempt) AND " + PUBLISHED.format("t.meeting_id"),
    ),
    (
        "committees_agendaitem t",
        ("notes",),
        "NOT t.is_exempt AND " + PUBLISHED.format("t.meeting_id"),
    ),
    (
        "committees_resolution t JOIN committees_agendaitem a ON a.id = t.agenda_item_id",
        ("text",),
        "NOT a.is_exempt AND " + PUBLISHED.format("a.meeting_id"),
    ),
    ("committees_meeting t", ("room",), "TRUE"),
    ("committees_person t", ("name", "other_spellings", "job_title", "organisation"), "TRUE"),
    ("committees_post t", ("title", "former_titles", "organisation"), "TRUE"),
    ("tracker_inquiry t", ("title", "summary"), "TRUE"),
]
# The fields searched that are varchar (CharField) in their tables; the others are text.
FLOOR_SEARCH_VARCHAR = {
    "code", "responsibility", "room", "name", "other_spellings", "job_title", "organisation",
    "title",
}  # fmt: skip
SEARCH_COMMON_WORD = "figures"  # in every request
SEARCH_RARE_WORD = "4242"  # the number of one recommendation and one request


def _floor_search_sql(vendor: str) -> list[tuple[str, int]]:
    """(statement, how many times it takes the query) for each kind."""
    statements = []
    for source, fields, public in FLOOR_SEARCH_KINDS:
        if vendor == "postgresql":
            # Exactly the indexes' expression (SearchVector's), or PostgreSQL cannot use them.
            vector = " || ' ' || ".join(
                "COALESCE(t." + f + ", '')" + ("::text" if f in FLOOR_SEARCH_VARCHAR else "")
                for f in fields
            )
            match = (
                "to_tsvector('english'::regconfig, " + vector + ")"
                " @@ websearch_to_tsquery('english'::regconfig, %s)"
            )
            dated = 1
        else:
            match = "(" + " OR ".join("t." + f + " LIKE %s" for f in fields) + ")"
            dated = len(fields)
        statements.append(
            (
                # Every match is read first (as the page's ranking must), so that the
                # planner finds them through the index rather than walking the ids.
                "WITH found AS MATERIALIZED (SELECT t.id FROM " + source + " WHERE "
                + public + " AND " + match + ")"
                " SELECT id, COUNT(*) OVER () FROM found ORDER BY id DESC LIMIT 5",
                dated,
            )
        )  # fmt: skip
    return statements


def _search(client: Client, repeat: int) -> dict[str, Any]:
    """The search page for a word in every request and for a rare one, against the floor."""
    vendor = connection.vendor
    statements = _floor_search_sql(vendor)
    figures: dict[str, Any] = {}
    for key, word in (("common", SEARCH_COMMON_WORD), ("rare", SEARCH_RARE_WORD)):
        url = f"/search/?q={word}"
        term = word if vendor == "postgresql" else f"%{word}%"

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def floor(term: str = term) -> None:
            for sql, times in statements:
                _floor(None, sql, [], [term] * times)

        get()  # warm caches
        figures[f"search_{key}_word_ms"] = _median_ms(get, repeat)
        figures[f"search_{key}_word_sql_ms"] = _median_ms(floor, repeat)
        figures[f"search_{key}_word_budget_ms"] = _budget(figures[f"search_{key}_word_sql_ms"])
        with CaptureQueriesContext(connection) as queries:
            get()
        figures[f"search_{key}_word_queries"] = len(queries)
    return figures


RECORDING_ITEMS = 20
# Every page's budget (issue 16): twice its floor or 20 ms of server time, whichever is larger.
PAGE_AT_LEAST_MS = 20.0

# The recording page's floor: what it shows, read by hand. The people and posts offered
# once for the page, the members, the items, their resolutions, presenters and requests.
# What the recording pages read, by hand. Both offer the posts and people the committee's
# record is likely to name (`tracker.meetings.selectors.likely_named`): who takes part in
# its business and who owns its items, the posts those people hold that day and the holders
# of the posts that own items, then the posts' titles and the people's names. Parameters:
# the committee seven times, then the day twice.
FLOOR_NAMES = """
WITH ids AS (
  SELECT 'around' AS named_as, person_id, CAST(NULL AS bigint) AS post_id
    FROM committees_membership WHERE committee_id = %s
  UNION SELECT 'around', person_id, NULL FROM committees_supportofficer WHERE committee_id = %s
  UNION SELECT 'around', a.person_id, NULL FROM committees_attendance a
    JOIN committees_meeting m ON m.id = a.meeting_id WHERE m.committee_id = %s
  UNION SELECT 'around', d.person_id, NULL FROM committees_declaration d
    JOIN committees_meeting m ON m.id = d.meeting_id WHERE m.committee_id = %s
  UNION SELECT 'around', ap.person_id, NULL FROM committees_agendaitem_presenters ap
    JOIN committees_agendaitem i ON i.id = ap.agendaitem_id
    JOIN committees_meeting m ON m.id = i.meeting_id WHERE m.committee_id = %s
  UNION SELECT 'owner', q.owner_person_id, q.owner_post_id FROM tracker_informationrequest q
    JOIN committees_meeting m ON m.id = q.meeting_id WHERE m.committee_id = %s
  UNION SELECT 'owner', r.owner_person_id, r.owner_post_id FROM tracker_recommendation r
    JOIN tracker_inquiry i ON i.id = r.inquiry_id WHERE i.committee_id = %s
), held AS (
  SELECT h.person_id, h.post_id FROM committees_postholding h
   WHERE (h.start IS NULL OR h.start <= %s) AND (h."end" IS NULL OR h."end" >= %s)
     AND (h.person_id IN (SELECT person_id FROM ids WHERE named_as = 'around')
          OR h.post_id IN (SELECT post_id FROM ids))
)
SELECT 'post', p.id, p.title, '' FROM committees_post p
 WHERE p.id IN (SELECT post_id FROM ids)
    OR p.id IN (SELECT post_id FROM held
                 WHERE person_id IN (SELECT person_id FROM ids WHERE named_as = 'around'))
UNION ALL
SELECT 'person', p.id, p.name, p.other_spellings FROM committees_person p
 WHERE p.id IN (SELECT person_id FROM ids)
    OR p.id IN (SELECT person_id FROM held WHERE post_id IN (SELECT post_id FROM ids))
"""
# The meeting's page: who attended, its members and declarations, its items with their
# counts and presenters, then its matters arising: the committee's meetings and the dates
# of its open recommendations and requests (all of them: the page is its keepers'), from
# which the page works out which come to the meeting. Here none does: the requests asked
# at it come to the committee's next meeting (`_recording_page`), so no item is then read
# in full, by the page or its floor.
FLOOR_RECORDING = [
    ("SELECT person_id, kind, capacity FROM committees_attendance WHERE meeting_id = %s", "m"),
    (
        "SELECT ms.person_id, ms.role, p.name FROM committees_membership ms"
        " JOIN committees_person p ON p.id = ms.person_id WHERE ms.committee_id = %s",
        "c",
    ),
    ("SELECT person_id, text FROM committees_declaration WHERE meeting_id = %s", "m"),
    (
        "SELECT a.id, a.number, a.title, a.notes, a.is_exempt, a.exempt_paragraph,"
        " (SELECT COUNT(*) FROM committees_resolution r WHERE r.agenda_item_id = a.id),"
        " (SELECT COUNT(*) FROM tracker_informationrequest q WHERE q.agenda_item_id = a.id)"
        " FROM committees_agendaitem a WHERE a.meeting_id = %s ORDER BY a.number",
        "m",
    ),
    (
        "SELECT ap.agendaitem_id, p.name FROM committees_agendaitem_presenters ap"
        " JOIN committees_agendaitem a ON a.id = ap.agendaitem_id"
        " JOIN committees_person p ON p.id = ap.person_id WHERE a.meeting_id = %s",
        "m",
    ),
    (
        "SELECT id, date, start_time, status, report_deadline FROM committees_meeting"
        " WHERE committee_id = %s",
        "c",
    ),
    (
        "SELECT r.id, r.due_date, r.next_tracking_meeting_id, i.committee_id"
        " FROM tracker_recommendation r JOIN tracker_inquiry i ON i.id = r.inquiry_id"
        " WHERE i.committee_id = %s AND r.tracking_ended_on IS NULL",
        "c",
    ),
    (
        "SELECT q.id, q.due_date, q.meeting_id"
        " FROM tracker_informationrequest q JOIN committees_meeting m ON m.id = q.meeting_id"
        " WHERE m.committee_id = %s AND q.status = 'open'",
        "c",
    ),
]
# An item's page: the item, its resolutions, its presenters with their posts, its requests.
FLOOR_RECORDING_ITEM = [
    "SELECT id, number, title, notes, presenters_text, is_exempt, exempt_paragraph,"
    " exemption_justification FROM committees_agendaitem WHERE id = %s",
    'SELECT text FROM committees_resolution WHERE agenda_item_id = %s ORDER BY "order"',
    "SELECT p.name, h.post_id FROM committees_agendaitem_presenters ap"
    " JOIN committees_person p ON p.id = ap.person_id"
    ' LEFT JOIN committees_postholding h ON h.person_id = p.id AND h."end" IS NULL'
    " WHERE ap.agendaitem_id = %s",
    "SELECT q.text, q.due_date, q.status, o.title, p.name FROM tracker_informationrequest q"
    " LEFT JOIN committees_post o ON o.id = q.owner_post_id"
    " LEFT JOIN committees_person p ON p.id = q.owner_person_id WHERE q.agenda_item_id = %s",
]


def _recording_page(client: Client, repeat: int) -> dict[str, Any]:
    """The recording pages of a held meeting of RECORDING_ITEMS items, each presented by a
    post holder, with two resolutions and two requests: the meeting's page and an item's,
    each against its hand-written floor."""
    people = list(Person.objects.order_by("pk")[: RECORDING_ITEMS + 10])
    posts = {h.person_id: h.post for h in PostHolding.objects.select_related("post")}
    # Everything here is saved through the models inside the benchmark's rolled-back
    # transaction, so it is written with history like any recorded meeting.
    committee = Committee.objects.create(name="Bench recording", slug="bench-recording")
    day = timezone.localdate() - dt.timedelta(days=7)
    meeting = Meeting.objects.create(committee=committee, date=day)
    Meeting.objects.create(committee=committee, date=day + dt.timedelta(days=28))
    for person in people[:10]:
        Membership.objects.create(committee=committee, person=person)
    for number in range(1, RECORDING_ITEMS + 1):
        presenter = people[10 + number - 1]
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=f"Bench item {number}",
            notes="The committee discussed the report at length. " * 10,
        )
        item.presenters.add(presenter)
        for order in (1, 2):
            Resolution.objects.create(agenda_item=item, order=order, text="The report was noted.")
            InformationRequest.objects.create(
                meeting=meeting,
                agenda_item=item,
                text=f"Further information {order} on item {number}.",
                owner_post=posts.get(presenter.pk),
                owner_person=None if presenter.pk in posts else presenter,
                due_date=day + dt.timedelta(days=21),
            )
    middle = meeting.agenda_items.get(number=RECORDING_ITEMS // 2)
    names = (FLOOR_NAMES, [committee.pk] * 7 + [day] * 2)
    ids = {"m": meeting.pk, "c": committee.pk}
    pages = {
        "recording_page": (
            reverse("meeting_record", kwargs={"pk": meeting.pk}),
            [names] + [(sql, [ids[key]]) for sql, key in FLOOR_RECORDING],
        ),
        "recording_item_page": (
            reverse("meeting_record_item", kwargs={"pk": meeting.pk, "item": middle.pk}),
            [names] + [(sql, [middle.pk]) for sql in FLOOR_RECORDING_ITEM],
        ),
    }
    figures: dict[str, Any] = {"recording_page_items": RECORDING_ITEMS}
    for key, (url, statements) in pages.items():

        def get(url=url) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        def floor(statements=statements) -> None:
            for sql, params in statements:
                _floor(None, sql, [], params)

        get()  # warm: templates
        figures[f"{key}_ms"] = _median_ms(get, repeat)
        with CaptureQueriesContext(connection) as queries:
            get()
        figures[f"{key}_queries"] = len(queries)
        figures[f"{key}_sql_ms"] = _median_ms(floor, repeat)
        figures[f"{key}_budget_ms"] = _budget(figures[f"{key}_sql_ms"], at_least=PAGE_AT_LEAST_MS)
    return figures


def _dashboards(admin: Client, repeat: int) -> dict[str, Any]:
    """The dashboard of a scrutiny officer of one committee, and an administrator's, which
    covers every committee: the items to chase (ten shown, all counted), updates and
    emails to check, and each committee's next meeting with its matters arising. No floor:
    the page is a dozen lists; its figures show how it grows with the record."""
    # The officer is taken away again afterwards: the sweep would escalate to them.
    savepoint = transaction.savepoint()
    committee = Committee.objects.get(slug="bench-0")
    user = get_user_model().objects.create_user("bench-officer")
    user.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    person = Person.objects.create(
        name="Bench scrutiny officer", email="officer@example.org", user=user
    )
    SupportOfficer.objects.create(committee=committee, person=person, role="Scrutiny Officer")
    officer = Client()
    officer.force_login(user)
    figures: dict[str, Any] = {}
    for key, client in (("dashboard_officer", officer), ("dashboard_admin", admin)):
        _get(client, "/")  # warm
        figures[f"{key}_ms"] = _median_ms(lambda client=client: _get(client, "/"), repeat)
        with CaptureQueriesContext(connection) as queries:
            _get(client, "/")
        figures[f"{key}_queries"] = len(queries)
    transaction.savepoint_rollback(savepoint)
    return figures


def _explain_main_queries(owner, person: int, today: dt.date) -> dict[str, str]:
    """EXPLAIN ANALYZE of the queries behind the figures: the list's count and its
    pages 1 and 100 (overdue, latest due first), "My items", and the CSV export; then
    the floors they are measured against."""
    anonymous = Access(AnonymousUser())
    overdue = OutstandingList(
        access=anonymous, filters=OutstandingFilters(overdue_on=today), today=today
    ).ordered_by("due_date", descending=True)
    mine = my_items(access=Access(owner), today=today)

    def sql_of(read: Callable[[], Any]) -> str:
        with CaptureQueriesContext(connection) as queries:
            read()
        return queries.captured_queries[-1]["sql"]

    queries = {
        "list_count": sql_of(overdue.count),
        "list_page_1": sql_of(lambda: overdue[0:PAGE_SIZE]),
        "list_page_100": sql_of(lambda: overdue[99 * PAGE_SIZE : 100 * PAGE_SIZE]),
        # The page's own query (the latest updates of its rows are read after it).
        "my_items_page_1": sql_of(lambda: list(mine.queryset()[0:PAGE_SIZE])),
    }
    plans = {name: _explained(sql) for name, sql in queries.items()}
    # The CSV export's query: streamed, so the log does not show its SQL.
    export = csv_lines_query(
        OutstandingList(access=anonymous, filters=OutstandingFilters(overdue_on=today), today=today)
    )
    plans["export"] = _explained(*export.query.sql_with_params())
    my_count, my_page, mine_params = _floor_my_items(person)
    floors = {
        "floor_list_count": (FLOOR_COUNT, [today, today]),
        "floor_list_page_1": (FLOOR_PAGE, [today, today, 0]),
        "floor_my_items_count": (my_count, mine_params),
        "floor_my_items_page_1": (my_page, [*mine_params, today, 0]),
        "floor_export": (FLOOR_EXPORT, [today, today]),
    }
    plans.update({name: _explained(sql, params) for name, (sql, params) in floors.items()})
    return plans


def _explained(sql: str, params: list | None = None) -> str:
    # Read-only: EXPLAIN ANALYZE runs a query that reads; there is no history to write.
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _export(client: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    def export() -> int:
        response = client.get("/outstanding/?overdue=on&export=csv")
        return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

    def read_with_cursor() -> int:
        return _floor(None, FLOOR_EXPORT, [], [today, today])

    rows = export()
    cursor_rows = read_with_cursor()
    export_ms = _median_ms(export, repeat)
    cursor_ms = _median_ms(read_with_cursor, repeat)
    # Memory in another run: tracing slows Python down too much to time the same run.
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export_rate = round(rows / export_ms * 1000) if export_ms else 0
    cursor_rate = round(cursor_rows / cursor_ms * 1000) if cursor_ms else 0
    return {
        "export_rows": rows,
        "export_rows_per_s": export_rate,
        "export_cursor_rows_per_s": cursor_rate,
        "export_rate_ratio": round(export_rate / cursor_rate, 2) if cursor_rate else 0.0,
        "export_peak_mb": round(peak / 1024 / 1024, 2),
        **_export_xlsx(client, today, repeat),
    }


def _export_xlsx(client: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    """The Excel download of one committee's overdue items, as a committee's officer takes
    it: openpyxl writes it a row at a time, so its rate is what TRACKER_XLSX_MAX_ITEMS
    is set by (docs/performance.md)."""
    committee = Committee.objects.get(slug="bench-0")
    url = f"/outstanding/?overdue=on&committee={committee.slug}&export=xlsx"
    rows = OutstandingList(
        access=Access(AnonymousUser()),
        filters=OutstandingFilters(committee=committee, overdue_on=today),
        today=today,
    ).count()

    def export() -> None:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/vnd.openxml"), response.status_code
        for _ in response.streaming_content:  # sent from its temporary file, a block at a time
            pass

    export()  # warm
    export_ms = _median_ms(export, repeat)
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "export_xlsx_rows": rows,
        "export_xlsx_rows_per_s": round(rows / export_ms * 1000) if export_ms else 0,
        "export_xlsx_peak_mb": round(peak / 1024 / 1024, 2),
    }


def _sweep(today: dt.date) -> dict[str, Any]:
    """The reminder sweep of the benchmark's day: every item due or overdue, each owner
    a digest. Its peak memory is taken in a first run (rolled back to a savepoint), its
    time and queries in a second, untraced."""
    horizon = today + dt.timedelta(days=due_soon_days())
    due_items = (
        Recommendation.objects.outstanding().filter(due_date__lte=horizon).count()
        + InformationRequest.objects.outstanding().filter(due_date__lte=horizon).count()
    )
    savepoint = transaction.savepoint()
    tracemalloc.start()
    sweep(as_of=today)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    transaction.savepoint_rollback(savepoint)

    CountingEmailBackend.sent = 0
    queries = _QueryCounter()
    with connection.execute_wrapper(queries):
        start = time.perf_counter()
        report = sweep(as_of=today)
        elapsed = time.perf_counter() - start
    return {
        "sweep_s": round(elapsed, 3),
        "sweep_due_items": due_items,
        "sweep_ms_per_item": round(elapsed * 1000 / due_items, 3) if due_items else 0.0,
        "sweep_reminders": report.created,
        "sweep_emails": CountingEmailBackend.sent,
        "sweep_queries": queries.count,
        "sweep_peak_mb": round(peak / 1024 / 1024, 2),
    }


def _history_overhead(ids: list[int], repeat: int) -> float:
    """Saving through the app's own write path (validate, then save) with and without
    writing the history row, `repeat` times each: what history costs a user's save."""
    recommendations = list(Recommendation.objects.select_related("inquiry").filter(pk__in=ids))

    def save_all(with_history: bool) -> float:
        start = time.perf_counter()
        for recommendation in recommendations:
            recommendation.responsibility = f"Bench post {time.perf_counter_ns()}"
            if with_history:
                save_with_history(recommendation, by_user=None, reason="Benchmark")
            else:
                # Without history on purpose: this measures what history costs.
                recommendation.skip_history_when_saving = True
                recommendation.full_clean()
                recommendation.save()
                del recommendation.skip_history_when_saving
        return time.perf_counter() - start

    # Taken in turns, so that whatever else the machine does weighs on both alike.
    with_history, without = [], []
    for _ in range(repeat):
        with_history.append(save_all(True))
        without.append(save_all(False))
    ratio = statistics.median(with_history) / statistics.median(without)
    return round(ratio, 2)


# -- the month's KPI report ------------------------------------------------------------------

# The KPI report measured as if nothing were cached.
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

KPI_FLOOR_REPORTS = """
SELECT id, period FROM tracker_kpireport
WHERE kpi_set_id = %s AND period IN (%s, %s) AND is_exempt = %s
"""
# Each indicator with the target in force, the month's value and the month before's. The
# target in force is numbered in one pass over the set's targets: a subquery per indicator
# is planned as a scan of the targets for each one once the table has statistics.
KPI_FLOOR_LINES = """
WITH in_force AS (
  SELECT t.indicator_id, t.target, t.tolerance_low, t.tolerance_high,
         ROW_NUMBER() OVER (PARTITION BY t.indicator_id ORDER BY t.starts_on DESC) AS n
  FROM tracker_indicatortarget t
  JOIN tracker_indicator ti ON ti.id = t.indicator_id
  WHERE ti.kpi_set_id = %s AND t.starts_on <= %s
)
SELECT i.id, i.code, i.name, i.direction, i.unit, t.target, t.tolerance_low, t.tolerance_high,
       v.actual, v.no_data_reason, v.comparison, v.comparison_label, v.national,
       v.statistical_neighbours, v.regional, v.commentary, p.actual
FROM tracker_indicator i
LEFT JOIN in_force t ON t.indicator_id = i.id AND t.n = 1
LEFT JOIN tracker_indicatorvalue v ON v.indicator_id = i.id AND v.report_id = %s
LEFT JOIN tracker_indicatorvalue p ON p.indicator_id = i.id AND p.report_id = %s
WHERE i.kpi_set_id = %s
ORDER BY i."order", i.code
"""


def _kpi_report(indicators: int, years: int, repeat: int) -> dict[str, Any]:
    """The month's KPI report page for a set of `indicators` with `years` of monthly values
    each, against a hand-written floor reading the same rows."""
    rnd = random.Random(2019)
    committee = Committee.objects.create(name="Bench KPI committee", slug="bench-kpis")
    post = Post.objects.create(title="Bench KPI owner")
    kpi_set = KpiSet.objects.create(
        name="Bench KPIs", slug="bench-kpis", provider="Bench provider", committee=committee
    )
    months = [dt.date(2010 + m // 12, m % 12 + 1, 1) for m in range(years * 12)]
    # Rolled back with the rest of the benchmark: no history needed.
    reports = KpiReport.objects.bulk_create(KpiReport(kpi_set=kpi_set, period=m) for m in months)
    made = Indicator.objects.bulk_create(  # rolled back: no history needed
        Indicator(
            kpi_set=kpi_set,
            code=f"KPI {n}",
            order=n,
            name=f"Bench indicator {n}",
            direction=rnd.choice(["high", "low"]),
            owner_post=post,
        )  # fmt: skip
        for n in range(indicators)
    )
    IndicatorTarget.objects.bulk_create(  # rolled back: no history needed
        IndicatorTarget(
            indicator=i, starts_on=months[0], target=50, tolerance_low=40, tolerance_high=60
        )  # fmt: skip
        for i in made
    )
    for report in reports:
        IndicatorValue.objects.bulk_create(  # rolled back: no history needed
            IndicatorValue(
                report=report,
                indicator=i,
                actual=rnd.randrange(20, 80),
                comparison=50,
                national=55,
                commentary="Bench commentary: performance is within tolerance.",
            )  # fmt: skip
            for i in made
        )
    # Fresh statistics for the KPI tables too, as a live database would have: without them
    # the planner guesses at 24,000 values it has never counted.
    _analyze()
    last, before = reports[-1], reports[-2] if len(reports) > 1 else reports[-1]
    url = f"/performance/bench-kpis/{last.period.year}/{last.period.month}/"
    client = Client()

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def floor() -> int:
        with connection.cursor() as cursor:  # read-only: no history
            cursor.execute(KPI_FLOOR_REPORTS, [kpi_set.pk, last.period, before.period, False])
            cursor.fetchall()
            cursor.execute(
                KPI_FLOOR_LINES, [kpi_set.pk, last.period, last.pk, before.pk, kpi_set.pk]
            )
            return len(cursor.fetchall())

    # Without the cache: every request reads and renders the table, as the first after a
    # change does.
    with override_settings(CACHES=NO_CACHE):
        get()  # warm: content types, templates
        figures = {"kpi_report_uncached_ms": _median_ms(get, repeat)}
        with CaptureQueriesContext(connection) as queries:
            get()
        figures["kpi_report_uncached_queries"] = len(queries)
    # As readers get it: the table rendered once for this version of the record
    # (tracker/kpis/table_cache.py), then read from the cache.
    get()
    figures["kpi_report_ms"] = _median_ms(get, repeat)
    with CaptureQueriesContext(connection) as queries:
        get()
    figures["kpi_report_queries"] = len(queries)
    assert floor() == indicators
    figures["kpi_report_sql_ms"] = _median_ms(floor, repeat)
    figures["kpi_report_budget_ms"] = round(max(2 * figures["kpi_report_sql_ms"], 50.0), 2)
    figures["kpi_values"] = indicators * len(months)
    return figures
