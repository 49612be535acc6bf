"""Ordinal rating scales of the IRM, with OGP's own labels and integer codes.

A scale owns its levels, their order and the integer codes OGP's export uses
(``ogp-data.md`` §4), so numpy code can work on codes while notebooks see
labels. Two labels may share a code where OGP's data does (``Did Not
Change`` and ``No early results to report yet`` are both 1 on the overall
DIOG scale); they stay distinct levels.

Reading real exports needs some tolerance: :meth:`OrdinalScale.interpret`
maps an unambiguous alternate spelling (``high`` for ``High``, ``1`` for
``Yes``, a numeric code in a label column) to its level and says so, so the
caller can report a warning while keeping the cell verbatim.
"""

from __future__ import annotations

import re
from typing import Iterable

import attrs

from irm.errors import InvalidTypeError, InvalidValueError
from irm.models.missing import Missing, fold_spelling, missing_alternate

__all__ = [
    "Level",
    "OrdinalScale",
    "Interpretation",
    "SPECIFICITY",
    "VERIFIABLE",
    "POTENTIAL_IMPACT",
    "POTENTIAL_FOR_RESULTS",
    "COMPLETION",
    "DIOG_OVERALL",
    "DIOG_VALUE",
    "EARLY_RESULTS",
    "FLAG",
    "SCALES",
]


@attrs.frozen(order=False)
class Level:
    """One level of an ordinal scale: its label and OGP's integer code.

    Levels of the same scale compare by code; comparing levels of different
    scales raises ``TypeError``.

    Examples
    --------
    >>> SPECIFICITY.level("High") > SPECIFICITY.level("Low")
    True
    >>> int(POTENTIAL_IMPACT.level("Moderate"))
    2
    """

    scale: str
    label: str
    code: int

    def _check(self, other: object) -> Level:
        if not isinstance(other, Level) or other.scale != self.scale:
            raise InvalidTypeError(
                f"cannot order a {self.scale} level against {other!r}: "
                "levels compare only within one scale")
        return other

    def __lt__(self, other: object) -> bool:
        return self.code < self._check(other).code

    def __le__(self, other: object) -> bool:
        return self.code <= self._check(other).code

    def __gt__(self, other: object) -> bool:
        return self.code > self._check(other).code

    def __ge__(self, other: object) -> bool:
        return self.code >= self._check(other).code

    def __int__(self) -> int:
        return self.code

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"<{self.scale}: {self.label} ({self.code})>"


@attrs.frozen
class Interpretation:
    """How a raw cell was read: its value and, if it was not the canonical
    spelling, a note saying which alternate was mapped."""

    value: Level | Missing
    note: str | None = None

    @property
    def code(self) -> int:
        return self.value.code


_NUMBER = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_FLAG_WORDS = {"yes": "1", "no": "0", "true": "1", "false": "0", "y": "1", "n": "0"}


