"""The attack: everything published about health, turned into counts an outsider should never learn."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from spi.disclosure.bounds import INF, Problem, Relation
from spi.disclosure.cells import Cell, CellKey, open_read_only
from spi.disclosure.statistics import Measure, invert, recompute
from spi.project import PROJECT_DIR

MEASURES_SEED = PROJECT_DIR / "seeds" / "reference" / "health_measures.csv"
RELATIONS_SEED = PROJECT_DIR / "seeds" / "reference" / "health_measure_relations.csv"
PARTS = ("numerator", "denominator")
# rounding to base 5: a published r stands for r - 2 .. r + 2
ROUNDING = 2

# a variable: (cell key, part) or, for two vintages, (("atom", ward_a, ward_b, measure, year), part)
Variable = tuple[Hashable, str]


@dataclass(frozen=True)
class MeasureRelation:
    total_measure_id: str
    component_measure_id: str
    component_period_offset: int


def read_measure_relations(path: Path = RELATIONS_SEED) -> list[MeasureRelation]:
    with path.open(newline="") as handle:
        return [
            MeasureRelation(row["total_measure_id"], row["component_measure_id"], int(row["component_period_offset"]))
            for row in csv.DictReader(handle)
        ]


def apportioned_measures(path: Path = MEASURES_SEED) -> set[str]:
    """Measures whose ward counts are estimates apportioned from practices (fractional: relations hold +-0.5)."""
    with path.open(newline="") as handle:
        return {row["measure_id"] for row in csv.DictReader(handle) if "apportioned" in row["source"]}


@dataclass(frozen=True)
class PcnGeography:
    """Public keys that tie PCN cells to ward cells: each PCN's share of each LSOA's registered patients (NHS
    England registrations by practice and LSOA, practice -> PCN) and each LSOA's ward (ONS best-fit lookup)."""

    weights: Mapping[str, Mapping[str, float]]  # pcn_code -> {lsoa21_code: share of the LSOA's patients}
    lsoa_wards: Mapping[str, str]  # lsoa21_code -> ward_code of the build's vintage


def read_pcn_geography(database: Path) -> PcnGeography:
    """The public registration shares and LSOA lookup, as a build holds them (no health data)."""
    connection = open_read_only(database)
    try:
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for pcn, lsoa, share in connection.execute(
            "select pcn_code, lsoa21_code, sum(share_of_lsoa_patients) "
            "from intermediate.int_practice_lsoa_patients_classified where is_in_region group by all"
        ).fetchall():
            weights[pcn][lsoa] = float(share)
        lsoa_wards = dict(
            connection.execute("select lsoa21_code, ward_code from intermediate.int_lsoa21_wards_mapped").fetchall()
        )
    finally:
        connection.close()
    return PcnGeography(weights, lsoa_wards)


@dataclass(frozen=True)
class Recovery:
    variable: Variable
    count: int
    kind: str  # suppressed | unrounded | sub_ward | inverted


@dataclass
class AttackReport:
    cells: int = 0
    suppressed_cells: int = 0
    inverted: list[Recovery] = field(default_factory=list)
    unexplained_values: list[CellKey] = field(default_factory=list)
    recovered: list[Recovery] = field(default_factory=list)
    narrowest_suppressed_width: float = INF
    contradictions: int = 0
    # PCN differencing (attack with a PcnGeography): suppressed counts it solved exactly, narrowest range left
    pcn_targets: int = 0
    pcn_narrowest_suppressed_width: float = INF

    @property
    def leaks(self) -> int:
        """Every count the attacker learns that the published counts do not already show."""
        return len(self.inverted) + len(self.recovered)

    def summary(self) -> str:
        kinds: dict[str, int] = defaultdict(int)
        for recovery in self.inverted + self.recovered:
            kinds[recovery.kind] += 1
        found = ", ".join(f"{kind} {number}" for kind, number in sorted(kinds.items())) or "nothing"
        return (
            f"{self.cells} cells ({self.suppressed_cells} suppressed): recovered {found}; "
            f"{len(self.unexplained_values)} value(s) not explained by the published counts; narrowest range "
            f"of a suppressed count {self.narrowest_suppressed_width:g}"
        )


def _reason_bounds(cell: Cell) -> tuple[float, float, bool]:
    """What a suppression reason or a missing value says of the numerator, under the rules as published."""
    reason = (cell.reason or "").lower()
    if cell.is_suppressed and "primary" in reason:
        return 0.0, 7.0, False
    if cell.is_suppressed and "secondary" in reason:
        return 0.0, INF, True
    if not cell.is_suppressed and "under 10" in reason and "rounded" not in reason:
        return 8.0, 9.0, True  # unrounded count under 10, yet not 1-7
    return 0.0, INF, cell.is_suppressed is False


