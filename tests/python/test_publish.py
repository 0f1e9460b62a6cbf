"""`spi publish`: a read-only marts file for BI that readers can hold open through builds and failed builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from spi.storage.build_record import BuildRecord
from conftest import copy_build
from spi.cli import main
from spi.project import RAW_DATA_DIR
from spi.export.publishing import PublishError, expected_marts, publish_marts

pytestmark = pytest.mark.build

# A second process that opens the published file read-only in a loop, as a BI tool refreshing would, and
# writes one JSON line per read: how long the read took, the row count of every table, and which publish
# it saw. It stops when the stop file appears.
READER = r"""
import json, sys, time
from pathlib import Path
import duckdb

published, stop, log = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
with log.open("w") as out:
    while not stop.exists():
        started = time.perf_counter()
        try:
            connection = duckdb.connect(str(published), read_only=True)
            tables = [name for (name,) in connection.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
            counts = {name: connection.execute(f"select count(*) from marts.{name}").fetchone()[0]
                      for name in tables}
            published_at = connection.execute(
                "select value from marts.about where key = 'published_at'").fetchone()[0]
            connection.close()
            line = {"seconds": time.perf_counter() - started, "counts": counts, "published_at": published_at}
        except Exception as error:
            line = {"seconds": time.perf_counter() - started, "error": repr(error)}
        out.write(json.dumps(line) + "\n")
        out.flush()
        time.sleep(0.05)
"""


def _read_published(path: Path) -> dict[str, int]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
        return {name: connection.execute(f"select count(*) from marts.{name}").fetchone()[0] for (name,) in tables}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def published(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("publish") / "spi.duckdb"
    assert main(["publish", "--database", str(built_database), "--out", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def concurrent_rebuild(
    published: Path, built_database: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """Publish a second database over `published` while another process keeps reading it.

    The second database is a copy of the session's build (with its build record), not a build of its own: what
    is tested is the publish over a file in use, and building never touches the published file."""
    work = tmp_path_factory.mktemp("concurrent")
    stop, log = work / "stop", work / "reads.jsonl"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop), str(log)])
    try:
        time.sleep(1.0)
        database = copy_build(built_database, work / "rebuilt.duckdb")
        time.sleep(2.0)  # reads of the old file while the new one is made
        assert main(["publish", "--database", str(database), "--out", str(published)]) == 0
        time.sleep(1.5)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    reads = [json.loads(line) for line in log.read_text().splitlines()]
    return {"database": database, "reads": reads}


def test_published_file_holds_only_the_marts_with_their_descriptions(published: Path) -> None:
    connection = duckdb.connect(str(published), read_only=True)
    try:
        schemas = {name for (name,) in connection.execute(
            "select distinct schema_name from duckdb_tables() where database_name = current_database()"
        ).fetchall()}
        assert schemas == {"marts"}, "staging, intermediate or reference tables leaked into the published file"
        tables = {name for (name,) in connection.execute("select table_name from duckdb_tables()").fetchall()}
        assert tables == set(expected_marts()) | {"about"}
        undescribed = connection.execute(
            "select table_name || '.' || column_name from duckdb_columns() "
            "where schema_name = 'marts' and (comment is null or comment = '')"
        ).fetchall()
        assert undescribed == []
        about = dict(connection.execute("select key, value from marts.about").fetchall())
        assert about["framework_version"] == "2026.1"
        assert "synthetic" in about["synthetic_data_notice"]
        storage = connection.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]
        assert storage in ("v1.0.0+", "v1.1.0+"), f"clients older than DuckDB 1.5 may not read storage {storage}"
    finally:
        connection.close()
    # storage version number 64 in the header is the one DuckDB 1.1 reads
    header = published.read_bytes()[:16]
    assert header[8:12] == b"DUCK" and int.from_bytes(header[12:20], "little") == 64


def test_separate_processes_open_the_published_file_read_only(published: Path) -> None:
    query = "select count(distinct ward_code) from marts.fct_ward_spi where spi_score is not null"
    python_reader = subprocess.run(
        [sys.executable, "-c",
         f"import duckdb; print(duckdb.connect({str(published)!r}, read_only=True).execute({query!r}).fetchone()[0])"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert python_reader.stdout.strip() == "185"
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    if cli is None:
        pytest.skip("duckdb CLI (PyPI duckdb-cli) is not in this environment")
    cli_reader = subprocess.run(
        [cli, "-readonly", "-csv", "-noheader", str(published), "-c", query],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert cli_reader.stdout.strip() == "185"


def test_reader_is_never_blocked_and_never_sees_a_partial_file(concurrent_rebuild: dict, built_database: Path) -> None:
    reads = concurrent_rebuild["reads"]
    errors = [read["error"] for read in reads if "error" in read]
    assert errors == [], errors[:3]
    assert len(reads) >= 10, "the reader should have read many times during the build"
    expected = dict(_read_published_counts(built_database))
    for read in reads:
        assert read["counts"] == expected, "a reader saw a partial or inconsistent published file"
    assert max(read["seconds"] for read in reads) < 10, "a reader waited on the build or publish"
    assert len({read["published_at"] for read in reads}) == 2, "the reader should see the old file, then the new"


def _read_published_counts(database: Path) -> dict[str, int]:
    connection = duckdb.connect(str(database))
    try:
        counts = {table: connection.execute(f"select count(*) from marts.{table}").fetchone()[0]
                  for table in expected_marts()}
    finally:
        connection.close()
    return {**counts, "about": 9}


BROKEN_SOURCE = "national/census21/census21_ts052_lsoa21_ew.parquet"
# the staging model of that file and everything downstream of it, marts included
BROKEN_SELECTION = "stg_ons__census21_lsoa_occupancy_ratings+"


def _broken_raw_data(folder: Path) -> Path:
    """A copy of data/raw (symlinks) in which one source file has lost its columns."""
    for source in RAW_DATA_DIR.rglob("*"):
        if source.is_file():
            link = folder / source.relative_to(RAW_DATA_DIR)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(source)
    broken = folder / BROKEN_SOURCE
    broken.unlink()
    broken.write_text("not_a_census_column\n1\n")
    return folder


def test_failed_build_leaves_the_published_file_byte_identical(
    concurrent_rebuild: dict, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, icb_target: None,
) -> None:
    database = concurrent_rebuild["database"]
    before = published.read_bytes()
    monkeypatch.setenv("SPI_RAW_DATA_DIR", str(_broken_raw_data(tmp_path / "raw")))
    record_before = BuildRecord.read(database)
    assert main(["build", "--database", str(database), "--select", BROKEN_SELECTION, "--quiet"]) == 1
    # a failed build replaces nothing: the database keeps its last good build and that build's record
    assert BuildRecord.read(database) == record_before
    assert published.read_bytes() == before
    assert not [path for path in published.parent.iterdir() if ".writing-" in path.name]


def test_publish_of_a_database_lacking_a_mart_leaves_the_published_file_untouched(
    built_database: Path, published: Path, tmp_path: Path,
) -> None:

    lacking = tmp_path / "lacking.duckdb"
    connection = duckdb.connect(str(lacking))
    connection.execute("create schema marts")
    connection.execute("create table marts.dim_wards as select 'E05000001' as ward_code")
    connection.close()
    BuildRecord.read(built_database).write(lacking)
    before = published.read_bytes()
    with pytest.raises(PublishError, match="lacks mart"):
        publish_marts(lacking, published)
    assert published.read_bytes() == before
    assert not [path for path in published.parent.iterdir() if ".writing-" in path.name]
