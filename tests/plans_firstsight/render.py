#!/usr/bin/env python3
"""Typeset stored web pages (sources/<slug>.txt) as Word-made PDFs (corpus/<slug>.pdf).

    .venv/bin/python tests/plans_firstsight/render.py DIR [DIR ...] [--only SUBSTRING]
    .venv/bin/python tests/plans_firstsight/render.py --list-styles DIR

Each DIR holds `sources/*.txt` (first line `SOURCE: <url>`; further stored pages of the same
document follow a `==========` line, each with its own `SOURCE:` line) and gets `corpus/`.
Needs python-docx (in the venv only) and LibreOffice (`soffice`, libreoffice-writer-nogui) with
fonts-liberation2 and fonts-dejavu-core.

Why this and not the dev set's renderer: council plans are mostly made in Word, and Word's
lists are structure, not text.  So a line that starts with a bullet or a number in the stored
page becomes a real Word list item here: bullets are numbering-part bullets (Symbol U+F0B7,
Wingdings U+F0A7 or U+F0D8, or a plain U+2022 set by Word), numbers are Word's automatic
numbering ("1." / "1)" / "(a)"), restarted for each list; an indented item is a second-level
item.  The marker of the stored page is therefore not in the paragraph text, exactly as in a
Word-made PDF.  Typography varies from document to document (font, size, heading look, list
glyph, spacing, justification, page-number footer), chosen from the slug's MD5 so a rebuild
gives the same choice; PDF dates and IDs are pinned (byte-identical output on the same
LibreOffice version).  No word is added except the footer ('Page', 'of', page numbers); lines
that are web-page chrome ('Skip to main content', image file names, ...) are dropped; every other line keeps its
order.  Stored pages after the first start on a new page.
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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

SEP = "=========="
CHROME = re.compile(
    r"^(?:fb-tracking)?(skip to main content|skip to microsoft chatbot|skip to content|accessibility links|"
    r"listen with browsealoud|language selection|sign in|loading|cost of living support icon|"
    r"quick viewing\(text mode\)|continue reading|page created by .*|"
    r"if you are reading this page using a screenreader.*|=+|\S.*\.(?:jpg|jpeg|png|gif))$", re.I)

# list markers of the stored pages: bullets (incl. private-use Wingdings/Symbol code points)
BULLET = re.compile(r"^([•·\u2023\u25aa\u25cf\u2013\uf0b7\uf0a7\uf0d8\uf076\u00a7*-])\s+(?=\S)")
NUMBER = re.compile(r"^(?:(\d{1,2})[.)]|\((\d{1,2})\)|([a-h])[.)]|\(([a-h])\))\s+(?=\S)")

FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "Liberation Sans Narrow", "DejaVu Serif",
         "Liberation Sans"]  # Arial-alikes are the commonest council face, so weighted twice
SIZES = [10, 10.5, 11, 11.5, 12]
HEADINGS = [
    {"delta": 2, "bold": True},
    {"delta": 1, "bold": True, "caps": True},
    {"delta": 3, "bold": False, "color": (0x1F, 0x3A, 0x68)},
    {"delta": 2, "bold": True, "italic": True},
    {"delta": 1, "bold": True, "rule": True, "color": (0x40, 0x40, 0x40)},
    {"delta": 4, "bold": True, "color": (0x6A, 0x1B, 0x4D), "font": "Liberation Sans"},
]
FOOTERS = [("page", "center"), ("number", "right"), ("page_of", "left"), ("dash", "center"),
           ("page", "right"), ("number", "center"), ("none", "center")]
# (glyph, font) of first-level bullets; the second level always uses Word's 'o' in Courier New
BULLETS = [("\uf0b7", "Symbol"), ("\uf0b7", "Symbol"), ("\uf0a7", "Wingdings"), ("\uf0d8", "Wingdings"),
           ("\u2022", None), ("\uf0b7", "Symbol")]
NUMFMT = [("decimal", "%1."), ("decimal", "%1."), ("decimal", "%1)"), ("lowerLetter", "(%1)")]


def style_for(slug: str) -> dict:
    h = int(hashlib.md5(slug.encode("utf-8")).hexdigest(), 16)

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
    return {"font": font, "size": size, "heading": dict(pick(HEADINGS)), "margins_cm": pick([1.8, 2.0, 2.2, 2.5]),
            "line": pick([1.0, 1.0, 1.15, 1.25]), "space_after": pick([4, 6, 8]), "justify": pick([False, False, True]),
            "footer": footer, "footer_align": align, "footer_size": pick([8, 9, 10]),
            "bullet": pick(BULLETS), "numfmt": pick(NUMFMT), "indent_cm": pick([0.63, 0.75, 1.0, 1.27])}


# ---- reading the stored text -----------------------------------------------------------------
def pages_of(text: str) -> list[str]:
    out, cur = [], []
    for line in text.splitlines():
        if line.strip() == SEP:
            out.append("\n".join(cur))
            cur = []
        elif not line.startswith("SOURCE: "):
            cur.append(line)
    out.append("\n".join(cur))
    return out


def classify(line: str):
    """(kind, indent, number, text) of one stored line; kind is 'bullet', 'number' or 'text'."""
    indent = len(line) - len(line.lstrip(" \t\u00a0"))
    s = line.strip()
    m = BULLET.match(s)
    if m:
        return "bullet", indent, None, s[m.end():].strip()
    m = NUMBER.match(s)
    if m:
        n = next(g for g in m.groups() if g)
        return "number", indent, int(n) if n.isdigit() else ord(n) - 96, s[m.end():].strip()
    return "text", indent, None, s


def blocks_for(page: str) -> list[dict]:
    """Headings, paragraphs and list items (with level and list id) of one stored page."""
    out: list[dict] = []
    ids = iter(range(1, 10_000))
    cur = None        # the list being built: {"kind", "indent", "id"}
    last_numbered = None  # {"id", "count"}: a numbered list interrupted by a paragraph may go on
    gap = False
    para: list[str] = []

    def flush():
        nonlocal para
        if not para:
            return
        joined = " ".join(para)
        short_title = len(para) == 1 and len(joined) < 90 and len(joined.split()) <= 10 and "," not in joined \
            and not joined.endswith((".", ":", ";")) and joined[:1].isupper() \
            and not re.match(r"^(resolved|that|to )", joined, re.I)
        if short_title:
            out.append({"t": "heading", "text": joined})
        elif len(para) > 1 and all(len(x) < 100 for x in para):
            out.extend({"t": "para", "text": x} for x in para)
        else:
            out.append({"t": "para", "text": joined})
        para = []

    for raw in page.splitlines():
        if not raw.strip():
            flush()
            gap = True
            continue
        if CHROME.match(raw.strip()):
            continue
        kind, indent, number, text = classify(raw)
        if kind == "text" and text.endswith("|"):
            # a cell of a table the store flattened one cell a line: keep it a line of its own
            flush()
            out.append({"t": "para", "text": text})
            cur = None
            gap = False
            continue
        if kind == "text":
            if cur and not gap and not para and indent > cur["indent"] and out and out[-1]["t"] == "item":
                out[-1]["text"] += " " + text  # a wrapped line of the item above
                continue
            if gap:
                flush()
            para.append(text)
            cur = None
            gap = False
            continue
        flush()
        gap = False
        if cur and indent > cur["indent"] + 1:
            out.append({"t": "item", "kind": cur["kind"], "level": 1, "list": cur["id"], "text": text})
            continue
        if not cur or kind != cur["kind"]:
            if kind == "number" and last_numbered and number == last_numbered["count"] + 1:
                lid = last_numbered["id"]  # '2.' after a paragraph under '1.' goes on counting
            else:
                lid = next(ids)
            cur = {"kind": kind, "indent": indent, "id": lid}
        if kind == "number":
            if last_numbered and last_numbered["id"] == cur["id"]:
                last_numbered["count"] += 1
            else:
                last_numbered = {"id": cur["id"], "count": 1}
        out.append({"t": "item", "kind": kind, "level": 0, "list": cur["id"], "text": text, "number": number})
    flush()
    return out


# ---- DOCX building ---------------------------------------------------------------------------
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


def _style_font(style, font, size, bold=False, italic=False, color=(0, 0, 0), caps=False):
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.all_caps = caps
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


def _el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), str(v))
    return e


class Lists:
    """Numbering definitions: one bullet and one number abstract list, a new w:num per list
    so that numbering restarts at 1 for every numbered list (as Word does)."""

    def __init__(self, doc, style):
        self.numbering = doc.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))]
        self.next_abs, self.next_num = max(ids) + 1, max(nums) + 1
        ind = int(style["indent_cm"] * 567)  # twips
        glyph, gfont = style["bullet"]
        self.bullet_abs = self._abstract([("bullet", glyph, gfont), ("bullet", "o", "Courier New")], ind)
        fmt, text = style["numfmt"]
        sub = "lowerLetter" if fmt == "decimal" else "lowerRoman"
        self.number_abs = self._abstract([(fmt, text, None), (sub, "%2)", None)], ind)
        self.by_list: dict[int, int] = {}

    def _abstract(self, levels, ind):
        aid = self.next_abs
        self.next_abs += 1
        a = _el("w:abstractNum", **{"w:abstractNumId": aid})
        a.append(_el("w:multiLevelType", **{"w:val": "hybridMultilevel"}))
        for i, (fmt, text, font) in enumerate(levels):
            lvl = _el("w:lvl", **{"w:ilvl": i})
            lvl.append(_el("w:start", **{"w:val": 1}))
            lvl.append(_el("w:numFmt", **{"w:val": fmt}))
            lvl.append(_el("w:lvlText", **{"w:val": text}))
            lvl.append(_el("w:lvlJc", **{"w:val": "left"}))
            ppr = _el("w:pPr")
            ppr.append(_el("w:ind", **{"w:left": ind * (i + 1), "w:hanging": min(360, ind)}))
            lvl.append(ppr)
            if font:
                rpr = _el("w:rPr")
                rpr.append(_el("w:rFonts", **{"w:ascii": font, "w:hAnsi": font, "w:hint": "default"}))
                lvl.append(rpr)
            a.append(lvl)
        first_num = self.numbering.find(qn("w:num"))
        first_num.addprevious(a)  # abstractNums must precede nums
        return aid

    def num_for(self, list_id, kind, start=1):
        if list_id not in self.by_list:
            nid = self.next_num
            self.next_num += 1
            n = _el("w:num", **{"w:numId": nid})
            n.append(_el("w:abstractNumId", **{"w:val": self.bullet_abs if kind == "bullet" else self.number_abs}))
            # without an override every w:num of one abstract list shares its counter
            for lvl in (0, 1):
                ov = _el("w:lvlOverride", **{"w:ilvl": lvl})
                ov.append(_el("w:startOverride", **{"w:val": start if lvl == 0 else 1}))
                n.append(ov)
            self.numbering.append(n)
            self.by_list[list_id] = nid
        return self.by_list[list_id]


def new_document(style):
    font, size = style["font"], style["size"]
    doc = Document()
    sec = doc.sections[0]
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
    h = style["heading"]
    for level, name in ((1, "Heading 1"), (2, "Heading 2"), (3, "Heading 3")):
        st = doc.styles[name]
        _style_font(st, h.get("font", font), size + h["delta"] + (3 if level == 1 else 0) - (1 if level == 3 else 0),
                    bold=h["bold"], italic=h.get("italic", False), color=h.get("color", (0, 0, 0)),
                    caps=h.get("caps", False))
        st.paragraph_format.space_before = Pt(10)
        st.paragraph_format.space_after = Pt(4)
        st.paragraph_format.keep_with_next = True
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
    fp = sec.footer.paragraphs[0]
    fp.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT}[style["footer_align"]]
    fs = style["footer_size"]
    kind = style["footer"]
    if kind == "page":
        _run(fp, "Page ", font, fs)
        _field(fp, "PAGE", font, fs)
    elif kind == "number":
        _field(fp, "PAGE", font, fs)
    elif kind == "page_of":
        _run(fp, "Page ", font, fs)
        _field(fp, "PAGE", font, fs)
        _run(fp, " of ", font, fs)
        _field(fp, "NUMPAGES", font, fs)
    elif kind == "dash":
        _run(fp, "- ", font, fs)
        _field(fp, "PAGE", font, fs)
        _run(fp, " -", font, fs)
    doc._style = style
    doc._lists = Lists(doc, style)
    return doc


def render(doc, pages):
    style = doc._style
    first = True
    for page_no, page in enumerate(pages):
        blocks = blocks_for(page)
        for blk in blocks:  # list ids are per stored page: make them unique in the document
            if blk["t"] == "item":
                blk["list"] = (page_no, blk["list"])
        if not blocks:
            continue
        if not first:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        title_done = False
        for blk in blocks:
            if blk["t"] == "heading":
                # the first heading of a stored page is its title (level 1), the rest level 2
                p = doc.add_paragraph(style="Heading 2" if title_done else "Heading 1")
                p.add_run(blk["text"])
                title_done = True
            elif blk["t"] == "para":
                p = doc.add_paragraph()
                p.add_run(blk["text"])
                if style.get("justify"):
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            elif blk["t"] == "item":
                p = doc.add_paragraph()
                ppr = p._p.get_or_add_pPr()
                numpr = _el("w:numPr")
                numpr.append(_el("w:ilvl", **{"w:val": blk["level"]}))
                numpr.append(_el("w:numId", **{"w:val": doc._lists.num_for(
                    blk["list"], blk["kind"], blk.get("number") or 1)}))
                ppr.append(numpr)
                p.paragraph_format.space_after = Pt(max(2, style["space_after"] - 3))
                p.add_run(blk["text"])
            else:
                raise ValueError(blk["t"])
    return doc


# ---- PDF conversion and pinning ---------------------------------------------------------------
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
    profile = os.path.join(tempfile.gettempdir(), "plans-firstsight-lo-profile")
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "pdf:writer_pdf_Export", "--outdir", outdir, *docx_paths]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)


def main() -> None:
    ap = argparse.ArgumentParser(description="Typeset sources/*.txt of each DIR as corpus/*.pdf")
    ap.add_argument("dirs", nargs="+", type=Path, help="folders holding sources/ (corpus/ is written beside it)")
    ap.add_argument("--only", help="render only slugs containing this string")
    ap.add_argument("--list-styles", action="store_true", help="print the style chosen for each slug and exit")
    args = ap.parse_args()
    jobs = []
    for d in args.dirs:
        for txt in sorted((d / "sources").glob("*.txt")):
            if args.only and args.only not in txt.stem:
                continue
            jobs.append((d, txt))
    if args.list_styles:
        for _, t in jobs:
            print(t.stem, style_for(t.stem))
        return
    with tempfile.TemporaryDirectory() as tmp:
        docs = []
        for d, txt in jobs:
            doc = new_document(style_for(txt.stem))
            render(doc, pages_of(txt.read_text(encoding="utf-8")))
            docx = Path(tmp) / (txt.stem + ".docx")
            doc.save(docx)
            docs.append((d, txt.stem, docx))
        if not docs:
            sys.exit("nothing to render")
        to_pdf_many([str(x) for _, _, x in docs], tmp)
        for d, stem, _ in docs:
            pdf = os.path.join(tmp, stem + ".pdf")
            pin_pdf(pdf, stem)
            (d / "corpus").mkdir(exist_ok=True)
            shutil.copy(pdf, d / "corpus" / (stem + ".pdf"))
            print("rendered", d / "corpus" / (stem + ".pdf"))


if __name__ == "__main__":
    main()
