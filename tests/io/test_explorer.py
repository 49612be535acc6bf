"""The 2016 Explorer layout: read into today's columns, written back byte for byte."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.errors import InvalidValueError, MissingColumnError
from irm.models.missing import NR
from irm.models.table import subset
from tests.conftest import ROOT, export_text
from tests.strategies import cell_text

EXPLORER_CSV = ROOT.parent / "shared" / "data" / "ogp-explorer-2016" / "commitments.csv"

HEADER = ["Country", "Action Plan Number", "Comm No", "Commitment Title", "Full Text",
          "Open Data", "E-government", "Compound", "Specificity", "_Specificity", "Value -Info",
          "Value -Part", "Potential impact", "Completion (progress report)",
          "Did it open government (end of term only)", "Year of submission", ""]
ROWS = [
    ["UK", "1", "1", "1. Publish spending", "Publish <br/> every payment", "1", "0", "0",
     "c. high", "3", "1", "0", "Moderate", "b. Limited", "b. None", "2011", ""],
    ["UK", "1", "1", "1.10 Open contracts", "Contracts online", "0", "1", "17",
     "a. low", "1", "1", "1", "Unclear", "d. Complete", "NR", "2011", ""],
    ["Valdoria", "2", "3", "3. Citizen panels", "Panels, \"twice\" a year", "0", "0", "NR",
     "None", "0", "0", "1", "None", "a. Not started", "ND", "2014", ""],
    ["Valdoria", "2", "4", "4. Budget portal", "A portal", "1", "1", "1",
     "NR", "NR", "NR", "NR", "NR", "NR", "NR", "2014", ""],
]


def explorer_text(header=HEADER, rows=ROWS, terminator="\r\n") -> str:
    numbers = [str(k) for k in range(len(header))]
    return export_text(numbers, [header, *rows], terminator)


def read(text: str, **kw) -> irm.CommitmentTable:
    return irm.read_ogp_csv(io.StringIO(text, newline=""), **kw)


def written(table) -> str:
    out = io.StringIO(newline="")
    irm.write_ogp_csv(table, out)
    return out.getvalue()


def test_explorer_file_reads_into_todays_columns_and_labels():
    """Letter-prefixed labels read as today's, the values and tags under today's names,
    a stable id and today's plan id, Verifiable from Specificity."""
    table = read(explorer_text())
    assert table.ids.tolist() == ["GBR-1-1", "GBR-1-1#2", "Valdoria-2-3", "Valdoria-2-4"]
    assert table.column("Action Plan ID").tolist() == ["AP_GBR01", "AP_GBR01", "AP_Valdoria02",
                                                       "AP_Valdoria02"]
    assert table.column("Code").tolist()[:3] == ["GBR", "GBR", "ND"]
    assert table.column("Region").tolist()[0] == "Europe"
    assert table.column("Specificity").tolist() == ["High", "Low", "None", "NR"]
    assert table.column("Verifiable").tolist() == ["Yes", "No", "No", "NR"]
    assert table.column("Completion (Progress Report)").tolist()[:3] == [
        "Limited", "Complete", "Not Started"]
    assert table.column("Did It Open Government (Overall)").tolist()[0] == "Did Not Change"
    assert table.codes["OGP Value Civic Participation"].tolist() == [0, 1, 1, NR.code]
    assert table.codes["Potential Impact"].tolist()[:3] == [2, 0, 0]
    assert table.codes["Open Data"].tolist() == [1, 0, 0, 1]  # a plain 2014 tag
    assert "E-government" in table and "E-government" not in table.codes  # not a policy area
    assert table.column("Compound (Explorer 2016)").tolist()[1] == "17"  # kept apart
    assert table.assessment(0).era.label.startswith("legacy")


@pytest.mark.parametrize("terminator", ["\r\n", "\n"])
def test_explorer_file_is_written_back_byte_for_byte(terminator):
    """Both header lines, the labels as spelled, the empty column: all come back."""
    text = explorer_text(terminator=terminator)
    assert written(read(text)) == text


