"""`spi check` passes on the project with no exceptions, and names each broken convention in a broken copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from project_copy import copy_dbt_project

from spi.cli import main
from spi.conventions.exceptions import EXCEPTIONS_FILE
from spi.project import PROJECT_DIR

pytestmark = pytest.mark.build


def test_project_passes_with_no_exceptions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    assert not (PROJECT_DIR / EXCEPTIONS_FILE).exists(), "the project must hold its conventions without exceptions"
    monkeypatch.setenv("SPI_DUCKDB_PATH", "/somewhere/spi.duckdb")
    exit_code = main(["check"])
    out, err = capsys.readouterr()
    assert out == ""
    assert exit_code == 0, err
    assert "every convention holds" in err
    # dbt parsed against a throwaway database; the caller's database variable is left as it was.
    assert os.environ["SPI_DUCKDB_PATH"] == "/somewhere/spi.duckdb"


def _edit_yaml(path: Path, edit) -> None:
    document = yaml.safe_load(path.read_text())
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def _break_conventions(project: Path) -> None:
    # 1. a mart without the fct_/dim_ prefix
    marts = project / "models" / "marts"
    (marts / "ward_summary.sql").write_text("select * from {{ ref('fct_ward_spi') }}\n")
    # 2. source() in an intermediate model
    (project / "models" / "intermediate" / "indicators" / "int_loneliness_read.sql").write_text(
        "select * from {{ source('dcms', 'loneliness') }}\n"
    )
    # 3. an undocumented mart column
    def drop_description(document: dict) -> None:
        document["models"][0]["columns"][1].pop("description")

    _edit_yaml(marts / "fct_ward_spi.yml", drop_description)
    # 4. no primary-key test on a staging model (its row_rules keep their other rule)
    def drop_key_tests(document: dict) -> None:
        document["models"][0]["data_tests"][0]["row_rules"]["arguments"].pop("primary_key")

    _edit_yaml(project / "models" / "staging" / "dcms" / "stg_dcms__lsoa_loneliness.yml", drop_key_tests)
    # 5. `tests:` instead of `data_tests:`
    registrations = project / "models" / "staging" / "synthetic_nhs" / "stg_synthetic_nhs__gp_registrations.yml"
    registrations.write_text(registrations.read_text().replace("data_tests:", "tests:"))
    # 6. an exception without a reason
    (project / EXCEPTIONS_FILE).write_text(
        "exceptions:\n  - rule: layer-prefix\n    object: model:ward_summary\n    reason: ''\n"
    )


def test_broken_copy_fails_with_each_violation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_dbt_project(tmp_path / "project")
    _break_conventions(project)
    fct_ward_spi_columns = yaml.safe_load((project / "models/marts/fct_ward_spi.yml").read_text())["models"][0]
    undocumented = fct_ward_spi_columns["columns"][1]["name"]

    exit_code = main(["check", "--project-dir", str(project)])
    out, err = capsys.readouterr()

    assert exit_code == 1
    expected = [
        "models/marts/ward_summary.sql: [layer-prefix] model:ward_summary: a model in marts/ must be named fct_<name> "
        "or dim_<name>",
        "models/intermediate/indicators/int_loneliness_read.sql: [source-outside-staging] model:int_loneliness_read: "
        "uses source('dcms', 'loneliness') outside models/staging",
        f"models/marts/fct_ward_spi.yml: [undocumented] column:fct_ward_spi.{undocumented}: column has no description",
        "models/staging/dcms/stg_dcms__lsoa_loneliness.yml: [primary-key-test] model:stg_dcms__lsoa_loneliness: "
        "has no primary-key test",
        "models/staging/synthetic_nhs/stg_synthetic_nhs__gp_registrations.yml: [data-tests-key] "
        "model:stg_synthetic_nhs__gp_registrations: uses `tests:`",
        "models/staging/synthetic_nhs/stg_synthetic_nhs__gp_registrations.yml: [data-tests-key] "
        "column:stg_synthetic_nhs__gp_registrations.lsoa21_code: uses `tests:`",
        ".spi-check-exceptions.yml: [exception-invalid] exception #1: has no reason",
    ]
    for line in expected:
        assert line in out, f"missing violation: {line}\n--- spi check printed:\n{out}"
    assert "fix: " in out
    assert "violation(s)" in err

