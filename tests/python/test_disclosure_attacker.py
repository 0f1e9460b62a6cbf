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

import yaml

from spi.cli import main
from spi.disclosure.attack import (
    MEASURES_SEED,
    AttackReport,
    PcnGeography,
    apportioned_measures,
    attack,
    attack_two_vintages,
    read_pcn_geography,
)
from spi.disclosure.cells import (
    MARTS_DIR,
    Cell,
    open_read_only,
    read_directory,
    read_duckdb,
    read_workbook,
    derived_tables,
    tagged_tables,
)
from spi.disclosure.statistics import Measure, read_measures
from spi.disclosure.weak_release import weak_release


@pytest.fixture(scope="module")
def measures() -> dict[str, Measure]:
    return read_measures(MEASURES_SEED)


@pytest.fixture(scope="module")
def published(built_database: Path) -> list[Cell]:
    return read_duckdb(built_database)


@pytest.fixture(scope="module")
def exports(exported_build: Path) -> Path:
    return exported_build  # `spi export` of the default build (conftest), shared with the other files that read one


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


def test_attacker_finds_nothing_in_the_default_build(
    published: list[Cell], measures: dict[str, Measure], built_database: Path
) -> None:
    """Every tagged health mart (ward, LA, PCN), and the PCN cells differenced against the ward cells."""
    assert {cell.key[0] for cell in published} == {"ward", "lad", "pcn"}
    report = attack(published, measures, pcn_geography=read_pcn_geography(built_database))
    _assert_nothing_found(report, "default build")
    assert report.suppressed_cells > 0  # the attack was on something
    assert report.narrowest_suppressed_width >= 4  # no suppressed count narrowed to fewer than 5 values
    assert report.pcn_targets > 0  # PCN differencing reached suppressed ward cells
    assert report.pcn_narrowest_suppressed_width >= 4, report.pcn_narrowest_suppressed_width


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
    # LA and PCN cells (PCNs are built from LSOAs, not wards) are the same in both vintages
    councils = sorted((cell for cell in published if cell.key[0] != "ward"), key=lambda cell: cell.key)
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


# --- which tables are attacked, and PCN differencing (issue 16) ---------------------------------------------


