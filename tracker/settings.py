"""Settings for Scrutiny Tracker.

One flat file. Every value that differs between a laptop and production comes from the
environment (see .env.example). DEBUG is off unless set, and then SECRET_KEY is required;
`make run` sets DEBUG=True. Beyond that, with nothing set, the app runs on SQLite with
console email and Celery tasks run in-process, so a first run needs no other service.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE points elsewhere (or at nothing) when the .env of this checkout must not apply.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)


def proxy_ssl_header(trusted_proxies: int) -> tuple[str, str] | None:
    """The header that says a request came in over HTTPS, or None to believe no header.

    X-Forwarded-Proto is set by a proxy that ends TLS; without one in front of the app any
    client can send it, so it is believed only when TRACKER_TRUSTED_PROXIES says a proxy
    is there.
    """
    return ("HTTP_X_FORWARDED_PROTO", "https") if trusted_proxies > 0 else None


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; empty or unset gives the default.

    Anything but true/false (1/0, yes/no, on/off) is an error rather than False, so that a
    mistyped SECURE_SSL_REDIRECT cannot quietly turn the redirect off.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in {"true", "1", "yes", "on"}:
        return True
    if raw.lower() in {"false", "0", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}.")


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    # Only ever used when DEBUG is on: a production start without SECRET_KEY fails below.
    default="insecure-development-key-do-not-use-in-production" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before django.contrib.auth: its createsuperuser checks passwords given with --noinput.
    "tracker.accounts",
    "tracker.apps.TrackerAdminConfig",  # Django's admin, for administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, overridden in templates/django/forms/
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "committees",
    "tracker",
]

# Reasons for a change are what users wrote (a revised date's reason, a returned update's):
# keep them whole, not cut at django-simple-history's default of 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Reverting to an old version from the admin's history page would write every field back,
# service-owned ones (assessments, due dates, exemption) included, with none of their rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out, after TRACKER_IDLE_TIMEOUT_MINUTES idle, anyone who can see exempt business.
    "tracker.accounts.signin.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.web.middleware.SecurityHeadersMiddleware",
    # Records request.user as the author of every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Notes an API token's last use once the request's transaction has ended.
    "tracker.api.middleware.TokenUseMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "committees.context_processors.as_at",
                "committees.context_processors.council",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for another connection's write rather than fail at once (the web app, the
    # reminder sweep and the tests' concurrent sweeps all write).
    # BEGIN IMMEDIATE takes the write lock up front: two transactions that read and then
    # write cannot deadlock (SQLite would fail one at once instead of waiting). WAL lets
    # readers go on while one connection writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL;",
    )
    # Tests use a file too: an in-memory database shared between threads locks whole
    # tables and fails where a real database would wait.
    # One file per test process, so that two test runs never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"scrutiny-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A connection is kept between requests and checked before it is used again: a new
    # one for each request costs milliseconds.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No just-in-time compilation (PostgreSQL's `jit` setting): the app's queries are
    # short, or are exports that stream rows, and compiling them costs more than it saves
    # (docs/performance.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_ENGINE = "django.contrib.sessions.backends.db"  # Django's default, said here

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, reading the user's person with the user.
    "tracker.accounts.backends.PersonModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "dashboard"

# The most fields one form may send (Django's default is 1,000). The largest form is the
# notes import's review of a whole meeting: its items, resolutions and requests, so 5,000
# reviews a meeting of over 250 items. The size of what is sent stays bounded by
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000

# Forms render through templates so templates/django/forms/ gives them GOV.UK markup.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
DJANGO_TABLES2_TEMPLATE = "django_tables2/govuk.html"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates are written "13 February 2019" (the en-gb locale alone gives "13 Feb 2019").
FORMAT_MODULE_PATH = ["tracker.formats"]

# Until collectstatic has run (development, tests) WhiteNoise finds nothing in STATIC_ROOT
# and says so on every start; runserver and the tests serve from the finders instead.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: console in development; EMAIL_URL (smtp://user:pass@host:587/?tls=True) for a relay.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="scrutiny-tracker@localhost")

# Celery. Without a broker the tasks run in-process, so the app needs no Redis to start.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # One daily sweep on working days; it skips bank holidays itself, and what a skipped
    # day would have sent goes out on the next sweep (the database says what is due).
    "reminder-sweep": {
        "task": "tracker.tasks.send_reminders",
        "schedule": crontab(
            hour=env.int("TRACKER_REMIND_HOUR", default=7), minute=0, day_of_week="mon-fri"
        ),  # fmt: skip
    },
}

# The tracking rules. Councils differ: these are what a new committee starts with, and each
# committee's administrators set its own (/committees/<slug>/settings/). The report deadline
# is the Monday on or before the day this many days before a meeting; the default scale is
# the one loaded with this slug (migration 0002 loads "birmingham").
TRACKER_REPORT_DEADLINE_DAYS_BEFORE = env.int("TRACKER_REPORT_DEADLINE_DAYS_BEFORE", default=9)
TRACKER_DEFAULT_ASSESSMENT_SCALE = env.str("TRACKER_DEFAULT_ASSESSMENT_SCALE", default="birmingham")
# "Due soon": due within this many days, on the dashboards, the lists and in reminders.
TRACKER_DUE_SOON_DAYS = env.int("TRACKER_DUE_SOON_DAYS", default=14)
# The executive responds to a report's recommendations within this period of their being
# sent ("2 months", or "28 days" where a council sets that); a committee may have its own
# (tracker.models.ResponsePeriod, set in the admin).
TRACKER_EXECUTIVE_RESPONSE_PERIOD = env.str("TRACKER_EXECUTIVE_RESPONSE_PERIOD", default="2 months")
# The demo: the app's "today" fixed at this date (e.g. 2019-02-13), so the committee's record
# shows what it showed that day. Empty: the calendar's date. Refused with DEBUG off.
_as_at = env.str("TRACKER_AS_AT_DATE", default="").strip()
if _as_at and not DEBUG:
    raise ImproperlyConfigured("TRACKER_AS_AT_DATE is for the demo only and DEBUG is off.")
try:
    TRACKER_AS_AT_DATE = dt.date.fromisoformat(_as_at) if _as_at else None
except ValueError as error:
    raise ImproperlyConfigured(
        f"TRACKER_AS_AT_DATE must be a date such as 2019-02-13, not {_as_at!r}."
    ) from error

# Reminders (see tracker/reminders/sweep.py). The sweep runs on working days at this hour.
TRACKER_REMIND_HOUR = env.int("TRACKER_REMIND_HOUR", default=7)
TRACKER_REMIND_OVERDUE_EVERY_DAYS = env.int("TRACKER_REMIND_OVERDUE_EVERY_DAYS", default=14)
TRACKER_ESCALATE_AFTER_DAYS = env.int("TRACKER_ESCALATE_AFTER_DAYS", default=28)
TRACKER_REMIND_TRACKING_DAYS = env.int("TRACKER_REMIND_TRACKING_DAYS", default=14)
TRACKER_REMIND_REPORT_DEADLINE_DAYS = env.int("TRACKER_REMIND_REPORT_DEADLINE_DAYS", default=7)
TRACKER_REMIND_RETRY_MINUTES = env.list("TRACKER_REMIND_RETRY_MINUTES", cast=int,
                                        default=[5, 15, 60, 240, 720])  # fmt: skip
TRACKER_REMIND_SENDING_TIMEOUT_MINUTES = env.int(
    "TRACKER_REMIND_SENDING_TIMEOUT_MINUTES", default=30
)

# Calendar feeds (see tracker/calendars/feeds.py). Event UIDs end "@" this value: keep it fixed
# once feeds are published, or every subscriber's calendar sees new events.
TRACKER_CALENDAR_DOMAIN = env.str("TRACKER_CALENDAR_DOMAIN", default="scrutiny-tracker")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production: `manage.py check --deploy --fail-level WARNING` passes with these defaults.
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# For a warning that is deliberate, e.g. security.W021 for a domain kept off the HSTS
# preload list.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# The cache holds the counts of failed sign-ins. By default a table in the database
# (created by migrate), so that every web process shares the counts with no other service;
# CACHE_URL may point at Redis instead (redis://host:6379/1).
CACHES = {
    "default": env.cache_url_config(env.str("CACHE_URL", default="") or "dbcache://tracker_cache")
}
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Past MAX_ENTRIES the table is culled, counts and all: high enough that many made-up
    # usernames cannot push a real count out within one window.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 100_000)
# Failed sign-ins: after this many for one username from one address within the window,
# that username is refused from that address until the window has passed.
TRACKER_SIGNIN_MAX_FAILURES = env.int("TRACKER_SIGNIN_MAX_FAILURES", default=5)
# ... and after this many from one address whatever the usernames, every username is
# refused from that address (one address trying many usernames).
TRACKER_SIGNIN_MAX_FAILURES_PER_ADDRESS = env.int(
    "TRACKER_SIGNIN_MAX_FAILURES_PER_ADDRESS", default=30
)
TRACKER_SIGNIN_WINDOW_MINUTES = env.int("TRACKER_SIGNIN_WINDOW_MINUTES", default=15)
# How many proxies in front of the app add to X-Forwarded-For: the client's address is
# that many entries from its end. 0: REMOTE_ADDR is the client.
TRACKER_TRUSTED_PROXIES = env.int("TRACKER_TRUSTED_PROXIES", default=0)
# ... and only then is the proxy's X-Forwarded-Proto believed (HTTPS ended at the proxy).
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(TRACKER_TRUSTED_PROXIES)

# Sessions: a signed-in session lasts this long however busy it is (Django's default would
# be two weeks) ...
TRACKER_SESSION_HOURS = env.int("TRACKER_SESSION_HOURS", default=12)
SESSION_COOKIE_AGE = TRACKER_SESSION_HOURS * 60 * 60
# ... and one that can see exempt business (officers, committee members, administrators)
# ends after this many minutes without a request (tracker.accounts.signin.IdleTimeoutMiddleware).
TRACKER_IDLE_TIMEOUT_MINUTES = env.int("TRACKER_IDLE_TIMEOUT_MINUTES", default=30)

# Downloads built row by row in Python: an Excel (XLSX) download of the outstanding list,
# and its printed Outstanding Tracking table, hold at most this many items (the CSV has no
# limit: the database writes it). Over either, the page says so and how to narrow the list.
TRACKER_XLSX_MAX_ITEMS = env.int("TRACKER_XLSX_MAX_ITEMS", default=50_000)
TRACKER_PRINT_MAX_ITEMS = env.int("TRACKER_PRINT_MAX_ITEMS", default=2_000)

# Uploads and pastes (the tracker import and the notes import): what one file may hold,
# checked while it is read (tracker/uploads.py). Sizes in MB; characters of text in a
# document or a paste; seconds of reading for one file.
TRACKER_UPLOAD_MAX_SPREADSHEET_MB = env.float("TRACKER_UPLOAD_MAX_SPREADSHEET_MB", default=2)
TRACKER_UPLOAD_MAX_DOCUMENT_MB = env.float("TRACKER_UPLOAD_MAX_DOCUMENT_MB", default=5)
TRACKER_UPLOAD_MAX_ROWS = env.int("TRACKER_UPLOAD_MAX_ROWS", default=5000)
TRACKER_UPLOAD_MAX_COLUMNS = env.int("TRACKER_UPLOAD_MAX_COLUMNS", default=50)
TRACKER_UPLOAD_MAX_PARAGRAPHS = env.int("TRACKER_UPLOAD_MAX_PARAGRAPHS", default=10_000)
TRACKER_UPLOAD_MAX_CHARACTERS = env.int("TRACKER_UPLOAD_MAX_CHARACTERS", default=200_000)
TRACKER_UPLOAD_MAX_PAGES = env.int("TRACKER_UPLOAD_MAX_PAGES", default=60)
# What an .xlsx or .docx may unpack to, and a PDF's compressed streams inflate to.
TRACKER_UPLOAD_MAX_UNPACKED_MB = env.float("TRACKER_UPLOAD_MAX_UNPACKED_MB", default=20)
TRACKER_UPLOAD_MAX_ZIP_ENTRIES = env.int("TRACKER_UPLOAD_MAX_ZIP_ENTRIES", default=500)
TRACKER_UPLOAD_MAX_COMPRESSION_RATIO = env.int("TRACKER_UPLOAD_MAX_COMPRESSION_RATIO", default=100)
TRACKER_UPLOAD_MAX_SECONDS = env.float("TRACKER_UPLOAD_MAX_SECONDS", default=10)
# An uploaded file is received only up to the largest upload limit above: the rest is read
# and thrown away, and the form refuses the file by its size (tracker/web/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "tracker.web.uploads.BoundedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The form fields of one request (a paste, not a file): Django's own default, 2.5 MB,
# ample for the longest paste allowed. Over it, the page says so with the limits (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# The JSON API (tracker/api/): personal tokens or the session (with CSRF on writes); reads
# open to all, each filtered by the pages' access rules; errors as {code, message, fields};
# rate limits per token (or signed-in user) and per address, counted in the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracker.api.authentication.PersonalTokenAuthentication",
        "tracker.api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only: any other body is refused with 415 (tracker.api.errors).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.RecordCursorPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tracker.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "tracker.api.throttling.AddressThrottle",
        "tracker.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_address": env.str("API_RATE_PER_ADDRESS", default="600/hour"),
        "api_token": env.str("API_RATE_PER_TOKEN", default="3000/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Scrutiny Tracker API",
    "DESCRIPTION": (
        "The record of Overview & Scrutiny committees: committees, members, meetings, "
        "resolutions, requests and recommendations with their status and history, the work "
        "programme and KPI reports. Anonymous reads see the public record; a personal token "
        "(Authorization: Bearer <token>) reads and writes as its person may on the pages. "
        "Bodies are JSON (anything else is 415). A write that changes an item needs its ETag "
        "in If-Match (412 when stale, 428 when missing). Errors are {code, message, fields}."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeetingKind": "committees.models.Meeting.Kind",
        "MeetingStatus": "committees.models.Meeting.Status",
        "RequestKind": "tracker.models.InformationRequest.Kind",
        "RequestStatus": "tracker.models.InformationRequest.Status",
        "UpdateStatus": "tracker.models.OwnerUpdate.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
