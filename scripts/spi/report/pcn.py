"""The report's Primary Care Network section: one table from fct_pcn_spi and fct_pcn_health_outcomes.

Rendered on the server (plain HTML, no script): highest burden (lowest SPI) first, the table scrolling inside
its own box on a phone and set small enough to print on A4. The section is left out when the build has no
PCN marts (an England or council build without the ICB's registrations).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any

import duckdb

from spi.project import MART_SCHEMA

PCN_MARTS = ("fct_pcn_spi", "fct_pcn_health_outcomes")
# (measure_id, column heading, decimals): the outcomes a PCN lead reads first
KEY_OUTCOMES = (
    ("life_expectancy_female", "Life exp. F (years)", 1),
    ("life_expectancy_male", "Life exp. M (years)", 1),
    ("qof_diabetes", "Diabetes (% of list)", 1),
    ("qof_depression", "Depression (% of list 18+)", 1),
    ("emergency_admissions", "Emergency admissions per 1,000", 1),
)


@dataclass(frozen=True)
class PcnRow:
    code: str
    name: str
    practices: int
    patients: int
    core20_share: float
    spi: float
    spi_rank: int
    dimensions: tuple[float, float, float]
    outcomes: dict[str, dict[str, Any]]


def _template(name: str) -> str:
    return resources.files("spi.report").joinpath("templates", name).read_text(encoding="utf-8")


def has_pcn_marts(connection: duckdb.DuckDBPyConnection) -> bool:
    present = {
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = ?", [MART_SCHEMA]
        ).fetchall()
    }
    return all(mart in present for mart in PCN_MARTS)


def load_pcns(connection: duckdb.DuckDBPyConnection) -> list[PcnRow]:
    """Every PCN, highest burden (lowest SPI) first, with its key outcomes."""
    spi = connection.execute(
        f"""
        select pcn_code, pcn_name, n_practices, registered_patients, core20_share, spi_score, spi_rank,
               basic_human_needs_score, foundations_of_wellbeing_score, opportunity_score
        from {MART_SCHEMA}.fct_pcn_spi
        where spi_score is not null
        order by spi_score, pcn_code
        """
    ).fetchall()
    outcomes: dict[str, dict[str, dict[str, Any]]] = {}
    for code, measure_id, value, suppressed, synthetic, period in connection.execute(
        f"""
        select pcn_code, measure_id, value, is_suppressed, has_synthetic_inputs, period
        from {MART_SCHEMA}.fct_pcn_health_outcomes
        where measure_id in ({", ".join("?" for _ in KEY_OUTCOMES)})
        """,
        [measure_id for measure_id, _, _ in KEY_OUTCOMES],
    ).fetchall():
        outcomes.setdefault(code, {})[measure_id] = {
            "value": value, "suppressed": suppressed, "synthetic": synthetic, "period": period
        }
    return [
        PcnRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], (row[7], row[8], row[9]),
               outcomes.get(row[0], {}))
        for row in spi
    ]


def _name(text: str) -> str:
    """NHS England's names are upper case: shown in title case, with PCN kept as it is."""
    kept = {"PCN", "ABC", "HIPC"}
    titled = re.sub(r"[A-Za-z]+", lambda word: word[0] if word[0] in kept else word[0].capitalize(), text)
    return html.escape(titled)


def _outcome_cell(outcome: dict[str, Any] | None, decimals: int) -> str:
    if outcome is None:
        return '<td class="num">&ndash;</td>'
    if outcome["suppressed"]:
        return '<td class="num"><span class="badge suppressed">suppressed</span></td>'
    if outcome["value"] is None:
        return '<td class="num">&ndash;</td>'
    return f'<td class="num">{outcome["value"]:.{decimals}f}</td>'


def _heading(measure_id: str, label: str, rows: list[PcnRow]) -> str:
    periods = sorted({row.outcomes[measure_id]["period"] for row in rows if measure_id in row.outcomes})
    synthetic = any(row.outcomes.get(measure_id, {}).get("synthetic") for row in rows)
    badge = ' <span class="badge synthetic">SYNTHETIC</span>' if synthetic else ""
    period = f' <span class="period">{html.escape(", ".join(periods))}</span>' if periods else ""
    return f'<th scope="col" class="num">{html.escape(label)}{period}{badge}</th>'


def _summary(rows: list[PcnRow]) -> str:
    patients = sum(row.patients for row in rows)
    shares = sorted(row.core20_share for row in rows)
    burden = ", ".join(f"{_name(row.name)} ({row.spi:.1f})" for row in rows[:3])
    return (
        f"{len(rows)} Primary Care Networks, {patients:,} registered patients living in England. Core20 share of "
        f"a PCN's patients from {100 * shares[0]:.1f}% to {100 * shares[-1]:.1f}%. Highest burden (lowest SPI of "
        f"their patients' wards): {burden}."
    )


def pcn_section_html(connection: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(the navigation link, the section) or two empty strings when the build has no PCN marts."""
    if not has_pcn_marts(connection):
        return "", ""
    rows = load_pcns(connection)
    if not rows:
        return "", ""
    header = (
        '<th scope="col">PCN</th><th scope="col" class="num">Practices</th>'
        '<th scope="col" class="num">Registered patients</th><th scope="col" class="num">Core20 share</th>'
        '<th scope="col" class="num">SPI (rank)</th><th scope="col" class="num">Basic Human Needs</th>'
        '<th scope="col" class="num">Foundations of Wellbeing</th><th scope="col" class="num">Opportunity</th>'
        + "".join(_heading(measure_id, label, rows) for measure_id, label, _ in KEY_OUTCOMES)
    )
    body = []
    for row in rows:
        cells = [
            f'<th scope="row" data-pcn-code="{html.escape(row.code)}">{_name(row.name)}</th>',
            f'<td class="num">{row.practices}</td>',
            f'<td class="num">{row.patients:,}</td>',
            f'<td class="num">{100 * row.core20_share:.1f}%</td>',
            f'<td class="num"><strong>{row.spi:.1f}</strong> ({row.spi_rank})</td>',
            *(f'<td class="num">{score:.1f}</td>' for score in row.dimensions),
            *(_outcome_cell(row.outcomes.get(measure_id), decimals) for measure_id, _, decimals in KEY_OUTCOMES),
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    section = Template(_template("pcn.html")).substitute(
        summary=_summary(rows),
        header=header,
        rows="\n".join(body),
        count=len(rows),
    )
    return '<a href="#pcns">Primary Care Networks</a>', section
