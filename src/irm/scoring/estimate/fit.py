"""Fitting the estimators: solvers, grouped folds, blends, priors and confidences.

Each estimate reads the text twice and adds the two readings:

* the **lexicon reading**, over the lexicon's concepts by field and the
  structural and era features: L2-penalised logistic regression for 0/1
  ratings and tags (an OGP value's weights on the concepts of its rule kept
  >= 0, so they count for it or not at all), ridge regression for ordinal
  scales, the penalty chosen by grouped cross-validation on the training rows;
* the **n-gram reading**, over the words, word pairs and character n-grams of
  the title and full text (:mod:`irm.scoring.estimate.ngrams`): ridge
  regression, solved in the rows' space (a few thousand rows, many n-grams),
  its weights then cut to the :data:`NGRAM_WEIGHTS_KEPT` largest so that the
  calibration stays readable.

Both are refitted on all but one fold of action plans at a time; the held-out
scores choose the blend (how much the n-gram reading adds, from
:data:`BLENDS`), set the thresholds (so that held-out scores get the training
share of each level), measure the held-out kappa and fit the confidence
(:class:`~irm.models.calibration.Agreement`, by level, distance from a
threshold, era and language). A model whose held-out kappa is no better than
chance is replaced by the commonest rating of each era. Everything is
deterministic: folds are dealt by size, ties broken by name.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import attrs
import numpy as np

from irm.models.calibration import Agreement, TargetModel, prior_key, sigmoid
from irm.models.missing import is_missing_code
from irm.scoring.agreement import weighted_kappa

__all__ = ["FitSettings", "TargetData", "fit_target", "fit_ngram_reading", "grouped_folds",
           "prevalence_thresholds", "known_rows", "standardise", "choose_l2", "logistic",
           "logistic_at_least_zero", "ridge", "GROUPS", "BLENDS", "NGRAM_WEIGHTS_KEPT",
           "CHANCE_KAPPA", "MIN_TAG_POSITIVES", "AGREEMENT_FOLDS"]

#: fewest positive examples a policy-area tag needs to get a model
MIN_TAG_POSITIVES = 5
#: folds of action plans whose held-out estimates set blends, thresholds and confidences
AGREEMENT_FOLDS = 5
#: penalty on the agreement's slopes and offsets
AGREEMENT_L2 = 1.0
#: a text model whose held-out estimates agree no better than this (kappa) is not used
CHANCE_KAPPA = 0.0
#: weights of the n-gram reading tried beside the lexicon's (each in units of its
#: held-out spread); 0 is the lexicon alone
BLENDS = (0.0, 0.5, 1.0, 2.0)
#: n-gram weights kept per model (the largest): a readable calibration, and a fast one
NGRAM_WEIGHTS_KEPT = 400
#: the groups whose confidence is calibrated apart (an intercept each)
GROUPS = ("era:legacy", "era:transitional", "era:refresh",
          "language:en", "language:es", "language:fr", "language:pt")


@attrs.frozen
class FitSettings:
    """How the models are fitted (recorded in the calibration)."""

    l2_grid: tuple[float, ...] = (3.0, 10.0, 30.0, 100.0)
    tag_l2: float = 100.0
    ngram_l2: float = 3.0
    blends: tuple[float, ...] = BLENDS
    ngram_weights_kept: int = NGRAM_WEIGHTS_KEPT
    agreement_folds: int = AGREEMENT_FOLDS
    use_era: bool = True
    use_ngrams: bool = True
    #: the vocabulary's size: words and word pairs, character n-grams (on the design split
    #: words added nothing beside the characters: see benchmarks/design_split.py)
    ngram_words: int = 0
    ngram_chars: int = 6000
    #: whether the verifiability estimates read the milestones' SMART checks (on the
    #: design split they added nothing beyond the partitions' spread, verifiable kappa
    #: 0.090 with them and 0.084 without, and extracting them is a third of scoring)
    use_milestones: bool = False


@attrs.frozen
class TargetData:
    """The rows one estimate is fitted on, and what is known of them."""

    name: str
    kind: str  # "binary" or "ordinal"
    codes: tuple[int, ...]
    y: np.ndarray  # the IRM's rating codes, rated rows only
    rows: np.ndarray  # their indices in the feature matrices
    mask: np.ndarray | None = None  # lexicon features the estimate may use
    held: np.ndarray | None = None  # lexicon features whose weights stay >= 0


# --- solvers ---------------------------------------------------------------------------


def _with_bias(x: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    xb = np.hstack([np.ones((x.shape[0], 1)), x])
    penalty = np.full(xb.shape[1], l2)
    penalty[0] = 1e-6  # the bias is all but unpenalised
    return xb, penalty


def logistic(x: np.ndarray, y: np.ndarray, l2: float, *, iterations: int = 25) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method; returns [bias, weights]."""
    xb, penalty = _with_bias(x, l2)
    w = np.zeros(xb.shape[1])
    for _ in range(iterations):
        p = sigmoid(xb @ w)
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def logistic_at_least_zero(x: np.ndarray, y: np.ndarray, l2: float,
                           held: np.ndarray, *, rounds: int = 20) -> np.ndarray:
    """:func:`logistic` with the weights of the ``held`` columns kept >= 0, by an active
    set: a held column whose weight comes out negative is fixed at zero and the rest
    refitted; one fixed at zero is freed again when the loss falls as its weight rises."""
    free = np.ones(x.shape[1], dtype=bool)
    for round_ in range(rounds + x.shape[1] + 1):
        w = np.zeros(x.shape[1] + 1)
        w[np.concatenate(([True], free))] = logistic(x[:, free], y, l2)
        negative = held & (w[1:] < 0)
        if negative.any():
            free &= ~negative
            continue
        if round_ >= rounds:  # not settled: columns are only fixed now, so this ends
            return w
        slope = x.T @ (sigmoid(w[0] + x @ w[1:]) - y)
        wanted = held & ~free & (slope < -1e-9)
        if not wanted.any():
            return w
        free |= wanted
    raise AssertionError("unreachable: each round past `rounds` fixes a column or returns")


