"""The commitment graph: structure, catalogues, analysis, continuity, export."""

from __future__ import annotations

import numpy as np
import pytest

import irm
from irm.graphs import (
    build_graph,
    carried_forward_agreement,
    centrality,
    commitments,
    continuity_chains,
    cooccurrence,
    coverage_gaps,
    pledge_coverage,
    pledges_of,
)
from irm.io.graph_files import read_graph, write_graph
from irm.models.pledges import load_pledges


@pytest.fixture(scope="module")
def sample_graph():
    return build_graph(irm.read_ogp_csv(irm.sample_path()), continuity=True, threshold=0.1)


def test_every_node_has_a_kind_and_every_edge_a_relation(sample_graph):
    """Node ids are kind:key with a matching kind attribute; edges have relations."""
    from irm.graphs import KINDS, RELATIONS

    for node, data in sample_graph.nodes(data=True):
        assert data["kind"] in KINDS and node.startswith(data["kind"] + ":")
    assert all(d["relation"] in RELATIONS for _, _, d in sample_graph.edges(data=True))


def test_commitment_to_plan_to_member(sample_graph):
    """Commitments sit in plans that belong to members."""
    assert sample_graph.has_edge("commitment:VD0005", "action_plan:AP_VLD03")
    assert sample_graph.has_edge("action_plan:AP_VLD03", "member:Valdoria")


def test_multi_institution_cells_are_split(sample_graph):
    """A cell naming two bodies gives two supported_by edges."""
    supported = [t for _, t, d in sample_graph.out_edges("commitment:VD0005", data=True)
                 if d["relation"] == "supported_by"]
    assert sorted(supported) == ["institution:business registry agency",
                                 "institution:transparency valdoria"]


def test_pledge_catalogue_and_mapping():
    """All SDG 16 targets, the ten Open Gov Challenge areas, and justified links."""
    catalogue = load_pledges()
    sdg16 = {p.id for p in catalogue.of_framework("SDG") if p.id.startswith("SDG 16.")}
    assert sdg16 == {f"SDG 16.{t}" for t in [*range(1, 11), "a", "b"]}
    assert len(catalogue.of_framework("OGC")) == 10
    assert all(link.justification for link in catalogue.mapping)
    assert "not OGP's" in catalogue.mapping_source
    plain = {("Justice", "SDG 16.3"), ("Justice", "OGC Justice"),
             ("Anti-Corruption and Integrity", "SDG 16.5"),
             ("Right To Information", "SDG 16.10"), ("Fiscal Openness", "OGC Fiscal Openness")}
    assert plain <= {(link.policy_area, link.pledge) for link in catalogue.mapping}


def test_text_mentions_carry_evidence():
    """A commitment naming the Escazú Agreement links to it with the span quoted."""
    header = ["Commitment Unique Identifier", "Full Text", "Country/Locality"]
    text = "Implement the Escazú Agreement's participation pillar."
    table = irm.CommitmentTable.from_rows(header, [["VD0100", text, "Valdoria"]])
    graph = build_graph(table)
    data = graph.edges["commitment:VD0100", "pledge:Escazu Agreement"]
    assert data["relation"] == "mentions" and text[data["span_start"]:data["span_end"]] == "Escazú"


def test_estimated_tags_fill_rows_without_export_tags():
    """Rows without tags get the estimated ones, marked as estimates."""
    header = ["Commitment Unique Identifier", "Full Text"]
    table = irm.CommitmentTable.from_rows(header, [["VD0100", "open data"]])
    graph = build_graph(table, estimated_tags=[["Open Data"]])
    assert graph.edges["commitment:VD0100", "policy_area:Open Data"]["origin"] == "estimate"
    assert "pledge:SDG 16.10" in pledges_of(graph, "commitment:VD0100")


def test_coverage_gaps_cooccurrence_centrality(sample_graph):
    """Coverage counts ambitious and completed commitments; gaps are the rest."""
    coverage = pledge_coverage(sample_graph)["Valdoria"]
    assert all(c["any"] >= max(c["ambitious"], c["completed"]) for c in coverage.values())
    gaps = coverage_gaps(sample_graph, "Valdoria", framework="OGC")
    assert set(gaps).isdisjoint(coverage) and "pledge:OGC Media Freedom" in gaps
    projection = cooccurrence(sample_graph)
    assert projection.edges["policy_area:Fiscal Openness",
                            "policy_area:Publication Of Budget/Fiscal Information"]["weight"] >= 1
    degree = centrality(sample_graph, measure="degree")
    assert max(degree, key=degree.get).startswith("policy_area:")
    assert centrality(sample_graph, kind="institution", measure="eigenvector")


