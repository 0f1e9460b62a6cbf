"""Copy the dbt project's own files (not the data, the venv or the warehouse) for tests that change them."""

from __future__ import annotations

import shutil
from pathlib import Path

from spi.project import PROJECT_DIR

DBT_FILES = ("dbt_project.yml", "profiles.yml", ".spi-check-exceptions.yml", ".sqlfluff")
# data/reference: the committed national reference of ward scores (stg_national_reference__ward_scores reads it
# from the project, SPI_NATIONAL_REFERENCE_PATH defaults to <project>/data/reference/)
DBT_FOLDERS = ("models", "macros", "seeds", "tests/dbt", "data/indicators", "data/reference")


def copy_dbt_project(destination: Path) -> Path:
    """A copy of the dbt project at `destination`; raw data is still read from the repository (SPI_RAW_DATA_DIR)."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in DBT_FILES:
        if (PROJECT_DIR / name).exists():
            shutil.copy2(PROJECT_DIR / name, destination / name)
    for folder in DBT_FOLDERS:
        shutil.copytree(PROJECT_DIR / folder, destination / folder)
    return destination
