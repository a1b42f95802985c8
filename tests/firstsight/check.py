#!/usr/bin/env python3
"""Check the first-sight batches (test data): gold format, gold strings in the PDF text, and
that no authority is in two batches, in the development set, in the fixtures or in the tests.

    .venv/bin/python tests/firstsight/check.py [batch-1 ...] [--dev DIR] [--no-pdf]

For every tests/firstsight/batch-N/gold/<slug>.gold.json:
  * fields and types as in the development set (../shared/eval/dev/README.md, "Conventions"):
    council, body, meeting_date (ISO yyyy-mm-dd, or null with meeting_date_note), source_url,
    source_urls, decisions [{minute_number, title, resolved, reason, source_url}] with
    reason_partial only beside reason null and reason_complete false; gold strings whitespace-
    normalised;
  * a typeset document (sources/<slug>.txt + corpus/<slug>.pdf): the .txt starts with
    `SOURCE: <source_url>` and holds every gold string after whitespace collapsing;
  * a real document (listed in real-sources.json, PDF in the git-ignored real/ folder): its
    sha256 matches the listing; if the PDF is absent it is reported, not failed (restore it with
    restore_real.py);
  * every `title`, `resolved`, `reason` and `reason_partial` string occurs in the PDF's text
    (pdfplumber, page header/footer bands cropped; NFKC; whitespace collapsed; no space after a
    hyphen; titles compared case-folded since headings may be set in capitals). For a real PDF
    the uncropped text is tried too, and a string found in neither is an error.
Per batch: at least 30 decisions from at least 20 authorities with decisions; every council is
listed for that batch in AUTHORITIES.md and for no other (nor as 'avoided': councils the
engine's earlier unseen-page checks already used); none is an authority of the
development set, of tests/fixtures or named in tests/*.py, nor Wiltshire. Once a batch's
first sight is recorded (`first_sight` in its scores.json) it is no longer unseen: tests and
fixtures may then use its pages (fixes are tested on real pages of the batches they were fitted
on), so only the development set and Wiltshire stay excluded for it.
Standard library + pdfplumber.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STRING_KEYS = ("title", "resolved", "reason", "reason_partial")
MIN_DECISIONS, MIN_AUTHORITIES = 30, 20


def norm(s: str) -> str:
    return " ".join(s.split())


def pdf_norm(s: str) -> str:
    return re.sub(r"-\s+", "-", norm(unicodedata.normalize("NFKC", s)))


def authority_key(name: str) -> str:
    """A loose key so that 'City of York Council' and 'York City Council' collide on purpose."""
    s = re.sub(r"\(.*?\)", " ", name.lower())
    s = re.sub(r"[^a-z0-9 ]+", " ", s.replace("&", " and "))
    drop = {"the", "council", "borough", "district", "county", "city", "of", "metropolitan", "royal",
            "london", "and", "parish", "town", "community", "cyngor", "authority"}
    return " ".join(w for w in s.split() if w not in drop)


def pdf_texts(pdf_path: Path) -> tuple[str, str]:
    import pdfplumber
    cropped, full = [], []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for page in pdf.pages:
            full.append(page.extract_text() or "")
            body = page.crop((0, 40, page.width, page.height - 45))
            cropped.append(body.extract_text() or "")
    return pdf_norm(" ".join(cropped)), pdf_norm(" ".join(full))


def read_authorities() -> dict[str, tuple[str, str]]:
    """AUTHORITIES.md table rows '| authority | batch-N or avoided | ... |' -> {key: (name, batch)}."""
    out: dict[str, tuple[str, str]] = {}
    path = HERE / "AUTHORITIES.md"
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"batch-\d+|avoided", cells[1]):
            key = authority_key(cells[0])
            if key in out and out[key][1] != cells[1]:
                raise SystemExit(f"AUTHORITIES.md: {cells[0]!r} listed for {out[key][1]} and {cells[1]}")
            out[key] = (cells[0], cells[1])
    return out


def excluded_authorities(dev: Path | None, *, with_tests: bool = True) -> dict[str, str]:
    """Authorities no batch may hold: dev set, Wiltshire and (with_tests) fixtures, tests/*.py."""
    out = {authority_key("Wiltshire Council"): "Wiltshire"}
    golds = list((REPO / "tests" / "fixtures").rglob("*.gold.json")) if with_tests else []
    if dev and dev.exists():
        golds += list(dev.rglob("*.gold.json"))
    for g in golds:
        name = json.loads(g.read_text(encoding="utf-8")).get("council")
        if name:
            out.setdefault(authority_key(name), f"{name} ({g.relative_to(g.parents[2])})")
    if not with_tests:
        return out
    pat = re.compile(r"\b((?:[A-Z][\w'-]+ )+)(?:Parish |Town |City |County |Borough |District |Community )?Council\b")
    generic = {"the", "full", "that", "our", "former", "executive", "example", "information", "minutes"}
    for py in (REPO / "tests").glob("*.py"):
        for m in pat.finditer(py.read_text(encoding="utf-8")):
            name = m.group(0)
            if m.group(1).split()[0].lower() in generic:
                continue
            key = authority_key(name)
            if key:
                out.setdefault(key, f"{name} (tests/{py.name})")
    return out


def first_sight_recorded(bdir: Path) -> bool:
    """A batch is seen once its first-sight score is on record (scores.json `first_sight`)."""
    scores = bdir / "scores.json"
    return scores.exists() and "first_sight" in json.loads(scores.read_text(encoding="utf-8"))


def check_gold(g: dict, slug: str, errors: list[str]) -> None:
    for k in ("council", "body", "meeting_date", "source_url", "source_urls", "decisions", "notes"):
        if k not in g:
            errors.append(f"{slug}: missing {k}")
            return
    if not (isinstance(g["council"], str) and g["council"] and isinstance(g["body"], str) and g["body"]):
        errors.append(f"{slug}: council/body must be non-empty strings")
    if g["meeting_date"] is None:
        if not g.get("meeting_date_note"):
            errors.append(f"{slug}: null meeting_date needs meeting_date_note")
    elif not DATE.match(g["meeting_date"]):
        errors.append(f"{slug}: meeting_date {g['meeting_date']!r} is not yyyy-mm-dd")
    if g["source_urls"] != [g["source_url"]]:
        errors.append(f"{slug}: source_urls must be [source_url]")
    for i, d in enumerate(g["decisions"]):
        for k in ("minute_number", "title", "resolved", "reason", "source_url"):
            if k not in d:
                errors.append(f"{slug} decision {i}: missing {k}")
        if not isinstance(d.get("resolved"), str) or not d.get("resolved"):
            errors.append(f"{slug} decision {i}: resolved must be a non-empty string")
        if d.get("minute_number") is not None and not isinstance(d["minute_number"], str):
            errors.append(f"{slug} decision {i}: minute_number must be a string or null")
        if d.get("source_url") != g["source_url"]:
            errors.append(f"{slug} decision {i}: source_url differs from the record's")
        if "reason_partial" in d and not (d.get("reason") is None and d.get("reason_complete") is False):
            errors.append(f"{slug} decision {i}: reason_partial needs reason null and reason_complete false")
        for k in STRING_KEYS:
            v = d.get(k)
            if v is not None and (not isinstance(v, str) or not v or v != norm(v)):
                errors.append(f"{slug} decision {i}: {k} is empty or not whitespace-normalised")


def wanted_strings(g: dict) -> list[tuple[str, bool]]:
    out = []
    for d in g["decisions"]:
        out += [(d[k], k == "title") for k in STRING_KEYS if d.get(k)]
    return out


def check_batch(bdir: Path, args, errors: list[str], warnings: list[str]) -> dict:
    real = {}
    rs = bdir / "real-sources.json"
    if rs.exists():
        real = {r["slug"]: r for r in json.loads(rs.read_text(encoding="utf-8"))}
    stats = {"documents": 0, "decisions": 0, "negatives": 0, "real_documents": 0, "real_decisions": 0,
             "reasons": 0, "strings": 0, "councils": {}}
    golds = sorted((bdir / "gold").glob("*.gold.json"))
    slugs = {p.name[: -len(".gold.json")] for p in golds}
    txts = {p.stem for p in (bdir / "sources").glob("*.txt")}
    pdfs = {p.stem for p in (bdir / "corpus").glob("*.pdf")}
    for extra in sorted((txts | pdfs | set(real)) - slugs):
        errors.append(f"{bdir.name}/{extra}: source, corpus PDF or real listing without gold")
    for p in golds:
        slug = p.name[: -len(".gold.json")]
        where = f"{bdir.name}/{slug}"
        g = json.loads(p.read_text(encoding="utf-8"))
        check_gold(g, where, errors)
        n = len(g["decisions"])
        stats["documents"] += 1
        stats["decisions"] += n
        stats["negatives"] += n == 0
        stats["reasons"] += sum(1 for d in g["decisions"] if d.get("reason"))
        if "(not a council)" not in g["council"]:
            stats["councils"].setdefault(g["council"], 0)
            stats["councils"][g["council"]] += n
        wanted = wanted_strings(g)
        if slug in real:
            stats["real_documents"] += 1
            stats["real_decisions"] += n
            if slug in txts or slug in pdfs:
                errors.append(f"{where}: listed as real but also has sources/ or corpus/ files")
            pdf = bdir / "real" / f"{slug}.pdf"
            if not pdf.exists():
                warnings.append(f"{where}: real PDF absent (git-ignored); restore it with restore_real.py")
                continue
            digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
            if digest != real[slug]["sha256"]:
                errors.append(f"{where}: real PDF sha256 {digest[:12]} differs from real-sources.json")
            if args.no_pdf:
                continue
            cropped, full = pdf_texts(pdf)
            for v, fold in wanted:
                v = pdf_norm(v)
                hay = [cropped, full]
                ok = any((v.casefold() in h.casefold()) if fold else (v in h) for h in hay)
                if not ok:
                    errors.append(f"{where}: real PDF text lacks {v[:80]!r}")
                stats["strings"] += 1
            continue
        if slug not in txts:
            errors.append(f"{where}: no sources/{slug}.txt and not listed in real-sources.json")
            continue
        raw = (bdir / "sources" / f"{slug}.txt").read_text(encoding="utf-8")
        first, _, text = raw.partition("\n")
        if first != f"SOURCE: {g['source_url']}":
            errors.append(f"{where}: first line of the .txt is not 'SOURCE: <source_url>'")
        text = norm(text)
        for v, _ in wanted:
            if v not in text:
                errors.append(f"{where}: not in stored text: {v[:80]!r}")
        if args.no_pdf:
            continue
        if slug not in pdfs:
            errors.append(f"{where}: missing corpus/{slug}.pdf (run render.py)")
            continue
        cropped, _ = pdf_texts(bdir / "corpus" / f"{slug}.pdf")
        for v, fold in wanted:
            v = pdf_norm(v)
            if (v.casefold() not in cropped.casefold()) if fold else (v not in cropped):
                errors.append(f"{where}: PDF text lacks {v[:80]!r}")
            stats["strings"] += 1
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batches", nargs="*", help="batch folders (default: all batch-N)")
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "eval" / "dev",
                    help="development set folder (its councils are excluded)")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF text checks")
    args = ap.parse_args()
    all_batches = sorted((p for p in HERE.glob("batch-*") if p.is_dir()), key=lambda p: int(p.name.split("-")[1]))
    chosen = [HERE / b for b in args.batches] if args.batches else all_batches
    errors: list[str] = []
    warnings: list[str] = []
    listed = read_authorities()
    excluded = excluded_authorities(args.dev)
    excluded_once_scored = excluded_authorities(args.dev, with_tests=False)
    if not args.dev.exists():
        warnings.append(f"development set not found at {args.dev}; its councils were not checked")
    seen: dict[str, str] = {}
    for bdir in all_batches:  # disjointness is checked across every batch, whichever are chosen
        excl = excluded_once_scored if first_sight_recorded(bdir) else excluded
        for p in (bdir / "gold").glob("*.gold.json"):
            council = json.loads(p.read_text(encoding="utf-8"))["council"]
            if "(not a council)" in council:
                continue
            key = authority_key(council)
            if key in seen and seen[key] != bdir.name:
                errors.append(f"{council!r} is in {seen[key]} and {bdir.name}")
            seen.setdefault(key, bdir.name)
            if key in excl:
                errors.append(f"{bdir.name}: {council!r} is excluded ({excl[key]})")
            if key in listed and listed[key][1] == "avoided":
                errors.append(f"{bdir.name}: {council!r} is listed as avoided in AUTHORITIES.md")
            elif key not in listed:
                errors.append(f"{bdir.name}: {council!r} is not listed in AUTHORITIES.md")
            elif listed[key][1] != bdir.name:
                errors.append(f"{bdir.name}: {council!r} is listed in AUTHORITIES.md for {listed[key][1]}")
    for bdir in chosen:
        st = check_batch(bdir, args, errors, warnings)
        with_dec = sum(1 for n in st["councils"].values() if n)
        summary = {k: v for k, v in st.items() if k != "councils"}
        summary.update(authorities=len(st["councils"]), authorities_with_decisions=with_dec)
        print(bdir.name, json.dumps(summary))
        if st["decisions"] < MIN_DECISIONS or with_dec < MIN_AUTHORITIES:
            errors.append(f"{bdir.name}: {st['decisions']} decisions from {with_dec} authorities "
                          f"(a batch needs >= {MIN_DECISIONS} from >= {MIN_AUTHORITIES})")
    for w in warnings:
        print("warning:", w)
    if errors:
        print("\n".join(errors))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
