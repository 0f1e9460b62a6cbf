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
from spi.storage.build_record import BuildRecord, mart_fingerprints
from spi.export.marts import export_marts, sha256_of
from spi.project import RAW_DATA_DIR

from conftest import project_target_lock, run_root

pytestmark = pytest.mark.build

COUNT_MARTS = """
import duckdb, json, sys

connection = duckdb.connect(sys.argv[1], read_only=True)
tables = [name for (name,) in connection.execute(
    "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
print(json.dumps({name: connection.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in tables}))
"""


@pytest.fixture(autouse=True)
def _one_icb_build_at_a_time(request: pytest.FixtureRequest) -> None:
    """The tests here run `spi build` on the repository's project (dbt writes target/icb_wd25): under
    pytest-xdist no other worker's build into that folder overlaps one (conftest `icb_target`)."""
    if request.node.get_closest_marker("unit") is None:
        request.getfixturevalue("icb_target")


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one folder where each test's published warehouse lives (emptied between tests): the profile's
    database path is part of dbt's partial-parse key, so builds into one path parse the project once, not once
    per test (~15 s each)."""
    return tmp_path_factory.mktemp("site")


# the marts spi.export queries by name (scripts/spi/export): the rest are exported whatever they are
KEPT_BY_SMALL_DATABASE = ("dim_wards", "dim_indicators", "fct_ward_spi")


@pytest.fixture(scope="module")
def small_database(published_template: Published, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the build with three small marts left (the ones the export itself reads), recorded as the
    build's: for tests of how an export is swapped into place, whatever it holds, at a fraction of a whole
    export's cost (its workbook)."""
    database = tmp_path_factory.mktemp("small") / "spi.duckdb"
    shutil.copyfile(published_template.database, database)
    shutil.copyfile(BuildRecord.path_for(published_template.database), BuildRecord.path_for(database))
    _tamper(database, *(f"drop table marts.{name}" for name in published_template.counts
                       if name not in KEPT_BY_SMALL_DATABASE))
    return database


@pytest.fixture()
def published(published_template: Published, site: Path) -> Published:
    """A fresh copy of the published warehouse and export for one test to attack."""
    for path in list(site.iterdir()):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return Published(site, template=published_template)


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
    assert export.returncode == 74  # cannot write (README "Exit codes")
    assert "File too large" in stderr or "Errno 27" in stderr, stderr
    assert "Traceback" not in stderr
    assert not list(published.exports.parent.glob(".latest.writing-*"))
    published.assert_intact()


def test_unwritable_export_folder(published: Published, tmp_path: Path) -> None:
    # as root, permissions do not stop writes: a path whose parent is a file cannot be written by anyone
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder's parent should be\n")
    export = _spi("export", "--database", str(published.database), "--out", str(blocker / "latest"))
    _, stderr = export.communicate(timeout=120)
    assert export.returncode == 74
    assert stderr.startswith("spi export: ") and "not-a-folder" in stderr
    published.assert_intact()


def test_unwritable_database_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x\n")
    build = _spi("build", "--database", str(blocker / "spi.duckdb"), "--quiet")
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 74
    assert stderr.startswith("spi build: cannot write") and "not-a-folder" in stderr


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


# --- issue 15: foreign logs, the export swap, traversal, formulas, locks, Ctrl-C -------------------------
# A program (a notebook) that opened the warehouse for writing, changed it and died before checkpointing:
# DuckDB leaves its log (spi.duckdb.wal) beside the file, replayed into whatever file next has the name.
FOREIGN_WRITER = """
import duckdb, sys, time
connection = duckdb.connect(sys.argv[1], config={"checkpoint_threshold": "10GB"})
# one row: fct_ward_spi holds the index period only
connection.execute("delete from marts.fct_ward_spi where ward_code in (select min(ward_code) from marts.dim_wards)")
print("written", flush=True)
time.sleep(600)
"""
HOLDER = """
import duckdb, sys, time
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(600)
"""


def _foreign_process(script: str, database: Path, kill: bool) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", script, str(database)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() in ("written", "holding")
    if kill:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return process


def _leave_foreign_wal(database: Path) -> Path:
    _foreign_process(FOREIGN_WRITER, database, kill=True)
    wal = Path(str(database) + ".wal")
    assert wal.exists() and wal.stat().st_size > 0, "the killed writer should leave its log"
    return wal


def _tamper(database: Path, *statements: str) -> None:
    """Change the marts and record their new fingerprints, as if a build had made them (hostile inputs)."""
    connection = duckdb.connect(str(database))
    try:
        for statement in statements:
            connection.execute(statement)
        marts = mart_fingerprints(connection)
    finally:
        connection.close()
    record = json.loads(BuildRecord.path_for(database).read_text())
    record["marts"] = marts
    BuildRecord.path_for(database).write_text(json.dumps(record))


