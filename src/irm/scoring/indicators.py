"""Exact IRM indicators: every derived column of OGP's export, vectorised.

The formulas are those of ``ogp-data.md`` §5, evaluated in its order over
``int16`` code arrays; the missing codes ``ND``/``NR``/``NA`` are sentinels
that propagate exactly as OGP's published data shows. Each formula is a
small function of named input arrays, so the same code runs *chained*
(every input recomputed from the raw ratings) or *isolated* (inputs taken
from the published columns), which is how differences from the published
file are told apart from inherited ones.
"""

from __future__ import annotations

import functools
from collections import ChainMap
from typing import Callable, Mapping

import attrs
import numpy as np

from irm.models.columns import LABEL_TO_CODE, NOT_DERIVABLE
from irm.models.missing import Missing, is_missing_code
from irm.models.table import CODE_DTYPE, CommitmentTable, codes_by_value
from irm.models.taxonomy import load_taxonomy

__all__ = [
    "DerivationSettings",
    "STAR_RULES",
    "StarRule",
    "derive_codes",
    "sources",
    "unsourced",
    "published_codes",
    "derived_strings",
    "DERIVED_ORDER",
    "CATEGORICAL",
    "INPUTS",
    "MISSING_WORDS",
    "num",
    "roll_up_tags",
    "NOT_DERIVABLE",
    "CHANGE_LABELS",
    "BINDING_LABELS",
]

ND, NR, NA = Missing.ND.code, Missing.NR.code, Missing.NA.code

@attrs.frozen
class StarRule:
    """What a star needs: ``impact`` the lowest Potential Impact code (Moderate 2,
    Transformative 3), and whether Specificity must be Medium or High."""

    name: str
    impact: int
    specificity: bool
    description: str


#: The IRM's star rules (irm-methodology.md §1.6): OGP's current formula (2015+), the
#: 2014 four-part rule, and the three-part rule of reports published before June 2014,
#: which the Explorer's "Starred (pre-June 2014 assessments)" follows (790 of 792 rows).
STAR_RULES = {
    "2015+": StarRule("2015+", 3, True, "specific, relevant, Transformative, Substantial "
                                        "or Complete"),
    "2014": StarRule("2014", 2, True, "specific, relevant, Moderate or Transformative, "
                                      "Substantial or Complete"),
    "pre-2014": StarRule("pre-2014", 2, False, "relevant, Moderate or Transformative, "
                                               "Substantial or Complete (no specificity "
                                               "criterion)"),
}

Codes = np.ndarray
Env = Mapping[str, Codes]


@attrs.frozen
class DerivationSettings:
    """Parameters of the derivation (defaults reproduce OGP's export).

    ``active_reference_year`` is the export year behind ``Active Commitment``;
    ``latest_report_window`` the years ``Latest IRM Report`` looks at.
    """

    active_reference_year: int = 2024
    latest_report_window: tuple[int, int] = (2018, 2020)
    star_rule: str = attrs.field(default="2015+", validator=attrs.validators.in_(STAR_RULES))


def num(a: Codes) -> Codes:
    """True where a code is a number rather than a missing-code sentinel."""
    return ~is_missing_code(a)


def _full(n: int, value: int) -> Codes:
    return np.full(n, value, dtype=CODE_DTYPE)


def _flag(mask: Codes) -> Codes:
    return mask.astype(CODE_DTYPE)


def _pick(conditions: list[Codes], choices: list[Codes | int], default: Codes | int) -> Codes:
    return np.select(conditions, choices, default=default).astype(CODE_DTYPE)


# --- the formulas (ogp-data.md §5) -------------------------------------------------


def relevant(e: Env) -> Codes:
    """§5.2: 1 if any core value is 1; NR if one is NR; else the file's own value."""
    ati, cp, pa = e["OGP Value Access To Information"], e["OGP Value Civic Participation"], \
        e["OGP Value Public Accountability"]
    complete = num(ati) & num(cp) & num(pa)
    any_one = (ati == 1) | (cp == 1) | (pa == 1)
    any_nr = (ati == NR) | (cp == NR) | (pa == NR)
    return _pick([complete, any_nr], [_flag(any_one), NR], e["_Relevant (input)"])


