"""Load the app as it runs in production, then take its database and its broker away.

    .venv/bin/python -m loadtest.run --seconds 420 --report load-report.json

starts, in a temporary directory, a PostgreSQL server and a Redis server of its own (so
that stopping them disturbs nothing else on the machine), migrates a fresh database, loads
the demo record (with more open requests for its responsible officer: loadtest/work.py),
collects the static files and serves the app with gunicorn (DEBUG off,
a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, REDIS_URL set). Then loadtest/locustfile.py plays
every kind of user against it for the given time, in phases:

1. warm-up and steady load: not one error is allowed;
2. PostgreSQL stopped (fast shutdown), kept down a few seconds, started again: errors are
   allowed only from the stop until GRACE seconds after it accepts connections again;
3. Redis stopped, kept down, started again: not one error; the web app never connects to
   Redis at all (no page enqueues a task), and every update a responsible officer sent,
   during the outage or not, is in the database with its history.

It prints p50/p95/p99 and the error rate of each phase, writes them with the checks to
the report (JSON), and stops everything it started (the temporary directory, its database
included, is removed) whatever happens. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
DEMO_PASSWORD = "scrutiny-demo-2019"  # the README's demo password
DATABASE = "scrutiny_load"
UPDATE_PREFIX = "Progress reported under load"  # as in the locustfile
DEFAULT_USERS = {"public": 8, "councillor": 2, "owner": 2, "officer": 2}
WARM_UP = 15.0  # seconds: the users sign in and find their way around
GRACE = 5.0  # seconds after PostgreSQL is back within which an error still counts as its


class SetupError(RuntimeError):
    """Something the run needs could not be started; nothing was measured."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SetupError(f"{what} did not happen within {seconds:.0f} seconds")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SetupError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


# -- the services ---------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL server of this run's own, on a free port of 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        bindir = Path(found[-1]).parent if found else None
        if bindir is None and shutil.which("initdb"):
            bindir = Path(shutil.which("initdb")).parent
        if bindir is None:
            raise SetupError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        self.bin = bindir
        self.dir = root / "postgres"
        self.data = self.dir / "data"
        self.port = free_port()
        self.running = False
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        run(
            self.as_user
            + [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log")]
            + ["-o", options, "-w", "-t", "60", *args]
        )

    def init(self) -> None:
        self.dir.mkdir()
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        run(
            self.as_user
            + [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
            + ["-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]
        )
        self.start()
        run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "postgres", DATABASE])  # fmt: skip

    def is_ready(self) -> bool:
        result = subprocess.run(
            [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        )
        return result.returncode == 0

    def start(self) -> None:
        self._ctl("start")
        self.running = True
        wait_for(self.is_ready, seconds=30, what="PostgreSQL accepting connections")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")
        self.running = False


class Redis:
    """A Redis server of this run's own, started as .ci/run starts the machine's."""

    def __init__(self, root: Path) -> None:
        if not shutil.which("redis-server"):
            raise SetupError("redis-server is not installed")
        self.dir = root / "redis"
        self.dir.mkdir()
        self.port = free_port()
        self.running = False
        # Every connection this run makes itself, so that the app's can be told apart.
        self.own_connections = 0
        self.app_connections = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        self.own_connections += 1
        return subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
            capture_output=True,
            text=True,
        )

    def is_up(self) -> bool:
        return self.cli("ping").stdout.strip() == "PONG"

    def start(self) -> None:
        run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.dir)]
            + ["--logfile", str(self.dir / "log"), "--pidfile", str(self.dir / "pid")]
        )
        self.own_connections = 0
        wait_for(self.is_up, seconds=30, what="Redis answering")
        self.running = True

    def connections_from_others(self) -> int:
        """Connections this server received that this run did not make."""
        info = self.cli("info", "stats").stdout
        received = next(
            int(line.split(":")[1])
            for line in info.splitlines()
            if line.startswith("total_connections_received:")
        )
        return received - self.own_connections

    def keys(self) -> int:
        return int(self.cli("dbsize").stdout.strip() or 0)

    def stop(self) -> None:
        """Count who else connected, then shut down without saving (as in an outage)."""
        self.app_connections += self.connections_from_others()
        self.cli("shutdown", "nosave")
        wait_for(lambda: not self.is_up(), seconds=30, what="Redis stopping")
        self.running = False


# -- the app --------------------------------------------------------------------------------


