"""Completion from milestone progress: the documented rule and its properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from irm.scoring.completion import (
    STATUSES,
    completion_change,
    completion_level,
    completion_levels,
    status_codes,
)

statuses = st.lists(st.sampled_from(sorted(STATUSES)), min_size=1, max_size=8)
weights_for = lambda n: st.lists(st.floats(0.1, 5), min_size=n, max_size=n)  # noqa: E731


@pytest.mark.parametrize(("milestones", "level"), [
    ([], "No Evidence Available"),
    (["unclear", "unclear"], "No Evidence Available"),
    (["complete"] * 3, "Complete"),
    (["not_started", "unclear"], "Not Started"),
    (["complete", "not_started", "not_started"], "Limited"),
    (["complete", "in_progress", "not_started"], "Substantial"),
    (["complete", "complete", "unclear"], "Substantial"),
])
def test_documented_rule(milestones, level):
    """Each branch of the rule gives its level."""
    assert completion_level(milestones) == level


@given(st.integers(1, 8))
def test_all_complete_is_complete(n):
    """All milestones complete gives Complete."""
    assert completion_level(["complete"] * n) == "Complete"


@given(st.integers(1, 8))
def test_none_started_is_not_started(n):
    """No milestone started gives Not Started."""
    assert completion_level(["not_started"] * n) == "Not Started"


@given(statuses.flatmap(lambda s: st.tuples(st.just(s), weights_for(len(s)),
                                            st.integers(0, len(s) - 1))))
def test_completing_one_more_never_lowers_the_level(case):
    """Turning any milestone to complete never lowers the completion code."""
    milestones, weights, k = case
    after = list(milestones)
    after[k] = "complete"
    codes = completion_levels(status_codes([milestones, after]), weights=np.array([weights, weights]))
    assert codes[1] >= codes[0]


def test_vectorised_rows_and_padding():
    """Rows of different lengths are scored together; padding is ignored."""
    s = status_codes([["complete"], ["complete", "complete", "in_progress"], []])
    assert s.shape == (3, 3)
    assert completion_levels(s).tolist() == [5, 4, 1]


def test_change_matches_the_export_convention():
    """The change is end minus mid-term; no usable level gives ND."""
    assert completion_change(np.array([3, 1, 5]), np.array([5, 4, 4])).tolist() == [2, -901, -1]


def test_bad_status_is_named():
    """An unknown status says which and where."""
    with pytest.raises(ValueError, match=r"commitment 0, milestone 1.*got 'done'"):
        status_codes([["complete", "done"]])
