"""Orchestrates the generator: real inputs -> four synthetic extracts -> Parquet files and manifest.json.

Region icb or england: the record-level extract and the child measurements cover the region's LSOAs, made
local authority by local authority (the same people whichever region); the practice-based extracts (GP
registrations, QOF registers) exist for the ICB's practices only and are the same in both regions.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from spi.health import AGE_BANDS, DEFAULT_SEED, DEFAULT_YEARS, GENERATOR_VERSION, SEXES
from spi.storage.atomic_dir import remove_stale_staging, replaced_directory
from spi.health.child_measurements import ChildMeasurements, generate_child_measurements
from spi.health.inputs import LsoaInputs, load_inputs, load_lsoa_inputs
from spi.health.qof import generate_qof
from spi.health.records import SMOKING_STATUSES, Cohort, generate_year, lad_number, make_cohort
from spi.health.registrations import generate_registrations
from spi.health.writer import ChunkedWriter, categorical, labelled, synthetic_columns, write_table
from spi.project import RAW_DATA_DIR, REGIONS, health_data_dir

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


def records_columns(lsoas: LsoaInputs, cohort: Cohort, year: int, seed: int, lad: int, data_source: str) -> dict[str, Any]:
    records = generate_year(lsoas, cohort, year, seed, lad)
    n_rows = len(cohort.pseudo_id)
    return {
        "pseudo_id": cohort.pseudo_id,
        "year": np.full(n_rows, year, dtype=np.int16),
        "lsoa21_code": categorical(cohort.lsoa_index, lsoas.lsoa_codes),
        "sex": categorical(cohort.sex_index, SEXES),
        "age_band": categorical(cohort.age_index, AGE_BANDS),
        "ae_attendances": records.ae_attendances,
        "emergency_admissions": records.emergency_admissions,
        "long_term_conditions": records.long_term_conditions,
        "smoking_status": categorical(records.smoking_status_index, SMOKING_STATUSES),
        **synthetic_columns(n_rows, data_source),
    }


def write_patient_records(lsoas: LsoaInputs, out_dir: Path, years: list[int], seed: int, data_source: str,
                          lad_codes: Iterable[str] | None = None) -> dict[int, int]:
    """Write patient_records_<year>.parquet, one row group per local authority; returns rows per year.

    Each authority's people depend only on (seed, authority, its LSOAs' inputs), so `lad_codes` (default:
    all of `lsoas`) can pick a few authorities and get exactly their rows of a full run.
    """
    wanted = None if lad_codes is None else set(lad_codes)
    lads = [(code, rows) for code, rows in lsoas.lad_slices() if wanted is None or code in wanted]
    writers = {year: ChunkedWriter(out_dir / f"patient_records_{year}.parquet") for year in years}
    started = time.perf_counter()
    try:
        for done, (code, rows) in enumerate(lads, start=1):
            lad_lsoas = lsoas.rows(rows)
            cohort = make_cohort(lad_lsoas, seed, lad_number(code))
            for year in years:
                writers[year].append(records_columns(lad_lsoas, cohort, year, seed, lad_number(code), data_source))
            if done % 25 == 0 or done == len(lads):
                total = sum(writer.rows for writer in writers.values())
                _progress(f"patient_records: {done}/{len(lads)} local authorities, {total:,} rows, "
                          f"{time.perf_counter() - started:.1f} s")
    finally:
        for writer in writers.values():
            writer.close()
    return {year: writer.rows for year, writer in writers.items()}


def child_measurement_columns(lsoas: LsoaInputs, years: list[int], seed: int, data_source: str) -> dict[str, Any]:
    """Child measurements of every LSOA, drawn per local authority (seeded by its number) like the records."""
    parts = []
    for code, rows in lsoas.lad_slices():
        lad_children = generate_child_measurements(
            lsoas.rows(rows), years, np.random.default_rng([seed, 5, lad_number(code)])
        )
        parts.append(replace(lad_children, lsoa_index=lad_children.lsoa_index + rows.start))
    children = ChildMeasurements(
        **{name: np.concatenate([getattr(part, name) for part in parts]) for name in ChildMeasurements.__dataclass_fields__}
    )
    return {
        "lsoa21_code": categorical(children.lsoa_index, lsoas.lsoa_codes),
        "year": children.year.astype(np.int16),
        "school_year": labelled(children.school_year),
        "children_measured": children.children_measured,
        "children_obese": children.children_obese,
        **synthetic_columns(len(children.year), data_source),
    }


def generate(out_dir: Path | None = None, seed: int = DEFAULT_SEED, years: list[int] | None = None,
             raw_dir: Path = RAW_DATA_DIR, region: str = "icb") -> GenerationReport:
    """Write every extract of the region into out_dir (default: the region's folder), replacing it whole.

    The files are written into a staging folder beside out_dir that takes its place only when complete, so
    a killed run leaves the previous folder (or none), never a part-written one that is_generated accepts.
    """
    if region not in REGIONS and not region.startswith("area:"):
        raise ValueError(f"region must be one of {', '.join(REGIONS)} or 'area:CODE,...', got {region!r}")
    out_dir = Path(out_dir or health_data_dir(region))
    for stale in remove_stale_staging(out_dir):
        _progress(f"removed {stale.name}, left by a generation that did not finish")
    with replaced_directory(out_dir) as staging:
        staging.chmod(0o755)  # mkdtemp makes it private; the extracts are read like any other data folder
        report = _generate_into(staging, seed, sorted(years or DEFAULT_YEARS), raw_dir, region)
    return report


def _generate_into(out_dir: Path, seed: int, years: list[int], raw_dir: Path, region: str) -> GenerationReport:
    report = GenerationReport(seed=seed, years=years)
    data_source = f"synthetic: spi generate-health seed={seed}"
    started = time.perf_counter()
    inputs = load_inputs(raw_dir)
    lsoas = load_lsoa_inputs(raw_dir, region)
    report.seconds["inputs"] = time.perf_counter() - started
    _progress(f"read real inputs: {len(inputs.practice_codes)} practices (ICB), {len(lsoas.lsoa_codes):,} LSOAs "
              f"in {len(lsoas.lad_slices())} local authorities ({region})")

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
    report.rows["child_measurements"] = write_table(
        child_measurement_columns(lsoas, years, seed, data_source), out_dir / "child_measurements.parquet"
    )
    report.seconds["child_measurements"] = time.perf_counter() - clock
    _progress(f"child_measurements: {report.rows['child_measurements']:,} rows")

    clock = time.perf_counter()
    rows_per_year = write_patient_records(lsoas, out_dir, years, seed, data_source)
    report.rows["patient_records"] = sum(rows_per_year.values())
    report.seconds["patient_records"] = time.perf_counter() - clock
    report.seconds["total"] = time.perf_counter() - started
    (out_dir / MANIFEST).write_text(
        json.dumps(
            {"generator": "spi generate-health", "generator_version": GENERATOR_VERSION, "is_synthetic": True,
             "region": region, "seed": seed, "years": years, "files": sorted(_expected_files(years)),
             "rows": report.rows, "seconds": {k: round(v, 2) for k, v in report.seconds.items()}},
            indent=2,
        )
        + "\n"
    )
    return report


def _expected_files(years: list[int]) -> list[str]:
    return [f"{name}.parquet" for name in EXTRACTS[:3]] + [f"patient_records_{year}.parquet" for year in years]


def is_generated(out_dir: Path | None = None, region: str = "icb") -> bool:
    """True when out_dir holds a complete set of the region's extracts from this version of the generator."""
    out_dir = Path(out_dir or health_data_dir(region))
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        return False
    try:
        content = json.loads(manifest.read_text())
    except json.JSONDecodeError:
        return False
    if content.get("generator_version") != GENERATOR_VERSION or content.get("region") != region:
        return False
    years = content.get("years", [])
    return bool(years) and all((out_dir / name).exists() for name in _expected_files(years))


def declared_real(out_dir: Path) -> bool:
    """True when out_dir holds a real health extract: its manifest.json says "is_synthetic": false.

    Such a folder is never generated over; `spi build` lets its measures into the index (var
    health_extract_status = real) and a dbt test fails if its rows still say is_synthetic = true.
    """
    manifest = Path(out_dir) / MANIFEST
    try:
        content = json.loads(manifest.read_text())
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(content, dict) and content.get("is_synthetic") is False


def ensure_generated(out_dir: Path | None = None, region: str = "icb") -> None:
    """Generate the region's default extracts (default seed, deterministic) when missing, partial or stale."""
    out_dir = Path(out_dir or health_data_dir(region))
    if declared_real(out_dir):
        return
    if not is_generated(out_dir, region):
        _progress(f"synthetic health extracts ({region}) missing or stale in {out_dir}: generating them "
                  f"(seed={DEFAULT_SEED})")
        generate(out_dir, region=region)
