"""Each convention rule of `spi check` on small hand-made manifests: it fires on the bad case, not on the good."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spi.conventions import rules
from spi.conventions.exceptions import EXCEPTIONS_FILE, apply_exceptions, load_exceptions
from spi.conventions.violation import Violation
from spi.conventions.yaml_rules import check_yaml_document

pytestmark = pytest.mark.unit


def model(
    name: str,
    path: str,
    *,
    sql: str = "select 1 as id",
    materialized: str = "table",
    parents: tuple[str, ...] = (),
    sources: tuple[tuple[str, str], ...] = (),
    description: str = "One row per thing.",
    columns: dict[str, dict[str, Any]] | None = None,
    enforced: bool = False,
) -> dict[str, Any]:
    return {
        "unique_id": f"model.spi.{name}",
        "name": name,
        "resource_type": "model",
        "original_file_path": path,
        "patch_path": "spi://" + path.replace(".sql", ".yml"),
        "raw_code": sql,
        "config": {"materialized": materialized},
        "depends_on": {"nodes": list(parents), "macros": []},
        "sources": [list(source) for source in sources],
        "description": description,
        "columns": columns or {},
        "contract": {"enforced": enforced},
    }


def data_test(model_name: str, test_name: str, column: str | None = None, number: int = 0) -> dict[str, Any]:
    return {
        "unique_id": f"test.spi.{test_name}_{model_name}_{column}_{number}",
        "resource_type": "test",
        "attached_node": f"model.spi.{model_name}",
        "column_name": column,
        "test_metadata": {"name": test_name, "kwargs": {}},
    }


def row_rules(model_name: str, **rules: list[Any]) -> dict[str, Any]:
    test = data_test(model_name, "row_rules")
    test["test_metadata"]["kwargs"] = rules
    return test


def source(source_name: str, table: str, description: str = "A table.") -> dict[str, Any]:
    return {
        "unique_id": f"source.spi.{source_name}.{table}",
        "source_name": source_name,
        "name": table,
        "original_file_path": f"models/staging/{source_name}/_{source_name}__sources.yml",
        "source_description": "A publisher.",
        "description": description,
    }


def manifest(*nodes: dict[str, Any], sources: tuple[dict[str, Any], ...] = (), unit_tests: tuple = ()) -> dict:
    return {
        "nodes": {node["unique_id"]: node for node in nodes},
        "sources": {item["unique_id"]: item for item in sources},
        "unit_tests": {
            f"unit_test.spi.{number}": {"depends_on": {"nodes": [target]}} for number, target in enumerate(unit_tests)
        },
    }


def rule_ids(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(violation.rule, violation.obj) for violation in violations]


def test_layer_prefix() -> None:
    found = rules.check_layer_prefix(manifest(
        model("fct_ok", "models/marts/fct_ok.sql"),
        model("ward_summary", "models/marts/ward_summary.sql"),
        model("stg_a__bs", "models/intermediate/x/stg_a__bs.sql"),
        model("int_loose", "models/int_loose.sql"),
    ))
    assert sorted(rule_ids(found)) == [
        ("layer-folder", "model:int_loose"),
        ("layer-prefix", "model:stg_a__bs"),
        ("layer-prefix", "model:ward_summary"),
    ]
    assert "fct_<name> or dim_<name>" in next(v.message for v in found if v.obj == "model:ward_summary")


def test_staging_name() -> None:
    found = rules.check_staging_name(manifest(
        model("stg_ons__wards", "models/staging/ons/stg_ons__wards.sql", sources=(("ons", "wards"),)),
        model("stg_ons_wards", "models/staging/ons/stg_ons_wards.sql"),
        model("stg_dcms__things", "models/staging/ons/stg_dcms__things.sql"),
        model("stg_ons__lsoas", "models/staging/ons/stg_ons__lsoas.sql", sources=(("dcms", "lsoas"),)),
        # filtering out quarantined rows is allowed in any publisher's staging model
        model("stg_ons__msoas", "models/staging/ons/stg_ons__msoas.sql",
              sources=(("ons", "msoas"), ("quarantine", "rejected_rows"))),
    ))
    assert sorted(rule_ids(found)) == [
        ("staging-name", "model:stg_dcms__things"),
        ("staging-name", "model:stg_ons__lsoas"),
        ("staging-name", "model:stg_ons_wards"),
    ]


def test_sources_staged_once_used_and_only_in_staging() -> None:
    tables = (source("ons", "wards"), source("ons", "lsoas"), source("ons", "unused"))
    found_manifest = manifest(
        model("stg_ons__wards", "models/staging/ons/stg_ons__wards.sql", parents=("source.spi.ons.wards",),
              sources=(("ons", "wards"),)),
        model("stg_ons__wards_again", "models/staging/ons/stg_ons__wards_again.sql",
              parents=("source.spi.ons.wards",), sources=(("ons", "wards"),)),
        model("int_lsoas_read", "models/intermediate/int_lsoas_read.sql", parents=("source.spi.ons.lsoas",),
              sources=(("ons", "lsoas"),)),
        sources=tables,
    )
    assert rule_ids(rules.check_source_only_in_staging(found_manifest)) == [
        ("source-outside-staging", "model:int_lsoas_read")
    ]
    assert rule_ids(rules.check_one_staging_model_per_source_table(found_manifest)) == [
        ("one-staging-model-per-source-table", "source:ons.wards")
    ]
    assert rule_ids(rules.check_unused_sources(found_manifest)) == [("unused-source", "source:ons.unused")]


def test_a_source_used_only_by_a_disabled_model_is_still_used() -> None:
    # e.g. the engine's file-mode staging models, disabled under the default vars
    disabled = model("stg_files__frameworks", "models/staging/files/stg_files__frameworks.sql",
                     sources=(("files", "frameworks"),))
    found_manifest = manifest(sources=(source("files", "frameworks"), source("files", "orphan")))
    found_manifest["disabled"] = {disabled["unique_id"]: [disabled]}
    assert rule_ids(rules.check_unused_sources(found_manifest)) == [("unused-source", "source:files.orphan")]


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("select * from marts.fct_ward_spi", ["relation marts.fct_ward_spi"]),
        ("select * from x inner join main.y as y on true", ["relation main.y"]),
        ("select * from read_csv('data/raw/x.csv')", ["file reader read_csv()", "file path 'data/raw/x.csv'"]),
        ("select * from read_parquet({{ var('p') }})", ["file reader read_parquet()"]),
        ("select * from {{ ref('int_x') }} as x -- from marts.old", []),
        ("select x.a from {{ source('ons', 'wards') }} as x", []),
        ("with a as (select 1 as b) select * from a", []),
        ("select extract(year from births.born_on) as y, trim(both ' ' from births.name) as n from births", []),
    ],
)

def test_hard_coded_references(sql: str, expected: list[str]) -> None:
    assert rules.hard_coded_references(sql) == expected


def test_documentation(tmp_path: Path) -> None:
    seed_file = tmp_path / "seeds" / "s.csv"
    seed_file.parent.mkdir()
    seed_file.write_text("a,b\n1,2\n")
    seed = {
        "unique_id": "seed.spi.s", "name": "s", "resource_type": "seed", "original_file_path": "seeds/s.csv",
        "patch_path": "spi://seeds/s.yml", "description": "Seed.", "columns": {"a": {"name": "a", "description": "A."}},
    }
    found = rules.check_documentation(manifest(
        model("int_documented", "models/intermediate/int_documented.sql",
              columns={"a": {"name": "a", "description": "A."}}),
        model("int_bare", "models/intermediate/int_bare.sql", description=" ",
              columns={"a": {"name": "a", "description": ""}}),
        seed,
        sources=(source("ons", "wards", description=""),),
    ), project_dir=tmp_path)
    assert sorted(rule_ids(found)) == [
        ("undocumented", "column:int_bare.a"),
        ("undocumented", "column:s.b"),
        ("undocumented", "model:int_bare"),
        ("undocumented", "source:ons.wards"),
    ]


def test_mart_columns_and_contracts() -> None:
    found_manifest = manifest(
        model("fct_ok", "models/marts/fct_ok.sql", enforced=True,
              columns={"a": {"name": "a", "description": "A.", "data_type": "integer"}}),
        model("fct_loose", "models/marts/fct_loose.sql",
              columns={"a": {"name": "a", "description": "A.", "data_type": None}}),
    )
    assert rule_ids(rules.check_mart_contracts(found_manifest)) == [("mart-contract", "model:fct_loose")]
    assert rule_ids(rules.check_mart_columns_documented(found_manifest)) == [("mart-contract", "column:fct_loose.a")]


def test_model_tests() -> None:
    found = rules.check_model_tests(manifest(
        model("int_good", "models/intermediate/int_good.sql"),
        data_test("int_good", "unique", "id"), data_test("int_good", "not_null", "id"),
        data_test("int_good", "not_null", "name"),
        model("int_combo", "models/intermediate/int_combo.sql"),
        data_test("int_combo", "unique_combination_of_columns"),
        model("int_half_key", "models/intermediate/int_half_key.sql"),
        data_test("int_half_key", "unique", "id"), data_test("int_half_key", "not_null", "other"),
        model("int_key_only", "models/intermediate/int_key_only.sql"),
        data_test("int_key_only", "unique", "id"), data_test("int_key_only", "not_null", "id"),
        # the key's not_null in row_rules: with another rule the model is tested, with the key alone it is not
        model("int_rules", "models/intermediate/int_rules.sql"),
        data_test("int_rules", "unique", "id"), row_rules("int_rules", not_null=["id", "name"]),
        model("int_rules_key_only", "models/intermediate/int_rules_key_only.sql"),
        data_test("int_rules_key_only", "unique", "id"), row_rules("int_rules_key_only", not_null=["id"]),
        model("int_rules_no_key", "models/intermediate/int_rules_no_key.sql"),
        data_test("int_rules_no_key", "unique", "id"), row_rules("int_rules_no_key", not_null=["name"]),
        # the key as row_rules' primary_key: tested with one more rule, not with the key alone
        model("int_pk", "models/intermediate/int_pk.sql"),
        row_rules("int_pk", primary_key=["id", "period"], relationships=[{"column": "id", "to": "x", "field": "id"}]),
        model("int_pk_only", "models/intermediate/int_pk_only.sql"),
        row_rules("int_pk_only", primary_key=["id"]),
        unit_tests=("model.spi.int_combo",),
    ))
    assert sorted(rule_ids(found)) == [
        ("needs-another-test", "model:int_key_only"),
        ("needs-another-test", "model:int_pk_only"),
        ("needs-another-test", "model:int_rules_key_only"),
        ("primary-key-test", "model:int_half_key"),
        ("primary-key-test", "model:int_rules_no_key"),
    ]


def test_direct_parents_and_view_chains() -> None:
    parents = tuple(f"model.spi.stg_a__{i}s" for i in range(7))
    chain = [model(f"int_v{i}", f"models/intermediate/int_v{i}.sql", materialized="view",
                   parents=(f"model.spi.int_v{i - 1}",) if i else ()) for i in range(7)]
    found_manifest = manifest(
        *[model(p.split(".")[-1], f"models/staging/a/{p.split('.')[-1]}.sql") for p in parents],
        model("int_wide", "models/intermediate/int_wide.sql", parents=parents),
        model("int_narrow", "models/intermediate/int_narrow.sql", parents=parents[:6]),
        *chain,
    )
    assert rule_ids(rules.check_direct_parents(found_manifest)) == [("too-many-parents", "model:int_wide")]
    assert rules.view_chains(found_manifest)["model.spi.int_v6"] == [f"int_v{i}" for i in range(7)]
    assert sorted(rule_ids(rules.check_view_chains(found_manifest))) == [
        ("view-chain", "model:int_v5"), ("view-chain", "model:int_v6")
    ]


def test_yaml_tests_key_and_arguments() -> None:
    document = {
        "models": [{
            "name": "int_x",
            "tests": [{"unique_combination_of_columns": {"combination_of_columns": ["a"]}}],
            "columns": [
                {"name": "a", "data_tests": ["not_null", {"accepted_values": {"arguments": {"values": [1]}}}]},
                {"name": "b", "data_tests": [{"accepted_range": {"min_value": 0, "config": {"severity": "warn"}}}]},
            ],
        }]
    }
    found = check_yaml_document(document, "models/int_x.yml")
    assert sorted(rule_ids(found)) == [
        ("data-tests-key", "model:int_x"),
        ("test-arguments", "column:int_x.b"),
        ("test-arguments", "model:int_x"),
    ]
    assert "min_value" in next(v.message for v in found if v.obj == "column:int_x.b")


def test_exceptions_need_a_reason_and_must_match(tmp_path: Path) -> None:
    (tmp_path / EXCEPTIONS_FILE).write_text(
        "exceptions:\n"
        "  - {rule: too-many-parents, object: 'model:int_wide', reason: the one union of every source}\n"
        "  - {rule: view-chain, object: 'model:int_v6', reason: ''}\n"
        "  - {rule: unused-source, object: 'source:ons.gone', reason: kept for next year}\n"
    )
    exceptions, broken = load_exceptions(tmp_path)
    assert rule_ids(broken) == [("exception-invalid", "exception #2")]
    assert "reason" in broken[0].message
    violations = [
        Violation("a.sql", "too-many-parents", "model:int_wide", "m", "f"),
        Violation("b.sql", "view-chain", "model:int_v6", "m", "f"),
    ]
    kept, stale = apply_exceptions(violations, exceptions)
    assert rule_ids(kept) == [("view-chain", "model:int_v6")]
    assert rule_ids(stale) == [("exception-unused", "unused-source source:ons.gone")]
