"""Score lineage on the lineage dev set (tests/lineage_dev/): ten councils, 27 plan editions, gold
links between successive editions.

    .venv/bin/python bench/score_lineage_dev.py                      # matcher only, pack + leave-one-council-out
    .venv/bin/python bench/score_lineage_dev.py --end-to-end         # also build each council's PDFs and score that
    .venv/bin/python bench/score_lineage_dev.py --json               # the figures as JSON
    .venv/bin/python bench/score_lineage_dev.py --write-scores site/scores.json   # put them on the About page
    .venv/bin/python bench/score_lineage_dev.py --set tests/lineage_firstsight --no-loco --end-to-end
                                                                     # an unseen set: the pack's settings, as a new council meets them

Two modes:

* **matcher only**: each council's gold elements (name, description, level, parent) are fed
  straight to the lineage matcher (``graph.lineage``), edition by edition, as the build feeds it
  the elements it reads; the links are scored against the gold. This measures the matcher alone.
* **end to end** (``--end-to-end``): each council's PDFs are built with ``plans build`` (a
  manifest giving each PDF's council, title and period, as a researcher adding them to a corpus
  writes one) and the lineage rows of the database are scored, each extracted element standing
  for the gold element whose name is at least 85% similar (one to one, as ``score.py`` matches).
  This depends on plan extraction as much as on the matcher.

Links are scored per *tier* (``top``: both ends top-level; ``below``: both under a parent;
``cross``: one of each) as precision, recall and F1 of the linked pairs (both ends), per relation
(the pair and its relation right), and for ``dropped`` and ``new``. Elements the gold leaves
``unlinked`` (their fate is not in the stored text) are left out. *Calibration* is the precision
of each confidence band: links, dropped and new separately.

**Leave one council out.** The matcher's thresholds (``matching.same``) and its topic weight are
chosen on nine councils and the tenth is scored with them, ten times; the pooled held-out counts
are the honest figure (what a council the matcher has never seen can expect). Confidence bands
are fitted the same way (on nine councils, applied to the tenth), so the calibration table is
held-out too. The pack's own figures (fitted on all ten) are printed beside them.

Standard output only, unless ``--write-scores`` names the About page's scores file (its
``lineage_dev`` part is replaced). The gold is read here and nowhere in the build.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calibrate_lineage import sim  # noqa: E402  (names matched as score.py matches them)

from graph.lineage import SAME, Comparison, Element, Lineage, Link  # noqa: E402

DEV = ROOT / "tests" / "lineage_dev"
THRESHOLD = 0.85  # name similarity for an extracted element to stand for a gold one, as score.py
TIERS = ("top", "below", "cross")
RELATIONS = ("continues", "renamed", "merged", "split", "dropped", "new")
BANDS = ("high", "medium", "low")
# What a confidence band promises: the share of its links a careful reader would keep.
TARGET_PRECISION = {"high": 0.85, "medium": 0.6}
GRID = {
    "topic": [0.2, 0.3, 0.4, 0.5],
    "no_match": [0.02, 0.05, 0.08, 0.12, 0.16, 0.2],
    "secondary_min": [0.12, 0.16, 0.2, 0.25, 0.3, 0.4],
    "secondary_ratio": [0.6, 0.75, 0.85, 0.95, 1.01],
}


# -- the gold ------------------------------------------------------------------------------------

@dataclass
class Council:
    slug: str
    gold: dict[str, Any]
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)  # gold id → element
    skip: set[str] = field(default_factory=set)  # unlinked: their fate is not in the stored text
    folder: Path = DEV  # the set's folder that holds <slug>/corpus/*.pdf

    @property
    def name(self) -> str:
        return self.gold["council"]

    def tier(self, a: str | None, b: str | None) -> str:
        if a is None or b is None:
            return "top" if not self.elements[a or b]["parent"] else "below"
        pa, pb = bool(self.elements[a]["parent"]), bool(self.elements[b]["parent"])
        return "top" if not (pa or pb) else "below" if pa and pb else "cross"


def load_councils(root: Path = DEV) -> list[Council]:
    out = []
    for path in sorted(root.glob("*/lineage.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        c = Council(path.parent.name, gold, skip=set(gold.get("unlinked") or {}), folder=root.resolve())
        for edition in gold["editions"]:
            for e in edition["elements"]:
                c.elements[e["id"]] = {**e, "edition": edition["slug"]}
        out.append(c)
    return out


def rank_of(element: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> int:
    rank, at = 0, element
    while at.get("parent"):
        rank, at = rank + 1, by_id[at["parent"]]
    return rank


def gold_elements(lineage: Lineage, edition: dict[str, Any]) -> list[Element]:
    """An edition's gold elements as the matcher's elements: name, description, level, rank."""
    by_id = {e["id"]: e for e in edition["elements"]}
    return [lineage.element(e["id"], e["level"], e["name"], (edition["slug"], None), [], e["parent"],
                            description=e.get("description"), rank=rank_of(e, by_id), table="gold")
            for e in edition["elements"]]


def council_words(name: str) -> set[str]:
    """The words of a council's own name: every element of its plans may print them."""
    return set(re.findall(r"[A-Za-z]+", name))


