"""The lexicon engine: compiled terms, one-pass matching, spans, languages."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from irm.scoring.estimate.lexicon import fold, lexicon_from_dict, load_lexicon

TINY = {
    "name": "test", "version": "t1",
    "concepts": {
        "open_data": {"terms": {"en": ["open data", "dataset*"], "es": ["datos abiertos"]}},
        "participation": {"terms": {"en": ["consult*", "public hearing*"],
                                    "fr": ["société civile"]}},
    },
}


def found(text: str, lexicon=None) -> list[tuple[str, str]]:
    lexicon = lexicon or lexicon_from_dict(TINY)
    return [(m.concept, text[m.start:m.end]) for m in lexicon.scan(text)]


def test_prefix_and_multiword_terms_with_spans():
    """`consult*` matches any word starting so; spans cut the matched text out."""
    assert found("Public hearings and consultations; datasets.") == [
        ("participation", "Public hearings"), ("participation", "consultations"),
        ("open_data", "datasets")]


def test_accents_and_case_fold():
    """Spanish and French terms match with or without accents, any case."""
    assert found("Publicar DATOS ABIERTOS y la sociedad civil") == [
        ("open_data", "DATOS ABIERTOS")]
    assert found("avec la Société Civile") == [("participation", "Société Civile")]
    assert fold("Información") == "informacion"


def test_one_match_per_concept_and_place():
    """A longer term wins over a shorter one of the same concept at the same place."""
    lexicon = lexicon_from_dict({"name": "t", "version": "1", "concepts": {
        "c": {"terms": {"en": ["open", "open data"]}}}})
    assert found("open data", lexicon) == [("c", "open data")]


def test_pasted_punctuation_splits_words():
    """Typographic quotes, dashes and Word's Symbol-font bullets separate words."""
    assert found("\uf0b7\u201cdatasets\u201d\u2014consultation") == [
        ("open_data", "datasets"), ("participation", "consultation")]


PIECES = st.sampled_from(list("abcdeopnt ,.\u2014\u201c\u00e9\u00c9\uf0b7\n\u00a0\u2605")
                         + ["open ", "data ", "consult", "dataset", "publi", "2019 ", "12 "])


@given(st.lists(PIECES, max_size=40).map("".join))
def test_byte_and_text_paths_agree(text):
    """The fast byte path finds exactly what the plain text path finds."""
    lexicon = load_lexicon()
    assert lexicon.scan_text(text) == lexicon._scan_str(text)


def test_bundled_lexicon_is_versioned_and_multilingual():
    """The shipped lexicon has a version, and terms in four languages."""
    lexicon = load_lexicon()
    assert lexicon.version and len(lexicon.concepts) > 50
    texts = {"en": "publish open data", "es": "publicar datos abiertos",
             "fr": "publier des données ouvertes", "pt": "publicar dados abertos"}
    for language, text in texts.items():
        assert "open_data" in {m.concept for m in lexicon.scan(text)}, language
