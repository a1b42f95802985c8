#!/usr/bin/env python3
"""Typeset the stored web pages of a first-sight batch as PDFs (test data, not product code).

    .venv/bin/python tests/firstsight/render.py batch-1 [--only SUBSTRING] [--list-styles]

Reads tests/firstsight/<batch>/sources/<slug>.txt (first line `SOURCE: <url>`, then the page text
as stored) and writes tests/firstsight/<batch>/corpus/<slug>.pdf.  Needs python-docx (a test-data
tool only, not a project dependency) and LibreOffice (`soffice`, package libreoffice-writer-nogui)
with fonts-liberation2 and fonts-dejavu-core.

No word is added except the page footer ('Page', 'of', page numbers) and nothing is removed
except the SOURCE line and a few lines of web-page chrome, so every gold string stays in the
PDF's text.  To keep the documents from sharing one look, each slug's MD5 picks:
  * the layout: `blocks` (a paragraph per blank-line block, short single lines as headings),
    `lines` (one paragraph per source line, as a Word document typed line by line), or `crude`
    (blocks run together into long paragraphs, as a careless PDF export would);
  * body font (Liberation Sans / Serif / Sans Narrow, DejaVu Sans / Serif), size 9.5-12 pt,
    heading look (bold, capitals, coloured, italic, ruled, underlined, sans over serif), whether
    the first line is set as a centred title, page size (A4 or US Letter), margins, line and
    paragraph spacing, ragged or justified text, first-line indents, and the page number form
    ('Page N', 'N', 'Page N of M', '- N -', 'N of M') and position (left, centre, right; footer
    or header).
PDF dates and IDs are pinned, so a rebuild on the same LibreOffice version is byte-identical.
Adapted from the development set's render.py / render_docx.py (../shared/eval/dev/).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True

CHROME = re.compile(r"^(skip to main content|loading…|browse|view directions|supporting documents:?|media|"
                    r"items|no\. item|=+|advertisement|cost of living support icon|"
                    r"(•\s*)?share this item)$", re.I)

FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "DejaVu Serif", "Liberation Sans Narrow"]
SIZES = [9.5, 10, 10.5, 11, 11.5, 12]
HEADINGS = [
    {"delta": 2, "bold": True},
    {"delta": 1, "bold": True, "caps": True},
    {"delta": 3, "bold": False, "color": (0x1F, 0x3A, 0x68)},
    {"delta": 2, "bold": True, "italic": True},
    {"delta": 1, "bold": True, "rule": True, "color": (0x40, 0x40, 0x40)},
    {"delta": 2, "bold": True, "font": "Liberation Sans"},
    {"delta": 0, "bold": True, "underline": True},
]
FOOTERS = [("page", "center"), ("number", "right"), ("page_of", "left"), ("dash", "center"),
           ("page", "right"), ("number", "center"), ("n_of", "right")]
LAYOUTS = ["blocks", "blocks", "lines", "crude"]
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}


def style_for(slug: str) -> dict:
    h = int(hashlib.md5(("firstsight:" + slug).encode("utf-8")).hexdigest(), 16)

    def pick(seq):
        nonlocal h
        v = seq[h % len(seq)]
        h //= len(seq)
        return v
    font = pick(FONTS)
    size = pick(SIZES)
    if font == "Liberation Sans Narrow":
        size = max(size, 11)
    footer, align = pick(FOOTERS)
    return {"font": font, "size": size, "heading": dict(pick(HEADINGS)), "margins_cm": pick([1.6, 2.0, 2.2, 2.5, 2.8]),
            "line": pick([1.0, 1.0, 1.15, 1.25, 1.5]), "space_after": pick([0, 4, 6, 8]),
            "justify": pick([False, False, True]), "indent": pick([False, False, True]),
            "footer": footer, "footer_align": align, "footer_size": pick([8, 9, 10]),
            "in_header": pick([False, False, False, True]), "letter": pick([False, False, False, True]),
            "layout": pick(LAYOUTS), "title": pick([False, True])}


# ---- text -> blocks ----------------------------------------------------------------------
def _looks_like_heading(joined: str) -> bool:
    return (len(joined) < 90 and not joined.endswith((".", ":", ";", ",", "-", "–"))
            and joined[:1].isupper() and not re.match(r"^(resolved|that|to |it was|agreed)", joined, re.I)
            and not re.search(r"£|\d\.\d\d\b", joined))


def _lines(text: str) -> list[str]:
    out = []
    for ln in text.splitlines():
        s = ln.strip()
        if s.startswith("SOURCE:") or CHROME.match(s):
            continue
        out.append(s)
    return out


def blocks_for(text: str, layout: str) -> list[dict]:
    paras = [p for p in re.split(r"\n(?:[ \t\u00a0]*\n)+", "\n".join(_lines(text)))]
    paras = [[ln for ln in p.splitlines() if ln.strip()] for p in paras]
    paras = [p for p in paras if p]
    out: list[dict] = []
    if layout == "lines":
        for p in paras:
            for ln in p:
                kind = "heading" if _looks_like_heading(ln) and len(ln) < 60 else "para"
                out.append({"t": kind, "level": 3, "text": ln})
        return out
    if layout == "crude":
        run: list[str] = []
        for p in paras:
            run.append(" ".join(p))
            if sum(len(x) for x in run) > 700:
                out.append({"t": "para", "text": " ".join(run)})
                run = []
        if run:
            out.append({"t": "para", "text": " ".join(run)})
        return out
    for p in paras:
        joined = " ".join(p)
        if len(p) == 1 and _looks_like_heading(joined):
            out.append({"t": "heading", "level": 2, "text": joined})
        elif len(p) > 1 and all(len(x) < 100 for x in p):
            out += [{"t": "para", "text": x} for x in p]
        else:
            out.append({"t": "para", "text": joined})
    return out


# ---- DOCX -------------------------------------------------------------------------------
def _fonts(el, font):
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for a in list(rfonts.attrib):
        del rfonts.attrib[a]
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), font)


def _style_font(style, font, size, bold=False, italic=False, color=(0, 0, 0), caps=False, underline=False):
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.all_caps = caps
    style.font.underline = underline
    style.font.color.rgb = RGBColor(*color)
    _fonts(style.element, font)


def _run(paragraph, text, font, size):
    r = paragraph.add_run(text)
    r.font.name = font
    r.font.size = Pt(size)
    _fonts(r._element, font)
    return r


def _field(paragraph, instr, font, size):
    def fld(kind):
        r = _run(paragraph, "", font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._element.append(el)
    fld("begin")
    r = _run(paragraph, "", font, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = instr
    r._element.append(it)
    fld("separate")
    _run(paragraph, "1", font, size)
    fld("end")


def new_document(style):
    font, size = style["font"], style["size"]
    doc = Document()
    sec = doc.sections[0]
    if style["letter"]:
        sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    else:
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(style["margins_cm"])
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.2)
    sec.header_distance = Cm(0.8)
    sec.footer_distance = Cm(0.8)
    normal = doc.styles["Normal"]
    _style_font(normal, font, size)
    normal.paragraph_format.space_after = Pt(style["space_after"])
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = style["line"]
    if style["indent"]:
        normal.paragraph_format.first_line_indent = Cm(0.6)
    h = style["heading"]
    for level, name in ((1, "Heading 1"), (2, "Heading 2"), (3, "Heading 3")):
        st = doc.styles[name]
        _style_font(st, h.get("font", font), size + h["delta"] + (3 if level == 1 else 0) - (1 if level == 3 else 0),
                    bold=h["bold"], italic=h.get("italic", False), color=h.get("color", (0, 0, 0)),
                    caps=h.get("caps", False), underline=h.get("underline", False))
        st.paragraph_format.space_before = Pt(10 if level < 3 else 6)
        st.paragraph_format.space_after = Pt(4)
        st.paragraph_format.keep_with_next = True
        if level == 1:
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if h.get("rule"):
            ppr = st.element.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "808080")):
                bottom.set(qn(k), v)
            bdr.append(bottom)
            ppr.append(bdr)
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    fp = (sec.header if style["in_header"] else sec.footer).paragraphs[0]
    fp.alignment = ALIGN[style["footer_align"]]
    fs = style["footer_size"]
    kind = style["footer"]
    if kind in ("page", "page_of"):
        _run(fp, "Page ", font, fs)
    if kind == "dash":
        _run(fp, "- ", font, fs)
    _field(fp, "PAGE", font, fs)
    if kind in ("page_of", "n_of"):
        _run(fp, " of ", font, fs)
        _field(fp, "NUMPAGES", font, fs)
    if kind == "dash":
        _run(fp, " -", font, fs)
    doc._style = style
    return doc


def render(doc, blocks, batch: str = ""):
    style = doc._style
    # From batch 2 on, a long first block stays a paragraph (batch 1 was typeset before this rule and
    # keeps its look, so that its committed PDFs are reproduced byte for byte).
    if style["title"] and blocks and (batch == "batch-1" or len(blocks[0]["text"]) < 120):
        blocks = [dict(blocks[0], t="heading", level=1), *blocks[1:]]
    for blk in blocks:
        if blk["t"] == "heading":
            p = doc.add_paragraph(style=f"Heading {blk.get('level', 2)}")
            p.add_run(blk["text"])
        else:
            p = doc.add_paragraph()
            p.add_run(blk["text"])
            if style["justify"]:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return doc


# ---- PDF conversion and pinning ---------------------------------------------------------
def pin_pdf(path, seed):
    """Make LibreOffice output byte-stable: fixed dates and document ID (same lengths)."""
    data = open(path, "rb").read()
    data = re.sub(rb"D:\d{14}([^)]*)", lambda m: b"D:20000101000000" + b"Z" + b" " * (len(m.group(1)) - 1)
                  if len(m.group(1)) >= 1 else b"D:20000101000000", data)
    ident = hashlib.md5(seed.encode()).hexdigest().upper().encode()
    data = re.sub(rb"<([0-9A-Fa-f]{32})>", lambda m: b"<" + ident + b">", data)
    data = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + ident, data)
    open(path, "wb").write(data)


def to_pdf_many(docx_paths, outdir):
    profile = os.path.join(tempfile.gettempdir(), "firstsight-lo-profile")
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "pdf:writer_pdf_Export", "--outdir", outdir, *docx_paths]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)


def main() -> None:
    ap = argparse.ArgumentParser(description="Typeset a first-sight batch's stored pages as PDFs")
    ap.add_argument("batch", help="batch folder name, e.g. batch-1")
    ap.add_argument("--only", help="render only slugs containing this string")
    ap.add_argument("--list-styles", action="store_true", help="print each slug's style and exit")
    args = ap.parse_args()
    bdir = HERE / args.batch
    txts = sorted((bdir / "sources").glob("*.txt"))
    if args.only:
        txts = [t for t in txts if args.only in t.stem]
    if args.list_styles:
        for t in txts:
            s = style_for(t.stem)
            print(t.stem, s["layout"], s["font"], s["size"], s["footer"], s["footer_align"],
                  "header" if s["in_header"] else "footer", "letter" if s["letter"] else "a4", s["heading"])
        return
    dest = bdir / "corpus"
    dest.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docs = []
        for txt in txts:
            st = style_for(txt.stem)
            doc = new_document(st)
            render(doc, blocks_for(txt.read_text(encoding="utf-8"), st["layout"]), args.batch)
            docx = Path(tmp) / (txt.stem + ".docx")
            doc.save(docx)
            docs.append(txt.stem)
        to_pdf_many([str(Path(tmp) / (s + ".docx")) for s in docs], tmp)
        for stem in docs:
            pdf = os.path.join(tmp, stem + ".pdf")
            pin_pdf(pdf, stem)
            shutil.copy(pdf, dest / (stem + ".pdf"))
            print("rendered", stem)


if __name__ == "__main__":
    main()
