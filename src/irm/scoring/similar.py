"""Similar commitments across members: an index built once, then each
commitment's nearest neighbours, with what they share and how the IRM rated them.

A commitment is read as two sparse vectors:

- its **words** (title twice, then the full text; words of three letters or more,
  accent-folded, but the lexicon's function words), weighted by sublinear term
  frequency times inverse document frequency over the index, and kept to its :data:`WORDS_KEPT` heaviest words
  (its distinctive vocabulary; OGP boilerplate weighs little and falls off);
- its **concepts**: the lexicon concepts matched in it (``open_data``,
  ``beneficial_ownership``, ...), which the lexicon defines in each of its
  languages, so a Spanish commitment and an English one on the same reform share
  them even when they share no word.

Each part is scaled to unit length and the similarity is
``(1 - CONCEPT_SHARE) * cos(words) + CONCEPT_SHARE * cos(concepts)``: a sum of
one product per shared word or concept, so :meth:`Similarities.shared` lists the
terms a pair shares with their contributions, which add up to the figure.

The search never compares all pairs of words: the index keeps, per word, the
commitments holding it (postings), and a query adds up the products of its own
words' postings. The concept part is one dense product of a handful of columns
per block of queries. Queries run in blocks of fixed size, so memory grows
linearly with the index. Same input, same output: ties are broken by position.

The two settings were fixed before measuring anything against continuity links
or carried-forward flags: 48 words hold the distinctive vocabulary of a
commitment of a few paragraphs, and a quarter of the weight on concepts lets
them decide only where the words do not (another language).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Iterator

import attrs
import numpy as np

from irm._text import WORD, fold, read_text
from irm.errors import InvalidValueError
from irm.models.assessment import Era
from irm.models.columns import ID, OGP_VALUE_COLUMNS
from irm.models.missing import Missing
from irm.models.table import CommitmentTable
from irm.scoring.estimate.lexicon import Lexicon, load_lexicon

__all__ = ["SimilarityIndex", "Similarities", "Neighbour", "build_index", "similar",
           "WORDS_KEPT", "CONCEPT_SHARE", "SIMILARITY_VERSION", "rated_summaries"]

SIMILARITY_VERSION = "2026.12.02"
WORDS_KEPT = 48
CONCEPT_SHARE = 0.25
#: queries x index cells accumulated at once (8 bytes each: 32 MB)
_BLOCK_CELLS = 4_000_000


@attrs.frozen(eq=False)
class _Vectors:
    """Sparse word vectors (CSR by row) and dense concept vectors of some rows."""

    ptr: np.ndarray     # row r's entries are ptr[r]:ptr[r+1]
    terms: np.ndarray   # word ids (index vocabulary; -1: a word the index lacks)
    weights: np.ndarray  # unit length per row (over its kept words)
    concepts: np.ndarray  # (rows, concepts), unit length per row (or zero)


@attrs.frozen(eq=False)
class _Counts:
    """Word and concept counts of some rows: one entry per (row, distinct word)."""

    rows: np.ndarray    # the entry's row
    words: list[str]    # its folded word
    counts: np.ndarray  # how often (title twice)
    concepts: np.ndarray  # (rows, concepts) match counts


def _counts(table: CommitmentTable, lexicon: Lexicon) -> _Counts:
    """Every row's words (title twice, then the full text) and concept matches."""
    titles = table.texts("Commitment Title") if "Commitment Title" in table else [""] * len(table)
    texts = table.texts("Full Text") if "Full Text" in table else [""] * len(table)
    # the lexicon's function words ("the", "para", "dans") say nothing of a reform
    function_words = {w.decode("utf-8", "replace") for w in lexicon.guess.words} \
        if lexicon.guess is not None else set()
    folded: dict[str, str] = {w: "" for w in function_words}
    rows: list[int] = []
    words: list[str] = []
    counts: list[int] = []
    hit_rows: list[int] = []
    hit_concepts: list[int] = []
    read = [(read_text(title), read_text(text)) for title, text in zip(titles, texts)]
    scans = lexicon.scan_many([f"{title}\n{text}" for title, text in read])
    for row, (title, text) in enumerate(read):
        merged: dict[str, int] = {}
        for raw, count in Counter(WORD.findall(f"{title}\n{title}\n{text}")).items():
            word = folded.get(raw)
            if word is None:
                word = fold(raw) if len(raw) >= 3 else ""
                word = folded[raw] = "" if word in function_words else word
            if word:
                merged[word] = merged.get(word, 0) + count
        rows.extend([row] * len(merged))
        words.extend(merged)
        counts.extend(merged.values())
        found = [concept for concept, *_ in scans[row][0]]
        hit_rows.extend([row] * len(found))
        hit_concepts.extend(found)
    concepts = np.zeros((len(table), len(lexicon.concepts)), dtype=np.float64)
    np.add.at(concepts, (np.asarray(hit_rows, dtype=np.int64),
                         np.asarray(hit_concepts, dtype=np.int64)), 1.0)
    return _Counts(np.asarray(rows, dtype=np.int64), words,
                   np.asarray(counts, dtype=np.float64), concepts)


