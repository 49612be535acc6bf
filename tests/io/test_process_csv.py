"""Co-creation files: read in both layouts, written back byte for byte, bad cells located."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.errors import InvalidValueError, MissingColumnError
from irm.io.process_csv import read_process_csv, write_process_csv
from irm.models.missing import Missing
from tests.process_fixtures import (EXPLORER_NAMES, EXPLORER_ROWS, PROCESS_CSV, explorer_row,
                                    explorer_text, standards_row, standards_text, write)


def written(table) -> str:
    buffer = io.StringIO()
    write_process_csv(table, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("terminator,final_newline,blank", [
    ("\r\n", True, 0), ("\n", False, 0), ("\r\n", True, 3), ("\n", True, 1)])
def test_explorer_layout_round_trips_byte_for_byte(tmp_path, terminator, final_newline, blank):
    text = explorer_text(EXPLORER_ROWS, terminator=terminator, final_newline=final_newline,
                         trailing_blank=blank)
    table = read_process_csv(write(tmp_path / "p.csv", text))
    assert (table.layout.spec, table.rule_set, len(table)) == ("explorer-2016", "pre-2016", 4)
    assert len(table.rows) == 4 + blank  # the empty rows are kept, not plans
    assert written(table) == text


def test_cells_read_into_fields_with_missing_codes_apart(tmp_path):
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(EXPLORER_ROWS)))
    kenya1, kenya2 = table[2], table[3]
    assert kenya1.value("timeline") is Missing.NR  # NR is not No
    assert kenya2.value("timeline").label == "No"
    assert table[0].value("iap2_development") < table[1].value("iap2_development")
    assert (kenya1.plan_id, table[0].plan_id) == ("AP_KEN01", None)  # Valdoria: no catalogue code
    assert table[1].cells["online_links"] == "http://a.example/y?a=1,b=2"
    # unknown columns are kept verbatim; fields the layout lacks read as ND
    assert "A column of our own" in table.columns
    assert table[0].value("sa_english") is Missing.ND


def test_tolerated_spelling_is_read_and_warned_about(tmp_path):
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(EXPLORER_ROWS)))
    assert table[1].value("notice").label == "Yes"
    [warning] = [p for p in table.problems if "'Yes '" in str(p.error)]
    assert (warning.error.row, warning.error.column) == (2, "Step 2: Advance notice")


@pytest.mark.parametrize("edit,column,expected", [
    (lambda r: r.__setitem__(18, "Sort of"), "IAP2 level during development", "an IAP2 level"),
    (lambda r: r.__setitem__(3, "maybe"), "Step 1: Timeline and process: Prior availability",
     "a Yes/No answer"),
    (lambda r: r.__setitem__(0, ""), "Country name", "a plan with no member"),
    (lambda r: r.__setitem__(4, "2"), "_Timelineavailability", "0, 1 or a missing code"),
    (lambda r: r.__setitem__(17, "7"), "_Number of steps followed (out of 6)", "at most 6"),
    (lambda r: r.__setitem__(1, "first"), "Action Plan Number", "whole number"),
])
def test_bad_cells_name_file_row_line_and_column(tmp_path, edit, column, expected):
    rows = [list(r) for r in EXPLORER_ROWS]
    edit(rows[1])
    path = write(tmp_path / "bad.csv", explorer_text(rows))
    with pytest.raises(InvalidValueError) as caught:
        read_process_csv(path)
    err = caught.value
    assert (err.file, err.row, err.line, err.column) == (str(path), 2, 5, column)
    assert expected in str(err)


def test_a_file_in_no_layout_is_refused_naming_what_was_expected(tmp_path):
    path = write(tmp_path / "x.csv", "a,b\r\n1,2\r\n")
    with pytest.raises(InvalidValueError, match="Country name.*line 3.*Member"):
        read_process_csv(path)


def test_a_plan_recorded_twice_is_refused(tmp_path):
    path = write(tmp_path / "x.csv", explorer_text([EXPLORER_ROWS[0], EXPLORER_ROWS[0]]))
    with pytest.raises(InvalidValueError, match="second record.*row 1") as caught:
        read_process_csv(path)
    assert caught.value.row == 2


def test_standards_layout_needs_member_and_plan(tmp_path):
    path = write(tmp_path / "s.csv", "Member,2.1 OGP website\r\nKenya,Met\r\n")
    with pytest.raises(MissingColumnError) as caught:
        read_process_csv(path)
    assert "Action Plan Number" in str(caught.value)


def test_standards_layout_reads_requirements_and_dates(tmp_path):
    text = standards_text([standards_row(6, 2023, "2023-09-12", "2023-08-31", "Not met")])
    table = read_process_csv(write(tmp_path / "s.csv", text))
    plan = table[0]
    assert (table.layout.spec, table.rule_set, plan.plan_id) == ("standards-2022", "2022",
                                                                 "AP_VLD06")
    assert plan.value("req_1_1").label == "Not met" and plan.date("submission_date").year == 2023
    assert written(table) == text
    bad = text.replace("2023-09-12", "12/09/2023")
    with pytest.raises(InvalidValueError, match="ISO date") as caught:
        read_process_csv(write(tmp_path / "b.csv", bad))
    assert caught.value.column == "Submission Date"


def test_appended_columns_continue_the_number_line(tmp_path):
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(EXPLORER_ROWS,
                                                                     trailing_blank=1)))
    wider = table.with_columns({"Verdict": ["a", "b", "c", "d"],
                                "_Timelineavailability": ["9"] * 4})
    lines = written(wider).split("\r\n")
    width = len(EXPLORER_NAMES)
    assert lines[0].split(",")[-1] == str(width)  # 0 ... width-1, then the new column
    assert lines[2].endswith(",Verdict")
    assert lines[3].split(",")[4] == "9" and lines[3].endswith(",a")
    assert lines[7] == "," * width  # the empty row, widened, still empty


def test_json_standards_layout_round_trips_with_its_numbers(tmp_path):
    plans = [{"Member": "Kenya", "Action Plan Number": 3, "2.1 OGP website": "Met",
              "Notes": None}]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(plans), encoding="utf-8")
    table = read_process_csv(path)
    assert table[0].plan_id == "AP_KEN03" and table.layout.json
    back = json.loads(written(table))
    assert back == [{**plans[0], "Notes": ""}]
    path.write_text('[{"Member": "Kenya", "Action Plan Number": true}]', encoding="utf-8")
    with pytest.raises(InvalidValueError, match="text or a whole number"):
        read_process_csv(path)


ANSWERS = st.sampled_from(["Yes", "No", "NR", "NA", "ND", ""])


@given(st.lists(st.tuples(st.lists(ANSWERS, min_size=6, max_size=6),
                          st.sampled_from(["Inform", "Consult", "Involve", "NR", "NA", ""]),
                          st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                  max_size=12)),
                min_size=1, max_size=5),
       st.sampled_from(["\r\n", "\n"]))
def test_any_answers_round_trip(tmp_path_factory, plans, terminator):
    rows = [explorer_row("Valdoria", str(k + 1), "2013", steps, dev=dev, own=own)
            for k, (steps, dev, own) in enumerate(plans)]
    text = explorer_text(rows, terminator=terminator)
    path = write(tmp_path_factory.mktemp("p") / "p.csv", text)
    assert written(read_process_csv(path)) == text


def test_the_bundled_sample_reads():
    table = read_process_csv(irm.sample_process_path())
    assert table.layout.spec == "standards-2022" and len(table) >= 2


def test_the_shared_process_file_round_trips(tmp_path):
    if not PROCESS_CSV.exists():
        pytest.skip(f"OGP process data not found at {PROCESS_CSV} (it lives in ../shared/data)")
    table = read_process_csv(PROCESS_CSV)
    assert written(table).encode("utf-8") == PROCESS_CSV.read_bytes()
    assert all(plan.plan_id for plan in table)  # every member is in the catalogue


def test_header_spacing_and_spreadsheet_numbers_are_read(tmp_path):
    """A header saved with other case or spacing, and codes a spreadsheet wrote as 1.0,
    read as the IRM meant them; the cells stay as written."""
    text = explorer_text(EXPLORER_ROWS).replace("Country name", " country  Name")
    text = text.replace("Valdoria,1,2012,Yes,1,", "Valdoria,1.0,2012,Yes,1.0,")
    table = read_process_csv(write(tmp_path / "p.csv", text))
    assert table.column_of("member") == " country  Name"
    assert (table[0].number, table[0].value("timeline_code")) == (1, 1)
    assert table[0].cells["timeline_code"] == "1.0" and written(table) == text


def test_an_unreadable_cell_no_verdict_reads_is_a_warning(tmp_path):
    """A column no rule uses (here the days of notice) does not stop the file; one that a
    verdict reads (the IAP2 level) does."""
    rows = [list(r) for r in EXPLORER_ROWS]
    rows[0][7] = "a week"
    table = read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    [warning] = [p for p in table.problems if "a week" in str(p.error)]
    assert warning.error.column == "Days in advance" and "kept as written" in str(warning.error)
    assert table[0].value("notice_days") is Missing.ND and table[0].cells["notice_days"] == \
        "a week"


def test_a_json_file_of_another_encoding_is_named_not_replaced(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(b'[{"Member": "Kenya", "Action Plan Number": 1,\n "Notes": "caf\xe9"}]')
    with pytest.raises(irm.InvalidEncodingError) as caught:
        read_process_csv(path)
    assert (caught.value.file, caught.value.line) == (str(path), 2)
    assert "at byte offset 60" in str(caught.value)


def test_a_row_wider_than_the_header_is_located(tmp_path):
    rows = [list(r) for r in EXPLORER_ROWS]
    rows[2].append("stray")
    with pytest.raises(irm.MalformedRowError) as caught:
        read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    assert (caught.value.row, caught.value.line) == (3, 6)
    assert "fields, as in the header" in str(caught.value)
