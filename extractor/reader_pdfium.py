"""The fast reader: pdfium (through pypdfium2's ctypes bindings), the same words and tables as
the pdfplumber reader at about eight times the speed.

pdfium parses content streams in C; what is left in Python is one loop over the characters
of a page. To come out the same as pdfplumber (``tests/test_readers.py`` compares the
records of the whole corpus), this module reproduces pdfminer's geometry and pdfplumber's
word rules rather than pdfium's own:

* a character's box is pdfminer's: from its origin to origin + advance, its bottom at the
  font descriptor's descent below the baseline (read with pdfminer's parser, which pdfium
  does not expose) and its top one font size above that; pdfium's "loose" box gives the
  advance;
  page coordinates are turned into pdfplumber's top-left ones, rotated pages included;
* characters pdfium generates (line breaks, spaces it guesses from gaps) are dropped, and
  words split where pdfplumber splits them, at real spaces and at gaps over 3 pt; except
  that pdfium replaces some real spaces with generated ones, so a generated space between
  two text objects in a gap of at least a tenth of an em still ends a word (see ``_chars``
  and SPACE_SHARE);
* a line-end hyphen pdfium reports as U+FFFE is the "-" on the page;
* a character whose font has no Unicode map is written ``(cid:NN)``, as pdfminer writes it;
* rules come from path objects split into subpaths and classified as pdfminer does (a line,
  an axis-aligned rectangle, or a curve's segments); pdfplumber's own table finder then
  works on them unchanged, through :class:`_TablePage`.

Font name and size are read once per text object, not per character.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import itertools
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils import geometry
from pdfplumber.utils import text as text_utils
from pdfplumber.utils.text import LIGATURES, WordExtractor

from extractor.outline import Bookmark
from extractor.reader import ExtractionError, ReadResult, check_page_count, page_from_words, strip_subset
from extractor.tables import read_tables

X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's extract_words defaults

# Our own prototypes of the per-character calls, declared without argument types: the text
# page handle goes in as one ready-made c_void_p, the index as a plain int and the outputs by
# reference. ctypes then converts nothing, which makes a call about three times cheaper than
# through pypdfium2's typed bindings, and these run once per character (a million times on a
# large pack). Only ever call them with exactly those argument kinds.
_VP = ctypes.c_void_p


def _proto(name: str, restype: Any) -> Any:
    fn = ctypes.cast(getattr(pdfium_c, name), ctypes.CFUNCTYPE(restype))
    fn.argtypes = None
    return fn


_GetCharOrigin = _proto("FPDFText_GetCharOrigin", ctypes.c_int)  # (tp, i, &x, &y)
_GetLooseCharBox = _proto("FPDFText_GetLooseCharBox", ctypes.c_int)  # (tp, i, &FS_RECTF)
_GetTextObject = _proto("FPDFText_GetTextObject", _VP)  # (tp, i) -> text object
_IsGenerated = _proto("FPDFText_IsGenerated", ctypes.c_int)  # (tp, i)
_HasUnicodeMapError = _proto("FPDFText_HasUnicodeMapError", ctypes.c_int)  # (tp, i)
_GetUnicode = _proto("FPDFText_GetUnicode", ctypes.c_uint)  # (tp, i)

# (text, x0, x1, top, bottom, fontname, size, upright, font): ``font`` tells apart two
# subsets of one font (pdfium often reports both by the same name), which pdfminer treats as
# two fonts: a word never runs across them.
Char = tuple
# A space pdfium generated between two text objects counts as a word break when the gap it
# fills is at least this share of the font size (see _chars). Chosen on pdfplumber's 48
# readable test PDFs: 0.1 leaves the fewest pages whose lines differ from pdfplumber's (118
# of 239; 0.2: 121; never: 141); the corpus is identical at any value. Inside one text object
# a generated space is never a break (114 of 239 pages differ).
SPACE_SHARE = 0.1
# pdfium writes a hyphen that ends a line as U+FFFE (and sometimes U+0002); the page shows "-".
HYPHENS = {"\ufffe", "\x02"}
# References that point at references, in a row, before pdfminer is stopped (a loop).
MAX_REFERENCE_CHAIN = 32


def read(path: Path, *, password: str | None = None, max_pages: int) -> ReadResult:
    name = path.name
    try:
        pdf = pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as exc:
        # pdfium's error codes are coarse (a file with no pages is reported as a password
        # error); pdfminer says precisely what is wrong without parsing any page.
        from extractor.reader_pdfplumber import classify

        raise classify(path, password) from exc
    result = ReadResult(pages=[], raw_tables=[])
    try:
        result.metadata = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
        check_page_count(len(pdf), max_pages, name)
        result.bookmarks = bookmarks(pdf)
        descents = font_descents(path, password)
        for index in range(len(pdf)):
            _read_page(pdf, index, result, descents)
    except ExtractionError:
        raise
    except Exception as exc:  # a damaged page: say which
        raise ExtractionError("E004", f"{type(exc).__name__}: {exc}", file=name,
                              page=len(result.pages) + 1) from exc
    finally:
        pdf.close()
    return result


def bookmarks(pdf: pdfium.PdfDocument) -> list[Bookmark]:
    """The PDF's bookmarks, depth first: a bookmark's destination is its own (/Dest) or that of
    its go-to action (/A), as pdfminer resolves them. A damaged outline tree gives none (it is
    navigation, not content)."""
    out: list[Bookmark] = []
    try:
        for mark in pdf.get_toc(max_depth=8):
            dest = mark.get_dest()
            if dest is None:
                action = pdfium_c.FPDFBookmark_GetAction(mark.raw)
                if not action:
                    continue  # a bookmark with neither destination nor action (pdfminer lists none)
                if pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_GOTO:
                    raw = pdfium_c.FPDFAction_GetDest(pdf.raw, action)
                    dest = pdfium.PdfDest(raw, pdf=pdf) if raw else None
            index = dest.get_index() if dest is not None else None
            out.append(Bookmark(mark.level + 1, mark.get_title(), index, _dest_y(dest) if dest is not None else None))
    except Exception:
        return out
    return out


def _dest_y(dest: Any) -> float | None:
    """The y of an /XYZ destination, where it gives one."""
    has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    x, y, zoom = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
    if not pdfium_c.FPDFDest_GetLocationInPage(dest.raw, has_x, has_y, has_zoom, x, y, zoom) or not has_y.value:
        return None
    return round(float(y.value), 2)


def _read_page(pdf: pdfium.PdfDocument, index: int, result: ReadResult, descents: dict[str, float]) -> None:
    number = index + 1
    page = pdf[index]
    try:
        space = _PageSpace(page)
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage.raw, space, descents)
        finally:
            textpage.close()
        edges = _edges(page, space)
        if not chars:
            result.images += _count_images(page)
    finally:
        page.close()
    result.chars += len(chars)
    tables = read_tables(_TablePage(chars, edges, space), number, result.crowded) if edges else []
    words = _words(chars)
    result.pages.append(page_from_words(number, space.width, space.height, words, tables))
    result.raw_tables.append(tables)


class _PageSpace:
    """pdfium's page coordinates (PDF user space, y up) → pdfplumber's (top-left origin, in the
    page's displayed orientation, with pdfplumber's treatment of a MediaBox not at 0,0)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        rotation = page.get_rotation() % 360
        # pdfminer's device matrix for the page (pdfinterp.PDFPageInterpreter.process_page)
        self.ctm = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        # pdfplumber's page box: normalised, swapped when rotated, then flipped (page.py)
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        if rotation in (90, 270):
            nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
        mb_height = ny1 - ny0
        self.mb_x0 = nx0
        self.mb_top = mb_height - ny1
        self.width = nx1 - nx0
        self.height = mb_height
        self.identity = self.ctm[:4] == (1.0, 0.0, 0.0, 1.0)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) of a point in pdfplumber's coordinates."""
        a, b, c, d, e, f = self.ctm
        px, py = a * x + c * y + e, b * x + d * y + f
        return px + self.mb_x0, self.height - py + self.mb_top


