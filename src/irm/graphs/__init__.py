"""The commitment graph (networkx): build, analyse, prepare for export.

Nothing here reads or writes files; :mod:`irm.io.graph_files` does.
"""

from irm.graphs.analysis import (
    centrality,
    commitments,
    continuity_chains,
    cooccurrence,
    coverage_gaps,
    pledge_coverage,
    pledges_of,
)
from irm.graphs.build import (
    KINDS,
    RELATIONS,
    add_cocreation,
    add_continuity,
    add_similar,
    build_graph,
    graph_edges,
    node_id,
)
from irm.graphs.continuity import (
    DEFAULT_THRESHOLD,
    carried_forward_agreement,
    continuity_links,
)
from irm.graphs.export import flatten, from_node_link, to_node_link

__all__ = [
    "DEFAULT_THRESHOLD",
    "KINDS",
    "RELATIONS",
    "add_cocreation",
    "add_continuity",
    "add_similar",
    "build_graph",
    "carried_forward_agreement",
    "centrality",
    "commitments",
    "continuity_chains",
    "continuity_links",
    "cooccurrence",
    "coverage_gaps",
    "flatten",
    "from_node_link",
    "graph_edges",
    "node_id",
    "pledge_coverage",
    "pledges_of",
    "to_node_link",
]
