"""A calibration: what ``irm fit`` learned, as frozen values a methodologist can read.

Each estimate is a :class:`TargetModel`: a linear score over named features
(a baseline plus one contribution per feature present), thresholds that cut
the score into the scale's levels, the commonest rating of each methodology
era (used where the text reads no better than chance), and an
:class:`Agreement` that turns a score into the chance that the estimate
equals the IRM's rating, fitted on action plans held out while fitting.
:class:`Calibration` gathers them with the n-gram vocabulary, the lexicon
they were fitted with (version and content digest) and how they were made.

The file (``irm/data/calibration.json``, or one written by ``irm fit``) lists
each model's weights by feature name, zeros omitted, largest first. Arrays
handed out are read-only: a calibration never changes once made.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Any, Mapping, Sequence

import attrs
import numpy as np

from irm.errors import DataFileError, InvalidValueError

__all__ = ["Agreement", "TargetModel", "NgramVocabulary", "Calibration", "load_calibration",
           "FORMAT", "sigmoid", "prior_key"]

#: the calibration file format this version of irm reads and writes
FORMAT = 2


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _frozen(values: Any, dtype: Any = np.float64) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.flags.writeable = False
    return array


_KINDS: dict[type, str] = {dict: "a JSON object", list: "a JSON array"}


def _field(data: Mapping[str, Any], key: str, kind: type = dict) -> Any:
    """``data[key]``, which must be of ``kind`` (a JSON object or array): a file of the
    wrong shape is told by the field's name, not by a Python message."""
    if not isinstance(data, Mapping):
        raise InvalidValueError("must be a JSON object", got=type(data).__name__)
    if key not in data:
        raise InvalidValueError(f"missing field {key!r}")
    value = data[key]
    if not isinstance(value, Mapping if kind is dict else (list, tuple)):
        raise InvalidValueError(f"{key!r} must be {_KINDS[kind]}",
                                got=f"{type(value).__name__} {str(value)[:40]}")
    return value


