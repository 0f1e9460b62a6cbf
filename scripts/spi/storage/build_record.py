"""The record of the last successful build, kept beside the database it describes.

It holds, per mart, the row count and a content checksum taken from the finished build before it was moved
into place: `spi publish` and `spi export` check the warehouse against them before reading it, so a database
changed after its build (a notebook writing to it, a foreign DuckDB log replayed into it) is never published.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import duckdb

from spi.errors import InputError
from spi.project import MART_SCHEMA


@dataclass(frozen=True)
class BuildRecord:
    built_at: str
    duration_seconds: float
    region: str
    framework_version: str
    dbt_counts: dict[str, int]
    wards: str = "wd25"
    # dbt's own share of duration_seconds (parse, seeds, models, tests): what the benchmark sets against the floor
    dbt_seconds: float | None = None
    # mart -> {"rows": n, "checksum": "..."} of the finished build (mart_fingerprints)
    marts: dict[str, dict[str, int | str]] | None = None

    @staticmethod
    def path_for(database: Path) -> Path:
        return database.with_name(database.name + ".build.json")

    def write(self, database: Path) -> None:
        path = self.path_for(database)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        partial.replace(path)

    @classmethod
    def read(cls, database: Path) -> BuildRecord | None:
        path = cls.path_for(database)
        if not path.exists():
            return None
        try:
            document = json.loads(path.read_text())
            known = {field.name for field in fields(cls)}
            return cls(**{key: value for key, value in document.items() if key in known})
        except (ValueError, TypeError) as problem:
            raise InputError(f"{path}: the build record is damaged ({problem}); run `spi build` again") from None


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def mart_fingerprints(connection: duckdb.DuckDBPyConnection, schema: str = MART_SCHEMA) -> dict[str, dict[str, int | str]]:
    """Row count and an order-independent content checksum (sum of row hashes) of every table of `schema`."""
    tables = [name for (name,) in connection.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "and table_catalog = current_database() order by table_name", [schema]).fetchall()]
    fingerprints: dict[str, dict[str, int | str]] = {}
    for table in tables:
        row = connection.execute(
            f"select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar "
            f"from {_quote_identifier(schema)}.{_quote_identifier(table)} as t").fetchone()
        rows, checksum = row if row is not None else (0, "0")
        fingerprints[table] = {"rows": int(rows), "checksum": str(checksum)}
    return fingerprints


def verify_against_record(connection: duckdb.DuckDBPyConnection, database: Path) -> BuildRecord:
    """The database's build record, after checking every recorded mart still has its rows and content.

    Raises InputError naming what differs: the file was changed after its build and must not be used."""
    record = BuildRecord.read(database)
    if record is None:
        raise InputError(f"{database}: no record of a successful build ({BuildRecord.path_for(database).name}); "
                         "the last build failed or never ran: run `spi build` first")
    if record.marts is None:
        raise InputError(f"{database}: its build record has no mart checksums (made by an older spi); run "
                         "`spi build` again")
    found = mart_fingerprints(connection)
    differences = []
    for table, expected in sorted(record.marts.items()):
        actual = found.get(table)
        if actual is None:
            differences.append(f"{table} is missing")
        elif actual["rows"] != expected["rows"]:
            differences.append(f"{table} has {actual['rows']} rows, the build made {expected['rows']}")
        elif actual["checksum"] != expected["checksum"]:
            differences.append(f"{table} has the build's {actual['rows']} rows but different values")
    if differences:
        shown = "; ".join(differences[:5]) + (f"; and {len(differences) - 5} more" if len(differences) > 5 else "")
        raise InputError(f"{database} no longer matches its build record ({shown}): it was changed after the build "
                         "(a program writing to it, or a DuckDB log file replayed into it); nothing was published: "
                         "run `spi build` again")
    return record
