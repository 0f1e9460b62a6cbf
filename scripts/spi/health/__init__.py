"""Synthetic NHS health extracts for the ward SPI (`spi generate-health`).

Real record-level NHS data is not public, so these modules make extracts shaped like what an ICB hands over,
calibrated to real inputs (GP practice list sizes, QOF, Census 2021, IoD 2025). Every row they write carries
`is_synthetic = true` and a `data_source` naming the generator and its seed.
"""

from __future__ import annotations

AGE_BANDS = ("0-15", "16-24", "25-34", "35-49", "50-64", "65+")
SEXES = ("F", "M")
DEFAULT_SEED = 20250401
DEFAULT_YEARS = (2022, 2023, 2024)
# bump when the generator's output changes: `spi build` regenerates default extracts of another version
# (3: per-local-authority seeding and pseudo ids, inputs from the national files, regions icb and england)
GENERATOR_VERSION = 3