def _chars(tp: Any, space: _PageSpace, descents: dict[str, float] | None = None) -> list[Char]:
    """Every printed character of a page with pdfminer's box, font name and size."""
    handle = ctypes.cast(tp, _VP)
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    units = (ctypes.c_ushort * (n + 1))()
    pdfium_c.FPDFText_GetText(tp, 0, n, units)
    try:
        # Strict UTF-16 fails on a lone surrogate and joins a pair into one character: either
        # way the text is not one unit a character, and each is asked for (outside the BMP).
        text = bytes(units)[: 2 * n].decode("utf-16-le")
    except UnicodeDecodeError:
        text = ""
    if len(text) != n:
        text = "".join(chr(_GetUnicode(handle, i)) for i in range(n))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    box = pdfium_c.FS_RECTF()
    p_box = ctypes.byref(box)
    objects: dict[int | None, tuple[str, float, bool, bool, float, int]] = {}
    identity = space.identity
    x_shift, height, top_shift = space.mb_x0 + space.ctm[4], space.height, space.mb_top - space.ctm[5]
    out: list[Char] = []
    append = out.append
    # Real spaces. pdfium replaces some real spaces (often the one that ends a text object:
    # Word writes "Defense " and "Advanced " as two objects) with a space of its own
    # ("generated"), which looks the same as the spaces it invents for gaps between words
    # set without one. pdfminer keeps every real space and invents none; a real space always
    # ends a word, a gap only when wider than 3 pt. A generated space is kept as a word
    # break only between two text objects, and where the gap it stands in is at least
    # SPACE_SHARE of the font size: that keeps the real ones (Word's "Defense " "Advanced ")
    # and drops pdfium's spaces inside kerned words — also those of a word kerned apart
    # inside one object, "a" -150 "s" in a TJ array, which pdfium read as "a s" where
    # pdfplumber (and the page) has "as".
    pending_space = False
    previous: Char | None = None
    previous_obj = None
    # Locals, not globals, in the loop that runs once per character.
    is_generated, text_object, char_origin, loose_box = _IsGenerated, _GetTextObject, _GetCharOrigin, _GetLooseCharBox
    hyphens, space_share = HYPHENS, SPACE_SHARE
    last_obj: Any = -1  # the text object whose facts are in the locals below
    fontname, size, upright, unmapped, descent, font = "", 0.0, True, False, 0.0, 0
    for i, ch in enumerate(text):
        if ch.isspace() and is_generated(handle, i):
            pending_space = previous is not None and ch == " "
            continue
        obj = text_object(handle, i)
        if ch in hyphens:
            ch = "-"
        if obj != last_obj:  # a text object runs for many characters: its facts once
            info = objects.get(obj)
            if info is None:
                info = objects[obj] = _object_info(tp, handle, i, obj, space, descents or {})
            fontname, size, upright, unmapped, descent, font = info
            last_obj = obj
        if unmapped and _HasUnicodeMapError(handle, i):
            ch = f"(cid:{ord(ch)})"
        char_origin(handle, i, p_ox, p_oy)
        loose_box(handle, i, p_box)
        if identity:
            x0 = ox.value + x_shift
            x1 = box.right + x_shift
            bottom = height - oy.value + top_shift - descent
        else:
            xs = [space.point(px, py)[0] for px in (box.left, box.right) for py in (box.bottom, box.top)]
            x0, x1 = min(xs), max(xs)
            bottom = space.point(ox.value, oy.value)[1] - descent
        if pending_space:
            if previous and x0 - previous[2] >= space_share * previous[6] \
                    and abs(bottom - previous[4]) < size and obj != previous_obj:
                append(_space_after(previous))
            pending_space = False
        previous_obj = obj
        previous = (ch, x0, x1, bottom - size, bottom, fontname, size, upright, font)
        append(previous)
    return out


