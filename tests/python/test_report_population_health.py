"""The report's population-health data: only published, disclosure-controlled figures, and all of them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from spi.report.population_health import BENCHMARK_CODES, load_population_health


@pytest.mark.build
def test_population_health_embeds_every_published_ward_value_and_nothing_suppressed(built_database: Path) -> None:
    connection = duckdb.connect(str(built_database), read_only=True)
    try:
        data = load_population_health(connection)
        published = {
            (ward, measure): (value, benchmark)
            for ward, measure, value, benchmark in connection.execute(
                """
                with latest as (
                    select measure_id, max(period_year) as period_year
                    from marts.fct_ward_health_benchmarks group by measure_id
                )
                select b.ward_code, b.measure_id, b.value, b.icb_benchmark_95
                from marts.fct_ward_health_benchmarks as b
                inner join latest using (measure_id, period_year)
                where b.value is not null
                """
            ).fetchall()
        }
        suppressed = set(
            connection.execute(
                "select ward_code, measure_id, period_year from marts.fct_ward_health_outcomes where is_suppressed"
            ).fetchall()
        )
    finally:
        connection.close()
    assert data is not None
    fields = data["ward_fields"]
    embedded = {}
    for measure in data["measures"]:
        for packed in measure["wards"]:
            row = dict(zip(fields, packed + [None] * (len(fields) - len(packed)), strict=True))
            embedded[(row["ward"], measure["id"])] = row
            assert (row["ward"], measure["id"], measure["period"]) not in suppressed
    # every published ward value of each measure's latest year, and only those
    assert set(embedded) == set(published)
    for key, (value, benchmark) in published.items():
        assert embedded[key]["value"] == pytest.approx(value, rel=1e-3), key
        assert embedded[key]["b95"] == (BENCHMARK_CODES[benchmark] if benchmark else None), key
    # synthetic measures are labelled
    assert any(measure["synthetic"] for measure in data["measures"])
    assert all(measure["synthetic"] == (measure["status"] == "synthetic") for measure in data["measures"])
    # the Core20 map has every ward's share and the ICB's
    assert data["core20"] is not None and len(data["core20"]["shares"]) == 185
    assert 0 < data["core20"]["icb_share"] < 1
    assert {row["area_type"] for row in data["gradients"]} == {"icb", "lad"}


@pytest.mark.unit
def test_population_health_is_absent_without_its_marts(tmp_path: Path) -> None:
    connection = duckdb.connect(str(tmp_path / "empty.duckdb"))
    try:
        connection.execute("create schema marts")
        assert load_population_health(connection) is None
    finally:
        connection.close()
