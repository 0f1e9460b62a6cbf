"""What `spi build` asks dbt to run: the data's tests every build; the tests of the SQL itself (dbt's unit
tests, the statistics macros' reference checks, tag code_check) only with --code-tests, which the test session's
shared build uses, so `make test` and CI still run them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from spi.commands.build import dbt_build_command


@pytest.mark.unit
def test_a_build_leaves_the_code_tests_to_make_test() -> None:
    command = dbt_build_command(Path("target/icb_wd25"), None, artifacts=False, code_tests=False)
    assert command == ["build", "--target-path", "target/icb_wd25", "--no-write-json",
                       "--exclude-resource-type", "unit_test", "--exclude", "tag:code_check"]
    with_code = dbt_build_command(Path("t"), ["+fct_ward_spi"], artifacts=True, code_tests=True)
    assert with_code == ["build", "--target-path", "t", "--select", "+fct_ward_spi"]


@pytest.mark.build
def test_the_session_build_ran_the_code_tests(marts: duckdb.DuckDBPyConnection) -> None:
    # the PHEindicatormethods fixtures are seeds of the code checks: loaded only by a build that ran them
    tables = {name for (name,) in marts.execute(
        "select table_name from information_schema.tables where table_schema = 'reference'").fetchall()}
    assert {"pim_sii", "pim_funnel_proportion_limits", "pim_byars_wilson"} <= tables
