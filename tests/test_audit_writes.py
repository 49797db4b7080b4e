"""Every change to a tracked item is in its history, with who made it and why.

Two halves. A static check reads the project's own source and fails on any write that
bypasses `save()` (and so writes no history row) outside a short allow-list, each entry
of which says why it is safe and carries the same explanation as a comment in the code.
A behavioural check performs every service and counts history rows: exactly one per
object changed, with the acting user and a reason, and nothing at all when the service
fails part way.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import io
import tokenize
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction

from committees.models import Meeting
from tracker.items import services
from tracker.models import (
    AssessmentCategory,
    InformationRequest,
    OwnerUpdate,
    Recommendation,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PACKAGES = ("committees", "tracker")

# -- the static check ---------------------------------------------------------------------

# Calls that write rows without Model.save(), so no history row is written for them.
WRITE_METHODS = {
    "update": "QuerySet.update() writes no history",
    "bulk_update": "bulk_update() writes no history",
    "bulk_create": "bulk_create() writes no history",
    "raw": "raw SQL bypasses the model",
    "cursor": "a database cursor bypasses the model",
    "execute": "raw SQL bypasses the model",
    "executemany": "raw SQL bypasses the model",
    "save_without_historical_record": "saves without a history row",
}
WRITE_FUNCTIONS = {
    "bulk_create_with_history": "bulk history rows carry no reason",
    "bulk_update_with_history": "bulk history rows carry no reason",
    "disable_history": "turns history off",
}
HISTORY_SWITCHES = {"skip_history_when_saving": "turns history off for a save"}

# Things whose .update() is a dict's, a set's or a Counter's, never a queryset's.
CONTAINER_CALLS = {"dict", "set", "frozenset", "Counter", "defaultdict", "OrderedDict", "vars"}
CONTAINER_TYPES = CONTAINER_CALLS | {"Dict", "Set", "MutableMapping", "MutableSet"}

# (module, function) -> why the bare writes there are safe. Each site also says why in a
# comment mentioning history, on or just above its statement (or a block around it).
# Keep this list short.
ALLOWED = {
    ("tracker.scales.services", "assessment_scale_load"): (
        "Reloading a scale moves categories' labels and positions aside so that they may "
        "swap them under the unique constraints; each category's save_with_history() then "
        "records its real change, and an unchanged one is put back as it was."
    ),
    ("tracker.items.services", "_claim_review"): (
        "The conditional update is the claim that lets exactly one officer review an "
        "update; save_with_history() writes the history row for it straight after."
    ),
    ("tracker.reminders.sweep", "record"): (
        "Reminder has no history: its unique constraints and ON CONFLICT DO NOTHING are "
        "what make a reminder exactly-once; the reminder itself is the record."
    ),
    ("tracker.reminders.sweep", "_waiting_digests"): (
        "Makes the day's digest for each recipient of newly recorded reminders: "
        "ReminderDigest is the delivery record and keeps no history."
    ),
    ("tracker.reminders.sweep", "collect"): (
        "Attaching reminders to a digest is delivery bookkeeping on Reminder, which keeps "
        "no history."
    ),
    ("tracker.reminders.sweep", "flag_abandoned"): (
        "ReminderDigest is the delivery record and keeps no history of its own."
    ),
    ("tracker.reminders.sweep", "_claim"): (
        "The conditional update is the claim on a ReminderDigest (no history) that stops "
        "two workers sending one email."
    ),
    ("tracker.reminders.sweep", "_send"): (
        "Delivery status of a ReminderDigest and the release of reminders not in its "
        "email: bookkeeping on models without history."
    ),
    ("tracker.notifications.services", "_record"): (
        "Reminder has no history: its unique key and ON CONFLICT DO NOTHING are what make "
        "a notification exactly-once; the notification itself is the record."
    ),
    ("tracker.items.services", "calendar_link_revoke"): (
        "CalendarLink keeps no history table: a link row is never deleted, the conditional "
        "update lets exactly one request stop it, and each change is logged with who made it."
    ),
    ("tracker.api.tokens", "api_token_revoke"): (
        "ApiToken keeps no history table: a token row is never deleted, the conditional "
        "update lets exactly one request stop it, and each change is logged with who made it."
    ),
    ("tracker.api.tokens", "token_used"): (
        "When a token was last used: bookkeeping on ApiToken, which keeps no history."
    ),
    ("tracker.admin", "ReminderDigestAdmin.settle"): (
        "An admin action on ReminderDigest, the delivery record, which keeps no history."
    ),
    ("tracker.admin", "ReminderDigestAdmin.send_again"): (
        "An admin action on ReminderDigest, the delivery record, which keeps no history."
    ),
    ("tracker.outstanding.exports", "_streamed"): (
        "Read-only: streams the rows of the list's own query (a SELECT the ORM built) for "
        "the CSV and Excel downloads."
    ),
    ("tracker.dev.bench", "_Data.build"): (
        "The benchmark's synthetic data, inserted in bulk inside a transaction that is "
        "rolled back; the tracked items are inserted with their history."
    ),
    (
        "tracker.dev.bench",
        "_floor",
    ): "Read-only SQL: the hand-written floor the pages and the export are measured against.",
    ("tracker.dev.bench", "_explained"): (
        "Read-only: EXPLAIN ANALYZE of the benchmark's main queries, inside its "
        "rolled-back transaction."
    ),
    ("tracker.dev.bench", "_clients"): (
        "Links the benchmark's synthetic owner to a login, inside the benchmark's "
        "rolled-back transaction."
    ),
    ("tracker.dev.bench", "_analyze"): (
        "ANALYZE of the app's tables for fresh statistics: it changes no row, inside the "
        "benchmark's rolled-back transaction."
    ),
    ("tracker.dev.bench", "_kpi_report"): (
        "The benchmark's synthetic performance reports, inserted in bulk inside its "
        "rolled-back transaction."
    ),
    ("tracker.dev.bench", "_kpi_report.floor"): (
        "Read-only SQL: the hand-written floor the KPI report page is measured against."
    ),
    ("tracker.dev.bench", "_history_overhead.save_all"): (
        "Measures what history costs a save by saving without it, inside the benchmark's "
        "rolled-back transaction."
    ),
}


@dataclass(frozen=True)
class Site:
    module: str
    function: str
    line: int
    what: str
    why_unsafe: str
    commented: bool

    def __str__(self) -> str:
        return f"{self.module}:{self.line} in {self.function}: {self.what} ({self.why_unsafe})"


def _comment_lines(source: str) -> dict[int, str]:
    return {
        token.start[0]: token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def _root_name(annotation: ast.expr | None) -> str | None:
    """`Counter[str]` -> "Counter", `dict[str, int]` -> "dict", `typing.Dict` -> "Dict"."""
    while isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    if isinstance(annotation, ast.Attribute):
        return annotation.attr
    if isinstance(annotation, ast.Name):
        return annotation.id
    return None


def _makes_container(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.Set | ast.DictComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        name = _root_name(value.func)
        if name in CONTAINER_CALLS:
            return True
        if name == "field":  # dataclasses.field(default_factory=Counter)
            return any(
                k.arg == "default_factory" and _root_name(k.value) in CONTAINER_CALLS
                for k in value.keywords
            )
    return False


class _WriteFinder(ast.NodeVisitor):
    """Finds the writes in one module, with the function (qualified name) each is in."""

    def __init__(self, module: str, source: str) -> None:
        self.module = module
        self.comments = _comment_lines(source)
        self.sites: list[Site] = []
        self.scopes: list[str] = []
        self.containers: list[set[str]] = [set()]  # names bound to dicts/sets, per scope
        self.container_attributes: set[str] = set()  # attributes that hold dicts/sets
        self.statements: list[ast.stmt] = []
        tree = ast.parse(source)
        self._collect_container_attributes(tree)
        self.visit(tree)

    def _collect_container_attributes(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign):
                is_container = _root_name(node.annotation) in CONTAINER_TYPES or (
                    _makes_container(node.value)
                )
                target = node.target
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                is_container, target = _makes_container(node.value), node.targets[0]
            else:
                continue
            if not is_container:
                continue
            if isinstance(target, ast.Attribute):
                self.container_attributes.add(target.attr)
            elif isinstance(target, ast.Name) and self._in_class_body(tree, node):
                self.container_attributes.add(target.id)

    @staticmethod
    def _in_class_body(tree: ast.AST, node: ast.AST) -> bool:
        return any(
            isinstance(parent, ast.ClassDef) and node in parent.body for parent in ast.walk(tree)
        )

    # scopes

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scopes.append(node.name)
        self.containers.append(set())
        self.generic_visit(node)
        self.containers.pop()
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    @property
    def function(self) -> str:
        return ".".join(self.scopes) or "<module>"

    def visit(self, node: ast.AST) -> None:
        is_statement = isinstance(node, ast.stmt)
        if is_statement:
            self.statements.append(node)
        super().visit(node)
        if is_statement:
            self.statements.pop()

    # what binds containers

    def visit_Assign(self, node: ast.Assign) -> None:
        if _makes_container(node.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.containers[-1].add(target.id)
        self._check_switch(node.targets)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and (
            _root_name(node.annotation) in CONTAINER_TYPES or _makes_container(node.value)
        ):
            self.containers[-1].add(node.target.id)
        self._check_switch([node.target])
        self.generic_visit(node)

    def _check_switch(self, targets: list[ast.expr]) -> None:
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in HISTORY_SWITCHES:
                self._record(f".{target.attr} = ...", HISTORY_SWITCHES[target.attr])

    # the writes

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:
            if not (func.attr == "update" and self._is_container(func.value)):
                self._record(f".{func.attr}(", WRITE_METHODS[func.attr])
        elif isinstance(func, ast.Name) and func.id in WRITE_FUNCTIONS:
            self._record(f"{func.id}(", WRITE_FUNCTIONS[func.id])
        self.generic_visit(node)

    def _is_container(self, receiver: ast.expr) -> bool:
        if _makes_container(receiver):
            return True
        if isinstance(receiver, ast.Call):
            # d.setdefault(k, {}).update(...): setdefault is a dict's, never a queryset's.
            return isinstance(receiver.func, ast.Attribute) and receiver.func.attr == "setdefault"
        if isinstance(receiver, ast.Name):
            return any(receiver.id in scope for scope in self.containers)
        if isinstance(receiver, ast.Attribute):
            return receiver.attr in self.container_attributes
        return False

    def _explained(self, statement: ast.stmt) -> bool:
        """A comment about history on the statement, or in the comment block above it.

        A compound statement's own lines are its header, not its body."""
        body = getattr(statement, "body", None)
        last = body[0].lineno - 1 if body else statement.end_lineno
        lines = list(range(statement.lineno, last + 1))
        above = statement.lineno - 1
        while above in self.comments:
            lines.append(above)
            above -= 1
        return any("history" in self.comments.get(line, "").lower() for line in lines)

    def _record(self, what: str, why_unsafe: str) -> None:
        # The statement itself, or a block it is in (within its function), may say why.
        enclosing = []
        for statement in reversed(self.statements):
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                break
            enclosing.append(statement)
        self.sites.append(
            Site(
                module=self.module,
                function=self.function,
                line=self.statements[-1].lineno,
                what=what,
                why_unsafe=why_unsafe,
                commented=any(self._explained(statement) for statement in enclosing),
            )
        )


