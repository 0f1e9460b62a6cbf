"""`spi score`'s compiled engine (spi.engine_sql): the per-run values fill dbt's stand-ins, a failing model is one
line naming it and leaves the database as it was, and the cached SQL is dbt's own compiled code of the models."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from spi import engine_sql
from spi.cli import main
from spi.engine_sql import CATALOG_STAND_IN, FRAMEWORK_STAND_IN, VALUES_STAND_IN, EngineSql, EngineSqlError
from spi.project import PROJECT_DIR

SMALL = PROJECT_DIR / "tests" / "fixtures" / "engine_small"


def _engine(*statements: tuple[str, str]) -> EngineSql:
    return EngineSql("test", ["create schema if not exists quarantine"], ["staging"], list(statements))


def test_stand_ins_are_filled_with_the_files_and_the_catalog(tmp_path: Path) -> None:
    quoted = tmp_path / "it's here"
    quoted.mkdir()
    framework = quoted / "framework.csv"
    framework.write_text((SMALL / "framework.csv").read_text())
    engine = _engine(("stg", f'create or replace view "{CATALOG_STAND_IN}"."staging"."frameworks" as select * from '
                             f"read_csv('{FRAMEWORK_STAND_IN}', header = true) where '{VALUES_STAND_IN}' <> ''"))
    connection = duckdb.connect(str(tmp_path / "kept.duckdb"))
    try:
        engine.run(connection, framework, SMALL / "values.csv")
        assert connection.execute("select count(*) from kept.staging.frameworks").fetchone()[0] == 6
    finally:
        connection.close()


def test_a_failing_model_is_one_line_and_nothing_is_kept(tmp_path: Path) -> None:
    engine = _engine(("first_model", "create table staging.first_model as select 1 as x"),
                     ("broken_model", "create table staging.broken_model as select * from no_such_table"))
    connection = duckdb.connect(str(tmp_path / "engine.duckdb"))
    try:
        with pytest.raises(EngineSqlError) as raised:
            engine.run(connection, SMALL / "framework.csv", SMALL / "values.csv")
        assert str(raised.value).startswith("model broken_model failed in DuckDB: Catalog Error")
        assert "\n" not in str(raised.value)
        tables = connection.execute("select table_name from information_schema.tables").fetchall()
        assert tables == [], "the transaction was rolled back"
    finally:
        connection.close()


def test_spi_score_reports_a_failing_model_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    broken = _engine(("broken_model", "create table staging.broken_model as select * from no_such_table"))
    monkeypatch.setattr(engine_sql, "load", lambda show_progress=False: broken)
    out = tmp_path / "out"
    assert main(["score", "--quiet", "--framework", str(SMALL / "framework.csv"), "--values",
                 str(SMALL / "values.csv"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("spi score: model broken_model failed in DuckDB: Catalog Error")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_the_cache_holds_dbts_compiled_models_in_dag_order() -> None:
    engine = engine_sql.load()  # compiles once if the project changed since the last run
    names = [name for name, _ in engine.statements]
    assert names[-1] == "int_area_scores_unioned"
    assert names.index("stg_engine_files__values") < names.index("int_engine_file_values_completed")
    cached = json.loads(engine_sql.CACHE_FILE.read_text())
    assert cached["key"] == engine_sql.project_key() == engine.key
    compiled = PROJECT_DIR / "target" / "engine" / "compile" / "compiled" / "spi" / "models" / "intermediate"
    unioned = (compiled / "scoring" / "int_area_scores_unioned.sql").read_text()
    assert unioned.strip() in dict(engine.statements)["int_area_scores_unioned"]
