"""Term matching over whole arrays of tokens: the lexicon's entries numbered once
per language set, then a column of texts matched with numpy, Python touching only
the places where a multi-word term may start.

A text's tokens are looked up in a table (token -> entry number) with one C-level
``map``; what an entry matches on its own (its one-word terms, whether it is a
number) is kept as arrays over entry numbers, so the one-word matches of a whole
column are a few gathers. The rules are those of :meth:`Lexicon.scan_text
<irm.scoring.estimate.lexicon.Lexicon.scan_text>`: one match per concept and
place (the longest term wins), a concept's match never starts inside its previous
one, and matches come in text order (at one place: by concept where the text has
a multi-word match, else in the entry's order).
"""

from __future__ import annotations

from typing import Sequence

import attrs
import numpy as np

#: (folded word, one-word terms as (concept, term index), multi-word term indices,
#:  number kind: 0 a word, 1 a number, 2 a year-like number,
#:  the second words of its multi-word terms: exact ones, then prefixes)
Entry = tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], int, frozenset[str],
              tuple[str, ...]]
#: The entry after the last word (and of symbol-only tokens): nothing matches or continues.
END: Entry = ("", (), (), 0, frozenset(), ())
#: A match: (concept index, term index, start, end).
Hit = tuple[int, int, int, int]

#: entries a table holds before it is started afresh (memory stays bounded on any input)
TABLE_LIMIT = 500_000
#: a pair of entries (a, b) is keyed a * _PAIR + b + 1 (b is -1 after a text's last word)
_PAIR = 1 << 32


class _Ints:
    """A growing int64 array (capacity doubled, so appending is amortised O(1))."""

    def __init__(self) -> None:
        self._data = np.zeros(256, dtype=np.int64)
        self._size = 0

    def extend(self, values: Sequence[int]) -> None:
        need = self._size + len(values)
        if need > len(self._data):
            grown = np.zeros(max(need, 2 * len(self._data)), dtype=np.int64)
            grown[:self._size] = self._data[:self._size]
            self._data = grown
        self._data[self._size:need] = values
        self._size = need

    def view(self) -> np.ndarray:
        return self._data[:self._size]


@attrs.define(eq=False)
class EntryTable:
    """The entries of one language set, numbered, with what each matches alone as arrays.

    ``by_bytes`` numbers the byte path's tokens, ``by_str`` the text path's; both
    point into ``entries``. ``patterns`` and ``concept_of`` are the lexicon's terms."""

    patterns: tuple[tuple[tuple[str, bool], ...], ...]
    concept_of: tuple[int, ...]
    by_bytes: dict[bytes, int] = attrs.field(factory=dict)
    by_str: dict[str, int] = attrs.field(factory=dict)
    entries: list[Entry] = attrs.field(factory=list)
    #: per entry: its first one-word match in ``concepts``/``terms`` (a running sum of
    #: ``singles``, kept so that a one-text scan need not recompute it), how many, kind, multi
    first: _Ints = attrs.field(factory=_Ints)
    singles: _Ints = attrs.field(factory=_Ints)
    kind: _Ints = attrs.field(factory=_Ints)
    multi: _Ints = attrs.field(factory=_Ints)
    concepts: _Ints = attrs.field(factory=_Ints)
    terms: _Ints = attrs.field(factory=_Ints)
    #: pairs of entries told (see :meth:`continued`)
    pairs: dict[int, tuple[int, ...]] = attrs.field(factory=dict)

    def add(self, entry: Entry) -> int:
        """Number a new entry (an entry seen under several tokens gets several numbers)."""
        self.first.extend([len(self.concepts.view())])
        self.singles.extend([len(entry[1])])
        self.kind.extend([entry[3]])
        self.multi.extend([1 if entry[2] else 0])
        self.concepts.extend([c for c, _ in entry[1]])
        self.terms.extend([k for _, k in entry[1]])
        self.entries.append(entry)
        return len(self.entries) - 1

    def continued(self, pairs: np.ndarray) -> list[tuple[int, ...]]:
        """For each pair of entries (keyed as :data:`_PAIR` says), the multi-word terms
        the first may open whose second word the second entry is (told once a pair)."""
        told, patterns = self.pairs, self.patterns
        for key in pairs.tolist():
            if key not in told:
                first, second = divmod(key, _PAIR)
                following = self.entries[second - 1][0] if second else ""
                told[key] = tuple(
                    k for k in self.entries[first][2]
                    if following == patterns[k][1][0]
                    or (patterns[k][1][1] and following.startswith(patterns[k][1][0])))
        return list(map(told.__getitem__, pairs.tolist()))


