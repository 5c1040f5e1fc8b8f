# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
# requirements*.txt are the human-edited lists; requirements*.lock pin every transitive dependency with hashes.
LOCKS := requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) | sha1sum | cut -c1-12)
UV := $(VENV)-tools/bin/uv
DEV_ENV := REGIOPLAN_ENV=development

.PHONY: install lock run test test-sqlite test-postgres bench messages check-content clean

$(STAMP): $(LOCKS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make lock: regenerate both lock files after editing requirements*.txt (uv, in a virtualenv of its own)
lock:
	test -x $(UV) || ($(PYTHON) -m venv $(VENV)-tools && $(VENV)-tools/bin/pip install --quiet uv==0.13.9)
	$(UV) pip compile requirements.txt --generate-hashes --python-version 3.11 --no-header --quiet -o requirements.lock
	$(UV) pip compile requirements-dev.txt --generate-hashes --python-version 3.11 --no-header --quiet -o requirements-dev.lock

## make run: virtualenv, install, migrate, demo data when empty, serve on http://127.0.0.1:5000 with a job
## worker beside it (Procfile, through honcho; the queue is instance/queue.sqlite); Ctrl-C stops both
run: install
	scripts/ensure-system-packages run
	$(DEV_ENV) $(FLASK) db upgrade
	$(DEV_ENV) $(FLASK) demo seed --if-empty
	$(DEV_ENV) $(VENV)/bin/honcho start -f Procfile

## make test: the whole suite on SQLite, and again on PostgreSQL when reachable (required with CI=true)
test: install
	scripts/ensure-system-packages test
	$(PY) -m building_blocks check
	$(VENV)/bin/ruff check .
	$(MAKE) --no-print-directory test-sqlite
	scripts/with-postgres $(MAKE) --no-print-directory test-postgres

test-sqlite: install
	$(PY) -m pytest -n 2 -q

test-postgres: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/regioplan_test} $(PY) -m pytest -n 2 -q


## make bench: benchmarks, each printing ratios against a baseline measured in the same run
bench: install
	$(PY) -m bench

## Extract the user-facing texts for translators (Dutch is the source language).
messages: install
	mkdir -p translations
	$(VENV)/bin/pybabel extract -F babel.cfg -o translations/messages.pot .

check-content: install
	$(PY) -m building_blocks check

clean:
	rm -rf $(VENV) $(VENV)-tools .pytest_cache
