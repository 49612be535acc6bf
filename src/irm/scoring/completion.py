"""Completion from milestone progress, the way the IRM rates it.

Each milestone has a status (``not_started``, ``in_progress``, ``complete``,
``unclear``) and a weight (1 unless given). The rule, in order:

1. No milestone, or every milestone ``unclear`` -> **No Evidence Available**.
2. Every milestone ``complete`` -> **Complete**.
3. No milestone started (all ``not_started`` or ``unclear``) -> **Not Started**.
4. Otherwise progress = (weight complete + half the weight in progress) /
   total weight (``unclear`` counts as no progress): at least one half ->
   **Substantial**, else **Limited**.

The levels are OGP's completion codes (Not Started 2, Limited 3, Substantial
4, Complete 5; No Evidence Available 1), so the change between mid-term and
end of term is the same difference the export's ``_ChangeCompletion`` holds.
Completing one more milestone never lowers the level. Everything works on
``(commitments, milestones)`` arrays at once.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from irm.errors import InvalidValueError
from irm.models.missing import Missing
from irm.models.scales import COMPLETION

__all__ = [
    "STATUSES",
    "NONE",
    "status_codes",
    "completion_levels",
    "completion_level",
    "completion_change",
]

#: Milestone statuses and their codes in status arrays; NONE pads rows with fewer milestones.
STATUSES = {"not_started": 0, "in_progress": 1, "complete": 2, "unclear": 3}
NONE = -1

NO_EVIDENCE = COMPLETION.level("No Evidence Available").code
NOT_STARTED = COMPLETION.level("Not Started").code
LIMITED = COMPLETION.level("Limited").code
SUBSTANTIAL = COMPLETION.level("Substantial").code
COMPLETE = COMPLETION.level("Complete").code
#: the labels this rule gives (code 1 is "No Evidence Available", the Results Report term)
LABELS = {code: str(COMPLETION.from_code(code)) for code in (NOT_STARTED, LIMITED,
                                                              SUBSTANTIAL, COMPLETE)}
LABELS[NO_EVIDENCE] = "No Evidence Available"


def status_codes(rows: Sequence[Sequence[str]]) -> np.ndarray:
    """A padded ``(commitments, milestones)`` array of status codes from names."""
    width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), width), NONE, dtype=np.int8)
    for i, row in enumerate(rows):
        for j, status in enumerate(row):
            if status not in STATUSES:
                raise InvalidValueError(f"not a milestone status (commitment {i}, milestone {j})",
                                        expected=f"one of {sorted(STATUSES)}", got=status)
            out[i, j] = STATUSES[status]
    return out


def completion_levels(statuses: np.ndarray, *, weights: np.ndarray | None = None) -> np.ndarray:
    """OGP completion codes for every commitment (row) of a status array.

    Examples
    --------
    >>> s = status_codes([["complete", "complete"], ["complete", "not_started"],
    ...                   ["not_started"], [], ["in_progress", "not_started", "not_started"]])
    >>> completion_levels(s).tolist()
    [5, 4, 2, 1, 3]
    """
    statuses = np.asarray(statuses)
    if statuses.ndim != 2:
        raise InvalidValueError("statuses must be a 2-D (commitments, milestones) array",
                                got=f"{statuses.ndim} dimensions")
    w = np.ones(statuses.shape) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != statuses.shape:
        raise InvalidValueError(f"weights must have the statuses' shape {statuses.shape}",
                                got=w.shape)
    if np.any(w < 0):
        raise InvalidValueError("milestone weights must not be negative")
    present = statuses != NONE
    w = np.where(present, w, 0.0)
    total = w.sum(axis=1)
    done = np.where(statuses == STATUSES["complete"], w, 0.0).sum(axis=1)
    going = np.where(statuses == STATUSES["in_progress"], w, 0.0).sum(axis=1)
    known = np.where(present & (statuses != STATUSES["unclear"]), 1, 0).sum(axis=1)
    count = present.sum(axis=1)
    all_complete = (count > 0) & ((statuses == STATUSES["complete"]) | ~present).all(axis=1)
    started = ((statuses == STATUSES["complete"]) | (statuses == STATUSES["in_progress"])).any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        progress = np.where(total > 0, (done + 0.5 * going) / np.where(total > 0, total, 1), 0.0)
    return np.select(
        [known == 0, all_complete, ~started, progress >= 0.5],
        [NO_EVIDENCE, COMPLETE, NOT_STARTED, SUBSTANTIAL],
        default=LIMITED,
    ).astype(np.int16)


def completion_level(statuses: Sequence[str], *, weights: Sequence[float] | None = None) -> str:
    """The completion label for one commitment's milestone statuses.

    Examples
    --------
    >>> completion_level(["complete", "in_progress", "not_started"])
    'Substantial'
    """
    w = None if weights is None else np.asarray([weights], dtype=float)
    code = int(completion_levels(status_codes([statuses]), weights=w)[0])
    return LABELS[code]


def completion_change(mid_term: np.ndarray, end_of_term: np.ndarray) -> np.ndarray:
    """End-of-term minus mid-term completion codes; ``ND`` where either has no
    usable level (No Evidence Available), as OGP computes ``_ChangeCompletion``.

    Examples
    --------
    >>> completion_change(np.array([3, 1]), np.array([5, 4])).tolist()
    [2, -901]
    """
    mid, end = np.asarray(mid_term), np.asarray(end_of_term)
    usable = (mid >= NOT_STARTED) & (end >= NOT_STARTED)
    return np.where(usable, end - mid, Missing.ND.code).astype(np.int16)
