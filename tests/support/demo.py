"""The demo record as the tests know it: its users' password and its "today"."""

from __future__ import annotations

import datetime as dt

# Every demo user gets this password (load_demo(password=...)).
DEMO_PASSWORD = "demo-password-2019"
# The day of the February 2019 work programme: the demo record's "today".
WORK_PROGRAMME_DAY = dt.date(2019, 2, 13)
