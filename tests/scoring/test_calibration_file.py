"""The calibration file: readable by name, tied to its lexicon, refused when broken."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

import irm
from irm.errors import DataFileError
from irm.io.datafiles import read_calibration, read_lexicon, write_calibration
from irm.models.calibration import Calibration, load_calibration
from irm.models.lexicon import lexicon_definition, load_lexicon_definition
from irm.scoring.estimate.estimates import estimate
from irm.scoring.estimate.lexicon import compile_lexicon


@pytest.fixture(scope="module")
def sample():
    return irm.read_ogp_csv(irm.sample_path())


@pytest.fixture(scope="module")
def shipped_doc() -> dict:
    return load_calibration().to_dict()


def test_weights_are_listed_by_name_largest_first_without_zeros(shipped_doc):
    """A methodologist reads each model's weights by feature name, largest first."""
    for name, model in shipped_doc["models"].items():
        weights = list(model["weights"].items())
        assert all(w != 0 for _, w in weights), name
        sizes = [abs(w) for _, w in weights]
        assert sizes == sorted(sizes, reverse=True), name
        assert set(model["weights"]) <= set(shipped_doc["features"]["base"]) | {
            f"w:{w}" for w in shipped_doc["features"]["ngrams"]["words"]} | {
            f"c:{c}" for c in shipped_doc["features"]["ngrams"]["chars"]}


def test_the_file_records_its_lexicon_data_command_and_rows(shipped_doc):
    """Lexicon version and digest, the files and command it was fitted with, rows rated."""
    lexicon = load_lexicon_definition()
    assert shipped_doc["lexicon"] == {"version": lexicon.version, "sha256": lexicon.digest}
    fitted = shipped_doc["fitted_on"]
    assert fitted["command"].startswith("irm fit ") and len(fitted["data_sha256"]) == 64
    assert fitted["rows"] >= 1000 and fitted["rated"]["potential_impact"] > 0
    assert all(len(f["sha256"]) == 64 for f in fitted["files"])


def test_a_calibration_survives_its_file(tmp_path, sample):
    """Written and read back, it gives the same estimates, byte for byte."""
    path = tmp_path / "cal.json"
    write_calibration(load_calibration(), path)
    again = read_calibration(path)
    assert estimate(sample, calibration=again).columns() == estimate(sample).columns()


@pytest.mark.parametrize("where, value", [("bias", float("nan")), ("thresholds", [float("inf")]),
                                          ("weights", {"year": float("nan")})])
def test_a_number_that_is_not_finite_is_refused(shipped_doc, where, value, tmp_path):
    """NaN or infinity anywhere in a model is refused when loaded, naming file and model."""
    doc = copy.deepcopy(shipped_doc)
    doc["models"]["civic_participation"][where] = value
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # json writes NaN as it is
    with pytest.raises(DataFileError, match="broken.json.*'civic_participation'.*finite"):
        read_calibration(path)


def test_a_weight_of_an_unknown_feature_and_an_old_format_are_refused(shipped_doc):
    """A weight no feature of the file names, and a calibration of format 1."""
    doc = copy.deepcopy(shipped_doc)
    doc["models"]["civic_participation"]["weights"]["no_such_feature@text"] = 1.0
    with pytest.raises(DataFileError, match="unknown feature 'no_such_feature@text'"):
        Calibration.from_dict(doc, source="mine.json")
    old = {k: v for k, v in shipped_doc.items() if k != "format"}
    with pytest.raises(DataFileError, match="another format.*refit"):
        Calibration.from_dict(old, source="old.json")
    with pytest.raises(DataFileError, match="not a calibration file"):
        Calibration.from_dict(["a", "list"], source="list.json")


def test_arrays_handed_out_are_read_only():
    """A notebook cannot change the shipped calibration for the rest of the session."""
    model = load_calibration().models["civic_participation"]
    with pytest.raises(ValueError, match="read-only"):
        model.weights[0] = -model.weights[0]


def _edited_lexicon(version: str | None = None):
    doc = json.loads(json.dumps(_lexicon_doc()))
    doc["concepts"]["open_data"]["terms"]["en"].append("data lake")
    if version:
        doc["version"] = version
    return compile_lexicon(lexicon_definition(doc, source="edited.json"))


def _lexicon_doc() -> dict:
    from importlib import resources

    return json.loads(resources.files("irm.data").joinpath("lexicon.json").read_text("utf-8"))


def test_a_lexicon_whose_terms_changed_under_the_same_version_is_refused(sample):
    """The calibration knows its lexicon's content, not only its version string."""
    edited = _edited_lexicon()
    assert edited.version == load_calibration().lexicon_version
    with pytest.raises(DataFileError, match="lexicon differs.*same version, other terms"):
        estimate(sample, lexicon=edited)


def test_a_description_or_note_does_not_change_the_digest():
    """What decides matching is digested; descriptions and notes are not."""
    doc = _lexicon_doc()
    doc["notes"] = "another note"
    doc["concepts"]["open_data"]["description"] = "reworded"
    assert lexicon_definition(doc).digest == load_lexicon_definition().digest


def test_a_lexicon_file_reads_as_its_definition(tmp_path):
    """read_lexicon gives the definition, compiled for matching on demand."""
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(_lexicon_doc()), encoding="utf-8")
    definition = read_lexicon(path)
    assert definition.digest == load_lexicon_definition().digest
    assert np.array_equal(compile_lexicon(definition).scan_spans("open data"),
                          compile_lexicon(load_lexicon_definition()).scan_spans("open data"))


def test_a_deeply_nested_or_undecodable_file_is_a_data_file_error(tmp_path):
    """Nesting a JSON reader cannot follow, or bytes that are not UTF-8, are bad input."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataFileError, match="nested too deeply"):
        read_calibration(deep)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"name": "caf\xe9"}')
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_calibration(latin)


@pytest.mark.parametrize(("edit", "needle"), [
    (lambda d: d.update(models=["a", "list"]), "'models' must be a JSON object"),
    (lambda d: d["models"]["civic_participation"].update(weights=[1, 2]),
     "model 'civic_participation': 'weights' must be a JSON object"),
    (lambda d: d["models"]["civic_participation"].pop("thresholds"),
     "missing field 'thresholds'"),
    (lambda d: d.pop("lexicon"), "missing field 'lexicon'")])
def test_a_calibration_of_the_wrong_shape_names_the_field(shipped_doc, edit, needle):
    """A wrong-shaped file is told by its field, not by "'list' object has no attribute
    'items'"."""
    doc = copy.deepcopy(shipped_doc)
    edit(doc)
    with pytest.raises(DataFileError) as caught:
        Calibration.from_dict(doc, source="mine.json")
    assert needle in str(caught.value) and "attribute" not in str(caught.value)
