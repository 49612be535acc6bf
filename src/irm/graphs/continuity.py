"""Continuity: which commitments continue one of the same member's earlier plans.

Each commitment's title and full text become a TF-IDF vector (sublinear term
frequency, words of three letters or more, hashed into a fixed number of
buckets with a stable hash so results never depend on the process); a
commitment is linked to every commitment of the member's *earlier* plans whose
cosine similarity reaches the threshold.

The default threshold, 0.35, was set before looking at the ``Carried
Forward`` flags: cosine values above about a third mean two texts share much
of their distinctive vocabulary (the same reform named in the same words),
while commitments of one plan that only share OGP boilerplate stay well below.
:func:`carried_forward_agreement` measures the links against the export's
``Carried Forward`` flags.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from typing import Any

import attrs
import numpy as np

from irm._perf import group_rows
from irm._text import WORD, fold
from irm.models.columns import ID
from irm.models.table import CommitmentTable
from irm.errors import InvalidValueError

__all__ = ["continuity_links", "carried_forward_agreement", "DEFAULT_THRESHOLD",
           "ContinuityAgreement"]

DEFAULT_THRESHOLD = 0.35
#: plan numbers are far below this, so (member, plan) pairs pack into one integer
_PLANS = 100_000
BUCKETS = 2 ** 15


def _vectors(texts: list[str]) -> np.ndarray:
    """Hashed sublinear term frequencies, one row per text (float32)."""
    cache: dict[str, int] = {}
    out = np.zeros((len(texts), BUCKETS), dtype=np.float32)
    for row, text in enumerate(texts):
        counts: dict[int, int] = defaultdict(int)
        for word in WORD.findall(text):
            if len(word) < 3:
                continue
            bucket = cache.get(word)
            if bucket is None:
                bucket = cache[word] = zlib.crc32(fold(word).encode()) % BUCKETS
            counts[bucket] += 1
        if counts:
            keys = np.fromiter(counts, dtype=np.int64, count=len(counts))
            out[row, keys] = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32,
                                                       count=len(counts)))
    return out


def continuity_links(table: CommitmentTable, *, threshold: float = DEFAULT_THRESHOLD
                     ) -> list[tuple[str, str, float]]:
    """``(later id, earlier id, cosine)`` for every pair of a member's commitments
    in different plans whose texts are at least ``threshold`` similar.

    Examples
    --------
    >>> import irm
    >>> links = continuity_links(irm.read_ogp_csv(irm.sample_path()), threshold=0.2)
    >>> all(later > earlier for later, earlier, _ in links)  # sample ids grow with plans
    True
    """
    if not 0.0 <= threshold <= 1.0:
        raise InvalidValueError("threshold out of range", expected="a cosine similarity from 0 "
                                "to 1", got=threshold)
    ids = table.texts(ID)
    texts = [f"{t}\n{t}\n{x}" for t, x in zip(table.texts("Commitment Title"),
                                               table.texts("Full Text"))]
    members = np.asarray(table.get("Country/Locality", ""))
    numbers = table.codes.get("Action Plan Number")
    if numbers is None or not len(table):
        return []
    tf = _vectors(texts)
    df = np.count_nonzero(tf, axis=0)
    idf = np.log((1 + len(table)) / (1 + df)).astype(np.float32) + 1.0
    vectors = tf * idf
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors /= norms[:, None]
    links: list[tuple[str, str, float]] = []
    for rows in group_rows(members)[1]:
        rows = rows[numbers[rows] >= 0]
        if len(np.unique(numbers[rows])) < 2:
            continue
        similarity = vectors[rows] @ vectors[rows].T
        later_plan = numbers[rows][:, None] > numbers[rows][None, :]
        for a, b in zip(*np.nonzero(later_plan & (similarity >= threshold))):
            links.append((ids[rows[a]], ids[rows[b]], float(similarity[a, b])))
    return links


@attrs.frozen
class ContinuityAgreement:
    """Links checked against the export's ``Carried Forward`` flags."""

    threshold: float
    flagged: int  # rows with Carried Forward 0/1 whose member has a later plan in the file
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        linked = self.true_positive + self.false_positive
        return self.true_positive / linked if linked else float("nan")

    @property
    def recall(self) -> float:
        carried = self.true_positive + self.false_negative
        return self.true_positive / carried if carried else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {**attrs.asdict(self), "precision": self.precision, "recall": self.recall}


def carried_forward_agreement(table: CommitmentTable,
                              *, links: list[tuple[str, str, float]] | None = None,
                              threshold: float = DEFAULT_THRESHOLD) -> ContinuityAgreement:
    """Precision and recall of "some commitment of the member's next plan in the
    file continues this one" against ``Carried Forward`` = 1.

    Only rows flagged 0 or 1 count, and only where the file holds a later plan
    of the same member (otherwise a continuation could not be seen).
    """
    links = links if links is not None else continuity_links(table, threshold=threshold)
    position = {cid: k for k, cid in enumerate(table.texts(ID))}
    numbers = table.codes_or_nd("Action Plan Number").astype(np.int64)  # ND: no plan to follow
    flags = table.codes_or_nd("Carried Forward")
    # the member's next plan number in the file, per row (-1: none), with one sort
    member = np.unique(np.asarray(table.get("Country/Locality", "")),
                       return_inverse=True)[1].reshape(-1)
    keys = member * _PLANS + numbers
    plans = np.unique(keys[numbers >= 0])
    # the first plan key after each row's own; -1 past the last (or when no plan is known)
    following = np.append(plans, -1)[np.searchsorted(plans, keys, side="right")]
    next_plan = np.where((following >= 0) & (following // _PLANS == member),
                         following % _PLANS, -1)
    continued = np.zeros(len(table), dtype=bool)
    for later_id, earlier_id, _ in links:
        a, b = position[later_id], position[earlier_id]
        continued[b] |= next_plan[b] == numbers[a]
    counted = np.isin(flags, (0, 1)) & (next_plan >= 0)
    carried = flags == 1
    return ContinuityAgreement(
        threshold, int(counted.sum()), int((counted & continued & carried).sum()),
        int((counted & continued & ~carried).sum()), int((counted & ~continued & carried).sum()))
