"""Exact IRM indicators: formulas, missing-code propagation, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.models import scales as S
from irm.models.columns import ID
from irm.models.missing import Missing
from irm.models.table import CommitmentTable
from irm.scoring import DerivationSettings, compare, derive, derive_columns, explain
from irm.scoring.indicators import sources
from tests.strategies import rating_codes

SCALE_OF = {
    "Specificity": S.SPECIFICITY, "Verifiable": S.VERIFIABLE,
    "OGP Value Access To Information": S.FLAG, "OGP Value Civic Participation": S.FLAG,
    "OGP Value Public Accountability": S.FLAG, "_Relevant": S.FLAG,
    "Potential Impact": S.POTENTIAL_IMPACT, "Potential for Results": S.POTENTIAL_FOR_RESULTS,
    "Completion (Progress Report)": S.COMPLETION, "Completion (End Of Term)": S.COMPLETION,
    "Early Results": S.EARLY_RESULTS, "Did It Open Government (Overall)": S.DIOG_OVERALL,
}


def table_of(*ratings: dict[str, int | str]) -> CommitmentTable:
    """A table from rating codes (or labels), one dict per commitment."""
    columns = list(dict.fromkeys(c for r in ratings for c in r))
    header = [ID, *columns]
    rows = []
    for k, r in enumerate(ratings):
        row = [f"VD{k:04d}"]
        for column in columns:
            value = r.get(column, "ND")
            if isinstance(value, str):
                row.append(value)
            elif column in SCALE_OF:
                row.append(str(SCALE_OF[column].from_code(value)))
            else:
                row.append(str(Missing.from_code(value)) if value < -900 else str(value))
        rows.append(row)
    return CommitmentTable.from_rows(header, rows)


LEGACY_STAR = {
    "Specificity": "High", "OGP Value Access To Information": "1",
    "OGP Value Civic Participation": "0", "OGP Value Public Accountability": "0",
    "Potential Impact": "Transformative", "Completion (Progress Report)": "Substantial",
    "Completion (End Of Term)": "Complete", "Report Publication Year (Progress Report)": "2014",
    "Report Publication Year (End Of Term)": "2016",
}


def value(table: CommitmentTable, column: str, row: int = 0) -> str:
    return str(derive_columns(table)[column][row])


def test_legacy_star_and_score():
    """A specific, relevant, transformative, complete commitment is starred and scores 4."""
    t = table_of(LEGACY_STAR)
    cols = derive_columns(t)
    assert [cols[c][0] for c in ("Starred (2015 Only)",
                                 "Starred (Current Formula) Progress Report",
                                 "Starred (Current Formula) End of Term", "Max star",
                                 "IRM-Based Score", "Binding constraint")] == [
        "1", "1", "1", "1", "4", "STAR"]


def test_star_rules_differ_on_moderate_impact():
    """Moderate impact stars under the 2014 rule, not under the current formula."""
    t = table_of({**LEGACY_STAR, "Potential Impact": "Moderate"})
    assert value(t, "Starred (2015 Only)") == "1"
    assert value(t, "Starred (Current Formula) Progress Report") == "0"
    older = derive_columns(t, settings=DerivationSettings(star_rule="2014"))
    assert older["Starred (Current Formula) End of Term"][0] == "1"
    assert value(t, "Binding constraint") == "PotImp"


def test_technology_alone_is_not_relevant():
    """Technology never counts towards relevance."""
    t = table_of({**LEGACY_STAR, "OGP Value Access To Information": "0",
                  "OGP Value Technology": "1"})
    assert value(t, "_Relevant") == "0" and value(t, "Binding constraint") == "Rel"


def test_no_end_of_term_star_after_2020():
    """Stars stop for reports published after 2020."""
    t = table_of({**LEGACY_STAR, "Report Publication Year (End Of Term)": "2021"})
    assert value(t, "Starred (Current Formula) End of Term") == "ND"
    assert value(t, "Max star") == "1"  # falls back to the progress-report star


def test_missing_codes_propagate_as_published():
    """NA progress completion gives NA stars; NR first report gives NR and score -1."""
    t = table_of({**LEGACY_STAR, "Specificity": "ND", "Verifiable": "Yes",
                  "Completion (Progress Report)": "NA"},
                 {**LEGACY_STAR, "Specificity": "NR", "Potential Impact": "NR",
                  "Completion (Progress Report)": "NR", "Completion (End Of Term)": "NR",
                  "Report Publication Year (Progress Report)": "NR",
                  "Report Publication Year (End Of Term)": "NR",
                  "OGP Value Access To Information": "NR"})
    cols = derive_columns(t)
    assert cols["Starred (Current Formula) Progress Report"].tolist() == ["NA", "NR"]
    assert cols["Raw Completion"].tolist() == ["5", "NR"]
    assert cols["High Ambition"].tolist() == ["1", "NR"]
    assert cols["IRM-Based Score"].tolist() == ["4", "-1"]
    assert cols["Binding constraint"].tolist() == ["STAR", "NR"]


def test_refresh_rows_keep_the_irm_relevance_verdict():
    """Refresh rows read _Relevant as given; Potential for Results does not make them ambitious."""
    t = table_of({"Specificity": "ND", "Verifiable": "Yes",
                  "OGP Value Access To Information": "ND", "OGP Value Civic Participation": "ND",
                  "OGP Value Public Accountability": "ND", "_Relevant": "1",
                  "Potential Impact": "ND", "Potential for Results": "Substantial",
                  "Completion (End Of Term)": "Complete", "Early Results": "Significant",
                  "Report Publication Year (Progress Report)": "2022"})
    cols = derive_columns(t)
    assert cols["_Relevant"][0] == "1" and cols["High Ambition"][0] == "ND"
    assert cols["Ambition Assessed"][0] == "1" and cols["High DIOG"][0] == "1"
    assert cols["IRM-Based Score"][0] == "4" and cols["Max star"][0] == "ND"


def test_change_in_completion_excludes_withdrawn():
    """Withdrawn is not comparable; otherwise the change is end minus progress."""
    t = table_of({**LEGACY_STAR, "Completion (Progress Report)": "Withdrawn"},
                 {**LEGACY_STAR, "Completion (Progress Report)": "Limited"},
                 {**LEGACY_STAR, "Completion (Progress Report)": "Complete",
                  "Completion (End Of Term)": "Limited"})
    cols = derive_columns(t)
    assert cols["_ChangeCompletion"].tolist() == ["ND", "2", "-2"]
    assert cols["Change In Completion"].tolist() == ["ND", "Increase", "Decrease"]


def test_derive_writes_in_place_and_appends_absent_columns():
    """Present derived columns are replaced where they stand; absent ones are appended."""
    t = table_of({**LEGACY_STAR, "Did It Open Government (Overall)": "ND",
                  "Early Results": "ND"}).with_columns({"IRM-Based Score": ["99"]})
    d = derive(t)
    assert d.columns[: len(t.columns)] == t.columns
    assert d.column("IRM-Based Score")[0] == "4" and "Binding constraint" in d.columns


@given(rating_codes(), rating_codes())
def test_a_derived_column_depends_only_on_its_traced_sources(ratings, other):
    """Changing ratings outside a column's sources never changes it (the file's own
    _Relevant aside: a fallback where a core value is missing)."""
    derived = derive_columns(table_of(ratings))
    for column, needed in sources().items():
        mixed = {c: ratings[c] if c in needed or c == "_Relevant" else other[c]
                 for c in ratings}
        assert derive_columns(table_of(mixed))[column][0] == derived[column][0], column


def test_sources_are_traced_from_the_formulas():
    """Each derived column names the export columns it is computed from."""
    found = sources()
    assert found["Raw Completion"] == {"Completion (Progress Report)", "Completion (End Of Term)"}
    assert found["_Specificity"] == {"Specificity"} and found["Commitment Dummy"] == set()
    assert {"Specificity", "Verifiable", "Report Publication Year (End Of Term)"} \
        <= found["Binding constraint"]


def test_published_columns_without_their_inputs_are_kept():
    """A published derived column whose inputs the file lacks keeps its values (they cannot
    be recomputed), feeds the columns after it, is left out of the comparison, and the
    report names what is missing."""
    t = CommitmentTable.from_rows(
        [ID, "Potential Impact", "_CompletionProgress", "High Ambition", "_Potential Impact"],
        [["VD0001", "Moderate", "4", "1", "NR"], ["VD0002", "Minor", "NR", "0", "1"]])
    cols = derive_columns(t)
    assert cols["_CompletionProgress"].tolist() == ["4", "NR"]  # not ND from an absent label
    assert cols["High Ambition"].tolist() == ["1", "0"]
    assert cols["_Potential Impact"].tolist() == ["2", "1"]  # its label is there: recomputed
    # the columns after a kept one read its published values (not ND from the absent label)
    assert cols["Raw Completion"].tolist() == ["4", "ND"]  # NR only when both reports are NR
    assert cols["High Completion"].tolist() == ["1", "0"]
    report = compare(t, derived=cols)
    assert report.kept["_CompletionProgress"] == ("Completion (Progress Report)",)
    assert "OGP Value Civic Participation" in report.kept["High Ambition"]
    assert set(report.agreement) == {"_Potential Impact"}
    assert [d.column for d in report.differences] == ["_Potential Impact"]


def test_explanation_names_the_binding_criterion():
    """The explanation's first failing criterion is the binding constraint."""
    t = table_of({**LEGACY_STAR, "Completion (End Of Term)": "Limited",
                  "Completion (Progress Report)": "Limited"})
    e = explain(t, 0)
    assert [c.status for c in e.criteria] == ["pass", "pass", "pass", "fail"]
    assert e.binding_constraint == "Cmpl" and not e.starred
    assert e.indicators["IRM-Based Score"] == "3"


