"""The convention rules over a parsed dbt manifest (manifest.json as a dict).

Each rule is a small function `rule(manifest) -> list[Violation]`, so each can be unit-tested on a hand-made
manifest. RULES lists them in report order; the raw-YAML rules live in yaml_rules.py.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from spi.conventions.violation import Violation

Manifest = dict[str, Any]
Rule = Callable[[Manifest], list[Violation]]

LAYER_PREFIXES = {"staging": ("stg_",), "intermediate": ("int_",), "marts": ("fct_", "dim_")}
STAGING_NAME = re.compile(r"^stg_(?P<source>[a-z0-9]+(?:_[a-z0-9]+)*)__(?P<entity>[a-z0-9]+(?:_[a-z0-9]+)*)$")
MAX_DIRECT_PARENTS = 6
MAX_VIEW_CHAIN = 5

# Hard-coded relations and file paths in model SQL (jinja blocks and comments are removed first).
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_SQL_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
# Functions whose arguments use the keyword `from` (extract(year from t.d), trim(both 'x' from t.c)).
_FROM_IN_FUNCTIONS = re.compile(r"\b(?:extract|trim|substring|overlay|position)\s*\([^()]*\)", re.IGNORECASE)
_HARD_CODED = (
    (re.compile(r"\b(?:from|join)\s+(\"?[a-z_][\w]*\"?\.\"?[a-z_][\w]*\"?)", re.IGNORECASE), "relation {0}"),
    (re.compile(r"\b(read_(?:csv|csv_auto|parquet|json|json_auto|xlsx)|st_read)\s*\(", re.IGNORECASE),
     "file reader {0}()"),
    (re.compile(r"'((?:\.{0,2}/)?data/[^']*|[^']*\.(?:csv|parquet|json|xlsx|geojson|gz))'", re.IGNORECASE),
     "file path '{0}'"),
)


def models(manifest: Manifest) -> list[dict[str, Any]]:
    return sorted(
        (node for node in manifest["nodes"].values() if node["resource_type"] == "model"),
        key=lambda node: node["original_file_path"],
    )


def seeds(manifest: Manifest) -> list[dict[str, Any]]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "seed"]


def layer_of(model: dict[str, Any]) -> str | None:
    """The layer folder a model lives in (models/<layer>/...), or None when it is outside every layer."""
    parts = Path(model["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[1] in LAYER_PREFIXES else None


def _model_obj(model: dict[str, Any]) -> str:
    return f"model:{model['name']}"


def _yml_path(node: dict[str, Any]) -> str:
    patch = node.get("patch_path") or ""
    return patch.split("://", 1)[-1] if patch else node["original_file_path"]


def check_layer_prefix(manifest: Manifest) -> list[Violation]:
    """staging/ -> stg_, intermediate/ -> int_, marts/ -> fct_ or dim_; no model outside the three layers."""
    found = []
    for model in models(manifest):
        layer = layer_of(model)
        if layer is None:
            found.append(Violation(
                model["original_file_path"], "layer-folder", _model_obj(model),
                "model is not under models/staging, models/intermediate or models/marts",
                "move it into the layer folder its prefix names (stg_ -> staging, int_ -> intermediate, "
                "fct_/dim_ -> marts)",
            ))
        elif not model["name"].startswith(LAYER_PREFIXES[layer]):
            wanted = " or ".join(LAYER_PREFIXES[layer])
            named = " or ".join(f"{prefix}<name>" for prefix in LAYER_PREFIXES[layer])
            found.append(Violation(
                model["original_file_path"], "layer-prefix", _model_obj(model),
                f"a model in {layer}/ must be named {named}",
                f"rename the .sql and its .yml entry to start with {wanted}, or move the model to the layer "
                "its name says",
            ))
    return found


QUARANTINE_SOURCE = "quarantine"


def check_staging_name(manifest: Manifest) -> list[Violation]:
    """Staging models are named stg_<source>__<entity>, <source> = their folder and the source they read."""
    found = []
    for model in models(manifest):
        if layer_of(model) != "staging" or not model["name"].startswith("stg_"):
            continue
        folder = Path(model["original_file_path"]).parent.name
        match = STAGING_NAME.match(model["name"])
        # the quarantine list (rows `spi validate` set aside) may filter any publisher's staging model
        source_names = sorted({source for source, _table in model.get("sources", []) if source != QUARANTINE_SOURCE})
        if match is None:
            problem = "is not stg_<source>__<entity> (two underscores between source and entity)"
        elif match["source"] != folder:
            problem = f"names source '{match['source']}' but lives in folder '{folder}'"
        elif source_names and source_names != [folder]:
            problem = f"reads source(s) {', '.join(source_names)}, not '{folder}'"
        else:
            continue
        found.append(Violation(
            model["original_file_path"], "staging-name", _model_obj(model),
            f"staging model name {problem}",
            f"name it stg_{folder}__<entity>s inside models/staging/{folder}/ and read only source('{folder}', ...)",
        ))
    return found


def check_source_only_in_staging(manifest: Manifest) -> list[Violation]:
    """source() is used only by staging models."""
    return [
        Violation(
            model["original_file_path"], "source-outside-staging", _model_obj(model),
            "uses source(" + ", ".join(f"'{s}', '{t}'" for s, t in model["sources"]) + ") outside models/staging",
            "add (or reuse) a staging model stg_<source>__<entity>s that selects from the source, and ref() it here",
        )
        for model in models(manifest)
        if model.get("sources") and layer_of(model) != "staging"
    ]


def _source_users(manifest: Manifest) -> dict[str, list[dict[str, Any]]]:
    users: dict[str, list[dict[str, Any]]] = {source_id: [] for source_id in manifest["sources"]}
    for model in models(manifest):
        for parent in model["depends_on"]["nodes"]:
            if parent in users:
                users[parent].append(model)
    # Models disabled under the default vars (e.g. the engine's file-mode staging) still use their sources;
    # dbt does not resolve a disabled node's dependencies, so match the source() calls it makes.
    by_name = {(source["source_name"], source["name"]): source_id for source_id, source in manifest["sources"].items()}
    for variants in manifest.get("disabled", {}).values():
        for model in variants:
            if model.get("resource_type") != "model":
                continue
            for source_name, table_name in model.get("sources", []):
                source_id = by_name.get((source_name, table_name))
                if source_id is not None:
                    users[source_id].append(model)
    return users


def _source_obj(source: dict[str, Any]) -> str:
    return f"source:{source['source_name']}.{source['name']}"


def check_one_staging_model_per_source_table(manifest: Manifest) -> list[Violation]:
    """Each source table is selected by exactly one staging model (no two models staging the same table)."""
    found = []
    for source_id, users in sorted(_source_users(manifest).items()):
        staging_users = [model["name"] for model in users if layer_of(model) == "staging"]
        if len(staging_users) > 1:
            source = manifest["sources"][source_id]
            found.append(Violation(
                source["original_file_path"], "one-staging-model-per-source-table", _source_obj(source),
                f"is staged by {len(staging_users)} models ({', '.join(sorted(staging_users))})",
                "keep one staging model per source table; build the other shapes in intermediate models "
                "that ref() it",
            ))
    return found


def check_unused_sources(manifest: Manifest) -> list[Violation]:
    """Every declared source table is used by a model."""
    found = []
    for source_id, users in sorted(_source_users(manifest).items()):
        if not users:
            source = manifest["sources"][source_id]
            found.append(Violation(
                source["original_file_path"], "unused-source", _source_obj(source),
                "is declared but no model selects from it",
                "add its staging model, or remove the table from the sources .yml",
            ))
    return found


def hard_coded_references(sql: str) -> list[str]:
    """The hard-coded relations and file paths in a model's SQL, outside jinja and comments."""
    code = _FROM_IN_FUNCTIONS.sub(" ", _SQL_COMMENTS.sub(" ", _JINJA.sub(" ", sql)))
    hits: list[str] = []
    for pattern, label in _HARD_CODED:
        hits.extend(label.format(match.group(1)) for match in pattern.finditer(code))
    return hits


