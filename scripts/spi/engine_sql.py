"""The scoring engine's compiled SQL, for `spi score`: dbt compiles the engine's models (tag:engine, var
engine_input=files) once per state of the project, and each run executes that SQL directly in DuckDB in DAG
order (spi.compiled_sql), without importing, parsing or running dbt (about 3 s of fixed cost per run).

The scores still come from the project's dbt models: the SQL is dbt's own compiled code of those models. The
cache (target/engine/compiled_engine.json) is keyed by a hash of every file that can change that SQL (models,
macros, dbt_project.yml, profiles.yml, installed dbt packages) and the dbt versions; any change recompiles.
dbt compiles with stand-ins for what differs per run, which each run fills in: the two file paths (the sources
read SPI_ENGINE_FRAMEWORK_PATH and SPI_ENGINE_VALUES_PATH) and the database's catalog name (dbt-duckdb names
every relation "<database file stem>"."<schema>"."<name>").
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TextIO

import duckdb

from spi import compiled_sql
from spi.project import PROJECT_DIR, Target, restored_environ
from spi.storage.queries import scalar

ENGINE_SELECTION = ("tag:engine",)
ENGINE_VARS = {"engine_input": "files"}
ENGINE_TARGET_PATH = PROJECT_DIR / "target" / "engine"
CACHE_FILE = ENGINE_TARGET_PATH / "compiled_engine.json"
# stand-ins dbt compiles in place of the per-run values (chosen so that they occur nowhere else in the SQL)
FRAMEWORK_STAND_IN = "/spi-engine-stand-in/framework.csv"
VALUES_STAND_IN = "/spi-engine-stand-in/values.csv"
CATALOG_STAND_IN = "spi_engine_stand_in_catalog"
# what the compiled SQL depends on besides the dbt versions
_HASHED_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml", "package-lock.yml")
_HASHED_FOLDERS = ("models", "macros", "dbt_packages")
_CACHE_VERSION = 1


class EngineSqlError(Exception):
    """dbt could not compile the engine, or one of its models failed in DuckDB: one line for the user."""


@dataclass(frozen=True)
class EngineSql:
    """The engine's statements in DAG order, with the stand-ins still in."""

    key: str
    hooks: list[str]
    schemas: list[str]
    # (model name, create statement)
    statements: list[tuple[str, str]]

    def run(self, connection: duckdb.DuckDBPyConnection, framework: Path, values: Path,
            progress: TextIO | None = None) -> None:
        """Build every engine model in `connection`'s database from the two files, in one transaction: a
        failure leaves the database as it was. `progress`: one line per model built."""
        catalog = str(scalar(connection, "select current_database()"))
        fill = {
            f'"{CATALOG_STAND_IN}".': '"' + catalog.replace('"', '""') + '".',
            FRAMEWORK_STAND_IN: _sql_text(framework),
            VALUES_STAND_IN: _sql_text(values),
        }
        connection.execute("begin transaction")
        try:
            for hook in self.hooks:
                connection.execute(hook)
            compiled_sql.create_schemas(connection, self.schemas)
            for name, statement in self.statements:
                for stand_in, value in fill.items():
                    statement = statement.replace(stand_in, value)
                started = time.perf_counter()
                try:
                    connection.execute(statement)
                except duckdb.Error as problem:
                    first = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
                    raise EngineSqlError(f"model {name} failed in DuckDB: {first}") from problem
                if progress is not None:
                    print(f"  OK {name} in {time.perf_counter() - started:.2f}s", file=progress, flush=True)
            connection.execute("commit")
        except BaseException:
            try:
                connection.execute("rollback")
            except duckdb.Error:
                pass  # the connection is gone (e.g. interrupted): nothing was committed
            raise