def _space_after(char: Char) -> Char:
    """A real space, placed just after ``char`` (only its being there matters: it ends a word)."""
    return (" ", char[2], char[2] + 0.01, *char[3:])


def _object_info(tp: Any, handle: Any, index: int, obj: int | None, space: _PageSpace,
                 descents: dict[str, float]) -> tuple[str, float, bool, bool, float, int]:
    """Font name, size, uprightness, "has unmapped glyphs" and descent (in points, negative
    below the baseline) of the text object a character belongs to, as pdfminer reckons them."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(tp, index, matrix)
    a, b, c, d, _, _ = _mul((matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0), space.ctm)
    upright = a * d > 0 and b * c <= 0  # pdfminer's LTChar.upright
    # pdfium's size is the Tf operand; pdfminer's is the glyph box height on the page
    scale = abs(d) if b == 0 and c == 0 else (c * c + d * d) ** 0.5
    tf_size = pdfium_c.FPDFText_GetFontSize(tp, index)
    size = round(tf_size * scale, 4)
    fontname, descent = "", 0.0
    font = pdfium_c.FPDFTextObj_GetFont(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)) if obj else None
    if font:
        buf = ctypes.create_string_buffer(256)
        if pdfium_c.FPDFFont_GetBaseFontName(font, buf, 256):
            fontname = strip_subset(buf.value.decode("utf-8", "replace"))
        if fontname in descents:
            descent = descents[fontname] * tf_size
        else:
            value = ctypes.c_float()
            if pdfium_c.FPDFFont_GetDescent(font, tf_size, value):
                descent = value.value
        descent *= scale
    unmapped = bool(_HasUnicodeMapError(handle, index))
    key = (ctypes.cast(font, _VP).value or 0) if font else 0
    return fontname, size, upright, unmapped, descent, key


def font_descents(path: Path, password: str | None = None) -> dict[str, float]:
    """Each font's descent per point of size, as pdfminer takes it: the /Descent of the font
    descriptor (0 when missing), or the built-in metrics of the standard 14 fonts.

    pdfium has its own idea when a descriptor says 0 (it measures glyphs in the font file),
    and the descent sets a character's bottom, which decides which line it joins: taking
    pdfminer's figure keeps lines the same. Fonts are read from the pages' resources with
    pdfminer's parser, which touches no content stream (a few ms a document), through
    :class:`_GuardedDocument`, which cuts the endless loop an object that refers to itself
    sends pdfminer into: the fonts it could not read keep pdfium's descents."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    descents: dict[str, float] = {}
    seen: set[int] = set()
    try:
        with path.open("rb") as fh:
            document = _guarded_document()(PDFParser(fh), password=password or "")
            for page in PDFPage.create_pages(document):
                fonts = resolve1((resolve1(page.resources) or {}).get("Font")) or {}
                for ref in fonts.values() if isinstance(fonts, dict) else []:
                    if getattr(ref, "objid", None) in seen:
                        continue
                    seen.add(getattr(ref, "objid", id(ref)))
                    spec = resolve1(ref)
                    if not isinstance(spec, dict) or "BaseFont" not in spec:
                        continue
                    raw_name = literal_name(resolve1(spec["BaseFont"]))
                    if not isinstance(raw_name, str):
                        continue
                    subtype = literal_name(resolve1(spec.get("Subtype")))
                    if subtype == "Type3":
                        continue  # pdfminer measures Type3 glyphs from their FontBBox: leave it to pdfium
                    if subtype in ("Type1", "MMType1", "TrueType") and raw_name in FONT_METRICS:
                        value = FONT_METRICS[raw_name][0].get("Descent", 0)
                    else:
                        holder = spec
                        if subtype == "Type0":
                            kids = resolve1(spec.get("DescendantFonts")) or [{}]
                            holder = resolve1(kids[0]) or {}
                        descriptor = resolve1(holder.get("FontDescriptor")) or {}
                        value = resolve1(descriptor.get("Descent", 0)) or 0
                    if isinstance(value, (int, float)):
                        descents.setdefault(strip_subset(raw_name), -abs(float(value)) / 1000)
    except Exception:  # a damaged font dictionary: fall back to pdfium's descents
        return descents
    return descents


