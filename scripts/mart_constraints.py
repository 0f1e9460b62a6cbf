"""Turn mart columns' `not_null` and literal `accepted_range` data tests into enforced contract constraints.

Usage: python scripts/mart_constraints.py [--check] [FILE.yml ...]   (default: every models/marts/*.yml)

Marts have enforced contracts, and DuckDB enforces `not null` and `check` constraints when dbt creates the table:
a null, or a value outside the range, fails the model's build with the table, column and rule named, as the
data test failed the build after it. The constraint costs nothing extra, while each data test is one more dbt
node (its own compile, query and result: about 25 ms of dbt's time each, over 300 of them in the marts), and
it stays beside the column in the .yml and in dbt docs, where BI users read it.

Converted: a column's plain `not_null` (no config; a column that also has `unique` keeps both, its primary-key
test), and `accepted_range` whose arguments are numeric `min_value`/`max_value` literals (no config, no
`inclusive`), which becomes `check (col >= min and col <= max)`, and `accepted_values` of plain text values,
which becomes `check (col in ('a', 'b'))` (nulls pass both checks, as they pass the tests). Anything else
(warn severity, `where`, Jinja values or bounds) stays a data test. Every mart with a constraint also gets one model-level `contract_constraints_hold` test, enabled where
target.type is not duckdb: Spark does not enforce constraints on Parquet tables, so there the same rules run as
one query per mart. `--check` lists what would change and exits 1 if
anything would (for CI or pre-commit); without it the files are rewritten in place, keeping every other line.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
MARTS_DIR = PROJECT_DIR / "models" / "marts"
_NAME = re.compile(r"^(\s*)- name: (\w+)\s*$")


@dataclass
class Column:
    name: str
    indent: int  # indentation of the column's keys (name, data_tests, constraints)
    lines: list[str]
    constraints: list[str] = field(default_factory=list)  # constraint items to add, as YAML lines


def _number(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return repr(value)


def _range_check(column: str, test: object) -> str | None:
    """The check expression of an accepted_range test, or None if it is not a plain literal range."""
    if not isinstance(test, dict) or set(test) != {"accepted_range"}:
        return None
    body = test["accepted_range"]
    if not isinstance(body, dict) or set(body) != {"arguments"} or not isinstance(body["arguments"], dict):
        return None
    arguments = body["arguments"]
    if not arguments or set(arguments) - {"min_value", "max_value"}:
        return None
    parts = []
    for key, operator in (("min_value", ">="), ("max_value", "<=")):
        if key in arguments:
            number = _number(arguments[key])
            if number is None:
                return None
            parts.append(f"{column} {operator} {number}")
    return " and ".join(parts)


def _values_check(column: str, test: object) -> str | None:
    """The check expression of an accepted_values test of plain text values, or None."""
    if not isinstance(test, dict) or set(test) != {"accepted_values"}:
        return None
    body = test["accepted_values"]
    if not isinstance(body, dict) or set(body) != {"arguments"} or not isinstance(body["arguments"], dict):
        return None
    values = body["arguments"].get("values")
    if set(body["arguments"]) != {"values"} or not isinstance(values, list) or not values:
        return None
    if not all(isinstance(value, str) and not re.search(r"[{}'\"\\%]", value) for value in values):
        return None
    return f"{column} in ({', '.join(repr(value) for value in values)})"


def _items(lines: list[str], start: int, indent: int) -> list[tuple[int, int]]:
    """(first, end) line spans of the list items under the key at `start` (items at indent + 2)."""
    spans: list[tuple[int, int]] = []
    index = start + 1
    while index < len(lines):
        text = lines[index]
        stripped = text.lstrip(" ")
        current = len(text) - len(stripped)
        if stripped and current <= indent:
            break
        if stripped.startswith("- ") and current == indent + 2:
            spans.append((index, index + 1))
        elif spans:
            spans[-1] = (spans[-1][0], index + 1)
        index += 1
    return spans


def convert_column(column: Column) -> bool:
    """Rewrite the column's lines; True if anything changed."""
    pad = " " * column.indent
    document = yaml.safe_load("\n".join(line[column.indent:] if line.startswith(pad) else line.lstrip()
                                        for line in column.lines)) or {}
    tests = document.get("data_tests") or []
    existing = [item.get("type") for item in document.get("constraints") or [] if isinstance(item, dict)]
    has_unique = "unique" in tests
    keep: list[object] = []
    add: list[str] = []  # constraint items, as lines relative to the column's indentation
    for test in tests:
        if test == "not_null" and not has_unique:
            if "not_null" not in existing:
                add.append("  - type: not_null")
            continue
        check = _range_check(column.name, test) or _values_check(column.name, test)
        if check is not None:
            add += ["  - type: check", f'    expression: "{check}"']
            continue
        keep.append(test)
    if len(keep) == len(tests):
        return False
    lines = column.lines
    start = next(index for index, line in enumerate(lines) if line.startswith(pad + "data_tests:"))
    inline = lines[start].split(":", 1)[1].strip()
    if inline:  # data_tests: [not_null, unique]
        rewritten = [f"{pad}data_tests: [{', '.join(str(test) for test in keep)}]"] if keep else []
        lines[start:start + 1] = rewritten
    else:
        spans = _items(lines, start, column.indent)
        kept_lines: list[str] = []
        for (first, end), test in zip(spans, tests, strict=True):
            if test in keep:
                kept_lines += lines[first:end]
        end = spans[-1][1] if spans else start + 1
        lines[start:end] = ([lines[start]] + kept_lines) if kept_lines else []
    constraint_at = next((index for index, line in enumerate(lines) if line.startswith(pad + "constraints:")), None)
    new = [pad + line for line in add]
    if not new:
        pass
    elif constraint_at is None:
        after = next((index for index, line in enumerate(lines) if line.startswith(pad + "data_type:")), 0)
        lines[after + 1:after + 1] = [pad + "constraints:"] + new
    else:
        spans = _items(lines, constraint_at, column.indent)
        insert = spans[-1][1] if spans else constraint_at + 1
        lines[insert:insert] = new
    return True


