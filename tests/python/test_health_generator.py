"""`spi generate-health` makes NHS-shaped synthetic extracts: deterministic, marked synthetic, consistent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import spi.health.generate as generate_module
from spi.cli import main
from spi.health import GENERATOR_VERSION
from spi.health.generate import child_measurement_columns, ensure_generated, is_generated, write_patient_records
from spi.health.inputs import load_inputs, load_lsoa_inputs
from spi.health.registrations import fit_practice_lsoa
from spi.health.writer import ChunkedWriter, categorical
from spi.project import HEALTH_DIR_FROM_REGION, PROJECT_DIR, RAW_DATA_DIR, Target, health_data_dir

# generating the synthetic extracts takes 10-20 s a test: not in the fast set
pytestmark = pytest.mark.build


CENSUS_2021_ICB_RESIDENTS = 1_134_443


@pytest.fixture(scope="module")
def one_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("health") / "seed7"
    assert main(["generate-health", "--seed", "7", "--years", "2024", "--out", str(out)]) == 0
    return out


def test_writes_every_extract_and_a_manifest(one_year: Path) -> None:
    assert is_generated(one_year)
    names = {path.name for path in one_year.iterdir()}
    assert {"gp_registrations.parquet", "qof_registers.parquet", "child_measurements.parquet",
            "patient_records_2024.parquet", "manifest.json"} <= names


def test_every_row_is_marked_synthetic(one_year: Path) -> None:
    for path in one_year.glob("*.parquet"):
        flags = duckdb.sql(
            f"select bool_and(is_synthetic), min(data_source), max(data_source) from '{path}'"
        ).fetchone()
        assert flags == (True, "synthetic: spi generate-health seed=7", "synthetic: spi generate-health seed=7"), path


def test_one_record_per_resident_with_unique_pseudo_ids(one_year: Path) -> None:
    rows, ids, lsoas = duckdb.sql(
        f"select count(*), count(distinct pseudo_id), count(distinct lsoa21_code) "
        f"from '{one_year}/patient_records_2024.parquet'"
    ).fetchone()
    assert rows == ids == CENSUS_2021_ICB_RESIDENTS
    assert lsoas == 697


def test_registrations_match_real_list_sizes(one_year: Path) -> None:
    worst = duckdb.sql(
        f"""
        with generated as (
            select practice_code, sum(registered_patients) as patients
            from '{one_year}/gp_registrations.parquet' group by practice_code
        ),
        real as (
            select "Practice Code" as practice_code,
                   cast("Number of Registered Patients (Last Known Figure)" as double) as patients
            from read_csv('{RAW_DATA_DIR}/icb_health/gp_practices_payments_2223_ssot.csv', all_varchar = true)
        )
        -- stochastic rounding of ~1,700 cells a practice: a few dozen patients either way at most
        select max(abs(generated.patients - real.patients))
        from real inner join generated using (practice_code)
        """
    ).fetchone()[0]
    assert worst < 100


def test_practices_draw_mostly_from_nearby_lsoas() -> None:
    inputs = load_inputs(RAW_DATA_DIR)
    expected = fit_practice_lsoa(inputs)
    distance = np.linalg.norm(inputs.practice_xy_km[:, None, :] - inputs.lsoa_xy_km[None, :, :], axis=2)
    assert (expected * (distance < 5)).sum() / expected.sum() > 0.65
    assert np.allclose(expected.sum(axis=1), inputs.practice_list_size)


def test_same_seed_same_data_other_seed_other_data(one_year: Path, tmp_path: Path) -> None:
    assert main(["generate-health", "--seed", "7", "--years", "2024", "--out", str(tmp_path / "again")]) == 0
    assert main(["generate-health", "--seed", "8", "--years", "2024", "--out", str(tmp_path / "other")]) == 0

    def fingerprint(folder: Path) -> tuple:
        path = folder / "patient_records_2024.parquet"
        return duckdb.sql(
            f"select sum(hash(pseudo_id, lsoa21_code, sex, age_band, ae_attendances, emergency_admissions, "
            f"long_term_conditions, smoking_status)) from '{path}'"
        ).fetchone()

    assert fingerprint(one_year) == fingerprint(tmp_path / "again")
    assert fingerprint(one_year) != fingerprint(tmp_path / "other")


def test_rates_follow_the_deprivation_gradient(one_year: Path) -> None:
    low, high = duckdb.sql(
        f"""
        with records as (select * from '{one_year}/patient_records_2024.parquet'),
        imd as (
            select lsoa21_code, cast(Health_decile as double) as decile
            from read_csv('{RAW_DATA_DIR}/icb/imd2025_lsoa21_ssot.csv', all_varchar = true)
        )
        select avg(emergency_admissions) filter (where decile >= 8),
               avg(emergency_admissions) filter (where decile <= 3)
        from records inner join imd using (lsoa21_code)
        """
    ).fetchone()
    assert high > 1.3 * low


# --- regions, per-local-authority generation, chunked writing, interrupted runs -------------------------


def test_manifest_names_the_region(one_year: Path) -> None:
    manifest = json.loads((one_year / "manifest.json").read_text())
    assert manifest["region"] == "icb" and manifest["generator_version"] == GENERATOR_VERSION
    assert not is_generated(one_year, "england")  # an ICB folder never passes for England's extracts
    assert health_data_dir("icb").name == "health" and health_data_dir("england").name == "health_england"


def test_build_reads_the_regions_folder_unless_the_user_chose_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    database = tmp_path / "spi.duckdb"
    for name in [*Target(database=database).environment(), HEALTH_DIR_FROM_REGION]:
        monkeypatch.delenv(name, raising=False)  # restored after the test: apply() exports them
    assert Target(database=database, region="england").environment()["SPI_HEALTH_DATA_DIR"] == str(health_data_dir("england"))
    Target(database=database, region="icb").apply()
    # the ICB folder exported by an earlier build in this process is not mistaken for the user's choice
    assert Target(database=database, region="england").environment()["SPI_HEALTH_DATA_DIR"] == str(health_data_dir("england"))
    monkeypatch.setenv("SPI_HEALTH_DATA_DIR", str(tmp_path / "mine"))
    assert Target(database=database, region="england").environment()["SPI_HEALTH_DATA_DIR"] == str(tmp_path / "mine")
    Target(database=database, region="england").apply()  # spi build applies before validating and generating
    assert Target(database=database, region="england").environment()["SPI_HEALTH_DATA_DIR"] == str(tmp_path / "mine")
    assert Target(database=database, region="icb").environment()["SPI_HEALTH_DATA_DIR"] == str(tmp_path / "mine")


def test_a_child_process_does_not_take_the_exported_folder_for_the_users(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:

    database = tmp_path / "spi.duckdb"
    for name in [*Target(database=database).environment(), HEALTH_DIR_FROM_REGION]:
        monkeypatch.delenv(name, raising=False)
    Target(database=database, region="icb").apply()  # e.g. the benchmark's in-process compile
    child = subprocess.run(
        [sys.executable, "-c", "from spi.project import Target; from pathlib import Path; "
         "print(Target(database=Path('x.duckdb'), region='england').environment()['SPI_HEALTH_DATA_DIR'])"],
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "scripts")}, capture_output=True, text=True, check=True,
    )
    assert child.stdout.strip() == str(health_data_dir("england"))


def _records(folder: Path) -> str:
    return f"read_parquet('{folder}/patient_records_*.parquet')"


def test_a_person_is_the_same_in_an_icb_and_an_england_run(tmp_path: Path) -> None:
    icb, england = load_lsoa_inputs(RAW_DATA_DIR, "icb"), load_lsoa_inputs(RAW_DATA_DIR, "england")
    # the two smallest ICB local authorities, and one outside the ICB that only England has
    icb_lads = sorted(icb.lad_slices(), key=lambda lad: icb.population[lad[1]].sum())[:2]
    lads = [code for code, _ in icb_lads]
    source = "synthetic: spi generate-health seed=7"
    rows = write_patient_records(icb, tmp_path / "icb", [2023, 2024], 7, source, lad_codes=lads)
    write_patient_records(england, tmp_path / "england", [2023, 2024], 7, source, lad_codes=[*lads, "E06000001"])
    assert rows[2024] == sum(icb.population[lad_rows].round().sum() for _, lad_rows in icb_lads)
    differences = duckdb.sql(
        f"""
        with icb as (select * from {_records(tmp_path / 'icb')}),
        england as (
            select * from {_records(tmp_path / 'england')}
            where lsoa21_code in (select lsoa21_code from icb)
        )
        select (select count(*) from (select * from icb except all select * from england))
             + (select count(*) from (select * from england except all select * from icb))
        """
    ).fetchone()[0]
    assert differences == 0
    total, ids = duckdb.sql(
        f"select count(*), count(distinct (pseudo_id, year)) from {_records(tmp_path / 'england')}"
    ).fetchone()
    assert total == ids  # ids stay unique across local authorities
    icb_children = pa.table(child_measurement_columns(icb, [2024], 7, source))  # noqa: F841 (read by duckdb)
    england_children = pa.table(child_measurement_columns(england, [2024], 7, source))  # noqa: F841
    children_differences = duckdb.sql(
        """
        select count(*) from (
            select * from icb_children
            except all
            select * from england_children where lsoa21_code in (select lsoa21_code from icb_children)
        )
        """
    ).fetchone()[0]
    assert children_differences == 0


def test_chunked_writer_appends_one_row_group_per_chunk(tmp_path: Path) -> None:
    path = tmp_path / "chunks.parquet"
    with ChunkedWriter(path) as writer:
        for size, label in ((5, "a"), (3, "b"), (4, "c")):
            writer.append({"n": np.arange(size), "label": categorical(np.zeros(size), [label])})
    metadata = pq.ParquetFile(path).metadata
    assert (writer.rows, metadata.num_rows, metadata.num_row_groups) == (12, 12, 3)
    assert duckdb.sql(f"select string_agg(distinct label order by label) from '{path}'").fetchone()[0] == "a,b,c"


def test_an_interrupted_generation_leaves_nothing_that_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "health"

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generate_module, "write_patient_records", killed)
    with pytest.raises(KeyboardInterrupt):
        generate_module.generate(out, seed=7, years=[2024])
    assert not out.exists() and not list(tmp_path.iterdir())  # no staging folder left behind either
    monkeypatch.undo()

    # a folder a killed run of an older version left: files but no manifest; and a SIGKILLed staging folder
    out.mkdir()
    (out / "gp_registrations.parquet").write_bytes(b"partial")
    (tmp_path / ".health.writing-killed").mkdir()
    assert not is_generated(out)
    ensure_generated(out)
    assert is_generated(out)
    assert not (tmp_path / ".health.writing-killed").exists()
    assert duckdb.sql(f"select count(*) from '{out}/gp_registrations.parquet'").fetchone()[0] > 0
