"""Row-level rules for one source table, run in DuckDB on the file read as text (so types are checked here
and line numbers kept: the table's rowid is the file's row order)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from spi.framework.files import MAX_ABS_VALUE
from spi.validation.errors import ValidationError, display_path
from spi.validation.geography import GEOGRAPHIES, GSS_CODE
from spi.validation.periods import period_problem
from spi.validation.specs import SourceSpec
from spi.storage.queries import scalar
_NUMERIC_TYPES = {"double", "float", "real", "decimal", "numeric", "bigint", "integer", "int", "smallint", "hugeint"}
_INTEGER_TYPES = {"bigint", "integer", "int", "smallint", "hugeint"}


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_as_text(connection: duckdb.DuckDBPyConnection, path: Path, table: str = "checked") -> None:
    """Read the file into `table` with every column as text, in file order."""
    if path.suffix.lower() == ".parquet":
        query = f"select cast(columns(*) as varchar) from read_parquet({quote_literal(str(path))})"
    else:
        query = (
            f"select * from read_csv({quote_literal(str(path))}, all_varchar = true, header = true, "
            "delim = ',', quote = '\"', escape = '\"', null_padding = false)"
        )
    connection.execute(f"create or replace table {table} as {query}")


class TableChecker:
    """Runs every declared rule of one source against its file loaded as text."""

    def __init__(self, spec: SourceSpec, path: Path, connection: duckdb.DuckDBPyConnection,
                 lines: list[int] | None = None):
        self.spec = spec
        # the line each record starts on (a quoted field may hold line breaks); None: one record per line
        self.lines = lines
        self.path = path
        self.shown = display_path(path)
        self.connection = connection
        self.is_csv = path.suffix.lower() == ".csv"
        self.columns = {
            name.lower(): name for (name,) in connection.execute(
                "select column_name from information_schema.columns where table_name = 'checked' "
                "order by ordinal_position").fetchall()
        }

    # --- helpers -------------------------------------------------------------------------------------
    def _col(self, name: str) -> str:
        return quote_identifier(self.columns[name.lower()])

    def _has(self, name: str) -> bool:
        return name.lower() in self.columns

    def _key_sql(self) -> str:
        parts = [f"'{column}=' || coalesce(nullif(trim({self._col(column)}), ''), '''''')" for column in self.spec.key
                 if self._has(column)]
        return " || ', ' || ".join(parts) if parts else "''"

    def _line(self, rowid: int) -> int:
        if self.lines is not None and rowid < len(self.lines):
            return self.lines[rowid]
        return rowid + 2 if self.is_csv else rowid + 1

    def _rows(self, rule: str, where: str, message: str, value_sql: str = "null",
              value_is_rowid: bool = False) -> list[ValidationError]:
        """One error per row matching `where`; `message` may use {value} (a rowid shown as its line)."""
        rows = self.connection.execute(
            f"select rowid, {self._key_sql()}, {value_sql} from checked where {where} order by rowid"
        ).fetchall()
        return [
            ValidationError(
                self.shown, rule, message.format(value=self._line(value) if value_is_rowid else value),
                line=self._line(rowid),
                key=key.replace("=", " ") if key else None, line_kind="line" if self.is_csv else "row",
            )
            for rowid, key, value in rows
        ]

    # --- rules ---------------------------------------------------------------------------------------
    def missing_columns(self) -> list[ValidationError]:
        missing = [column for column in self.spec.columns if not self._has(column)]
        return [
            ValidationError(self.shown, "column-missing", f"required column '{column}' is missing "
                            f"(the staging model of {self.spec.name} reads it); the file has: "
                            f"{', '.join(self.columns.values())}", line=1 if self.is_csv else None)
            for column in missing
        ]

    def key_missing(self) -> list[ValidationError]:
        errors = []
        for column in self.spec.key:
            col = self._col(column)
            errors += self._rows("key-missing", f"{col} is null or trim({col}) = ''",
                                 f"key column '{column}' is empty")
        return errors

    def types(self) -> list[ValidationError]:
        errors = []
        for column, data_type in self.spec.columns.items():
            col = self._col(column)
            present = f"{col} is not null and trim({col}) <> ''"
            if data_type in _NUMERIC_TYPES:
                errors += self._rows("column-type", f"{present} and try_cast({col} as double) is null",
                                     f"'{column}' must be a number, found '{{value}}'", col)
                finite = f"{present} and (isnan(try_cast({col} as double)) or isinf(try_cast({col} as double)))"
                errors += self._rows("value-not-finite", finite,
                                     f"'{column}' is '{{value}}' (not a finite number); leave it empty if missing", col)
                huge = f"{present} and isfinite(try_cast({col} as double)) and abs(try_cast({col} as double)) > {MAX_ABS_VALUE!r}"
                errors += self._rows("value-out-of-range", huge,
                                     f"'{column}' is {{value}}, beyond +-{MAX_ABS_VALUE:g}: no indicator is that "
                                     "large, and sums of such values overflow; check the unit", col)
            if data_type in _INTEGER_TYPES:
                fractional = (f"{present} and isfinite(try_cast({col} as double)) "
                              f"and try_cast({col} as double) <> floor(try_cast({col} as double))")
                errors += self._rows("column-type", fractional, f"'{column}' must be a whole number, found '{{value}}'", col)
            if data_type == "boolean":
                errors += self._rows("column-type", f"{present} and try_cast({col} as boolean) is null",
                                     f"'{column}' must be true or false, found '{{value}}'", col)
        return errors

    def counts(self) -> list[ValidationError]:
        errors = []
        for column in self.spec.counts:
            col = self._col(column)
            number = f"try_cast({col} as double)"
            errors += self._rows("count-non-negative-integer",
                                 f"isfinite({number}) and ({number} < 0 or {number} <> floor({number}))",
                                 f"count '{column}' must be a whole number of 0 or more, found '{{value}}'", col)
        return errors

    def pairs(self) -> list[ValidationError]:
        errors = []
        for numerator, denominator in self.spec.pairs:
            top, bottom = (f"try_cast({self._col(c)} as double)" for c in (numerator, denominator))
            errors += self._rows("numerator-above-denominator", f"{top} > {bottom} and {top} >= 0 and {bottom} >= 0",
                                 f"'{numerator}' ({{value}}) is larger than its denominator '{denominator}'",
                                 f"{self._col(numerator)} || ' > ' || {self._col(denominator)}")
        return errors

    def ranges(self) -> list[ValidationError]:
        errors = []
        for columns, rule, high, word in ((self.spec.proportions, "proportion-range", 1, "a proportion"),
                                          (self.spec.percentages, "percentage-range", 100, "a percentage")):
            for column in columns:
                number = f"try_cast({self._col(column)} as double)"
                errors += self._rows(rule, f"isfinite({number}) and ({number} < 0 or {number} > {high})",
                                     f"'{column}' is {word} and must be between 0 and {high}, found '{{value}}'",
                                     self._col(column))
        return errors

    def duplicates(self) -> list[ValidationError]:
        if not self.spec.key:
            return []
        keys = ", ".join(self._col(column) for column in self.spec.key)
        kind = "line" if self.is_csv else "row"
        self.connection.execute(
            f"create or replace temp table duplicated as select rowid as duplicate_rowid, first_rowid from ("
            f"select rowid, min(rowid) over (partition by {keys}) as first_rowid from checked) where rowid > first_rowid")
        return self._rows("key-duplicate", "rowid in (select duplicate_rowid from duplicated)",
                          f"duplicate key: already on {kind} {{value}}",
                          "(select first_rowid from duplicated where duplicate_rowid = checked.rowid)",
                          value_is_rowid=True)

    def area_codes(self, members: dict[str, Path]) -> list[ValidationError]:
        geography = GEOGRAPHIES.get(self.spec.geography or "")
        column = self.spec.area_column
        if geography is None or column is None or not self._has(column):
            return []
        col = self._col(column)
        prefixes = " or ".join(f"starts_with({col}, '{prefix}')" for prefix in geography.prefixes)
        present = f"{col} is not null and trim({col}) <> ''"
        errors = self._rows("area-code-format", f"{present} and not regexp_full_match({col}, '{GSS_CODE.pattern[1:-1]}')",
                            "area code '{value}' is not a GSS code (a letter E or W and 8 digits)", col)
        errors += self._rows("area-code-format",
                             f"{present} and regexp_full_match({col}, '{GSS_CODE.pattern[1:-1]}') and not ({prefixes})",
                             f"area code '{{value}}' is not {geography.article} {geography.label} code "
                             f"(those start {' or '.join(geography.prefixes)})", col)
        lookup = members.get(geography.name)
        if lookup is not None and geography.lookup and geography.lookup[0] != self.spec.name:
            load_as_text(self.connection, lookup, "lookup_rows")
            self.connection.execute(f"create or replace temp table known_codes as select distinct "
                                    f"{quote_identifier(geography.lookup[1])} as code from lookup_rows")
            errors += self._rows(
                "area-code-in-geography",
                f"{present} and regexp_full_match({col}, '{GSS_CODE.pattern[1:-1]}') and ({prefixes}) "
                f"and {col} not in (select code from known_codes)",
                f"area code '{{value}}' is not {geography.article} {geography.label} code in {geography.lookup_label}",
                col)
        return errors

    def code_columns(self) -> list[ValidationError]:
        """Declared code columns (e.g. the local authority of a lookup row) hold GSS codes of their geography."""
        errors = []
        for column, name in self.spec.code_columns:
            geography = GEOGRAPHIES.get(name)
            if geography is None or not self._has(column):
                continue
            col = self._col(column)
            prefixes = " or ".join(f"starts_with({col}, '{prefix}')" for prefix in geography.prefixes)
            errors += self._rows(
                "area-code-format",
                f"{col} is not null and trim({col}) <> '' and not (regexp_full_match({col}, "
                f"'{GSS_CODE.pattern[1:-1]}') and ({prefixes}))",
                f"'{column}' is '{{value}}', not {geography.article} {geography.label} GSS code (a letter E or W and "
                f"8 digits, starting {' or '.join(geography.prefixes)})", col)
        return errors

    def periods(self) -> list[ValidationError]:
        """Declared and per-row periods, by the one period parser (spi.validation.periods)."""
        errors = []
        if self.spec.period is not None and period_problem(self.spec.period):
            errors.append(ValidationError(self.shown, "period-format",
                                          f"declared {period_problem(self.spec.period)}"))
        column = self.spec.period_column
        if column and self._has(column):
            col = self._col(column)
            values = [value for (value,) in self.connection.execute(
                f"select distinct coalesce({col}, '') from checked").fetchall()]
            bad = [value for value in values if period_problem(value)]
            if bad:
                self.connection.execute("create or replace temp table bad_periods (period varchar)")
                self.connection.executemany("insert into bad_periods values (?)", [[value] for value in bad])
                message = period_problem("{value}") or ""
                errors += self._rows("period-format", f"coalesce({col}, '') in (select period from bad_periods)",
                                     message.replace("' does", f"' in '{column}' does"), col)
        return errors

    def run(self, members: dict[str, Path]) -> list[ValidationError]:
        missing = self.missing_columns()
        if missing:
            return missing
        errors = self.key_missing() + self.types() + self.counts() + self.pairs() + self.ranges()
        errors += self.duplicates() + self.area_codes(members) + self.code_columns() + self.periods()
        return sorted(errors, key=lambda error: (error.line or 0, error.rule))

    def raw_rows(self, lines: set[int]) -> dict[int, dict[str, str | None]]:
        """The original text of the given lines, for the rejected-rows table."""
        if not lines:
            return {}
        rowid_of = {self._line(rowid): rowid for rowid in range(self.row_count())}
        rowids = sorted(rowid_of[line] for line in lines if line in rowid_of)
        cursor = self.connection.execute("select rowid, * from checked where rowid in (select unnest(?))", [rowids])
        names = [description[0] for description in cursor.description][1:]
        return {self._line(row[0]): dict(zip(names, row[1:], strict=True)) for row in cursor.fetchall()}

    def row_count(self) -> int:
        return int(scalar(self.connection, "select count(*) from checked"))
