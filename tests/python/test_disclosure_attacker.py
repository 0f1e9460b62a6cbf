"""The project's attacker (spi.disclosure) against everything published about health (issue 12).

It must find nothing in the real release (default build, WD17 build, exports, council bundles, the index) and
must catch the release as it was before (rebuilt from the same private tables by spi.disclosure.weak_release),
with every count it recovers there matching the private tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from spi.cli import main
from spi.disclosure.attack import MEASURES_SEED, AttackReport, apportioned_measures, attack, attack_two_vintages
from spi.disclosure.cells import Cell, open_read_only, read_directory, read_duckdb, read_workbook
from spi.disclosure.statistics import Measure, read_measures
from spi.disclosure.weak_release import weak_release


@pytest.fixture(scope="module")
def measures() -> dict[str, Measure]:
    return read_measures(MEASURES_SEED)


@pytest.fixture(scope="module")
def published(built_database: Path) -> list[Cell]:
    return read_duckdb(built_database)


@pytest.fixture(scope="module")
def exports(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    assert main(["export", "--database", str(built_database), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def index_marts(synthetic_health_database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The build whose index scores the health indicators (`--include-synthetic-health`): the default index
    holds none, so the index-side attacks read this one."""
    connection = duckdb.connect(str(synthetic_health_database))
    yield connection
    connection.close()


def _private_counts(database: Path) -> dict[tuple, tuple[float, float]]:
    connection = open_read_only(database)
    try:
        rows = connection.execute(
            "select area_level, area_code, measure_id, period_year, round(numerator), round(denominator) "
            "from private.int_health_counts_unioned"
        ).fetchall()
    finally:
        connection.close()
    return {tuple(row[:4]): (row[4], row[5]) for row in rows}


def _lsoa_wards(wd25: Path, wd17: Path) -> dict[str, tuple[str, str]]:
    """Public ONS lookups (as each build holds them): LSOA -> (WD25 ward, WD17 ward)."""
    pairs: dict[str, list[str]] = defaultdict(list)
    for database in (wd25, wd17):
        connection = open_read_only(database)
        try:
            for lsoa, ward in connection.execute(
                "select lsoa21_code, ward_code from intermediate.int_lsoa21_wards_mapped"
            ).fetchall():
                pairs[lsoa].append(ward)
        finally:
            connection.close()
    return {lsoa: (wards[0], wards[1]) for lsoa, wards in pairs.items() if len(wards) == 2}


def _assert_nothing_found(report: AttackReport, where: str) -> None:
    assert report.leaks == 0, f"{where}: {report.summary()}"
    assert not report.unexplained_values, f"{where}: {report.summary()}"


def test_attacker_finds_nothing_in_the_default_build(published: list[Cell], measures: dict[str, Measure]) -> None:
    report = attack(published, measures)
    _assert_nothing_found(report, "default build")
    assert report.suppressed_cells > 0  # the attack was on something
    assert report.narrowest_suppressed_width >= 4  # no suppressed count narrowed to fewer than 5 values


def test_exports_and_workbook_publish_exactly_the_marts(
    exports: Path, published: list[Cell], measures: dict[str, Measure]
) -> None:
    for name, cells in (
        ("parquet", read_directory(exports, "parquet")),
        ("csv", read_directory(exports, "csv")),
        ("xlsx", read_workbook(exports / "spi_wards.xlsx")),
    ):
        assert sorted(cells, key=lambda cell: cell.key) == sorted(published, key=lambda cell: cell.key), name
        _assert_nothing_found(attack(cells, measures, exact=False), name)


def test_attacker_finds_nothing_in_any_council_bundle(
    built_database: Path, tmp_path: Path, measures: dict[str, Measure]
) -> None:
    out = tmp_path / "councils"
    assert main(["export", "--by-council", "--database", str(built_database), "--out", str(out)]) == 0
    bundles = sorted(path for path in out.iterdir() if path.is_dir())
    assert bundles
    for bundle in bundles:
        cells = read_directory(bundle, "parquet")
        assert cells, bundle.name
        _assert_nothing_found(attack(cells, measures), f"bundle {bundle.name}")


