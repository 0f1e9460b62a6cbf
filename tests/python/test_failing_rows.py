"""A build whose data test fails shows the rows the test returns (for row_rules: the broken rules by name)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from spi.dbt_invoke import _outcome
from spi.storage.test_failures import ROWS_SHOWN, failing_rows

pytestmark = pytest.mark.unit


def test_failed_tests_keep_their_compiled_sql_and_errors_do_not() -> None:
    def node_result(name: str, status: str, resource_type: str = "test") -> SimpleNamespace:
        node = SimpleNamespace(name=name, resource_type=resource_type, compiled_code=f"select '{name}' as x")
        return SimpleNamespace(status=status, message="Got 1 result, configured to fail if != 0", node=node)

    result = SimpleNamespace(success=False, exception=None, result=SimpleNamespace(results=[
        node_result("row_rules_fct_a", "fail"), node_result("broken_model", "error", "model"),
        node_result("passing", "pass"),
    ]))
    outcome = _outcome(result)
    assert outcome.failed_tests == {"row_rules_fct_a": "select 'row_rules_fct_a' as x"}
    assert outcome.counts == {"fail": 1, "error": 1, "pass": 1}


def test_failing_rows_name_the_broken_rules_and_stop_after_a_few(tmp_path: Path) -> None:
    database = tmp_path / "building.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create table wards as select range as n from range(20)")
    rules = "select 'accepted_values method' as rule_broken, 3 as failing_rows"
    many = "select n from wards"
    lines = list(failing_rows(database, {"row_rules_int_x": rules, "unique_int_y": many, "bad": "select nope"}))
    assert lines[:2] == ["  rows failing row_rules_int_x:", "    rule_broken=accepted_values method, failing_rows=3"]
    assert lines[2] == "  rows failing unique_int_y:"
    assert len(lines) == 3 + ROWS_SHOWN + 1 and lines[-1] == f"    ... (more than {ROWS_SHOWN} rows)"


def test_no_database_no_lines(tmp_path: Path) -> None:
    assert list(failing_rows(tmp_path / "missing.duckdb", {"t": "select 1"})) == []


def test_a_value_with_control_characters_stays_on_its_line(tmp_path: Path) -> None:
    database = tmp_path / "building.duckdb"
    duckdb.connect(str(database)).close()
    lines = list(failing_rows(database, {"t": "select 'a' || chr(10) || chr(27) || '[31mred' as label"}))
    assert lines == ["  rows failing t:", "    label=a\\n\\x1b[31mred"]
