"""Every form of the app, fed what people and robots really send.

For each page that takes a POST, the form is read from the page itself (its inputs,
selects, radios, buttons and hidden fields, as a browser would send them) and Hypothesis
posts variations of it as a user allowed to use the page: the page's own values, other
options, wrong choices, text in any script with control characters, very long text,
impossible date parts, unreadable files, fields left out and fields added. Whatever is
sent:

- the answer is never a server error (5xx);
- a refused submission (the form shown again) says what is wrong in an error summary,
  with "Error:" in the page title, and changes nothing: every table, history included,
  is as it was;
- an accepted one (a redirect) leaves a history row, by that user, for every change to a
  tracked record.

The pages come from the permission matrix (tests/support/permissions.py), so a new page is
covered here as soon as it has rows there: test_every_page_that_takes_a_post_is_exercised
fails when a view reads posted data and no target here exercises it.

The normal run tries a fixed set of examples (the "fast" profile: the same ones every run,
so that it never fails by chance); `pytest -m slow` runs the long profile, which draws
new examples on each run.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import inspect
import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from committees.models import ActionNotes, AgendaItem, ForwardPlanDecision, Meeting
from tests.notes_documents import make_docx, make_pdf
from tests.support.checksums import database_checksum, differences, statements_that_may_write
from tests.support.demo import DEMO_PASSWORD
from tests.support.permissions import MATRIX
from tests.support.tracker_files import csv_file, csv_records, exported, new_recommendation_row
from tracker.models import InformationRequest, Recommendation

pytestmark = pytest.mark.django_db

FAST_EXAMPLES = 10
# The slow job's run; PROPERTY_EXAMPLES=2000 for a longer one.
LONG_EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "100"))
ACTION_NOTES = Path(__file__).parent / "data" / "action_notes"
COUNCIL_TRACKER = (
    Path(__file__).parent / "data" / "trackers" / "york_scrutiny_recommendation_tracker.csv"
)
# Whoever may use a page, the least privileged first: the fuzzing is done as them.
PREFERENCE = ["public", "owner", "councillor", "officer", "admin"]


# -- which views take a POST -----------------------------------------------------------------


def _unwrapped(callback: Callable) -> Callable:
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return callback


def _reads_post(callback: Callable) -> bool:
    """From the view's code: a class-based view with a post method, or a function view
    that reads request.POST or request.FILES or tests for the POST method."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return callable(getattr(view_class, "post", None))
    try:
        source = inspect.getsource(_unwrapped(callback))
    except (OSError, TypeError):
        return False
    return any(word in source for word in ("request.POST", "request.FILES", '"POST"'))


