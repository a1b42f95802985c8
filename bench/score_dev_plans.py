"""Score plans and indicators read from the development set's plan and performance pages.

    .venv/bin/python bench/score_dev_plans.py [--dev ../shared/eval/dev] [--db FILE] [--json] [-v]

Builds the development PDFs ``corpus/c-*.pdf`` (other councils' plan summaries and performance
pages) into a temporary database with the project's own ``build`` — or reads ``--db`` — and
compares it with the hand-made gold of ``plans/c-*.gold.json``:

* **priorities** (and West Lindsey's ``focus_areas``, Tendring's ``challenges``): a gold string
  is found when one extracted name (or a priority's name and summary as printed together,
  "NAME: what it means") of the same document is at least 85% alike (difflib ratio on
  normalised text, as ``../shared/eval/score.py`` counts it), matched one to one. Focus areas
  are ``missions`` of kind ``focus_area`` (their priority is checked too); challenges are
  ``plan_themes`` of kind ``challenge``.
* **indicators**: a gold row with a value is found by one extracted value of the same document
  with the same number whose indicator name is at least half alike (or whose quote is the gold
  quote's sentence), matched one to one; among those found it counts the period (same ISO
  dates), the unit, the target, the RAG status and names at least 85% alike (target and status
  also on the latest row of each series alone: the report's judgement is of its latest value,
  which is where the rules put it; the gold repeats it on every row). A value that is the
  printed share of a found count ("16 (64%)") or a found row's target printed as a value of its
  own is right too; every other extracted value of these pages is wrong (the gold lists every
  measured value of its excerpt). Gold rows with no value (a plan objective's
  progress, or none where the excerpt cuts it off) are scored as objectives: ``missions`` of kind
  ``objective``, with their status.

Standard output only. The gold is read here and nowhere in the build: rules must fit layouts,
not these strings (the same rules run on plans no one has checked).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import sqlite3
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THRESHOLD = 0.85  # as score.py
NAME_FLOOR = 0.5  # an indicator name at least this alike (with the same number) is the same row


def norm(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or "")).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"(\w)- (\w)", r"\1\2", s)
    s = re.sub(r"[^\w%£.,;:'\"/()&+-]+", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .;:,")


def sim(a: object, b: object) -> float:
    x, y = norm(a), norm(b)
    if not x or not y:
        return 1.0 if x == y else 0.0
    return 1.0 if x == y else difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def match(gold: list, found: list, score, floor: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching by descending score at or above ``floor``."""
    pairs = sorted(((s, i, j) for i, g in enumerate(gold) for j, f in enumerate(found)
                    if (s := score(g, f)) >= floor), reverse=True)
    used_g, used_f, out = set(), set(), []
    for s, i, j in pairs:
        if i not in used_g and j not in used_f:
            used_g.add(i)
            used_f.add(j)
            out.append((i, j, s))
    return out


def printed(record: dict) -> str:
    """A priority as printed when its name and summary run together ("ENVIRONMENT: “A highly
    attractive area …”"): the gold quotes the whole line, the records keep the two apart."""
    return f"{record['name']}: {record['summary']}" if record.get("summary") else record["name"]


class Tally:
    def __init__(self) -> None:
        self.gold = self.found = self.tp = 0
        self.extra: dict[str, int] = {}

    def add(self, gold: int, found: int, tp: int, **extra: int) -> None:
        self.gold, self.found, self.tp = self.gold + gold, self.found + found, self.tp + tp
        for k, v in extra.items():
            self.extra[k] = self.extra.get(k, 0) + v

    def figures(self) -> dict:
        p = self.tp / self.found if self.found else None
        r = self.tp / self.gold if self.gold else None
        f = 2 * p * r / (p + r) if p and r else 0.0
        return {"gold": self.gold, "found": self.found, "tp": self.tp, "precision": p, "recall": r, "f1": f,
                **self.extra}


# ------------------------------------------------------------------ numbers, units, periods


_NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def numbers(text: object) -> list[float]:
    return [float(n.replace(",", "")) for n in _NUM.findall(str(text or ""))]


def _target_right(gold_target: object, found_target: object) -> bool:
    """A found target is right when it is the gold target's first number; a target printed without
    a number ("nil", "lower than the previous quarter") is right only when none was found."""
    wanted = numbers(gold_target)
    if not wanted:
        return found_target is None
    return found_target is not None and abs(float(found_target) - wanted[0]) < 1e-6


def unit_of(text: str) -> str:
    """The unit of a gold value's first number ("16 (64%)" is a count, its share another value)."""
    t = re.sub(r"\s*\(.*$", "", text).lower()
    for cue, unit in (("%", "%"), ("£", "£"), ("tonne", "tonnes"), ("kg", "kg"), ("day", "days")):
        if cue in t:
            return "£m" if unit == "£" and re.search(r"\d\s?(?:m|million)\b", t) else unit
    return "count"


