"""Helpers shared by the benchmark scripts (not part of the test run)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_CSV = ROOT.parent / "shared" / "data" / "ogp-commitments-dev.csv"
EXPLORER_CSV = ROOT.parent / "shared" / "data" / "ogp-explorer-2016" / "commitments.csv"


def base_export() -> Path:
    """OGP's dev export when present, else the bundled sample."""
    if DEV_CSV.exists():
        return DEV_CSV
    import irm

    print(f"note: {DEV_CSV} not found; using the bundled sample", file=sys.stderr)
    return irm.sample_path()


def repeated_export(target: Path, rows: int) -> Path:
    """Write ``rows`` commitments: the base export's rows repeated with new ids."""
    with open(base_export(), newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    header, body = records[0], records[1:]
    key = header.index("Commitment Unique Identifier")
    with open(target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[key] = f"BM{i:07d}"
            writer.writerow(row)
    return target
