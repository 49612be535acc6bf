"""Ordinal scales: labels, order, OGP codes and tolerant reading."""

from __future__ import annotations

import pickle

import pytest

from irm.errors import InvalidValueError
from irm.models import scales as S
from irm.models.missing import NA, ND, NR, Missing


@pytest.mark.parametrize(
    ("scale", "pairs"),
    [
        (S.SPECIFICITY, {"None": 0, "Low": 1, "Medium": 2, "High": 3}),
        (S.POTENTIAL_IMPACT, {"None": 0, "Unclear": 0, "Minor": 1, "Moderate": 2,
                              "Transformative": 3}),
        (S.COMPLETION, {"Withdrawn": 0, "Unclear": 1, "No Evidence Available": 1,
                        "Not Started": 2, "Limited": 3, "Substantial": 4, "Complete": 5}),
        (S.POTENTIAL_FOR_RESULTS, {"Unclear": 0, "Modest": 1, "Substantial": 2}),
        (S.EARLY_RESULTS, {"No notable results": 0, "Moderate": 1, "Significant": 2}),
        (S.DIOG_OVERALL, {"Worsens": 0, "Did Not Change": 1,
                          "No early results to report yet": 1, "Marginal": 2, "Major": 3,
                          "Outstanding": 4}),
        (S.DIOG_VALUE, {"Not Applicable": 0, "Worsens": 1, "Did Not Change": 2, "Marginal": 3,
                        "Major": 4, "Outstanding": 5}),
        (S.VERIFIABLE, {"No": 0, "Yes": 1}),
    ],
)
def test_scale_codes_match_ogp(scale, pairs):
    """Every label carries OGP's integer code (ogp-data.md §4; the Explorer codes a
    legacy Unclear potential impact 0)."""
    assert {lv.label: lv.code for lv in scale.levels} == pairs


def test_levels_order_within_scale_only():
    """Levels compare by code inside a scale and refuse to compare across scales."""
    assert S.SPECIFICITY.level("Low") < S.SPECIFICITY.level("High")
    assert max(S.COMPLETION.level(x) for x in ("Limited", "Complete")).label == "Complete"
    with pytest.raises(TypeError, match="within one scale"):
        _ = S.SPECIFICITY.level("Low") < S.POTENTIAL_IMPACT.level("Minor")


def test_shared_code_labels_stay_distinct():
    """Two labels with one code (DIOG overall 1) are different levels."""
    a = S.DIOG_OVERALL.level("Did Not Change")
    b = S.DIOG_OVERALL.level("No early results to report yet")
    assert a.code == b.code and a != b
    assert S.DIOG_OVERALL.from_code(1) is a


def test_unknown_label_error_says_expected_and_got():
    """An unknown label raises a ValueError naming what was expected and what was got."""
    with pytest.raises(InvalidValueError) as info:
        S.SPECIFICITY.parse("Hihg")
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "'Hihg'" in message and "'High'" in message and "'ND'" in message


@pytest.mark.parametrize(
    ("scale", "text", "label"),
    [
        (S.SPECIFICITY, "high", "High"),
        (S.SPECIFICITY, " Medium ", "Medium"),
        (S.SPECIFICITY, "3", "High"),
        (S.VERIFIABLE, "1", "Yes"),
        (S.VERIFIABLE, "no", "No"),
        (S.FLAG, "Yes", "1"),
        (S.FLAG, "1.0", "1"),
        (S.COMPLETION, "not started", "Not Started"),
    ],
)
def test_alternates_are_mapped_with_a_note(scale, text, label):
    """Unambiguous alternate spellings map to a level and say so."""
    found = scale.interpret(text)
    assert str(found.value) == label
    assert found.note is not None and repr(text) in found.note


@pytest.mark.parametrize("text", ["ND", "NR", "NA"])
def test_missing_codes_read_exactly(text):
    """The three missing codes read as themselves on every scale, with no note."""
    for scale in S.SCALES.values():
        found = scale.interpret(text)
        assert found.value is Missing(text) and found.note is None


def test_alternate_missing_and_empty():
    """`N/A` reads as NA and an empty cell as ND, both noted."""
    assert S.SPECIFICITY.interpret("N/A").value is NA
    empty = S.SPECIFICITY.interpret("")
    assert empty.value is ND and empty.note


def test_numeric_code_outside_scale_is_an_error():
    """A number that is not a code of the scale is not guessed."""
    with pytest.raises(InvalidValueError):
        S.SPECIFICITY.interpret("7")


def test_levels_pickle():
    """Levels survive pickling with equality intact."""
    level = S.POTENTIAL_IMPACT.level("Transformative")
    assert pickle.loads(pickle.dumps(level)) == level


def test_missing_values_are_distinct_and_falsy():
    """ND, NR and NA are three distinct values, never None, never equal to each other."""
    assert len({ND, NR, NA}) == 3
    assert all(m is not None and not m for m in (ND, NR, NA))
    assert pickle.loads(pickle.dumps(NR)) is NR
    assert [Missing.from_code(m.code) for m in (ND, NR, NA)] == [ND, NR, NA]
