"""OGP's national members: names, codes and regions, from a versioned data file.

OGP's export names a member in ``Country/Locality`` and codes it in ``Code``
(ISO 3166-1 alpha-3 for countries), and builds each action plan's id from
the code (``AP_`` + code + two-digit plan number). Older OGP data (the 2016
Explorer) names members only, some of them otherwise (``UK``, ``USA``,
``Macedonia``): the catalogue gives their code and region, so that their
plans get the same ids as in today's export.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Iterator

import attrs

from irm.errors import DataFileError, InvalidValueError
from irm.models._validators import non_empty, to_tuple
from irm.models.missing import fold_spelling

__all__ = ["MemberInfo", "MemberCatalogue", "load_members"]


@attrs.frozen
class MemberInfo:
    """One OGP member as the catalogue lists it."""

    name: str = attrs.field(validator=non_empty)
    code: str = attrs.field(validator=non_empty)
    region: str = attrs.field(validator=non_empty)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen
class MemberCatalogue:
    """Members by name or alias (case and spacing aside).

    Examples
    --------
    >>> cat = load_members()
    >>> cat.lookup("UK").code, cat.lookup(" united kingdom").region
    ('GBR', 'Europe')
    >>> cat.lookup("Valdoria") is None
    True
    """

    version: str
    regions: tuple[str, ...]
    members: tuple[MemberInfo, ...] = attrs.field(repr=False)
    _index: dict[str, MemberInfo] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, MemberInfo] = {}
        for member in self.members:
            for name in (member.name, *member.aliases):
                key = fold_spelling(name)
                if index.get(key, member) is not member:
                    raise InvalidValueError(f"{name!r} names two members ({index[key].name} and "
                                     f"{member.name})")
                index[key] = member
        object.__setattr__(self, "_index", index)

    def lookup(self, name: str) -> MemberInfo | None:
        """The member named ``name`` (its name or an alias), or None."""
        return self._index.get(fold_spelling(name))

    def __iter__(self) -> Iterator[MemberInfo]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)


@functools.lru_cache(maxsize=None)
def load_members() -> MemberCatalogue:
    """The bundled member catalogue (read when first asked for)."""
    source = "irm/data/members.json"
    try:
        doc = json.loads(resources.files("irm.data").joinpath("members.json").read_text("utf-8"))
        regions = tuple(doc["regions"])
        members = tuple(MemberInfo(**m) for m in doc["members"])
        unknown = sorted({m.region for m in members} - set(regions))
        if unknown:
            raise InvalidValueError(f"regions not listed: {unknown}")
        return MemberCatalogue(str(doc["version"]), regions, members)
    except (KeyError, TypeError, ValueError) as err:
        raise DataFileError(f"not a member catalogue ({err})", file=source) from err
