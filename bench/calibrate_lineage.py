"""Calibrate the lineage pack's thresholds and confidence bands on a hand-made lineage, and check
that they are not fitted to it.

    .venv/bin/python bench/calibrate_lineage.py --db plans.db [--gold ../shared/eval/gold/lineage-2017-2022.json]

Reads the plan records of a built database, runs the lineage matcher (without the reviewed-links
file) and prints, per level:

* precision / recall / F1 of the links against the gold, matched as ``score.py`` matches them
  (names at least 85% similar, one-to-one), with the pack's thresholds;
* a grid of ``no_match`` / ``secondary_min`` / ``secondary_ratio`` around them, with the best
  setting (how sharp or flat the optimum is);
* a leave-one-theme-out check: for each older theme, the thresholds are chosen on the links of
  the other themes and scored on the held-out theme's links; the pooled held-out F1 is what a
  new plan edition can expect, the in-sample F1 beside it what the pack's numbers were fitted to;
* the score bands against the gold's own confidence labels (high / medium / low).

Standard output only; nothing is written. The gold is used here and nowhere in the build.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import itertools
import json
import math
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from graph.editions import _Index, plan_series
from graph.lineage import FINER, SAME_TEXT, Lineage, LineagePack, Link, Matching
from rules.packs import load_pack
from rules.plans.records import ActionRecord, MetricRecord, MissionRecord, PlanRecord, PriorityRecord
from rules.records import DocumentRecord

THRESHOLD = 0.85  # as score.py


def norm(text: str | None) -> str:
    import re
    import unicodedata

    s = unicodedata.normalize("NFKC", str(text or "")).lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", re.sub(r"[^\w%£.,;:'\"/()&+-]+", " ", s)).strip(" .;:,")


@functools.cache
def sim(a: str | None, b: str | None) -> float:
    x, y = norm(a), norm(b)
    if x == y:
        return 1.0
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() if x and y else 0.0


def load_records(db: str) -> list:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    out = []
    for table, cls in (("documents", DocumentRecord), ("plans", PlanRecord), ("priorities", PriorityRecord),
                       ("missions", MissionRecord), ("actions", ActionRecord), ("metrics", MetricRecord)):
        fields = set(cls.model_fields)
        for row in conn.execute(f"select * from {table}"):
            out.append(cls(**{k: row[k] for k in row.keys() if k in fields}))
    return out


def prf(tp: int, found: int, gold: int) -> tuple[float, float, float]:
    p = tp / found if found else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p and r else 0.0)


def score_links(links: list[tuple[str, str]], gold: list[dict]) -> tuple[int, int, int]:
    """(true positives, found, gold) as score.py counts them for one level."""
    sources = {norm(g["from"]) for g in gold}
    found = [f for f in links if max((sim(f[0], s) for s in sources), default=0) >= THRESHOLD]
    pairs = sorted(((min(sim(g["from"], f[0]), sim(g["to"], f[1])), i, j) for i, g in enumerate(gold)
                    for j, f in enumerate(links)), reverse=True)
    used_g, used_f, tp = set(), set(), 0
    for s, i, j in pairs:
        if s < THRESHOLD:
            break
        if i not in used_g and j not in used_f:
            used_g.add(i)
            used_f.add(j)
            tp += 1
    return tp, len(found), len(gold)


# The gold's levels and the pack's thresholds that make them: 2017 themes meet 2022 missions
# (aligned ranks of elements printing text, "same_text"); 2017 goals are traced into the coarser
# 2022 missions ("finer").
KIND_OF_LEVEL = {"theme": SAME_TEXT, "goal": FINER}


class Experiment:
    """The 2017 and 2022 editions' elements, their comparison (computed once) and the gold."""

    def __init__(self, db: str, gold_path: str):
        self.records = load_records(db)
        gold = json.loads(Path(gold_path).read_text())
        self.gold = [g for g in gold["mappings"] if g.get("from") and g.get("to") and g["relation"] not in ("new", "dropped")]
        self.gold_all = gold["mappings"]
        self.lineage = Lineage()
        index = _Index(self.records)
        editions = next(s for s in plan_series(self.records, self.lineage.pack) if any(p.period_start == 2022 for p in s))
        older, newer = [p for p in editions if p.period_start in (2017, 2022)]
        self.old = index.elements(older, self.lineage)
        self.new = index.elements(newer, self.lineage)
        self.names = {e.id: e.name for e in [*self.old, *self.new]}
        self.level_of = {e.id: e.level for e in self.old}
        self.theme_of = {e.id: (e.parent_id if e.level == "goal" else e.id) for e in self.old}
        self.comparison = self.lineage.compare(self.old, self.new, {"Wiltshire", "Council"})

    def run(self, matching: dict[str, Matching] | None = None, topic: float | None = None) -> list[Link]:
        """The full links (relations, confidence, evidence) with the pack's or the given thresholds."""
        return self.lineage.link(self.comparison, matching=matching, topic_weight=topic)

    def pairs(self, level: str, m: Matching, topic: float | None = None, parent: float | None = None) -> list[tuple[str, str]]:
        """Only the linked (from, to) ids of one level with thresholds ``m`` (fast: no evidence)."""
        links = self.lineage.link(self.comparison, matching={KIND_OF_LEVEL[level]: m}, topic_weight=topic, evidence=False,
                                  parent=parent)
        return sorted((link.from_id, link.to_id) for link in links
                      if link.from_id and link.to_id and self.level_of.get(link.from_id) == level)

    def score(self, pairs: list[tuple[str, str]], level: str, themes: set[str] | None = None,
              strict: bool = False) -> tuple[int, int, int]:
        """(tp, found, gold) as score.py counts them; ``strict`` also counts links from goals the gold
        says were dropped as wrong (score.py ignores them)."""
        keep = [(o, n) for o, n in pairs if themes is None or self.theme_of[o] in themes]
        theme_names = {self.names[t] for t in themes} if themes is not None else None
        gold = [g for g in self.gold if g["level"] == level and (theme_names is None or self._gold_theme(g) in theme_names)]
        links = [(self.names[o], self.names[n]) for o, n in keep]
        tp, found, n_gold = score_links(links, gold)
        if strict:
            dropped = [g["from"] for g in self.gold_all if g["level"] == level and not g.get("to")]
            found += sum(1 for f in links if any(sim(f[0], d) >= THRESHOLD for d in dropped))
        return tp, found, n_gold

    def _gold_theme(self, g: dict) -> str | None:
        if g["level"] == "theme":
            return g["from"]
        for e in self.old:
            if e.level == "goal" and sim(e.name, g["from"]) >= THRESHOLD:
                return self.names[e.parent_id]
        return None


