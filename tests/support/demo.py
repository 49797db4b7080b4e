"""The demo record as the tests know it: its users' password, how it is hashed, and its
"today"."""

from __future__ import annotations

import datetime as dt

# Every demo user gets this password (load_demo(password=...)).
DEMO_PASSWORD = "demo-password-2019"
# Real hashing costs a third of a second a password; tests sign in often.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The day of the February 2019 work programme: the demo record's "today".
WORK_PROGRAMME_DAY = dt.date(2019, 2, 13)