def _sublinear(counts: np.ndarray) -> np.ndarray:
    return np.where(counts > 0, 1.0 + np.log(np.maximum(counts, 1)), 0.0)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1)
    return matrix / np.where(norms > 0, norms, 1.0)[:, None]


def _weigh(counts: _Counts, vocabulary: dict[str, int], idf: np.ndarray,
           concept_idf: np.ndarray, indexed: int) -> _Vectors:
    """Counts as vectors in an index's terms: each row's :data:`WORDS_KEPT`
    heaviest words (ties by word id, words the index lacks last among equals),
    scaled to unit length; words the index lacks count towards a row's length but
    match nothing."""
    ids = np.fromiter((vocabulary.get(w, -1) for w in counts.words), dtype=np.int64,
                      count=len(counts.words))
    unseen = math.log(1 + indexed) + 1.0  # df 0
    weights = _sublinear(counts.counts) * np.where(ids >= 0, idf[np.maximum(ids, 0)], unseen)
    order = np.lexsort((np.where(ids >= 0, ids, len(vocabulary)), -weights, counts.rows))
    rows = counts.rows[order]
    n = len(counts.concepts)
    starts = np.searchsorted(rows, np.arange(n + 1))
    kept = order[np.arange(len(rows)) - starts[rows] < WORDS_KEPT]
    rows, weights = counts.rows[kept], weights[kept]
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    ptr = np.searchsorted(rows, np.arange(n + 1)).astype(np.int64)
    return _Vectors(ptr, ids[kept], weights, _unit_rows(_sublinear(counts.concepts) * concept_idf))


@attrs.frozen(eq=False)
class SimilarityIndex:
    """Rated (or any) commitments, indexed once for :func:`similar`.

    Build it with :func:`build_index`; it holds the table, so neighbours come
    with their ratings."""

    table: CommitmentTable = attrs.field(repr=False)
    #: identifier of each indexed row (its position when the table has none)
    ids: tuple[str, ...] = attrs.field(repr=False)
    lexicon: Lexicon = attrs.field(repr=False)
    vocabulary: dict[str, int] = attrs.field(repr=False)
    words: tuple[str, ...] = attrs.field(repr=False)
    idf: np.ndarray = attrs.field(repr=False)
    concept_idf: np.ndarray = attrs.field(repr=False)
    vectors: _Vectors = attrs.field(repr=False)
    #: postings: word w's commitments are post_rows[post_ptr[w]:post_ptr[w+1]]
    post_ptr: np.ndarray = attrs.field(repr=False)
    post_rows: np.ndarray = attrs.field(repr=False)
    post_weights: np.ndarray = attrs.field(repr=False)
    #: SHA-256 of the indexed table (:meth:`CommitmentTable.digest`)
    table_digest: str = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.table)

    def __repr__(self) -> str:
        return (f"<SimilarityIndex of {len(self)} commitments, {len(self.words)} words, "
                f"{len(self.lexicon.concepts)} concepts>")

    @property
    def versions(self) -> dict[str, str]:
        from irm._version import __version__

        return {"irm": __version__, "similarity": SIMILARITY_VERSION,
                "lexicon": self.lexicon.version, "lexicon_sha256": self.lexicon.digest[:16],
                "index_sha256": self.table_digest[:16]}

    def vectorise(self, table: CommitmentTable) -> _Vectors:
        """``table``'s rows as vectors in this index's terms (words the index
        lacks count towards a row's length but match nothing)."""
        return _weigh(_counts(table, self.lexicon), self.vocabulary, self.idf,
                      self.concept_idf, len(self))