def views_that_take_a_post(resolver: URLResolver | None = None) -> set[str]:
    """Names of the URL patterns whose views take a POST. Django's admin is left out: it
    is Django's own, checked by Django; tests/test_admin.py covers what the project adds."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                names |= views_that_take_a_post(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name and _reads_post(pattern.callback):
            names.add(pattern.name)
    return names


# -- reading a form the way a browser sends it ------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, select, radio, checkbox, file, submit
    value: str = ""  # what the page gives it (the checked or selected option)
    options: list[str] = dataclasses.field(default_factory=list)
    multiple: bool = False
    required: bool = False


@dataclasses.dataclass
class Form:
    action: str
    fields: dict[str, Field] = dataclasses.field(default_factory=dict)

    def add(
        self, name: str, kind: str, value: str, *, checked: bool = True, required: bool = False
    ) -> Field:
        field = self.fields.get(name)
        if field is None:
            field = self.fields[name] = Field(name=name, kind=kind)
        field.required |= required
        if kind in {"radio", "checkbox", "select", "submit"}:
            field.options.append(value)
            if checked and not field.value:
                field.value = value
            if kind == "checkbox" and len(field.options) > 1:
                field.multiple = True
        else:
            field.value = value
        return field


class FormReader(HTMLParser):
    """The POST forms of a page, with their fields and the values the page gives them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.selected = False
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = Form(action=a.get("action", ""))
            self.forms.append(self.form)
        if self.form is None or "disabled" in a:  # a browser sends no disabled field
            return
        name = a.get("name")
        required = "required" in a
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"radio", "checkbox"}:
                self.form.add(
                    name, kind, a.get("value", "on"), checked="checked" in a, required=required
                )
            elif kind in {"submit", "image"}:
                self.form.add(name, "submit", a.get("value", ""), checked=False)
            elif kind == "file":
                self.form.add(name, "file", "")
            elif kind != "button":
                kind = "hidden" if kind == "hidden" else "text"
                self.form.add(name, kind, a.get("value", ""), required=required)
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            self.form.add(name, "submit", a.get("value", ""), checked=False)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
            self.form.add(name, "textarea", "", required=required)
        elif tag == "select" and name:
            self.select = self.form.add(name, "select", "", checked=False, required=required)
            self.select.options.clear()
            self.select.multiple = "multiple" in a
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a}
            self.text = ""

    def handle_data(self, data):
        self.text += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "textarea" and self.textarea:
            # A browser drops one newline straight after <textarea>.
            self.form.add(self.textarea, "textarea", self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "option" and self.option is not None and self.select is not None:
            value = self.option["value"]
            value = self.text.strip() if value is None else value
            self.select.options.append(value)
            if self.option["selected"]:
                self.select.value, self.selected = value, True
            self.option = None
        elif tag == "select" and self.select is not None:
            # With nothing selected, a browser sends a single select's first option.
            if not self.selected and not self.select.multiple and self.select.options:
                self.select.value = self.select.options[0]
            self.select, self.selected = None, False
        elif tag == "form":
            self.form = None


def forms_posting_to(html: str, url: str, *, page: str) -> list[Form]:
    """The POST forms of the page at `page` that send to `url`."""
    reader = FormReader()
    reader.feed(html)
    path = urlsplit(url).path
    return [f for f in reader.forms if urlsplit(urljoin(page, f.action)).path == path and f.fields]


# -- what is sent ---------------------------------------------------------------------------

OMIT = object()
# Text that has broken forms somewhere: control characters, other scripts and digits,
# numbers out of range, markup, format strings, dates that do not exist.
AWKWARD = [
    "", " ", "\x00", "\t\r\n", "0", "-1", "1.5", "1e309", "NaN", "9" * 30, "١٢", "１２",
    "²", "Ⅻ", "2019-02-30", "30/02/2019", "29 February 2019", "13 Februaryy 2019",
    "<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x", "{{ request }}", "\u202eevil",
    "\ufeffBOM", "𝕳𝖊𝖑𝖑𝖔 🏳️‍🌈", "null", "None", "[]", "../../etc/passwd", "post:", "person:x",
    "post:999999", "person:-1", "inquiry-1", "meeting-abc",
]  # fmt: skip

any_text = st.text(max_size=60)  # every Unicode character but surrogates, C0 controls too
long_text = st.builds(
    lambda piece, times: (piece * times)[:120_000],
    st.text(min_size=1, max_size=8),
    st.integers(min_value=300, max_value=30_000),
)
number_text = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.integers(min_value=-5, max_value=10_000).map(str),
    st.sampled_from(["01", " 7 ", "+3", "0x1F", "1_000", "٣", "１２"]),
)
text_value = st.one_of(any_text, st.sampled_from(AWKWARD), long_text, number_text)

FILE_NAMES = [
    "notes.txt", "notes.docx", "notes.pdf", "tracker.csv", "tracker.xlsx", "TRACKER.CSV",
    "noextension", ".csv", "notes.txt.exe", "../../etc/passwd.csv", "café ☕.docx", "a" * 300,
]  # fmt: skip


Sample = tuple[str, bytes]  # a file's name and content


