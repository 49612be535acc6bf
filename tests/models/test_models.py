"""Frozen, validated domain values: commitments, plans, assessments, taxonomy, errors."""

from __future__ import annotations

import pickle

import attrs
import numpy as np
import pytest

from irm.errors import (
    DuplicateIdError,
    InvalidValueError,
    IRMError,
    MissingColumnError,
)
from irm.models import (
    ActionPlan,
    Assessment,
    Commitment,
    Era,
    Institution,
    Member,
    Milestone,
    ND,
    NR,
    SPECIFICITY,
    classify_eras,
    clean_commitment_number,
    load_taxonomy,
    split_institutions,
)
from irm.models.table import CommitmentTable


@pytest.mark.parametrize("code", ["ND", "NR", "NA", ""])
def test_missing_text_cells_read_as_absent(code):
    """A missing code in a text cell is no value, on the model object and in ``texts``."""
    header = ["Commitment Unique Identifier", "Theme", "Start Date", "Full Text"]
    table = CommitmentTable.from_rows(header, [["VD0001", code, code, code],
                                               ["VD0002", "Open data", "2024-01-01", "Publish"]])
    empty, kept = table.commitment(0), table.commitment(1)
    assert (empty.theme, empty.start_date, empty.text) == (None, None, "")
    assert (kept.theme, kept.start_date, kept.text) == ("Open data", "2024-01-01", "Publish")
    assert table.texts("Theme") == ["", "Open data"]
    assert table.column("Theme")[0] == code  # the cell itself is kept for the round trip