def grid(level: str, base: Matching) -> list[Matching]:
    return [
        base.model_copy(update={"no_match": no_match, "secondary_min": smin, "secondary_ratio": ratio})
        for no_match, smin, ratio in itertools.product(
            [0.05, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.25, 0.30],
            [0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.25, 0.30],
            [0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01],
        )
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="plans.db")
    ap.add_argument("--gold", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "gold" / "lineage-2017-2022.json"))
    ap.add_argument("--no-grid", action="store_true", help="only the pack's own figures")
    args = ap.parse_args()
    if not Path(args.gold).exists():
        print(f"calibrate_lineage: no gold at {args.gold}", file=sys.stderr)
        return 2
    ex = Experiment(args.db, args.gold)
    pack: LineagePack = load_pack("lineage", LineagePack)
    links = ex.run()
    print("With the pack's thresholds (strict: links from goals the gold drops count as wrong):")
    for level in ("theme", "goal"):
        pairs = [(link.from_id, link.to_id) for link in links if link.level == level and link.from_id and link.to_id]
        for strict in (False, True):
            tp, found, gold = ex.score(pairs, level, strict=strict)
            p, r, f = prf(tp, found, gold)
            print(f"  {level:6s}{' strict' if strict else ' as score.py'}: P={p:.2f} R={r:.2f} F1={f:.2f}  "
                  f"(tp {tp}, found {found}, gold {gold})")
    print("Relations:", dict(sorted(Counter((link.level, link.relation) for link in links).items())))
    _bands(ex, links)
    if args.no_grid:
        return 0
    themes = sorted({ex.theme_of[e.id] for e in ex.old if e.level in ("theme", "goal")})
    for level in ("theme", "goal"):
        settings = grid(level, pack.matching[KIND_OF_LEVEL[level]])
        runs = [(m, ex.pairs(level, m)) for m in settings]
        totals = sorted(((prf(*ex.score(p, level, strict=True))[2], m) for m, p in runs), key=lambda t: -t[0])
        f_pack = prf(*ex.score(ex.pairs(level, pack.matching[KIND_OF_LEVEL[level]]), level, strict=True))[2]
        near = sum(1 for f, _ in totals if f >= totals[0][0] - 0.03)
        print(f"\n{level}: {len(settings)} settings; strict F1 with the pack's {f_pack:.2f}, best {totals[0][0]:.2f} "
              f"({_fmt(totals[0][1])}); {near} settings within 0.03 of the best")
        # Leave one theme out: choose on the other themes' links, score the held-out theme's; pool the counts.
        pooled: Counter = Counter()
        for held in themes:
            rest = set(themes) - {held}
            best = max(runs, key=lambda mp: prf(*ex.score(mp[1], level, rest, strict=True))[2])
            tp, found, gold = ex.score(best[1], level, {held}, strict=True)
            pooled.update({"tp": tp, "found": found, "gold": gold})
        p, r, f = prf(pooled["tp"], pooled["found"], pooled["gold"])
        print(f"  leave-one-theme-out ({len(themes)} folds, strict): held-out P={p:.2f} R={r:.2f} F1={f:.2f}")
    return 0