@attrs.frozen
class OrdinalScale:
    """An ordered set of levels with OGP labels and codes.

    Parameters
    ----------
    name : str
        The scale's name (used in messages and level reprs).
    levels : sequence of (label, code)
        Levels from lowest to highest; codes must not decrease.
    """

    name: str
    levels: tuple[Level, ...] = attrs.field(repr=False)
    _by_label: dict[str, Level] = attrs.field(init=False, repr=False, eq=False)
    _by_folded: dict[str, Level] = attrs.field(init=False, repr=False, eq=False)
    _by_code: dict[int, Level] = attrs.field(init=False, repr=False, eq=False)

    @classmethod
    def build(cls, name: str, pairs: Iterable[tuple[str, int]]) -> OrdinalScale:
        """Make a scale from ``(label, code)`` pairs, lowest first."""
        return cls(name, tuple(Level(name, label, code) for label, code in pairs))

    def __attrs_post_init__(self) -> None:
        codes = [lv.code for lv in self.levels]
        if codes != sorted(codes):
            raise InvalidValueError(f"scale {self.name!r}: codes must not decrease", got=codes)
        object.__setattr__(self, "_by_label", {lv.label: lv for lv in self.levels})
        object.__setattr__(self, "_by_folded", {fold_spelling(lv.label): lv for lv in self.levels})
        by_code: dict[int, Level] = {}
        for lv in self.levels:
            by_code.setdefault(lv.code, lv)  # the first label of a code is canonical
        object.__setattr__(self, "_by_code", by_code)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels, lowest first."""
        return tuple(lv.label for lv in self.levels)

    @property
    def codes(self) -> tuple[int, ...]:
        """The distinct codes, lowest first."""
        return tuple(self._by_code)

    @property
    def expected(self) -> str:
        """Human description of what a cell of this scale may hold."""
        return "one of " + ", ".join(repr(x) for x in (*self.labels, "ND", "NR", "NA"))

    def level(self, label: str) -> Level:
        """The level spelled exactly ``label``."""
        try:
            return self._by_label[label]
        except KeyError:
            raise InvalidValueError(
                f"not a {self.name} level", expected=self.expected, got=label
            ) from None

    def from_code(self, code: int) -> Level | Missing:
        """The canonical level (or missing value) with OGP code ``code``."""
        code = int(code)
        if code in self._by_code:
            return self._by_code[code]
        try:
            return Missing.from_code(code)
        except ValueError:
            raise InvalidValueError(
                f"not a {self.name} code",
                expected="one of " + ", ".join(map(str, self.codes)),
                got=code,
            ) from None

    def level_of(self, code: int) -> Level:
        """The canonical level of ``code`` (the first label of a code shared by several,
        such as None and Unclear potential impact)."""
        found = self.from_code(code)
        if not isinstance(found, Level):
            raise InvalidValueError(f"not a {self.name} code", expected="one of " + ", ".join(
                map(str, self.codes)), got=code)
        return found

    def parse(self, text: str) -> Level | Missing:
        """Read a cell strictly: an exact label or missing code."""
        missing = Missing.parse(text)
        if missing is not None:
            return missing
        return self.level(text)

    def interpret(self, text: str) -> Interpretation:
        """Read a cell tolerantly.

        Exact labels and missing codes are read as they are; an unambiguous
        alternate (other case or spacing, a numeric code, ``Yes``/``No`` for a
        0/1 flag, ``N/A``, an empty cell) is mapped and noted; anything else
        raises :class:`~irm.errors.InvalidValueError`.

        Examples
        --------
        >>> SPECIFICITY.interpret("High").value
        <Specificity: High (3)>
        >>> SPECIFICITY.interpret(" high").note
        "read ' high' as 'High'"
        >>> SPECIFICITY.interpret("Hihg")
        Traceback (most recent call last):
        ...
        irm.errors.InvalidValueError: not a Specificity level: expected one of 'None', 'Low', 'Medium', 'High', 'ND', 'NR', 'NA' (got 'Hihg')
        """
        exact = self._by_label.get(text)
        if exact is not None:
            return Interpretation(exact)
        missing = Missing.parse(text)
        if missing is not None:
            return Interpretation(missing)
        value = self._alternate(text)
        if value is None:
            raise InvalidValueError(
                f"not a {self.name} level", expected=self.expected, got=text
            )
        return Interpretation(value, f"read {text!r} as {str(value)!r}")

    def _alternate(self, text: str) -> Level | Missing | None:
        folded = fold_spelling(text)
        if not folded:
            return Missing.ND  # an empty cell carries no data
        if folded in self._by_folded:
            return self._by_folded[folded]
        missing = missing_alternate(folded)
        if missing is not None:
            return missing
        if folded in _FLAG_WORDS and _FLAG_WORDS[folded] in self._by_label:
            return self._by_label[_FLAG_WORDS[folded]]
        if _NUMBER.match(folded):
            code = int(float(folded))
            if code in self._by_code:
                return self._by_code[code]
        return None


SPECIFICITY = OrdinalScale.build(
    "Specificity", [("None", 0), ("Low", 1), ("Medium", 2), ("High", 3)]
)
VERIFIABLE = OrdinalScale.build("Verifiable", [("No", 0), ("Yes", 1)])
#: Unclear is a real legacy rating (the 2016 Explorer holds 7), coded 0 as None is.
POTENTIAL_IMPACT = OrdinalScale.build(
    "Potential Impact",
    [("None", 0), ("Unclear", 0), ("Minor", 1), ("Moderate", 2), ("Transformative", 3)],
)
POTENTIAL_FOR_RESULTS = OrdinalScale.build(
    "Potential for Results", [("Unclear", 0), ("Modest", 1), ("Substantial", 2)]
)
#: Completion at mid-term (progress report) and at end of term share one
#: scale. Withdrawn (0) and Unclear / No Evidence Available (1) are not usable
#: completion levels (ogp-data.md §5.5).
COMPLETION = OrdinalScale.build(
    "Completion",
    [
        ("Withdrawn", 0),
        ("Unclear", 1),
        ("No Evidence Available", 1),
        ("Not Started", 2),
        ("Limited", 3),
        ("Substantial", 4),
        ("Complete", 5),
    ],
)
DIOG_OVERALL = OrdinalScale.build(
    "Did It Open Government",
    [
        ("Worsens", 0),
        ("Did Not Change", 1),
        ("No early results to report yet", 1),
        ("Marginal", 2),
        ("Major", 3),
        ("Outstanding", 4),
    ],
)
#: The per-value DIOG scale differs from the overall one: it has Not
#: Applicable (0) and codes Did Not Change as 2.
DIOG_VALUE = OrdinalScale.build(
    "Did It Open Government (per value)",
    [
        ("Not Applicable", 0),
        ("Worsens", 1),
        ("Did Not Change", 2),
        ("Marginal", 3),
        ("Major", 4),
        ("Outstanding", 5),
    ],
)
EARLY_RESULTS = OrdinalScale.build(
    "Early Results", [("No notable results", 0), ("Moderate", 1), ("Significant", 2)]
)
#: A 0/1 flag (OGP values, relevance, policy-area tags, Carried Forward, ...).
FLAG = OrdinalScale.build("Flag", [("0", 0), ("1", 1)])

SCALES = {
    s.name: s
    for s in (
        SPECIFICITY,
        VERIFIABLE,
        POTENTIAL_IMPACT,
        POTENTIAL_FOR_RESULTS,
        COMPLETION,
        DIOG_OVERALL,
        DIOG_VALUE,
        EARLY_RESULTS,
        FLAG,
    )
}