@functools.cache
def _guarded_document() -> type:
    """pdfminer's document with a bound on chains of references. ``resolve1`` follows a
    reference until it reaches an object, so ``1 0 obj 1 0 R endobj`` (a 765-byte file is
    enough) keeps it turning for ever; here the 33rd reference in a row raises instead."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    class _GuardedDocument(PDFDocument):
        chain = 0  # references returned in a row, each for the reference before it

        def getobj(self, objid: int) -> object:
            obj = super().getobj(objid)
            if not isinstance(obj, PDFObjRef):
                self.chain = 0
                return obj
            self.chain += 1
            if self.chain > MAX_REFERENCE_CHAIN:
                self.chain = 0
                raise PDFSyntaxError(f"object {objid} is a loop of references")
            return obj

    return _GuardedDocument


def _words(chars: list[Char]) -> list[dict[str, Any]]:
    """pdfplumber's ``extract_words(extra_attrs=["fontname", "size"])`` on our tuples: runs of
    one font, grouped into lines by ``top`` (3 pt), sorted by x, split at spaces and gaps."""
    words: list[dict[str, Any]] = []
    append = words.append
    for (upright, _, size), run in itertools.groupby(chars, key=_run_key):
        run = list(run)
        fontname = run[0][5]
        if not upright:  # rotated text: rare, let pdfplumber's own code handle its directions
            words += WordExtractor(extra_attrs=["fontname", "size"]).extract_words([_char_dict(c) for c in run])
            continue
        for line in _cluster_by_top(run):
            line.sort(key=_x0)
            text: list[str] = []
            x0 = x1 = top = bottom = prev_x0 = prev_x1 = prev_top = 0.0
            for c in line:
                ch, cx0, cx1, ctop, cbottom = c[0], c[1], c[2], c[3], c[4]
                if ch.isspace():
                    if text:
                        append(_word(text, x0, x1, top, bottom, fontname, size))
                        text = []
                    continue
                if text and (cx0 < prev_x0 or cx0 > prev_x1 + X_TOLERANCE or abs(ctop - prev_top) > Y_TOLERANCE):
                    append(_word(text, x0, x1, top, bottom, fontname, size))
                    text = []
                if text:
                    text.append(ch)
                    if cx1 > x1:
                        x1 = cx1
                    if ctop < top:
                        top = ctop
                    if cbottom > bottom:
                        bottom = cbottom
                else:
                    text = [ch]
                    x0, x1, top, bottom = cx0, cx1, ctop, cbottom
                prev_x0, prev_x1, prev_top = cx0, cx1, ctop
            if text:
                append(_word(text, x0, x1, top, bottom, fontname, size))
    return words


# A run's key: (upright, font, size), read in C.
_run_key = operator.itemgetter(7, 8, 6)


_x0 = operator.itemgetter(1)  # a character's x0, read in C


def _cluster_by_top(chars: list[Char]) -> list[list[Char]]:
    """pdfplumber's cluster_objects(chars, "top", 3): tops within 3 pt of the previous distinct
    top form one line; lines in order of top, characters in their original order."""
    cluster_of: dict[float, int] = {}
    index, last = 0, None
    for top in sorted({c[3] for c in chars}):
        if last is not None and top > last + Y_TOLERANCE:
            index += 1
        cluster_of[top] = index
        last = top
    if index == 0:
        return [chars]
    lines: list[list[Char]] = [[] for _ in range(index + 1)]
    for c in chars:
        lines[cluster_of[c[3]]].append(c)
    return lines


def _word(text: list[str], x0: float, x1: float, top: float, bottom: float, fontname: str,
          size: float) -> dict[str, Any]:
    joined = "".join(text)
    if not joined.isascii():
        joined = "".join(LIGATURES.get(ch, ch) for ch in text)
    return {"text": joined, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "upright": True,
            "fontname": fontname, "size": size}


def _char_dict(c: Char) -> dict[str, Any]:
    return {"text": c[0], "x0": c[1], "x1": c[2], "top": c[3], "bottom": c[4], "doctop": c[3],
            "height": c[4] - c[3], "width": c[2] - c[1], "fontname": c[5], "size": c[6], "upright": c[7]}


# --- rules (lines and rectangles) for ruled tables -------------------------------------------


def _edges(page: pdfium.PdfPage, space: _PageSpace) -> list[dict[str, Any]]:
    """pdfplumber's ``page.edges``: the edges of every line, rectangle and curve on the page."""
    edges: list[dict[str, Any]] = []
    for obj, matrix in _path_objects(page.raw, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), depth=0):
        for shape, pts in _subpaths(obj, matrix, space):
            edges += _shape_edges(shape, pts)
    return edges


