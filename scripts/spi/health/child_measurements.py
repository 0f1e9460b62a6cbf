"""(d) National Child Measurement Programme-style counts by LSOA: reception and year 6, obese or not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spi.health.inputs import LsoaInputs

# England NCMP 2022/23: 9.2% obese at reception, 22.7% at year 6; participation ~ 93%
SCHOOL_YEARS = {"reception": (0.092, 0.30), "year_6": (0.227, 0.22)}
PARTICIPATION = 0.93


@dataclass(frozen=True)
class ChildMeasurements:
    lsoa_index: np.ndarray
    year: np.ndarray
    school_year: np.ndarray
    children_measured: np.ndarray
    children_obese: np.ndarray


def generate_child_measurements(lsoas: LsoaInputs, years: list[int], rng: np.random.Generator) -> ChildMeasurements:
    """One local authority's LSOAs (lsoa_index points into them); rng seeded for that authority."""
    n_lsoas = len(lsoas.lsoa_codes)
    children_per_year_of_age = lsoas.population[:, 0] / 16  # band 0-15 holds 16 single years
    # the IoD health score is centred on England (mean about 0), so the England rates apply as they are and
    # an LSOA's children do not depend on which region is generated
    health = lsoas.health_score
    parts: dict[str, list[np.ndarray]] = {name: [] for name in ChildMeasurements.__dataclass_fields__}
    for year in years:
        for school_year, (england_rate, gradient) in SCHOOL_YEARS.items():
            measured = rng.binomial(np.round(children_per_year_of_age).astype(np.int64), PARTICIPATION)
            obese = rng.binomial(measured, np.clip(england_rate * np.exp(gradient * health), 0, 0.9))
            parts["lsoa_index"].append(np.arange(n_lsoas))
            parts["year"].append(np.full(n_lsoas, year))
            parts["school_year"].append(np.full(n_lsoas, school_year, dtype=object))
            parts["children_measured"].append(measured.astype(np.int64))
            parts["children_obese"].append(obese.astype(np.int64))
    return ChildMeasurements(**{name: np.concatenate(values) for name, values in parts.items()})
