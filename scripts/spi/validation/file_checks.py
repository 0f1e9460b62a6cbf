"""File-level rules: the file exists, is CSV or Parquet, is not empty, is UTF-8 without BOM, uses commas."""

from __future__ import annotations

from pathlib import Path

import duckdb

from spi.storage.queries import scalar
from spi.validation.errors import ValidationError, display_path

FORMATS = (".csv", ".parquet")
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}


def check_file(path: Path, required_columns: list[str]) -> list[ValidationError]:
    """File-level problems of `path`; an empty list means its rows can be read and checked."""
    shown = display_path(path)

    def error(rule: str, message: str, line: int | None = None) -> list[ValidationError]:
        return [ValidationError(shown, rule, message, line=line)]

    if not path.exists():
        return error("file-missing", "file not found; the sources yml names this file (meta.external_location)")
    if path.suffix.lower() not in FORMATS:
        return error("file-format", f"'{path.suffix or 'no extension'}' is not a format the project reads; "
                     "save it as .csv (UTF-8, comma-separated) or .parquet")
    if path.stat().st_size == 0:
        return error("file-empty", "file is empty (0 bytes)")
    if path.suffix.lower() == ".parquet":
        return _check_parquet(path, shown)
    return _check_csv_text(path.read_bytes(), shown, required_columns)


def _check_parquet(path: Path, shown: str) -> list[ValidationError]:
    try:
        rows = scalar(duckdb.connect(), f"select count(*) from read_parquet({_quote(path)})")
    except duckdb.Error as problem:
        first = str(problem).strip().splitlines()[0]
        return [ValidationError(shown, "file-unreadable", f"not a readable Parquet file ({first})")]
    if rows == 0:
        return [ValidationError(shown, "file-empty", "Parquet file has no rows")]
    return []


def _check_csv_text(data: bytes, shown: str, required_columns: list[str]) -> list[ValidationError]:
    if data.startswith(b"\xef\xbb\xbf"):
        return [ValidationError(shown, "file-encoding-bom", "file starts with a UTF-8 byte-order mark (BOM), as "
                                "Excel's 'CSV UTF-8' writes; the first column name would not match. Fix: save "
                                "as plain UTF-8 without BOM (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`)", line=1)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        byte = data[problem.start]
        try:
            data.decode("cp1252")
            guess = "it looks like Windows-1252 (Excel's 'CSV' on Windows)"
        except UnicodeDecodeError:
            guess = "its encoding is not UTF-8"
        return [ValidationError(shown, "file-encoding", f"byte 0x{byte:02x} is not UTF-8; {guess}. Fix: re-save "
                                "as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`)", line=line)]
    lines = text.splitlines()
    header = lines[0] if lines else ""
    if not header.strip():
        return [ValidationError(shown, "file-empty", "file has no header line", line=1)]
    names = {name.strip().strip('"').lower() for name in header.split(",")}
    wanted = {column.lower() for column in required_columns}
    if wanted and not wanted & names:
        for delimiter, word in _OTHER_DELIMITERS.items():
            if wanted & {name.strip().strip('"').lower() for name in header.split(delimiter)}:
                return [ValidationError(shown, "file-delimiter", f"columns are separated by {word}, not commas. "
                                        "Fix: save as comma-separated CSV", line=1)]
    if not any(line.strip() for line in lines[1:]):
        return [ValidationError(shown, "file-empty", "file has a header but no data rows", line=1)]
    return []


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
