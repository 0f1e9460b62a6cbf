"""Shared fixtures and the test marks.

Marks (registered in pyproject.toml): every test is one of
- `unit`: needs no build of the warehouse (pure Python, files, a small in-memory DuckDB); `make test-fast`;
- `build`: needs a dbt build, parse or compile (the shared ICB build below, or its own);
- `england`: builds the whole of England;
- `spark`: builds the ICB on local Apache Spark (test_spark_agreement.py; the spark extra and Java 17).
A test with none of them is treated as `build` (so it never slows the fast set; say `unit` to put it there),
and a test marked `unit` that asks for a build fixture is refused at collection.

Builds are shared: `built_database` is ONE ICB build per session, read by every test that only reads it
(open it read-only, or through `marts`). A test that changes a database works on `copy_of_build` (a copy with
its build record, so `spi publish` and `spi export` accept it), never on the shared file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from report_variant import make_variant_with_optional_marts

from spi.cli import main
from spi.dbt_invoke import INVOCATION_LOG
from spi.storage.build_record import BuildRecord

TEST_MARKS = ("unit", "build", "england", "spark")
# fixtures that build (or derive from a build): a `unit` test may not use them
BUILD_FIXTURES = {"built_database", "marts", "copy_of_build", "variant_database"}


# the invocation log this conftest made (and removes at the end); unset when the caller set the variable
_OWN_LOG = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """Count the session's dbt invocations (in this process and in `spi` subprocesses, which inherit the
    variable): builds are the suite's cost, so the summary says how many ran."""
    if INVOCATION_LOG not in os.environ:
        handle, log = tempfile.mkstemp(prefix="spi-dbt-invocations-", suffix=".jsonl")
        os.close(handle)
        os.environ[INVOCATION_LOG] = log
        config.stash[_OWN_LOG] = Path(log)


def invocation_summary(log: Path) -> list[str]:
    """One line per kind of dbt invocation in the log: how many ran and their total seconds."""
    counts: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    nodes: Counter[str] = Counter()
    for line in log.read_text().splitlines() if log.exists() else []:
        entry = json.loads(line)
        words = [word for word in entry["command"] if not word.startswith("-")]
        kind = words[0] if words else "?"
        variant = entry["vars"].get("region", "")
        key = f"dbt {kind}" + (f" (region {variant})" if kind == "build" and variant else "")
        counts[key] += 1
        seconds[key] += entry["seconds"]
        nodes[key] += entry.get("nodes", 0)
    return [f"{key}: {counts[key]} invocation(s), {nodes[key]} node(s) run, {seconds[key]:.0f} s"
            for key in sorted(counts)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    log = Path(os.environ.get(INVOCATION_LOG, ""))
    lines = invocation_summary(log) if log.name else []
    if lines:
        terminalreporter.write_sep("-", "dbt invocations this session")
        for line in lines:
            terminalreporter.write_line(line)
    own = config.stash.get(_OWN_LOG, None)
    if own is not None:
        own.unlink(missing_ok=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    misplaced = []
    for item in items:
        marks = {mark.name for mark in item.iter_markers()} & set(TEST_MARKS)
        uses_build = BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))
        if "unit" in marks and uses_build:
            misplaced.append(f"{item.nodeid} is marked unit but uses {', '.join(sorted(uses_build))}")
        if not marks:
            item.add_marker(pytest.mark.build)
    if misplaced:
        raise pytest.UsageError("tests marked unit need a build:\n  " + "\n  ".join(misplaced))


@pytest.fixture(scope="session")
def built_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the default (ICB) index from the real data into a fresh DuckDB file, once per session.

    Shared by every test: read it, never change it (use `copy_of_build`)."""
    database = tmp_path_factory.mktemp("warehouse") / "spi.duckdb"
    # with the tests of the SQL itself (dbt's unit tests, the statistics macros' reference checks), which
    # `spi build` leaves out by default: the suite runs them once, here, not every build
    exit_code = main(["build", "--database", str(database), "--quiet", "--code-tests"])
    assert exit_code == 0, "spi build --code-tests failed on the default data"
    return database


def copy_build(source: Path, destination: Path) -> Path:
    """A copy of a built database with its build record, at `destination` (a .duckdb path)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    record = BuildRecord.path_for(source)
    if record.exists():
        shutil.copyfile(record, BuildRecord.path_for(destination))
    return destination


@pytest.fixture()
def copy_of_build(built_database: Path, tmp_path: Path) -> Callable[[str], Path]:
    """Copies of the shared build for a test that changes one: `copy_of_build("name.duckdb")`."""

    def make(name: str = "spi.duckdb") -> Path:
        return copy_build(built_database, tmp_path / "copies" / name)

    return make


@pytest.fixture()
def marts(built_database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the built database (same configuration as dbt's, so it can share the file)."""
    connection = duckdb.connect(str(built_database))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def wd17_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ICB index on 2017 wards (the second ward vintage an attacker holds), built once per session."""
    database = tmp_path_factory.mktemp("warehouse_wd17") / "spi.duckdb"
    exit_code = main(["build", "--wards", "wd17", "--database", str(database), "--quiet"])
    assert exit_code == 0, "spi build --wards wd17 failed"
    return database


@pytest.fixture(scope="session")
def synthetic_health_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one extra build of the suite: the default ICB index with the synthetic health indicators asked for
    (`spi build --include-synthetic-health`), i.e. every framework indicator scored."""
    database = tmp_path_factory.mktemp("synthetic_health") / "spi.duckdb"
    exit_code = main(["build", "--database", str(database), "--quiet", "--include-synthetic-health"])
    assert exit_code == 0, "spi build --include-synthetic-health failed on the default data"
    return database


@pytest.fixture(scope="session")
def variant_database(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with the optional marts and columns other issues add (tests/python/report_variant.py)."""
    variant = tmp_path_factory.mktemp("variant") / "variant.duckdb"
    make_variant_with_optional_marts(built_database, variant)
    return variant
