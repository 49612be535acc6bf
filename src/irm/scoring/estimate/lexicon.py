"""The lexicon engine: versioned term lists compiled once, matched in one pass.

Terms live in a data file (``irm/data/lexicon.json``) grouped by concept and
language. A term is a sequence of word patterns; ``publish*`` matches any
word starting with ``publish``. Text is split into word tokens once (a
linear-time regular expression with no backtracking), each distinct token is
accent-folded and looked up once per batch (a cache), and multi-word terms are
checked on the following tokens, so matching is linear in the text's length.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import unicodedata
from collections import Counter
from itertools import accumulate
from operator import itemgetter
from importlib import resources
from typing import Iterator

import attrs

from irm.errors import DataFileError

__all__ = ["Lexicon", "Match", "load_lexicon", "lexicon_from_dict", "fold", "WORD"]

#: A word: letters and digits (no underscore). A single character class, so linear time.
WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
#: (folded word, one-word terms as (concept, term index), multi-word term indices,
#:  number kind: 0 a word, 1 a number, 2 a year-like number)
_Entry = tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], int]


def fold(token: str) -> str:
    """Lower-case and strip accents (``Información`` -> ``informacion``)."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@attrs.frozen
class Match:
    """One term found in a text: its concept, the term, and the character span."""

    concept: str
    term: str
    start: int
    end: int


@attrs.frozen
class _Term:
    concept: int
    text: str
    patterns: tuple[tuple[str, bool], ...]  # (folded word, is_prefix)


def _compile_term(concept: int, text: str) -> _Term:
    """``co-creat*`` -> (("co", False), ("creat", True)): words split as text is."""
    parts = [p for p in re.split(r"[^\w*]+", fold(text)) if p.strip("*")]
    return _Term(concept, text, tuple((p.rstrip("*"), p.endswith("*")) for p in parts))


