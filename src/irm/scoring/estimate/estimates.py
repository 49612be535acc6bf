"""Estimates for a batch of commitments, with the evidence behind each.

:func:`estimate` applies a :class:`~irm.scoring.estimate.model.Calibration` to a
table: one pass over each text (the lexicon scan), then whole-array numpy for
the scores. :meth:`Estimates.evidence` gives, for one commitment, every
estimate's baseline, its largest feature contributions (with the matched
phrases and their character spans) and the remainder, so that the parts add
up to the score.
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Mapping, Sequence

import attrs
import numpy as np

from irm._perf import gc_paused
from irm.models.missing import ND, Missing, is_missing_code
from irm.models.table import CommitmentTable
from irm.scoring.estimate.features import MILESTONE_FEATURES, FeatureSet, featurize
from irm.scoring.estimate.lexicon import NONE_OF_THEM, Lexicon, load_lexicon
from irm.scoring.estimate.model import (
    ORDINAL_TARGETS,
    VALUE_TARGETS,
    Calibration,
    load_calibration,
)

__all__ = ["Estimates", "ScoredCommitment", "estimate", "AUTO_COLUMNS"]

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


@attrs.frozen
class Estimates:
    """Estimated ratings of a batch (columnar), with scores and evidence on demand."""

    ids: np.ndarray = attrs.field(repr=False)
    calibration: Calibration = attrs.field(repr=False)
    lexicon_version: str
    features: FeatureSet = attrs.field(repr=False)
    scores: Mapping[str, np.ndarray] = attrs.field(repr=False)
    codes: Mapping[str, np.ndarray] = attrs.field(repr=False)
    confidence: Mapping[str, np.ndarray] = attrs.field(repr=False)

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
        keys = [k for k in (*VALUE_TARGETS, "verifiable", "specificity", "potential_impact")
                if k in self.confidence]
        return np.mean([self.confidence[k] for k in keys], axis=0)

    # --- evidence ---------------------------------------------------------------------

    def _explain(self, target: str, rows: np.ndarray, top: int) -> list[dict[str, Any]]:
        """Evidence of one estimate for some rows, computed with whole-array numpy."""
        model = self.calibration.models[target]
        used = np.flatnonzero(model.weights)  # a masked model weighs few features
        parts = self.features.values[np.ix_(rows, used)] * model.weights[used]
        ranked = np.argsort(-np.abs(parts), axis=1, kind="stable")[:, :top]
        shown = np.round(np.take_along_axis(parts, ranked, axis=1), 3)
        order = used[ranked]
        names = self.features.names
        thresholds = [round(t, 3) for t in model.thresholds]
        scores = np.round(self.scores[target][rows], 3).tolist()
        confidence = np.round(self.confidence[target][rows], 3).tolist()
        baseline = round(model.bias, 3)
        skill = {} if model.agreement is None or model.agreement.kappa is None else \
            {"held_out_kappa": round(model.agreement.kappa, 3)}
        # "other" takes the rest, rounding included, so the parts add up to the score
        other = np.round(np.asarray(scores) - baseline - np.sum(shown, axis=1), 3).tolist()
        out = []
        for k, i in enumerate(rows.tolist()):
            matches = self.features.matches[i]
            contributions = [
                {"feature": names[j], "contribution": c,
                 "matches": [list(m) for m in matches.get(j, ())[:MATCHES_SHOWN]]}
                for j, c in zip(order[k].tolist(), shown[k].tolist()) if c != 0
            ]
            out.append({"score": scores[k], "thresholds": thresholds,
                        "confidence": confidence[k], "baseline": baseline,
                        "contributions": contributions, "other": other[k], **skill})
        return out

    def _evidence_rows(self, rows: range) -> list[dict[str, Any]]:
        versions = self.versions
        index = np.arange(rows.start, rows.stop)
        languages: Sequence[Mapping[str, Sequence[str]]] = \
            self.features.languages or [{}] * len(self)
        out: list[dict[str, Any]] = [
            {"versions": versions, "languages": {f: list(v) for f, v in languages[i].items()},
             "estimates": {}} for i in rows]
        unread = self.unread[index]
        for target in (*VALUE_TARGETS, *ORDINAL_TARGETS):
            if target not in self.calibration.models:
                continue
            model = self.calibration.models[target]
            # rows whose score passed but whose value a methodology rule set to the lowest
            ruled = (model.predict(self.scores[target][index]) != self.codes[target][index]) \
                if target in RULES else np.zeros(len(index))
            commonest = model.commonest_reason()
            for k, entry in enumerate(self._explain(target, index, TOP_CONTRIBUTIONS)):
                out[k]["estimates"][target] = {"value": self.label(target, rows[k]), **entry}
                if ruled[k]:
                    out[k]["estimates"][target]["rule"] = RULES[target]
                elif commonest:
                    out[k]["estimates"][target]["rule"] = commonest
        for target in self.calibration.models:
            if not target.startswith("tag:"):
                continue
            hit = np.flatnonzero(self.codes[target][index] == 1)
            if len(hit):
                for k, entry in zip(hit.tolist(),
                                    self._explain(target, index[hit], TOP_TAG_CONTRIBUTIONS)):
                    out[k]["estimates"][target] = {"value": 1, **entry}
        for k in np.flatnonzero(unread).tolist():
            out[k]["estimates"] = {}
            foreign = out[k]["languages"].get("text") == [NONE_OF_THEM]
            out[k]["unread"] = UNREAD_LANGUAGE if foreign else UNREAD
        return out

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
        import irm

        return {"irm": irm.__version__, "lexicon": self.lexicon_version,
                "calibration": self.calibration.version, "methodology": METHODOLOGY}

    def label(self, target: str, i: int) -> str:
        code = int(self.codes[target][i])
        if is_missing_code(code):
            return str(Missing.from_code(code))
        if target in ORDINAL_TARGETS:
            return str(ORDINAL_TARGETS[target][1].from_code(code))
        return str(code)

    # --- output ---------------------------------------------------------------------

    def columns(self) -> dict[str, list[str]]:
        """The ``auto_*`` columns as strings, in OGP's label forms."""
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
        out["auto_confidence"] = [str(ND) if no_text else f"{c:.3f}"
                                  for c, no_text in zip(self.overall_confidence(), unread)]
        with gc_paused():
            out["auto_evidence"] = [json.dumps(e, ensure_ascii=False, separators=(",", ":"))
                                    for e in self._evidence_rows(range(n))]
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
        from irm.io.frame import _pandas

        return _pandas().DataFrame({"Commitment Unique Identifier": [str(v) for v in self.ids],
                                    **self.columns()}, dtype=object)

    def _repr_html_(self) -> str:
        from irm.models._html import card, table

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
        from irm.models._html import card, highlight, table

        spans: dict[str, list[tuple[int, int, str]]] = {"title": [], "text": []}
        rows = []
        for name, e in self.evidence["estimates"].items():
            reasons = [e["rule"]] if "rule" in e else []  # what set the value, before the parts
            for c in e["contributions"]:
                reasons.append(f"{c['feature']} {c['contribution']:+.2f}")
                for field, term, start, end in c["matches"]:
                    field = "text" if field == "lead" else field  # the lead is the text's start
                    if field in spans:
                        spans[field].append((start, end, f"{name}: {c['feature']} ({term})"))
            kappa = e.get("held_out_kappa")
            rows.append((name, e["value"], f"{e['confidence']:.2f}",
                         "-" if kappa is None else f"{kappa:.2f}", "; ".join(reasons)))
        body = (f"<p><strong>{highlight(self.title, spans['title'])}</strong></p>"
                f"<p>{highlight(self.text, spans['text'])}</p>"
                + table(rows, ("estimate", "value", "confidence", "held-out kappa",
                               "largest contributions")))
        versions = ", ".join(f"{k} {v}" for k, v in self.evidence["versions"].items())
        return card(f"Estimates for {self.commitment_id}", body, subtitle=versions)