def convert_text(text: str) -> tuple[str, list[str]]:
    """The file's text with its mart columns converted, and the columns that changed."""
    lines = text.split("\n")
    out: list[str] = []
    changed: list[str] = []
    index = 0
    in_columns = False
    columns_indent = -1
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("columns:"):
            in_columns, columns_indent = True, indent
            out.append(line)
            index += 1
            continue
        match = _NAME.match(line)
        if in_columns and match and len(match.group(1)) == columns_indent + 2:
            end = index + 1
            while end < len(lines):
                following = lines[end]
                following_indent = len(following) - len(following.lstrip(" "))
                if following.strip() and following_indent <= len(match.group(1)):
                    break
                end += 1
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
            block = [line.replace("- name:", "  name:", 1)] + lines[index + 1:end]
            column = Column(name=match.group(2), indent=len(match.group(1)) + 2, lines=block)
            if any(entry.startswith(" " * column.indent + "data_tests:") for entry in block) and convert_column(column):
                changed.append(column.name)
            column.lines[0] = line
            out.extend(column.lines)
            index = end
            continue
        if stripped and indent <= columns_indent and not stripped.startswith("- name:"):
            in_columns = False
        out.append(line)
        index += 1
    return "\n".join(out), changed


SPARK_CHECK = "contract_constraints_hold"
_SPARK_CHECK_LINES = [
    f"      - {SPARK_CHECK}:",
    "          # Spark does not enforce constraints on Parquet tables: there this test checks them (DuckDB does)",
    "          config:",
    "            enabled: \"{{ target.type != 'duckdb' }}\"",
]


def with_spark_check(text: str) -> tuple[str, bool]:
    """The file's text with the contract_constraints_hold test on its model (once), if any column has a
    constraint; True if it was added."""
    if "constraints:" not in text or SPARK_CHECK in text:
        return text, False
    lines = text.split("\n")
    in_model = False
    for index, line in enumerate(lines):
        if line.startswith("  - name:"):
            in_model = True
        elif line and not line.startswith(" "):
            in_model = False
        if in_model and line == "    data_tests:":
            lines[index + 1:index + 1] = _SPARK_CHECK_LINES
            return "\n".join(lines), True
    raise ValueError("no model-level data_tests: block to add the Spark constraint check to")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="only list what would change; exit 1 if anything would")
    args = parser.parse_args()
    files = args.files or sorted(MARTS_DIR.glob("*.yml"))
    pending = 0
    for path in files:
        text = path.read_text()
        converted, changed = convert_text(text)
        converted, spark_check = with_spark_check(converted)
        if spark_check:
            changed.append(f"({SPARK_CHECK})")
        if not changed:
            continue
        pending += len(changed)
        assert yaml.safe_load(converted) is not None, path
        print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}: {', '.join(changed)}")
        if not args.check:
            path.write_text(converted)
    print(f"{pending} column(s) {'to convert' if args.check else 'converted'}", file=sys.stderr)
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