def period_dates(text: str | None) -> set[tuple[str | None, str | None]]:
    """Every reading of a printed period as (start, end) ISO dates."""
    from rules.periods import find_periods

    t = (text or "").replace("\\", "/")
    t = re.sub(r"\b(\d{4}/\d\d)\s+quarter\s+([1-4])\b", r"Q\2 \1", t, flags=re.IGNORECASE)  # "2023/24 Quarter 4"
    return {m.period.iso for m in find_periods(t) if m.period.start is not None}


# ------------------------------------------------------------------ the scorer


def score(db_path: Path, dev: Path, verbose: bool = False) -> dict:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row

    def rows(sql: str, *args: object) -> list[dict]:
        try:
            return [dict(r) for r in conn.execute(sql, args)]
        except sqlite3.OperationalError:
            return []

    priorities, focus, challenges, indicators, objectives = Tally(), Tally(), Tally(), Tally(), Tally()
    per_document: dict[str, dict] = {}
    for gold_file in sorted((dev / "plans").glob("c-*.gold.json")):
        slug = gold_file.name[: -len(".gold.json")]
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = {"document": slug}
        # priorities
        found = rows("select * from priorities where document_id=?", slug)
        g = gold.get("priorities", [])
        m = match(g, found, lambda a, f: max(sim(a, f["name"]), sim(a, printed(f))))
        priorities.add(len(g), len(found), len(m))
        doc["priorities"] = f"{len(m)}/{len(g)} (found {len(found)})"
        if verbose:
            _show("priority", g, [f["name"] for f in found], m)
        # focus areas: missions of kind focus_area under their priority
        if gold.get("focus_areas"):
            g_areas = [(a, fa["priority"]) for fa in gold["focus_areas"] for a in fa["areas"]]
            found = rows("select m.name, p.name as priority from missions m left join priorities p on p.id = m.priority_id "
                         "where m.document_id=? and m.kind='focus_area'", slug)
            m = match(g_areas, found, lambda a, f: sim(a[0], f["name"]))
            ok = sum(1 for i, j, _ in m if sim(g_areas[i][1], found[j]["priority"]) >= THRESHOLD)
            focus.add(len(g_areas), len(found), len(m), priority_ok=ok)
            doc["focus_areas"] = f"{len(m)}/{len(g_areas)} (found {len(found)})"
        if gold.get("challenges"):
            found = rows("select name from plan_themes where document_id=? and kind='challenge'", slug)
            m = match(gold["challenges"], found, lambda a, f: sim(a, f["name"]))
            challenges.add(len(gold["challenges"]), len(found), len(m))
            doc["challenges"] = f"{len(m)}/{len(gold['challenges'])} (found {len(found)})"
        # indicators
        values = rows("select * from indicator_values where document_id=?", slug)
        g_values = [x for x in gold.get("indicators", []) if x.get("value") or x.get("target")]
        g_status = [x for x in gold.get("indicators", []) if not (x.get("value") or x.get("target"))]
        tp, extra = _indicators(g_values, values, verbose)
        indicators.add(len(g_values), len(values), tp, **extra)
        doc["indicators"] = f"{tp}/{len(g_values)} (found {len(values)})"
        if g_status:
            found = rows("select * from missions where document_id=? and kind='objective'", slug)
            m = match(g_status, found, lambda a, f: sim(a["name"], f["name"]))
            ok = sum(1 for i, j, _ in m if g_status[i].get("status")
                     and norm(g_status[i]["status"]) == norm(found[j].get("status")))
            objectives.add(len(g_status), len(found), len(m), status_ok=ok)
        per_document[slug] = doc
    return {
        "priorities": priorities.figures(), "focus_areas": focus.figures(), "challenges": challenges.figures(),
        "indicators": indicators.figures(), "objectives_with_status": objectives.figures(), "documents": per_document,
    }