def test_export_refuses_a_warehouse_changed_after_its_build(published: Published) -> None:
    _leave_foreign_wal(published.database)
    for command in (["export", "--out", str(published.exports)],
                    ["publish", "--out", str(published.database.parent / "p.duckdb")]):
        done = _spi(*command, "--database", str(published.database))
        _, stderr = done.communicate(timeout=300)
        assert done.returncode == 1, stderr
        assert (f"{published.database} no longer matches its build record (fct_ward_spi has "
                f"{published.counts['fct_ward_spi'] - 1} rows, the build made {published.counts['fct_ward_spi']}): it "
                "was changed after the build (a program writing to it, or a DuckDB log file replayed into it); "
                "nothing was published: run `spi build` again") in stderr
    assert not (published.database.parent / "p.duckdb").exists()
    manifest = json.loads((published.exports / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert sha256_of(published.exports / entry["path"]) == entry["sha256"], entry["path"]


def test_a_program_holding_the_warehouse_stops_build_and_export(published: Published) -> None:
    holder = _foreign_process(HOLDER, published.database, kill=False)
    try:
        for command in (["build", "--quiet"], ["export", "--out", str(published.exports)]):
            done = _spi(*command, "--database", str(published.database))
            _, stderr = done.communicate(timeout=300)
            assert done.returncode == 75, stderr
            assert (f"{published.database} is open for writing in another program (process {holder.pid}): a running "
                    "build, export, notebook or BI tool; close it (BI tools should read the file of `spi publish`) "
                    "and run again") in stderr
            assert "Traceback" not in stderr
    finally:
        holder.kill()
        holder.wait()
    published.assert_intact()


def test_kill_between_the_export_renames_loses_nothing(published: Published, small_database: Path) -> None:
    """Where the filesystem cannot exchange folders in one call, the swap is two renames: killed between them,
    the old export waits under a retired name and the next run puts it back before anything else."""
    export = _spi("export", "--database", str(small_database), "--out", str(published.exports),
                  env={"SPI_FAULT_BETWEEN_RENAMES": "kill"})
    export.communicate(timeout=300)
    assert export.returncode == -signal.SIGKILL
    assert not published.exports.exists()
    retired = published.exports.with_name(".latest.retired")
    assert retired.is_dir()
    from spi.storage.atomic_dir import recover

    assert recover(published.exports)[0] == retired
    published.assert_intact()
    assert not list(published.exports.parent.glob(".latest.retired")) + list(
        published.exports.parent.glob(".latest.writing-*"))


def test_export_swaps_in_one_call_with_normal_permissions(published: Published, small_database: Path,
                                                          monkeypatch) -> None:
    """renameat2(RENAME_EXCHANGE): no moment without exports/latest (os.rename is never called on it)."""
    renamed: list[str] = []
    original = Path.rename

    def spy(self: Path, target):
        renamed.append(str(self))
        return original(self, target)

    monkeypatch.setattr(Path, "rename", spy)
    before = published.exports.stat().st_ino
    export_marts(small_database, published.exports)
    assert renamed == [] and published.exports.stat().st_ino != before
    mask = os.umask(0)
    os.umask(mask)
    assert published.exports.stat().st_mode & 0o777 == 0o777 & ~mask
    for path in published.exports.iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path.name
    published.assert_intact()


def test_by_council_refuses_a_lad_code_that_is_a_path(published: Published, tmp_path: Path) -> None:
    _tamper(published.database,
            "update marts.dim_wards set lad_code = '../../escaped' where ward_code = (select min(ward_code) "
            "from marts.dim_wards)")
    out = tmp_path / "councils" / "out"
    done = _spi("export", "--by-council", "--database", str(published.database), "--out", str(out))
    _, stderr = done.communicate(timeout=300)
    assert done.returncode == 1
    assert stderr == ("spi export: dim_wards has lad_code value(s) '../../escaped' that are not GSS local authority "
                      "codes (E06/E07/E08/E09/W06 and 6 digits); they would name folders of --by-council: fix the "
                      "ward lookup and run `spi build` (the previous export is unchanged)\n")
    assert not (tmp_path / "escaped").exists() and not out.exists()


def test_text_that_looks_like_a_formula_stays_text(small_database: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    hostile = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)"]
    # the hostile names in dim_wards, the mart the test reads (a copy without the large marts)
    database = tmp_path / "spi.duckdb"
    shutil.copyfile(small_database, database)
    shutil.copyfile(BuildRecord.path_for(small_database), BuildRecord.path_for(database))
    _tamper(database, *(
        f"update marts.dim_wards set ward_name = '{name.replace(chr(39), chr(39) * 2)}' where ward_code = "
        f"(select ward_code from marts.dim_wards order by ward_code limit 1 offset {offset})"
        for offset, name in enumerate(hostile)))
    out = tmp_path / "export"
    export_marts(database, out)
    sheet = load_workbook(out / "spi_wards.xlsx", read_only=False)["dim_wards"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("ward_name") + 1
    cells = {sheet.cell(row=row, column=column).value: sheet.cell(row=row, column=column).data_type
             for row in range(2, sheet.max_row + 1)}
    assert {name: cells[name] for name in hostile} == dict.fromkeys(hostile, "s")
    with (out / "dim_wards.csv").open(newline="") as handle:
        names = {row["ward_name"] for row in __import__("csv").DictReader(handle)}
    assert {"'" + name for name in hostile} <= names and not set(hostile) & names
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["csv_text_policy"].startswith("CSV text cells that start with = + - @ TAB or CR")
    # Parquet keeps the exact text for programs
    parquet = duckdb.sql(f"select ward_name from '{out / 'dim_wards.parquet'}'").fetchall()
    assert set(hostile) <= {name for (name,) in parquet}


@pytest.mark.parametrize("content,expected", [
    (b"", "is empty (0 bytes), not a DuckDB database; run `spi build` to make a new one"),
    (b"not a database at all" * 1000, "is not a readable DuckDB database (corrupt, truncated or empty: "),
], ids=["zero-bytes", "corrupt"])
def test_empty_or_corrupt_database_is_one_message(tmp_path: Path, content: bytes, expected: str) -> None:
    database = tmp_path / "spi.duckdb"
    database.write_bytes(content)
    for command in ("export", "publish"):
        done = _spi(command, "--database", str(database), "--out", str(tmp_path / f"out-{command}"))
        _, stderr = done.communicate(timeout=120)
        assert done.returncode == 1, stderr
        assert stderr.startswith(f"spi {command}: {database} {expected}"), stderr
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1


def test_full_disk_during_publish(published: Published) -> None:
    out = published.database.parent / "p.duckdb"
    first = _spi("publish", "--database", str(published.database), "--out", str(out))
    assert first.wait(timeout=300) == 0
    before = out.read_bytes()
    publish = _spi("publish", "--database", str(published.database), "--out", str(out), limit_bytes=300_000)
    _, stderr = publish.communicate(timeout=300)
    assert publish.returncode == 74, stderr
    assert stderr.startswith("spi publish: cannot write") and "(the published file is unchanged)" in stderr
    assert "Traceback" not in stderr
    assert out.read_bytes() == before
    assert not list(out.parent.glob(".p.duckdb.writing-*"))


def test_ctrl_c_during_build_says_what_is_unchanged(published: Published) -> None:
    build = _spi("build", "--database", str(published.database), "--quiet")  # --quiet: nothing fills the pipe
    _wait_for(lambda: any(_size(path) > 1_500_000 for path in published.partials()), timeout=900)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 130, stderr
    assert stderr.rstrip().endswith("spi build: interrupted; the last good database is unchanged")
    assert "ERROR" not in stderr and "no nodes ran" not in stderr and "Traceback" not in stderr
    assert published.partials() == []
    published.assert_intact()


def test_ctrl_c_during_validate(tmp_path: Path) -> None:
    validate = _spi("validate")
    time.sleep(6)  # loading, generating or checking: an interruption says the same wherever it lands
    validate.send_signal(signal.SIGINT)
    _, stderr = validate.communicate(timeout=120)
    assert validate.returncode == 130, stderr
    assert stderr.rstrip().endswith("spi validate: interrupted; the last good database is unchanged")
    assert "Traceback" not in stderr


def test_unwritable_health_folder_is_one_message(tmp_path: Path) -> None:
    blocker = tmp_path / "read-only"
    blocker.write_text("a file where the health extracts' folder should be\n")
    validate = _spi("validate", env={"SPI_HEALTH_DATA_DIR": str(blocker / "health")})
    _, stderr = validate.communicate(timeout=300)
    assert validate.returncode == 74, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"spi validate: cannot write {blocker}") and last.endswith("nothing published was changed")
    assert "Traceback" not in stderr


# --- the next real build after faults ------------------------------------------------------------------
# One full build serves the two tests below (a build is the file's cost): it starts after a killed build's
# partial file, beside a log another program left, with a bad row in a tolerant source. Last in the file: its
# raw-data folder (SPI_RAW_DATA_DIR) is part of dbt's parse of target/icb_wd25, so the build after it parses again.


class Rebuilt:
    """The published warehouse after one real `spi build` that met every fault of the next build."""

    def __init__(self, published: Published, raw: Path, bad_code: str, foreign_wal: Path):
        self.published, self.raw, self.bad_code, self.foreign_wal = published, raw, bad_code, foreign_wal
        build = _spi("build", "--database", str(published.database), "--quiet", env={"SPI_RAW_DATA_DIR": str(raw)})
        _, self.stderr = build.communicate(timeout=900)
        self.returncode = build.returncode


@pytest.fixture(scope="module")
def rebuilt(published_template: Published, tmp_path_factory: pytest.TempPathFactory) -> Rebuilt:
    root = tmp_path_factory.mktemp("rebuilt")
    published = Published(root / "site", template=published_template)
    # a tolerant source with one bad row: a percentage above 100 on line 6 of the national loneliness file
    raw = root / "raw"
    shutil.copytree(RAW_DATA_DIR, raw)
    loneliness = raw / "national" / "cls_loneliness_2020_21_lsoa21_england.csv"
    lines = loneliness.read_text().splitlines()
    bad_code = lines[5].split(",")[0]
    lines[5] = f"{bad_code},150.0,10"
    loneliness.write_text("\n".join(lines) + "\n")
    # the partial file of a build that was killed
    published.database.with_name("spi.duckdb.building-999999").write_bytes(b"half a database")
    # a program (a notebook) that opened the warehouse for writing, deleted a row of fct_ward_spi and died
    # before checkpointing: its log waits beside the file, to be replayed into whatever file next has the name
    wal = _leave_foreign_wal(published.database)
    # a module fixture is set up before the autouse `icb_target` of the test that asks first: hold it here
    with project_target_lock(run_root(tmp_path_factory), "icb_wd25"):
        return Rebuilt(published, raw, bad_code, wal)


def test_next_build_cleans_up_and_quarantines(rebuilt: Rebuilt) -> None:
    """After a killed build, a real build removes the partial file, sets the tolerant source's bad row aside
    (quarantine.rejected_rows), leaves it out of staging, scores every ward and replaces the database."""
    published = rebuilt.published
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "removed spi.duckdb.building-999999, left by a build that did not finish" in rebuilt.stderr
    assert "quarantined 1 row(s) of dcms.loneliness" in rebuilt.stderr
    assert "(1 row(s) quarantined)" in rebuilt.stderr
    assert published.partials() == []
    assert BuildRecord.path_for(published.database).read_text() != published.record
    connection = duckdb.connect(str(published.database), read_only=True)
    try:
        rejected = connection.execute(
            "select source_table, line, row_key, rule from quarantine.rejected_rows").fetchall()
        kept = connection.execute("select count(*) from staging.stg_dcms__lsoa_loneliness where lsoa21_code = ?",
                                  [rebuilt.bad_code]).fetchone()[0]
        spi_rows = connection.execute(
            "select count(distinct ward_code) from marts.fct_ward_spi where spi_score is not null").fetchone()[0]
    finally:
        connection.close()
    assert rejected == [("dcms.loneliness", 6, rebuilt.bad_code, "percentage-range")]
    assert kept == 0
    assert spi_rows == 185


def test_foreign_wal_is_not_replayed_into_the_new_build(rebuilt: Rebuilt) -> None:
    published = rebuilt.published
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert ("spi build: removed spi.duckdb.wal, a DuckDB log another program left beside the old database (it was "
            "not replayed into the new one)") in rebuilt.stderr
    assert not rebuilt.foreign_wal.exists()
    # the row the foreign program deleted is there: its log was not replayed into the new file
    assert _mart_counts(published.database) == published.counts
    done = _spi("publish", "--database", str(published.database), "--out", str(published.database.parent / "p.duckdb"))
    _, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr


@pytest.mark.unit
def test_unexpected_error_is_one_line_and_a_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from spi import cli

    def broken(args) -> int:
        raise ZeroDivisionError("a bug")

    def interrupted(args) -> int:
        raise KeyboardInterrupt

    monkeypatch.setenv("SPI_PROJECT_DIR", str(tmp_path))
    args = cli.parser().parse_args(["report"])
    args.handler = broken
    assert cli.run_guarded("report", args) == 70
    err = capsys.readouterr().err
    logs = list((tmp_path / "logs").glob("spi-report-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError: a bug" in logs[0].read_text()
    assert err == (f"spi report: unexpected error (ZeroDivisionError: a bug); details in {logs[0]}; please report "
                   "it. Nothing published was changed\n")
    args.handler = interrupted
    assert cli.run_guarded("report", args) == 130
    assert capsys.readouterr().err == "spi report: interrupted; the last good database is unchanged\n"
