"""PCA weights, Cronbach's alpha and KMO against hand-computed values and independent numpy computations."""

from __future__ import annotations

import numpy as np
import pytest

from spi.framework.weights import (
    cronbach_alpha,
    derive_component_weights,
    diagnose,
    kmo,
    rounded_weights,
)

pytestmark = pytest.mark.unit


def _orthogonal_columns(n_rows: int = 8) -> np.ndarray:
    """Columns of a Sylvester Hadamard matrix without the constant one: centred, orthogonal, equal norm."""
    hadamard = np.array([[1.0]])
    while hadamard.shape[0] < n_rows:
        hadamard = np.block([[hadamard, hadamard], [hadamard, -hadamard]])
    return hadamard[:, 1:]


def _one_factor_matrix() -> np.ndarray:
    """x_i = f + e_i with f, e_1, e_2, e_3 orthogonal and of equal variance: every correlation is exactly 1/2."""
    columns = _orthogonal_columns()
    factor = columns[:, 0]
    return np.column_stack([50 + 10 * (factor + columns[:, i]) for i in (1, 2, 3)])


def test_equicorrelated_indicators_have_the_known_first_component() -> None:
    # R = 1/2 off the diagonal: first eigenvector (1, 1, 1) / sqrt 3 with eigenvalue 1 + 2 x 1/2 = 2.
    result = derive_component_weights("C", ["a", "b", "c"], _one_factor_matrix(), "pca")
    assert result.method == "pca"
    assert result.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert result.diagnostics.variance_explained == pytest.approx(2 / 3)
    assert result.diagnostics.loadings == pytest.approx((np.sqrt(2 / 3),) * 3)


def test_hand_computed_alpha_and_kmo() -> None:
    # var(x_i) = 2s, cov = s, var(total) = 3 x 2s + 6 x s = 12s: alpha = 3/2 x (1 - 6s / 12s) = 0.75.
    # Partial correlations of an equicorrelated R: r / (1 + (k - 2) r) = 1/3, so KMO = (1/4) / (1/4 + 1/9) = 9/13.
    diagnostics = diagnose(_one_factor_matrix())
    assert diagnostics.cronbach_alpha == pytest.approx(0.75)
    assert diagnostics.kmo == pytest.approx(9 / 13)


def test_weights_do_not_depend_on_an_indicators_scale() -> None:
    scores = _one_factor_matrix()
    scores[:, 2] = scores[:, 2] / 10  # same correlations, a tenth of the spread
    result = derive_component_weights("C", ["a", "b", "c"], scores, "pca")
    assert result.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_unequal_loadings_give_unequal_weights_matching_numpy() -> None:
    generator = np.random.default_rng(7)
    factor = generator.normal(size=200)
    scores = np.column_stack([factor * strength + generator.normal(size=200) for strength in (3.0, 1.5, 0.7)])
    result = derive_component_weights("C", ["strong", "medium", "weak"], scores, "pca")
    eigenvalues, eigenvectors = np.linalg.eigh(np.corrcoef(scores, rowvar=False))
    first = np.abs(eigenvectors[:, -1])
    assert result.weights == pytest.approx(tuple(first / first.sum()))
    assert result.weights[0] > result.weights[1] > result.weights[2]
    assert result.diagnostics.variance_explained == pytest.approx(eigenvalues[-1] / 3)


def test_alpha_and_kmo_match_independent_formulas() -> None:
    generator = np.random.default_rng(11)
    factor = generator.normal(size=60)
    scores = np.column_stack([factor + generator.normal(scale=scale, size=60) for scale in (0.5, 1.0, 1.5, 2.0)])
    covariance = np.cov(scores, rowvar=False)
    alpha = 4 / 3 * (1 - np.trace(covariance) / covariance.sum())
    assert cronbach_alpha(scores) == pytest.approx(alpha)
    # Partial correlation of i and j = correlation of their residuals after regressing each on the others.
    correlations = np.corrcoef(scores, rowvar=False)
    r_squared = a_squared = 0.0
    for i in range(4):
        for j in range(4):
            if i == j:
                continue
            others = np.column_stack([np.ones(60)] + [scores[:, k] for k in range(4) if k not in (i, j)])
            residual_i = scores[:, i] - others @ np.linalg.lstsq(others, scores[:, i], rcond=None)[0]
            residual_j = scores[:, j] - others @ np.linalg.lstsq(others, scores[:, j], rcond=None)[0]
            a_squared += np.corrcoef(residual_i, residual_j)[0, 1] ** 2
            r_squared += correlations[i, j] ** 2
    assert kmo(correlations) == pytest.approx(r_squared / (r_squared + a_squared))


def test_two_indicators_have_kmo_one_half_and_equal_pca_weights() -> None:
    generator = np.random.default_rng(3)
    factor = generator.normal(size=50)
    scores = np.column_stack([factor + generator.normal(size=50), 2 * factor + generator.normal(size=50)])
    result = derive_component_weights("C", ["a", "b"], scores, "pca")
    assert result.diagnostics.kmo == 0.5
    assert not result.fails_kmo
    assert result.weights == pytest.approx((0.5, 0.5))
    assert result.method == "pca"


def test_negative_loading_falls_back_to_equal_weights_with_the_reason() -> None:
    scores = _one_factor_matrix()
    scores[:, 2] = 100 - scores[:, 2]  # runs against the other two
    result = derive_component_weights("C", ["a", "b", "c"], scores, "pca")
    assert result.method == "equal_fallback"
    assert result.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert any("negative loading" in note and "c (" in note for note in result.notes)


def test_constant_indicator_falls_back_to_equal_weights() -> None:
    scores = _one_factor_matrix()
    scores[:, 1] = 42.0
    result = derive_component_weights("C", ["a", "b", "c"], scores, "pca")
    assert result.method == "equal_fallback"
    assert result.diagnostics.kmo is None and result.fails_kmo


def test_equal_method_keeps_the_diagnostics() -> None:
    result = derive_component_weights("C", ["a", "b", "c"], _one_factor_matrix(), "equal")
    assert result.method == "equal"
    assert result.weights == (1 / 3, 1 / 3, 1 / 3)
    assert result.diagnostics.cronbach_alpha == pytest.approx(0.75)


def test_unknown_method_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown weighting method"):
        derive_component_weights("C", ["a", "b"], _one_factor_matrix()[:, :2], "entropy")


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ((1 / 3, 1 / 3, 1 / 3), (0.333334, 0.333333, 0.333333)),
        ((0.1234564, 0.1234564, 0.7530872), (0.123456, 0.123456, 0.753088)),
        ((1 / 6,) * 6, (0.166665, 0.166667, 0.166667, 0.166667, 0.166667, 0.166667)),
    ],
)

def test_rounded_weights_sum_to_exactly_one_at_six_places(weights: tuple, expected: tuple) -> None:
    rounded = rounded_weights(weights)
    assert rounded == expected
    assert sum(round(weight * 1_000_000) for weight in rounded) == 1_000_000


def test_single_indicator_component_gets_weight_one_without_diagnostics() -> None:
    scores = np.array([[10.0], [20.0], [35.0], [50.0]])
    result = derive_component_weights("Environmental Quality", ["only"], scores, "pca")
    assert result.weights == (1.0,)
    assert result.method == "equal_fallback"
    assert result.notes == ("one indicator",)
    assert result.diagnostics.loadings is None and result.diagnostics.cronbach_alpha is None
