"""The Excel workbook of `spi export`: a README sheet, a data dictionary, one sheet per mart, flagged rows marked.

Rows with synthetic inputs (any true `is_synthetic` / `has_synthetic_inputs` column) and suppressed rows (any
true boolean column named `is_suppressed` or `*_suppressed`) are filled in colour and carry a note in a last
`row_note` column, so nobody reads them as real or complete figures. The file is deterministic for one
database: its document timestamps are the build time and every zip entry has a fixed date.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from spi import __version__
from spi.export.mart_catalog import describe_mart
from spi.project import MART_SCHEMA

SYNTHETIC_COLUMNS = ("is_synthetic", "has_synthetic_inputs")
SYNTHETIC_FILL = PatternFill(fill_type="solid", start_color="FFF4B183", end_color="FFF4B183")
SUPPRESSED_FILL = PatternFill(fill_type="solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
HEADER_FONT = Font(bold=True)
NOTE_COLUMN = "row_note"
SYNTHETIC_NOTE = "SYNTHETIC: uses synthetic data made by this project's generator, not real figures"
SUPPRESSED_NOTE = "SUPPRESSED: value withheld (small numbers / disclosure control)"
# zip entries get this date so the same database always gives the same bytes
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 (ONS; MHCLG; DESNZ; "
    "NHS England; OHID; CQC; DCMS). Contains OS data (c) Crown copyright and database right 2025. Contains "
    "Royal Mail data (c) Royal Mail copyright and database right 2025. House of Commons Library data under the "
    "Open Parliament Licence. Code: MIT. Full list: data/README.md and data/provenance.csv in the project."
)


@dataclass(frozen=True)
class WorkbookContext:
    framework_version: str
    region: str | None
    built_at: str | None


def _is_suppression_column(name: str) -> bool:
    return name == "is_suppressed" or name.endswith("_suppressed")


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _as_text_cells(sheet: Worksheet, values: list[Any]) -> list[Any]:
    """The row for sheet.append, with any text openpyxl would store as a formula (it starts with '=') made a
    text cell: a name like '=HYPERLINK(...)' from an input file must show as text, never run in Excel."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = Cell(sheet, row=1, column=1, value=value)  # sheet.append gives it its place
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


def _row_marks(columns: list[str], row: tuple[Any, ...]) -> tuple[PatternFill | None, str]:
    flags = dict(zip(columns, row, strict=True))
    notes: list[str] = []
    fill = None
    if any(flags.get(name) is True for name in columns if _is_suppression_column(name)):
        notes.append(SUPPRESSED_NOTE)
        fill = SUPPRESSED_FILL
    if any(flags.get(name) is True for name in SYNTHETIC_COLUMNS):
        notes.append(SYNTHETIC_NOTE)
        fill = SYNTHETIC_FILL
    return fill, "; ".join(notes)


def _write_mart_sheet(sheet: Worksheet, connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    result = connection.execute(f"select * from {MART_SCHEMA}.{table} order by all")
    columns = [column[0] for column in result.description]
    flagged = any(name in SYNTHETIC_COLUMNS or _is_suppression_column(name) for name in columns)
    header = columns + ([NOTE_COLUMN] if flagged else [])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    counts = {"rows": 0, "marked": 0}
    for row in result.fetchall():
        fill, note = _row_marks(columns, row) if flagged else (None, "")
        sheet.append(_as_text_cells(sheet, [_cell_value(value) for value in row] + ([note or None] if flagged else [])))
        counts["rows"] += 1
        if fill is not None:
            counts["marked"] += 1
            # sheet.cell() by position: sheet[row] scans the whole sheet each time (quadratic on big marts)
            for column_number in range(1, len(header) + 1):
                sheet.cell(row=counts["rows"] + 1, column=column_number).fill = fill
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return counts


def _write_readme(sheet: Worksheet, connection: duckdb.DuckDBPyConnection, context: WorkbookContext,
                  marked: dict[str, int]) -> None:
    lines: list[list[Any]] = [
        ["Ward Social Progress Index (SPI): the marts of one build"],
        [],
        ["What it is", "Ward-level Social Progress Index for English local government and NHS ICBs: scores 0-100 "
         "on three dimensions, twelve components and their indicators, from open data."],
        ["Framework version", context.framework_version],
        ["Region", context.region],
        ["Built at (UTC)", context.built_at],
        ["Produced by", f"spi {__version__} (`spi export`)"],
        ["Sheets", "README; data_dictionary (every column described); one sheet per mart, named as the table"],
        ["Synthetic data", f"Rows filled orange use synthetic data (a true {' / '.join(SYNTHETIC_COLUMNS)}): "
         "they are NOT real figures; the row_note column says so."],
        ["Suppressed values", "Rows filled grey are suppressed (a true is_suppressed / *_suppressed column): "
         "values withheld for disclosure control."],
        ["Marked rows", ", ".join(f"{table}: {count}" for table, count in marked.items()) or "none"],
        ["Licences", LICENCE],
        [],
        ["Sources of the indicators", "period", "status", "synthetic", "indicators"],
    ]
    sources = connection.execute(
        f"""
        select source, data_period, data_status, is_synthetic, count(*) as indicators
        from {MART_SCHEMA}.dim_indicators
        group by source, data_period, data_status, is_synthetic
        order by source, data_period, data_status, is_synthetic
        """
    ).fetchall()
    lines.extend([_cell_value(value) for value in source] for source in sources)
    for line in lines:
        sheet.append(_as_text_cells(sheet, line))
    sheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=3, max_col=1):
        row[0].font = HEADER_FONT
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110


def _write_dictionary(sheet: Worksheet, connection: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    sheet.append(["table", "column", "data_type", "description"])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for table in tables:
        described = describe_mart(connection, table)
        sheet.append([table, None, "table", described.description])
        for column in described.columns:
            sheet.append(_as_text_cells(sheet, [table, column.name, column.data_type, column.description]))
    sheet.freeze_panes = "A2"
    for letter, width in (("A", 28), ("B", 34), ("C", 12), ("D", 120)):
        sheet.column_dimensions[letter].width = width


def _fixed_timestamp(built_at: str | None) -> datetime:
    if built_at:
        return datetime.fromisoformat(built_at).replace(tzinfo=None, microsecond=0)
    return datetime(2000, 1, 1)


def _normalise(path: Path, stamp: datetime) -> None:
    """Rewrite the saved file with the given document timestamps and fixed zip dates (openpyxl uses now)."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{iso}\g<3>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


def write_workbook(connection: duckdb.DuckDBPyConnection, path: Path, tables: list[str],
                   context: WorkbookContext) -> int:
    """Write the workbook; returns the number of mart rows written."""
    workbook = Workbook()
    readme = workbook.active
    if not isinstance(readme, Worksheet):  # a new workbook starts with one worksheet
        raise TypeError("openpyxl gave no active worksheet")
    readme.title = "README"
    dictionary = workbook.create_sheet("data_dictionary")
    marked: dict[str, int] = {}
    rows = 0
    for table in tables:
        counts = _write_mart_sheet(workbook.create_sheet(table[:31]), connection, table)
        rows += counts["rows"]
        if counts["marked"]:
            marked[table] = counts["marked"]
    _write_readme(readme, connection, context, marked)
    _write_dictionary(dictionary, connection, tables)
    stamp = _fixed_timestamp(context.built_at)
    workbook.properties.creator = f"spi {__version__}"
    workbook.properties.title = f"Ward Social Progress Index {context.framework_version}"
    workbook.properties.created = stamp
    workbook.save(path)
    _normalise(path, stamp)
    return rows
