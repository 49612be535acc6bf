"""The `irm` command line: exit codes, one-line errors, atomic outputs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import irm
from irm.cli import main
from tests.conftest import SMALL_HEADER, SMALL_ROWS, export_text
from tests.scoring.test_derive import DOC_CHAINED


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def rows_with(row: int, column: str, value: str) -> list[list[str]]:
    rows = [r[:] for r in SMALL_ROWS]
    rows[row][SMALL_HEADER.index(column)] = value
    return rows


BAD_INPUTS = {
    "unknown label": (export_text(SMALL_HEADER, rows_with(1, "Specificity", "Hihg")),
                      ["row 2", "VD0002", "'Specificity'", "'Hihg'", "expected"]),
    "missing column": (export_text(SMALL_HEADER[1:], [r[1:] for r in SMALL_ROWS]),
                       ["'Commitment Unique Identifier'", "missing required column"]),
    # ';' and tab are read (spreadsheets save them); another separator is named
    "pipe-separated": ("\r\n".join("|".join(r) for r in [SMALL_HEADER, SMALL_ROWS[0]]),
                       ["'Commitment Unique Identifier'", "holding '|'", "not comma-separated"]),
    "excel workbook": (b"PK\x03\x04" + bytes(range(256)),
                       ["row 0", "Excel (.xlsx)", "not CSV", "save it as CSV UTF-8"]),
    "utf-16": (export_text(SMALL_HEADER, SMALL_ROWS).encode("utf-16"),
               ["row 0", "UTF-16", "save it as CSV UTF-8"]),
    "utf-16 without BOM": (export_text(SMALL_HEADER, SMALL_ROWS).encode("utf-16-le"),
                           ["row 0", "UTF-16 without a byte-order mark", "CSV UTF-8"]),
    "blank first line": ("\r\n" + export_text(SMALL_HEADER, SMALL_ROWS),
                         ["missing required column", "first line is blank"]),
    "a semicolon file read as commas": (
        "\r\n".join(["Commitment Unique Identifier;Specificity,x", "VD0001;High,1"]) + "\r\n",
        ["missing required column", "hold ';'", "as many commas"]),
    "unclosed quote": (export_text(SMALL_HEADER, SMALL_ROWS[:1]) + 'VD0009,3,"open\r\n'
                       + ",".join(SMALL_ROWS[1]) + '\r\nend",x\r\n'
                       + export_text(SMALL_HEADER, SMALL_ROWS[2:]).split("\r\n", 1)[1],
                       ["wrong number of fields", "unclosed", "3 lines"]),
    "utf-16 big-endian": (b"\xfe\xff" + export_text(SMALL_HEADER, SMALL_ROWS).encode("utf-16-be"),
                          ["row 0", "UTF-16", "save it as CSV UTF-8"]),
    "header spaces": (export_text([" commitment unique identifier", *SMALL_HEADER[1:]],
                                  SMALL_ROWS),
                      ["missing required column", "column 1 is ' commitment unique identifier'",
                       "spaces or capitals"]),
    "sep= line": ("sep=,\r\n" + export_text(SMALL_HEADER, SMALL_ROWS),
                  ["missing required column", "first line is 'sep=,'"]),
    "wrong field count": (export_text(SMALL_HEADER, [SMALL_ROWS[0], SMALL_ROWS[1][:-2]]),
                          ["row 2", "VD0002", "expected 8 fields", "got 6"]),
    "invalid utf-8": (export_text(SMALL_HEADER, SMALL_ROWS).encode().replace(
        "fran\u00e7ais".encode(), b"fran\xe7ais"), ["row 3", "VD0003", "'Full Text'", "UTF-8"]),
    # the last cell of row 1 opens a quote that never closes: rows 2 and 3 would vanish into it
    "unterminated quote": (export_text(SMALL_HEADER, SMALL_ROWS).replace(
        "1/15/2013", '"1/15/2013'), ["row 1", "'Start Date'", "unterminated quoted cell",
                                     "every line after it", "VD0002"]),
    "duplicate id": (export_text(SMALL_HEADER, rows_with(2, "Commitment Unique Identifier",
                                                         "VD0002")),
                     ["row 3", "VD0002", "duplicate", "row 2"]),
}


@pytest.mark.parametrize("command", ["validate", "derive", "report"])
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(tmp_path, case, command):
    """Each class of bad input: exit 2, one line naming file, row and column; nothing
    written but validate's report, which says what is wrong."""
    text, needles = BAD_INPUTS[case]
    source = write(tmp_path, text)
    output = tmp_path / ("out.txt" if command == "validate" else "out.csv")
    code, out, err = run(command, str(source), "-o", str(output))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"irm: {source}")
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in err
    if command == "validate":
        assert "errors" in output.read_text(encoding="utf-8")
    else:
        assert not output.exists()


