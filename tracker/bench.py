"""The benchmark: synthetic data of a chosen size, and the pages, sweep, export and history
measured against floors the benchmark writes itself, on the configured database.

Everything runs inside one transaction that is rolled back at the end, so a benchmark
leaves the database as it found it.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from simple_history.utils import bulk_create_with_history

from committees.models import Committee, Meeting, Person, Post, PostHolding
from tracker import reminders
from tracker.access import Access
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    InformationRequest,
    Inquiry,
    Recommendation,
)
from tracker.selectors import OutstandingFilters, outstanding_items
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
        committees = Committee.objects.bulk_create(
            Committee(name=f"Bench committee {i}", slug=f"bench-{i}") for i in range(n_committees)
        )
        people = Person.objects.bulk_create(
            Person(name=f"Bench person {i}", email=f"bench{i}@example.org")
            for i in range(max(50, self.items // 100))
        )
        posts = Post.objects.bulk_create(
            Post(title=f"Bench post {i}") for i in range(max(20, self.items // 500))
        )
        PostHolding.objects.bulk_create(
            PostHolding(post=post, person=people[i % len(people)]) for i, post in enumerate(posts)
        )
        self.owner_person = people[0]  # holds post 0 (and every len(people)-th post)
        meetings = Meeting.objects.bulk_create(
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
        inquiries = Inquiry.objects.bulk_create(
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
            requests.append(
                InformationRequest(
                    meeting=meeting,
                    text=f"Bench request {i}: a breakdown of the figures by district.",
                    owner_post=posts[rnd.randrange(len(posts))],
                    due_date=due,
                    status="provided" if provided else "open",
                    provided_on=due if provided else None,
                )
            )
        bulk_create_with_history(requests, InformationRequest, batch_size=5000)
        self.recommendation_ids = [r.pk for r in recommendations[:200]]
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
FLOOR_MY_COUNT = FLOOR_COUNT.replace(
    "r.due_date < %s",
    "r.owner_post_id IN (SELECT post_id FROM committees_postholding WHERE person_id = %s)",
).replace(
    "q.due_date < %s",
    "q.owner_post_id IN (SELECT post_id FROM committees_postholding WHERE person_id = %s)",
)

MY_POSTS = "IN (SELECT post_id FROM committees_postholding WHERE person_id = %s)"
FLOOR_MY_PAGE = (
    FLOOR_PAGE.replace("r.due_date < %s", f"r.owner_post_id {MY_POSTS}")
    .replace("q.due_date < %s", f"q.owner_post_id {MY_POSTS}")
    .replace("ORDER BY due_date DESC, kind, id", "ORDER BY due_date < %s DESC, due_date, kind, id")
)


def _floor(sql_count: str, sql_page: str | None, params: list, page_params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql_count, params)
        cursor.fetchone()
        if sql_page:
            cursor.execute(sql_page, page_params)
            cursor.fetchall()


def run(*, items: int, repeat: int = 5) -> BenchResult:
    result = BenchResult(items=items, database=connection.vendor)
    with (
        override_settings(
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            DEBUG=False,
        ),
        transaction.atomic(),
    ):
        start = time.perf_counter()
        data = _Data(items)
        data.build()
        result.generation_s = time.perf_counter() - start
        result.figures = _measure(data, repeat)
        transaction.set_rollback(True)  # leave the database as it was
    return result


def _measure(data: _Data, repeat: int) -> dict[str, Any]:
    import time_machine

    figures: dict[str, Any] = {}
    users = get_user_model().objects
    admin = users.create_superuser("bench-admin", "bench-admin@example.org", None)
    owner = users.create_user("bench-owner")
    Person.objects.filter(pk=data.owner_person.pk).update(user=owner)
    public, admin_client, owner_client = Client(), Client(), Client()
    admin_client.force_login(admin)
    owner_client.force_login(owner)
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
        total = outstanding_items(
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
        figures["my_items_ms"] = _median_ms(lambda: get(owner_client, "/my-items/"), repeat)
        person = data.owner_person.pk
        figures["my_items_sql_ms"] = _median_ms(
            lambda: _floor(
                FLOOR_MY_COUNT, FLOOR_MY_PAGE, [person, person], [person, person, today, 0]
            ),
            repeat,
        )
        with CaptureQueriesContext(connection) as queries:
            get(owner_client, "/my-items/")
        figures["my_items_queries"] = len(queries)

        figures.update(_export(public, today, repeat))
    figures.update(_sweep(today))
    figures["history_overhead_ratio"] = _history_overhead(data.recommendation_ids)
    return figures


def _export(client: Client, today: dt.date, repeat: int) -> dict[str, Any]:
    def export() -> int:
        response = client.get("/outstanding/?overdue=on&export=csv")
        return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

    start = time.perf_counter()
    rows = export()
    elapsed = time.perf_counter() - start
    # Memory in a second run: tracing slows Python down too much to time the same run.
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_PAGE.replace("LIMIT 25 OFFSET %s", ""), [today, today])
        cursor_rows = 0
        while batch := cursor.fetchmany(2000):
            cursor_rows += len(batch)
    cursor_elapsed = time.perf_counter() - start
    return {
        "export_rows": rows,
        "export_rows_per_s": round(rows / elapsed) if elapsed else 0,
        "export_cursor_rows_per_s": round(cursor_rows / cursor_elapsed) if cursor_elapsed else 0,
        "export_peak_mb": round(peak / 1024 / 1024, 2),
    }


def _sweep(today: dt.date) -> dict[str, Any]:
    from django.core import mail

    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = reminders.sweep(as_of=today)
        elapsed = time.perf_counter() - start
    return {
        "sweep_s": round(elapsed, 3),
        "sweep_emails": len(mail.outbox),
        "sweep_reminders": report.created,
        "sweep_queries": len(queries),
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
                recommendation.skip_history_when_saving = True
                recommendation.full_clean()
                recommendation.save()
                del recommendation.skip_history_when_saving
        return time.perf_counter() - start

    with_history = statistics.median(save_all(True) for _ in range(3))
    without = statistics.median(save_all(False) for _ in range(3))
    return round(with_history / without, 2) if without else 0.0
