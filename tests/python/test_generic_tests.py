"""The project's own generic dbt tests (tests/dbt/generic) find what they promise to find.

The test body is plain Jinja around the `{% test %}` block, so it is rendered here with the block tags removed
and run on small DuckDB tables: a failing row set where the data break the rule, none where they keep it.
"""

from __future__ import annotations

import re

import duckdb
import jinja2
import pytest

from spi.project import PROJECT_DIR

pytestmark = pytest.mark.unit


GENERIC_TESTS = PROJECT_DIR / "tests" / "dbt" / "generic"


def render_generic_test(name: str, **arguments: object) -> str:
    source = (GENERIC_TESTS / f"{name}.sql").read_text()
    body = re.search(r"{%\s*test\s+\w+\(.*?\)\s*%}(.*){%\s*endtest\s*%}", source, re.S)
    assert body, f"{name}.sql has no test block"
    # dbt enables the `do` statement (jinja2.ext.do) in every template
    return jinja2.Environment(extensions=["jinja2.ext.do"]).from_string(body.group(1)).render(**arguments)


@pytest.fixture
def connection() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(
        "create table wards as select * from (values ('E05000001', 1, 'a'), ('E05000002', null, 'b'), "
        "('E05000003', null, null)) as rows (ward_code, score, label)"
    )
    yield connection
    connection.close()


def test_not_null_columns_names_each_column_with_nulls_and_counts_them(connection: duckdb.DuckDBPyConnection) -> None:
    sql = render_generic_test("not_null_columns", model="wards", columns=["ward_code", "score", "label"])
    assert connection.execute(sql + " order by column_name").fetchall() == [("label", 1), ("score", 2)]


def test_not_null_columns_passes_when_the_listed_columns_are_complete(connection: duckdb.DuckDBPyConnection) -> None:
    sql = render_generic_test("not_null_columns", model="wards", columns=["ward_code"])
    assert connection.execute(sql).fetchall() == []


def test_not_null_columns_passes_on_an_empty_model(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("create table no_wards as select * from wards where false")
    sql = render_generic_test("not_null_columns", model="no_wards", columns=["ward_code", "score"])
    assert connection.execute(sql).fetchall() == []


RECORDS = ("create table records as select * from (values "
           "(1, 'F', '0-15', 0, true), (2, 'M', '65+', 3, true), (3, null, '16-24', 1, true)) "
           "as rows (pseudo_id, sex, age_band, admissions, is_synthetic)")
RULES = {"not_null": ["pseudo_id", "age_band"],
         "accepted_values": {"sex": ["F", "M"], "age_band": ["0-15", "16-24", "65+"], "is_synthetic": [True]},
         "min_values": {"admissions": 0}}


def test_column_rules_passes_when_every_rule_holds_and_nulls_pass_values_and_minimums() -> None:
    connection = duckdb.connect()
    connection.execute(RECORDS)
    assert connection.execute(render_generic_test("column_rules", model="records", **RULES)).fetchall() == []


@pytest.mark.parametrize("bad_row,expected", [
    ("(4, 'F', null, 0, true)", [("not_null", "age_band", 1)]),
    ("(null, 'F', '0-15', 0, true)", [("not_null", "pseudo_id", 1)]),
    ("(4, 'X', '0-15', 0, true)", [("accepted_values", "sex", 1)]),
    ("(4, 'F', '35-49', 0, true)", [("accepted_values", "age_band", 1)]),
    ("(4, 'F', '0-15', 0, false)", [("accepted_values", "is_synthetic", 1)]),
    ("(4, 'F', '0-15', -1, true)", [("min_value", "admissions", 1)]),
    ("(null, 'X', '0-15', -2, true)", [("accepted_values", "sex", 1), ("min_value", "admissions", 1),
                                       ("not_null", "pseudo_id", 1)]),
])
def test_column_rules_fails_on_the_rows_each_separate_test_failed_on(bad_row: str, expected: list) -> None:
    """Each rule fails on the same bad data as the per-column test it replaced (not_null, accepted_values,
    accepted_range with min_value), and names the rule, the column and the rows."""
    connection = duckdb.connect()
    connection.execute(RECORDS)
    connection.execute(f"insert into records values {bad_row}")
    sql = render_generic_test("column_rules", model="records", **RULES)
    assert sorted(connection.execute(sql).fetchall()) == sorted(expected)
    # the per-column tests it replaced (dbt's not_null and accepted_values, the project's accepted_range) fail
    # on exactly these rules, each with the same rows
    separate = {("not_null", column): f"{column} is null" for column in RULES["not_null"]}
    separate |= {("accepted_values", column): f"{column} not in ({', '.join(repr(value) for value in values)})"
                 for column, values in RULES["accepted_values"].items()}
    separate |= {("min_value", column): f"{column} is not null and ({column} < {minimum})"
                 for column, minimum in RULES["min_values"].items()}
    failing = {rule: connection.execute(f"select count(*) from records where {where}").fetchone()[0]
               for rule, where in separate.items()}
    assert {rule: count for rule, count in failing.items() if count} == {
        (rule, column): count for rule, column, count in expected}