def progress_star(e: Env, rule: StarRule) -> Codes:
    """§5.3: star at the progress report under ``rule``."""
    s, p, c, rel = e["_Specificity"], e["_Potential Impact"], e["_CompletionProgress"], \
        e["_Relevant"]
    specific = (s >= 2) if rule.specificity else np.ones(len(s), dtype=bool)
    star = num(p) & num(c) & specific & (rel == 1) & (p >= rule.impact) & (c >= 4)
    return _pick([s == NR, c == NA, s == ND], [NR, NA, ND], _flag(star & num(s)))


def end_of_term_star(e: Env, rule: StarRule) -> Codes:
    """§5.3: star at the end of term under ``rule``; none for reports published after 2020."""
    s, c, y = e["_Specificity"], e["_CompletionEndTerm"], e["Report Publication Year (End Of Term)"]
    pi, rel = e["_Potential Impact"], e["_Relevant"]
    specific = np.where(num(s), s >= 2, e["Verifiable"] == 1) if rule.specificity else \
        np.ones(len(s), dtype=bool)
    specific_known = num(s) | (s == ND)
    star = specific & (rel == 1) & (pi >= rule.impact) & (c >= 4)
    return _pick(
        [c == NR, ~num(c), ~(num(y) & (y <= 2020)), ~specific_known, ~num(pi) | ~num(rel)],
        [NR, ND, ND, ND, ND],
        _flag(star),
    )


def max_star(e: Env) -> Codes:
    """§5.3: the most recent star (end of term first), not a maximum."""
    end, prog = e["Starred (Current Formula) End of Term"], \
        e["Starred (Current Formula) Progress Report"]
    return _pick([num(end), num(prog), prog == NA], [end, prog, NA], ND)


def _comparable(e: Env) -> Codes:
    p, end = e["_CompletionProgress"], e["_CompletionEndTerm"]
    return num(p) & num(end) & (p != 0) & (end != 0)


def change_completion(e: Env) -> Codes:
    """§5.4: end-of-term code minus progress code (Withdrawn excluded)."""
    p, end = e["_CompletionProgress"], e["_CompletionEndTerm"]
    return _pick([end == NR, _comparable(e)], [NR, end - p], ND)


#: Codes used for the labels of Change In Completion (strings are written).
CHANGE_LABELS = {1: "Increase", 0: "No Change", -1: "Decrease"}


def change_in_completion(e: Env) -> Codes:
    """§5.4: sign of the change (1 Increase, 0 No Change, -1 Decrease)."""
    p, end = e["_CompletionProgress"], e["_CompletionEndTerm"]
    return _pick([end == NR, _comparable(e)], [NR, np.sign(end - p)], ND)


def raw_completion(e: Env) -> Codes:
    """§5.5: most recent completion code (end of term, else progress)."""
    p, end = e["_CompletionProgress"], e["_CompletionEndTerm"]
    return _pick([num(end), num(p), (p == NR) & (end == NR)], [end, p, NR], ND)


def max_completion(e: Env) -> Codes:
    """§5.5: Raw Completion on 0-3 (Not Started 0 ... Complete 3); Withdrawn/Unclear ND."""
    raw = e["Raw Completion"]
    return _pick([num(raw) & (raw >= 2), num(raw)], [raw - 2, ND], raw)


def high_completion(e: Env) -> Codes:
    raw = e["Raw Completion"]
    return _flag(num(raw) & (raw >= 4))


def comp_assessed(e: Env) -> Codes:
    return _flag(num(e["Max Completion"]))


def midterm_only(e: Env) -> Codes:
    p, end = e["_CompletionProgress"], e["_CompletionEndTerm"]
    return _pick([num(end), p == NR], [0, end], 1)


