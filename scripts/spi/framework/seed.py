"""Reads the framework seed and rewrites one of its columns in place, leaving every other byte as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from spi.project import PROJECT_DIR

FRAMEWORK_SEED = PROJECT_DIR / "seeds" / "framework" / "ward_framework.csv"
DIAGNOSTICS_SEED = PROJECT_DIR / "seeds" / "framework" / "framework_weight_diagnostics.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _field_spans(text: str) -> list[list[tuple[int, int]]]:
    """(start, end) offsets of every field of every record of a CSV text (RFC 4180 quoting, fields may
    contain commas, quotes and newlines), so single fields can be replaced without re-serialising."""
    records: list[list[tuple[int, int]]] = []
    fields: list[tuple[int, int]] = []
    start = 0
    in_quotes = False
    position = 0
    while position < len(text):
        char = text[position]
        if in_quotes:
            if char == '"':
                if text.startswith('""', position):
                    position += 1
                else:
                    in_quotes = False
        elif char == '"':
            in_quotes = True
        elif char == ",":
            fields.append((start, position))
            start = position + 1
        elif char in "\r\n":
            fields.append((start, position))
            records.append(fields)
            fields = []
            if text.startswith("\r\n", position):
                position += 1
            start = position + 1
        position += 1
    if start < len(text) or fields:
        fields.append((start, len(text)))
        records.append(fields)
    return records


def replace_column(path: Path, key_column: str, column: str, values: dict[str, str]) -> int:
    """Set `column` to values[key] in the rows whose `key_column` is a key of `values`; every other byte of
    the file stays the same. Returns the number of fields changed. Every key must name a row."""
    text = path.read_bytes().decode("utf-8")
    records = _field_spans(text)
    header = next(csv.reader(io.StringIO(text[records[0][0][0] : records[0][-1][1]])))
    if key_column not in header or column not in header:
        raise ValueError(f"{path}: header has no {key_column!r} or {column!r} column")
    key_index, column_index = header.index(key_column), header.index(column)
    replacements: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for line_number, spans in enumerate(records[1:], start=2):
        if len(spans) != len(header):
            raise ValueError(f"{path}: row {line_number} has {len(spans)} fields, the header {len(header)}")
        key = next(csv.reader([text[spans[key_index][0] : spans[key_index][1]]]))[0]
        if key in values:
            seen.add(key)
            start, end = spans[column_index]
            if text[start:end] != values[key]:
                replacements.append((start, end, values[key]))
    missing = sorted(set(values) - seen)
    if missing:
        raise ValueError(f"{path}: no row with {key_column} = {', '.join(missing)}")
    for start, end, value in sorted(replacements, reverse=True):
        text = text[:start] + value + text[end:]
    path.write_bytes(text.encode("utf-8"))
    return len(replacements)


def write_rows(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    """Write a small seed CSV (LF line endings, minimal quoting)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
