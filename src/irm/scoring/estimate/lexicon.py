"""The lexicon engine: versioned term lists compiled once, matched in one pass.

Terms live in a data file (``irm/data/lexicon.json``) grouped by concept and
language. A term is a sequence of word patterns; ``publish*`` matches any
word starting with ``publish``. Text is split into word tokens once (a
linear-time regular expression with no backtracking), each distinct token is
accent-folded and looked up once per batch (a cache), and multi-word terms are
checked on the following tokens, so matching is linear in the text's length.

Terms are listed by language. A text's language is guessed from its function
words (``the``, ``los``, ``des``, ...): a term matches only texts of its
language (terms listed under ``any`` match every text), so a word of one
language does not fire on a look-alike of another (French *engagement* is a
commitment, not civic engagement). A text too short to tell is matched by
every term.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from itertools import accumulate
from operator import itemgetter
from typing import Iterator

import attrs
import numpy as np

from irm._text import WORD, composed, composed_with_origins, decomposed, fold
from irm.models.lexicon import LexiconDefinition, lexicon_definition, load_lexicon_definition

__all__ = ["Lexicon", "Match", "LanguageGuess", "ALL_LANGUAGES", "NO_LANGUAGE", "NONE_OF_THEM",
           "compile_lexicon", "load_lexicon", "lexicon_from_dict", "fold", "composed", "WORD"]

_SPLIT = re.compile(r"([^\W_]+)")
#: ASCII letters and digits lower-cased, other ASCII bytes blanked, UTF-8 bytes kept.
_BYTE_TABLE = bytes(
    (ord(chr(b).lower()) if chr(b).isalnum() else 32) if b < 128 else b for b in range(256)
)
#: Non-ASCII punctuation common in pasted plan text, blanked on the byte path:
#: general punctuation (U+2010-U+205E), Latin-1 punctuation and symbols, arrows,
#: geometric shapes (bullets) and the Symbol-font private-use bullets Word pastes.
_WIDE_MARKS = re.compile(
    rb"\xe2\x80[\x90-\xbf]|\xe2\x81[\x80-\x9e]|\xc2[\xa0-\xbf]|\xc3[\x97\xb7]"
    rb"|\xe2\x86[\x90-\xbf]|\xe2\x96[\xa0-\xbf]|\xe2\x97[\x80-\xbf]|\xef[\x80-\x83][\x80-\xbf]"
)


#: a Latin letter, as the byte path lower-cases and keeps them (accented ones are UTF-8
#: bytes beside ASCII letters in the same word, so an ASCII letter tells Latin script)
_LATIN = re.compile(rb"[a-z]")
#: accented Latin letters (Latin-1 Supplement and Latin Extended), for words of no ASCII letter
_LATIN_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


def _blank(match: re.Match[bytes]) -> bytes:
    return b" " * (match.end() - match.start())


#: (folded word, one-word terms as (concept, term index), multi-word term indices,
#:  number kind: 0 a word, 1 a number, 2 a year-like number,
#:  the second words of its multi-word terms: exact ones, then prefixes)
_Entry = tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], int, frozenset[str],
               tuple[str, ...]]
#: The entry after the last word (and of symbol-only tokens): nothing matches or continues.
_END: _Entry = ("", (), (), 0, frozenset(), ())
#: A scanned text: its matches as (concept index, term index, start, end), its counts of
#: numbers and of year-like numbers, and the bit set of the languages it was read in.
Scan = tuple[list[tuple[int, int, int, int]], int, int, int]


@attrs.frozen
class Match:
    """One term found in a text: its concept, the term, and the character span."""

    concept: str
    term: str
    start: int
    end: int


#: languages of a text whose language cannot be told (and of terms under 'any'): all bits
ALL_LANGUAGES = -1
#: languages of a text in none of the lexicon's languages: no term matches it
NO_LANGUAGE = 0
#: how the languages of ALL_LANGUAGES and NO_LANGUAGE are named in the evidence
NOT_TOLD, NONE_OF_THEM = "any", "none"


@attrs.frozen
class _Term:
    concept: int
    text: str
    patterns: tuple[tuple[str, bool], ...]  # (folded word, is_prefix)
    languages: int = ALL_LANGUAGES  # bit set of the languages whose texts it matches


def _compile_term(concept: int, text: str, languages: int = ALL_LANGUAGES) -> _Term:
    """``co-creat*`` -> (("co", False), ("creat", True)): words split as text is."""
    parts = [p for p in re.split(r"[^\w*]+", fold(text)) if p.strip("*")]
    return _Term(concept, text, tuple((p.rstrip("*"), p.endswith("*")) for p in parts),
                 languages)


@attrs.frozen
class LanguageGuess:
    """Which languages a text is in, from counts of each language's function words."""

    languages: tuple[str, ...]
    #: lower-cased function word (as the byte path's tokens) -> language bit
    words: dict[bytes, int] = attrs.field(repr=False)
    min_words: int = 3
    share: float = 0.25
    #: prose of at least ``foreign_words`` words (numbers aside) of which fewer than
    #: ``foreign_share`` are function words is in none of the languages (prose in them
    #: runs at 9% or more in OGP's dev file; in another script, 0%)
    foreign_words: int = 20
    foreign_share: float = 0.03

    def of_tokens(self, tokens: list[bytes]) -> int:
        """Bit set of the languages of a text's lower-cased word tokens
        (:data:`ALL_LANGUAGES` when too few function words tell)."""
        counts = Counter(map(self.words.get, tokens))
        counts.pop(None, None)
        if sum(counts.values()) < self.min_words:
            return ALL_LANGUAGES
        top = max(counts.values())
        return sum(bit for bit, n in counts.items() if n >= self.share * top)  # type: ignore[misc]

    def foreign(self, tokens: list[bytes]) -> bool:
        """Whether prose of these tokens is in none of the languages: long enough
        to tell, and almost no function word."""
        if len(tokens) < self.foreign_words:
            return False
        found = sum(map(self.words.__contains__, tokens))
        if found >= self.foreign_share * len(tokens):  # prose in a language: one quick pass
            return False
        words = len(tokens) - sum(map(bytes.isdigit, tokens))
        return words >= self.foreign_words and found < self.foreign_share * words

    def other_script(self, tokens: list[bytes]) -> bool:
        """Whether the words are mostly of another script than the languages' (Georgian,
        Ukrainian, ...): at least three words without a Latin letter, and half of the words
        or more. Unlike :meth:`foreign`, it tells a text of any length (an 11-word
        Georgian text is not a guess from the baseline)."""
        other = sum(1 for t in tokens if not t.isdigit() and not _LATIN.search(t)
                    and not _LATIN_ACCENTED.search(t.decode("utf-8", "ignore")))
        return other >= 3 and other >= 0.5 * len(tokens)

    def names(self, languages: int) -> list[str]:
        """The language codes of a bit set; ``["any"]`` for ALL_LANGUAGES (not told),
        ``["none"]`` for NO_LANGUAGE (none of the lexicon's languages)."""
        if languages == ALL_LANGUAGES:
            return [NOT_TOLD]
        if languages == NO_LANGUAGE:
            return [NONE_OF_THEM]
        return [code for k, code in enumerate(self.languages) if languages & (1 << k)]


