"""Benchmark: how fast and how big a build is, side by side in one run.

    .venv/bin/python bench/bench_build.py [--corpus corpus] [--jobs 2] [--pdfplumber-pdfs DIR] [--json out.json]

Prints, for the corpus, measured in the same run so that the machine's load affects all
alike: the time bare pdfplumber ``extract_words`` needs for its pages; full builds with each
reader at 1 and N jobs; an unchanged rebuild and a rebuild after adding one PDF (with the
time that PDF takes alone); rebuilds after rule-pack edits (a comment only, a minutes-pack
entry, a lineage-pack entry: which documents each reads again); peak memory of the build process and of its largest worker on
the corpus and on a 1,000-page pack made by concatenating the corpus PDFs; the same corpus
on a local Dask cluster; a simulation of a larger corpus (pages/s per worker, memory per
worker, for docs/scaling.md); and where the time of a one-job build goes, stage by stage
and rule set by rule set. With ``--pdfplumber-pdfs`` (pdfplumber's own test PDFs, see
README "Performance"), it also builds those and counts what they yield.

Every build runs in a fresh process, so each peak-memory figure is that build's own.
Targets (README "Performance"; not asserted here, machines differ): a one-job build in at
most half the bare pdfplumber time, an unchanged rebuild and a rebuild after a comment-only
pack edit under 2 s, peak memory under
300 MB on the corpus and 500 MB on the 1,000-page pack.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS = str(Path(sys.executable).with_name("plans"))

# Run in a fresh interpreter: build() with the given arguments, then report its result and
# the peak resident size of the build process itself (its workers report theirs).
BUILD = """
import json, resource, sys, time
started = time.perf_counter()
from council_plans.build import build
args = json.loads(sys.argv[1])
result = build(**args)
print(json.dumps({
    "seconds": round(time.perf_counter() - started, 2), "build_seconds": round(result.seconds, 2),
    "documents": result.documents, "read": result.read, "cached": result.cached,
    "errors": [[e.file, e.code] for e in result.errors], "counts": result.counts,
    "stages": {k: round(v, 2) for k, v in result.stages.items()},
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "worker_peak_rss_mb": round(result.worker_peak_rss_mb, 1),
    "worker_cpu_seconds": round(result.worker_cpu_seconds, 2),
}))
"""

BARE = """
import json, sys, time, pdfplumber
started = time.perf_counter()
pages = 0
for path in json.loads(sys.argv[1]):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()
            pages += 1
print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "pages": pages}))
"""

PROFILE = """
import json, sys, time
from collections import Counter
from council_plans.build import _warm_up, document_records, prepare
from council_plans.corpus import load_corpus
from extractor import extract
from rules import engine
_warm_up("pdfium")
seconds = Counter()
for item in load_corpus(sys.argv[1]).files:
    mark = time.perf_counter(); document = extract(item.path); seconds["extract (pdfium)"] += time.perf_counter() - mark
    mark = time.perf_counter(); reading, _ = prepare(document, item.manifest); document_records(reading)
    seconds["genre, metadata, parts + document records"] += time.perf_counter() - mark
    for rule_set in engine.rule_sets():
        if engine.reads(rule_set, reading):
            mark = time.perf_counter(); list(rule_set.family.read(reading, rule_set.pack))
            seconds[f"rules: {rule_set.name}"] += time.perf_counter() - mark
