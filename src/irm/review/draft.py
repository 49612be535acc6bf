"""Review a draft action plan against everything the IRM has rated.

A draft is what a member holds before the IRM: commitment titles and texts
(milestones in them, perhaps), no ratings. :func:`review_draft` puts together,
from irm's own functions and nothing computed twice:

- per draft commitment, its estimates with evidence and confidence
  (:func:`~irm.scoring.estimate.estimates.estimate`), its milestones and their
  SMART checks (:func:`~irm.scoring.milestones.extract_milestones`), its most
  similar rated commitments of *other* members with how the IRM rated them
  (:func:`~irm.scoring.similar.similar`), and the commitments of the member's
  own earlier plans it continues (:func:`~irm.graphs.continuity.continuity_links`);
- for the plan, its profile (OGP values, policy areas, pledges) beside the
  member's earlier plans and all rated plans of the draft's era, each figure a
  count over the rows where it is rated, with the missing codes counted apart.

:mod:`irm.review.render` writes it as HTML, JSON and Markdown.
"""

from __future__ import annotations

import datetime
from operator import itemgetter
from typing import Any, Callable

import attrs
import numpy as np

from irm.errors import InvalidValueError
from irm.graphs.continuity import continuity_links
from irm.models.assessment import Era, era_for_year
from irm.models.columns import ID, OGP_VALUE_COLUMNS
from irm.models.missing import Missing
from irm.models.pledges import load_pledges
from irm.models.calibration import Calibration
from irm.models.table import CommitmentTable, concat_tables, subset
from irm.models.taxonomy import load_taxonomy
from irm.scoring.estimate.estimates import Estimates, estimate
from irm.scoring.estimate.estimator import VALUE_TARGETS
from irm.scoring.estimate.lexicon import Lexicon
from irm.models.commitment import Milestone
from irm.scoring.milestones import SmartCheck, extract_milestones, smart_check
from irm.scoring.similar import (SimilarityIndex, Similarities, build_index, rated_summaries,
                                 similar)

__all__ = ["DraftReview", "ProfileRow", "review_draft", "REVIEW_VERSION"]

REVIEW_VERSION = "2026.12.02"
MEMBER = "Country/Locality"
PLAN = "Action Plan Number"
YEAR = "Year Of Submission"


@attrs.frozen
class ProfileRow:
    """One line of a plan profile: per group, (count, rated rows, missing codes)."""

    topic: str          # "value", "policy area" or "pledge"
    name: str
    #: group -> {"count": n, "of": rated, "missing": {"ND": .., "NR": .., "NA": ..}}
    groups: dict[str, dict[str, Any]]


@attrs.frozen(eq=False)
class DraftReview:
    """Everything :func:`review_draft` found; render with
    :func:`irm.review.render.render_review`."""

    draft: CommitmentTable = attrs.field(repr=False)
    member: str
    year: int
    era: Era
    estimates: Estimates = attrs.field(repr=False)
    milestones: tuple[tuple[tuple[Milestone, SmartCheck], ...], ...] = attrs.field(repr=False)
    similar: Similarities = attrs.field(repr=False)
    #: per draft row: (row in ``against``, cosine), best first
    continues: tuple[tuple[tuple[int, float], ...], ...] = attrs.field(repr=False)
    against: CommitmentTable = attrs.field(repr=False)
    profile: tuple[ProfileRow, ...] = attrs.field(repr=False)
    #: group name -> commitments in it
    group_sizes: dict[str, int] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(self.draft)

    def __repr__(self) -> str:
        return (f"<DraftReview of {len(self)} draft commitments of {self.member or 'a member'}"
                f" ({self.year}, {self.era.label}) against {len(self.against)} rated>")

    @property
    def versions(self) -> dict[str, str]:
        return {**self.estimates.versions, **self.similar.versions, "review": REVIEW_VERSION}

    def continued(self, i: int) -> list[dict[str, Any]]:
        """What draft commitment ``i`` continues in the member's earlier plans: the
        earlier commitment's id, cosine, and its IRM ratings (``high_ambition``:
        OGP's High Ambition of it, ``ND`` where not assessed)."""
        found = self.continues[i]
        if not found:
            return []
        rows = [r for r, _ in found]
        ambition = self.against.get("High Ambition", "ND")
        return [{"commitment": str(self.against.column(ID)[r]), "cosine": round(c, 6),
                 "high_ambition": str(ambition[r]), **rated}
                for (r, c), rated in zip(found, rated_summaries(self.against, rows))]

    def _repr_html_(self) -> str:
        from irm.review.render import render_review

        return render_review(self, fmt="fragment")