@pytest.mark.parametrize(("verifiable", "status"),
                         [("Yes", "pass"), ("No", "fail"), ("NR", "missing")])
def test_transitional_explanation_reads_verifiable(verifiable, status):
    """Transitional rows have no Specificity: 'specific' is judged on Verifiable."""
    t = table_of({"Verifiable": verifiable, "OGP Value Access To Information": "1",
                  "OGP Value Civic Participation": "0", "OGP Value Public Accountability": "0",
                  "Potential Impact": "Transformative", "Completion (Progress Report)": "NR",
                  "Report Publication Year (Progress Report)": "2017"})
    e = explain(t, 0)
    assert e.era == irm.Era.TRANSITIONAL
    assert [c.status for c in e.criteria] == [status, "pass", "pass", "missing"]
    assert ("Verifiable = NR" in e.missing_inputs) == (verifiable == "NR")
    assert "Completion (Progress Report) = NR" in e.missing_inputs


# --- properties ----------------------------------------------------------------


def _next_level(column: str, code: int) -> int | None:
    codes = SCALE_OF[column].codes
    if code < -900 or code == codes[-1]:
        return None
    return codes[codes.index(code) + 1]


SCORE_COLUMNS = ("IRM-Based Score", "Starred (2015 Only)",
                 "Starred (Current Formula) Progress Report",
                 "Starred (Current Formula) End of Term", "Max star")


