"""Benchmark: wall time and peak memory of extracting and building the corpus.

    .venv/bin/python bench/bench_build.py [--corpus corpus] [--jobs 2]

Prints one JSON object: pages per second of the extractor on the largest document, peak
resident memory of a single-document extraction, and the wall time of a full build. Targets
(not asserted: machines differ) are in README.md under "Performance".
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from council_plans.build import build
from extractor import extract


def _extract_peak(path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    doc = extract(path)
    seconds = time.perf_counter() - started
    return seconds, doc.page_count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    largest = max(Path(args.corpus).glob("*.pdf"), key=lambda p: p.stat().st_size)
    with ProcessPoolExecutor(max_workers=1) as pool:  # a fresh process, so peak RSS is this document's
        seconds, pages, peak_kb = pool.submit(_extract_peak, str(largest)).result()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = build(args.corpus, Path(tmp) / "bench.db", jobs=args.jobs)
        build_seconds = time.perf_counter() - started
    print(json.dumps({
        "largest_document": largest.name,
        "extract_pages": pages,
        "extract_seconds": round(seconds, 2),
        "extract_pages_per_second": round(pages / seconds, 2),
        "extract_peak_rss_mb": round(peak_kb / 1024, 1),
        "build_seconds": round(build_seconds, 2),
        "build_jobs": args.jobs,
        "documents": result.documents,
        "records": result.records,
    }, indent=2))


if __name__ == "__main__":
    main()
