"""Every model, macro and dbt test is sqlfluff clean under the project's .sqlfluff (duckdb dialect)."""

from __future__ import annotations

from sqlfluff.core import FluffConfig, Linter
import pytest

from spi.project import PROJECT_DIR

pytestmark = pytest.mark.build


LINTED_FOLDERS = ("models", "macros", "tests/dbt")


def test_sql_is_lint_clean() -> None:
    config = FluffConfig.from_path(str(PROJECT_DIR))
    records = (
        Linter(config=config)
        .lint_paths(tuple(str(PROJECT_DIR / folder) for folder in LINTED_FOLDERS))
        .as_records()
    )
    violations = [
        f"{record['filepath']}:{item['start_line_no']} {item['code']} {item['description']}"
        for record in records
        for item in record["violations"]
    ]
    assert len(records) > 40, "the linter found too few SQL files: is the path right?"
    assert violations == []
