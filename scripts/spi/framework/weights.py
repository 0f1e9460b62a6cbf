"""Weights for the indicators of one component, derived from data, with the diagnostics the SPI reports.

The SPI's rule: the weights of a component are the loadings of the first principal component of its
standardised indicator scores, scaled to sum to 1; Cronbach's alpha, the Kaiser-Meyer-Olkin measure and
the share of variance the first component explains say whether that is meaningful.

Sign and negative loadings. An eigenvector's sign is arbitrary, so the loadings are oriented to sum to
a positive number. Every indicator score is oriented "higher = better", so a loading that is still
negative means the indicator runs against the rest of its component: flooring it at 0 would silently
drop an indicator the framework chose, so such a component falls back to equal weights and the reason is
recorded. The same fallback applies where PCA is not meaningful: KMO below 0.5 (the correlations are not
shared enough for a common factor), a constant indicator, or fewer than three areas.

Two-indicator components: the correlation matrix of two variables has eigenvectors (1, 1) and (1, -1), so
PCA weights are always 0.5 / 0.5 (or a negative loading), and KMO is 0.5 by construction (the partial
correlation of two variables is their correlation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ALPHA_THRESHOLD = 0.7
KMO_THRESHOLD = 0.5
METHODS = ("pca", "equal")


@dataclass(frozen=True)
class ComponentDiagnostics:
    """Internal consistency and factorability of one component's indicator scores."""

    n_areas: int
    cronbach_alpha: float | None
    kmo: float | None
    variance_explained: float | None
    loadings: tuple[float, ...] | None


@dataclass(frozen=True)
class ComponentWeights:
    """The weights chosen for one component and why."""

    component: str
    indicator_ids: tuple[str, ...]
    weights: tuple[float, ...]
    method: str
    diagnostics: ComponentDiagnostics
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fails_alpha(self) -> bool:
        alpha = self.diagnostics.cronbach_alpha
        return alpha is None or alpha < ALPHA_THRESHOLD

    @property
    def fails_kmo(self) -> bool:
        kmo = self.diagnostics.kmo
        return kmo is None or kmo < KMO_THRESHOLD


def cronbach_alpha(scores: np.ndarray) -> float | None:
    """Classic (unstandardised) alpha of the columns of an areas x indicators matrix."""
    n_areas, n_items = scores.shape
    if n_items < 2 or n_areas < 2:
        return None
    total_variance = scores.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    item_variances = scores.var(axis=0, ddof=1).sum()
    return float(n_items / (n_items - 1) * (1 - item_variances / total_variance))


def correlation_matrix(scores: np.ndarray) -> np.ndarray | None:
    """Pearson correlations of the columns; None where a column is constant or there is a single column
    (no correlation exists)."""
    if scores.shape[1] < 2 or scores.shape[0] < 3 or np.any(scores.std(axis=0, ddof=1) == 0):
        return None
    correlations: np.ndarray = np.corrcoef(scores, rowvar=False)
    return correlations


def kmo(correlations: np.ndarray) -> float:
    """Kaiser-Meyer-Olkin overall measure of sampling adequacy.

    KMO = sum r_ij^2 / (sum r_ij^2 + sum a_ij^2) over i != j, with a_ij the partial correlations from the
    inverse correlation matrix (pseudo-inverse where it is singular). Rounded to 12 places so the 0.5
    threshold is not decided by float noise.
    """
    if correlations.shape[0] == 2:
        # The partial correlation of two variables is their correlation: exactly 0.5, without float noise.
        return 0.5
    inverse = np.linalg.pinv(correlations)
    scale = np.sqrt(np.outer(np.diag(inverse), np.diag(inverse)))
    partial = -inverse / scale
    off_diagonal = ~np.eye(correlations.shape[0], dtype=bool)
    r_squared = float((correlations[off_diagonal] ** 2).sum())
    a_squared = float((partial[off_diagonal] ** 2).sum())
    return round(r_squared / (r_squared + a_squared), 12)


