"""Benchmark: time per page, memory and database size against corpus size, for docs/scaling.md.

    .venv/bin/python bench/bench_scaling.py [--corpus corpus] [--documents 50 100 200] [--pages 5] [--jobs 2]

Generates corpora of ``documents`` PDFs of ``pages`` pages each, made from the corpus PDFs' pages
taken in turn (each document starting where the last ended, so documents differ), and builds
each with ``--jobs N`` and no cache, in a fresh process. With no manifest every document is read
as the corpus council's: one council's archive growing, the worst case for the linking step,
which is split by council. Prints, per size, the build's wall time and time per page, the
reading and linking stages, the peak memory of the build process and of its largest worker,
and the database's size, with the load average beside each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import concatenate, line, run_build


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--documents", type=int, nargs="+", default=[50, 100, 200], help="corpus sizes, in documents")
    ap.add_argument("--pages", type=int, default=5, help="pages per generated document")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="also write every figure to this file")
    args = ap.parse_args()
    pdfs = sorted(Path(args.corpus).resolve().glob("*.pdf"))
    tmp = Path(tempfile.mkdtemp(prefix="plans-scaling-"))
    print(f"scaling: generated corpora of {args.pages}-page documents, --jobs {args.jobs}, {os.cpu_count()} cores")
    figures = []
    for n in args.documents:
        folder = tmp / f"corpus-{n}"
        folder.mkdir()
        for k in range(n):
            concatenate(pdfs, args.pages, folder / f"paper-{k:05d}.pdf", offset=k * args.pages)
        load = round(os.getloadavg()[0], 2)
        db = tmp / f"plans-{n}.db"
        r = run_build(folder, db, jobs=args.jobs, cache=False)
        pages = n * args.pages
        size_mb = db.stat().st_size / 1e6
        figures.append({"documents": n, "pages": pages, "load_average": load, "db_mb": round(size_mb, 1), **r})
        print(f"\n{n} documents, {pages} pages (load average {load:.1f} at the start)")
        line("build, wall", f"{r['seconds']:.1f} s = {1000 * r['seconds'] / pages:.0f} ms a page")
        line("reading stage (parallel)", f"{r['stages']['documents']:.1f} s; workers' CPU "
             f"{1000 * r['worker_cpu_seconds'] / pages:.0f} ms a page")
        line("linking / graph / publish", f"{r['stages']['link']:.2f} / {r['stages']['graph']:.2f} / "
             f"{r['stages']['publish']:.2f} s")
        line("peak RSS: build process / largest worker", f"{r['peak_rss_mb']:.0f} MB / {r['worker_peak_rss_mb']:.0f} MB")
        line("database", f"{size_mb:.1f} MB, {sum(r['counts'].values())} rows "
             f"({1000 * size_mb / pages:.0f} KB a page)")
        for p in folder.glob("*.pdf"):
            p.unlink()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
