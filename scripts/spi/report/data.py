"""Everything the report shows, read from the marts of one DuckDB database into plain JSON-ready Python.

Optional marts and columns (rank intervals, scorecards, confidence intervals, suppression flags, several
periods) are found through information_schema and used where present; the report works without them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable

import duckdb

from spi.export.mart_catalog import framework_version
from spi.project import MART_SCHEMA
from spi.report.population_health import load_population_health
from spi.report.values import query_rows, significant, trimmed

REQUIRED_MARTS = (
    "dim_wards",
    "dim_indicators",
    "fct_ward_indicators",
    "fct_ward_component_scores",
    "fct_ward_dimension_scores",
    "fct_ward_spi",
)
DIMENSIONS = ("Basic Human Needs", "Foundations of Wellbeing", "Opportunity")
SPI_DIMENSION_COLUMNS = {
    "Basic Human Needs": "basic_human_needs_score",
    "Foundations of Wellbeing": "foundations_of_wellbeing_score",
    "Opportunity": "opportunity_score",
}
# candidate column names for optional features, most specific first
CI_LOWER = ("ci_lower", "lower_ci", "value_ci_lower", "ci_low", "value_lower", "lower_95_ci", "ci95_lower", "lcl")
CI_UPPER = ("ci_upper", "upper_ci", "value_ci_upper", "ci_high", "value_upper", "upper_95_ci", "ci95_upper", "ucl")
SUPPRESSED = ("is_suppressed", "suppressed", "value_suppressed", "is_value_suppressed")
RANK_LOWER = ("rank_p05", "rank_p5", "rank_lower", "rank_interval_lower", "rank_low", "lower_rank", "p05_rank", "rank_5th")
RANK_UPPER = ("rank_p95", "rank_upper", "rank_interval_upper", "rank_high", "upper_rank", "p95_rank", "rank_95th")
RANK_MEDIAN = ("rank_median", "median_rank", "rank_p50", "p50_rank")
SCORECARD_LEVEL = ("level", "item_level", "measure_level", "scorecard_level")
SCORECARD_NAME = ("name", "item_name", "measure_name", "item", "measure", "item_id", "indicator_id")
SCORECARD_VALUES = {"strength", "weakness", "neutral"}

# one indicator row of a ward, as embedded in the report: short arrays, trailing nulls dropped
INDICATOR_FIELDS = ("indicator", "value", "score", "flags", "coverage", "ci_lower", "ci_upper", "numerator", "denominator")
FLAG_BITS = {"imputed": 1, "partial": 2, "synthetic": 4, "suppressed": 8, "beyond_best": 16, "beyond_worst": 32}




def _round(value: Any, digits: int = 4) -> Any:
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return round(value, digits)
    return value






def mart_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """{table: {column: data_type}} for every table of the mart schema."""
    columns: dict[str, dict[str, str]] = {}
    for row in query_rows(
        connection,
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [MART_SCHEMA],
    ):
        columns.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
    return columns


def pick_column(columns: Iterable[str], candidates: Iterable[str], pattern: str | None = None) -> str | None:
    """The first candidate present, else the first column matching `pattern` (a regex), else None."""
    present = list(columns)
    lowered = {column.lower(): column for column in present}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    if pattern:
        for column in present:
            if re.search(pattern, column.lower()):
                return column
    return None


def _table(name: str) -> str:
    return f"{MART_SCHEMA}.{name}"


class ReportDataError(RuntimeError):
    pass


def _check_required(database: Path, columns: dict[str, dict[str, str]]) -> None:
    missing = [table for table in REQUIRED_MARTS if table not in columns]
    if missing:
        raise ReportDataError(f"{database}: marts missing: {', '.join(missing)}; run `spi build` first")


def _measures(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    measures: list[dict[str, Any]] = [
        {"key": "spi", "label": "Social Progress Index", "level": "spi", "dimension": None}
    ]
    components = query_rows(
        connection,
        # synthetic only where a synthetic indicator is in this build's index (they are out by default)
        f"select dimension, component, bool_or(is_synthetic and is_in_index) as synthetic "
        f"from {_table('dim_indicators')} group by dimension, component order by dimension, component",
    )
    for dimension in DIMENSIONS:
        synthetic = any(row["synthetic"] for row in components if row["dimension"] == dimension)
        measures.append(
            {"key": f"dim:{dimension}", "label": dimension, "level": "dimension", "dimension": dimension,
             "synthetic": synthetic}
        )
        for row in components:
            if row["dimension"] == dimension:
                measures.append(
                    {"key": f"comp:{row['component']}", "label": row["component"], "level": "component",
                     "dimension": dimension, "synthetic": bool(row["synthetic"])}
                )
    measures[0]["synthetic"] = any(row["synthetic"] for row in components)
    return measures


def _indicators(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = query_rows(
        connection,
        f"select indicator_id, indicator_name, dimension, component, unit, higher_is_better, best, worst, weight, "
        f"transform, source, data_period, data_status, is_synthetic, bounds_rationale, is_in_index "
        f"from {_table('dim_indicators')} order by dimension, component, indicator_id",
    )
    return [{key: _round(value, 6) for key, value in row.items()} for row in rows]


def _wards(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = query_rows(
        connection,
        f"select ward_code, ward_name, lad_code, lad_name, usual_residents, income_deprivation_rate, "
        f"employment_deprivation_rate, imd_2025_score from {_table('dim_wards')} order by ward_code",
    )
    return [{key: _round(value, 5) for key, value in row.items()} for row in rows]


def _scores(connection: duckdb.DuckDBPyConnection, period: int, measure_keys: list[str]) -> dict[str, dict[str, Any]]:
    """Per ward: rank facts, and `s` / `r` = score and rank in the region for each measure, in measure order."""
    scores: dict[str, dict[str, Any]] = {}
    values: dict[str, dict[str, Any]] = {}
    ranks: dict[str, dict[str, Any]] = {}
    for row in query_rows(connection, f"select * from {_table('fct_ward_spi')} where period = ?", [period]):
        code = row["ward_code"]
        values[code] = {"spi": _round(row["spi_score"], 2)}
        for dimension, column in SPI_DIMENSION_COLUMNS.items():
            values[code][f"dim:{dimension}"] = _round(row[column], 2)
        ranks[code] = {"spi": row["rank_in_region"]}
        scores[code] = {
            "rank": row["rank_in_region"],
            "rank_lad": row["rank_in_lad"],
            "quintile": row["quintile_in_region"],
            "complete": bool(row["is_complete"]),
            "n_imputed": row["n_indicators_imputed"],
            "synthetic": bool(row["has_synthetic_inputs"]),
        }
    for table, name_column, prefix in (
        ("fct_ward_dimension_scores", "dimension", "dim"),
        ("fct_ward_component_scores", "component", "comp"),
    ):
        for row in query_rows(
            connection,
            f"select ward_code, {name_column} as name, score, rank_in_region from {_table(table)} where period = ?",
            [period],
        ):
            if row["ward_code"] in scores:
                key = f"{prefix}:{row['name']}"
                values[row["ward_code"]].setdefault(key, _round(row["score"], 2))
                ranks[row["ward_code"]][key] = row["rank_in_region"]
    for code, entry in scores.items():
        entry["s"] = trimmed([values[code].get(key) for key in measure_keys])
        entry["r"] = trimmed([ranks[code].get(key) for key in measure_keys])
    return scores


def _indicator_rows(
    connection: duckdb.DuckDBPyConnection, columns: dict[str, str], period: int, indicator_index: dict[str, int]
) -> tuple[dict[str, list[list[Any]]], dict[str, bool]]:
    ci_lower = pick_column(columns, CI_LOWER)
    ci_upper = pick_column(columns, CI_UPPER)
    suppressed = pick_column(columns, SUPPRESSED, r"suppress")
    has_ci = bool(ci_lower and ci_upper)

    def present(column: str, default: str = "null") -> str:
        return column if column in columns else default

    cursor = connection.execute(
        f"""
        select
            ward_code, indicator_id, value, score,
            coalesce(is_imputed, false) as imputed,
            coalesce({present("is_partial_coverage", "false")}, false) as partial,
            coalesce({present("is_synthetic", "false")}, false) as synthetic,
            coalesce({f'"{suppressed}"' if suppressed else "false"}, false) as suppressed,
            coalesce({present("bound_status")} = 'beyond_best', false) as beyond_best,
            coalesce({present("bound_status")} = 'beyond_worst', false) as beyond_worst,
            {present("population_coverage")} as coverage,
            {f'"{ci_lower}"' if has_ci else "null"} as ci_lower,
            {f'"{ci_upper}"' if has_ci else "null"} as ci_upper,
            {present("numerator")} as numerator,
            {present("denominator")} as denominator
        from {_table('fct_ward_indicators')}
        where period = ?
        order by ward_code, indicator_id
        """,
        [period],
    )
    by_ward: dict[str, list[list[Any]]] = {}
    for (ward_code, indicator_id, value, score, *flags, coverage, low, high, numerator, denominator) in cursor.fetchall():
        bits = sum(bit for bit, on in zip(FLAG_BITS.values(), flags, strict=False) if on)
        row = [
            indicator_index[indicator_id], significant(value), _round(score, 2), bits,
            None if coverage is None or coverage >= 1 else _round(coverage, 3),
            significant(low), significant(high), significant(numerator), significant(denominator),
        ]  # fmt: skip
        by_ward.setdefault(ward_code, []).append(trimmed(row))
    return by_ward, {"ci": has_ci, "suppressed": bool(suppressed)}


def _rank_intervals(
    connection: duckdb.DuckDBPyConnection, columns: dict[str, str], period: int
) -> dict[str, dict[str, Any]] | None:
    # every column of this mart is about the rank, so a bare p05 / lower is the interval's lower end
    lower = pick_column(columns, RANK_LOWER, r"(^|_)(p0?5|q0?5|lower|low|min)(_|$)")
    upper = pick_column(columns, RANK_UPPER, r"(^|_)(p95|q95|upper|high|max)(_|$)")
    if "ward_code" not in columns or not lower or not upper:
        return None
    median = pick_column(columns, RANK_MEDIAN, r"(^|_)(median|p50|q50)(_|$)")
    where, parameters = ("where period = ?", [period]) if "period" in columns else ("", [])
    median_expression = f'"{median}"' if median else "null"
    rows = query_rows(
        connection,
        f'select ward_code, "{lower}" as lower, "{upper}" as upper, {median_expression} as median '
        f"from {_table('fct_ward_spi_rank_intervals')} {where}",
        parameters,
    )
    return {row["ward_code"]: {key: _round(row[key], 1) for key in ("lower", "upper", "median")} for row in rows}


def _scorecards(
    connection: duckdb.DuckDBPyConnection, columns: dict[str, str], period: int, indicator_names: dict[str, str]
) -> dict[str, dict[str, Any]] | None:
    if "ward_code" not in columns:
        return None
    text_columns = [name for name, data_type in columns.items() if data_type.upper().startswith("VARCHAR")]
    verdict = None
    for column in text_columns:
        values = {
            str(value).lower()
            for (value,) in connection.execute(
                f'select distinct "{column}" from {_table("fct_ward_scorecards")} limit 20'
            ).fetchall()
            if value is not None
        }
        if values and values <= SCORECARD_VALUES | {""} and values & {"strength", "weakness"}:
            verdict = column
            break
    if verdict is None:
        return None
    level = pick_column(columns, SCORECARD_LEVEL)
    name = pick_column([column for column in columns if column not in (verdict, level, "ward_code")], SCORECARD_NAME)
    if name is None:
        return None
    score = pick_column(columns, ("score", "value_score", "ward_score"))
    where, parameters = ("where period = ?", [period]) if "period" in columns else ("", [])
    rows = query_rows(
        connection,
        f'select ward_code, "{verdict}" as verdict, '
        f'{f"{chr(34)}{level}{chr(34)}" if level else "null"} as level, "{name}" as name, '
        f'{f"{chr(34)}{score}{chr(34)}" if score else "null"} as score '
        f"from {_table('fct_ward_scorecards')} {where} order by ward_code, level, name",
        parameters,
    )
    cards: dict[str, dict[str, Any]] = {}
    for row in rows:
        kind = str(row["verdict"]).lower()
        if kind not in ("strength", "weakness"):
            continue
        card = cards.setdefault(row["ward_code"], {"strength": [], "weakness": []})
        label = indicator_names.get(str(row["name"]), str(row["name"]))
        card[kind].append({"level": row["level"], "name": label, "score": _round(row["score"], 1)})
    return cards


def _la_summary(connection: duckdb.DuckDBPyConnection, period: int) -> list[dict[str, Any]]:
    """Population-weighted (Census 2021 usual residents) means per local authority, and for the whole region."""
    # wards without a score (partial) are left out of both the numerator and the weights
    weighted = ", ".join(
        f"sum({column} * usual_residents) / sum(case when {column} is not null then usual_residents end) as {column}"
        for column in ("spi_score", *SPI_DIMENSION_COLUMNS.values())
    )
    query = f"""
        with scored as (
            select wards.lad_code, wards.lad_name, wards.ward_name, wards.usual_residents, spi.*
            from {_table('fct_ward_spi')} as spi
            inner join {_table('dim_wards')} as wards on spi.ward_code = wards.ward_code
            where spi.period = ?
        )
        select
            coalesce(lad_code, 'all') as lad_code,
            coalesce(lad_name, 'Whole region') as lad_name,
            count(*) as wards,
            sum(usual_residents) as population,
            {weighted},
            arg_min(ward_name, spi_score) as min_ward,
            min(spi_score) as min_spi,
            arg_max(ward_name, spi_score) as max_ward,
            max(spi_score) as max_spi
        from scored
        group by grouping sets ((lad_code, lad_name), ())
        order by lad_code = 'all', lad_name
    """
    return [{key: _round(value) for key, value in row.items()} for row in query_rows(connection, query, [period])]


def load_report_data(connection: duckdb.DuckDBPyConnection, database: Path) -> dict[str, Any]:
    """All data of the report as one JSON-ready dict."""
    columns = mart_columns(connection)
    _check_required(database, columns)
    periods = [
        period
        for (period,) in connection.execute(
            f"select distinct period from {_table('fct_ward_spi')} order by period"
        ).fetchall()
    ]
    if not periods:
        raise ReportDataError(f"{database}: {_table('fct_ward_spi')} is empty; run `spi build` first")
    indicators = _indicators(connection)
    indicator_names = {row["indicator_id"]: row["indicator_name"] for row in indicators}
    indicator_index = {row["indicator_id"]: index for index, row in enumerate(indicators)}
    measures = _measures(connection)
    measure_keys = [measure["key"] for measure in measures]
    features = {"ci": False, "suppressed": False, "rank_intervals": False, "scorecards": False}
    by_period: dict[str, dict[str, Any]] = {}
    for period in periods:
        indicator_rows, indicator_features = _indicator_rows(
            connection, columns["fct_ward_indicators"], period, indicator_index
        )
        for key, present in indicator_features.items():
            features[key] = features[key] or present
        entry = {
            "scores": _scores(connection, period, measure_keys),
            "indicators": indicator_rows,
            "la_summary": _la_summary(connection, period),
        }
        if "fct_ward_spi_rank_intervals" in columns:
            intervals = _rank_intervals(connection, columns["fct_ward_spi_rank_intervals"], period)
            if intervals:
                entry["rank_intervals"] = intervals
                features["rank_intervals"] = True
        if "fct_ward_scorecards" in columns:
            cards = _scorecards(connection, columns["fct_ward_scorecards"], period, indicator_names)
            if cards:
                entry["scorecards"] = cards
                features["scorecards"] = True
        by_period[str(period)] = entry
    synthetic_indicators = [row["indicator_id"] for row in indicators if row["is_synthetic"] and row["is_in_index"]]
    any_synthetic_scores = any(
        ward["synthetic"] for entry in by_period.values() for ward in entry["scores"].values()
    )
    version = framework_version(connection)
    return {
        "periods": [str(period) for period in periods],
        "latest_period": str(periods[-1]),
        "framework_version": version,
        "features": features,
        "synthetic_indicators": synthetic_indicators,
        "has_synthetic": bool(synthetic_indicators) or any_synthetic_scores,
        "indicator_fields": list(INDICATOR_FIELDS),
        "flag_bits": FLAG_BITS,
        "measures": measures,
        "indicators": indicators,
        "wards": _wards(connection),
        "by_period": by_period,
        "population_health": load_population_health(connection),
    }