def _exact_counts(cell: Cell, measure: Measure | None) -> tuple[int, int | None] | None:
    if measure is None or cell.value is None or cell.ci_lower is None or cell.ci_upper is None:
        return None
    return invert(measure, cell.value, cell.ci_lower, cell.ci_upper)


def _explained(cell: Cell, measure: Measure | None) -> bool:
    """A published value and interval are what the published counts give, at the published precision."""
    if measure is None or cell.value is None or cell.numerator is None or cell.denominator is None:
        return True
    if measure.statistic == "dsr":
        return True  # checked by inversion: Dobson's ratio gives the count, which must be the published one
    expected = recompute(measure, cell.numerator, cell.denominator)
    if expected is None or cell.ci_lower is None or cell.ci_upper is None:
        return False
    shown = (cell.value, cell.ci_lower, cell.ci_upper)
    return all(abs(want - got) <= 0.05 + 1e-9 for want, got in zip(expected, shown, strict=True))


def add_cells(problem: Problem, cells: Iterable[Cell], measures: Mapping[str, Measure], report: AttackReport,
              prefix: str = "", rounding: int = ROUNDING) -> dict[CellKey, Cell]:
    """Declare every published cell's counts with what the attacker knows of them (a shown count stands for
    shown +- rounding)."""
    by_key: dict[CellKey, Cell] = {}
    for cell in cells:
        key = _prefixed(cell.key, prefix)
        by_key[key] = cell
        measure = measures.get(cell.measure_id)
        report.cells += 1
        report.suppressed_cells += cell.is_suppressed
        exact = _exact_counts(cell, measure)
        if exact is not None:
            for part, count, shown in zip(PARTS, exact, (cell.numerator, cell.denominator), strict=True):
                if count is not None and count != shown:
                    report.inverted.append(Recovery((key, part), count, "inverted"))
        if not _explained(cell, measure):
            report.unexplained_values.append(key)
        low, high, not_small = _reason_bounds(cell)
        for position, (part, shown) in enumerate(zip(PARTS, (cell.numerator, cell.denominator), strict=True)):
            variable = (key, part)
            known = exact[position] if exact is not None else None
            if known is not None and known != shown:
                # the statistic was computed from another count than the one shown: the true one
                problem.add(variable, known, known, True)
            elif shown is not None:
                problem.add(variable, max(0, shown - rounding), shown + rounding, True)
                if shown == 0:
                    problem.add(variable, 0, 0)
            elif part == "numerator":
                problem.add(variable, low, high, not_small)
            else:
                problem.add(variable, 0, INF, not_small)
        if measure is not None and measure.statistic == "proportion":
            problem.at_most.append(((key, "numerator"), (key, "denominator")))
    return by_key


def _prefixed(key: CellKey, prefix: str) -> CellKey:
    level, code, measure_id, year = key
    return (f"{level}{prefix}" if level == "ward" else level, code, measure_id, year)


def add_relations(problem: Problem, cells: Mapping[CellKey, Cell], relations: list[MeasureRelation],
                  apportioned: set[str]) -> None:
    """LA = its wards; total measure = its components (every relation the tables carry)."""
    wards_of: dict[tuple[str, str, int, str], list[CellKey]] = defaultdict(list)
    for key, cell in cells.items():
        if key[0].startswith("ward"):
            wards_of[(cell.lad_code, key[2], key[3], key[0])].append(key)
    for (lad_code, measure_id, year, _level), wards in wards_of.items():
        lad_key: CellKey = ("lad", lad_code, measure_id, year)
        if lad_key in cells:
            _relate(problem, lad_key, wards, measure_id in apportioned)
    for key in list(cells):
        level, code, measure_id, year = key
        components = [
            (level, code, relation.component_measure_id, year + relation.component_period_offset)
            for relation in relations
            if relation.total_measure_id == measure_id
        ]
        if components and all(component in cells for component in components):
            _relate(problem, key, components, measure_id in apportioned)


def _relate(problem: Problem, total: CellKey, components: list[CellKey], apportioned: bool) -> None:
    slack = 0.5 * (len(components) + 1) if apportioned else 0.0
    for part in PARTS:
        problem.relations.append(Relation((total, part), tuple((component, part) for component in components), slack))


