"""Agreement on the design split: dev + Explorer, 4 folds grouped by member.

Usage: python benchmarks/design_split.py [--repeats N] [--ngrams chars|words|both|none]
       [--ngram-l2 L] [--kept K] [--blends B ...] [--no-era] [--milestones] [--dev-only]

Model changes are judged here, never on the reported split (`irm evaluate DEV
EXPLORER --cv 5`, folds grouped by action plan), so the reported figures are
not tuned on: grouping by member (OGP's member code) keeps every plan of a
member in one fold, a harder split than by plan and a different one. Each
partition deals members to folds at random (seeds 0..N-1); judge a change on
the mean. Besides the agreement, it prints the largest gap between the
confidence the estimates stated and their accuracy, per era and per text
language (groups of 50+ rated rows). Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_CSV, EXPLORER_CSV  # noqa: E402

import irm  # noqa: E402
from irm.models.table import concat_tables  # noqa: E402
from irm.scoring.estimate import evaluation as ev  # noqa: E402
from irm.scoring.estimate.estimator import PreAssessor  # noqa: E402
from irm.scoring.estimate.features import featurize, row_eras  # noqa: E402
from irm.scoring.estimate.lexicon import load_lexicon  # noqa: E402

NAMES = ("mean value kappa", "impact QWK", "tag micro-F1 (dev)", "verifiable kappa",
         "specificity QWK", "potential for results QWK", "worst |stated-accuracy| era",
         "worst |stated-accuracy| language")


def member_keys(table: irm.CommitmentTable) -> np.ndarray:
    """Each row's member: its code where known, else its name."""
    codes, names = table.texts("Code"), table.texts("Country/Locality")
    return np.array([c if c and c != "ND" else n for c, n in zip(codes, names)], dtype=object)


def worst_gap(grouped: ev.GroupedEvaluation) -> float:
    gaps = [abs(v) for by_group in grouped.gaps().values() for v in by_group.values()]
    return max(gaps) if gaps else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ngrams", choices=["both", "words", "chars", "none"], default="chars")
    parser.add_argument("--ngram-l2", type=float, default=3.0)
    parser.add_argument("--kept", type=int, default=400)
    parser.add_argument("--blends", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
    parser.add_argument("--no-era", action="store_true")
    parser.add_argument("--dev-only", action="store_true")
    parser.add_argument("--milestones", action="store_true")
    args = parser.parse_args()
    if not DEV_CSV.exists():
        sys.exit(f"needs {DEV_CSV}")
    tables = [irm.read_ogp_csv(DEV_CSV)]
    if EXPLORER_CSV.exists() and not args.dev_only:
        tables.append(irm.read_ogp_csv(EXPLORER_CSV))
    table = concat_tables(tables)
    dev_rows = np.arange(len(tables[0]))
    features = featurize(table, load_lexicon())
    table = table.with_columns({"Member key": member_keys(table).tolist()})
    words = 6000 if args.ngrams in ("both", "words") else 0
    chars = 6000 if args.ngrams in ("both", "chars") else 0
    assessor = PreAssessor(use_era=not args.no_era, use_ngrams=args.ngrams != "none",
                           ngram_l2=args.ngram_l2, ngram_weights_kept=args.kept,
                           blends=tuple(args.blends), ngram_words=words, ngram_chars=chars,
                           use_milestones=args.milestones)
    human, tags = ev.human_codes(table), ev.frequent_tags(tables[0])
    plans = np.asarray(table.plan_ids())
    eras = [str(e) for e in row_eras(table).tolist()]
    languages = features.text_languages()
    figures = []
    print(f"design split: {len(table)} rows ({' + '.join(str(t.source) for t in tables)}), "
          f"4 folds by member; n-grams {args.ngrams}, l2 {args.ngram_l2}, kept {args.kept}, "
          f"blends {args.blends}{', no era' if args.no_era else ''}")
    for seed in range(args.repeats):
        start = time.perf_counter()
        predicted, confidence = ev.out_of_fold(table, folds=4, group_column="Member key",
                                               features=features, seed=seed, assessor=assessor)
        report = ev.evaluate(human, predicted, plans, tags=[], method="design split",
                             bootstrap_rounds=0, confidence=confidence)
        dev = ev.evaluate({k: v[dev_rows] for k, v in human.items()},
                          {k: v[dev_rows] for k, v in predicted.items()}, plans[dev_rows],
                          tags=tags, method="design split, dev rows", bootstrap_rounds=0)
        by_name = {r.rating: r for r in report.ratings}
        gaps = [worst_gap(ev.evaluate_by(by, labels, human, predicted, plans, tags=[],
                                         method="design split", confidence=confidence))
                for by, labels in (("era", eras), ("language", languages))]
        figures.append([report.summary["mean_kappa_ogp_values"],
                        report.summary.get("qwk_potential_impact", np.nan), dev.tag_micro_f1,
                        by_name["verifiable"].kappa,
                        report.summary.get("qwk_specificity", np.nan),
                        report.summary.get("qwk_potential_for_results", np.nan), *gaps])
        print(f"  partition {seed}: " + ", ".join(f"{v:.3f}" for v in figures[-1])
              + f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    values = np.array(figures, dtype=np.float64)
    print(f"\nover {len(values)} partitions (mean, sd):\n"
          + "\n".join(f"  {name:<34} {values[:, k].mean():.3f} ({values[:, k].std():.3f})"
                      for k, name in enumerate(NAMES)))


if __name__ == "__main__":
    main()
