"""How well the estimates agree with the IRM's human ratings.

:func:`cross_validate` fits on all but one fold of action plans and predicts
the held-out plans (the human ratings of a held-out plan are never seen);
:func:`evaluate` turns human and automated codes into agreement figures:
Cohen's kappa for the OGP values, quadratic-weighted kappa for the ordinal
ratings, micro-F1 over the policy-area tags, each with a bootstrap interval
that resamples whole action plans. Given the estimates' confidences, it
also sets the confidence they stated beside how often they agreed.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping, Sequence

import attrs
import numpy as np

import irm._json as strict_json
from irm.errors import InvalidValueError, check_choice
from irm.models import scales as S
from irm.models.columns import RATING_COLUMNS, spec
from irm.models.missing import Missing
from irm.models.table import CommitmentTable, subset
from irm.models.taxonomy import load_taxonomy
from irm.scoring import agreement as A
from irm.scoring.estimate.estimates import estimate
from irm.scoring.estimate.evidence import stated_confidence
from irm.scoring.estimate.features import FeatureSet, featurize
from irm.scoring.estimate.lexicon import load_lexicon
from irm.scoring.estimate.estimator import ORDINAL_TARGETS, VALUE_TARGETS, PreAssessor
from irm.scoring.estimate.fit import grouped_folds

__all__ = [
    "EvaluationReport",
    "cross_validate",
    "out_of_fold",
    "evaluate",
    "evaluate_table",
    "evaluate_columns",
    "evaluate_files",
    "human_codes",
    "auto_codes",
    "estimate_codes",
    "estimate_confidence",
    "evidence_confidence",
    "frequent_tags",
    "render_evaluation",
    "GroupedEvaluation",
    "evaluate_by",
    "row_labels",
    "render_grouped",
    "render_json",
]

MISSING = Missing.ND.code  # a code no rating has: rows not estimated


def frequent_tags(table: CommitmentTable, *, minimum: int = 10) -> list[str]:
    """Tags with at least ``minimum`` positives in the table's human tagging."""
    return [t for t in load_taxonomy().names
            if t in table.codes and int(np.count_nonzero(table.codes[t] == 1)) >= minimum]


def human_codes(table: CommitmentTable) -> dict[str, np.ndarray]:
    """Human rating codes per estimate name (tags as ``tag:<name>``)."""
    out = {name: table.codes[col] for name, col in VALUE_TARGETS.items() if col in table.codes}
    out.update({name: table.codes[col] for name, (col, _) in ORDINAL_TARGETS.items()
                if col in table.codes})
    out.update({f"tag:{t}": table.codes[t] for t in load_taxonomy().names if t in table.codes})
    return out


def estimate_codes(est: Any) -> dict[str, np.ndarray]:
    """Codes of an :class:`~irm.scoring.estimate.estimates.Estimates`, tags filled with 0."""
    out = {k: np.asarray(v) for k, v in est.codes.items()}
    for tag in load_taxonomy().names:
        out.setdefault(f"tag:{tag}", np.zeros(len(est), dtype=np.int64))
    return out


def estimate_confidence(est: Any) -> dict[str, np.ndarray]:
    """Confidence of every estimate of an :class:`~irm.scoring.estimate.estimates.Estimates`."""
    return {k: np.asarray(v, dtype=np.float64) for k, v in est.confidence.items()}


def evidence_confidence(table: CommitmentTable) -> dict[str, np.ndarray]:
    """Confidence of every estimate, read back from the ``auto_evidence`` column written by
    ``irm score`` (NaN where a row's evidence gives none: an empty cell, an unread row,
    a tag not estimated); empty when the table has no such column."""
    if "auto_evidence" not in table:
        return {}
    out: dict[str, np.ndarray] = {}
    for i, cell in enumerate(table.texts("auto_evidence")):  # missing codes read as empty
        if not cell.strip():
            continue
        try:
            stated = stated_confidence(json.loads(cell))
        except (ValueError, TypeError, KeyError) as err:
            raise InvalidValueError(
                f"not the evidence irm score writes ({err})", file=table.source,
                row=i + 1, commitment_id=str(table.ids[i]), column="auto_evidence",
                expected='the JSON irm score writes (its full, compact or none form)') from None
        for name, value in stated.items():
            out.setdefault(name, np.full(len(table), np.nan))[i] = value
    return out


