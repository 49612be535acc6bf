"""Time and peak memory of reading N commitments with irm vs Python's csv module.

Usage: python benchmarks/read_100k.py [ROWS ...]   (default: 25000 50000 100000)

Each measurement runs in a fresh interpreter so peak RSS is its own.
Target: irm within 5x the csv module's time; memory linear in size.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import repeated_export  # noqa: E402

PROBE = r"""
import csv, resource, sys, time
path, how = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if how == "csv":
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    n = len(rows) - 1
else:
    import irm
    table = irm.read_ogp_csv(path)
    n = len(table)
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{n} {elapsed:.3f} {peak_mb:.0f}")
"""


def measure(path: Path, how: str) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path), how], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000]
    print(f"{'rows':>8} {'MB':>6} {'csv s':>7} {'irm s':>7} {'ratio':>6} "
          f"{'csv peak MB':>11} {'irm peak MB':>11} {'irm MB/1k rows':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = repeated_export(Path(tmp) / f"export_{size}.csv", size)
            n, t_csv, m_csv = measure(path, "csv")
            n2, t_irm, m_irm = measure(path, "irm")
            assert n == n2 == size
            mb = path.stat().st_size / 2**20
            print(f"{size:>8} {mb:>6.0f} {t_csv:>7.2f} {t_irm:>7.2f} {t_irm / t_csv:>6.2f} "
                  f"{m_csv:>11.0f} {m_irm:>11.0f} {1000 * m_irm / size:>14.2f}")
            path.unlink()


if __name__ == "__main__":
    main()
