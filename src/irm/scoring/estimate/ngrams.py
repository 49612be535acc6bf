"""Word and character n-gram features of commitment text, in numpy.

Beside the lexicon's concepts, an estimate reads the words of the title and
full text directly: words and pairs of words (``w:open``, ``w:open data``) and
character 3- and 4-grams inside words (``c: pub``, ``c:publ``), which carry
word stems across inflections and languages. Text is lower-cased and
accent-folded (``información`` -> ``informacion``); characters outside a-z
and 0-9 separate words. Each feature is ``(1 + log count) * idf``, and each
row is scaled to unit length, as TF-IDF does. The vocabulary and the idf are
learned from the texts a calibration is fitted on
(:class:`~irm.models.calibration.NgramVocabulary`), so the features are named
and a calibration's weights can be read by name.

Counting is whole-array work: texts are turned into byte strings by C-level
string methods, character n-grams into integer keys looked up in a dense
table, and counts into a matrix by ``bincount``; Python runs once per text
and once per word, not once per n-gram.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Iterable, Iterator, Sequence

import numpy as np

from irm.models.calibration import NgramVocabulary

__all__ = ["normalise", "learn_vocabulary", "ngram_matrix", "ngram_counts", "CHAR_SIZES"]

#: character n-gram lengths (inside a word padded with a space on each side)
CHAR_SIZES = (3, 4)
#: bytes -> symbol: 0 separates words (never inside an n-gram), 1-26 a-z, 27-36 0-9, 37 the pad
_SYMBOL = np.zeros(256, dtype=np.int64)
_SYMBOL[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)] = np.arange(1, 27)
_SYMBOL[np.frombuffer(b"0123456789", dtype=np.uint8)] = np.arange(27, 37)
_SYMBOL[ord(" ")] = 37
_BASE = 38
_SPAN = _BASE ** max(CHAR_SIZES)  # keys of one size; sizes are offset by it
_KEY_SPACE = _SPAN * len(CHAR_SIZES)
_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789 "  # symbol -> character (0 unused)
#: ASCII letters and digits kept, every other byte a separator (space)
_ASCII = bytes(b if chr(b).isalnum() and b < 128 else 32 for b in range(256)).lower()


def normalise(text: str) -> bytes:
    """The text as the n-grams read it: lower case, accents folded, words separated
    by spaces (letters of other scripts drop out).

    Examples
    --------
    >>> normalise("Ley de Información, 2024!")
    b'ley de informacion  2024 '
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII)
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    return folded.translate(_ASCII)


def _words(texts: Sequence[bytes]) -> list[list[bytes]]:
    return [text.split() for text in texts]


def _char_keys(texts: Sequence[bytes], lut: np.ndarray | None = None) -> tuple[
        np.ndarray, np.ndarray]:
    """The character n-gram keys of every row (normalised texts; within words padded by a
    space on each side, as TF-IDF's ``char_wb`` reads them), and the row of each key:
    whole-array work over one byte string of the batch, each row between spaces, where an
    n-gram of a padded word is exactly a window with no space inside (runs of spaces
    between words change nothing). With ``lut`` (key -> feature, -1 for none), the
    features found instead of the keys, unknown n-grams left out."""
    lines = [b" " + text + b" " for text in texts]
    batch = b"".join(lines)
    symbols = _SYMBOL[np.frombuffer(batch, dtype=np.uint8)].astype(np.int32)
    inner = symbols != _SYMBOL[ord(" ")]  # not a space
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    row_of = np.repeat(np.arange(len(lines)), lengths)
    keys, rows = [], []
    for k, size in enumerate(CHAR_SIZES):
        n = len(symbols) - size + 1
        if n <= 0:
            continue
        key = symbols[:n].copy()  # int32: 38**4 keys of two sizes fit
        valid = np.ones(n, dtype=bool)
        for j in range(1, size):
            key = key * _BASE + symbols[j:j + n]
            if j < size - 1:
                valid &= inner[j:j + n]
        key = key[valid] + np.int32(k * _SPAN)
        row = row_of[:n][valid]
        if lut is not None:  # the features, not the keys
            key = lut[key]
            known = key >= 0
            key, row = key[known], row[known]
        keys.append(key)
        rows.append(row)
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(keys).astype(np.int64), np.concatenate(rows)


