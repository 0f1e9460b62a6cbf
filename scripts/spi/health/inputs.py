"""Real inputs of the generator, read from data/raw (practices, LSOA populations, deprivation, QOF)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from spi.areas import area_codes_of, is_area_region, resolve_area
from spi.health import AGE_BANDS

CENSUS_COLUMNS = ("age_15_and_under", "age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus")


@dataclass(frozen=True)
class Inputs:
    lsoa_codes: np.ndarray  # (L,) str
    lsoa_lad_codes: np.ndarray  # (L,) str
    lsoa_xy_km: np.ndarray  # (L, 2) projected km
    lsoa_population: np.ndarray  # (L, A) Census 2021 residents by AGE_BANDS
    health_score: np.ndarray  # (L,) IoD 2025 health deprivation and disability score (higher is worse)
    income_score: np.ndarray  # (L,) IoD 2025 income deprivation rate
    practice_codes: np.ndarray  # (P,) str
    practice_list_size: np.ndarray  # (P,) registered patients
    practice_xy_km: np.ndarray  # (P, 2)
    practice_lad_codes: np.ndarray  # (P,) str, LA of the practice (its PCN's main LA when outside the area)
    practice_real_prevalence: dict[str, dict[str, float]]  # register -> practice code -> % (real QOF)
    lad_prevalence: dict[str, dict[str, float]]  # register -> LA code -> % (modelled QOF, House of Commons)


def _xy_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Equirectangular projection around 52.9N: good to a few metres over one ICB."""
    return np.column_stack([lon * 111.32 * np.cos(np.radians(52.9)), lat * 110.57])


