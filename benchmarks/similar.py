"""Similar commitments: recall of continued commitments, then time and memory by size.

Usage: python benchmarks/similar.py [--sizes 5000 10000 20000 40000]

1. On OGP's dev export (the bundled sample when ../shared is absent), per language
   of the later commitment's text:
   - continuity links (``irm.continuity_links``): is the earlier commitment among
     the later one's 5 nearest, across all members?
   - ``Carried Forward`` = 1: is a commitment of the member's next plan in the
     file among the carried commitment's 5 nearest?
2. ``irm.similar`` of every commitment against all the others (k=5), on N
   commitments built from the dev export with unique ids (so every text has
   N/399 exact copies: the postings are as long as they can be). Each size runs in
   its own interpreter: build, search and records (the shared terms and ratings of
   every pair), CPU and wall seconds, peak memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import base_export, repeated_export  # noqa: E402

PROBE = r"""
import resource, sys, time
import irm
from irm.scoring.similar import build_index, similar
table = irm.read_ogp_csv(sys.argv[1], lenient=True)
wall, cpu = time.perf_counter(), time.process_time()
index = build_index(table)
built = time.process_time() - cpu
found = similar(table, against=index, k=5)
searched = time.process_time() - cpu - built
records = found.records()
total_cpu, total_wall = time.process_time() - cpu, time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{built:.1f} {searched:.1f} {total_cpu - built - searched:.1f} {total_cpu:.1f} "
      f"{total_wall:.1f} {peak:.0f} {len(records)}")
"""


def recall() -> None:
    import irm
    from irm.graphs.continuity import continuity_links
    from irm.models.columns import ID
    from irm.scoring.estimate.lexicon import load_lexicon
    from irm.scoring.similar import similar

    table = irm.read_ogp_csv(base_export())
    found = similar(table, k=5)
    ids = table.texts(ID)
    position = {c: i for i, c in enumerate(ids)}
    lexicon = load_lexicon()
    language = ["+".join(lexicon.language_names(lexicon.languages_of(t)))
                for t in table.texts("Full Text")]
    by_language: dict[str, list[int]] = {}
    for later, earlier, _ in continuity_links(table):
        a, b = position[later], position[earlier]
        by_language.setdefault(language[a], []).append(int(b in found.rows[a]))
    print(f"continuity links ({table.source}): earlier commitment among the later one's 5 "
          "nearest, across all members")
    _print(by_language)
    members = np.asarray(table.texts("Country/Locality"), dtype=object)
    numbers = table.codes_or_nd("Action Plan Number")
    flags = table.codes_or_nd("Carried Forward")
    by_language = {}
    for b in np.flatnonzero(flags == 1):
        later = numbers[(members == members[b]) & (numbers > numbers[b])]
        if not len(later):
            continue  # the member's next plan is not in the file
        nxt = later.min()
        hits = [r for r in found.rows[b] if r >= 0 and members[r] == members[b]
                and numbers[r] == nxt]
        by_language.setdefault(language[b], []).append(int(bool(hits)))
    print("Carried Forward = 1: a commitment of the member's next plan among its 5 nearest")
    _print(by_language)


def _print(groups: dict[str, list[int]]) -> None:
    total = [x for v in groups.values() for x in v]
    for name, hits in sorted(groups.items()):
        print(f"  {name:8} {sum(hits):4}/{len(hits):<4} {sum(hits) / len(hits):.2f}")
    if total:
        print(f"  {'all':8} {sum(total):4}/{len(total):<4} {sum(total) / len(total):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 20000, 40000])
    args = parser.parse_args()
    recall()
    print("\nirm.similar, k=5, every commitment against all (seconds; MB)")
    print(f"{'rows':>7} {'build':>6} {'search':>7} {'records':>8} {'CPU':>6} {'wall':>6} "
          f"{'peak MB':>8} {'MB/1k rows':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.sizes:
            path = repeated_export(Path(folder) / f"e{rows}.csv", rows)
            out = subprocess.run([sys.executable, "-c", PROBE, str(path)], check=True,
                                 capture_output=True, text=True).stdout.split()
            built, searched, records, cpu, wall, peak, _ = out
            print(f"{rows:>7} {built:>6} {searched:>7} {records:>8} {cpu:>6} {wall:>6} "
                  f"{peak:>8} {float(peak) / rows * 1000:>10.1f}")


if __name__ == "__main__":
    main()
