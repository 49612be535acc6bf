"""Calibrated estimators of IRM ratings from commitment text.

Every estimate is a linear score over the features of
:mod:`irm.scoring.estimate.features`: a baseline plus one contribution per
feature present, so the evidence adds up to the score exactly. ``fit``
learns the weights (L2-penalised logistic regression for 0/1 ratings and
tags, ridge regression for ordinal scales; an OGP value's weights on the
concepts of its rule are kept >= 0, so they count for it or not at all) and
the thresholds (matching the training prevalence of each level),
deterministically; the learned state is
a :class:`Calibration`, saved as a versioned data file.

An estimate's confidence is the chance that it equals the IRM's rating, as
measured on held-out action plans during ``fit``: each model is refitted
without one fold of plans at a time, and how often its held-out estimates
agreed, by estimated level and by the score's distance from the nearest
threshold, is fitted as a small logistic model (:class:`Agreement`).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Mapping, Sequence

import attrs
import numpy as np

from irm.errors import DataFileError, NotFittedError
from irm.models import scales as S
from irm.models.missing import is_missing_code
from irm.models.scales import OrdinalScale
from irm.models.table import CommitmentTable
from irm.models.taxonomy import load_taxonomy
from irm.scoring.agreement import weighted_kappa
from irm.scoring.estimate.features import (
    ERA_FEATURES,
    FeatureSet,
    feature_mask,
    feature_names,
    featurize,
    is_lexical,
)
from irm.scoring.estimate.lexicon import Lexicon, load_lexicon

__all__ = [
    "VALUE_TARGETS",
    "ORDINAL_TARGETS",
    "MILESTONE_TARGETS",
    "TargetModel",
    "Agreement",
    "Calibration",
    "PreAssessor",
    "load_calibration",
    "fit_targets",
    "grouped_folds",
]

#: 0/1 targets: estimate name -> human rating column
VALUE_TARGETS = {
    "access_to_information": "OGP Value Access To Information",
    "civic_participation": "OGP Value Civic Participation",
    "public_accountability": "OGP Value Public Accountability",
    "technology_innovation": "OGP Value Technology",
}
#: ordinal targets: estimate name -> (human rating column, scale). Verifiable (No/Yes) is
#: rated in every era, specificity only before 2017.
ORDINAL_TARGETS: dict[str, tuple[str, OrdinalScale]] = {
    "verifiable": ("Verifiable", S.VERIFIABLE),
    "specificity": ("Specificity", S.SPECIFICITY),
    "potential_impact": ("Potential Impact", S.POTENTIAL_IMPACT),
    "potential_for_results": ("Potential for Results", S.POTENTIAL_FOR_RESULTS),
}
#: the estimates that read the milestones' SMART checks: verifiability
MILESTONE_TARGETS = ("verifiable", "specificity")
#: fewest positive examples a policy-area tag needs to get a model
MIN_TAG_POSITIVES = 5
#: folds of action plans whose held-out estimates calibrate the confidences
AGREEMENT_FOLDS = 5
#: penalty on the agreement's slopes and on how far one level's may stray from the others'
AGREEMENT_L2 = 1.0
#: a text model whose held-out estimates agree with the IRM no better than this (kappa)
#: is not used: its estimate is the commonest rating, which is at least as good
CHANCE_KAPPA = 0.0


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@attrs.frozen
class Agreement:
    """The chance that an estimate equals the IRM's rating: ``sigmoid(intercepts[level]
    + slopes[level] * distance)``, where ``level`` is the estimated level (in the model's
    code order) and ``distance`` the score's distance from the nearest threshold, in
    units of the model's spread. Fitted on held-out estimates (``rows`` of them, of which
    the share ``agreed`` agreed), so a confidence of 0.7 means that about 7 in 10 such
    estimates agreed with the IRM."""

    intercepts: tuple[float, ...]
    slopes: tuple[float, ...]
    rows: int
    agreed: float
    #: the held-out estimates' agreement beyond chance: Cohen's kappa (quadratic-weighted
    #: for an ordinal scale); 0 is chance, 1 perfect (None: not measured, or undefined)
    kappa: float | None = None

    def chance(self, levels: np.ndarray, distances: np.ndarray) -> np.ndarray:
        return _sigmoid(np.asarray(self.intercepts)[levels]
                        + np.asarray(self.slopes)[levels] * distances)

    def to_dict(self) -> dict[str, Any]:
        return {"intercepts": [round(v, 10) for v in self.intercepts],
                "slopes": [round(v, 10) for v in self.slopes], "rows": self.rows,
                "agreed": round(self.agreed, 10),
                "kappa": None if self.kappa is None else round(self.kappa, 10)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agreement:
        kappa = data.get("kappa")  # absent from calibrations made before irm measured it
        return cls(tuple(float(v) for v in data["intercepts"]),
                   tuple(float(v) for v in data["slopes"]), int(data["rows"]),
                   float(data["agreed"]), None if kappa is None else float(kappa))


@attrs.frozen
class TargetModel:
    """Learned state of one estimate, in raw feature units.

    ``score = bias + values @ weights``. Binary targets predict 1 when the
    score reaches ``thresholds[0]``; ordinal targets predict level ``k`` of
    ``codes`` where ``k`` thresholds are passed.
    """

    kind: str  # "binary" or "ordinal"
    weights: np.ndarray = attrs.field(repr=False, eq=False)
    bias: float
    thresholds: tuple[float, ...]
    codes: tuple[int, ...] = (0, 1)
    spread: float = 1.0  # scale of the score, for confidences
    l2: float = 1.0
    trained_on: int = 0
    #: how often held-out estimates agreed with the IRM (None: not measured, as in a
    #: calibration from before irm measured it; the confidence is then the distance alone)
    agreement: Agreement | None = None
    #: set when the text model's held-out kappa (this value) was no better than chance:
    #: the model is then the commonest rating of its rows (no weights; see :meth:`_Fit.commonest`)
    text_model_kappa: float | None = None

    def commonest_reason(self) -> str | None:
        """Why the estimate is the commonest rating, not a reading of the text (None: it is
        a reading)."""
        if self.text_model_kappa is None or self.agreement is None:
            return None
        return (f"the text agreed with the IRM no better than chance on action plans held out "
                f"while fitting (kappa {self.text_model_kappa:.2f}): the estimate is the commonest "
                f"rating of the {self.agreement.rows} rated commitments it was fitted on "
                f"({100 * self.agreement.agreed:.0f}% of them)")

    def scores(self, values: np.ndarray) -> np.ndarray:
        return self.bias + values @ self.weights

    def levels(self, scores: np.ndarray) -> np.ndarray:
        """The estimated level of each score: its index in ``codes``."""
        return np.searchsorted(np.asarray(self.thresholds), scores, side="right")

    def predict(self, scores: np.ndarray) -> np.ndarray:
        return np.asarray(self.codes)[self.levels(scores)]

    def distances(self, scores: np.ndarray) -> np.ndarray:
        """How far each score is from the nearest threshold, in units of the spread."""
        gaps = np.abs(scores[:, None] - np.asarray(self.thresholds)[None, :]).min(axis=1)
        return gaps / self.spread

    def confidence(self, scores: np.ndarray) -> np.ndarray:
        """The chance that each estimate equals the IRM's rating, as held-out estimates
        of its level and distance agreed (see :class:`Agreement`); without that
        measure, between 0.5 and 1 by the distance from the nearest threshold alone."""
        if self.agreement is None:
            return _sigmoid(1.7 * self.distances(scores))
        return self.agreement.chance(self.levels(scores), self.distances(scores))

    def to_dict(self) -> dict[str, Any]:
        data = {"kind": self.kind, "bias": self.bias, "thresholds": list(self.thresholds),
                "codes": list(self.codes), "spread": self.spread, "l2": self.l2,
                "trained_on": self.trained_on}
        if self.agreement is not None:
            data["agreement"] = self.agreement.to_dict()
        if self.text_model_kappa is not None:
            data["text_model_kappa"] = round(self.text_model_kappa, 10)
        return {**data, "weights": [round(float(w), 10) for w in self.weights]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TargetModel:
        codes = tuple(data["codes"])
        agreement = None if data.get("agreement") is None else \
            Agreement.from_dict(data["agreement"])
        if agreement is not None and not \
                len(agreement.intercepts) == len(agreement.slopes) == len(codes):
            raise ValueError(f"{len(agreement.intercepts)} agreement intercepts and "
                             f"{len(agreement.slopes)} slopes for {len(codes)} levels")
        text_kappa = data.get("text_model_kappa")
        return cls(data["kind"], np.asarray(data["weights"], dtype=np.float64),
                   float(data["bias"]), tuple(data["thresholds"]), codes,
                   float(data["spread"]), float(data["l2"]), int(data["trained_on"]), agreement,
                   None if text_kappa is None else float(text_kappa))


@attrs.frozen
class Calibration:
    """Everything ``fit`` learned: per-target models over named features."""

    version: str
    lexicon_version: str
    library_version: str
    feature_names: tuple[str, ...]
    models: Mapping[str, TargetModel] = attrs.field(repr=False)
    notes: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    #: the file it was read from, for messages ("" when made in memory)
    origin: str = attrs.field(default="", eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": "irm calibration", "version": self.version,
                "lexicon_version": self.lexicon_version,
                "library_version": self.library_version, "notes": dict(self.notes),
                "feature_names": list(self.feature_names),
                "models": {k: m.to_dict() for k, m in self.models.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<calibration>") -> Calibration:
        where = ""  # the model being read, for the message
        try:
            models = {}
            for where, model in data["models"].items():
                models[where] = TargetModel.from_dict(model)
            where = ""
            return cls(str(data["version"]), str(data["lexicon_version"]),
                       str(data["library_version"]), tuple(data["feature_names"]),
                       models, dict(data.get("notes", {})), source)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            model = f"model {where!r}: " if where else ""
            raise DataFileError(f"not a calibration file ({model}{err})", file=source) from err

    def check_fits(self, lexicon: Lexicon, names: Sequence[str] | None = None) -> None:
        """Raise :class:`DataFileError` unless this calibration was fitted with
        ``lexicon`` on the features this version of irm computes (``names``, when
        given, are features already computed)."""
        file = self.origin or None
        if lexicon.version != self.lexicon_version:
            raise DataFileError("calibration was fitted with another lexicon", file=file,
                                expected=f"lexicon {self.lexicon_version}", got=lexicon.version)
        names = tuple(names) if names is not None else feature_names(lexicon)
        if names != self.feature_names:
            fitted = set(self.feature_names)
            new = [n for n in names if n not in fitted]
            gone = [n for n in self.feature_names if n not in set(names)]
            raise DataFileError(
                "calibration was fitted on other features (refit it with 'irm fit')", file=file,
                expected=f"{len(names)} features in this version's order",
                got=f"{len(self.feature_names)}, lacking {', '.join(new[:4]) or 'none'}; "
                    f"unknown to this version: {', '.join(gone[:4]) or 'none'}")

    def weighs(self, names: Sequence[str]) -> bool:
        """Whether any model gives one of the features ``names`` a weight (features no
        model weighs need not be computed)."""
        columns = [self.feature_names.index(n) for n in names if n in self.feature_names]
        return any(np.any(m.weights[columns] != 0) for m in self.models.values())

    def era_weight_share(self) -> dict[str, float]:
        """Per target, the share of the weight norm carried by era features.

        A plain measure of how much a target leans on the plan's era and year
        rather than its text (weights are in standardised units here).
        """
        era = [self.feature_names.index(n) for n in ERA_FEATURES]
        scale = np.asarray(self.notes.get("feature_scale", [1.0] * len(self.feature_names)))
        out = {}
        for name, model in self.models.items():
            w = np.abs(model.weights * scale)
            total = w.sum()
            out[name] = float(w[era].sum() / total) if total else 0.0
        return out


@functools.lru_cache(maxsize=None)
def _bundled() -> Calibration:
    text = resources.files("irm.data").joinpath("calibration.json").read_text("utf-8")
    return Calibration.from_dict(json.loads(text), "irm/data/calibration.json")


def load_calibration() -> Calibration:
    """The shipped calibration (fitted on OGP's dev export; see its notes)."""
    return _bundled()


# --- fitting ----------------------------------------------------------------------------


def _with_bias(x: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """``x`` with a leading column of ones, and the L2 penalty per column (the bias is
    all but unpenalised)."""
    xb = np.hstack([np.ones((x.shape[0], 1)), x])
    penalty = np.full(xb.shape[1], l2)
    penalty[0] = 1e-6
    return xb, penalty


def _logistic(x: np.ndarray, y: np.ndarray, l2: float, iterations: int = 25) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method; returns [bias, weights]."""
    xb, penalty = _with_bias(x, l2)
    w = np.zeros(xb.shape[1])
    for _ in range(iterations):
        p = _sigmoid(xb @ w)
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _logistic_at_least_zero(x: np.ndarray, y: np.ndarray, l2: float,
                            held: np.ndarray, rounds: int = 20) -> np.ndarray:
    """:func:`_logistic` with the weights of the ``held`` columns kept >= 0, by an
    active set: a held column whose weight comes out negative is fixed at zero and
    the rest refitted; one fixed at zero is freed again when the loss falls as
    its weight rises. Returns [bias, weights]."""
    free = np.ones(x.shape[1], dtype=bool)
    for round_ in range(rounds + x.shape[1] + 1):
        w = np.zeros(x.shape[1] + 1)
        w[np.concatenate(([True], free))] = _logistic(x[:, free], y, l2)
        negative = held & (w[1:] < 0)
        if negative.any():
            free &= ~negative
            continue
        if round_ >= rounds:  # not settled: columns are only fixed now, so this ends
            return w
        slope = x.T @ (_sigmoid(w[0] + x @ w[1:]) - y)  # the loss's, along each column
        wanted = held & ~free & (slope < -1e-9)
        if not wanted.any():
            return w
        free |= wanted
    raise AssertionError("unreachable: each round past `rounds` fixes a column or returns")


def _ridge(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-penalised least squares; returns [bias, weights]."""
    xb, penalty = _with_bias(x, l2)
    return np.linalg.solve(xb.T @ xb + np.diag(penalty), xb.T @ y)


def _prevalence_thresholds(scores: np.ndarray, labels: np.ndarray,
                           codes: Sequence[int]) -> tuple[float, ...]:
    """Thresholds that give the training scores the training share of each level."""
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


def grouped_folds(groups: np.ndarray, k: int, seed: int | None = None) -> list[np.ndarray]:
    """Deterministic folds that keep each group (action plan) whole.

    Groups are dealt largest first to the currently smallest fold; with a
    ``seed``, in an order shuffled by it instead (one of many partitions, for
    repeated cross-validation).

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


def _fit_one(kind: str, x: np.ndarray, y: np.ndarray, l2: float,
             held: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Fit on standardised x; returns (weights incl. bias, residual spread).
    ``held``: columns whose weights may not be negative (binary targets)."""
    if kind == "binary":
        if held is not None and held.any():
            return _logistic_at_least_zero(x, y, l2, held), 1.0
        return _logistic(x, y, l2), 1.0
    w = _ridge(x, y, l2)
    residual = y - (w[0] + x @ w[1:])
    return w, float(max(np.std(residual), 1e-3))


def _weighable(x: np.ndarray) -> np.ndarray:
    """The columns of ``x`` that are not all zero: a fit leaves out the others (a column
    masked out by a rule, or constant), whose weight would be 0 anyway."""
    return np.flatnonzero(np.any(x != 0, axis=0))


def _choose_l2(kind: str, x: np.ndarray, y: np.ndarray, groups: np.ndarray,
               grid: Sequence[float], held: np.ndarray | None = None) -> float:
    """Pick the penalty by grouped 3-fold CV on the training rows only."""
    if len(grid) == 1 or len(np.unique(groups)) < 3:
        return float(grid[0])
    used = _weighable(x)
    x, held = x[:, used], None if held is None else held[used]
    folds = grouped_folds(groups, 3)
    losses = []
    for l2 in grid:
        loss = 0.0
        for test in folds:
            train = np.setdiff1d(np.arange(len(y)), test)
            if len(np.unique(y[train])) < 2:
                continue
            w, _ = _fit_one(kind, x[train], y[train], l2, held)
            s = w[0] + x[test] @ w[1:]
            if kind == "binary":
                p = np.clip(_sigmoid(s), 1e-9, 1 - 1e-9)
                loss -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
            else:
                loss += float(np.sum((y[test] - s) ** 2))
        losses.append(loss)
    return float(grid[int(np.argmin(losses))])


def fit_targets(features: FeatureSet, labels: Mapping[str, np.ndarray],
                groups: np.ndarray, *, kinds: Mapping[str, str],
                codes: Mapping[str, Sequence[int]], l2_grid: Sequence[float],
                tag_l2: float, use_era: bool,
                masks: Mapping[str, np.ndarray] | None = None,
                held: Mapping[str, np.ndarray] | None = None,
                agreement_folds: int = AGREEMENT_FOLDS) -> tuple[
                    dict[str, TargetModel], np.ndarray, np.ndarray]:
    """Fit every target on the rows where its label is known (code >= 0).

    ``masks``: per target, the features it may use; ``held``: per target, the
    features whose weights may not be negative; ``agreement_folds``: folds of
    ``groups`` whose held-out estimates calibrate each model's confidence (0: none).

    Returns the models (in raw feature units) and the standardisation used.
    """
    x = features.values.copy()
    if not use_era:
        for name in ERA_FEATURES:
            x[:, features.index(name)] = 0.0
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    models: dict[str, TargetModel] = {}
    for target, y_all in labels.items():
        known = ~is_missing_code(y_all)
        if kinds[target] == "binary":
            known &= np.isin(y_all, (0, 1))
        y = y_all[known].astype(np.float64)
        if len(y) < 10 or len(np.unique(y)) < 2:
            continue
        if kinds[target] == "binary" and target.startswith("tag:") and \
                np.count_nonzero(y == 1) < MIN_TAG_POSITIVES:
            continue
        zk, gk = z[known], groups[known]
        if masks and target in masks:
            zk = zk * masks[target]  # features outside the target's rule carry no weight
        at_least_zero = held.get(target) if held else None
        l2 = tag_l2 if target.startswith("tag:") else _choose_l2(kinds[target], zk, y, gk,
                                                                 l2_grid, at_least_zero)
        fit = _Fit(kinds[target], tuple(codes[target]), l2, at_least_zero, mean, scale)
        agreement = fit.agreement(x[known], zk, y, gk, agreement_folds) if agreement_folds \
            else None
        if agreement is not None and agreement.kappa is not None and \
                agreement.kappa <= CHANCE_KAPPA:  # no text model is fitted on all rows
            models[target] = fit.commonest(y, len(mean), agreement.kappa)
        else:
            models[target] = attrs.evolve(fit(x[known], zk, y), agreement=agreement)
    return models, mean, scale


@attrs.frozen
class _Fit:
    """How one target is fitted (its kind, levels, penalty, sign constraints and
    standardisation), to fit it on all its rows or on some of them."""

    kind: str
    codes: tuple[int, ...]
    l2: float
    held: np.ndarray | None
    mean: np.ndarray
    scale: np.ndarray

    def __call__(self, x: np.ndarray, z: np.ndarray, y: np.ndarray) -> TargetModel:
        """The model fitted on rows ``x`` (raw), ``z`` (standardised and masked)."""
        used = _weighable(z)
        w_used, spread = _fit_one(self.kind, z[:, used], y, self.l2,
                                  None if self.held is None else self.held[used])
        w = np.zeros(z.shape[1])
        w[used] = w_used[1:]
        weights = w / self.scale
        bias = float(w_used[0] - np.sum(w * self.mean / self.scale))
        thresholds = _prevalence_thresholds(bias + x @ weights, y, self.codes)
        return TargetModel(self.kind, weights, bias, thresholds, self.codes, spread, self.l2,
                           int(len(y)))

    def commonest(self, y: np.ndarray, n_features: int, text_model_kappa: float) -> TargetModel:
        """The model that estimates the commonest level of ``y`` for every commitment, with
        its share as the confidence (no better than chance by kappa, but as often right
        as a constant estimate can be), in place of a text model of ``text_model_kappa``."""
        counts = np.bincount(np.searchsorted(self.codes, y), minlength=len(self.codes))
        level = int(np.argmax(counts))  # ties: the lower level
        share = float(counts[level] / len(y))  # < 1: a target needs two levels to be fitted
        thresholds = tuple(k + 0.5 for k in range(len(self.codes) - 1))
        intercept = float(np.log(share / (1.0 - share)))
        agreement = Agreement((intercept,) * len(self.codes), (0.0,) * len(self.codes),
                              int(len(y)), share, 0.0)
        return TargetModel(self.kind, np.zeros(n_features), float(level), thresholds,
                           self.codes, 1.0, self.l2, int(len(y)), agreement, text_model_kappa)

    def agreement(self, x: np.ndarray, z: np.ndarray, y: np.ndarray, groups: np.ndarray,
                  folds: int) -> Agreement | None:
        """How often the estimates of models fitted without one fold of ``groups`` at a
        time equal the held-out labels, by level and distance from the nearest
        threshold (see :class:`Agreement`); None when there are too few groups."""
        k = min(folds, len(np.unique(groups)))
        if k < 2:
            return None
        levels, distances, rated = [], [], []
        for test in grouped_folds(groups, k):
            train = np.setdiff1d(np.arange(len(y)), test)
            if len(np.unique(y[train])) < 2:
                continue
            model = self(x[train], z[train], y[train])
            scores = model.scores(x[test])
            levels.append(model.levels(scores))
            distances.append(model.distances(scores))
            rated.append(y[test])
        if not levels:
            return None
        estimated, truth = np.asarray(self.codes)[np.concatenate(levels)], np.concatenate(rated)
        held_out = estimated == truth
        kappa = weighted_kappa(truth.astype(np.int64), estimated,
                               "none" if self.kind == "binary" else "quadratic", self.codes)
        n_levels = len(self.codes)
        # one agreeing and one disagreeing pseudo-estimate per level, at the threshold:
        # a level whose few held-out estimates all agreed is not certain to
        level = np.concatenate([*levels, np.repeat(np.arange(n_levels), 2)])
        distance = np.concatenate([*distances, np.zeros(2 * n_levels)])
        agree = np.concatenate([held_out, np.tile([True, False], n_levels)]).astype(np.float64)
        one_hot = np.eye(n_levels)[level]
        design = np.hstack([one_hot * distance[:, None], one_hot])
        # a score farther from a threshold is no less likely to agree
        slopes_held = np.arange(design.shape[1]) < n_levels
        w = _logistic_at_least_zero(design, agree, AGREEMENT_L2, slopes_held)
        return Agreement(tuple(float(w[0] + v) for v in w[1 + n_levels:]),
                         tuple(float(v) for v in w[1:1 + n_levels]),
                         int(len(held_out)), float(held_out.mean()),
                         None if np.isnan(kappa) else kappa)


# --- the estimator ----------------------------------------------------------------------


class PreAssessor:
    """Estimate IRM ratings from commitment text (an estimator: fit, then predict).

    Parameters
    ----------
    lexicon : Lexicon, optional
        The compiled lexicon (default: the bundled one).
    l2_grid : sequence of float
        Penalties tried by grouped inner cross-validation for the OGP values
        and ordinal ratings.
    tag_l2 : float
        Penalty for the policy-area tag models (one for all: most tags have few
        positives; a strong penalty ranks commitments better on the design split).
    use_era : bool
        Whether the plan's era and year (from its year of submission) may be used.

    Examples
    --------
    >>> import irm
    >>> table = irm.read_ogp_csv(irm.sample_path())
    >>> model = PreAssessor(l2_grid=(10.0,)).fit(table, version="sample-fit")
    >>> model.calibration_.version, len(model.predict(table))
    ('sample-fit', 13)
    """

    def __init__(self, *, lexicon: Lexicon | None = None,
                 l2_grid: Sequence[float] = (3.0, 10.0, 30.0, 100.0),
                 tag_l2: float = 100.0, use_era: bool = True) -> None:
        self.lexicon = lexicon
        self.l2_grid = l2_grid
        self.tag_l2 = tag_l2
        self.use_era = use_era

    def fit(self, table: CommitmentTable, *, version: str = "unversioned",
            features: FeatureSet | None = None) -> PreAssessor:
        """Learn weights and thresholds from the human ratings of ``table``."""
        import irm

        lexicon = self.lexicon or load_lexicon()
        features = features if features is not None else featurize(table, lexicon)
        labels: dict[str, np.ndarray] = {}
        kinds: dict[str, str] = {}
        codes: dict[str, Sequence[int]] = {}
        for name, column in VALUE_TARGETS.items():
            if column in table.codes:
                labels[name], kinds[name], codes[name] = table.codes[column], "binary", (0, 1)
        for name, (column, scale) in ORDINAL_TARGETS.items():
            if column in table.codes:  # a two-level scale (No/Yes) is a 0/1 target
                kind = "binary" if scale.codes == (0, 1) else "ordinal"
                labels[name], kinds[name], codes[name] = table.codes[column], kind, scale.codes
        for tag in load_taxonomy().names:
            if tag in table.codes:
                key = f"tag:{tag}"
                labels[key], kinds[key], codes[key] = table.codes[tag], "binary", (0, 1)
        groups = np.asarray(table.plan_ids())
        masks = {t: feature_mask(features.names, lexicon.estimates.get(t),
                                 milestones=t in MILESTONE_TARGETS) for t in labels}
        # a rule's concepts are evidence for its estimate: each may count for it, or
        # nothing, never against it (a negative weight there is noise of a small labelled set)
        lexical = np.array([is_lexical(name) for name in features.names])
        held = {t: masks[t] & lexical for t in labels if t in lexicon.estimates}
        models, _, feature_scale = fit_targets(features, labels, groups, kinds=kinds, codes=codes,
                                               l2_grid=self.l2_grid, tag_l2=self.tag_l2,
                                               use_era=self.use_era, masks=masks, held=held)
        self.calibration_ = Calibration(
            version=version, lexicon_version=lexicon.version, library_version=irm.__version__,
            feature_names=features.names, models=models,
            notes={"rows": len(table), "action_plans": int(len(set(groups))),
                   "source": table.source or "", "use_era": self.use_era,
                   "l2_grid": list(self.l2_grid), "tag_l2": self.tag_l2,
                   "agreement_folds": AGREEMENT_FOLDS,
                   "feature_scale": [round(float(s), 10) for s in feature_scale]},
        )
        return self

    def predict(self, table: CommitmentTable, *,
                features: FeatureSet | None = None) -> Any:
        """Estimates for every commitment of ``table`` (an :class:`Estimates`)."""
        from irm.scoring.estimate.estimates import estimate

        calibration = getattr(self, "calibration_", None)
        if calibration is None:
            raise NotFittedError("this PreAssessor is not fitted: call fit() first, or use "
                                 "irm.scoring.estimate.estimate() with the shipped calibration")
        return estimate(table, calibration=calibration, lexicon=self.lexicon,
                        features=features)