@given(rating_codes(), st.sampled_from(sorted(SCALE_OF)))
def test_raising_a_rating_never_lowers_score_or_removes_a_star(ratings, column):
    """Raising any single rating one level never lowers the score or removes a star."""
    higher = _next_level(column, ratings[column])
    if higher is None:
        return
    t = table_of(ratings, {**ratings, column: higher})
    cols = derive_columns(t)
    before, after = int(cols["IRM-Based Score"][0]), int(cols["IRM-Based Score"][1])
    assert after >= before
    for star in SCORE_COLUMNS[1:]:
        if cols[star][0] == "1":
            assert cols[star][1] == "1"


@given(rating_codes())
def test_starred_implies_ambitious_and_complete(ratings):
    """A star at a report means high ambition and Substantial/Complete at that report."""
    t = table_of(ratings)
    cols = derive_columns(t)
    if cols["Starred (Current Formula) End of Term"][0] == "1":
        assert cols["High Ambition"][0] == "1" and cols["High Completion"][0] == "1"
    if cols["Starred (Current Formula) Progress Report"][0] == "1":
        assert cols["High Ambition"][0] == "1" and t.codes["Completion (Progress Report)"][0] >= 4
    if cols["Starred (Current Formula) Progress Report"][0] == "1":
        assert cols["Starred (2015 Only)"][0] == "1"  # the 2014 rule is weaker


@given(rating_codes())
def test_missing_codes_never_become_ratings(ratings):
    """A missing label gives the same missing code, and missing inputs give no rating."""
    t = table_of(ratings)
    cols = derive_columns(t)
    for label, code_column in (("Specificity", "_Specificity"),
                               ("Potential Impact", "_Potential Impact"),
                               ("Completion (End Of Term)", "_CompletionEndTerm")):
        if ratings[label] < -900:
            assert cols[code_column][0] == str(Missing.from_code(ratings[label]))
    if ratings["Potential Impact"] < -900:
        assert cols["High Ambition"][0] == str(Missing.from_code(ratings["Potential Impact"]))
    if min(ratings["Completion (Progress Report)"], ratings["Completion (End Of Term)"]) < -900 \
            and max(ratings["Completion (Progress Report)"],
                    ratings["Completion (End Of Term)"]) < -900:
        assert cols["Raw Completion"][0] in ("ND", "NR", "NA")
        assert cols["High Completion"][0] == "0"


# --- OGP's published data ------------------------------------------------------------

