"""Dates as action plans write them, parsed without losing the original.

OGP's ``Start Date`` / ``End Date`` and milestone dates are free text
(``ogp-data.md`` §1): ``1/15/2013`` (month first, as the export writes them),
``1/15/13``, ``June 2019``, ``2019``, ``Quarter 1 2014``, ``II quarter of
2021``, ``first half of 2020``, ``end of 2019``, ``In progress``,
``Permanent activity``, and the same in Spanish, French and Portuguese.
:func:`parse_date` turns one into a :class:`ParsedDate`: the period it
covers (first and last day), its precision, and always the original string.
Phrases that name no period (``In progress``) are understood as ``ongoing``;
anything else is kept and marked unparsed. Day-first dates are read when the
first number cannot be a month (``25/3/2019``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import attrs

from irm._perf import CaselessPattern

__all__ = ["ParsedDate", "parse_date", "find_dates", "PRECISIONS"]

PRECISIONS = ("day", "month", "quarter", "half", "part", "year", "ongoing")

_MONTHS = {
    **{m.lower(): k for k, m in enumerate(calendar.month_name) if m},
    **{m.lower(): k for k, m in enumerate(calendar.month_abbr) if m},
    "sept": 9,
    # Spanish, French, Portuguese
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5,
    "juin": 6, "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "decembre": 12, "décembre": 12, "janeiro": 1, "fevereiro": 2,
    "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "dezembro": 12,
}
_ORDINALS = {
    "1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1st": 1, "2nd": 2,
    "3rd": 3, "4th": 4, "first": 1, "second": 2, "third": 3, "fourth": 4, "primer": 1,
    "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4, "premier": 1,
    "deuxieme": 2, "deuxième": 2, "troisieme": 3, "troisième": 3, "quatrieme": 4,
    "quatrième": 4, "primeiro": 1, "terceiro": 3, "quarto": 4,
}
_ONGOING = re.compile(
    r"^(?:in progress|ongoing|on-going|permanent(?: activity)?|continuous(?:ly)?|continuing|"
    r"throughout(?: the)?(?: action)? plan(?: period)?|permanente|en curso|continuo|"
    r"en cours|permanent|em andamento|cont[ií]nuo)\.?$", re.IGNORECASE)
_YEAR = r"((?:19|20)\d\d)"
_ORD = r"(1st|2nd|3rd|4th|first|second|third|fourth|iv|iii|ii|i|[1-4]|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|premier|deuxi[eè]me|troisi[eè]me|quatri[eè]me|primeiro|terceiro|quarto)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        ("iso", r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
        ("numeric", r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$"),
        ("month_year", r"^([a-zçéû]+)\.?,?\s+(?:of\s+|de\s+|del\s+)?" + _YEAR + r"$"),
        ("month_numeric", r"^(\d{1,2})[/.](\d{4})$"),
        ("year", r"^" + _YEAR + r"$"),
        ("quarter", r"^(?:quarter|q|trimestre)\s*" + _ORD + r"\s*(?:of\s+|de\s+|del\s+)?,?\s*"
                    + _YEAR + r"$"),
        ("quarter", r"^" + _ORD + r"\s*(?:quarter|trimestre|q)\s*(?:of\s+|de\s+|del\s+)?,?\s*"
                    + _YEAR + r"$"),
        ("quarter_rev", r"^" + _YEAR + r",?\s*(?:q|quarter\s*)([1-4])$"),
        ("half", r"^" + _ORD + r"\s*(?:half|semester|semestre)\s*(?:of\s+|de\s+|del\s+)?,?\s*"
                 + _YEAR + r"$"),
        ("half", r"^(?:h|s)([12])\s*" + _YEAR + r"$"),
        ("part", r"^(beginning|start|early|mid|middle|end|late|spring|summer|autumn|fall|"
                 r"inicios?|principios?|mediados|finales|fin|fines|d[eé]but|fim|in[ií]cio)[\s\-]*(?:of\s+|de\s+|del\s+)?"
                 + _YEAR + r"$"),
    ))
_DIGIT = re.compile(r"\d")
#: A date expression somewhere in a longer text (milestone lines), in the forms above.
_FIND = CaselessPattern(
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:q[1-4]|(?:1st|2nd|3rd|4th|first|second|third|fourth|iv|iii|ii|i)\s+quarter"
    r"|quarter\s+[1-4])(?:\s+of)?,?\s+(?:19|20)\d\d\b"
    r"|\b(?:" + "|".join(sorted((m for m in _MONTHS if len(m) > 2), key=len, reverse=True))
    + r")\.?,?\s+(?:of\s+|de\s+)?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\b")


@attrs.frozen
class ParsedDate:
    """A date string and what it means.

    ``start`` and ``end`` bound the period named (both None for ``ongoing``
    or unparsed text); ``original`` is always the text as written.
    """

    original: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(PRECISIONS)))

    @property
    def parsed(self) -> bool:
        """True when the text was understood (a period, or an ongoing phrase)."""
        return self.precision is not None

    def iso(self) -> str:
        """``start/end`` in ISO form (a single date when they coincide), or ``""``."""
        if self.start is None or self.end is None:
            return ""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _ordinal(text: str) -> int:
    word = text.lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    stem = word.rstrip("oa")
    return _ORDINALS.get(stem, _ORDINALS.get(stem + "o", 0)) or \
        {"primer": 1, "segund": 2, "tercer": 3, "cuart": 4}.get(stem, 0)


_PARTS = {
    "beginning": (1, 3), "start": (1, 3), "early": (1, 4), "inicio": (1, 3), "inicios": (1, 3),
    "principio": (1, 3), "principios": (1, 3), "debut": (1, 3), "début": (1, 3),
    "início": (1, 3), "mid": (5, 8), "middle": (5, 8), "mediados": (5, 8), "end": (10, 12),
    "late": (9, 12), "finales": (10, 12), "fin": (10, 12), "fines": (10, 12), "fim": (10, 12),
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
}


def _interpret(kind: str, m: re.Match[str]) -> tuple[dt.date, dt.date, str] | None:
    g = m.groups()
    if kind == "iso":
        day = dt.date(int(g[0]), int(g[1]), int(g[2]))
        return day, day, "day"
    if kind == "numeric":
        a, b, year = int(g[0]), int(g[1]), int(g[2])
        year += 2000 if year < 100 else 0
        month, day_of_month = (a, b) if a <= 12 else (b, a)  # OGP writes m/d; d/m if it must be
        d = dt.date(year, month, day_of_month)
        return d, d, "day"
    if kind == "month_year":
        named = _MONTHS.get(g[0].lower())
        if named is None:
            return None
        return (*_month_span(int(g[1]), named, named), "month")
    if kind == "month_numeric":
        return (*_month_span(int(g[1]), int(g[0]), int(g[0])), "month")
    if kind == "year":
        return dt.date(int(g[0]), 1, 1), dt.date(int(g[0]), 12, 31), "year"
    if kind in ("quarter", "quarter_rev"):
        q, year = (_ordinal(g[0]), int(g[1])) if kind == "quarter" else (int(g[1]), int(g[0]))
        if not 1 <= q <= 4:
            return None
        return (*_month_span(year, 3 * q - 2, 3 * q), "quarter")
    if kind == "half":
        h, year = _ordinal(g[0]), int(g[1])
        if h not in (1, 2):
            return None
        return (*_month_span(year, 6 * h - 5, 6 * h), "half")
    if kind == "part":
        first, last = _PARTS.get(g[0].lower(), (0, 0))
        if not first:
            return None
        return (*_month_span(int(g[1]), first, last), "part")
    return None


def parse_date(text: str) -> ParsedDate | None:
    """Parse one date string; ``None`` for the missing codes ``NA``/``ND``/``NR``.

    Examples
    --------
    >>> parse_date("II quarter of 2021").iso()
    '2021-04-01/2021-06-30'
    >>> parse_date("7/19/19").start
    datetime.date(2019, 7, 19)
    >>> parse_date("Permanent activity").precision
    'ongoing'
    >>> parse_date("after the elections").parsed
    False
    """
    stripped = " ".join(text.split())
    if stripped in ("NA", "ND", "NR", ""):
        return None
    if _ONGOING.match(stripped):
        return ParsedDate(text, precision="ongoing")
    for kind, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if m:
            try:
                found = _interpret(kind, m)
            except ValueError:  # e.g. 2/30/2019
                found = None
            if found:
                return ParsedDate(text, found[0], found[1], found[2])
    return ParsedDate(text)


def find_dates(text: str) -> list[tuple[int, int, ParsedDate]]:
    """Date expressions inside a longer text, as ``(start, end, parsed)``, in order."""
    out: list[tuple[int, int, ParsedDate]] = []
    if _DIGIT.search(text) is None:  # every form has a digit: most lines end here
        return out
    for m in _FIND.finditer(text):
        parsed = parse_date(text[m.start():m.end()])
        if parsed is not None and parsed.parsed:
            out.append((m.start(), m.end(), parsed))
    return out
