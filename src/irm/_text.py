"""Text normalisation shared by the lexicon scan, milestone extraction and the
graphs: words, accent folding, and composed (NFC) accents."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["WORD", "fold", "composed", "decomposed", "composed_with_origins", "read_text",
           "is_formula", "neutralise_formula"]

#: A word: letters and digits (no underscore). A single character class, so linear time.
WORD = re.compile(r"[^\W_]+")


def fold(token: str) -> str:
    """Lower-case and strip accents (``Información`` -> ``informacion``)."""
    nfkd = unicodedata.normalize("NFKD", token.casefold())
    return "".join(ch for ch in nfkd if not unicodedata.combining(ch))


def decomposed(text: str) -> bool:
    """Whether some accent of ``text`` is a separate combining mark (not NFC)."""
    return not text.isascii() and not unicodedata.is_normalized("NFC", text)


def composed(text: str) -> str:
    """``text`` with its accents composed with their letters (NFC), as the lexicon's
    terms and function words are written; ``text`` itself when it already is."""
    return unicodedata.normalize("NFC", text) if decomposed(text) else text


def composed_with_origins(text: str) -> tuple[str, list[int]]:
    """``text`` in NFC (accents composed with their letters, as the lexicon and the
    function words are written) and, for each of its characters and its end, the
    index in ``text`` where it starts: pasted text may carry its accents as
    separate combining marks ("informacio\u0301n"), which would cut its words.

    Examples
    --------
    >>> composed_with_origins("pu\u0301blica")
    ('pública', [0, 1, 3, 4, 5, 6, 7, 8])
    """
    # a cluster: a character and the combining marks after it (composed together or not)
    starts = [k for k, ch in enumerate(text) if k == 0 or not unicodedata.combining(ch)]
    pieces, origin = [], []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        piece = unicodedata.normalize("NFC", text[a:b])
        pieces.append(piece)
        # the first character took in what composed; the rest are marks left over
        origin.extend([a, *range(b - len(piece) + 1, b)][:len(piece)])
    origin.append(len(text))
    return "".join(pieces), origin


#: line breaks as the text is read: CRLF, a lone CR, and the HTML breaks of the 2016
#: Explorer's full texts are each one LF (the cell itself is never changed)
_BREAK = re.compile(r"\r\n?|<br\s*/?>", re.IGNORECASE)


def read_text(cell: str) -> str:
    """A cell as the estimates read it: every kind of line break one ``\\n``.

    Examples
    --------
    >>> read_text("Publish<br/>the budget\\rquarterly")
    'Publish\\nthe budget\\nquarterly'
    """
    return _BREAK.sub("\n", cell) if ("\r" in cell or "<" in cell) else cell


#: what a spreadsheet reads as a formula when a cell starts with it
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_formula(cell: str) -> bool:
    """Whether a spreadsheet would read ``cell`` as a formula (it starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a CR and is not a plain number).

    Examples
    --------
    >>> is_formula('=HYPERLINK("http://x")'), is_formula("-0.25"), is_formula("Open data")
    (True, False, False)
    """
    return cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(cell)


def neutralise_formula(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a formula gets a leading apostrophe
    (for reports irm writes; an export irm writes back stays as it was)."""
    return "'" + cell if is_formula(cell) else cell