def test_wd17_build_publishes_no_ward_cells_and_the_same_council_cells(
    published: list[Cell], wd17_database: Path, measures: dict[str, Measure], built_database: Path
) -> None:
    second = read_duckdb(wd17_database)
    assert not [cell for cell in second if cell.key[0] == "ward"]
    councils = sorted((cell for cell in published if cell.key[0] == "lad"), key=lambda cell: cell.key)
    assert sorted(second, key=lambda cell: cell.key) == councils
    report = attack_two_vintages(
        published, second, measures, _lsoa_wards(built_database, wd17_database), ("wd25", "wd17")
    )
    _assert_nothing_found(report, "WD25 + WD17 builds")


def test_attacker_catches_the_old_release_and_every_recovery_is_true(
    built_database: Path, measures: dict[str, Measure]
) -> None:
    report = attack(weak_release(built_database, measures), measures, exact=False)
    truth = _private_counts(built_database)
    assert len(report.inverted) > 1000, report.summary()  # full-precision intervals give the counts back
    assert [r for r in report.recovered if r.kind == "suppressed"], report.summary()  # differencing works
    for recovery in report.inverted + report.recovered:
        key, part = recovery.variable
        assert truth[key][0 if part == "numerator" else 1] == recovery.count, recovery


def test_attacker_catches_two_vintages_of_the_old_release(
    built_database: Path, wd17_database: Path, measures: dict[str, Measure]
) -> None:
    report = attack_two_vintages(
        weak_release(built_database, measures),
        weak_release(wd17_database, measures),
        measures,
        _lsoa_wards(built_database, wd17_database),
        ("wd25", "wd17"),
        exact=False,
    )
    # a ward code can exist in both vintages with other LSOAs: each release's truth is its own build's
    truth = {"wd25": _private_counts(built_database), "wd17": _private_counts(wd17_database)}
    assert [r for r in report.recovered if r.kind == "sub_ward"], report.summary()
    suppressed = [r for r in report.recovered if r.kind == "suppressed"]
    assert suppressed, report.summary()
    # practice-based measures are apportioned estimates (fractional, from public practice data): an integer
    # recovery of them is a rounding of the estimate, so the truth check is on the record-level counts
    apportioned = apportioned_measures()
    assert [r for r in suppressed if r.variable[0][2] not in apportioned], report.summary()
    for recovery in suppressed:
        (level, code, measure_id, year), part = recovery.variable
        if measure_id in apportioned:
            continue
        vintage = level[4:] or "wd25"  # LA cells ('lad') are the same in both
        counts = truth[vintage][(level[:4], code, measure_id, year)]
        assert counts[0 if part == "numerator" else 1] == recovery.count, recovery


def test_index_health_values_of_published_wards_come_from_the_published_figures_alone(
    index_marts: duckdb.DuckDBPyConnection, published: list[Cell], measures: dict[str, Measure]
) -> None:
    """Recompute the empirical-Bayes values from the published cells: for a published ward the index carries
    nothing else (suppressed wards: next test)."""
    latest: dict[str, int] = {}
    for cell in published:
        latest[cell.measure_id] = max(latest.get(cell.measure_id, 0), cell.key[3])
    expected = _shrunk(published, measures, latest)
    rows = index_marts.execute(
        """
        select facts.ward_code, indicators.source_measure, facts.value
        from marts.fct_ward_indicators as facts
        inner join marts.dim_indicators as indicators using (indicator_id)
        where indicators.source_name = 'nhs_health'
          and facts.period = (select max(period) from marts.fct_ward_indicators)
        """
    ).fetchall()
    assert rows
    suppressed = {
        (cell.key[1], cell.measure_id)
        for cell in published
        if cell.is_suppressed and cell.key[3] == latest[cell.measure_id]
    }
    checked = 0
    for ward, measure_id, value in rows:
        assert value is not None, (ward, measure_id)  # no health value left to imputation
        if (ward, measure_id) not in suppressed:
            assert value == pytest.approx(expected[(ward, measure_id)], abs=0.006), (ward, measure_id)
            checked += 1
    assert checked > 0