def file_value(samples: list[Sample]) -> st.SearchStrategy:
    """A real document, cut short or with bytes changed, or bytes of nothing in particular,
    under its own name or another."""

    @st.composite
    def mutated(draw):
        name, content = draw(st.sampled_from(samples))
        cut = draw(st.integers(min_value=0, max_value=len(content)))
        how = draw(st.sampled_from(["whole", "cut", "splice", "append"]))
        if how == "cut":
            content = content[:cut]
        elif how == "splice":
            content = content[:cut] + draw(st.binary(min_size=1, max_size=64)) + content[cut:]
        elif how == "append":
            content = content + draw(st.binary(max_size=256))
        return SimpleUploadedFile(draw(st.sampled_from([name, *FILE_NAMES])), content)

    anything = st.builds(SimpleUploadedFile, st.sampled_from(FILE_NAMES), st.binary(max_size=2048))
    return st.one_of(mutated(), anything) if samples else anything


# What people type when they mean it: words, dates written out, the demo's own names.
date_text = st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)).map(lambda day: f"{day:%-d %B %Y}")
plain_text = st.one_of(
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,'0123456789",
        min_size=1,
        max_size=80,
    ),
    date_text,
    st.lists(date_text, min_size=1, max_size=4).map("\n".join),
    st.sampled_from(["owner", "officer", "councillor", DEMO_PASSWORD, "10:00", "2pm"]),
)
DATE_SUFFIX = re.compile(r"^(.*)_([012])$")


def _date_parts(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


# A date typed into the day, month and year boxes: a real one, or anything.
date_value = st.one_of(
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2025, 12, 31)).map(_date_parts),
    st.lists(st.one_of(number_text, text_value, st.just(OMIT)), min_size=3, max_size=3),
)


def page_value(field: Field, samples: list[Sample]):
    """What a browser sends for the field as the page left it (a file chosen: the first
    sample, whole)."""
    if field.kind == "file":
        return SimpleUploadedFile(*samples[0]) if samples else OMIT
    if field.kind in {"radio", "checkbox"} and not field.value:
        return OMIT  # nothing ticked: nothing sent
    return field.value


def field_value(field: Field, samples: list[Sample]) -> st.SearchStrategy:
    if field.kind == "file":
        return st.one_of(file_value(samples), st.just(OMIT))
    if field.options:
        options = st.sampled_from(field.options)
        if field.multiple:
            return st.one_of(st.lists(options, max_size=len(field.options)), st.just(OMIT))
        return st.one_of(options, text_value, st.just(OMIT))
    return st.one_of(plain_text, text_value, st.just(OMIT))


def units(form: Form) -> list[list[Field]]:
    """The fields a person fills in together: a date's three boxes, or one field."""
    fields = [
        f for f in form.fields.values() if f.kind != "submit" and f.name != "csrfmiddlewaretoken"
    ]
    names = {f.name for f in fields}
    grouped: dict[str, list[Field]] = {}
    for field in fields:
        match = DATE_SUFFIX.match(field.name)
        date = match and all(f"{match.group(1)}_{n}" in names for n in "012")
        grouped.setdefault(match.group(1) if date else field.name, []).append(field)
    return list(grouped.values())


@st.composite
def filled_value(draw, group: list[Field], samples: list[Sample]) -> list:
    """What someone filling the form in properly might give: the page's value where it has
    one; where it has none, for a required field (and for an optional one, or not) ordinary
    text, an offered option or a real date."""
    as_left = [page_value(field, samples) for field in group]
    if any(value not in {"", OMIT} for value in as_left) or group[0].kind in {"file", "hidden"}:
        return as_left
    if not any(field.required for field in group) and not draw(st.booleans()):
        return as_left
    if len(group) == 3:
        return _date_parts(draw(st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31))))
    offered = [option for option in group[0].options if option]
    return [draw(st.sampled_from(offered) if offered else plain_text)]


