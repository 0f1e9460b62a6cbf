"""Mart columns' not-null, range and allowed-value rules are enforced contract constraints (scripts/
mart_constraints.py turned the per-column data tests into them): the same bad data still fails the build, with
no dbt node per rule."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest
import yaml
from project_copy import copy_dbt_project

from spi.cli import main
from spi.project import PROJECT_DIR

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
from mart_constraints import convert_text  # noqa: E402

MARTS = PROJECT_DIR / "models" / "marts"

BEFORE = """version: 2

models:
  - name: fct_example
    columns:
      - name: ward_code
        description: Key.
        data_type: varchar
        data_tests: [unique, not_null]
      - name: period
        description: Period.
        data_type: integer
        data_tests: [not_null]
      - name: score
        description: Score.
        data_type: double
        constraints:
          - type: not_null
        data_tests:
          - not_null
          - accepted_range:
              arguments:
                min_value: 0
                max_value: 100
          - accepted_range:
              arguments:
                min_value: 0
                max_value: "{{ var('top') }}"
      - name: status
        description: Status.
        data_type: varchar
        data_tests:
          - accepted_values:
              arguments:
                values: [real, synthetic]
          - not_null:
              config:
                severity: warn
"""


@pytest.mark.unit
def test_converter_keeps_what_a_constraint_cannot_say() -> None:
    text, changed = convert_text(BEFORE)
    assert changed == ["period", "score", "status"]
    columns = {column["name"]: column for column in yaml.safe_load(text)["models"][0]["columns"]}
    # the primary key keeps its tests (spi check's primary-key rule reads them)
    assert columns["ward_code"]["data_tests"] == ["unique", "not_null"] and "constraints" not in columns["ward_code"]
    assert columns["period"]["constraints"] == [{"type": "not_null"}] and "data_tests" not in columns["period"]
    # a not_null test beside a not_null constraint only repeated it; a Jinja bound stays a test
    assert columns["score"]["constraints"] == [{"type": "not_null"},
                                               {"type": "check", "expression": "score >= 0 and score <= 100"}]
    assert columns["score"]["data_tests"] == [{"accepted_range": {"arguments": {"min_value": 0,
                                                                                "max_value": "{{ var('top') }}"}}}]
    # a warning is not an error: it stays a test with its severity
    assert columns["status"]["constraints"] == [{"type": "check", "expression": "status in ('real', 'synthetic')"}]
    assert columns["status"]["data_tests"] == [{"not_null": {"config": {"severity": "warn"}}}]
    assert convert_text(text) == (text, [])


@pytest.mark.unit
def test_every_mart_is_converted() -> None:
    """A mart column added with a plain not_null, literal range or values test is a constraint instead."""
    pending = {path.name: convert_text(path.read_text())[1] for path in sorted(MARTS.glob("*.yml"))}
    assert {name: columns for name, columns in pending.items() if columns} == {}, (
        "run `python scripts/mart_constraints.py` (mart rules are enforced constraints; CONTRIBUTING.md)")


def _declared_constraints() -> set[tuple[str, str, str]]:
    declared = set()
    for path in MARTS.glob("*.yml"):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            for column in model.get("columns", []):
                for constraint in column.get("constraints", []):
                    declared.add((model["name"], column["name"], constraint["type"]))
    return declared


@pytest.mark.build
def test_the_build_enforces_every_declared_constraint(marts: duckdb.DuckDBPyConnection) -> None:
    built = set()
    for table, columns, kind in marts.execute(
        "select table_name, constraint_column_names, constraint_type from duckdb_constraints() "
        "where schema_name = 'marts' and constraint_type in ('NOT NULL', 'CHECK')"
    ).fetchall():
        for column in columns:
            built.add((table, column, kind.lower().replace(" ", "_")))
    declared = {entry for entry in _declared_constraints() if entry[2] in ("not_null", "check")}
    assert declared and declared <= built, sorted(declared - built)


# one bad row in each of three marts that do not depend on each other: a null, a value out of range, a value
# outside the allowed list. Each was a data test's failure before; each must fail the build now.
BAD_ROWS = {
    "fct_ward_component_scores": "case when row_number() over () = 1 then null else dimension end as dimension",
    "fct_ward_dimension_scores": "case when row_number() over () = 1 then 100.5 else score end as score",
    "fct_ward_indicators": "case when row_number() over () = 1 then 'guessed' else data_status end as data_status",
}


@pytest.mark.build
def test_bad_rows_in_marts_fail_the_build(copy_of_build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_dbt_project(tmp_path / "project")
    for model, replacement in BAD_ROWS.items():
        sql = project / "models" / "marts" / f"{model}.sql"
        text = sql.read_text()
        assert text.rstrip().endswith("select * from final"), model
        sql.write_text(text.rstrip()[: -len("select * from final")] + f"select * replace ({replacement}) from final\n")
    monkeypatch.setenv("SPI_PROJECT_DIR", str(project))
    database = copy_of_build()
    assert main(["build", "--database", str(database), "--quiet", "--select", *BAD_ROWS]) == 1
    err = capsys.readouterr().err
    assert "NOT NULL constraint failed: fct_ward_component_scores" in err and ".dimension" in err, err
    assert "CHECK constraint failed on table fct_ward_dimension_scores" in err, err
    assert "CHECK constraint failed on table fct_ward_indicators" in err, err
    assert "spi build: the last built database is unchanged" in err
