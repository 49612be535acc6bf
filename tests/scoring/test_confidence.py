"""Confidences: the chance an estimate equals the IRM's rating, measured on held-out plans."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.errors import DataFileError, InvalidValueError
from irm.models.table import CommitmentTable
from irm.scoring.estimate import evaluation as ev
from irm.scoring.estimate.estimates import estimate
from irm.models.calibration import Calibration, TargetModel, load_calibration
from irm.scoring.estimate import fit as F


def _fit_one(x: np.ndarray, y: np.ndarray, plans: np.ndarray, kind: str = "binary",
             codes: tuple[int, ...] = (0, 1), folds: int = F.AGREEMENT_FOLDS) -> TargetModel:
    """One target fitted on plain numbers (no text, no n-grams), as fit_calibration does."""
    z, mean, scale = F.standardise(x, True, [])
    target = F.TargetData("t", kind, codes, y, np.arange(len(y)))
    settings = F.FitSettings(agreement_folds=folds, use_ngrams=False)
    return F.fit_target(target, z, mean, scale, None, plans, [()] * len(y), settings, 1.0)


def _fit(x: np.ndarray, y: np.ndarray, plans: np.ndarray) -> TargetModel:
    return _fit_one(x, y, plans)


NAMES = tuple(f"f{j}" for j in range(12))


def _sample(seed: int, n: int, noise: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose label is the sign of the first feature, flipped with chance ``noise``."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 12))
    y = ((x[:, 0] > 0) ^ (rng.random(n) < noise)).astype(np.int64)
    return x, y, np.array([f"AP{k % 40:02d}" for k in range(n)])


def test_a_guess_gives_way_to_the_commonest_rating_with_its_share_as_confidence():
    """Labels unrelated to the features: the text model places rows far from its
    threshold, but held out it agrees no better than chance, so the estimate is the
    commonest level for every row, and its confidence that level's share (the text
    model's distances alone would claim far more)."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(240, 30))
    y = (rng.random(240) < 0.3).astype(np.int64)  # 0 is the commonest level
    model = _fit(x, y, np.array([f"AP{k % 24:02d}" for k in range(240)]))
    assert model.text_model_kappa is not None and model.text_model_kappa <= 0
    assert not model.weights.any() and model.trained_on == 240
    scores = model.scores(rng.normal(size=(50, 30)))
    assert (model.predict(scores) == 0).all()
    share = model.agreement.agreed  # how often the prior agreed on held-out plans
    assert abs(share - float(np.mean(y == 0))) < 0.05
    assert model.agreement is not None and model.agreement.kappa == 0.0
    assert np.allclose(model.confidence(scores), share)
    reason = model.commonest_reason()
    assert reason is not None and f"kappa {model.text_model_kappa:.2f}" in reason \
        and f"agreed with {100 * share:.0f}% of the ratings of plans held out" in reason
    text_model = _fit_one(x, y, np.array([f"AP{k % 24:02d}" for k in range(240)]), folds=0)
    distance_alone = text_model.confidence(text_model.scores(x))
    assert distance_alone.mean() > 0.7


def test_the_commonest_level_of_an_ordinal_scale_is_its_code_not_its_position():
    """An ordinal target with no signal: every row is estimated the scale's commonest
    code (here 3 of the codes 1..4, the third level), and the file keeps why."""
    rng = np.random.default_rng(8)
    x = rng.normal(size=(300, 8))
    y = rng.choice([1, 2, 3, 4], size=300, p=[0.1, 0.2, 0.5, 0.2])
    model = _fit_one(x, y, np.array([f"AP{k % 30}" for k in range(300)]), "ordinal",
                     (1, 2, 3, 4))
    assert model.text_model_kappa is not None
    assert (model.predict(model.scores(x)) == 3).all()
    names = NAMES[:8]
    again = TargetModel.from_dict(json.loads(json.dumps(model.to_dict(names))), names,
                                  {n: k for k, n in enumerate(names)})
    assert again.text_model_kappa == pytest.approx(model.text_model_kappa)
    assert (again.predict(again.scores(x)) == 3).all()
    assert again.commonest_reason() == model.commonest_reason()


@pytest.mark.parametrize("noise", [0.1, 0.25])
def test_confidence_matches_the_agreement_on_new_rows(noise):
    """A real signal with some labels flipped: on rows the model never saw, the mean
    confidence is the share of estimates that agree."""
    x, y, plans = _sample(0, 400, noise)
    model = _fit(x, y, plans)
    new_x, new_y, _ = _sample(1, 4000, noise)
    scores = model.scores(new_x)
    agreed = (model.predict(scores) == new_y).mean()
    assert abs(model.confidence(scores).mean() - agreed) < 0.025