def _fmt(m: Matching) -> str:
    return f"no_match {m.no_match}, secondary_min {m.secondary_min}, secondary_ratio {m.secondary_ratio}"


# What a confidence band promises: the share of its links that a careful reader would keep.
TARGET_PRECISION = {"high": 0.9, "medium": 0.75}


def _labelled(ex: Experiment, links: list[Link], level: str) -> list[tuple[float, bool, str]]:
    """(score, in the gold, theme) of each link found; links from goals the gold drops are wrong."""
    out = []
    for link in links:
        if link.level != level or not (link.from_id and link.to_id):
            continue
        right = any(sim(g["from"], ex.names[link.from_id]) >= THRESHOLD and sim(g["to"], ex.names[link.to_id]) >= THRESHOLD
                    for g in ex.gold)
        out.append((link.score, right, ex.theme_of[link.from_id]))
    return out


def _fit_band(rows: list[tuple[float, bool, str]], target: float) -> float:
    """The lowest score above which at least ``target`` of the links are right (1.0 when none is)."""
    for cut in sorted({s for s, _, _ in rows}):
        above = [right for s, right, _ in rows if s >= cut]
        if above and sum(above) / len(above) >= target:
            return math.floor(cut * 1000) / 1000
    return 1.0


def _bands(ex: Experiment, links: list[Link]) -> None:
    """Confidence bands are calibrated on precision: "high" promises that at least 90% of its links
    are in the gold, "medium" 75%. Prints the pack's bands' precision, the bands fitted in sample, and
    the precision of each band on held-out themes when fitted on the others."""
    pack = ex.lineage.pack
    for level in ("theme", "goal"):
        rows = _labelled(ex, links, level)
        bands = pack.confidence[KIND_OF_LEVEL[level]]

        def band(score: float, high: float, medium: float) -> str:
            return "high" if score >= high else "medium" if score >= medium else "low"

        def report(pairs: list[tuple[str, bool]]) -> str:
            out = []
            for name in ("high", "medium", "low"):
                got = [right for b, right in pairs if b == name]
                out.append(f"{name} {sum(got)}/{len(got)}" if got else f"{name} 0/0")
            return ", ".join(out)

        fitted = (_fit_band(rows, TARGET_PRECISION["high"]), _fit_band(rows, TARGET_PRECISION["medium"]))
        held: list[tuple[str, bool]] = []
        for theme in sorted({t for _, _, t in rows}):
            rest = [r for r in rows if r[2] != theme]
            high, medium = _fit_band(rest, TARGET_PRECISION["high"]), _fit_band(rest, TARGET_PRECISION["medium"])
            held += [(band(s, high, medium), right) for s, right, t in rows if t == theme]
        print(f"Confidence of {level} links, right/all per band: pack (high ≥ {bands.high}, medium ≥ {bands.medium}): "
              f"{report([(band(s, bands.high, bands.medium), r) for s, r, _ in rows])}")
        print(f"  fitted in sample: high ≥ {fitted[0]}, medium ≥ {fitted[1]}; leave-one-theme-out: {report(held)}")


if __name__ == "__main__":
    raise SystemExit(main())