def test_validate_all_lists_every_problem(tmp_path):
    """--all reports every problem, then the summary, and still exits 2."""
    rows = rows_with(0, "Specificity", "Hihg")
    rows[2][SMALL_HEADER.index("Potential Impact")] = "Huge"
    code, out, err = run("validate", "--all", str(write(tmp_path, export_text(SMALL_HEADER,
                                                                               rows))))
    assert code == 2
    assert "row 1" in err and "'Hihg'" in err and "row 3" in err and "'Huge'" in err
    assert "problems: 2 errors" in out


def test_validate_warns_on_alternates_and_exits_0(tmp_path):
    """A stray alternate code is a warning, not an error."""
    source = write(tmp_path, export_text(SMALL_HEADER, rows_with(0, "Verifiable", "1")))
    code, out, err = run("validate", str(source))
    assert code == 0 and "warning" in err and "read '1' as 'Yes'" in err
    assert "problems: 0 errors, 1 warnings" in out


def test_validate_sample_summary_json():
    """With no INPUT the bundled sample is validated; --json gives the summary."""
    code, out, err = run("validate", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["rows"] == 13 and summary["errors"] == 0
    assert summary["eras"]["refresh (2021+)"] == 3


def test_validate_names_a_separator_other_than_ogps(tmp_path):
    """A semicolon-separated export is read; validate says so (JSON: 'separator')."""
    source = write(tmp_path, export_text(SMALL_HEADER, SMALL_ROWS, delimiter=";"))
    code, text, _ = run("validate", str(source))
    assert code == 0 and "cells separated by ';', not commas" in text
    code, text, _ = run("validate", str(source), "--json")
    assert json.loads(text)["separator"] == ";" and json.loads(text)["rows"] == len(SMALL_ROWS)
    assert "not commas" not in run("validate")[1]


def test_validate_reads_stdin(tmp_path, monkeypatch):
    """`-` reads the export from standard input."""
    data = export_text(SMALL_HEADER, SMALL_ROWS).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run("validate", "-")
    assert code == 0 and "rows: 3 commitments" in out


def test_missing_file_exits_2(tmp_path):
    """A path that does not exist is bad input, not a crash."""
    code, _, err = run("validate", str(tmp_path / "nope.csv"))
    assert code == 2 and "nope.csv" in err and "Traceback" not in err


def test_python_dash_m_runs_without_traceback(tmp_path):
    """`python -m irm` is the same program, and bad input gives no traceback."""
    source = write(tmp_path, export_text(SMALL_HEADER, rows_with(0, "Specificity", "Hihg")))
    done = subprocess.run([sys.executable, "-m", "irm", "validate", str(source)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'Hihg'" in done.stderr


def test_derive_writes_output_and_diff(tmp_path, dev_csv):
    """derive writes every column, reports changed columns and lists differences."""
    out, diff = tmp_path / "derived.csv", tmp_path / "diff.csv"
    code, _, err = run("derive", str(dev_csv), "-o", str(out), "--diff", str(diff))
    assert code == 0
    assert "IRM-Based Score: 18 published value(s) differ" in err
    assert "passed through unchanged" in err and "IRM Assessed" in err
    lines = diff.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("row,Commitment Unique Identifier,column")
    reported = sum(int(line.split(": ")[1].split()[0]) for line in err.splitlines()
                   if "published value(s) differ" in line)
    documented = sum(399 - agree for agree in DOC_CHAINED.values())  # ogp-data.md §5.1
    assert len(lines) - 1 == reported == documented


def test_derive_sample_to_stdout():
    """With no INPUT, derive writes the sample to stdout with nothing changed."""
    code, out, err = run("derive")
    assert code == 0 and out.startswith("Commitment Unique Identifier,")
    assert "every published value agrees" in err


def test_report_formats(tmp_path):
    """report writes text, markdown, csv and json."""
    for fmt in ("text", "markdown", "csv", "json"):
        code, out, _ = run("report", "--format", fmt)
        assert code == 0 and "AP_VLD01" in out
    target = tmp_path / "report.md"
    assert run("report", "--format", "markdown", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("### Action plans")


@pytest.mark.parametrize(("argv", "name", "told"), [
    (["validate"], "summary.txt", "text"), (["validate"], "summary.json", "json"),
    (["validate", "--json"], "summary.txt", "json"),
    (["report"], "report.md", "markdown"), (["report"], "report.json", "json"),
    (["report"], "report.csv", "csv"), (["report", "--format", "text"], "report.json", "text"),
    (["evaluate", "--bootstrap", "0"], "agreement.txt", "text"),
    (["evaluate", "--bootstrap", "0"], "agreement.json", "json"),
])
def test_every_report_command_writes_to_o_in_the_format_its_name_tells(tmp_path, argv, name,
                                                                        told):
    """`irm <command> [INPUT] [-o OUTPUT]` holds for the commands that print a report too:
    the report goes to OUTPUT (stdout stays empty), in the format an option asks for, else
    the one the file's suffix names."""
    target = tmp_path / name
    code, out, err = run(*argv, "-o", str(target))
    assert code == 0 and out == "", err
    text = target.read_text(encoding="utf-8")
    if told == "json":
        assert isinstance(json.loads(text), dict)
    else:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
    if told == "markdown":
        assert text.startswith("### Action plans")
    if told == "csv":
        assert text.startswith("level,")


def test_score_adds_auto_columns_and_keeps_input(tmp_path):
    """score writes every input column unchanged, then the auto_* columns."""
    import irm
    from irm.scoring.estimate.estimates import AUTO_COLUMNS

    out = tmp_path / "scored.csv"
    assert run("score", "-o", str(out))[0] == 0
    scored, sample = irm.read_ogp_csv(out), irm.read_ogp_csv(irm.sample_path())
    assert scored.columns == sample.columns + AUTO_COLUMNS
    for column in sample.columns:
        assert (scored.column(column) == sample.column(column)).all()
    evidence = json.loads(scored.column("auto_evidence")[0])
    assert set(evidence["versions"]) >= {"irm", "lexicon", "calibration", "methodology"}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_score_reads_a_draft_plan_without_identifiers(tmp_path, delimiter):
    """A plan not yet on OGP's site has no commitment identifiers: score needs only text
    (saved from a spreadsheet: comma- or semicolon-separated, written back the same)."""
    source = write(tmp_path, export_text(
        ["Commitment Title", "Full Text"],
        [["Open budget data", "The Ministry of Finance will publish budget data as open data "
                              "on a portal and consult citizens."]], delimiter=delimiter))
    out = tmp_path / "scored.csv"
    code, _, err = run("score", str(source), "-o", str(out))
    assert code == 0, err
    header, row = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith(delimiter.join(["Commitment Title", "Full Text",
                                             "auto_access_to_information", ""]))
    assert row.split(delimiter)[2:3] == ["1"]  # access to information read from the text


def test_score_reads_rows_without_unique_ids_that_derive_refuses(tmp_path):
    """A spreadsheet's empty trailing row, or a repeated id in a draft: score needs no
    ids and warns (rows named); derive, which keys its report by id, exits 2."""
    rows = [["X1", "Publish budget data"], ["", ""], ["X1", "Consult citizens"]]
    source = write(tmp_path, export_text(["Commitment Unique Identifier", "Full Text"], rows))
    out = tmp_path / "scored.csv"
    code, _, err = run("score", str(source), "-o", str(out))
    assert code == 0, err
    assert len(irm.read_ogp_csv(out, required=())) == 3
    assert "row 2, column 'Commitment Unique Identifier': empty commitment id" in err
    assert "row 3 (X1), column 'Commitment Unique Identifier': duplicate" in err
    code, _, err = run("derive", str(source), "-o", str(tmp_path / "derived.csv"))
    assert code == 2 and "row 2, column 'Commitment Unique Identifier': empty" in err


@pytest.mark.parametrize("rows", [[["X1", "publish open data"]], []])
def test_score_refuses_a_file_without_text(tmp_path, rows):
    """No title or full text column: exit 2 naming what was expected, nothing written
    (a header without rows too: that is no plan, but the wrong file)."""
    source = write(tmp_path, export_text(["Commitment Unique Identifier", "Notes"], rows))
    out = tmp_path / "scored.csv"
    code, _, err = run("score", str(source), "-o", str(out))
    assert code == 2 and not out.exists()
    assert err.startswith(f"irm: {source}: row 0: no text column")
    assert "'Commitment Title'" in err and "'Full Text'" in err and "Traceback" not in err


def test_evaluate_reads_back_auto_columns(tmp_path):
    """evaluate compares the auto_* columns of a scored file with its human ratings."""
    out = tmp_path / "scored.csv"
    run("score", "-o", str(out))
    code, text, _ = run("evaluate", str(out), "--bootstrap", "0", "--min-tag-positives", "2")
    assert code == 0 and "auto_* columns of the file" in text
    assert "access_to_information" in text and "micro-F1" in text
    assert "stated" in text  # the confidences of the evidence, beside the accuracy
    code, text, _ = run("evaluate", str(out), "--json", "--bootstrap", "0")
    data = json.loads(text)
    assert {r["rating"] for r in data["ratings"]} >= {"civic_participation", "potential_impact"}
    assert 0 < data["stated_confidence"]["civic_participation"] < 1


def test_evaluate_two_columns_and_two_files(tmp_path):
    """Two raters: two columns of one file, or the same columns of two files."""
    import irm

    code, text, _ = run("evaluate", str(irm.sample_path()), "--columns",
                        "OGP Value Access To Information", "OGP Value Technology",
                        "--bootstrap", "0")
    assert code == 0 and "'OGP Value Access To Information' against" in text
    code, text, _ = run("evaluate", str(irm.sample_path()), "--against",
                        str(irm.sample_path()), "--json", "--bootstrap", "0")
    ratings = json.loads(text)["ratings"]
    assert ratings and all(r["accuracy"] == 1.0 for r in ratings)


def test_fit_then_score_with_that_calibration(tmp_path):
    """fit writes a versioned calibration that score can use."""
    calibration = tmp_path / "cal.json"
    code, _, err = run("fit", "-o", str(calibration), "--version", "sample-1")
    assert code == 0 and "fitted on 13 commitments" in err
    assert "held out" in err  # how often the estimates of held-out plans agreed
    assert json.loads(calibration.read_text(encoding="utf-8"))["version"] == "sample-1"
    out = tmp_path / "scored.csv"
    assert run("score", "--calibration", str(calibration), "-o", str(out))[0] == 0
    evidence = json.loads(__import__("irm").read_ogp_csv(out).column("auto_evidence")[0])
    assert evidence["versions"]["calibration"] == "sample-1"


def test_milestones_command(tmp_path):
    """milestones writes one row per milestone and reports the parse shares."""
    import csv

    out = tmp_path / "milestones.csv"
    code, _, err = run("milestones", "-o", str(out))
    assert code == 0 and "with at least one" in err and "Start Date:" in err
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    first = [r for r in rows if r["Commitment Unique Identifier"] == "VD0005"]
    assert [r["milestone"] for r in first] == ["1", "2", "3"]
    assert first[0]["end_parsed"] == "2018-06-30" and first[0]["has_responsible"] == "1"


def test_graph_command_formats(tmp_path):
    """graph writes each format and says what it built."""
    for suffix in (".json", ".graphml", ".gexf"):
        target = tmp_path / f"g{suffix}"
        code, _, err = run("graph", "-o", str(target))
        assert code == 0 and target.exists() and "nodes (" in err
    code, _, err = run("graph", "-o", str(tmp_path / "g.txt"))
    assert code == 2 and "expected a name ending in" in err


@pytest.mark.parametrize("command", ["score", "milestones", "graph"])
def test_text_commands_tolerate_unreadable_ratings(tmp_path, command):
    """Commands that do not use the ratings warn about an unreadable one and go on."""
    source = write(tmp_path, export_text(SMALL_HEADER, rows_with(1, "Specificity", "Hihg")))
    output = tmp_path / ("out.json" if command == "graph" else "out.csv")
    code, _, err = run(command, str(source), "-o", str(output))
    assert code == 0 and output.exists()
    assert "warning" in err and "'Hihg'" in err and "row 2" in err


def test_empty_year_cell_is_a_warning(tmp_path):
    """An empty year or number cell reads as ND with a warning, not an error."""
    header = ["Commitment Unique Identifier", "Year Of Submission"]
    source = write(tmp_path, export_text(header, [["VD0001", ""], ["VD0002", "2019"]]))
    code, out, err = run("validate", str(source))
    assert code == 0 and "empty cell" in err


def test_derive_appends_absent_columns_and_says_so(tmp_path):
    """An export without derived columns gets them appended, and the summary says how many."""
    header = ["Commitment Unique Identifier", "Specificity", "Potential Impact"]
    source = write(tmp_path, export_text(header, [["VD0001", "High", "Moderate"]]))
    out = tmp_path / "d.csv"
    code, _, err = run("derive", str(source), "-o", str(out))
    import re

    found = re.search(r"(\d+) derived columns recomputed .* 0 were published in the input, "
                      r"(\d+) appended", err)
    assert code == 0 and found and found.group(1) == found.group(2)
    assert "IRM-Based Score" in out.read_text(encoding="utf-8").splitlines()[0]


def test_derive_keeps_published_columns_it_cannot_recompute(tmp_path):
    """A published derived column whose raw inputs are absent is written back as it was,
    and the summary names it and the inputs the file lacks."""
    header = ["Commitment Unique Identifier", "Specificity", "_CompletionProgress"]
    source = write(tmp_path, export_text(header, [["VD0001", "High", "4"]]))
    out = tmp_path / "d.csv"
    code, _, err = run("derive", str(source), "-o", str(out))
    assert code == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("VD0001,High,4,")
    assert "kept as published" in err and "_CompletionProgress (no Completion (Progress Report))" in err


def test_evaluate_without_human_ratings_is_bad_input(tmp_path):
    """Evaluating a file with no rating columns says so instead of printing an empty table."""
    header = ["Commitment Unique Identifier", "Full Text"]
    source = write(tmp_path, export_text(header, [["VD0001", "Publish open data"]]))
    code, _, err = run("evaluate", str(source))
    assert code == 2 and "no human rating columns" in err


def test_score_jobs_give_the_same_file(tmp_path, monkeypatch, capsys):
    """--jobs 2 writes byte for byte what --jobs 1 writes; a bad --jobs is bad input."""
    from irm.scoring.estimate import batch

    monkeypatch.setattr(batch, "CHUNK", 5)  # the 13-row sample in three chunks
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run("score", "-o", str(one), "--jobs", "1")[0] == 0
    assert run("score", "-o", str(two), "--jobs", "2")[0] == 0
    assert one.read_bytes() == two.read_bytes()
    assert run("score", "--jobs", "-2")[0] == 2  # argparse reports usage errors on sys.stderr
    assert "argument --jobs: expected a whole number of at least 0" in capsys.readouterr().err


@pytest.mark.parametrize("argv, needle", [
    (["evaluate", "--cv", "1"], "argument --cv: expected a whole number of at least 2, not '1'"),
    (["evaluate", "--bootstrap", "-1"], "argument --bootstrap: expected a whole number of at "
                                        "least 0"),
    (["evaluate", "--min-tag-positives", "x"], "argument --min-tag-positives: expected a whole"),
    (["graph", "--threshold", "1.5"], "argument --threshold: expected a number from 0 to 1, "
                                      "not '1.5'"),
    (["graph", "--threshold", "nan"], "argument --threshold: expected a number from 0 to 1"),
])
def test_counts_out_of_range_are_usage_errors(argv, needle, capsys):
    """A count option below its least value (or a similarity outside 0..1) is refused
    before any work, naming the option."""
    assert run(*argv)[0] == 2
    assert needle in capsys.readouterr().err


def test_more_folds_than_action_plans_is_bad_input():
    """--cv K needs K action plans (folds are whole plans): exit 2 naming file and column."""
    code, _, err = run("evaluate", "--cv", "5", "--bootstrap", "0")
    assert code == 2
    assert "sample_plan.csv: column 'Action Plan ID': cannot make 5 folds" in err
    assert "at most 4 folds (a fold holds whole action plans" in err


def test_fit_on_today_export_and_an_explorer_file_together(tmp_path):
    """fit reads several inputs of either layout and records each file it was fitted on."""
    from tests.io.test_explorer import explorer_text

    explorer = write(tmp_path, explorer_text(), "explorer.csv")
    cal = tmp_path / "cal.json"
    code, _, err = run("fit", str(irm.sample_path()), str(explorer), "-o", str(cal),
                       "--version", "two-files")
    assert code == 0, err
    doc = json.loads(cal.read_text(encoding="utf-8"))
    assert [f["name"] for f in doc["fitted_on"]["files"]] == ["sample_plan.csv", "explorer.csv"]
    assert doc["fitted_on"]["rows"] == len(irm.read_ogp_csv(irm.sample_path())) + 4
    assert "explorer.csv" in doc["fitted_on"]["command"]


def test_fit_on_a_header_only_file_is_bad_input(tmp_path):
    """Nothing to learn from: exit 2 naming the rated rows each estimate had."""
    path = write(tmp_path, export_text(SMALL_HEADER, []))
    code, _, err = run("fit", str(path), "-o", str(tmp_path / "cal.json"))
    assert code == 2 and "too few rated commitments" in err and "verifiable 0" in err
    assert not (tmp_path / "cal.json").exists()


def test_a_lexicon_of_ones_own_is_tried_without_python(tmp_path):
    """--lexicon: fit with it, score with it; the shipped calibration refuses it."""
    from importlib import resources

    doc = json.loads(resources.files("irm.data").joinpath("lexicon.json").read_text("utf-8"))
    doc["concepts"]["open_data"]["terms"]["en"].append("open registry")
    lexicon = tmp_path / "lexicon.json"
    lexicon.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run("score", "--lexicon", str(lexicon), "-o", str(tmp_path / "s.csv"))
    assert code == 2 and "lexicon differs" in err and "irm fit --lexicon" in err
    cal = tmp_path / "cal.json"
    assert run("fit", "--lexicon", str(lexicon), "-o", str(cal))[0] == 0
    code, _, err = run("score", "--lexicon", str(lexicon), "--calibration", str(cal),
                       "-o", str(tmp_path / "s.csv"))
    assert code == 0, err
    evidence = json.loads(irm.read_ogp_csv(tmp_path / "s.csv").column("auto_evidence")[0])
    assert evidence["versions"]["lexicon_sha256"] == json.loads(
        cal.read_text(encoding="utf-8"))["lexicon"]["sha256"][:16]


def test_evaluate_by_group_writes_strict_json(tmp_path):
    """--by era prints agreement per era; its JSON has null, never NaN, and says why."""
    code, out, err = run("evaluate", "--by", "era", "--bootstrap", "0", "--json")
    assert code == 0, err
    doc = json.loads(out, parse_constant=lambda name: pytest.fail(f"bare {name} in JSON"))
    assert set(doc["by_group"]["era"]["groups"]) <= {"legacy", "transitional", "refresh"}
    assert "undefined" in doc["null_means"]
    code, out, _ = run("evaluate", "--by", "source", "language", "--bootstrap", "0")
    assert code == 0 and "Agreement by source" in out and "sample_plan.csv" in out
    assert "Agreement by language" in out


def test_an_output_folder_that_does_not_exist_is_refused_before_the_work(tmp_path):
    """fit -o /no/such/dir/cal.json fails at once, naming the path the user gave."""
    missing = tmp_path / "no" / "such" / "cal.json"
    code, _, err = run("fit", "-o", str(missing))
    assert code == 2 and str(missing) in err and "no such folder" in err
    code, _, err = run("derive", "-o", str(tmp_path / "out.csv"), "--diff", str(missing))
    assert code == 2 and str(missing) in err and not (tmp_path / "out.csv").exists()


def test_a_failed_write_names_the_users_path_not_the_temporary_file(tmp_path):
    """The atomic writer's temporary file is an implementation detail: errors name -o."""
    from irm.io import open_output

    target = tmp_path / "missing" / "report.txt"
    with pytest.raises(OSError) as caught:
        with open_output(target, "w") as fh:
            fh.write("x")
    assert caught.value.filename == str(target)


def test_validate_opens_with_problems_by_column_and_lists_every_one_in_json(tmp_path):
    """The text report sums problems by column with the first three examples; --json
    lists every problem with its place, what was expected and what was got."""
    header = ["Commitment Unique Identifier", "Specificity", "Potential Impact"]
    rows = [[f"A{k}", "Hihg", "Minor"] for k in range(5)] + [["A9", "Medium", "Major"]]
    path = write(tmp_path, export_text(header, rows))
    code, out, _ = run("validate", str(path))
    assert code == 2
    line = next(x for x in out.splitlines() if "'Specificity'" in x)
    assert "5 row(s)" in line and line.count("row ") == 3  # the count, then three examples
    code, out, _ = run("validate", str(path), "--json")
    doc = json.loads(out)
    listed = [p for p in doc["problems"] if p["column"] == "Specificity"]
    assert len(listed) == 5 and {p["got"] for p in listed} == {"Hihg"}
    assert all(p["row"] and p["commitment_id"] and p["expected"] for p in listed)
    assert doc["problem_summary"][0]["rows"] == 5


@pytest.mark.parametrize(("argv", "name"), [(["report"], "r.html"), (["validate"], "v.xlsx"),
                                            (["derive"], "d.json"), (["fit"], "cal.csv")])
def test_an_output_named_for_a_format_the_command_cannot_write_is_refused(tmp_path, argv,
                                                                          name):
    """-o r.html for a text report was written as text: now it is refused, naming what
    the command writes, before any work."""
    code, _, err = run(*argv, "-o", str(tmp_path / name))
    assert code == 2 and f"not {name[name.index('.'):]}" in err
    assert not (tmp_path / name).exists()


class _Terminal(io.StringIO):
    """stderr as a terminal: progress bars are shown."""

    def isatty(self) -> bool:
        return True


def _sample_times(tmp_path: Path, times: int) -> Path:
    """The sample's rows ``times`` over, each copy its own plans and ids."""
    table = irm.read_ogp_csv(irm.sample_path())
    copies = [table.with_columns({
        "Commitment Unique Identifier": [f"{v}-{k}" for v in table.ids.tolist()],
        "Action Plan ID": [f"{v}-{k}" for v in table.column("Action Plan ID").tolist()]})
        for k in range(times)]
    path = tmp_path / "sample_times.csv"
    irm.write_ogp_csv(irm.concat_tables(copies), path)
    return path


@pytest.mark.parametrize("argv", [["fit", "-o", "{tmp}/cal.json"], ["derive", "-o", "{tmp}/d.csv"],
                                  ["graph", "-o", "{tmp}/g.json"],
                                  ["evaluate", "--cv", "2", "--bootstrap", "0"]])
def test_long_commands_show_progress_on_a_terminal(tmp_path, argv):
    """fit, derive, graph and evaluate --cv show a progress bar when stderr is a terminal,
    and none when it is not."""
    argv = [argv[0], str(_sample_times(tmp_path, 4))] + [a.format(tmp=tmp_path)
                                                         for a in argv[1:]]
    err = _Terminal()
    assert main(argv, stdout=io.StringIO(), stderr=err) == 0
    assert "[" in err.getvalue() and "#" in err.getvalue()
    plain = io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=plain) == 0
    assert "#" not in plain.getvalue()


def _strict_loads(text: str):  # type: ignore[no-untyped-def]
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name} in JSON"))


def test_every_json_irm_writes_is_strict_json(tmp_path):
    """JSON.parse rejects bare NaN: no report, graph, calibration or evidence holds one
    (the evidence of an estimate its era does not rate had a NaN confidence)."""
    for argv in (["validate", "--json"], ["report", "--format", "json"],
                 ["evaluate", "--json", "--bootstrap", "0", "--by", "era", "source"],
                 ["graph", "--format", "json"]):
        code, out, err = run(*argv)
        assert code == 0, (argv, err)
        _strict_loads(out)
    cal = tmp_path / "cal.json"
    assert run("fit", "-o", str(cal))[0] == 0
    _strict_loads(cal.read_text(encoding="utf-8"))
    scored = tmp_path / "scored.csv"
    assert run("score", "-o", str(scored))[0] == 0
    for cell in irm.read_ogp_csv(scored).column("auto_evidence").tolist():
        _strict_loads(cell)


def test_formula_cells_are_neutralised_in_reports_kept_in_exports(tmp_path):
    """A member named =HYPERLINK(...) reached the report CSV as a live formula: reports and
    milestone tables write it with a leading apostrophe, derive and score keep the export
    byte for byte, and validate warns about the cell (negative numbers are numbers)."""
    import csv as csv_module

    table = irm.read_ogp_csv(irm.sample_path())
    evil = '=HYPERLINK("http://x.example","click")'
    names = [evil] * len(table)
    texts = ["@SUM(1)\n1. Publish the register (June 2025)"] * len(table)
    path = tmp_path / "evil.csv"
    irm.write_ogp_csv(table.with_columns({"Country/Locality": names, "Full Text": texts}), path)
    report = tmp_path / "report.csv"
    assert run("report", str(path), "-o", str(report))[0] == 0
    cells = [c for row in csv_module.reader(report.open(encoding="utf-8")) for c in row]
    assert "'" + evil in cells and evil not in cells
    assert any(c.startswith("-0.") for c in cells)  # a negative change stays a number
    milestones = tmp_path / "m.csv"
    assert run("milestones", str(path), "-o", str(milestones))[0] == 0
    assert not any(c.startswith(("=", "@")) for row in csv_module.reader(
        milestones.open(encoding="utf-8")) for c in row)
    derived = tmp_path / "derived.csv"
    assert run("derive", str(path), "-o", str(derived))[0] == 0
    assert irm.read_ogp_csv(derived).column("Country/Locality")[0] == evil
    code, _, err = run("validate", str(path))
    assert code == 0 and "run as a formula" in err and "'Country/Locality'" in err


# --- irm cocreation ---------------------------------------------------------------------

def test_cocreation_on_the_sample_appends_the_verdicts():
    from irm.scoring.cocreation import VERDICT_COLUMNS

    code, out, err = run("cocreation")
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.endswith(",".join(VERDICT_COLUMNS))
    assert len(rows) == len(irm.read_process_csv(irm.sample_process_path()))
    assert "irm cocreation:" in err and "rules 20" in err


def test_cocreation_writes_the_file_diff_and_json_summary(tmp_path):
    from tests.process_fixtures import explorer_row, explorer_text

    rows = [explorer_row("Kenya", "1", "2012", ["Yes", "No", "Yes", "Yes", "Yes", "No"],
                         codes=["0", "0", "1", "1", "1", "0"])]
    source = write(tmp_path, explorer_text(rows), "process.csv")
    out, diff = tmp_path / "out.csv", tmp_path / "diff.csv"
    code, _, err = run("cocreation", str(source), "-o", str(out), "--diff", str(diff),
                       "--json")
    assert code == 0, err
    summary = json.loads(err)
    assert summary["layout"] == "explorer-2016" and summary["rules"]["sha256"]
    assert summary["library"] == irm.__version__
    assert diff.read_text().splitlines()[1].split(",")[2:] == [
        "_Timelineavailability", "Yes", "0", "1", "disagrees with the answer"]
    written = irm.read_process_csv(out)
    assert written[0].cells["timeline_code"] == "1"  # recomputed in place
    assert written.columns[-1] == "Procedural Review (automatic)"


def test_cocreation_bad_input_exits_2_naming_the_place(tmp_path):
    from tests.process_fixtures import explorer_row, explorer_text

    rows = [explorer_row("Kenya", "1", "2012", ["Yes"] * 6, dev="Somewhat")]
    source = write(tmp_path, explorer_text(rows), "process.csv")
    code, out, err = run("cocreation", str(source))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "row 1 (line 4)" in err and \
        "'IAP2 level during development'" in err and "Somewhat" in err


def test_cocreation_in_place_is_allowed_but_not_over_the_commitments(tmp_path):
    process = write(tmp_path, irm.sample_process_path().read_bytes(), "p.csv")
    export = write(tmp_path, irm.sample_path().read_bytes(), "export.csv")
    code, _, err = run("cocreation", str(process), "--commitments", str(export),
                       "-o", str(export))
    assert code == 2 and "it is the input" in err
    assert export.read_bytes() == irm.sample_path().read_bytes()
    assert run("cocreation", str(process), "-o", str(process))[0] == 0
    assert "Contrary to process" in process.read_text(encoding="utf-8")


def test_report_and_graph_carry_the_cocreation_verdicts(tmp_path):
    process = str(irm.sample_process_path())
    code, out, err = run("report", "--process", process, "--format", "json")
    assert code == 0, err
    section = json.loads(out)["cocreation"]
    assessed = irm.assess_plans(irm.read_process_csv(process))
    assert [p["contrary to process"] for p in section["plans"]] == [
        p.contrary for p in assessed.plans]
    assert section["rules"]["sha256"] == assessed.rules_digest
    assert section["outcomes"]["by_minimum"][0]["commitments"] == "2"  # plan 6's in the sample
    code, out, err = run("report", "--process", process, "--format", "markdown")
    assert "### Co-creation" in out and "associations, not causes" in out
    graph_file = tmp_path / "g.json"
    assert run("graph", "--process", process, "-o", str(graph_file))[0] == 0
    graph = irm.read_graph(graph_file)
    plan7 = graph.nodes["action_plan:AP_VLD07"]  # no commitment of it: added with its verdict
    assert plan7["automatic_procedural_review"] == "Yes"
    assert graph.has_edge("action_plan:AP_VLD07", "member:Valdoria")
    assert graph.graph["cocreation_rules_version"] == assessed.rules_version


def test_cocreation_writes_its_input_layout_only(tmp_path):
    code, _, err = run("cocreation", "-o", str(tmp_path / "plans.json"))
    assert code == 2 and "layout, CSV, not JSON" in err
    assert not (tmp_path / "plans.json").exists()
