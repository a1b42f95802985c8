#!/usr/bin/env python3
"""Check the plan first-sight batches and the lineage dev set (stdlib + pdfplumber).

    .venv/bin/python tests/plans_firstsight/check.py            # everything
    .venv/bin/python tests/plans_firstsight/check.py --no-pdf   # stored text only (stdlib)

Plan batches (tests/plans_firstsight/batch-N/):
  * gold/<slug>.gold.json has the fields of the plan format with the right types;
  * its document is either typeset (sources/<slug>.txt starting `SOURCE: <source_url>`, and
    corpus/<slug>.pdf) or real (an entry of real-sources.json; the PDF in real/, git-ignored:
    when it is absent its strings are reported as unchecked, and the sha256 is checked when
    present);
  * every gold string is in the document's text after whitespace collapse: priorities, the
    names and descriptions of priority_details (all levels), not_priorities, indicator values,
    targets, floors, quotes and statuses, and indicator names where the row has no quote (with a
    quote the name may be a paraphrase, as in the dev set).  Stored text: exact.  PDF text (pdfplumber, NFKC, no space
    after a hyphen, case-folded since headings may be set in capitals): exact, except that an
    indicator name or status may also be found as its words in order with a few words between
    (a KPI name wrapped around a RAG cell in a real report);
  * indicators on a page said to be golded whole carry that page number;
  * no council is in two batches, nor is an excluded council (Wiltshire, the dev set's plan
    councils, councils of the lineage dev set).

Lineage sets (tests/lineage_dev/, tests/lineage_firstsight/, tests/lineage_firstsight_2/ and
tests/lineage_firstsight_3/,
<council>/lineage.gold.json):
  * editions with their elements (id, level, name, description, parent) and links (from, to,
    relation, evidence_from, evidence_to) of the right types; ids unique, parents in the same
    edition, links only between successive editions, `dropped` has no `to`, `new` no `from`;
    split / merged as the relation rule says (split: the from element has several successors;
    merged: the to element has several predecessors);
  * every name, description and evidence string is in its edition's stored text and PDF;
  * no council is in two lineage sets, and no lineage council is in a plan batch.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the lineage dev set (used for fitting) and the unseen lineage sets (each scored once, never fitted)
LINEAGE_SETS = [HERE.parent / "lineage_dev", HERE.parent / "lineage_firstsight",
                HERE.parent / "lineage_firstsight_2", HERE.parent / "lineage_firstsight_3"]
SEP = "=========="
EXCLUDED = ["Wiltshire", "East Devon", "Canterbury", "Folkestone and Hythe", "West Lindsey",
            "South Gloucestershire", "Tendring", "Mole Valley", "Bolsover"]
LEVELS = {"priority", "theme", "objective", "outcome", "mission", "goal"}
RELATIONS = {"continues", "renamed", "merged", "split", "dropped", "new"}
IND_FIELDS = ("name", "value", "target", "floor", "period", "target_period", "status", "direction", "quote")


def norm(s: str) -> str:
    return " ".join(s.split())


def pdf_norm(s: str) -> str:
    """NFKC, whitespace collapsed, no space after a hyphen, case-folded."""
    return re.sub(r"-\s+", "-", norm(unicodedata.normalize("NFKC", s))).casefold()


def council_key(name: str) -> str:
    s = name.casefold().replace("&", "and")
    s = re.sub(r"\b(the|council|county|borough|district|city|metropolitan|royal|of|cyngor|london)\b", " ", s)
    return norm(re.sub(r"[^a-z ]", " ", s))


def stored_text(txt: Path) -> tuple[list[str], str]:
    raw = txt.read_text(encoding="utf-8")
    urls, body = [], []
    for line in raw.splitlines():
        if line.startswith("SOURCE: "):
            urls.append(line[len("SOURCE: "):])
        elif line.strip() != SEP:
            body.append(line)
    return urls, norm("\n".join(body))


_pdf_cache: dict[Path, str] = {}


def pdf_text(pdf: Path) -> str:
    if pdf not in _pdf_cache:
        import pdfplumber  # only when PDFs are checked
        parts = []
        with pdfplumber.open(str(pdf)) as doc:
            for page in doc.pages:
                parts.append(page.extract_text() or "")
        _pdf_cache[pdf] = pdf_norm(" ".join(parts))
    return _pdf_cache[pdf]


def words_in_order(needle: str, hay: str, max_gap: int = 8) -> bool:
    want = re.findall(r"\w+", pdf_norm(needle))
    have = re.findall(r"\w+", hay)
    if not want:
        return False
    starts = [i for i, w in enumerate(have) if w == want[0]]
    for s in starts:
        pos, ok = s, True
        for w in want[1:]:
            for j in range(pos + 1, min(len(have), pos + 2 + max_gap)):
                if have[j] == w:
                    pos = j
                    break
            else:
                ok = False
                break
        if ok:
            return True
    return False


def tidy(s, where, errors):
    if not isinstance(s, str) or not s:
        errors.append(f"{where}: not a non-empty string: {s!r}")
        return False
    if s != norm(s):
        errors.append(f"{where}: not whitespace-normalised: {s[:60]!r}")
        return False
    return True


# ---- plan batches ---------------------------------------------------------------------------------
def plan_strings(g: dict, where: str, errors: list) -> list[tuple[str, str, bool]]:
    """(field, string, fuzzy-allowed) of every gold string of a plan record."""
    out = []
    for k in ("priorities", "not_priorities"):
        v = g.get(k, [])
        if not isinstance(v, list):
            errors.append(f"{where}: {k} is not a list")
            continue
        out += [(k, s, False) for s in v]

    def walk(items, path):
        if not isinstance(items, list):
            errors.append(f"{where}: {path} is not a list")
            return
        for i, d in enumerate(items):
            p = f"{path}[{i}]"
            if not isinstance(d, dict) or "name" not in d:
                errors.append(f"{where}: {p} needs a name")
                continue
            out.append((p + ".name", d["name"], False))
            if d.get("description"):
                out.append((p + ".description", d["description"], False))
            if d.get("level") is not None and d["level"] not in LEVELS:
                errors.append(f"{where}: {p}.level {d['level']!r} not one of {sorted(LEVELS)}")
            walk(d.get("children", []), p + ".children")
    walk(g.get("priority_details", []), "priority_details")
    names = [d.get("name") for d in g.get("priority_details", []) if isinstance(d, dict)]
    if names and names != g.get("priorities"):
        errors.append(f"{where}: priority_details names differ from priorities")
    for j, ind in enumerate(g.get("indicators", [])):
        if not isinstance(ind, dict) or not ind.get("name"):
            errors.append(f"{where}: indicators[{j}] needs a name")
            continue
        for f in ind:
            if f in IND_FIELDS and ind[f] is not None and not isinstance(ind[f], str):
                errors.append(f"{where}: indicators[{j}].{f} is not a string")
        if "page" in ind and not isinstance(ind["page"], int):
            errors.append(f"{where}: indicators[{j}].page is not an int")
        if not ind.get("quote"):  # with a quote the name may be a paraphrase (as in the dev set)
            out.append((f"indicators[{j}].name", ind["name"], True))
        for f in ("value", "target", "floor", "quote"):
            if ind.get(f):
                out.append((f"indicators[{j}].{f}", ind[f], False))
        if ind.get("status"):
            out.append((f"indicators[{j}].status", ind["status"], True))
    return out


def check_batch(batch: Path, with_pdf: bool, errors: list, warnings: list, seen: dict) -> tuple[int, int]:
    real = {}
    rs = batch / "real-sources.json"
    if rs.exists():
        for e in json.loads(rs.read_text(encoding="utf-8")):
            for k in ("slug", "repository", "path", "commit", "sha256", "size", "what", "file"):
                if k not in e:
                    errors.append(f"{rs}: entry {e.get('slug')} lacks {k}")
            real[e["slug"]] = e
    n_docs = n_str = 0
    golds = {p.name[: -len(".gold.json")] for p in (batch / "gold").glob("*.gold.json")}
    for txt in (batch / "sources").glob("*.txt"):
        if txt.stem not in golds:
            errors.append(f"{batch.name}: sources/{txt.name} has no gold")
    for slug in real:
        if slug not in golds:
            errors.append(f"{batch.name}: real-sources.json entry {slug} has no gold")
    for gold in sorted((batch / "gold").glob("*.gold.json")):
        slug = gold.name[: -len(".gold.json")]
        where = f"{batch.name}/{slug}"
        g = json.loads(gold.read_text(encoding="utf-8"))
        n_docs += 1
        for k, t in (("council", str), ("document", str), ("source_url", str)):
            if not isinstance(g.get(k), t):
                errors.append(f"{where}: {k} missing or not a {t.__name__}")
        if "period" in g and g["period"] is not None and not isinstance(g["period"], str):
            errors.append(f"{where}: period is not a string")
        if not (g.get("priorities") or g.get("indicators")):
            errors.append(f"{where}: neither priorities nor indicators")
        key = council_key(g.get("council", ""))
        for ex in EXCLUDED:
            if council_key(ex) == key:
                errors.append(f"{where}: excluded council {g['council']}")
        if key in seen and seen[key] != batch.name:
            errors.append(f"{where}: council {g['council']} is also in {seen[key]}")
        seen.setdefault(key, batch.name)
        strings = plan_strings(g, where, errors)
        for f, s, _ in strings:
            tidy(s, f"{where} {f}", errors)
        whole = g.get("whole_pages", [])
        if whole:
            pages = {ind.get("page") for ind in g.get("indicators", [])}
            for p in whole:
                if p not in pages:
                    errors.append(f"{where}: whole page {p} has no indicator")
        # the document
        if slug in real:
            e = real[slug]
            pdf = batch / "real" / e["file"]
            txt = None
            if pdf.exists():
                digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
                if digest != e["sha256"]:
                    errors.append(f"{where}: sha256 of {pdf.name} differs from real-sources.json")
            else:
                warnings.append(f"{where}: real PDF {pdf.name} absent (git-ignored; fetch it), {len(strings)} strings unchecked")
                pdf = None
        else:
            txt = batch / "sources" / f"{slug}.txt"
            pdf = batch / "corpus" / f"{slug}.pdf"
            if not txt.exists():
                errors.append(f"{where}: no sources/{slug}.txt and no real-sources.json entry")
                continue
            urls, text = stored_text(txt)
            if not urls or urls[0] != g.get("source_url"):
                errors.append(f"{where}: source_url differs from the first SOURCE line")
            for f, s, _ in strings:
                if s not in text:
                    errors.append(f"{where} {f}: not in stored text: {s[:70]!r}")
            if not pdf.exists():
                errors.append(f"{where}: corpus/{slug}.pdf missing (run render.py)")
                pdf = None
        if with_pdf and pdf is not None:
            text = pdf_text(pdf)
            for f, s, fuzzy in strings:
                if pdf_norm(s) in text:
                    continue
                if fuzzy and words_in_order(s, text):
                    continue
                errors.append(f"{where} {f}: not in PDF text: {s[:70]!r}")
        n_str += len(strings)
    return n_docs, n_str


# ---- lineage ----------------------------------------------------------------------------------------
def as_list(v):
    return [] if v is None else [v] if isinstance(v, str) else list(v)


def check_lineage(path: Path, with_pdf: bool, errors: list, warnings: list) -> tuple[int, int, int]:
    where = path.parent.name
    g = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(g.get("council"), str):
        errors.append(f"{where}: council missing")
    eds = g.get("editions", [])
    if len(eds) < 2:
        errors.append(f"{where}: fewer than two editions")
    texts, pdfs, owner, elements = [], [], {}, {}
    for i, ed in enumerate(eds):
        for k in ("slug", "title", "period", "source", "elements"):
            if k not in ed:
                errors.append(f"{where}: edition {i} lacks {k}")
        slug = ed["slug"]
        txt = path.parent / "sources" / f"{slug}.txt"
        real = ed.get("real_file")
        if real:
            texts.append(None)
            pdf = path.parent / "real" / real
            pdfs.append(pdf if pdf.exists() else None)
            if not pdf.exists():
                warnings.append(f"{where}/{slug}: real PDF absent, strings unchecked")
        else:
            if not txt.exists():
                errors.append(f"{where}: sources/{slug}.txt missing")
                texts.append("")
            else:
                urls, text = stored_text(txt)
                texts.append(text)
                if urls[0] != ed.get("source"):
                    errors.append(f"{where}/{slug}: source differs from the first SOURCE line")
                if ed.get("sources") and ed["sources"] != urls:
                    errors.append(f"{where}/{slug}: sources differ from the SOURCE lines")
            pdf = path.parent / "corpus" / f"{slug}.pdf"
            if not pdf.exists():
                errors.append(f"{where}: corpus/{slug}.pdf missing (run render.py)")
                pdf = None
            pdfs.append(pdf)
        for el in ed.get("elements", []):
            eid = el.get("id")
            if eid in owner:
                errors.append(f"{where}: element id {eid} twice")
            owner[eid] = i
            elements[eid] = el
            if el.get("level") not in LEVELS:
                errors.append(f"{where}: {eid} level {el.get('level')!r}")
            tidy(el.get("name"), f"{where} {eid}.name", errors)
            if el.get("description") is not None:
                tidy(el["description"], f"{where} {eid}.description", errors)
            if el.get("parent") is not None and (el["parent"] not in owner or owner[el["parent"]] != i):
                errors.append(f"{where}: {eid} parent {el['parent']} not an earlier element of the same edition")

    def find(s, i, what):
        if texts[i] is not None and s not in texts[i]:
            errors.append(f"{where}/{eds[i]['slug']} {what}: not in stored text: {s[:70]!r}")
        if with_pdf and pdfs[i] is not None and pdf_norm(s) not in pdf_text(pdfs[i]):
            errors.append(f"{where}/{eds[i]['slug']} {what}: not in PDF text: {s[:70]!r}")

    n_str = 0
    for eid, el in elements.items():
        i = owner[eid]
        find(el["name"], i, f"{eid}.name")
        n_str += 1
        if el.get("description"):
            find(el["description"], i, f"{eid}.description")
            n_str += 1
    succ, pred = {}, {}
    links = g.get("links", [])
    for j, ln in enumerate(links):
        lw = f"{where} link {j} ({ln.get('from')} -> {ln.get('to')})"
        rel = ln.get("relation")
        if rel not in RELATIONS:
            errors.append(f"{lw}: relation {rel!r}")
            continue
        f, t = ln.get("from"), ln.get("to")
        if (rel == "dropped" and t is not None) or (rel == "new" and f is not None):
            errors.append(f"{lw}: {rel} must have no {'to' if rel == 'dropped' else 'from'}")
        if rel != "new" and f not in owner:
            errors.append(f"{lw}: unknown from")
            continue
        if rel != "dropped" and t not in owner:
            errors.append(f"{lw}: unknown to")
            continue
        if f is not None and t is not None:
            if owner[t] != owner[f] + 1:
                errors.append(f"{lw}: not between successive editions")
        ends = [elements[e] for e in (f, t) if e in elements]
        tops = {e.get("parent") is None for e in ends}
        tier = "cross" if len(tops) > 1 else "top" if tops == {True} else "below"
        if ln.get("tier") != tier:
            errors.append(f"{lw}: tier should be {tier!r}")
        if f is not None and t is not None:  # new / dropped take no part in the relation rule
            succ.setdefault(f, []).append((t, rel))
            pred.setdefault(t, []).append((f, rel))
        if ln.get("confidence") not in ("clear", "judgement"):
            errors.append(f"{lw}: confidence must be 'clear' or 'judgement'")
        for side, eid in (("evidence_from", f), ("evidence_to", t)):
            ev = as_list(ln.get(side))
            if eid is not None and not ev:
                errors.append(f"{lw}: {side} empty")
            for s in ev:
                tidy(s, f"{lw} {side}", errors)
                find(s, owner[eid], f"link {j} {side}")
                n_str += 1
    # the relation rule
    for f, outs in succ.items():
        for t, rel in outs:
            if len(outs) > 1 and rel != "split":
                errors.append(f"{where}: {f} has {len(outs)} successors, so {f} -> {t} should be 'split'")
            if len(outs) == 1 and rel == "split":
                errors.append(f"{where}: {f} -> {t} is 'split' but {f} has one successor")
            if len(outs) == 1 and len(pred[t]) > 1 and rel != "merged":
                errors.append(f"{where}: {t} has {len(pred[t])} predecessors, so {f} -> {t} should be 'merged'")
            if rel == "merged" and len(pred[t]) == 1:
                errors.append(f"{where}: {f} -> {t} is 'merged' but {t} has one predecessor")
    # every element of an edition after the first is reached, every element before the last goes on
    for eid, el in elements.items():
        i = owner[eid]
        linked_level = [ln for ln in links if eid in (ln.get("from"), ln.get("to"))]
        if not linked_level and not el.get("unlinked_reason") and not g.get("unlinked", {}).get(eid):
            has_prev = i > 0 and any(owner[e] == i - 1 and (elements[e].get("parent") is None) == (el.get("parent") is None)
                                     for e in elements)
            has_next = i < len(eds) - 1 and any(owner[e] == i + 1 and (elements[e].get("parent") is None) == (el.get("parent") is None)
                                                for e in elements)
            if has_prev or has_next:
                errors.append(f"{where}: {eid} has no link (give dropped/new, or unlinked_reason)")
    for eid in g.get("unlinked", {}):
        if eid not in elements:
            errors.append(f"{where}: unlinked names unknown element {eid}")
    return len(eds), len(links), n_str


def main() -> None:
    with_pdf = "--no-pdf" not in sys.argv[1:]
    errors: list[str] = []
    warnings: list[str] = []
    lineage_councils: dict[str, str] = {}
    for lineage in LINEAGE_SETS:
        for p in sorted(lineage.glob("*/lineage.gold.json")):
            council = json.loads(p.read_text(encoding="utf-8"))["council"]
            key = council_key(council)
            if key in lineage_councils and lineage_councils[key] != lineage.name:
                errors.append(f"{lineage.name}/{p.parent.name}: council {council} is also in {lineage_councils[key]}")
            lineage_councils.setdefault(key, lineage.name)
            EXCLUDED.append(council)
    seen: dict[str, str] = {}
    for batch in sorted(HERE.glob("batch-*")):
        n_docs, n_str = check_batch(batch, with_pdf, errors, warnings, seen)
        print(f"{batch.name}: {n_docs} documents, {sum(1 for v in seen.values() if v == batch.name)} "
              f"councils, {n_str} gold strings")
    for lineage in LINEAGE_SETS:
        for p in sorted(lineage.glob("*/lineage.gold.json")):
            n_ed, n_ln, n_str = check_lineage(p, with_pdf, errors, warnings)
            print(f"{lineage.name} {p.parent.name}: {n_ed} editions, {n_ln} links, {n_str} strings")
    for w in warnings:
        print("warning:", w)
    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} error(s)")
        sys.exit(1)
    print("OK" + ("" if with_pdf else " (stored text only; PDFs not checked)"))


if __name__ == "__main__":
    main()