@attrs.define(eq=False)
class Lexicon:
    """A compiled lexicon.

    Use :func:`load_lexicon`; :meth:`scan` yields the matches in a text.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> [(m.concept, m.term) for m in lex.scan("Publicar datos abiertos")][:2]
    [('disclosure', 'publicar*'), ('open_data', 'datos abiertos')]
    """

    name: str
    version: str
    concepts: tuple[str, ...]
    descriptions: dict[str, str]
    terms: tuple[_Term, ...]
    #: estimate -> {"concepts": [...], "fields": [...]}: the features it may use
    estimates: dict[str, dict[str, tuple[str, ...]]] = attrs.field(factory=dict)
    #: None: no guessing, every term matches every text
    guess: LanguageGuess | None = None
    #: the definition's digest (see :class:`~irm.models.lexicon.LexiconDefinition`)
    digest: str = ""
    #: what it was compiled from (picklable, for worker processes)
    definition: LexiconDefinition | None = attrs.field(default=None, repr=False)
    _exact: dict[str, list[int]] = attrs.field(factory=dict, repr=False)
    _prefix: dict[str, list[int]] = attrs.field(factory=dict, repr=False)
    _prefix_lengths: tuple[int, ...] = attrs.field(default=(), repr=False)
    #: per language set: raw token -> entry, and byte token -> entry
    _caches: dict[int, tuple[dict[str, _Entry], dict[bytes, _Entry]]] = attrs.field(
        factory=dict, repr=False)
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

    def _cache_of(self, languages: int) -> tuple[dict[str, _Entry], dict[bytes, _Entry]]:
        cache = self._caches.get(languages)
        if cache is None:
            with self._lock:
                cache = self._caches.setdefault(languages, ({}, {}))
        return cache

    def _entry(self, raw: str, languages: int = ALL_LANGUAGES) -> _Entry:
        """What may start at a raw token in a text of ``languages``: its folded
        form, the one-word terms it matches (one per concept) and the
        multi-word terms it may open."""
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
            if not term.languages & languages:
                continue
            if len(term.patterns) == 1:
                singles.setdefault(term.concept, index)
            else:
                multis.append(index)
        number = 0
        if word.isdigit():
            number = 2 if len(word) == 4 and word[:2] in ("19", "20") else 1
        seconds = frozenset(self.terms[k].patterns[1][0] for k in multis
                            if not self.terms[k].patterns[1][1])
        second_prefixes = tuple(sorted({self.terms[k].patterns[1][0] for k in multis
                                        if self.terms[k].patterns[1][1]}))
        entry = (word, tuple(singles.items()), tuple(multis), number, seconds, second_prefixes)
        cache = self._cache_of(languages)[0]
        with self._lock:  # the cache is shared by threads; its values are deterministic
            if len(cache) < 500_000:
                cache[raw] = entry
        return entry

    def scan_spans(self, text: str) -> list[tuple[int, int, int, int]]:
        """Matches as ``(concept index, term index, start, end)``, in text order."""
        return self.scan_text(text)[0]

    def _byte_entry(self, token: bytes, languages: int) -> _Entry | None:
        """Entry of a token of the byte path; None when the token is not exactly
        one word (non-ASCII punctuation in it), which sends the text to the str path."""
        text = token.decode("utf-8", "replace")
        words = WORD.findall(text)
        if words == [text]:
            entry = self._entry(text, languages)
        elif not words:  # only symbols: a separator that matches nothing
            entry = _END
        else:
            return None
        cache = self._cache_of(languages)[1]
        with self._lock:
            if len(cache) < 500_000:
                cache[token] = entry
        return entry

    def languages_of(self, text: str) -> int:
        """Bit set of the languages ``text`` is guessed to be in (see :class:`LanguageGuess`)."""
        return self._languages(self._tokens(composed(text))[2])

    def language_names(self, languages: int) -> list[str]:
        """The codes of a language bit set; ``["any"]`` for a text whose language
        could not be told (too few function words, or a lexicon without a
        guess), which every term matches; ``["none"]`` for prose in none of
        the languages, which no term matches.

        Examples
        --------
        >>> lex = load_lexicon()
        >>> lex.language_names(lex.languages_of("the register of the courts and the laws"))
        ['en']
        >>> lex.language_names(lex.languages_of("Open data"))
        ['any']
        """
        return [NOT_TOLD] if self.guess is None else self.guess.names(languages)

    def _languages(self, tokens: list[bytes], fallback: int = ALL_LANGUAGES) -> int:
        guessed = ALL_LANGUAGES if self.guess is None else self.guess.of_tokens(tokens)
        if guessed == ALL_LANGUAGES and fallback == ALL_LANGUAGES and self.guess is not None \
                and self.guess.other_script(tokens):
            return NO_LANGUAGE  # words of another script, whatever the text's length
        return fallback if guessed == ALL_LANGUAGES else guessed

    @staticmethod
    def _tokens(text: str) -> tuple[bytes, bytes, list[bytes]]:
        """The text's UTF-8 bytes, their lower-cased form with punctuation
        blanked (same length), and its word tokens."""
        raw = text.encode("utf-8")
        low = raw.translate(_BYTE_TABLE)
        if len(raw) != len(text):  # same-length blanks keep byte offsets
            low = _WIDE_MARKS.sub(_blank, low)
        return raw, low, low.split()

    def scan_text(self, text: str, *, fallback: int = ALL_LANGUAGES,
                  prose: bool = False) -> Scan:
        """Matches as ``(concept index, term index, start, end)`` in text order,
        the counts of numbers and of year-like numbers among the words, and the
        languages the text was read in (a bit set; see :meth:`language_names`):
        its own when it has function words enough to tell, else ``fallback``
        (a title is in the language of its commitment's text). Running ``prose``
        (a full text, not a title or a list of names) with almost no function
        word is in none of the languages: :data:`NO_LANGUAGE`, and nothing matches.

        One match per concept and place (the longest term wins); a concept's
        match never starts inside its previous one. Linear in ``len(text)``:
        one split into words (on bytes, with ASCII case and punctuation mapped
        in a single translate), one cached lookup per word, and a bounded check
        of the following words for multi-word terms. Text whose accents are
        separate combining marks is read composed, with spans in ``text``.
        """
        if decomposed(text):
            nfc, origin = composed_with_origins(text)
            hits, numbers, years, languages = self.scan_text(nfc, fallback=fallback, prose=prose)
            return ([(c, k, origin[start], origin[end]) for c, k, start, end in hits],
                    numbers, years, languages)
        raw, low, tokens = self._tokens(text)
        languages = self._languages(tokens, fallback)
        if prose and fallback == ALL_LANGUAGES and self.guess and self.guess.foreign(tokens):
            languages = NO_LANGUAGE
        entries = list(map(self._cache_of(languages)[1].get, tokens))
        if None in entries:
            entries = [e if e is not None else self._byte_entry(t, languages)
                       for e, t in zip(entries, tokens)]
            if None in entries:
                return self._scan_str(text, languages)
        if not tokens:
            return [], 0, 0, languages
        word = (np.frombuffer(low, dtype=np.uint8) != 32).view(np.int8)
        edges = np.flatnonzero(np.diff(word, prepend=0, append=0))
        starts, stops = edges[0::2], edges[1::2]
        if len(raw) != len(text):  # byte offsets -> character offsets
            lead = (np.frombuffer(raw, dtype=np.uint8) & 0xC0) != 0x80
            chars = np.concatenate(([0], np.cumsum(lead)))
            starts, stops = chars[starts], chars[stops]
        return self._match(entries, starts.tolist(), stops.tolist(),  # type: ignore[arg-type]
                           languages)

    def _scan_str(self, text: str, languages: int | None = None) -> Scan:
        """The same scan on str tokens, for texts the byte path cannot split
        (``languages``: the text's, guessed when not given)."""
        if languages is None:
            languages = self.languages_of(text)
        parts = _SPLIT.split(text)
        tokens = parts[1::2]
        cached = list(map(self._cache_of(languages)[0].get, tokens))
        entries = [e if e is not None else self._entry(t, languages)
                   for e, t in zip(cached, tokens)] if None in cached else cached
        ends = list(accumulate(map(len, parts)))
        return self._match(entries, ends[0:-1:2], ends[1::2], languages)  # type: ignore[arg-type]

    def _match(self, entries: list[_Entry], starts: list[int], stops: list[int],
               languages: int) -> Scan:
        """Hits of a tokenised text: multi-word terms first (checked only where
        the next word can continue one), then one-word terms, with one match per
        concept and place and no match starting inside one of its concept."""
        n = len(entries)
        singles_of = list(map(itemgetter(1), entries))
        multis_of = list(map(itemgetter(2), entries))
        multi_at = []
        for i in [i for i, m in enumerate(multis_of) if m]:
            following = entries[i + 1][0] if i + 1 < n else ""
            _, _, _, _, seconds, prefixes = entries[i]
            if following in seconds or (prefixes and following.startswith(prefixes)):
                multi_at.append(i)
        long_hits: list[tuple[int, int, int, int]] = []
        inside: set[tuple[int, int]] = set()
        covered: dict[int, int] = {}
        terms = self.terms
        for i in multi_at:
            best: dict[int, tuple[int, int]] = {}
            for index in multis_of[i]:
                term = terms[index]
                last = i + len(term.patterns) - 1
                if last >= n or covered.get(term.concept, -1) >= i:
                    continue
                for k, (w, p) in enumerate(term.patterns[1:], start=1):
                    f = entries[i + k][0]
                    if not (f == w or (p and f.startswith(w))):
                        break
                else:
                    if term.concept not in best or best[term.concept][0] < last:
                        best[term.concept] = (last, index)
            for concept, (last, index) in best.items():
                covered[concept] = last
                long_hits.append((concept, index, starts[i], stops[last]))
                inside.update((concept, j) for j in range(i, last + 1))
        if inside:
            hits = [(c, k, starts[i], stops[i]) for i, e in enumerate(singles_of) if e
                    for c, k in e if (c, i) not in inside]
            hits.extend(long_hits)
            hits.sort(key=itemgetter(2, 0))
        else:
            hits = [(c, k, starts[i], stops[i]) for i, e in enumerate(singles_of) if e
                    for c, k in e]
        kinds = Counter(map(itemgetter(3), entries))
        return hits, kinds[1] + kinds[2], kinds[2], languages

    def scan(self, text: str) -> Iterator[Match]:
        """Every term occurrence in ``text``, in text order, as :class:`Match` values."""
        for concept, index, start, end in self.scan_spans(text):
            yield Match(self.concepts[concept], self.terms[index].text, start, end)