def high_ambition(e: Env) -> Codes:
    """§5.6: Moderate or Transformative impact, and relevant (PfR not used)."""
    pi = e["_Potential Impact"]
    return np.where(num(pi), _flag((pi >= 2) & (e["_Relevant"] == 1)), pi).astype(CODE_DTYPE)


def ambition_assessed(e: Env) -> Codes:
    return _flag(num(e["_Potential Impact"]) | num(e["_Potential for Results"]))


def high_diog(e: Env) -> Codes:
    og, er = e["_OpenGovernment"], e["_Early Results"]
    return _flag((num(og) & (og >= 3)) | (num(er) & (er >= 2)))


def diog_assessed(e: Env) -> Codes:
    return _flag(num(e["_OpenGovernment"]) | num(e["_Early Results"]))


def not_reviewed(e: Env) -> Codes:
    return _flag(e["Report Publication Year (Progress Report)"] == NR)


def _cat1(e: Env) -> Codes:
    return ((e["High Ambition"] == 1) & (e["High Completion"] == 1)) | (e["High DIOG"] == 1)


def category(e: Env, ambitious: int, complete: int) -> Codes:
    """§5.7 categories 2-4: not cat1, and High Ambition / High Completion as given."""
    return _flag(~_cat1(e) & (e["High Ambition"] == ambitious) & (e["High Completion"] == complete))


def checksum(e: Env) -> Codes:
    total = sum(e[c].astype(np.int32) for c in _CATEGORY_COLUMNS) + e["Not reviewed"]
    return total.astype(CODE_DTYPE)


def irm_based_score(e: Env) -> Codes:
    return _pick(
        [e[_CATEGORY_COLUMNS[0]] == 1, e[_CATEGORY_COLUMNS[1]] == 1,
         e[_CATEGORY_COLUMNS[2]] == 1, e["Not reviewed"] == 1],
        [4, 3, 2, -1], 1,
    )


#: Binding constraint categories, coded for the arrays (strings are written).
BINDING_LABELS = {0: "Spec", 1: "Rel", 2: "PotImp", 3: "Cmpl", 4: "STAR", 5: "FALSE"}


def binding_constraint(e: Env) -> Codes:
    """§5.8: first star criterion failed; spreadsheet semantics (a code never fails)."""
    y = e["Report Publication Year (Progress Report)"]
    def below(v: Codes, k: int) -> Codes:  # spreadsheet semantics: a code never fails
        return num(v) & (v < k)

    rel = e["_Relevant"]
    return _pick(
        [(y == NR) | (y == ND), below(e["_Specificity"], 2), num(rel) & (rel == 0),
         below(e["_Potential Impact"], 3), below(e["Raw Completion"], 4), e["Max star"] == 1],
        [y, 0, 1, 2, 3, 4], 5,
    )


def latest_irm_report(e: Env, window: tuple[int, int]) -> Codes:
    """§5.9: latest report year inside the window, else NA."""
    lo, hi = window
    years = [e["Report Publication Year (Progress Report)"],
             e["Report Publication Year (End Of Term)"]]
    inside = [np.where(num(y) & (y >= lo) & (y <= hi), y, -1) for y in years]
    latest = np.maximum(*inside)
    return np.where(latest >= 0, latest, NA).astype(CODE_DTYPE)


_CATEGORY_COLUMNS = (
    "Ambitious and complete, or DIOG",
    "Ambitious but not complete",
    "Complete but not ambitious",
    "Not complete or ambitious",
)

Formula = Callable[[Env], Codes]