def check_hard_coded_references(manifest: Manifest) -> list[Violation]:
    """Models reach other relations only through ref()/source(), never schema.table or file paths."""
    found = []
    for model in models(manifest):
        for hit in hard_coded_references(model.get("raw_code", "")):
            found.append(Violation(
                model["original_file_path"], "hard-coded-reference", _model_obj(model),
                f"hard-coded {hit} in the model SQL",
                "use {{ ref('model') }} for relations; declare files as a source with meta.external_location "
                "(env_var-anchored) and select them in a staging model",
            ))
    return found


def _seed_csv_columns(seed: dict[str, Any], project_dir: Path | None) -> list[str]:
    root = project_dir or Path(seed.get("root_path", "."))
    path = root / seed["original_file_path"]
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle), [])


def check_documentation(manifest: Manifest, project_dir: Path | None = None) -> list[Violation]:
    """Every model, source, source table, seed and seed column has a description; so does every mart column
    and every column a model's .yml declares."""
    found = []

    def missing(path: str, obj: str, what: str, fix: str) -> None:
        found.append(Violation(path, "undocumented", obj, f"{what} has no description", fix))

    for model in models(manifest):
        yml = _yml_path(model)
        if not (model.get("description") or "").strip():
            missing(yml, _model_obj(model), "model",
                    "add `description:` stating its grain (one row per ...) to the model's .yml")
        for column in model.get("columns", {}).values():
            if not (column.get("description") or "").strip():
                missing(yml, f"column:{model['name']}.{column['name']}", "column",
                        "add `description:` to the column in the model's .yml")
    for source in manifest["sources"].values():
        if not (source.get("source_description") or "").strip():
            missing(source["original_file_path"], f"source:{source['source_name']}", "source",
                    "add `description:` (publisher, licence) to the source")
        if not (source.get("description") or "").strip():
            missing(source["original_file_path"], _source_obj(source), "source table",
                    "add `description:` (grain, coverage, period) to the table in the sources .yml")
    for seed in seeds(manifest):
        yml = _yml_path(seed)
        if not (seed.get("description") or "").strip():
            missing(yml, f"seed:{seed['name']}", "seed", "add `description:` to the seed's .yml")
        declared = seed.get("columns", {})
        for name in _seed_csv_columns(seed, project_dir):
            if not (declared.get(name, {}).get("description") or "").strip():
                missing(yml, f"column:{seed['name']}.{name}", "seed column",
                        f"declare `- name: {name}` with a `description:` under the seed's columns")
    return found