def _draft_with_ids(draft: CommitmentTable, member: str, plan: int, year: int) -> CommitmentTable:
    """The draft with an id per row (kept when it has them), its member, plan and year."""
    updates: dict[str, list[str]] = {}
    if ID not in draft or not all(draft.texts(ID)):
        updates[ID] = [f"DRAFT-{k:03d}" for k in range(1, len(draft) + 1)]
    if member:
        updates[MEMBER] = [member] * len(draft)
    updates[PLAN] = [str(plan)] * len(draft)
    updates[YEAR] = [str(year)] * len(draft)
    return draft.with_columns(updates)


def _figure(codes: np.ndarray) -> dict[str, Any]:
    """A 0/1 column's count of 1 over its rated rows, missing codes apart."""
    rated = (codes == 0) | (codes == 1)
    missing = {str(m): int((codes == m.code).sum()) for m in Missing}
    return {"count": int((codes == 1).sum()), "of": int(rated.sum()), "missing": missing}


def _served(codes: list[np.ndarray]) -> np.ndarray:
    """A pledge's flag from the flags of the policy areas that serve it: 1 where one
    is 1, 0 where all that are coded are 0, ND where none is coded."""
    stack = np.stack(codes)
    return np.where((stack == 1).any(axis=0), 1,
                    np.where(((stack == 0) | (stack == 1)).any(axis=0), 0, Missing.ND.code))


def _profile(groups: dict[str, dict[str, np.ndarray]]) -> tuple[ProfileRow, ...]:
    """Rows of values, then the policy areas and pledges the draft or the member's
    earlier plans hold (by the draft's count, then name). ``groups``: per group,
    column -> codes (the OGP values and every policy area)."""
    first, second = list(groups)[:2]  # the draft and the member's earlier plans

    def row(topic: str, name: str, codes_of: Callable[[dict[str, np.ndarray]], np.ndarray]
            ) -> ProfileRow:
        return ProfileRow(topic, name, {g: _figure(codes_of(c)) for g, c in groups.items()})

    values = [row("value", c.removeprefix("OGP Value "), itemgetter(c)) for c in OGP_VALUE_COLUMNS]
    areas = [row("policy area", a, itemgetter(a)) for a in load_taxonomy().names]
    pledges = load_pledges()
    served: dict[str, list[str]] = {}
    for link in pledges.mapping:
        served.setdefault(link.pledge, []).append(link.policy_area)

    def serving(areas: list[str]) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
        return lambda columns: _served([columns[a] for a in areas])

    pledge_rows = [row("pledge", p.id, serving(served[p.id])) for p in pledges if p.id in served]
    held = [r for r in (*areas, *pledge_rows)  # by the draft or the member before
            if r.groups[first]["count"] or r.groups[second]["count"]]
    held.sort(key=lambda r: (r.topic != "policy area", -r.groups[first]["count"], r.name))
    return (*values, *held)