def add_vintages(problem: Problem, cells: Mapping[CellKey, Cell], lsoa_wards: Mapping[str, tuple[str, str]],
                 vintages: tuple[str, str]) -> set[Variable]:
    """Two ward vintages of the same LSOAs: each ward is the sum of its (ward A, ward B) LSOA groups."""
    first, second = (f"ward{vintage}" for vintage in vintages)
    pairs = set(lsoa_wards.values())
    atoms: set[Variable] = set()
    measure_years = {(key[2], key[3]) for key in cells if key[0] == first} & {
        (key[2], key[3]) for key in cells if key[0] == second
    }
    for measure_id, year in measure_years:
        for level, position in ((first, 0), (second, 1)):
            members: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for pair in pairs:
                members[pair[position]].append(pair)
            for ward, ward_pairs in members.items():
                key: CellKey = (level, ward, measure_id, year)
                if key not in cells:
                    continue
                for part in PARTS:
                    components = []
                    for pair in ward_pairs:
                        atom = (("atom", pair[0], pair[1], measure_id, year), part)
                        problem.add(atom)
                        components.append(atom)
                        atoms.add(atom)
                    problem.relations.append(Relation((key, part), tuple(components)))
    return atoms


def add_pcn_relations(problem: Problem, cells: Mapping[CellKey, Cell], geography: PcnGeography,
                      apportioned: set[str]) -> tuple[set[Variable], set[Variable]]:
    """PCN cells of record-level measures against the ward cells, through LSOA counts as unknowns.

    A PCN's count is sum over LSOAs of (its share of the LSOA's registered patients) x (the LSOA's count),
    rounded (slack 0.5 before the rounding to 5 its bounds already carry); each ward's count is the sum of its
    LSOAs'. Practice-based measures are left out: a PCN's is the sum of its practices' public counts, tied
    to no LSOA. Returns the LSOA unknowns that are sub-ward counts (wards of two or more LSOAs) and those
    worth an exact range (in a ward whose cell is suppressed).
    """
    ward_lsoas: dict[str, list[str]] = defaultdict(list)
    for lsoa, ward in geography.lsoa_wards.items():
        ward_lsoas[ward].append(lsoa)
    measure_years = {
        (key[2], key[3]) for key in cells if key[0] == "pcn" and key[2] not in apportioned
    }
    sub_ward: set[Variable] = set()
    worth_solving: set[Variable] = set()
    for measure_id, year in sorted(measure_years):
        for part in PARTS:
            atoms: dict[str, Variable] = {}
            for lsoa in sorted(geography.lsoa_wards):
                atom: Variable = (("lsoa", lsoa, measure_id, year), part)
                problem.add(atom)
                atoms[lsoa] = atom
            for ward, lsoas in ward_lsoas.items():
                key: CellKey = ("ward", ward, measure_id, year)
                if key not in cells:
                    continue
                members = tuple(atoms[lsoa] for lsoa in sorted(lsoas))
                problem.relations.append(Relation((key, part), members))
                if len(lsoas) > 1:
                    sub_ward.update(members)
                    if cells[key].is_suppressed and part == "numerator":
                        worth_solving.update(members)
            for pcn, shares in geography.weights.items():
                key = ("pcn", pcn, measure_id, year)
                if key not in cells:
                    continue
                lsoas = sorted(lsoa for lsoa in shares if lsoa in atoms)
                problem.relations.append(
                    Relation(
                        (key, part),
                        tuple(atoms[lsoa] for lsoa in lsoas),
                        slack=0.5,
                        weights=tuple(shares[lsoa] for lsoa in lsoas),
                    )
                )
    return sub_ward, worth_solving


def run(problem: Problem, cells: Mapping[CellKey, Cell], report: AttackReport,
        sub_ward_atoms: set[Variable] | None = None, exact: bool = True,
        lsoa_atoms: tuple[set[Variable], set[Variable]] | None = None,
        targets: set[Hashable] | None = None) -> AttackReport:
    """Propagate, then solve exactly for the counts that matter; record every count pinned down.

    sub_ward_atoms: groups of LSOAs of two vintages (a leak when pinned to 1-7); lsoa_atoms: (single LSOAs
    that are smaller than their ward, those to solve exactly) from PCN differencing (a leak when pinned to any
    count but 0). targets: the counts to solve exactly (default: every suppressed numerator).
    """
    initial_width = {variable: problem.width(variable) for variable in problem.lower}
    problem.propagate()
    # exact ranges where the harm is: suppressed counts and sub-ward groups (the rest: propagation only)
    if targets is None:
        targets = {(key, "numerator") for key, cell in cells.items() if cell.is_suppressed}
    targets = set(targets) | (sub_ward_atoms or set())
    if lsoa_atoms is not None:
        targets |= lsoa_atoms[1]
    if exact:
        problem.tighten(targets)
        problem.propagate()
    report.contradictions = problem.contradictions
    for key, cell in cells.items():
        for part in PARTS:
            variable = (key, part)
            if problem.width(variable) == 0 and initial_width[variable] > 0:
                kind = "suppressed" if cell.is_suppressed else "unrounded"
                report.recovered.append(Recovery(variable, int(problem.lower[variable]), kind))
            if cell.is_suppressed and part == "numerator":
                report.narrowest_suppressed_width = min(report.narrowest_suppressed_width, problem.width(variable))
    for atom in sub_ward_atoms or set():
        if problem.width(atom) == 0 and 1 <= problem.lower[atom] <= 7:
            report.recovered.append(Recovery(atom, int(problem.lower[atom]), "sub_ward"))
    for atom in lsoa_atoms[0] if lsoa_atoms is not None else set():
        if problem.width(atom) == 0 and problem.lower[atom] >= 1:
            report.recovered.append(Recovery(atom, int(problem.lower[atom]), "sub_ward"))
    return report