def find_writes(source: str, module: str) -> list[Site]:
    return _WriteFinder(module, source).sites


def project_sources() -> Iterator[tuple[str, str]]:
    """(dotted module name, source) of the app's own code: no migrations, no tests."""
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "tests" in parts or parts[-1].startswith("test"):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path.read_text(encoding="utf-8")


def project_writes() -> list[Site]:
    return [site for module, source in project_sources() for site in find_writes(source, module)]


def violations(sites: list[Site], allowed: dict[tuple[str, str], str]) -> list[str]:
    problems = []
    for site in sites:
        if (site.module, site.function) not in allowed:
            problems.append(f"not allowed: {site}")
        elif not site.commented:
            problems.append(f"no comment saying why it is safe: {site}")
    return problems


def test_it_allows_no_write_that_bypasses_history_outside_the_allow_list():
    problems = violations(project_writes(), ALLOWED)
    assert problems == [], (
        "Write through a service that saves the model "
        "(tracker.items.services.save_with_history), or, if this write truly needs no "
        "history, add it to ALLOWED with the reason and a comment at the site:\n"
        + "\n".join(problems)
    )


def test_every_allow_list_entry_is_still_needed():
    used = {(site.module, site.function) for site in project_writes()}
    assert sorted(set(ALLOWED) - used) == []