def auto_codes(table: CommitmentTable) -> dict[str, np.ndarray]:
    """Codes read back from the ``auto_*`` columns written by ``irm score``."""
    out: dict[str, np.ndarray] = {}
    for name in VALUE_TARGETS:
        column = f"auto_{name}"
        if column in table:
            out[name] = np.array([S.FLAG.interpret(v).code for v in table.column(column)])
    for name, (_, scale) in ORDINAL_TARGETS.items():
        column = f"auto_{name}"
        if column in table:
            out[name] = np.array([scale.interpret(v).code for v in table.column(column)])
    if "auto_policy_areas" in table:
        cells = table.column("auto_policy_areas").tolist()
        missing = [Missing.parse(v) for v in cells]  # a row estimated ND has every tag ND
        named = [set(v.split("; ")) for v in cells]
        for tag in load_taxonomy().names:
            out[f"tag:{tag}"] = np.array([int(tag in n) if m is None else m.code
                                          for n, m in zip(named, missing)])
    return out


def _figure(v: float | None) -> str:
    """A figure to three decimals; ``-`` where there is none."""
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


@attrs.frozen
class EvaluationReport:
    """Agreement per rating, the tag summary, and how the figures were made."""

    ratings: tuple[A.Agreement, ...]
    tags: tuple[str, ...]
    tag_micro_f1: float
    tag_micro_f1_ci: tuple[float, float] | None
    method: str
    summary: Mapping[str, float]
    #: per rating (and ``"tags"``, over the tags estimated), the mean confidence the
    #: estimates stated over the rows compared: to be read beside their accuracy
    #: (for tags, their precision); empty when no confidence was given
    stated: Mapping[str, float] = attrs.field(factory=dict)
    #: who rated the confusion matrices' rows and columns
    axes: tuple[str, str] = ("the IRM's rating", "the estimate")
    #: the same agreement per group of rows, one grouping each (``evaluate_table(by=...)``)
    groups: tuple[GroupedEvaluation, ...] = ()

    def to_frame(self) -> Any:
        """One row per rating: n, accuracy, kappa, QWK, alpha, F1, interval, stated confidence."""
        from irm._optional import pandas as _pandas

        rows = [{**{k: v for k, v in attrs.asdict(r).items() if k not in ("confusion", "levels")},
                 "stated_confidence": self.stated.get(r.rating)} for r in self.ratings]
        return _pandas().DataFrame(rows)

    def _repr_html_(self) -> str:
        from irm._html import card, table

        rows = [(r.rating, r.n, _figure(r.accuracy), _figure(self.stated.get(r.rating)),
                 _figure(r.kappa), _figure(r.weighted_kappa), _figure(r.alpha), _figure(r.f1),
                 "-" if r.ci is None else f"[{r.ci[0]:.3f}, {r.ci[1]:.3f}]")
                for r in self.ratings]
        body = table(rows, ("rating", "n", "accuracy", "stated confidence", "kappa", "QWK",
                            "alpha", "F1", "95% CI"))
        body += (f"<p>policy-area tags: micro-F1 {_figure(self.tag_micro_f1)} over "
                 f"{len(self.tags)} tags</p>")
        for r in self.ratings:
            if r.n:
                named, *counts = r.confusion_rows()
                body += table(counts, named, caption=f"{r.rating}: rows {self.axes[0]}, "
                                                  f"columns {self.axes[1]}")
        return card("Agreement with human IRM ratings", body, subtitle=self.method)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "method": self.method,
            "summary": dict(self.summary),
            "ratings": [attrs.asdict(r) for r in self.ratings],
            "tags": list(self.tags),
            "tag_micro_f1": self.tag_micro_f1,
            "tag_micro_f1_ci": self.tag_micro_f1_ci,
            "stated_confidence": dict(self.stated),
            "confusion_axes": list(self.axes),
        }
        if self.groups:
            out["by_group"] = {g.by: g.as_dict() for g in self.groups}
        return out


