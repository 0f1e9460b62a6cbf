"""(b) QOF disease registers per practice and year.

Where the ICB file has a practice's real QOF prevalence (hypertension, CHD, AF, heart failure, stroke/TIA,
PAD) the register is drawn around it; otherwise around the local authority's modelled QOF prevalence,
shifted by the health deprivation of the practice's patients (from the synthetic registrations).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spi.health.inputs import Inputs

# register code -> (name, adults only, deprivation gradient per IoD health score point, yearly drift)
REGISTERS = {
    "DM": ("Diabetes mellitus", True, 0.15, 0.020),
    "HYP": ("Hypertension", False, 0.08, 0.005),
    "DEP": ("Depression", True, 0.20, 0.060),
    "AST": ("Asthma", False, 0.10, 0.000),
    "COPD": ("Chronic obstructive pulmonary disease", False, 0.35, -0.005),
    "OB": ("Obesity (BMI 30+)", True, 0.15, 0.030),
    "CHD": ("Coronary heart disease", False, 0.15, -0.010),
    "AF": ("Atrial fibrillation", False, 0.00, 0.020),
    "HF": ("Heart failure", False, 0.15, 0.030),
    "STIA": ("Stroke and transient ischaemic attack", False, 0.10, 0.005),
    "PAD": ("Peripheral arterial disease", False, 0.20, -0.010),
    "CKD": ("Chronic kidney disease (18+)", True, 0.05, 0.000),
    "MH": ("Serious mental illness", False, 0.30, 0.010),
    "DEM": ("Dementia", False, 0.00, 0.010),
    "CAN": ("Cancer", False, -0.05, 0.030),
}
BASE_YEAR = 2022


@dataclass(frozen=True)
class QofRegisters:
    practice_index: np.ndarray
    year: np.ndarray
    register_code: np.ndarray
    register_name: np.ndarray
    register_count: np.ndarray
    denominator: np.ndarray
    denominator_ages: np.ndarray
    prevalence_basis: np.ndarray


def generate_qof(
    inputs: Inputs, practice_lsoa: np.ndarray, adult_share: np.ndarray, years: list[int], rng: np.random.Generator
) -> QofRegisters:
    """practice_lsoa: (P, L) expected patients; adult_share: (P,) share of patients aged 16 and over."""
    weights = practice_lsoa / np.maximum(practice_lsoa.sum(axis=1, keepdims=True), 1e-12)
    practice_health = weights @ inputs.health_score
    practice_health -= practice_health.mean()
    columns: dict[str, list[np.ndarray]] = {name: [] for name in QofRegisters.__dataclass_fields__}
    n_practices = len(inputs.practice_codes)
    for year in years:
        for code, (name, adults, gradient, drift) in REGISTERS.items():
            real = inputs.practice_real_prevalence.get(code, {})
            lad = inputs.lad_prevalence.get(code, {})
            fallback = np.mean(list(lad.values())) if lad else 1.0
            modelled = np.array([lad.get(la, fallback) for la in inputs.practice_lad_codes])
            modelled = modelled * np.exp(gradient * practice_health)
            is_real = np.array([practice in real for practice in inputs.practice_codes])
            percent = np.where(is_real, [real.get(practice, 0.0) for practice in inputs.practice_codes], modelled)
            percent = percent * (1 + drift) ** (year - BASE_YEAR)
            denominator = np.round(inputs.practice_list_size * (adult_share if adults else 1.0)).astype(np.int64)
            counts = rng.binomial(denominator, np.clip(percent / 100, 0, 1))
            columns["practice_index"].append(np.arange(n_practices))
            columns["year"].append(np.full(n_practices, year))
            columns["register_code"].append(np.full(n_practices, code, dtype=object))
            columns["register_name"].append(np.full(n_practices, name, dtype=object))
            columns["register_count"].append(counts.astype(np.int64))
            columns["denominator"].append(denominator)
            columns["denominator_ages"].append(np.full(n_practices, "16+" if adults else "all ages", dtype=object))
            columns["prevalence_basis"].append(
                np.where(is_real, "real practice QOF prevalence", "modelled LA QOF prevalence x deprivation")
            )
    return QofRegisters(**{name: np.concatenate(parts) for name, parts in columns.items()})
