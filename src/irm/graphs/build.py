"""Build the commitment graph: a plain ``networkx.DiGraph`` with documented attributes.

Node ids are ``kind:key`` and every node has a ``kind`` attribute:

=============  ===============================  ==============================================
kind           key                              other attributes
=============  ===============================  ==============================================
commitment     Commitment Unique Identifier     title, action_plan, member, era, year,
                                                high_ambition, high_completion, starred,
                                                irm_based_score (OGP's strings)
action_plan    Action Plan ID                   member, number, year
member         Country/Locality                 code, member_kind, region
policy_area    tag name as in the export header area_kind, parent
institution    normalised name                  name (as first written)
pledge         pledge id (``SDG 16.10``,        framework, title
               ``OGC Fiscal Openness``, ...)
=============  ===============================  ==============================================

Every edge has a ``relation``:

- ``in_plan`` commitment -> action plan; ``of_member`` action plan -> member;
- ``tagged`` commitment -> policy area (``origin`` ``export`` or ``estimate``);
- ``sub_area_of`` sub-area -> parent; ``rolls_up_to`` member tag -> legacy roll-up;
  ``implies`` legacy open-data tag -> Open Data;
- ``serves`` policy area -> pledge (``justification``; ``origin`` ``irm mapping``);
- ``mentions`` commitment -> pledge named in its text (``evidence``, ``field``,
  ``span_start``, ``span_end``: the characters of the text that name it);
- ``led_by`` / ``supported_by`` commitment -> institution;
- ``continues`` commitment -> similar commitment of an earlier plan of the same
  member (``similarity``), see :mod:`irm.graphs.continuity`.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any, Iterable, Mapping

import networkx as nx
import numpy as np

from irm._perf import gc_paused
from irm._version import __version__
from irm.models.assessment import Era
from irm.models.columns import ID
from irm.models.commitment import normalise_institution, split_institutions
from irm.models.missing import Missing
from irm.models.plan import member_kind
from irm.models.pledges import PledgeCatalogue, load_pledges
from irm.models.table import CommitmentTable
from irm.models.taxonomy import Taxonomy, load_taxonomy

__all__ = ["add_continuity", "build_graph", "graph_versions", "node_id", "graph_edges", "KINDS",
           "RELATIONS"]

KINDS = ("commitment", "action_plan", "member", "policy_area", "institution", "pledge")
RELATIONS = ("in_plan", "of_member", "tagged", "sub_area_of", "rolls_up_to", "implies",
             "serves", "mentions", "led_by", "supported_by", "continues", "similar")


def node_id(kind: str, key: str) -> str:
    """``kind:key``, the id of a node (``node_id("pledge", "SDG 16.10")``)."""
    return f"{kind}:{key}"


def _cells(table: CommitmentTable, column: str) -> list[str]:
    return table.get(column, "NA").tolist()  # the cells are str already


def _present(value: str) -> bool:
    return bool(value.strip()) and Missing.parse(value) is None


def _first_rows(values: list[str]) -> dict[str, int]:
    """Each present value and the first row holding it, in order of first appearance."""
    first = dict(zip(reversed(values), range(len(values) - 1, -1, -1)))
    return {v: i for v, i in sorted(first.items(), key=lambda kv: kv[1]) if _present(v)}


def _catalogue_nodes(taxonomy: Taxonomy, pledges: PledgeCatalogue) -> tuple[
        list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, dict[str, Any]]] = []
    for area in taxonomy:
        nodes.append((node_id("policy_area", area.name),
                      {"kind": "policy_area", "label": area.name, "area_kind": area.kind,
                       "parent": area.parent or ""}))
        if area.parent:
            edges.append((node_id("policy_area", area.name),
                          node_id("policy_area", area.parent), {"relation": "sub_area_of"}))
        for member in area.members:
            edges.append((node_id("policy_area", member), node_id("policy_area", area.name),
                          {"relation": "rolls_up_to"}))
        for implied in area.implies:
            edges.append((node_id("policy_area", area.name), node_id("policy_area", implied),
                          {"relation": "implies"}))
    for pledge in pledges:
        nodes.append((node_id("pledge", pledge.id),
                      {"kind": "pledge", "label": pledge.id, "framework": pledge.framework,
                       "title": pledge.title}))
    for link in pledges.mapping:
        edges.append((node_id("policy_area", link.policy_area), node_id("pledge", link.pledge),
                      {"relation": "serves", "justification": link.justification,
                       "origin": "irm mapping"}))
    return nodes, edges


def _mention_groups(pledges: PledgeCatalogue) -> list[tuple[bytes, list[tuple[str, bytes]]]]:
    """Mentions as lower-case bytes, grouped by the text before their first digit
    (``sdg 16.10`` and ``sdg 16.5`` share ``sdg 1``), so one test skips a group."""
    mentions = sorted((m.lower().encode("utf-8"), p.id) for p in pledges for m in p.mentions)
    groups: dict[bytes, list[tuple[str, bytes]]] = {}
    for raw, pledge_id in mentions:
        digit = next((k for k, ch in enumerate(raw) if 48 <= ch <= 57), len(raw) - 1)
        key = raw[:digit + 1]
        # keys sharing a stem of five or more bytes that does not end a word are
        # tested at once as that stem ("escazu" and "escazú" -> "escaz")
        for other in list(groups):
            stem = _common_prefix(other, key)
            if len(stem) >= 5 and not stem.endswith(b" "):
                members = groups.pop(other)
                key = stem
                groups.setdefault(key, []).extend(members)
                break
        groups.setdefault(key, []).append((pledge_id, raw))
    return sorted(groups.items())


def _common_prefix(a: bytes, b: bytes) -> bytes:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _whole_word(text: bytes, needle: bytes) -> int:
    """Offset of ``needle`` in ``text`` as a whole word (letters and digits around
    it do not continue it), or -1."""
    at = text.find(needle)
    while at >= 0:
        before = text[at - 1] if at else 32
        after = text[at + len(needle)] if at + len(needle) < len(text) else 32
        if not (_wordish(before) or _wordish(after)):
            return at
        at = text.find(needle, at + 1)
    return -1


def _wordish(byte: int) -> bool:
    return 48 <= byte <= 57 or 97 <= byte <= 122 or byte >= 128


def graph_edges(table: CommitmentTable, *, estimated_tags: Iterable[Iterable[str]] | None = None,
                taxonomy: Taxonomy | None = None, pledges: PledgeCatalogue | None = None,
                mentions: bool = True) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    """Nodes and edges of the commitment graph, as lists ready for networkx.

    ``estimated_tags`` gives, per row, policy-area tags estimated from text
    (e.g. ``irm score``'s); they are used for rows whose export has no tag set.
    With ``mentions=False`` the texts are not searched for pledges they name.
    """
    with gc_paused():
        return _graph_edges(table, estimated_tags, taxonomy, pledges, mentions)


def _graph_edges(table: CommitmentTable, estimated_tags: Iterable[Iterable[str]] | None,
                 taxonomy: Taxonomy | None, pledges: PledgeCatalogue | None,
                 mentions: bool) -> tuple[list[tuple[str, dict[str, Any]]],
                                          list[tuple[str, str, dict[str, Any]]]]:
    taxonomy = taxonomy or load_taxonomy()
    pledges = pledges or load_pledges()
    nodes, edges = _catalogue_nodes(taxonomy, pledges)
    n = len(table)
    ids = _cells(table, ID)
    commitment = [node_id("commitment", cid) for cid in ids]
    plans = table.plan_ids(default="NA").tolist()  # built from Code and number when absent
    members = _cells(table, "Country/Locality")
    titles = _cells(table, "Commitment Title")
    # the table's own indicator columns: derive it first (irm.derive) to recompute them
    indicator = {name: np.asarray(table.get(name)) for name in
                 ("High Ambition", "High Completion", "Max star", "IRM-Based Score")}
    eras = table.eras()
    years = table.codes_or_nd("Year Of Submission")
    era_label = {int(e): e.label for e in Era}
    columns = zip(commitment, ids, titles, plans, members,
                  [era_label[int(e)] for e in eras], np.where(years > 0, years, -1).tolist(),
                  *(indicator[c].tolist() for c in ("High Ambition", "High Completion",
                                                    "Max star", "IRM-Based Score")))
    nodes.extend((node, {"kind": "commitment", "label": cid, "title": title,
                         "action_plan": plan, "member": member, "era": era, "year": year,
                         "high_ambition": ambition, "high_completion": completion,
                         "starred": star, "irm_based_score": score})
                 for node, cid, title, plan, member, era, year, ambition, completion, star, score
                 in columns)
    # plans and members: the first row of each describes it
    numbers = table.codes_or_nd("Action Plan Number")
    codes_col, kinds, regions = (_cells(table, c) for c in ("Code", "National Or Local", "Region"))
    first_of_plan = _first_rows(plans)
    first_of_member = _first_rows(members)
    plan_node = {p: node_id("action_plan", p) for p in first_of_plan}
    in_plan = {"relation": "in_plan"}
    edges.extend((commitment[i], plan_node[p], in_plan) for i, p in enumerate(plans)
                 if p in plan_node)
    for plan, i in first_of_plan.items():
        nodes.append((plan_node[plan], {
            "kind": "action_plan", "label": plan, "member": members[i],
            "number": int(numbers[i]) if numbers[i] >= 0 else -1,
            "year": int(years[i]) if years[i] > 0 else -1}))
        if members[i] in first_of_member:
            edges.append((plan_node[plan], node_id("member", members[i]),
                          {"relation": "of_member"}))
    for member, i in first_of_member.items():
        nodes.append((node_id("member", member), {
            "kind": "member", "label": member, "code": codes_col[i],
            "member_kind": member_kind(kinds[i]),
            "region": regions[i]}))
    # policy areas: the export's tags, or estimates where the export has none
    tagged = np.zeros(n, dtype=bool)
    nodes_of = np.array(commitment, dtype=object)
    for area in taxonomy.names:
        if area in table.codes:
            rows = np.flatnonzero(table.codes[area] == 1)
            tagged[rows] = True
            target = node_id("policy_area", area)
            attrs = {"relation": "tagged", "origin": "export"}
            edges.extend(zip(nodes_of[rows].tolist(), repeat(target), repeat(attrs)))
    if estimated_tags is not None:
        attrs = {"relation": "tagged", "origin": "estimate"}
        for i, tags in enumerate(estimated_tags):
            if not tagged[i]:
                edges.extend((commitment[i], node_id("policy_area", t), attrs) for t in tags)
    # institutions
    names: dict[str, str] = {}
    split_cache: dict[str, list[str]] = {}  # the same bodies recur across commitments
    for column, relation in (("Lead Institution", "led_by"),
                             ("Supporting Institution(s)", "supported_by")):
        attrs = {"relation": relation}
        for i, cell in enumerate(_cells(table, column)):
            targets = split_cache.get(cell)
            if targets is None:
                targets = []
                for name in split_institutions(cell):
                    key = normalise_institution(name)
                    names.setdefault(key, name)
                    targets.append(node_id("institution", key))
                split_cache[cell] = targets
            edges.extend(zip(repeat(commitment[i]), targets, repeat(attrs)))
    nodes.extend((node_id("institution", key), {"kind": "institution", "label": name,
                                                "name": name})
                 for key, name in names.items())
    # pledges named in the text (title or full text), found on lower-cased bytes
    groups = _mention_groups(pledges) if mentions else []
    bodies = _cells(table, "Full Text") if mentions else []
    for i, (title, body) in enumerate(zip(titles, bodies)):
        head = title.encode("utf-8", "replace")
        low = (head + b"\n" + body.encode("utf-8", "replace")).lower()
        for group_key, group in groups:
            if group_key not in low:
                continue
            for pledge_id, mention in group:
                at = _whole_word(low, mention)
                if at < 0:
                    continue
                field, text, offset = ("title", title, 0) if at < len(head) else \
                    ("text", body, len(head) + 1)
                start = len(low[offset:at].decode("utf-8", "replace"))
                end = start + len(mention.decode("utf-8", "replace"))
                edges.append((commitment[i], node_id("pledge", pledge_id), {
                    "relation": "mentions", "origin": "text", "evidence": text[start:end],
                    "field": field, "span_start": start, "span_end": end}))
    return nodes, edges


def graph_versions(*, taxonomy: Taxonomy | None = None,
                   pledges: PledgeCatalogue | None = None) -> dict[str, str]:
    """What a graph records it was built with: irm's version, the taxonomy's and the
    pledge catalogue's (graph attributes, kept in every file format)."""
    return {"irm_version": __version__,
            "taxonomy_version": (taxonomy or load_taxonomy()).version,
            "pledges_version": (pledges or load_pledges()).version}


def build_graph(table: CommitmentTable, *, estimated_tags: Iterable[Iterable[str]] | None = None,
                taxonomy: Taxonomy | None = None, pledges: PledgeCatalogue | None = None,
                mentions: bool = True, continuity: bool = False,
                threshold: float | None = None) -> nx.DiGraph:
    """The commitment graph of a table.

    Parameters
    ----------
    table : CommitmentTable
        Commitments of an OGP export. Commitment nodes carry the table's own
        indicator columns (High Ambition, High Completion, Max star, IRM-Based
        Score; ND where absent): pass ``irm.derive(table)`` to have them recomputed.
    estimated_tags : iterable of iterables of str, optional
        Policy areas estimated from text, per row, used where the export has none.
    mentions : bool
        Link commitments to the pledges their text names (``mentions`` edges).
    continuity : bool
        Also link commitments to similar ones of the member's earlier plans
        (see :func:`irm.graphs.continuity.continuity_links`).
    threshold : float, optional
        Similarity threshold for continuity links (default documented there).

    Examples
    --------
    >>> import irm
    >>> g = build_graph(irm.read_ogp_csv(irm.sample_path()))
    >>> g.nodes["commitment:VD0001"]["kind"], g.has_edge("commitment:VD0001", "action_plan:AP_VLD01")
    ('commitment', True)
    >>> g.has_edge("policy_area:Justice", "pledge:SDG 16.3")
    True
    """
    nodes, edges = graph_edges(table, estimated_tags=estimated_tags, taxonomy=taxonomy,
                               pledges=pledges, mentions=mentions)
    graph = nx.DiGraph(name=f"irm commitment graph{' of ' + table.source if table.source else ''}",
                       **graph_versions(taxonomy=taxonomy, pledges=pledges))
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    if continuity:
        from irm.graphs.continuity import DEFAULT_THRESHOLD, continuity_links

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        add_continuity(graph, continuity_links(table, threshold=threshold))
    return graph


def add_cocreation(graph: nx.DiGraph,
                   plans: Iterable[tuple[str, str, int, int | None, Mapping[str, str]]]) -> int:
    """Put each plan's co-creation attributes on its ``action_plan`` node: ``plans``
    holds (plan id, member, number, year, attributes), as
    :meth:`irm.scoring.cocreation.CocreationAssessment.graph_plans` gives them. A plan
    the graph lacks (no commitment of it in the export) is added, linked to its member
    where the graph has that member. Returns how many plans were added."""
    added = 0
    for plan, member, number, year, attributes in plans:
        node = node_id("action_plan", plan)
        if node not in graph:
            added += 1
            graph.add_node(node, kind="action_plan", label=plan, member=member, number=number,
                           year=-1 if year is None else year)
            if node_id("member", member) in graph:
                graph.add_edge(node, node_id("member", member), relation="of_member")
        graph.nodes[node].update(attributes)
    return added


def add_similar(graph: nx.DiGraph, pairs: Iterable[tuple[str, str, float]]) -> None:
    """Add ``similar`` edges (commitment -> a similar commitment of any member, with the
    similarity) for pairs from :func:`irm.scoring.similar.similar`. A pair already
    linked, either way (it ``continues``, or the other is similar to it), keeps that
    edge: one graph edge per pair of commitments."""
    for a, b, score in pairs:
        u, v = node_id("commitment", a), node_id("commitment", b)
        if not (graph.has_edge(u, v) or graph.has_edge(v, u)):
            graph.add_edge(u, v, relation="similar", similarity=round(score, 4))


def add_continuity(graph: nx.DiGraph, links: Iterable[tuple[str, str, float]]) -> None:
    """Add ``continues`` edges (later commitment -> earlier one, with its similarity)
    for links from :func:`irm.graphs.continuity.continuity_links`."""
    graph.add_edges_from(
        (node_id("commitment", later), node_id("commitment", earlier),
         {"relation": "continues", "similarity": round(similarity, 4)})
        for later, earlier, similarity in links)
