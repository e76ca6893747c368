# Two entry points for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck install install-test clean readme bench screenshots bytecode

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed bytecode
install-test: $(VENV)/.installed-test bytecode

## The project's modules compiled to bytecode, as pip does for a regular install (an editable
## one does not): commands start as fast where Python is told not to write bytecode itself
## (PYTHONDONTWRITEBYTECODE). Up-to-date files are skipped.
bytecode: | $(BIN)/python
	$(BIN)/python -m compileall -q service loaders ontology queries shapes >/dev/null

## Load the default dataset when the store is empty or stale, then serve on LANKA_HOST:LANKA_PORT.
run: install
	$(BIN)/lanka serve --load-default

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

## The whole suite: linter, type checker, tests.
test: lint typecheck
	$(BIN)/python -m pytest

## The README's pictures, taken by the page tests from the real pages.
screenshots: install-test
	LANKA_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## Regenerate the README's dataset and gap tables from the data.
readme: install
	$(BIN)/python -m service.readme README.md

## Benchmarks (not tests): the endpoint against the Oxigraph server and the bare store, and
## validation against pySHACL, Jena and hand-written SPARQL, on the synthetic national dataset
## and on the validation benchmark's own graphs. Results go to bench/results/.
## BENCH_SIZES=1m for a quicker look (each size is a separate run of a quarter of an hour).
BENCH_SIZES ?= 1m 5m
bench: install-test
	$(BIN)/python bench/endpoint.py --sizes $(BENCH_SIZES)
	$(BIN)/python bench/validation_national.py --sizes tiny $(BENCH_SIZES)
	$(BIN)/python bench/validation.py
