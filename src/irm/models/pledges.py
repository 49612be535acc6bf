"""Global pledges and irm's mapping from OGP policy areas to them.

SDG targets, Open Gov Challenge areas, the Steering Committee's 2019 call to
action, democratic freedoms and other frameworks (open contracting,
beneficial ownership, Open Data Charter, Escazú, EITI, Summit for
Democracy), loaded from a versioned data file. The mapping is irm's own,
following plain correspondences, and every link carries its justification.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Iterator

import attrs

from irm.errors import DataFileError
from irm.models._validators import non_empty, to_tuple
from irm.models.taxonomy import load_taxonomy

__all__ = ["Pledge", "PledgeLink", "PledgeCatalogue", "load_pledges"]


@attrs.frozen
class Pledge:
    """One pledge: an SDG target, an Open Gov Challenge area, a principle, ..."""

    id: str = attrs.field(validator=non_empty)
    framework: str = attrs.field(validator=non_empty)
    title: str = ""
    mentions: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class PledgeLink:
    """A policy area that serves a pledge, and why (irm's mapping, not OGP's)."""

    policy_area: str
    pledge: str
    justification: str


@attrs.frozen
class PledgeCatalogue:
    """Pledges by id, framework descriptions and the policy-area mapping.

    Examples
    --------
    >>> cat = load_pledges()
    >>> [link.pledge for link in cat.for_area("Justice")]
    ['SDG 16.3', 'OGC Justice']
    """

    version: str
    mapping_source: str
    frameworks: dict[str, str] = attrs.field(repr=False)
    pledges: tuple[Pledge, ...] = attrs.field(repr=False)
    mapping: tuple[PledgeLink, ...] = attrs.field(repr=False)
    _index: dict[str, Pledge] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {p.id: p for p in self.pledges})

    def __getitem__(self, pledge_id: str) -> Pledge:
        return self._index[pledge_id]

    def __iter__(self) -> Iterator[Pledge]:
        return iter(self.pledges)

    def __len__(self) -> int:
        return len(self.pledges)

    def of_framework(self, framework: str) -> tuple[Pledge, ...]:
        return tuple(p for p in self.pledges if p.framework == framework)

    def for_area(self, policy_area: str) -> tuple[PledgeLink, ...]:
        return tuple(link for link in self.mapping if link.policy_area == policy_area)


def _parse(doc: dict, source: str) -> PledgeCatalogue:  # type: ignore[type-arg]
    try:
        pledges = tuple(Pledge(**p) for p in doc["pledges"])
        mapping = tuple(PledgeLink(**m) for m in doc["mapping"])
        catalogue = PledgeCatalogue(str(doc["version"]), doc["mapping_source"],
                                    dict(doc["frameworks"]), pledges, mapping)
    except (KeyError, TypeError, ValueError) as err:
        raise DataFileError(f"not a pledge catalogue ({err})", file=source) from err
    areas = set(load_taxonomy().names)
    for link in mapping:
        if link.pledge not in catalogue._index or link.policy_area not in areas:
            raise DataFileError("mapping names an unknown pledge or policy area", file=source,
                                got=f"{link.policy_area} -> {link.pledge}")
    return catalogue


@functools.lru_cache(maxsize=None)
def load_pledges() -> PledgeCatalogue:
    """The bundled pledge catalogue.

    Examples
    --------
    >>> len(load_pledges().of_framework("OGC"))
    10
    """
    text = resources.files("irm.data").joinpath("pledges.json").read_text("utf-8")
    return _parse(json.loads(text), "irm/data/pledges.json")
