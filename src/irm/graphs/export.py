"""Export-ready copies of the commitment graph.

GraphML and GEXF hold only scalar attributes: lists become ``; ``-joined
strings, dicts become JSON, ``None`` is dropped. Node-link JSON keeps the
values as they are and names its edges key explicitly (``edges``).
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

__all__ = ["flatten", "to_node_link", "from_node_link", "FORMATS"]

FORMATS = (".json", ".graphml", ".gexf")


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str, int, float or bool."""
    flat = graph.__class__()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if v is not None})
    flat.add_nodes_from((n, {k: _flat(v) for k, v in d.items() if v is not None})
                        for n, d in graph.nodes(data=True))
    flat.add_edges_from((u, v, {k: _flat(x) for k, x in d.items() if x is not None})
                        for u, v, d in graph.edges(data=True))
    return flat


def to_node_link(graph: nx.Graph) -> dict[str, Any]:
    """Node-link data with the edges under ``"edges"``."""
    return nx.node_link_data(graph, edges="edges")


def from_node_link(data: dict[str, Any]) -> nx.Graph:
    """The inverse of :func:`to_node_link`."""
    return nx.node_link_graph(data, edges="edges")
