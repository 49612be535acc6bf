"""A lexicon's definition: its concepts, terms by language, and estimate rules.

The definition is what a lexicon file says, checked and frozen; it is the
methodology a calibration is fitted with. Its :attr:`~LexiconDefinition.digest`
is the SHA-256 of what decides matching (languages, concepts and their terms,
the estimates' rules, the language guess), not of descriptions or notes, so
a calibration can refuse a lexicon whose terms changed under the same version
string. :mod:`irm.scoring.estimate.lexicon` compiles a definition into the
matcher; :func:`irm.io.read_lexicon` reads one from a file of your own.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from typing import Any, Mapping

import attrs

from irm.errors import DataFileError

__all__ = ["LexiconDefinition", "lexicon_definition", "load_lexicon_definition", "FIELDS"]

#: the text fields an estimate rule may name
FIELDS = ("title", "lead", "text", "institutions")


@attrs.frozen(eq=False)
class LexiconDefinition:
    """A lexicon file's content, checked: see :func:`lexicon_definition`."""

    name: str
    version: str
    languages: tuple[str, ...]
    concepts: tuple[str, ...]
    #: concept -> language (or ``any``) -> its terms
    terms: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(repr=False)
    #: estimate -> {"concepts": (...), "fields": (...)}: the features it may use
    estimates: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(repr=False)
    #: {"min_words", "share", "foreign_words", "foreign_share", "function_words"}; None: no guess
    language_guess: Mapping[str, Any] | None = attrs.field(repr=False)
    descriptions: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)
    #: where it was read from, for messages
    source: str = attrs.field(default="", repr=False, eq=False)
    #: SHA-256 of the content that decides matching (see the module's docstring)
    digest: str = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "digest", _digest(self))


def _digest(definition: LexiconDefinition) -> str:
    content = {"languages": list(definition.languages),
               "concepts": {c: {lang: list(t) for lang, t in definition.terms[c].items()}
                            for c in definition.concepts},
               "estimates": {k: {f: list(v) for f, v in rule.items()}
                             for k, rule in definition.estimates.items()},
               "language_guess": definition.language_guess}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lexicon_definition(doc: Mapping[str, Any], *, source: str = "<lexicon>") -> LexiconDefinition:
    """Check a lexicon document (as read from its JSON file) and freeze it.

    Raises :class:`~irm.errors.DataFileError` naming the file and what is wrong:
    terms listed under an unknown language, an estimate naming an unknown concept
    or field, a function word listed for two languages.

    Examples
    --------
    >>> d = lexicon_definition({"name": "demo", "version": "1", "languages": ["en"],
    ...                         "concepts": {"open_data": {"terms": {"en": ["open data"]}}}})
    >>> d.concepts, len(d.digest)
    (('open_data',), 64)
    """
    if not isinstance(doc, Mapping):
        raise DataFileError("not a lexicon file", file=source, expected="a JSON object",
                            got=type(doc).__name__)
    try:
        concepts_doc = doc["concepts"]
        concepts = tuple(concepts_doc)
        listed = {code for c in concepts for code in concepts_doc[c]["terms"]} - {"any"}
        languages = tuple(doc.get("languages") or sorted(listed))
        known = set(languages) | {"any"}
        terms: dict[str, dict[str, tuple[str, ...]]] = {}
        for name in concepts:
            by_language = {}
            for language, listed_terms in concepts_doc[name]["terms"].items():
                if language not in known:
                    raise DataFileError(
                        f"concept {name!r} lists terms under an unknown language {language!r}",
                        file=source, expected=f"one of {sorted(known)} (the file's "
                                              "'languages', or 'any')")
                by_language[language] = tuple(str(t) for t in listed_terms)
            terms[name] = by_language
        estimates: dict[str, dict[str, tuple[str, ...]]] = {}
        for target, rule in doc.get("estimates", {}).items():
            if target.startswith("_"):  # a note
                continue
            unknown = set(rule["concepts"]) - set(concepts)
            if unknown:
                raise DataFileError(f"estimate {target!r} names unknown concepts "
                                    f"{sorted(unknown)}", file=source)
            bad_fields = set(rule["fields"]) - set(FIELDS)
            if bad_fields:
                raise DataFileError(f"estimate {target!r} names unknown fields "
                                    f"{sorted(bad_fields)}", file=source,
                                    expected=f"fields among {list(FIELDS)}")
            estimates[target] = {"concepts": tuple(rule["concepts"]),
                                 "fields": tuple(rule["fields"])}
        guess = _language_guess(doc.get("language_guess"), languages, source)
        descriptions = {n: str(concepts_doc[n].get("description", "")) for n in concepts}
        return LexiconDefinition(str(doc["name"]), str(doc["version"]), languages, concepts,
                                 terms, estimates, guess, descriptions, source)
    except (KeyError, TypeError, AttributeError) as err:
        raise DataFileError(f"not a lexicon file ({type(err).__name__}: {err})",
                            file=source) from err


def _language_guess(rule: Mapping[str, Any] | None, languages: tuple[str, ...],
                    source: str) -> dict[str, Any] | None:
    if rule is None:
        return None
    words = rule.get("function_words")
    if not isinstance(words, Mapping):
        raise DataFileError("language_guess has no function words", file=source,
                            expected="'function_words': {language: [words]}")
    owner: dict[str, str] = {}
    for language, listed in words.items():
        if language not in languages:
            raise DataFileError(f"language_guess lists function words of an unknown "
                                f"language {language!r}", file=source,
                                expected=f"one of {list(languages)} (the file's 'languages')")
        for word in listed:
            key = str(word).lower()
            if owner.setdefault(key, language) != language:
                raise DataFileError(
                    f"function word {word!r} is listed for two languages "
                    f"({owner[key]!r} and {language!r}) and so tells neither",
                    file=source, expected="each function word under one language")
    return {"min_words": int(rule.get("min_words", 3)), "share": float(rule.get("share", 0.25)),
            "foreign_words": int(rule.get("foreign_words", 20)),
            "foreign_share": float(rule.get("foreign_share", 0.03)),
            "function_words": {lang: [str(w) for w in ws] for lang, ws in words.items()}}


@functools.lru_cache(maxsize=None)
def load_lexicon_definition() -> LexiconDefinition:
    """The bundled lexicon's definition (read when first asked for)."""
    text = resources.files("irm.data").joinpath("lexicon.json").read_text("utf-8")
    return lexicon_definition(json.loads(text), source="irm/data/lexicon.json")