@given(st.integers(0, 30))
def test_farther_from_a_threshold_is_never_less_confident(seed):
    """Within a level, confidence never falls as the score moves away from the threshold."""
    x, y, plans = _sample(seed, 120, 0.3)
    model = _fit(x, y, plans)
    assert model.agreement is not None and min(model.agreement.slopes) >= 0
    threshold = model.thresholds[0]
    for side in (-1, 1):
        scores = threshold + side * np.linspace(0.01, 5, 50)
        assert (np.diff(model.confidence(scores)) >= -1e-12).all()


def test_held_out_kappa_tells_a_signal_from_a_guess():
    """The held-out kappa is near 0 for labels unrelated to the features and high for a
    real signal, and it is the kappa of the held-out estimates the agreement counts
    (whose accuracy is ``agreed``)."""
    rng = np.random.default_rng(5)
    noise = rng.normal(size=(240, 30))
    guess = _fit(noise, (rng.random(240) < 0.5).astype(np.int64),
                 np.array([f"AP{k % 24:02d}" for k in range(240)]))
    signal = _fit(*_sample(4, 240, 0.1))
    assert guess.agreement is not None and signal.agreement is not None
    # the guess's text model was measured, and gave way to the commonest level
    assert guess.text_model_kappa is not None and abs(guess.text_model_kappa) < 0.15
    assert signal.text_model_kappa is None and signal.weights.any()
    assert signal.agreement.kappa is not None and signal.agreement.kappa > 0.6
    # kappa = (agreed - chance) / (1 - chance), and chance lies in [0, 1)
    chance = (signal.agreement.agreed - signal.agreement.kappa) / (1 - signal.agreement.kappa)
    assert 0 <= chance < signal.agreement.agreed


def test_held_out_kappa_is_quadratic_weighted_for_an_ordinal_scale():
    """Off-by-one disagreements count less on an ordinal scale: an ordinal target whose
    level follows a feature has a held-out kappa above its share agreed."""
    rng = np.random.default_rng(6)
    x = rng.normal(size=(300, 6))
    y = np.digitize(x[:, 0] + 0.6 * rng.normal(size=300), [-0.8, 0.0, 0.8])
    agreement = _fit_one(x, y, np.array([f"AP{k % 30}" for k in range(300)]), "ordinal",
                         (0, 1, 2, 3)).agreement
    assert agreement is not None and agreement.kappa is not None
    assert agreement.kappa > agreement.agreed > 0.4


def test_without_plans_to_hold_out_the_distance_stands():
    """One action plan only: nothing can be held out, so no agreement is fitted and the
    confidence is the distance from the threshold, as before."""
    x, y, _ = _sample(2, 60, 0.1)
    model = _fit(x, y, np.array(["AP1"] * 60))
    assert model.agreement is None
    stated = model.confidence(model.scores(x))
    assert ((stated >= 0.5) & (stated <= 1)).all()


def test_agreement_survives_the_calibration_file_and_a_bad_one_is_refused():
    """The agreement is saved with the calibration; intercepts that do not match the
    levels are refused with the file named."""
    shipped = load_calibration()
    again = Calibration.from_dict(json.loads(json.dumps(shipped.to_dict())))
    impact = shipped.models["potential_impact"]
    assert impact.agreement is not None and len(impact.agreement.intercepts) == 4
    scores = np.linspace(0.5, 3, 40)
    assert np.allclose(again.models["potential_impact"].confidence(scores),
                       impact.confidence(scores), atol=1e-8)
    assert again.models["potential_impact"].agreement == impact.agreement
    assert impact.agreement.kappa is not None
    data = shipped.to_dict()
    del data["models"]["potential_impact"]["agreement"]["kappa"]  # a calibration from before
    assert Calibration.from_dict(data).models["potential_impact"].agreement.kappa is None
    data["models"]["potential_impact"]["agreement"]["intercepts"] = [0.0, 0.0]
    with pytest.raises(DataFileError,
                       match="my-calibration.json.*'potential_impact'.*2 agreement intercepts"):
        Calibration.from_dict(data, source="my-calibration.json")


def test_evidence_confidences_are_read_back_for_evaluate(tmp_path):
    """The confidences irm score writes in the evidence are what evaluate reads back,
    and the report sets the mean stated confidence beside the accuracy."""
    table = irm.read_ogp_csv(irm.sample_path())
    est = estimate(table)
    scored = table.with_columns(est.columns())
    stated = ev.evidence_confidence(scored)
    for name in ("civic_participation", "potential_impact"):
        assert np.allclose(stated[name], est.confidence[name], atol=5e-4, equal_nan=True)
    tagged = [k for k in stated if k.startswith("tag:")]
    assert tagged and all(np.isnan(stated[k][est.codes[k] != 1]).all() for k in tagged)
    report = ev.evaluate(ev.human_codes(table), ev.auto_codes(scored),
                         np.asarray(table.get("Action Plan ID")), tags=[], method="t",
                         bootstrap_rounds=0, confidence=stated)
    rated = ev.human_codes(table)["civic_participation"] >= 0
    assert report.stated["civic_participation"] == pytest.approx(
        est.confidence["civic_participation"][rated].mean(), abs=5e-4)
    text = ev.render_evaluation(report)
    assert "stated" in text.splitlines()[2]
    assert json.loads(ev.render_evaluation(report, fmt="json"))["stated_confidence"] == \
        pytest.approx(report.stated)


