"""Region (icb | england) and ward vintage (wd25 | wd17) are settings of one project, each fully tested.

One extra build per setting: the ICB on 2017 wards, and England (marked `england`, about 90 s on 2 cores, plus
about 40 s the first time to generate the national synthetic health extracts into data/generated/health_england).
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from spi.cli import main
from spi.framework import release_rules as rules
from spi.project import PROJECT_DIR

FRAMEWORK = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
# Sources shipped for the whole of England (data/raw/national); every other source is ICB-only.
NATIONAL_SOURCES = {
    "iod2025_indicators", "iod2025_subdomains", "fuel_poverty_2021", "unpaid_care_2021", "census21", "census21_msoa",
    # national since issue 14: life expectancy through the national LSOA11 -> LSOA21 lookup, loneliness's
    # national file
    "life_expectancy_2016_2020", "loneliness_2020_21",
}
# issue 14: the national indicator set has at least this many indicators, in all 12 components
ENGLAND_MIN_INDICATORS = 35
# nhs_health measures from the synthetic extracts generated for every English LSOA (spi generate-health
# --region england); the practice-based ones (QOF, practice A&E) are ICB-only.
NATIONAL_HEALTH_MEASURES = {"emergency_admissions_dsr", "child_obesity_3y"}
# the framework's synthetic indicators built on them (out of the default index)
NATIONAL_HEALTH_INDICATORS = {"emergency_admissions_dsr", "child_obesity"}
ENGLAND_WARDS = 6826  # every English WD25 ward: 6,793 from the ONS best-fit lookup, 33 from the derived overlay
OVERLAY_WARDS = 33


def scalar(connection: duckdb.DuckDBPyConnection, sql: str):
    return connection.execute(sql).fetchone()[0]


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, *options: str) -> Path:
    database = tmp_path_factory.mktemp(name) / "spi.duckdb"
    assert main(["build", "--database", str(database), "--quiet", *options]) == 0, f"spi build {options} failed"
    return database


@pytest.fixture(scope="module")
def wd17(wd17_database: Path) -> duckdb.DuckDBPyConnection:
    # the session's WD17 build (conftest), shared with the disclosure attacker's two-vintage tests
    connection = duckdb.connect(str(wd17_database))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def england(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(_build(tmp_path_factory, "england", "--region", "england")))
    yield connection
    connection.close()


@pytest.mark.unit
def test_framework_says_where_each_indicator_is_available() -> None:
    with FRAMEWORK.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["source_name"] == "nhs_health":
            # synthetic record-level and child extracts are generated nationally; practice-based measures
            # (practice data apportioned by GP registrations) exist for the ICB's practices only
            national = row["source_measure"] in NATIONAL_HEALTH_MEASURES
        else:
            national = row["source_name"] in NATIONAL_SOURCES
        # a national source is scored in both regions, or only in England where the row is a national stand-in
        # for ICB-only data (regions 'england', issue 14); an ICB-only source is never scored nationally
        expected = {"icb;england", "england"} if national else {"icb"}
        assert row["regions"] in expected, row["indicator_id"]


@pytest.mark.unit
def test_wd17_is_for_the_icb_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["build", "--region", "england", "--wards", "wd17", "--database", str(tmp_path / "x.duckdb")])
    assert code == 2
    assert "ICB only" in capsys.readouterr().err


@pytest.mark.build
def test_default_build_is_wd25_with_the_full_framework(marts: duckdb.DuckDBPyConnection) -> None:
    assert scalar(marts, "select string_agg(distinct ward_vintage) from marts.dim_wards") == "wd25"
    assert scalar(marts, "select count(*) from marts.dim_wards where in_staffs_county_167") == 0
    assert scalar(marts, "select string_agg(distinct framework_variant) from marts.fct_ward_spi") == "icb"
    assert scalar(marts, "select count(*) from marts.dim_indicators where is_scored_in_region") == scalar(
        marts, "select count(*) from marts.dim_indicators where regions like '%icb%'")
    # the England-only national stand-ins (issue 14) are in the catalogue, out of the ICB's index
    assert scalar(marts, "select count(*) from marts.dim_indicators where not is_scored_in_region") == scalar(
        marts, "select count(*) from marts.dim_indicators where regions = 'england'")
    assert scalar(marts, "select count(*) from marts.dim_indicators where is_in_index") == 40


@pytest.mark.build
def test_wd17_gives_204_wards_167_in_the_county(wd17: duckdb.DuckDBPyConnection) -> None:
    assert scalar(wd17, "select count(*) from marts.dim_wards") == 204
    assert scalar(wd17, "select count(*) from marts.dim_wards where in_staffs_county_167") == 167
    assert scalar(wd17, "select count(*) from marts.dim_wards where in_staffs_county_167 and lad_name = 'Stoke-on-Trent'") == 0
    assert scalar(wd17, "select string_agg(distinct ward_vintage) from marts.fct_ward_spi") == "wd17"
    assert scalar(wd17, "select count(distinct ward_code) from marts.fct_ward_spi where spi_score is not null") == 204
    # every resident is counted once on the older wards too
    assert scalar(wd17, "select sum(usual_residents) from marts.dim_wards") == 1_134_443


@pytest.mark.build
def test_wd17_codes_are_the_2017_wards(wd17: duckdb.DuckDBPyConnection) -> None:
    with (PROJECT_DIR / "data" / "raw" / "wd17" / "wards_wd17_ssot.csv").open(newline="") as handle:
        codes = {row["WD17CD"] for row in csv.DictReader(handle)}
    built = {code for (code,) in wd17.execute("select ward_code from marts.dim_wards").fetchall()}
    assert built == codes


@pytest.mark.england
def test_england_scores_every_reachable_wd25_ward(england: duckdb.DuckDBPyConnection) -> None:
    assert scalar(england, "select count(*) from marts.dim_wards") == ENGLAND_WARDS
    assert scalar(england, "select count(spi_score) from marts.fct_ward_spi") == ENGLAND_WARDS
    assert scalar(england, "select count(*) from marts.dim_wards where ward_code not like 'E05%'") == 0
    assert scalar(england, "select count(distinct lad_code) from marts.dim_wards") == 296
    methods = dict(england.execute("select ward_match_method, count(*) from marts.dim_wards group by all").fetchall())
    assert methods == {"ons best fit": ENGLAND_WARDS - OVERLAY_WARDS, "derived area overlay": OVERLAY_WARDS}
    # every English LSOA reaches its best-fit ward once; overlay wards add area-apportioned residents only
    assert scalar(england, "select count(*) from intermediate.int_lsoa21_wards_mapped") == 33_755
    # national rank and percentile: among the build's own wards
    assert scalar(england, "select count(*) from marts.fct_ward_spi where national_rank is distinct from rank_in_region") == 0


@pytest.mark.england
def test_england_scores_the_national_framework_variant(england: duckdb.DuckDBPyConnection) -> None:
    assert scalar(england, "select string_agg(distinct framework_variant) from marts.fct_ward_spi") == "england"
    in_index = scalar(england, "select count(*) from marts.dim_indicators where is_in_index")
    assert in_index >= ENGLAND_MIN_INDICATORS  # issue 14: the national indicator set (27 before it)
    assert scalar(england, "select count(distinct indicator_id) from marts.fct_ward_indicators") == in_index
    # the framework's England cut, no more, no less: its rows scored in england, less the synthetic opt-in ones
    with FRAMEWORK.open(newline="") as handle:
        expected = len(rules.default_index_rows(csv.DictReader(handle), "england"))
    assert in_index == expected
    components = scalar(england, "select count(distinct component) from marts.fct_ward_component_scores")
    assert components == 12
    assert scalar(
        england, "select min(n) from (select count(*) as n from marts.dim_indicators where is_in_index group by component)"
    ) >= 1
    # renormalised weights: each component's weights sum to 1
    worst = scalar(
        england,
        """
        select max(abs(total - 1)) from (
            select sum(weight) as total from intermediate.int_framework_indicators_selected group by component
        )
        """,
    )
    assert worst < 1e-9
    # life expectancy nationally (issue 14): ONS withheld some MSOAs' figures; a ward with neither sex's figure
    # takes its local authority's mean (17 wards, none in the ICB), so every ward keeps every indicator
    assert scalar(england, "select count(*) from marts.fct_ward_indicators where score is null") == 0
    filled = england.execute(
        """
        select count(distinct shares.ward_code), count(distinct shares.ward_code) filter (where wards.icb_code = 'E54000010')
        from intermediate.int_lsoa21_measures_harmonised as harmonised
        inner join intermediate.int_ward_lsoa21_shares_computed as shares
            on harmonised.lsoa21_code = shares.lsoa21_code
        inner join marts.dim_wards as wards
            on shares.ward_code = wards.ward_code
        where harmonised.geography_level = 'lad22'
        """
    ).fetchone()
    assert 0 < filled[0] <= ENGLAND_WARDS // 200 and filled[1] == 0, filled
    # bounds stay the framework's, so a national ward score uses the same scale as the ICB's
    assert scalar(england, "select min(score) >= 0 and max(score) <= 100 from marts.fct_ward_indicators")


@pytest.mark.england
def test_icb_wards_in_the_england_build_are_the_icb_wards(
    england: duckdb.DuckDBPyConnection, marts: duckdb.DuckDBPyConnection
) -> None:
    icb_wards = {code for (code,) in marts.execute("select ward_code from marts.dim_wards").fetchall()}
    in_england = {
        code
        for (code,) in england.execute("select ward_code from marts.dim_wards where icb_code = 'E54000010'").fetchall()
    }
    assert in_england == icb_wards


@pytest.mark.england
def test_england_wards_outside_the_icb_get_the_synthetic_health_indicators(england: duckdb.DuckDBPyConnection) -> None:
    # record-based and child measures come from the national synthetic extracts, flagged synthetic; they reach
    # every ward but stay out of the default index (README "Synthetic data and the index")
    assert not scalar(
        england,
        "select bool_or(is_in_index) from marts.dim_indicators "
        "where indicator_id in ('emergency_admissions_dsr', 'child_obesity')",
    )
    rows = england.execute(
        """
        select indicators.indicator_id, count(indicators.value), bool_and(dims.is_synthetic)
        from intermediate.int_ward_indicator_values_aggregated as indicators
        inner join marts.dim_wards as wards
            on indicators.ward_code = wards.ward_code
        inner join marts.dim_indicators as dims
            on indicators.indicator_id = dims.indicator_id
        where wards.icb_code <> 'E54000010' and indicators.indicator_id in ('emergency_admissions_dsr', 'child_obesity')
        group by indicators.indicator_id
        """
    ).fetchall()
    assert {indicator for indicator, _, _ in rows} == NATIONAL_HEALTH_INDICATORS
    for indicator, values, synthetic in rows:
        assert values > 6000, indicator  # nearly every ward outside the ICB (a few are too small to publish)
        assert synthetic, indicator
    outcomes = england.execute(
        """
        select count(distinct outcomes.ward_code), bool_and(outcomes.is_synthetic)
        from marts.fct_ward_health_outcomes as outcomes
        inner join marts.dim_wards as wards
            on outcomes.ward_code = wards.ward_code
        where wards.icb_code <> 'E54000010' and outcomes.measure_id in ('emergency_admissions_dsr', 'child_obesity_3y')
        """
    ).fetchone()
    # the 33 overlay wards have no LSOA of their own, so no record-level health counts
    assert outcomes[0] == ENGLAND_WARDS - OVERLAY_WARDS - 185 and outcomes[1]
    # practice-based measures stay ICB-only
    assert scalar(
        england,
        """
        select count(*) from marts.fct_ward_health_outcomes as outcomes
        inner join marts.dim_wards as wards
            on outcomes.ward_code = wards.ward_code
        where wards.icb_code <> 'E54000010' and outcomes.measure_id like 'qof_%'
        """,
    ) == 0
