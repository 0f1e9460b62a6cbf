"""File-level rules: the file exists, is a real file inside its data folder, is CSV or Parquet (not compressed),
not empty, UTF-8 without BOM, comma-separated, with unique column names and the same number of fields on
every record; and one CSV reader for every rule that reads rows, which knows the line each record starts on
(a quoted field may hold a line break) and turns over-long fields into errors."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb

from spi.validation.errors import ValidationError, display_path
from spi.storage.queries import scalar

FORMATS = (".csv", ".parquet")
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}
# the longest field any input of the project needs; csv's own limit is 131,072 characters
MAX_FIELD_CHARACTERS = 100_000
_COMPRESSED = {b"\x1f\x8b": "gzip-compressed (.gz)", b"PK\x03\x04": "a zip archive (an Excel .xlsx or a .zip)",
               b"BZh": "bzip2-compressed", b"\xfd7zXZ": "xz-compressed"}


@dataclass
class CsvTable:
    """A CSV read as text: the header, and each record with the line it starts on (header = line 1)."""

    header: list[str]
    records: list[tuple[int, list[str]]]

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        return [(line, dict(zip(self.header, record, strict=False))) for line, record in self.records]


def check_file(path: Path, required_columns: list[str], root: Path | None = None) -> list[ValidationError]:
    """File-level problems of `path`; an empty list means its rows can be read and checked.

    `root` is the data folder the file must stay inside (a symbolic link out of it is refused)."""
    return _checked(path, required_columns, root)[1]


def _checked(path: Path, required_columns: list[str], root: Path | None) -> tuple[CsvTable | None,
                                                                                    list[ValidationError]]:
    """(the parsed CSV, or None for Parquet or on error; the file-level problems)."""
    shown = display_path(path) if not path.is_symlink() else str(path)

    def error(rule: str, message: str, line: int | None = None) -> tuple[None, list[ValidationError]]:
        return None, [ValidationError(shown, rule, message, line=line)]

    if path.is_symlink() and (root is None or not _inside(path.resolve(), root)):
        # the link's target is not named: it may be a file the user of the data folder must not see
        return error("file-symlink", "is a symbolic link to a file outside the data folder; links are not followed: "
                     "copy the file itself into the data folder")
    if not path.exists():
        return error("file-missing", "file not found; the sources yml names this file (meta.external_location)")
    if not path.is_file():
        return error("file-format", "is not a regular file (a folder or a device); put the data file here")
    if path.suffix.lower() not in FORMATS:
        return error("file-format", f"'{path.suffix or 'no extension'}' is not a format the project reads; "
                     "save it as .csv (UTF-8, comma-separated) or .parquet")
    if path.stat().st_size == 0:
        return error("file-empty", "file is empty (0 bytes)")
    if path.suffix.lower() == ".parquet":
        return None, _check_parquet(path, shown)
    try:
        data = path.read_bytes()
    except OSError as problem:
        return error("file-unreadable", f"cannot be read ({problem.strerror or problem})")
    return _checked_csv(data, shown, required_columns)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _check_parquet(path: Path, shown: str) -> list[ValidationError]:
    try:
        rows = scalar(duckdb.connect(), f"select count(*) from read_parquet({_quote(path)})")
        names = [name for (name,) in duckdb.sql(
            f"select name from parquet_schema({_quote(path)}) where num_children is null").fetchall()]
    except duckdb.Error as problem:
        first = str(problem).strip().splitlines()[0]
        return [ValidationError(shown, "file-unreadable", f"not a readable Parquet file ({first})")]
    duplicated = _duplicates(names)
    if duplicated:
        return [ValidationError(shown, "column-duplicate", duplicated)]
    if rows == 0:
        return [ValidationError(shown, "file-empty", "Parquet file has no rows")]
    return []


def _duplicates(names: list[str]) -> str | None:
    """The message for column names given twice (DuckDB and dbt match names case-insensitively), or None."""
    counts = Counter(name.strip().lower() for name in names)
    repeated = [name for name, count in counts.items() if count > 1]
    if not repeated:
        return None
    described = ", ".join(
        f"'{name}' (columns {', '.join(str(index + 1) for index, other in enumerate(names) if other.strip().lower() == name)})"
        for name in repeated)
    return (f"column name(s) appear more than once: {described}; one reader would take one copy and another the "
            "other: keep one column of each name")


def check_csv_bytes(data: bytes, shown: str, required_columns: list[str]) -> list[ValidationError]:
    """Every file-level problem of a CSV's bytes (encoding, delimiter, header, ragged records, field sizes)."""
    return _checked_csv(data, shown, required_columns)[1]


