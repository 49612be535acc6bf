"""Features of commitment text for the estimators, with the matches behind them.

Each commitment has four text fields: title (the commitment title, short
title and the plan's theme heading, joined by line breaks), lead (the first
600 characters of the full text, where plans state what they will do: the full
text's matches there, from its one scan), full text, and institutions (lead
and supporting). A
feature is a lexicon concept in a field (``participation@text``), valued
``log1p(count)``; a few structural features (length, dates, numbers, list
items) describe how the text is written, milestone features carry the SMART
checks of the milestones extracted from the full text (how many, and the
shares with a measurable output, a date and a responsible body: what the IRM
reads verifiability from), and era features say under which methodology a
plan of its submission year is rated. The scorer reads only
text and plan metadata, never the human ratings.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs
import numpy as np

from irm._perf import gc_paused
from irm._text import WORD, composed, read_text
from irm.errors import MissingColumnError
from irm.models.assessment import Era, era_for_year
from irm.models.table import CommitmentTable
from irm.scoring.estimate.lexicon import ALL_LANGUAGES, NO_LANGUAGE, Lexicon, Scan
from irm.scoring.milestones import extract_milestones, smart_check

__all__ = ["FIELDS", "FeatureSet", "featurize", "check_text_columns", "feature_mask",
           "feature_names", "is_lexical", "READ_COLUMNS", "text_fields", "read_text",
           "row_eras", "row_groups", "STRUCTURE", "MILESTONE_FEATURES", "ERA_FEATURES"]

FIELDS = ("title", "lead", "text", "institutions")
#: Columns each field is read from (absent columns and missing codes read as empty);
#: the lead is cut from the full text.
FIELD_COLUMNS = {
    "title": ("Commitment Title", "Short Title", "Theme"),
    "text": ("Full Text",),
    "institutions": ("Lead Institution", "Supporting Institution(s)"),
}

#: every column an estimate reads: the texts, the year (for the era) and the id
READ_COLUMNS = frozenset({"Commitment Unique Identifier", "Year Of Submission",
                          *(c for columns in FIELD_COLUMNS.values() for c in columns)})

_ITEM = re.compile(r"(?m)^[ \t]*(?:\d{1,2}(?:\.\d{1,2}){0,3}[.)]?|[-\u2022\uf0b7*\u2013\u25cf\u25aa>])[ \t]+")

#: The full text is scanned first: a field too short to tell its language (a title,
#: institution names) is read in the language of its commitment's text.
_SCAN_ORDER = (FIELDS.index("text"), *(f for f, name in enumerate(FIELDS) if name != "text"))

STRUCTURE = ("length", "years", "numbers", "list_items")
#: characters at the start of the full text that make the "lead" field (its matches
#: are the full text's that end there: the text is scanned once)
LEAD = 600
#: matches kept per feature and row, as evidence
MATCHES_KEPT = 3
ERA_FEATURES = ("era:legacy", "era:transitional", "era:refresh", "year")
#: log1p(milestones extracted), then the shares of them passing each SMART check; only
#: the verifiability estimates (verifiable, specificity) read them
MILESTONE_FEATURES = ("milestones", "milestones:measurable", "milestones:dated",
                      "milestones:responsible")


@attrs.frozen
class FeatureSet:
    """Feature matrix of a batch, and for each row the matches behind each feature."""

    names: tuple[str, ...]
    values: np.ndarray = attrs.field(repr=False)  # (rows, features) float64
    #: per row: feature index -> its first matches as (field, term, start, end)
    matches: tuple[dict[int, list[tuple[str, str, int, int]]], ...] = attrs.field(repr=False)
    #: the text fields read, by field name (for showing evidence in context)
    texts: dict[str, list[str]] | None = attrs.field(default=None, repr=False, eq=False)
    #: per row: the languages each non-empty field was read in (``("any",)``: not told)
    languages: tuple[dict[str, tuple[str, ...]], ...] = attrs.field(default=(), repr=False)
    #: per row: whether its title or full text holds a word, its full text in one of the
    #: lexicon's languages (None: every row)
    readable: np.ndarray | None = attrs.field(default=None, repr=False, eq=False)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def ngram_texts(self) -> list[str]:
        """What the n-grams read of each row: its title and full text."""
        texts = self.texts or {}
        titles, bodies = texts.get("title", []), texts.get("text", [])
        return [f"{title}\n{body}" for title, body in zip(titles, bodies)]

    def text_languages(self) -> list[str]:
        """Each row's full-text language: a language code where the text was read in
        exactly one, else ``""`` (too short to tell, several, none of the lexicon's)."""
        out = []
        for read_in in self.languages or [{}] * len(self.values):
            found = read_in.get("text", ())
            out.append(found[0] if len(found) == 1 and found[0] not in ("any", "none") else "")
        return out

    def subset(self, rows: Sequence[int] | np.ndarray) -> FeatureSet:
        """The features of some rows, in the order given."""
        texts = None if self.texts is None else {
            field: [values[i] for i in rows] for field, values in self.texts.items()}
        return FeatureSet(self.names, self.values[rows], tuple(self.matches[i] for i in rows),
                          texts, tuple(self.languages[i] for i in rows) if self.languages else (),
                          None if self.readable is None else self.readable[rows])


def feature_names(lexicon: Lexicon) -> tuple[str, ...]:
    """All feature names, in matrix column order."""
    lexical = tuple(f"{c}@{f}" for f in FIELDS for c in lexicon.concepts)
    return lexical + STRUCTURE + MILESTONE_FEATURES + ERA_FEATURES


def milestone_values(text: str) -> list[float]:
    """The milestone features of one full text (all 0 when it lists no milestone).

    Examples
    --------
    >>> values = milestone_values("Milestones:\\n1. Publish the register (June 2015)\\n"
    ...                           "2. Train staff (Ministry of Finance, Q4 2015)")
    >>> [round(v, 9) for v in values]  # log(1 + 2 milestones); the last digit is the CPU's
    [1.098612289, 0.5, 1.0, 0.5]
    """
    checks = [smart_check(m) for m in extract_milestones(text)]
    if not checks:
        return [0.0] * len(MILESTONE_FEATURES)
    n = len(checks)
    return [float(np.log1p(n)), sum(c.measurable_output for c in checks) / n,
            sum(c.dated for c in checks) / n, sum(c.responsible for c in checks) / n]


def text_fields(table: CommitmentTable) -> dict[str, list[str]]:
    """The text fields of every row: each field's columns joined by line breaks
    (a repeated cell, such as a short title equal to the title, once; line breaks
    read as :func:`read_text` reads them), and the lead cut from the full text."""
    out: dict[str, list[str]] = {}
    for field, columns in FIELD_COLUMNS.items():
        parts = [[read_text(v) for v in table.texts(c)] for c in columns]
        out[field] = ["\n".join(dict.fromkeys(p for p in row if p)) for row in zip(*parts)]
    out["lead"] = [text[:LEAD] for text in out["text"]]
    return {field: out[field] for field in FIELDS}


def era_values(years: Iterable[int]) -> np.ndarray:
    """One-hot era of the submission year, plus the centred year (0 if unknown)."""
    rows = []
    for year in years:
        if year < 0:
            rows.append([0.0, 0.0, 0.0, 0.0])
            continue
        era = era_for_year(int(year))
        rows.append([float(era == Era.LEGACY), float(era == Era.TRANSITIONAL),
                     float(era == Era.REFRESH), (int(year) - 2017) / 5.0])
    return np.array(rows, dtype=np.float64).reshape(-1, len(ERA_FEATURES))


def featurize(table: CommitmentTable, lexicon: Lexicon, *,
              milestones: bool = True) -> FeatureSet:
    """Scan every commitment once and build its features; with ``milestones`` False
    the milestone features are left at 0 and no milestone is extracted (for a
    calibration that weighs none of them: extraction is nearly half the time).

    Examples
    --------
    >>> import irm
    >>> from irm.scoring.estimate.lexicon import load_lexicon
    >>> fs = featurize(irm.read_ogp_csv(irm.sample_path()), load_lexicon())
    >>> fs.values.shape[0], bool(fs.values[0, fs.index("open_data@text")] > 0)
    (13, True)
    """
    with gc_paused():
        return _featurize(table, lexicon, milestones)


def check_text_columns(table: CommitmentTable) -> None:
    """Raise :class:`MissingColumnError` when ``table`` has no title or full-text
    column: every estimate would be ND, which more likely means the wrong file
    than a plan without text."""
    text_columns = (*FIELD_COLUMNS["title"], *FIELD_COLUMNS["text"])
    if not any(name in table.columns for name in text_columns):
        expected = "a header with one of " + ", ".join(map(repr, text_columns))
        raise MissingColumnError("no text column to estimate from", file=table.source, row=0,
                                 expected=expected)


def _featurize(table: CommitmentTable, lexicon: Lexicon, with_milestones: bool) -> FeatureSet:
    check_text_columns(table)
    fields = text_fields(table)
    n = len(table)
    n_concepts = len(lexicon.concepts)
    counts = np.zeros((n, len(FIELDS) * n_concepts), dtype=np.float64)
    structure = np.zeros((n, len(STRUCTURE)), dtype=np.float64)
    milestones = np.zeros((n, len(MILESTONE_FEATURES)), dtype=np.float64)
    all_matches: list[dict[int, list[tuple[str, str, int, int]]]] = []
    all_languages: list[dict[str, tuple[str, ...]]] = []
    foreign = np.zeros(n, dtype=bool)  # full text in none of the lexicon's languages
    names_of: dict[int, tuple[str, ...]] = {}  # language bit set -> its codes
    terms = lexicon.terms
    # the full texts first: a title and the other fields are read in their text's languages
    scans: dict[int, list[Scan]] = {}
    context_of = [ALL_LANGUAGES] * n
    text_field = FIELDS.index("text")
    for f in _SCAN_ORDER:
        field = FIELDS[f]
        if field != "lead":
            scans[f] = lexicon.scan_many(fields[field], fallbacks=context_of,
                                         prose=field == "text")
        if field == "text":
            context_of = [s[3] if t else ALL_LANGUAGES for s, t in zip(scans[f], fields[field])]
    for row in range(n):
        found: dict[int, list[tuple[str, str, int, int]]] = {}
        read_in: dict[str, tuple[str, ...]] = {}
        row_counts = counts[row]
        for f in _SCAN_ORDER:
            field = FIELDS[f]
            text = fields[field][row]
            if not text:
                continue
            offset = f * n_concepts
            if field == "lead":  # the start of the full text: its matches there, not a rescan
                hits = [hit for hit in scans[text_field][row][0] if hit[3] <= len(text)]
                languages = context_of[row]
            else:
                hits, numbers, years, languages = scans[f][row]
            if field == "text":
                foreign[row] = languages == NO_LANGUAGE
            elif field == "title" and not fields["text"][row]:  # a title is all there is
                foreign[row] = languages == NO_LANGUAGE
            if languages not in names_of:
                names_of[languages] = tuple(lexicon.language_names(languages))
            read_in[field] = names_of[languages]
            if field in ("title", "text"):
                structure[row, 1] += years
                structure[row, 2] += numbers
            for concept, index, start, end in hits:
                key = offset + concept
                row_counts[key] += 1
                kept = found.setdefault(key, [])
                if len(kept) < MATCHES_KEPT:
                    kept.append((field, terms[index].text, start, end))
        # as the scan does, text with separate accent marks is read composed
        body = composed(fields["text"][row])
        structure[row, 0] = len(composed(fields["title"][row])) + len(body)
        structure[row, 3] = len(_ITEM.findall(body))
        if body and with_milestones:
            milestones[row] = milestone_values(body)
        all_matches.append(found)
        all_languages.append({f: read_in[f] for f in FIELDS if f in read_in})
    years = table.codes_or_nd("Year Of Submission").tolist()  # missing codes are negative
    values = np.hstack([np.log1p(counts), np.log1p(structure), milestones, era_values(years)])
    readable = np.array([WORD.search(title) is not None or WORD.search(body) is not None
                         for title, body in zip(fields["title"], fields["text"])], dtype=bool)
    readable &= ~foreign  # a guess from length and era alone would read nothing
    return FeatureSet(feature_names(lexicon), values, tuple(all_matches), fields,
                      tuple(all_languages), readable)


def row_eras(table: CommitmentTable) -> np.ndarray:
    """The methodology era each row's plan is rated under, from its year of submission
    (``legacy``, ``transitional``, ``refresh``; ``""`` where the year is unknown)."""
    names = {Era.LEGACY: "legacy", Era.TRANSITIONAL: "transitional", Era.REFRESH: "refresh"}
    years = table.codes_or_nd("Year Of Submission").tolist()
    return np.array([names[era_for_year(y)] if y >= 0 else "" for y in years], dtype=object)


def row_groups(table: CommitmentTable, features: FeatureSet) -> list[tuple[str, ...]]:
    """The populations each row belongs to, whose confidences are calibrated apart:
    its era (``era:legacy``) and its full text's language (``language:es``)."""
    return [tuple(g for g in (f"era:{era}" if era else "", f"language:{lang}" if lang else "")
                  if g)
            for era, lang in zip(row_eras(table).tolist(), features.text_languages())]


def feature_mask(names: Sequence[str], rule: dict[str, tuple[str, ...]] | None, *,
                 milestones: bool = False) -> np.ndarray:
    """Which features an estimate may use: its rule's concepts in its rule's
    fields (every lexical feature without a rule), the structural and era
    features, and the milestone features only where ``milestones`` is set."""
    concepts = set(rule["concepts"]) if rule else set()
    fields = set(rule["fields"]) if rule else set()
    return np.array([
        name in STRUCTURE or name in ERA_FEATURES
        or (name in MILESTONE_FEATURES and milestones)
        or (is_lexical(name) and (rule is None or (name.partition("@")[0] in concepts
                                                   and name.partition("@")[2] in fields)))
        for name in names
    ])


def is_lexical(name: str) -> bool:
    """Whether a feature counts a lexicon concept in a field (``concept@field``)."""
    return "@" in name