def test_index_value_of_a_suppressed_ward_inverts_to_its_band_of_ten_at_most(
    index_marts: duckdb.DuckDBPyConnection,
) -> None:
    """Worst case: an attacker who knows the ward's private denominator, the weight and the LA rate inverts
    the estimate; it gives the middle of the count's band of 10 (4.5 for 0-9), never the count."""
    rows = index_marts.execute(
        """
        select estimates.value, estimates.shrinkage_weight, counts.numerator, counts.denominator,
               lads.numerator_count * 1.0 / lads.denominator_count, measures.multiplier, disclosed.is_primary
        from intermediate.int_ward_health_estimates_shrunk as estimates
        inner join private.int_health_statistics_computed as counts
            on counts.area_level = 'ward' and counts.area_code = estimates.ward_code
            and counts.measure_id = estimates.measure_id and counts.period_year = estimates.period_year
        inner join intermediate.int_health_outcomes_disclosed as disclosed
            on disclosed.area_level = 'ward' and disclosed.area_code = estimates.ward_code
            and disclosed.measure_id = estimates.measure_id and disclosed.period_year = estimates.period_year
        inner join intermediate.int_health_outcomes_disclosed as lads
            on lads.area_level = 'lad' and lads.area_code = estimates.lad_code
            and lads.measure_id = estimates.measure_id and lads.period_year = estimates.period_year
        inner join reference.health_measures as measures on measures.measure_id = estimates.measure_id
        where estimates.uses_banded_count
        """
    ).fetchall()
    assert rows
    for value, weight, numerator, denominator, prior, multiplier, is_primary in rows:
        inverted = denominator * (prior + (value / multiplier - prior) / weight)
        band_middle = (numerator // 10) * 10 + 4.5
        # two decimals of the value leave a little play; the count itself is never what comes back
        assert abs(inverted - band_middle) <= 0.005 * denominator / (multiplier * weight) + 1e-6
        if is_primary:
            assert band_middle == 4.5  # 0, the protected 1-7 and 8-9 all give the same value


def _shrunk(cells: list[Cell], measures: dict[str, Measure], latest: dict[str, int]) -> dict[tuple[str, str], float]:
    def rate(cell: Cell, measure: Measure) -> float | None:
        if cell.is_suppressed or not cell.denominator:
            return None
        if measure.statistic == "dsr":
            return None if cell.value is None else cell.value / measure.multiplier
        return cell.numerator / cell.denominator  # type: ignore[operator]

    current = [cell for cell in cells if cell.key[3] == latest[cell.measure_id]]
    lads = {(cell.key[1], cell.measure_id): cell for cell in current if cell.key[0] == "lad"}
    regional: dict[str, list[float]] = defaultdict(list)
    for (_, measure_id), cell in lads.items():
        value = rate(cell, measures[measure_id])
        if value is not None:
            regional[measure_id].append(value)
    estimates: dict[str, list[tuple[str, float, float | None, float | None]]] = defaultdict(list)
    for cell in current:
        if cell.key[0] != "ward":
            continue
        measure = measures[cell.measure_id]
        lad_rate = rate(lads[(cell.lad_code, cell.measure_id)], measure)
        prior = lad_rate if lad_rate is not None else sum(regional[cell.measure_id]) / len(regional[cell.measure_id])
        own = rate(cell, measure)
        variance = None
        if own is not None:
            if measure.statistic == "dsr":
                spread = cell.ci_upper - cell.ci_lower  # type: ignore[operator]
                variance = (spread / (2 * 1.96 * measure.multiplier)) ** 2
            elif measure.statistic == "proportion":
                variance = prior * (1 - prior) / cell.denominator  # type: ignore[operator]
            else:
                variance = prior / cell.denominator  # type: ignore[operator]
        estimates[cell.measure_id].append((cell.key[1], prior, own, variance))
    result = {}
    for measure_id, wards in estimates.items():
        observed = [(own - prior) ** 2 for _, prior, own, _ in wards if own is not None]
        noise = [variance for *_, variance in wards if variance is not None]
        between = max(sum(observed) / len(observed) - sum(noise) / len(noise), 0.0) if observed else 0.0
        for ward, prior, own, variance in wards:
            usable = own is not None and variance is not None and between > 0
            weight = between / (between + variance) if usable else 0.0  # type: ignore[operator]
            result[(ward, measure_id)] = measures[measure_id].multiplier * (prior + weight * ((own or prior) - prior))
    return result
