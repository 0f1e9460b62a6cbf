"""What an attacker can bound: integer counts tied by additive relations, each known to lie in an interval.

Interval propagation over every relation (to a fixed point, with the rules' implications: a count known not
to be 1-7 jumps to 0 or 8), then linear programming over each connected group of relations for the counts
that matter (the exact range the published relations allow, up to integrality).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix, vstack

INF = math.inf


@dataclass(frozen=True)
class Relation:
    """total = sum(weight x component) + e, |e| <= slack (slack > 0 where the counts are rounded estimates).

    weights: one non-negative weight per component (a PCN's count is its share of each LSOA's count); None
    means every weight is 1 (a sum).
    """

    total: Hashable
    components: tuple[Hashable, ...]
    slack: float = 0.0
    weights: tuple[float, ...] | None = None

    def weight_list(self) -> tuple[float, ...]:
        return self.weights if self.weights is not None else (1.0,) * len(self.components)


@dataclass
class Problem:
    """Counts (variables) with the interval the attacker knows for each, and the relations between them."""

    lower: dict[Hashable, float] = field(default_factory=dict)
    upper: dict[Hashable, float] = field(default_factory=dict)
    not_small: set[Hashable] = field(default_factory=set)  # known not to be 1-7 (published, or secondary)
    at_most: list[tuple[Hashable, Hashable]] = field(default_factory=list)  # (a, b): a <= b (numerator <= denominator)
    relations: list[Relation] = field(default_factory=list)
    contradictions: int = 0

    def add(self, variable: Hashable, lower: float = 0.0, upper: float = INF, not_small: bool = False) -> None:
        """Declare a variable, or narrow it if already declared (two artefacts showing the same count)."""
        self.lower[variable] = max(self.lower.get(variable, 0.0), lower)
        self.upper[variable] = min(self.upper.get(variable, INF), upper)
        if not_small:
            self.not_small.add(variable)

    def width(self, variable: Hashable) -> float:
        return self.upper[variable] - self.lower[variable]

    def _narrow(self, variable: Hashable, lower: float, upper: float) -> bool:
        low = max(self.lower[variable], math.ceil(lower - 1e-9) if lower > -INF else 0.0)
        high = min(self.upper[variable], math.floor(upper + 1e-9) if upper < INF else INF)
        if variable in self.not_small:
            if 1 <= low <= 7:
                low = 8
            if 1 <= high <= 7:
                high = 0
        if low > high:
            # inconsistent with the attacker's model (e.g. rounded estimates): keep what was known
            self.contradictions += 1
            return False
        changed = low != self.lower[variable] or high != self.upper[variable]
        self.lower[variable], self.upper[variable] = low, high
        return changed

    def propagate(self, max_rounds: int = 60) -> None:
        """Interval propagation over every relation until nothing narrows."""
        for _ in range(max_rounds):
            changed = False
            for relation in self.relations:
                changed |= self._propagate_relation(relation)
            for smaller, larger in self.at_most:
                changed |= self._narrow(smaller, -INF, self.upper[larger])
                changed |= self._narrow(larger, self.lower[smaller], INF)
            if not changed:
                return

    def _propagate_relation(self, relation: Relation) -> bool:
        members = relation.components
        weights = relation.weight_list()
        low_sum = sum(weight * self.lower[member] for member, weight in zip(members, weights, strict=True))
        finite_high = sum(
            weight * self.upper[member]
            for member, weight in zip(members, weights, strict=True)
            if self.upper[member] < INF and weight > 0
        )
        infinite = sum(1 for member, weight in zip(members, weights, strict=True) if self.upper[member] == INF and weight > 0)
        slack = relation.slack
        changed = self._narrow(relation.total, low_sum - slack, (finite_high if not infinite else INF) + slack)
        total_low, total_high = self.lower[relation.total], self.upper[relation.total]
        for member, weight in zip(members, weights, strict=True):
            if weight <= 0:
                continue
            others_low = low_sum - weight * self.lower[member]
            if self.upper[member] == INF:
                others_high = finite_high if infinite == 1 else INF
            else:
                others_high = finite_high - weight * self.upper[member] if not infinite else INF
            changed |= self._narrow(
                member, (total_low - others_high - slack) / weight, (total_high - others_low + slack) / weight
            )
        return changed

    def groups(self) -> list[list[Relation]]:
        """Relations in connected groups (sharing a variable)."""
        parent: dict[Hashable, Hashable] = {}

        def find(item: Hashable) -> Hashable:
            while parent.setdefault(item, item) != item:
                parent[item] = parent[parent[item]]
                item = parent[item]
            return item

        for relation in self.relations:
            for member in relation.components:
                parent[find(member)] = find(relation.total)
        grouped: dict[Hashable, list[Relation]] = {}
        for relation in self.relations:
            grouped.setdefault(find(relation.total), []).append(relation)
        return list(grouped.values())

    def tighten(self, targets: set[Hashable]) -> None:
        """Exact LP range of every target over its group of relations (after propagation)."""
        for group in self.groups():
            variables = sorted({v for r in group for v in (r.total, *r.components)}, key=repr)
            wanted = [v for v in variables if v in targets and self.width(v) > 0]
            if not wanted:
                continue
            index = {variable: position for position, variable in enumerate(variables)}
            rows, columns, values = [], [], []
            lower_rhs, upper_rhs = [], []
            for row, relation in enumerate(group):
                rows.append(row)
                columns.append(index[relation.total])
                values.append(1.0)
                for member, weight in zip(relation.components, relation.weight_list(), strict=True):
                    rows.append(row)
                    columns.append(index[member])
                    values.append(-weight)
                lower_rhs.append(-relation.slack)
                upper_rhs.append(relation.slack)
            matrix = coo_matrix((values, (rows, columns)), shape=(len(group), len(variables))).tocsr()
            exact = all(relation.slack == 0 for relation in group)
            bounds = [(self.lower[v], None if self.upper[v] == INF else self.upper[v]) for v in variables]
            for variable in wanted:
                objective = np.zeros(len(variables))
                objective[index[variable]] = 1.0
                low = _solve(objective, matrix, lower_rhs, upper_rhs, bounds, exact)
                high = _solve(-objective, matrix, lower_rhs, upper_rhs, bounds, exact)
                if low is not None and high is not None:
                    self._narrow(variable, low, -high)


def _solve(
    objective: np.ndarray,
    matrix: csr_matrix,
    lower_rhs: list[float],
    upper_rhs: list[float],
    bounds: list[tuple[float, float | None]],
    exact: bool,
) -> float | None:
    if exact:
        result = linprog(objective, A_eq=matrix, b_eq=np.zeros(len(lower_rhs)), bounds=bounds, method="highs")
    else:
        result = linprog(
            objective,
            A_ub=vstack([matrix, -matrix]),
            b_ub=np.array(upper_rhs + [-value for value in lower_rhs]),
            bounds=bounds,
            method="highs",
        )
    if result.status == 0:
        return float(result.fun)
    return None