def _indicators(gold: list[dict], values: list[dict], verbose: bool) -> tuple[int, dict[str, int]]:
    """Found gold rows, and how many of them have the period, unit, target, status and name right."""

    def same_row(g: dict, f: dict) -> float:
        wanted = numbers(g.get("value")) or numbers(g.get("target"))
        if not wanted or abs(float(f["value"]) - wanted[0]) > 1e-6:
            return 0.0
        if not g.get("value") and f.get("kind") != "target":
            return 0.0
        by_quote = 1.0 if g.get("quote") and norm(g["quote"]) in norm(f.get("quote")) else 0.0
        return max(sim(g["name"], f["indicator"]), by_quote * NAME_FLOOR)

    m = match(gold, values, same_row, floor=NAME_FLOOR)
    used = {j for _, j, _ in m}
    extra = {"period_ok": 0, "unit_ok": 0, "target_ok": 0, "status_ok": 0, "name_ok": 0,
             "with_target": sum(1 for g in gold if g.get("value") and g.get("target")),
             "with_status": sum(1 for g in gold if g.get("status"))}
    # A series' target and status are the report's judgement of its latest value; the gold repeats
    # them on every row, so they are also counted on the latest row of each series alone.
    latest: dict[str, int] = {}
    for i, g in enumerate(gold):
        if g.get("value"):
            end = max((e or "" for _s, e in period_dates(g.get("period"))), default="")
            if g["name"] not in latest or end > max((e or "" for _s, e in period_dates(gold[latest[g["name"]]].get(
                    "period"))), default=""):
                latest[g["name"]] = i
    last = {i for i in latest.values() if gold[i].get("target") or gold[i].get("status")}
    extra["latest_with_assessment"] = len(last)
    extra["latest_assessment_ok"] = 0
    for i, j, _s in m:
        g, f = gold[i], values[j]
        if i in last:
            target_right = not g.get("target") or _target_right(g["target"], f.get("target"))
            status_right = not g.get("status") or norm(g["status"]) == norm(f.get("status"))
            extra["latest_assessment_ok"] += int(target_right and status_right)
        wanted = period_dates(g.get("period"))
        extra["period_ok"] += int(not wanted or (f.get("period_start"), f.get("period_end")) in wanted)
        extra["unit_ok"] += int(unit_of(str(g.get("value") or g.get("target"))) == f.get("unit"))
        if g.get("value") and g.get("target"):
            extra["target_ok"] += int(_target_right(g["target"], f.get("target")))
        if g.get("status"):
            extra["status_ok"] += int(norm(g["status"]) == norm(f.get("status")))
        extra["name_ok"] += int(sim(g["name"], f["indicator"]) >= THRESHOLD)
    # Also right: the share printed beside a found count, and a found row's target printed alone.
    for i, j, _s in m:
        g, f = gold[i], values[j]
        others = numbers(g.get("value"))[1:] + numbers(g.get("target"))
        for k, v in enumerate(values):
            if k in used or not others:
                continue
            if any(abs(float(v["value"]) - n) < 1e-6 for n in others) and (
                    norm(v.get("quote")) == norm(f.get("quote")) or sim(v["indicator"], f["indicator"]) >= NAME_FLOOR):
                used.add(k)
    tp = len(m)
    extra["also_right"] = len(used) - tp
    if verbose:
        for i, j, _s in m:
            f = values[j]
            print(f"  found  {gold[i]['name'][:50]!r} {gold[i].get('value')!r} <- {f['indicator'][:50]!r} "
                  f"{f['value']} {f['unit']} {f.get('period')!r} t={f.get('target')} s={f.get('status')}")
        for i, g in enumerate(gold):
            if i not in {a for a, _, _ in m}:
                print(f"  MISSED {g['name'][:60]!r} {g.get('value')!r} {g.get('period')!r}")
        for k, v in enumerate(values):
            if k not in used:
                print(f"  WRONG  {v['indicator'][:60]!r} {v['value']} {v['unit']} {v.get('period')!r} | {v['quote'][:70]}")
    # Precision counts the also-right rows as right.
    return tp, {**extra, "right": len(used)}


def _show(what: str, gold: list[str], found: list[str], m: list[tuple[int, int, float]]) -> None:
    got = {i for i, _, _ in m}
    used = {j for _, j, _ in m}
    for i, g in enumerate(gold):
        print(f"  {'found ' if i in got else 'MISSED'} {what}: {g[:80]}")
    for j, f in enumerate(found):
        if j not in used:
            print(f"  WRONG  {what}: {f[:80]}")


def build_dev(dev: Path, work: Path) -> Path:
    """The development plan pages built into a database in ``work`` by the project's build."""
    from council_plans.build import build

    corpus = work / "corpus"
    corpus.mkdir()
    for pdf in sorted((dev / "corpus").glob("c-*.pdf")):
        shutil.copy(pdf, corpus / pdf.name)
    build(corpus, work / "plans.db", jobs=1)
    return work / "plans.db"


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "eval" / "dev"), help="the development set")
    ap.add_argument("--db", help="score this database instead of building the development PDFs")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="list what was found, missed and wrong")
    args = ap.parse_args(argv)
    dev = Path(args.dev)
    with tempfile.TemporaryDirectory(prefix="dev-plans-") as work:
        db = Path(args.db) if args.db else build_dev(dev, Path(work))
        result = score(db, dev, args.verbose)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name in ("priorities", "focus_areas", "challenges", "indicators", "objectives_with_status"):
        r = result[name]
        precision = r["right"] / r["found"] if name == "indicators" and r["found"] else r["precision"]
        f1 = 2 * precision * r["recall"] / (precision + r["recall"]) if precision and r["recall"] else 0.0
        rest = " ".join(f"{k}={v}" for k, v in r.items() if k not in ("gold", "found", "tp", "precision", "recall", "f1"))
        print(f"{name:24s} P={_fmt(precision)} R={_fmt(r['recall'])} F1={_fmt(f1)}  gold={r['gold']} "
              f"found={r['found']} tp={r['tp']} {rest}")
    for doc in result["documents"].values():
        print("  " + "  ".join(f"{k}: {v}" for k, v in doc.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
