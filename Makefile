# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make run    venv, install, migrate, demo data, server at http://127.0.0.1:8000
#   make test   the whole suite (PostgreSQL/Redis when they answer, else SQLite and in-process)
#   make lint   ruff, the import contracts, the module-size and write-path checks
#   make lock   refresh requirements.lock / requirements-dev.lock from pyproject.toml

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The embedded default: development settings unless the environment says otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: run test install migrate demo lint lock format bench audit clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Backoffice needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The pinned versions of requirements-dev.lock (runtime + dev tools), then the project itself
# without touching them. `make lock` refreshes the lock files after pyproject.toml changes.
$(STAMP): $(BIN)/python pyproject.toml requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Links in emails follow the address the server runs at, unless SITE_URL is set.
run: SITE_URL ?= http://$(HOST):$(PORT)
run: demo
	@echo "Backoffice at http://$(HOST):$(PORT)/  (demo logins above; Ctrl+C stops)"
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m tests.run $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tools/check_module_size.py
	$(BIN)/python tools/check_write_paths.py

# requirements.lock: what the image runs; requirements-dev.lock: the same pins plus the dev
# tools (make install, CI). Only an explicit `make lock` changes them; upgrade one package with
# `make lock LOCK_ARGS="--upgrade-package django"`, all of them with LOCK_ARGS=--upgrade.
PIP_COMPILE = $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	--resolver=backtracking $(LOCK_ARGS)

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip-tools~=7.6'
	$(PIP_COMPILE) --output-file=requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra=dev --constraint=requirements.lock --output-file=requirements-dev.lock pyproject.toml

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Known-vulnerable dependencies; --strict fails when a package could not be looked up.
audit: install
	$(BIN)/pip-audit --local --strict --skip-editable --progress-spinner off

# The pages (in-process and under gunicorn), the 10,000-row CSV import, the reminder sweep:
# against DATABASE_URL filled by `manage.py seed_scale` (bench/README.md).
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/candidate_imports.py
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
