"""How well a database reads a council's meetings: decisions found against hand-made gold.

``plans score --gold DIR [--db FILE]`` is what a user runs after labelling some decisions of
their own council; the About page and ``bench/`` use the same functions. The rules are those
of the project's evaluation (``score_meetings.py`` of the development set), so the figures
can be set side by side:

* the gold is a folder of ``<slug>.gold.json`` files, each describing the PDF ``<slug>.pdf``
  of the corpus: ``{"council": ..., "body": ..., "meeting_date": ..., "decisions": [{"resolved":
  ..., "reason": ..., "title": ..., "minute_number": ...}]}`` (only ``resolved`` is required);
* a gold decision is found when one decision read from that PDF — matched one to one, best
  pairs first — has ``resolved`` text at least 85% similar after normalisation (case,
  quotes, dashes, white space and line-wrap hyphens folded; difflib's ratio);
* on matched decisions, ``reason`` and ``title`` are right when 85% similar (counted only
  where the gold gives one);
* a gold file with no decisions scores every decision read from its PDF as a false positive;
* where the gold names the document's ``council``, ``body`` or ``meeting_date``, the
  ``documents`` row is checked too: the date must be the same ISO date; council and body
  85% similar once a note in brackets ("(inferred)") and a leading "The" are set aside.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

THRESHOLD = 0.85  # text similarity needed to call two strings the same
METADATA_FIELDS = ("council", "body", "meeting_date")


def norm(text: object) -> str:
    """Text folded for comparison: case, typographic quotes and dashes, line-wrap hyphens,
    punctuation other than what carries meaning in a resolution, white space."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"(\w)- (\w)", r"\1\2", s)  # line-wrap hyphenation
    s = re.sub(r"[^\w%£.,;:'\"/()&+-]+", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .;:,")


def similarity(a: object, b: object) -> float:
    """difflib's ratio of the normalised texts (1.0 when both are empty)."""
    x, y = norm(a), norm(b)
    if not x and not y:
        return 1.0
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if sm.real_quick_ratio() < THRESHOLD - 0.2:
        return sm.real_quick_ratio()
    return sm.ratio()


def match(gold: list, found: list, score: Callable[[Any, Any], float]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching by descending score, pairs at or above THRESHOLD only."""
    pairs = sorted(((s, i, j) for i, g in enumerate(gold) for j, f in enumerate(found)
                    if (s := score(g, f)) >= THRESHOLD), reverse=True)
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for s, i, j in pairs:
        if i in used_g or j in used_f:
            continue
        used_g.add(i)
        used_f.add(j)
        out.append((i, j, s))
    return out


def prf(tp: int, n_found: int, n_gold: int) -> dict[str, Any]:
    p = tp / n_found if n_found else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p and r else 0.0
    return {"gold": n_gold, "found": n_found, "tp": tp, "precision": p, "recall": r, "f1": f}


def _name(text: object) -> str:
    """A council or body as named, without a note in brackets or a leading "The"."""
    return re.sub(r"^\s*the\s+", "", re.sub(r"\s*\([^)]*\)", "", str(text or "")), flags=re.IGNORECASE).strip()


def metadata_right(field: str, gold: object, found: object) -> bool:
    if field == "meeting_date":
        return bool(found) and str(found) == str(gold)
    return bool(found) and similarity(_name(gold), _name(found)) >= THRESHOLD


class GoldError(ValueError):
    """A gold folder or file that cannot be read: says which and why."""


def load_gold(folder: str | Path) -> dict[str, dict]:
    """slug → gold of every ``<slug>.gold.json`` in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder of <slug>.gold.json files")
    out = {}
    for path in sorted(folder.glob("*.gold.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldError(f"{path}: not readable JSON ({exc})") from exc
        decisions = gold.get("decisions") if isinstance(gold, dict) else None
        if not isinstance(decisions, list) or not all(isinstance(d, dict) and d.get("resolved") for d in decisions):
            raise GoldError(f"{path}: needs a \"decisions\" list whose entries each give \"resolved\"")
        out[path.name[: -len(".gold.json")]] = gold
    if not out:
        raise GoldError(f"{folder}: no <slug>.gold.json files")
    return out


def score_meetings(db: str | Path, gold_dir: str | Path, per_doc: bool = False) -> dict[str, Any]:
    """Precision, recall and F1 of the decisions in ``db`` against the gold folder, with
    reasons and titles on matched decisions and, where the gold names them, the documents'
    council, body and meeting date."""
    golds = load_gold(gold_dir)
    conn = sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
        if "decisions" not in tables:
            return {"missing": "no decisions table", "f1": 0.0, "recall": 0.0, "precision": 0.0}
        documents = {r["file"]: dict(r) for r in conn.execute("select * from documents")}
        tp = n_found = n_gold = reasons_gold = reasons_ok = titles_gold = titles_ok = 0
        meta = {f: {"checked": 0, "right": 0} for f in METADATA_FIELDS}
        per: dict[str, dict[str, Any]] = {}
        for slug, gold in golds.items():
            wanted = gold["decisions"]
            document = documents.get(f"{slug}.pdf")
            found = [dict(r) for r in conn.execute("select * from decisions where document_id = ?",
                                                   (document["id"],))] if document else []
            m = match(wanted, found, lambda g, f: similarity(g.get("resolved"), f.get("resolved")))
            r_gold = [(i, j) for i, j, _ in m if wanted[i].get("reason")]
            r_ok = sum(1 for i, j in r_gold if similarity(wanted[i]["reason"], found[j].get("reason")) >= THRESHOLD)
            t_gold = [(i, j) for i, j, _ in m if wanted[i].get("title")]
            t_ok = sum(1 for i, j in t_gold if similarity(wanted[i]["title"], found[j].get("title")) >= THRESHOLD)
            tp, n_found, n_gold = tp + len(m), n_found + len(found), n_gold + len(wanted)
            reasons_gold, reasons_ok = reasons_gold + len(r_gold), reasons_ok + r_ok
            titles_gold, titles_ok = titles_gold + len(t_gold), titles_ok + t_ok
            doc_meta = {}
            for field in METADATA_FIELDS:
                if gold.get(field):
                    right = metadata_right(field, gold[field], (document or {}).get(field))
                    meta[field]["checked"] += 1
                    meta[field]["right"] += right
                    doc_meta[field] = right
            per[slug] = {"gold": len(wanted), "found": len(found), "tp": len(m), "reason_ok": f"{r_ok}/{len(r_gold)}",
                         "indexed": document is not None, **({"metadata": doc_meta} if doc_meta else {})}
    finally:
        conn.close()
    out = prf(tp, n_found, n_gold)
    out.update(reasons_checked=reasons_gold, reason_ok=reasons_ok, titles_checked=titles_gold, title_ok=titles_ok)
    checked = {f: v for f, v in meta.items() if v["checked"]}
    if checked:
        out["metadata"] = {f: {**v, "accuracy": v["right"] / v["checked"]} for f, v in checked.items()}
    if per_doc:
        out["per_doc"] = per
    return out


def report(result: dict[str, Any]) -> str:
    """The figures as a few lines of text."""
    if "missing" in result:
        return f"nothing to score: {result['missing']}"
    lines = [
        f"decisions     P {result['precision']:.2f}  R {result['recall']:.2f}  F1 {result['f1']:.2f}  "
        f"(gold {result['gold']}, found {result['found']}, matched {result['tp']})",
        f"reasons       {result['reason_ok']}/{result['reasons_checked']} right on matched decisions that print one",
        f"titles        {result['title_ok']}/{result['titles_checked']} right on matched decisions",
    ]
    for field, v in result.get("metadata", {}).items():
        lines.append(f"{field.replace('_', ' '):13s} {v['right']}/{v['checked']} documents right ({v['accuracy']:.2f})")
    for slug, doc in result.get("per_doc", {}).items():
        flags = "" if doc["indexed"] else "  (no such PDF in the database)"
        wrong = [f for f, ok in doc.get("metadata", {}).items() if not ok]
        lines.append(f"  {slug}: gold {doc['gold']}, found {doc['found']}, matched {doc['tp']}, "
                     f"reasons {doc['reason_ok']}{'; wrong: ' + ', '.join(wrong) if wrong else ''}{flags}")
    return "\n".join(lines)
