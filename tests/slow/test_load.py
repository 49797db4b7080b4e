"""The app under load, with its database and its broker taken away (loadtest/run.py).

Every kind of user works against gunicorn on PostgreSQL with Redis configured, for
LOAD_SECONDS (120 by default; docs/reliability.md gives the longer documented run):

- steady load: not one error;
- PostgreSQL stopped and started again: errors only while it is down and for at most a
  few seconds after, then every kind of user succeeds again;
- Redis stopped and started again: not one error, the web app never connects to Redis,
  and every update a responsible officer sent is in the database with its history.

The run starts its own PostgreSQL and Redis servers, so nothing else on the machine is
disturbed, and stops them (its database goes with them) whatever happens.

The checks that decide the run's verdict are tested here too, on made-up requests, in
the normal (fast) suite.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from loadtest.run import Marks, Plan, analyse, load, percentile, server_errors, table


@pytest.mark.slow
def test_no_user_action_fails_or_is_lost_under_load_and_faults(tmp_path, capsys):
    needed = ["redis-server", "redis-cli"] + (["runuser"] if os.geteuid() == 0 else [])
    missing = [program for program in needed if not shutil.which(program)]
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and not shutil.which("initdb"):
        missing.append("initdb")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the load test needs {', '.join(missing)}")
        pytest.skip(f"the load test needs {', '.join(missing)}")
    report_path = Path(os.environ.get("LOAD_REPORT") or tmp_path / "load-report.json")

    report = load(
        Plan(seconds=float(os.environ.get("LOAD_SECONDS", "120"))),
        report_path=report_path,
        echo=lambda text: None,
    )

    with capsys.disabled():
        print(f"\n{table(report)}\nReport: {report_path}")
    assert report["failures"] == []


# -- the verdict ----------------------------------------------------------------------------

T0 = 1_000_000.0
MARKS = Marks(
    start=T0,
    postgres_stop=T0 + 50,
    postgres_ready=T0 + 56,
    redis_stop=T0 + 80,
    redis_start=T0 + 100,
    end=T0 + 120,
)
ROLES = ["public", "councillor", "owner", "officer"]
LOG = """\
2026-11-22 05:10:01,000 ERROR django.request Internal Server Error: / (reference 0A0A0A0A)
Traceback (most recent call last):
  File "x.py", line 1, in <module>
psycopg.OperationalError: connection failed: Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "y.py", line 2, in <module>
django.db.utils.OperationalError: connection failed: Connection refused
[2026-11-22 05:10:02 +0000] [12] [INFO] Booting worker with pid: 12
2026-11-22 05:10:03,000 ERROR django.request Internal Server Error: /x/ (reference 0B0B0B0B)
Traceback (most recent call last):
  File "z.py", line 3, in <module>
TypeError: Cannot reorder a query once a slice has been taken.
"""


def request(at: float, role: str = "public", *, ok: bool = True, error: str = "") -> dict:
    return {"kind": "request", "start": T0 + at, "ms": 40.0, "method": "GET", "name": "/",
            "role": role, "status": 200 if ok else 500, "ok": ok, "error": error}  # fmt: skip


def update(at: float, note: str, *, accepted: bool = True) -> dict:
    return {"kind": "update", "start": T0 + at, "end": T0 + at + 0.1, "note": note,
            "url": "/recommendations/1/update/", "accepted": accepted}  # fmt: skip


def healthy_run() -> list[dict]:
    """Every role busy in every phase; two updates, one while Redis is down."""
    events = [request(at + 0.5 * n, role) for at in range(0, 120, 2) for n, role in
              enumerate(ROLES)]  # fmt: skip
    return events + [update(30, "Progress reported under load 1"),
                     update(90, "Progress reported under load 2")]  # fmt: skip


IN_DATABASE = {"Progress reported under load 1": 1, "Progress reported under load 2": 1}


def verdict(events: list[dict], updates: dict[str, int] = IN_DATABASE) -> list[str]:
    return analyse(events, MARKS, dict(updates), server_errors(LOG))["failures"]


def test_the_log_gives_each_references_exception():
    assert server_errors(LOG) == {
        "0A0A0A0A": "django.db.utils.OperationalError: connection failed: Connection refused",
        "0B0B0B0B": "TypeError: Cannot reorder a query once a slice has been taken.",
    }


def test_a_healthy_run_passes_and_database_errors_while_it_is_down_are_allowed():
    assert verdict(healthy_run()) == []
    down = request(53, ok=False, error="500 for /: reference 0A0A0A0A")
    assert verdict([*healthy_run(), down]) == []
    just_after = request(56 + 4, ok=False, error="500 for /: reference 0A0A0A0A")  # in grace
    assert verdict([*healthy_run(), just_after]) == []


def test_an_error_after_the_grace_or_of_another_kind_fails_the_run():
    late = request(56 + 7, ok=False, error="500 for /: reference 0A0A0A0A")
    assert any("outside PostgreSQL's outage" in f for f in verdict([*healthy_run(), late]))
    bug = request(53, ok=False, error="500 for /x/: reference 0B0B0B0B")
    assert any("the database's: 1 not" in f for f in verdict([*healthy_run(), bug]))
    steady = request(20, ok=False, error="Connection reset by peer")
    assert any("outside PostgreSQL's outage" in f for f in verdict([*healthy_run(), steady]))


def test_a_lost_or_refused_update_fails_the_run():
    lost = verdict(healthy_run(), updates={"Progress reported under load 1": 1})
    assert any("acknowledged update is in the database (1 missing)" in f for f in lost)
    refused = [*healthy_run(), update(85, "Progress reported under load 3", accepted=False)]
    assert any("while Redis was down was acknowledged" in f for f in verdict(refused))
    unrecorded = verdict(
        healthy_run(), updates={**IN_DATABASE, "Progress reported under load 1": 0}
    )
    assert any("history row" in f for f in unrecorded)


def test_a_role_that_stops_working_fails_the_run():
    officers_stop = [e for e in healthy_run() if e.get("role") != "officer" or e["start"] < T0 + 50]
    failures = verdict(officers_stop)
    assert any("after PostgreSQL is back" in f for f in failures)
    assert any("while Redis is down" in f for f in failures)


def test_percentiles_are_nearest_rank():
    times = [float(n) for n in range(1, 101)]
    assert [percentile(times, p) for p in (50, 95, 99)] == [50.0, 95.0, 99.0]
    assert percentile([7.0], 99) == 7.0 and percentile([], 50) == 0.0
