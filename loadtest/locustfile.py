"""The load scenario: every kind of user of Scrutiny Tracker at once, as they use it.

- The public read the dashboard, the outstanding list with filters, committees, meetings,
  inquiries, recommendations, requests and the committee's calendar feed.
- Councillors sign in, read their dashboard, their items and their committee's meetings
  (exempt business included), and now and then sign out and in again.
- Responsible officers sign in, read their items and send progress updates (a POST with
  the form's CSRF token) on the items that have none waiting.
- Scrutiny officers sign in, read the updates waiting for review, accept one, and download
  the outstanding list as CSV.

Run by loadtest/run.py, which starts the app and reads what this file records; it can also
be pointed at a running server:

    DEMO_PASSWORD=... locust -f loadtest/locustfile.py --headless --host http://127.0.0.1:8000

Each request is appended to LOAD_EVENTS (JSON lines) with when it started, how long it
took and whether it succeeded; each update an owner sends is recorded with its unique note
and the answer it got, so that the runner can check every acknowledged update is in the
database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "scrutiny-demo-2019")
EVENTS = os.environ.get("LOAD_EVENTS", "")
UPDATE_PREFIX = "Progress reported under load"
TIMEOUT = 30  # seconds; gunicorn's own worker timeout is 30 seconds too


def _count(role: str, default: int) -> int:
    return int(os.environ.get(f"LOAD_{role.upper()}_USERS", default))


# -- what is recorded -------------------------------------------------------------------

_lock = threading.Lock()
_out = open(EVENTS, "a", buffering=1, encoding="utf-8") if EVENTS else None  # noqa: SIM115


def record(entry: dict) -> None:
    if _out is not None:
        line = json.dumps(entry)
        with _lock:
            _out.write(line + "\n")


@events.request.add_listener
def _on_request(
    request_type,
    name,
    response_time,
    response_length,
    response=None,
    context=None,
    exception=None,
    start_time=None,
    **kwargs,
):
    record(
        {
            "kind": "request",
            "start": start_time if start_time is not None else time.time() - response_time / 1000,
            "ms": response_time,
            "method": request_type,
            "name": name,
            "role": (context or {}).get("role", ""),
            "status": getattr(response, "status_code", 0) or 0,
            "ok": exception is None,
            "error": "" if exception is None else str(exception)[:300],
        }
    )


# -- reading pages ----------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_VERSION = re.compile(r'name="seen_version" value="([^"]*)"')
ERROR_SUMMARY = re.compile(
    r'govuk-error-summary__list">(.*?)</ul>|class="govuk-error-message">(.*?)</p>', re.S
)
TAGS = re.compile(r"<[^>]+>")


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


REFERENCE = re.compile(r"give them this reference: <strong>([0-9A-F]+)</strong>")


def problem(html: str) -> str:
    """What went wrong, as the page says it: a server error's reference (the runner finds
    its exception in the log by it), or the error summary of a refused form."""
    if reference := REFERENCE.search(html):
        return f"reference {reference.group(1)}"
    match = ERROR_SUMMARY.search(html)
    text = next((g for g in match.groups() if g), "") if match else html[:200]
    return " ".join(TAGS.sub(" ", text).split())[:200]


class Site:
    """What the public pages link to, read once per process and shared by its users."""

    _lock = threading.Lock()
    committees: list[str] = []
    meetings: list[str] = []
    inquiries: list[str] = []
    recommendations: list[str] = []
    requests: list[str] = []
    calendars: list[str] = []

    @classmethod
    def discover(cls, user: Visitor) -> None:
        with cls._lock:
            if cls.committees:
                return
            page = user.page("/committees/", name="/committees/")
            cls.committees = links(page, r'href="(/committees/[\w-]+/)"')
            for committee in cls.committees:
                page = user.page(committee, name="/committees/[slug]/")
                cls.meetings += links(page, r'href="(/meetings/\d+/)"')
                cls.inquiries += links(page, r'href="(/inquiries/\d+/)"')
                cls.calendars += links(page, r'href="(/committees/[\w-]+/meetings\.ics)"')
            for number in (1, 2):
                page = user.page(f"/outstanding/?page={number}", name="/outstanding/?page=N")
                cls.recommendations += links(page, r'href="(/recommendations/\d+/)"')
                cls.requests += links(page, r'href="(/requests/\d+/)"')


# -- the users --------------------------------------------------------------------------


class Visitor(HttpUser):
    """Someone reading the public pages, not signed in."""

    abstract = True
    role = "public"
    username = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["User-Agent"] = f"scrutiny-load/{self.role}"
        if self.username:
            self.sign_in()
        Site.discover(self)

    # - helpers -

    def page(self, url: str, *, name: str, expect: str = "") -> str:
        """GET a page; anything but 200 with the expected text is a failure."""
        with self.client.get(
            url,
            name=name,
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}: {problem(response.text)}")
                return ""
            if expect and expect not in response.text:
                response.failure(f"{url} did not say {expect!r}")
                return ""
            return response.text

    def sign_in(self) -> None:
        form = self.page("/sign-in/", name="/sign-in/")
        with self.client.post(
            "/sign-in/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(form),
            },
            name="/sign-in/",
            headers={"Referer": f"{self.host}/sign-in/"},
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                refused = f"sign-in refused ({response.status_code})"
                response.failure(f"{refused}: {problem(response.text)}")

    def post_form(self, url: str, data: dict, *, name: str, form_html: str) -> bool:
        """POST a form as a browser would; a redirect is success, anything else a failure."""
        with self.client.post(
            url,
            {**data, "csrfmiddlewaretoken": csrf_token(form_html)},
            name=name,
            headers={"Referer": f"{self.host}{url}"},
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                return True
            response.failure(f"{response.status_code} for POST {url}: {problem(response.text)}")
            return False

    def any_of(self, urls: list[str]) -> str | None:
        return random.choice(urls) if urls else None

    # - what the public reads -

    @task(3)
    def dashboard(self) -> None:
        # A signed-in user who sees the public heading has lost their session.
        self.page("/", name="/", expect="Your dashboard" if self.username else "Scrutiny Tracker")

    @task(3)
    def outstanding(self) -> None:
        filters = random.choice(
            [
                "",
                "?kind=recommendation",
                "?kind=request",
                "?overdue=on",
                "?q=report",
                f"?committee={random.choice(Site.committees).split('/')[2]}"
                if Site.committees
                else "?kind=request",
                "?due_from_0=1&due_from_1=1&due_from_2=2019&due_to_0=31&due_to_1=12&due_to_2=2019",
                "?page=2",
                "?sort=due_date",
            ]
        )
        self.page(f"/outstanding/{filters}", name="/outstanding/?filters")

    @task(1)
    def committee(self) -> None:
        if url := self.any_of(Site.committees):
            self.page(url, name="/committees/[slug]/")

    @task(2)
    def meeting(self) -> None:
        if url := self.any_of(Site.meetings):
            self.page(url, name="/meetings/[pk]/")

    @task(1)
    def inquiry(self) -> None:
        if url := self.any_of(Site.inquiries):
            self.page(url, name="/inquiries/[pk]/")

    @task(1)
    def recommendation(self) -> None:
        if url := self.any_of(Site.recommendations):
            self.page(url, name="/recommendations/[pk]/")

    @task(1)
    def request(self) -> None:
        if url := self.any_of(Site.requests):
            self.page(url, name="/requests/[pk]/")

    @task(1)
    def calendar_feed(self) -> None:
        if url := self.any_of(Site.calendars):
            self.page(url, name="/committees/[slug]/meetings.ics", expect="BEGIN:VCALENDAR")


class Public(Visitor):
    fixed_count = _count("public", 8)


class Councillor(Visitor):
    """A member of the committee: sees its exempt business too."""

    fixed_count = _count("councillor", 2)
    role = "councillor"
    username = "councillor"

    @task(4)
    def my_items(self) -> None:
        self.page("/my-items/", name="/my-items/")

    @task(2)
    def sign_out_and_in(self) -> None:
        page = self.page("/", name="/")
        if page and self.post_form("/sign-out/", {}, name="/sign-out/", form_html=page):
            self.sign_in()


class Partitioned(Visitor):
    """Users of one role share the work by number: user i takes the objects whose id
    leaves i when divided by how many users of the role there are, so that no two of them
    act on the same object at the same moment (as two real people would not)."""

    abstract = True
    _numbers: itertools.count

    def on_start(self) -> None:
        self.number = next(type(self)._numbers)
        super().on_start()

    def mine(self, pk: int) -> bool:
        return pk % self.fixed_count == self.number % self.fixed_count


class ResponsibleOfficer(Partitioned):
    fixed_count = _count("owner", 2)
    _numbers = itertools.count()
    role = "owner"
    username = "owner"

    @task(3)
    def my_items(self) -> None:
        self.page("/my-items/", name="/my-items/")

    @task(12)
    def send_update(self) -> None:
        """Send an update on one of this user's items that has none waiting."""
        listing = self.page("/my-items/", name="/my-items/")
        choices = [
            url
            for url in links(listing, r'href="(/(?:recommendations|requests)/\d+/update/)"')
            if self.mine(int(url.split("/")[2]))
        ]
        if not (url := self.any_of(choices)):
            return
        form = self.page(url, name="/[kind]/[pk]/update/")
        if not form:
            return
        note = f"{UPDATE_PREFIX} {uuid.uuid4()}"
        started = time.time()
        accepted = self.post_form(
            url, {"progress_note": note}, name="/[kind]/[pk]/update/", form_html=form
        )
        record(
            {"kind": "update", "start": started, "end": time.time(), "note": note,
             "url": url, "accepted": accepted}
        )  # fmt: skip