def test_commitment_is_frozen_and_converts_collections():
    """Lists become tuples and sets frozensets; changes go through attrs.evolve."""
    c = Commitment("VD0001", policy_areas=["Open Data"],
                   milestones=[Milestone("Publish data")])
    assert isinstance(c.milestones, tuple) and c.policy_areas == frozenset({"Open Data"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.title = "x"  # type: ignore[misc]
    assert attrs.evolve(c, title="New").title == "New"


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_ids_are_rejected(bad):
    """A commitment needs a non-empty id."""
    with pytest.raises(ValueError, match="non-empty"):
        Commitment(bad)


def test_member_kind_is_validated():
    """Members are countries or locals."""
    assert Member("Valdoria", "VLD").kind == "country"
    with pytest.raises(ValueError):
        Member("Valdoria", "VLD", kind="province")


def test_action_plan_years_are_checked():
    """An action plan cannot end before it was submitted."""
    with pytest.raises(ValueError, match="end_year"):
        ActionPlan("AP_VLD01", "VLD", 1, year_of_submission=2020, end_year=2018)


def test_assessment_parses_labels_and_codes():
    """Strings and integer codes become levels of the field's scale."""
    a = Assessment("VD0001", era=Era.LEGACY, specificity="High", potential_impact=2,
                   completion_end_of_term="NR")
    assert a.specificity == SPECIFICITY.level("High")
    assert a.potential_impact.label == "Moderate"
    assert a.completion_end_of_term is NR and a.early_results is ND


def test_assessment_rejects_level_of_another_scale():
    """A level of the wrong scale is a TypeError naming the field."""
    with pytest.raises(TypeError, match="specificity"):
        Assessment("VD0001", era=Era.LEGACY, specificity=SPECIFICITY.level("High").__class__(
            "Potential Impact", "High", 3))


def test_classify_eras_applies_tests_in_order():
    """Numeric Specificity wins over the other tests (ogp-data.md §2)."""
    nd, nr = ND.code, NR.code
    eras = classify_eras(np.array([2, nd, nd, nr, nd]), np.array([1, 1, nd, nr, nd]),
                         np.array([2, nd, 3, nr, nd]))
    assert [Era(e) for e in eras] == [Era.LEGACY, Era.REFRESH, Era.TRANSITIONAL,
                                      Era.NOT_REVIEWED, Era.NO_DESIGN_DATA]


def test_taxonomy_tree_and_roll_ups():
    """Sub-areas know their parents; Right To Information is not an Anti-Corruption sub-area."""
    tax = load_taxonomy()
    assert len(tax) == 86 and tax.version
    assert tax["Right To Information"].parent is None
    assert "Whistleblower Protections" in tax.children("Anti-Corruption and Integrity")
    assert tax.roll_up({"Lobbying"}) == {"Lobbying", "Anti-Corruption and Integrity",
                                         "Money in Politics"}
    assert tax.roll_up({"Open Data (Education)"}) >= {"Open Data", "Access to information"}


@pytest.mark.parametrize(("raw", "clean"), [("2.2999999999999998", "2.3"),
                                             ("10.130000000000001", "10.13"),
                                             ("1.6A", "1.6A"), ("3.3.3.6", "3.3.3.6"),
                                             ("7", "7")])
def test_clean_commitment_number(raw, clean):
    """Only spreadsheet float artefacts are rewritten."""
    assert clean_commitment_number(raw) == clean


def test_split_institutions_keeps_commas():
    """Cells split on line breaks and semicolons, never on commas."""
    assert split_institutions("Ministry of Justice, Human Rights and Labour\nCourts; N/A") == (
        "Ministry of Justice, Human Rights and Labour", "Courts")
    assert Institution("Ministry  of\u00a0Finance").key == "ministry of finance"


@pytest.mark.parametrize("cls,builtin", [(InvalidValueError, ValueError),
                                         (MissingColumnError, KeyError),
                                         (DuplicateIdError, ValueError)])
def test_errors_refine_builtins_and_pickle(cls, builtin):
    """Concrete errors are both IRMError and their builtin, and pickle with their fields."""
    err = cls("bad", file="f.csv", row=3, column="Specificity", commitment_id="VD0001",
              expected="one of 'High'", got="Hihg")
    assert isinstance(err, IRMError) and isinstance(err, builtin)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls and back.fields == err.fields and str(back) == str(err)
    assert str(err) == ("f.csv: row 3 (VD0001), column 'Specificity': bad: "
                        "expected one of 'High' (got 'Hihg')")


def test_plan_ids_fall_back_to_code_and_plan_number():
    """An export without Action Plan ID groups rows by the id OGP builds (AP_ + Code +
    two-digit plan number), else by member and year; a row with neither is the default."""
    header = ["Commitment Unique Identifier", "Code", "Country/Locality", "Action Plan Number",
              "Year Of Submission"]
    rows = [["A1", "ALB", "Albania", "3", "2016"], ["A2", "ALB", "Albania", "12", "2030"],
            ["A3", "ALB", "Albania", "ND", "2018"], ["A4", "", "", "4", "2018"],
            ["A5", "ARM", "Armenia", "ND", "ND"]]
    table = CommitmentTable.from_rows(header, rows)
    assert table.plan_ids().tolist() == ["AP_ALB03", "AP_ALB12", "ALB 2018", "unknown",
                                         "unknown"]
    by_name = table.without_columns(["Code"])
    assert by_name.plan_ids(default="-").tolist()[:3] == ["AP_Albania03", "AP_Albania12",
                                                  "Albania 2018"]
    given = table.with_columns({"Action Plan ID": ["P1", "P1", "P2", "P3", "P4"]})
    assert given.plan_ids().tolist() == ["P1", "P1", "P2", "P3", "P4"]


def test_without_columns_drops_cells_and_codes():
    header = ["Commitment Unique Identifier", "Verifiable", "Full Text"]
    table = CommitmentTable.from_rows(header, [["A1", "Yes", "text"]])
    bare = table.without_columns(["Verifiable", "not a column"])
    assert bare.columns == ("Commitment Unique Identifier", "Full Text")
    assert "Verifiable" not in bare.codes and list(bare.rows()) == [("A1", "text")]


def test_a_column_irm_does_not_code_raises_instead_of_answering_no_data():
    """codes_or_nd answers ND only for an absent column; a derived column present in the
    file (Max star: 1 and 0) is not 'no data'."""
    from irm.errors import MissingColumnError
    from irm.models.table import CommitmentTable

    t = CommitmentTable.from_rows(["Commitment Unique Identifier", "Max star", "High Ambition"],
                                  [["A1", "1", "0"], ["A2", "0", "1"]])
    for column in ("Max star", "High Ambition"):
        with pytest.raises(MissingColumnError, match=f"'{column}'.*holds no codes"):
            t.codes_or_nd(column)
    assert t.codes_or_nd("Potential Impact").tolist() == [-901, -901]


def test_database_ids_are_identifiers_not_small_integers():
    """An id above 32,767 (int16) is read and written back as it is."""
    from irm.models.table import CommitmentTable

    t = CommitmentTable.from_rows(["Commitment Unique Identifier", "id"],
                                  [["A1", "4000000123"], ["A2", "7"]])
    assert t.column("id").tolist() == ["4000000123", "7"] and not t.problems


def test_a_table_reads_as_pandas_and_networkx_users_expect():
    """len, table["Column"], iteration over commitments, selection, to_frame."""
    import irm
    from irm.errors import InvalidValueError

    table = irm.read_ogp_csv(irm.sample_path())
    assert len(table) == 13 and table["Potential Impact"][0] == table.column("Potential Impact")[0]
    ids = [c.id for c in table]
    assert ids == table.ids.tolist()
    part = table.select(member="Valdoria", plan="AP_VLD03")
    assert set(part.plan_ids().tolist()) == {"AP_VLD03"} and 0 < len(part) < len(table)
    with pytest.raises(InvalidValueError, match="unknown 'plan'"):
        table.select(plan="AP_NOPE")
    pytest.importorskip("pandas")
    frame = table.to_frame()
    assert frame.shape == (13, len(table.columns)) and frame.iloc[0, 0] == ids[0]


def test_a_tables_codes_cannot_be_changed():
    """codes is a read-only mapping of read-only arrays."""
    import irm

    table = irm.read_ogp_csv(irm.sample_path())
    with pytest.raises(TypeError):
        table.codes["Potential Impact"] = None  # type: ignore[index]
    with pytest.raises(ValueError, match="read-only"):
        table.codes["Potential Impact"][0] = 3
