"""Compute the figures the About page and the README publish, instead of pasting them.

    .venv/bin/python bench/refresh_scores.py            # seed + development set → site/scores.json
    .venv/bin/python bench/refresh_scores.py --readme   # ... and the README's first-sight table

* **seed**: builds ``corpus/`` into ``--db`` (incremental: only what changed is read again)
  and scores it with the project's gold (``../shared/eval/score.py --json``);
* **development set**: builds ``../shared/eval/dev/corpus`` into a temporary database and
  scores its meetings with ``council_plans.score`` (what ``plans score`` runs): decisions,
  reasons, titles, and the documents' council, body and meeting date;
* **first sight**: the README's table between its ``firstsight`` markers is made from
  ``tests/firstsight/batch-*/scores.json`` (``council_plans/firstsight.py``); the About page
  reads those files itself when it is shown.

``site/scores.json`` keeps its hand-written parts (``about``, ``hand_checked``, ``limits``);
``scores``, ``dev`` and ``computed`` (when, by what, at which commit) are replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from council_plans.build import build  # noqa: E402
from council_plans.firstsight import curve_rows, load_batches, markdown_table, with_readme_table  # noqa: E402
from council_plans.score import load_gold, score_meetings  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SCORES = ROOT / "site" / "scores.json"


def seed_scores(db: Path) -> dict:
    build(ROOT / "corpus", db, jobs=2)
    out = subprocess.run([sys.executable, str(SHARED / "score.py"), "--db", str(db), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def dev_scores() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.db"
        build(SHARED / "dev" / "corpus", db, jobs=2)
        result = score_meetings(db, SHARED / "dev" / "meetings")
    golds = load_gold(SHARED / "dev" / "meetings")
    councils = {re.sub(r"\s*\(.*", "", g.get("council") or "").strip() for g in golds.values()}
    return {"documents": len(golds), "authorities": len(councils - {""}), **result}


def commit() -> str | None:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return out.stdout.strip() or None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "plans.db"), help="seed database to build and score")
    ap.add_argument("--readme", action="store_true", help="also rewrite the README's first-sight table")
    args = ap.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"{SHARED} not found: the gold sets live there")
    data = json.loads(SCORES.read_text(encoding="utf-8"))
    data["scores"] = seed_scores(Path(args.db))
    data["dev"] = dev_scores()
    data["computed"] = {"by": "bench/refresh_scores.py", "on": dt.date.today().isoformat(), "commit": commit()}
    SCORES.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SCORES.relative_to(ROOT)}: seed decisions F1 {data['scores']['decisions']['f1']:.2f}, "
          f"development set decisions F1 {data['dev']['f1']:.2f}")
    if args.readme:
        readme = ROOT / "README.md"
        table = markdown_table(curve_rows(load_batches()))
        readme.write_text(with_readme_table(readme.read_text(encoding="utf-8"), table), encoding="utf-8")
        print("rewrote the README's first-sight table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
