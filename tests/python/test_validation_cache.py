"""The validation cache (spi.validation.cache) skips a source file only while nothing its result depends on
has changed: a changed file, even one whose modification time is put back, is read and its errors reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import spi.validation.runner as runner
from spi.validation.cache import ValidationCache
from spi.validation.runner import ValidationReport, validate_source
from spi.validation.specs import SourceSpec

pytestmark = pytest.mark.unit

SPEC = SourceSpec(
    source="test",
    table="rates",
    location="{{ env_var('SPI_RAW_DATA_DIR', 'data/raw') }}/rates.csv",
    geography="lsoa21",
    columns={"lsoa21_code": "varchar", "households": "bigint", "pct": "double"},
    key=("lsoa21_code",),
    area_column="lsoa21_code",
    counts=("households",),
    percentages=("pct",),
)
GOOD = "lsoa21_code,households,pct\nE01000001,100,10.0\nE01000002,200,25.0\n"
BAD = "lsoa21_code,households,pct\nE01000001,100,10.0\nE01000002,200,2500\n"  # same size: a percentage over 100


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "lookup.csv").write_text("lsoa21_code\nE01000001\nE01000002\n")
    (tmp_path / "rates.csv").write_text(GOOD)
    return tmp_path


def _validate(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ValidationReport, int]:
    """Validate rates.csv through a cache kept in the folder; return the report and how many files were read."""
    reads = []
    check = runner._check_source
    monkeypatch.setattr(runner, "_check_source", lambda *args: reads.append(args) or check(*args))
    cache = ValidationCache(folder / "cache.json")
    report = ValidationReport()
    validate_source(SPEC, folder, {"lsoa21": folder / "lookup.csv"}, report, cache=cache)
    cache.save()
    monkeypatch.setattr(runner, "_check_source", check)
    return report, len(reads)


def test_an_unchanged_file_that_passed_is_not_read_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _validate(folder, monkeypatch) == (ValidationReport(files_checked=1), 1)
    assert _validate(folder, monkeypatch) == (ValidationReport(files_checked=1), 0)


def test_a_changed_file_is_read_again_even_with_its_old_modification_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _validate(folder, monkeypatch)
    rates = folder / "rates.csv"
    before = rates.stat()
    rates.write_text(BAD)
    os.utime(rates, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: only ctime moved
    assert rates.stat().st_size == before.st_size and rates.stat().st_mtime_ns == before.st_mtime_ns
    report, reads = _validate(folder, monkeypatch)
    assert reads == 1
    assert [error.rule for error in report.errors] == ["percentage-range"]
    # a file with errors is never cached: it is read, and its errors reported, every time
    assert [error.rule for error in _validate(folder, monkeypatch)[0].errors] == ["percentage-range"]
    assert _validate(folder, monkeypatch)[1] == 1


def test_a_changed_lookup_or_rule_reads_the_file_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _validate(folder, monkeypatch)
    (folder / "lookup.csv").write_text("lsoa21_code\nE01000001\n")  # E01000002 is no longer a known code
    report, reads = _validate(folder, monkeypatch)
    assert reads == 1 and [error.rule for error in report.errors] == ["area-code-in-geography"]
    (folder / "lookup.csv").write_text("lsoa21_code\nE01000001\nE01000002\n")
    _validate(folder, monkeypatch)
    monkeypatch.setattr("spi.validation.cache._code_version", lambda: "another version of the rules")
    assert _validate(folder, monkeypatch)[1] == 1


def test_a_damaged_cache_file_is_ignored(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "cache.json").write_text("{not json")
    assert _validate(folder, monkeypatch) == (ValidationReport(files_checked=1), 1)
    assert _validate(folder, monkeypatch)[1] == 0


def test_other_raw_files_are_cached_the_same_way(tmp_path: Path) -> None:
    """Files no source reads (boundaries, the generator's inputs) are skipped while unchanged, and a damaged
    one is caught again."""
    raw = tmp_path / "raw"
    raw.mkdir()
    boundaries = raw / "wards.geojson"
    boundaries.write_text('{"type": "FeatureCollection", "features": []}')

    def check() -> ValidationReport:
        cache = ValidationCache(tmp_path / "cache.json")
        report = ValidationReport()
        runner.validate_other_files(raw, set(), report, cache=cache)
        cache.save()
        return report

    assert check() == ValidationReport(files_checked=1)
    assert str(boundaries.absolute()) in ValidationCache(tmp_path / "cache.json").entries
    boundaries.write_text('{"type": "FeatureCollection", "feat')  # truncated
    assert [error.rule for error in check().errors] == ["geojson-invalid"]
    assert [error.rule for error in check().errors] == ["geojson-invalid"]
