# The two commands a newcomer needs (see README.md):
#   make run    install the app, load the demo record and serve http://127.0.0.1:8000,
#               showing the record as at 13 February 2019
#   make test   install the app and its test tools, lint, and run the whole test suite
# Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutiny to use PostgreSQL.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= scrutiny-demo-2019
# The demo opens on the day of the February 2019 work programme: the app's "today" is fixed
# at this date (TRACKER_AS_AT_DATE). `make run AS_AT_DATE=` follows the calendar instead.
AS_AT_DATE ?= 2019-02-13
# make test runs the suite in one process per core (pytest-xdist); TEST_WORKERS=0 runs it in one.
# A process that runs out of tests takes half of another's that are left (--dist worksteal):
# the long tests (browser pages, crawlers) then never leave one process working alone at the end.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) $(if $(filter 0,$(TEST_WORKERS)),,--dist worksteal)

.PHONY: run test test-slow app-deps dev-deps load-deps assets browser migrate lint

# DEBUG is off unless set (tracker/settings.py): the development server runs with it on,
# migrations and the demo loader included.
run: export DEBUG = True
run: app-deps assets migrate
	$(PY) manage.py load_demo --password "$(DEMO_PASSWORD)"
	@echo "Sign in at http://127.0.0.1:8000/sign-in/ as officer, owner, councillor or admin with the password $(DEMO_PASSWORD)"
	DEBUG=True TRACKER_AS_AT_DATE=$(AS_AT_DATE) $(PY) manage.py runserver 127.0.0.1:8000

# The tests read the settings with DEBUG on themselves (tests/settings.py).
test: dev-deps assets browser lint
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(XDIST)

# The slow tests (docs/reliability.md): load on gunicorn with PostgreSQL and Redis, each
# stopped during it, and the long property runs. `make test` leaves them out.
# LOAD_SECONDS (120) sets the length of the load, PROPERTY_EXAMPLES (100) of the runs.
# The long property runs share the cores; the load test and the throttle test stop and start
# PostgreSQL and Redis, and time gunicorn, so they run alone afterwards.
test-slow: load-deps assets browser
	$(PY) -m pytest -m slow $(XDIST) tests/test_properties.py
	$(PY) -m pytest -m slow tests/slow

# One virtual environment; each requirements file is installed into it when it changes.
#   requirements.txt       the app          (make run)
#   requirements-dev.txt   + the test tools (make test, make lint)
#   requirements-load.txt  + locust         (make test-slow)
app-deps: $(VENV)/.installed-app
dev-deps: $(VENV)/.installed-dev
load-deps: $(VENV)/.installed-load

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.installed-load: requirements-load.txt requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-load.txt
	touch $@

assets: static/build/app.css

static/build/app.css: package.json package-lock.json static/src/app.scss static/src/app.mjs
	bash scripts/build_assets.sh

# Browser tests drive Debian's Chromium; install it when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) for the browser tests"; exit 1; fi; }

migrate:
	$(PY) manage.py migrate --no-input

# CI's lint, and the first step of make test.
lint: dev-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
