"""dbt's compiled SQL executed directly in DuckDB, in DAG order: the benchmark's floor (every model of a build)
and `spi score`'s engine (the engine's models, compiled once per project state; spi.engine_sql).

A node is a seed or model of a dbt manifest (target/manifest.json after `dbt compile`). A model becomes
`create or replace view|table <schema>.<alias> as <compiled SQL>`, as dbt-duckdb's view and table
materializations do; a seed is read with read_csv and the seed's column_types.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable

import duckdb

# The profile's DuckDB settings (profiles.yml), so compiled SQL runs under the same configuration as dbt.
PROFILE_SETTINGS = {"memory_limit": "3GB", "preserve_insertion_order": False, "threads": 2}


class CycleError(Exception):
    """The manifest's model graph has a cycle (dbt itself refuses such a project)."""


def dag_order(manifest: dict[str, Any], selected: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Seeds and models in topological order (depends_on), ties broken by name for a stable order.

    `selected`: only these unique ids (e.g. the nodes a `dbt compile --select` compiled); default all."""
    chosen = set(selected) if selected is not None else None
    nodes = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in {"model", "seed"}
        and node["config"].get("enabled", True)
        and (chosen is None or unique_id in chosen)
    }
    ordered, placed = [], set()
    remaining = dict(sorted(nodes.items()))
    while remaining:
        ready = [
            unique_id
            for unique_id, node in remaining.items()
            if all(parent in placed or parent not in nodes for parent in node["depends_on"].get("nodes", []))
        ]
        if not ready:
            raise CycleError("cycle in the manifest's model graph")
        for unique_id in ready:
            ordered.append(remaining.pop(unique_id))
            placed.add(unique_id)
    return ordered


_MACRO_CALL = re.compile(r"^\{\{\s*(\w+)\(\s*\)\s*\}\}$")
_MACRO_BODY = re.compile(r"^\{%-?\s*macro\s+\w+\(\s*\)\s*-?%\}(.*)\{%-?\s*endmacro\s*-?%\}$", re.DOTALL)


def hook_statements(manifest: dict[str, Any]) -> list[str]:
    """The project's on-run-start hooks (e.g. the empty quarantine table), in the order dbt runs them.

    `dbt compile` leaves hooks uncompiled: a hook that is one call of an argument-free macro (a dispatched one,
    such as create_quarantine_table) is replaced by the body of its duckdb__ implementation, which must be
    plain SQL."""
    hooks = sorted(
        (node for node in manifest["nodes"].values() if node["resource_type"] == "operation"),
        key=lambda node: node["unique_id"],
    )
    return [hook.get("compiled_code") or _rendered_hook(manifest, hook["raw_code"]) for hook in hooks]


def _rendered_hook(manifest: dict[str, Any], raw_code: str) -> str:
    call = _MACRO_CALL.match(raw_code.strip())
    if call is None:
        if "{{" in raw_code or "{%" in raw_code:
            raise ValueError(f"on-run-start hook is not plain SQL or one macro call: {raw_code}")
        return raw_code
    macros = manifest.get("macros", {})
    for name in (f"duckdb__{call.group(1)}", call.group(1)):
        macro = next((macro for macro in macros.values() if macro["name"] == name), None)
        body = _MACRO_BODY.match(macro["macro_sql"].strip()) if macro else None
        if body is not None and "{{" not in body.group(1) and "{%" not in body.group(1):
            return body.group(1).strip()
    raise ValueError(f"on-run-start hook {raw_code}: no plain-SQL duckdb__ implementation of its macro")


def seed_sql(node: dict[str, Any], project_dir: Path) -> str:
    path = project_dir / node["original_file_path"]
    column_types = node["config"].get("column_types") or {}
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in column_types.items())
    options = f", types = {{{types}}}" if types else ""
    return f"select * from read_csv('{path}', header = true{options})"


def relation(node: dict[str, Any]) -> str:
    return f'"{node["schema"]}"."{node["alias"]}"'


def create_statement(node: dict[str, Any], project_dir: Path) -> str:
    """The statement that builds one node as dbt-duckdb materializes it (view or table)."""
    if node["resource_type"] == "seed":
        return f"create or replace table {relation(node)} as {seed_sql(node, project_dir)}"
    kind = "view" if node["config"]["materialized"] == "view" else "table"
    return f"create or replace {kind} {relation(node)} as {node['compiled_code']}"


def settings(**more: str | Path) -> dict[str, str | bool | int | float | list[str]]:
    """The profile's settings as DuckDB connection config, with `more`."""
    return {key: str(value) for key, value in {**PROFILE_SETTINGS, **more}.items()}


def connect(database: Path) -> duckdb.DuckDBPyConnection:
    """A connection to `database` with the profile's settings."""
    return duckdb.connect(str(database), config=settings())


def create_schemas(connection: duckdb.DuckDBPyConnection, schemas: Iterable[str]) -> None:
    for schema in sorted(set(schemas)):
        connection.execute(f'create schema if not exists "{schema}"')
