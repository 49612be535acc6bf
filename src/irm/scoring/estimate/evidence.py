"""The evidence of an estimate, in the forms ``irm score`` writes it.

``full`` is what :meth:`Estimates.evidence` returns: per estimate its value, score,
thresholds, confidence, baseline, largest contributions by feature name with the
matched phrases, the rest, the held-out kappa and the rule that set it. ``compact``
packs the same facts into less than half the bytes (60 MB against 138 MB for 20,000
dev rows): what is the same for every row of a calibration (thresholds, baseline,
held-out kappa) is left to the calibration the row names, and a feature is its index
in the calibration's feature names.
:func:`expand_evidence` gives the full form back exactly. ``none`` keeps only the
versions that made the row (and why a row was not read). The full and compact forms
are written by one function from the same arrays
(:meth:`~irm.scoring.estimate.estimates.Estimates.columns`), and the tests check that
the compact form expands to the full one on every row.
"""

from __future__ import annotations

from typing import Any, Mapping

from irm.errors import DataFileError
from irm.models.calibration import Calibration, TargetModel

__all__ = ["EVIDENCE_MODES", "model_constants", "expand_evidence", "stated_confidence"]

#: how ``irm score`` may write its evidence column, the default first
EVIDENCE_MODES = ("compact", "full", "none")


def model_constants(model: TargetModel) -> dict[str, Any]:
    """What the evidence of every row shows of one estimate's model, as it shows it."""
    skill = {} if model.agreement is None or model.agreement.kappa is None else \
        {"held_out_kappa": round(model.agreement.kappa, 3)}
    return {"thresholds": [round(t, 3) for t in model.thresholds],
            "baseline": round(model.bias, 3), "skill": skill}


def expand_evidence(compact: Mapping[str, Any], calibration: Calibration) -> dict[str, Any]:
    """The full evidence of a row written in the compact form, with the calibration the
    row names (its version is checked).

    Examples
    --------
    >>> import irm, json
    >>> from irm.scoring.estimate.batch import score_columns
    >>> table = irm.read_ogp_csv(irm.sample_path())
    >>> compact = json.loads(score_columns(table)["auto_evidence"][0])
    >>> full = json.loads(score_columns(table, evidence="full")["auto_evidence"][0])
    >>> expand_evidence(compact, irm.load_calibration()) == full
    True
    """
    if compact.get("evidence") != "compact":
        raise DataFileError("not evidence in the compact form", expected='"evidence": '
                            '"compact"', got=compact.get("evidence", "no form named"))
    named = compact["versions"].get("calibration")
    if named != calibration.version:
        raise DataFileError("the row was scored with another calibration",
                            expected=f"calibration {named}", got=calibration.version)
    names = calibration.feature_names
    estimates = {}
    for target, packed in compact["estimates"].items():
        value, score, confidence, contributions, other, *rule = packed
        constants = model_constants(calibration.models[target])
        entry = {"value": value, "score": score, "thresholds": constants["thresholds"],
                 "confidence": confidence, "baseline": constants["baseline"],
                 "contributions": [{"feature": names[j], "contribution": c, "matches": m}
                                   for j, c, m in contributions],
                 "other": other, **constants["skill"]}
        if rule:
            entry["rule"] = rule[0]
        estimates[target] = entry
    out = {"versions": compact["versions"], "languages": compact["languages"],
           "estimates": estimates}
    if "unread" in compact:
        out["unread"] = compact["unread"]
    return out


def stated_confidence(row: Mapping[str, Any]) -> dict[str, float]:
    """Each estimate's confidence as a written row states it, in any form (NaN where
    it states none; nothing for a row written without evidence). Raises KeyError,
    TypeError or ValueError for a row that is not evidence irm writes."""
    form = row.get("evidence", "full")
    if form == "none":
        return {}
    position = {"full": None, "compact": 2}[form]
    out = {}
    for name, entry in row["estimates"].items():
        stated = entry["confidence"] if position is None else entry[position]
        out[name] = float("nan") if stated is None else float(stated)
    return out
