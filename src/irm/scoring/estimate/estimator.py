"""The estimator: learn a calibration from the IRM's ratings, then estimate.

:class:`PreAssessor` follows scikit-learn's contract: ``__init__`` stores the
settings, :meth:`PreAssessor.fit` learns a
:class:`~irm.models.calibration.Calibration` (``calibration_``) from a table's
human ratings, :meth:`PreAssessor.predict` applies it. :func:`fit_calibration`
is its function twin.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from irm._version import __version__
from irm.errors import InvalidValueError, NotFittedError
from irm.models import scales as S
from irm.models.calibration import Calibration, TargetModel
from irm.models.scales import OrdinalScale
from irm.models.table import CommitmentTable
from irm.models.taxonomy import load_taxonomy
from irm.scoring.estimate import fit as F
from irm.scoring.estimate.features import (
    ERA_FEATURES,
    FeatureSet,
    feature_mask,
    featurize,
    is_lexical,
    row_groups,
)
from irm.scoring.estimate.lexicon import Lexicon, load_lexicon
from irm.scoring.estimate.ngrams import learn_vocabulary, ngram_matrix

__all__ = ["VALUE_TARGETS", "ORDINAL_TARGETS", "MILESTONE_TARGETS", "PreAssessor",
           "fit_calibration", "MIN_RATED"]

#: 0/1 targets: estimate name -> human rating column
VALUE_TARGETS = {
    "access_to_information": "OGP Value Access To Information",
    "civic_participation": "OGP Value Civic Participation",
    "public_accountability": "OGP Value Public Accountability",
    "technology_innovation": "OGP Value Technology",
}
#: ordinal targets: estimate name -> (human rating column, scale)
ORDINAL_TARGETS: dict[str, tuple[str, OrdinalScale]] = {
    "verifiable": ("Verifiable", S.VERIFIABLE),
    "specificity": ("Specificity", S.SPECIFICITY),
    "potential_impact": ("Potential Impact", S.POTENTIAL_IMPACT),
    "potential_for_results": ("Potential for Results", S.POTENTIAL_FOR_RESULTS),
}
#: the estimates that read the milestones' SMART checks: verifiability
MILESTONE_TARGETS = ("verifiable", "specificity")
#: fewest rated rows (with two levels among them) an estimate is fitted on
MIN_RATED = 10


class PreAssessor:
    """Estimate IRM ratings from commitment text (an estimator: fit, then predict).

    Parameters
    ----------
    lexicon : Lexicon, optional
        The compiled lexicon (default: the bundled one).
    l2_grid : sequence of float
        Penalties of the lexicon reading tried by grouped inner cross-validation.
    tag_l2 : float
        Penalty of the policy-area tags' lexicon reading.
    use_era : bool
        Whether the plan's era and year (from its year of submission) may be used.
    use_ngrams : bool
        Whether the words and character n-grams are read beside the lexicon.

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
                 tag_l2: float = 100.0, use_era: bool = True, use_ngrams: bool = True,
                 ngram_l2: float = 3.0, ngram_weights_kept: int = F.NGRAM_WEIGHTS_KEPT,
                 blends: Sequence[float] = F.BLENDS, ngram_words: int = 0,
                 ngram_chars: int = 6000, use_milestones: bool = False) -> None:
        self.lexicon = lexicon
        self.l2_grid = l2_grid
        self.tag_l2 = tag_l2
        self.use_era = use_era
        self.use_ngrams = use_ngrams
        self.ngram_l2 = ngram_l2
        self.ngram_weights_kept = ngram_weights_kept
        self.blends = blends
        self.ngram_words = ngram_words
        self.ngram_chars = ngram_chars
        self.use_milestones = use_milestones

    def _settings(self) -> F.FitSettings:
        return F.FitSettings(tuple(self.l2_grid), self.tag_l2, self.ngram_l2,
                             tuple(self.blends), self.ngram_weights_kept, F.AGREEMENT_FOLDS,
                             self.use_era, self.use_ngrams and (self.ngram_words > 0
                                                                or self.ngram_chars > 0),
                             self.ngram_words, self.ngram_chars, self.use_milestones)

    def fit(self, table: CommitmentTable, *, version: str = "unversioned",
            features: FeatureSet | None = None,
            provenance: Mapping[str, Any] | None = None,
            progress: Callable[[int, int], None] | None = None) -> PreAssessor:
        """Learn weights, thresholds, blends, priors and confidences from the human
        ratings of ``table`` (``features``: its lexicon features, when already computed;
        ``provenance``: how the table was made, recorded in the calibration)."""
        self.calibration_ = fit_calibration(table, lexicon=self.lexicon or load_lexicon(),
                                            settings=self._settings(), version=version,
                                            features=features, provenance=provenance,
                                            progress=progress)
        return self

    def predict(self, table: CommitmentTable, *, features: FeatureSet | None = None) -> Any:
        """Estimates for every commitment of ``table`` (an
        :class:`~irm.scoring.estimate.estimates.Estimates`)."""
        from irm.scoring.estimate.estimates import estimate

        calibration = getattr(self, "calibration_", None)
        if calibration is None:
            raise NotFittedError("this PreAssessor is not fitted: call its fit() first, or "
                                 "irm.estimate() with the shipped calibration")
        return estimate(table, calibration=calibration, lexicon=self.lexicon, features=features)


