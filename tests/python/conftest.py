"""Shared fixtures: one real build of the default ward index per test session."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from spi.cli import main


@pytest.fixture(scope="session")
def built_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the default (ICB) index from the real data into a fresh DuckDB file."""
    database = tmp_path_factory.mktemp("warehouse") / "spi.duckdb"
    exit_code = main(["build", "--database", str(database), "--quiet"])
    assert exit_code == 0, "spi build failed on the default data"
    return database


@pytest.fixture()
def marts(built_database: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the built database (same configuration as dbt's, so it can share the file)."""
    connection = duckdb.connect(str(built_database))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def wd17_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ICB index on 2017 wards (the second ward vintage an attacker holds), built once per session."""
    database = tmp_path_factory.mktemp("warehouse_wd17") / "spi.duckdb"
    exit_code = main(["build", "--wards", "wd17", "--database", str(database), "--quiet"])
    assert exit_code == 0, "spi build --wards wd17 failed"
    return database


@pytest.fixture(scope="session")
def synthetic_health_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one extra build of the suite: the default ICB index with the synthetic health indicators asked for
    (`spi build --include-synthetic-health`), i.e. every framework indicator scored."""
    database = tmp_path_factory.mktemp("synthetic_health") / "spi.duckdb"
    exit_code = main(["build", "--database", str(database), "--quiet", "--include-synthetic-health"])
    assert exit_code == 0, "spi build --include-synthetic-health failed on the default data"
    return database
