"""Source columns are declared once, in the sources yml (name and data_type), and the harness's validation reads
them there (spi.validation.specs). The staging model of each source casts every declared column to the declared
type and casts nothing undeclared: this test keeps the SQL in step with the declaration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from spi.validation.specs import STAGING_DIR, declared_columns, load_specs

pytestmark = pytest.mark.unit

_SOURCE = re.compile(r"source\(\s*'([^']+)'\s*,\s*'([^']+)'\s*\)")
# cast(col as type), cast(source.col as type), cast({{ adapter.quote('Col Name') }} as type), the type a word or a
# dbt type macro
_TYPE = r"(\{\{[^}]*\}\}|[a-z]+)"
_CASTS = (
    re.compile(rf"cast\(\s*(?:\w+\.)?([A-Za-z0-9_]+)\s+as\s+{_TYPE}\s*\)", re.IGNORECASE),
    re.compile(rf"cast\(\s*(?:\w+\.)?\{{\{{\s*adapter\.quote\(\s*'([^']+)'\s*\)\s*\}}\}}\s+as\s+{_TYPE}\s*\)",
               re.IGNORECASE),
)
_TYPES = {
    "{{ dbt.type_string() }}": "string",
    "{{ dbt.type_bigint() }}": "bigint",
    "{{ dbt.type_int() }}": "integer",
    "{{ dbt.type_boolean() }}": "boolean",
    "{{ type_double() }}": "double",
    "bigint": "bigint",
    "integer": "integer",
    "double": "double",
    "boolean": "boolean",
}


def _staging_casts() -> dict[tuple[str, str], dict[str, str]]:
    casts: dict[tuple[str, str], dict[str, str]] = {}
    for sql in sorted(STAGING_DIR.glob("*/stg_*.sql")):
        text = sql.read_text()
        for key in _SOURCE.findall(text):
            columns = casts.setdefault(key, {})
            for pattern in _CASTS:
                for name, data_type in pattern.findall(text):
                    normalised = re.sub(r"\s+", " ", data_type.strip())
                    assert normalised in _TYPES, f"{sql.name}: cast of {name} to {data_type}: not a portable type"
                    columns.setdefault(name, _TYPES[normalised])
    return casts


def _declared() -> dict[tuple[str, str], dict[str, str]]:
    declared = {}
    for yml in sorted(STAGING_DIR.glob("*/_*__sources.yml")):
        for source in (yaml.safe_load(yml.read_text()) or {}).get("sources") or []:
            for table in source.get("tables") or []:
                if table.get("columns") and all("data_type" in column for column in table["columns"]):
                    declared[(source["name"], table["name"])] = declared_columns(table)
    return declared


def test_every_validated_source_declares_its_columns_and_types() -> None:
    for spec in load_specs():
        assert spec.columns, f"{spec.name}: no columns declared (name and data_type in its sources yml)"
        assert set(spec.columns.values()) <= set(_TYPES.values()), spec.name


def test_staging_casts_are_the_declared_columns_and_types() -> None:
    declared = _declared()
    casts = _staging_casts()
    for spec in load_specs():
        key = (spec.source, spec.table)
        assert key in casts, f"{spec.name}: no staging model reads it"
        assert casts[key] == declared[key], f"{spec.name}: staging casts and the sources yml disagree"


def test_a_cast_out_of_step_with_the_declaration_is_caught(tmp_path: Path) -> None:
    """The check can fail: a declared double cast as a string."""
    table = {"name": "t", "columns": [{"name": "value", "data_type": "double"}]}
    sql = "select cast(value as {{ dbt.type_string() }}) as value from {{ source('s', 't') }}"
    casts = {name: _TYPES[data_type] for pattern in _CASTS for name, data_type in pattern.findall(sql)}
    assert casts != declared_columns(table)