def test_it_finds_the_known_sites():
    """The check is looking at the real code: the review claim is one of its sites."""
    sites = project_writes()
    assert any(
        s.module == "tracker.items.services"
        and s.function == "_claim_review"
        and s.what == ".update("
        for s in sites
    )
    assert {s.module for s in sites} >= {
        "tracker.items.services",
        "tracker.reminders.sweep",
        "tracker.admin",
    }


# The checker itself, on small pieces of source.

NEW_SITE = """
from tracker.models import Recommendation

def recommendation_close(pk):
    Recommendation.objects.filter(pk=pk).update(tracking_ended_on=None)
"""


def test_the_checker_catches_a_newly_added_queryset_update():
    sites = find_writes(NEW_SITE, "tracker.newmodule")
    assert [(s.function, s.what, s.line) for s in sites] == [
        ("recommendation_close", ".update(", 5)
    ]
    assert violations(sites, ALLOWED) == [f"not allowed: {sites[0]}"]


@pytest.mark.parametrize(
    "line",
    [
        "Recommendation.objects.bulk_update(rows, ['due_date'])",
        "Recommendation.objects.bulk_create(rows)",
        "list(Recommendation.objects.raw('UPDATE tracker_recommendation SET code = code'))",
        "connection.cursor()",
        "cursor.execute('DELETE FROM tracker_recommendation')",
        "connections['default'].cursor().executemany(sql, rows)",
        "bulk_create_with_history(rows, Recommendation)",
        "recommendation.save_without_historical_record()",
        "recommendation.skip_history_when_saving = True",
        "recommendations = Recommendation.objects.all(); recommendations.update(code='R01')",
        "self.queryset.update(code='R01')",
    ],
)
def test_the_checker_catches_every_kind_of_bypass(line):
    sites = find_writes(f"class Admin:\n    def act(self):\n        {line}\n", "tracker.x")
    assert sites, line
    assert all(s.function == "Admin.act" for s in sites)
    assert violations(sites, {}) != []


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    seen = {}\n    seen.update(a=1)\n",
        "def f():\n    seen: dict[str, int] = make()\n    seen.update(a=1)\n",
        "def f():\n    kinds = set()\n    kinds.update([1])\n",
        "vars().update(a=1)\n",
        "OPTIONS = {}\nOPTIONS.setdefault('x', {}).update(timeout=20)\n",
        "@dataclass\nclass Report:\n    by_kind: Counter[str] = field(default_factory=Counter)\n"
        "def f(report):\n    report.by_kind.update(['a'])\n",
    ],
)
def test_the_checker_leaves_dicts_sets_and_counters_alone(source):
    assert find_writes(source, "tracker.x") == []


