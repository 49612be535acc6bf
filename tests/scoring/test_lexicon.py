"""The lexicon engine: compiled terms, one-pass matching, spans, languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from irm.errors import DataFileError, InvalidValueError
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


GUESSED = {
    "name": "test", "version": "g1", "languages": ["en", "fr"],
    "language_guess": {"min_words": 3, "share": 0.25,
                       "function_words": {"en": ["the", "and", "of", "to"],
                                          "fr": ["le", "les", "des", "et"]}},
    "concepts": {
        "participation": {"terms": {"en": ["engag*"], "fr": ["concertation*"]}},
        "open_data": {"terms": {"any": ["open data"], "fr": ["donnees ouvertes"]}},
    },
}


def test_terms_match_only_texts_of_their_language():
    """English 'engag*' fires in English text, not on the French word for commitment."""
    lexicon = lexicon_from_dict(GUESSED)
    english = "The ministry will engage the public and report to the council of the city."
    french = "Le ministère et les communes: l'engagement des administrations et le suivi."
    assert found(english, lexicon) == [("participation", "engage")]
    assert found(french, lexicon) == []
    assert found(french + " Une concertation des citoyens.", lexicon) == [
        ("participation", "concertation")]


def test_any_terms_match_every_language_and_short_texts_every_term():
    """Terms under 'any' match all texts; a text too short to tell is matched by all terms."""
    lexicon = lexicon_from_dict(GUESSED)
    assert found("Le portail et les jeux de l'open data des communes", lexicon) == [
        ("open_data", "open data")]
    assert found("Engagement citoyen", lexicon) == [("participation", "Engagement")]


def test_bilingual_text_is_matched_in_both_languages():
    """A language with at least `share` of the top count is one of the text's languages."""
    lexicon = lexicon_from_dict(GUESSED)
    text = ("The plan and the report of the city to engage people. "
            "Les communes et les élus: concertation des habitants.")
    assert lexicon.guess.names(lexicon.languages_of(text)) == ["en", "fr"]
    assert [c for c, _ in found(text, lexicon)] == ["participation", "participation"]


def test_bad_language_sections_are_refused_naming_them():
    """Terms under an undeclared language, or a function word of two languages, are refused."""
    doc = {**GUESSED, "concepts": {"c": {"terms": {"de": ["daten"]}}}}
    with pytest.raises(DataFileError, match="concept 'c'.*unknown language 'de'"):
        lexicon_from_dict(doc, source="my.json")
    words = {"en": ["the", "les"], "fr": ["les"]}
    doc = {**GUESSED, "language_guess": {"function_words": words}}
    with pytest.raises(DataFileError, match="'les' is listed for two languages"):
        lexicon_from_dict(doc, source="my.json")


@given(st.lists(st.sampled_from(["the ", "and ", "le ", "les ", "engagement ", "open data ",
                                 "concertation ", ". ", "x "]), max_size=30).map("".join))
def test_guessed_matches_are_matches_of_the_guessed_languages(text):
    """Every match of a term is of a term of one of the text's guessed languages or 'any'."""
    lexicon = lexicon_from_dict(GUESSED)
    languages = lexicon.languages_of(text)
    for concept, index, _, _ in lexicon.scan_spans(text):
        assert lexicon.terms[index].languages & languages


def test_a_text_too_short_to_tell_is_read_in_its_fallback_languages():
    """A title is read in the language of its commitment's text: the fallback applies only
    when the title itself has too few function words, and is reported as its language."""
    lexicon = lexicon_from_dict(GUESSED)
    english = lexicon.languages_of("The plan and the report of the city")
    french = lexicon.languages_of("Les communes et les élus des villes")
    hits, _, _, read_in = lexicon.scan_text("Engagement citoyen", fallback=english)
    assert hits and read_in == english  # 'engag*' is an English term
    hits, _, _, read_in = lexicon.scan_text("Engagement citoyen", fallback=french)
    assert hits == [] and read_in == french
    told = "Les communes et les élus: engagement des habitants"
    assert lexicon.scan_text(told, fallback=english)[3] == french  # its own guess wins
    assert lexicon.language_names(lexicon.scan_text("Engagement")[3]) == ["any"]


@pytest.mark.parametrize("text, language", [
    ("Não são publicados e também não é atualizado através", "pt"),
    ("Où très déjà être", "fr"),
    ("Según también además", "es"),
])
def test_accented_function_words_tell_the_language(text, language):
    """Function words with accents count: a text whose only function words carry accents
    is still told (before, too few unaccented ones left it to every term)."""
    lexicon = load_lexicon()
    assert lexicon.language_names(lexicon.languages_of(text)) == [language]


ACCENTED = st.sampled_from(["información pública ", "audiências públicas ", "não ", "são ",
                            "à ", "où ", "société civile ", "participação ", "rendición ",
                            "de cuentas ", "e\u0301 ", "the ", "open data ", ", ", "\n"])


@given(st.lists(ACCENTED, max_size=30).map("".join))
def test_text_with_separate_accent_marks_reads_as_composed_text(text):
    """Pasted text may carry its accents as combining marks (NFD, as in some of OGP's
    Honduran rows): it reads as its composed form does, in the same language, with
    spans that cover the same words of the text as given."""
    import unicodedata

    lex = load_lexicon()
    composed = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", composed)
    hits, numbers, years, languages = lex.scan_text(composed)
    again = lex.scan_text(decomposed)
    assert [(c, k) for c, k, _, _ in again[0]] == [(c, k) for c, k, _, _ in hits]
    assert again[1:] == (numbers, years, languages)
    assert lex.languages_of(decomposed) == lex.languages_of(composed)
    for (_, _, start, end), (_, _, s, e) in zip(hits, again[0]):
        assert unicodedata.normalize("NFC", decomposed[s:e]) == composed[start:end]


@given(st.lists(st.tuples(st.lists(PIECES, max_size=30).map("".join),
                          st.sampled_from([-1, 0, 1, 2, 3]), ), max_size=8),
       st.booleans())
def test_a_column_scans_as_its_texts_one_by_one(items, prose):
    """scan_many of a column gives each text what scan_text gives it alone."""
    lexicon = load_lexicon()
    texts = [t for t, _ in items]
    fallbacks = [f for _, f in items]
    alone = [lexicon.scan_text(t, fallback=f, prose=prose) for t, f in items]
    assert lexicon.scan_many(texts, fallbacks=fallbacks, prose=prose) == alone
    assert lexicon.scan_many(texts[::-1], fallbacks=fallbacks[::-1], prose=prose) == alone[::-1]


def test_fallbacks_that_do_not_fit_the_texts_are_refused():
    """One fallback per text: a short list is an error that says what was expected."""
    with pytest.raises(InvalidValueError, match="one fallback per text"):
        load_lexicon().scan_many(["open data", "datos abiertos"], fallbacks=[-1])
