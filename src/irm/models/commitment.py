"""Commitments, their milestones and the institutions that carry them."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import attrs

from irm.models._validators import non_empty, to_tuple

__all__ = [
    "Institution",
    "Milestone",
    "Commitment",
    "clean_commitment_number",
    "split_institutions",
    "normalise_institution",
]

_FLOAT_ARTEFACT = re.compile(r"^\d+\.\d{12,}$")


def clean_commitment_number(raw: str) -> str:
    """Undo the spreadsheet's binary-float rendering of a dotted number.

    Only cells that look like digits, a dot and at least 12 more digits are
    rewritten, at 15 significant digits (ogp-data.md §1); anything else is
    returned unchanged.

    Examples
    --------
    >>> clean_commitment_number("2.2999999999999998")
    '2.3'
    >>> clean_commitment_number("1.6A")
    '1.6A'
    """
    if _FLOAT_ARTEFACT.match(raw):
        return format(float(raw), ".15g")
    return raw


_SPLIT = re.compile(r"\s*(?:\n|;|\u2022|\uf0b7|\s-\s)\s*")
_NOT_NAMES = {"", "na", "n/a", "unclear", "none", "-"}


def split_institutions(cell: str) -> tuple[str, ...]:
    """Split a multi-institution cell on line breaks, semicolons and bullets.

    Commas are not separators: institution names contain them. Codes and
    placeholders (``NA``, ``N/A``, ``Unclear``) give no institution.

    Examples
    --------
    >>> split_institutions("Ministry of Finance;\\nNational Audit Office")
    ('Ministry of Finance', 'National Audit Office')
    >>> split_institutions("NA")
    ()
    """
    parts = (p.strip(" \t\u00a0.,") for p in _SPLIT.split(cell))
    return tuple(p for p in parts if p.casefold() not in _NOT_NAMES)


def normalise_institution(name: str) -> str:
    """A matching key for an institution name: NFKC, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", name)
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _frozen(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@attrs.frozen
class Institution:
    """A public body (or other actor) named as lead or supporting institution."""

    name: str = attrs.field(validator=non_empty)
    role: str = attrs.field(default="lead", validator=attrs.validators.in_(("lead", "supporting")))

    @property
    def key(self) -> str:
        """Normalised name used to match the same body across commitments."""
        return normalise_institution(self.name)


@attrs.frozen
class Milestone:
    """One milestone (activity) of a commitment, as written in the plan.

    Dates are kept as the original strings; parsing them is the job of
    :mod:`irm.scoring` helpers, which always keep the original too.
    """

    description: str = attrs.field(validator=non_empty)
    output: str | None = None
    responsible: str | None = None
    start: str | None = None
    end: str | None = None


@attrs.frozen
class Commitment:
    """A commitment of an action plan, as the export describes it.

    Examples
    --------
    >>> c = Commitment("VD0001", title="Open budget data portal", action_plan_id="AP_VLD01")
    >>> c.id, c.policy_areas
    ('VD0001', frozenset())
    """

    id: str = attrs.field(validator=non_empty)
    title: str = ""
    text: str = ""
    short_title: str = ""
    action_plan_id: str | None = None
    member: str | None = None
    number: str | None = None
    theme: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    lead_institutions: tuple[Institution, ...] = attrs.field(default=(), converter=to_tuple)
    supporting_institutions: tuple[Institution, ...] = attrs.field(default=(), converter=to_tuple)
    policy_areas: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def clean_number(self) -> str | None:
        """The commitment number without spreadsheet float artefacts."""
        return None if self.number is None else clean_commitment_number(self.number)

    @property
    def institutions(self) -> tuple[Institution, ...]:
        """Lead institutions first, then supporting ones."""
        return self.lead_institutions + self.supporting_institutions

    def _repr_html_(self) -> str:
        from irm._html import card, esc, table

        rows = [("action plan", self.action_plan_id or ""), ("member", self.member or ""),
                ("number", self.clean_number or ""), ("theme", self.theme or ""),
                ("dates", f"{self.start_date or '?'} to {self.end_date or '?'}"),
                ("lead", "; ".join(i.name for i in self.lead_institutions)),
                ("supporting", "; ".join(i.name for i in self.supporting_institutions)),
                ("policy areas", "; ".join(sorted(self.policy_areas)))]
        body = table(rows)
        if self.milestones:
            body += table(((m.description, m.responsible or "", m.end or "")
                           for m in self.milestones), header=("milestone", "responsible", "end"))
        if self.text:
            body += f'<details><summary>full text</summary><p>{esc(self.text)}</p></details>'
        return card(f"{self.id}: {self.title}", body)
