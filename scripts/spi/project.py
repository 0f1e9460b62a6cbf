"""Where the project, its data and its database live, anchored to the project, never the working directory."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
RAW_DATA_DIR = PROJECT_DIR / "data" / "raw"
# synthetic extracts made by `spi generate-health` (never committed), one folder per region
GENERATED_HEALTH_DIR = PROJECT_DIR / "data" / "generated" / "health"
GENERATED_HEALTH_ENGLAND_DIR = PROJECT_DIR / "data" / "generated" / "health_england"
# an area build's extracts (`spi build --area`): one folder per set of area codes
GENERATED_HEALTH_AREAS_DIR = PROJECT_DIR / "data" / "generated" / "health_areas"
REGIONS = ("icb", "england")
DEFAULT_DATABASE = PROJECT_DIR / "warehouse" / "spi.duckdb"
DEFAULT_EXPORT_DIR = PROJECT_DIR / "exports" / "latest"
DEFAULT_REPORT = PROJECT_DIR / "report" / "spi_report.html"
DEFAULT_PUBLISH_PATH = PROJECT_DIR / "publish" / "spi.duckdb"
MART_SCHEMA = "marts"
INDICATOR_FILES_SUBDIR = Path("data") / "indicators"


@contextmanager
def restored_environ(names: Iterable[str]) -> Iterator[None]:
    """Environment variables `names` put back as they were (set or unset) when the block ends, whatever it set."""
    saved = {name: os.environ.get(name) for name in names}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

def project_dir() -> Path:
    """The dbt project to run: $SPI_PROJECT_DIR (e.g. a copy made by a test) or this repository."""
    return Path(os.environ.get("SPI_PROJECT_DIR") or PROJECT_DIR).resolve()


def indicator_files_dir() -> Path:
    """The folder of analyst-supplied indicator CSVs: $SPI_INDICATOR_DIR or data/indicators of the project."""
    return Path(os.environ.get("SPI_INDICATOR_DIR") or project_dir() / INDICATOR_FILES_SUBDIR).resolve()


def health_data_dir(region: str = "icb") -> Path:
    """The default folder of the region's synthetic health extracts (region icb, england or 'area:CODE,...')."""
    if region.startswith("area:"):
        return GENERATED_HEALTH_AREAS_DIR / region.removeprefix("area:").replace(",", "_")
    return {"icb": GENERATED_HEALTH_DIR, "england": GENERATED_HEALTH_ENGLAND_DIR}[region]


# Set by Target.apply() beside SPI_HEALTH_DATA_DIR when the folder came from the region, not the user: a later
# build of another region, in this process or in a child process that inherits the environment, must not
# mistake it for the user's choice (an England build would read, or regenerate, the ICB's folder).
HEALTH_DIR_FROM_REGION = "SPI_HEALTH_DATA_DIR_FROM_REGION"


def _user_health_dir() -> str | None:
    value = os.environ.get("SPI_HEALTH_DATA_DIR")
    return None if value is None or value == os.environ.get(HEALTH_DIR_FROM_REGION) else value


def national_reference_path() -> Path:
    """The national reference of ward scores (spi.export.national_reference): $SPI_NATIONAL_REFERENCE_PATH or
    data/reference/derived_national_ward_scores.parquet of the project."""
    default = project_dir() / "data" / "reference" / "derived_national_ward_scores.parquet"
    return Path(os.environ.get("SPI_NATIONAL_REFERENCE_PATH") or default).resolve()


def raw_data_dir() -> Path:
    """The raw data folder the sources read: $SPI_RAW_DATA_DIR or data/raw of the project."""
    return Path(os.environ.get("SPI_RAW_DATA_DIR", str(RAW_DATA_DIR)))


@dataclass(frozen=True)
class Target:
    """One DuckDB database the dbt project builds into."""

    database: Path
    # icb, england or an area ('area:E54000055,E06000021', spi.areas): whose synthetic health extracts the
    # sources read (unless SPI_HEALTH_DATA_DIR is set)
    region: str = "icb"

    @classmethod
    def from_env(cls, database: str | Path | None = None, region: str = "icb") -> Target:
        chosen = database or os.environ.get("SPI_DUCKDB_PATH") or DEFAULT_DATABASE
        return cls(database=Path(chosen).expanduser().resolve(), region=region)

    def environment(self) -> dict[str, str]:
        """The variables profiles.yml and the sources read, all absolute."""
        return {
            "SPI_DUCKDB_PATH": str(self.database),
            "SPI_RAW_DATA_DIR": str(raw_data_dir()),
            "SPI_HEALTH_DATA_DIR": _user_health_dir() or str(health_data_dir(self.region)),
            "SPI_INDICATOR_DIR": str(indicator_files_dir()),
            "SPI_NATIONAL_REFERENCE_PATH": str(national_reference_path()),
        }

    @contextmanager
    def applied(self) -> Iterator[Target]:
        """The variables of environment() set for the duration of the block, then put back as they were.

        dbt reads them from os.environ (env_var() in profiles.yml and the sources), so they must be set while dbt
        runs; scoped, they never leak into the rest of the process or into child processes started later."""
        with restored_environ([*self.environment(), HEALTH_DIR_FROM_REGION]):
            self.apply()
            yield self

    def apply(self) -> None:
        """Set the variables for the rest of the process (prefer `with target.applied():`)."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        user_choice = _user_health_dir()
        environment = self.environment()
        os.environ.update(environment)
        # mark only a folder we chose: the user's stays the user's through every later apply()
        if user_choice is None:
            os.environ[HEALTH_DIR_FROM_REGION] = environment["SPI_HEALTH_DATA_DIR"]
        else:
            os.environ.pop(HEALTH_DIR_FROM_REGION, None)
