"""Shared fixtures: the real dev export (skipped when absent) and small exports we write."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "irm", deadline=None, max_examples=60, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "irm"))

ROOT = Path(__file__).resolve().parents[1]
DEV_CSV = ROOT.parent / "shared" / "data" / "ogp-commitments-dev.csv"


@pytest.fixture(scope="session")
def dev_csv() -> Path:
    """Path of OGP's real dev export; the test is skipped when it is absent."""
    if not DEV_CSV.exists():
        pytest.skip(f"OGP dev data not found at {DEV_CSV} (it lives in ../shared/data)")
    return DEV_CSV


@pytest.fixture(scope="session")
def dev_table(dev_csv):
    """The dev export read once per session."""
    import irm

    return irm.read_ogp_csv(dev_csv)


@pytest.fixture(scope="session")
def dev_out_of_fold(dev_table):
    """Out-of-fold estimate codes and confidences on the dev export (5 folds of action
    plans, as ``irm evaluate --cv 5`` makes them), computed once per session."""
    from irm.scoring.estimate import evaluation as ev

    return ev.out_of_fold(dev_table, folds=5)


def export_text(header: list[str], rows: list[list[str]], terminator: str = "\r\n",
                final_newline: bool = True, delimiter: str = ",") -> str:
    """A CSV export written with minimal quoting, as OGP writes them: a cell holding CR or
    LF is quoted whatever the record terminator (the csv module quotes only the
    terminator's own characters)."""
    records = []
    for record in [header, *rows]:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter).writerow(record)
        records.append(buffer.getvalue()[:-2])
    return terminator.join(records) + (terminator if final_newline else "")


SMALL_HEADER = [
    "Commitment Unique Identifier", "Commitment Number", "Full Text", "Specificity",
    "Verifiable", "OGP Value Access To Information", "Potential Impact", "Start Date",
]
SMALL_ROWS = [
    ["VD0001", "2.2999999999999998", "Publish budgets\nquarterly, as \"open data\"", "High",
     "Yes", "1", "Moderate", "1/15/2013"],
    ["VD0002", "3", "  Leading and trailing space  ", "None", "No", "0", "None", "NA"],
    ["VD0003", "SC17", "Texte en fran\u00e7ais \u2022 \uf0b7 bullet\ttab", "ND", "NR", "NR", "NR",
     "Quarter 1 2014"],
]


@pytest.fixture
def small_export(tmp_path: Path) -> Path:
    """A three-row export with the quirks of ogp-data.md §1."""
    path = tmp_path / "small.csv"
    path.write_text(export_text(SMALL_HEADER, SMALL_ROWS), encoding="utf-8", newline="")
    return path
