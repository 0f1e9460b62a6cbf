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

`make test` runs the suite on two pytest-xdist workers (`-n 2 --dist loadfile`: a file's tests stay on one
worker, so its module fixtures are built once). The session builds are still built once per RUN: the first
worker to ask builds under a file lock in the run's shared temporary folder, the other waits and reads the same
file (`shared_build`). dbt writes each build's artifacts to the repository's `target/<region>_<wards>`, so two
dbt runs into the same folder never overlap: they hold `project_target_lock(folder)` (the ICB's `icb_wd25`
is shared by the session build and the build-fault tests; `default` by plain `dbt parse`/`compile`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock
from report_variant import make_variant_with_optional_marts

from spi.cli import main
from spi.dbt_invoke import INVOCATION_LOG
from spi.health.generate import ensure_generated
from spi.storage.build_record import BuildRecord

TEST_MARKS = ("unit", "build", "england", "spark")
# fixtures that build (or derive from a build): a `unit` test may not use them
BUILD_FIXTURES = {"built_database", "marts", "copy_of_build", "variant_database", "icb_target", "exported_build"}


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


# The longest files first (make test: `--dist loadfile --no-loadscope-reorder` hands files to the two workers in
# this order), so that no long file starts last while the other worker idles; the lint needs no build, so it
# runs while the other worker builds the session's ICB.
LONGEST_FIRST = ("test_sql_lint.py", "test_build_faults.py", "test_regions_and_vintages.py",
                 "test_disclosure_attacker.py", "test_export.py", "test_lint_config.py", "test_indicator_files.py")


def _file_rank(item: pytest.Item) -> int:
    name = item.path.name
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_file_rank)  # stable: each file's tests keep their order
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


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this run sees: the session's base temporary folder, or under pytest-xdist its
    parent (pytest-of-<user>/pytest-<n>/, which holds one popen-gw<i> base folder per worker)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def project_target_lock(root: Path, folder: str) -> Iterator[None]:
    """Hold while dbt writes the repository's target/<folder> (one writer at a time, across workers)."""
    with FileLock(str(root / f"target-{folder}.lock")):
        yield


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, *options: str,
                 target_folder: str | None = None) -> Path:
    """`spi build OPTIONS` into <run root>/<name>/spi.duckdb once per run, whichever worker asks first; the
    other workers wait on its lock. A failed build is not marked done, so a worker that asks later tries it
    again and fails the same way. Under xdist each worker reads its own copy (with the build record): DuckDB
    lets only one process at a time open a file for writing, and `marts` connects read-write."""
    root = run_root(tmp_path_factory)
    folder = root / name
    database = folder / "spi.duckdb"
    done = folder / "built"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            with project_target_lock(root, target_folder) if target_folder else _nothing():
                exit_code = main(["build", "--database", str(database), "--quiet", *options])
            assert exit_code == 0, f"spi build {' '.join(options)} failed"
            done.touch()
    if root == tmp_path_factory.getbasetemp():
        return database
    return copy_build(database, tmp_path_factory.getbasetemp() / name / "spi.duckdb")


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@pytest.fixture(scope="session")
def icb_health_extracts(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The ICB's synthetic health extracts (data/generated/health), generated once before any ICB build: two
    workers building at once would otherwise both find them missing (on a fresh clone) and both write them."""
    with FileLock(str(run_root(tmp_path_factory) / "icb-health.lock")):
        ensure_generated(region="icb")


@pytest.fixture(scope="session")
def built_database(tmp_path_factory: pytest.TempPathFactory, icb_health_extracts: None) -> Path:
    """Build the default (ICB) index from the real data into a fresh DuckDB file, once per session.

    Shared by every test: read it, never change it (use `copy_of_build`)."""
    # with the tests of the SQL itself (dbt's unit tests, the statistics macros' reference checks), which
    # `spi build` leaves out by default: the suite runs them once, here, not every build
    return shared_build(tmp_path_factory, "warehouse", "--code-tests", target_folder="icb_wd25")


@pytest.fixture(scope="session")
def exported_build(tmp_path_factory: pytest.TempPathFactory, built_database: Path) -> Path:
    """`spi export` of the session ICB build, once per run (a whole export is ~15 s, most of it the workbook):
    the first worker to ask writes it under a file lock, the others read the same folder. Read it, never
    change it (copy it first)."""
    root = run_root(tmp_path_factory)
    folder = root / "exported_build"
    out = folder / "export"
    with FileLock(str(root / "exported_build.lock")):
        if not (folder / "done").exists():
            folder.mkdir(exist_ok=True)
            assert main(["export", "--database", str(built_database), "--out", str(out)]) == 0, "spi export failed"
            (folder / "done").touch()
    return out


@pytest.fixture()
def icb_target(tmp_path_factory: pytest.TempPathFactory, built_database: Path) -> Iterator[None]:
    """For a test that runs `spi build` of the default ICB on the repository's project (target/icb_wd25):
    no other such build (another worker's test) runs meanwhile. After the session build (which holds the same
    lock while it builds): locks are always taken in that order, so two workers never wait on each other."""
    with project_target_lock(run_root(tmp_path_factory), "icb_wd25"):
        yield


@pytest.fixture(scope="module")
def default_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """For a module whose dbt runs use dbt's default target path (the repository's target/) and read back
    what they wrote there (e.g. mf reads target/semantic_manifest.json): no other such run meanwhile."""
    with project_target_lock(run_root(tmp_path_factory), "default"):
        yield


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
def wd17_database(tmp_path_factory: pytest.TempPathFactory, icb_health_extracts: None) -> Path:
    """The ICB index on 2017 wards (the second ward vintage an attacker holds), built once per session."""
    return shared_build(tmp_path_factory, "warehouse_wd17", "--wards", "wd17")


@pytest.fixture(scope="session")
def synthetic_health_database(tmp_path_factory: pytest.TempPathFactory, icb_health_extracts: None) -> Path:
    """The one extra build of the suite: the default ICB index with the synthetic health indicators asked for
    (`spi build --include-synthetic-health`), i.e. every framework indicator scored."""
    return shared_build(tmp_path_factory, "synthetic_health", "--include-synthetic-health")


@pytest.fixture(scope="session")
def variant_database(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with the optional marts and columns other issues add (tests/python/report_variant.py)."""
    variant = tmp_path_factory.mktemp("variant") / "variant.duckdb"
    make_variant_with_optional_marts(built_database, variant)
    return variant