def _path_objects(parent: Any, matrix: tuple, depth: int, form: bool = False) -> Iterator[tuple[Any, tuple]]:
    count = pdfium_c.FPDFFormObj_CountObjects(parent) if form else pdfium_c.FPDFPage_CountObjects(parent)
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    for i in range(max(count, 0)):
        obj = get(parent, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if _painted(obj):
                yield obj, _mul(_matrix_of(obj), matrix)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            yield from _path_objects(obj, _mul(_matrix_of(obj), matrix), depth + 1, form=True)


def _painted(obj: Any) -> bool:
    """pdfminer only records paths that are stroked or filled (not ``n``, clipping only)."""
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return True
    return bool(fillmode.value or stroke.value)


def _matrix_of(obj: Any) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m: tuple, n: tuple) -> tuple:
    """m then n (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _subpaths(obj: Any, matrix: tuple, space: _PageSpace) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """The subpaths of a path object as pdfminer sees them: a shape string of operators
    (m, l, c, h) and the point each ends on, in pdfplumber's page coordinates."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = space.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield "".join(shape), pts
            shape, pts, bezier = ["m"], [point], 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1  # pdfium gives a curve as three points: two controls, then the end
            if bezier % 3:
                continue
            shape.append("c")
            pts.append(point)
        else:
            shape.append("l")
            pts.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and shape:
            shape.append("h")
            pts.append(pts[0])
    if shape:
        yield "".join(shape), pts


