"""Agreement between raters: automated vs human IRM ratings, or two researchers.

Functions take two equal-length integer arrays of rating codes; entries where
either rater has no rating (a negative code: the missing-code sentinels) are
left out, and how many were compared is reported. Bootstrap confidence
intervals resample whole groups (action plans), since commitments of one
plan are not independent.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import attrs
import numpy as np

from irm._perf import group_rows
from irm.errors import InvalidValueError, check_choice
from irm.models.missing import is_missing_code

Codes = Any  # a sequence or numpy array of integer codes

__all__ = [
    "both_rated",
    "paired",
    "accuracy",
    "f1",
    "cohen_kappa",
    "weighted_kappa",
    "krippendorff_alpha",
    "confusion_matrix",
    "micro_f1",
    "bootstrap_ci",
    "Agreement",
]


def both_rated(a: Codes, b: Codes) -> np.ndarray:
    """Mask of the entries neither rater left missing (no missing-code sentinel)."""
    return ~is_missing_code(np.asarray(a)) & ~is_missing_code(np.asarray(b))


def paired(a: Codes, b: Codes) -> tuple[np.ndarray, np.ndarray]:
    """The entries both raters rated (codes >= 0)."""
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape:
        raise InvalidValueError("raters must rate the same items", got=f"{x.shape} and {y.shape}")
    keep = both_rated(x, y)
    return x[keep], y[keep]


def confusion_matrix(a: Codes, b: Codes,
                     *, levels: Sequence[int] | None = None) -> tuple[np.ndarray, tuple[int, ...]]:
    """Counts of (a level, b level); rows are rater ``a``."""
    x, y = paired(a, b)
    lv = tuple(sorted(set(levels) if levels is not None else set(x) | set(y)))
    index = {v: k for k, v in enumerate(lv)}
    m = np.zeros((len(lv), len(lv)), dtype=np.int64)
    np.add.at(m, ([index[v] for v in x], [index[v] for v in y]), 1)
    return m, lv


def accuracy(a: Codes, b: Codes) -> float:
    x, y = paired(a, b)
    return float(np.mean(x == y)) if len(x) else float("nan")


def f1(truth: Codes, pred: Codes, *, positive: int = 1) -> float:
    """F1 of ``pred`` against ``truth`` for one positive level."""
    x, y = paired(truth, pred)
    tp = np.count_nonzero((x == positive) & (y == positive))
    fp = np.count_nonzero((x != positive) & (y == positive))
    fn = np.count_nonzero((x == positive) & (y != positive))
    return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else float("nan")


def micro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    """Micro-averaged F1 over a (items x labels) pair of 0/1 matrices; codes < 0 skipped."""
    keep = both_rated(truth, pred)
    t, p = truth[keep] == 1, pred[keep] == 1
    tp, fp, fn = np.count_nonzero(t & p), np.count_nonzero(~t & p), np.count_nonzero(t & ~p)
    return float(2 * tp / (2 * tp + fp + fn)) if tp + fp + fn else float("nan")


def weighted_kappa(a: Codes, b: Codes, *, weights: str = "quadratic",
                   levels: Codes | None = None) -> float:
    """Cohen's kappa with ``"none"``, ``"linear"`` or ``"quadratic"`` disagreement weights.

    Examples
    --------
    >>> round(weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]), 3)
    1.0
    >>> round(weighted_kappa([0, 0, 1, 1], [0, 1, 0, 1], weights="none"), 3)
    0.0
    """
    check_choice("weights", weights, ("none", "linear", "quadratic"))
    m, lv = confusion_matrix(a, b, levels=levels)
    n = m.sum()
    if n == 0 or len(lv) < 2:
        return float("nan")
    k = len(lv)
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if weights == "none":
        w = (i != j).astype(float)
    elif weights == "linear":
        w = np.abs(i - j) / (k - 1)
    else:  # quadratic: check_choice above allows no other
        w = ((i - j) / (k - 1)) ** 2
    expected = np.outer(m.sum(axis=1), m.sum(axis=0)) / n
    denominator = (w * expected).sum()
    return float(1 - (w * m).sum() / denominator) if denominator else float("nan")


def cohen_kappa(a: Codes, b: Codes) -> float:
    """Cohen's kappa (unweighted).

    Examples
    --------
    >>> cohen_kappa([1, 1, 0, 0], [1, 1, 0, 1])
    0.5
    """
    return weighted_kappa(a, b, weights="none")


def krippendorff_alpha(ratings: np.ndarray, *, level: str = "nominal") -> float:
    """Krippendorff's alpha for (raters x items) codes; negative codes are missing.

    ``level`` is ``"nominal"``, ``"ordinal"`` or ``"interval"``.

    Examples
    --------
    >>> round(krippendorff_alpha(np.array([[1, 2, 3, 3], [1, 2, 3, 3]])), 3)
    1.0
    """
    if level not in ("nominal", "ordinal", "interval"):
        raise InvalidValueError("unknown 'level'", expected="'nominal', 'ordinal' or 'interval'",
                                got=level)
    data = np.asarray(ratings)
    rated = ~is_missing_code(data)
    values = np.unique(data[rated])
    if len(values) < 2:
        return float("nan")
    k = len(values)
    # counts[u, c]: how many raters gave item u the value c
    rater, item = np.nonzero(rated)
    counts = np.zeros((data.shape[1], k))
    np.add.at(counts, (item, np.searchsorted(values, data[rater, item])), 1.0)
    pairable = counts.sum(axis=1)
    counts = counts[pairable >= 2]
    weighted = counts / (pairable[pairable >= 2] - 1)[:, None]
    # o[c, k] = sum over items of (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1)
    coincidence = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    totals = coincidence.sum(axis=1)
    n = totals.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(k)
    elif level == "interval":
        delta = (values[:, None] - values[None, :]).astype(float) ** 2
    else:  # ordinal: the totals between two ranks, halving the two ends
        rank = np.arange(k)
        lo, hi = np.minimum.outer(rank, rank), np.maximum.outer(rank, rank)
        cumulative = np.cumsum(totals)
        delta = (cumulative[hi] - cumulative[lo] + (totals[lo] - totals[hi]) / 2) ** 2
    observed = (coincidence * delta).sum()
    expected = (np.outer(totals, totals) * delta).sum() / (n - 1)
    return float(1 - observed / expected) if expected else float("nan")


def bootstrap_ci(metric: Callable[[np.ndarray], float], groups: Any, *,
                 rounds: int = 1000, level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile interval of ``metric(rows)`` over resampled groups (action plans).

    ``metric`` receives an index array of rows (with repeats) and returns a number.
    """
    members = group_rows(np.asarray(groups).astype(str))[1]
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(rounds):
        pick = rng.integers(0, len(members), size=len(members))
        rows = np.concatenate([members[g] for g in pick])
        v = metric(rows)
        if not np.isnan(v):
            values.append(v)
    if not values:
        return (float("nan"), float("nan"))
    tail = (1 - level) / 2 * 100
    return (float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail)))


@attrs.frozen
class Agreement:
    """Agreement on one rating: the figures, how many items, and a confidence interval."""

    rating: str
    n: int
    accuracy: float
    kappa: float
    weighted_kappa: float | None
    alpha: float
    f1: float | None
    ci: tuple[float, float] | None
    confusion: tuple[tuple[int, ...], ...]
    levels: tuple[int, ...]
    #: the scale's label of each level ("Minor", ...), for reading the confusion matrix
    labels: tuple[str, ...] = ()

    def confusion_rows(self) -> list[list[str]]:
        """The confusion matrix with its levels named: a header row (the second rater's
        levels), then one row per level of the first rater with its counts."""
        names = self.labels or tuple(map(str, self.levels))
        return [["", *names]] + [[name, *map(str, row)]
                                 for name, row in zip(names, self.confusion)]
