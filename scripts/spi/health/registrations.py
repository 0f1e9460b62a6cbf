"""(a) GP registrations by practice x LSOA21 x sex x age band.

Each practice draws from LSOAs with distance decay from the practice to the LSOA centroid; iterative
proportional fitting then makes the practice totals equal the real list sizes and the LSOA totals follow the
Census 2021 populations (scaled up to the list total: lists hold more people than live in the area).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spi.health import AGE_BANDS
from spi.health.inputs import Inputs

DECAY_KM = 2.5  # practices draw most patients from within a few kilometres
FEMALE_SHARE = np.array([0.487, 0.490, 0.500, 0.505, 0.505, 0.545])  # by AGE_BANDS (Census 2021, England)
IPF_ITERATIONS = 60


@dataclass(frozen=True)
class Registrations:
    practice_index: np.ndarray  # (N,) int
    lsoa_index: np.ndarray  # (N,) int
    sex_index: np.ndarray  # (N,) 0 = F, 1 = M
    age_index: np.ndarray  # (N,) into AGE_BANDS
    patients: np.ndarray  # (N,) int >= 1
    practice_lsoa_expected: np.ndarray  # (P, L) fitted expected patients


def fit_practice_lsoa(inputs: Inputs) -> np.ndarray:
    """Expected patients of each practice living in each LSOA (P x L), rows = list sizes."""
    distance = np.linalg.norm(inputs.practice_xy_km[:, None, :] - inputs.lsoa_xy_km[None, :, :], axis=2)
    # a long, thin tail keeps every LSOA reachable so the fit converges for rural LSOAs far from any practice
    matrix = np.exp(-distance / DECAY_KM) + 1e-3 * np.exp(-distance / 15.0)
    rows = inputs.practice_list_size
    columns = inputs.lsoa_population.sum(axis=1)
    columns = columns * rows.sum() / columns.sum()
    for _ in range(IPF_ITERATIONS):
        matrix *= (rows / np.maximum(matrix.sum(axis=1), 1e-12))[:, None]
        matrix *= (columns / np.maximum(matrix.sum(axis=0), 1e-12))[None, :]
    matrix *= (rows / np.maximum(matrix.sum(axis=1), 1e-12))[:, None]  # end on rows: list sizes are the hard constraint (a practice with no list keeps none)
    return np.asarray(matrix)


def generate_registrations(inputs: Inputs, rng: np.random.Generator) -> Registrations:
    expected = fit_practice_lsoa(inputs)
    age_share = inputs.lsoa_population / inputs.lsoa_population.sum(axis=1, keepdims=True)  # (L, A)
    sex_share = np.stack([FEMALE_SHARE, 1 - FEMALE_SHARE], axis=0)  # (S, A)
    cells = expected[:, :, None, None] * sex_share[None, None, :, :] * age_share[:, None, :][None, :, :, :]
    # stochastic rounding keeps totals right on average without a per-row loop
    counts = np.floor(cells)
    counts += rng.random(cells.shape) < (cells - counts)
    practice, lsoa, sex, age = np.nonzero(counts)
    return Registrations(
        practice_index=practice,
        lsoa_index=lsoa,
        sex_index=sex,
        age_index=age,
        patients=counts[practice, lsoa, sex, age].astype(np.int64),
        practice_lsoa_expected=expected,
    )


assert len(FEMALE_SHARE) == len(AGE_BANDS)