def _lsoa_centroids(geojson: Path) -> dict[str, tuple[float, float]]:
    """Mean of the outer-ring vertices of each LSOA: close enough to the centroid for distance decay."""
    centroids = {}
    for feature in json.loads(geojson.read_text())["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        points = np.concatenate([np.asarray(polygon[0], dtype=float)[:, :2] for polygon in polygons])
        centroids[feature["properties"]["LSOA21CD"]] = (float(points[:, 0].mean()), float(points[:, 1].mean()))
    return centroids


def load_inputs(raw_dir: Path) -> Inputs:
    """Read and align every real input; raises naming the file when one is missing."""
    for relative in (
        "icb/lsoa21_icb24_ssot.csv",
        "icb/lsoa21_boundaries_ssot.geojson",
        "national/census21_population_agebands_lsoa21_ew.parquet",
        "icb/imd2025_lsoa21_ssot.csv",
        "icb/lsoa21_to_wd24_ssot.csv",
        "icb_health/gp_practices_payments_2223_ssot.csv",
        "icb_health/qof_cvd_prevalence_achievement_practice_ssot.csv",
        "icb_health/hoc_qof_modelled_prevalence_1920_lad_ssot.csv",
    ):
        if not (raw_dir / relative).exists():
            raise FileNotFoundError(f"{raw_dir / relative}: real input of the health generator is missing")
    con = duckdb.connect()
    census_cols = ", ".join(f"cast(census.{column} as double)" for column in CENSUS_COLUMNS)
    lsoas = con.execute(
        f"""
        select icb.lsoa21_code, lookup.lad_code, {census_cols},
               cast(imd.Health_score as double), cast(imd.Income_score as double)
        from read_csv('{raw_dir}/icb/lsoa21_icb24_ssot.csv', all_varchar = true) as icb
        inner join read_parquet('{raw_dir}/national/census21_population_agebands_lsoa21_ew.parquet') as census
            on icb.lsoa21_code = census.lsoa21_code
        inner join read_csv('{raw_dir}/icb/imd2025_lsoa21_ssot.csv', all_varchar = true) as imd
            on icb.lsoa21_code = imd.lsoa21_code
        inner join (
            select lsoa21_code, any_value(ltla24_code) as lad_code
            from read_parquet('{raw_dir}/national/lookup_lsoa21_wd24_lad24_ew.parquet')
            group by lsoa21_code
        ) as lookup
            on icb.lsoa21_code = lookup.lsoa21_code
        order by icb.lsoa21_code
        """
    ).fetchall()
    codes = np.array([row[0] for row in lsoas])
    centroids = _lsoa_centroids(raw_dir / "icb/lsoa21_boundaries_ssot.geojson")
    lon_lat = np.array([centroids[code] for code in codes])
    practices = con.execute(
        f"""
        select "Practice Code", "PCN Code", cast("Number of Registered Patients (Last Known Figure)" as double),
               try_cast(lon as double), try_cast(lat as double), "LAD25CD_from_postcode"
        from read_csv('{raw_dir}/icb_health/gp_practices_payments_2223_ssot.csv', all_varchar = true)
        order by 1
        """
    ).fetchall()
    pcodes = np.array([row[0] for row in practices])
    plon = np.array([row[3] if row[3] is not None and np.isfinite(row[3]) else np.nan for row in practices])
    plat = np.array([row[4] if row[4] is not None and np.isfinite(row[4]) else np.nan for row in practices])
    plad = np.array([row[5] or "" for row in practices], dtype=object)
    pcn = np.array([row[1] for row in practices])
    # practices outside the area (no coordinates) sit at the mean place of their PCN's other practices
    for index in np.flatnonzero(np.isnan(plon)):
        peers = (pcn == pcn[index]) & ~np.isnan(plon)
        plon[index], plat[index] = plon[peers].mean(), plat[peers].mean()
        lads = [lad for lad in plad[peers] if lad]
        plad[index] = max(set(lads), key=lads.count)
    real = con.execute(
        f"""
        select "Practice.Code", try_cast(Prevalence_HYP as double), try_cast(Prevalence_CHD as double),
               try_cast(Prevalence_AF as double), try_cast(Prevalence_HF as double),
               try_cast(Prevalence_STIA as double), try_cast(Prevalence_PAD as double)
        from read_csv('{raw_dir}/icb_health/qof_cvd_prevalence_achievement_practice_ssot.csv', all_varchar = true)
        """
    ).fetchall()
    practice_real: dict[str, dict[str, float]] = {name: {} for name in ("HYP", "CHD", "AF", "HF", "STIA", "PAD")}
    for row in real:
        for name, value in zip(practice_real, row[1:], strict=False):
            if value is not None and np.isfinite(value):
                practice_real[name][row[0]] = value
    lad_rows = con.execute(
        f"""
        select group_code, lad_code, 100 * cast(prevalence as double)
        from read_csv('{raw_dir}/icb_health/hoc_qof_modelled_prevalence_1920_lad_ssot.csv', all_varchar = true)
        """
    ).fetchall()
    lad_prevalence: dict[str, dict[str, float]] = {}
    for group, lad, value in lad_rows:
        lad_prevalence.setdefault(group, {})[lad] = value
    con.close()
    return Inputs(
        lsoa_codes=codes,
        lsoa_lad_codes=np.array([row[1] for row in lsoas]),
        lsoa_xy_km=_xy_km(lon_lat[:, 0], lon_lat[:, 1]),
        lsoa_population=np.array([row[2 : 2 + len(AGE_BANDS)] for row in lsoas], dtype=float),
        health_score=np.array([row[8] for row in lsoas], dtype=float),
        income_score=np.array([row[9] for row in lsoas], dtype=float),
        practice_codes=pcodes,
        practice_list_size=np.array([row[2] for row in practices], dtype=float),
        practice_xy_km=_xy_km(plon, plat),
        practice_lad_codes=plad.astype(str),
        practice_real_prevalence=practice_real,
        lad_prevalence=lad_prevalence,
    )


@dataclass(frozen=True)
class LsoaInputs:
    """What the record-level and child extracts need per LSOA, sorted by local authority then LSOA code.

    Read from the national files for every region, so an LSOA's inputs (and so its synthetic people) are the
    same whichever region is generated.
    """

    lsoa_codes: np.ndarray  # (L,) str
    lad_codes: np.ndarray  # (L,) str, contiguous runs per local authority
    population: np.ndarray  # (L, A) Census 2021 residents by AGE_BANDS
    health_score: np.ndarray  # (L,) IoD 2025 health deprivation and disability score (England mean about 0)
    income_score: np.ndarray  # (L,) IoD 2025 income deprivation rate

    def lad_slices(self) -> list[tuple[str, slice]]:
        """(LAD code, rows of its LSOAs) in order: the generator's unit of work and of randomness."""
        starts = np.flatnonzero(np.r_[True, self.lad_codes[1:] != self.lad_codes[:-1]])
        ends = np.r_[starts[1:], len(self.lad_codes)]
        return [(str(self.lad_codes[start]), slice(int(start), int(end))) for start, end in zip(starts, ends, strict=True)]

    def rows(self, selected: slice | np.ndarray) -> LsoaInputs:
        return LsoaInputs(
            lsoa_codes=self.lsoa_codes[selected],
            lad_codes=self.lad_codes[selected],
            population=self.population[selected],
            health_score=self.health_score[selected],
            income_score=self.income_score[selected],
        )


def load_lsoa_inputs(raw_dir: Path, region: str) -> LsoaInputs:
    """LSOA inputs of the region: icb (the LSOAs of icb/lsoa21_icb24_ssot.csv), england (every E01 LSOA) or an
    area ('area:CODE,...': every LSOA of the local authorities the area's LSOAs are in)."""
    national = raw_dir / "national"
    for path in (
        national / "census21_population_agebands_lsoa21_ew.parquet",
        national / "iod2025_lsoa21_scores_ranks_deciles_england.parquet",
        national / "lookup_lsoa21_wd24_lad24_ew.parquet",
        raw_dir / "icb/lsoa21_icb24_ssot.csv",
    ):
        if not path.exists():
            raise FileNotFoundError(f"{path}: real input of the health generator is missing")
    if region == "icb":
        in_region = f"census.lsoa21_code in (select lsoa21_code from read_csv('{raw_dir}/icb/lsoa21_icb24_ssot.csv', all_varchar = true))"
    elif region == "england":
        in_region = "census.lsoa21_code like 'E01%'"
    elif is_area_region(region):
        # whole local authorities (the generator's unit of randomness), so an authority's people are the same
        # as in an England run; the build keeps the area's LSOAs
        lads = resolve_area(area_codes_of(region), raw_dir).lsoa_lad_codes
        in_region = "census.lsoa21_code like 'E01%' and lookup.lad_code in (" + ", ".join(f"'{lad}'" for lad in lads) + ")"
    else:
        raise ValueError(f"region must be icb, england or 'area:CODE,...', got {region!r}")
    census_cols = ", ".join(f"cast(census.{column} as double)" for column in CENSUS_COLUMNS)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"""
            select census.lsoa21_code, lookup.lad_code, {census_cols},
                   cast(iod.Health_score as double), cast(iod.Income_score as double)
            from read_parquet('{national}/census21_population_agebands_lsoa21_ew.parquet') as census
            inner join read_parquet('{national}/iod2025_lsoa21_scores_ranks_deciles_england.parquet') as iod
                on census.lsoa21_code = iod.lsoa21_code
            inner join (
                select lsoa21_code, any_value(ltla24_code) as lad_code
                from read_parquet('{national}/lookup_lsoa21_wd24_lad24_ew.parquet')
                group by lsoa21_code
            ) as lookup
                on census.lsoa21_code = lookup.lsoa21_code
            where {in_region}
            order by lookup.lad_code, census.lsoa21_code
            """
        ).fetchall()
    finally:
        con.close()
    if not rows:
        raise ValueError(f"no LSOAs found for region {region!r} in {national}")
    return LsoaInputs(
        lsoa_codes=np.array([row[0] for row in rows]),
        lad_codes=np.array([row[1] for row in rows]),
        population=np.array([row[2 : 2 + len(AGE_BANDS)] for row in rows], dtype=float),
        health_score=np.array([row[2 + len(AGE_BANDS)] for row in rows], dtype=float),
        income_score=np.array([row[3 + len(AGE_BANDS)] for row in rows], dtype=float),
    )
