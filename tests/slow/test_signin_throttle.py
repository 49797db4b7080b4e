"""The sign-in throttle counts across web processes.

Two gunicorn servers of one worker each, on one PostgreSQL database and with no cache
configured (so the default, the database cache): failed sign-ins alternate between them,
and the refusal comes at exactly TRACKER_SIGNIN_MAX_FAILURES, on both. With counts kept in
each process, each would have let five through.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from loadtest.run import DEMO_PASSWORD, REPO, App, Postgres, SetupError

if TYPE_CHECKING:
    import requests

LIMIT = 5  # TRACKER_SIGNIN_MAX_FAILURES's default
TOO_MANY = "You have tried to sign in too many times"
WRONG = "Please enter a correct username and password"


def sign_in(session: requests.Session, server: App, password: str) -> requests.Response:
    form = session.get(f"{server.url}/sign-in/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        f"{server.url}/sign-in/",
        {"username": "officer", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{server.url}/sign-in/"},
        allow_redirects=False,
        timeout=30,
    )


@pytest.mark.slow
def test_failed_sign_ins_spread_over_two_processes_are_refused_at_the_limit():
    # requests comes with the load tools (requirements-load.txt), which `make test` leaves out:
    # imported here, the module is still collected there.
    import requests

    needed = ["runuser"] if os.geteuid() == 0 else []
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and not shutil.which("initdb"):
        needed.append("initdb")
    if missing := [program for program in needed if not shutil.which(program)]:
        pytest.skip(f"the test needs {', '.join(missing)}")
    root = Path(tempfile.mkdtemp(prefix="scrutiny-throttle-"))
    root.chmod(0o755)  # the postgres user reaches its directory inside
    static_root = REPO / "staticfiles"
    static_existed = static_root.exists()
    postgres = Postgres(root)
    no_redis = SimpleNamespace(url="")  # no broker, no cache: nothing but the database
    servers: list[App] = []
    try:
        postgres.init()
        for name in ("a", "b"):
            (root / name).mkdir()
            servers.append(
                App(
                    postgres=postgres,
                    redis=no_redis,
                    root=root / name,
                    workers=1,
                    secret_key="one-key-for-both-servers-" + "x" * 40,
                )  # fmt: skip
            )
        servers[0].prepare()  # migrate (the cache table with it), the demo users, static files
        for server in servers:
            server.start()
        browser = requests.Session()

        for attempt in range(LIMIT):
            response = sign_in(browser, servers[attempt % 2], "not the password")
            assert response.status_code == 200, f"attempt {attempt + 1}"
            assert WRONG in response.text and TOO_MANY not in response.text

        for server in servers:  # the right password, refused by both processes
            refused = sign_in(browser, server, DEMO_PASSWORD)
            assert refused.status_code == 200
            assert TOO_MANY in refused.text
    except SetupError as error:
        pytest.fail(str(error) + "\n" + "\n".join(s.log_tail() for s in servers))
    finally:
        for server in servers:
            server.stop()
        if postgres.running or postgres.is_ready():
            postgres.stop("immediate")
        if not static_existed:
            shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