print(json.dumps({k: round(v, 2) for k, v in seconds.most_common()}))
"""


def run_json(script: str, *args: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    if out.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_build(corpus: Path, db: Path, env: dict | None = None, **kwargs) -> dict:
    return run_json(BUILD, json.dumps({"corpus": str(corpus), "db": str(db), **kwargs}), env=env)


def cli_seconds(*args: str, env: dict | None = None) -> float:
    """Wall time of `plans build ...` as a user runs it (interpreter start-up included)."""
    started = time.perf_counter()
    subprocess.run([PLANS, "build", "-q", *args], capture_output=True, cwd=ROOT, env={**os.environ, **(env or {})})
    return round(time.perf_counter() - started, 2)


def concatenate(sources: list[Path], pages: int, out: Path, offset: int = 0) -> Path:
    """A pack of ``pages`` pages taken in turn from the sources (starting ``offset`` pages in)."""
    import pypdfium2 as pdfium

    pack = pdfium.PdfDocument.new()
    cycle = [(s, i) for s in sources for i in range(len(pdfium.PdfDocument(s)))]
    wanted = [cycle[(offset + k) % len(cycle)] for k in range(pages)]
    run: list[int] = []
    current = None
    for source, index in [*wanted, (None, -1)]:
        if source != current or (run and index != run[-1] + 1):
            if current is not None and run:
                pack.import_pages(pdfium.PdfDocument(current), pages=run)
            current, run = source, []
        run.append(index)
    pack.save(out)
    return out


def pack_edits(inc: Path, cli: list[str], jobs: int) -> dict:
    """Rebuilds after editing rule packs: a council's minutes extension (PLANS_PACK_PATH, so the
    project's own packs are never touched) gets a comment, then an entry; then a lineage review
    file is added. The cache keys each document on the parsed content of the packs read for it."""
    packs = inc / "packs"
    packs.mkdir()
    env = {"PLANS_PACK_PATH": str(packs)}
    minutes = packs / "minutes-bench.yaml"
    minutes.write_text("pack: minutes\nresolution_labels:\n  - {pattern: 'DETERMINED\\s*:', anywhere: true}\n")
    run_build(inc / "corpus", inc / "plans.db", env=env, jobs=jobs)  # the extension's first build
    minutes.write_text("# Othershire's wording\n" + minutes.read_text())
    comment = cli_seconds(*cli, env=env)
    minutes.write_text(minutes.read_text() + "reason_labels:\n  - {pattern: 'Grounds\\s*:', label: Grounds}\n")
    entry = run_build(inc / "corpus", inc / "plans.db", env=env, jobs=jobs)
    (packs / "lineage_reviews-bench.yaml").write_text("pack: lineage_reviews\nreviews: []\n")
    lineage = run_build(inc / "corpus", inc / "plans.db", env=env, jobs=jobs)
    line("comment-only pack edit (plans build, wall)", f"{comment:.2f} s")
    for label, r in (("minutes-pack entry added", entry), ("lineage-pack file added", lineage)):
        line(label, f"{r['seconds']:.1f} s: {r['read']} read, {r['cached']} from cache")
    return {"comment_cli_seconds": comment, "minutes_entry": entry, "lineage_file": lineage}


def line(label: str, value: str) -> None:
    print(f"  {label:.<58} {value}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--jobs", type=int, default=2, help="the N of the N-job builds")
    ap.add_argument("--pdfplumber-pdfs", default=os.environ.get("PLANS_PDFPLUMBER_PDFS"),
                    help="folder of pdfplumber's test PDFs to build as well")
    ap.add_argument("--simulate-pages", type=int, default=1000, help="pages in the simulated larger corpus")
    ap.add_argument("--json", help="also write every figure to this file")
    args = ap.parse_args()
    corpus = Path(args.corpus).resolve()
    pdfs = sorted(corpus.glob("*.pdf"))
    n = args.jobs
    figures: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}}
    tmp = Path(tempfile.mkdtemp(prefix="plans-bench-"))
    try:
        print(f"council-plans benchmark: {len(pdfs)} PDFs in {corpus}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}")

        bare = figures["bare_pdfplumber"] = run_json(BARE, json.dumps([str(p) for p in pdfs]))
        pages = bare["pages"]
        print(f"\n{pages} pages")
        line("bare pdfplumber extract_words", f"{bare['seconds']:.1f} s ({pages / bare['seconds']:.1f} pages/s)")

        print("\nfull builds (no cache)")
        builds = figures["builds"] = {}
        for reader in ("pdfplumber", "pdfium"):
            for jobs in (1, n):
                r = builds[f"{reader} x{jobs}"] = run_build(corpus, tmp / f"{reader}-{jobs}" / "plans.db",
                                                           jobs=jobs, reader=reader, cache=False)
                line(f"--reader {reader} --jobs {jobs}",
                     f"{r['seconds']:.1f} s = {r['seconds'] / bare['seconds']:.2f} x bare; peak RSS build "
                     f"{r['peak_rss_mb']:.0f} MB, worker {r['worker_peak_rss_mb']:.0f} MB")

        print("\nincremental (pdfium)")
        inc = tmp / "incremental"
        (inc / "corpus").mkdir(parents=True)
        held_out = min(pdfs, key=lambda p: p.stat().st_size)  # the PDF added later
        for p in pdfs:
            if p != held_out:
                shutil.copy(p, inc / "corpus" / p.name)
        run_build(inc / "corpus", inc / "plans.db", jobs=n)
        cli = ["--corpus", str(inc / "corpus"), "--db", str(inc / "plans.db"), "--jobs", str(n)]
        unchanged = cli_seconds(*cli)
        shutil.copy(held_out, inc / "corpus" / held_out.name)
        added = run_build(inc / "corpus", inc / "plans.db", jobs=n)
        (tmp / "alone").mkdir()
        shutil.copy(held_out, tmp / "alone" / held_out.name)
        alone = run_build(tmp / "alone", tmp / "alone.db", jobs=1, cache=False)
        figures["incremental"] = {"unchanged_cli_seconds": unchanged, "one_added": added, "that_pdf_alone": alone}
        line("unchanged rebuild (plans build, wall)", f"{unchanged:.2f} s")
        line(f"one PDF added ({held_out.name[:24]}…)",
             f"{added['seconds']:.1f} s: {added['read']} read, {added['cached']} from cache "
             f"(that PDF alone: {alone['seconds']:.1f} s)")
        figures["pack_edits"] = pack_edits(inc, cli, n)

        print("\nmemory on a long pack")
        pack_dir = tmp / "pack"
        pack_dir.mkdir()
        concatenate(pdfs, 1000, pack_dir / "thousand-pages.pdf")
        pack = figures["thousand_page_pack"] = run_build(pack_dir, tmp / "pack.db", jobs=1, cache=False)
        line("1,000-page pack, --reader pdfium", f"{pack['seconds']:.1f} s; peak RSS build {pack['peak_rss_mb']:.0f} MB, "
             f"worker {pack['worker_peak_rss_mb']:.0f} MB")

        print("\nDask (LocalCluster)")
        dask = figures["dask"] = run_build(corpus, tmp / "dask" / "plans.db", jobs=n, executor="dask", cache=False)
        line(f"corpus, {n} workers", f"{dask['seconds']:.1f} s (cluster start-up included)")

        print(f"\nsimulation: a larger corpus of {args.simulate_pages} pages in 20-page documents")
        sim = tmp / "simulation"
        sim.mkdir()
        for k in range(args.simulate_pages // 20):
            concatenate(pdfs, 20, sim / f"paper-{k:03d}.pdf", offset=k * 20)
        sim_pages = (args.simulate_pages // 20) * 20
        local = run_build(sim, tmp / "sim-process.db", jobs=n, cache=False)
        on_dask = run_build(sim, tmp / "sim-dask.db", jobs=n, executor="dask", cache=False)
        figures["simulation"] = {"pages": sim_pages, "process": local, "dask": on_dask}
        for name, r in (("process", local), ("dask", on_dask)):
            per_worker = sim_pages / r["stages"]["documents"] / n
            line(f"--executor {name}, {n} workers",
                 f"{r['seconds']:.1f} s, {per_worker:.1f} pages/s per worker (wall, reading stage)")
        line("per worker with a core to itself (pages per CPU second)",
             f"{sim_pages / local['worker_cpu_seconds']:.1f} pages/s")
        line("memory per worker (largest document process)", f"{local['worker_peak_rss_mb']:.0f} MB")
        line("publish of the simulated corpus", f"{local['stages']['publish']:.1f} s for "
             f"{sum(local['counts'].values())} rows")

        print("\nwhere a one-job pdfium build spends its time")
        one = builds["pdfium x1"]
        profile = figures["profile"] = run_json(PROFILE, str(corpus))
        for stage, seconds in profile.items():
            line(f"per document: {stage}", f"{seconds:.2f} s")
        for stage in ("corpus", "link", "graph", "publish"):
            line(f"whole corpus: {stage}", f"{one['stages'][stage]:.2f} s")

        if args.pdfplumber_pdfs:
            print(f"\npdfplumber's test PDFs ({args.pdfplumber_pdfs})")
            suite = tmp / "suite"
            suite.mkdir()
            for p in Path(args.pdfplumber_pdfs).glob("*.pdf"):
                shutil.copy(p, suite / p.name)
            r = figures["pdfplumber_suite"] = run_build(suite, tmp / "suite.db", jobs=n, cache=False, timeout=120)
            codes: dict[str, int] = {}
            for _, code in r["errors"]:
                codes[code] = codes.get(code, 0) + 1
            line(f"{len(list(suite.glob('*.pdf')))} PDFs", f"{r['seconds']:.1f} s, {r['documents']} built, errors {codes}")
            line("indicator values / decisions from them",
                 f"{r['counts'].get('indicator_values', 0)} / {r['counts'].get('decisions', 0)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