def _checked_csv(data: bytes, shown: str, required_columns: list[str]) -> tuple[CsvTable | None,
                                                                                 list[ValidationError]]:
    table, errors = _parse_checked_csv(data, shown, required_columns)
    return (None, errors) if errors else (table, [])


def _parse_checked_csv(data: bytes, shown: str, required_columns: list[str]) -> tuple[CsvTable | None,
                                                                                       list[ValidationError]]:
    for magic, what in _COMPRESSED.items():
        if data.startswith(magic):
            return None, [ValidationError(shown, "file-compressed", f"is {what}, not a CSV text file; decompress it (or "
                                    "save it from Excel as CSV UTF-8) and keep the .csv name", line=None)]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [ValidationError(shown, "file-encoding-bom", "file starts with a UTF-8 byte-order mark (BOM), as "
                                "Excel's 'CSV UTF-8' writes; the first column name would not match. Fix: save "
                                "as plain UTF-8 without BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`)", line=1)]
    text, problem = decode_utf8(data, shown)
    if problem:
        return None, [problem]
    table, problems = parse_csv_text(text, shown)
    if problems:
        return None, problems
    header = table.header
    if not any(name.strip() for name in header):
        return None, [ValidationError(shown, "file-empty", "file has no header line", line=1)]
    names = {name.strip().lower() for name in header}
    wanted = {column.lower() for column in required_columns}
    if wanted and not wanted & names:
        first = text.splitlines()[0]
        for delimiter, word in _OTHER_DELIMITERS.items():
            if wanted & {name.strip().strip('"').lower() for name in first.split(delimiter)}:
                return None, [ValidationError(shown, "file-delimiter", f"columns are separated by {word}, not commas. "
                                        "Fix: save as comma-separated CSV", line=1)]
    duplicated = _duplicates(header)
    if duplicated:
        return None, [ValidationError(shown, "column-duplicate", duplicated, line=1)]
    errors = [
        ValidationError(shown, "file-ragged", f"has {len(record)} field(s) but the header has {len(header)}; a "
                        "comma inside a value must be quoted (\"a, b\"), and every line needs every column", line=line)
        for line, record in table.records if len(record) != len(header) and record != []
    ]
    if errors:
        return None, errors[:20]
    if not table.records:
        return None, [ValidationError(shown, "file-empty", "file has a header but no data rows", line=1)]
    return table, []


def decode_utf8(data: bytes, shown: str) -> tuple[str, ValidationError | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        byte = data[problem.start]
        try:
            data.decode("cp1252")
            guess = "it looks like Windows-1252 (Excel's 'CSV' on Windows)"
        except UnicodeDecodeError:
            guess = "its encoding is not UTF-8"
        return "", ValidationError(shown, "file-encoding", f"byte 0x{byte:02x} is not UTF-8; {guess}. Fix: re-save "
                                   "as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`)", line=line)


def parse_csv_text(text: str, shown: str) -> tuple[CsvTable, list[ValidationError]]:
    """The records of a CSV text with their starting lines; an over-long field or bad quoting is an error."""
    csv.field_size_limit(MAX_FIELD_CHARACTERS)  # enforced by the csv module itself, in C
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for record in reader:
            if record:
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as problem:
        if "field larger than field limit" in str(problem):
            return CsvTable(header, []), [ValidationError(
                shown, "field-too-long", f"a field is longer than {MAX_FIELD_CHARACTERS:,} characters; an unclosed "
                "quote (\") swallows the lines after it", line=start)]
        return CsvTable(header, []), [ValidationError(shown, "file-unreadable", f"is not valid CSV ({problem})",
                                                      line=start)]
    return CsvTable(header, records), []


def read_csv_table(path: Path, required_columns: list[str] = (), root: Path | None = None  # type: ignore[assignment]
                   ) -> tuple[CsvTable | None, list[ValidationError]]:
    """check_file and the parsed table, reading the file once: (table, []) or (None, errors)."""
    return _checked(path, list(required_columns), root)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
