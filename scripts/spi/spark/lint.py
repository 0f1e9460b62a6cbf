"""Spark-dialect lint of the project's compiled SQL (target spark): is every model Spark SQL?

Three checks per compiled model, test or hook, each naming the file and the problem:
- double quotes outside string literals and comments: Spark reads "x" as the text 'x', not a column, so a
  DuckDB-quoted identifier gives wrong results and no error (use adapter.quote());
- Spark's own SQL parser (the session's parsePlan; no tables needed) must accept the statement;
- every function called must exist in Spark (DuckDB-only functions such as list_value or struct_pack parse as
  calls and fail only when the model runs).
The SQL is what dbt compiled for the spark target (`spi build --engine spark` writes it to
target/spark_<region>_<wards>/compiled/), so the dispatched macros' Spark branches are what is checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CALL = re.compile(r"(?<![\w.`])([A-Za-z_][A-Za-z0-9_]*)\s*\(")
# words followed by "(" that are syntax, not function calls
SYNTAX = {
    "as", "in", "over", "cast", "exists", "values", "filter", "using", "on", "and", "or", "not", "when", "then",
    "else", "from", "join", "select", "where", "by", "partition", "lateral", "table", "interval", "decimal",
    "varchar", "char", "array", "map", "struct", "with", "within", "group", "is", "if", "into", "tablesample",
    "unpivot", "pivot", "for", "rollup", "cube", "sets", "grouping", "try_cast", "options", "tblproperties",
    "clustered", "partitioned", "row", "rows", "range", "case", "end", "all", "any", "some", "inner", "left",
    "right", "full", "cross", "outer", "union", "except", "intersect", "limit", "offset", "having", "order",
    "distinct", "like", "rlike", "between", "exclude", "create", "view", "replace", "insert", "overwrite",
    "comment", "location", "timestamp", "date", "extract", "position", "substring", "trim", "overlay",
}


@dataclass(frozen=True)
class LintProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _code_only(sql: str) -> str:
    """The SQL with comments removed and the contents of single-quoted strings and backquoted names blanked."""
    out, index, length = [], 0, len(sql)
    while index < length:
        char = sql[index]
        if sql.startswith("--", index):
            end = sql.find("\n", index)
            index = length if end < 0 else end
        elif sql.startswith("/*", index):
            end = sql.find("*/", index + 2)
            index = length if end < 0 else end + 2
        elif char == "'":
            end = index + 1
            while end < length and sql[end] != "'":
                end += 2 if sql[end] == "\\" else 1
            out.append("''")
            index = end + 1
        elif char == "`":
            end = sql.find("`", index + 1)
            end = length if end < 0 else end
            out.append("`name`")
            index = end + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def text_problems(path: Path, sql: str) -> list[LintProblem]:
    """The checks that need no Spark: double-quoted identifiers."""
    code = _code_only(sql)
    quoted = re.findall(r'"[^"\n]*"', code)
    if quoted:
        shown = ", ".join(sorted(set(quoted))[:5])
        return [LintProblem(path, f"double-quoted {shown}: Spark reads double quotes as a string literal, not a "
                                  "column (use {{ adapter.quote('...') }} or a plain name)")]
    return []


def called_functions(sql: str) -> set[str]:
    """Names called like functions in the SQL (outside strings and comments), lower case, syntax words out."""
    return {name.lower() for name in CALL.findall(_code_only(sql))} - SYNTAX


def spark_problems(spark: Any, path: Path, sql: str, known_functions: set[str]) -> list[LintProblem]:
    """Spark's parser and function catalog on one compiled statement."""
    problems = []
    parser = spark._jsparkSession.sessionState().sqlParser()
    try:
        parser.parsePlan(sql)
    except Exception as error:  # py4j wraps Spark's ParseException
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        problems.append(LintProblem(path, f"Spark cannot parse it: {first[:300]}"))
    unknown = sorted(name for name in called_functions(sql) if name not in known_functions
                     and not spark.catalog.functionExists(name))
    if unknown:
        problems.append(LintProblem(path, f"not Spark functions: {', '.join(unknown)} (put engine-specific SQL in a "
                                          "dispatched macro with a spark__ or default__ implementation)"))
    return problems


def compiled_files(folder: Path) -> list[Path]:
    """Compiled models and tests under dbt's compiled/ folder (singular and generic data tests included)."""
    return sorted(path for path in folder.rglob("*.sql") if path.is_file())


def lint_compiled(spark: Any, folder: Path) -> tuple[int, list[LintProblem]]:
    """Every problem in the compiled SQL under `folder`, and how many files were checked."""
    files = compiled_files(folder)
    known = {row.function.lower() for row in spark.sql("show functions").collect()}
    problems: list[LintProblem] = []
    for path in files:
        sql = path.read_text(encoding="utf-8")
        if not sql.strip():
            continue
        found = text_problems(path, sql)
        problems += found or spark_problems(spark, path, sql, known)
    return len(files), problems