def test_a_subset_in_another_order_keeps_its_original_spellings():
    """Spellings are kept by commitment id, so a reordered part writes back the same."""
    table = read(explorer_text())
    part = subset(table, [2, 0])
    records = list(csv.reader(io.StringIO(written(part), newline="")))
    assert records[2][8] == "None" and records[3][8] == "c. high"


def test_a_changed_label_is_written_in_the_files_own_spelling():
    """A label set by the table (derive, an edit) is written as the file spells that level."""
    table = read(explorer_text())
    changed = table.with_columns({"Specificity": ["Low", "Low", "None", "NR"]})
    first = written(changed).splitlines()[2]
    assert first.split(",")[8] == "a. low"


def test_columns_a_command_adds_follow_the_explorers_own_numbered_on():
    """A derived or estimated column is appended with the next column number."""
    table = read(explorer_text()).with_columns({"auto_relevant": ["1", "0", "1", "ND"]})
    lines = written(table).splitlines()
    assert lines[0].endswith(f",{len(HEADER)}") and lines[1].endswith(",auto_relevant")
    assert read("\n".join(lines) + "\n").column("auto_relevant").tolist()[0] == "1"


def test_an_unknown_label_names_file_row_and_the_explorers_column():
    """An Explorer label of no level is an error naming its own column and row."""
    rows = [list(r) for r in ROWS]
    rows[2][13] = "e. maybe"
    with pytest.raises(InvalidValueError) as caught:
        read(explorer_text(rows=rows))
    err = caught.value
    assert (err.row, err.line, err.column, err.got) == (3, 5, "Completion (progress report)",
                                                         "e. maybe")
    assert "letter prefix" in str(err)


def test_an_unreadable_flag_is_named_by_the_explorers_column():
    """A cell today's column cannot read is reported under the file's own column name."""
    rows = [list(r) for r in ROWS]
    rows[0][10] = "2"
    with pytest.raises(InvalidValueError) as caught:
        read(explorer_text(rows=rows))
    assert caught.value.column == "Value -Info" and caught.value.row == 1


def test_an_explorer_file_without_comm_no_is_refused():
    """The columns a commitment is told by are required, named as the Explorer names them."""
    header = [h if h != "Comm No" else "Number" for h in HEADER]
    with pytest.raises(MissingColumnError, match="'Comm No'"):
        read(explorer_text(header=header))


def test_empty_records_at_the_end_are_written_back():
    """Spreadsheets leave empty records after the data: they are kept."""
    text = explorer_text() + "," * (len(HEADER) - 1) + "\r\n"
    table = read(text)
    assert len(table) == len(ROWS) and written(table) == text


@given(st.lists(st.tuples(cell_text, st.sampled_from(["a. low", "b. medium", "c. high", "None",
                                                      "NR", "C. High", " b. medium"]),
                          st.sampled_from(["1", "0", "NR"])), min_size=1, max_size=6))
def test_any_explorer_file_round_trips(rows):
    """Free text, spellings of one level in several ways and flags all come back."""
    header = ["Country", "Action Plan Number", "Comm No", "Full Text", "Specificity",
              "Value -Info"]
    data = [["Chile", "2", str(k), text, spec, flag] for k, (text, spec, flag) in enumerate(rows)]
    text = explorer_text(header=header, rows=data)
    assert written(read(text)) == text


@pytest.fixture(scope="module")
def explorer_csv() -> Path:
    if not EXPLORER_CSV.exists():
        pytest.skip(f"OGP Explorer data not found at {EXPLORER_CSV} (it lives in ../shared/data)")
    return EXPLORER_CSV


def test_the_real_explorer_file_round_trips_and_reads_every_rating(explorer_csv, tmp_path):
    """OGP's Explorer file reads with no problem and is written back byte for byte."""
    table = irm.read_ogp_csv(explorer_csv)
    assert len(table) == 1074 and not table.problems
    out = tmp_path / "out.csv"
    irm.write_ogp_csv(table, out)
    assert out.read_bytes() == explorer_csv.read_bytes()
    assert len(set(table.ids.tolist())) == len(table)
    specificity = table.codes["Specificity"]
    assert int((specificity >= 0).sum()) == 1027
    plans = set(table.plan_ids().tolist())
    assert len(plans) == 59 and all(p.startswith("AP_") for p in plans)
