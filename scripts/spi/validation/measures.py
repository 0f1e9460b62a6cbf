"""Which (source_name, measure) pairs the project's sources provide, read from the SQL that unions them,
so a framework row naming a measure nobody provides is caught before the build."""

from __future__ import annotations

import re
from pathlib import Path

from spi.project import PROJECT_DIR

MODELS_DIR = PROJECT_DIR / "models"
UNIONED = MODELS_DIR / "intermediate" / "indicators" / "int_source_measures_unioned.sql"
_SOURCE_NAME = re.compile(r"'([a-z0-9_]+)'\s+as\s+source_name")
_MEASURE = re.compile(r"^\s*(.+?)\s+as\s+measure\s*,?\s*$", re.MULTILINE)
_FROM = re.compile(r"\bfrom\s+(\w+)\s*$", re.MULTILINE)
_LITERAL_MEASURE = re.compile(r"'([a-z0-9_]+)'\s+as\s+measure")
_CAST_ALIAS = re.compile(r"cast\([^()]*\)\s+as\s+(\w+)")


def _model_sql(name: str) -> str | None:
    found = sorted(MODELS_DIR.glob(f"**/{name}.sql"))
    return found[0].read_text() if found else None


def _cte_body(sql: str, cte: str) -> str:
    match = re.search(rf"\b{cte}\s+as\s+\((.*?)\n\)", sql, re.DOTALL)
    return match.group(1) if match else ""


def _measures_of_cte(sql: str, cte: str) -> set[str] | None:
    body = _cte_body(sql, cte)
    unpivot = re.search(r"unpivot_measures\(ref\('(\w+)'\),\s*'(\w+)'\)", body)
    if unpivot:
        staging = _model_sql(unpivot.group(1)) or ""
        return set(_CAST_ALIAS.findall(staging)) - {unpivot.group(2)}
    referenced = re.search(r"ref\('(\w+)'\)", body)
    if referenced:
        literals = set(_LITERAL_MEASURE.findall(_model_sql(referenced.group(1)) or ""))
        return literals or None
    return None


def _passed_through_model(sql: str, branch: str) -> str | None:
    """The model a branch re-selects whole (source_name passed through from a CTE that refs it)."""
    if not re.search(r"^\s*source_name\s*,\s*$", branch, re.MULTILINE) or not _FROM.findall(branch):
        return None
    referenced = re.search(r"ref\('(\w+)'\)", _cte_body(sql, _FROM.findall(branch)[-1]))
    return referenced.group(1) if referenced else None


def provided_measures(unioned: Path = UNIONED) -> dict[str, set[str] | None]:
    """source_name -> measures it provides (None where the measure names are built at run time).

    Follows branches that pass source_name through from another union model (e.g. the IoD unpivots)."""
    sql = unioned.read_text()
    provided: dict[str, set[str] | None] = {}
    # the branches are those of the final union CTE, where the model has one
    for branch in (_cte_body(sql, "unioned") or sql).split("union all"):
        name = _SOURCE_NAME.search(branch)
        if not name:
            inner = _passed_through_model(sql, branch)
            inner_path = sorted(MODELS_DIR.glob(f"**/{inner}.sql")) if inner else []
            if inner_path:
                provided.update(provided_measures(inner_path[0]))
            continue
        measure = _MEASURE.search(branch)
        expression = measure.group(1).strip() if measure else ""
        if not expression and re.search(r"^\s*measure\s*,\s*$", branch, re.MULTILINE):
            expression = "measure"
        if re.fullmatch(r"'[a-z0-9_]+'", expression):
            measures: set[str] | None = {expression.strip("'")}
        elif expression == "measure" and _FROM.findall(branch):
            measures = _measures_of_cte(sql, _FROM.findall(branch)[-1])
        else:
            measures = None
        provided[name.group(1)] = measures
    return provided
