"""`spi build --area`: any English ICB, council or region from the national data, exported and reported.

CI builds one non-default area, the City of London (E09000001): a single council of 25 WD25 wards of which
20 are wards no LSOA best-fits to (scored from the derived area overlay), so the national geography's hardest
case is built, tested by dbt, exported with its GeoJSON and reported, in about the time of an ICB build.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from spi.areas import AreaError, parse_area_codes, resolve_area
from spi.cli import main
from spi.framework import release_rules as rules
from spi.framework.seed import FRAMEWORK_SEED, read_rows
from spi.project import RAW_DATA_DIR

AREA = "E09000001"  # City of London
NATIONAL_MIN_INDICATORS = 35  # issue 14: the national indicator set, in all 12 components


def scalar(connection: duckdb.DuckDBPyConnection, sql: str):
    return connection.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def area_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("area") / "spi.duckdb"
    assert main(["build", "--area", AREA, "--database", str(database), "--quiet"]) == 0, "spi build --area failed"
    return database


@pytest.fixture()
def area(area_database: Path) -> duckdb.DuckDBPyConnection:
    """A connection per test (closed after it), so `spi export` and `spi report` can open the file after."""
    connection = duckdb.connect(str(area_database))
    yield connection
    connection.close()


def test_area_codes_are_parsed_and_checked() -> None:
    assert parse_area_codes(" e54000055, E06000021 ,E54000055") == ("E06000021", "E54000055")
    for bad in ("", "E05000001", "W06000001", "E5400005"):
        with pytest.raises(AreaError):
            parse_area_codes(bad)
    with pytest.raises(AreaError, match="E54000999: no English LSOA has this ICB code"):
        resolve_area(("E54000999",), RAW_DATA_DIR)


def test_area_ward_counts_come_from_the_lookups() -> None:
    # the ICB as an area is the default build's 185 wards; a council inside it adds none
    assert resolve_area(("E54000010",), RAW_DATA_DIR).ward_count == 185
    assert resolve_area(("E06000021", "E54000010"), RAW_DATA_DIR).ward_count == 185
    # every ward of a council, including those no LSOA best-fits to (5 in the Isles of Scilly, 4 of them)
    assert resolve_area(("E06000053",), RAW_DATA_DIR).ward_count == 5
    assert resolve_area((AREA,), RAW_DATA_DIR).ward_count == 25


def test_bad_area_stops_before_building(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["build", "--area", "E54000999", "--database", str(tmp_path / "x.duckdb")]) == 2
    assert "no English LSOA has this ICB code" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_area_build_scores_every_ward_of_the_council(area: duckdb.DuckDBPyConnection) -> None:
    assert scalar(area, "select count(*) from marts.dim_wards") == 25
    assert scalar(area, "select string_agg(distinct lad_code) from marts.dim_wards") == AREA
    methods = dict(area.execute("select ward_match_method, count(*) from marts.dim_wards group by all").fetchall())
    assert methods == {"ons best fit": 5, "derived area overlay": 20}
    assert scalar(area, "select count(spi_score) from marts.fct_ward_spi") == 25
    # the national indicator set, so a City ward's score means what an England ward's does
    assert scalar(area, "select string_agg(distinct framework_variant) from marts.fct_ward_spi") == "england"
    assert scalar(area, "select count(*) from marts.dim_indicators where is_scored_in_region") == scalar(
        area, "select count(*) from marts.dim_indicators where regions like '%england%'")


def test_overlay_wards_take_area_shares_of_their_lsoas(area: duckdb.DuckDBPyConnection) -> None:
    shares = area.execute(
        """
        select ward_match_method, min(lsoa_share), max(lsoa_share), count(*)
        from intermediate.int_ward_lsoa21_shares_computed group by all
        """
    ).fetchall()
    by_method = {method: (low, high, rows) for method, low, high, rows in shares}
    assert by_method["ons best fit"][:2] == (1.0, 1.0)
    low, high, _ = by_method["derived area overlay"]
    assert 0 < low and high <= 1.000001
    # an overlay ward's residents are its LSOAs' residents times the share of each inside it
    assert scalar(
        area,
        """
        select max(abs(shares.residents - populations.usual_residents * shares.lsoa_share))
        from intermediate.int_ward_lsoa21_shares_computed as shares
        inner join staging.stg_ons__census21_lsoa_populations as populations
            on shares.lsoa21_code = populations.lsoa21_code
        """,
    ) < 1e-6


def test_area_scores_are_placed_nationally(area: duckdb.DuckDBPyConnection) -> None:
    row = area.execute(
        """
        select count(*), count(national_rank), min(national_rank), max(national_percentile),
               min(rank_in_region), max(rank_in_region)
        from marts.fct_ward_spi
        """
    ).fetchone()
    assert row[0] == row[1] == 25  # every ward has a national rank (the reference is of this framework)
    assert row[2] >= 1 and row[3] <= 100
    assert row[4] == 1 and row[5] <= 25  # ranks within the area (ties share a rank)
    # a ward ranked higher in the area is never ranked lower nationally
    assert scalar(
        area,
        """
        select count(*) from marts.fct_ward_spi as a
        inner join marts.fct_ward_spi as b
            on a.spi_score > b.spi_score
        where a.national_rank > b.national_rank
        """,
    ) == 0
    assert scalar(area, "select count(national_percentile) from marts.fct_ward_component_scores where score is not null") \
        == scalar(area, "select count(score) from marts.fct_ward_component_scores")


def test_area_is_exported_with_geojson_and_reported(area_database: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert main(["export", "--database", str(area_database), "--out", str(out)]) == 0
    collection = json.loads((out / "ward_spi.geojson").read_text())
    assert len(collection["features"]) == 25
    assert collection["wards_without_boundary"] == []
    assert {feature["properties"]["lad_code"] for feature in collection["features"]} == {AREA}
    assert {feature["geometry"]["type"] for feature in collection["features"]} <= {"Polygon", "MultiPolygon"}
    assert "Contains OS data" in collection["attribution"]
    report = tmp_path / "report.html"
    assert main(["report", "--database", str(area_database), "--out", str(report)]) == 0
    page = report.read_text()
    assert page.count("data-ward-code=") >= 25
    assert "City of London" in page
    assert report.stat().st_size < 5 * 1024 * 1024


def test_area_scores_the_national_indicator_set(area: duckdb.DuckDBPyConnection) -> None:
    # issue 14: at least 35 indicators in all 12 components, the framework's England cut exactly
    in_index = {code for (code,) in area.execute("select indicator_id from marts.dim_indicators where is_in_index").fetchall()}
    england_cut = {row["indicator_id"] for row in rules.default_index_rows(read_rows(FRAMEWORK_SEED), "england")}
    assert in_index == england_cut
    assert len(in_index) >= NATIONAL_MIN_INDICATORS
    assert scalar(area, "select count(distinct component) from marts.dim_indicators where is_in_index") == 12
    # every ward has every indicator of the index scored (observed or imputed), life expectancy included
    assert scalar(area, "select count(*) from marts.fct_ward_indicators where score is null") == 0
    assert scalar(
        area,
        "select count(distinct indicator_id) from marts.fct_ward_indicators where period = 2025",
    ) == len(in_index)
    # the national stand-ins sit in the index, the ICB-only practice data does not
    assert {"activities_limited_a_lot", "life_expectancy_male", "loneliness"} <= in_index
    assert not scalar(
        area, "select bool_or(is_in_index) from marts.dim_indicators where source_family = 'nhs_practice'"
    )


def test_national_stand_ins_score_on_the_national_bounds(area: duckdb.DuckDBPyConnection) -> None:
    # an indicator score means the same in an area build as in an ICB build: the framework's own bounds
    rows = {row["indicator_id"]: row for row in read_rows(FRAMEWORK_SEED)}
    built = area.execute(
        "select indicator_id, best, worst from marts.dim_indicators where is_in_index"
    ).fetchall()
    for indicator_id, best, worst in built:
        assert (best, worst) == (float(rows[indicator_id]["best"]), float(rows[indicator_id]["worst"])), indicator_id
