"""Analyses of the commitment graph: pledge coverage and gaps, co-occurrence,
centrality, continuity chains. Functions take the graph first; results are
plain dicts, lists and graphs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

import networkx as nx

from irm.errors import check_choice

__all__ = [
    "commitments",
    "pledges_of",
    "pledge_coverage",
    "coverage_gaps",
    "cooccurrence",
    "centrality",
    "continuity_chains",
]


def commitments(graph: nx.DiGraph, *, member: str | None = None) -> list[str]:
    """Commitment nodes, optionally of one member (by Country/Locality)."""
    return [n for n, d in graph.nodes(data=True) if d.get("kind") == "commitment"
            and (member is None or d.get("member") == member)]


def pledges_of(graph: nx.DiGraph, commitment: str) -> set[str]:
    """Pledges a commitment reaches: named in its text (one hop) or served by
    one of its policy areas (two hops: commitment -> policy area -> pledge)."""
    out = set()
    for _, target, data in graph.out_edges(commitment, data=True):
        relation = data.get("relation")
        if relation == "mentions":
            out.add(target)
        elif relation == "tagged":
            out.update(p for _, p, d in graph.out_edges(target, data=True)
                       if d.get("relation") == "serves")
    return out


def pledge_coverage(graph: nx.DiGraph, *, members: Iterable[str] | None = None
                    ) -> dict[str, dict[str, dict[str, int]]]:
    """Per member and pledge: how many commitments reach it (``any``), how many
    of those are ambitious (High Ambition 1) and how many completed (High
    Completion 1).

    Examples
    --------
    >>> import irm
    >>> from irm.graphs.build import build_graph
    >>> cov = pledge_coverage(build_graph(irm.read_ogp_csv(irm.sample_path())))
    >>> cov["Valdoria"]["pledge:SDG 16.10"]["any"] > 0
    True
    """
    wanted = set(members) if members is not None else None
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for node in commitments(graph):
        data = graph.nodes[node]
        member = data.get("member", "")
        if wanted is not None and member not in wanted:
            continue
        for pledge in pledges_of(graph, node):
            counts = out[member].setdefault(pledge, {"any": 0, "ambitious": 0, "completed": 0})
            counts["any"] += 1
            counts["ambitious"] += int(data.get("high_ambition") == "1")
            counts["completed"] += int(data.get("high_completion") == "1")
    return dict(out)


def coverage_gaps(graph: nx.DiGraph, member: str, *, framework: str | None = None) -> list[str]:
    """Pledges (of ``framework``, or all) that none of the member's commitments reach.

    Examples
    --------
    >>> import irm
    >>> from irm.graphs.build import build_graph
    >>> g = build_graph(irm.read_ogp_csv(irm.sample_path()))
    >>> "pledge:OGC Media Freedom" in coverage_gaps(g, "Valdoria", framework="OGC")
    True
    """
    members = sorted({d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "member"
                      and "label" in d})
    check_choice("member", member, members)
    if framework is not None:
        check_choice("framework", framework, sorted({d["framework"] for _, d in
                                                     graph.nodes(data=True)
                                                     if d.get("kind") == "pledge"}))
    covered = pledge_coverage(graph, members=[member]).get(member, {})
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "pledge"
                  and (framework is None or d.get("framework") == framework)
                  and n not in covered)


def cooccurrence(graph: nx.DiGraph, *, kind: str = "policy_area",
                 relations: tuple[str, ...] = ("tagged",)) -> nx.Graph:
    """Undirected projection: two ``kind`` nodes are joined, with ``weight`` =
    the number of commitments linked to both.

    Examples
    --------
    >>> import irm
    >>> from irm.graphs.build import build_graph
    >>> p = cooccurrence(build_graph(irm.read_ogp_csv(irm.sample_path())))
    >>> p.edges["policy_area:Fiscal Openness", "policy_area:Public Participation"]["weight"]
    1
    """
    check_choice("kind", kind, ("policy_area", "institution", "pledge"))
    projection = nx.Graph()
    weights: Counter[tuple[str, str]] = Counter()
    for node in commitments(graph):
        linked = sorted({t for _, t, d in graph.out_edges(node, data=True)
                         if d.get("relation") in relations
                         and graph.nodes[t].get("kind") == kind})
        projection.add_nodes_from(linked, kind=kind)
        for i, a in enumerate(linked):
            for b in linked[i + 1:]:
                weights[(a, b)] += 1
    projection.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return projection


def centrality(graph: nx.DiGraph, *, kind: str = "policy_area", measure: str = "degree"
               ) -> dict[str, float]:
    """Centrality of policy areas or institutions in their co-occurrence projection.

    ``measure`` is ``"degree"`` (weighted degree: co-occurrences),
    ``"eigenvector"`` (weighted) or ``"betweenness"``.

    Examples
    --------
    >>> import irm
    >>> from irm.graphs.build import build_graph
    >>> scores = centrality(build_graph(irm.read_ogp_csv(irm.sample_path())))
    >>> max(scores, key=scores.get)
    'policy_area:Access to information'
    """
    check_choice("kind", kind, ("policy_area", "institution"))
    check_choice("measure", measure, ("degree", "eigenvector", "betweenness"))
    relations = ("tagged",) if kind == "policy_area" else ("led_by", "supported_by")
    projection = cooccurrence(graph, kind=kind, relations=relations)
    if measure == "degree":
        return {n: float(d) for n, d in projection.degree(weight="weight")}
    if measure == "eigenvector":
        if not projection.number_of_edges():
            return {n: 0.0 for n in projection}
        return nx.eigenvector_centrality(projection, weight="weight", max_iter=1000)
    return nx.betweenness_centrality(projection)


def continuity_chains(graph: nx.DiGraph) -> list[list[str]]:
    """Chains of commitments linked by ``continues``, earliest first, longest first.

    Each chain starts at a commitment nothing earlier continues into and
    follows the most similar continuation at each step.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("commitment:B", "commitment:A", relation="continues", similarity=0.5)
    >>> g.add_edge("commitment:C", "commitment:B", relation="continues", similarity=0.4)
    >>> continuity_chains(g)
    [['commitment:A', 'commitment:B', 'commitment:C']]
    """
    forward: dict[str, list[tuple[float, str]]] = defaultdict(list)
    has_earlier = set()
    for later, earlier, data in graph.edges(data=True):
        if data.get("relation") == "continues":
            forward[earlier].append((data.get("similarity", 0.0), later))
            has_earlier.add(later)
    chains = []
    for start in sorted(set(forward) - has_earlier):
        chain, node = [start], start
        while forward.get(node):
            node = max(forward[node])[1]
            if node in chain:
                break
            chain.append(node)
        chains.append(chain)
    return sorted(chains, key=lambda c: (-len(c), c))
