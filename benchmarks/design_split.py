"""Agreement on the design split: 4 folds grouped by member (country or locality).

Usage: python benchmarks/design_split.py [GROUP_COLUMN]   (default "Country/Locality")

Model changes are judged here, never on the reported split (`irm evaluate FILE
--cv 5`, folds grouped by action plan), so the reported figures are not tuned on.
Both use the same rows, so this guards against tuning on the report's folds,
not against the dev file itself. Needs ../shared/data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_CSV  # noqa: E402

import irm  # noqa: E402
from irm.scoring.estimate import evaluation as ev  # noqa: E402


def main() -> None:
    if not DEV_CSV.exists():
        sys.exit(f"needs {DEV_CSV}")
    column = sys.argv[1] if len(sys.argv) > 1 else "Country/Locality"
    table = irm.read_ogp_csv(DEV_CSV)
    predicted = ev.cross_validate(table, folds=4, group_column=column)
    report = ev.evaluate(ev.human_codes(table), predicted, np.asarray(table.get(column)),
                         tags=ev.frequent_tags(table), bootstrap_rounds=0,
                         method=f"design split: 4 folds grouped by {column}")
    print(ev.render_evaluation(report), end="")


if __name__ == "__main__":
    main()