def build_index(table: CommitmentTable, *, lexicon: Lexicon | None = None) -> SimilarityIndex:
    """Index ``table``'s commitments (title and full text) for :func:`similar`.

    Examples
    --------
    >>> import irm
    >>> index = build_index(irm.read_ogp_csv(irm.sample_path()))
    >>> len(index) > 0
    True
    """
    lexicon = lexicon or load_lexicon()
    counts = _counts(table, lexicon)
    vocabulary: dict[str, int] = {}
    ids = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in counts.words),
                      dtype=np.int64, count=len(counts.words))
    n = len(table)
    idf = np.log((1 + n) / (1 + np.bincount(ids, minlength=len(vocabulary)))) + 1.0
    concept_idf = np.log((1 + n) / (1 + np.count_nonzero(counts.concepts, axis=0))) + 1.0
    vectors = _weigh(counts, vocabulary, idf, concept_idf, n)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(vectors.ptr))
    order = np.lexsort((rows, vectors.terms))  # by word, then row
    post_ptr = np.searchsorted(vectors.terms[order], np.arange(len(vocabulary) + 1))
    return SimilarityIndex(table, tuple(_ids(table)), lexicon, vocabulary, tuple(vocabulary),
                           idf, concept_idf, vectors, post_ptr.astype(np.int64), rows[order],
                           vectors.weights[order], table.digest())


@attrs.frozen
class Neighbour:
    """One similar commitment: its row in the index, the similarity, and the
    terms both share with their contributions (which add up to ``similarity``)."""

    row: int
    commitment_id: str
    similarity: float
    shared: tuple[tuple[str, float], ...]


@attrs.frozen(eq=False)
class Similarities:
    """Each query's nearest commitments in the index (columnar: ``rows[i]`` and
    ``scores[i]`` hold query ``i``'s neighbours, best first; -1 past the last)."""

    index: SimilarityIndex = attrs.field(repr=False)
    query_ids: np.ndarray = attrs.field(repr=False)
    queries: _Vectors = attrs.field(repr=False)
    rows: np.ndarray = attrs.field(repr=False)
    scores: np.ndarray = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self.query_ids)

    def __repr__(self) -> str:
        return (f"<Similarities: {len(self)} commitments, up to {self.rows.shape[1]} "
                "neighbours each>")

    def shared(self, query: int, row: int) -> tuple[tuple[str, float], ...]:
        """What query ``query`` and index row ``row`` share: ``(term, contribution)``,
        largest first; words as they are matched (folded), concepts as
        ``concept:<name>``. The contributions add up to their similarity."""
        return _shared(self.index, self.queries, query, row)

    def neighbours(self, query: int) -> list[Neighbour]:
        ids = self.index.ids
        out = []
        for row, score in zip(self.rows[query].tolist(), self.scores[query].tolist()):
            if row < 0:
                break
            out.append(Neighbour(row, ids[row], round(score, 6),
                                 self.shared(query, row)))
        return out

    def __iter__(self) -> Iterator[list[Neighbour]]:
        return (self.neighbours(q) for q in range(len(self)))

    @property
    def versions(self) -> dict[str, str]:
        return self.index.versions

    def records(self, *, query: int | None = None, terms: int = 8) -> list[dict[str, Any]]:
        """One JSON-ready record per (query, neighbour), of every query or of one:
        ids, rank, similarity, the ``terms`` largest shared terms, and the
        neighbour's IRM ratings (:func:`rated_summaries`)."""
        queries = range(len(self)) if query is None else range(query, query + 1)
        picked = self.rows[queries.start:queries.stop]
        found = picked[picked >= 0]
        rated = dict(zip(found.tolist(), rated_summaries(self.index.table, found)))
        out = []
        for q in queries:
            for rank, n in enumerate(self.neighbours(q), start=1):
                out.append({"commitment": str(self.query_ids[q]), "rank": rank,
                            "similar": n.commitment_id, "similarity": n.similarity,
                            "shared": [[t, round(c, 6)] for t, c in n.shared[:terms]],
                            **rated[n.row]})
        return out


