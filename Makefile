# The two commands of the README: `make run` and `make test`.  Everything else is for developers.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= city
MSG_IGNORE := --ignore '.venv/*' --ignore 'var/*' --ignore 'static/vendor/*' --ignore 'tests/*' --ignore 'bench/*'

.PHONY: run test lint format migrate messages bench bench-tiny clean help fuzz backup restore fault-pg load

help:
	@echo "make run    - install, migrate, seed the demo once, start web + worker + beat"
	@echo "make test   - install test dependencies and run the whole suite"
	@echo "make lint   - ruff check and ruff format --check"
	@echo "make bench SCALE=demo|city|province - run the benchmarks and write docs/benchmarks.md"
	@echo "make backup / make restore MANIFEST=… - database and media backups (docs/operations.md)"
	@echo "make fault-pg - restart PostgreSQL under load (restarts the shared server!)"
	@echo "make load LOAD_DATABASE_URL=… - 50 users against gunicorn, p95 into docs/load.md"

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

migrate: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --scale demo --once
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

test: $(VENV)/.test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.test-deps
	$(PY) manage.py makemessages -l zh_Hans $(MSG_IGNORE) --no-obsolete
	$(PY) manage.py i18n_fill
	@$(PY) manage.py i18n_fill --missing

# schemathesis with many examples per API operation (CI runs 3), then the bad-input battery;
# needs PostgreSQL (DATABASE_URL), as NUL characters only fail there.
FUZZ_EXAMPLES ?= 100
fuzz: $(VENV)/.test-deps
	SCHEMATHESIS_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/api/test_schemathesis.py tests/security/test_bad_input.py $(PYTEST_ARGS)

bench: $(VENV)/.test-deps
	$(PY) -m bench --scale $(SCALE)

# Operations (docs/operations.md): backups, the PostgreSQL restart drill, the load test.
backup: $(VENV)/.run-deps
	$(PY) manage.py backup

restore: $(VENV)/.run-deps
	@test -n "$(MANIFEST)" || { echo "usage: make restore MANIFEST=var/backups/portal-<time>.json [TARGET_DB=postgres://…] [MEDIA=dir]"; exit 2; }
	$(PY) manage.py restore $(MANIFEST) $(if $(TARGET_DB),--database-url $(TARGET_DB)) $(if $(MEDIA),--media-root $(MEDIA))

fault-pg: $(VENV)/.test-deps
	$(PY) deploy/fault_pg.py

load: $(VENV)/.test-deps
	$(PY) deploy/load.py

clean:
	rm -rf var/test-* var/staticfiles .pytest_cache
