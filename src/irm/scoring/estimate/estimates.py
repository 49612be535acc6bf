"""Estimates for a batch of commitments, with the evidence behind each.

:func:`estimate` applies a :class:`~irm.models.calibration.Calibration` to a
table: one pass over each text (the lexicon scan and the n-gram count), then
whole-array numpy for the scores. :meth:`Estimates.evidence` gives, for one commitment, every
estimate's baseline, its largest feature contributions (with the matched
phrases and their character spans) and the remainder, so that the parts add
up to the score.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Sequence

import attrs
import numpy as np

import irm._json as strict_json
from irm._perf import gc_paused
from irm._version import __version__
from irm.errors import DataFileError, check_choice
from irm._frozen import ReadOnlyMapping
from irm.models.assessment import RATED_IN
from irm.models.calibration import Calibration, load_calibration
from irm.models.missing import ND, Missing, is_missing_code
from irm.models.table import CommitmentTable
from irm.scoring.estimate.estimator import ORDINAL_TARGETS, VALUE_TARGETS
from irm.scoring.estimate.evidence import EVIDENCE_MODES, model_constants
from irm.scoring.estimate.features import (
    MILESTONE_FEATURES,
    FeatureSet,
    feature_names,
    featurize,
    row_eras,
    row_groups,
)
from irm.scoring.estimate.lexicon import NONE_OF_THEM, Lexicon, load_lexicon
from irm.scoring.estimate.ngrams import ngram_matrix

__all__ = ["Estimates", "ScoredCommitment", "estimate", "check_fits", "evidence_spans",
           "AUTO_COLUMNS"]

AUTO_COLUMNS = (
    "auto_access_to_information",
    "auto_civic_participation",
    "auto_public_accountability",
    "auto_technology_innovation",
    "auto_relevant",
    "auto_verifiable",
    "auto_specificity",
    "auto_potential_impact",
    "auto_potential_for_results",
    "auto_policy_areas",
    "auto_confidence",
    "auto_evidence",
)
#: The methodology the estimates follow: the IRM's scales across its three eras.
METHODOLOGY = "irm-eras-2024"
#: Contributions listed per estimate in the evidence; the rest is summed as "other".
TOP_CONTRIBUTIONS = 4
TOP_TAG_CONTRIBUTIONS = 2
#: matched phrases shown per contribution
MATCHES_SHOWN = 2
CORE_VALUES = ("access_to_information", "civic_participation", "public_accountability")
#: The evidence of a row with nothing to read, whose every estimate is ND.
UNREAD = "no word in the title or full text to read: every estimate is ND"
UNREAD_LANGUAGE = "the full text is in none of the lexicon's languages: every estimate is ND"
#: Why an estimate may differ from what its score says: the methodology rule that set it
#: (technology never stands alone, the IRM's rule; in OGP's dev export no commitment is
#: rated technology without a core value)
RULES = {"technology_innovation": (
    "technology never stands alone: it counts only with access to information, "
    "civic participation or public accountability, and none is estimated")}


def _read_only(arrays: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
    """The arrays made read-only, in a read-only mapping: estimates handed out stay as
    they were made."""
    for array in arrays.values():
        if isinstance(array, np.ndarray):
            array.flags.writeable = False
    return ReadOnlyMapping(arrays)


@attrs.frozen
class Estimates:
    """Estimated ratings of a batch (columnar), with scores and evidence on demand."""

    ids: np.ndarray = attrs.field(repr=False)
    calibration: Calibration = attrs.field(repr=False)
    lexicon_version: str
    #: the features read (the lexicon's, then the n-grams some model weighs)
    features: FeatureSet = attrs.field(repr=False)
    scores: Mapping[str, np.ndarray] = attrs.field(repr=False, converter=_read_only)
    codes: Mapping[str, np.ndarray] = attrs.field(repr=False, converter=_read_only)
    confidence: Mapping[str, np.ndarray] = attrs.field(repr=False, converter=_read_only)
    #: per estimate, its weights over ``features.names``
    weights: Mapping[str, np.ndarray] = attrs.field(repr=False, factory=dict,
                                                    converter=_read_only)
    #: per estimate, per row: why a rule set the value (``""``: the score did)
    rules: Mapping[str, np.ndarray] = attrs.field(repr=False, factory=dict,
                                                  converter=_read_only)
    #: the era each row's plan is rated under (from its year; ``""`` unknown)
    eras: np.ndarray = attrs.field(repr=False, factory=lambda: np.zeros(0, dtype=object))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def relevant(self) -> np.ndarray:
        """1 where any of the three core values is estimated (technology never counts);
        ND where a row has no text to read."""
        return _relevant(self.codes, len(self))

    @property
    def verifiable(self) -> np.ndarray:
        """1 where the commitment is estimated verifiable; ND where it has no text to read."""
        return np.asarray(self.codes["verifiable"]).astype(np.int64)

    @property
    def unread(self) -> np.ndarray:
        """True for rows with no word in their title or full text, or a full text in
        none of the lexicon's languages: every estimate is ND."""
        readable = self.features.readable
        return np.zeros(len(self), dtype=bool) if readable is None else ~readable

    def tags(self, i: int) -> list[str]:
        """Estimated policy-area tags of row ``i``, in the taxonomy's order."""
        return [k[4:] for k, v in self.codes.items() if k.startswith("tag:") and v[i] == 1]

    def tag_lists(self) -> list[list[str]]:
        """Estimated policy-area tags of every row (one pass over a tag matrix)."""
        keys = [k for k in self.codes if k.startswith("tag:")]
        if not keys:
            return [[] for _ in range(len(self))]
        hits = np.stack([self.codes[k] == 1 for k in keys], axis=1)
        return [[keys[j][4:] for j in np.flatnonzero(row)] for row in hits]

    def overall_confidence(self) -> np.ndarray:
        """Mean confidence of the value, verifiability and ambition estimates: the share
        of them expected to equal the IRM's ratings."""
        keys = [k for k in (*VALUE_TARGETS, *ORDINAL_TARGETS) if k in self.confidence]
        stated = np.array([self.confidence[k] for k in keys], dtype=np.float64)
        counted = ~np.isnan(stated)  # an estimate its era does not rate is ND, not counted
        total = np.where(counted, stated, 0.0).sum(axis=0)
        n = counted.sum(axis=0)
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)

    # --- evidence ---------------------------------------------------------------------

    def _explain(self, target: str, rows: np.ndarray, top: int, values: Sequence[Any],
                 rules: Sequence[str] | None, feature_ids: np.ndarray | None) -> list[Any]:
        """Evidence of one estimate for some rows, computed with whole-array numpy: each
        row's entry in the full form (a mapping), or in the compact one where
        ``feature_ids`` (each feature's index in the calibration) is given (a list, see
        :mod:`irm.scoring.estimate.evidence`). ``values`` and ``rules`` are the rows'
        estimates and the rules that set them (``""``: none)."""
        model = self.calibration.models[target]
        weights = self.weights[target]
        used = np.flatnonzero(weights)  # a masked model weighs few features
        parts = self.features.values[np.ix_(rows, used)] * weights[used]
        ranked = _largest(np.abs(parts), top)
        shown = np.round(np.take_along_axis(parts, ranked, axis=1), 3)
        order = used[ranked]
        constants = model_constants(model)
        thresholds, baseline, skill = (constants["thresholds"], constants["baseline"],
                                       constants["skill"])
        scores = np.round(self.scores[target][rows], 3).tolist()
        # None, not NaN, where an estimate states none: JSON's null, with no copy to make it
        confidence = [None if c != c else c
                      for c in np.round(self.confidence[target][rows], 3).tolist()]
        # "other" takes the rest, rounding included, so the parts add up to the score
        other = np.round(np.asarray(scores) - baseline - np.sum(shown, axis=1), 3).tolist()
        named = feature_ids is None
        keys: list[Any] = list(self.features.names) if feature_ids is None \
            else feature_ids.tolist()
        out: list[Any] = []
        for k, i in enumerate(rows.tolist()):
            matches = self.features.matches[i]
            found = [(keys[j], c, [list(m) for m in matches.get(j, ())[:MATCHES_SHOWN]])
                     for j, c in zip(order[k].tolist(), shown[k].tolist()) if c != 0]
            rule = rules[k] if rules is not None else ""
            if named:
                entry: Any = {"value": values[k], "score": scores[k], "thresholds": thresholds,
                              "confidence": confidence[k], "baseline": baseline,
                              "contributions": [{"feature": f, "contribution": c, "matches": m}
                                                for f, c, m in found],
                              "other": other[k], **skill}
                if rule:
                    entry["rule"] = rule
            else:
                entry = [values[k], scores[k], confidence[k], [list(f) for f in found],
                         other[k]]
                if rule:
                    entry.append(rule)
            out.append(entry)
        return out

    def _evidence_rows(self, rows: range, form: str = "full") -> list[dict[str, Any]]:
        """The evidence of ``rows`` in the ``full`` or ``compact`` form."""
        versions = self.versions
        index = np.arange(rows.start, rows.stop)
        languages: Sequence[Mapping[str, Sequence[str]]] = \
            self.features.languages or [{}] * len(self)
        head = {} if form == "full" else {"evidence": form}
        out: list[dict[str, Any]] = [
            {**head, "versions": versions,
             "languages": {f: list(v) for f, v in languages[i].items()}, "estimates": {}}
            for i in rows]
        feature_ids = None
        if form == "compact":
            position = {name: j for j, name in enumerate(self.calibration.feature_names)}
            feature_ids = np.array([position[n] for n in self.features.names], dtype=np.int64)
        unread = self.unread[index]
        for target in (*VALUE_TARGETS, *ORDINAL_TARGETS):
            if target not in self.calibration.models:
                continue
            ruled = self.rules.get(target)
            values = [self.label(target, i) for i in rows]
            rules = None if ruled is None else [str(ruled[i]) for i in rows]
            for k, entry in enumerate(self._explain(target, index, TOP_CONTRIBUTIONS, values,
                                                    rules, feature_ids)):
                out[k]["estimates"][target] = entry
        for target in self.calibration.models:
            if not target.startswith("tag:"):
                continue
            hit = np.flatnonzero(self.codes[target][index] == 1)
            if len(hit):
                for k, entry in zip(hit.tolist(),
                                    self._explain(target, index[hit], TOP_TAG_CONTRIBUTIONS,
                                                  [1] * len(hit), None, feature_ids)):
                    out[k]["estimates"][target] = entry
        for k in np.flatnonzero(unread).tolist():
            out[k]["estimates"] = {}
            out[k]["unread"] = self._unread_reason(rows[k])
        return out

    def _unread_reason(self, i: int) -> str:
        """Why row ``i`` has no estimates: no word, or a text in none of the languages."""
        languages = (self.features.languages or [{}] * len(self))[i]
        foreign = NONE_OF_THEM in (languages.get("text") or languages.get("title") or [""])
        return UNREAD_LANGUAGE if foreign else UNREAD

    def evidence(self, i: int) -> dict[str, Any]:
        """Why row ``i`` got its estimates (JSON-ready).

        ``languages``: the languages each text field was read in (a lexicon
        term counts only in text of its language; ``["any"]``: too short to
        tell, so every term counted). For each estimate: its value, score,
        thresholds, confidence (the chance it equals the IRM's rating, as held-out
        estimates of its level and distance from a threshold agreed), the
        baseline, the largest contributions with the matched phrases
        (``[field, term, start, end]``) and the sum of the remaining ones:
        ``baseline + sum(contributions) + other == score``; and
        ``held_out_kappa``, how far beyond chance the estimate agreed with the
        IRM on action plans held out while it was fitted (Cohen's kappa,
        quadratic-weighted for an ordinal scale: 0 is chance, 1 perfect; absent
        from a calibration made before irm measured it); ``rule``, when a rule
        set the value rather than the score: a methodology rule (technology
        never stands alone), or the text's reading agreed no better than chance
        while it was fitted, so the estimate is the commonest rating. A row with no word
        in its title or full text, or whose full text is in none of the
        lexicon's languages, has no estimates (all ND) and says why under
        ``unread``.
        """
        return self._evidence_rows(range(i, i + 1))[0]

    @property
    def versions(self) -> dict[str, str]:
        return {"irm": __version__, "lexicon": self.lexicon_version,
                "lexicon_sha256": self.calibration.lexicon_digest[:16],
                "calibration": self.calibration.version, "methodology": METHODOLOGY}

    def label(self, target: str, i: int) -> str:
        code = int(self.codes[target][i])
        if is_missing_code(code):
            return str(Missing.from_code(code))
        if target in ORDINAL_TARGETS:
            return str(ORDINAL_TARGETS[target][1].from_code(code))
        return str(code)

    # --- output ---------------------------------------------------------------------

    def columns(self, *, evidence: str = "compact") -> dict[str, list[str]]:
        """The ``auto_*`` columns as strings, in OGP's label forms; ``auto_evidence`` in
        the ``evidence`` form (``compact``, ``full`` or ``none``: see
        :mod:`irm.scoring.estimate.evidence`), the other columns the same in each."""
        check_choice("evidence", evidence, EVIDENCE_MODES)
        n = len(self)
        out: dict[str, list[str]] = {}
        for target in VALUE_TARGETS:
            out[f"auto_{target}"] = _spell(self.codes[target], ("0", "1"))
        out["auto_relevant"] = _spell(self.relevant, ("0", "1"))
        for target, (_, scale) in ORDINAL_TARGETS.items():  # verifiable first: No / Yes
            out[f"auto_{target}"] = _spell(self.codes[target],
                                           [str(scale.from_code(c)) for c in scale.codes])
        unread = self.unread.tolist()
        out["auto_policy_areas"] = [str(ND) if no_text else "; ".join(tags)
                                    for tags, no_text in zip(self.tag_lists(), unread)]
        out["auto_confidence"] = [str(ND) if no_text or c != c else f"{c:.3f}"
                                  for c, no_text in zip(self.overall_confidence(), unread)]
        if evidence == "none":  # only what made the row: nothing to explain is computed
            versions = self.versions
            rows: list[dict[str, Any]] = [
                {"evidence": "none", "versions": versions} for _ in range(n)]
            for k in np.flatnonzero(self.unread).tolist():
                rows[k]["unread"] = self._unread_reason(k)
        else:
            rows = self._evidence_rows(range(n), evidence)
        with gc_paused():
            out["auto_evidence"] = [strict_json.dumps(e, ensure_ascii=False,
                                                      separators=(",", ":")) for e in rows]
        return out

    def explain(self, i: int) -> ScoredCommitment:
        """Row ``i``'s estimates with their evidence, for display in a notebook."""
        texts = self.features.texts or {}
        return ScoredCommitment(
            str(self.ids[i]),
            title=texts["title"][i] if "title" in texts else "",
            text=texts["text"][i] if "text" in texts else "",
            evidence=self.evidence(i))

    def to_frame(self) -> Any:
        """The estimates as a pandas DataFrame of strings (evidence as JSON)."""
        from irm._optional import pandas as _pandas

        return _pandas().DataFrame({"Commitment Unique Identifier": [str(v) for v in self.ids],
                                    **self.columns()}, dtype=object)

    def _repr_html_(self) -> str:
        from irm._html import card, table

        columns = self.columns()
        shown = min(len(self), 20)
        rows = [(self.ids[i], columns["auto_relevant"][i], columns["auto_verifiable"][i],
                 columns["auto_potential_impact"][i], columns["auto_potential_for_results"][i],
                 columns["auto_policy_areas"][i], columns["auto_confidence"][i])
                for i in range(shown)]
        more = f" (first {shown} of {len(self)})" if shown < len(self) else ""
        return card(f"Estimates{more}", table(rows, ("id", "relevant", "verifiable", "impact",
                                                     "results", "policy areas", "confidence")),
                    subtitle=", ".join(f"{k} {v}" for k, v in self.versions.items()))

    def rows(self) -> Iterator[dict[str, Any]]:
        """One dict of estimates per commitment (for notebooks and JSON)."""
        columns = self.columns()
        for i in range(len(self)):
            yield {"id": str(self.ids[i]), **{k: v[i] for k, v in columns.items()}}


