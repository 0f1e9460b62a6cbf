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
    "dbt": type("Dbt", (), {"type_bigint": staticmethod(lambda: "bigint")}),
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


def test_row_rules_primary_key_fails_on_nulls_and_on_rows_sharing_a_key(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        "create table keyed as select * from (values ('a', 1), ('a', 1), ('a', 2), ('b', 1), ('b', 1), ('b', 1), "
        "(null, 1), (null, 1), ('c', null)) as rows (code, period)"
    )
    # the rows sharing a key are counted (2 + 3), not the keys; keys with a null are the not_null rules'
    assert failing_rules(connection, "keyed", primary_key=["code", "period"]) == {
        "not_null code (primary key)": 2, "not_null period (primary key)": 1, "primary_key (code, period) duplicated": 5}
    assert failing_rules(connection, "wards", primary_key=["ward_code"]) == {}
    assert failing_rules(connection, "wards", primary_key=["label"]) == {"not_null label (primary key)": 1}


def test_row_rules_relationships_count_child_rows_whose_value_the_parent_lacks(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    connection.execute("create table parents as select * from (values ('E05000001'), ('E05000001'), (null)) as rows (code)")
    # E05000002 and E05000003 have no parent; a null child passes; a parent value held twice matches once
    assert failing_rules(connection, "wards", relationships=[{"column": "ward_code", "to": "parents", "field": "code"}]) == {
        "relationships ward_code -> parents.code": 2}
    connection.execute("insert into parents values ('E05000002'), ('E05000003')")
    assert failing_rules(connection, "wards", relationships=[{"column": "ward_code", "to": "parents", "field": "code"}]) == {}


def test_row_rules_with_a_where_apply_to_those_rows_only(connection: duckdb.DuckDBPyConnection) -> None:
    # as the test's config `where`: rows where the condition is false or null are not checked
    assert failing_rules(connection, "wards", not_null=[{"column": "label", "where": "score is null"},
                                                        {"column": "score", "where": "label = 'a'"}]) == {
        "not_null label (where score is null)": 1}
    assert failing_rules(connection, "wards", expression_is_true=[
        {"expression": "score >= 1", "where": "label is not null"}, "ward_code <> 'E05000003'"]) == {
        "expression_is_true score >= 1 (where label is not null)": 1, "expression_is_true ward_code <> 'E05000003'": 1}
    assert failing_rules(connection, "wards", accepted_values=[{"column": "label", "values": ["a"], "where": "score = 1"}],
                         accepted_range=[{"column": "score", "min_value": 5, "where": "label = 'b'"}],
                         relationships=[{"column": "ward_code", "to": "wards", "field": "label",
                                         "where": "ward_code <> 'E05000001'"}]) == {
        "relationships ward_code -> wards.label (where ward_code <> 'E05000001')": 2}


def test_row_rules_without_a_rule_is_an_error(connection: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="give at least one rule"):
        render_generic_test("row_rules", model="wards")


@pytest.mark.parametrize("seed", range(25))
def test_row_rules_fail_exactly_where_the_per_column_tests_fail(
    connection: duckdb.DuckDBPyConnection, seed: int,
) -> None:
    """The folded rules keep the meaning of the tests they replaced: on random data with nulls, each rule fails
    exactly when its own test (not_null, unique, unique_combination_of_columns, accepted_values, accepted_range,
    relationships, expression_is_true) finds rows."""
    connection.execute(f"select setseed({seed / 25})")
    connection.execute(
        "create or replace table sample as select "
        "case when random() < 0.15 then null else (random() * 12)::integer end as band, "
        "case when random() < 0.15 then null else ['a', 'b', 'c'][1 + (random() * 2.99)::integer] end as label "
        f"from range({1 + seed % 7})"
    )
    connection.execute("create or replace table bands as select range as band from range(1 + 8 * random()::integer)")
    separate = {
        "not_null band": "select * from sample where band is null",
        "not_null label (where band > 6)": "select * from (select * from sample where band > 6) as dbt_subquery "
                                           "where label is null",
        "expression_is_true band < 9 (where label = 'c')": render_generic_test(
            "expression_is_true", model="(select * from sample where label = 'c') as dbt_subquery",
            expression="band < 9"),
        "not_null band (primary key)": "select * from sample where band is null",
        "not_null label (primary key)": "select * from sample where label is null",
        # dbt's unique and the project's compound key, over the rows whose key has no null (as in the build,
        # where the key's columns are also not null): the rows of a duplicated key
        "primary_key (band, label) duplicated": "select * from sample inner join ("
        + render_generic_test("unique_combination_of_columns", model="(select * from sample where band is not null "
                              "and label is not null)", combination_of_columns=["band", "label"])
        + ") as duplicated using (band, label)",
        "relationships band -> bands.band": "select * from sample as child left join bands as parent "
                                            "on child.band = parent.band where child.band is not null "
                                            "and parent.band is null",
        "accepted_values label": "select * from sample where label not in ('a', 'b')",
        "accepted_range band": render_generic_test("accepted_range", model="sample", column_name="band",
                                                   min_value=1, max_value=10),
        "expression_is_true band < 11": render_generic_test("expression_is_true", model="sample",
                                                            expression="band < 11"),
    }
    expected = {rule: len(connection.execute(sql).fetchall()) for rule, sql in separate.items()}
    assert failing_rules(
        connection, "sample", primary_key=["band", "label"],
        not_null=["band", {"column": "label", "where": "band > 6"}],
        accepted_values=[{"column": "label", "values": ["a", "b"]}],
        accepted_range=[{"column": "band", "min_value": 1, "max_value": 10}],
        relationships=[{"column": "band", "to": "bands", "field": "band"}],
        expression_is_true=["band < 11", {"expression": "band < 9", "where": "label = 'c'"}],
    ) == {rule: rows for rule, rows in expected.items() if rows}
