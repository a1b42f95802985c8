"""Benchmark: how the lineage linker grows with the size of the plan editions it compares.

    .venv/bin/python bench/bench_lineage.py [--corpus corpus] [--copies 2 6 12] [--records records.pickle]

Reads the corpus once (or loads its records from ``--records``, as ``bench_linking.py`` writes
them), finds its plan series, and makes each size from ``copies`` copies of those records
(``bench_linking.copies``: each copy has its own ids and its own words — every word of three
letters or more marked with its copy in front, since lineage folds a stem with the longer stems
it begins, and the topic coder then finds no topic in a later copy's words). So the editions
grow with things to say that the first copy does not share, the case blocking is for: pairs
that share words or topics are still scored pair by pair (on the corpus, 663 of the 825 pairs
of the 55 → 15 element comparison share a term). Each pair of
consecutive editions is then compared as one pair of editions holding the elements of every
copy: an older edition ``k`` times as large against a newer one ``k`` times as large, the case
where scoring every pair of elements grows with k². Prints, per size, the time to make the
elements (spaCy, linear) and to match them (``Lineage.match``), the links made, and the growth
exponent of each (the slope of log time against log size, first to last size; 1 is linear,
issue 22's target is at most 1.15), with the load average.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linking import TEXT_FIELDS, copies, load_records

from graph.editions import MISSION_TEXT_FIELDS, PRIORITY_TEXT_FIELDS

# Every field lineage reads words from: names and texts, an element's passages, its actions and metrics.
LINEAGE_FIELDS = (*TEXT_FIELDS, *MISSION_TEXT_FIELDS, *PRIORITY_TEXT_FIELDS, "key_metric", "contributing_metrics")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--copies", type=int, nargs="+", default=[2, 6, 12], help="corpus copies at each size")
    ap.add_argument("--records", help="pickle of the corpus's records: loaded if it exists, else written")
    ap.add_argument("--rounds", type=int, default=2, help="timings per size (the fastest is kept)")
    args = ap.parse_args()

    from graph.editions import _Index, plan_series
    from graph.lineage import Lineage
    from rules.engine import load_families

    load_families()
    records = load_records(Path(args.corpus), Path(args.records) if args.records else None)
    lineage = Lineage()
    pairs = [(a.id, b.id) for editions in plan_series(records, lineage.pack) for a, b in itertools.pairwise(editions)]
    council = next((getattr(r, "council", None) for r in records if r.table == "documents"), None) or ""
    ignore = set(re.findall(r"[A-Za-z]+", council))
    base = _Index(records)
    sizes = {pid: len(base.elements(base_plan, lineage)) for pid, base_plan in
             ((r.id, r) for r in records if r.table == "plans" and any(r.id in p for p in pairs))}
    print(f"lineage linker over copies of {len(pairs)} pairs of editions "
          f"({', '.join(f'{sizes[a]} → {sizes[b]}' for a, b in pairs)} elements), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    for a, b in pairs:  # warm up: spaCy, the topic coder and their caches load on first use
        lineage.match(base.elements(_plan(records, a), lineage), base.elements(_plan(records, b), lineage), None, ignore)
    points = []
    for k in args.copies:
        recs = copies(records, k, min_letters=3, prefix=True, text_fields=LINEAGE_FIELDS)
        plans = {r.id: r for r in recs if r.table == "plans"}
        best_make = best_match = math.inf
        links = elements = 0
        for _ in range(args.rounds):
            started = time.perf_counter()
            index = _Index(recs)
            editions = [([e for i in range(k) for e in index.elements(plans[f"{a}-{i}"], lineage)],
                         [e for i in range(k) for e in index.elements(plans[f"{b}-{i}"], lineage)]) for a, b in pairs]
            made = time.perf_counter()
            links = sum(len(lineage.match(old, new, None, ignore)) for old, new in editions)
            best_make = min(best_make, made - started)
            best_match = min(best_match, time.perf_counter() - made)
            elements = sum(len(old) + len(new) for old, new in editions)
        points.append((k, best_make, best_match))
        print(f"  {k:>3} copies, {elements:>6} elements: elements {best_make:7.2f} s, matching {best_match:7.2f} s, "
              f"{links} links (load {os.getloadavg()[0]:.2f})")
    (k0, m0, t0), (k1, m1, t1) = points[0], points[-1]
    grow = math.log(k1 / k0)
    print(f"  growth exponent: matching {math.log(t1 / t0) / grow:.2f}, elements {math.log(m1 / m0) / grow:.2f}, "
          f"both {math.log((t1 + m1) / (t0 + m0)) / grow:.2f} ({k0} → {k1} copies; 1.00 is linear)")


def _plan(records: list, plan_id: str) -> object:
    return next(r for r in records if r.table == "plans" and r.id == plan_id)


if __name__ == "__main__":
    main()
