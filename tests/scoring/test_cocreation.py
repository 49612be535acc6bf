"""Co-creation verdicts: codes recomputed from the answers, the rules of each version,
consecutive cycles contrary to process, and explanations that agree with the columns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.io.process_csv import read_process_csv
from irm.models.cocreation import load_cocreation_rules, parse_cocreation_rules
from irm.errors import DataFileError, InvalidValueError
from irm.scoring.cocreation import (VERDICT_COLUMNS, assess_plans, cocreation_outcomes,
                                    compare_process, derive_process, explain_cocreation,
                                    progress_from_commitments)
from tests.conftest import export_text
from tests.process_fixtures import (EXPLORER_ROWS, PROCESS_CSV, explorer_row, explorer_text,
                                    standards_row, standards_text, write)


@pytest.fixture
def explorer(tmp_path):
    return read_process_csv(write(tmp_path / "p.csv", explorer_text(EXPLORER_ROWS)))


def standards(tmp_path, rows):
    return read_process_csv(write(tmp_path / "s.csv", standards_text(rows)))


# --- the rules as data ---------------------------------------------------------------

def test_rules_mark_what_the_methodology_does_not_confirm():
    rules = load_cocreation_rules()
    requirements = {r.id: r.confidence for r in rules.rule_set("2022").requirements}
    assert {k for k, v in requirements.items() if v == "confirmed"} == {"1.1", "2.1", "2.2"}
    assert requirements["4.1"] == "unconfirmed"
    iap2 = rules.scale("iap2")
    assert iap2.level("Inform") < iap2.level("Consult") < iap2.level("Involve") \
        < iap2.level("Collaborate") < iap2.level("Empower")
    assert len(rules.digest) == 64


def test_a_rules_file_naming_an_unknown_field_is_refused():
    raw = (irm.sample_process_path().parent / "cocreation.json").read_bytes()
    broken = raw.replace(b'"field": "timeline"', b'"field": "timelime"', 1)
    with pytest.raises(DataFileError, match="timelime"):
        parse_cocreation_rules(broken, "mine.json")


def test_an_unknown_rule_set_names_the_accepted_ones(explorer):
    with pytest.raises(InvalidValueError, match="'pre-2016', '2022'"):
        assess_plans(explorer, rule_set="2016")


# --- the six steps -----------------------------------------------------------------------

def test_codes_and_count_are_recomputed_from_the_answers(explorer):
    assessment = assess_plans(explorer)
    valdoria1, valdoria2, kenya1, kenya2 = assessment.plans
    assert [s.code for s in valdoria1.steps] == ["1", "0", "1", "1", "1", "0"]
    assert valdoria1.steps_followed == "4" and valdoria2.steps_followed == "5"
    assert kenya1.steps_followed == "NR"  # nothing reported: not 0
    assert kenya1.codes["forum_code"] == "NR" and kenya2.codes["forum_code"] == "0"
    assert compare_process(explorer, assessment=assessment).differences == ()


def test_a_blank_code_column_is_computed_not_left_blank(tmp_path):
    rows = [explorer_row("Valdoria", "1", "2012", ["Yes", "No", "Yes", "Yes", "Yes", "No"],
                         codes=[""] * 6, count="")]
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    derived = derive_process(table)
    assert derived["_Timelineavailability"] == ["1"]
    assert derived["_Number of steps followed (out of 6)"] == ["4"]
    comparison = compare_process(table)
    assert all(blank == 1 for *_, blank in comparison.columns[:6])


def test_published_codes_that_differ_are_listed_and_classified(tmp_path):
    rows = [
        explorer_row("Valdoria", "1", "2012", ["Yes", "No", "Yes", "Yes", "Yes", "No"],
                     codes=["0", "0", "NR", "1", "1", "0"]),
        explorer_row("Valdoria", "2", "2013", ["NR"] * 6, count="0",
                     codes=["NR", "NR", "NR", "NA", "NR", "NR"]),
    ]
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    comparison = compare_process(table)
    kinds = {(d.row, d.column): d.kind for d in comparison.differences}
    assert kinds == {
        (1, "_Timelineavailability"): "disagrees with the answer",
        (1, "_Awareness-Raising"): "missing code for a reported answer",
        (2, "_Online consultation"): "another missing code",
        (2, "_Number of steps followed (out of 6)"): "unreported steps counted as 0",
    }
    timeline = next(c for c in comparison.columns if c[0] == "_Timelineavailability")
    assert timeline[2:4] == (1, 0)  # one plan with the input, not agreeing


def test_influence_minimum_is_involve_then_inform(explorer):
    plans = assess_plans(explorer).plans
    assert [p.influence[0].status for p in plans] == ["not met", "met", "not assessed",
                                                      "not met"]
    assert plans[1].contrary == "ND"  # influence met; the other triggers cannot be assessed
    assert plans[0].contrary == "Yes" and "influence" in plans[0].cells()[
        "Contrary to process: triggers met"]
    assert plans[3].influence[1].cell == "NA"  # no forum: implementation not assessed


# --- contrary to process in its versions -------------------------------------------------

def test_two_consecutive_cycles_contrary_place_a_member_under_review(tmp_path):
    rows = [  # plan 4 had no document repository; the forum did not meet from plan 5 on
        standards_row(3, 2019, "2019-01-10", "2018-08-31", "Met"),
        standards_row(4, 2021, "2021-02-01", "2020-08-31", "Met", repository="Not met"),
        standards_row(5, 2022, "2022-03-01", "2021-08-31", "Not met"),
        standards_row(6, 2023, "2023-12-15", "2023-08-31", "Not met"),
        standards_row(8, 2026, "2026-01-15", "2025-08-31", "Not met"),
        standards_row(9, 2027, "2027-10-01", "2027-08-31", "Met"),
    ]
    plans = {p.number: p for p in assess_plans(standards(tmp_path, rows)).plans}
    assert {n: p.process_rule for n, p in plans.items()} == {
        3: "pre-2022", 4: "pre-2022", 5: "2022", 6: "2022-07", 8: "2022-07", 9: "2022-07"}
    # plan 3: no trigger met, but the file cannot show the IAP2 levels or the due date
    assert {n: p.contrary for n, p in plans.items()} == {
        3: "ND", 4: "Yes", 5: "Yes", 6: "Yes", 8: "Yes", 9: "No"}
    assert {n: p.consecutive for n, p in plans.items()} == {
        3: "ND", 4: "1", 5: "2", 6: "3", 8: "1", 9: "0"}  # no plan 7: the run restarts
    # the automatic review exists only from July 2022
    assert {n: p.automatic_review for n, p in plans.items()} == {
        3: "NA", 4: "NA", 5: "NA", 6: "Yes", 8: "No", 9: "No"}


def test_pre_2022_plans_use_the_repository_trigger(tmp_path):
    plans = assess_plans(standards(tmp_path, [
        standards_row(3, 2019, "2019-01-10", "2018-08-31", "Met", repository="Not met")])).plans
    assert plans[0].contrary == "Yes"
    assert plans[0].cells()["Contrary to process: triggers met"] == "repository"


def test_late_plan_counts_months_from_the_previous_plan_end(tmp_path):
    rows = [standards_row(6, 2023, "2024-09-01", "2023-08-31", "Met"),   # 12 months + 1 day
            standards_row(7, 2025, "2024-08-31", "2023-08-31", "Met", member="Kenya",
                          code="KEN")]
    plans = assess_plans(standards(tmp_path, rows)).plans
    late = [next(t for t in p.triggers if t.id == "late-plan") for p in plans]
    assert [t.status for t in late] == ["met", "not met"]
    assert "2024-08-31" in late[0].reason


def test_a_process_rule_can_be_forced_and_is_named(tmp_path):
    rows = [standards_row(5, 2022, "2022-03-01", "2021-08-31", "Not met"),
            standards_row(6, 2023, "2023-12-15", "2023-08-31", "Not met")]
    plans = assess_plans(standards(tmp_path, rows), process_rule="2022").plans
    assert {p.process_rule for p in plans} == {"2022"}
    assert [p.automatic_review for p in plans] == ["NA", "NA"]


def test_no_progress_from_the_commitments(tmp_path):
    rows = [standards_row(6, 2023, "2023-09-01", "2023-08-31", "Met", progress="")]
    table = standards(tmp_path, rows)
    header = ["Commitment Unique Identifier", "Code", "Action Plan Number",
              "Completion (End Of Term)"]
    commitments = irm.read_ogp_csv(write(tmp_path / "c.csv", export_text(header, [
        ["VD1", "VLD", "6", "Not Started"], ["VD2", "VLD", "6", "Not Started"]])))
    progress = progress_from_commitments(commitments)
    assert progress == {"AP_VLD06": False}
    plan = assess_plans(table, progress=progress)[0]
    assert plan.contrary == "Yes" and "no-progress" in plan.cells()[
        "Contrary to process: triggers met"]
    assert assess_plans(table)[0].contrary == "ND"  # without them: not assessed


# --- one code path ---------------------------------------------------------------------------

STEP = st.sampled_from(["Yes", "No", "NR", "NA"])
LEVEL = st.sampled_from(["Inform", "Consult", "Involve", "Collaborate", "NR", "NA"])


@given(st.lists(st.tuples(st.lists(STEP, min_size=6, max_size=6), LEVEL, LEVEL,
                          st.sampled_from(["1", "2", "3", "5"])), min_size=1, max_size=6))
def test_the_explanation_is_the_derived_columns(tmp_path_factory, plans):
    rows = [explorer_row("Valdoria", number, "2013", steps, dev=dev, imp=imp)
            for steps, dev, imp, number in dict((p[3], p) for p in plans).values()]
    path = write(tmp_path_factory.mktemp("p") / "p.csv", explorer_text(rows))
    table = read_process_csv(path)
    derived = derive_process(table)
    for i in range(len(table)):
        explained = explain_cocreation(table, i)
        assert explained.cells() == {c: derived[c][i] for c in VERDICT_COLUMNS}
        assert explained.steps_followed == derived["_Number of steps followed (out of 6)"][i]
        assert explained.verdict in str(explained)


def test_explanation_shows_each_step_and_the_versions(explorer):
    text = str(explain_cocreation(explorer, 0))
    assert "step 1 (process and timeline available before the consultation): Yes -> code 1" \
        in text
    assert "Procedural Review version pre-2022" in text and "rules 2026" in text
    html = explain_cocreation(explorer, 0)._repr_html_()
    assert "<table" in html and "Valdoria" in html


def test_outcomes_join_commitments_by_plan(tmp_path):
    rows = [explorer_row("Kenya", "1", "2012", ["Yes"] * 6, dev="Collaborate"),
            explorer_row("Kenya", "2", "2014", ["No"] * 6, dev="Consult"),
            explorer_row("Kenya", "3", "2016", ["No"] * 6, dev="NR")]
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    values = ["OGP Value Access To Information", "OGP Value Civic Participation",
              "OGP Value Public Accountability",
              "OGP Value Technology & Innovation for Transparency & Accountability"]
    header = ["Commitment Unique Identifier", "Code", "Action Plan Number", "Potential Impact",
              *values, "Completion (End Of Term)"]
    commitments = irm.read_ogp_csv(write(tmp_path / "c.csv", export_text(header, [
        ["KE1", "KEN", "1", "Transformative", "1", "0", "0", "0", "Complete"],
        ["KE2", "KEN", "1", "Minor", "1", "0", "0", "0", "Limited"],
        ["KE3", "KEN", "2", "Minor", "1", "0", "0", "0", "Substantial"],
        ["KE4", "KEN", "9", "Minor", "1", "0", "0", "0", "Complete"]])))
    outcomes = cocreation_outcomes(table, commitments)
    by = {g.group: g for g in outcomes.by_minimum}
    assert (by["Involve or above"].plans, by["Involve or above"].commitments) == (1, 2)
    assert by["Involve or above"].high_ambition == 1
    assert by["below Involve"].commitments == 1 and by["below Involve"].high_completion == 1
    assert outcomes.unmatched_plans == 1  # plan 3 has no commitments here
    assert [g.group for g in outcomes.by_level] == ["IAP2 Consult", "IAP2 Collaborate"]


# --- the IRM's own data ---------------------------------------------------------------------

def test_every_derivable_code_of_the_shared_file_agrees_where_its_inputs_are_present():
    if not PROCESS_CSV.exists():
        pytest.skip(f"OGP process data not found at {PROCESS_CSV} (it lives in ../shared/data)")
    table = read_process_csv(PROCESS_CSV)
    comparison = compare_process(table)
    assert len(comparison.columns) == 9
    for column, plans, present, agree, blank in comparison.columns:
        assert agree == present, column
    # what differs has no input to derive it from, and is classified as such
    assert set(comparison.by_class()) <= {"another missing code",
                                          "unreported steps counted as 0"}


def test_a_code_written_as_a_float_agrees(tmp_path):
    rows = [explorer_row("Valdoria", "1", "2012", ["Yes", "No", "Yes", "Yes", "Yes", "No"],
                         codes=["1.0", "0", "1", "1", "1", "0"], count="4.0")]
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    assert compare_process(table).differences == ()


def test_a_rules_file_naming_an_unknown_trigger_test_is_refused():
    raw = (irm.sample_process_path().parent / "cocreation.json").read_bytes()
    broken = raw.replace(b'"test": "late_plan"', b'"test": "late_plans"', 1)
    with pytest.raises(DataFileError, match="unknown test 'late_plans'") as caught:
        parse_cocreation_rules(broken, "mine.json")
    assert caught.value.file == "mine.json"


def test_late_plan_deadline_keeps_the_month_end(tmp_path):
    rows = [standards_row(6, 2023, "2024-03-01", "2023-02-28", "Met")]  # 12 months: 2024-02-28
    late = next(t for t in assess_plans(standards(tmp_path, rows))[0].triggers
                if t.id == "late-plan")
    assert late.status == "met" and "deadline 2024-02-28" in late.reason
