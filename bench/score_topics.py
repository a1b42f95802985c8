"""Score the topic coder against the hand-coded topic gold (tests/topics/gold/*.jsonl).

    .venv/bin/python bench/score_topics.py                      # dev and held-out parts
    .venv/bin/python bench/score_topics.py --part dev --errors  # list what the coder got wrong
    .venv/bin/python bench/score_topics.py --second tests/topics/double/second.jsonl   # agreement
    .venv/bin/python bench/score_topics.py --calibrate          # fit the pack's confidence (dev only)
    .venv/bin/python bench/score_topics.py --db plans.db        # coverage of a built database

Figures: major-topic accuracy (the coder's code equals the gold code, procedural and
unclassified included), accuracy on policy items only, procedural recall and precision,
coverage (share of items the coder gives a topic or procedural, not unclassified), and the
calibration of the confidence (accuracy per confidence band). With ``--second`` (a file of
``{"id", "topic"}`` lines from another coder, blind to the first), the agreement between the
two human codings and Cohen's kappa on the items both coded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sqlite3
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "topics" / "gold"
CODED_TABLES = ("decisions", "recommendations", "reports", "priorities", "missions", "actions", "plan_themes",
                "metrics", "activities", "indicators")


def load(part: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / f"{part}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def coded(items: list[dict]) -> list:
    from rules.topics import code_many

    return code_many([(i.get("text"), i.get("context"), i.get("heading")) for i in items])


def scores(items: list[dict], codes: list) -> dict:
    n = len(items)
    right = sum(c.topic == i["topic"] for i, c in zip(items, codes, strict=True))
    policy = [(i, c) for i, c in zip(items, codes, strict=True) if i["topic"] not in ("procedural", "unclassified")]
    proc_gold = [c for i, c in zip(items, codes, strict=True) if i["topic"] == "procedural"]
    proc_found = [i for i, c in zip(items, codes, strict=True) if c.topic == "procedural"]
    return {
        "items": n,
        "accuracy": right / n if n else 0.0,
        "policy_items": len(policy),
        "policy_accuracy": sum(c.topic == i["topic"] for i, c in policy) / len(policy) if policy else 0.0,
        "runner_up_or_best": sum(i["topic"] in (c.topic, c.runner_up) for i, c in policy) / len(policy) if policy else 0.0,
        "procedural_items": len(proc_gold),
        "procedural_recall": sum(c.topic == "procedural" for c in proc_gold) / len(proc_gold) if proc_gold else 0.0,
        "procedural_precision": sum(i["topic"] == "procedural" for i in proc_found) / len(proc_found) if proc_found else 0.0,
        "coverage": sum(c.topic != "unclassified" for c in codes) / n if n else 0.0,
        "bands": bands(items, codes),
    }


def bands(items: list[dict], codes: list, edges: tuple[float, ...] = (0.0, 0.4, 0.6, 0.8, 1.01)) -> list[dict]:
    """Accuracy per confidence band: is a code given with confidence 0.8 right about 8 times in 10?"""
    out = []
    for lo, hi in itertools.pairwise(edges):
        inside = [(i, c) for i, c in zip(items, codes, strict=True) if lo <= c.confidence < hi]
        if inside:
            out.append({"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "items": len(inside),
                        "accuracy": sum(c.topic == i["topic"] for i, c in inside) / len(inside),
                        "mean_confidence": sum(c.confidence for _, c in inside) / len(inside)})
    return out


def agreement(items: list[dict], second: Path) -> dict:
    """Agreement of two hand codings (the gold and a second, blind coder's) on the items both coded."""
    theirs = {}
    for line in second.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            theirs[row["id"]] = str(row["topic"])
    both = [(i["topic"], theirs[i["id"]]) for i in items if i["id"] in theirs]
    if not both:
        return {"items": 0}
    agree = sum(a == b for a, b in both) / len(both)
    first, other = Counter(a for a, _ in both), Counter(b for _, b in both)
    chance = sum(first[k] * other[k] for k in first) / (len(both) ** 2)
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
    return {"items": len(both), "agreement": agree, "kappa": kappa,
            "disagreements": [{"id": i["id"], "first": i["topic"], "second": theirs[i["id"]]}
                              for i in items if i["id"] in theirs and i["topic"] != theirs[i["id"]]]}


def calibrate(items: list[dict], codes: list) -> dict:
    """Fit confidence = logistic(a·margin + b·ln(1+score) + c) to whether each code was right
    (plain gradient descent on the log loss; items coded from context are left out)."""
    from rules.topics import CONTEXT_RULE, UNCLASSIFIED_RULE

    rows = []
    for i, c in zip(items, codes, strict=True):
        if c.rule in (CONTEXT_RULE, UNCLASSIFIED_RULE):
            continue
        ranked = sorted(c.scores.values(), reverse=True)
        best = ranked[0] if ranked else 0.0
        if c.topic == "procedural":
            from rules.topics import topics_pack

            s = topics_pack().scoring
            proc = s.procedural_weight * max(1, sum(1 for e in c.evidence))
            margin, strength = (max(0.0, (proc - best) / proc), proc)
        else:
            runner = ranked[1] if len(ranked) > 1 else 0.0
            margin, strength = ((best - runner) / best if best else 0.0, best)
        rows.append((margin, math.log1p(strength), 1.0 if c.topic == i["topic"] else 0.0))
    a, b, c0 = 3.0, 0.8, -2.0
    for _ in range(20000):
        ga = gb = gc = 0.0
        for m, s, y in rows:
            p = 1 / (1 + math.exp(-(a * m + b * s + c0)))
            ga, gb, gc = ga + (p - y) * m, gb + (p - y) * s, gc + (p - y)
        lr = 0.5 / len(rows)
        a, b, c0 = a - lr * ga, b - lr * gb, c0 - lr * gc
    return {"a": round(a, 3), "b": round(b, 3), "c": round(c0, 3), "items": len(rows)}


def coverage(db: Path) -> dict:
    """Share of each coded table's rows with a topic or procedural (not unclassified, never empty)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = {}
    try:
        for table in CODED_TABLES:
            cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
            if "topic" not in cols:
                continue
            total, empty, unclassified = conn.execute(
                f"select count(*), sum(topic is null or topic = ''), sum(topic = 'unclassified') from [{table}]").fetchone()
            out[table] = {"rows": total, "empty": empty or 0, "unclassified": unclassified or 0,
                          "coverage": (total - (empty or 0) - (unclassified or 0)) / total if total else None}
    finally:
        conn.close()
    return out


def report(name: str, s: dict) -> None:
    print(f"{name}: {s['items']} items — major-topic accuracy {s['accuracy']:.3f}; policy items {s['policy_items']} "
          f"accuracy {s['policy_accuracy']:.3f} (best or runner-up {s['runner_up_or_best']:.3f}); procedural "
          f"recall {s['procedural_recall']:.3f} of {s['procedural_items']}, precision {s['procedural_precision']:.3f}; "
          f"coverage {s['coverage']:.3f}")
    for band in s["bands"]:
        print(f"    confidence {band['band']}: {band['items']} items, accuracy {band['accuracy']:.2f} "
              f"(mean confidence {band['mean_confidence']:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", action="append", choices=["dev", "heldout", "fresh"],
                        help="gold part(s) to score (default all three)")
    parser.add_argument("--errors", action="store_true", help="list the items the coder got wrong")
    parser.add_argument("--second", type=Path, help="a second coder's codes (JSON lines of id and topic)")
    parser.add_argument("--calibrate", action="store_true", help="fit the confidence calibration on the dev part")
    parser.add_argument("--db", type=Path, help="also report topic coverage of a built database")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    parts = args.part or ["dev", "heldout", "fresh"]
    result: dict = {}
    for part in parts:
        items = load(part)
        codes = coded(items)
        result[part] = scores(items, codes)
        if not args.json:
            report(part, result[part])
        if args.errors:
            for i, c in zip(items, codes, strict=True):
                if c.topic != i["topic"]:
                    print(f"  {i['id']}: gold {i['topic']} coded {c.topic} ({c.rule}, {c.confidence:.2f}, runner-up "
                          f"{c.runner_up}) {c.evidence[:4]} | {(i.get('heading') or '')[:60]} | {(i.get('text') or '')[:80]}")
        if args.calibrate and part == "dev":
            result["calibration"] = calibrate(items, codes)
            if not args.json:
                print("calibration (put it in rules/packs/topics.yaml):", result["calibration"])
    if args.second:
        every = [i for part in ("dev", "heldout", "fresh") for i in load(part)]
        result["agreement"] = agreement(every, args.second)
        if not args.json:
            a = result["agreement"]
            if a["items"]:
                print(f"agreement of two coders: {a['items']} items, {a['agreement']:.3f} (Cohen's kappa {a['kappa']:.3f})")
            else:
                print("agreement: the second coding names none of the gold items")
    if args.db:
        result["coverage"] = coverage(args.db)
        if not args.json:
            for table, c in result["coverage"].items():
                print(f"{table}: {c['rows']} rows, coverage {c['coverage'] if c['coverage'] is None else round(c['coverage'], 3)} "
                      f"({c['unclassified']} unclassified, {c['empty']} empty)")
    if args.json:
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
