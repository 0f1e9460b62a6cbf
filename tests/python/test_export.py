"""`spi export` writes every mart as Parquet and CSV, an Excel workbook and a ward GeoJSON, with a manifest
that matches the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from spi.export.marts import export_marts, sha256_of

pytestmark = pytest.mark.build


MARTS = {
    "dim_wards",
    "dim_indicators",
    "fct_ward_indicators",
    "fct_ward_component_scores",
    "fct_ward_dimension_scores",
    "fct_ward_spi",
}


@pytest.fixture(scope="module")
def exported(exported_build: Path) -> Path:
    """`spi export` of the session build (conftest `exported_build`, shared with the other files that read
    an export): the tests below read it or copy it, never change it."""
    return exported_build


def test_export_writes_every_mart_with_a_true_manifest(exported: Path) -> None:
    out = exported
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["framework_version"] == "2026.1"
    assert manifest["built_at"]
    assert {entry["table"] for entry in manifest["files"]} >= MARTS
    for entry in manifest["files"]:
        path = out / entry["path"]
        assert sha256_of(path) == entry["sha256"]
        assert path.stat().st_size == entry["bytes"]
        assert _rows_in(path, entry["format"]) == entry["rows"], entry["path"]
    assert {entry["format"] for entry in manifest["files"]} == {"parquet", "csv", "xlsx", "geojson"}


def _rows_in(path: Path, file_format: str) -> int:
    if file_format == "xlsx":
        workbook = load_workbook(path, read_only=True)
        marts = [name for name in workbook.sheetnames if name not in ("README", "data_dictionary")]
        return sum(workbook[name].max_row - 1 for name in marts)
    if file_format == "geojson":
        return len(json.loads(path.read_text())["features"])
    reader = "read_parquet" if file_format == "parquet" else "read_csv"
    return duckdb.sql(f"select count(*) from {reader}('{path}')").fetchone()[0]


def test_same_database_exports_identical_bytes(built_database: Path, exported: Path, tmp_path: Path) -> None:
    # the second export of the same database: every file byte for byte the first's (its manifest's checksums,
    # which the test above checks against the first export's files)
    first = json.loads((exported / "manifest.json").read_text())["files"]
    second = export_marts(built_database, tmp_path / "second")
    assert [(entry["path"], entry["sha256"]) for entry in first] == [(file.path, file.sha256) for file in second]
    assert (tmp_path / "second" / "manifest.json").read_bytes() == (exported / "manifest.json").read_bytes()


def test_failed_export_leaves_the_previous_one_untouched(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    shutil.copytree(exported, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    with pytest.raises(FileNotFoundError):
        export_marts(tmp_path / "missing.duckdb", out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".export.")]
