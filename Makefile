# Two commands for a fresh machine:
#   make run    install into .venv, migrate, create the demo member, serve on :8000 with the
#               task worker beside it (SQLite, console mail)
#   make test   install the dev tools into .venv and run the whole test suite
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run serve test test-fast bench install install-dev messages lint format

$(VENV)/bin/python:
	"$$(scripts/find-python)" -m venv $(VENV)

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages
	scripts/browser-deps

# Compiling translations needs GNU gettext's msgfmt; install it from Debian when missing.
messages:
	@command -v msgfmt >/dev/null || scripts/apt-install gettext
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv -v 0

run: install
	DEBUG=1 $(MANAGE) migrate --noinput -v 0
	DEBUG=1 $(MANAGE) demomember
	scripts/run-embedded

# The suite runs on the embedded SQLite, then the races and the whole suite again on
# the real PostgreSQL server (the machines run one on 127.0.0.1:5432).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/jmo

# The production shape on this machine: gunicorn + task worker + PostgreSQL + Redis.
serve: install-dev
	scripts/serve

# Unit and page tests only (no browser, no gunicorn, no soak): under a minute.
test-fast: install-dev
	$(PY) -m pytest -m "not postgres and not browser and not deployment" -q

test: install-dev
	$(PY) -m pytest -m "not postgres"
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest

# Journeys under load on both stacks, the Argon2 ceiling and the timing side channel;
# the allauth peer, the database write rate and the cost of each step; about 7
# minutes on 2 cores. Figures and plots go to bench/results/.
$(VENV)/.installed-bench: bench/requirements.txt requirements-dev.txt $(VENV)/.installed-dev
	$(PY) -m pip install --quiet -r bench/requirements.txt
	touch $@

bench: install-dev $(VENV)/.installed-bench
	cd bench && ../$(PY) run.py --seconds 10 --side-channel 200 --registration-side-channel 100
	cd bench && ../$(PY) peer.py --seconds 20
	cd bench && ../$(PY) peak.py --seconds 20
	cd bench && ../$(PY) steps.py --journeys 300

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
