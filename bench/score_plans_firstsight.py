"""Score plans and indicators read from one plan first-sight batch (documents of councils the
engine was not developed on, golded before any engine run: ``tests/plans_firstsight/``).

    .venv/bin/python bench/score_plans_firstsight.py --batch tests/plans_firstsight/batch-1 [--db FILE] [--json] [-v]

Builds the batch's PDFs (``corpus/*.pdf``, the typeset stored pages, and ``real/*.pdf``, the
real council PDFs restored from their mirrors; a gold whose PDF is missing is reported and left
out) into a temporary database with the project's own ``build`` — or reads ``--db``, built from
the same files — and compares it with ``gold/<slug>.gold.json``. The matching is
``bench/score_dev_plans.py``'s (imported, not copied):

* **priorities**: a gold string is found by one extracted priority of the same document at
  least 85% alike (its name, or its name and summary as printed together), one to one. Every
  other extracted priority is a false positive; those that are one of the gold's
  ``not_priorities`` (values, principles, enablers, report sections, contents entries ...) are
  counted apart as ``not_priorities_taken`` (they are false positives too).
* **the level below** (``priority_details[].children``, where the gold prints them): a child is
  found by a mission of the document under the priority its parent was matched to, at least 85%
  alike. The missions found are those under any priority of a document whose gold has children.
* **indicator values**: a gold row with a value is found as in the dev scorer (same number, name
  at least half alike or the gold quote's sentence). A value written in words ("nine", "Four of five") is read
  as its number first, and a table row's label (no quote) is compared with its table's title
  before it, as the records name a table's values (title, row, column). *Recall* is over every gold row of every document. *Precision* is counted
  only where the gold is complete, because long KPI reports are golded on a few pages:

  - a document marked ``whole_document: true``: every value extracted from it, against all its
    gold rows;
  - a document with ``whole_pages``: only the values extracted from those pages, against the
    gold rows of those pages (a right value is one matched to a gold row of its page, or the
    printed share / lone target of a matched row, as in the dev scorer);
  - any other document: its values are not counted in precision (reported as ``unscored``).

  F1 is the harmonic mean of those two.
* gold rows with no value (an objective's progress) are scored as ``missions`` of kind
  ``objective`` with their status, as in the dev scorer.

Standard output; with ``--record first_sight|after_fix`` the figures also go into the batch's
``scores.json`` (a batch's first sight is written once). The gold is read here and nowhere in the
build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from score_dev_plans import THRESHOLD, Tally, _indicators, _show, match, printed, sim  # noqa: E402

WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def _digits(value: object) -> object:
    """A value printed in words only ("nine", "Nine", "Four of five") with its numbers as digits,
    so the dev scorer's matching (which reads the first number of a value) can find it."""
    if isinstance(value, str) and not re.search(r"\d", value):  # "one (25%)" is read by its digits
        return re.sub(r"[A-Za-z]+", lambda m: str(WORDS.get(m.group(0).lower(), m.group(0))), value)
    return value


def _as_scored(row: dict) -> dict:
    """A gold row as the dev scorer's matching reads it: a value written as a word as its
    number, and a table row's label with its table's title ("Complaints Monitoring: SEN"), as
    the records name a table's values (title, row and column)."""
    out = {**row, "value": _digits(row.get("value"))}
    if row.get("table") and not row.get("quote"):
        out["name"] = f"{row['table']}: {row['name']}"
    return out


def pdfs(batch: Path) -> dict[str, Path]:
    """slug -> PDF of every document of the batch that is on disk."""
    out = {}
    for folder in ("corpus", "real"):
        for pdf in sorted((batch / folder).glob("*.pdf")):
            out[pdf.stem] = pdf
    return out


def build_batch(batch: Path, work: Path) -> Path:
    from council_plans.build import build

    corpus = work / "corpus"
    corpus.mkdir()
    for slug, pdf in pdfs(batch).items():
        shutil.copy(pdf, corpus / f"{slug}.pdf")
    build(corpus, work / "plans.db", jobs=1)
    return work / "plans.db"


