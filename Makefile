# wildkg — the two commands a newcomer runs:
#   make run    create .venv, install wildkg, build the graph, write out/wildkg.ttl and
#               out/wildkg.html, and print the summary
#   make test   install the dev dependencies and Chromium, then run ruff, mypy and pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test lint typecheck pytest system-deps bench clean help

help:
	@echo "make run   - build the knowledge graph (out/wildkg.ttl, out/wildkg.html) and print a summary"
	@echo "make test  - install dev dependencies and Chromium, run ruff, mypy and the test suite"
	@echo "make bench - run the benchmarks in bench/ (slow; not part of make test)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update -q && apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[pandas]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/wildkg build

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev system-deps
	$(BIN)/pytest -n 2 --timeout=600 $(PYTEST_ARGS)

test: lint typecheck pytest

bench: $(VENV)/.installed-dev system-deps
	$(BIN)/python bench/bench_sparql.py
	$(BIN)/python bench/bench_viz.py
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
