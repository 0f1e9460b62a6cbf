"""Orchestrates the generator: real inputs -> four synthetic extracts -> Parquet files and manifest.json."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spi.health import AGE_BANDS, DEFAULT_SEED, DEFAULT_YEARS, GENERATOR_VERSION, SEXES
from spi.health.child_measurements import generate_child_measurements
from spi.health.inputs import Inputs, load_inputs
from spi.health.qof import generate_qof
from spi.health.records import SMOKING_STATUSES, Cohort, generate_year, make_cohort
from spi.health.registrations import generate_registrations
from spi.health.writer import categorical, labelled, synthetic_columns, write_table
from spi.project import GENERATED_HEALTH_DIR, RAW_DATA_DIR

MANIFEST = "manifest.json"
EXTRACTS = ("gp_registrations", "qof_registers", "child_measurements", "patient_records")


@dataclass
class GenerationReport:
    seed: int
    years: list[int]
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _progress(message: str) -> None:
    print(f"spi generate-health: {message}", file=sys.stderr, flush=True)


def records_columns(inputs: Inputs, cohort: Cohort, year: int, seed: int, data_source: str) -> dict:
    records = generate_year(inputs, cohort, year, seed)
    n_rows = len(cohort.pseudo_id)
    return {
        "pseudo_id": cohort.pseudo_id,
        "year": np.full(n_rows, year, dtype=np.int16),
        "lsoa21_code": categorical(cohort.lsoa_index, inputs.lsoa_codes),
        "sex": categorical(cohort.sex_index, SEXES),
        "age_band": categorical(cohort.age_index, AGE_BANDS),
        "ae_attendances": records.ae_attendances,
        "emergency_admissions": records.emergency_admissions,
        "long_term_conditions": records.long_term_conditions,
        "smoking_status": categorical(records.smoking_status_index, SMOKING_STATUSES),
        **synthetic_columns(n_rows, data_source),
    }


def generate(out_dir: Path = GENERATED_HEALTH_DIR, seed: int = DEFAULT_SEED, years: list[int] | None = None,
             raw_dir: Path = RAW_DATA_DIR) -> GenerationReport:
    years = sorted(years or DEFAULT_YEARS)
    report = GenerationReport(seed=seed, years=years)
    data_source = f"synthetic: spi generate-health seed={seed}"
    started = time.perf_counter()
    inputs = load_inputs(raw_dir)
    report.seconds["inputs"] = time.perf_counter() - started
    _progress(f"read real inputs: {len(inputs.practice_codes)} practices, {len(inputs.lsoa_codes)} LSOAs")

    clock = time.perf_counter()
    registrations = generate_registrations(inputs, np.random.default_rng([seed, 0]))
    n = len(registrations.patients)
    report.rows["gp_registrations"] = write_table(
        {
            "practice_code": categorical(registrations.practice_index, inputs.practice_codes),
            "lsoa21_code": categorical(registrations.lsoa_index, inputs.lsoa_codes),
            "sex": categorical(registrations.sex_index, SEXES),
            "age_band": categorical(registrations.age_index, AGE_BANDS),
            "registered_patients": registrations.patients,
            **synthetic_columns(n, data_source),
        },
        out_dir / "gp_registrations.parquet",
    )
    report.seconds["gp_registrations"] = time.perf_counter() - clock
    _progress(f"gp_registrations: {n:,} rows, {registrations.patients.sum():,} patients")

    clock = time.perf_counter()
    adults = np.bincount(registrations.practice_index, registrations.patients * (registrations.age_index > 0),
                         minlength=len(inputs.practice_codes))
    totals = np.bincount(registrations.practice_index, registrations.patients, minlength=len(inputs.practice_codes))
    qof = generate_qof(inputs, registrations.practice_lsoa_expected, adults / np.maximum(totals, 1), years,
                       np.random.default_rng([seed, 4]))
    report.rows["qof_registers"] = write_table(
        {
            "practice_code": categorical(qof.practice_index, inputs.practice_codes),
            "year": qof.year.astype(np.int16),
            "register_code": labelled(qof.register_code),
            "register_name": labelled(qof.register_name),
            "register_count": qof.register_count,
            "denominator": qof.denominator,
            "denominator_ages": labelled(qof.denominator_ages),
            "prevalence_basis": labelled(qof.prevalence_basis),
            **synthetic_columns(len(qof.year), data_source),
        },
        out_dir / "qof_registers.parquet",
    )
    report.seconds["qof_registers"] = time.perf_counter() - clock
    _progress(f"qof_registers: {report.rows['qof_registers']:,} rows")

    clock = time.perf_counter()
    children = generate_child_measurements(inputs, years, np.random.default_rng([seed, 5]))
    report.rows["child_measurements"] = write_table(
        {
            "lsoa21_code": categorical(children.lsoa_index, inputs.lsoa_codes),
            "year": children.year.astype(np.int16),
            "school_year": labelled(children.school_year),
            "children_measured": children.children_measured,
            "children_obese": children.children_obese,
            **synthetic_columns(len(children.year), data_source),
        },
        out_dir / "child_measurements.parquet",
    )
    report.seconds["child_measurements"] = time.perf_counter() - clock
    _progress(f"child_measurements: {report.rows['child_measurements']:,} rows")

    clock = time.perf_counter()
    cohort = make_cohort(inputs, seed)
    report.rows["patient_records"] = 0
    for year in years:
        report.rows["patient_records"] += write_table(
            records_columns(inputs, cohort, year, seed, data_source), out_dir / f"patient_records_{year}.parquet"
        )
        _progress(f"patient_records {year}: {len(cohort.pseudo_id):,} rows")
    report.seconds["patient_records"] = time.perf_counter() - clock
    report.seconds["total"] = time.perf_counter() - started
    (out_dir / MANIFEST).write_text(
        json.dumps(
            {"generator": "spi generate-health", "generator_version": GENERATOR_VERSION, "is_synthetic": True,
             "seed": seed, "years": years,
             "rows": report.rows, "seconds": {k: round(v, 2) for k, v in report.seconds.items()}},
            indent=2,
        )
        + "\n"
    )
    return report


def is_generated(out_dir: Path = GENERATED_HEALTH_DIR) -> bool:
    """True when out_dir holds a complete set of extracts from this version of the generator."""
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        return False
    content = json.loads(manifest.read_text())
    if content.get("generator_version") != GENERATOR_VERSION:
        return False
    years = content.get("years", [])
    expected = [f"{name}.parquet" for name in EXTRACTS[:3]] + [f"patient_records_{year}.parquet" for year in years]
    return bool(years) and all((out_dir / name).exists() for name in expected)


def ensure_generated(out_dir: Path = GENERATED_HEALTH_DIR) -> None:
    """Generate the default extracts (default seed, deterministic) when they are missing."""
    if not is_generated(out_dir):
        _progress(f"synthetic health extracts missing or stale in {out_dir}: generating them (seed={DEFAULT_SEED})")
        generate(out_dir)
