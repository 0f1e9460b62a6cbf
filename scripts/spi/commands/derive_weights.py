"""`spi derive-weights`: per-component weights from the built ward data, with alpha, KMO and variance explained."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np

from spi.framework import seed as framework_seed
from spi.framework.release_rules import england_only_weights, is_synthetic, scored_in
from spi.export.mart_catalog import framework_version
from spi.project import MART_SCHEMA, Target
from spi.storage.queries import scalar
from spi.framework.weights import (
    ALPHA_THRESHOLD,
    KMO_THRESHOLD,
    METHODS,
    ComponentWeights,
    derive_component_weights,
    rounded_weights,
)

DIAGNOSTICS_COLUMNS = [
    "component",
    "dimension",
    "n_indicators",
    "n_areas",
    "method",
    "cronbach_alpha",
    "kmo",
    "variance_explained",
    "framework_version",
    "derived_from_period",
    "note",
]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "derive-weights",
        help="derive indicator weights per component (PCA or equal) and report alpha, KMO, variance explained",
        description="Read the indicator scores of a built database (marts.fct_ward_indicators, imputed scores "
        "included) for one period, and derive each component's weights: the first principal component "
        "loadings of the standardised scores scaled to sum 1 (--method pca), or equal weights. Components "
        "where PCA is not meaningful (a negative loading, KMO < 0.5, a constant indicator) fall back to equal "
        "weights. Prints Cronbach's alpha, KMO and the variance the first component explains per component. "
        "--apply writes the weights into the weight column of seeds/framework/ward_framework.csv (nothing "
        "else in the file changes) and the diagnostics into seeds/framework/framework_weight_diagnostics.csv; "
        "rebuild afterwards.",
    )
    parser.add_argument("--method", choices=METHODS, default="pca", help="weighting method (default: pca)")
    parser.add_argument("--period", type=int, help="period of the scores to derive from (default: the latest)")
    parser.add_argument("--apply", action="store_true", help="write the weights and diagnostics into the seeds")
    parser.add_argument("--database", help="DuckDB file to read (default: warehouse/spi.duckdb or $SPI_DUCKDB_PATH)")
    parser.add_argument("--framework", type=Path, default=framework_seed.FRAMEWORK_SEED, help=argparse.SUPPRESS)
    parser.add_argument("--diagnostics", type=Path, default=framework_seed.DIAGNOSTICS_SEED, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    target = Target.from_env(args.database)
    try:
        framework = framework_seed.read_rows(args.framework)
        period, framework_version, variant, scores = _read_scores(target.database, args.period)
        if args.apply and variant != "icb":
            raise ValueError(
                f"{target.database} is a build of the '{variant}' indicator set: the release's weights are "
                "derived from the default (ICB) index; --apply needs a default build (`spi build`)"
            )
        results = _derive(framework, scores, args.method, variant)
    except (FileNotFoundError, ValueError, duckdb.Error) as error:
        print(f"spi derive-weights: {error}", file=sys.stderr)
        return 1
    dimensions = {row["component"]: row["dimension"] for row in framework}
    print(_table(results, dimensions, period))
    if args.apply:
        weights = _seed_weights(framework, results)
        changed = framework_seed.replace_column(args.framework, "indicator_id", "weight", weights)
        framework_seed.write_rows(
            args.diagnostics,
            DIAGNOSTICS_COLUMNS,
            [_diagnostics_row(result, dimensions, framework_version, period) for result in results],
        )
        print(
            f"spi derive-weights: {changed} weights changed in {args.framework}; diagnostics -> {args.diagnostics}; "
            "run `spi build` to score with them",
            file=sys.stderr,
        )
    return 0


def _seed_weights(framework: list[dict[str, str]], results: list[ComponentWeights]) -> dict[str, str]:
    """The derived weights as the seed writes them. A component with synthetic rows (opt-in, out of the default
    index) keeps their weights; its derived weights share the rest, so the seed still sums to 1 per component
    and the default index (which renormalises over the other rows) scores exactly the derived weights. Rows
    scored only in England take the mean new weight of their component's shared rows
    (release_rules.england_only_weights), outside that sum."""
    unit = 1_000_000
    synthetic: dict[str, int] = defaultdict(int)
    for row in framework:
        if is_synthetic(row) and scored_in(row, "icb"):
            synthetic[row["component"]] += round(float(row["weight"]) * unit)
    weights: dict[str, str] = {}
    for result in results:
        kept = synthetic[result.component]
        units = [round(weight * (unit - kept)) for weight in rounded_weights(result.weights)]
        largest = max(range(len(units)), key=lambda index: (units[index], -index))
        units[largest] += unit - kept - sum(units)
        weights.update({indicator_id: _format_weight(value / unit)
                        for indicator_id, value in zip(result.indicator_ids, units, strict=True)})
    updated = [{**row, "weight": weights.get(row["indicator_id"], row["weight"])} for row in framework]
    weights.update({indicator_id: _format_weight(weight)
                    for indicator_id, weight in england_only_weights(updated).items()})
    return weights


def _read_scores(
    database: Path, period: int | None
) -> tuple[int, str, str, dict[tuple[str, str], float | None]]:
    if not database.exists():
        raise FileNotFoundError(f"{database} does not exist: run `spi build` first")
    connection = duckdb.connect(str(database))
    try:
        chosen = period or scalar(connection, f"select max(period) from {MART_SCHEMA}.fct_ward_indicators")
        if chosen is None:
            raise ValueError(f"{database}: {MART_SCHEMA}.fct_ward_indicators is empty")
        rows = connection.execute(
            f"select ward_code, indicator_id, score from {MART_SCHEMA}.fct_ward_indicators where period = ?",
            [chosen],
        ).fetchall()
        version = framework_version(connection)
        # the indicator set the build scored: icb (default) or england (England and area builds)
        variant = scalar(connection, f"select min(framework_variant) from {MART_SCHEMA}.fct_ward_spi") or "icb"
    finally:
        connection.close()
    if not rows:
        raise ValueError(f"{database}: no indicator scores for period {chosen}")
    return int(chosen), str(version), str(variant), {(ward, indicator): score for ward, indicator, score in rows}


def _derive(
    framework: list[dict[str, str]], scores: dict[tuple[str, str], float | None], method: str, variant: str = "icb"
) -> list[ComponentWeights]:
    # the weights are derived over the build's index (the default's for --apply): the synthetic rows (opt-in)
    # keep theirs, the rows of the other region are not scored by the build (_seed_weights)
    index_rows = [row for row in framework if not is_synthetic(row) and scored_in(row, variant)]
    built_indicators = {indicator for _, indicator in scores}
    missing = [row["indicator_id"] for row in index_rows if row["indicator_id"] not in built_indicators]
    if missing:
        raise ValueError(
            f"indicators of the framework seed missing from the database: {', '.join(missing)}; "
            "run `spi build` with the current framework first"
        )
    components: dict[str, list[str]] = defaultdict(list)
    for row in index_rows:
        components[row["component"]].append(row["indicator_id"])
    wards = sorted({ward for ward, _ in scores})
    results = []
    for component, indicator_ids in components.items():
        # Areas with every indicator of the component scored (observed or imputed); partial areas are left out.
        matrix = [
            [scores.get((ward, indicator_id)) for indicator_id in indicator_ids]
            for ward in wards
        ]
        complete = np.array([row for row in matrix if all(score is not None for score in row)], dtype=float)
        complete = complete.reshape(-1, len(indicator_ids))
        results.append(derive_component_weights(component, indicator_ids, complete, method))
    return results


def _format_weight(weight: float) -> str:
    return f"{weight:.6f}"


def _rounded(value: float | None, decimals: int = 4) -> float | str:
    return "" if value is None else round(value, decimals)


def _diagnostics_row(
    result: ComponentWeights, dimensions: dict[str, str], framework_version: str, period: int
) -> dict[str, object]:
    notes = list(result.notes)
    if result.fails_alpha and result.diagnostics.cronbach_alpha is not None:
        notes.append(f"alpha {result.diagnostics.cronbach_alpha:.3f} < {ALPHA_THRESHOLD}")
    return {
        "component": result.component,
        "dimension": dimensions[result.component],
        "n_indicators": len(result.indicator_ids),
        "n_areas": result.diagnostics.n_areas,
        "method": result.method,
        "cronbach_alpha": _rounded(result.diagnostics.cronbach_alpha),
        "kmo": _rounded(result.diagnostics.kmo),
        "variance_explained": _rounded(result.diagnostics.variance_explained),
        "framework_version": framework_version,
        "derived_from_period": period,
        "note": "; ".join(notes),
    }


def _number(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def _table(results: list[ComponentWeights], dimensions: dict[str, str], period: int) -> str:
    width = max(len(result.component) for result in results)
    header = f"{'component':<{width}}  {'n':>2}  {'areas':>5}  {'alpha':>6}  {'KMO':>6}  {'var1':>6}  {'method':<14}  flags"
    lines = [f"Weights derived from the indicator scores of period {period}", header, "-" * len(header)]
    for result in results:
        diagnostics = result.diagnostics
        flags = [
            flag
            for flag, failed in ((f"alpha<{ALPHA_THRESHOLD}", result.fails_alpha), (f"KMO<{KMO_THRESHOLD}", result.fails_kmo))
            if failed
        ]
        lines.append(
            f"{result.component:<{width}}  {len(result.indicator_ids):>2}  {diagnostics.n_areas:>5}  "
            f"{_number(diagnostics.cronbach_alpha):>6}  {_number(diagnostics.kmo):>6}  "
            f"{_number(diagnostics.variance_explained):>6}  {result.method:<14}  {' '.join(flags)}"
        )
        for indicator_id, weight in zip(result.indicator_ids, rounded_weights(result.weights), strict=True):
            lines.append(f"    {indicator_id:<{width - 4}}  weight {weight:.6f}")
        for note in result.notes:
            lines.append(f"    note: {note}")
    lines.append(
        f"alpha = Cronbach's alpha of the 0-100 scores; KMO = Kaiser-Meyer-Olkin overall measure; var1 = share of "
        f"variance of the standardised scores explained by the first principal component. Flags: alpha < "
        f"{ALPHA_THRESHOLD}, KMO < {KMO_THRESHOLD}."
    )
    return "\n".join(lines)
