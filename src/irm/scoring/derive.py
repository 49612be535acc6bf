"""Recompute OGP's derived columns, compare them with the published ones,
and explain every result.

:func:`derive` gives a new table with every derivable column recomputed
from the raw rating labels, in OGP's string forms and column order.
:func:`compare` reports, per column and row by row, where the published
values differ from the recomputed ones and which anomaly class of
``ogp-data.md`` §5.14 each difference belongs to. :func:`explain` says, for
one commitment, which star criterion binds and why.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

import attrs
import numpy as np

from irm.models.assessment import Era
from irm.models.columns import ID, LABEL_TO_CODE, NOT_DERIVABLE
from irm.models.missing import Missing, is_missing_code
from irm.models.table import CommitmentTable, subset
from irm.scoring import indicators as ind
from irm.scoring.indicators import (
    DERIVED_ORDER,
    INPUTS,
    MISSING_WORDS,
    DerivationSettings,
    derive_codes,
    derived_strings,
    num,
    published_codes,
    roll_up_tags,
    unsourced,
)

__all__ = [
    "derive",
    "derive_columns",
    "unsourced",
    "compare",
    "explain",
    "DerivationReport",
    "Difference",
    "Explanation",
    "ANOMALY_CLASSES",
]

ND = Missing.ND.code
_MISSING = frozenset(MISSING_WORDS.values())

#: the columns of ``irm derive --diff``
DIFFERENCE_COLUMNS = ("row", "Commitment Unique Identifier", "column", "published", "recomputed",
                      "isolated", "anomaly", "meaning")

#: Anomaly classes of ogp-data.md §5.14, as reported by :func:`compare`.
ANOMALY_CLASSES = {
    "older-copy": "computed from an older copy: fits an earlier or differently sorted state "
                  "of the ratings",
    "hand-entered": "contradicts its own inputs; no rule reproduces it",
    "other-missing-code": "the rule gives one code (or a value) and the file holds another",
    "era-rule-exception": "a value exists where the era rule says none should",
    "missing-input-classified": "categorised although an input is missing",
    "inherited": "caused by an upstream anomaly (the formula agrees on the published inputs)",
    "tag-roll-up": "a roll-up tag differs from the OR of its members",
    "star-rule": "follows OGP's current star rule (2015+), not the one chosen for derive: "
                 "recomputed with OGP's rule it agrees",
}

_CATEGORY_BLOCK = ("Ambitious and complete, or DIOG", "Ambitious but not complete",
                   "Complete but not ambitious", "Not complete or ambitious", "CHECKSUM",
                   "IRM-Based Score")


def derive_columns(table: CommitmentTable,
                   *, settings: DerivationSettings | None = None) -> dict[str, np.ndarray]:
    """Every derivable column recomputed, as arrays of OGP strings.

    Includes the code columns (``_Specificity`` ...), the formula columns and
    the policy-area roll-ups; excludes the plan-level flags that need the
    full OGP database (:data:`~irm.models.columns.NOT_DERIVABLE`). A column
    the table publishes without its inputs (:func:`unsourced`) is kept verbatim.
    """
    codes = derive_codes(table, settings=settings)
    out = {column: derived_strings(column, codes[column]) for column in DERIVED_ORDER}
    out.update(roll_up_tags(table))
    for column in unsourced(table, settings=settings):  # its codes were read back; keep its very cells
        out[column] = np.asarray(table.column(column), dtype=object)
    return out


def derive(table: CommitmentTable, *, settings: DerivationSettings | None = None) -> CommitmentTable:
    """A new table with every derivable column recomputed from the raw labels.

    Columns already in the table are replaced in place; derived columns it
    lacks are appended in OGP's evaluation order. ``IRM Assessed``, ``Most
    Recently Assessed`` and ``Star - Most Recently Assessed`` pass through.

    Examples
    --------
    >>> t = CommitmentTable.from_rows(
    ...     ["Commitment Unique Identifier", "Specificity", "Potential Impact",
    ...      "Completion (Progress Report)", "OGP Value Access To Information",
    ...      "OGP Value Civic Participation", "OGP Value Public Accountability",
    ...      "Report Publication Year (Progress Report)"],
    ...     [["VD0001", "High", "Transformative", "Complete", "1", "0", "0", "2014"]])
    >>> d = derive(t)
    >>> d.column("Starred (Current Formula) Progress Report")[0], d.column("IRM-Based Score")[0]
    ('1', '4')
    """
    return table.with_columns(derive_columns(table, settings=settings))


# --- comparison with the published values --------------------------------------------


@attrs.frozen
class Difference:
    """One published value that differs from the recomputed one."""

    row: int  # 1-based data row
    commitment_id: str
    column: str
    published: str
    derived: str
    isolated: str  # the formula applied to the file's own inputs
    anomaly: str  # a key of ANOMALY_CLASSES


@attrs.frozen
class DerivationReport:
    """Agreement between recomputed and published derived columns."""

    rows: int
    agreement: Mapping[str, int]  # column -> rows where chained value == published
    isolated: Mapping[str, int]  # column -> rows where isolated value == published
    differences: tuple[Difference, ...]
    passed_through: tuple[str, ...]
    #: published columns kept as they are: column -> the inputs the file lacks
    kept: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def by_class(self) -> Counter[str]:
        return Counter(d.anomaly for d in self.differences)

    def for_column(self, column: str) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.column == column)

    def difference_rows(self) -> list[tuple[str, ...]]:
        """The differences as rows of :data:`DIFFERENCE_COLUMNS` (``irm derive --diff``)."""
        return [(str(d.row), d.commitment_id, d.column, d.published, d.derived, d.isolated,
                 d.anomaly, ANOMALY_CLASSES[d.anomaly]) for d in self.differences]

    def summary(self, *, recomputed: int | None = None, appended: int = 0,
                star_rule: str = "2015+") -> str:
        """What derive did, in lines: how many columns it recomputed, each published
        column that differs with its anomaly classes, what it kept and passed through."""
        count = len(self.agreement) if recomputed is None else recomputed
        lines = [f"{count} derived columns recomputed for {self.rows} commitments (star rule "
                 f"{star_rule}); {len(self.agreement)} were published in the input"
                 + (f", {appended} appended" if appended else "")]
        changed = {c: self.rows - k for c, k in self.agreement.items() if k < self.rows}
        for column, differ in changed.items():
            classes = sorted({d.anomaly for d in self.for_column(column)})
            lines.append(f"{column}: {differ} published value(s) differ ({', '.join(classes)})")
        if not changed:
            lines.append("every published value agrees with the recomputed one")
        if self.kept:
            lines.append("kept as published (the file lacks inputs they are computed from):")
            lines += [f"  {column} (no {', '.join(absent)})" for column, absent in
                      self.kept.items()]
        if self.passed_through:
            lines.append("passed through unchanged (plan-level flags that need the full OGP "
                         "database): " + ", ".join(self.passed_through))
        return "\n".join(lines)

    def __repr__(self) -> str:
        classes = ", ".join(f"{k} {v}" for k, v in sorted(self.by_class().items()))
        return (f"<DerivationReport: {self.rows} rows, {len(self.agreement)} published columns "
                f"compared, {len(self.differences)} values differ"
                + (f" ({classes})" if classes else "") + ">")

    def _repr_html_(self, shown: int = 20) -> str:
        from irm._html import card, table

        differing = [(c, self.rows - k, ", ".join(sorted({d.anomaly for d in self.for_column(c)})))
                     for c, k in self.agreement.items() if k < self.rows]
        body = table(differing, ("column", "values that differ", "anomaly classes"),
                     caption="published columns that differ from the recomputed ones") \
            if differing else "<p>every published value agrees with the recomputed one</p>"
        if self.differences:
            body += table(((d.row, d.commitment_id, d.column, d.published, d.derived, d.anomaly)
                           for d in self.differences[:shown]),
                          ("row", "commitment", "column", "published", "recomputed", "anomaly"),
                          caption=f"the first {min(shown, len(self.differences))} of "
                                  f"{len(self.differences)} differences")
        if self.kept:
            body += table(((c, ", ".join(a)) for c, a in self.kept.items()),
                          ("kept as published", "the file lacks"))
        return card("Derived columns against the published ones", body,
                    subtitle=f"{self.rows} commitments, {len(self.agreement)} columns compared")


def _classify(column: str, published: str, derived: str, isolated: str,
              context: Mapping[str, Any]) -> str:
    missing = _MISSING
    if isolated == published and column in INPUTS:
        return "inherited"
    if column in LABEL_TO_CODE.values():
        return "other-missing-code" if {published, derived} & missing else "hand-entered"
    if column in context["tags"]:
        return "tag-roll-up"
    if column == "Starred (Current Formula) End of Term" and derived == "ND" \
            and published not in missing and context["late_report"]:
        return "era-rule-exception"
    if column in _CATEGORY_BLOCK and context["ambition_missing"] and published != derived:
        return "missing-input-classified"
    if published == "NR" and derived not in missing:
        return "older-copy"
    if {published, derived} & missing:
        return "other-missing-code"
    if column in _CATEGORY_BLOCK:
        return "older-copy"
    return "hand-entered"


def compare(table: CommitmentTable, *, settings: DerivationSettings | None = None,
            derived: Mapping[str, np.ndarray] | None = None) -> DerivationReport:
    """Compare the table's published derived columns with recomputed ones.

    Only columns present in the table, and recomputable from it, are compared
    (see :func:`unsourced`). Each difference gets an anomaly class
    (:data:`ANOMALY_CLASSES`) from what it looks like, never from which row it is in.

    Examples
    --------
    >>> t = CommitmentTable.from_rows(
    ...     ["Commitment Unique Identifier", "Potential Impact", "_Potential Impact"],
    ...     [["VD0001", "Minor", "1"], ["VD0002", "Moderate", "NR"]])
    >>> [(d.commitment_id, d.published, d.derived, d.anomaly) for d in compare(t).differences]
    [('VD0002', 'NR', '2', 'other-missing-code')]
    """
    derived = derived if derived is not None else derive_columns(table, settings=settings)
    # under another star rule, what OGP's own rule gives tells a rule's difference apart
    ogp_rule = derive_columns(table, settings=attrs.evolve(settings, star_rule="2015+")) \
        if settings is not None and settings.star_rule != "2015+" else None
    kept = unsourced(table, settings=settings)
    present = [c for c in derived if c in table and c not in kept]
    published = {c: published_codes(c, table.column(c)) for c in present
                 if c in INPUTS or c in LABEL_TO_CODE.values()
                 or any(c in deps for deps in INPUTS.values())}
    isolated_codes = derive_codes(table, settings=settings, published=published)
    ids = table.column(ID) if ID in table else np.array([""] * len(table), dtype=object)
    ambition = published.get("High Ambition")
    if ambition is None:  # not published: the chained value stands in
        ambition = published_codes("High Ambition", derived["High Ambition"])
    pi_missing = ~num(ambition)
    end_year = table.codes.get("Report Publication Year (End Of Term)")
    late = (num(end_year) & (end_year > 2020)) if end_year is not None else \
        np.zeros(len(table), bool)
    tags = set(roll_up_tags(table))
    agreement: dict[str, int] = {}
    isolated_agreement: dict[str, int] = {}
    differences: list[Difference] = []
    for column in present:
        mine = derived[column]
        theirs = table.column(column)
        iso = derived_strings(column, isolated_codes[column]) if column in isolated_codes \
            else mine
        same = mine == theirs
        agreement[column] = int(np.count_nonzero(same))
        isolated_agreement[column] = int(np.count_nonzero(iso == theirs))
        for i in np.flatnonzero(~same):
            context = {"late_report": bool(late[i]), "ambition_missing": bool(pi_missing[i]),
                       "tags": tags}
            anomaly = "star-rule" if ogp_rule is not None and ogp_rule[column][i] == theirs[i] \
                else _classify(column, str(theirs[i]), str(mine[i]), str(iso[i]), context)
            differences.append(Difference(
                int(i) + 1, str(ids[i]), column, str(theirs[i]), str(mine[i]), str(iso[i]),
                anomaly))
    differences.sort(key=lambda d: (d.row, table.columns.index(d.column)))
    return DerivationReport(len(table), agreement, isolated_agreement, tuple(differences),
                            tuple(c for c in NOT_DERIVABLE if c in table), kept)


# --- explanations ---------------------------------------------------------------------


@attrs.frozen
class Criterion:
    """One star criterion for one commitment."""

    name: str
    status: str  # "pass", "fail" or "missing"
    value: str
    rule: str


@attrs.frozen
class Explanation:
    """Why a commitment's indicators came out as they did."""

    commitment_id: str
    era: Era
    star_rule: str
    criteria: tuple[Criterion, ...]
    binding_constraint: str
    indicators: Mapping[str, str]
    missing_inputs: tuple[str, ...]
    rules: tuple[str, ...]

    @property
    def star(self) -> str:
        """The derived ``Max star``, as derive writes it: ``1``, ``0``, or why there is
        none (``ND``, ``NR``, ``NA``). The verdict is this, not a second reading of the
        criteria."""
        return self.indicators["Max star"]

    @property
    def starred(self) -> bool:
        return self.star == "1"

    @property
    def verdict(self) -> str:
        """One line: starred, not starred, or no star and why."""
        if self.star == "1":
            return "starred"
        if self.star == "0":
            return "not starred"
        return f"no star ({self.star}: {STAR_MISSING.get(self.star, 'not derivable')})"

    def _repr_html_(self) -> str:
        from irm._html import card, table

        criteria = table(((c.name, c.status, c.value, c.rule) for c in self.criteria),
                         ("star criterion", "status", "value", "rule"))
        facts = table([("Max star", self.star),
                       ("binding constraint", self.binding_constraint),
                       ("IRM-based score", self.indicators.get("IRM-Based Score", "")),
                       ("missing inputs", "; ".join(self.missing_inputs) or "none"),
                       ("rules applied", "; ".join(self.rules))])
        title = {"starred": f"Why {self.commitment_id} is starred",
                 "not starred": f"Why {self.commitment_id} is not starred"}.get(
            self.verdict, f"Why {self.commitment_id} has no star")
        return card(title, criteria + facts,
                    subtitle=f"{self.verdict}; era: {self.era.label}")