def _targets(table: CommitmentTable) -> dict[str, tuple[str, tuple[int, ...], np.ndarray]]:
    """Every estimate the table's ratings can teach: name -> (kind, codes, rating codes)."""
    out: dict[str, tuple[str, tuple[int, ...], np.ndarray]] = {}
    for name, column in VALUE_TARGETS.items():
        if column in table.codes:
            out[name] = ("binary", (0, 1), table.codes[column])
    for name, (column, scale) in ORDINAL_TARGETS.items():
        if column in table.codes:  # a two-level scale (No/Yes) is a 0/1 target
            out[name] = ("binary" if scale.codes == (0, 1) else "ordinal", scale.codes,
                         table.codes[column])
    for tag in load_taxonomy().names:
        if tag in table.codes:
            out[f"tag:{tag}"] = ("binary", (0, 1), table.codes[tag])
    return out


def rated_counts(table: CommitmentTable) -> dict[str, int]:
    """Rated rows per estimate the table can teach (a 0/1 target: rows rated 0 or 1)."""
    return {name: len(F.known_rows(codes, kind))
            for name, (kind, _, codes) in _targets(table).items()}


def fit_calibration(table: CommitmentTable, *, lexicon: Lexicon | None = None,
                    settings: F.FitSettings | None = None, version: str = "unversioned",
                    features: FeatureSet | None = None,
                    provenance: Mapping[str, Any] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Calibration:
    """A calibration learned from the human ratings of ``table`` (see :mod:`.fit`);
    ``progress`` is called with the estimates fitted and the estimates in all.

    Raises :class:`~irm.errors.InvalidValueError` when no estimate has
    :data:`MIN_RATED` rated rows with two levels among them: nothing can be learned.
    """
    lexicon = lexicon or load_lexicon()
    settings = settings or F.FitSettings()
    features = features if features is not None else featurize(table, lexicon)
    targets = _targets(table)
    counts = {name: len(F.known_rows(codes, kind)) for name, (kind, _, codes) in targets.items()}
    fittable = {name for name, (kind, _, codes) in targets.items()
                if counts[name] >= MIN_RATED
                and len(np.unique(codes[F.known_rows(codes, kind)])) >= 2}
    if not any(name in fittable for name in (*VALUE_TARGETS, *ORDINAL_TARGETS)):
        told = ", ".join(f"{name} {counts.get(name, 0)}" for name in
                         (*VALUE_TARGETS, *ORDINAL_TARGETS))
        raise InvalidValueError(
            "too few rated commitments to fit on", file=table.source,
            expected=f"at least {MIN_RATED} rated rows, with two levels among them, for one "
                     "OGP value, verifiability or ambition rating", got=f"rated rows: {told}")
    plans = np.asarray(table.plan_ids()).astype(str)
    groups = row_groups(table, features)
    z, mean, scale = F.standardise(features.values, settings.use_era,
                                   [features.index(n) for n in ERA_FEATURES])
    vocabulary, x_ngram = None, None
    if settings.use_ngrams:
        texts = features.ngram_texts()
        vocabulary = learn_vocabulary(texts, max_words=settings.ngram_words,
                                      max_chars=settings.ngram_chars)
        x_ngram = ngram_matrix(texts, vocabulary)
    ngram = F.fit_ngram_reading(x_ngram, settings)
    lexical = np.array([is_lexical(name) for name in features.names])
    models: dict[str, TargetModel] = {}
    for done, (name, (kind, codes, labels)) in enumerate(targets.items(), start=1):
        if progress is not None:
            progress(done, len(targets))
        if name not in fittable:
            continue
        rows = F.known_rows(labels, kind)
        if name.startswith("tag:") and np.count_nonzero(labels[rows] == 1) < F.MIN_TAG_POSITIVES:
            continue
        rule = lexicon.estimates.get(name)
        mask = feature_mask(features.names, rule,
                            milestones=settings.use_milestones and name in MILESTONE_TARGETS)
        held = mask & lexical if rule is not None else None
        target = F.TargetData(name, kind, codes, labels[rows], rows, mask, held)
        zk = z[rows] * mask
        l2 = settings.tag_l2 if name.startswith("tag:") else F.choose_l2(
            kind, zk, labels[rows].astype(np.float64), plans[rows], settings.l2_grid, held=held)
        models[name] = F.fit_target(target, z, mean, scale, ngram, plans, groups, settings, l2)
    names = features.names + (() if vocabulary is None else vocabulary.names)
    record = dict(provenance or {})
    record.update(rows=len(table), action_plans=int(len(set(plans.tolist()))),
                  data_sha256=table.digest(), rated={k: counts[k] for k in sorted(counts)})
    return Calibration(
        version=version, lexicon_version=lexicon.version, library_version=__version__,
        feature_names=names, models=models, lexicon_digest=lexicon.digest,
        vocabulary=vocabulary, provenance=record,
        settings={"use_era": settings.use_era, "use_ngrams": settings.use_ngrams,
                  "l2_grid": list(settings.l2_grid), "tag_l2": settings.tag_l2,
                  "ngram_l2": settings.ngram_l2, "blends": list(settings.blends),
                  "ngram_weights_kept": settings.ngram_weights_kept,
                  "ngram_words": settings.ngram_words, "ngram_chars": settings.ngram_chars,
                  "use_milestones": settings.use_milestones,
                  "agreement_folds": settings.agreement_folds})
