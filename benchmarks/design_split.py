"""Agreement on the design split: 4 folds grouped by member (country or locality).

Usage: python benchmarks/design_split.py [--repeats N] [GROUP_COLUMN]
       (default: 8 repeats, "Country/Locality")

Model changes are judged here, never on the reported split (`irm evaluate FILE
--cv 5`, folds grouped by action plan), so the reported figures are not tuned on.
Both use the same rows, so this guards against tuning on the report's folds,
not against the dev file itself. One partition of 250 rated rows moves the
mean kappa by about 0.02 from another, more than most changes do: the table
is the first partition (members dealt largest first); the summary is the
mean and spread over N partitions dealt at random (seeds 0..N-1). Judge a
change on the mean. The table also sets the confidence the estimates stated
beside their accuracy. Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_CSV  # noqa: E402

import irm  # noqa: E402
from irm.scoring.estimate import evaluation as ev  # noqa: E402
from irm.scoring.estimate.features import featurize  # noqa: E402
from irm.scoring.estimate.lexicon import load_lexicon  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("column", nargs="?", default="Country/Locality")
    parser.add_argument("--repeats", type=int, default=8)
    args = parser.parse_args()
    if not DEV_CSV.exists():
        sys.exit(f"needs {DEV_CSV}")
    table = irm.read_ogp_csv(DEV_CSV)
    features = featurize(table, load_lexicon())
    groups = np.asarray(table.get(args.column))
    human, tags = ev.human_codes(table), ev.frequent_tags(table)
    figures = []
    for seed in [None, *range(args.repeats)]:
        predicted, confidence = ev.out_of_fold(table, folds=4, group_column=args.column,
                                               features=features, seed=seed)
        report = ev.evaluate(human, predicted, groups, tags=tags, bootstrap_rounds=0,
                             method=f"design split: 4 folds grouped by {args.column}",
                             confidence=confidence)
        if seed is None:
            print(ev.render_evaluation(report), end="")
        else:
            by_name = {r.rating: r for r in report.ratings}
            figures.append([report.summary["mean_kappa_ogp_values"],
                            report.summary["qwk_potential_impact"], report.tag_micro_f1,
                            by_name["verifiable"].kappa,
                            report.summary["qwk_specificity"],
                            report.summary["qwk_potential_for_results"]])
    if figures:
        values = np.array(figures, dtype=np.float64)
        names = ("mean value kappa", "impact QWK", "tag micro-F1", "verifiable kappa",
                 "specificity QWK", "potential for results QWK")
        print(f"\nover {len(values)} random partitions (mean, sd):\n"
              + "\n".join(f"  {name:<26} {values[:, k].mean():.3f} ({values[:, k].std():.3f})"
                          for k, name in enumerate(names)))


if __name__ == "__main__":
    main()