def _formulas(settings: DerivationSettings) -> dict[str, Formula]:
    """Derived column -> formula, in OGP's evaluation order (§5.1)."""
    rule = STAR_RULES[settings.star_rule]
    return {
        "_Relevant": relevant,
        "Starred (2015 Only)": lambda e: progress_star(e, STAR_RULES["2014"]),
        "Starred (Current Formula) Progress Report": lambda e: progress_star(e, rule),
        "Starred (Current Formula) End of Term": lambda e: end_of_term_star(e, rule),
        "Max star": max_star,
        "_ChangeCompletion": change_completion,
        "Change In Completion": change_in_completion,
        "Raw Completion": raw_completion,
        "Max Completion": max_completion,
        "High Completion": high_completion,
        "Comp Assessed": comp_assessed,
        "Midterm Only": midterm_only,
        "High Ambition": high_ambition,
        "Ambition Assessed": ambition_assessed,
        "High DIOG": high_diog,
        "DIOG Assessed": diog_assessed,
        "Not reviewed": not_reviewed,
        _CATEGORY_COLUMNS[0]: lambda e: _flag(_cat1(e)),
        _CATEGORY_COLUMNS[1]: lambda e: category(e, 1, 0),
        _CATEGORY_COLUMNS[2]: lambda e: category(e, 0, 1),
        _CATEGORY_COLUMNS[3]: lambda e: category(e, 0, 0),
        "CHECKSUM": checksum,
        "IRM-Based Score": irm_based_score,
        "Binding constraint": binding_constraint,
        "Latest IRM Report": lambda e: latest_irm_report(e, settings.latest_report_window),
    }


#: Derived columns a formula computes, in evaluation order (code columns first).
DERIVED_ORDER = (*LABEL_TO_CODE.values(), *_formulas(DerivationSettings()),
                 "Commitment Dummy", "Active Commitment", "Subnational in NAPs")

#: Which published columns each formula reads (for isolated evaluation).
INPUTS: dict[str, tuple[str, ...]] = {
    "_Relevant": ("OGP Value Access To Information", "OGP Value Civic Participation",
                  "OGP Value Public Accountability"),
    "Starred (2015 Only)": ("_Specificity", "_Potential Impact", "_CompletionProgress",
                            "_Relevant"),
    "Starred (Current Formula) Progress Report": ("_Specificity", "_Potential Impact",
                                                  "_CompletionProgress", "_Relevant"),
    "Starred (Current Formula) End of Term": ("_Specificity", "_CompletionEndTerm",
                                              "_Potential Impact", "_Relevant", "Verifiable"),
    "Max star": ("Starred (Current Formula) End of Term",
                 "Starred (Current Formula) Progress Report"),
    "_ChangeCompletion": ("_CompletionProgress", "_CompletionEndTerm"),
    "Change In Completion": ("_CompletionProgress", "_CompletionEndTerm"),
    "Raw Completion": ("_CompletionProgress", "_CompletionEndTerm"),
    "Max Completion": ("Raw Completion",),
    "High Completion": ("Raw Completion",),
    "Comp Assessed": ("Max Completion",),
    "Midterm Only": ("_CompletionProgress", "_CompletionEndTerm"),
    "High Ambition": ("_Potential Impact", "_Relevant"),
    "High DIOG": ("_OpenGovernment", "_Early Results"),
    **{c: ("High Ambition", "High Completion", "High DIOG") for c in _CATEGORY_COLUMNS},
    "CHECKSUM": (*_CATEGORY_COLUMNS, "Not reviewed"),
    "IRM-Based Score": (*_CATEGORY_COLUMNS, "Not reviewed"),
    "Binding constraint": ("_Specificity", "_Relevant", "_Potential Impact", "Raw Completion",
                           "Max star"),
}

#: Columns whose codes stand for text categories when written.
CATEGORICAL: dict[str, dict[int, str]] = {
    "Change In Completion": CHANGE_LABELS,
    "Binding constraint": BINDING_LABELS,
}


#: Each raw input a formula reads -> the export column it is read from.
_RAW_SOURCE: dict[str, str] = {
    **{code_column: label for label, code_column in LABEL_TO_CODE.items()},
    **{column: column for column in (
        "OGP Value Access To Information", "OGP Value Civic Participation",
        "OGP Value Public Accountability", "Verifiable",
        "Report Publication Year (Progress Report)", "Report Publication Year (End Of Term)",
        "Action Plan End Year", "Subnational")},
    "_Relevant (input)": "_Relevant",  # the file's own verdict where a value is missing
}