def _labels(scale: S.OrdinalScale | None, levels: Sequence[int]) -> tuple[str, ...]:
    """The scale's label of each code (labels sharing a code joined by '/')."""
    if scale is None:
        return tuple(map(str, levels))
    return tuple("/".join(lv.label for lv in scale.levels if lv.code == code) or str(code)
                 for code in levels)


def _agreement(name: str, truth: np.ndarray, pred: np.ndarray, groups: np.ndarray,
               levels: Sequence[int], ordinal: bool, rounds: int,
               scale: S.OrdinalScale | None = None) -> A.Agreement:
    keep = A.both_rated(truth, pred)
    x, y = truth[keep], pred[keep]
    matrix, lv = A.confusion_matrix(x, y, levels=levels)
    qwk = A.weighted_kappa(x, y, weights="quadratic", levels=levels) if ordinal else None
    headline = (lambda r: A.weighted_kappa(x[r], y[r], weights="quadratic", levels=levels)) if ordinal else \
        (lambda r: A.cohen_kappa(x[r], y[r]))
    ci = A.bootstrap_ci(headline, groups[keep], rounds=rounds) if rounds and len(x) else None
    return A.Agreement(
        rating=name, n=int(len(x)), accuracy=A.accuracy(x, y), kappa=A.cohen_kappa(x, y),
        weighted_kappa=qwk,
        alpha=A.krippendorff_alpha(np.vstack([x, y]), level="ordinal" if ordinal else "nominal"),
        f1=None if ordinal else A.f1(x, y), ci=ci,
        confusion=tuple(tuple(int(v) for v in row) for row in matrix), levels=lv,
        labels=_labels(scale, lv),
    )


def evaluate(truth: Mapping[str, np.ndarray], predicted: Mapping[str, np.ndarray],
             groups: np.ndarray, *, tags: Sequence[str], method: str,
             bootstrap_rounds: int = 1000,
             confidence: Mapping[str, np.ndarray] | None = None) -> EvaluationReport:
    """Agreement between human (``truth``) and automated (``predicted``) codes, and,
    given each estimate's ``confidence``, the mean confidence stated on the rows
    compared (honest confidences match the accuracy; for tags, the precision).

    Examples
    --------
    >>> truth = {"civic_participation": np.array([1, 0, 1, 0])}
    >>> guess = {"civic_participation": np.array([1, 0, 0, 0])}
    >>> r = evaluate(truth, guess, np.array(["a", "a", "b", "b"]), tags=[], method="demo",
    ...              bootstrap_rounds=0)
    >>> r.ratings[0].kappa
    0.5
    """
    ratings = []
    for name in VALUE_TARGETS:
        if name in truth and name in predicted:
            ratings.append(_agreement(name, truth[name], predicted[name], groups, (0, 1),
                                      False, bootstrap_rounds))
    for name, (_, scale) in ORDINAL_TARGETS.items():
        if name in truth and name in predicted:
            ratings.append(_agreement(name, truth[name], predicted[name], groups, scale.codes,
                                      True, bootstrap_rounds, scale))
    tags = [t for t in tags if f"tag:{t}" in truth and f"tag:{t}" in predicted]
    micro, ci = float("nan"), None
    if tags:
        t_m = np.stack([truth[f"tag:{t}"] for t in tags], axis=1)
        p_m = np.stack([predicted[f"tag:{t}"] for t in tags], axis=1)
        micro = A.micro_f1(t_m, p_m)
        if bootstrap_rounds:
            ci = A.bootstrap_ci(lambda r: A.micro_f1(t_m[r], p_m[r]), groups,
                                rounds=bootstrap_rounds)
    values = [r.kappa for r in ratings if r.rating in VALUE_TARGETS]
    summary = {"mean_kappa_ogp_values": float(np.mean(values)) if values else float("nan"),
               "tag_micro_f1": micro}
    for r in ratings:
        if r.weighted_kappa is not None:
            summary[f"qwk_{r.rating}"] = r.weighted_kappa
    # the tags estimated where the human tagging is known: their precision, and the
    # confidence they stated
    tag_hits = {t: (truth[f"tag:{t}"] >= 0) & (predicted[f"tag:{t}"] == 1) for t in tags}
    estimated = sum(int(np.count_nonzero(h)) for h in tag_hits.values())
    if estimated:
        summary["tag_precision"] = sum(int(np.count_nonzero(h & (truth[f"tag:{t}"] == 1)))
                                       for t, h in tag_hits.items()) / estimated
    stated = _stated(truth, predicted, confidence or {}, [r.rating for r in ratings], tag_hits)
    return EvaluationReport(tuple(ratings), tuple(tags), micro, ci, method, summary, stated)


