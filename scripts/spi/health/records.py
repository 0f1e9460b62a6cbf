"""(c) Pseudonymised record-level extract: one row per resident per year.

Residents are the Census 2021 population of each LSOA by age band (a fixed cohort across the years).
Generated one local authority at a time, with randomness and pseudo ids keyed by the authority's number,
so a person is the same (id and values) whichever region is generated and memory stays per authority.
Outcome rates follow the LSOA's IoD 2025 health deprivation score and income deprivation rate, with a
person-level frailty shared by every outcome and every year, so the same people keep showing up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spi.health.inputs import LsoaInputs
from spi.health.registrations import FEMALE_SHARE

# per person per year, by AGE_BANDS (England-scale: ~0.45 A&E attendances and ~0.11 emergency admissions)
AE_RATE = np.array([0.48, 0.46, 0.38, 0.31, 0.29, 0.50])
ADMISSION_RATE = np.array([0.055, 0.055, 0.065, 0.070, 0.100, 0.300])
LTC_RATE = np.array([0.08, 0.15, 0.25, 0.50, 1.10, 2.40])
SMOKING_AGE = np.array([0.0, 0.9, 1.25, 1.1, 1.0, 0.55])
SMOKING_STATUSES = np.array(["current", "ex", "never", "not_applicable"], dtype=object)
PSEUDO_KEY_MULTIPLIER = 0x9E3779B97F4A7C15 & ((1 << 62) - 1) | 1
ROW_BITS = 24  # rows within one local authority (the largest, Birmingham, has 1.1 million residents)


def lad_number(lad_code: str) -> int:
    """E07000194 -> 7000194: the local authority's part of every seed and pseudo id."""
    return int(lad_code[1:])


@dataclass(frozen=True)
class Cohort:
    lsoa_index: np.ndarray
    age_index: np.ndarray
    sex_index: np.ndarray
    pseudo_id: np.ndarray
    frailty: np.ndarray


@dataclass(frozen=True)
class YearRecords:
    year: int
    ae_attendances: np.ndarray
    emergency_admissions: np.ndarray
    long_term_conditions: np.ndarray
    smoking_status_index: np.ndarray


def make_cohort(lsoas: LsoaInputs, seed: int, lad: int) -> Cohort:
    """The residents of one local authority (lsoas: its LSOAs; lsoa_index points into them)."""
    rng = np.random.default_rng([seed, 1, lad])
    residents = np.round(lsoas.population).astype(np.int64)  # (L, A)
    lsoa_grid, age_grid = np.indices(residents.shape)
    lsoa_index = np.repeat(lsoa_grid.ravel(), residents.ravel()).astype(np.int32)
    age_index = np.repeat(age_grid.ravel(), residents.ravel()).astype(np.int8)
    if len(lsoa_index) >= 1 << ROW_BITS:
        raise ValueError(f"local authority {lad} has {len(lsoa_index):,} residents: too many for its id range")
    sex_index = (rng.random(len(lsoa_index)) >= FEMALE_SHARE[age_index]).astype(np.int8)
    # a keyed bijection of (authority, row): unique across authorities, stable across years and regions,
    # not guessable as a sequence
    key = int(np.random.default_rng([seed, 2]).integers(1, 1 << 62))
    row = (np.uint64(lad) << np.uint64(ROW_BITS)) | np.arange(len(lsoa_index), dtype=np.uint64)
    mask = np.uint64((1 << 62) - 1)
    pseudo = ((row * np.uint64(PSEUDO_KEY_MULTIPLIER)) ^ np.uint64(key)) & mask
    frailty = rng.gamma(shape=2.0, scale=0.5, size=len(lsoa_index))
    return Cohort(lsoa_index, age_index, sex_index, pseudo.astype(np.int64), frailty)


def generate_year(lsoas: LsoaInputs, cohort: Cohort, year: int, seed: int, lad: int) -> YearRecords:
    rng = np.random.default_rng([seed, 3, lad, year])
    health = lsoas.health_score[cohort.lsoa_index]
    income = lsoas.income_score[cohort.lsoa_index]
    age = cohort.age_index
    trend = 1.03 ** (year - 2022)
    ae = rng.poisson(AE_RATE[age] * np.exp(0.22 * health) * cohort.frailty * trend)
    admissions = rng.poisson(ADMISSION_RATE[age] * np.exp(0.28 * health) * cohort.frailty * trend)
    ltc = rng.poisson(LTC_RATE[age] * np.exp(0.15 * health) * np.sqrt(cohort.frailty))
    current = np.clip((0.055 + 0.42 * income) * SMOKING_AGE[age] * (0.98 ** (year - 2022)), 0, 0.9)
    ex = np.where(age >= 4, 0.28, 0.12)
    draw = rng.random(len(age))
    status = np.where(draw < current, 0, np.where(draw < current + ex, 1, 2)).astype(np.int8)
    status[age == 0] = 3
    return YearRecords(
        year=year,
        ae_attendances=ae.astype(np.int16),
        emergency_admissions=admissions.astype(np.int16),
        long_term_conditions=ltc.astype(np.int16),
        smoking_status_index=status,
    )