def _shape_edges(shape: str, pts: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """pdfminer's paint_path classification, then pdfplumber's obj_to_edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("ml", "mlh"):
        (x0, t0), (x1, t1) = pts[0], pts[1]
        return [geometry.line_to_edge(_box("line", min(x0, x1), min(t0, t1), max(x0, x1), max(t0, t1)))]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            return geometry.rect_to_edges(_box("rect", min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2)))
    return geometry.curve_to_edges({**_box("curve", min(p[0] for p in pts), min(p[1] for p in pts),
                                            max(p[0] for p in pts), max(p[1] for p in pts)), "pts": pts})


def _box(kind: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "y0": 0.0, "y1": 0.0}


def _count_images(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


class _TablePage:
    """The little of a pdfplumber Page that its TableFinder uses: the page box and its edges
    (the "lines" strategy needs no characters). Each table found is then read by
    :func:`_table_text`, from the characters inside it only."""

    def __init__(self, chars: list[Char], edges: list[dict[str, Any]], space: _PageSpace) -> None:
        self.bbox = (space.mb_x0, space.mb_top, space.mb_x0 + space.width, space.mb_top + space.height)
        self.edges = edges
        self.chars: list[dict[str, Any]] = []
        self._chars = chars

    def find_tables(self, table_settings: dict | None = None) -> list:
        tables = TableFinder(self, TableSettings.resolve(table_settings)).tables  # type: ignore[arg-type]
        if not tables:
            return tables
        # Each character's middle, once a page rather than once a table.
        middles = [((c[1] + c[2]) / 2, (c[3] + c[4]) / 2, c) for c in self._chars]
        for table in tables:
            x0, top, x1, bottom = table.bbox
            inside = [_char_dict(c) for h, v, c in middles if x0 <= h < x1 and top <= v < bottom]
            table.extract = functools.partial(_table_text, table, inside)
        return tables


def _table_text(table: Any, chars: list[dict[str, Any]], **kwargs: Any) -> list[list[str | None]]:
    """pdfplumber's Table.extract, the same cells and text, without testing every character
    against every row: characters are found by their middles, rows by bisection."""
    v_mid = [(c["top"] + c["bottom"]) / 2 for c in chars]
    h_mid = [(c["x0"] + c["x1"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=v_mid.__getitem__)
    v_sorted = [v_mid[i] for i in order]
    rows: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        lo, hi = bisect.bisect_left(v_sorted, top), bisect.bisect_left(v_sorted, bottom)
        in_row = sorted(i for i in order[lo:hi] if x0 <= h_mid[i] < x1)  # back in page order
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            picked = [chars[i] for i in in_row if cx0 <= h_mid[i] < cx1 and ctop <= v_mid[i] < cbottom]
            cells.append(text_utils.extract_text(picked, **kwargs) if picked else "")
        rows.append(cells)
    return rows
