"""The Spark-dialect lint (spi lint-spark, spi.spark.lint) rejects non-portable SQL and accepts the project's.

The text checks need no Spark (unit); the parser and function checks run Spark's own parser in a child process
(spark: the spark extra and Java 17)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from spi.spark.lint import called_functions, text_problems
from test_spark_agreement import spark_available, spi

# A model as dbt-duckdb would compile it: each line is DuckDB SQL that Spark refuses or misreads.
NON_PORTABLE = {
    "quoted_identifier.sql": 'select "Area Code" as practice_code from ohid.qof_smoking_prevalence',
    "duckdb_functions.sql": "select list_value(1, 2) as xs, struct_pack(a := 1) as s from range(3)",
    "duckdb_star_exclude.sql": "select * exclude (ward_code) from spi_marts.fct_ward_spi",
    "duckdb_unpivot_columns.sql": "unpivot (select * from t) on columns(* exclude (k)) into name measure value value",
}
PORTABLE = {
    "portable.sql": "with source as (select * from t) select `Area Code` as code, count(*) filter (where x) as n, "
    "transform(array_sort(collect_list(struct(k as sort_key, v as item))), pair -> pair.item) as items, "
    "'it''s \"quoted\" text' as note from source group by `Area Code`  -- \"a comment\" f(x)",
}


@pytest.mark.unit
def test_double_quoted_identifiers_are_refused_outside_strings_and_comments() -> None:
    assert text_problems(Path("m.sql"), NON_PORTABLE["quoted_identifier.sql"])
    assert not text_problems(Path("m.sql"), PORTABLE["portable.sql"])


@pytest.mark.unit
def test_function_calls_are_found_outside_strings_names_and_comments() -> None:
    assert called_functions(PORTABLE["portable.sql"]) == {
        "count", "transform", "array_sort", "collect_list"}
    assert {"list_value", "struct_pack"} <= called_functions(NON_PORTABLE["duckdb_functions.sql"])


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return spi("lint-spark", "--compiled", str(folder), environment={})


@pytest.mark.spark
def test_lint_rejects_every_non_portable_model_and_accepts_a_portable_one(tmp_path: Path) -> None:
    spark_available()
    for name, sql in {**NON_PORTABLE, **PORTABLE}.items():
        (tmp_path / name).write_text(sql + "\n")
    result = lint(tmp_path)
    assert result.returncode != 0, result.stderr[-2000:]
    reported = {line.split(":")[1].strip() for line in result.stderr.splitlines() if line.startswith("spi lint-spark: ")
                and line.count(":") >= 2 and ".sql" in line}
    assert reported == set(NON_PORTABLE), result.stderr[-3000:]