def test_continuity_links_point_to_earlier_plans(sample_graph):
    """Continuity edges always go from a later plan to an earlier one of the member."""
    plans = {n: "action_plan:" + sample_graph.nodes[n]["action_plan"]
             for n in commitments(sample_graph)}
    plan_number = {n: sample_graph.nodes[p]["number"] for n, p in plans.items()}
    continues = [(a, b, d) for a, b, d in sample_graph.edges(data=True)
                 if d["relation"] == "continues"]
    assert continues  # the sample's plans share themes at this threshold
    for later, earlier, data in continues:
        assert plan_number[later] > plan_number[earlier] and data["similarity"] >= 0.1
    for chain in continuity_chains(sample_graph):
        assert [plan_number[c] for c in chain] == sorted(plan_number[c] for c in chain)


def test_continuity_threshold_zero_is_kept_and_out_of_range_is_refused():
    """A threshold of 0 links every cross-plan pair of a member (it once fell back to the
    default); a threshold that no cosine can meet or miss is refused."""
    table = irm.read_ogp_csv(irm.sample_path())

    def links(threshold):
        graph = build_graph(table, continuity=True, threshold=threshold)
        return sum(d["relation"] == "continues" for *_, d in graph.edges(data=True))

    assert links(0.0) > links(0.1) > 0
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="from 0 to 1"):
            build_graph(table, continuity=True, threshold=bad)


def test_carried_forward_agreement_without_plan_numbers():
    """A file without Action Plan Number shows no later plan to continue in: nothing is
    counted (it raised a KeyError once)."""
    table = irm.read_ogp_csv(irm.sample_path())
    bare = table.without_columns(["Action Plan Number"])
    assert carried_forward_agreement(table).flagged > 0
    assert carried_forward_agreement(bare).flagged == 0


def test_plans_are_nodes_in_an_export_without_plan_ids():
    """Without the Action Plan ID column, plan nodes take the id OGP builds from the
    member's code and plan number: the same graph."""
    table = irm.read_ogp_csv(irm.sample_path())
    plans = {n for n, d in build_graph(table).nodes(data=True) if d["kind"] == "action_plan"}
    bare = build_graph(table.without_columns(["Action Plan ID"]))
    assert plans and plans == {n for n, d in bare.nodes(data=True) if d["kind"] == "action_plan"}


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".gexf"])
def test_exports_read_back(sample_graph, tmp_path, suffix):
    """Each format reads back with networkx with the same nodes and edges."""
    path = tmp_path / f"graph{suffix}"
    write_graph(sample_graph, path)
    back = read_graph(path)
    assert set(back.nodes) == set(sample_graph.nodes)
    assert set(back.edges) == set(sample_graph.edges)


# --- OGP's dev data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_graph(dev_table):
    return build_graph(dev_table, continuity=True)


def test_dev_every_tag_is_an_edge(dev_table, dev_graph):
    """Every policy-area tag equal to 1 in the export is a tagged edge (100%)."""
    ids = dev_table.ids
    total = 0
    for tag in irm.load_taxonomy().names:
        for row in np.flatnonzero(dev_table.codes[tag] == 1):
            total += 1
            assert dev_graph.edges[f"commitment:{ids[row]}", f"policy_area:{tag}"][
                "relation"] == "tagged"
    assert total == sum(d["relation"] == "tagged" for _, _, d in dev_graph.edges(data=True))


def test_dev_sub_areas_follow_the_taxonomy(dev_graph):
    """sub_area_of edges are exactly the taxonomy's parent links."""
    taxonomy = irm.load_taxonomy()
    expected = {(f"policy_area:{a.name}", f"policy_area:{a.parent}") for a in taxonomy
                if a.parent}
    found = {(u, v) for u, v, d in dev_graph.edges(data=True) if d["relation"] == "sub_area_of"}
    assert found == expected


def test_dev_pledges_present_and_reached(dev_graph):
    """At least 10 SDG targets and all ten OGC areas; half the commitments reach a pledge."""
    pledges = [d for _, d in dev_graph.nodes(data=True) if d["kind"] == "pledge"]
    assert sum(d["framework"] == "SDG" for d in pledges) >= 10
    assert sum(d["framework"] == "OGC" for d in pledges) == 10
    nodes = commitments(dev_graph)
    reached = sum(1 for c in nodes if pledges_of(dev_graph, c))
    assert reached >= len(nodes) / 2


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".gexf"])
def test_dev_exports_read_back(dev_graph, tmp_path, suffix):
    """The dev graph survives each export format."""
    path = tmp_path / f"dev{suffix}"
    write_graph(dev_graph, path)
    back = read_graph(path)
    assert set(back.nodes) == set(dev_graph.nodes) and set(back.edges) == set(dev_graph.edges)


def test_every_pledge_mention_is_searched():
    """Grouping the mentions for the byte search keeps every one of them."""
    from irm.graphs.build import _mention_groups

    grouped = sorted(m for _, members in _mention_groups(load_pledges()) for _, m in members)
    expected = sorted(m.lower().encode() for p in load_pledges() for m in p.mentions)
    assert grouped == expected