def estimate(table: CommitmentTable, *, calibration: Calibration | None = None,
             lexicon: Lexicon | None = None,
             features: FeatureSet | None = None) -> Estimates:
    """Estimate relevance, verifiability, ambition and policy areas from text.

    Reads only the text columns and the year of submission of ``table``,
    never its human ratings.

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
    calibration.check_fits(lexicon, None if features is None else features.names)
    features = features if features is not None else featurize(
        table, lexicon, milestones=calibration.weighs(MILESTONE_FEATURES))
    scores, codes, confidence = {}, {}, {}
    for target, model in calibration.models.items():
        s = model.scores(features.values)
        scores[target] = s
        codes[target] = model.predict(s)
        confidence[target] = model.confidence(s)
    lowest = {**{t: 0 for t in VALUE_TARGETS},
              **{t: scale.codes[0] for t, (_, scale) in ORDINAL_TARGETS.items()}}
    for target, code in lowest.items():
        if target not in codes:  # no model was fitted: the lowest level, no confidence
            codes[target] = np.full(len(table), code)
            confidence[target] = np.full(len(table), 0.5)
    if "technology_innovation" in calibration.models:  # see RULES
        codes["technology_innovation"] = (codes["technology_innovation"]
                                          * _relevant(codes, len(table)))
    if "verifiable" not in calibration.models and "specificity" in calibration.models:
        # a calibration without a verifiable model: the IRM's legacy mapping, Medium or High
        codes["verifiable"] = (codes["specificity"] >= 2).astype(np.int64)
    if features.readable is not None and not features.readable.all():
        # a score without text is the baseline alone: no reading, so no estimate
        for target in codes:
            codes[target] = np.where(features.readable, codes[target], ND.code)
            confidence[target] = np.where(features.readable, confidence[target], np.nan)
    ids = np.asarray(table.get("Commitment Unique Identifier", ""))
    return Estimates(ids, calibration, lexicon.version, features, scores, codes, confidence)

