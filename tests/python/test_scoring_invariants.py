"""Invariants of the real scoring SQL, checked with hypothesis: the project's scoring models and macros are
rendered (jinja, as dbt does) and run in an in-memory DuckDB on generated frameworks and values."""

from __future__ import annotations

import os
import random

import duckdb
import jinja2
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from spi.project import PROJECT_DIR

pytestmark = pytest.mark.unit


MACROS = (PROJECT_DIR / "macros" / "spi_scoring.sql").read_text()
SCORING = PROJECT_DIR / "models" / "intermediate" / "scoring"
# examples per property: 50 (`make test`); `make test-fast` sets SPI_PROPERTY_EXAMPLES=10 to stay under a minute
EXAMPLES = int(os.environ.get("SPI_PROPERTY_EXAMPLES", "50"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])


def render_model(name: str, refs: dict[str, str]) -> str:
    """The model's SQL with ref() pointing at the given tables and the project's scoring macros."""
    template = jinja2.Environment().from_string(MACROS + (SCORING / f"{name}.sql").read_text())
    return template.render(ref=lambda model: refs[model], config=lambda **_: "")


INDICATOR_SQL = render_model("int_indicator_scores_computed", {
    "int_framework_indicators_selected": "framework", "int_area_indicator_values_selected": "area_values"})
COMPONENT_SQL = render_model("int_component_scores_computed", {
    "int_indicator_scores_imputed": "indicator_scores", "int_framework_indicators_selected": "framework"})

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def frameworks(draw):
    """One component of 2-4 indicators with random bounds, directions, transforms and weights summing to 1."""
    size = draw(st.integers(min_value=2, max_value=4))
    rows = []
    raw_weights = [draw(st.integers(min_value=1, max_value=10)) for _ in range(size)]
    for index in range(size):
        transform = draw(st.sampled_from(["none", "sqrt", "log"]))
        bounds = positive if transform != "none" else finite
        low = draw(bounds)
        high = draw(bounds.filter(lambda value, low=low: abs(value - low) > 1e-3 * max(1.0, abs(low))))
        higher_is_better = draw(st.booleans())
        best, worst = (max(low, high), min(low, high)) if higher_is_better else (min(low, high), max(low, high))
        rows.append((f"i{index}", "Basic Human Needs", "Shelter", raw_weights[index] / sum(raw_weights),
                     best, worst, transform))
    return rows


def _values(draw, framework, areas: int):
    rows = []
    for area in range(areas):
        for indicator, *_, best, worst, transform in framework:
            low, high = min(best, worst), max(best, worst)
            span = high - low
            # the transform's domain: log needs a positive value, sqrt a non-negative one
            floor = {"none": low - span, "sqrt": 0.0, "log": low / 10}[transform]
            strategy = st.floats(min_value=max(low - span, floor), max_value=high + span, allow_nan=False)
            rows.append((f"E0500000{area}", 2025, indicator, draw(strategy)))
    return rows


def _connection(framework, values) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("create table framework (indicator_id varchar, dimension varchar, component varchar, "
                       "weight double, best double, worst double, transform varchar)")
    connection.executemany("insert into framework values (?, ?, ?, ?, ?, ?, ?)", framework)
    connection.execute("create table area_values (area_code varchar, period integer, indicator_id varchar, "
                       "value double)")
    connection.executemany("insert into area_values values (?, ?, ?, ?)", values)
    connection.execute(f"create table indicator_scores as {INDICATOR_SQL}")
    connection.execute(f"create table component_scores as {COMPONENT_SQL}")
    return connection


def _scores(connection, table: str) -> list[tuple]:
    return connection.execute(f"select * from {table} order by all").fetchall()


@SETTINGS
@given(data=st.data())
def test_scores_never_leave_0_to_100(data) -> None:
    framework = data.draw(frameworks())
    connection = _connection(framework, _values(data.draw, framework, areas=3))
    low, high = connection.execute("select min(score), max(score) from indicator_scores").fetchone()
    assert 0 <= low <= high <= 100
    low, high = connection.execute("select min(score), max(score) from component_scores").fetchone()
    assert 0 <= low <= high <= 100 + 1e-9


@SETTINGS
@given(data=st.data())
def test_improving_an_indicator_never_lowers_its_component(data) -> None:
    framework = data.draw(frameworks())
    values = _values(data.draw, framework, areas=1)
    which = data.draw(st.integers(min_value=0, max_value=len(framework) - 1))
    _, _, _, _, best, worst, _ = framework[which]
    area, period, indicator, value = values[which]
    step = data.draw(st.floats(min_value=0, max_value=abs(best - worst), allow_nan=False))
    floor = {"none": value - step, "sqrt": 0.0, "log": min(best, worst) / 10}[framework[which][6]]
    improved = value + step if best > worst else max(value - step, min(floor, value))
    better = list(values)
    better[which] = (area, period, indicator, improved)
    before = _connection(framework, values).execute("select score from component_scores").fetchone()[0]
    after = _connection(framework, better).execute("select score from component_scores").fetchone()[0]
    assert after >= before - 1e-9


@SETTINGS
@given(data=st.data(), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_reordering_input_rows_changes_nothing(data, seed: int) -> None:
    framework = data.draw(frameworks())
    values = _values(data.draw, framework, areas=4)
    shuffled_values, shuffled_framework = list(values), list(framework)
    random.Random(seed).shuffle(shuffled_values)
    random.Random(seed + 1).shuffle(shuffled_framework)
    first = _connection(framework, values)
    second = _connection(shuffled_framework, shuffled_values)
    for table in ("indicator_scores", "component_scores"):
        # the same rows; numbers equal up to summation order (scores are published to 10 decimals, and a sum in
        # another order can land either side of a rounding boundary: 1e-10 apart)
        before, after = _scores(first, table), _scores(second, table)
        assert len(before) == len(after)
        for row_before, row_after in zip(before, after, strict=True):
            for one, other in zip(row_before, row_after, strict=True):
                if isinstance(one, float) and isinstance(other, float):
                    assert abs(one - other) <= 1e-9, (row_before, row_after)
                else:
                    assert one == other, (row_before, row_after)


@settings(max_examples=min(EXAMPLES, 10), deadline=None)
@given(data=st.data())
def test_same_inputs_give_byte_identical_exports(data, tmp_path_factory: pytest.TempPathFactory) -> None:
    framework = data.draw(frameworks())
    values = _values(data.draw, framework, areas=3)
    folder = tmp_path_factory.mktemp("exports")
    written = []
    for run, rows in enumerate((values, list(reversed(values)))):
        connection = _connection(framework, rows)
        for table in ("indicator_scores", "component_scores"):
            for file_format in ("csv", "parquet"):
                path = folder / f"{run}-{table}.{file_format}"
                connection.execute(f"copy (select * from {table} order by all) to '{path}' (format {file_format})")
                written.append((run, table, file_format, path.read_bytes()))
    first = [(table, fmt, content) for run, table, fmt, content in written if run == 0]
    second = [(table, fmt, content) for run, table, fmt, content in written if run == 1]
    assert first == second