def test_an_allowed_site_needs_a_comment_saying_why():
    allowed = {("tracker.newmodule", "recommendation_close"): "test"}
    bare = find_writes(NEW_SITE, "tracker.newmodule")
    assert violations(bare, allowed) == [f"no comment saying why it is safe: {bare[0]}"]
    above = NEW_SITE.replace(
        "    Recommendation.objects",
        "    # history written by the save below\n    Recommendation.objects",
    )
    inline = NEW_SITE.replace("=None)", "=None)  # history written by the save below")
    for source in (above, inline):
        assert violations(find_writes(source, "tracker.newmodule"), allowed) == []


def test_a_comment_must_say_why_history_is_not_needed():
    unrelated = NEW_SITE.replace("=None)", "=None)  # fast")
    [site] = find_writes(unrelated, "tracker.newmodule")
    assert not site.commented


def test_a_comment_on_a_block_covers_what_is_inside_it_but_not_the_reverse():
    block = (
        "def f():\n"
        "    # Read-only SQL: nothing changes, so no history.\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('SELECT 1')\n"
    )
    assert all(site.commented for site in find_writes(block, "tracker.x"))
    inner = (
        "def f():\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.fetchone()  # reads only: no history\n"
    )
    [site] = find_writes(inner, "tracker.x")
    assert not site.commented


