"""The first-sight curve: how well the engine reads meeting records it has never seen, batch
by batch, before and after the fixes each batch showed were needed.

Each batch is a folder ``tests/firstsight/batch-<N>/`` holding its PDFs, their hand-made gold
(``<slug>.gold.json``, written before the engine was run on them) and a ``scores.json``::

    {
      "batch": 1,
      "documents": 22,                       # PDFs in the batch
      "authorities": 12,                     # councils and other authorities they come from
      "first_sight": {<plans score --json>}, # the engine as it stood when the batch came in
      "after_fix": {<plans score --json>},   # after the fixes it led to (null until then)
      "by_council": {                        # optional: the same figures split in two
        "seen":   {"documents": 4,  "authorities": 2,  "first_sight": {...}, "after_fix": {...}},
        "unseen": {"documents": 18, "authorities": 10, "first_sight": {...}, "after_fix": {...}}
      }
    }

``first_sight`` and ``after_fix`` are what ``plans score --gold <batch> --db <db> --json``
prints (``precision``, ``recall``, ``f1``, ``reason_ok``, ``reasons_checked`` are read); a
council is *seen* when an earlier batch, a fixture or a test already held one of its records.
The About page and the README's table are made from these files by :func:`curve_rows` and
:func:`markdown_table`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIRSTSIGHT = ROOT / "tests" / "firstsight"
GROUPS = ("all", "seen", "unseen")


def load_batches(folder: str | Path = FIRSTSIGHT) -> list[dict[str, Any]]:
    """Every ``batch-*/scores.json`` under ``folder``, in batch order; a file that cannot be
    read is skipped with its error kept (``{"batch": <folder name>, "error": ...}``)."""
    folder = Path(folder)
    out = []
    for path in sorted(folder.glob("batch-*/scores.json"), key=lambda p: _order(p.parent.name)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            out.append({"batch": path.parent.name, "error": f"{path}: {exc}"})
            continue
        data.setdefault("batch", path.parent.name)
        out.append(data)
    return out


def _order(name: str) -> tuple[int, str]:
    digits = re.findall(r"\d+", name)
    return (int(digits[0]) if digits else 10**6, name)


def _figures(scores: dict[str, Any] | None) -> dict[str, Any]:
    scores = scores or {}
    return {k: scores.get(k) for k in ("precision", "recall", "f1")} | {
        "reasons": f"{scores['reason_ok']}/{scores['reasons_checked']}" if "reasons_checked" in scores else None}


def curve_rows(batches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per batch and group (all, then seen and unseen councils where the batch splits
    them): batch, group, documents, authorities, first-sight and after-fix P/R/F1 and reasons."""
    rows = []
    for batch in batches:
        if "error" in batch:
            rows.append({"batch": batch["batch"], "group": "all", "error": batch["error"]})
            continue
        groups = {"all": batch, **(batch.get("by_council") or {})}
        for group in GROUPS:
            part = groups.get(group)
            if not isinstance(part, dict):
                continue
            rows.append({"batch": batch["batch"], "group": group, "documents": part.get("documents"),
                         "authorities": part.get("authorities"), "first_sight": _figures(part.get("first_sight")),
                         "after_fix": _figures(part.get("after_fix")) if part.get("after_fix") else None})
    return rows


def _number(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The curve as a Markdown table (the README's), or a line saying there is no batch yet."""
    if not rows:
        return "_No first-sight batch has been scored yet (`tests/firstsight/batch-*/scores.json`)._"
    lines = ["| batch | councils | documents | authorities | first sight P / R / F1 | after fix P / R / F1 | reasons (first sight / after fix) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['batch']} | – | – | – | unreadable: {r['error']} | | |")
            continue
        first, after = r["first_sight"], r["after_fix"] or {}
        prf = " / ".join(_number(first.get(k)) for k in ("precision", "recall", "f1"))
        fixed = " / ".join(_number(after.get(k)) for k in ("precision", "recall", "f1")) if after else "–"
        reasons = f"{first.get('reasons') or '–'} / {after.get('reasons') or '–'}"
        lines.append(f"| {r['batch']} | {r['group']} | {_number(r['documents'])} | {_number(r['authorities'])} | "
                     f"{prf} | {fixed} | {reasons} |")
    return "\n".join(lines)


README_START, README_END = "<!-- firstsight:start -->", "<!-- firstsight:end -->"


def with_readme_table(readme: str, table: str) -> str:
    """The README with the text between its first-sight markers replaced by ``table``."""
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]
