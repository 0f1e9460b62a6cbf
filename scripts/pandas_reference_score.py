"""A plain pandas implementation of `spi score`'s arithmetic, the benchmark's reference (issue 14: `spi score`
within 3x of it). Not used by the project: the scores come from the dbt models (models/intermediate/scoring/).

Usage: python scripts/pandas_reference_score.py FRAMEWORK.csv VALUES.csv OUT_DIR

The same steps as the models, on the same files, writing OUT_DIR/scores.csv and scores.parquet with the same
columns: every area and period gets a row per framework indicator; indicator score = clip(100 (T(x) - T(worst)) /
(T(best) - T(worst)), 0, 100) with T the transform; a single missing indicator of a component is imputed by
least squares on the mean of the component's other scores, fitted per period and indicator on the areas with
the whole component (at least 3); a component is the weighted sum of its indicators (weights renormalised to 1
per component) where all are scored, a dimension the mean of its components and the SPI the mean of the
dimensions where all are scored; ranks per period, level and name (1 = highest, ties share the lowest).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

KEY = ["area_code", "period"]
LEVEL_ORDER = {"indicator": 1, "component": 2, "dimension": 3, "spi": 4}


def transformed(values: pd.Series, transform: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.select([transform == "sqrt", transform == "log"],
                                   [np.sqrt(values), np.log(values)], values), index=values.index)


def score(framework_path: Path, values_path: Path) -> pd.DataFrame:
    framework = pd.read_csv(framework_path, dtype=str).apply(lambda column: column.str.strip())
    for column in ("best", "worst", "weight"):
        framework[column] = framework[column].astype(float)
    framework["transform"] = framework["transform"].str.lower()
    framework["weight"] = framework["weight"] / framework.groupby(["dimension", "component"])["weight"].transform("sum")
    values = pd.read_csv(values_path, dtype=str, keep_default_na=False).apply(lambda column: column.str.strip())
    values["period"] = values["period"].astype(int)
    values["value"] = pd.to_numeric(values["value"].replace("", np.nan))

    # every area and period x every indicator, with its value where given
    grid = values[KEY].drop_duplicates().merge(framework[["indicator_id"]], how="cross")
    grid = grid.merge(values[[*KEY, "indicator_id", "value"]], on=[*KEY, "indicator_id"], how="left")
    rows = grid.merge(framework[["indicator_id", "dimension", "component", "weight", "best", "worst", "transform"]],
                      on="indicator_id")
    raw = 100.0 * (transformed(rows["value"], rows["transform"]) - transformed(rows["worst"], rows["transform"])) / (
        transformed(rows["best"], rows["transform"]) - transformed(rows["worst"], rows["transform"]))
    rows["score"] = raw.clip(0.0, 100.0).round(10)

    # imputation: one missing indicator of a component, from the mean of the component's other scores
    by_component = rows.groupby([*KEY, "component"])["score"]
    n_indicators = by_component.transform("size")
    n_scored = by_component.transform("count")
    total = by_component.transform("sum")
    has_score = rows["score"].notna()
    rows["n_missing"] = n_indicators - n_scored
    rows["mean_other"] = (total - rows["score"].fillna(0.0)) / (n_scored - has_score.astype(int)).replace(0, np.nan)
    whole = rows[rows["n_missing"] == 0]
    pairs = whole.dropna(subset=["score", "mean_other"])
    groups = pairs.groupby(["period", "indicator_id"])
    mean_x, mean_y = groups["mean_other"].transform("mean"), groups["score"].transform("mean")
    moments = pd.DataFrame({"period": pairs["period"], "indicator_id": pairs["indicator_id"],
                            "sxy": (pairs["mean_other"] - mean_x) * (pairs["score"] - mean_y),
                            "sxx": (pairs["mean_other"] - mean_x) ** 2, "x": pairs["mean_other"], "y": pairs["score"]})
    fits = moments.groupby(["period", "indicator_id"]).agg(sxy=("sxy", "sum"), sxx=("sxx", "sum"), x=("x", "mean"),
                                                           y=("y", "mean"))
    fits["slope"] = fits["sxy"] / fits["sxx"].replace(0.0, np.nan)
    fits["intercept"] = fits["y"] - fits["slope"] * fits["x"]
    fits["n_fitted"] = whole.groupby(["period", "indicator_id"]).size()
    rows = rows.merge(fits[["slope", "intercept", "n_fitted"]].reset_index(), on=["period", "indicator_id"],
                      how="left")
    can_impute = rows["score"].isna() & (rows["n_missing"] == 1) & (rows["n_fitted"].fillna(0) >= 3)
    rows["is_imputed"] = can_impute & rows["slope"].notna()
    predicted = (rows["intercept"] + rows["slope"] * rows["mean_other"]).clip(0.0, 100.0).round(10)
    rows["score"] = rows["score"].where(~can_impute, predicted)
    rows["imputed"] = rows["is_imputed"].astype(int)

    expected_indicators = framework.groupby(["dimension", "component"]).size().rename("expected")
    rows["weighted"] = rows["weight"] * rows["score"]
    components = rows.groupby([*KEY, "dimension", "component"]).agg(
        score=("weighted", "sum"), scored=("score", "count"), imputed=("imputed", "sum")).reset_index()
    components = components.merge(expected_indicators.reset_index(), on=["dimension", "component"])
    components["score"] = components["score"].round(10).where(components["scored"] == components["expected"])

    expected_components = framework.groupby("dimension")["component"].nunique().rename("expected")
    dimensions = components.groupby([*KEY, "dimension"]).agg(score=("score", "mean"), scored=("score", "count"))
    dimensions = dimensions.reset_index().merge(expected_components.reset_index(), on="dimension")
    dimensions["score"] = dimensions["score"].round(10).where(dimensions["scored"] == dimensions["expected"])
    dimensions = dimensions.merge(rows.groupby([*KEY, "dimension"])["imputed"].sum().reset_index(),
                                  on=[*KEY, "dimension"])

    spi = dimensions.groupby(KEY).agg(score=("score", "mean"), scored=("score", "count")).reset_index()
    spi["score"] = spi["score"].round(10).where(spi["scored"] == framework["dimension"].nunique())
    spi = spi.merge(rows.groupby(KEY)["imputed"].sum().reset_index(), on=KEY)

    unioned = pd.concat([
        rows.assign(level="indicator", name=rows["indicator_id"]),
        components.assign(level="component", name=components["component"]),
        dimensions.assign(level="dimension", name=dimensions["dimension"]),
        spi.assign(level="spi", name="Social Progress Index"),
    ])[[*KEY, "level", "name", "score", "imputed"]]
    unioned["rank"] = unioned.groupby(["period", "level", "name"])["score"].rank(method="min", ascending=False)
    unioned["rank"] = unioned["rank"].astype("Int64")
    unioned["is_imputed"] = unioned["imputed"] > 0
    unioned["n_indicators_imputed"] = unioned["imputed"].astype(int)
    unioned = unioned.assign(order=unioned["level"].map(LEVEL_ORDER)).sort_values(
        ["period", "order", "name", "area_code"])
    return unioned[[*KEY, "level", "name", "score", "rank", "is_imputed", "n_indicators_imputed"]]


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    framework, values, out = (Path(argument) for argument in argv)
    out.mkdir(parents=True, exist_ok=True)
    scores = score(framework, values)
    scores.to_parquet(out / "scores.parquet", compression="zstd", index=False)
    scores.to_csv(out / "scores.csv", index=False)
    # the benchmark reads this line: the time after the interpreter started and pandas was imported
    print(f"pandas reference: {len(scores)} scores -> {out / 'scores.csv'} in {time.perf_counter() - started:.3f} s "
          "after imports", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