# -- scoring -------------------------------------------------------------------------------------

Found = dict[str, Any]  # {from, to, relation, confidence, tier}


def score_council(c: Council, found: list[Found]) -> Counter:
    """Counts for one council: per tier and relation, true positives, found and gold."""
    counts: Counter = Counter()
    gold = [g for g in c.gold["links"] if g["from"] not in c.skip and g["to"] not in c.skip]
    gold_pairs = {(g["from"], g["to"]): g for g in gold}
    for g in gold:
        if g["from"] and g["to"]:
            counts["gold", "pair", g["tier"]] += 1
        counts["gold", "rel", g["relation"]] += 1
    for f in found:
        if f["from"] in c.skip or f["to"] in c.skip:
            continue
        g = gold_pairs.get((f["from"], f["to"]))
        if f["from"] and f["to"]:
            counts["found", "pair", f["tier"]] += 1
            counts["tp", "pair", f["tier"]] += g is not None
            counts["band", "link", f["confidence"], "found"] += 1
            counts["band", "link", f["confidence"], "right"] += g is not None
        counts["found", "rel", f["relation"]] += 1
        counts["tp", "rel", f["relation"]] += g is not None and g["relation"] == f["relation"]
        if f["relation"] in ("dropped", "new"):
            counts["band", f["relation"], f["confidence"], "found"] += 1
            counts["band", f["relation"], f["confidence"], "right"] += g is not None
    return counts


def prf(tp: int, found: int, gold: int) -> dict[str, Any]:
    p = tp / found if found else 0.0
    r = tp / gold if gold else 0.0
    return {"gold": gold, "found": found, "tp": tp, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p and r else 0.0}


def summary(counts: Counter) -> dict[str, Any]:
    out: dict[str, Any] = {"tiers": {}, "relations": {}, "calibration": {}}
    for tier in TIERS:
        out["tiers"][tier] = prf(counts["tp", "pair", tier], counts["found", "pair", tier], counts["gold", "pair", tier])
    out["tiers"]["all"] = prf(*(sum(counts[k, "pair", t] for t in TIERS) for k in ("tp", "found", "gold")))
    for rel in RELATIONS:
        out["relations"][rel] = prf(counts["tp", "rel", rel], counts["found", "rel", rel], counts["gold", "rel", rel])
    for kind in ("link", "dropped", "new"):
        out["calibration"][kind] = {
            band: {"right": counts["band", kind, band, "right"], "found": counts["band", kind, band, "found"],
                   "precision": round(counts["band", kind, band, "right"] / counts["band", kind, band, "found"], 3)
                   if counts["band", kind, band, "found"] else None}
            for band in BANDS}
    return out


def as_found(c: Council, links: list[Link]) -> list[Found]:
    return [{"from": link.from_id, "to": link.to_id, "relation": link.relation, "confidence": link.confidence,
             "score": link.score, "tier": c.tier(link.from_id, link.to_id)} for link in links]


# -- matcher only ---------------------------------------------------------------------------------

class Matcher:
    """Every council's editions compared once; links made again cheaply for any setting."""

    def __init__(self, councils: list[Council], lineage: Lineage | None = None):
        self.lineage = lineage or Lineage()
        self.councils = councils
        self.comparisons: dict[str, list[Comparison]] = {}
        for c in councils:
            editions = c.gold["editions"]
            self.comparisons[c.slug] = [
                self.lineage.compare(gold_elements(self.lineage, a), gold_elements(self.lineage, b), council_words(c.name))
                for a, b in itertools.pairwise(editions)]

    def links(self, c: Council, setting: dict[str, float] | None = None) -> list[Link]:
        matching, topic = None, None
        if setting:
            same = self.lineage.pack.matching[SAME].model_copy(update={
                k: setting[k] for k in ("no_match", "secondary_min", "secondary_ratio")})
            matching, topic = {SAME: same}, setting["topic"]
        return [link for comp in self.comparisons[c.slug]
                for link in self.lineage.link(comp, matching=matching, topic_weight=topic, evidence=False)]

    def found(self, c: Council, setting: dict[str, float] | None = None) -> list[Found]:
        return as_found(c, self.links(c, setting))