# -- the behavioural check ----------------------------------------------------------------


def tracked_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def _row(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def rows_of_tracked_models() -> dict[tuple[str, object], dict]:
    """Every row of every history-tracked model, by (model label, pk)."""
    return {
        (model._meta.label, obj.pk): _row(obj)
        for model in tracked_models()
        for obj in model._base_manager.all()
    }


@dataclass(frozen=True)
class HistoryRow:
    label: str
    pk: object
    user_id: int | None
    reason: str | None
    values: tuple  # the object's columns as this row recorded them


def history_rows() -> dict[tuple[str, int], HistoryRow]:
    """Every history row of every tracked model, by (model label, history id)."""
    rows = {}
    for model in tracked_models():
        columns = [f.attname for f in model._meta.concrete_fields]
        for record in model.history.model.objects.values(
            "history_id", "history_user_id", "history_change_reason", *columns
        ):
            rows[(model._meta.label, record["history_id"])] = HistoryRow(
                label=model._meta.label,
                pk=record[model._meta.pk.attname],
                user_id=record["history_user_id"],
                reason=record["history_change_reason"],
                values=tuple(record[column] for column in columns),
            )
    return rows


@dataclass
class World:
    officer: object
    owner: object

    @staticmethod
    def recommendation(code: str = "R02") -> Recommendation:
        return Recommendation.objects.get(inquiry__title="Corporate Parenting", code=code)

    @staticmethod
    def request(text: str = "Breakdown of ethnicity") -> InformationRequest:
        return InformationRequest.objects.get(text__startswith=text)

    @staticmethod
    def category(label: str) -> AssessmentCategory:
        return AssessmentCategory.objects.get(scale__slug="birmingham", label=label)

    @staticmethod
    def meeting(day: dt.date) -> Meeting:
        return Meeting.objects.get(date=day)

    @staticmethod
    def pending(kind: str) -> OwnerUpdate:
        return OwnerUpdate.objects.get(
            status=OwnerUpdate.Status.PENDING, **{f"{kind}__isnull": False}
        )


@pytest.fixture
def world(demo) -> World:
    users = get_user_model().objects
    officer, owner = users.get(username="officer"), users.get(username="owner")
    # An update waiting on a recommendation and one on a request, for the reviews.
    services.owner_update_submit(
        item=World.recommendation(), by_user=owner, progress_note="Handbook drafted."
    )
    services.owner_update_submit(
        item=World.request(),
        by_user=owner,
        progress_note="Breakdown sent.",
        provided_on=dt.date(2019, 2, 20),
        provided_how="Circulated to Members by email",
    )
    return World(officer=officer, owner=owner)


MARCH = dt.date(2019, 3, 13)


@dataclass(frozen=True)
class Case:
    service: str
    label: str
    run: Callable[[World], object]
    changes: frozenset[str]  # the models whose rows the service changes or adds
    by: str = "officer"

    def __str__(self) -> str:
        return self.label


CASES = [
    Case(
        "recommendation_assess",
        "assess",
        lambda w: services.recommendation_assess(
            recommendation=w.recommendation(),
            assessment=w.category("Achieved"),
            decided_on=MARCH,
            by_user=w.officer,
            reason="Committee decided at its meeting of 13 March 2019",
            meeting=w.meeting(MARCH),
            evidence="The published handbook",
        ),
        frozenset({"tracker.Recommendation"}),
    ),
    Case(
        "tracking_round_record",
        "round-with-committee-assessment",
        lambda w: services.tracking_round_record(
            recommendation=w.recommendation(),
            update_received_on=dt.date(2019, 3, 4),
            executive_assessment=w.category("Achieved"),
            committee_assessment=w.category("Achieved"),
            decided_at=w.meeting(MARCH),
            decided_on=MARCH,
            evidence_text="The published handbook",
            by_user=w.officer,
            reason="Committee decided at its meeting of 13 March 2019",
        ),
        frozenset({"tracker.Recommendation", "tracker.TrackingRound"}),
    ),
    Case(
        "tracking_round_record",
        "round-with-next-date",
        lambda w: services.tracking_round_record(
            recommendation=w.recommendation(),
            update_received_on=dt.date(2019, 3, 4),
            next_tracking_date=dt.date(2019, 9, 1),
            by_user=w.officer,
            reason="Progress report received",
        ),
        frozenset({"tracker.Recommendation", "tracker.TrackingRound"}),
    ),
    Case(
        "recommendation_revise_due_date",
        "revise",
        lambda w: services.recommendation_revise_due_date(
            recommendation=w.recommendation(),
            new_date=dt.date(2019, 9, 30),
            decided_on=dt.date(2019, 2, 13),
            by_user=w.officer,
            reason="Handbook delayed by the May 2019 elections",
        ),
        frozenset({"tracker.Recommendation", "tracker.DueDateRevision"}),
    ),
    Case(
        "information_request_create",
        "record",
        lambda w: services.information_request_create(
            meeting=w.meeting(dt.date(2019, 1, 16)),
            text="The youth offending service's staffing figures",
            by_user=w.officer,
            reason="Asked at the meeting",
        ),
        frozenset({"tracker.InformationRequest"}),
    ),
    Case(
        "information_request_provide",
        "provide",
        lambda w: services.information_request_provide(
            request=w.request("Latest re-offending"),
            provided_on=dt.date(2019, 2, 20),
            how="Circulated to Members",
            by_user=w.officer,
        ),
        frozenset({"tracker.InformationRequest"}),
    ),
    Case(
        "information_request_withdraw",
        "withdraw",
        lambda w: services.information_request_withdraw(
            request=w.request("Latest re-offending"),
            reason="The committee no longer needs it",
            by_user=w.officer,
        ),
        frozenset({"tracker.InformationRequest"}),
    ),
    Case(
        "information_request_revise_due_date",
        "request-revise",
        lambda w: services.information_request_revise_due_date(
            request=w.request("Latest re-offending"),
            new_date=dt.date(2019, 9, 30),
            decided_on=dt.date(2019, 2, 13),
            by_user=w.officer,
            reason="Figures come later",
        ),
        frozenset({"tracker.InformationRequest", "tracker.DueDateRevision"}),
    ),
    Case(
        "information_request_change_owner",
        "request-owner",
        lambda w: services.information_request_change_owner(
            request=w.request("Latest re-offending"),
            owner_person=_person(w),
            by_user=w.officer,
            reason="The post was deleted",
        ),
        frozenset({"tracker.InformationRequest"}),
    ),
    Case(
        "owner_update_submit",
        "submit",
        lambda w: services.owner_update_submit(
            item=w.recommendation("R06"), by_user=w.owner, progress_note="Plan agreed."
        ),
        frozenset({"tracker.OwnerUpdate"}),
        by="owner",
    ),
    Case(
        "owner_update_accept",
        "accept-on-recommendation",
        lambda w: services.owner_update_accept(
            update=w.pending("recommendation"), by_user=w.officer
        ),
        frozenset({"tracker.OwnerUpdate", "tracker.TrackingRound"}),
    ),
    Case(
        "owner_update_accept",
        "accept-information-provided",
        lambda w: services.owner_update_accept(
            update=w.pending("request"), by_user=w.officer, note="Thank you"
        ),
        frozenset({"tracker.OwnerUpdate", "tracker.InformationRequest"}),
    ),
    Case(
        "owner_update_return",
        "return",
        lambda w: services.owner_update_return(
            update=w.pending("recommendation"),
            by_user=w.officer,
            reason="Attach the published handbook",
        ),
        frozenset({"tracker.OwnerUpdate"}),
    ),
    Case(
        "committee_assessment_record",
        "committee-assessment-on-open-round",
        lambda w: services.committee_assessment_record(
            recommendation=w.recommendation("R06"),  # its round awaits the committee
            assessment=w.category("In progress"),
            meeting=w.meeting(MARCH),
            next_tracking_date=dt.date(2019, 9, 1),
            by_user=w.officer,
        ),
        frozenset({"tracker.Recommendation", "tracker.TrackingRound"}),
    ),
    Case(
        "committee_assessment_record",
        "committee-assessment-new-round",
        lambda w: services.committee_assessment_record(
            recommendation=w.recommendation(),  # every round decided: a new one
            assessment=w.category("Achieved"),
            meeting=w.meeting(MARCH),
            evidence_link="https://www.birmingham.gov.uk/",
            by_user=w.officer,
        ),
        frozenset({"tracker.Recommendation", "tracker.TrackingRound"}),
    ),
    Case(
        "recommendation_withdraw",
        "withdraw-recommendation",
        lambda w: services.recommendation_withdraw(
            recommendation=w.recommendation(),
            meeting=w.meeting(MARCH),
            reason="Overtaken by the Children's Trust's own handbook",
            by_user=w.officer,
        ),
        frozenset({"tracker.Recommendation"}),
    ),
]


def _person(world: World):
    from committees.models import Person

    return Person.objects.get(user=world.officer)


# Calendar links have no history table (their rows are never deleted and each change is
# logged): these services must leave every tracked row as it was.
CASES += [
    Case(
        "calendar_link_create",
        "calendar-link-create",
        lambda w: services.calendar_link_create(person=_person(w), by_user=w.officer),
        frozenset(),
    ),
    Case(
        "calendar_link_revoke",
        "calendar-link-revoke",
        lambda w: services.calendar_link_revoke(
            link=services.calendar_link_create(person=_person(w), by_user=w.officer),
            by_user=w.officer,
        ),
        frozenset(),
    ),
    Case(
        "calendar_link_replace",
        "calendar-link-replace",
        lambda w: services.calendar_link_replace(
            link=services.calendar_link_create(person=_person(w), by_user=w.officer),
            by_user=w.officer,
        ),
        frozenset(),
    ),
]

# Helpers in tracker.items.services that are not services of their own.
NOT_SERVICES = {"save_with_history"}


def service_names() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__
        and not name.startswith("_")
        and name not in NOT_SERVICES
    }


