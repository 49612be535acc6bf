"""OGP's policy-area taxonomy, loaded from a versioned data file.

Parent areas with sub-areas, stand-alone areas, flat levers, sectors and
legacy themes, and the two legacy roll-up tags that are exact ORs of other
tags (``ogp-data.md`` §6). Tag names are the export's column headers,
spelled exactly.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from irm.errors import DataFileError, UnknownNameError

__all__ = ["PolicyArea", "Taxonomy", "load_taxonomy", "KINDS"]

KINDS = ("area", "sub_area", "standalone_area", "lever", "sector", "legacy_theme", "legacy_rollup")


def _tuple(x: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(x or ())


@attrs.frozen
class PolicyArea:
    """One policy-area tag (a column of the export)."""

    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    parent: str | None = None
    members: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    implies: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    first_plan_year: int | None = None


@attrs.frozen
class Taxonomy:
    """The tag catalogue: lookup by name, tree navigation and roll-ups.

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> tax["Tax"].parent
    'Fiscal Openness'
    >>> sorted(tax.roll_up({"Tax", "Open Data"}))
    ['Access to information', 'Fiscal Openness', 'Open Data', 'Tax']
    """

    name: str
    version: str
    areas: tuple[PolicyArea, ...]
    _index: dict[str, PolicyArea] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index = {a.name: a for a in self.areas}
        if len(index) != len(self.areas):
            raise DataFileError("taxonomy lists a tag twice", file=self.name)
        for a in self.areas:
            for ref in (a.parent, *a.members, *a.implies):
                if ref is not None and ref not in index:
                    raise DataFileError(
                        f"tag {a.name!r} refers to unknown tag {ref!r}", file=self.name
                    )
        object.__setattr__(self, "_index", index)

    def __getitem__(self, name: str) -> PolicyArea:
        try:
            return self._index[name]
        except KeyError:
            raise UnknownNameError(f"not a policy-area tag of taxonomy {self.version}", got=name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[PolicyArea]:
        return iter(self.areas)

    def __len__(self) -> int:
        return len(self.areas)

    @property
    def names(self) -> tuple[str, ...]:
        """Tag names in the export's column order."""
        return tuple(a.name for a in self.areas)

    def children(self, parent: str) -> tuple[str, ...]:
        """Sub-areas of ``parent``, in column order."""
        return tuple(a.name for a in self.areas if a.parent == parent)

    def of_kind(self, *kinds: str) -> tuple[str, ...]:
        """Tag names of the given kinds, in column order."""
        return tuple(a.name for a in self.areas if a.kind in kinds)

    def roll_up(self, tags: Iterable[str]) -> frozenset[str]:
        """Add what ``tags`` imply: parents of sub-areas, legacy roll-ups,
        and implied tags. Roll-ups only ever add (never clear a tag)."""
        out = set(tags)
        for name in list(out):
            area = self[name]
            out.update(area.implies)
            if area.parent:
                out.add(area.parent)
        for area in self.areas:
            if area.kind == "legacy_rollup" and out.intersection(area.members):
                out.add(area.name)
        return frozenset(out)


def _parse_taxonomy(doc: dict, source: str) -> Taxonomy:  # type: ignore[type-arg]
    try:
        areas = tuple(PolicyArea(**entry) for entry in doc["tags"])
        return Taxonomy(doc["name"], str(doc["version"]), areas)
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, DataFileError):
            raise
        raise DataFileError(f"not a taxonomy file ({err})", file=source) from err


@functools.lru_cache(maxsize=None)
def _bundled() -> Taxonomy:
    text = resources.files("irm.data").joinpath("taxonomy.json").read_text("utf-8")
    return _parse_taxonomy(json.loads(text), "irm/data/taxonomy.json")


def load_taxonomy(*, path: str | Path | None = None) -> Taxonomy:
    """Load the bundled taxonomy, or one from ``path``."""
    if path is None:
        return _bundled()
    with open(path, encoding="utf-8") as fh:
        return _parse_taxonomy(json.load(fh), str(path))
