# The two commands a newcomer needs (see README.md):
#   make run    set up everything, load the demo record and serve http://127.0.0.1:8000
#   make test   set up everything and run the whole test suite
# Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutiny to use PostgreSQL.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= scrutiny-demo-2019

.PHONY: run test test-slow setup python-deps assets browser migrate lint

run: setup migrate
	DEBUG=True $(PY) manage.py load_demo --password "$(DEMO_PASSWORD)"
	@echo "Sign in at http://127.0.0.1:8000/sign-in/ as officer, owner, councillor or admin with the password $(DEMO_PASSWORD)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup browser
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# The slow tests (docs/reliability.md): load on gunicorn with PostgreSQL and Redis, each
# stopped during it, and the long property runs. `make test` leaves them out.
# LOAD_SECONDS (120) sets the length of the load, PROPERTY_EXAMPLES (100) of the runs.
test-slow: setup browser
	$(PY) -m pytest -m slow

setup: python-deps assets

python-deps: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
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

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
