"""The three forms of the evidence column: the same estimates, and compact expands to full."""

from __future__ import annotations

import json

import pytest

import irm
from irm.errors import DataFileError, InvalidValueError
from irm.scoring.estimate.batch import score_columns
from irm.scoring.estimate.evaluation import evidence_confidence
from irm.scoring.estimate.evidence import expand_evidence


def forms(table):
    return {mode: score_columns(table, evidence=mode) for mode in ("compact", "full", "none")}


def check_forms(table):
    written = forms(table)
    auto = [c for c in written["full"] if c != "auto_evidence"]
    for mode in ("compact", "none"):
        assert {c: written[mode][c] for c in auto} == {c: written["full"][c] for c in auto}
    calibration = irm.load_calibration()
    for compact, full, bare in zip(*(written[m]["auto_evidence"] for m in
                                     ("compact", "full", "none"))):
        assert expand_evidence(json.loads(compact), calibration) == json.loads(full)
        assert json.loads(bare)["versions"] == json.loads(full)["versions"]
        assert len(compact) < len(full)
    return written


def test_every_form_says_the_same_on_the_sample():
    written = check_forms(irm.read_ogp_csv(irm.sample_path()))
    assert json.loads(written["none"]["auto_evidence"][0]).keys() == {"evidence", "versions"}


def test_every_form_says_the_same_on_the_dev_file(dev_table):
    written = check_forms(dev_table)
    total = {m: sum(map(len, written[m]["auto_evidence"])) for m in written}
    assert total["compact"] < 0.6 * total["full"]


def test_evaluate_reads_the_confidence_of_each_form(tmp_path):
    table = irm.read_ogp_csv(irm.sample_path())
    stated = {}
    for mode, columns in forms(table).items():
        scored = table.with_columns(columns)
        stated[mode] = evidence_confidence(scored)
    assert stated["none"] == {}
    assert stated["compact"].keys() == stated["full"].keys()
    for name, values in stated["full"].items():
        assert [str(v) for v in values] == [str(v) for v in stated["compact"][name]]


def test_an_unknown_form_and_another_calibration_are_refused():
    table = irm.read_ogp_csv(irm.sample_path())
    with pytest.raises(InvalidValueError, match="'compact', 'full', 'none'"):
        score_columns(table, evidence="brief")
    compact = json.loads(score_columns(table)["auto_evidence"][0])
    compact["versions"]["calibration"] = "1999.01.01"
    with pytest.raises(DataFileError, match="another calibration"):
        expand_evidence(compact, irm.load_calibration())
