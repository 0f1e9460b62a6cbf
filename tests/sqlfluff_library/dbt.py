"""Lint-only stand-ins for dbt's cross-database type macros (sqlfluff's jinja templater has no `dbt` object).

Each returns what dbt-duckdb renders, so the linted SQL is the SQL the warehouse runs.
"""


def type_string() -> str:
    return "varchar"


def type_float() -> str:
    return "float"


def type_int() -> str:
    return "integer"


def type_bigint() -> str:
    return "bigint"


def type_boolean() -> str:
    return "boolean"


def type_numeric() -> str:
    return "numeric(28, 6)"


def type_timestamp() -> str:
    return "timestamp"


def concat(fields: list[str]) -> str:
    return f"concat({', '.join(fields)})"