def check_mart_columns_documented(manifest: Manifest) -> list[Violation]:
    """Marts declare every column (the contract makes the declared list complete) with a data_type."""
    found = []
    for model in models(manifest):
        if layer_of(model) != "marts":
            continue
        if not model.get("columns"):
            found.append(Violation(
                _yml_path(model), "undocumented", _model_obj(model), "mart declares no columns",
                "list every column with name, data_type, description and tests in the mart's .yml",
            ))
        for column in model.get("columns", {}).values():
            if not column.get("data_type"):
                found.append(Violation(
                    _yml_path(model), "mart-contract", f"column:{model['name']}.{column['name']}",
                    "mart column has no data_type", "add `data_type:` to the column (the contract enforces it)",
                ))
    return found


def _tests_by_model(manifest: Manifest) -> dict[str, list[dict[str, Any]]]:
    tests: dict[str, list[dict[str, Any]]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("attached_node"):
            tests.setdefault(node["attached_node"], []).append(node)
    return tests


def primary_key_tests(tests: Iterable[dict[str, Any]]) -> list[str]:
    """The test unique_ids that form a primary key: a row_rules test with a primary_key, a
    unique_combination_of_columns, or unique+not_null on one column (the not_null as the column's test or in the
    model's row_rules); the first found, in that order."""
    tests = list(tests)
    for test in tests:
        metadata = test.get("test_metadata") or {}
        if metadata.get("name") == "row_rules" and (metadata.get("kwargs") or {}).get("primary_key"):
            return [test["unique_id"]]
    by_column: dict[str, dict[str, str]] = {}
    for test in tests:
        metadata = test.get("test_metadata") or {}
        name = metadata.get("name")
        if name == "unique_combination_of_columns":
            return [test["unique_id"]]
        if name in {"unique", "not_null"} and test.get("column_name"):
            by_column.setdefault(test["column_name"], {})[name] = test["unique_id"]
        if name == "row_rules":
            for column in (metadata.get("kwargs") or {}).get("not_null") or []:
                by_column.setdefault(column, {})["not_null"] = test["unique_id"]
    for column in sorted(by_column):
        if len(by_column[column]) == 2:
            return sorted(by_column[column].values())
    return []


def _rule_count(test: dict[str, Any]) -> int:
    """How many rules a test states: those listed in a row_rules test (its primary key counts as one), else 1."""
    metadata = test.get("test_metadata") or {}
    if metadata.get("name") != "row_rules":
        return 1
    kwargs = metadata.get("kwargs") or {}
    return bool(kwargs.get("primary_key")) + sum(len(kwargs.get(kind) or []) for kind in ROW_RULE_KINDS)


ROW_RULE_KINDS = ("not_null", "accepted_values", "accepted_range", "relationships", "expression_is_true")


def check_model_tests(manifest: Manifest) -> list[Violation]:
    """Every model has a primary-key test and at least one other test (data test or unit test)."""
    tests = _tests_by_model(manifest)
    unit_tests: dict[str, int] = {}
    for unit_test in manifest.get("unit_tests", {}).values():
        for parent in unit_test["depends_on"]["nodes"]:
            unit_tests[parent] = unit_tests.get(parent, 0) + 1
    found = []
    for model in models(manifest):
        model_tests = tests.get(model["unique_id"], [])
        key = primary_key_tests(model_tests)
        if not key:
            found.append(Violation(
                _yml_path(model), "primary-key-test", _model_obj(model),
                "has no primary-key test",
                "state its grain as the key of its `row_rules` test: "
                "`data_tests: [{row_rules: {arguments: {primary_key: [key_column, ...]}}}]`",
            ))
        # a row_rules test that holds the key (or the key's not_null) counts as another test when it says more
        others = sum(1 for test in model_tests if test["unique_id"] not in key or _rule_count(test) > 1)
        others += unit_tests.get(model["unique_id"], 0)
        if others < 1:
            found.append(Violation(
                _yml_path(model), "needs-another-test", _model_obj(model),
                "has no test besides its primary key",
                "add a not_null, accepted_values, accepted_range, relationships or expression_is_true rule "
                "(or a unit test) on what the model promises",
            ))
    return found


def check_direct_parents(manifest: Manifest) -> list[Violation]:
    """No model has 7 or more direct parents (models, seeds, sources)."""
    found = []
    for model in models(manifest):
        parents = sorted(set(model["depends_on"]["nodes"]))
        if len(parents) > MAX_DIRECT_PARENTS:
            found.append(Violation(
                model["original_file_path"], "too-many-parents", _model_obj(model),
                f"has {len(parents)} direct parents (at most {MAX_DIRECT_PARENTS}): "
                + ", ".join(parent.split(".")[-1] for parent in parents),
                "group related parents in an intermediate model (e.g. int_<entity>s_joined) and ref() that",
            ))
    return found


def view_chains(manifest: Manifest) -> dict[str, list[str]]:
    """For every view model, the longest chain of views ending at it (its own name last)."""
    nodes = manifest["nodes"]
    views = {
        node["unique_id"] for node in models(manifest) if (node.get("config") or {}).get("materialized") == "view"
    }
    longest: dict[str, list[str]] = {}

    def chain(unique_id: str) -> list[str]:
        if unique_id not in longest:
            parents = [parent for parent in nodes[unique_id]["depends_on"]["nodes"] if parent in views]
            best = max((chain(parent) for parent in parents), key=len, default=[])
            longest[unique_id] = [*best, nodes[unique_id]["name"]]
        return longest[unique_id]

    for unique_id in sorted(views):
        chain(unique_id)
    return longest


def check_view_chains(manifest: Manifest) -> list[Violation]:
    """No chain of more than 5 views in a row (each query would re-run the whole chain)."""
    found = []
    for unique_id, chain in sorted(view_chains(manifest).items()):
        if len(chain) > MAX_VIEW_CHAIN:
            model = manifest["nodes"][unique_id]
            found.append(Violation(
                model["original_file_path"], "view-chain", _model_obj(model),
                f"ends a chain of {len(chain)} views (at most {MAX_VIEW_CHAIN}): {' -> '.join(chain)}",
                "materialize one model in the middle of the chain as a table",
            ))
    return found


def check_mart_contracts(manifest: Manifest) -> list[Violation]:
    """Every mart has `contract: enforced: true`."""
    return [
        Violation(
            _yml_path(model), "mart-contract", _model_obj(model), "mart has no enforced contract",
            "set `config: contract: enforced: true` (dbt_project.yml sets it for models/marts; do not override it)",
        )
        for model in models(manifest)
        if layer_of(model) == "marts" and not (model.get("contract") or {}).get("enforced")
    ]


RULES: tuple[Rule, ...] = (
    check_layer_prefix,
    check_staging_name,
    check_source_only_in_staging,
    check_one_staging_model_per_source_table,
    check_unused_sources,
    check_hard_coded_references,
    check_documentation,
    check_mart_columns_documented,
    check_model_tests,
    check_direct_parents,
    check_view_chains,
    check_mart_contracts,
)


def run_rules(manifest: Manifest, project_dir: Path | None = None) -> list[Violation]:
    found = []
    for rule in RULES:
        found.extend(check_documentation(manifest, project_dir) if rule is check_documentation else rule(manifest))
    return found