def review_draft(draft: CommitmentTable, against: CommitmentTable, *, member: str = "",
                 year: int | None = None, k: int = 5, index: SimilarityIndex | None = None,
                 calibration: Calibration | None = None,
                 lexicon: Lexicon | None = None) -> DraftReview:
    """Review ``draft`` (titles and texts, no ratings) against the rated
    commitments of ``against``.

    ``member``: the draft's member as ``against`` names it (default: the draft's
    own ``Country/Locality`` column, when it has one); ``year``: its year of
    submission (default: the draft's, else this year), which sets its era.
    ``index``: a :func:`~irm.scoring.similar.build_index` of ``against`` to reuse.
    ``calibration`` and ``lexicon`` (default: the bundled ones) make the estimates;
    the lexicon also reads the concepts of the similarity index built here.

    Examples
    --------
    >>> import irm
    >>> rated = irm.read_ogp_csv(irm.sample_path())
    >>> review = review_draft(irm.read_draft(irm.sample_draft_path()), rated)
    >>> len(review), review.member, review.era.label
    (4, 'Valdoria', 'refresh (2021+)')
    >>> bool(review.continued(0))  # the open budget portal of an earlier plan, continued
    True
    """
    if not len(draft):
        raise InvalidValueError("empty draft", expected="a draft with at least one commitment",
                                got=0, file=draft.source)
    if not member and MEMBER in draft:
        names = sorted(set(draft.texts(MEMBER)) - {"", "ND"})
        member = names[0] if len(names) == 1 else ""
    if year is None:
        years = sorted({int(y) for y in draft.get(YEAR, "") if str(y).isdigit()})
        year = years[-1] if years else datetime.date.today().year
    era = era_for_year(year)  # the estimates read the same era from the same year
    members = np.asarray(against.get(MEMBER, ""), dtype=object)
    own = np.flatnonzero(members == member) if member else np.zeros(0, dtype=np.int64)
    numbers = against.codes_or_nd(PLAN)
    earlier = own[numbers[own] >= 0]
    plan = int(numbers[earlier].max()) + 1 if len(earlier) else 1
    draft = _draft_with_ids(draft, member, plan, year)
    estimates = estimate(draft, calibration=calibration, lexicon=lexicon)
    texts = draft.texts("Full Text") if "Full Text" in draft else [""] * len(draft)
    milestones = tuple(tuple((m, smart_check(m)) for m in extract_milestones(t)) for t in texts)
    index = index if index is not None else build_index(against, lexicon=lexicon)
    found = similar(draft, against=index, k=k, exclude="member")
    continues = _continues(draft, against, earlier)
    rated_era = np.flatnonzero(against.eras() == era)
    areas = load_taxonomy().names
    no_tag = np.full(len(draft), Missing.ND.code)
    estimated = {**{column: np.asarray(estimates.codes[target])
                    for target, column in VALUE_TARGETS.items()},
                 **{a: np.asarray(estimates.codes.get(f"tag:{a}", no_tag)) for a in areas}}
    groups = {"draft (estimated)": estimated}
    for name, rows in (("member's earlier plans (IRM)", earlier),
                       (f"all plans of the {era.label} era (IRM)", rated_era)):
        part = subset(against, rows)
        groups[name] = {c: part.codes_or_nd(c) for c in (*OGP_VALUE_COLUMNS, *areas)}
    sizes = {name: len(next(iter(codes.values()))) for name, codes in groups.items()}
    return DraftReview(draft, member, year, era, estimates, milestones, found, continues,
                       against, _profile(groups), sizes)


def _continues(draft: CommitmentTable, against: CommitmentTable, earlier: np.ndarray
               ) -> tuple[tuple[tuple[int, float], ...], ...]:
    """Continuity links from each draft row to the member's earlier commitments, found
    by :func:`continuity_links` on the member's rows and the draft together."""
    if not len(earlier):
        return tuple(() for _ in range(len(draft)))
    # ids of their own, so a draft that kept the ids of rated rows does not collide with them
    renamed = draft.with_columns({ID: [f"\x00draft {k}" for k in range(len(draft))]})
    both = concat_tables([subset(against, earlier), renamed])
    draft_ids = {cid: k for k, cid in enumerate(renamed.texts(ID))}
    ids = against.texts(ID)
    position = {ids[r]: r for r in earlier.tolist()}
    out: list[list[tuple[int, float]]] = [[] for _ in range(len(draft))]
    for later, before, cosine in continuity_links(both):
        if later in draft_ids and before in position:
            out[draft_ids[later]].append((position[before], cosine))
    return tuple(tuple(sorted(links, key=lambda x: (-x[1], x[0]))) for links in out)
