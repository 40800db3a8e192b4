# The two commands in the README are `make run` and `make test`; everything else supports them.
SHELL := /bin/bash
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in one process per core (pytest-xdist); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto

# Settings come from the environment; a local .env file, if present, is read too.
ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: run test install chromium graphviz lint bench bench-http worker clean

# Links in emails, webhook payloads and schema $ids follow PORT unless PORTAL_BASE_URL is set.
RUN_ENV = PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)}"

run: install chromium
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo
	@echo
	@echo "The portal is at http://127.0.0.1:$(PORT)/ (press Ctrl+C to stop)."
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install chromium
	$(PYTHON) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

install: .venv/.installed node_modules/.installed frontend/dist/css/portal.css graphviz

.venv/.installed: requirements-dev.txt
	bin/setup python_env

node_modules/.installed: package.json package-lock.json
	bin/setup npm_packages

frontend/dist/css/portal.css: node_modules/.installed $(wildcard frontend/scss/*.scss)
	bin/setup css

chromium:
	@bin/setup chromium

# Graphviz's dot draws the relationship diagrams (standards/diagrams.py).
graphviz:
	@bin/setup graphviz

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	.venv/bin/lint-imports

# Runs queued background tasks (emails) when DATABASE tasks are used, as in production.
worker: install
	$(MANAGE) db_worker

bench: install
	$(MANAGE) benchmark_catalogue
	$(MANAGE) benchmark_checker
	$(MANAGE) benchmark_diagrams

# Requests a second of the public pages under production settings (granian, wrk); see the README.
bench-http: install
	$(PYTHON) bin/bench-http

clean:
	rm -rf .venv node_modules frontend/dist staticfiles
