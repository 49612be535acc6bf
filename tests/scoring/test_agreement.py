"""Agreement metrics against published reference values."""

from __future__ import annotations

import numpy as np
import pytest

from irm.scoring import agreement as A

M = -901
#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders x 12 units.
KRIPPENDORFF = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3],
    [M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M],
])


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("interval", 0.849),
                                                 ("ordinal", 0.815)])
def test_krippendorff_reference_example(level, expected):
    """Alpha matches Krippendorff's worked example at each level of measurement."""
    assert A.krippendorff_alpha(KRIPPENDORFF, level=level) == pytest.approx(expected, abs=5e-4)


def test_cohen_kappa_known_value():
    """Kappa of a textbook 2x2 table (agreement 0.7, chance 0.5) is 0.4."""
    a = np.array([1] * 35 + [1] * 15 + [0] * 15 + [0] * 35)
    b = np.array([1] * 35 + [0] * 15 + [1] * 15 + [0] * 35)
    assert A.cohen_kappa(a, b) == pytest.approx(0.4)
    assert A.accuracy(a, b) == pytest.approx(0.7)


def test_quadratic_kappa_rewards_near_misses():
    """Off-by-one disagreements cost less under quadratic weights."""
    truth = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    near = np.array([1, 1, 2, 2, 0, 2, 2, 3])
    assert A.weighted_kappa(truth, near, weights="quadratic") > A.cohen_kappa(truth, near)


def test_missing_codes_are_left_out():
    """Items either rater did not rate are not compared."""
    a = np.array([1, 0, M, 1])
    b = np.array([1, 0, 1, -902])
    assert A.paired(a, b)[0].tolist() == [1, 0]
    assert A.cohen_kappa(a, b) == pytest.approx(1.0)


def test_micro_f1_and_confusion():
    """Micro-F1 pools every tag decision; the confusion matrix counts pairs."""
    truth = np.array([[1, 0], [1, 1], [0, 0]])
    pred = np.array([[1, 1], [0, 1], [0, 0]])
    assert A.micro_f1(truth, pred) == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    matrix, levels = A.confusion_matrix([0, 1, 1], [0, 1, 0])
    assert levels == (0, 1) and matrix.tolist() == [[1, 0], [1, 1]]


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    """Resampling groups is reproducible and the interval contains the point estimate."""
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 2, 200)
    pred = np.where(rng.random(200) < 0.8, truth, 1 - truth)
    groups = np.repeat(np.arange(40), 5)
    metric = lambda rows: A.cohen_kappa(truth[rows], pred[rows])  # noqa: E731
    low, high = A.bootstrap_ci(metric, groups, rounds=300, seed=3)
    assert (low, high) == A.bootstrap_ci(metric, groups, rounds=300, seed=3)
    assert low <= A.cohen_kappa(truth, pred) <= high
