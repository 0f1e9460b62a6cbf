"""The geographies area codes must belong to: GSS entity prefix, and membership in the project's lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass

GSS_CODE = re.compile(r"^[EW]\d{8}$")


@dataclass(frozen=True)
class Geography:
    name: str
    label: str
    article: str
    prefixes: tuple[str, ...]
    # the source table and column holding every valid code, or None where the project has no full list
    lookup: tuple[str, str] | None = None
    lookup_label: str = ""


GEOGRAPHIES: dict[str, Geography] = {
    geography.name: geography
    for geography in (
        Geography("lsoa21", "LSOA 2021", "an", ("E01", "W01"), ("ons.lsoa21_ward_lad_lookup", "lsoa21_code"),
                  "the ONS LSOA 2021 to ward lookup"),
        Geography("lsoa11", "LSOA 2011", "an", ("E01", "W01"), ("ons.lsoa11_lsoa21_lookup", "lsoa11_code"),
                  "the LSOA 2011 to 2021 lookup"),
        Geography("msoa21", "MSOA 2021", "an", ("E02", "W02")),
        Geography("msoa11", "MSOA 2011", "an", ("E02", "W02")),
        Geography("ward", "ward", "a", ("E05", "W05"), ("ons.wards", "ward_code"), "the ONS wards file"),
        Geography("la", "local authority", "a", ("E06", "E07", "E08", "E09", "W06")),
    )
}