@dataclass
class App:
    postgres: Postgres
    redis: Redis
    root: Path
    workers: int
    cache_on_redis: bool = False
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, *, debug: bool) -> dict[str, str]:
        keep = {
            key: value
            for key, value in os.environ.items()
            if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
        }
        return keep | {
            "ENV_FILE": os.devnull,  # not this checkout's .env: everything is said here
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DEBUG": str(debug),
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.postgres.url(),
            "REDIS_URL": self.redis.url,
            # The sign-in throttle's counts: per process, or shared in Redis (README).
            "CACHE_URL": self.redis.url.removesuffix("/0") + "/1" if self.cache_on_redis else "",
            # Plain HTTP on the loopback interface: no TLS to redirect to or to mark cookies.
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args: str, debug: bool = False) -> None:
        run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env(debug=debug))

    def prepare(self) -> None:
        self.manage("migrate", "--no-input")
        # load_demo refuses to run with DEBUG off, as it should in production.
        self.manage("load_demo", "--password", DEMO_PASSWORD, debug=True)
        # Enough open items that an owner seldom waits for a review to send an update.
        work = "from loadtest.work import give_the_owner_work; give_the_owner_work()"
        self.manage("shell", "--no-imports", "-c", work, debug=True)
        self.manage("collectstatic", "--no-input", "--clear")

    def start(self) -> None:
        self.log = open(self.root / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tracker.wsgi:application"]
            + ["--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"]
            + ["--timeout", "30", "--graceful-timeout", "10"],
            cwd=REPO,
            env=self.env(debug=False),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def answers() -> bool:
            if self.process.poll() is not None:
                raise SetupError(f"gunicorn exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/sign-in/", timeout=5) as response:
                    return response.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_for(answers, seconds=60, what="gunicorn answering")

    def log_tail(self, lines: int = 40) -> str:
        path = self.root / "gunicorn.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if getattr(self, "log", None):
            self.log.close()


# -- the plan and what it measured -----------------------------------------------------------


@dataclass
class Plan:
    seconds: float = 120
    workers: int = 3
    users: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_USERS))
    postgres_down: float = 5.0
    cache_on_redis: bool = False  # CACHE_URL at Redis, as the README advises for many workers

    @property
    def postgres_at(self) -> float:
        return max(WARM_UP + 10, self.seconds * 0.45)

    @property
    def redis_at(self) -> float:
        return max(self.postgres_at + self.postgres_down + 15, self.seconds * 0.7)

    @property
    def redis_down(self) -> float:
        return max(20.0, self.seconds * 0.15)

    def check(self) -> None:
        if self.redis_at + self.redis_down + 10 > self.seconds:
            raise SetupError(f"{self.seconds:.0f} s is too short for the phases: give 90 or more")