#: candidates kept beyond ``top`` before ordering: exact ties of more than this many at the
#: last place are the only case where the choice may differ from a full stable sort
_TIE_MARGIN = 8


def _largest(sizes: np.ndarray, top: int) -> np.ndarray:
    """Per row, the columns of the ``top`` largest ``sizes``, largest first (ties: the
    lower column), found by partitioning rather than sorting every column."""
    if sizes.shape[1] <= top + _TIE_MARGIN:
        return np.argsort(-sizes, axis=1, kind="stable")[:, :top]
    kth = top + _TIE_MARGIN
    few = np.argpartition(-sizes, kth - 1, axis=1)[:, :kth]
    order = np.lexsort((few, -np.take_along_axis(sizes, few, axis=1)), axis=1)
    return np.take_along_axis(few, order, axis=1)[:, :top]


def _relevant(codes: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """1 where a core value is 1, ND where every core value is missing, else 0."""
    core = [codes[k] for k in CORE_VALUES if k in codes]
    if not core:
        return np.zeros(n, np.int64)
    stacked = np.stack(core)
    relevant = (stacked == 1).any(axis=0).astype(np.int64)
    relevant[is_missing_code(stacked).all(axis=0)] = ND.code
    return relevant


def _spell(codes: np.ndarray, words: Sequence[str]) -> list[str]:
    """Codes 0, 1, ... written as ``words`` (one gather) and missing codes as OGP
    writes them."""
    codes = np.asarray(codes)
    missing = is_missing_code(codes)
    spelled = np.asarray(words, dtype=object)[np.where(missing, 0, codes)]
    for k in np.flatnonzero(missing).tolist():
        spelled[k] = str(Missing.from_code(int(codes[k])))
    return spelled.tolist()


@attrs.frozen
class ScoredCommitment:
    """One commitment's estimates and evidence, shown with the evidence marked in its text."""

    commitment_id: str
    title: str
    text: str
    evidence: dict[str, Any] = attrs.field(repr=False)

    def values(self) -> dict[str, Any]:
        """Estimate name -> estimated value."""
        return {k: v["value"] for k, v in self.evidence["estimates"].items()}

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.values().items() if not k.startswith("tag:"))
        return f"<ScoredCommitment {self.commitment_id}: {shown}>"

    def _repr_html_(self) -> str:
        from irm._html import card, highlight, table

        spans = evidence_spans(self.evidence)
        rows = []
        for name, e in self.evidence["estimates"].items():
            reasons = [e["rule"]] if "rule" in e else []  # what set the value, before the parts
            reasons += [f"{c['feature']} {c['contribution']:+.2f}" for c in e["contributions"]]
            kappa = e.get("held_out_kappa")
            stated = e["confidence"]
            rows.append((name, e["value"], "-" if stated is None else f"{stated:.2f}",
                         "-" if kappa is None else f"{kappa:.2f}", "; ".join(reasons)))
        body = (f"<p><strong>{highlight(self.title, spans['title'])}</strong></p>"
                f"<p>{highlight(self.text, spans['text'])}</p>"
                + table(rows, ("estimate", "value", "confidence", "held-out kappa",
                               "largest contributions")))
        versions = ", ".join(f"{k} {v}" for k, v in self.evidence["versions"].items())
        return card(f"Estimates for {self.commitment_id}", body, subtitle=versions)


