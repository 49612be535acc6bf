"""Writing and reading the commitment graph: node-link JSON, GraphML, GEXF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

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
    if fmt == ".json":
        with open_output(target, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(to_node_link(graph), fh, ensure_ascii=False, indent=1, default=str)
            fh.write("\n")
        return
    flat = flatten(graph)
    with open_output(target, "wb") as fh:
        if fmt == ".graphml":
            nx.write_graphml(flat, fh)
        else:
            nx.write_gexf(flat, fh)


def read_graph(path: str | Path, *, fmt: str | None = None) -> nx.Graph:
    """Read a graph written by :func:`write_graph`."""
    fmt = _format(path, fmt)
    if fmt == ".json":
        with open(path, encoding="utf-8") as fh:
            return from_node_link(json.load(fh))
    if fmt == ".graphml":
        return nx.read_graphml(path)
    return nx.read_gexf(path)