@st.composite
def submissions(draw, forms: list[Form], samples: list[Sample]) -> dict:
    """The form filled in properly, then one to three things changed (which reaches past
    the first check); or as the page left it with a few things changed; or everything
    changed at once. Hypothesis starts from the first choice of each draw."""
    form = draw(st.sampled_from(forms))
    token = form.fields.get("csrfmiddlewaretoken")
    data = {token.name: token.value} if token else {}  # a browser always sends the token
    groups = units(form)
    how = draw(st.sampled_from(["filled in", "as the page left it", "all changed"]))
    if how == "all changed":
        changed = set(range(len(groups)))
    elif groups:
        changed = set(draw(st.lists(st.integers(0, len(groups) - 1), max_size=3, unique=True)))
    for index, group in enumerate(groups):
        if index in changed:
            values = draw(date_value) if len(group) == 3 else [draw(field_value(group[0], samples))]
        elif how == "filled in":
            values = draw(filled_value(group, samples))
        else:
            values = [page_value(field, samples) for field in group]
        for field, value in zip(group, values, strict=True):
            if value is not OMIT:
                data[field.name] = value
    submits = [f for f in form.fields.values() if f.kind == "submit"]
    if submits:  # the button pressed, as a browser sends it, or a made-up one
        button = draw(st.sampled_from(submits))
        data[button.name] = draw(st.one_of(st.sampled_from(button.options), text_value))
    extra = draw(
        st.dictionaries(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=20),
            text_value,
            max_size=2,
        )
    )
    return {**extra, **data}


# -- the targets ---------------------------------------------------------------------------


@dataclasses.dataclass
class Target:
    name: str
    variant: str
    principal: str
    url: str
    form_page: str  # where the form is offered
    samples: list[Sample] = dataclasses.field(default_factory=list)


def _principal_for(expected: dict[str, int]) -> str | None:
    return next((p for p in PREFERENCE if expected.get(p) == 200), None)


def _meeting_of(objects) -> Meeting:
    return Meeting.objects.get(pk=objects["exempt_request"].meeting_id)


