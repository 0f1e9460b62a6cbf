"""The declared shape of every source table, read from where it is declared once: the dbt sources yml.

`meta.external_location` and `meta.geography` say where the file is and which areas it covers; the table's
`columns` (name and `data_type`) say which columns are required and their types (the staging model casts each
to that type: tests/python/test_source_columns.py keeps the two in step); `meta.validation` adds what only the
publisher knows (key, counts, numerator/denominator pairs, proportions, policy).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spi.project import PROJECT_DIR

STAGING_DIR = PROJECT_DIR / "models" / "staging"
_ENV_VAR = re.compile(r"\{\{\s*env_var\(\s*'(\w+)'\s*(?:,\s*'([^']*)')?\s*\)\s*\}\}")
POLICIES = ("fail", "quarantine")


@dataclass(frozen=True)
class SourceSpec:
    """What one source table must look like."""

    source: str
    table: str
    location: str
    geography: str | None
    columns: dict[str, str]
    key: tuple[str, ...]
    area_column: str | None
    counts: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    proportions: tuple[str, ...] = ()
    percentages: tuple[str, ...] = ()
    period: str | None = None
    period_column: str | None = None
    on_error: str = "fail"
    extra: dict[str, Any] = field(default_factory=dict)
    # other code columns and their geography (meta.validation.code_columns): codes that name areas, and
    # folders of `spi export --by-council`, must be GSS codes of that geography
    code_columns: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.source}.{self.table}"

    def path(self, raw_dir: Path) -> Path:
        """The file (or glob) the source reads, its env_var() rendered as dbt renders it for the harness."""

        def rendered(match: re.Match[str]) -> str:
            name, default = match.group(1), match.group(2) or ""
            if name == "SPI_RAW_DATA_DIR":
                return str(raw_dir)
            return os.environ.get(name) or str(PROJECT_DIR / default)

        return Path(_ENV_VAR.sub(rendered, self.location))

    def paths(self, raw_dir: Path) -> list[Path]:
        """The files to check: the one file, or every file a glob location matches (the glob itself if none)."""
        location = self.path(raw_dir)
        if "*" not in location.name:
            return [location]
        return sorted(location.parent.glob(location.name)) or [location]


def declared_columns(table: dict[str, Any]) -> dict[str, str]:
    """The source table's columns and their types, as its yml declares them (`columns: [{name, data_type}]`)."""
    columns: dict[str, str] = {}
    for column in table.get("columns") or []:
        if "data_type" not in column:
            raise ValueError(f"{table['name']}: column {column.get('name')} has no data_type")
        columns[str(column["name"])] = str(column["data_type"]).lower()
    return columns


def _pairs(raw: list[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(numerator), str(denominator)) for numerator, denominator in raw)


def load_specs(staging_dir: Path = STAGING_DIR) -> list[SourceSpec]:
    """Every source table of the project, in file order."""
    specs: list[SourceSpec] = []
    for yml in sorted(staging_dir.glob("*/_*__sources.yml")):
        document = yaml.safe_load(yml.read_text())
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                meta = table.get("meta") or {}
                # sources whose own validator runs elsewhere (engine files, indicator files) say so and why
                if "external_location" in meta and not (meta.get("validation") or {}).get("validated_by"):
                    specs.append(_spec(source["name"], table))
    return specs


def _spec(source: str, table: dict[str, Any]) -> SourceSpec:
    meta = table.get("meta", {})
    rules = meta.get("validation", {}) or {}
    geography = meta.get("geography")
    columns = declared_columns(table)
    area_column = rules.get("area_column")
    if area_column is None and geography and f"{geography}_code" in columns:
        area_column = f"{geography}_code"
    key = tuple(rules.get("key") or ([area_column] if area_column else []))
    on_error = rules.get("on_error", "fail")
    if on_error not in POLICIES:
        raise ValueError(f"{source}.{table['name']}: meta.validation.on_error must be one of {POLICIES}")
    return SourceSpec(
        source=source,
        table=table["name"],
        location=meta["external_location"],
        geography=geography,
        columns=columns,
        key=key,
        area_column=area_column,
        counts=tuple(rules.get("counts", ())),
        pairs=_pairs(rules.get("pairs", ())),
        proportions=tuple(rules.get("proportions", ())),
        percentages=tuple(rules.get("percentages", ())),
        period=str(meta["period"]) if "period" in meta else None,
        period_column=rules.get("period_column"),
        on_error=on_error,
        code_columns=tuple((str(column), str(geography))
                           for column, geography in (rules.get("code_columns") or {}).items()),
    )
