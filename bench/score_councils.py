"""How often a document's council resolves to the right register entry.

    .venv/bin/python bench/score_councils.py [--db FILE] [--with-urls] [--json] [-v]

Builds every first-sight meeting document (``tests/firstsight/batch-*/corpus``) and every
development meeting page (``../shared/eval/dev/corpus``) with a gold file into a temporary
database with the project's own ``build`` — or reads ``--db`` — and compares each document's
``council_id`` with the ``council`` its gold names:

* **right**: the register entry the gold names (or, for a body outside the register, that body
  under the gold's name; for a document that is no council's, no council);
* **wrong**: another council — another register entry, another body, or a council for a
  document that is no council's;
* **unknown**: no council (the document names none the engine can read).

The gold name's register entry is found by the register's own names (official name, short
name, the register's variants) without the engine's matching rules; the few gold names the
register lists under another form are in ``GOLD_NAMES`` below, said once, by hand.

``--with-urls`` builds the documents with a manifest giving only each one's ``source_url`` (the
address a ``plans fetch`` run records), to measure the meeting-system site as a source when the
pages name no council. A second table scores the register alone: each gold name resolved as
if a document had printed it.

Standard output only; the gold is read here and nowhere in the build.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules.councils.register import fold, read_register, resolve_name  # noqa: E402

SETS = {
    **{f"first-sight {p.parent.name}": p for p in sorted((ROOT / "tests" / "firstsight").glob("batch-*/gold"))},
    "dev meetings": ROOT.parent / "shared" / "eval" / "dev" / "meetings",
}
# Gold names the register lists under another form of the authority's name (checked by hand).
GOLD_NAMES = {
    "Blackpool Council": "BPL",             # register: Blackpool Borough Council
    "Chorley Council": "CHO",               # register: Chorley Borough Council
    "Harlow Council": "HAR",                # register: Harlow District Council
    "Breckland Council": "BRE",             # register: Breckland District Council
    "Neath Port Talbot Council": "NTL",     # register: Neath Port Talbot County Borough Council
    "Southend-on-Sea City Council": "SOS",  # city status 2022; register: Southend-on-Sea Borough Council
    "Colchester City Council": "COL",       # city status 2022; register: Colchester Borough Council
    "Oldham Borough Council": "OLD",        # as the page prints it; register: Oldham Metropolitan Borough Council
    "Westminster City Council": "WSM",      # register: City of Westminster
    "Middlesbrough Council": "MDB",         # register: Middlesbrough Borough Council
    "Doncaster Council": "DNC",             # register: Doncaster Metropolitan Borough Council
}


def expected(gold_name: str) -> tuple[str, str | None]:
    """("none", None), ("registered", code) or ("unregistered", folded name) for a gold council."""
    if "not a council" in gold_name:
        return "none", None
    name = re.sub(r"\s*\([^)]*\)", "", gold_name).strip()  # "(inferred)", "(hosted by …)"
    if name in GOLD_NAMES:
        return "registered", GOLD_NAMES[name]
    codes = {e.code for e in read_register() if fold(name) in {fold(n) for n in (e.name, e.short_name, *e.variants)}}
    if len(codes) == 1:
        return "registered", codes.pop()
    return "unregistered", fold(name)


def judge(want: tuple[str, str | None], council: dict | None) -> str:
    kind, value = want
    if council is None or council["id"] == "unknown":
        return "right" if kind == "none" else "unknown"
    if kind == "registered":
        return "right" if council["registered"] and council["register_code"] == value else "wrong"
    if kind == "unregistered":
        return "right" if not council["registered"] and fold(council["name"]) == value else "wrong"
    return "wrong"


def golds() -> list[tuple[str, str, Path, dict]]:
    """(set, slug, pdf, gold) for every gold document whose PDF is present."""
    out = []
    for name, folder in SETS.items():
        corpus = folder.parent / "corpus"
        for path in sorted(folder.glob("*.gold.json")):
            slug = path.name[: -len(".gold.json")]
            pdf = corpus / f"{slug}.pdf"
            if pdf.exists():
                out.append((name, slug, pdf, json.loads(path.read_text(encoding="utf-8"))))
    return out


def build_db(docs: list[tuple[str, str, Path, dict]], with_urls: bool, tmp: Path) -> Path:
    from council_plans.build import build

    corpus = tmp / "corpus"
    corpus.mkdir()
    for _set, _slug, pdf, _gold in docs:
        (corpus / pdf.name).symlink_to(pdf.resolve())
    if with_urls:
        manifest = [{"file": pdf.name, "source_url": gold.get("source_url")} for _s, _slug, pdf, gold in docs
                    if gold.get("source_url")]
        (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    db = tmp / "councils.db"
    build(corpus, db, jobs=2, cache=False)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="score this database instead of building one")
    parser.add_argument("--with-urls", action="store_true", help="build with a manifest of each document's source_url")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every document that is not right")
    args = parser.parse_args()
    docs = golds()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_db(docs, args.with_urls, Path(tmp))
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        councils = {r["id"]: dict(r) for r in conn.execute("select * from councils")}
        by_file = {r["file"]: (r["council_id"], r["council"]) for r in conn.execute("select file, council_id, council "
                                                                                   "from documents")}
    per_set: dict[str, Counter[str]] = defaultdict(Counter)
    names: Counter[str] = Counter()
    misses = []
    for set_name, slug, pdf, gold in docs:
        want = expected(gold["council"])
        council_id, printed = by_file.get(pdf.name, (None, None))
        verdict = judge(want, councils.get(council_id or ""))
        per_set[set_name][verdict] += 1
        per_set["all"][verdict] += 1
        if verdict != "right":
            misses.append((verdict, set_name, slug, gold["council"], printed, council_id))
        resolved = resolve_name(re.sub(r"\s*\([^)]*\)", "", gold["council"]))
        names[judge(want, resolved.model_dump() if resolved else None)] += 1
    figures = {s: dict(c) for s, c in per_set.items()} | {"gold names resolved": dict(names)}
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"{'documents':28} {'n':>4} {'right':>6} {'wrong':>6} {'unknown':>8} {'right %':>8}")
    for s, c in [*per_set.items(), ("gold names resolved", names)]:
        n = sum(c.values())
        print(f"{s:28} {n:4} {c['right']:6} {c['wrong']:6} {c['unknown']:8} {100 * c['right'] / n:7.1f}%")
    if args.verbose:
        for verdict, _set, slug, gold_name, printed, council_id in sorted(misses):
            print(f"  {verdict:8} {slug:46} gold {gold_name!r}; printed {printed!r} -> {council_id}")


if __name__ == "__main__":
    main()