def settings() -> list[dict[str, float]]:
    keys = list(GRID)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*GRID.values())]


def objective(counts: Counter) -> float:
    """What a setting is chosen for: F1 of the linked pairs over every tier."""
    return summary(counts)["tiers"]["all"]["f1"]


def fit_band(rows: list[tuple[float, bool]], target: float) -> float:
    """The lowest score above which at least ``target`` of the links are right (1.0 when none is)."""
    for cut in sorted({s for s, _ in rows}):
        above = [right for s, right in rows if s >= cut]
        if above and sum(above) / len(above) >= target:
            return round(cut, 3)
    return 1.0


def band(score: float, high: float, medium: float) -> str:
    return "high" if score >= high else "medium" if score >= medium else "low"


def leave_one_council_out(m: Matcher) -> dict[str, Any]:
    """Choose the setting (and the confidence bands) on nine councils, score the tenth; pool."""
    grid = settings()
    per: dict[str, list[Counter]] = {}
    found_by: dict[str, list[list[Found]]] = {}
    for c in m.councils:
        found_by[c.slug] = [m.found(c, s) for s in grid]
        per[c.slug] = [score_council(c, f) for f in found_by[c.slug]]
    pooled: Counter = Counter()
    chosen = []
    for held in m.councils:
        rest = [c for c in m.councils if c is not held]
        totals = [sum((per[c.slug][i] for c in rest), Counter()) for i in range(len(grid))]
        best = max(range(len(grid)), key=lambda i: (objective(totals[i]), -i))
        chosen.append({"held_out": held.slug, **grid[best]})
        # Bands from the nine councils' links with that setting; applied to the held-out council's.
        rows = [(f["score"], _right(c, f)) for c in rest for f in found_by[c.slug][best] if f["from"] and f["to"]
                and f["from"] not in c.skip and f["to"] not in c.skip]
        high, medium = fit_band(rows, TARGET_PRECISION["high"]), fit_band(rows, TARGET_PRECISION["medium"])
        found = [{**f, "confidence": band(f["score"], high, medium)} if f["from"] and f["to"] else f
                 for f in found_by[held.slug][best]]
        pooled += score_council(held, found)
    in_sample = [sum((per[c.slug][i] for c in m.councils), Counter()) for i in range(len(grid))]
    best_all = max(range(len(grid)), key=lambda i: (objective(in_sample[i]), -i))
    return {"held_out": summary(pooled), "chosen": chosen, "best_in_sample": grid[best_all],
            "best_in_sample_scores": summary(in_sample[best_all])["tiers"]}


def _right(c: Council, f: Found) -> bool:
    return any(g["from"] == f["from"] and g["to"] == f["to"] for g in c.gold["links"])


# -- end to end -----------------------------------------------------------------------------------

def build_council(c: Council, workdir: Path, plans: str) -> Path:
    """The council's PDFs built into a database, with a manifest as a researcher would write it."""
    corpus = workdir / c.slug / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    manifest = []
    for edition in c.gold["editions"]:
        pdf = c.folder / c.slug / edition["document"]
        if not pdf.exists():
            raise SystemExit(f"score_lineage_dev: {pdf} is missing (an edition's PDF of {c.slug})")
        target = corpus / pdf.name
        if not target.exists():
            target.symlink_to(pdf)
        manifest.append({"file": pdf.name, "title": edition["title"], "publisher": c.name,
                         "plan_period": edition["period"].replace("/", "-")})
    (corpus / "manifest.json").write_text(json.dumps(manifest, indent=1))
    db = workdir / c.slug / "plans.db"
    run = subprocess.run([plans, "build", "--corpus", str(corpus), "--db", str(db), "--jobs", "1", "-q"],
                         check=False, capture_output=True, text=True)
    if not db.exists():
        raise SystemExit(f"score_lineage_dev: plans build failed for {c.slug}: {run.stderr.strip()[-500:]}")
    return db


