# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make run    venv, install, migrate, demo data, server at http://127.0.0.1:8000
#   make test   the whole suite (PostgreSQL/Redis when they answer, else SQLite and in-process)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The embedded default: development settings unless the environment says otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: run test install migrate demo lint format bench audit clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Backoffice needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	@echo "Backoffice at http://$(HOST):$(PORT)/  (demo logins above; Ctrl+C stops)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m tests.run $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
