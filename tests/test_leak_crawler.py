"""The leak crawler: exempt business never reaches anyone not entitled to it.

Canary texts are planted in an exempt item's notes and resolution, a request from it, an
owner's update on that request, the amendments to the private part of the notes, and a
request from a public item of a meeting whose notes are not yet published. Then
the crawler signs in as the public and as a member of another committee, follows every link
from every page it can reach (and every link in the API's JSON), and also asks for every
URL of the permission matrix (every page, export, print view, Word document, calendar feed
and API endpoint), error pages included, and searches, on the pages and in the API. No
response may hold a canary, and the crawl must reach at least 95% of the URL patterns, so
"no leak" means something. The reminder emails are checked too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter, deque
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from committees.models import ActionNotes, AgendaItem, Meeting, Person, Post, Resolution
from tests.support.permissions import MATRIX, named_patterns
from tracker.models import InformationRequest, OwnerUpdate
from tracker.opendata.schema import DATASETS as OPEN_DATASETS
from tracker.reminders.sweep import sweep
from tracker.search.selectors import KINDS as SEARCH_KINDS

pytestmark = pytest.mark.django_db

CANARIES = ("Exempt canary", "leak-canary-")
HREF = re.compile(r'(?:href|src)="([^"#]+)')
# The API's links: each item's "url", a page's "next", the index's endpoints.
JSON_LINK = re.compile(r'"((?:http://testserver)?/api/[^"#]*)"')
PAGE_LIMIT = 1500
# Links that differ only in their query's values (a sort, a page, a year, where to go after
# signing in) are followed this many times for each path and set of query names: a chain of
# "the year before" links would otherwise reach back to 1990.
VARIANTS_PER_PATH = 10


@pytest.fixture
def planted(world):
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    item = AgendaItem.objects.get(meeting=january, number=12)
    item.notes += " leak-canary-notes: the names in the confidential annex."
    item.save()
    Resolution.objects.create(agenda_item=item, order=9, text="leak-canary-resolution agreed.")
    update = world["exempt_update"]
    update.progress_note = "leak-canary-update: the annex was sent."
    update.save()
    ActionNotes.objects.create(
        meeting=january,
        part=ActionNotes.Part.PRIVATE,
        version=2,
        status=ActionNotes.Status.AMENDED,
        amendments="leak-canary-amendment to the private part.",
        confirmed_at=Meeting.objects.get(date=dt.date(2019, 2, 13)),
        published_at=timezone.now(),
    )
    december = Meeting.objects.get(date=dt.date(2018, 12, 12))
    assert not ActionNotes.public_part_published(december.action_notes.all())
    InformationRequest.objects.create(
        meeting=december,
        text="leak-canary-unpublished: the figures asked for before the notes are out.",
        owner_post=Post.objects.get(title="Cabinet Member for Children's Wellbeing"),
    )
    return world


def _text(response) -> str:
    """What a response says, whatever its form: HTML, CSV, iCalendar, .docx or .xlsx."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body[:2] == b"PK":  # Office documents are zip files of XML
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = [archive.read(n) for n in archive.namelist() if n.endswith(".xml")]
        # Word splits text into runs; join the runs' text so a canary cannot hide.
        return "".join(re.sub(rb"<[^>]+>", b"", part).decode() for part in parts)
    # iCalendar folds long lines: unfold before looking. The search marks the words it
    # found: unmark them, so that "Exempt <mark>canary</mark>" is still a canary.
    text = body.decode(errors="replace").replace("\r\n ", "").replace("\r\n\t", "")
    return text.replace("<mark>", "").replace("</mark>", "")


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace == "admin":
        return "admin:index"
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _start_urls(objects) -> list[str]:
    urls = ["/", "/no-such-page/", "/meetings/999999/", "/outstanding/?export=csv",
            "/outstanding/?export=xlsx"]  # fmt: skip
    # The search, for the canaries' own words, in every kind. Never the whole of a canary:
    # the page repeats what was searched for.
    search = reverse("search")
    for words in ("canary", "leak", "exempt", "confidential annex", "agreed"):
        urls.append(f"{search}?{urlencode({'q': words})}")
        urls += [f"{search}?{urlencode({'q': words, 'kind': kind})}" for kind in SEARCH_KINDS]
    # The same through the API's search, and the API's lists with every page size.
    api_search = reverse("api:search")
    for words in ("canary", "leak", "exempt", "confidential annex", "agreed"):
        urls.append(f"{api_search}?{urlencode({'q': words})}")
        urls += [f"{api_search}?{urlencode({'q': words, 'kind': kind})}" for kind in SEARCH_KINDS]
    urls += [f"{reverse('api:outstanding')}?{urlencode({'q': 'canary'})}"]
    for name, variants in MATRIX.items():
        for build, _ in variants.values():
            urls.append(reverse(name, kwargs=build(objects)))
    return urls


