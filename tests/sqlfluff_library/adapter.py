"""Lint-only stand-in for dbt's adapter.quote (sqlfluff's jinja templater has no `adapter` object).

Returns what dbt-duckdb renders: the identifier in double quotes, so columns whose published names carry
spaces or colons (the Census bulk tables) lint as the SQL the warehouse runs.
"""


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
