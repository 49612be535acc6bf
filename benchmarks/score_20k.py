"""Scoring speed and robustness.

Usage: python benchmarks/score_20k.py [ROWS]   (default 20000)

1. Scoring ROWS commitments of real length (the dev rows repeated with new ids)
   end to end (`irm score`: read, estimate with evidence, write; in one process
   and on every core) against a plain Python pass that reads the same CSV,
   lower-cases every text and writes the rows back. Target: at most 3x. Peak
   memory of each in its own process. Also the floor: reading the export and
   writing it back with the auto_* columns already made. Memory should grow
   linearly: the peak of `irm score --jobs 1` on a quarter and a half of ROWS
   too, and what each step adds per 1,000 rows (the same each step: linear).
2. Adversarial texts (1 MB of near-matches, punctuation runs, one repeated
   word) at 0.25, 0.5 and 1 MB: time per MB should stay flat (linear time), for
   the lexicon scan and for the milestone extraction the scorer also runs.
3. The same batch scored from four threads at once: identical results.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import repeated_export  # noqa: E402

from irm.scoring.estimate.batch import available_cores  # noqa: E402

PLAIN = r"""
import csv, resource, sys, time
src, dst = sys.argv[1], sys.argv[2]
start = time.perf_counter()
with open(src, newline="", encoding="utf-8") as fh, open(dst, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(fh):
        writer.writerow([cell.lower() for cell in row])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"{time.perf_counter() - start:.3f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime + usage.ru_stime:.3f}")
"""

IRM = r"""
import resource, sys, time
from irm.cli import main
start = time.perf_counter()
code = main(["score", sys.argv[1], "-o", sys.argv[2], "--jobs", sys.argv[3],
             "--evidence", sys.argv[4]])