def crawl(
    client, start: list[str], *, until_found: bool = False, within: str = "/"
) -> tuple[set[str], list[tuple[str, str]], int]:
    """Every page reachable from `start`: the patterns reached and any canaries found.

    With `until_found`, the crawl stops once every canary has been found. Only links to
    paths under `within` are followed.
    """
    seen: set[str] = set()
    queue = deque(start)
    queued = set(start)
    variants: Counter[tuple[str, tuple[str, ...]]] = Counter()
    reached: set[str] = set()
    leaks: list[tuple[str, str]] = []
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if (name := _pattern(urlsplit(url).path)) is not None:
            reached.add(name)
        text = _text(response)
        leaks += [(url, canary) for canary in CANARIES if canary in text]
        if until_found and {canary for _, canary in leaks} == set(CANARIES):
            break
        content_type = response.get("Content-Type", "")
        if "json" in content_type:
            links = JSON_LINK.findall(text)
        elif "html" in content_type:
            links = HREF.findall(text)
        else:
            continue
        for href in links:
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if (
                parts.netloc not in {"", "testserver"}
                or parts.path.startswith(("/static/", "/admin/"))
                or not parts.path.startswith(within)
            ):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link in queued:
                continue
            queued.add(link)
            shape = (parts.path, tuple(sorted(parse_qs(parts.query, keep_blank_values=True))))
            variants[shape] += 1
            if variants[shape] <= VARIANTS_PER_PATH:
                queue.append(link)
    return reached, leaks, len(seen)


@pytest.mark.parametrize("principal", ["public", "other_councillor", "other_officer"])
def test_no_canary_reaches_anyone_not_entitled(client, planted, principal):
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    reached, leaks, pages = crawl(client, _start_urls(planted))
    assert leaks == []
    patterns = named_patterns()
    coverage = len(reached & patterns) / len(patterns)
    assert coverage >= 0.95, sorted(patterns - reached)
    assert pages > 100  # it really crawled


def test_the_crawler_finds_a_canary_where_one_is_shown(client, planted):
    """The crawler itself works: a member of the committee does see the exempt business."""
    client.force_login(get_user_model().objects.get(username="councillor"))
    _, leaks, _ = crawl(client, _start_urls(planted), until_found=True)
    assert {canary for _, canary in leaks} == set(CANARIES)


@pytest.mark.parametrize("principal", ["public", "councillor"])
def test_the_open_data_files_hold_no_canary_for_anyone(client, planted, principal):
    """Open data is the public record whoever downloads it, a member of the committee
    included: following the open-data page's links reaches every file, and none holds a
    canary."""
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    reached, leaks, pages = crawl(client, [reverse("open_data")], within="/open-data/")
    assert leaks == []
    assert {
        "open_data",
        "open_data_schema",
        "open_data_schema_json",
        "open_data_json",
        "open_data_csv",
    } <= reached
    assert pages >= 3 + len(OPEN_DATASETS)


def test_reminder_emails_carry_exempt_text_only_to_those_entitled(planted, mailoutbox):
    # Another owner, of a public request only, is reminded on the same day.
    other_owner = Person.objects.get(name="Anne Ainsworth")
    other_owner.email = "other.owner@example.org"
    other_owner.save()
    january = Meeting.objects.get(date=dt.date(2019, 1, 16))
    InformationRequest.objects.create(
        meeting=january,
        agenda_item=AgendaItem.objects.get(meeting=january, number=6),
        text="Reoffending data by ward.",
        owner_person=other_owner,
        due_date=dt.date(2019, 2, 4),
    )
    day = dt.date(2019, 2, 13)
    sweep(as_of=day, now=dt.datetime(2019, 2, 13, 7, tzinfo=dt.UTC))
    assert OwnerUpdate.objects.exists() and mailoutbox
    entitled = {"officer@example.org", "owner@example.org", "councillor@example.org"}
    checked = 0
    for message in mailoutbox:
        bodies = [message.body] + [content for content, _ in message.alternatives]
        text = "\n".join([message.subject, *bodies])
        for recipient in message.to:
            if recipient not in entitled:
                checked += 1
                assert not any(canary in text for canary in CANARIES), recipient
    assert checked >= 1  # the other owner's email was looked at


def test_the_crawler_follows_the_api_to_the_canaries_where_they_are_shown(client, planted):
    """From the API's front door alone, a member of the committee reaches the exempt
    business through the API's own links: so the crawl of the API means something."""
    client.force_login(get_user_model().objects.get(username="councillor"))
    reached, leaks, _ = crawl(client, [reverse("api:root")])
    assert {canary for _, canary in leaks} == set(CANARIES)
    assert {"api:meeting-detail", "api:request-detail"} <= reached