def _shared(index: SimilarityIndex, queries: _Vectors, query: int, row: int
            ) -> tuple[tuple[str, float], ...]:
    a = slice(queries.ptr[query], queries.ptr[query + 1])
    b = slice(index.vectors.ptr[row], index.vectors.ptr[row + 1])
    mine = dict(zip(index.vectors.terms[b].tolist(), index.vectors.weights[b].tolist()))
    parts: list[tuple[str, float]] = []
    for term, weight in zip(queries.terms[a].tolist(), queries.weights[a].tolist()):
        if term >= 0 and term in mine:
            parts.append((index.words[term], (1 - CONCEPT_SHARE) * weight * mine[term]))
    both = queries.concepts[query] * index.vectors.concepts[row] * CONCEPT_SHARE
    for k in np.flatnonzero(both).tolist():
        parts.append((f"concept:{index.lexicon.concepts[k]}", float(both[k])))
    parts.sort(key=lambda p: (-p[1], p[0]))
    return tuple(parts)


def _block_scores(index: SimilarityIndex, queries: _Vectors, first: int, last: int
                  ) -> np.ndarray:
    """Similarities of queries ``first:last`` to every indexed row, as one
    (queries, rows) array: word postings added up, then the concept product."""
    n = len(index)
    start, stop = queries.ptr[first], queries.ptr[last]
    terms = queries.terms[start:stop]
    weights = queries.weights[start:stop]
    local = np.repeat(np.arange(last - first, dtype=np.int64), np.diff(queries.ptr[first:last + 1]))
    known = terms >= 0
    terms, weights, local = terms[known], weights[known], local[known]
    begins = index.post_ptr[terms]
    lengths = index.post_ptr[terms + 1] - begins
    total = int(lengths.sum())
    shift = np.repeat(begins - (np.cumsum(lengths) - lengths), lengths)
    at = np.arange(total, dtype=np.int64) + shift
    keys = np.repeat(local * n, lengths) + index.post_rows[at]
    values = np.repeat(weights * (1 - CONCEPT_SHARE), lengths) * index.post_weights[at]
    scores = np.bincount(keys, weights=values, minlength=(last - first) * n
                         ).astype(np.float64, copy=False).reshape(-1, n)
    scores += CONCEPT_SHARE * (queries.concepts[first:last] @ index.vectors.concepts.T)
    return scores