def compile_lexicon(definition: LexiconDefinition) -> Lexicon:
    """The matcher of a lexicon definition: its terms compiled, its language guess
    keyed as the scan's tokens are."""
    concepts = definition.concepts
    bits = {code: 1 << k for k, code in enumerate(definition.languages)}
    bits["any"] = ALL_LANGUAGES
    terms: list[_Term] = []
    seen: dict[tuple[int, str], int] = {}  # a term listed in several languages is one term
    for index, name in enumerate(concepts):
        for language, language_terms in definition.terms[name].items():
            for text in language_terms:
                term = _compile_term(index, text, bits[language])
                if not term.patterns:
                    continue
                key = (index, " ".join(w + ("*" if p else "") for w, p in term.patterns))
                if key in seen:
                    first = terms[seen[key]]
                    terms[seen[key]] = attrs.evolve(first, languages=first.languages | term.languages)
                else:
                    seen[key] = len(terms)
                    terms.append(term)
    estimates = {target: dict(rule) for target, rule in definition.estimates.items()}
    return Lexicon(definition.name, definition.version, concepts, dict(definition.descriptions),
                   tuple(terms), estimates, _language_guess(definition, bits),
                   digest=definition.digest, definition=definition)


def lexicon_from_dict(doc: dict, *, source: str = "<lexicon>") -> Lexicon:  # type: ignore[type-arg]
    """Check and compile a lexicon document (as read from its JSON file)."""
    return compile_lexicon(lexicon_definition(doc, source=source))


def _language_guess(definition: LexiconDefinition, bits: dict[str, int]) -> LanguageGuess | None:
    """The definition's language guess with its function words keyed as the byte
    path's tokens (None when it has none)."""
    rule = definition.language_guess
    if rule is None:
        return None
    words = {word.lower().encode("utf-8"): bits[language]
             for language, listed in rule["function_words"].items() for word in listed}
    return LanguageGuess(definition.languages, words, rule["min_words"], rule["share"],
                         rule["foreign_words"], rule["foreign_share"])


@functools.lru_cache(maxsize=None)
def _bundled() -> Lexicon:
    return compile_lexicon(load_lexicon_definition())


def load_lexicon() -> Lexicon:
    """The bundled lexicon, compiled (read a file of your own with
    :func:`irm.io.read_lexicon` and :func:`compile_lexicon`)."""
    return _bundled()
