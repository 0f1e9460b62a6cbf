"""`spi generate-health` makes NHS-shaped synthetic extracts: deterministic, marked synthetic, consistent."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest

from spi.cli import main
from spi.health.generate import is_generated
from spi.health.inputs import load_inputs
from spi.health.registrations import fit_practice_lsoa
from spi.project import RAW_DATA_DIR

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
