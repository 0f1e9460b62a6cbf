"""A fast proof that an engine values file breaks none of the rules of spi.framework.files, read by DuckDB.

`spi score`'s values files have 100,000s of rows: reading them into Python rows costs seconds. DuckDB reads
the file once and tests every row against the same rules, written conservatively in SQL: a row passes only if
it plainly satisfies every rule (a non-blank area code without surrounding space, a YYYY period, an indicator
of the framework, an empty or plain decimal value within +-1e15 and its transform's domain, a key seen once),
and the file only if it is a UTF-8, comma-separated, rectangular CSV with the required columns named once and no
over-long field. Anything else - a broken rule, or merely something the screen does not decide (a Unicode
space, a quote in the header, a value Python reads but the pattern does not) - sends the file to the full
Python check, which stays the one rule set and gives every error with its exact message and line.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Mapping

import duckdb

from spi.validation.file_checks import FORMATS, MAX_FIELD_CHARACTERS, _COMPRESSED, _duplicates

# a field with a visible ASCII character at each end: no space (of any kind) to strip, not blank
_TRIMMED = "[!-~](.*[!-~])?"
# a decimal number as Python's float() and DuckDB's cast read it alike (no inf, nan, underscores or space)
_PLAIN_NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"


def values_file_is_clean(path: Path, transform_of: Mapping[str, str], required: tuple[str, ...],
                         max_abs_value: float) -> bool:
    """True only if the values file at `path` certainly breaks no rule; False means "run the full check"."""
    header = _plain_header(path, required)
    if header is None:
        return False
    connection = duckdb.connect()
    try:
        return _rows_are_clean(connection, path, header, transform_of, max_abs_value)
    except duckdb.Error:  # not UTF-8, ragged, bad quoting...: the full check says which line and why
        return False
    finally:
        connection.close()


def _plain_header(path: Path, required: tuple[str, ...]) -> list[str] | None:
    """The header of a plain CSV file whose file-level checks pass on its first line, else None."""
    if path.is_symlink() or not path.is_file() or path.suffix.lower() not in FORMATS or path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as handle:
        first = handle.readline(MAX_FIELD_CHARACTERS + 2)
    if not first.endswith(b"\n") or any(first.startswith(magic) for magic in _COMPRESSED) or first.startswith(
            b"\xef\xbb\xbf"):
        return None
    try:
        text = first.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        return None
    if any(character in text for character in '"\r\0'):
        return None
    header = text.split(",")
    names = set(header)
    if any(column not in names for column in required) or _duplicates(header) is not None:
        return None
    return header


def _rows_are_clean(connection: duckdb.DuckDBPyConnection, path: Path, header: list[str],
                    transform_of: Mapping[str, str], max_abs_value: float) -> bool:
    quoted = "'" + str(path).replace("'", "''") + "'"
    connection.execute(
        f"create temp view values_file as select * from read_csv({quoted}, header = true, all_varchar = true, "
        "delim = ',', quote = '\"', escape = '\"', comment = '', strict_mode = true, null_padding = false, "
        "encoding = 'utf-8')")
    if connection.sql("select * from values_file limit 0").columns != header:
        return False
    fields = " or ".join(
        f"strlen(coalesce(values_file.{_identifier(name)}, '')) > {MAX_FIELD_CHARACTERS} "
        f"or contains(coalesce(values_file.{_identifier(name)}, ''), chr(0))" for name in header)
    number = "try_cast(values_file.value as double)"
    # the framework as literals: a Python list as a query parameter makes DuckDB import pandas (0.8 s)
    rows = ", ".join(f"({_text(indicator)}, {_text(transform)})" for indicator, transform in transform_of.items())
    if not rows:
        return False
    query = f"""
        with framework as (
            select * from (values {rows}) as framework (indicator_id, transform)
        ),
        checked as (
            select
                values_file.area_code,
                values_file.period,
                values_file.indicator_id,
                ({fields})
                or values_file.area_code is null or not regexp_full_match(values_file.area_code, '{_TRIMMED}')
                or values_file.period is null or not regexp_full_match(values_file.period, '[0-9]{{4}}')
                or framework.indicator_id is null
                or (
                    values_file.value is not null and values_file.value <> ''
                    and (
                        not regexp_full_match(values_file.value, '{_PLAIN_NUMBER}')
                        or {number} is null
                        or not isfinite({number})
                        or abs({number}) > {max_abs_value!r}
                        or (framework.transform = 'log' and {number} <= 0)
                        or (framework.transform = 'sqrt' and {number} < 0)
                    )
                ) as is_suspect
            from values_file
            left join framework on values_file.indicator_id = framework.indicator_id
        )
        select
            sum(n) as n_rows,
            sum(n_suspect) as n_suspect,
            count(*) filter (where n > 1) as n_repeated_keys
        from (
            select count(*) as n, count(*) filter (where is_suspect) as n_suspect
            from checked
            group by area_code, period, indicator_id
        ) as keys
    """
    row = connection.execute(query).fetchone()
    if row is None:
        return False
    n_rows, n_suspect, n_repeated = row
    return bool(n_rows) and n_suspect == 0 and n_repeated == 0


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