def evidence_spans(evidence: Mapping[str, Any]) -> dict[str, list[tuple[int, int, str]]]:
    """The matched phrases of a row's evidence (:meth:`Estimates.evidence`) as
    ``(start, end, label)`` spans of its ``title`` and ``text``, for highlighting;
    the label names the estimate, the feature and the term."""
    spans: dict[str, list[tuple[int, int, str]]] = {"title": [], "text": []}
    for name, e in evidence.get("estimates", {}).items():
        for c in e["contributions"]:
            for field, term, start, end in c["matches"]:
                field = "text" if field == "lead" else field  # the lead is the text's start
                if field in spans:
                    spans[field].append((start, end, f"{name}: {c['feature']} ({term})"))
    return spans


def check_fits(calibration: Calibration, lexicon: Lexicon,
               *, names: Sequence[str] | None = None) -> None:
    """Raise :class:`~irm.errors.DataFileError` unless ``calibration`` was fitted with
    ``lexicon`` (the same content, not only the same version) on the features this
    version of irm computes (``names``: features already computed)."""
    file = calibration.origin or None
    if lexicon.digest != calibration.lexicon_digest:
        same = lexicon.version == calibration.lexicon_version
        raise DataFileError(
            "the lexicon differs from the one the calibration was fitted with"
            + (" (same version, other terms)" if same else "")
            + ": fit a calibration with this lexicon ('irm fit --lexicon FILE')", file=file,
            expected=f"lexicon {calibration.lexicon_version} "
                     f"(sha256 {calibration.lexicon_digest[:16]})",
            got=f"lexicon {lexicon.version} (sha256 {lexicon.digest[:16]})")
    names = tuple(names) if names is not None else feature_names(lexicon)
    if names != calibration.base_names:
        fitted = set(calibration.base_names)
        new = [n for n in names if n not in fitted]
        gone = [n for n in calibration.base_names if n not in set(names)]
        raise DataFileError(
            "calibration was fitted on other features (refit it with 'irm fit')", file=file,
            expected=f"{len(names)} features in this version's order",
            got=f"{len(calibration.base_names)}, lacking {', '.join(new[:4]) or 'none'}; "
                f"unknown to this version: {', '.join(gone[:4]) or 'none'}")


