"""The lexicon engine: versioned term lists compiled once, matched in one pass.

Terms live in a data file (``irm/data/lexicon.json``) grouped by concept and
language. A term is a sequence of word patterns; ``publish*`` matches any
word starting with ``publish``. A column of texts is split into word tokens in
one pass, each distinct token is accent-folded and looked up once (a table per
language set), and the matches are found on arrays, multi-word terms checked
only where the next word can continue one (:mod:`.matching`): linear in the
texts' length.

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
from itertools import accumulate, repeat
from typing import Iterator, Sequence

import attrs
import numpy as np

from irm._text import WORD, composed, composed_with_origins, decomposed, fold
from irm.errors import InvalidValueError
from irm.models.lexicon import LexiconDefinition, lexicon_definition, load_lexicon_definition
from irm.scoring.estimate.matching import (END, TABLE_LIMIT, Entry, EntryTable, Hit,
                                           match_arrays)

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


#: characters :meth:`Lexicon.scan_many` joins into one buffer at a time (its arrays
#: take some 40 bytes a character, so memory stays near 100 MB on any column)
BATCH_CHARS = 2_500_000

#: a Latin letter, as the byte path lower-cases and keeps them (accented ones are UTF-8
#: bytes beside ASCII letters in the same word, so an ASCII letter tells Latin script)
_LATIN = re.compile(rb"[a-z]")
#: accented Latin letters (Latin-1 Supplement and Latin Extended), for words of no ASCII letter
_LATIN_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


def _blank(match: re.Match[bytes]) -> bytes:
    return b" " * (match.end() - match.start())


#: A scanned text: its matches as (concept index, term index, start, end), its counts of
#: numbers and of year-like numbers, and the bit set of the languages it was read in.
Scan = tuple[list[Hit], int, int, int]


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

    def of_texts(self, tokens: list[bytes], text_of: np.ndarray, texts: int
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Bit set of the languages of each of ``texts`` texts, from their lower-cased
        word tokens (token ``j`` is text ``text_of[j]``'s): :data:`ALL_LANGUAGES` where
        too few function words tell. Also each text's count of function words."""
        values = sorted(set(self.words.values()))
        bits = np.fromiter(map(self.words.get, tokens, repeat(0)), dtype=np.int64,
                           count=len(tokens))
        code = np.zeros(len(tokens), dtype=np.int64)
        for k, bit in enumerate(values, start=1):
            code[bits == bit] = k
        width = len(values) + 1
        counts = np.bincount(text_of * width + code, minlength=texts * width
                             ).reshape(texts, width)[:, 1:]
        total = counts.sum(axis=1)
        top = counts.max(axis=1) if values else np.zeros(texts, dtype=np.int64)
        told = (counts > 0) & (counts >= self.share * top[:, None])
        guessed = (told * np.asarray(values, dtype=np.int64)).sum(axis=1)
        guessed[total < self.min_words] = ALL_LANGUAGES
        return guessed, total

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
    #: per language set: its entries, numbered by token (see :mod:`.matching`)
    _tables: dict[int, EntryTable] = attrs.field(factory=dict, repr=False)
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

    def _table_of(self, languages: int) -> EntryTable:
        """The entry table of a language set (started afresh past :data:`TABLE_LIMIT`).
        Call with the lock held."""
        table = self._tables.get(languages)
        if table is None or len(table.entries) > TABLE_LIMIT:
            table = self._tables[languages] = EntryTable(
                tuple(term.patterns for term in self.terms),
                tuple(term.concept for term in self.terms))
        return table

    def _entry(self, raw: str, languages: int = ALL_LANGUAGES) -> Entry:
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
        return (word, tuple(singles.items()), tuple(multis), number, seconds, second_prefixes)

    def _byte_entry(self, token: bytes, languages: int) -> Entry | None:
        """Entry of a token of the byte path; None when the token is not exactly
        one word (non-ASCII punctuation in it), which sends the text to the str path."""
        text = token.decode("utf-8", "replace")
        words = WORD.findall(text)
        if words == [text]:
            return self._entry(text, languages)
        return None if words else END  # only symbols: a separator that matches nothing

    def scan_spans(self, text: str) -> list[Hit]:
        """Matches as ``(concept index, term index, start, end)``, in text order."""
        return self.scan_text(text)[0]

    def languages_of(self, text: str) -> int:
        """Bit set of the languages ``text`` is guessed to be in (see :class:`LanguageGuess`)."""
        tokens = self._tokens(composed(text))[2]
        return int(self._languages_many(tokens, np.array([0, len(tokens)]),
                                        np.zeros(len(tokens), dtype=np.int64),
                                        np.array([ALL_LANGUAGES]), prose=False)[0])

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
        match never starts inside its previous one. Linear in ``len(text)``;
        :meth:`scan_many` scans a column at once, faster. Text whose accents are
        separate combining marks is read composed, with spans in ``text``.
        """
        return self.scan_many([text], fallbacks=[fallback], prose=prose)[0]

    def scan_many(self, texts: Sequence[str], *, fallbacks: Sequence[int] | None = None,
                  prose: bool = False) -> list[Scan]:
        """:meth:`scan_text` of each text (``fallbacks``: each one's fallback language
        set, :data:`ALL_LANGUAGES` when omitted), all at once: the texts are joined
        into one buffer, split into words in one pass (bytes, with ASCII case and
        punctuation mapped in a single translate), looked up in one cached pass per
        language set and matched on arrays (:func:`.matching.match_arrays`). A
        text's result does not depend on the others. Memory is bounded: a long
        column is scanned :data:`BATCH_CHARS` characters at a time."""
        if fallbacks is not None and len(fallbacks) != len(texts):
            raise InvalidValueError("fallbacks do not match the texts",
                                    expected=f"one fallback per text ({len(texts)})",
                                    got=len(fallbacks))
        fallback = np.asarray([ALL_LANGUAGES] * len(texts) if fallbacks is None else fallbacks,
                              dtype=np.int64)
        scans: list[Scan] = []
        first, size = 0, 0
        for i, text in enumerate(texts):
            size += len(text)
            if size >= BATCH_CHARS or i == len(texts) - 1:
                scans.extend(self._scan_batch(texts[first:i + 1], fallback[first:i + 1], prose))
                first, size = i + 1, 0
        return scans

    def _scan_batch(self, texts: Sequence[str], fallback: np.ndarray, prose: bool
                    ) -> list[Scan]:
        m = len(texts)
        plain, origins = list(texts), {}
        for i, text in enumerate(texts):
            if decomposed(text):  # read composed, spans mapped back at the end
                plain[i], origins[i] = composed_with_origins(text)
        raws = [text.encode("utf-8") for text in plain]
        raw = b" ".join(raws)
        low = raw.translate(_BYTE_TABLE)
        wide = not raw.isascii()
        if wide:  # same-length blanks keep byte offsets
            low = _WIDE_MARKS.sub(_blank, low)
        tokens = low.split()
        begins = np.zeros(m + 1, dtype=np.int64)
        np.cumsum([len(r) + 1 for r in raws], out=begins[1:])
        edges = np.flatnonzero(np.diff((np.frombuffer(low, dtype=np.uint8) != 32).view(np.int8),
                                       prepend=0, append=0))
        starts, stops = edges[0::2], edges[1::2]
        bounds = np.searchsorted(starts, begins)
        text_of = np.repeat(np.arange(m, dtype=np.int64), np.diff(bounds))
        if wide:  # byte offsets -> character offsets
            lead = (np.frombuffer(raw, dtype=np.uint8) & 0xC0) != 0x80
            chars = np.concatenate(([0], np.cumsum(lead)))
            starts, stops = chars[starts], chars[stops]
            begins = chars[np.minimum(begins, len(raw))]
        starts, stops = starts - begins[text_of], stops - begins[text_of]
        languages = self._languages_many(tokens, bounds, text_of, fallback, prose)
        out: list[Scan | None] = [None] * m
        for group in np.unique(languages).tolist():
            self._scan_group(group, plain, tokens, text_of, starts, stops,
                             np.flatnonzero(languages == group), out)
        scans: list[Scan] = out  # type: ignore[assignment]
        for i, origin in origins.items():
            hits, numbers, years, read_in = scans[i]
            scans[i] = ([(c, k, origin[a], origin[b]) for c, k, a, b in hits],
                        numbers, years, read_in)
        return scans

    def _languages_many(self, tokens: list[bytes], bounds: np.ndarray, text_of: np.ndarray,
                        fallback: np.ndarray, prose: bool) -> np.ndarray:
        """The languages each text is read in: its guessed ones, else its fallback;
        none where a text of no fallback is of another script or (``prose``) has
        almost no function word (:meth:`LanguageGuess.foreign`)."""
        guess = self.guess
        if guess is None:
            return fallback.copy()
        guessed, total = guess.of_texts(tokens, text_of, len(fallback))
        languages = np.where(guessed == ALL_LANGUAGES, fallback, guessed)
        cuts = bounds.tolist()
        unknown = (guessed == ALL_LANGUAGES) & (fallback == ALL_LANGUAGES)
        for i in np.flatnonzero(unknown).tolist():
            if guess.other_script(tokens[cuts[i]:cuts[i + 1]]):
                languages[i] = NO_LANGUAGE  # words of another script, whatever the length
        if prose:  # the quick test of foreign() on arrays; the full one where it may hold
            length = np.diff(bounds)
            maybe = ((fallback == ALL_LANGUAGES) & (length >= guess.foreign_words)
                     & (total < guess.foreign_share * length))
            for i in np.flatnonzero(maybe).tolist():
                if guess.foreign(tokens[cuts[i]:cuts[i + 1]]):
                    languages[i] = NO_LANGUAGE
        return languages

    def _scan_group(self, languages: int, texts: list[str], tokens: list[bytes],
                    text_of: np.ndarray, starts: np.ndarray, stops: np.ndarray,
                    members: np.ndarray, out: list[Scan | None]) -> None:
        """Scan the texts ``members`` (all read in ``languages``) into ``out``."""
        if len(members) == len(out):
            at = np.arange(len(tokens))
            mine = tokens
        else:
            at = np.flatnonzero(np.isin(text_of, members))
            mine = [tokens[j] for j in at.tolist()]
        with self._lock:  # tables are shared by threads; entries are deterministic
            table = self._table_of(languages)
            ids = np.fromiter(map(table.by_bytes.get, mine, repeat(-1)), dtype=np.int64,
                              count=len(mine))
            to_str: set[int] = set()
            for j in np.flatnonzero(ids < 0).tolist():
                number = table.by_bytes.get(mine[j])
                if number is None:
                    entry = self._byte_entry(mine[j], languages)
                    if entry is None:  # not exactly one word: its text takes the str path
                        to_str.add(int(text_of[at[j]]))
                        continue
                    number = table.by_bytes[mine[j]] = table.add(entry)
                ids[j] = number
            rest = members
            if to_str:
                keep = ~np.isin(text_of[at], sorted(to_str))
                at, ids = at[keep], ids[keep]
                rest = members[~np.isin(members, sorted(to_str))]
            hits, numbers, years = match_arrays(table, ids, np.searchsorted(rest, text_of[at]),
                                                len(rest), starts[at], stops[at])
        for i in sorted(to_str):
            out[i] = self._scan_str(texts[i], languages)
        for k, i in enumerate(rest.tolist()):
            out[i] = (hits[k], int(numbers[k]), int(years[k]), languages)

    def _scan_str(self, text: str, languages: int | None = None) -> Scan:
        """The same scan on str tokens, for texts the byte path cannot split
        (``languages``: the text's, guessed when not given)."""
        if languages is None:
            languages = self.languages_of(text)
        parts = _SPLIT.split(text)
        tokens = parts[1::2]
        ends = list(accumulate(map(len, parts)))
        with self._lock:
            table = self._table_of(languages)
            ids = []
            for token in tokens:
                number = table.by_str.get(token)
                if number is None:
                    number = table.by_str[token] = table.add(self._entry(token, languages))
                ids.append(number)
            hits, numbers, years = match_arrays(
                table, np.asarray(ids, dtype=np.int64), np.zeros(len(tokens), dtype=np.int64), 1,
                np.asarray(ends[0:-1:2], dtype=np.int64), np.asarray(ends[1::2], dtype=np.int64))
        return hits[0], int(numbers[0]), int(years[0]), languages

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