#: Why a commitment's Max star is a missing code (ogp-data.md §5.3)
STAR_MISSING = {
    "ND": "no star exists for this row: no report that awards one (a refresh plan, an "
          "end-of-term report after 2020, or a rating the star needs is ND)",
    "NR": "the report that would award it is not yet published",
    "NA": "the design report did not assess completion",
}


def explain(table: CommitmentTable, i: int,
            *, settings: DerivationSettings | None = None) -> Explanation:
    """Explain row ``i``'s derived indicators as data.

    Only row ``i`` is derived, so explaining one commitment of a large table
    is cheap.

    Examples
    --------
    >>> import irm
    >>> e = explain(irm.read_ogp_csv(irm.sample_path()), 1)  # moderate impact
    >>> e.binding_constraint, [c.status for c in e.criteria]
    ('PotImp', ['pass', 'pass', 'fail', 'pass'])
    """
    settings = settings or DerivationSettings()
    table = subset(table, np.array([i]))
    i = 0
    codes = derive_codes(table, settings=settings)
    era = Era(int(table.eras()[i]))
    star_rule = ind.STAR_RULES[settings.star_rule]
    threshold = star_rule.impact
    words = MISSING_WORDS

    def code(column: str) -> int:
        return int(codes[column][i])

    def criterion(name: str, value: int, ok: bool, rule: str) -> Criterion:
        status = "missing" if is_missing_code(value) else ("pass" if ok else "fail")
        return Criterion(name, status, words.get(value, str(value)), rule)

    spec_code = code("_Specificity")
    if spec_code == ND and era == Era.TRANSITIONAL:
        verifiable = int(table.codes["Verifiable"][i]) if "Verifiable" in table.codes else ND
        specific = criterion("specific", verifiable, verifiable == 1,
                             "Verifiable = Yes (transitional rows have no Specificity)")
    else:
        specific = criterion("specific", spec_code, spec_code >= 2,
                             "Specificity Medium or High (code >= 2)")
    if not star_rule.specificity:  # the pre-June 2014 rule asked for no specificity
        specific = Criterion("specific", "pass", specific.value,
                             f"not a criterion under star rule {star_rule.name}")
    relevant, impact, raw = code("_Relevant"), code("_Potential Impact"), code("Raw Completion")
    criteria = (
        specific,
        criterion("relevant", relevant, relevant == 1,
                  "relevant to access to information, civic participation or public "
                  "accountability (technology alone never counts)"),
        criterion("ambitious", impact, impact >= threshold,
                  f"Potential Impact >= {threshold} "
                  f"({'Moderate' if threshold == 2 else 'Transformative'}; "
                  f"star rule {settings.star_rule})"),
        criterion("complete", raw, raw >= 4,
                  "most recent completion Substantial or Complete (code >= 4)"),
    )
    rules = [f"era: {era.label}", f"star rule {settings.star_rule}: {star_rule.description}"]
    if era == Era.REFRESH:
        rules.append("refresh rows: _Relevant is the IRM's own verdict; Potential for Results "
                     "is not used for High Ambition; no stars")
    end_year = table.codes.get("Report Publication Year (End Of Term)")
    if end_year is not None and end_year[i] > 2020:
        rules.append("no end-of-term star: report published after 2020")
    stages = {"Starred (Current Formula) End of Term": "end-of-term star",
              "Starred (Current Formula) Progress Report": "progress-report star"}
    rules.append("Max star is the most recent star: " + "; ".join(
        f"{name} {derived_strings(column, codes[column][i:i + 1])[0]}"
        for column, name in stages.items()))
    raw_inputs = [c for c in ("Specificity", "Verifiable", "Potential Impact",
                              "Potential for Results", "Completion (Progress Report)",
                              "Completion (End Of Term)", "Did It Open Government (Overall)",
                              "Early Results", "OGP Value Access To Information",
                              "OGP Value Civic Participation", "OGP Value Public Accountability")
                  if c in table.codes and is_missing_code(table.codes[c][i])]
    missing_inputs = tuple(f"{c} = {words[int(table.codes[c][i])]}" for c in raw_inputs)
    indicators = {c: str(derived_strings(c, codes[c][i:i + 1])[0]) for c in DERIVED_ORDER}
    return Explanation(
        commitment_id=str(table.column(ID)[i]) if ID in table else str(i),
        era=era, star_rule=settings.star_rule, criteria=criteria,
        binding_constraint=indicators["Binding constraint"], indicators=indicators,
        missing_inputs=missing_inputs, rules=tuple(rules),
    )