def _with_ngrams(features: FeatureSet, calibration: Calibration) -> tuple[
        FeatureSet, dict[str, np.ndarray]]:
    """The lexicon features with the n-grams some model weighs appended, and each
    model's weights over them."""
    base = len(calibration.base_names)
    used = calibration.used_ngrams()
    columns = np.concatenate([np.arange(base), base + used]).astype(np.int64)
    weights = {t: m.weights[columns] for t, m in calibration.models.items()}
    if calibration.vocabulary is None or not len(used):
        return features, weights
    values = ngram_matrix(features.ngram_texts(), calibration.vocabulary, columns=used)
    names = features.names + tuple(calibration.vocabulary.names[j] for j in used)
    return attrs.evolve(features, names=names, values=np.hstack([features.values, values])), \
        weights


_ERA_NAMES = {"legacy": "legacy (pre-2017)", "transitional": "transitional (2017-2020)",
              "refresh": "refresh (2021+)"}


def estimate(table: CommitmentTable, *, calibration: Calibration | None = None,
             lexicon: Lexicon | None = None,
             features: FeatureSet | None = None) -> Estimates:
    """Estimate relevance, verifiability, ambition and policy areas from text.

    Reads only the text columns and the year of submission of ``table``, never its
    human ratings. An estimate of a scale the row's era does not rate (specificity
    after 2016, potential impact from the Refresh, potential for results before it) is
    ``ND``, with the reason in its evidence.

    Examples
    --------
    >>> import irm
    >>> est = estimate(irm.read_ogp_csv(irm.sample_path()))
    >>> est.label("access_to_information", 0) in ("0", "1")
    True
    >>> e = est.evidence(0)["estimates"]["civic_participation"]
    >>> parts = e["baseline"] + sum(c["contribution"] for c in e["contributions"]) + e["other"]
    >>> abs(parts - e["score"]) < 1e-3
    True
    """
    calibration = calibration or load_calibration()
    lexicon = lexicon or load_lexicon()
    # checked before the scan, so an old calibration fails at once
    check_fits(calibration, lexicon, names=None if features is None else features.names)
    features = features if features is not None else featurize(
        table, lexicon, milestones=calibration.weighs(MILESTONE_FEATURES))
    features, weights = _with_ngrams(features, calibration)
    n = len(table)
    eras = row_eras(table)
    groups = row_groups(table, features)
    scores, codes, confidence, rules = {}, {}, {}, {}
    targets = list(calibration.models)
    # one product for every model: the feature matrix is read once, not once per model
    products = features.values @ np.column_stack([weights[t] for t in targets]) \
        if targets else np.zeros((n, 0))
    for k, (target, model) in enumerate(calibration.models.items()):
        s = model.bias + products[:, k]
        scores[target] = s
        ruled = np.full(n, "", dtype=object)
        if model.reads_text:
            codes[target] = model.predict(s)
            confidence[target] = model.confidence(s, groups=groups)
        else:  # the commonest rating of the row's era
            priors = [model.prior_of(g) for g in groups]
            codes[target] = np.array([code for code, _ in priors], dtype=np.int64)
            confidence[target] = np.array([share for _, share in priors], dtype=np.float64)
            ruled[:] = model.commonest_reason() or ""
        rules[target] = ruled
    lowest = {**{t: 0 for t in VALUE_TARGETS},
              **{t: scale.codes[0] for t, (_, scale) in ORDINAL_TARGETS.items()}}
    for target, code in lowest.items():
        if target not in codes:  # no model was fitted: the lowest level, no confidence
            codes[target] = np.full(n, code)
            confidence[target] = np.full(n, 0.5)
            rules[target] = np.full(n, "", dtype=object)
    if "technology_innovation" in calibration.models:  # see RULES
        before = codes["technology_innovation"]
        codes["technology_innovation"] = before * _relevant(codes, n)
        changed = before != codes["technology_innovation"]
        rules["technology_innovation"][changed] = RULES["technology_innovation"]
    if "verifiable" not in calibration.models and "specificity" in calibration.models:
        # a calibration without a verifiable model: the IRM's legacy mapping, Medium or High
        codes["verifiable"] = (codes["specificity"] >= 2).astype(np.int64)
    for target, rated in RATED_IN.items():  # a scale the row's era does not rate
        not_rated = np.array([bool(e) and e not in {x.name.lower() for x in rated}
                              for e in eras.tolist()], dtype=bool)
        if target in codes and not_rated.any():
            codes[target] = np.where(not_rated, ND.code, codes[target])
            confidence[target] = np.where(not_rated, np.nan, confidence[target])
            for k in np.flatnonzero(not_rated).tolist():
                rules[target][k] = (f"not rated in the {_ERA_NAMES[eras[k]]} era the plan's year "
                                    "of submission places it in: ND")
    if features.readable is not None and not features.readable.all():
        # a score without text is the baseline alone: no reading, so no estimate
        for target in codes:
            codes[target] = np.where(features.readable, codes[target], ND.code)
            confidence[target] = np.where(features.readable, confidence[target], np.nan)
    ids = np.asarray(table.get("Commitment Unique Identifier", ""))
    return Estimates(ids, calibration, lexicon.version, features, scores, codes, confidence,
                     weights, rules, eras)
