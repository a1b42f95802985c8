"""Benchmark: a build against bare PDF reading, as ratios, in one interleaved run.

    .venv/bin/python bench/bench_ratios.py [--corpus corpus] [--rounds 3] [--jobs 2] [--json out.json]
    .venv/bin/python bench/bench_ratios.py --mix 130 [--seed 22]     # a mix of other councils' PDFs

Each round times, each in a fresh process and in an order rotated from round to round (so that
neither the machine's load nor a warm disk cache favours one): bare pdfplumber
``extract_words`` on every page; bare pypdfium2 text (``get_text_range``) of every page; a full
build with ``--jobs 1``; a full build with ``--jobs N``. Builds read every document (no cache).
Prints each timing with the load average beside it, then the ratios of issue 22's table as the
range over the rounds: the README's performance figures quote this output.

``--mix N`` measures, instead of ``--corpus``, a fixed sample of N PDFs drawn (with ``--seed``)
from the first-sight batch corpora (``tests/firstsight/batch-*/corpus`` and
``tests/plans_firstsight/batch-*/corpus``: other councils' agenda packs, minutes, decisions,
plans and performance reports, about 350 PDFs); they are linked into a temporary folder under
names prefixed with their batch, so the same seed always gives the same corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BARE, ROOT, run_build, run_json

BATCHES = ("tests/firstsight", "tests/plans_firstsight")

BARE_PDFIUM = """
import json, sys, time, pypdfium2 as pdfium
started = time.perf_counter()
pages = 0
for path in json.loads(sys.argv[1]):
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        page.get_textpage().get_text_range()
        pages += 1
print(json.dumps({"seconds": round(time.perf_counter() - started, 3), "pages": pages}))
"""


def mix(count: int, seed: int, into: Path) -> Path:
    """A corpus folder of ``count`` batch PDFs picked with ``seed``: the same for the same
    arguments (the batch corpora are committed)."""
    pool = sorted(p for base in BATCHES for p in (ROOT / base).glob("batch-*/corpus/*.pdf"))
    if count > len(pool):
        raise SystemExit(f"--mix {count}: the batch corpora hold only {len(pool)} PDFs")
    into.mkdir(parents=True)
    for path in random.Random(seed).sample(pool, count):
        batch = path.parent.parent
        (into / f"{batch.parent.name}-{batch.name}-{path.name}").symlink_to(path)
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--mix", type=int, metavar="N", help="measure N PDFs of the first-sight batches instead")
    ap.add_argument("--seed", type=int, default=22, help="the seed that picks the --mix sample")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2, help="the N of the N-job build")
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("--no-pdfplumber", action="store_true",
                    help="leave out bare pdfplumber (the slowest step, 30-60 times pypdfium2) and its ratios")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="plans-ratios-"))
    corpus = mix(args.mix, args.seed, tmp / "mix") if args.mix else Path(args.corpus).resolve()
    pdfs = json.dumps([str(p) for p in sorted(corpus.glob("*.pdf"))])
    steps = {
        "pdfplumber": lambda: run_json(BARE, pdfs)["seconds"],
        "pypdfium2": lambda: run_json(BARE_PDFIUM, pdfs)["seconds"],
        "build x1": lambda: run_build(corpus, tmp / "x1" / "plans.db", jobs=1, cache=False)["seconds"],
        f"build x{args.jobs}": lambda: run_build(corpus, tmp / "xn" / "plans.db", jobs=args.jobs, cache=False)["seconds"],
    }
    if args.no_pdfplumber:
        del steps["pdfplumber"]
    names = list(steps)
    where = f"a mix of the first-sight batches (seed {args.seed})" if args.mix else corpus
    print(f"bare reading against a build: {len(json.loads(pdfs))} PDFs in {where}, {os.cpu_count()} cores, "
          f"{args.rounds} rounds")
    rounds: list[dict[str, float]] = []
    loads: list[dict[str, float]] = []
    for k in range(args.rounds):
        order = names[k % len(names):] + names[: k % len(names)]
        times, load = {}, {}
        for name in order:
            load[name] = round(os.getloadavg()[0], 2)
            times[name] = steps[name]()
        rounds.append(times)
        loads.append(load)
        print(f"  round {k + 1}: " + ", ".join(f"{n} {times[n]:.2f} s (load {load[n]:.1f})" for n in order))

    def ratio(a: str, b: str) -> str:
        if b not in names:
            return "not measured"
        values = sorted(r[a] / r[b] for r in rounds)
        return f"{values[0]:.3g}–{values[-1]:.3g} ×" if len(values) > 1 else f"{values[0]:.3g} ×"

    xn = f"build x{args.jobs}"
    table = {
        "bare pypdfium2 text ÷ bare pdfplumber extract_words": ratio("pypdfium2", "pdfplumber"),
        "plans build --jobs 1 ÷ bare pdfplumber": ratio("build x1", "pdfplumber"),
        "plans build --jobs 1 ÷ bare pypdfium2": ratio("build x1", "pypdfium2"),
        f"plans build --jobs {args.jobs} ÷ bare pdfplumber": ratio(xn, "pdfplumber"),
    }
    all_loads = [v for load in loads for v in load.values()]
    print(f"ratios over {args.rounds} rounds (load average {min(all_loads):.1f}–{max(all_loads):.1f})")
    for label, value in table.items():
        print(f"  {label:.<58} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rounds": rounds, "loads": loads, "ratios": table}, indent=2))


if __name__ == "__main__":
    main()