def match_arrays(table: EntryTable, ids: np.ndarray, text_of: np.ndarray, texts: int,
                 starts: np.ndarray, stops: np.ndarray
                 ) -> tuple[list[list[Hit]], np.ndarray, np.ndarray]:
    """Matches of ``texts`` texts whose tokens are the entries ``ids`` (text ``text_of``,
    ascending; character span ``starts``/``stops`` within the text): each text's hits,
    and its counts of numbers and of year-like numbers."""
    bounds = np.searchsorted(text_of, np.arange(texts + 1))
    first_of, singles_of = table.first.view(), table.singles.view()
    long_hits = _multi_word_hits(table, ids, text_of, bounds)
    # one-word matches: every (token, one-word term) pair, as arrays
    counts = singles_of[ids]
    at = np.flatnonzero(counts)
    repeats = counts[at]
    place = np.repeat(at, repeats)
    rank = np.arange(len(place)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    flat = np.repeat(first_of[ids[at]], repeats) + rank
    concept, term = table.concepts.view()[flat], table.terms.view()[flat]
    last = place
    with_long = np.zeros(texts, dtype=bool)
    if long_hits:
        lc, lk, lf, ll = (np.asarray(column, dtype=np.int64) for column in zip(*long_hits))
        with_long[text_of[lf]] = True
        # a concept's one-word matches inside its multi-word match are not matches
        span = ll - lf + 1
        inside = (np.repeat(lc * len(ids) + lf, span)
                  + np.arange(int(span.sum())) - np.repeat(np.cumsum(span) - span, span))
        keep = ~np.isin(concept * len(ids) + place, inside)
        concept, term, place, rank = concept[keep], term[keep], place[keep], rank[keep]
        secondary = np.where(with_long[text_of[place]], concept, rank)
        concept, term = np.concatenate([concept, lc]), np.concatenate([term, lk])
        last = np.concatenate([place, ll])
        place, secondary = np.concatenate([place, lf]), np.concatenate([secondary, lc])
    else:
        secondary = rank
    order = np.lexsort((secondary, place))
    place, last = place[order], last[order]
    hits = list(zip(concept[order].tolist(), term[order].tolist(),
                    starts[place].tolist(), stops[last].tolist()))
    cuts = np.searchsorted(text_of[place], np.arange(texts + 1)).tolist()
    kinds = table.kind.view()[ids]
    numbers = np.bincount(text_of, weights=kinds > 0, minlength=texts).astype(np.int64)
    years = np.bincount(text_of, weights=kinds == 2, minlength=texts).astype(np.int64)
    return [hits[a:b] for a, b in zip(cuts[:-1], cuts[1:])], numbers, years


def _multi_word_hits(table: EntryTable, ids: np.ndarray, text_of: np.ndarray,
                     bounds: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Multi-word matches as (concept, term, first token, last token), checked only
    where the next word of the same text can continue a term."""
    places = np.flatnonzero(table.multi.view()[ids])
    if not len(places):
        return []
    entries, numbers = table.entries, ids.tolist()
    patterns, concept_of = table.patterns, table.concept_of
    ends = bounds[text_of[places] + 1]
    # where the next word can continue one of the terms (a pair of entries, told once)
    following = np.where(places + 1 < ends, ids[np.minimum(places + 1, len(ids) - 1)], -1)
    pairs, inverse = np.unique(ids[places] * _PAIR + following + 1, return_inverse=True)
    opened = table.continued(pairs)
    inverse = inverse.reshape(-1)
    keep = np.fromiter(map(bool, opened), dtype=bool, count=len(opened))[inverse]
    places, ends, inverse = places[keep], ends[keep].tolist(), inverse[keep].tolist()
    found: list[tuple[int, int, int, int]] = []
    covered: dict[int, int] = {}
    text_end = -1
    for i, end, pair in zip(places.tolist(), ends, inverse):
        if end != text_end:  # a new text
            covered, text_end = {}, end
        best: dict[int, tuple[int, int]] = {}
        for index in opened[pair]:
            concept, words = concept_of[index], patterns[index]
            last = i + len(words) - 1
            if last >= end or covered.get(concept, -1) >= i:
                continue
            for k, (w, p) in enumerate(words[2:], start=2):
                f = entries[numbers[i + k]][0]
                if not (f == w or (p and f.startswith(w))):
                    break
            else:
                if concept not in best or best[concept][0] < last:
                    best[concept] = (last, index)
        for concept, (last, index) in best.items():
            covered[concept] = last
            found.append((concept, index, i, last))
    return found