class ScrutinyOfficer(Partitioned):
    fixed_count = _count("officer", 2)
    _numbers = itertools.count()
    role = "officer"
    username = "officer"

    @task(3)
    def updates_to_review(self) -> None:
        self.page("/updates/", name="/updates/")

    @task(8)
    def accept_one(self) -> None:
        listing = self.page("/updates/", name="/updates/")
        choices = [
            url
            for url in links(listing, r'href="(/updates/\d+/)"')
            if self.mine(int(url.split("/")[2]))
        ]
        if not (url := self.any_of(choices)):
            return
        form = self.page(url, name="/updates/[pk]/")
        if not form:
            return
        seen = SEEN_VERSION.search(form)
        self.post_form(
            url,
            {"decision": "accept", "note": "", "seen_version": seen.group(1) if seen else ""},
            name="/updates/[pk]/",
            form_html=form,
        )

    @task(3)
    def export_csv(self) -> None:
        with self.client.get(
            "/outstanding/?export=csv",
            name="/outstanding/?export=csv",
            timeout=TIMEOUT,
            allow_redirects=False,
            context={"role": self.role},
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.headers.get(
                "Content-Type", ""
            ).startswith("text/csv"):
                response.failure(
                    f"CSV export gave {response.status_code}: {problem(response.text)}"
                )