def first_component(correlations: np.ndarray) -> tuple[np.ndarray, float]:
    """Loadings (eigenvector x sqrt(eigenvalue)) of the first principal component, oriented to a positive
    sum, and the share of the total variance it explains."""
    eigenvalues, eigenvectors = np.linalg.eigh(correlations)
    largest = int(np.argmax(eigenvalues))
    loadings = eigenvectors[:, largest] * np.sqrt(eigenvalues[largest])
    if loadings.sum() < 0:
        loadings = -loadings
    return loadings, float(eigenvalues[largest] / correlations.shape[0])


def diagnose(scores: np.ndarray) -> ComponentDiagnostics:
    """Alpha, KMO, variance explained and PCA loadings of an areas x indicators score matrix."""
    correlations = correlation_matrix(scores)
    if correlations is None:
        return ComponentDiagnostics(scores.shape[0], cronbach_alpha(scores), None, None, None)
    loadings, explained = first_component(correlations)
    return ComponentDiagnostics(
        n_areas=scores.shape[0],
        cronbach_alpha=cronbach_alpha(scores),
        kmo=kmo(correlations),
        variance_explained=explained,
        loadings=tuple(float(loading) for loading in loadings),
    )


def derive_component_weights(
    component: str, indicator_ids: list[str], scores: np.ndarray, method: str
) -> ComponentWeights:
    """Weights for one component: PCA loadings scaled to sum 1, or equal weights (asked for, or the
    fallback where PCA is not meaningful, with the reason in notes)."""
    if method not in METHODS:
        raise ValueError(f"unknown weighting method {method!r}; expected one of {', '.join(METHODS)}")
    diagnostics = diagnose(scores)
    n_items = len(indicator_ids)
    equal = tuple(1.0 / n_items for _ in indicator_ids)
    if method == "equal":
        return ComponentWeights(component, tuple(indicator_ids), equal, "equal", diagnostics)
    reasons = _pca_not_meaningful(indicator_ids, diagnostics)
    if reasons:
        return ComponentWeights(component, tuple(indicator_ids), equal, "equal_fallback", diagnostics, reasons)
    loadings = np.array(diagnostics.loadings)
    notes = ("two indicators: PCA weights are equal and KMO is 0.5 by construction",) if n_items == 2 else ()
    weights = tuple(float(weight) for weight in loadings / loadings.sum())
    return ComponentWeights(component, tuple(indicator_ids), weights, "pca", diagnostics, notes)


def _pca_not_meaningful(indicator_ids: list[str], diagnostics: ComponentDiagnostics) -> tuple[str, ...]:
    if len(indicator_ids) == 1:
        return ("one indicator",)
    if diagnostics.loadings is None:
        return (f"no correlation matrix (fewer than 3 areas or a constant indicator; {diagnostics.n_areas} areas)",)
    negative = [
        f"{indicator_id} ({loading:.3f})"
        for indicator_id, loading in zip(indicator_ids, diagnostics.loadings, strict=True)
        if loading < 0
    ]
    reasons = []
    if negative:
        reasons.append("negative loading on the first component: " + ", ".join(negative))
    if diagnostics.kmo is not None and diagnostics.kmo < KMO_THRESHOLD:
        reasons.append(f"KMO {diagnostics.kmo:.3f} < {KMO_THRESHOLD}")
    return tuple(reasons)


def rounded_weights(weights: tuple[float, ...], decimals: int = 6) -> tuple[float, ...]:
    """Weights rounded to `decimals` places that sum to exactly 1 at that precision: the rounding remainder
    goes on the largest weight (the first of equal largest ones)."""
    unit = 10**decimals
    units = [round(weight * unit) for weight in weights]
    largest = max(range(len(units)), key=lambda index: (units[index], -index))
    units[largest] += unit - sum(units)
    return tuple(value / unit for value in units)