def attack(cells: Iterable[Cell], measures: Mapping[str, Measure], exact: bool = True,
           pcn_geography: PcnGeography | None = None, pcn_rounding: int = ROUNDING) -> AttackReport:
    """One release: inversion, the rules' implications, and differencing over every relation.

    exact=False stops after interval propagation (fast; linear programming can only narrow further).
    pcn_geography: then a second problem adds the PCN cells' relations to the ward cells (LSOA counts as
    unknowns) and solves exactly the suppressed counts of the measures and years PCNs publish and the LSOA
    counts of their suppressed wards; the PCN relations join every ward of a measure into one group, so the
    other suppressed counts keep the exact ranges of the first problem (propagation covers them in both).
    pcn_rounding: what a shown PCN count stands for (+-2 under the rules; 0 to attack a release that shows
    PCN counts unrounded).
    """
    cells = list(cells)
    report = AttackReport()
    problem = Problem()
    by_key = add_cells(problem, cells, measures, report)
    apportioned = apportioned_measures()
    relations = read_measure_relations()
    add_relations(problem, by_key, relations, apportioned)
    run(problem, by_key, report, exact=exact)
    if pcn_geography is None:
        return report
    second = AttackReport()
    problem = Problem()
    by_key = add_cells(problem, [cell for cell in cells if cell.key[0] != "pcn"], measures, second)
    by_key |= add_cells(problem, [cell for cell in cells if cell.key[0] == "pcn"], measures, second,
                        rounding=pcn_rounding)
    add_relations(problem, by_key, relations, apportioned)
    lsoa_atoms = add_pcn_relations(problem, by_key, pcn_geography, apportioned)
    pcn_measure_years = {(key[2], key[3]) for key in by_key if key[0] == "pcn" and key[2] not in apportioned}
    targets: set[Hashable] = {
        (key, "numerator")
        for key, cell in by_key.items()
        if cell.is_suppressed and (key[2], key[3]) in pcn_measure_years
    }
    run(problem, by_key, second, exact=exact, lsoa_atoms=lsoa_atoms, targets=targets)
    known = {recovery.variable for recovery in report.recovered}
    report.recovered += [recovery for recovery in second.recovered if recovery.variable not in known]
    report.narrowest_suppressed_width = min(report.narrowest_suppressed_width, second.narrowest_suppressed_width)
    report.contradictions += second.contradictions
    report.pcn_targets = len(targets)
    report.pcn_narrowest_suppressed_width = min(
        (problem.width(target) for target in targets), default=INF
    )
    return report


def attack_two_vintages(first: Iterable[Cell], second: Iterable[Cell], measures: Mapping[str, Measure],
                        lsoa_wards: Mapping[str, tuple[str, str]], vintages: tuple[str, str],
                        exact: bool = True) -> AttackReport:
    """Two releases on two ward vintages of the same LSOAs (local-authority cells shared)."""
    report = AttackReport()
    problem = Problem()
    by_key = add_cells(problem, first, measures, report, vintages[0])
    by_key |= add_cells(problem, second, measures, report, vintages[1])
    add_relations(problem, by_key, read_measure_relations(), apportioned_measures())
    atoms = add_vintages(problem, by_key, lsoa_wards, vintages)
    wards_a: dict[str, int] = defaultdict(int)
    wards_b: dict[str, int] = defaultdict(int)
    for ward_a, ward_b in lsoa_wards.values():
        wards_a[ward_a] += 1
        wards_b[ward_b] += 1
    # a (ward A, ward B) group smaller than both wards is never published by either release
    group_sizes: dict[tuple[str, str], int] = defaultdict(int)
    for pair in lsoa_wards.values():
        group_sizes[pair] += 1
    sub_ward = {
        atom for atom in atoms
        if group_sizes[(atom[0][1], atom[0][2])] < min(wards_a[atom[0][1]], wards_b[atom[0][2]])  # type: ignore[index]
    }
    return run(problem, by_key, report, sub_ward, exact=exact)