#: Chained agreement of ogp-data.md §5.1 (and §4 for the code columns).
DOC_CHAINED = {
    "_Specificity": 399, "_Potential Impact": 399, "_CompletionProgress": 399,
    "_Potential for Results": 399, "_CompletionEndTerm": 399, "_Early Results": 399,
    "_OpenGovernment": 399, "_DIOGATI": 398, "_DIOGCP": 397, "_DIOGPA": 390,
    "_Relevant": 397, "Starred (2015 Only)": 388,
    "Starred (Current Formula) Progress Report": 388,
    "Starred (Current Formula) End of Term": 397, "Max star": 395, "_ChangeCompletion": 390,
    "Change In Completion": 395, "Raw Completion": 399, "Max Completion": 399,
    "High Completion": 399, "Comp Assessed": 399, "Midterm Only": 399, "High Ambition": 398,
    "Ambition Assessed": 399, "High DIOG": 399, "DIOG Assessed": 399, "Not reviewed": 399,
    "Ambitious and complete, or DIOG": 391, "Ambitious but not complete": 391,
    "Complete but not ambitious": 390, "Not complete or ambitious": 389, "CHECKSUM": 392,
    "IRM-Based Score": 381, "Binding constraint": 398, "Active Commitment": 399,
    "Commitment Dummy": 399, "Subnational in NAPs": 399, "Latest IRM Report": 399,
}


def scrambled(table: CommitmentTable) -> CommitmentTable:
    """The table with every derived column overwritten, so nothing can be copied through."""
    values = np.stack([table.codes[c] for c in ("OGP Value Access To Information",
                                                "OGP Value Civic Participation",
                                                "OGP Value Public Accountability")])
    computable = (values > -900).all(axis=0)
    updates = {c: ["ND"] * len(table) for c in DOC_CHAINED if c != "_Relevant"}
    updates["_Relevant"] = np.where(computable, "NR", table.column("_Relevant")).tolist()
    for tag in ("Anti-Corruption and Integrity", "Money in Politics", "Access to information"):
        updates[tag] = ["0"] * len(table)
    return table.with_columns(updates)


def test_dev_file_reproduced_at_least_as_documented(dev_table):
    """From scrambled derived columns, each column matches the file as often as the doc says."""
    recomputed = derive(scrambled(dev_table))
    for column, documented in DOC_CHAINED.items():
        agree = int(np.count_nonzero(recomputed.column(column) == dev_table.column(column)))
        assert agree >= documented, column
    for tag in ("Anti-Corruption and Integrity", "Money in Politics", "Access to information"):
        assert (recomputed.column(tag) == dev_table.column(tag)).all()
    for column in ("IRM Assessed", "Most Recently Assessed", "Star - Most Recently Assessed"):
        assert (recomputed.column(column) == dev_table.column(column)).all()


def test_dev_file_differences_are_the_documented_anomalies(dev_table):
    """Every differing cell falls in a documented anomaly class, as ogp-data.md §5 lists them."""
    report = compare(dev_table)
    found = {(d.commitment_id, d.column): d.anomaly for d in report.differences}
    expected_rows = {
        "_ChangeCompletion": {"MN0020": "older-copy", "TN0001": "older-copy",
                              "TN0004": "older-copy", "TN0007": "older-copy",
                              "TN0008": "older-copy", "JO0048": "hand-entered",
                              "JO0050": "hand-entered", "GT0066": "other-missing-code",
                              "BG0039": "other-missing-code"},
        "_Relevant": {"SK0116": "hand-entered", "JO0062": "other-missing-code"},
        "Starred (Current Formula) End of Term": {"GH0021": "era-rule-exception",
                                                  "GH0025": "era-rule-exception"},
        "Max star": {"BUE0009": "inherited", "GH0021": "inherited", "GH0025": "inherited",
                     "SK0130": "inherited"},
        "Change In Completion": {"BG0028": "hand-entered", "FR0026": "hand-entered",
                                 "GT0066": "other-missing-code",
                                 "BG0039": "other-missing-code"},
        "Binding constraint": {"SK0116": "inherited"},
        "High Ambition": {"JO0062": "inherited"},
    }
    for column, rows in expected_rows.items():
        assert {cid: cls for (cid, col), cls in found.items() if col == column} == rows
    stars = {cid for (cid, col) in found if col == "Starred (Current Formula) Progress Report"}
    assert stars == {"BUE0009", "SK0059", "SK0088", "SK0113", "SK0114", "SK0115", "SK0116",
                     "SK0117", "SK0118", "SK0119", "SK0130"}
    assert found[("US0005", "Not complete or ambitious")] == "missing-input-classified"
    assert found[("US0017", "Complete but not ambitious")] == "missing-input-classified"
    category_rows = {cid for (cid, col), cls in found.items()
                     if col.startswith(("Ambitious", "Complete but", "Not complete"))}
    assert len(category_rows) == 21  # 20 in the published block + JO0062, chained
    score_rows = {cid for (cid, col) in found if col == "IRM-Based Score"}
    assert len(score_rows) == 18 and all(found[(c, "IRM-Based Score")] == "inherited"
                                         for c in score_rows)


