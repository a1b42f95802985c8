"""Benchmark: how the linking step grows with the size of one council's archive.

    .venv/bin/python bench/bench_linking.py [--corpus corpus] [--copies 4 12 24] [--records records.pickle]

Reads the corpus once (or loads its records from ``--records``, written on the first run), then
makes each size from ``copies`` copies of those records, all in the corpus's own council: the
worst case for linking, which is split by council. Each copy gets its own document ids and its
own content words (every word of five letters or more gets a suffix of its copy), so a copy's
decisions name its own plan elements, as a later year's would, and the number of links grows
with the corpus (a copy's plans keep their periods, so only the first copy's plans are named
with them). Prints the time of the plan-links linker at
each size, the links it made, and the growth exponent (the slope of log time against log size,
first to last size; 1 is linear, issue 22's target is at most 1.15), with the load average.
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Fields that hold words a linker reads (the rest are ids, codes, dates and numbers, kept).
TEXT_FIELDS = ("name", "title", "text", "resolved", "reason", "subject", "purpose", "summary", "description")


def corpus_records(corpus: Path) -> list:
    from council_plans.build import ReadOptions, _warm_up, process_file
    from council_plans.corpus import load_corpus

    _warm_up("pdfium")
    records: list = []
    for item in load_corpus(corpus).files:
        records += process_file(item, ReadOptions()).records
    return records


def load_records(corpus: Path, cache: Path | None) -> list:
    """The corpus's records: from the pickle ``cache`` when it exists, else read (and the
    pickle written when a path is given), so repeated bench runs skip reading the PDFs."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    records = corpus_records(corpus)
    if cache:
        cache.write_bytes(pickle.dumps(records))
    return records


def copies(records: list, k: int, min_letters: int = 5, prefix: bool = False,
           text_fields: tuple[str, ...] = TEXT_FIELDS) -> list:
    """``k`` copies of ``records``, each with its own ids and its own content words (every word
    of ``min_letters`` or more gets a mark of its copy, after it or, with ``prefix``, before it:
    a linker that folds a stem with the longer stems it begins would fold a suffixed word back
    into the first copy's)."""
    out: list = []
    word = re.compile(f"[A-Za-z]{{{min_letters},}}")
    for i in range(k):
        suffix = "" if i == 0 else "q" + "".join(chr(ord("a") + int(d)) for d in str(i))
        ids = {r.id: f"{r.id}-{i}" for r in records}

        def words(text: str, suffix: str = suffix) -> str:
            return word.sub((lambda m: suffix + m[0]) if prefix else (lambda m: m[0] + suffix), text)

        for r in records:
            update: dict = {"id": ids[r.id], "document_id": f"{r.document_id}-{i}" if r.document_id else r.document_id}
            for field, value in r:
                if field in ("id", "document_id") or not isinstance(value, str):
                    continue
                if value in ids:
                    update[field] = ids[value]
                elif field in text_fields and suffix:
                    update[field] = words(value)
            out.append(r.model_copy(update=update))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--copies", type=int, nargs="+", default=[4, 12, 24], help="corpus copies at each size")
    ap.add_argument("--records", help="pickle of the corpus's records: loaded if it exists, else written")
    ap.add_argument("--rounds", type=int, default=3, help="timings per size (the fastest is kept)")
    args = ap.parse_args()

    from graph.plan_links import link_plan_elements
    from rules.engine import load_families

    load_families()
    records = load_records(Path(args.corpus), Path(args.records) if args.records else None)
    documents = sum(1 for r in records if r.table == "documents")
    print(f"plan-links linker over copies of {documents} documents ({len(records)} records), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    points = []
    for k in args.copies:
        recs = copies(records, k)
        best, links = math.inf, 0
        for _ in range(args.rounds):
            started = time.perf_counter()
            links = len(link_plan_elements(recs))
            best = min(best, time.perf_counter() - started)
        points.append((k * documents, best))
        print(f"  {k * documents:>5} documents, {len(recs):>7} records: {best:7.2f} s, {links} links "
              f"(load {os.getloadavg()[0]:.2f})")
    (n0, t0), (n1, t1) = points[0], points[-1]
    print(f"  growth exponent {math.log(t1 / t0) / math.log(n1 / n0):.2f} "
          f"({n0} → {n1} documents; 1.00 is linear)")


if __name__ == "__main__":
    main()