def _finite(value: Any, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise InvalidValueError(f"{what} is {number} (a calibration holds finite numbers only)")
    return number


@attrs.frozen
class Agreement:
    """The chance that an estimate equals the IRM's rating:
    ``sigmoid(intercepts[level] + slopes[level] * distance + offsets[group] ...)``, where
    ``level`` is the estimated level (its index in the model's codes), ``distance`` the
    score's distance from the nearest threshold in units of the model's spread, and the
    offsets those of the commitment's groups (``era:legacy``, ``language:es``, ...).
    Fitted on held-out estimates (``rows`` of them, of which the share ``agreed``
    agreed), so a confidence of 0.7 means that about 7 in 10 such estimates agreed."""

    intercepts: tuple[float, ...]
    slopes: tuple[float, ...]
    rows: int
    agreed: float
    #: the held-out estimates' agreement beyond chance: Cohen's kappa (quadratic-weighted
    #: for an ordinal scale); 0 is chance, 1 perfect (None: undefined)
    kappa: float | None = None
    offsets: Mapping[str, float] = attrs.field(factory=dict)

    def chance(self, levels: np.ndarray, distances: np.ndarray,
               *, groups: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        z = np.asarray(self.intercepts)[levels] + np.asarray(self.slopes)[levels] * distances
        if groups is not None and self.offsets:
            z = z + np.array([sum(self.offsets.get(g, 0.0) for g in row) for row in groups])
        return sigmoid(z)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intercepts": [round(v, 8) for v in self.intercepts],
            "slopes": [round(v, 8) for v in self.slopes], "rows": self.rows,
            "agreed": round(self.agreed, 8),
            "kappa": None if self.kappa is None else round(self.kappa, 8)}
        if self.offsets:
            out["offsets"] = {k: round(v, 8) for k, v in sorted(self.offsets.items())}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Agreement:
        kappa = data.get("kappa")
        return cls(tuple(_finite(v, "an agreement intercept") for v in data["intercepts"]),
                   tuple(_finite(v, "an agreement slope") for v in data["slopes"]),
                   int(data["rows"]), _finite(data["agreed"], "agreed"),
                   None if kappa is None else _finite(kappa, "kappa"),
                   {str(k): _finite(v, f"offset {k}") for k, v in
                    dict(data.get("offsets", {})).items()})


def prior_key(priors: Mapping[str, Any], groups: Sequence[str]) -> str:
    """Which prior a commitment of these populations gets: its era's, else all rows'."""
    return next((g for g in groups if g.startswith("era:") and g in priors), "all")


@attrs.frozen
class TargetModel:
    """Learned state of one estimate, in raw feature units.

    ``score = bias + values @ weights``. Binary targets predict 1 when the score
    reaches ``thresholds[0]``; ordinal targets predict level ``k`` of ``codes`` where
    ``k`` thresholds are passed. ``blend`` is the weight the n-gram reading got beside
    the lexicon's (chosen on held-out plans; 0: the lexicon alone). ``priors`` is the
    commonest rating of the rated commitments overall (``all``) and of each population
    (``era:legacy``, ``language:es``, ...), ``prior_shares`` its share. Where the text
    read no better than chance (``text_model_kappa`` set) the estimate is the prior of
    the commitment's era.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(("binary", "ordinal")))
    weights: np.ndarray = attrs.field(repr=False, eq=False, converter=_frozen)
    bias: float
    thresholds: tuple[float, ...]
    codes: tuple[int, ...] = (0, 1)
    spread: float = 1.0
    l2: float = 1.0
    trained_on: int = 0
    agreement: Agreement | None = None
    text_model_kappa: float | None = None
    blend: float = 0.0
    priors: Mapping[str, int] = attrs.field(factory=dict)
    #: per population, the share of its rated commitments that have the prior
    prior_shares: Mapping[str, float] = attrs.field(factory=dict)

    def prior_of(self, groups: Sequence[str]) -> tuple[int, float]:
        """(code, share) of the prior for a commitment of these populations: that of its
        era where the model has one, else of all rated commitments."""
        key = prior_key(self.priors, groups)
        return self.priors[key], self.prior_shares[key]

    @property
    def reads_text(self) -> bool:
        """Whether the estimate is a reading of the text (not the era's commonest rating)."""
        return self.text_model_kappa is None

    def commonest_reason(self) -> str | None:
        """Why the estimate is the commonest rating of its era (None: it reads the text)."""
        if self.reads_text or self.agreement is None:
            return None
        return (f"the text agreed with the IRM no better than chance on action plans held out "
                f"while fitting (kappa {self.text_model_kappa:.2f}): the estimate is the commonest "
                f"rating of the commitment's era among the {self.agreement.rows} rated "
                f"commitments it was fitted on, which agreed with {100 * self.agreement.agreed:.0f}% "
                "of the ratings of plans held out")

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

    def confidence(self, scores: np.ndarray,
                   *, groups: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """The chance that each estimate equals the IRM's rating (see :class:`Agreement`);
        without that measure, between 0.5 and 1 by the distance from a threshold alone."""
        if self.agreement is None:
            return sigmoid(1.7 * self.distances(scores))
        return self.agreement.chance(self.levels(scores), self.distances(scores), groups=groups)

    def to_dict(self, names: Sequence[str]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind, "codes": list(self.codes), "bias": round(self.bias, 10),
            "thresholds": [round(t, 10) for t in self.thresholds],
            "spread": round(self.spread, 10), "l2": self.l2, "rows": self.trained_on,
            "blend": self.blend}
        if self.priors:
            data["priors"] = dict(sorted(self.priors.items()))
            data["prior_shares"] = {k: round(v, 8) for k, v in sorted(self.prior_shares.items())}
        if self.agreement is not None:
            data["agreement"] = self.agreement.to_dict()
        if self.text_model_kappa is not None:
            data["text_model_kappa"] = round(self.text_model_kappa, 8)

        used = np.flatnonzero(self.weights)
        order = sorted(used.tolist(), key=lambda j: (-abs(float(self.weights[j])), names[j]))
        data["weights"] = {names[j]: float(f"{self.weights[j]:.8g}") for j in order}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], names: Sequence[str],
                  position: Mapping[str, int]) -> TargetModel:
        codes = tuple(int(c) for c in _field(data, "codes", list))
        agreement = None if data.get("agreement") is None else \
            Agreement.from_dict(data["agreement"])
        if agreement is not None and not \
                len(agreement.intercepts) == len(agreement.slopes) == len(codes):
            raise InvalidValueError(f"{len(agreement.intercepts)} agreement intercepts and "
                             f"{len(agreement.slopes)} slopes for {len(codes)} levels")
        thresholds = tuple(_finite(t, "a threshold") for t in _field(data, "thresholds", list))
        if len(thresholds) != len(codes) - 1:
            raise InvalidValueError(f"{len(thresholds)} thresholds for {len(codes)} levels")
        weights = np.zeros(len(names))
        for name, value in _field(data, "weights").items():
            if name not in position:
                raise InvalidValueError(f"weight of an unknown feature {name!r}")
            weights[position[name]] = _finite(value, f"the weight of {name!r}")
        kappa = data.get("text_model_kappa")
        return cls(str(data["kind"]), weights, _finite(data["bias"], "the bias"), thresholds,
                   codes, _finite(data["spread"], "the spread"), float(data["l2"]),
                   int(data["rows"]), agreement,
                   None if kappa is None else _finite(kappa, "text_model_kappa"),
                   _finite(data.get("blend", 0.0), "the blend"),
                   {str(k): int(v) for k, v in dict(data.get("priors", {})).items()},
                   {str(k): _finite(v, "a prior share")
                    for k, v in dict(data.get("prior_shares", {})).items()})


@attrs.frozen
class NgramVocabulary:
    """The n-grams a calibration reads: ``words`` (words and ``"a b"`` pairs), ``chars``
    (character n-grams), and the idf of each, in that order."""

    words: tuple[str, ...]
    chars: tuple[str, ...]
    idf: np.ndarray = attrs.field(repr=False, eq=False, converter=_frozen)
    #: feature names: ``w:<words>``, ``c:<characters>``
    names: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(f"w:{w}" for w in self.words)
                           + tuple(f"c:{c}" for c in self.chars))

    def to_dict(self) -> dict[str, Any]:
        return {"words": list(self.words), "chars": list(self.chars),
                "idf": [round(float(v), 8) for v in self.idf]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NgramVocabulary:
        words = tuple(map(str, _field(data, "words", list)))
        chars = tuple(map(str, _field(data, "chars", list)))
        idf = [_finite(v, "an idf") for v in _field(data, "idf", list)]
        if len(idf) != len(words) + len(chars):
            raise InvalidValueError(f"{len(idf)} idf values for {len(words) + len(chars)} n-grams")
        return cls(words, chars, np.asarray(idf))


@attrs.frozen
class Calibration:
    """Everything ``fit`` learned: per-target models over named features.

    ``feature_names`` are the lexicon, structure, milestone and era features, then the
    n-grams of ``vocabulary``; ``lexicon_digest`` the content digest of the lexicon it
    was fitted with; ``provenance`` how it was made (command, files and their
    digests, row counts); ``settings`` the fitting settings.
    """

    version: str
    lexicon_version: str
    library_version: str
    feature_names: tuple[str, ...]
    models: Mapping[str, TargetModel] = attrs.field(repr=False)
    lexicon_digest: str = ""
    vocabulary: NgramVocabulary | None = attrs.field(default=None, repr=False)
    provenance: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    settings: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    #: the file it was read from, for messages ("" when made in memory)
    origin: str = attrs.field(default="", eq=False, repr=False)

    @property
    def base_names(self) -> tuple[str, ...]:
        """The features that are not n-grams (computed from the lexicon scan)."""
        extra = 0 if self.vocabulary is None else len(self.vocabulary.names)
        return self.feature_names[:len(self.feature_names) - extra]

    def weighs(self, names: Sequence[str]) -> bool:
        """Whether any model gives one of the features ``names`` a weight (features no
        model weighs need not be computed)."""
        columns = [self.feature_names.index(n) for n in names if n in self.feature_names]
        return any(np.any(m.weights[columns] != 0) for m in self.models.values())

    def used_ngrams(self) -> np.ndarray:
        """Indices (within the vocabulary) of the n-grams some model weighs."""
        if self.vocabulary is None:
            return np.zeros(0, dtype=np.int64)
        start = len(self.base_names)
        weighed = np.zeros(len(self.vocabulary.names), dtype=bool)
        for model in self.models.values():
            weighed |= model.weights[start:] != 0
        return np.flatnonzero(weighed)

    def to_dict(self) -> dict[str, Any]:
        names = self.feature_names
        return {"name": "irm calibration", "format": FORMAT, "version": self.version,
                "library_version": self.library_version,
                "lexicon": {"version": self.lexicon_version, "sha256": self.lexicon_digest},
                "fitted_on": dict(self.provenance), "settings": dict(self.settings),
                "features": {"base": list(self.base_names),
                             "ngrams": None if self.vocabulary is None else
                             self.vocabulary.to_dict()},
                "models": {k: m.to_dict(names) for k, m in self.models.items()}}

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "<calibration>") -> Calibration:
        """Read a calibration document; raises :class:`~irm.errors.DataFileError` naming
        the file, the model and what is wrong (an unknown format, a missing field, a
        number that is not finite, a weight of an unknown feature)."""
        if not isinstance(data, Mapping):
            raise DataFileError("not a calibration file", file=source,
                                expected="a JSON object", got=type(data).__name__)
        if data.get("format") != FORMAT:
            raise DataFileError(
                "a calibration of another format (refit it with 'irm fit')", file=source,
                expected=f"format {FORMAT}", got=data.get("format", "format 1 (irm 0.1)"))
        where = ""
        try:
            features = _field(data, "features")
            vocabulary = None if features.get("ngrams") is None else \
                NgramVocabulary.from_dict(_field(features, "ngrams"))
            names = tuple(map(str, _field(features, "base", list))) + (
                () if vocabulary is None else vocabulary.names)
            position = {name: k for k, name in enumerate(names)}
            if len(position) != len(names):
                raise InvalidValueError("a feature is named twice")
            models = {}
            for where, model in _field(data, "models").items():
                models[where] = TargetModel.from_dict(model, names, position)
            where = ""
            lexicon = _field(data, "lexicon")
            return cls(str(data["version"]), str(lexicon["version"]),
                       str(data["library_version"]), names, models, str(lexicon["sha256"]),
                       vocabulary, dict(data.get("fitted_on", {})),
                       dict(data.get("settings", {})), source)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            model = f"model {where!r}: " if where else ""
            said = str(err) if isinstance(err, InvalidValueError) else \
                f"missing field {err}" if isinstance(err, KeyError) else \
                f"{type(err).__name__}: {err}"
            raise DataFileError(f"not a calibration file ({model}{said})", file=source) from err


@functools.lru_cache(maxsize=None)
def load_calibration() -> Calibration:
    """The shipped calibration (read when first asked for; see its ``fitted_on``)."""
    text = resources.files("irm.data").joinpath("calibration.json").read_text("utf-8")
    return Calibration.from_dict(json.loads(text), source="irm/data/calibration.json")
