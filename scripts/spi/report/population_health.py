"""The report's population-health section: benchmarks (funnel plots), inequality gradients, Core20.

Read from the population-health marts when the build has them (a WD17 build publishes no ward health cells);
everything is already disclosure-controlled in the marts, and only published figures are embedded.
"""

from __future__ import annotations

from typing import Any

import duckdb

from spi.project import MART_SCHEMA
from spi.report.values import query_rows, significant, trimmed

BENCHMARK_MARTS = ("fct_ward_health_benchmarks", "fct_health_inequality_gradients", "fct_ward_core20")
# short codes keep the embedded arrays small; the page expands them
BENCHMARK_CODES = {"better": "b", "similar": "s", "worse": "w", "higher": "h", "lower": "l"}
FUNNEL_CODES = {"Not significant": 0, "High (0.025)": 1, "High (0.001)": 2, "Low (0.025)": -1, "Low (0.001)": -2}
# one ward of a measure, as embedded
WARD_FIELDS = ("ward", "value", "denominator", "b95", "b998", "funnel", "lo2", "hi2", "lo3", "hi3")


def _benchmarks(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each measure's latest period: the ICB and England values and every ward's value, benchmark, funnel."""
    rows = query_rows(
        connection,
        f"""
        with latest as (
            select measure_id, max(period_year) as period_year
            from {MART_SCHEMA}.fct_ward_health_benchmarks group by measure_id
        )
        select benchmarks.*
        from {MART_SCHEMA}.fct_ward_health_benchmarks as benchmarks
        inner join latest
            on benchmarks.measure_id = latest.measure_id and benchmarks.period_year = latest.period_year
        order by benchmarks.has_synthetic_inputs, benchmarks.measure_name, benchmarks.ward_code
        """,
    )
    trends = {}
    if _has_table(connection, "fct_ward_health_trends"):
        for row in query_rows(
            connection,
            f"select measure_id, count(*) as wards, "
            f"sum(case when trend_95 like '%getting worse' then 1 else 0 end) as worsening, "
            f"sum(case when is_worse_and_worsening then 1 else 0 end) as red_red, "
            f"max(first_period) as first_period, max(latest_period) as latest_period "
            f"from {MART_SCHEMA}.fct_ward_health_trends group by measure_id",
        ):
            trends[row["measure_id"]] = row
    measures: dict[str, dict[str, Any]] = {}
    for row in rows:
        measure = measures.setdefault(
            row["measure_id"],
            {
                "id": row["measure_id"],
                "name": row["measure_name"],
                "unit": row["unit"],
                "statistic": row["statistic"],
                "polarity": row["polarity"],
                "period": row["period_year"],
                "icb": None,
                "england": significant(row["england_value"]),
                "synthetic": bool(row["has_synthetic_inputs"]),
                "status": row["data_status"],
                "suppressed": 0,
                "wards": [],
            },
        )
        if row["icb_value"] is not None:
            measure["icb"] = significant(row["icb_value"])
        if row["value"] is None:
            measure["suppressed"] += 1
            continue
        measure["wards"].append(
            trimmed(
                [
                    row["ward_code"], significant(row["value"]), row["denominator_count"],
                    BENCHMARK_CODES.get(row["icb_benchmark_95"] or ""), BENCHMARK_CODES.get(row["icb_benchmark_998"] or ""),
                    FUNNEL_CODES.get(row["funnel_significance"] or ""),
                    significant(row["funnel_lower_2s"]), significant(row["funnel_upper_2s"]),
                    significant(row["funnel_lower_3s"]), significant(row["funnel_upper_3s"]),
                ]
            )
        )  # fmt: skip
    for measure_id, measure in measures.items():
        trend = trends.get(measure_id)
        if trend:
            measure["trend"] = {
                key: trend[key] for key in ("wards", "worsening", "red_red", "first_period", "latest_period")
            }
    return list(measures.values())


def _gradients(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """SII and RII with 95% limits of every measure's latest period, for the ICB and each council."""
    rows = query_rows(
        connection,
        f"""
        with latest as (
            select measure, max(period) as period from {MART_SCHEMA}.fct_health_inequality_gradients group by measure
        )
        select gradients.*
        from {MART_SCHEMA}.fct_health_inequality_gradients as gradients
        inner join latest on gradients.measure = latest.measure and gradients.period = latest.period
        order by gradients.area_type, gradients.area_name, gradients.has_synthetic_inputs, gradients.measure_name
        """,
    )
    return [
        {
            "area_type": row["area_type"],
            "area": row["area_code"],
            "area_name": row["area_name"],
            "measure": row["measure"],
            "name": row["measure_name"],
            "period": row["period"],
            "sii": significant(row["sii"]),
            "sii_lo": significant(row["sii_lower_95"]),
            "sii_hi": significant(row["sii_upper_95"]),
            "rii": significant(row["rii"]),
            "rii_lo": significant(row["rii_lower_95"]),
            "rii_hi": significant(row["rii_upper_95"]),
            "synthetic": bool(row["has_synthetic_inputs"]),
        }
        for row in rows
    ]


def _core20(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    shares = query_rows(connection, f"select ward_code, core20_share, icb_core20_share from {MART_SCHEMA}.fct_ward_core20")
    core20: dict[str, Any] = {
        "shares": {row["ward_code"]: significant(row["core20_share"], 3) for row in shares},
        "icb_share": significant(shares[0]["icb_core20_share"], 4) if shares else None,
        "outcomes": [],
    }
    if _has_table(connection, "fct_core20_health_outcomes"):
        core20["outcomes"] = [
            {
                "measure": row["measure_id"],
                "name": row["measure_name"],
                "unit": row["unit"],
                "period": row["period_year"],
                "value": significant(row["value"]),
                "lo": significant(row["ci_lower_95"]),
                "hi": significant(row["ci_upper_95"]),
                "rest": significant(row["rest_of_icb_value"]),
                "ratio": significant(row["ratio_to_rest"], 3),
                "benchmark": row["benchmark_vs_rest_95"],
                "wards": row["n_wards"],
                "suppressed": row["n_wards_suppressed"],
                "synthetic": bool(row["has_synthetic_inputs"]),
            }
            for row in query_rows(
                connection,
                f"""
                with latest as (
                    select measure_id, max(period_year) as period_year
                    from {MART_SCHEMA}.fct_core20_health_outcomes group by measure_id
                )
                select outcomes.*
                from {MART_SCHEMA}.fct_core20_health_outcomes as outcomes
                inner join latest
                    on outcomes.measure_id = latest.measure_id and outcomes.period_year = latest.period_year
                where outcomes.population_group = 'core20'
                order by outcomes.has_synthetic_inputs, outcomes.measure_name
                """,
            )
        ]
    return core20


def _has_table(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [MART_SCHEMA, table]
    ).fetchone()
    return bool(found and found[0])


def load_population_health(connection: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The section's data, or None when the build has none of its marts (the section then says so)."""
    present = [table for table in BENCHMARK_MARTS if _has_table(connection, table)]
    if not present:
        return None
    data: dict[str, Any] = {"ward_fields": list(WARD_FIELDS), "measures": [], "gradients": [], "core20": None}
    if "fct_ward_health_benchmarks" in present:
        data["measures"] = _benchmarks(connection)
    if "fct_health_inequality_gradients" in present:
        data["gradients"] = _gradients(connection)
    if "fct_ward_core20" in present:
        data["core20"] = _core20(connection)
    return data