def _stated(truth: Mapping[str, np.ndarray], predicted: Mapping[str, np.ndarray],
            confidence: Mapping[str, np.ndarray], ratings: Sequence[str],
            tag_hits: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Mean stated confidence per rating over the rows compared, and (``"tags"``) over
    the tags estimated, given by ``tag_hits``."""
    stated = {name: [confidence[name][A.both_rated(truth[name], predicted[name])]]
              for name in ratings if name in confidence}
    stated["tags"] = [confidence[f"tag:{t}"][h] for t, h in tag_hits.items()
                      if f"tag:{t}" in confidence]
    out = {}
    for name, parts in stated.items():
        values = np.concatenate(parts) if parts else np.array([])
        if len(values) and not np.isnan(values).all():
            out[name] = float(np.nanmean(values))
    return out


def evaluate_columns(table: CommitmentTable, first: str, second: str, *,
                     bootstrap_rounds: int = 1000) -> EvaluationReport:
    """Agreement between two rating columns of one export (two raters of one scale)."""
    table.require([first, second], purpose="to compare two rating columns")
    a, b = table.code(first), table.code(second)
    scale = spec(first).scale
    levels = scale.codes if scale is not None else \
        tuple(sorted(set(a[a >= 0].tolist()) | set(b[b >= 0].tolist())))
    rating = _agreement(first, a, b, np.asarray(table.plan_ids()), levels,
                        len(levels) > 2, bootstrap_rounds, scale)
    return EvaluationReport((rating,), (), float("nan"), None, f"{first!r} against {second!r}",
                            {"kappa": rating.kappa}, axes=(repr(first), repr(second)))


def evaluate_files(first: CommitmentTable, second: CommitmentTable, *,
                   bootstrap_rounds: int = 1000) -> EvaluationReport:
    """Agreement on every rating column two exports share, matching rows by commitment id
    (e.g. two researchers rating the same plan)."""
    position = {cid: k for k, cid in enumerate(second.ids.tolist())}
    rows = np.array([position.get(cid, -1) for cid in first.ids.tolist()], dtype=np.int64)
    shared = rows >= 0
    groups = np.asarray(first.plan_ids())
    ratings = []
    for column in RATING_COLUMNS:
        if column in first.codes and column in second.codes:
            other = np.full(len(first), MISSING)
            other[shared] = second.codes[column][rows[shared]]
            scale = spec(column).scale
            assert scale is not None  # rating columns have scales
            ratings.append(_agreement(column, first.codes[column], other, groups, scale.codes,
                                      len(scale.codes) > 2, bootstrap_rounds, scale))
    return EvaluationReport(tuple(ratings), (), float("nan"), None,
                            f"{first.source} against {second.source} "
                            f"({int(shared.sum())} shared commitments)", {},
                            axes=(str(first.source), str(second.source)))


def cross_validate(table: CommitmentTable, *, folds: int = 5, use_era: bool = True,
                   group_column: str = "Action Plan ID",
                   features: FeatureSet | None = None,
                   seed: int | None = None) -> dict[str, np.ndarray]:
    """Out-of-fold estimate codes, folds grouped by ``group_column`` (dealt at
    random by ``seed`` when given, see :func:`grouped_folds`).

    Each fold's estimates come from a calibration fitted on the other folds
    only (its penalties chosen by an inner grouped CV on those folds).
    """
    return out_of_fold(table, folds=folds, use_era=use_era, group_column=group_column,
                       features=features, seed=seed)[0]


def out_of_fold(table: CommitmentTable, *, folds: int = 5, use_era: bool = True,
                group_column: str = "Action Plan ID",
                features: FeatureSet | None = None,
                seed: int | None = None, assessor: PreAssessor | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[
                    dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Out-of-fold estimate codes and their confidences (NaN where a fold's calibration
    has no model for an estimate), made as :func:`cross_validate` makes them.

    ``assessor`` is fitted on each fold's training rows (default: a
    :class:`PreAssessor` with ``use_era``); ``progress`` is called with the folds done
    and the folds in all after each fold."""
    by_plan = group_column == "Action Plan ID"
    groups = np.asarray(table.plan_ids() if by_plan else table.get(group_column, "all"))
    distinct = len(set(groups.tolist()))
    if not 2 <= folds <= distinct:  # a fold is whole groups: no fold may be left empty
        told = ("action plans (told by Action Plan ID, else Code and Action Plan Number, "
                "else Country/Locality and Year Of Submission)" if by_plan
                else "groups of this column's values")
        raise InvalidValueError(
            f"cannot make {folds} folds", file=table.source, column=group_column,
            expected="2 or more folds" if folds < 2 else
            f"at most {distinct} folds (a fold holds whole {told}, and the file has "
            f"{distinct})")
    assessor = assessor if assessor is not None else PreAssessor(use_era=use_era)
    lexicon = assessor.lexicon or load_lexicon()
    features = features if features is not None else featurize(table, lexicon)
    predicted: dict[str, np.ndarray] = {}
    confidence: dict[str, np.ndarray] = {}
    for k, test in enumerate(grouped_folds(groups, folds, seed=seed)):
        train = np.setdiff1d(np.arange(len(table)), test)
        model = assessor.fit(subset(table, train), features=features.subset(train))
        est = estimate(subset(table, test), calibration=model.calibration_, lexicon=lexicon,
                       features=features.subset(test))
        if progress is not None:
            progress(k + 1, folds)
        for name, codes in estimate_codes(est).items():
            predicted.setdefault(name, np.full(len(table), MISSING))[test] = codes
        for name, stated in estimate_confidence(est).items():
            confidence.setdefault(name, np.full(len(table), np.nan))[test] = stated
    return predicted, confidence


#: fewest rated rows a group needs for its stated confidence to be held against its accuracy
MIN_GROUP_ROWS = 50
#: fewest positives a tag needs within a group for its micro-F1 there (as frequent_tags)
MIN_TAG_ROWS = 10


@attrs.frozen
class GroupedEvaluation:
    """Agreement per group of rows (era, language, region, source file), with the
    spread of each figure across the groups and the largest gap between the
    confidence the estimates stated and their accuracy in any group of
    :data:`MIN_GROUP_ROWS` rated rows or more."""

    by: str
    groups: Mapping[str, EvaluationReport]
    sizes: Mapping[str, int]

    def figure(self, group: str, rating: str) -> tuple[int, float | None, float | None,
                                                       float | None]:
        """(rows, headline agreement, accuracy, stated confidence) of one rating in one
        group: kappa, quadratic-weighted for an ordinal scale."""
        found = {r.rating: r for r in self.groups[group].ratings}.get(rating)
        if found is None or not found.n:
            return 0, None, None, None
        headline = found.weighted_kappa if found.weighted_kappa is not None else found.kappa
        return found.n, _number(headline), _number(found.accuracy), \
            _number(self.groups[group].stated.get(rating))

    def ratings(self) -> list[str]:
        return list(dict.fromkeys(r.rating for rep in self.groups.values() for r in rep.ratings
                                  if r.n))

    def gaps(self) -> dict[str, dict[str, float]]:
        """Per rating, per group of :data:`MIN_GROUP_ROWS` rated rows or more: stated
        confidence minus accuracy."""
        out: dict[str, dict[str, float]] = {}
        for rating in self.ratings():
            for group in self.groups:
                n, _, accuracy, stated = self.figure(group, rating)
                if n >= MIN_GROUP_ROWS and accuracy is not None and stated is not None:
                    out.setdefault(rating, {})[group] = stated - accuracy
        return out

    def spread(self) -> dict[str, float]:
        """Per rating, the largest minus the smallest headline agreement across the groups
        of :data:`MIN_GROUP_ROWS` rated rows or more."""
        out = {}
        for rating in self.ratings():
            values = [h for g in self.groups for n, h, _, _ in [self.figure(g, rating)]
                      if n >= MIN_GROUP_ROWS and h is not None]
            if len(values) >= 2:
                out[rating] = max(values) - min(values)
        return out

    def as_dict(self) -> dict[str, Any]:
        rows = {g: {r: dict(zip(("n", "agreement", "accuracy", "stated"),
                                self.figure(g, r))) for r in self.ratings()}
                for g in self.groups}
        return {"by": self.by, "groups": {g: {"rows": self.sizes[g], "ratings": rows[g],
                                              "mean_kappa_ogp_values": _number(
                                                  self.groups[g].summary.get(
                                                      "mean_kappa_ogp_values")),
                                              "tag_micro_f1": _number(
                                                  self.groups[g].tag_micro_f1),
                                              "tags": list(self.groups[g].tags)}
                                          for g in self.groups},
                "spread": self.spread(), "stated_minus_accuracy": self.gaps(),
                "min_group_rows": MIN_GROUP_ROWS}


def _number(value: Any) -> float | None:
    """A figure for JSON: None where it is undefined (NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if number != number else number


def evaluate_by(by: str, labels: Sequence[str], truth: Mapping[str, np.ndarray],
                predicted: Mapping[str, np.ndarray], groups: np.ndarray, *,
                tags: Sequence[str], method: str,
                confidence: Mapping[str, np.ndarray] | None = None) -> GroupedEvaluation:
    """:func:`evaluate` within each group of rows (``labels``: each row's group; rows of
    label ``""`` are in no group), without bootstrap intervals."""
    labels_array = np.asarray(labels, dtype=object)
    reports, sizes = {}, {}
    for label in sorted(set(labels_array.tolist()) - {""}):
        rows = np.flatnonzero(labels_array == label)
        # the group's own frequent tags: a tag its rows do not rate is not held against it
        own = [t for t in tags if np.count_nonzero(truth[f"tag:{t}"][rows] == 1) >= MIN_TAG_ROWS]
        reports[label] = evaluate({k: v[rows] for k, v in truth.items()},
                                  {k: v[rows] for k, v in predicted.items()}, groups[rows],
                                  tags=own, method=f"{method}; {by} {label}",
                                  bootstrap_rounds=0,
                                  confidence={k: v[rows] for k, v in (confidence or {}).items()})
        sizes[label] = int(len(rows))
    return GroupedEvaluation(by, reports, sizes)


def row_labels(table: CommitmentTable, by: str, *,
               sources: Sequence[tuple[str, int]] = ()) -> list[str]:
    """Each row's group for ``by``: ``era`` (from the plan's year of submission),
    ``language`` (of the full text, as the lexicon reads it), ``region`` (the member's),
    ``source`` (the input file, given as ``(name, rows)`` in order)."""
    from irm.scoring.estimate.features import row_eras

    if by == "era":
        return [str(e) for e in row_eras(table).tolist()]
    if by == "language":
        fs = featurize(table, load_lexicon(), milestones=False)
        return fs.text_languages()
    if by == "region":
        return [v if v not in ("ND", "NR", "NA") else "" for v in table.texts("Region")]
    if by == "source":
        out: list[str] = []
        for name, rows in sources or [(str(table.source), len(table))]:
            out.extend([name] * rows)
        return out
    check_choice("by", by, ("era", "language", "region", "source"))
    raise AssertionError("unreachable")


#: what a null figure means in irm's JSON reports
UNDEFINED = ("null: the figure is undefined for these rows (e.g. kappa where the ratings "
             "compared use one level only, or a mean over no rows)")


def render_json(document: Mapping[str, Any]) -> str:
    """A report as strict JSON (``null`` where a figure is undefined, and a note saying
    so), which any JSON reader accepts."""
    return strict_json.dumps({**dict(document), "null_means": UNDEFINED}, indent=2,
                             ensure_ascii=False)


def render_grouped(grouped: GroupedEvaluation, *, fmt: str = "text") -> str:
    """Per-group agreement as a table (``text``) or strict ``json``."""
    check_choice("fmt", fmt, ("text", "json"))
    if fmt == "json":
        return render_json(grouped.as_dict())
    lines = [f"Agreement by {grouped.by} (a group's stated confidence is held against its "
             f"accuracy where it has {MIN_GROUP_ROWS}+ rated rows)", ""]
    head = f"{'rating':<24} {grouped.by:<28} {'n':>5} {'kappa/QWK':>9} {'accuracy':>8} " \
           f"{'stated':>7} {'gap':>6}"
    lines.append(head)
    for rating in grouped.ratings():
        for group in grouped.groups:
            n, headline, accuracy, stated = grouped.figure(group, rating)
            if not n:
                continue
            gap = "-" if accuracy is None or stated is None else f"{stated - accuracy:+.3f}"
            lines.append(f"{rating:<24} {group[:28]:<28} {n:>5} {_figure(headline):>9} "
                         f"{_figure(accuracy):>8} {_figure(stated):>7} {gap:>6}")
    tagged = [(g, r.tag_micro_f1, len(r.tags)) for g, r in grouped.groups.items() if r.tags]
    if tagged:
        lines += ["", "policy-area tags (the tags with 10+ positives in the group):"]
        lines += [f"  {g[:28]:<28} micro-F1 {_figure(f)} over {n} tags" for g, f, n in tagged]
    spread = grouped.spread()
    if spread:
        lines += ["", "spread across groups (largest minus smallest kappa/QWK):"]
        lines += [f"  {r:<24} {v:.3f}" for r, v in spread.items()]
    gaps = grouped.gaps()
    worst = [(abs(v), r, g) for r, by_group in gaps.items() for g, v in by_group.items()]
    if worst:
        size, rating, group = max(worst)
        lines += ["", f"largest gap between stated confidence and accuracy: {size:.3f} "
                      f"({rating}, {group})"]
    return "\n".join(lines) + "\n"


def evaluate_table(table: CommitmentTable, *, cv: int | None = None,
                   estimates: Any | None = None, assessor: PreAssessor | None = None,
                   calibration: Any | None = None, lexicon: Any | None = None,
                   by: Sequence[str] = (), sources: Sequence[tuple[str, int]] = (),
                   bootstrap_rounds: int = 1000, min_tag_positives: int = 10,
                   progress: Callable[[int, int], None] | None = None) -> EvaluationReport:
    """How the estimates of ``table`` agree with its IRM ratings (``irm evaluate``).

    Which estimates: with ``cv`` (K), K-fold cross-validation grouped by action plan
    (``assessor`` fitted on each fold, default :class:`PreAssessor`); else ``estimates``
    (an :class:`~irm.scoring.estimate.estimates.Estimates` of the table); else the
    ``auto_*`` columns the table holds (as ``irm score`` wrote them); else the
    ``calibration`` (default: the shipped one) applied to the table, which is in-sample
    if the table was used to fit it. ``by`` adds the agreement per group (``era``,
    ``language``, ``region``, ``source``; ``sources`` names each input's rows, in order).

    Examples
    --------
    >>> import irm
    >>> report = evaluate_table(irm.read_ogp_csv(irm.sample_path()), bootstrap_rounds=0,
    ...                         by=["era"])
    >>> report.ratings[0].rating, report.groups[0].by
    ('access_to_information', 'era')
    """
    for grouping in by:
        check_choice("by", grouping, ("era", "language", "region", "source"))
    if cv:
        assessor = assessor if assessor is not None else PreAssessor(lexicon=lexicon)
        predicted, confidence = out_of_fold(table, folds=cv, assessor=assessor,
                                            progress=progress)
        era = "" if assessor.use_era else ", without era features"
        method = f"{cv}-fold cross-validation grouped by action plan{era}"
    elif estimates is not None:
        predicted, confidence = estimate_codes(estimates), estimate_confidence(estimates)
        method = f"estimates of calibration {estimates.calibration.version}"
    else:
        predicted, confidence = auto_codes(table), evidence_confidence(table)
        method = "auto_* columns of the file"
        if not predicted:
            est = estimate(table, calibration=calibration, lexicon=lexicon)
            predicted, confidence = estimate_codes(est), estimate_confidence(est)
            method = (f"calibration {est.calibration.version} applied to the file (in-sample "
                      "if the file was used to fit it; use cv for held-out figures)")
    human, plans = human_codes(table), np.asarray(table.plan_ids())
    tags = frequent_tags(table, minimum=min_tag_positives)
    report = evaluate(human, predicted, plans, tags=tags, bootstrap_rounds=bootstrap_rounds,
                      method=method, confidence=confidence)
    grouped = tuple(evaluate_by(g, row_labels(table, g, sources=sources), human, predicted,
                                plans, tags=tags, method=method, confidence=confidence)
                    for g in dict.fromkeys(by))
    return attrs.evolve(report, groups=grouped)


def render_evaluation(report: EvaluationReport, *, fmt: str = "text") -> str:
    """The report as a readable table (``text``) or ``json``."""
    check_choice("fmt", fmt, ("text", "json"))
    if fmt == "json":
        return render_json(report.as_dict())
    if report.groups:
        return "\n".join([render_evaluation(attrs.evolve(report, groups=())),
                          *map(render_grouped, report.groups)])

    stated = report.stated
    head = f" {'stated':>7}" if stated else ""
    lines = [f"Agreement ({report.method})", "",
             f"{'rating':<24} {'n':>4} {'accuracy':>8}{head} {'kappa':>7} {'QWK':>7} "
             f"{'alpha':>7} {'F1':>7}  95% CI (plans resampled)"]
    for r in report.ratings:
        ci = "-" if r.ci is None else f"[{r.ci[0]:.3f}, {r.ci[1]:.3f}]"
        said = f" {_figure(stated.get(r.rating)):>7}" if stated else ""
        lines.append(f"{r.rating:<24} {r.n:>4} {_figure(r.accuracy):>8}{said} "
                     f"{_figure(r.kappa):>7} {_figure(r.weighted_kappa):>7} "
                     f"{_figure(r.alpha):>7} {_figure(r.f1):>7}  {ci}")
    ci = "" if report.tag_micro_f1_ci is None else \
        f" [{report.tag_micro_f1_ci[0]:.3f}, {report.tag_micro_f1_ci[1]:.3f}]"
    lines += ["", f"policy-area tags: micro-F1 {_figure(report.tag_micro_f1)}{ci} over "
                  f"{len(report.tags)} tags"]
    if "tag_precision" in report.summary:
        said = f", stated confidence {_figure(stated['tags'])}" if "tags" in stated else ""
        lines.append(f"tags estimated: precision {_figure(report.summary['tag_precision'])}{said}")
    lines.append(f"mean Cohen's kappa over the four OGP values: "
                 f"{_figure(report.summary.get('mean_kappa_ogp_values'))}")
    if stated:
        lines += ["", "stated: the mean confidence the estimates gave (the chance each equals "
                      "the IRM's rating);", "honest confidences match the accuracy."]
    compared = [r for r in report.ratings if r.n]
    if compared:
        lines += ["", f"confusion matrices: rows {report.axes[0]}, columns {report.axes[1]}"]
    for r in compared:
        named, *counts = r.confusion_rows()
        cells = [[r.rating, *named[1:]]] + [["  " + row[0], *row[1:]] for row in counts]
        widths = [max(len(row[k]) for row in cells) for k in range(len(named))]
        lines.append("")
        lines += [row[0].ljust(widths[0]) + "".join(f"  {cell:>{w}}"
                                                    for cell, w in zip(row[1:], widths[1:]))
                  for row in cells]
    return "\n".join(lines) + "\n"