def test_every_service_is_exercised_below():
    assert service_names() - {case.service for case in CASES} == set()


def _changed(before: dict, after: dict) -> set[tuple[str, object]]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_change_is_one_history_row_with_who_and_why(world, case):
    rows, history = rows_of_tracked_models(), history_rows()
    case.run(world)
    after = rows_of_tracked_models()
    changed = _changed(rows, after)
    new_history = [row for key, row in history_rows().items() if key not in history]

    assert {label for label, _ in changed} == case.changes
    per_object = Counter((row.label, row.pk) for row in new_history)
    assert per_object == Counter(changed), "exactly one history row for each changed object"
    user = getattr(world, case.by)
    for row in new_history:
        assert row.user_id == user.pk, (row.label, row.pk)
        assert (row.reason or "").strip(), (row.label, row.pk)
        # The history row is the object as it now is: nothing changed after it was written.
        assert row.values == tuple(after[(row.label, row.pk)].values()), (row.label, row.pk)


class Failure(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("case", [case for case in CASES if case.changes], ids=str)
def test_a_failure_part_way_leaves_neither_the_change_nor_its_history(world, case, monkeypatch):
    """Fail after the first save, then after the second, ...: each time, nothing stays."""
    real_save = services.save_with_history
    saves = 0

    def counting(obj, **kwargs):
        nonlocal saves
        real_save(obj, **kwargs)
        saves += 1

    rows, history = rows_of_tracked_models(), history_rows()
    monkeypatch.setattr(services, "save_with_history", counting)
    with transaction.atomic():
        case.run(world)
        transaction.set_rollback(True)  # only counting the saves
    assert saves >= 1
    total = saves

    for fail_after in range(1, total + 1):
        done = 0

        def failing(obj, fail_after=fail_after, **kwargs):
            nonlocal done
            real_save(obj, **kwargs)
            done += 1
            if done == fail_after:
                raise Failure(f"failed after save {done} of {total}")

        monkeypatch.setattr(services, "save_with_history", failing)
        with pytest.raises(Failure):
            case.run(world)
        assert rows_of_tracked_models() == rows, f"a change stayed (failed after {fail_after})"
        assert history_rows() == history, f"history stayed (failed after {fail_after})"