@dataclass
class Marks:
    """When things happened (time.time()), for sorting requests into phases."""

    start: float = 0.0
    postgres_stop: float = 0.0
    postgres_ready: float = 0.0
    redis_stop: float = 0.0
    redis_start: float = 0.0
    end: float = 0.0


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank."""
    if not sorted_ms:
        return 0.0
    rank = max(1, round(p / 100 * len(sorted_ms) + 0.5 - 1e-9))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def summary(requests: list[dict], seconds: float) -> dict:
    times = sorted(r["ms"] for r in requests)
    errors = [r for r in requests if not r["ok"]]
    return {
        "requests": len(requests),
        "errors": len(errors),
        "error_rate": round(len(errors) / len(requests), 5) if requests else 0.0,
        "per_second": round(len(requests) / seconds, 2) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "max_ms": round(times[-1], 1) if times else 0.0,
    }


LOGGED_ERROR = re.compile(r"Internal Server Error: \S+ \(reference ([0-9A-F]+)\)")
REFERENCE = re.compile(r"reference ([0-9A-F]+)")
# What a request meets while the database is down: it cannot connect, or it loses its
# connection mid-way. (Django wraps psycopg's errors in its own of the same names.)
DATABASE_DOWN = {"OperationalError", "InterfaceError"}


def server_errors(log: str) -> dict[str, str]:
    """Reference of each server error the app logged -> the exception's type and message
    (the last line of its traceback)."""
    found = {}
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if match := LOGGED_ERROR.search(line):
            last = ""
            for following in lines[index + 1 :]:
                if LOGGED_ERROR.search(following) or re.match(r"^(\d{4}-\d\d-\d\d |\[)", following):
                    break
                if following and not following[0].isspace() and ":" in following:
                    last = following
            found[match.group(1)] = last.strip()[:300]
    return found


def exception_of(request: dict, errors: dict[str, str]) -> str:
    match = REFERENCE.search(request["error"])
    return errors.get(match.group(1), "not in the log") if match else request["error"][:120]


def analyse(
    events: list[dict], marks: Marks, updates_in_db: dict[str, int], errors: dict[str, str]
) -> dict:
    requests = [e for e in events if e["kind"] == "request"]
    for r in requests:
        r["end"] = r["start"] + r["ms"] / 1000
        r["exception"] = "" if r["ok"] else exception_of(r, errors)
    outage_until = marks.postgres_ready + GRACE
    phases = {
        "warm-up": (marks.start, marks.start + WARM_UP),
        "steady": (marks.start + WARM_UP, marks.postgres_stop),
        "postgres outage": (marks.postgres_stop, outage_until),
        "after postgres": (outage_until, marks.redis_stop),
        "redis outage": (marks.redis_stop, marks.redis_start),
        "after redis": (marks.redis_start, marks.end + 60),
    }
    by_phase: dict[str, list[dict]] = defaultdict(list)
    for r in requests:
        for name, (start, end) in phases.items():
            if start <= r["end"] < end:
                by_phase[name].append(r)
                break
    report: dict = {"phases": {}, "checks": [], "failures": []}
    for name, (start, end) in phases.items():
        report["phases"][name] = summary(by_phase[name], min(end, marks.end) - start)
    report["phases"]["whole run"] = summary(requests, marks.end - marks.start)
    steady = by_phase["steady"]
    steady_seconds = marks.postgres_stop - marks.start - WARM_UP
    report["steady_by_role"] = {
        role: summary([r for r in steady if r["role"] == role], steady_seconds)
        for role in sorted({r["role"] for r in requests})
    }
    report["steady_by_page"] = {
        f"{method} {name}": summary(
            [r for r in steady if (r["method"], r["name"]) == (method, name)], steady_seconds
        )
        for method, name in sorted({(r["method"], r["name"]) for r in steady})
    }

    def check(ok: bool, text: str) -> None:
        report["checks"].append({"ok": bool(ok), "check": text})
        if not ok:
            report["failures"].append(text)

    def examples(rows: list[dict]) -> str:
        seen = Counter(f"{r['method']} {r['name']}: {r['exception']}" for r in rows)
        return "; ".join(f"{text} ({count}×)" for text, count in seen.most_common(4))

    def in_outage(r: dict) -> bool:
        return marks.postgres_stop <= r["end"] < outage_until

    def database_down(r: dict) -> bool:
        return r["exception"].split(":")[0].rsplit(".", 1)[-1] in DATABASE_DOWN

    failed = [r for r in requests if not r["ok"]]
    report["errors_by_exception"] = dict(Counter(r["exception"] for r in failed).most_common())
    outside = [r for r in failed if not in_outage(r)]
    check(not outside, f"no error outside PostgreSQL's outage: {len(outside)}, {examples(outside)}")
    during = [r for r in failed if in_outage(r)]
    other = [r for r in during if not database_down(r)]
    check(
        not other,
        f"the errors during the outage are the database's: {len(other)} not, {examples(other)}",
    )
    last = max((r["end"] for r in during if database_down(r)), default=None)
    report["postgres"] = {
        "down_seconds": round(marks.postgres_ready - marks.postgres_stop, 2),
        "errors": len(during),
        "last_error_after_ready_seconds": round(last - marks.postgres_ready, 2) if last else None,
        "grace_seconds": GRACE,
    }
    recovered = {r["role"] for r in by_phase["after postgres"] if r["ok"]}
    roles = {r["role"] for r in requests}
    check(recovered == roles, f"every kind of user succeeds after PostgreSQL is back: {recovered}")
    check(
        {r["role"] for r in by_phase["redis outage"] if r["ok"]} == roles,
        "every kind of user acts while Redis is down",
    )

    updates = [e for e in events if e["kind"] == "update"]
    sent = {u["note"] for u in updates}
    acknowledged = {u["note"] for u in updates if u["accepted"]}
    during_redis = [
        u for u in updates if marks.redis_stop <= u["start"] and u["end"] < marks.redis_start
    ]
    report["updates"] = {
        "sent": len(sent),
        "acknowledged": len(acknowledged),
        "in_database": len(updates_in_db),
        "sent_while_redis_down": len(during_redis),
        "acknowledged_while_redis_down": sum(u["accepted"] for u in during_redis),
    }
    check(bool(acknowledged), "responsible officers' updates were acknowledged")
    check(
        during_redis and all(u["accepted"] for u in during_redis),
        f"every update sent while Redis was down was acknowledged ({len(during_redis)} sent)",
    )
    lost = acknowledged - set(updates_in_db)
    check(not lost, f"every acknowledged update is in the database ({len(lost)} missing)")
    unknown = set(updates_in_db) - sent
    check(not unknown, f"the database holds no update nobody sent ({len(unknown)})")
    unrecorded = [note for note, history in updates_in_db.items() if history != 1]
    check(not unrecorded, f"each update has its history row by the owner ({len(unrecorded)} not)")
    return report


# -- one run -------------------------------------------------------------------------------


@contextlib.contextmanager
def services(root: Path) -> Iterator[tuple[Postgres, Redis]]:
    postgres = Postgres(root)
    redis = Redis(root)
    try:
        postgres.init()
        redis.start()
        yield postgres, redis
    finally:
        if postgres.running or postgres.is_ready():
            with contextlib.suppress(SetupError):
                postgres.stop("immediate")
        if redis.is_up():
            redis.cli("shutdown", "nosave")


def updates_in_database(postgres: Postgres) -> dict[str, int]:
    """Each update the load sent that is in the database -> its history rows by the owner."""
    import psycopg

    with psycopg.connect(postgres.url(), connect_timeout=10) as connection:
        rows = connection.execute(
            """
            SELECT u.progress_note, count(h.history_id)
            FROM tracker_ownerupdate u
            LEFT JOIN tracker_historicalownerupdate h
              ON h.id = u.id AND h.history_type = '+'
              AND h.history_user_id = u.submitted_by_id
            JOIN auth_user a ON a.id = u.submitted_by_id AND a.username = 'owner'
            WHERE u.progress_note LIKE %s
            GROUP BY u.progress_note
            """,
            [UPDATE_PREFIX + " %"],
        ).fetchall()
    return dict(rows)


def load(plan: Plan, *, report_path: Path | None = None, echo=print) -> dict:
    """Run the plan from nothing to nothing; the report, with its list of failures."""
    plan.check()
    root = Path(tempfile.mkdtemp(prefix="scrutiny-load-"))
    root.chmod(0o755)  # the postgres user reaches its directory inside
    static_root = REPO / "staticfiles"
    static_existed = static_root.exists()
    marks = Marks()
    locust = None
    app = None
    try:
        with services(root) as (postgres, redis):
            echo(f"PostgreSQL on port {postgres.port}, Redis on port {redis.port}")
            app = App(
                postgres=postgres,
                redis=redis,
                root=root,
                workers=plan.workers,
                cache_on_redis=plan.cache_on_redis,
            )
            app.prepare()
            app.start()
            echo(f"gunicorn ({plan.workers} workers) on {app.url}; load for {plan.seconds:.0f} s")
            events_path = root / "events.jsonl"
            env = app.env(debug=False) | {
                "LOAD_EVENTS": str(events_path),
                "DEMO_PASSWORD": DEMO_PASSWORD,
            }
            env |= {f"LOAD_{role.upper()}_USERS": str(n) for role, n in plan.users.items()}
            total = sum(plan.users.values())
            marks.start = time.time()
            locust = subprocess.Popen(
                [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
                + ["--host", app.url, "--users", str(total), "--spawn-rate", str(total)]
                + ["--run-time", f"{plan.seconds:.0f}s", "--stop-timeout", "20"]
                + ["--only-summary", "--loglevel", "WARNING"],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )

            def at(offset: float) -> None:
                time.sleep(max(0.0, marks.start + offset - time.time()))
                if locust.poll() is not None:
                    raise SetupError(f"locust stopped early:\n{locust.stdout.read()[-3000:]}")

            at(plan.postgres_at)
            echo("stopping PostgreSQL")
            marks.postgres_stop = time.time()
            postgres.stop("fast")
            time.sleep(plan.postgres_down)
            postgres.start()
            marks.postgres_ready = time.time()
            echo(f"PostgreSQL back after {marks.postgres_ready - marks.postgres_stop:.1f} s")

            at(plan.redis_at)
            echo("stopping Redis")
            marks.redis_stop = time.time()
            redis.stop()
            time.sleep(plan.redis_down)
            redis.start()
            marks.redis_start = time.time()
            echo(f"Redis back after {marks.redis_start - marks.redis_stop:.1f} s")

            output, _ = locust.communicate(timeout=plan.seconds + 120)
            marks.end = time.time()
            redis.app_connections += redis.connections_from_others()
            queued = redis.keys()
            events = [json.loads(line) for line in events_path.read_text().splitlines() if line]
            report = analyse(
                events,
                marks,
                updates_in_database(postgres),
                server_errors((root / "gunicorn.log").read_text(errors="replace")),
            )
            report["redis"] = {
                "down_seconds": round(marks.redis_start - marks.redis_stop, 2),
                "connections_from_the_app": redis.app_connections,
                "keys_after_the_run": queued,
            }
            # No page enqueues a task or, unless the cache is there, reads Redis at all.
            if redis.app_connections and not plan.cache_on_redis:
                report["failures"].append(
                    f"the web app connected to Redis {redis.app_connections} times"
                )
            if queued:
                report["failures"].append(f"{queued} keys were queued in Redis")
            report["plan"] = {
                "seconds": plan.seconds,
                "gunicorn_workers": plan.workers,
                "users": plan.users,
                "cache_on_redis": plan.cache_on_redis,
                "postgres_stopped_at_second": round(marks.postgres_stop - marks.start, 1),
                "redis_stopped_at_second": round(marks.redis_stop - marks.start, 1),
            }
            report["machine"] = {"cores": os.cpu_count(), "load_average": os.getloadavg()}
            report["locust_summary"] = output[-4000:]
            if report["failures"]:
                report["gunicorn_log"] = app.log_tail()
    finally:
        if locust is not None and locust.poll() is None:
            os.killpg(locust.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                locust.wait(20)
            if locust.poll() is None:
                os.killpg(locust.pid, signal.SIGKILL)
        if app is not None:
            app.stop()
        shutil.rmtree(root, ignore_errors=True)
        if not static_existed:
            shutil.rmtree(static_root, ignore_errors=True)
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2) + "\n")
    return report


def table(report: dict) -> str:
    lines = [
        f"{'phase':<18}{'requests':>9}{'errors':>8}{'error %':>9}{'req/s':>7}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    ]
    for name, s in report["phases"].items():
        lines.append(
            f"{name:<18}{s['requests']:>9}{s['errors']:>8}{s['error_rate'] * 100:>9.2f}"
            f"{s['per_second']:>7.1f}{s['p50_ms']:>8.0f}{s['p95_ms']:>8.0f}{s['p99_ms']:>8.0f}"
            f"{s['max_ms']:>8.0f}"
        )
    pg, rd, up = report["postgres"], report["redis"], report["updates"]
    lines += [
        "",
        f"PostgreSQL down {pg['down_seconds']} s: {pg['errors']} errors, the last "
        + (f"{pg['last_error_after_ready_seconds']} s after it was back" if pg["errors"] else "-"),
        f"Redis down {rd['down_seconds']} s: connections from the app "
        f"{rd['connections_from_the_app']}, keys queued {rd['keys_after_the_run']}",
        f"Updates: {up['sent']} sent, {up['acknowledged']} acknowledged, "
        f"{up['in_database']} in the database; {up['acknowledged_while_redis_down']} of "
        f"{up['sent_while_redis_down']} acknowledged while Redis was down",
    ]
    lines += [f"FAILED: {text}" for text in report["failures"]] or ["Every check passed."]
    return "\n".join(lines)


def parse_users(text: str) -> dict[str, int]:
    users = dict(DEFAULT_USERS)
    for part in filter(None, text.split(",")):
        role, _, count = part.partition("=")
        if role not in users:
            raise argparse.ArgumentTypeError(f"no such role {role!r}: {', '.join(users)}")
        users[role] = int(count)
    return users


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="length of the load (120)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument(
        "--users",
        type=parse_users,
        default=dict(DEFAULT_USERS),
        help="users of each role, e.g. public=8,councillor=2,owner=2,officer=2",
    )
    parser.add_argument(
        "--cache-on-redis",
        action="store_true",
        help="keep the sign-in throttle's counts in Redis (CACHE_URL), shared by the workers",
    )
    parser.add_argument("--report", type=Path, help="write the report here (JSON)")
    args = parser.parse_args(argv)
    plan = Plan(
        seconds=args.seconds,
        workers=args.workers,
        users=args.users,
        cache_on_redis=args.cache_on_redis,
    )
    report = load(plan, report_path=args.report)
    print(table(report))
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