def _tracker_import_preview(client: Client, objects) -> tuple[str, str]:
    """An upload waiting in the session: the demo's own list with a new recommendation and
    a revised due date without a reason, so the confirmation asks why and when."""
    records = csv_records(exported(client, "csv"))
    records[0]["Due date"] = "30/09/2019"
    records.append(new_recommendation_row())
    upload = SimpleUploadedFile("tracker.csv", csv_file(records))
    response = client.post(reverse("tracker_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], response["Location"]


def _tracker_import_mapping(client: Client, objects) -> tuple[str, str]:
    """A council's own tracker waiting in the session for its columns to be mapped."""
    upload = SimpleUploadedFile(COUNCIL_TRACKER.name, COUNCIL_TRACKER.read_bytes())
    response = client.post(reverse("tracker_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], response["Location"]


def _notes_import_review(client: Client, objects) -> tuple[str, str]:
    """A draft waiting in the session: the action notes of the meeting, pasted."""
    meeting = _meeting_of(objects)
    text = (ACTION_NOTES / f"{meeting.date:%Y-%m-%d}.txt").read_text(encoding="utf-8")
    response = client.post(reverse("notes_import", kwargs={"pk": meeting.pk}), {"text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    url = reverse("notes_import_review", kwargs={"pk": meeting.pk})
    return url, url


# Pages whose form only exists after an earlier step: (principal, the step, which returns
# the URL to post to and the page that offers the form).
def _set_password_form(client: Client, objects) -> tuple[str, str]:
    """A working set-password link, followed: Django moves the token into the session and
    shows the form at an address without it."""
    from tracker.people.services import set_password_path

    owner = get_user_model().objects.get(username="owner")
    response = client.get(set_password_path(owner))
    assert response.status_code == 302, response.status_code
    return response["Location"], response["Location"]


def _forward_plan_import_preview(client: Client, objects) -> tuple[str, str]:
    """A forward plan extract waiting in the session: one new decision and one changed."""
    from tracker.imports.forward_plan.importer import COLUMNS

    existing = ForwardPlanDecision.objects.order_by("pk").first()
    rows = [
        ",".join(COLUMNS),
        f'"{existing.reference}","{existing.title} (revised)",,,,,',
        '"009999/2019","Home to school transport policy",,,,,',
    ]
    upload = SimpleUploadedFile("forward-plan.csv", "\n".join(rows).encode("utf-8"))
    response = client.post(reverse("forward_plan_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], response["Location"]


def _kpi_ask(client: Client, objects) -> tuple[str, str]:
    """The indicator's page offers "Ask about this" for its month's value."""
    value = objects["kpi_value"]
    return (
        reverse("kpi_ask", kwargs={"pk": value.pk}),
        reverse("kpi_indicator", kwargs={"pk": value.indicator_id}),
    )


def _kpi_import_preview(client: Client, objects) -> tuple[str, str]:
    """A month's values waiting in the session: the report's own download with one figure
    changed, uploaded."""
    import csv
    import io

    report = objects["kpi_report"]
    download = client.get(reverse("kpi_report", kwargs=report.url_kwargs), {"export": "csv"})
    assert download.status_code == 200, download.status_code
    content = b"".join(download.streaming_content) if download.streaming else download.content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    rows[0]["Figure"] = "1"
    written = io.StringIO()
    writer = csv.DictWriter(written, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("kpis.csv", written.getvalue().encode("utf-8"))
    response = client.post(
        reverse("kpi_import", kwargs={"slug": report.kpi_set.slug}), {"file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], response["Location"]


def _unpublished_notes(client: Client, objects) -> tuple[str, str]:
    """A meeting held, its notes recorded as a draft that nobody has published yet: the
    meeting's page offers to publish them."""
    meeting = Meeting.objects.create(
        committee=objects["committee"], date=dt.date(2019, 2, 5), status=Meeting.Status.HELD
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Youth services", notes="Noted.")
    ActionNotes.objects.create(meeting=meeting)
    return (
        reverse("meeting_notes_publish", kwargs={"pk": meeting.pk}),
        reverse("meeting_detail", kwargs={"pk": meeting.pk}),
    )


def _confirmed_notes(client: Client, objects) -> tuple[str, str]:
    """Notes confirmed at a later meeting: the form asks why they are corrected."""
    url, _ = _unpublished_notes(client, objects)
    meeting = Meeting.objects.get(committee=objects["committee"], date=dt.date(2019, 2, 5))
    later = Meeting.objects.create(committee=objects["committee"], date=dt.date(2019, 2, 6))
    ActionNotes.objects.create(
        meeting=meeting,
        version=2,
        status=ActionNotes.Status.CONFIRMED,
        confirmed_at=later,
        published_at=timezone.now(),
    )
    url = reverse("meeting_notes_correct", kwargs={"pk": meeting.pk})
    return url, url


def _unpublished_programme(client: Client, objects) -> tuple[str, str]:
    """The programme of a month nobody has published: its page offers to publish it."""
    slug = objects["committee"].slug
    page = reverse("work_programme_print", kwargs={"slug": slug, "version": "public"})
    return reverse("work_programme_publish", kwargs={"slug": slug}) + "?month=2019-04", (
        page + "?month=2019-04"
    )


SETUPS: dict[str, tuple[str, Callable[[Client, dict], tuple[str, str]]]] = {
    "work_programme_publish": ("officer", _unpublished_programme),
    "meeting_notes_correct": ("officer", _confirmed_notes),
    "meeting_notes_publish": ("officer", _unpublished_notes),
    "kpi_ask": ("officer", _kpi_ask),
    "kpi_import_preview": ("officer", _kpi_import_preview),
    "password_reset_confirm": ("public", _set_password_form),
    "forward_plan_import_preview": ("officer", _forward_plan_import_preview),
    "tracker_import_preview": ("officer", _tracker_import_preview),
    "tracker_import_mapping": ("officer", _tracker_import_mapping),
    "notes_import_review": ("officer", _notes_import_review),
    # Signing out is offered by the form in every page's header.
    "logout": ("owner", lambda client, objects: (reverse("logout"), reverse("dashboard"))),
}


def _r06(objects) -> str:
    r06 = Recommendation.objects.get(inquiry__title="Corporate Parenting", code="R06")
    return reverse("recommendation_update", kwargs={"pk": r06.pk})


def _exempt_request_without_update(objects) -> str:
    """Another request of the exempt item, owned as the matrix's is, with no update waiting."""
    exempt = objects["exempt_request"]
    other = InformationRequest.objects.create(
        meeting=exempt.meeting,
        agenda_item=exempt.agenda_item,
        text="Exempt canary: a second confidential annex.",
        owner_post=exempt.owner_post,
    )
    return reverse("request_update", kwargs={"pk": other.pk})


# Where the matrix's object would refuse every submission for a reason of its own (R02 and
# the exempt request have an update waiting already, so their pages offer no form), the
# form is exercised on another of the same kind. By URL name, or by (name, variant).
URLS: dict[str | tuple[str, str], Callable[[dict], str]] = {
    "recommendation_update": _r06,
    ("request_update", "exempt"): _exempt_request_without_update,
}


def _samples(name: str) -> Callable[[Client, dict], list[Sample]]:
    def tracker_files(client, objects):
        return [
            ("tracker.csv", exported(client, "csv")),
            ("tracker.xlsx", exported(client, "xlsx")),
        ]

    def notes_files(client, objects):
        text = (ACTION_NOTES / "2019-01-16.txt").read_text(encoding="utf-8")
        return [
            ("notes.txt", text.encode("utf-8")),
            ("notes-utf16.txt", text.encode("utf-16")),
            ("notes.docx", make_docx(text)),
            ("notes.pdf", make_pdf(text)),
        ]

    return {"tracker_import": tracker_files, "notes_import": notes_files}.get(
        name, lambda client, objects: []
    )


def targets() -> list[tuple[str, str]]:
    post_views = views_that_take_a_post()
    return [
        (name, variant)
        for name, variants in MATRIX.items()
        for variant in variants
        if name in post_views
    ]


def prepare(name: str, variant: str, objects: dict) -> tuple[Target, Client]:
    build, expected = MATRIX[name][variant]
    client = Client()
    if name in SETUPS:
        principal, setup = SETUPS[name]
    else:
        principal = _principal_for(expected)
        setup = None
    assert principal is not None, (
        f"{name} ({variant}) takes a POST but nobody may open it: add a step to SETUPS that "
        "makes its form appear"
    )
    if principal != "public":
        client.force_login(get_user_model().objects.get(username=principal))
    if setup is not None:
        url, form_page = setup(client, objects)
    elif (name, variant) in URLS or name in URLS:
        url = form_page = URLS.get((name, variant), URLS.get(name))(objects)
    else:
        url = form_page = reverse(name, kwargs=build(objects))
    samples = _samples(name)(client, objects)
    return Target(name, variant, principal, url, form_page, samples), client


# -- the properties ---------------------------------------------------------------------------


def _tracked() -> dict[str, tuple[str, object]]:
    """Model label -> (its history model's label, the history model), for every model
    with a history."""
    tracked = {}
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            history = getattr(model, attribute).model
            tracked[model._meta.label] = (history._meta.label, history)
    return tracked


# Buttons that only draw the form again (one more row), saving nothing: their 200 need not
# carry an error, but must still change nothing.
REDRAW_BUTTONS = {"add_recommendation", "add_standing_item", "add_row"}

# Pages that answer a POST that made something with 200, to show it once (a new API
# token's value is never stored, so no page after a redirect could show it), and the
# mark of that answer.
SHOWN_ONCE = {"api_tokens": "govuk-panel--confirmation"}

ERROR_TITLE = re.compile(r"<title>\s*Error:")
ERROR_ITEM = re.compile(r'govuk-error-summary__list">\s*<li', re.S)


def check_submission(client: Client, target: Target, data: dict, user, before=None) -> int:
    """One POST inside a savepoint that is rolled back, so each example starts afresh.

    `before` is the database's checksum before the POST. Every example is rolled back, so
    a run of examples may read it once and pass it to each.
    """
    with transaction.atomic():
        cache.clear()  # the sign-in throttle counts failures in the cache
        if before is None:
            before = database_checksum()
        started = dt.datetime.now(dt.UTC)
        with statements_that_may_write() as writes:
            response = client.post(target.url, data)
        status = response.status_code
        body = response.content.decode("utf-8", errors="replace")
        assert status < 500, f"{status} for {target.url}"
        # A POST that sent no statement that may change a row changed nothing.
        changed = differences(before, database_checksum()) if writes else {}
        if status == 200 and SHOWN_ONCE.get(target.name, "\0") in body:
            # What was made is shown once, on this answer: it must be something without
            # history of its own (a credential), and nothing tracked may have changed.
            assert not set(changed) & set(_tracked()), f"{target.url} changed {sorted(changed)}"
        elif status == 200:
            if not REDRAW_BUTTONS & data.keys():
                assert ERROR_TITLE.search(body) and ERROR_ITEM.search(body), (
                    f"{target.url} answered 200 to a POST without an error summary"
                )
            assert changed == {}, f"a refused submission changed {sorted(changed)}"
        elif status in {301, 302, 303}:
            tracked = _tracked()
            for label in changed:
                if label in tracked:
                    history_label, history = tracked[label]
                    assert history_label in changed, f"{label} changed without its history"
                    new_rows = history.objects.filter(history_date__gte=started)
                    if user is not None:
                        assert set(new_rows.values_list("history_user_id", flat=True)) == {
                            user.pk
                        }, f"{history_label} rows by someone else"
        else:
            # 413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (long pastes, percent-encoded),
            # refused with a page that gives the limits.
            assert status in {400, 403, 404, 405, 413}, f"{status} for {target.url}"
            if status == 413:
                assert "What you sent is too large" in body, body[:300]
            assert changed == {}, f"a {status} changed {sorted(changed)}"
        transaction.set_rollback(True)
    return status


def exercise(name: str, variant: str, objects: dict, *, examples: int, derandomize: bool):
    target, client = prepare(name, variant, objects)
    page = client.get(target.form_page)
    assert page.status_code == 200, f"{target.form_page} gave {page.status_code}"
    forms = forms_posting_to(page.content.decode(), target.url, page=target.form_page)
    assert forms, f"no form posting to {target.url} on {target.form_page} as {target.principal}"
    cookies = copy.deepcopy(client.cookies)
    user = get_user_model().objects.filter(username=target.principal).first()
    before = database_checksum()

    @settings(
        max_examples=examples,
        derandomize=derandomize,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=submissions(forms, target.samples))
    def posting(data):
        client.cookies = copy.deepcopy(cookies)  # signed in as before, whatever came last
        status = check_submission(client, target, data, user, before)
        answers[status] = answers.get(status, 0) + 1
        event(f"answered {status}")

    answers: dict[int, int] = {}
    posting()
    print(f"{target.name} ({target.variant or 'the page'}): answered {answers}")


@pytest.mark.parametrize(("name", "variant"), targets())
def test_no_input_breaks_a_form_or_changes_anything_when_refused(world, name, variant):
    exercise(name, variant, world, examples=FAST_EXAMPLES, derandomize=True)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "variant"), targets())
def test_no_input_breaks_a_form_long_run(world, name, variant):
    exercise(name, variant, world, examples=LONG_EXAMPLES, derandomize=False)


# -- the harness itself -----------------------------------------------------------------------


def test_every_page_that_takes_a_post_is_exercised(world, monkeypatch):
    """A view that reads posted data, found by posting to every page of the matrix as
    someone allowed to open it, must be among the targets (its code says it takes a POST)."""
    read = set()
    original = WSGIRequest._load_post_and_files

    def spy(request):
        read.add(request.resolver_match.url_name if request.resolver_match else request.path)
        return original(request)

    monkeypatch.setattr(WSGIRequest, "_load_post_and_files", spy)
    users = get_user_model().objects
    for name, variants in MATRIX.items():
        for build, expected in variants.values():
            principal = _principal_for(expected)
            if principal is None:
                continue
            client = Client()
            if principal != "public":
                client.force_login(users.get(username=principal))
            with transaction.atomic():
                client.post(reverse(name, kwargs=build(world)), {"probe": "1"})
                transaction.set_rollback(True)
    exercised = {name for name, _ in targets()}
    assert read - exercised == set()
    assert {"recommendation_update", "login", "logout"} <= exercised  # the finder finds


def test_the_checks_catch_a_change_without_history_and_a_silent_refusal(world, monkeypatch):
    """The checks are not vacuous: they pass an accepted update and a refused one, and fail
    a change that skips history and a refusal that says nothing."""
    target, client = prepare("recommendation_update", "", world)
    owner = get_user_model().objects.get(username="owner")
    assert check_submission(client, target, {"progress_note": "Handbook drafted."}, owner) == 302
    assert check_submission(client, target, {"progress_note": ""}, owner) == 200

    real_post = client.post

    def post_behind_historys_back(*args, **kwargs):
        Recommendation.objects.filter(pk=world["recommendation"].pk).update(responsibility="X")
        return real_post(*args, **kwargs)

    monkeypatch.setattr(client, "post", post_behind_historys_back)
    with pytest.raises(AssertionError, match="changed without its history"):
        check_submission(client, target, {"progress_note": "Handbook drafted."}, owner)
    with pytest.raises(AssertionError, match="a refused submission changed"):
        check_submission(client, target, {"progress_note": ""}, owner)

    silent = SimpleNamespace(status_code=200, content=b"<title>Send an update</title>")
    monkeypatch.setattr(client, "post", lambda *args, **kwargs: silent)
    with pytest.raises(AssertionError, match="without an error summary"):
        check_submission(client, target, {}, owner)


def test_the_form_reader_sends_what_a_browser_sends():
    html = """
    <form method="get" action="/outstanding/"><input name="q" value="ignored"></form>
    <form method="post" action="">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="A &amp; B">
      <input type="checkbox" name="overdue" value="on" checked>
      <input type="radio" name="decision" value="accept">
      <input type="radio" name="decision" value="return" checked>
      <textarea name="note">
Line one</textarea>
      <select name="owner"><option value="">Any</option><option value="3" selected>Post</option>
        <optgroup label="People"><option value="person:4">Someone</option></optgroup></select>
      <button type="submit" name="action" value="confirm">Confirm</button>
      <button type="button" name="ignored">No</button>
    </form>
    <form method="post" action="/sign-out/"><input type="hidden" name="next" value="/"></form>
    """
    page = "/recommendations/1/update/"
    [form] = forms_posting_to(html, page, page=page)
    fields = form.fields
    assert set(fields) == {"csrfmiddlewaretoken", "title", "overdue", "decision", "note",
                           "owner", "action"}  # fmt: skip
    assert fields["title"].value == "A & B"
    assert fields["decision"].value == "return"
    assert fields["decision"].options == ["accept", "return"]
    assert fields["note"].value == "Line one"
    assert (fields["owner"].value, fields["owner"].options) == ("3", ["", "3", "person:4"])
    assert fields["action"].options == ["confirm"] and fields["action"].kind == "submit"
    [sign_out] = forms_posting_to(html, "/sign-out/", page=page)
    assert list(sign_out.fields) == ["next"]