def score(db_path: Path, batch: Path, verbose: bool = False) -> dict:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row

    def rows(sql: str, *args: object) -> list[dict]:
        try:
            return [dict(r) for r in conn.execute(sql, args)]
        except sqlite3.OperationalError:
            return []

    on_disk = pdfs(batch)
    priorities, children, recall, precision, objectives = Tally(), Tally(), Tally(), Tally(), Tally()
    not_taken = unscored = 0
    councils: set[str] = set()
    per_document: dict[str, dict] = {}
    missing: list[str] = []
    for gold_file in sorted((batch / "gold").glob("*.gold.json")):
        slug = gold_file.name[: -len(".gold.json")]
        if slug not in on_disk:
            missing.append(slug)
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        councils.add(gold.get("council") or slug)
        doc: dict[str, object] = {"document": slug}
        if verbose:
            print(f"== {slug}")
        # priorities, and not_priorities taken for them
        found = rows("select * from priorities where document_id=?", slug)
        g = gold.get("priorities", [])
        m = match(g, found, lambda a, f: max(sim(a, f["name"]), sim(a, printed(f))))
        used = {j for _, j, _ in m}
        bad = [f for j, f in enumerate(found) if j not in used and any(
            max(sim(n, f["name"]), sim(n, printed(f))) >= THRESHOLD for n in gold.get("not_priorities", []))]
        not_taken += len(bad)
        priorities.add(len(g), len(found), len(m), not_priorities_taken=len(bad))
        doc["priorities"] = f"{len(m)}/{len(g)} (found {len(found)}, not-priorities {len(bad)})"
        if verbose:
            _show("priority", g, [f["name"] for f in found], m)
        # the level below
        details = gold.get("priority_details") or []
        g_kids = [(c["name"], d["name"]) for d in details for c in d.get("children") or []]
        if g_kids:
            parent_of = {f["id"]: g[i] for i, j, _ in m for f in [found[j]]}
            kids = rows("select m.name, m.priority_id from missions m where m.document_id=? and m.priority_id is not null",
                        slug)
            km = match(g_kids, kids, lambda a, f, under=parent_of: sim(a[0], f["name"]) if sim(a[1], under.get(
                f["priority_id"], "")) >= THRESHOLD else 0.0)
            children.add(len(g_kids), len(kids), len(km))
            doc["children"] = f"{len(km)}/{len(g_kids)} (found {len(kids)})"
            if verbose:
                _show("child", [k[0] for k in g_kids], [k["name"] for k in kids], km)
        # indicator values
        values = rows("select * from indicator_values where document_id=?", slug)
        g_rows = [_as_scored(x) for x in gold.get("indicators", [])]
        g_values = [x for x in g_rows if x.get("value") or x.get("target")]
        tp, extra = _indicators(g_values, values, verbose)
        recall.add(len(g_values), len(values), tp, **{k: v for k, v in extra.items() if k != "right"})
        if gold.get("whole_document"):
            pages = None
        elif gold.get("whole_pages"):
            pages = set(gold["whole_pages"])
        else:
            pages = set()
        if pages is None:
            p_gold, p_values = g_values, values
        else:
            p_gold = [x for x in g_values if x.get("page") in pages]
            p_values = [v for v in values if v.get("page") in pages]
        unscored += len(values) - len(p_values)
        right = 0
        if p_values or p_gold:
            if verbose and pages:
                print(f"  -- precision on pages {sorted(pages)}")
            _, p_extra = _indicators(p_gold, p_values, verbose and bool(pages))
            right = p_extra["right"]
            precision.add(len(p_gold), len(p_values), right)
        doc["indicators"] = (f"{tp}/{len(g_values)} (found {len(values)}; precision on "
                             f"{'all' if pages is None else sorted(pages) or 'none'}: "
                             f"{right}/{len(p_values)} right)")
        g_status = [x for x in g_rows if not (x.get("value") or x.get("target"))]
        if g_status:
            found = rows("select * from missions where document_id=? and kind='objective'", slug)
            om = match(g_status, found, lambda a, f: sim(a["name"], f["name"]))
            objectives.add(len(g_status), len(found), len(om))
        per_document[slug] = doc
    r, p = recall.figures(), precision.figures()
    f1 = 2 * p["precision"] * r["recall"] / (p["precision"] + r["recall"]) if p["precision"] and r["recall"] else 0.0
    return {
        "batch": batch.name, "documents": len(per_document), "councils": len(councils), "missing_pdfs": missing,
        "priorities": priorities.figures(), "children": children.figures(),
        "indicators": {"precision": p["precision"], "recall": r["recall"], "f1": f1, "gold": r["gold"],
                       "found": r["found"], "tp": r["tp"], "scored_found": p["found"], "scored_right": p["tp"],
                       "scored_gold": p["gold"], "unscored": unscored,
                       **{k: v for k, v in r.items() if k not in ("gold", "found", "tp", "precision", "recall", "f1")}},
        "objectives_with_status": objectives.figures(), "not_priorities_taken": not_taken,
        "per_document": per_document,
    }


