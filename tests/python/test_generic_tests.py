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
    return jinja2.Template(body.group(1)).render(**arguments)


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
