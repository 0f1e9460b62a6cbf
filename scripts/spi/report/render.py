"""Renders the report: data from the marts + ward shapes + templates -> one self-contained HTML file."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, UTC
from importlib import resources
from pathlib import Path
from typing import Any
from string import Template

import duckdb

from spi.storage.build_record import BuildRecord
from spi.project import MART_SCHEMA, PROJECT_DIR
from spi.report.data import load_report_data
from spi.report.geometry import ward_map
from spi.report.pcn import pcn_section_html

DATA_README = PROJECT_DIR / "data" / "README.md"
FALLBACK_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Contains OS data (c) Crown copyright and database right 2025."
)


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    bytes: int
    wards: int
    ward_shapes: int
    periods: list[str]
    features: dict[str, bool]
    has_synthetic: bool


def _template(name: str) -> str:
    return resources.files("spi.report").joinpath("templates", name).read_text(encoding="utf-8")


def _inline_markdown(text: str) -> str:
    escaped = html.escape(text, quote=False).replace("(c)", "&copy;")
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    escaped = re.sub(r"\*(.+?)\*", r"<em>\1</em>", escaped)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", escaped)


def attribution_html(readme: Path = DATA_README) -> str:
    """The 'Licences and attribution' section of data/README.md, as HTML paragraphs."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    match = re.search(r"^## Licences and attribution\s*$(.*?)(?=^## |\Z)", text, flags=re.MULTILINE | re.DOTALL)
    body = match.group(1).strip() if match else FALLBACK_ATTRIBUTION
    paragraphs = [" ".join(line.strip() for line in block.splitlines()) for block in re.split(r"\n\s*\n", body)]
    lines = []
    for paragraph in paragraphs:
        # a line break in the README between two sentences that are separate notices stays a line break
        sentences = [_inline_markdown(sentence) for sentence in re.split(r"(?<=\.)\s+(?=Contains|House of)", paragraph)]
        lines.append("    <p>" + "<br>".join(sentences) + "</p>")
    return "\n".join(lines)


def _map_paths(data: dict[str, Any], boundaries: Path | None) -> tuple[str, float, float, int]:
    names = {ward["ward_code"]: ward["ward_name"] for ward in data["wards"]}
    shapes = ward_map(names, source=boundaries)
    lines = []
    for shape in shapes.shapes:
        if shape.ward_code not in names:
            continue
        name = html.escape(names[shape.ward_code])
        lines.append(
            f'        <path d="{shape.path}" data-ward-code="{shape.ward_code}" tabindex="0" role="button" '
            f'aria-label="{name}" fill="#d9d9d9"></path>'
        )
    return "\n".join(lines), shapes.width, shapes.height, len(lines)


def _region_label(connection: duckdb.DuckDBPyConnection) -> str:
    """The built area in words: its local authority when it is one (an `spi build --area` of a council), else
    its ICB, else how many authorities and ICBs."""
    lads = connection.execute(f"select distinct lad_name from {MART_SCHEMA}.dim_wards").fetchall()
    icbs = connection.execute(f"select distinct icb_name from {MART_SCHEMA}.dim_wards").fetchall()
    if len(lads) == 1:
        return str(lads[0][0])
    if len(icbs) == 1:
        return str(icbs[0][0]).replace("Integrated Care Board", "ICB")
    return f"{len(lads)} local authorities in {len(icbs)} ICBs"


def _banner(data: dict[str, Any]) -> str:
    if data["has_synthetic"]:
        names = {row["indicator_id"]: row["indicator_name"] for row in data["indicators"]}
        listed = ", ".join(html.escape(names.get(code, code)) for code in data["synthetic_indicators"])
        return (
            '<div class="banner synthetic" id="synthetic-banner" role="note"><strong>Contains SYNTHETIC data.</strong> '
            f"{len(data['synthetic_indicators'])} indicator(s) are made by this project's own generator, not real "
            f'NHS or council data<span class="banner-detail">: {listed}</span>. They are marked '
            '<span class="badge synthetic">SYNTHETIC</span> wherever they appear, and so is every score that '
            "uses them. Do not quote these figures as real.</div>"
        )
    return (
        '<div class="banner real" role="note">Every indicator in this report is real published data or an official '
        "modelled estimate; none is synthetic.</div>"
    )


def _json_for_script(data: dict[str, Any]) -> str:
    # '</' would end the script element; '<!--' could open a comment
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def render_report(database: Path, boundaries: Path | None = None) -> tuple[str, ReportSummary]:
    if not database.exists():
        raise FileNotFoundError(f"{database}: no database here; run `spi build` first")
    connection = duckdb.connect(str(database))
    try:
        data = load_report_data(connection, database)
        region = _region_label(connection)
        data["area_label"] = "the ICB" if region.endswith("ICB") else "the region"
        data["region_label"] = region
        pcn_nav, pcn_section = pcn_section_html(connection)
    finally:
        connection.close()
    record = BuildRecord.read(database)
    paths, width, height, shapes = _map_paths(data, boundaries)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    latest = data["latest_period"]
    periods = ", ".join(data["periods"])
    shown = f"period {latest}" if len(data["periods"]) == 1 else f"periods {periods} (the latest shown by default)"
    subtitle = f"{len(data['wards'])} wards (2025 boundaries) &middot; {shown} &middot; framework {data['framework_version']}"
    build_note = (
        f"Generated {generated} by <code>spi report</code> from <code>{html.escape(database.name)}</code>"
        + (f", built {html.escape(record.built_at)} (region {html.escape(record.region)})" if record else "")
        + f". Periods: {periods}. Works offline: everything, including the map, is inside this one file."
    )
    page = Template(_template("report.html")).substitute(
        title=f"Social Progress Index by ward: {html.escape(region)}",
        subtitle=subtitle,
        banner=_banner(data),
        css=_template("report.css") + _template("population_health.css") + _template("pcn.css"),
        js=_template("report.js") + "\n" + _template("population_health.js"),
        map_width=f"{width:.1f}",
        map_height=f"{height:.1f}",
        map_paths=paths,
        pcn_nav=pcn_nav,
        pcn_section=pcn_section,
        methods=_template("methods.html"),
        population_health=_template("population_health.html"),
        framework_version=html.escape(str(data["framework_version"])),
        attribution=attribution_html(),
        build_note=build_note,
        data_json=_json_for_script(data),
    )
    summary = ReportSummary(
        path=Path(),
        bytes=len(page.encode("utf-8")),
        wards=len(data["wards"]),
        ward_shapes=shapes,
        periods=data["periods"],
        features=data["features"],
        has_synthetic=data["has_synthetic"],
    )
    return page, summary


def write_report(database: Path, out: Path, boundaries: Path | None = None) -> ReportSummary:
    """Write the report to `out` atomically: a reader sees the old file or the new one, never half of one."""
    page, summary = render_report(database, boundaries)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
        os.chmod(partial, 0o644)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return ReportSummary(**{**summary.__dict__, "path": out})
