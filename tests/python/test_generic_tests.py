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


MACROS = PROJECT_DIR / "macros"


def _macro(name: str) -> object:
    """A project macro (macros/<name>.sql) as a plain Jinja callable."""
    return getattr(jinja2.Environment(extensions=["jinja2.ext.do"]).from_string((MACROS / f"{name}.sql").read_text()).module, name)


def _raise(message: str) -> None:
    raise ValueError(message)


# what dbt's context gives a test body that these tests use: the macros and dbt's cross-database quote escaping
DBT_CONTEXT = {
    "out_of_range_condition": _macro("out_of_range_condition"),
    "escape_single_quotes": lambda text: text.replace("'", "''"),
    "exceptions": type("Exceptions", (), {"raise_compiler_error": staticmethod(_raise)}),
}


def render_generic_test(name: str, **arguments: object) -> str:
    source = (GENERIC_TESTS / f"{name}.sql").read_text()
    body = re.search(r"{%\s*test\s+\w+\(.*?\)\s*%}(.*){%\s*endtest\s*%}", source, re.S)
    assert body, f"{name}.sql has no test block"
    signature = re.search(r"{%\s*test\s+\w+\((.*?)\)\s*%}", source, re.S)
    assert signature
    # the test's own defaults (e.g. row_rules' empty rule lists), as dbt applies them
    defaults = {
        parameter.split("=")[0].strip(): [] for parameter in signature.group(1).split(",") if "=[]" in parameter
    }
    template = jinja2.Environment(extensions=["jinja2.ext.do"]).from_string(body.group(1))
    return template.render(**{**DBT_CONTEXT, **defaults, **arguments})


@pytest.fixture
def connection() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(
        "create table wards as select * from (values ('E05000001', 1, 'a'), ('E05000002', null, 'b'), "
        "('E05000003', null, null)) as rows (ward_code, score, label)"
    )
    yield connection
    connection.close()


def failing_rules(connection: duckdb.DuckDBPyConnection, model: str, **rules: object) -> dict[str, int]:
    sql = render_generic_test("row_rules", model=model, **rules)
    return dict(connection.execute(sql).fetchall())


def test_row_rules_not_null_names_each_column_with_nulls_and_counts_them(connection: duckdb.DuckDBPyConnection) -> None:
    assert failing_rules(connection, "wards", not_null=["ward_code", "score", "label"]) == {
        "not_null score": 2, "not_null label": 1}


def test_row_rules_pass_when_every_rule_holds(connection: duckdb.DuckDBPyConnection) -> None:
    assert failing_rules(
        connection, "wards", not_null=["ward_code"],
        accepted_values=[{"column": "label", "values": ["a", "b"]}],
        accepted_range=[{"column": "score", "min_value": 0, "max_value": 1}],
        expression_is_true=["ward_code like 'E05%'"],
    ) == {}


def test_row_rules_pass_on_an_empty_model(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("create table no_wards as select * from wards where false")
    assert failing_rules(connection, "no_wards", not_null=["ward_code"], expression_is_true=["score > 5"]) == {}


def test_row_rules_accepted_values_quote_text_and_keep_booleans_and_nulls(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    connection.execute(
        "create table flags as select * from (values ('it''s', true, 1), ('b', false, 2), (null, null, null))"
        " as rows (label, is_flag, band)"
    )
    assert failing_rules(connection, "flags", accepted_values=[
        {"column": "label", "values": ["it's"]},  # an apostrophe is escaped, not a syntax error
        {"column": "is_flag", "values": [True]},  # a SQL boolean, not the text 'True'
        {"column": "band", "values": [1, 2], "quote": False},
    ]) == {"accepted_values label": 1, "accepted_values is_flag": 1}


def test_row_rules_accepted_range_counts_rows_outside_and_lets_nulls_pass(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    connection.execute("create table scores as select * from (values (-1.0), (0.0), (100.0), (100.5), (null)) as rows (score)")
    assert failing_rules(connection, "scores", accepted_range=[{"column": "score", "min_value": 0, "max_value": 100}]) == {
        "accepted_range score": 2}
    assert failing_rules(connection, "scores", accepted_range=[{"column": "score", "min_value": 0}]) == {
        "accepted_range score": 1}


def test_row_rules_expression_fails_where_it_is_false_or_null(connection: duckdb.DuckDBPyConnection) -> None:
    # as expression_is_true: a null result is a failure (score is null in two rows, below 1 in none)
    assert failing_rules(connection, "wards", expression_is_true=["score >= 1", "label <> 'z'"]) == {
        "expression_is_true score >= 1": 2, "expression_is_true label <> 'z'": 1}


def test_row_rules_without_a_rule_is_an_error(connection: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="give at least one rule"):
        render_generic_test("row_rules", model="wards")


@pytest.mark.parametrize("seed", range(25))
def test_row_rules_fail_exactly_where_the_per_column_tests_fail(
    connection: duckdb.DuckDBPyConnection, seed: int,
) -> None:
    """The folded rules keep the meaning of the tests they replaced: on random data with nulls, each rule fails
    exactly when its own test (not_null, accepted_values, accepted_range, expression_is_true) finds rows."""
    connection.execute(f"select setseed({seed / 25})")
    connection.execute(
        "create or replace table sample as select "
        "case when random() < 0.15 then null else (random() * 12)::integer end as band, "
        "case when random() < 0.15 then null else ['a', 'b', 'c'][1 + (random() * 2.99)::integer] end as label "
        f"from range({1 + seed % 7})"
    )
    separate = {
        "not_null band": "select * from sample where band is null",
        "accepted_values label": "select * from sample where label not in ('a', 'b')",
        "accepted_range band": render_generic_test("accepted_range", model="sample", column_name="band",
                                                   min_value=1, max_value=10),
        "expression_is_true band < 11": render_generic_test("expression_is_true", model="sample",
                                                            expression="band < 11"),
    }
    expected = {rule: len(connection.execute(sql).fetchall()) for rule, sql in separate.items()}
    assert failing_rules(
        connection, "sample", not_null=["band"], accepted_values=[{"column": "label", "values": ["a", "b"]}],
        accepted_range=[{"column": "band", "min_value": 1, "max_value": 10}], expression_is_true=["band < 11"],
    ) == {rule: rows for rule, rows in expected.items() if rows}
