"""How often a translated commitment gets the OGP-value estimates of its English original.

Usage: python benchmarks/language_parity.py

Scores the parallel commitments of tests/scoring/test_languages.py (written for the
tests, in English, Spanish, French and Portuguese) with the shipped calibration and
counts, per value, the translations whose estimate equals the English one.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import irm  # noqa: E402
from irm.models.table import CommitmentTable  # noqa: E402
from irm.scoring.estimate.estimates import estimate  # noqa: E402
from irm.scoring.estimate.estimator import VALUE_TARGETS  # noqa: E402
from tests.scoring.test_languages import PARALLEL  # noqa: E402

LANGUAGES = ("en", "es", "fr", "pt")


def main() -> None:
    rows = [[f"P{k:02d}-{language}", texts[language]]
            for k, texts in enumerate(PARALLEL) for language in LANGUAGES]
    table = CommitmentTable.from_rows(["Commitment Unique Identifier", "Full Text"], rows)
    columns = estimate(table).columns()
    print(f"{len(PARALLEL)} commitments, each in {', '.join(LANGUAGES)} "
          f"(irm {irm.__version__})")
    print(f"{'value':<24}" + "".join(f"{language:>8}" for language in LANGUAGES[1:]))
    for value in VALUE_TARGETS:
        cells = columns[f"auto_{value}"]
        width = len(LANGUAGES)  # rows go commitment by commitment, English first
        same = [sum(cells[k * width] == cells[k * width + j] for k in range(len(PARALLEL)))
                for j in range(1, width)]
        print(f"{value:<24}" + "".join(f"{s:>5}/{len(PARALLEL)}" for s in same))


if __name__ == "__main__":
    main()