def ridge(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-penalised least squares; returns [bias, weights]."""
    xb, penalty = _with_bias(x, l2)
    return np.linalg.solve(xb.T @ xb + np.diag(penalty), xb.T @ y)


def prevalence_thresholds(scores: np.ndarray, labels: np.ndarray,
                          codes: Sequence[int]) -> tuple[float, ...]:
    """Thresholds that give ``scores`` the share of each level ``labels`` have."""
    order = np.sort(scores)
    cuts = []
    for code in codes[:-1]:
        below = np.count_nonzero(labels <= code) / len(labels)
        k = int(round(below * len(order)))
        if k <= 0:
            cuts.append(float(order[0]) - 1e-9)
        elif k >= len(order):
            cuts.append(float(order[-1]) + 1e-9)
        else:
            cuts.append(float((order[k - 1] + order[k]) / 2))
    return tuple(np.maximum.accumulate(cuts).tolist())


def grouped_folds(groups: np.ndarray, k: int, *, seed: int | None = None) -> list[np.ndarray]:
    """Deterministic folds that keep each group (action plan) whole.

    Groups are dealt largest first to the currently smallest fold; with a ``seed``, in
    an order shuffled by it instead (one of many partitions, for repeated
    cross-validation).

    Examples
    --------
    >>> [f.tolist() for f in grouped_folds(np.array(["a", "a", "b", "c"]), 2)]
    [[0, 1], [2, 3]]
    """
    names, inverse, sizes = np.unique(groups.astype(str), return_inverse=True,
                                      return_counts=True)
    fold_of_group = np.zeros(len(names), dtype=int)
    load = np.zeros(k, dtype=int)
    order = (sorted(range(len(names)), key=lambda g: (-sizes[g], names[g])) if seed is None
             else np.random.default_rng(seed).permutation(len(names)).tolist())
    for g in order:
        f = int(np.argmin(load))
        fold_of_group[g] = f
        load[f] += sizes[g]
    fold_of_row = fold_of_group[inverse]
    return [np.flatnonzero(fold_of_row == f) for f in range(k)]


def _kappa(kind: str, codes: Sequence[int], truth: np.ndarray, estimated: np.ndarray) -> float:
    value = weighted_kappa(truth.astype(np.int64), estimated,
                           weights="none" if kind == "binary" else "quadratic", levels=codes)
    return float("nan") if value is None else float(value)


# --- the two readings ------------------------------------------------------------------


@attrs.frozen
class _Lexical:
    """The lexicon reading of one target: standardised, masked features and a penalty."""

    kind: str
    l2: float
    held: np.ndarray | None

    def fit(self, z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
        """Weights (on the standardised features) and bias."""
        used = np.flatnonzero(np.any(z != 0, axis=0))
        held = None if self.held is None else self.held[used]
        if self.kind == "binary":
            w = logistic_at_least_zero(z[:, used], y, self.l2, held) \
                if held is not None and held.any() else logistic(z[:, used], y, self.l2)
        else:
            w = ridge(z[:, used], y, self.l2)
        weights = np.zeros(z.shape[1])
        weights[used] = w[1:]
        return weights, float(w[0])


def choose_l2(kind: str, z: np.ndarray, y: np.ndarray, groups: np.ndarray,
              grid: Sequence[float], *, held: np.ndarray | None = None) -> float:
    """Pick the lexicon reading's penalty by grouped 3-fold CV on the training rows."""
    if len(grid) == 1 or len(np.unique(groups)) < 3:
        return float(grid[0])
    losses = []
    for l2 in grid:
        reading, loss = _Lexical(kind, l2, held), 0.0
        for test in grouped_folds(groups, 3):
            train = np.setdiff1d(np.arange(len(y)), test)
            if len(np.unique(y[train])) < 2:
                continue
            w, b = reading.fit(z[train], y[train])
            s = b + z[test] @ w
            if kind == "binary":
                p = np.clip(sigmoid(s), 1e-9, 1 - 1e-9)
                loss -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
            else:
                loss += float(np.sum((y[test] - s) ** 2))
        losses.append(loss)
    return float(grid[int(np.argmin(losses))])


class _Ngram:
    """The n-gram reading: ridge regression solved in the rows' space, through the
    Gram matrix of all rows (computed once, shared by every target and fold)."""

    def __init__(self, x: np.ndarray, l2: float, kept: int) -> None:
        self.x, self.l2, self.kept = x, l2, kept
        self.gram = x @ x.T

    def fit(self, rows: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
        """Weights over the n-grams (the ``kept`` largest) and bias, fitted on ``rows``."""
        k = self.gram[np.ix_(rows, rows)]
        col = k.mean(axis=0)
        centred = k - col[None, :] - col[:, None] + col.mean()  # features centred on the rows
        mean_y = float(y.mean())
        alpha = np.linalg.solve(centred + self.l2 * np.eye(len(rows)), y - mean_y)
        # w = (x[rows] - their mean).T @ alpha, as one product over all rows (no copies)
        dual = np.zeros(len(self.x))
        dual[rows] = alpha - alpha.sum() / len(rows)
        w = self.x.T @ dual
        if self.kept < len(w):
            small = np.argpartition(np.abs(w), len(w) - self.kept)[:len(w) - self.kept]
            w[small] = 0.0
        return w, mean_y - float((self.x @ w)[rows].mean())


# --- one target --------------------------------------------------------------------------


def _priors(y: np.ndarray, groups: Sequence[Sequence[str]], codes: Sequence[int]) -> tuple[
        dict[str, int], dict[str, float]]:
    """The commonest rating (ties: the lower) and its share, overall (``all``) and in each
    population of :data:`GROUPS` the rows hold."""
    priors, shares = {}, {}
    for group in ("all", *GROUPS):
        chosen = y if group == "all" else y[[group in g for g in groups]]
        if len(chosen) == 0:
            continue
        counts = np.bincount(np.searchsorted(codes, chosen), minlength=len(codes))
        level = int(np.argmax(counts))
        priors[group] = int(codes[level])
        shares[group] = float(counts[level] / len(chosen))
    return priors, shares



def _held_out_shares(agreed: np.ndarray, groups: Sequence[Sequence[str]],
                     fitted: Mapping[str, float]) -> dict[str, float]:
    """Per population, how often the prior agreed on held-out plans (the share in the
    fitted rows where none of its rows was held out)."""
    known = ~np.isnan(agreed)
    out = {}
    for group, share in fitted.items():
        inside = known & np.array([group == "all" or group in g for g in groups], dtype=bool)
        out[group] = float(agreed[inside].mean()) if inside.any() else share
    return out


def _agreement(kind: str, codes: Sequence[int], levels: np.ndarray, distances: np.ndarray,
               agreed: np.ndarray, groups: Sequence[Sequence[str]], kappa: float) -> Agreement:
    """The logistic model of held-out agreement by level, distance and group (one
    agreeing and one disagreeing pseudo-estimate per level at its threshold, so that a
    level whose few estimates all agreed is not certain to)."""
    n_levels = len(codes)
    level = np.concatenate([levels, np.repeat(np.arange(n_levels), 2)])
    distance = np.concatenate([distances, np.zeros(2 * n_levels)])
    agree = np.concatenate([agreed, np.tile([True, False], n_levels)]).astype(np.float64)
    member = np.array([[g in row for g in GROUPS] for row in groups] +
                      [[False] * len(GROUPS)] * (2 * n_levels), dtype=np.float64)
    present = member.any(axis=0) & (member.sum(axis=0) < len(member))  # groups seen, not all
    one_hot = np.eye(n_levels)[level]
    design = np.hstack([one_hot * distance[:, None], one_hot, member[:, present]])
    slopes_held = np.arange(design.shape[1]) < n_levels  # farther is no less likely to agree
    w = logistic_at_least_zero(design, agree, AGREEMENT_L2, slopes_held)
    offsets = dict(zip([g for g, p in zip(GROUPS, present) if p],
                       (float(v) for v in w[1 + 2 * n_levels:])))
    return Agreement(tuple(float(w[0] + v) for v in w[1 + n_levels:1 + 2 * n_levels]),
                     tuple(float(v) for v in w[1:1 + n_levels]), int(len(agreed)),
                     float(np.mean(agreed)), None if np.isnan(kappa) else kappa, offsets)


def fit_target(target: TargetData, z: np.ndarray, mean: np.ndarray, scale: np.ndarray,
               ngram: _Ngram | None, plans: np.ndarray, groups: Sequence[Sequence[str]],
               settings: FitSettings, l2: float) -> TargetModel:
    """Fit one estimate: both readings, their blend, thresholds, confidence and priors.

    ``z`` is the standardised lexicon matrix of every row (``mean``, ``scale`` its
    standardisation), ``plans`` and ``groups`` (the populations of :data:`GROUPS` each
    row is in) per row; ``l2`` the lexicon reading's penalty. Only ``target.rows`` are
    read.
    """
    rows, y, codes = target.rows, target.y.astype(np.float64), target.codes
    zk = z[rows] if target.mask is None else z[rows] * target.mask
    lexical = _Lexical(target.kind, l2, target.held)
    row_groups = [groups[i] for i in rows]
    priors, shares = _priors(y.astype(np.int64), row_groups, codes)
    k = min(settings.agreement_folds, len(np.unique(plans[rows])))
    lex_oof, ng_oof = np.full(len(y), np.nan), np.full(len(y), np.nan)
    prior_agreed = np.full(len(y), np.nan)  # whether the held-out prior would have agreed
    for test in grouped_folds(plans[rows], k) if k >= 2 else []:
        train = np.setdiff1d(np.arange(len(y)), test)
        if len(np.unique(y[train])) < 2:
            continue
        fold_priors, _ = _priors(y[train].astype(np.int64), [row_groups[i] for i in train],
                                 codes)
        prior_agreed[test] = [fold_priors[prior_key(fold_priors, row_groups[i])] == y[i]
                              for i in test]
        w, b = lexical.fit(zk[train], y[train])
        lex_oof[test] = b + zk[test] @ w
        if ngram is not None:
            w_ng, b_ng = ngram.fit(rows[train], y[train])
            ng_oof[test] = b_ng + ngram.x[rows[test]] @ w_ng
    held_out = ~np.isnan(lex_oof)
    spread_lex = float(np.std(lex_oof[held_out])) if held_out.any() else 1.0
    spread_ng = float(np.std(ng_oof[held_out])) if ngram is not None and held_out.any() else 1.0
    spread_lex, spread_ng = max(spread_lex, 1e-6), max(spread_ng, 1e-6)
    blends = settings.blends if ngram is not None else (0.0,)
    best: tuple[float, float, np.ndarray] | None = None  # (kappa, blend, held-out scores)
    for blend in blends if held_out.sum() >= 10 else ():
        s = lex_oof[held_out] / spread_lex + (
            blend * ng_oof[held_out] / spread_ng if blend else 0.0)
        cuts = prevalence_thresholds(s, y[held_out], codes)
        kappa = _kappa(target.kind, codes, y[held_out],
                       np.asarray(codes)[np.searchsorted(cuts, s, side="right")])
        if best is None or (not np.isnan(kappa) and (np.isnan(best[0]) or kappa > best[0] + 1e-9)):
            best = (kappa, blend, s)
    # the final readings, on every rated row, blended as chosen
    w_lex, b_lex = lexical.fit(zk, y)
    blend = best[1] if best is not None else 0.0
    weights = np.zeros(z.shape[1] + (0 if ngram is None else ngram.x.shape[1]))
    mask = 1.0 if target.mask is None else target.mask
    weights[:z.shape[1]] = w_lex * mask / scale / spread_lex
    bias = (b_lex - float(np.sum(w_lex * mask * mean / scale))) / spread_lex
    if ngram is not None and blend:
        w_ng, b_ng = ngram.fit(rows, y)
        weights[z.shape[1]:] = blend * w_ng / spread_ng
        bias += blend * b_ng / spread_ng
    if best is None:  # too few plans to hold any out: thresholds from the training scores
        thresholds = prevalence_thresholds((b_lex + zk @ w_lex) / spread_lex, y, codes)
        return TargetModel(target.kind, weights, bias, thresholds, codes, 1.0, l2, len(y),
                           None, None, blend, priors, shares)
    kappa, _, s = best
    thresholds = prevalence_thresholds(s, y[held_out], codes)
    spread = max(float(np.std(s)), 1e-6)
    levels = np.searchsorted(thresholds, s, side="right")
    estimated = np.asarray(codes)[levels]
    distances = np.abs(s[:, None] - np.asarray(thresholds)[None, :]).min(axis=1) / spread
    kept_groups = [row_groups[i] for i in np.flatnonzero(held_out)]
    agreement = _agreement(target.kind, codes, levels, distances, estimated == y[held_out],
                           kept_groups, kappa)
    if not np.isnan(kappa) and kappa <= CHANCE_KAPPA:
        # no better than chance: the commonest rating (of each era, where the row's era is
        # known); its confidence how often that prior agreed on held-out plans (the share
        # in the rows it was fitted on would overstate it); a constant agrees at kappa 0
        shares = _held_out_shares(prior_agreed, row_groups, shares)
        share = min(max(shares["all"], 1e-3), 1 - 1e-3)
        constant = Agreement((float(np.log(share / (1.0 - share))),) * len(codes),
                             (0.0,) * len(codes), len(y), share, 0.0)
        return TargetModel(target.kind, np.zeros_like(weights),
                           float(list(codes).index(priors["all"])),
                           tuple(k + 0.5 for k in range(len(codes) - 1)), codes, 1.0, l2,
                           len(y), constant, kappa, 0.0, priors, shares)
    return TargetModel(target.kind, weights, bias, thresholds, codes, spread, l2, len(y),
                       agreement, None, blend, priors, shares)


def known_rows(codes: np.ndarray, kind: str) -> np.ndarray:
    """Rows whose rating is known (a 0/1 target: 0 or 1)."""
    known = ~is_missing_code(codes)
    if kind == "binary":
        known &= np.isin(codes, (0, 1))
    return np.flatnonzero(known)


def standardise(x: np.ndarray, use_era: bool, era_columns: Sequence[int]) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    """The lexicon matrix standardised (era features zeroed unless ``use_era``), with
    its mean and scale."""
    x = x.copy()
    if not use_era:
        x[:, list(era_columns)] = 0.0
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return (x - mean) / scale, mean, scale


def fit_ngram_reading(x: np.ndarray | None, settings: FitSettings) -> _Ngram | None:
    """The shared n-gram solver of a fit (None when n-grams are not used)."""
    if x is None or not settings.use_ngrams or x.shape[1] == 0:
        return None
    return _Ngram(x, settings.ngram_l2, settings.ngram_weights_kept)

