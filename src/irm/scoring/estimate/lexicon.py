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
from importlib import resources
from typing import Iterator

import attrs

from irm.errors import DataFileError

__all__ = ["Lexicon", "Match", "load_lexicon", "lexicon_from_dict", "fold", "WORD"]

#: A word: letters and digits (no underscore). Possessive-free, so linear time.
WORD = re.compile(r"[^\W_]+")


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
    _cache: dict[str, tuple[str, tuple[int, ...]]] = attrs.field(factory=dict, repr=False)
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

    def _lookup(self, raw: str) -> tuple[str, tuple[int, ...]]:
        """Folded token and the terms that may start at it (cached per raw token)."""
        hit = self._cache.get(raw)
        if hit is not None:
            return hit
        word = fold(raw)
        starts = list(self._exact.get(word, ()))
        for length in self._prefix_lengths:
            if length > len(word):
                break
            starts.extend(self._prefix.get(word[:length], ()))
        result = (word, tuple(sorted(starts)))
        with self._lock:  # the cache is shared by threads; its values are deterministic
            if len(self._cache) < 500_000:
                self._cache[raw] = result
        return result

    def scan(self, text: str) -> Iterator[Match]:
        """Every term occurrence in ``text``, in text order.

        Overlapping terms of different concepts are all reported; time is
        linear in ``len(text)`` (bounded by the longest term's word count).
        """
        tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
        folded = [self._lookup(tok)[0] for tok, _, _ in tokens]
        covered: dict[int, int] = {}  # concept -> token index its last match ran to
        for i, (tok, start, _) in enumerate(tokens):
            best: dict[int, tuple[int, _Term]] = {}
            for index in self._lookup(tok)[1]:
                term = self.terms[index]
                patterns = term.patterns
                last = i + len(patterns) - 1
                if last >= len(tokens) or covered.get(term.concept, -1) >= i:
                    continue
                if all(folded[i + k] == w or (p and folded[i + k].startswith(w))
                       for k, (w, p) in enumerate(patterns[1:], start=1)):
                    if term.concept not in best or best[term.concept][0] < last:
                        best[term.concept] = (last, term)
            # one match per concept and place: the longest term wins
            for concept, (last, term) in sorted(best.items()):
                covered[concept] = last
                yield Match(self.concepts[concept], term.text, start, tokens[last][2])


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
