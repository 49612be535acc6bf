"""Writing and reading the commitment graph: node-link JSON, GraphML, GEXF."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from typing import Any

import networkx as nx

import irm._json as strict_json
from irm.errors import InvalidValueError
from irm.graphs.export import FORMATS, flatten, from_node_link, to_node_link
from irm.io._atomic import open_output

__all__ = ["write_graph", "read_graph"]


def _format(path: str | Path, fmt: str | None) -> str:
    fmt = fmt or Path(str(path)).suffix.lower()
    if fmt not in FORMATS:
        raise InvalidValueError("unknown graph format", file=str(path),
                                expected="a name ending in " + ", ".join(FORMATS), got=fmt)
    return fmt


def write_graph(graph: nx.Graph, target: Any, *, fmt: str | None = None) -> None:
    """Write ``graph`` atomically as ``.json`` (node-link), ``.graphml`` or ``.gexf``.

    The format comes from the file name unless ``fmt`` is given (needed for
    ``-``, standard output).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("commitment:A", "pledge:SDG 16.10", relation="mentions")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graph(g, path)
    >>> sorted(read_graph(path).edges)
    [('commitment:A', 'pledge:SDG 16.10')]
    """
    fmt = _format(target, fmt)
    with open_output(target, "w", encoding="utf-8", newline="\n") as fh:
        if fmt == ".json":
            strict_json.dump(to_node_link(graph), fh, ensure_ascii=False, indent=1, default=str)
            fh.write("\n")
            return
        # written as text, so a path and a text stream (standard output) take it alike
        flat = flatten(graph)
        if fmt == ".graphml":
            text = "\n".join(nx.generate_graphml(flat))
        else:
            text = _gexf_meta("\n".join(nx.generate_gexf(flat)), flat.graph)
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")


_GEXF_META = re.compile(r'<meta lastmodifieddate="[^"]*">\s*<creator>([^<]*)</creator>\s*</meta>')


def _gexf_meta(text: str, attributes: dict[str, Any]) -> str:
    """GEXF's meta without the day it was written (so the same graph gives the same
    file), and with what GEXF keeps of no graph attribute: the versions it was built with."""
    described = "; ".join(f"{k} {v}" for k, v in attributes.items() if k != "name")
    meta = (f"<meta>\n    <creator>\\1</creator>\n    <description>{xml_escape(described)}"
            "</description>\n  </meta>")
    return _GEXF_META.sub(meta, text, count=1)


def read_graph(path: str | Path, *, fmt: str | None = None) -> nx.Graph:
    """Read a graph written by :func:`write_graph`."""
    fmt = _format(path, fmt)
    if fmt == ".json":
        with open(path, encoding="utf-8") as fh:
            return from_node_link(json.load(fh))
    if fmt == ".graphml":
        return nx.read_graphml(path)
    return nx.read_gexf(path)