def relinked(db: Path) -> list[dict[str, Any]]:
    """Lineage rows made again by this checkout's matcher from a built database's plan records
    (to measure the matcher on another checkout's extraction)."""
    from graph.editions import IGNORE_REVIEWS_ENV, lineage_records
    from rules.plans.records import ActionRecord, MetricRecord, MissionRecord, PlanRecord, PriorityRecord
    from rules.records import DocumentRecord

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    records = []
    for table, cls in (("documents", DocumentRecord), ("plans", PlanRecord), ("priorities", PriorityRecord),
                       ("missions", MissionRecord), ("actions", ActionRecord), ("metrics", MetricRecord)):
        if table in tables:
            fields = set(cls.model_fields)
            records += [cls(**{k: row[k] for k in row.keys() if k in fields}) for row in conn.execute(f"select * from {table}")]
    conn.close()
    import os

    os.environ[IGNORE_REVIEWS_ENV] = "1"
    return [r.model_dump() for r in lineage_records(records)]


def end_to_end(c: Council, db: Path, relink: bool = False) -> tuple[Counter, dict[str, Any]]:
    """Lineage rows of a built database, each extracted element standing for its gold element."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    extracted: list[dict[str, Any]] = []
    for table in ("priorities", "missions"):
        if table in tables:
            cols = {r[1] for r in conn.execute(f"pragma table_info({table})")}
            parent = "coalesce(parent_id, priority_id)" if table == "missions" else "null"
            assert "name" in cols
            extracted += [dict(r) for r in conn.execute(f"select id, name, plan_id, {parent} as parent from {table}")]
    rows = [dict(r) for r in conn.execute("select * from lineage")] if "lineage" in tables else []
    plans = len(list(conn.execute("select id from plans"))) if "plans" in tables else 0
    conn.close()
    if relink:
        rows = relinked(db)
    # One to one, best first, within the same edition's names.
    pairs = sorted(((sim(g["name"], x["name"]), gid, x["id"]) for gid, g in c.elements.items() for x in extracted),
                   reverse=True)
    stands: dict[str, str] = {}
    used: set[str] = set()
    for s, gid, xid in pairs:
        if s < THRESHOLD:
            break
        if gid not in used and xid not in stands:
            stands[xid] = gid
            used.add(gid)
    parent_of = {x["id"]: x["parent"] for x in extracted}
    found = []
    for r in rows:
        a, b = (stands.get(r["from_id"], f"x:{r['from_id']}") if r["from_id"] else None,
                stands.get(r["to_id"], f"x:{r['to_id']}") if r["to_id"] else None)

        def tier_of(ident: str | None, raw: str | None) -> bool:
            if ident and not ident.startswith("x:"):
                return bool(c.elements[ident]["parent"])
            return bool(parent_of.get(raw or ""))

        pa, pb = tier_of(a, r["from_id"]), tier_of(b, r["to_id"])
        tier = ("top" if not (pa or pb) else "below" if pa and pb else "cross") if a and b else \
            ("below" if (pa if a else pb) else "top")
        found.append({"from": a, "to": b, "relation": r["relation"], "confidence": r.get("confidence"), "tier": tier})
    info = {"editions_gold": len(c.gold["editions"]), "plans_read": plans, "elements_gold": len(c.elements),
            "elements_extracted": len(extracted), "elements_matched": len(stands), "lineage_rows": len(rows)}
    return score_council(c, found), info


# -- report ---------------------------------------------------------------------------------------

def print_summary(title: str, s: dict[str, Any]) -> None:
    print(title)
    for tier, v in s["tiers"].items():
        print(f"  {tier:8s} P={v['precision']:.2f} R={v['recall']:.2f} F1={v['f1']:.2f}  (tp {v['tp']}, found {v['found']}, gold {v['gold']})")
    print("  relations: " + "; ".join(f"{k} {v['tp']}/{v['found']} found, {v['gold']} gold" for k, v in s["relations"].items()))
    for kind, bands in s["calibration"].items():
        cells = ", ".join(f"{b} {v['right']}/{v['found']}" for b, v in bands.items())
        print(f"  calibration {kind:8s} right/found per band: {cells}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--end-to-end", action="store_true", help="also build each council's PDFs and score the lineage rows")
    ap.add_argument("--no-loco", action="store_true", help="skip the leave-one-council-out grid")
    ap.add_argument("--plans", default=str(ROOT / ".venv" / "bin" / "plans"), help="the plans command (end to end)")
    ap.add_argument("--relink", action="store_true", help="end to end: link the built records again with this "
                                                          "checkout's matcher (when --plans is another checkout's)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--set", metavar="DIR", default=str(DEV),
                    help="the set to score (default tests/lineage_dev); another set in the same layout, e.g. "
                         "tests/lineage_firstsight, is scored with the pack's settings, which never saw it, so "
                         "its 'matcher only' figure is first sight (skip the grid with --no-loco)")
    ap.add_argument("--note", default="", help="a sentence added to the set's description (e.g. that a fix round has since been fitted on it)")
    ap.add_argument("--write-scores", metavar="FILE", help="replace the lineage_dev part of this scores file (site/scores.json)")
    ap.add_argument("--heading", default="", help="with --write-scores and --set: the About page's heading for the set "
                                                  "(e.g. 'Lineage on councils nobody fitted on')")
    args = ap.parse_args(argv)
    councils = load_councils(Path(args.set))
    if not councils:
        raise SystemExit(f"score_lineage_dev: no */lineage.gold.json under {args.set}")
    dev = Path(args.set).resolve() == DEV.resolve()
    m = Matcher(councils)
    pack_counts = sum((score_council(c, m.found(c)) for c in councils), Counter())
    out: dict[str, Any] = {
        "about": ("Lineage dev set (tests/lineage_dev/): 10 councils, 27 plan editions, gold links between successive "
                  "editions; scored with `python bench/score_lineage_dev.py`. Matcher only: the gold elements fed to "
                  "the matcher. Leave one council out: thresholds, topic weight and confidence bands chosen on nine "
                  "councils, the tenth scored, pooled (the honest figure).") if dev else (
                  f"Unseen lineage set ({Path(args.set).name}/): {len(councils)} councils, "
                  f"{sum(len(c.gold['editions']) for c in councils)} plan editions, gold written before any engine run; "
                  f"scored with `python bench/score_lineage_dev.py --set {args.set}` with the pack's settings, which "
                  "never saw these councils (first sight).") + (f" {args.note}" if args.note else ""),
        "matcher_pack": summary(pack_counts),
        "per_council": {c.slug: summary(score_council(c, m.found(c)))["tiers"]["all"] for c in councils},
    }
    if not args.no_loco:
        out["matcher_loco"] = leave_one_council_out(m)
    if args.end_to_end:
        with tempfile.TemporaryDirectory(prefix="lineage-dev-") as tmp:
            total: Counter = Counter()
            info = {}
            for c in councils:
                counts, info[c.slug] = end_to_end(c, build_council(c, Path(tmp), args.plans), args.relink)
                total += counts
            out["end_to_end"] = {**summary(total), "elements": info}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print_summary("Matcher only, the pack's settings (fitted on all ten councils):" if dev else
                      "Matcher only, the pack's settings (fitted on the dev set; this set unseen):", out["matcher_pack"])
        if "matcher_loco" in out:
            print_summary("Matcher only, leave one council out (held-out, pooled):", out["matcher_loco"]["held_out"])
            print("  settings chosen per fold: " + "; ".join(
                f"{x['held_out']}: t={x['topic']} nm={x['no_match']} smin={x['secondary_min']} r={x['secondary_ratio']}"
                for x in out["matcher_loco"]["chosen"]))
            print(f"  best in sample: {out['matcher_loco']['best_in_sample']}")
        if "end_to_end" in out:
            print_summary("End to end (plans build on each council's PDFs):", out["end_to_end"])
            for slug, i in out["end_to_end"]["elements"].items():
                print(f"    {slug}: {i}")
    if args.write_scores:
        path = Path(args.write_scores)
        data = json.loads(path.read_text(encoding="utf-8"))
        key = "lineage_dev" if dev else f"lineage_{Path(args.set).name.removeprefix('lineage_')}"
        data[key] = for_about_page(out, dev)
        if args.heading:
            data[key]["heading"] = args.heading
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def for_about_page(out: dict[str, Any], dev: bool = True) -> dict[str, Any]:
    """The figures the About page shows: links per tier (held out, in sample, end to end) and the
    calibration (precision per confidence band, held out)."""
    rows = []
    for key, label in (("matcher_loco", "matcher only, leave one council out (held out)"),
                       ("matcher_pack", "matcher only, the pack's settings (fitted on all ten)" if dev else
                        "matcher only, first sight (the pack's settings, chosen on the dev set)"),
                       ("end_to_end", "end to end (plans build on the councils' PDFs)")):
        s = out.get(key, {})
        s = s.get("held_out", s)
        if s:
            rows.append({"run": label, **{tier: s["tiers"][tier] for tier in (*TIERS, "all")}})
    calibration = (out.get("matcher_loco") or {}).get("held_out", out["matcher_pack"])["calibration"]
    return {"about": out["about"], "tiers": rows, "calibration": [
        {"kind": kind, **{band: calibration[kind][band] for band in BANDS}} for kind in ("link", "dropped", "new")]}


if __name__ == "__main__":
    raise SystemExit(main())
