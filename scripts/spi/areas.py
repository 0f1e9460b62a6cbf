"""Areas a build can score: any English ICB (E54), local authority (E06-E09) or region (E12), from the lookups.

`spi build --area CODE[,CODE...]` builds the WD25 wards of the areas. An area build is written in Python as
the region string "area:CODE,CODE" (build record, health extracts' manifest) and passed to dbt as the vars
region = area, area_codes = [CODE, ...]. Membership is decided as macros/region_filter.sql decides it, but
counted here straight from the raw lookup files, so the build's row-count tests check the models against an
independent count (never a number written by hand):
- a ward the ONS LSOA21 -> WD25 best-fit lookup gives LSOAs is in the area with those of its LSOAs that are:
  by the LSOA's ICB and region (ONS LSOA21 -> WD24 lookup) or its best-fit local authority (LAD25);
- a ward no LSOA best-fits to (33 in England) is in the area if the LSOA covering most of it (the derived
  area overlay) has the area's ICB or region, or if the ward's own local authority is the area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from spi.project import project_dir

AREA_PREFIX = "area:"
CODE_PATTERN = re.compile(r"^E(54|06|07|08|09|12)\d{6}$")
KINDS = {"E54": "ICB", "E06": "local authority", "E07": "local authority", "E08": "local authority",
         "E09": "local authority", "E12": "region"}
LOOKUP_2024 = Path("national") / "lookup_lsoa21_wd24_lad24_ew.parquet"
BEST_FIT = Path("national") / "geography" / "lookup_lsoa21_wd25_lad25_bestfit_ew.parquet"
WARD_LIST = Path("national") / "geography" / "wards_wd25_dec2025_uk.parquet"
OVERLAY = Path("national") / "geography" / "derived_lsoa21_wd25_area_overlay_england.parquet"


class AreaError(ValueError):
    """An --area argument that names no English ICB, local authority or region of the lookups."""


@dataclass(frozen=True)
class Area:
    codes: tuple[str, ...]
    names: dict[str, str]  # code -> name, from the lookups
    ward_count: int  # WD25 wards of the area, counted from the lookup files
    lsoa_lad_codes: tuple[str, ...]  # LAD24 codes of the area's LSOAs (the health generator's unit)

    @property
    def region(self) -> str:
        return region_string(self.codes)


def parse_area_codes(text: str) -> tuple[str, ...]:
    """'E54000055, e06000021' -> ('E06000021', 'E54000055'): sorted, unique, each a well-formed code."""
    codes = sorted({part.strip().upper() for part in text.split(",") if part.strip()})
    if not codes:
        raise AreaError("--area: give at least one code (ICB E54, local authority E06-E09, region E12)")
    bad = [code for code in codes if not CODE_PATTERN.match(code)]
    if bad:
        raise AreaError(f"--area: {', '.join(bad)}: not an English ICB (E54), local authority (E06, E07, E08, "
                        "E09) or region (E12) GSS code (a letter E and 8 digits)")
    return tuple(codes)


def region_string(codes: tuple[str, ...]) -> str:
    return AREA_PREFIX + ",".join(codes)


def is_area_region(region: str) -> bool:
    return region.startswith(AREA_PREFIX)


def area_codes_of(region: str) -> tuple[str, ...]:
    """The codes of an area region string ('area:E06000021' -> ('E06000021',)); () for icb or england."""
    return parse_area_codes(region[len(AREA_PREFIX):]) if is_area_region(region) else ()


def _predicate(codes: tuple[str, ...], icb: str, lad: str, region: str) -> str:
    column = {"E54": icb, "E12": region}
    return "(" + " or ".join(f"{column.get(code[:3], lad)} = '{code}'" for code in codes) + ")"


def resolve_area(codes: tuple[str, ...], raw_dir: Path) -> Area:
    """Names, ward count and local authorities of the areas; AreaError naming a code the lookups do not hold."""
    paths = {name: raw_dir / path for name, path in
             {"lookup": LOOKUP_2024, "best_fit": BEST_FIT, "wards": WARD_LIST, "overlay": OVERLAY}.items()}
    for path in paths.values():
        if not path.exists():
            raise AreaError(f"{path}: lookup file missing (see data/provenance.csv)")
    lsoa_in_area = _predicate(codes, "icb24_code", "lad_code", "region24_code")
    con = duckdb.connect()
    try:
        con.execute(f"""
            create temp view lsoas as
            select lookup.lsoa21_code, lookup.ltla24_code, lookup.icb24_code, lookup.icb24_name,
                   lookup.region24_code, lookup.region24_name, best_fit.WD25CD as ward_code,
                   best_fit.LAD25CD as lad_code, best_fit.LAD25NM as lad_name
            from read_parquet({_sql_path(paths["lookup"])}) as lookup
            inner join read_parquet({_sql_path(paths["best_fit"])}) as best_fit
                on lookup.lsoa21_code = best_fit.LSOA21CD
            where lookup.country = 'England'
        """)
        names: dict[str, str] = {}
        for kind_code, kind_name in (("icb24_code", "icb24_name"), ("region24_code", "region24_name"),
                                     ("lad_code", "lad_name")):
            for code, name in con.execute(
                f"select distinct {kind_code}, {kind_name} from lsoas where {kind_code} in "
                f"({', '.join(repr(code) for code in codes)})"
            ).fetchall():
                names[code] = name
        unknown = [code for code in codes if code not in names]
        if unknown:
            raise AreaError(
                "--area: " + "; ".join(f"{code}: no English LSOA has this {KINDS[code[:3]]} code" for code in unknown)
                + f" in {paths['lookup'].name} / {paths['best_fit'].name} (2024 ICBs and regions, 2025 local "
                "authorities)"
            )
        gap_in_area = _predicate(codes, "lookup.icb24_code", "dominant.LAD25CD", "lookup.region24_code")
        ward_count, lad_codes = con.execute(f"""
            with best_fit_wards as (
                select distinct ward_code from lsoas
                where {lsoa_in_area}
            ),
            gap_wards as (
                select wards.WD25CD as ward_code, wards.LAD25CD
                from read_parquet({_sql_path(paths["wards"])}) as wards
                where wards.WD25CD like 'E05%'
                    and wards.WD25CD not in (select WD25CD from read_parquet({_sql_path(paths["best_fit"])}))
            ),
            dominant as (
                select gap_wards.ward_code, gap_wards.LAD25CD, overlay.LSOA21CD
                from gap_wards
                inner join read_parquet({_sql_path(paths["overlay"])}) as overlay
                    on gap_wards.ward_code = overlay.WD25CD
                where overlay.share_of_lsoa > 0
                qualify row_number() over (
                    partition by gap_wards.ward_code order by overlay.share_of_ward desc, overlay.LSOA21CD
                ) = 1
            ),
            gap_wards_in_area as (
                select dominant.ward_code
                from dominant
                inner join read_parquet({_sql_path(paths["lookup"])}) as lookup
                    on dominant.LSOA21CD = lookup.lsoa21_code
                where {gap_in_area}
            )
            select
                (select count(*) from best_fit_wards) + (select count(*) from gap_wards_in_area),
                (select list(distinct ltla24_code order by ltla24_code) from lsoas
                 where {lsoa_in_area})
        """).fetchone() or (0, [])
    finally:
        con.close()
    return Area(codes=codes, names=names, ward_count=int(ward_count), lsoa_lad_codes=tuple(lad_codes or ()))


def area_dbt_vars(area: Area, project_file: Path | None = None) -> dict[str, object]:
    """The dbt vars of an area build: region 'area', its codes, and its ward count beside the project's own
    expected counts (a dict var is replaced whole by --vars, so the others are carried over)."""
    config = yaml.safe_load((project_file or project_dir() / "dbt_project.yml").read_text())
    counts = dict(config.get("vars", {}).get("expected_ward_counts", {}))
    counts["area_wd25"] = area.ward_count
    return {"region": "area", "area_codes": list(area.codes), "expected_ward_counts": counts}


def _sql_path(path: Path) -> str:
    """A file path as a SQL string literal (a folder name may hold a quote)."""
    return "'" + str(path).replace("'", "''") + "'"
