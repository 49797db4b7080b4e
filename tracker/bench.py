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

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from simple_history.utils import bulk_create_with_history

from committees.models import Committee, Meeting, Person, Post, PostHolding
from tracker import reminders
from tracker.access import Access
from tracker.exports import copied_query
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    InformationRequest,
    Inquiry,
    Recommendation,
)
from tracker.prepared import Compiled
from tracker.selectors import OutstandingFilters, OutstandingList, my_items
from tracker.services import save_with_history

BENCH_TODAY = dt.date(2022, 1, 12)  # a Wednesday inside the generated span of dates
FIRST_DAY = dt.date(2019, 1, 1)
SPAN_DAYS = 5 * 365
PAGE_SIZE = 25
LIST_URL = "/outstanding/?overdue=on&sort=-due_date"


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

    def __init__(self, items: int, seed: int = 2019) -> None:
        self.items = items
        self.random = random.Random(seed)

    def day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.random.randrange(SPAN_DAYS))

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
                date=FIRST_DAY + dt.timedelta(days=i // n_committees),
            )  # fmt: skip
            for i in range(max(10, n_requests // 3))
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
            recommendations.append(
                Recommendation(
                    inquiry=inquiries[i // 7],
                    code=f"R{i % 7 + 1:02d}",
                    text=f"Bench recommendation {i}: a plan is agreed and reported to committee.",
                    responsibility="Bench post",
                    owner_post=posts[rnd.randrange(len(posts))],
                    original_due_date=due,
                    due_date=due,
                    current_assessment=rnd.choice(ended if achieved else open_),
                    tracking_ended_on=due + dt.timedelta(days=rnd.randrange(-60, 120))
                    if achieved
                    else None,
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
        # ANALYZE changes no row, so there is no history to write.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as a live database would have


FLOOR_COUNT = """
SELECT COUNT(*) FROM (
  SELECT r.id FROM tracker_recommendation r
   WHERE r.tracking_ended_on IS NULL AND r.due_date < %s
  UNION ALL
  SELECT q.id FROM tracker_informationrequest q
   LEFT JOIN committees_agendaitem a ON a.id = q.agenda_item_id
   WHERE q.status = 'open' AND q.due_date < %s AND (a.id IS NULL OR NOT a.is_exempt)
) rows
"""
FLOOR_PAGE = """
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
   WHERE q.status = 'open' AND q.due_date < %s AND (a.id IS NULL OR NOT a.is_exempt)
) rows ORDER BY due_date DESC, kind, id LIMIT 25 OFFSET %s
"""
# The export's floor: every row of the list's floor, read through a plain cursor.
FLOOR_EXPORT = FLOOR_PAGE.replace("LIMIT 25 OFFSET %s", "")


def _floor_my_items(person: int) -> tuple[str, str, list]:
    """The count and page of "My items" by hand, and their owner parameters: owned by the
    person or by a post they hold. The posts are read here, before any timing, and given
    as a literal list (as the app gives them), so that both owner indexes can be used."""
    posts = list(PostHolding.objects.filter(person_id=person).values_list("post_id", flat=True))
    held = ", ".join(["%s"] * len(posts)) or "NULL"
    mine = "({t}.owner_person_id = %s OR {t}.owner_post_id IN (" + held + "))"
    count = FLOOR_COUNT.replace("r.due_date < %s", mine.format(t="r")).replace(
        "q.due_date < %s", mine.format(t="q")
    )
    page = (
        FLOOR_PAGE.replace("r.due_date < %s", mine.format(t="r"))
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


def run(*, items: int, repeat: int = 5, explain: bool = False) -> BenchResult:
    result = BenchResult(items=items, database=connection.vendor)
    with (
        override_settings(
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="tracker.bench.CountingEmailBackend",
            DEBUG=False,
        ),
        transaction.atomic(),
    ):
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        data = _Data(items)
        data.build()
        result.generation_s = time.perf_counter() - start
        result.figures = _measure(data, repeat, explain)
        # What else the machine was doing: the 1-minute load average, before and after.
        result.figures["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        transaction.set_rollback(True)  # leave the database as it was
    return result


def _measure(data: _Data, repeat: int, explain: bool) -> dict[str, Any]:
    import time_machine

    figures: dict[str, Any] = {}
    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", "bench-admin@example.org", None)
    owner = users.create_user("bench-owner")
    # The synthetic owner's login, rolled back with the rest: no history needed.
    Person.objects.filter(pk=data.owner_person.pk).update(user=owner)
    public, admin_client, owner_client, unlinked_client = Client(), Client(), Client(), Client()
    admin_client.force_login(admin)
    owner_client.force_login(owner)
    # A sign-in linked to no person: "My items" with nothing to read.
    unlinked_client.force_login(users.create_user("bench-unlinked"))
    today = BENCH_TODAY
    with time_machine.travel(dt.datetime(2022, 1, 12, 9, 0), tick=True):

        def get(client: Client, url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        get(public, LIST_URL)  # warm caches
        figures["list_page_ms"] = _median_ms(lambda: get(public, LIST_URL), repeat)
        with CaptureQueriesContext(connection) as queries:
            get(public, LIST_URL)
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
        if total >= 100 * PAGE_SIZE:
            figures["deep_page_ms"] = _median_ms(lambda: get(public, deep), repeat)
        else:  # fewer than 100 pages: the last page is the deepest there is
            last = max(1, -(-total // PAGE_SIZE))
            figures["deep_page_ms"] = _median_ms(
                lambda: get(public, f"{LIST_URL}&page={last}"), repeat
            )
        figures["admin_changelist_ms"] = _median_ms(
            lambda: get(admin_client, "/admin/tracker/recommendation/?overdue=yes"), repeat
        )
        get(owner_client, "/my-items/")  # warm caches
        figures["my_items_ms"] = _median_ms(lambda: get(owner_client, "/my-items/"), repeat)
        person = data.owner_person.pk
        my_count, my_page, mine = _floor_my_items(person)
        access = Access(owner)

        def reads() -> None:
            rows, _ = my_items(access=access, today=today)
            rows.counted_page(0, PAGE_SIZE)

        reads()  # the person and their posts are read once per request: not timed here

        # The page's own read (its rows and their count), Django's query building included.
        figures["my_items_reads_ms"] = _median_ms(reads, repeat)
        figures["my_items_sql_ms"] = _median_ms(
            lambda: _floor(my_count, my_page, mine, [*mine, today, 0]), repeat
        )
        with CaptureQueriesContext(connection) as queries:
            get(owner_client, "/my-items/")
        figures["my_items_queries"] = len(queries)
        # What the page costs before it reads any item (session, user, the layout).
        get(unlinked_client, "/my-items/")
        figures["my_items_unlinked_ms"] = _median_ms(
            lambda: get(unlinked_client, "/my-items/"), repeat
        )

        figures.update(_export(public, today, repeat))
        if explain:
            figures["explain"] = _explain_main_queries(owner, data.owner_person.pk, today)
    figures.update(_sweep(today))
    figures["history_overhead_ratio"] = _history_overhead(data.recommendation_ids)
    return figures


def _explain_main_queries(owner, person: int, today: dt.date) -> dict[str, str]:
    """EXPLAIN ANALYZE of the queries behind the figures: the list's count and its
    pages 1 and 100 (overdue, latest due first), "My items", and the CSV export; then
    the floors they are measured against."""
    anonymous = Access(AnonymousUser())
    overdue = OutstandingList(
        access=anonymous, filters=OutstandingFilters(overdue_on=today), today=today
    ).ordered_by("due_date", descending=True)
    mine, _ = my_items(access=Access(owner), today=today)

    def sql_of(read: Callable[[], Any]) -> str:
        with CaptureQueriesContext(connection) as queries:
            read()
        return queries.captured_queries[-1]["sql"]

    queries = {
        "list_count": sql_of(overdue.count),
        "list_page_1": sql_of(lambda: overdue.page(0, PAGE_SIZE)),
        "list_page_100": sql_of(lambda: overdue.page(99 * PAGE_SIZE, PAGE_SIZE)),
        "export": copied_query(
            OutstandingList(
                access=anonymous, filters=OutstandingFilters(overdue_on=today), today=today
            ),
            connection,
        ),
    }
    plans = {name: _explained(sql) for name, sql in queries.items()}
    # With its count, as the page runs it: prepared, on PostgreSQL with a generic plan.
    plans["my_items_page_1"] = _explained_prepared(*mine.counted_query(0, PAGE_SIZE))
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


# The types a prepared statement's parameters are declared with, by their Python type
# (bool before int, which it is a kind of).
PREPARED_TYPES = ((bool, "boolean"), (int, "bigint"), (str, "text"), (dt.date, "date"))


def _explained_prepared(compiled: Compiled, values: dict[str, Any]) -> str:
    """EXPLAIN ANALYZE of a compiled query as it runs: a prepared statement executed with
    these values, with the plan the connection gives prepared statements (generic, when
    prepared statements are on: see settings)."""
    params = compiled.bind(values)
    types = ", ".join(
        next(name for kind, name in PREPARED_TYPES if isinstance(param, kind)) for param in params
    )
    body = compiled.sql
    for number in range(1, len(params) + 1):
        body = body.replace("%s", f"${number}", 1)
    # Read-only: a SELECT prepared, explained and dropped; there is no history to write.
    with connection.cursor() as cursor:
        cursor.execute(f"PREPARE bench_explained ({types}) AS {body}")
        try:
            placeholders = ", ".join(["%s"] * len(params))
            cursor.execute(
                f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_explained({placeholders})", params
            )
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE bench_explained")


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
    }


def _sweep(today: dt.date) -> dict[str, Any]:
    """The reminder sweep of the benchmark's day: every item due or overdue, each owner
    a digest. Its peak memory is taken in a first run (rolled back to a savepoint), its
    time and queries in a second, untraced."""
    horizon = today + dt.timedelta(days=settings.TRACKER_REMIND_DUE_SOON_DAYS)
    due_items = (
        Recommendation.objects.outstanding().filter(due_date__lte=horizon).count()
        + InformationRequest.objects.outstanding().filter(due_date__lte=horizon).count()
    )
    savepoint = transaction.savepoint()
    tracemalloc.start()
    reminders.sweep(as_of=today)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    transaction.savepoint_rollback(savepoint)

    CountingEmailBackend.sent = 0
    queries = _QueryCounter()
    with connection.execute_wrapper(queries):
        start = time.perf_counter()
        report = reminders.sweep(as_of=today)
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


def _history_overhead(ids: list[int]) -> float:
    """Saving through the app's own write path (validate, then save) with and without
    writing the history row: what history costs a user's save."""
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
    for _ in range(5):
        with_history.append(save_all(True))
        without.append(save_all(False))
    ratio = statistics.median(with_history) / statistics.median(without)
    return round(ratio, 2)