def _commit() -> str | None:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "rules", "extractor",
                            "council_plans"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return (out.stdout.strip() + ("+uncommitted" if dirty else "")) or None


def record(batch: Path, stage: str, result: dict, note: str) -> None:
    """Write ``result`` into ``batch/scores.json`` under ``stage``. A batch's first sight is
    written once: a later first-sight run goes to ``first_sight_history`` beside it."""
    path = batch / "scores.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
        "batch": batch.name, "first_sight": None, "after_fix": None, "first_sight_history": []}
    entry = {"commit": _commit(), "on": dt.date.today().isoformat(), "note": note,
             **{k: v for k, v in result.items() if k != "batch"}}
    if stage == "first_sight" and data.get("first_sight"):
        data.setdefault("first_sight_history", []).append(entry)
    else:
        data[stage] = entry
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", required=True, help="a batch folder, e.g. tests/plans_firstsight/batch-1")
    ap.add_argument("--db", help="score this database (built from the batch's PDFs) instead of building them")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what was found, missed and wrong")
    ap.add_argument("--record", choices=("first_sight", "after_fix"),
                    help="also write the figures into the batch's scores.json under this stage, with the commit "
                         "and date (first_sight: the engine before the batch was used for fixing; a first sight "
                         "already recorded is kept, the new one goes to first_sight_history)")
    ap.add_argument("--note", default="", help="with --record: what engine this was (e.g. 'after batch-1 fixes')")
    args = ap.parse_args(argv)
    batch = Path(args.batch)
    if not (batch / "gold").is_dir():
        ap.error(f"{batch} has no gold/ folder: give a batch folder such as tests/plans_firstsight/batch-1")
    with tempfile.TemporaryDirectory(prefix="plans-firstsight-") as work:
        db = Path(args.db) if args.db else build_batch(batch, Path(work))
        result = score(db, batch, args.verbose)
    if args.record:
        record(batch, args.record, result, args.note)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['batch']}: {result['documents']} documents, {result['councils']} councils")
    if result["missing_pdfs"]:
        print(f"  not scored (PDF missing; restore it with real-sources.json): {', '.join(result['missing_pdfs'])}")
    for name in ("priorities", "children", "indicators", "objectives_with_status"):
        x = result[name]
        rest = " ".join(f"{k}={v}" for k, v in x.items() if k not in ("precision", "recall", "f1"))
        print(f"{name:24s} P={_fmt(x['precision'])} R={_fmt(x['recall'])} F1={_fmt(x['f1'])}  {rest}")
    for doc in result["per_document"].values():
        print("  " + "  ".join(f"{k}: {v}" for k, v in doc.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
