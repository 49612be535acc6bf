"""Lossless reading and writing of the OGP export."""

from __future__ import annotations

import csv
import json
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.errors import (
    DuplicateIdError,
    InvalidEncodingError,
    InvalidValueError,
    MalformedRowError,
    MissingColumnError,
)
from irm.models.missing import NA, ND, NR
from tests.conftest import SMALL_HEADER, SMALL_ROWS, export_text
from tests.strategies import cell_text, exports


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def round_trip(text: str) -> str:
    table = irm.read_ogp_csv(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    irm.write_ogp_csv(table, out)
    return out.getvalue()


def test_small_export_round_trips_byte_for_byte(small_export: Path):
    """Quotes, line breaks in cells, float artefacts, whitespace and bullets survive."""
    table = irm.read_ogp_csv(small_export)
    out = small_export.with_name("out.csv")
    irm.write_ogp_csv(table, out)
    assert out.read_bytes() == small_export.read_bytes()
    assert table.column("Commitment Number")[0] == "2.2999999999999998"
    assert table.commitment(0).clean_number == "2.3"


@pytest.mark.parametrize("terminator", ["\r\n", "\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_layout_is_kept(terminator, final_newline):
    """CRLF or LF records, with or without a final newline, come back the same."""
    text = export_text(SMALL_HEADER, SMALL_ROWS, terminator, final_newline)
    assert round_trip(text) == text


def test_bom_is_kept(tmp_path):
    """A UTF-8 BOM is not part of the first column name, and is written back."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + export_text(SMALL_HEADER, SMALL_ROWS).encode())
    table = irm.read_ogp_csv(path)
    assert table.columns[0] == "Commitment Unique Identifier"
    irm.write_ogp_csv(table, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_exports_are_read_and_written_back(tmp_path, delimiter):
    """A spreadsheet in a European locale saves CSV with ';' (and some tools save tabs):
    the same cells as OGP's comma file, written back with the file's own separator."""
    path = tmp_path / "export.csv"
    path.write_text(export_text(SMALL_HEADER, SMALL_ROWS, delimiter=delimiter), newline="")
    table = irm.read_ogp_csv(path)
    comma = irm.read_ogp_csv(io.StringIO(export_text(SMALL_HEADER, SMALL_ROWS), newline=""))
    assert table.layout.delimiter == delimiter
    assert list(table.rows()) == list(comma.rows()) and table.columns == comma.columns
    irm.write_ogp_csv(table, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


def test_the_header_alone_tells_the_delimiter():
    """Cells full of semicolons, or a header of one column, leave OGP's comma."""
    rows = [["VD0001", "a; b; c; d; e; f"], ["VD0002", "g;h"]]
    text = export_text(["Commitment Unique Identifier", "Full Text"], rows)
    assert irm.read_ogp_csv(io.StringIO(text, newline="")).column("Full Text").tolist() == [
        "a; b; c; d; e; f", "g;h"]
    one = irm.read_ogp_csv(io.StringIO("Full Text\nx;y;z\n", newline=""), required=())
    assert (one.layout.delimiter, one.column("Full Text").tolist()) == (",", ["x;y;z"])


@given(exports(), st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_generated_exports_round_trip(export, terminator, final_newline):
    """Any export of strings comes back cell for cell, in the same column order."""
    header, rows = export
    text = export_text(header, rows, terminator, final_newline or not rows)
    again = round_trip(text)
    assert cells(again) == cells(text)


def test_codes_keep_missing_values_distinct(small_export):
    """ND, NR and NA stay distinct sentinels in the code arrays."""
    table = irm.read_ogp_csv(small_export)
    assert table.codes["Specificity"].tolist() == [3, 0, ND.code]
    assert table.codes["Verifiable"].tolist() == [1, 0, NR.code]
    assert table.assessment(1).specificity.label == "None"  # a real rating, not missing


def test_arrays_are_read_only(small_export):
    """The caller cannot change a table's cells or codes in place."""
    table = irm.read_ogp_csv(small_export)
    with pytest.raises(ValueError):
        table.codes["Specificity"][0] = 1
    with pytest.raises(ValueError):
        table.column("Full Text")[0] = "x"


# --- bad input -------------------------------------------------------------------


def bad(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "bad.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def test_unknown_label_names_row_id_and_column(tmp_path):
    """`Hihg` in Specificity is an error at its row, id and column."""
    rows = [r[:] for r in SMALL_ROWS]
    rows[1][3] = "Hihg"
    with pytest.raises(InvalidValueError) as info:
        irm.read_ogp_csv(bad(tmp_path, export_text(SMALL_HEADER, rows)))
    err = info.value
    assert (err.row, err.commitment_id, err.column, err.got) == (2, "VD0002", "Specificity",
                                                                 "Hihg")
    assert "bad.csv: row 2 (VD0002" in str(err)


def test_missing_required_column(tmp_path):
    """A header without the commitment id is refused."""
    header = ["Id"] + SMALL_HEADER[1:]
    with pytest.raises(MissingColumnError, match="Commitment Unique Identifier"):
        irm.read_ogp_csv(bad(tmp_path, export_text(header, SMALL_ROWS)))


def test_wrong_number_of_fields(tmp_path):
    """A short row is reported with its row, line and id."""
    rows = [r[:] for r in SMALL_ROWS]
    rows[2] = rows[2][:-1]
    with pytest.raises(MalformedRowError) as info:
        irm.read_ogp_csv(bad(tmp_path, export_text(SMALL_HEADER, rows)))
    assert info.value.row == 3 and info.value.commitment_id == "VD0003"
    assert info.value.line == 5  # row 1 spans two lines


@given(st.lists(cell_text, min_size=1, max_size=4), st.sampled_from(["\r\n", "\n"]),
       st.booleans())
def test_free_text_in_the_last_column_round_trips(texts, terminator, final_newline):
    """A last column of free text (line breaks, quotes) is never taken for an unclosed quote."""
    rows = [[f"XX{i:04d}", text] for i, text in enumerate(texts)]
    text = export_text(["Commitment Unique Identifier", "Full Text"], rows, terminator,
                       final_newline)
    assert cells(round_trip(text)) == cells(text)


@pytest.mark.parametrize("final_newline", [True, False])
def test_unclosed_quote_in_the_last_column_is_an_error(tmp_path, final_newline):
    """A quote opened in the last cell and never closed would swallow the rows after it:
    an error naming its row, line and column, whether read from a file or from text."""
    text = export_text(SMALL_HEADER, SMALL_ROWS, final_newline=final_newline).replace(
        ",None,NA\r\n", ',None,"NA\r\n')  # row 2's last cell opens a quote
    for source in (bad(tmp_path, text), io.StringIO(text, newline="")):
        with pytest.raises(MalformedRowError, match="unterminated quoted cell") as info:
            irm.read_ogp_csv(source)
        assert (info.value.row, info.value.line, info.value.column) == (2, 4, "Start Date")


def test_invalid_utf8_is_located(tmp_path):
    """Invalid bytes are reported at their row and column, not as a decode traceback."""
    text = export_text(SMALL_HEADER, SMALL_ROWS).encode()
    text = text.replace("fran\u00e7ais".encode(), b"fran\xe7ais")
    with pytest.raises(InvalidEncodingError) as info:
        irm.read_ogp_csv(bad(tmp_path, text))
    assert (info.value.row, info.value.column, info.value.commitment_id) == (
        3, "Full Text", "VD0003")


def test_invalid_utf8_is_located_in_a_semicolon_separated_file(tmp_path):
    text = export_text(SMALL_HEADER, SMALL_ROWS, delimiter=";").encode()
    text = text.replace("fran\u00e7ais".encode(), b"fran\xe7ais")
    with pytest.raises(InvalidEncodingError) as info:
        irm.read_ogp_csv(bad(tmp_path, text))
    assert (info.value.row, info.value.column) == (3, "Full Text")


def test_duplicate_id(tmp_path):
    """The second use of an id is an error that points back to the first."""
    rows = [r[:] for r in SMALL_ROWS]
    rows[2][0] = "VD0001"
    with pytest.raises(DuplicateIdError, match="first used in row 1"):
        irm.read_ogp_csv(bad(tmp_path, export_text(SMALL_HEADER, rows)))


def test_validate_collects_every_problem(tmp_path):
    """validate_ogp_csv reports all errors, in file order."""
    rows = [r[:] for r in SMALL_ROWS]
    rows[0][3] = "Hihg"
    rows[2][6] = "Huge"
    report = irm.validate_ogp_csv(bad(tmp_path, export_text(SMALL_HEADER, rows)))
    assert [(p.error.row, p.error.column) for p in report.errors] == [
        (1, "Specificity"), (3, "Potential Impact")]
    assert report.table is None and not report.ok


def test_alternates_are_warnings_and_cells_stay_verbatim(tmp_path):
    """A Yes/No column holding `1` is read as Yes, warned about, and written back as `1`."""
    rows = [r[:] for r in SMALL_ROWS]
    rows[0][4] = "1"
    rows[1][4] = "1"
    path = bad(tmp_path, export_text(SMALL_HEADER, rows))
    table = irm.read_ogp_csv(path)
    (warning,) = table.problems
    assert warning.severity == "warning" and warning.count == 2 and warning.rows == (1, 2)
    assert "read '1' as 'Yes'" in str(warning)
    assert table.codes["Verifiable"].tolist()[:2] == [1, 1]
    irm.write_ogp_csv(table, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("column", ["Year Of Submission", "_Early Results", "Action Plan Number"])
def test_missing_codes_spelled_otherwise_in_number_columns_are_warnings(column):
    """' NR ' or 'n/a' in a year, code or number column reads as the missing code, with a
    warning, as it does in a rating column (it was an error there)."""
    header = ["Commitment Unique Identifier", column]
    table = irm.read_ogp_csv(io.StringIO(export_text(header, [["A1", " NR "], ["A2", "n/a"]]),
                                         newline=""))
    assert table.codes[column].tolist() == [NR.code, NA.code]
    assert [p.severity for p in table.problems] == ["warning", "warning"]
    assert table.column(column).tolist() == [" NR ", "n/a"]


def test_failed_write_leaves_target_untouched(tmp_path, small_export):
    """A write that fails midway leaves the previous file as it was."""
    table = irm.read_ogp_csv(small_export)
    target = tmp_path / "target.csv"
    target.write_text("previous", encoding="utf-8")

    class Boom(Exception):
        pass

    broken = table.with_columns({"Full Text": ["ok", "ok", "ok"]})
    import irm.io.ogp_csv as module

    original = module._write

    def failing(table, fh, layout):
        fh.write("partial")
        raise Boom

    module._write = failing
    try:
        with pytest.raises(Boom):
            irm.write_ogp_csv(broken, target)
    finally:
        module._write = original
    assert target.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == sorted(tmp_path.iterdir()) and not [
        p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("terminator", ["\r\n", "\n"])
@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("cuts", [(1,), (1, 2), (0, 3)])
def test_parts_are_written_as_one_export(terminator, final_newline, cuts):
    """A table written part by part (header once, the layout's terminators between
    records, a final newline only if the source had one) is the table written whole."""
    from irm.io.ogp_csv import write_ogp_csv_parts
    from irm.models.table import subset

    text = export_text(SMALL_HEADER, SMALL_ROWS, terminator, final_newline)
    table = irm.read_ogp_csv(io.StringIO(text, newline=""))
    bounds = [0, *cuts, len(table)]
    parts = [subset(table, range(a, b)) for a, b in zip(bounds, bounds[1:])]
    out = io.StringIO(newline="")
    write_ogp_csv_parts(iter(parts), out, layout=table.layout)
    assert out.getvalue() == text


def test_a_part_that_fails_leaves_the_target_untouched(tmp_path, small_export):
    """An error while the parts are still being made (a chunk that fails to score)
    leaves the previous file, and no temporary file, behind."""
    from irm.io.ogp_csv import write_ogp_csv_parts
    from irm.models.table import subset

    table = irm.read_ogp_csv(small_export)
    target = tmp_path / "target.csv"
    target.write_text("previous", encoding="utf-8")

    def parts():
        yield subset(table, range(0, 1))
        raise RuntimeError("chunk 2 failed")

    with pytest.raises(RuntimeError, match="chunk 2"):
        write_ogp_csv_parts(parts(), target, layout=table.layout)
    assert target.read_text(encoding="utf-8") == "previous"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_part_with_other_columns_is_refused_and_the_target_kept(tmp_path, small_export):
    """Parts must share the first part's columns: one that does not would put its cells
    under other headings, so it is refused, naming the part and both column lists."""
    from irm.io.ogp_csv import write_ogp_csv_parts
    from irm.models.table import subset

    table = irm.read_ogp_csv(small_export)
    other = subset(table, range(1, 2)).with_columns({"Extra": ["x"]})
    target = tmp_path / "target.csv"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(ValueError, match=r"part 1 .*other columns.*'Extra'"):
        write_ogp_csv_parts([subset(table, range(0, 1)), other], target, layout=table.layout)
    assert target.read_text(encoding="utf-8") == "previous"


def test_a_missing_code_is_no_commitment_id():
    """'ND' as a Commitment Unique Identifier names no commitment: an error where ids are
    required, like an empty id."""
    text = export_text(["Commitment Unique Identifier", "Specificity"], [["ND", "High"],
                                                                          ["VD2", "Low"]])
    with pytest.raises(InvalidValueError, match="row 1.*missing code as commitment id"):
        irm.read_ogp_csv(io.StringIO(text, newline=""))


def test_a_plan_ending_before_its_submission_is_a_warning():
    """Year Of Submission after Action Plan End Year: read, with a warning naming it."""
    text = export_text(["Commitment Unique Identifier", "Year Of Submission",
                        "Action Plan End Year"], [["VD1", "2021", "2019"], ["VD2", "2021", "2023"]])
    table = irm.read_ogp_csv(io.StringIO(text, newline=""))
    [warning] = [p for p in table.problems if "ends before" in str(p)]
    assert warning.error.row == 1 and warning.error.column == "Action Plan End Year"


def test_line_breaks_of_any_style_give_the_same_estimates():
    """A file whose line breaks inside cells are lone CRs (old Mac exports) or CRLF scores as
    the LF file does: text is normalised for reading, never for writing."""
    from irm.scoring.estimate.estimates import estimate

    table = irm.read_ogp_csv(irm.sample_path())
    texts = table.column("Full Text").tolist()
    base = estimate(table).columns()
    for style in ("\r", "\r\n"):
        other = table.with_columns({"Full Text": [t.replace("\n", style) for t in texts]})
        assert estimate(other).columns()["auto_potential_impact"] == base["auto_potential_impact"]
        assert [json.loads(e)["estimates"] for e in estimate(other).columns()["auto_evidence"]] \
            == [json.loads(e)["estimates"] for e in base["auto_evidence"]]
        assert other.column("Full Text").tolist()[0] == texts[0].replace("\n", style)