def test_evidence_that_is_not_irm_evidence_names_row_and_column():
    header = ["Commitment Unique Identifier", "Action Plan ID", "auto_evidence"]
    table = CommitmentTable.from_rows(header, [["C1", "AP1", '{"estimates": {}}'],
                                               ["C2", "AP1", ""],
                                               ["C3", "AP1", "{not json"]])
    with pytest.raises(InvalidValueError) as caught:
        ev.evidence_confidence(table)
    message = str(caught.value)
    assert "row 3 (C3)" in message and "'auto_evidence'" in message and "JSON" in message


def test_dev_confidences_match_held_out_agreement(dev_table, dev_out_of_fold):
    """On OGP's dev data, out of fold (5 folds of action plans): the confidence each
    estimate states is, on average, how often it agrees with the IRM (values and
    verifiability, specificity and impact within 0.04; tags, over the tags estimated,
    within 0.08 of precision)."""
    predicted, confidence = dev_out_of_fold
    report = ev.evaluate(ev.human_codes(dev_table), predicted,
                         np.asarray(dev_table.column("Action Plan ID")),
                         tags=ev.frequent_tags(dev_table), method="cv", bootstrap_rounds=0,
                         confidence=confidence)
    accuracy = {r.rating: r.accuracy for r in report.ratings}
    for name in ("access_to_information", "civic_participation", "public_accountability",
                 "technology_innovation", "verifiable", "specificity", "potential_impact"):
        assert abs(report.stated[name] - accuracy[name]) < 0.04, name
    assert abs(report.stated["tags"] - report.summary["tag_precision"]) < 0.08


def test_the_report_shows_where_estimates_and_ratings_part_as_labelled_confusion_matrices():
    """Each rating's confusion matrix is shown (text, JSON, notebook) with its scale's
    labels: rows the IRM's rating, columns the estimate; counts as hand-tallied."""
    import xml.etree.ElementTree as ET

    from irm.models.scales import POTENTIAL_IMPACT

    none, minor, moderate, transformative = POTENTIAL_IMPACT.codes
    truth = {"potential_impact": np.array([minor, minor, moderate, transformative, -901])}
    guess = {"potential_impact": np.array([moderate, minor, moderate, moderate, minor])}
    report = ev.evaluate(truth, guess, np.array(["a", "a", "b", "b", "c"]), tags=[],
                         method="demo", bootstrap_rounds=0)
    text = ev.render_evaluation(report)
    lines = text[text.index("confusion matrices"):].splitlines()
    assert lines[0] == "confusion matrices: rows the IRM's rating, columns the estimate"
    assert lines[2].split() == ["potential_impact", "None/Unclear", "Minor", "Moderate",
                                "Transformative"]
    counts = {line.split()[0]: [int(v) for v in line.split()[1:]] for line in lines[3:7]}
    assert counts == {"None/Unclear": [0, 0, 0, 0], "Minor": [0, 1, 1, 0],
                      "Moderate": [0, 0, 1, 0],
                      "Transformative": [0, 0, 1, 0]}  # the unrated row is not counted
    rating = json.loads(ev.render_evaluation(report, fmt="json"))["ratings"][0]
    assert rating["labels"] == ["None/Unclear", "Minor", "Moderate", "Transformative"]
    assert rating["confusion"][1] == [0, 1, 1, 0]
    captions = [c.text for c in ET.fromstring(report._repr_html_()).iter("caption")]
    assert captions == ["potential_impact: rows the IRM's rating, columns the estimate"]


def test_two_raters_name_their_axes_and_shared_codes_join_their_labels():
    """Between two rating columns the matrix's axes are the columns; labels that share a
    code on OGP's scale (Unclear and No Evidence Available) are shown together."""
    from irm.models.table import CommitmentTable

    header = ["Commitment Unique Identifier", "Action Plan ID", "Completion (Progress Report)",
              "Completion (End Of Term)"]
    rows = [["C1", "AP_A", "Limited", "Complete"], ["C2", "AP_A", "Unclear", "Limited"]]
    report = ev.evaluate_columns(CommitmentTable.from_rows(header, rows), header[2], header[3],
                                 bootstrap_rounds=0)
    text = ev.render_evaluation(report)
    assert ("confusion matrices: rows 'Completion (Progress Report)', columns "
            "'Completion (End Of Term)'") in text
    assert "Unclear/No Evidence Available" in text
    block = text[text.index("confusion matrices"):].splitlines()[2:]
    assert len(block) == 7 and len({len(line) for line in block}) == 1  # columns aligned
    assert report.ratings[0].labels[0] == "Withdrawn"
