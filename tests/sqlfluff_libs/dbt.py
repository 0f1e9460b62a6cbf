"""`dbt.type_*()` as sqlfluff renders them: the DuckDB type names (dbt renders the target's own)."""


def type_string() -> str:
    return "varchar"


def type_int() -> str:
    return "integer"


def type_bigint() -> str:
    return "bigint"


def type_float() -> str:
    return "double"


def type_numeric() -> str:
    return "numeric(28, 6)"


def type_boolean() -> str:
    return "boolean"


def type_timestamp() -> str:
    return "timestamp"
