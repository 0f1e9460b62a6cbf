"""Target.applied(): dbt's environment variables are set only while dbt runs, then put back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spi.project import HEALTH_DIR_FROM_REGION, Target, health_data_dir

pytestmark = pytest.mark.unit


def test_applied_sets_the_variables_only_inside_the_block(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = Target(database=tmp_path / "w" / "spi.duckdb", region="england")
    names = [*target.environment(), HEALTH_DIR_FROM_REGION]
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SPI_RAW_DATA_DIR", str(tmp_path / "raw"))  # the user's choice survives
    before = {name: os.environ.get(name) for name in names}
    with target.applied():
        assert os.environ["SPI_DUCKDB_PATH"] == str(tmp_path / "w" / "spi.duckdb")
        assert os.environ["SPI_HEALTH_DATA_DIR"] == str(health_data_dir("england"))
        assert os.environ["SPI_RAW_DATA_DIR"] == str(tmp_path / "raw")
    assert {name: os.environ.get(name) for name in names} == before
    # an ICB target after it is not steered by what the England one set
    assert Target(database=tmp_path / "x.duckdb").environment()["SPI_HEALTH_DATA_DIR"] == str(health_data_dir("icb"))


def test_applied_restores_even_when_the_block_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SPI_DUCKDB_PATH", "/elsewhere/spi.duckdb")
    with pytest.raises(RuntimeError), Target(database=tmp_path / "spi.duckdb").applied():
        raise RuntimeError("dbt failed")
    assert os.environ["SPI_DUCKDB_PATH"] == "/elsewhere/spi.duckdb"
