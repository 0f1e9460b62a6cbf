# The two commands of the README. Each sets up its own virtual environment from the pinned pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast test-spark static setup setup-dev lint check benchmark clean docs-figures spark lint-spark

run: setup  ## set up, build the default index (ICB, embedded DuckDB), publish it for BI, export it, report it
	$(BIN)/spi build
	$(BIN)/spi publish --out publish/spi.duckdb
	$(BIN)/spi export --out exports/latest
	$(BIN)/spi report --out report/spi_report.html

# two pytest-xdist workers, a file's tests on one worker (its module fixtures built once), the longest files first
# (conftest LONGEST_FIRST); the session builds are shared between the workers (tests/python/conftest.py)
test: setup-dev static  ## set up, ruff + mypy, then every test but Spark's (pytest -m "not spark", 2 workers)
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not spark"

test-spark: setup-dev  ## the Spark tests (pytest -m spark): the ICB built on local Spark equals DuckDB's (~8 min)
	$(BIN)/pytest -m spark

test-fast: setup-dev  ## the tests that need no build (pytest -m unit): under a minute, for the inner loop
	SPI_PROPERTY_EXAMPLES=10 $(BIN)/pytest -m unit -q

static: setup-dev  ## ruff (rules in pyproject.toml) and mypy (strict on scripts/spi)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

docs-figures: setup  ## rebuild, then rewrite the README's figures from the build (spi docs --update-readme)
	$(BIN)/spi build
	$(BIN)/spi docs --update-readme

setup: $(BIN)/spi

# the report's browser test needs Debian's chromium and chromedriver (CI runs as root on a fresh machine)
setup-dev: $(BIN)/pytest
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver) || \
		echo "warning: could not install chromium and chromium-driver; the report's browser test will be skipped (and fail under CI=true)"

$(BIN)/spi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# dev tools and the spark extra (dbt-spark, pyspark: about 500 MB), which the Spark agreement test needs
$(BIN)/pytest: pyproject.toml $(BIN)/spi
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

lint: setup-dev  ## sqlfluff over models, macros and dbt tests
	$(BIN)/sqlfluff lint models macros tests/dbt

spark: setup-dev  ## build the ICB on local Apache Spark (README "Running on Apache Spark"), then lint its SQL
	$(BIN)/spi build --engine spark
	$(BIN)/spi lint-spark

lint-spark: setup-dev  ## the SQL of the last Spark build is Spark SQL (parser, functions, no double quotes)
	$(BIN)/spi lint-spark

check: setup-dev  ## the project's conventions over dbt's manifest (see CONTRIBUTING.md)
	$(BIN)/spi check

benchmark: setup  ## time the ICB and England builds against the floor (benchmarks/results.md)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf target warehouse exports publish