def project_key() -> str:
    """A hash of everything the engine's compiled SQL depends on."""
    digest = hashlib.sha256()
    digest.update(json.dumps([_CACHE_VERSION, ENGINE_SELECTION, ENGINE_VARS,
                              FRAMEWORK_STAND_IN, VALUES_STAND_IN, CATALOG_STAND_IN]).encode())
    for package in ("dbt-core", "dbt-duckdb", "duckdb"):
        digest.update(f"{package}=={metadata.version(package)}\n".encode())
    paths = [PROJECT_DIR / name for name in _HASHED_FILES]
    # the code that turns the manifest into statements (a change there must not reuse an older cache)
    paths += [Path(__file__), Path(compiled_sql.__file__)]
    for folder in _HASHED_FOLDERS:
        root = PROJECT_DIR / folder
        if root.is_dir():
            paths.extend(sorted(path for path in root.rglob("*") if path.is_file()))
    for path in paths:
        if path.is_file():
            digest.update(path.name.encode() if not path.is_relative_to(PROJECT_DIR)
                          else str(path.relative_to(PROJECT_DIR)).encode())
            digest.update(b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load(show_progress: bool = False) -> EngineSql:
    """The engine's compiled SQL: from the cache when the project is unchanged, else compiled by dbt now."""
    key = project_key()
    cached = _cached(key)
    if cached is not None:
        return cached
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    # one compile at a time (dbt's target folder is shared); a run that waited finds the other's result
    with CACHE_FILE.with_name(CACHE_FILE.name + ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cached = _cached(key)
        if cached is not None:
            return cached
        return _compile_and_store(key, show_progress)


def _cached(key: str) -> EngineSql | None:
    try:
        cached = json.loads(CACHE_FILE.read_text())
        if cached.get("key") == key:
            return EngineSql(key, [str(hook) for hook in cached["hooks"]], [str(name) for name in cached["schemas"]],
                             [(str(name), str(statement)) for name, statement in cached["statements"]])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _compile_and_store(key: str, show_progress: bool) -> EngineSql:
    engine = compile_engine(key, show_progress)
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    partial = CACHE_FILE.with_name(f".{CACHE_FILE.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps({"key": engine.key, "hooks": engine.hooks, "schemas": engine.schemas,
                                   "statements": engine.statements}))
    partial.replace(CACHE_FILE)  # whole or not at all, also with two runs compiling at once
    return engine


def compile_engine(key: str, show_progress: bool = False) -> EngineSql:
    """`dbt compile` the engine's models with the stand-ins; their create statements in DAG order."""
    from spi.dbt_invoke import run_dbt  # dbt is imported only when the project has changed

    target_path = ENGINE_TARGET_PATH / "compile"
    # the stand-ins only for this compile: a later build in the same process (or its children) must read the
    # real engine files, not the stand-ins
    stand_ins = {"SPI_ENGINE_FRAMEWORK_PATH": FRAMEWORK_STAND_IN, "SPI_ENGINE_VALUES_PATH": VALUES_STAND_IN}
    with restored_environ(stand_ins):
        os.environ.update(stand_ins)
        outcome = run_dbt(
            ["compile", "--select", *ENGINE_SELECTION, "--target-path", str(target_path)],
            Target.from_env(target_path / f"{CATALOG_STAND_IN}.duckdb"),
            dbt_vars=ENGINE_VARS,
            show_progress=show_progress,
        )
    if not outcome.success:
        raise EngineSqlError("dbt could not compile the scoring models: " + outcome.summary().replace("\n", " "))
    manifest = json.loads((target_path / "manifest.json").read_text())
    selected = [unique_id for unique_id, node in manifest["nodes"].items()
                if node["resource_type"] == "model" and node.get("compiled_code") is not None
                and node["config"].get("enabled", True)]
    nodes = compiled_sql.dag_order(manifest, selected)
    statements = [(node["name"], compiled_sql.create_statement(node, PROJECT_DIR)) for node in nodes]
    text = "\n".join(statement for _, statement in statements)
    for stand_in in (FRAMEWORK_STAND_IN, VALUES_STAND_IN, f'"{CATALOG_STAND_IN}".'):
        if stand_in not in text:
            raise EngineSqlError(f"the compiled scoring models do not contain {stand_in!r}: the engine's sources "
                                 "or relation names changed; update spi/engine_sql.py")
    return EngineSql(key, compiled_sql.hook_statements(manifest), sorted({node["schema"] for node in nodes}),
                     statements)


def _sql_text(path: Path) -> str:
    """A path inside a single-quoted SQL string."""
    return str(path).replace("'", "''")
