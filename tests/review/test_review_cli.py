"""irm similar, irm review and irm graph --similar on the command line."""

from __future__ import annotations

import csv
import json

import irm
from irm.cli import SIMILAR_COLUMNS
from tests.test_cli import run


def test_similar_writes_one_row_per_neighbour_with_versions(tmp_path):
    out = tmp_path / "similar.csv"
    code, _, err = run("similar", "-k", "2", "-o", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    table = irm.read_ogp_csv(irm.sample_path())
    assert tuple(rows[0]) == SIMILAR_COLUMNS
    assert {r["commitment"] for r in rows} <= set(table.texts("Commitment Unique Identifier"))
    assert all(r["commitment"] != r["similar"] for r in rows)
    assert json.loads(rows[0]["versions"])["similarity"]
    assert "irm similar: 13 commitments" in err


def test_similar_json_matches_the_library(tmp_path):
    out = tmp_path / "similar.json"
    assert run("similar", "--exclude", "member", "-o", str(out))[0] == 0
    table = irm.read_ogp_csv(irm.sample_path())
    expected = irm.similar(table, k=5, exclude="member").records()
    assert json.loads(out.read_text(encoding="utf-8"))["neighbours"] == json.loads(
        json.dumps(expected))


def test_review_of_the_bundled_draft_in_each_format(tmp_path):
    for name in ("review.html", "review.json", "review.md"):
        code, _, err = run("review", "-o", str(tmp_path / name))
        assert code == 0, err
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    assert html.startswith("<!DOCTYPE html>") and "<mark" in html
    assert data["review"]["member"] == "Valdoria" and len(data["commitments"]) == 4
    assert (tmp_path / "review.md").read_text(encoding="utf-8").startswith("# Draft")
    assert "continue the member's earlier plans" in err


def test_review_never_writes_over_what_it_reads(tmp_path):
    export = tmp_path / "rated.csv"
    export.write_bytes(irm.sample_path().read_bytes())
    code, _, err = run("review", "--against", str(export), "-o", str(export))
    assert code == 2 and "it is the input" in err
    assert export.read_bytes() == irm.sample_path().read_bytes()
    code, _, err = run("review", "-o", str(tmp_path / "review.csv"))
    assert code == 2 and "writes .htm, .html, .json, .md" in err


def test_review_of_a_bad_draft_exits_2_naming_the_file(tmp_path):
    draft = tmp_path / "draft.csv"
    draft.write_text("Lead Institution\nMinistry\n", encoding="utf-8")
    code, _, err = run("review", str(draft), "-o", str(tmp_path / "r.html"))
    assert code == 2 and "draft.csv" in err and "title or text" in err
    assert not (tmp_path / "r.html").exists()


def test_graph_gains_similar_edges(tmp_path):
    out = tmp_path / "graph.json"
    assert run("graph", "--similar", "2", "-o", str(out))[0] == 0
    graph = irm.read_graph(out)
    similar = [(u, v, d) for u, v, d in graph.edges(data=True) if d["relation"] == "similar"]
    assert similar and all(0 < d["similarity"] <= 1 for _, _, d in similar)
    assert all(u.startswith("commitment:") and v.startswith("commitment:")
               for u, v, _ in similar)
    plain = tmp_path / "plain.json"
    assert run("graph", "-o", str(plain))[0] == 0
    assert not any(d["relation"] == "similar" for *_, d in irm.read_graph(plain).edges(data=True))


def test_review_warns_of_a_member_the_exports_do_not_name(tmp_path):
    code, _, err = run("review", "--member", "Valdria", "-o", str(tmp_path / "r.html"))
    assert code == 0 and "no rated commitment of 'Valdria'" in err
    code, _, err = run("review", "-o", str(tmp_path / "r.html"))
    assert "warning" not in err