def _raw_inputs(table: CommitmentTable) -> dict[str, Codes]:
    """Code arrays of the raw ratings a derivation reads (ND where absent)."""
    n = len(table)
    return {key: table.codes[column] if column in table.codes else _full(n, ND)
            for key, column in _RAW_SOURCE.items()}


class _Reads(dict[str, Codes]):
    """An environment that notes which keys a formula reads."""

    def __init__(self, values: Mapping[str, Codes]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Codes:
        self.read.add(key)
        return super().__getitem__(key)


def sources(*, settings: DerivationSettings | None = None) -> dict[str, frozenset[str]]:
    """Derived column -> the export columns its value is computed from.

    Traced, not listed: each formula runs once on an environment that notes
    what it reads, so the answer follows the formulas. The file's own
    ``_Relevant``, read only where a core value is missing, is not counted.

    Examples
    --------
    >>> sorted(sources()["High Ambition"])  # doctest: +NORMALIZE_WHITESPACE
    ['OGP Value Access To Information', 'OGP Value Civic Participation',
     'OGP Value Public Accountability', 'Potential Impact']
    """
    return dict(_traced_sources(settings or DerivationSettings()))


@functools.lru_cache(maxsize=8)
def _traced_sources(settings: DerivationSettings) -> dict[str, frozenset[str]]:
    env = _Reads({key: _full(1, ND) for key in _RAW_SOURCE})
    found = {code_column: frozenset([label]) for label, code_column in LABEL_TO_CODE.items()}
    for column, formula in _formulas(settings).items():
        env.read.clear()
        env[column] = formula(env)
        found[column] = frozenset().union(*(
            found[key] if key in found else {_RAW_SOURCE[key]} for key in env.read
            if key != "_Relevant (input)"))  # a fallback, not needed to compute
    # computed in derive_codes beside the formulas
    found["Commitment Dummy"] = frozenset()
    found["Active Commitment"] = frozenset(["Action Plan End Year"])
    found["Subnational in NAPs"] = frozenset(["Subnational", "National Or Local"])
    return found


def unsourced(table: CommitmentTable,
              *, settings: DerivationSettings | None = None) -> dict[str, tuple[str, ...]]:
    """Published derived columns that cannot be recomputed from ``table``, each
    with the columns it is computed from that the table lacks. Their published
    values stand: recomputed from absent inputs they would be missing codes.

    Examples
    --------
    >>> t = CommitmentTable.from_rows(
    ...     ["Commitment Unique Identifier", "Potential Impact", "_Potential Impact",
    ...      "High Ambition"], [["VD0001", "Moderate", "2", "1"]])
    >>> unsourced(t)["High Ambition"][0], "_Potential Impact" in unsourced(t)
    ('OGP Value Access To Information', False)
    """
    found = {}
    for column, needed in sources(settings=settings).items():
        absent = sorted(c for c in needed if c not in table)
        if absent and column in table:
            found[column] = tuple(absent)
    return found


def published_codes(column: str, cells: np.ndarray) -> Codes:
    """Codes of a published derived column (unreadable values read as ND)."""
    words = {word: code for code, word in {**MISSING_WORDS, **CATEGORICAL.get(column, {})}.items()}

    def code_of(value: str) -> int:
        text = value.strip()
        if text in words:
            return words[text]
        try:
            return int(float(text))
        except ValueError:
            return ND

    return codes_by_value(cells, code_of)


def derive_codes(table: CommitmentTable, *, settings: DerivationSettings | None = None,
                 published: Mapping[str, Codes] | None = None) -> dict[str, Codes]:
    """Compute every derivable column as code arrays.

    With ``published`` (codes of the file's derived columns), each formula
    reads the published values of its derived inputs instead of the
    recomputed ones: the *isolated* mode of ``ogp-data.md`` §5.1. A column
    the file publishes without the inputs it is computed from keeps its
    published values (:func:`unsourced`), and the columns after it read them.

    Examples
    --------
    >>> from irm.models.table import CommitmentTable
    >>> t = CommitmentTable.from_rows(
    ...     ["Commitment Unique Identifier", "Completion (Progress Report)",
    ...      "Completion (End Of Term)"], [["VD0001", "Limited", "Complete"]])
    >>> codes = derive_codes(t)
    >>> int(codes["Raw Completion"][0]), int(codes["_ChangeCompletion"][0])
    (5, 2)
    """
    settings = settings or DerivationSettings()
    kept = unsourced(table, settings=settings)

    def own(column: str) -> Codes:  # a column the file publishes but lacks the inputs of
        return published_codes(column, table.column(column))

    env = _raw_inputs(table)
    n = len(table)
    for column in LABEL_TO_CODE.values():
        if column in kept:
            env[column] = own(column)
    out: dict[str, Codes] = {c: env[c] for c in LABEL_TO_CODE.values()}
    source: Env = env if published is None else ChainMap(dict(published), env)
    for column, formula in _formulas(settings).items():
        out[column] = env[column] = own(column) if column in kept else formula(source)
    out["Commitment Dummy"] = _full(n, 1)
    out["Active Commitment"] = _flag(num(env["Action Plan End Year"])
                                     & (env["Action Plan End Year"]
                                        >= settings.active_reference_year))
    national = (table.column("National Or Local") == "National") \
        if "National Or Local" in table else np.zeros(n, bool)
    out["Subnational in NAPs"] = _flag((env["Subnational"] == 1) & national)
    for column in ("Active Commitment", "Subnational in NAPs"):
        if column in kept:
            out[column] = own(column)
    return out


#: Sentinel -> the missing code as written ("ND", "NR", "NA").
MISSING_WORDS = {m.code: m.value for m in Missing}


def derived_strings(column: str, codes: Codes) -> np.ndarray:
    """Codes of a derived column in OGP's string forms (``1``, ``ND``, ``PotImp`` ...).

    One lookup per distinct code, then a single gather: no per-row Python.
    """
    words = {**MISSING_WORDS, **CATEGORICAL.get(column, {})}
    codes = np.asarray(codes)
    if codes.size == 0:
        return np.array([], dtype=object)
    low, high = int(codes.min()), int(codes.max())
    lookup = np.array([words.get(v, str(v)) for v in range(low, high + 1)], dtype=object) \
        if high - low < 4096 else None
    if lookup is not None:
        return np.take(lookup, codes - np.int16(low) if codes.dtype == np.int16 else codes - low)
    values, inverse = np.unique(codes, return_inverse=True)
    text = np.array([words.get(int(v), str(int(v))) for v in values], dtype=object)
    return text[inverse.reshape(-1)]


def roll_up_tags(table: CommitmentTable) -> dict[str, np.ndarray]:
    """Policy-area parents and legacy roll-ups recomputed (ogp-data.md §6.4).

    Modern parents roll up one way (a parent set directly stays set); legacy
    roll-ups are exact ORs; ``ND``/``NA`` contribute nothing to an OR.
    Returns the cells of the tag columns that are present, as strings.
    """
    tax = load_taxonomy()
    out: dict[str, np.ndarray] = {}
    for area in tax:
        if area.name not in table.codes:
            continue
        own = table.codes[area.name]
        members = tax.children(area.name) if area.kind == "area" else area.members
        implied_by = [a.name for a in tax if area.name in a.implies]
        sources = [table.codes[m] == 1 for m in (*members, *implied_by) if m in table.codes]
        if not sources:
            continue
        any_set = np.logical_or.reduce(sources)
        cells = np.array(table.column(area.name), dtype=object)
        if area.kind == "legacy_rollup":
            cells = np.where(any_set, "1", np.where(num(own), "0", cells))
        else:
            cells = np.where(any_set, "1", cells)
        out[area.name] = cells.astype(object)
    return out

