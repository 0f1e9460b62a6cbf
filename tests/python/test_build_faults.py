"""Faults never lose what was published: SIGKILL during a build or an export, a full disk, an unwritable
folder, two builds at once. Each test starts from a published database + export and checks afterwards, from
another process, that the database opens read-only with the same row counts and that the export's manifest
checksums still match."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from spi.storage.build_lock import build_lock
from spi.storage.build_record import BuildRecord
from spi.export.marts import export_marts, sha256_of
from spi.project import RAW_DATA_DIR

pytestmark = pytest.mark.build


COUNT_MARTS = """
import duckdb, json, sys

connection = duckdb.connect(sys.argv[1], read_only=True)
tables = [name for (name,) in connection.execute(
    "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
print(json.dumps({name: connection.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in tables}))
"""


def _mart_counts(database: Path) -> dict[str, int]:
    """Row count per mart, read by a separate process opening the file read-only."""
    done = subprocess.run([sys.executable, "-c", COUNT_MARTS, str(database)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


class Published:
    """A warehouse folder with a published database, its build record and an export."""

    def __init__(self, root: Path, template: Published | None = None, source: Path | None = None):
        self.database = root / "warehouse" / "spi.duckdb"
        self.exports = root / "exports" / "latest"
        if template is not None:
            shutil.copytree(template.database.parent, self.database.parent)
            shutil.copytree(template.exports, self.exports)
            self.counts, self.record = template.counts, template.record
            return
        self.database.parent.mkdir(parents=True)
        shutil.copyfile(source, self.database)
        shutil.copyfile(BuildRecord.path_for(source), BuildRecord.path_for(self.database))
        export_marts(self.database, self.exports)
        self.counts = _mart_counts(self.database)
        self.record = BuildRecord.path_for(self.database).read_text()

    def assert_intact(self) -> None:
        assert _mart_counts(self.database) == self.counts
        assert BuildRecord.path_for(self.database).read_text() == self.record
        manifest = json.loads((self.exports / "manifest.json").read_text())
        for entry in manifest["files"]:
            assert sha256_of(self.exports / entry["path"]) == entry["sha256"], entry["path"]

    def partials(self) -> list[Path]:
        return sorted(self.database.parent.glob("spi.duckdb.building-*"))


@pytest.fixture(scope="module")
def published_template(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Published:
    template = Published(tmp_path_factory.mktemp("published"), source=built_database)
    assert template.counts["dim_wards"] == 185
    return template


@pytest.fixture()
def published(published_template: Published, tmp_path: Path) -> Published:
    """A fresh copy of the published warehouse and export for one test to attack."""
    return Published(tmp_path / "site", template=published_template)


def _spi(*args: str, env: dict[str, str] | None = None, limit_bytes: int | None = None) -> subprocess.Popen:
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.Popen([sys.executable, "-m", "spi.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})}, preexec_fn=limit)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@pytest.mark.parametrize("when", ["after 1 s", "after 3 s", "mid-dbt"])
def test_sigkill_during_build_keeps_the_published_database(published: Published, when: str) -> None:
    build = _spi("build", "--database", str(published.database), "--quiet")
    if when == "mid-dbt":
        # dbt is writing the new file (the finished one is ~7 MB): its tables are half built
        _wait_for(lambda: any(_size(path) > 1_500_000 for path in published.partials()))
    else:
        time.sleep(float(when.split()[1]))
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL
    published.assert_intact()


def test_sigkill_mid_export_keeps_the_previous_export(published: Published) -> None:
    export = _spi("export", "--database", str(published.database), "--out", str(published.exports))
    _wait_for(lambda: any(published.exports.parent.glob(".latest.writing-*/*.parquet")))
    export.send_signal(signal.SIGKILL)
    export.wait()
    assert export.returncode == -signal.SIGKILL
    published.assert_intact()


def test_full_disk_during_build(published: Published) -> None:
    # RLIMIT_FSIZE: any write past 2 MB fails with EFBIG ("File too large"), as a full disk would
    build = _spi("build", "--database", str(published.database), "--quiet", limit_bytes=2_000_000)
    _, stderr = build.communicate(timeout=600)
    assert build.returncode == 1
    assert "File too large" in stderr
    assert "spi build: the last built database is unchanged" in stderr
    assert published.partials() == []
    published.assert_intact()


def test_full_disk_during_export(published: Published) -> None:
    export = _spi("export", "--database", str(published.database), "--out", str(published.exports),
                  limit_bytes=20_000)
    _, stderr = export.communicate(timeout=120)
    assert export.returncode == 1
    assert "File too large" in stderr or "Errno 27" in stderr, stderr
    assert not list(published.exports.parent.glob(".latest.writing-*"))
    published.assert_intact()


def test_unwritable_export_folder(published: Published, tmp_path: Path) -> None:
    # as root, permissions do not stop writes: a path whose parent is a file cannot be written by anyone
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder's parent should be\n")
    export = _spi("export", "--database", str(published.database), "--out", str(blocker / "latest"))
    _, stderr = export.communicate(timeout=120)
    assert export.returncode == 1
    assert stderr.startswith("spi export: ") and "not-a-folder" in stderr
    published.assert_intact()


def test_unwritable_database_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x\n")
    build = _spi("build", "--database", str(blocker / "spi.duckdb"), "--quiet")
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 1
    assert "spi build: cannot write" in stderr and "not-a-folder" in stderr


def test_second_build_exits_at_once_naming_the_holder(published: Published) -> None:
    with build_lock(published.database):
        started = time.monotonic()
        build = _spi("build", "--database", str(published.database), "--quiet")
        _, stderr = build.communicate(timeout=120)
        assert build.returncode == 75
        assert f"another spi build (pid {os.getpid()}) is building in {published.database.parent}" in stderr
        assert time.monotonic() - started < 30
    published.assert_intact()


def test_wait_blocks_until_the_lock_is_free(published: Published, tmp_path: Path) -> None:
    empty = tmp_path / "no-raw-data"
    empty.mkdir()
    with build_lock(published.database):
        build = _spi("build", "--database", str(published.database), "--wait", "--quiet",
                     env={"SPI_RAW_DATA_DIR": str(empty)})
        time.sleep(3)
        assert build.poll() is None, "a build with --wait must wait for the lock"
    _, stderr = build.communicate(timeout=300)
    # it got the lock, then stopped at validation (no raw files): nothing built, nothing lost
    assert build.returncode == 1
    assert "[rule: file-missing]" in stderr
    published.assert_intact()


def test_next_build_cleans_up_and_quarantines(published: Published, tmp_path: Path) -> None:
    """After a killed build, a real build removes the partial file, sets the tolerant source's bad row aside
    (quarantine.rejected_rows), leaves it out of staging, and replaces the database."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DATA_DIR, raw)
    loneliness = raw / "icb_health" / "cls_loneliness_2020_21_lsoa21_ssot.csv"
    lines = loneliness.read_text().splitlines()
    bad_code = lines[5].split(",")[0]
    lines[5] = f"{bad_code},150.0,10"  # a percentage above 100: line 6
    loneliness.write_text("\n".join(lines) + "\n")
    stale = published.database.with_name("spi.duckdb.building-999999")
    stale.write_bytes(b"half a database")
    build = _spi("build", "--database", str(published.database), "--quiet", env={"SPI_RAW_DATA_DIR": str(raw)})
    _, stderr = build.communicate(timeout=900)
    assert build.returncode == 0, stderr
    assert "removed spi.duckdb.building-999999, left by a build that did not finish" in stderr
    assert "quarantined 1 row(s) of dcms.loneliness" in stderr
    assert "(1 row(s) quarantined)" in stderr
    assert published.partials() == []
    assert BuildRecord.path_for(published.database).read_text() != published.record
    connection = duckdb.connect(str(published.database), read_only=True)
    try:
        rejected = connection.execute(
            "select source_table, line, row_key, rule from quarantine.rejected_rows").fetchall()
        kept = connection.execute("select count(*) from staging.stg_dcms__lsoa_loneliness where lsoa21_code = ?",
                                  [bad_code]).fetchone()[0]
        spi_rows = connection.execute(
            "select count(distinct ward_code) from marts.fct_ward_spi where spi_score is not null").fetchone()[0]
    finally:
        connection.close()
    assert rejected == [("dcms.loneliness", 6, bad_code, "percentage-range")]
    assert kept == 0
    assert spi_rows == 185
