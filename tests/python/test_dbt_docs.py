"""`dbt docs generate` works, its catalogue holds every mart with its columns, and the exposures are declared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spi.dbt_invoke import run_dbt
from spi.project import Target
from spi.export.publishing import expected_marts

pytestmark = pytest.mark.build


EXPOSURES = {"spi_report", "spi_exports", "spi_published_database"}


@pytest.fixture(scope="module")
def docs_target(built_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target_path = tmp_path_factory.mktemp("docs_target")
    outcome = run_dbt(
        ["docs", "generate", "--target-path", str(target_path)], Target.from_env(built_database), show_progress=False
    )
    assert outcome.success, outcome.summary()
    return target_path


def test_catalog_has_every_mart_and_its_columns(docs_target: Path) -> None:
    catalog = json.loads((docs_target / "catalog.json").read_text())
    manifest = json.loads((docs_target / "manifest.json").read_text())
    for mart in expected_marts():
        node_id = f"model.spi.{mart}"
        assert node_id in catalog["nodes"], f"{mart} missing from catalog.json"
        documented = manifest["nodes"][node_id]["columns"]
        for column in catalog["nodes"][node_id]["columns"]:
            assert documented.get(column, {}).get("description"), f"{mart}.{column} has no description"


def test_exposures_declare_the_report_exports_and_published_database(docs_target: Path) -> None:
    manifest = json.loads((docs_target / "manifest.json").read_text())
    exposures = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    assert set(exposures) >= EXPOSURES
    for name in EXPOSURES:
        depends_on = set(exposures[name]["depends_on"]["nodes"])
        assert "model.spi.fct_ward_spi" in depends_on and "model.spi.dim_wards" in depends_on, name