def test_dev_file_isolated_agreement(dev_table):
    """Each formula fed the file's own inputs agrees as often as the doc's isolated figures."""
    report = compare(dev_table)
    for column, documented in {"Max star": 399, "CHECKSUM": 399, "IRM-Based Score": 399,
                               "Binding constraint": 399, "High Ambition": 399,
                               "Ambitious but not complete": 392}.items():
        assert report.isolated[column] >= documented, column


def test_sample_plan_has_no_differences():
    """The bundled sample's published indicators are exactly the recomputed ones."""
    report = compare(irm.read_ogp_csv(irm.sample_path()))
    assert report.differences == () and report.passed_through


def _explorer_table():
    from tests.io.test_explorer import EXPLORER_CSV

    if not EXPLORER_CSV.exists():
        pytest.skip(f"OGP Explorer data not found at {EXPLORER_CSV}")
    return irm.read_ogp_csv(EXPLORER_CSV)


@pytest.mark.parametrize("which", ["dev", "explorer"])
def test_every_explanation_states_the_derived_star(which, request):
    """explain's verdict is the derived Max star for every real row: one source of truth
    (the dev file once had 12 rows explained as starred whose Max star is ND)."""
    table = request.getfixturevalue("dev_table") if which == "dev" else _explorer_table()
    derived = derive(table).column("Max star").tolist()
    for i in range(len(table)):
        e = explain(table, i)
        assert e.star == derived[i], (i, e.commitment_id)
        assert e.starred == (derived[i] == "1")
        assert (e.verdict == "starred") == e.starred
        title = e._repr_html_()
        assert ("is starred" in title) == e.starred


def _one_star_row(specificity: str) -> CommitmentTable:
    return CommitmentTable.from_rows(
        ["Commitment Unique Identifier", "Specificity", "Potential Impact",
         "Completion (Progress Report)", "OGP Value Access To Information",
         "OGP Value Civic Participation", "OGP Value Public Accountability",
         "Report Publication Year (Progress Report)"],
        [["VD0001", specificity, "Moderate", "Complete", "1", "0", "0", "2013"]])


def test_the_pre_june_2014_rule_asks_for_no_specificity():
    """A relevant, Moderate, complete commitment of Low specificity: starred under the
    rule of reports before June 2014, not under the 2014 four-part rule."""
    from irm.scoring import DerivationSettings

    table = _one_star_row("Low")
    column = "Starred (Current Formula) Progress Report"
    assert derive(table, settings=DerivationSettings(star_rule="pre-2014")).column(column)[0] == "1"
    assert derive(table, settings=DerivationSettings(star_rule="2014")).column(column)[0] == "0"
    e = explain(table, 0, settings=DerivationSettings(star_rule="pre-2014"))
    assert e.starred and e.criteria[0].status == "pass"
    assert "not a criterion" in e.criteria[0].rule and "no specificity" in " ".join(e.rules)


def test_the_pre_june_2014_rule_reproduces_the_explorers_own_star_column():
    """On OGP's Explorer file, the third rule gives the published 'Starred (pre-June 2014
    assessments)' on 99% or more of the rows it rates (irm-methodology.md §1.6)."""
    from irm.scoring import DerivationSettings, derive_columns

    table = _explorer_table()
    stars = derive_columns(table, settings=DerivationSettings(star_rule="pre-2014"))[
        "Starred (Current Formula) Progress Report"]
    published = table.column("Starred (pre-June 2014 assessments)")
    rated = np.isin(published, ["0", "1"])
    assert rated.sum() > 300 and (stars[rated] == published[rated]).mean() >= 0.99


def test_differences_a_chosen_star_rule_makes_are_named_so():
    """derive --star-rule 2014 on a file that follows OGP's rule: the differences the
    rule makes are 'star-rule', not 'hand-entered'."""
    from irm.scoring import DerivationSettings, compare

    table = derive(_one_star_row("High"))  # published as OGP's 2015+ rule gives it
    report = compare(table, settings=DerivationSettings(star_rule="2014"))
    stars = [d for d in report.differences if d.column.startswith("Starred (Current")]
    assert stars and all(d.anomaly == "star-rule" for d in stars)
    assert all(d.anomaly != "hand-entered" for d in report.differences)