@pytest.mark.parametrize(("text", "pledge"), [
    ("Report against SDG 16.10 yearly", "SDG 16.10"),
    ("per target 16.5 of the SDGs", "SDG 16.5"),
    ("adopt the OCDS for all tenders", "OCP Open Contracting Data Standard"),
])
def test_named_pledges_become_mentions(text, pledge):
    """Pledges named in the text are linked, with the words quoted."""
    header = ["Commitment Unique Identifier", "Full Text"]
    graph = build_graph(irm.CommitmentTable.from_rows(header, [["VD0101", text]]))
    data = graph.edges["commitment:VD0101", f"pledge:{pledge}"]
    assert data["relation"] == "mentions" and text[data["span_start"]:data["span_end"]] == data["evidence"]


def test_a_misspelt_option_is_refused_naming_the_accepted_values():
    """A member, framework, kind or measure irm does not know raises, never a default."""
    from irm.errors import InvalidValueError
    from irm.graphs import centrality, cooccurrence, coverage_gaps

    graph = build_graph(irm.read_ogp_csv(irm.sample_path()))
    with pytest.raises(InvalidValueError, match="unknown 'member'.*'Valdoria'.*got 'Nope'"):
        coverage_gaps(graph, "Nope")
    with pytest.raises(InvalidValueError, match="unknown 'framework'.*'OGC'"):
        coverage_gaps(graph, "Valdoria", framework="ogc")
    with pytest.raises(InvalidValueError, match="unknown 'kind'"):
        cooccurrence(graph, kind="policy area")
    with pytest.raises(InvalidValueError, match="unknown 'measure'.*'degree'"):
        centrality(graph, measure="pagerank")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_every_graph_format_goes_to_standard_output_and_parses(fmt):
    """irm graph -o - --format F writes a file another program reads (it failed with an
    internal error for GraphML and GEXF)."""
    import io
    import json
    import xml.etree.ElementTree as ET

    from irm.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["graph", "-o", "-", "--format", fmt], stdout=out, stderr=err) == 0, err.getvalue()
    text = out.getvalue()
    if fmt == "json":
        graph = json.loads(text)["graph"]
        assert graph["taxonomy_version"] and graph["pledges_version"]
        return
    root = ET.fromstring(text.encode("utf-8"))
    if fmt == "gexf":
        ns = {"g": "http://www.gexf.net/1.2draft"}
        assert root.find("g:graph", ns).get("mode") == "static"  # not a timeline
        titles = {a.get("title") for a in root.iter("{http://www.gexf.net/1.2draft}attribute")}
        assert not titles & {"start", "end"}
        description = root.find("g:meta/g:description", ns).text
        assert "taxonomy_version" in description and "lastmodifieddate" not in text
    else:
        keys = {k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
        assert {"taxonomy_version", "pledges_version", "irm_version"} <= keys


def test_node_link_keeps_whether_a_tag_was_published_or_estimated(tmp_path):
    """The edge attribute saying where a tag came from survives node-link JSON (named
    'source', it clashed with the format's own key and was lost)."""
    header = ["Commitment Unique Identifier", "Full Text"]
    table = irm.CommitmentTable.from_rows(header, [["VD0100", "open data"]])
    graph = build_graph(table, estimated_tags=[["Open Data"]])
    path = tmp_path / "g.json"
    write_graph(graph, path)
    again = read_graph(path)
    assert again.edges["commitment:VD0100", "policy_area:Open Data"]["origin"] == "estimate"


@pytest.mark.parametrize("fmt", [".graphml", ".gexf"])
def test_characters_xml_forbids_are_replaced_and_counted(tmp_path, fmt):
    """Vertical tab, form feed, NUL, U+FFFE/FFFF (pasted from Word or PDF) make XML no
    parser reads: they are written as U+FFFD, and the graph says how many."""
    import xml.etree.ElementTree as ET

    header = ["Commitment Unique Identifier", "Commitment Title", "Full Text"]
    title = "Open\x0bbudget\x0c\x00data\ufffe\uffff"
    table = irm.CommitmentTable.from_rows(header, [["VD0100", title, "text"]])
    path = tmp_path / f"g{fmt}"
    write_graph(build_graph(table), path)
    root = ET.fromstring(path.read_bytes())  # parses
    assert "Open\ufffdbudget\ufffd\ufffddata\ufffd\ufffd" in {
        e.text for e in root.iter() if e.text} | {e.get("value") for e in root.iter()}
    if fmt == ".graphml":
        assert read_graph(path).graph["xml_replaced_characters"] == 5


def test_a_gexf_file_is_the_same_whatever_the_day(tmp_path, monkeypatch):
    """GEXF's meta carried the day it was written: the same graph gave other bytes."""
    import time as time_module

    graph = build_graph(irm.read_ogp_csv(irm.sample_path()))
    write_graph(graph, tmp_path / "a.gexf")
    monkeypatch.setattr(time_module, "strftime", lambda fmt, *a: "1999-01-01")
    write_graph(graph, tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