def similar(table: CommitmentTable, *, against: SimilarityIndex | CommitmentTable | None = None,
            k: int = 5, exclude: str = "self") -> Similarities:
    """The ``k`` nearest commitments of ``against`` (a :class:`SimilarityIndex`, or a
    table to index; ``table`` itself when omitted) for each row of ``table``.

    ``exclude``: ``"self"`` leaves out a row with the query's own identifier;
    ``"member"`` every commitment of the query's member (similar commitments
    *elsewhere*); ``"none"`` nothing. Neighbours with nothing in common
    (similarity 0) are not listed.

    Examples
    --------
    >>> import irm
    >>> table = irm.read_ogp_csv(irm.sample_path())
    >>> found = similar(table, k=2)
    >>> first = found.neighbours(0)[0]
    >>> abs(sum(c for _, c in first.shared) - first.similarity) < 1e-5
    True
    """
    if k < 1:
        raise InvalidValueError("k out of range", expected="a number of neighbours of 1 or more",
                                got=k)
    if exclude not in ("self", "member", "none"):
        raise InvalidValueError("unknown exclude", expected="self, member or none", got=exclude)
    index = against if isinstance(against, SimilarityIndex) else build_index(
        table if against is None else against)
    queries = index.vectors if table is index.table else index.vectorise(table)
    n, m = len(index), len(table)
    kk = min(k, n)
    rows = np.full((m, k), -1, dtype=np.int64)
    scores = np.zeros((m, k), dtype=np.float64)
    query_ids = np.asarray(_ids(table), dtype=object)
    if exclude == "self":  # the query's own row in the index, -1 where it has none
        position = {cid: r for r, cid in enumerate(index.ids)}
        own = np.fromiter((position.get(str(c), -1) for c in query_ids), dtype=np.int64, count=m)
    elif exclude == "member":  # members as codes shared by queries and index ("": none)
        names = np.concatenate([_members(table), _members(index.table)])
        codes = np.unique(names, return_inverse=True)[1].reshape(-1)
        codes[names == ""] = -1
        query_members, index_members = codes[:m], codes[m:]
    block = max(1, _BLOCK_CELLS // max(n, 1))
    for first in range(0, m if kk else 0, block):  # kk 0: an empty index, no neighbour
        last = min(m, first + block)
        block_scores = _block_scores(index, queries, first, last)
        if exclude == "self":
            mine = own[first:last]
            block_scores[np.flatnonzero(mine >= 0), mine[mine >= 0]] = 0.0
        elif exclude == "member":
            mine = query_members[first:last, None]
            block_scores[(mine >= 0) & (mine == index_members[None, :])] = 0.0
        top = (np.argpartition(-block_scores, kk - 1, axis=1)[:, :kk] if kk < n
               else np.broadcast_to(np.arange(n), block_scores.shape))
        best = np.take_along_axis(block_scores, top, axis=1)
        order = np.lexsort((top, -best), axis=-1)  # best first, ties by position
        top, best = np.take_along_axis(top, order, axis=1), np.take_along_axis(best, order, axis=1)
        shared = best > 1e-12  # neighbours with nothing in common are not listed
        rows[first:last, :kk] = np.where(shared, top, -1)
        scores[first:last, :kk] = np.where(shared, best, 0.0)
    return Similarities(index, query_ids, queries, rows, scores)


def _members(table: CommitmentTable) -> np.ndarray:
    return np.asarray(table.texts("Country/Locality") if "Country/Locality" in table
                      else [""] * len(table), dtype=object)


def _ids(table: CommitmentTable) -> list[str]:
    return table.texts(ID) if ID in table else [str(i) for i in range(len(table))]


#: what a cell holds where the IRM gave no rating
_UNRATED = frozenset({m.value for m in Missing} | {""})


def rated_summaries(table: CommitmentTable, rows: Any) -> list[dict[str, Any]]:
    """The IRM's ratings of ``table``'s ``rows`` in their era's terms: member,
    plan, year, title, era, OGP values (those rated relevant; ``ND`` when none
    was rated), ambition (potential impact, or potential for results in the
    refresh era), completion (end of term, else progress report), and stars
    (legacy, transitional) or early results (refresh). Missing codes are kept
    as they are (``ND``, ``NR``, ``NA``)."""
    rows = np.asarray(rows, dtype=np.int64)

    def cells(column: str) -> list[str]:
        return ([str(v) for v in table.column(column)[rows]] if column in table
                else ["ND"] * len(rows))

    def either(first: str, then: str) -> list[str]:
        return [b if a in _UNRATED else a for a, b in zip(cells(first), cells(then))]

    eras = table.eras()[rows] if len(rows) else np.zeros(0, dtype=np.int8)
    values = list(zip(*(cells(c) for c in OGP_VALUE_COLUMNS))) or [()] * len(rows)
    completion = either("Completion (End Of Term)", "Completion (Progress Report)")
    stars = either("Starred (Current Formula) End of Term",
                   "Starred (Current Formula) Progress Report")
    columns = {name: cells(name) for name in (
        "Country/Locality", "Action Plan Number", "Year Of Submission", "Commitment Title",
        "Potential Impact", "Potential for Results", "Early Results")}
    out = []
    for k in range(len(rows)):
        refresh = int(eras[k]) == Era.REFRESH
        flags = values[k]
        out.append({
            "member": columns["Country/Locality"][k], "plan": columns["Action Plan Number"][k],
            "year": columns["Year Of Submission"][k], "title": columns["Commitment Title"][k],
            "era": Era(int(eras[k])).label,
            "values": ("; ".join(c.removeprefix("OGP Value ")
                                 for c, f in zip(OGP_VALUE_COLUMNS, flags)
                                 if f == "1") if any(f in ("0", "1") for f in flags) else "ND"),
            "ambition_scale": "Potential for Results" if refresh else "Potential Impact",
            "ambition": columns["Potential for Results" if refresh else "Potential Impact"][k],
            "completion": completion[k],
            "outcome_scale": "Early Results" if refresh else "Starred",
            "outcome": columns["Early Results"][k] if refresh else stars[k]})
    return out