def _char_name(key: int) -> str:
    size = CHAR_SIZES[key // _SPAN]
    rest, out = key % _SPAN, []
    for _ in range(size):
        rest, symbol = divmod(rest, _BASE)
        out.append(_ALPHABET[symbol])
    return "".join(reversed(out))


def _char_key(gram: str) -> int:
    size = len(gram)
    key = 0
    for ch in gram:
        key = key * _BASE + int(_SYMBOL[ord(ch)])
    return key + CHAR_SIZES.index(size) * _SPAN


def learn_vocabulary(texts: Sequence[str], *, max_words: int = 6000, max_chars: int = 6000,
                     min_df: int = 3) -> NgramVocabulary:
    """The n-grams of at least ``min_df`` texts, the commonest first (``max_words``
    words and word pairs, ``max_chars`` character n-grams), with their smoothed idf.

    Examples
    --------
    >>> v = learn_vocabulary(["open data portal", "open data law", "open budget"], min_df=2)
    >>> v.names[:3]
    ('w:open', 'w:data', 'w:open data')
    """
    normalised = [normalise(t) for t in texts]
    words = _words(normalised)
    n = len(words)
    word_df = Counter(w for row in words for w in set(row))
    pair_df = Counter(p for row in words for p in set(zip(row, row[1:])))
    grams = [(w.decode("ascii"), df) for w, df in word_df.items() if df >= min_df]
    grams += [((a + b" " + b).decode("ascii"), df) for (a, b), df in pair_df.items()
              if df >= min_df]
    grams.sort(key=lambda g: (-g[1], g[0]))
    grams = grams[:max_words]
    keys, rows = _char_keys(normalised)
    unique = np.unique(rows * _KEY_SPACE + keys)  # one (row, key) per text it occurs in
    char_keys, char_df = np.unique(unique % _KEY_SPACE, return_counts=True)
    order = np.lexsort((char_keys, -char_df))
    order = order[char_df[order] >= min_df][:max_chars]
    chars = [(_char_name(int(k)), int(d)) for k, d in zip(char_keys[order], char_df[order])]
    df = np.array([d for _, d in grams] + [d for _, d in chars], dtype=np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    return NgramVocabulary(tuple(g for g, _ in grams), tuple(c for c, _ in chars), idf)


class _Index:
    """A vocabulary's lookup tables: word and word-pair ids, and a dense table of
    character n-gram keys."""

    def __init__(self, vocabulary: NgramVocabulary) -> None:
        self.size = len(vocabulary.names)
        self.words: dict[bytes, int] = {}
        self.pairs: dict[tuple[bytes, bytes], int] = {}
        for k, gram in enumerate(vocabulary.words):
            first, _, second = gram.partition(" ")
            if second:
                self.pairs[(first.encode("ascii"), second.encode("ascii"))] = k
            else:
                self.words[first.encode("ascii")] = k
        self.chars = np.full(_KEY_SPACE, -1, dtype=np.int16 if self.size < 2 ** 15 else np.int32)
        offset = len(vocabulary.words)
        for k, gram in enumerate(vocabulary.chars):
            self.chars[_char_key(gram)] = offset + k
        self.idf = vocabulary.idf


def ngram_counts(texts: Sequence[str], vocabulary: NgramVocabulary,
                 *, index: _Index | None = None) -> np.ndarray:
    """Counts of the vocabulary's n-grams in each text: an ``(n, V)`` matrix."""
    index = index or _Index(vocabulary)
    normalised = [normalise(t) for t in texts]
    words = _words(normalised) if index.words or index.pairs else []
    n = len(normalised)
    rows: list[np.ndarray] = []
    features: list[np.ndarray] = []
    word_hits = [(r, index.words.get(w, -1)) for r, row in enumerate(words) for w in row] \
        if index.words else []
    pair_hits = [(r, index.pairs.get(p, -1)) for r, row in enumerate(words)
                 for p in zip(row, row[1:])] if index.pairs else []
    for hits in (word_hits, pair_hits):
        if hits:
            found = np.array(hits, dtype=np.int64).reshape(-1, 2)
            found = found[found[:, 1] >= 0]
            rows.append(found[:, 0])
            features.append(found[:, 1])
    char_features, char_rows = _char_keys(normalised, index.chars)
    rows.append(char_rows)
    features.append(char_features)
    flat = np.concatenate(rows) * index.size + np.concatenate(features)
    return np.bincount(flat, minlength=n * index.size).reshape(n, index.size)


def ngram_matrix(texts: Sequence[str], vocabulary: NgramVocabulary, *,
                 columns: np.ndarray | None = None, batch: int = 256) -> np.ndarray:
    """TF-IDF features of each text over the vocabulary (rows of unit length; a text
    with none of its n-grams is all zeros), as ``float64``; only the vocabulary's
    ``columns`` when given (each row's length is still over the whole vocabulary)."""
    index = _Index(vocabulary)
    width = index.size if columns is None else len(columns)
    out = np.zeros((len(texts), width), dtype=np.float64)
    for start in range(0, len(texts), batch):
        counts = ngram_counts(texts[start:start + batch], vocabulary, index=index)
        values = tfidf(counts, index.idf)
        if columns is None:
            out[start:start + batch] = values
        else:
            np.take(values, columns, axis=1, out=out[start:start + len(values)])
    return out


def tfidf(counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """``(1 + log count) * idf``, rows scaled to unit length."""
    values = np.zeros(counts.shape, dtype=np.float64)
    present = counts > 0
    values[present] = 1.0 + np.log(counts[present])
    values *= idf
    norms = np.sqrt(np.einsum("ij,ij->i", values, values))
    norms[norms == 0] = 1.0
    return values / norms[:, None]


def texts_of(titles: Iterable[str], bodies: Iterable[str]) -> Iterator[str]:
    """The text the n-grams read: title and full text."""
    for title, body in zip(titles, bodies):
        yield f"{title}\n{body}"
