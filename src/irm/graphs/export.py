"""Export-ready copies of the commitment graph.

GraphML and GEXF hold only scalar attributes: lists become ``; ``-joined
strings, dicts become JSON, ``None`` is dropped, and characters XML forbids
become U+FFFD (counted in the graph's ``xml_replaced_characters``). Node-link JSON keeps the
values as they are and names its edges key explicitly (``edges``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

__all__ = ["flatten", "to_node_link", "from_node_link", "FORMATS"]

FORMATS = (".json", ".graphml", ".gexf")


#: characters XML 1.0 forbids (control characters but tab, LF and CR; U+FFFE, U+FFFF;
#: lone surrogates): Word and PDF extraction paste them into commitment texts
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: what stands for each of them in GraphML and GEXF
REPLACEMENT = "\ufffd"


class _Flattener:
    """Makes attribute values scalar and XML-safe, counting the characters replaced."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, value: Any) -> Any:
        if isinstance(value, (list, tuple, set, frozenset)):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, str):
            value, count = _NOT_XML.subn(REPLACEMENT, value)
            self.replaced += count
        return value


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all str, int, float or bool and whose texts XML can
    hold: each character XML forbids is U+FFFD, and the graph attribute
    ``xml_replaced_characters`` says how many there were (node ids are kept: irm's are
    ``kind:key`` of export cells, so one that held such a character is replaced too)."""
    flat_value = _Flattener()
    flat = graph.__class__()
    ids = {n: flat_value(n) if isinstance(n, str) else n for n in graph.nodes}
    flat.add_nodes_from((ids[n], {k: flat_value(v) for k, v in d.items() if v is not None})
                        for n, d in graph.nodes(data=True))
    flat.add_edges_from((ids[u], ids[v], {k: flat_value(x) for k, x in d.items()
                                          if x is not None})
                        for u, v, d in graph.edges(data=True))
    flat.graph.update({k: flat_value(v) for k, v in graph.graph.items() if v is not None})
    if flat_value.replaced:
        flat.graph["xml_replaced_characters"] = flat_value.replaced
    return flat


def to_node_link(graph: nx.Graph) -> dict[str, Any]:
    """Node-link data with the edges under ``"edges"``."""
    return nx.node_link_data(graph, edges="edges")


def from_node_link(data: dict[str, Any]) -> nx.Graph:
    """The inverse of :func:`to_node_link`."""
    return nx.node_link_graph(data, edges="edges")
