"""OGP's real dev export (skipped when ../shared/data is absent)."""

from __future__ import annotations

import csv

import irm


def test_dev_export_round_trips_every_cell(dev_csv, tmp_path):
    """Read then write keeps all 68,229 cells identical, in order, and the bytes too."""
    table = irm.read_ogp_csv(dev_csv)
    out = tmp_path / "dev.csv"
    irm.write_ogp_csv(table, out)
    with open(dev_csv, newline="", encoding="utf-8") as a, open(out, newline="",
                                                                 encoding="utf-8") as b:
        original, written = list(csv.reader(a)), list(csv.reader(b))
    assert sum(len(r) for r in original[1:]) == 68_229
    assert written == original
    assert out.read_bytes() == dev_csv.read_bytes()


def test_dev_export_without_final_newline(dev_csv, tmp_path):
    """The upstream layout (no terminator after the last record) is kept too."""
    upstream = tmp_path / "upstream.csv"
    upstream.write_bytes(dev_csv.read_bytes()[:-2])
    table = irm.read_ogp_csv(upstream)
    assert not table.layout.final_newline
    irm.write_ogp_csv(table, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == upstream.read_bytes()


def test_dev_export_eras_match_the_reference(dev_table):
    """Era counts are those of ogp-data.md §2."""
    report = irm.validate_ogp_csv(dev_table.source)
    assert report.ok and not report.problems
    assert report.summary()["eras"] == {
        "legacy (pre-2017)": 141, "transitional (2017-2020)": 116, "refresh (2021+)": 88,
        "not reviewed": 44, "no design data": 10}


def test_dev_export_models_on_demand(dev_table):
    """Model objects build for every row and keep real ratings like `None`."""
    assessments = list(dev_table.assessments())
    commitments = list(dev_table.commitments())
    assert len(assessments) == len(commitments) == 399
    assert sum(a.potential_impact.label == "None" for a in assessments
               if not isinstance(a.potential_impact, irm.Missing)) == 8


def test_plan_ids_built_without_the_column_are_ogps(dev_table):
    """ogp-data.md: Action Plan ID is AP_ + Code + two-digit plan number in every row, so an
    export without the column groups its rows into the same 143 plans."""
    built = dev_table.without_columns(["Action Plan ID"]).plan_ids()
    assert built.tolist() == dev_table.column("Action Plan ID").tolist()
    assert len(set(built.tolist())) == 143
