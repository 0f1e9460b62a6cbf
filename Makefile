# The two commands of the README. Each sets up its own virtual environment from the pinned pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup setup-dev lint check benchmark clean

run: setup  ## set up, build the default index (ICB, embedded DuckDB) and export it
	$(BIN)/spi build
	$(BIN)/spi export --out exports/latest

test: setup-dev  ## set up and run every test (pytest: dbt build on the real data, harness, lint)
	$(BIN)/pytest

setup: $(BIN)/spi

setup-dev: $(BIN)/pytest

$(BIN)/spi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/pytest: pyproject.toml $(BIN)/spi
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

lint: setup-dev  ## sqlfluff over models, macros and dbt tests
	$(BIN)/sqlfluff lint models macros tests/dbt

check: setup-dev  ## the project's conventions over dbt's manifest (see CONTRIBUTING.md)
	$(BIN)/spi check

benchmark: setup  ## time the default build (see benchmarks/README.md)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf target warehouse exports publish