@attrs.define(eq=False)
class Lexicon:
    """A compiled lexicon.

    Use :func:`load_lexicon`; :meth:`scan` yields the matches in a text.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> [(m.concept, m.term) for m in lex.scan("Publicar datos abiertos")][:2]
    [('disclosure', 'public*'), ('open_data', 'datos abiertos')]
    """

    name: str
    version: str
    concepts: tuple[str, ...]
    descriptions: dict[str, str]
    terms: tuple[_Term, ...]
    #: estimate -> {"concepts": [...], "fields": [...]}: the features it may use
    estimates: dict[str, dict[str, tuple[str, ...]]] = attrs.field(factory=dict)
    _exact: dict[str, list[int]] = attrs.field(factory=dict, repr=False)
    _prefix: dict[str, list[int]] = attrs.field(factory=dict, repr=False)
    _prefix_lengths: tuple[int, ...] = attrs.field(default=(), repr=False)
    _cache: dict[str, _Entry] = attrs.field(factory=dict, repr=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    def __attrs_post_init__(self) -> None:
        lengths = set()
        for index, term in enumerate(self.terms):
            word, is_prefix = term.patterns[0]
            if is_prefix:
                self._prefix.setdefault(word, []).append(index)
                lengths.add(len(word))
            else:
                self._exact.setdefault(word, []).append(index)
        self._prefix_lengths = tuple(sorted(lengths))

    def _entry(self, raw: str) -> _Entry:
        """What may start at a raw token: its folded form, the one-word terms
        it matches (one per concept) and the multi-word terms it may open."""
        word = fold(raw)
        starts = list(self._exact.get(word, ()))
        for length in self._prefix_lengths:
            if length > len(word):
                break
            starts.extend(self._prefix.get(word[:length], ()))
        singles: dict[int, int] = {}
        multis = []
        for index in sorted(starts):
            term = self.terms[index]
            if len(term.patterns) == 1:
                singles.setdefault(term.concept, index)
            else:
                multis.append(index)
        number = 0
        if word.isdigit():
            number = 2 if len(word) == 4 and word[:2] in ("19", "20") else 1
        entry = (word, tuple(singles.items()), tuple(multis), number)
        with self._lock:  # the cache is shared by threads; its values are deterministic
            if len(self._cache) < 500_000:
                self._cache[raw] = entry
        return entry

    def scan_spans(self, text: str) -> list[tuple[int, int, int, int]]:
        """Matches as ``(concept index, term index, start, end)``, in text order."""
        return self.scan_text(text)[0]

    def scan_text(self, text: str) -> tuple[list[tuple[int, int, int, int]], int, int]:
        """Matches as ``(concept index, term index, start, end)`` in text order,
        and the counts of numbers and of year-like numbers among the words.

        One match per concept and place (the longest term wins); a concept's
        match never starts inside its previous one. Linear in ``len(text)``:
        a single split into words, one cached lookup per word, and a bounded
        check of the following words for multi-word terms.
        """
        parts = _SPLIT.split(text)
        tokens = parts[1::2]
        entries = list(map(self._cache.get, tokens))
        if None in entries:
            entries = [e if e is not None else self._entry(t) for e, t in zip(entries, tokens)]
        n = len(tokens)
        hits: list[tuple[int, int, int, int]] = []
        covered: dict[int, int] = {}
        ends: list[int] | None = None
        for i in [i for i, e in enumerate(entries) if e[1] or e[2]]:  # type: ignore[index]
            _, singles, multis, _ = entries[i]  # type: ignore[misc]
            best: dict[int, tuple[int, int]] = {}
            for index in multis:
                term = self.terms[index]
                last = i + len(term.patterns) - 1
                if last >= n or covered.get(term.concept, -1) >= i:
                    continue
                for k, (w, p) in enumerate(term.patterns[1:], start=1):
                    f = entries[i + k][0]  # type: ignore[index]
                    if not (f == w or (p and f.startswith(w))):
                        break
                else:
                    if term.concept not in best or best[term.concept][0] < last:
                        best[term.concept] = (last, index)
            for concept, index in singles:
                if concept not in best and covered.get(concept, -1) < i:
                    best[concept] = (i, index)
            if best:
                if ends is None:
                    ends = list(accumulate(map(len, parts)))
                for concept, (last, index) in best.items():
                    covered[concept] = last
                    hits.append((concept, index, ends[2 * i], ends[2 * last + 1]))
        kinds = Counter(map(itemgetter(3), entries))  # type: ignore[arg-type]
        return hits, kinds[1] + kinds[2], kinds[2]

    def scan(self, text: str) -> Iterator[Match]:
        """Every term occurrence in ``text``, in text order, as :class:`Match` values."""
        for concept, index, start, end in self.scan_spans(text):
            yield Match(self.concepts[concept], self.terms[index].text, start, end)


def lexicon_from_dict(doc: dict, source: str = "<lexicon>") -> Lexicon:  # type: ignore[type-arg]
    """Compile a lexicon document (as read from its JSON file)."""
    try:
        concepts = tuple(doc["concepts"])
        terms = []
        seen: set[tuple[int, str]] = set()
        for index, name in enumerate(concepts):
            for language_terms in doc["concepts"][name]["terms"].values():
                for text in language_terms:
                    term = _compile_term(index, text)
                    key = (index, " ".join(w + ("*" if p else "") for w, p in term.patterns))
                    if term.patterns and key not in seen:
                        seen.add(key)
                        terms.append(term)
        descriptions = {n: doc["concepts"][n].get("description", "") for n in concepts}
        estimates = {}
        for target, rule in doc.get("estimates", {}).items():
            if target.startswith("_"):
                continue
            unknown = set(rule["concepts"]) - set(concepts)
            if unknown:
                raise DataFileError(f"estimate {target!r} names unknown concepts "
                                    f"{sorted(unknown)}", file=source)
            estimates[target] = {"concepts": tuple(rule["concepts"]),
                                 "fields": tuple(rule["fields"])}
        return Lexicon(doc["name"], str(doc["version"]), concepts, descriptions, tuple(terms),
                       estimates)
    except (KeyError, TypeError, AttributeError) as err:
        raise DataFileError(f"not a lexicon file ({err})", file=source) from err


@functools.lru_cache(maxsize=None)
def _bundled() -> Lexicon:
    text = resources.files("irm.data").joinpath("lexicon.json").read_text("utf-8")
    return lexicon_from_dict(json.loads(text), "irm/data/lexicon.json")


def load_lexicon() -> Lexicon:
    """The bundled lexicon (read a file of your own with :func:`irm.io.read_lexicon`)."""
    return _bundled()