assert code == 0
usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
peak = max(u.ru_maxrss for u in usages)  # the largest worker too
cpu = sum(u.ru_utime + u.ru_stime for u in usages)
print(f"{time.perf_counter() - start:.3f} {peak / 1024:.0f} {cpu:.3f}")
"""
#: What irm score must do whatever it estimates: read and check the export, write it
#: back with the auto_* columns (taken from a scored file before the clock starts).
FLOOR = r"""
import resource, sys, time
import irm
from irm.scoring.estimate.estimates import AUTO_COLUMNS
scored = irm.read_ogp_csv(sys.argv[3], lenient=True)
columns = {c: scored.column(c).tolist() for c in AUTO_COLUMNS}
del scored
start = time.perf_counter()
table = irm.read_ogp_csv(sys.argv[1], lenient=True)
irm.write_ogp_csv(table.with_columns(columns), sys.argv[2])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"{time.perf_counter() - start:.3f} {usage.ru_maxrss / 1024:.0f} {usage.ru_utime + usage.ru_stime:.3f}")
"""


def run(probe: str, *args: str) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of one probe in its own process."""
    out = subprocess.run([sys.executable, "-c", probe, *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def adversarial() -> None:
    from irm.scoring.estimate.lexicon import load_lexicon

    lexicon = load_lexicon()
    kinds = {
        "near-matches": "publi publicat particip accountabl transparen digitalis open dat ",
        "punctuation": "!?.,;:-()[]{}'\"/\\|" * 3 + " ",
        "repeated word": "participation ",
    }
    print("\nadversarial text: seconds per MB (flat = linear time)")
    for name, unit in kinds.items():
        sum(1 for _ in lexicon.scan(unit * 50))  # fill the word cache first
        rates = []
        for size in (250_000, 500_000, 1_000_000):
            text = (unit * (size // len(unit) + 1))[:size]
            start = time.perf_counter()
            sum(1 for _ in lexicon.scan(text))
            rates.append((time.perf_counter() - start) / (size / 1e6))
        print(f"  {name:<14} " + "  ".join(f"{r:.3f}" for r in rates))

    from irm.scoring.milestones import extract_milestones

    shapes = {
        "continued lines": ("Milestones:\n1. Draft the law\n", "and continue the work\n"),
        "numbered items": ("Milestones:\n", "1. Draft the law (Ministry, June 2020)\n"),
        "one long line": ("Milestones: ", "Draft the law 2020 - "),
        "punctuation": ("Milestones:\n", "!?.,;:-()[]|/ "),
        "list markers": ("Milestones:\n", "1. - a) "),
        "semicolons": ("Milestones: ", "Draft; "),
        "dates": ("Milestones:\n1. x ", "June 2020 "),
    }
    print("\nmilestone extraction on adversarial text: seconds per MB (flat = linear time)")
    for name, (head, unit) in shapes.items():
        rates = []
        for size in (250_000, 500_000, 1_000_000):
            text = head + (unit * (size // len(unit) + 1))[:size]
            start = time.perf_counter()
            extract_milestones(text)
            rates.append((time.perf_counter() - start) / (size / 1e6))
        print(f"  {name:<16} " + "  ".join(f"{r:.3f}" for r in rates))


def threads() -> None:
    import irm
    from irm.scoring.estimate.estimates import estimate

    table = irm.read_ogp_csv(irm.sample_path())
    one = estimate(table).columns()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: estimate(table).columns(), range(4)))
    same = all(r == one for r in results)
    print(f"\nfour threads, same batch: identical results: {'yes' if same else 'NO'}")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        src = repeated_export(Path(tmp) / "in.csv", rows)
        mb = src.stat().st_size / 2**20
        scored = str(Path(tmp) / "scored.csv")
        t_plain, m_plain, c_plain = run(PLAIN, str(src), str(Path(tmp) / "plain.csv"))
        t_one, m_one, c_one = run(IRM, str(src), scored, "1", "compact")
        t_all, m_all, c_all = run(IRM, str(src), str(Path(tmp) / "scored_all.csv"), "0",
                                  "compact")
        t_floor, m_floor, c_floor = run(FLOOR, str(src), str(Path(tmp) / "floor.csv"), scored)
        modes = {mode: run(IRM, str(src), str(Path(tmp) / f"scored_{mode}.csv"), "1", mode)
                 for mode in ("full", "none")}
        sizes = {mode: (Path(tmp) / f"scored_{mode}.csv").stat().st_size / 2**20
                 for mode in modes}
        sizes["compact"] = Path(scored).stat().st_size / 2**20
        growth = {}
        for part in (rows // 4, rows // 2):
            smaller = repeated_export(Path(tmp) / f"in{part}.csv", part)
            growth[part] = run(IRM, str(smaller), str(Path(tmp) / "part.csv"), "1",
                               "compact")[1]
        growth[rows] = m_one
    print(f"{rows} commitments ({mb:.0f} MB, {mb * 2**20 / rows / 1024:.1f} KB each)")
    print("  (wall and CPU seconds; ratios of CPU to the plain pass's, which a busy machine "
          "disturbs least)")
    print(f"  plain read-lowercase-write:   {t_plain:.2f} s, CPU {c_plain:.2f} s, peak "
          f"{m_plain:.0f} MB")
    print(f"  irm score --jobs 1:           {t_one:.2f} s, CPU {c_one:.2f} s, peak {m_one:.0f} "
          f"MB ({c_one / c_plain:.2f}x the plain pass; compact evidence, "
          f"{sizes['compact']:.0f} MB written)")
    cores = f"  irm score ({available_cores()} cores):"
    print(f"{cores:<32}{t_all:.2f} s, CPU {c_all:.2f} s, peak {m_all:.0f} MB per process "
          f"({c_all / c_plain:.2f}x CPU, {t_all / t_plain:.2f}x wall)")
    for mode, (t, m, c) in modes.items():
        label = f"  --jobs 1 --evidence {mode}:"
        print(f"{label:<32}{t:.2f} s, CPU {c:.2f} s, peak {m:.0f} MB ({c / c_plain:.2f}x; "
              f"{sizes[mode]:.0f} MB written)")
    print(f"  read + write the scored file: {t_floor:.2f} s, CPU {c_floor:.2f} s, peak "
          f"{m_floor:.0f} MB ({c_floor / c_plain:.2f}x: irm score's floor, estimating nothing)")
    print("\nmemory of irm score --jobs 1 by rows (the same MB per 1,000 rows at each step: "
          "linear growth)")
    previous = None
    for n, peak in growth.items():
        step = "" if previous is None else \
            f", +{(peak - previous[1]) / ((n - previous[0]) / 1000):.1f} MB per 1,000 rows"
        print(f"  {n:>6} rows: peak {peak:.0f} MB{step}")
        previous = (n, peak)
    adversarial()
    threads()


if __name__ == "__main__":
    main()
