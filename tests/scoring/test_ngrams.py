"""Word and character n-gram features: counted in numpy as a plain loop counts them."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from irm.scoring.estimate.ngrams import (
    CHAR_SIZES,
    learn_vocabulary,
    ngram_counts,
    ngram_matrix,
    normalise,
)


def naive_counts(text: str) -> Counter[str]:
    """Every feature of one text, counted one by one (the reference)."""
    words = normalise(text).decode("ascii").split()
    found: Counter[str] = Counter(f"w:{w}" for w in words)
    found.update(f"w:{a} {b}" for a, b in zip(words, words[1:]))
    for word in words:
        padded = f" {word} "
        for size in CHAR_SIZES:
            found.update(f"c:{padded[k:k + size]}" for k in range(len(padded) - size + 1))
    return found


TEXTS = ["Publish the open budget data", "Open data portal for budgets",
         "Consultas públicas sobre datos abiertos", "open data, open budget!", "",
         "Ley de acceso a la información pública"]

words = st.sampled_from(["open", "data", "budget", "información", "ley", "portal", "2024",
                         "a", "de", "publish", "Über", "x"])
texts = st.lists(words, max_size=12).map(" ".join)


def test_normalise_folds_case_accents_and_punctuation():
    """Lower case, accents folded, everything but letters and digits a separator."""
    assert normalise("Información Pública, 2024!") == b"informacion publica  2024 "
    assert normalise("Київ open") == b" open"  # letters of other scripts drop out


@given(st.lists(texts, min_size=1, max_size=5), st.lists(texts, min_size=1, max_size=4))
def test_counts_equal_a_plain_count_of_every_feature(train, new):
    """Whatever the texts, the matrix holds each vocabulary n-gram's count in each text."""
    vocabulary = learn_vocabulary(train, min_df=1)
    counts = ngram_counts(new, vocabulary)
    for row, text in zip(counts, new):
        expected = naive_counts(text)
        assert {n: int(c) for n, c in zip(vocabulary.names, row) if c} == \
            {n: c for n, c in expected.items() if n in set(vocabulary.names)}


def test_vocabulary_keeps_ngrams_of_enough_texts_commonest_first():
    """min_df texts at least, most texts first, the idf smoothed as TF-IDF does."""
    vocabulary = learn_vocabulary(TEXTS, min_df=2)
    assert set(vocabulary.names[:2]) == {"w:data", "w:open"}  # in 3 texts each, by name
    assert "w:open data" in vocabulary.names and "w:portal" not in vocabulary.names
    df = {"w:open": 3}
    k = vocabulary.names.index("w:open")
    assert np.isclose(vocabulary.idf[k], np.log((1 + len(TEXTS)) / (1 + df["w:open"])) + 1)
    assert learn_vocabulary(TEXTS, min_df=2, max_words=0).words == ()
    assert learn_vocabulary(TEXTS, min_df=2, max_chars=0).chars == ()


def test_tfidf_rows_have_unit_length_and_empty_text_is_zero():
    """Each row is scaled to length 1; a text with none of the n-grams stays all zeros."""
    vocabulary = learn_vocabulary(TEXTS, min_df=2)
    x = ngram_matrix(TEXTS, vocabulary, batch=2)
    lengths = np.sqrt((x ** 2).sum(axis=1))
    assert np.allclose(lengths[[0, 1, 2, 3, 5]], 1.0) and lengths[4] == 0.0
    assert np.allclose(x, ngram_matrix(TEXTS, vocabulary))  # batches change nothing
