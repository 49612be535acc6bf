"""Building the commitment graph for N commitments (default 100,000).

Usage: python benchmarks/graph_100k.py [ROWS]

Prints the time and peak memory of irm's build_graph (continuity off: it is
a separate, quadratic-per-member step) beside networkx's own add_edges_from
(and add_nodes_from) on the very same node and edge lists. Target: within 3x.
Each measurement runs in its own interpreter, three times; the best run counts
(the machine's noise is of the order of the differences measured).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import repeated_export  # noqa: E402

PROBE = r"""
import resource, sys, time
import networkx as nx
import irm
from irm.graphs.build import build_graph, graph_edges
table = irm.read_ogp_csv(sys.argv[1])
if sys.argv[2].startswith("irm"):
    start = time.perf_counter()
    graph = build_graph(table, mentions=sys.argv[2] == "irm")
else:
    nodes, edges = graph_edges(table)
    start = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.3f} {peak:.0f} {graph.number_of_nodes()} {graph.number_of_edges()}")
"""


def measure(path: Path, how: str, runs: int = 3) -> list[float]:
    """Best of ``runs`` fresh processes (time and peak), with the graph's size."""
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE, str(path), how], check=True,
                             capture_output=True, text=True).stdout.split()
        results.append([float(x) for x in out])
    return min(results)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = repeated_export(Path(tmp) / "export.csv", rows)
        t_nx, m_nx, nodes, edges = measure(path, "networkx")
        t_irm, m_irm, nodes2, edges2 = measure(path, "irm")
        t_plain, m_plain, _, edges3 = measure(path, "irm-no-mentions")
    assert (nodes, edges) == (nodes2, edges2)
    print(f"{rows} commitments: {int(nodes)} nodes, {int(edges)} edges")
    print(f"  networkx add_nodes_from + add_edges_from: {t_nx:.2f} s (process peak {m_nx:.0f} MB)")
    print(f"  irm build_graph (edges derived from the table): {t_irm:.2f} s "
          f"(process peak {m_irm:.0f} MB), {t_irm / t_nx:.2f}x")
    print(f"  irm build_graph without searching texts for named pledges: {t_plain:.2f} s "
          f"(process peak {m_plain:.0f} MB, {int(edges3)} edges), {t_plain / t_nx:.2f}x")


if __name__ == "__main__":
    main()
