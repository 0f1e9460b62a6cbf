"""`dbt.<macro>()` as sqlfluff sees it: dbt's cross-database macros rendered as DuckDB, which is what dbt does.

Loaded as `sqlfluff_library.dbt` (the folder is a package), so it never replaces the real `dbt` module in
`sys.modules` of a process that also runs dbt.
"""

from __future__ import annotations


def type_string() -> str:
    return "varchar"


def type_float() -> str:
    return "double"


def type_int() -> str:
    return "integer"


def type_bigint() -> str:
    return "bigint"


def type_numeric() -> str:
    return "decimal(28, 6)"


def type_boolean() -> str:
    return "boolean"


def type_timestamp() -> str:
    return "timestamp"


def concat(fields: list[str]) -> str:
    return f"concat({', '.join(fields)})"
