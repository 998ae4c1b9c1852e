# The two commands a newcomer needs:  make serve  and  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help serve test cluster-test format setup browser-deps cluster-deps clean benchmark benchmark-1m

## help: this list
help:
	@grep -E '^## [a-z-]+:' $(MAKEFILE_LIST) | sed -e 's/^## //' | awk -F': ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## setup: database, seeds imported, search index and static files, ready to serve
setup: export LOCAL_HTTP = 1
setup: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py import_articles
	$(BIN)/python manage.py rebuild_index --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0

## serve: setup, then the portal on http://127.0.0.1:8000/ (HOST=… PORT=… to change)
serve: setup
	LOCAL_HTTP=1 $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) cqportal.wsgi

## test: lint, then the whole suite on SQLite, then again on PostgreSQL + Redis (see scripts/test.sh)
test: $(VENV)/.dev browser-deps cluster-deps
	bash scripts/test.sh

## cluster-test: PostgreSQL primary + replica, Redis, the index host and two web hosts on this machine, checked
cluster-test: $(VENV)/.runtime cluster-deps
	$(BIN)/python scripts/cluster_test.py

## cluster-deps: install what cluster-test needs (redis-server, xapian-tools) when missing
cluster-deps:
	bash scripts/cluster-deps.sh

## benchmark: 1,000 to 100,000 articles, both engines, five-article and single-article files (hours)
benchmark: $(VENV)/.runtime
	$(BIN)/python benchmarks/run.py --sizes 1000 10000 100000 --engines xapian whoosh
	$(BIN)/python benchmarks/run.py --sizes 100000 --engines xapian --per-page 1

## benchmark-1m: a million articles with Xapian (most of an hour or more; ~30 GB of disk in benchmarks/out)
benchmark-1m: $(VENV)/.runtime
	$(BIN)/python benchmarks/run.py --sizes 1000000 --engines xapian

## browser-deps: install what the browser tests need (chromium, chromedriver, a CJK font, axe-core)
browser-deps:
	bash scripts/browser-deps.sh

## format: ruff fixes and formats the Python, djhtml indents the templates
format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

## clean: remove var/ (database, index, static files) and artifacts/ (screenshots)
clean:
	rm -rf var/ artifacts/