@pytest.mark.unit
def test_every_mart_that_publishes_health_counts_is_tagged_for_the_attacker() -> None:
    """A mart with count or suppression columns is read by the attacker only through its meta.disclosure tag:
    a new health mart without the tag would go unattacked, so it fails here."""
    tagged = {table.name: table for table in tagged_tables()}
    derived = derived_tables()
    assert {"fct_ward_health_outcomes", "fct_lad_health_outcomes", "fct_pcn_health_outcomes"} <= set(tagged)
    assert {"fct_ward_health_benchmarks", "fct_core20_health_outcomes"} <= set(derived)
    assert set(derived.values()) <= set(tagged), derived
    for path in sorted(MARTS_DIR.glob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            columns = {column["name"] for column in model.get("columns") or []}
            publishes_counts = bool({"numerator_count", "denominator_count", "is_suppressed"} & columns)
            if model["name"] in derived:
                assert publishes_counts, f"{path.name}: {model['name']} is tagged derived but publishes no counts"
                continue
            assert publishes_counts == (model["name"] in tagged), (
                f"{path.name}: {model['name']} publishes health counts: tag it "
                "meta: {disclosure: {kind: health_counts, area_level: ..., area_code_column: ...}}"
                if publishes_counts
                else f"{path.name}: {model['name']} is tagged but publishes no counts"
            )
            if publishes_counts:
                table = tagged[model["name"]]
                assert {table.area_code_column, "measure_id", "period_year"} <= columns, model["name"]


def test_marts_derived_from_published_cells_hold_nothing_else(built_database: Path) -> None:
    """The benchmarks mart shows exactly the published ward cells' counts and suppression, and each Core20 group
    exactly the sums of its wards' published (unsuppressed) counts: nothing a suppressed cell held reaches them."""
    derived = derived_tables()
    connection = open_read_only(built_database)
    try:
        published = {
            (ward, measure, year): (suppressed, numerator, denominator)
            for ward, measure, year, suppressed, numerator, denominator in connection.execute(
                "select ward_code, measure_id, period_year, is_suppressed, numerator_count, denominator_count"
                f" from marts.{derived['fct_ward_health_benchmarks']}"
            ).fetchall()
        }
        benchmarks = connection.execute(
            "select ward_code, measure_id, period_year, is_suppressed, numerator_count, denominator_count"
            " from marts.fct_ward_health_benchmarks"
        ).fetchall()
        assert benchmarks, "the benchmarks mart is empty"
        for ward, measure, year, suppressed, numerator, denominator in benchmarks:
            assert published.get((ward, measure, year)) == (suppressed, numerator, denominator), (ward, measure, year)
        groups = dict(
            connection.execute(
                "select ward_code, case when core20_share >= 0.5 then 'core20' else 'rest of ICB' end"
                " from marts.fct_ward_core20"
            ).fetchall()
        )
        sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for (ward, measure, year), (suppressed, numerator, denominator) in published.items():
            total = sums[(groups[ward], measure, year)]
            total[0] += 1
            if not suppressed:
                total[1] += numerator or 0
                total[2] += denominator or 0
        core20 = connection.execute(
            "select population_group, measure_id, period_year, n_wards, numerator_count, denominator_count"
            " from marts.fct_core20_health_outcomes"
        ).fetchall()
        assert core20, "the Core20 mart is empty"
        for group, measure, year, n_wards, numerator, denominator in core20:
            want = sums[(group, measure, year)]
            assert (n_wards, numerator or 0, denominator or 0) == tuple(want), (group, measure, year)
    finally:
        connection.close()


def _toy_release(pcn_count: int) -> tuple[list[Cell], PcnGeography]:
    """Ward W1 (LSOAs L1, L2) suppressed, W2 (L3) published as 20, their LA as 25; PCN P holds all of L1 and
    L2 and a fifth of L3, shown as pcn_count."""
    def cell(level: str, code: str, numerator: int | None) -> Cell:
        return Cell((level, code, "ae_attendances", 2024), "E0" if level != "pcn" else "", numerator,
                    None if numerator is None else 1000, None, None, None, numerator is None,
                    "suppressed: a small count, or protecting one" if numerator is None else None)

    cells = [cell("ward", "W1", None), cell("ward", "W2", 20), cell("lad", "E0", 25), cell("pcn", "P", pcn_count)]
    geography = PcnGeography({"P": {"L1": 1.0, "L2": 1.0, "L3": 0.2}}, {"L1": "W1", "L2": "W1", "L3": "W2"})
    return cells, geography


@pytest.mark.unit
def test_pcn_differencing_pins_a_suppressed_ward_when_the_pcn_count_is_shown_unrounded(
    measures: dict[str, Measure],
) -> None:
    """The attack can fail: a PCN count shown as it is (no rounding to 5) minus a fifth of W2 gives W1's
    suppressed count; under the rules (a shown count stands for +-2) it is left a range."""
    cells, geography = _toy_release(pcn_count=9)  # 5 in W1 + 0.2 x 20 in W2
    weak = attack(cells, measures, pcn_geography=geography, pcn_rounding=0)
    pinned = {recovery.variable[0][1]: recovery.count for recovery in weak.recovered if recovery.kind == "suppressed"}
    assert pinned.get("W1") == 5, weak.summary()
    ruled = attack(cells, measures, pcn_geography=geography)
    assert not [r for r in ruled.recovered if r.kind == "suppressed"], ruled.summary()
    assert ruled.pcn_narrowest_suppressed_width >= 2


def test_pcn_cut_to_a_suppressed_ward_and_shown_unrounded_gives_its_count_back(
    built_database: Path, published: list[Cell], measures: dict[str, Measure]
) -> None:
    """On the real release: a PCN whose patients lived in one suppressed ward's LSOAs, shown unrounded and
    unsuppressed (the weak release), hands the ward's private count to the attacker through the LSOA
    relations, and the recovery is the private count; the real PCN cells (rounded, on the real registrations)
    do not (previous tests)."""
    geography = read_pcn_geography(built_database)
    truth = _private_counts(built_database)
    wards = {cell.key: cell for cell in published if cell.key[0] == "ward"}
    pcn_years = {(cell.key[2], cell.key[3]) for cell in published if cell.key[0] == "pcn"}
    ward_lsoas: dict[str, list[str]] = defaultdict(list)
    for lsoa, ward in geography.lsoa_wards.items():
        ward_lsoas[ward].append(lsoa)
    target = next(
        key for key, cell in sorted(wards.items())
        if cell.is_suppressed and (key[2], key[3]) in pcn_years and len(ward_lsoas[key[1]]) > 1
        and 1 <= truth[key][0] <= 7
    )
    fake = PcnGeography({"FAKE": dict.fromkeys(ward_lsoas[target[1]], 1.0)}, geography.lsoa_wards)
    count = int(truth[target][0])
    shown = Cell(("pcn", "FAKE", target[2], target[3]), "", count, int(truth[target][1]), None, None, None,
                 False, None)
    cells = [cell for cell in published if cell.key[0] != "pcn"] + [shown]
    weak = attack(cells, measures, pcn_geography=fake, pcn_rounding=0)
    pinned = [r for r in weak.recovered if r.variable == (target, "numerator")]
    assert pinned and pinned[0].count == count, weak.summary()
