"""The Excel workbook and the ward GeoJSON of `spi export` open with their libraries and say what they hold."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from spi.export.marts import GEOJSON_NAME, WORKBOOK_NAME
from spi.export.excel import NOTE_COLUMN, SYNTHETIC_FILL, SUPPRESSED_FILL, WorkbookContext, write_workbook


@pytest.fixture(scope="module")
def exported(exported_build: Path) -> Path:
    return exported_build  # the session build's export (conftest), shared with the other files that read one


@pytest.mark.build
def test_workbook_has_readme_dictionary_and_one_sheet_per_mart(exported: Path, marts: duckdb.DuckDBPyConnection) -> None:
    workbook = load_workbook(exported / WORKBOOK_NAME)
    tables = [name for (name,) in marts.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name").fetchall()]
    # Excel caps sheet names at 31 characters
    assert workbook.sheetnames == ["README", "data_dictionary", *(table[:31] for table in tables)]
    readme = {row[0]: row[1] for row in workbook["README"].iter_rows(values_only=True) if row and row[0]}
    assert readme["Framework version"] == "2026.1"
    assert "NOT real" in readme["Synthetic data"]
    assert "Open Government Licence" in readme["Licences"]
    for table in tables:
        sheet = workbook[table[:31]]
        rows = marts.execute(f"select count(*) from marts.{table}").fetchone()[0]
        assert sheet.max_row - 1 == rows, table
    dictionary = {(row[0], row[1]): row[3] for row in workbook["data_dictionary"].iter_rows(min_row=2, values_only=True)}
    columns = marts.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts'").fetchall()
    for table, column in columns:
        assert dictionary.get((table, column)), f"{table}.{column} has no description in the data dictionary"


@pytest.mark.unit
def test_workbook_marks_synthetic_and_suppressed_rows(tmp_path: Path) -> None:
    connection = duckdb.connect()
    connection.execute("create schema marts")
    connection.execute(
        "create table marts.dim_indicators as select 'Made up' as source, '2025' as data_period, "
        "'synthetic' as data_status, true as is_synthetic"
    )
    connection.execute(
        "create table marts.fct_demo as select * from (values "
        "('W1', 1.0, false, false), ('W2', 2.0, true, false), ('W3', null, false, true)) "
        "as demo(ward_code, value, is_synthetic, value_suppressed)"
    )
    path = tmp_path / "demo.xlsx"
    assert write_workbook(connection, path, ["dim_indicators", "fct_demo"], WorkbookContext("x", "icb", None)) == 4
    sheet = load_workbook(path)["fct_demo"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == NOTE_COLUMN
    by_ward = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert by_ward["W1"][-1].value is None and by_ward["W1"][0].fill.fgColor.rgb != SYNTHETIC_FILL.fgColor.rgb
    assert "SYNTHETIC" in by_ward["W2"][-1].value
    assert by_ward["W2"][1].fill.fgColor.rgb == SYNTHETIC_FILL.fgColor.rgb
    assert "SUPPRESSED" in by_ward["W3"][-1].value
    assert by_ward["W3"][1].fill.fgColor.rgb == SUPPRESSED_FILL.fgColor.rgb
    readme = list(load_workbook(path)["README"].iter_rows(values_only=True))
    assert ("Marked rows", "dim_indicators: 1, fct_demo: 2") in [row[:2] for row in readme]


@pytest.mark.build
def test_geojson_has_one_scored_feature_per_ward(exported: Path, marts: duckdb.DuckDBPyConnection) -> None:
    collection = json.loads((exported / GEOJSON_NAME).read_text())
    assert collection["type"] == "FeatureCollection"
    assert "synthetic" in collection["synthetic_notice"]
    features = collection["features"]
    # the GeoJSON carries the latest period
    scores = dict(marts.execute(
        "select ward_code, spi_score from marts.fct_ward_spi where period = (select max(period) from marts.fct_ward_spi)"
    ).fetchall())
    assert len(features) == len(scores) == 185
    assert collection["wards_without_boundary"] == []
    for feature in features:
        properties = feature["properties"]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert properties["spi_score"] == pytest.approx(scores[properties["ward_code"]])
        assert properties["usual_residents"] > 0 and "has_synthetic_inputs" in properties
    assert len({feature["properties"]["ward_code"] for feature in features}) == 185
