"""Write small PDFs for tests: text lines in Helvetica / Helvetica-Bold at chosen sizes.

Only what tests need to show one layout feature or one bad-input case; pages are A4.
A line is ``(text, size, bold)`` and lines are laid out top-down with a gap of 1.5x size,
or ``(text, size, bold, x, y)`` to place it (y from the top of the page); ``text`` may be a
list of strings and kerning numbers, written as one TJ array (as word processors kern text). A ruling is
``(RULE, x0, top, x1, bottom)``: a stroked line segment, which is what makes a table ruled
(see :func:`ruled_table`). A glyph is ``(GLYPH, font, code, size, x, y)``: one character of a
symbol font as a word processor prints a list bullet — ``"symbol"`` (Symbol, whose glyphs
Word maps to private-use code points: code 0xB7 reads as U+F0B7) or ``"wingdings"`` (0xA7
reads as U+F0A7, 0xD8 as U+F0D8); :func:`bullet_list` lays out a list with them.
``make_pdf(..., outline=[(level, title, page_index, top), ...])`` adds bookmarks.
"""

from __future__ import annotations

from pathlib import Path

A4 = (595.0, 842.0)

Line = tuple  # (text, size, bold) or (text, size, bold, x, y)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[Line]) -> bytes:
    out = []
    y = 60.0
    for line in lines:
        if line[0] == GLYPH:  # (GLYPH, font, code, size, x, top)
            _, font_key, code, size, x, top = line
            font = b"/F3" if font_key == "symbol" else b"/F4"
            out.append(b"BT %s %.1f Tf %.1f %.1f Td <%02x> Tj ET" % (font, size, x, A4[1] - top - size, code))
            continue
        if line[0] == RULE:  # (RULE, x0, top0, x1, top1, ...): a ruled line (or a polyline), top-down coordinates
            points = [float(v) for v in line[1:]]
            path = b"%.1f %.1f m" % (points[0], A4[1] - points[1])
            for k in range(2, len(points) - 1, 2):
                path += b" %.1f %.1f l" % (points[k], A4[1] - points[k + 1])
            out.append(b"0.5 w " + path + b" S")
            continue
        text, size, bold = line[0], float(line[1]), bool(line[2])
        if len(line) >= 5:
            x, top = float(line[3]), float(line[4])
        else:
            x, top = 60.0, y
            y += size * 1.5 + (size * 0.6 if bold else 0)
        font = "/F2" if bold else "/F1"
        baseline = A4[1] - top - size
        if isinstance(text, list):  # a TJ array: strings and kerning numbers (thousandths of an em, + tightens)
            parts = b" ".join(b"%d" % part if isinstance(part, int) else
                              b"(" + _escape(part).encode("cp1252", "replace") + b")" for part in text)
            out.append(b"BT %s %.1f Tf %.1f %.1f Td [" % (font.encode(), size, x, baseline) + parts + b"] TJ ET")
            continue
        encoded = _escape(text).encode("cp1252", "replace")  # WinAnsiEncoding
        out.append(b"BT %s %.1f Tf %.1f %.1f Td (" % (font.encode(), size, x, baseline) + encoded + b") Tj ET")
    return b"\n".join(out)


def make_pdf(path: Path, pages: list[list[Line]], *, encrypt: bool = False, password: str | None = None,
             outline: list[tuple[int, str, int, float | None]] = (), outline_actions: bool = False) -> Path:
    """Write a PDF with one page per list of lines (an empty list of pages makes a PDF with
    zero pages). ``encrypt`` adds a Standard security handler whose password is unknown, so
    readers must refuse it; ``password`` really encrypts the content (RC4, 40 bits) so that
    only that user password opens it. ``outline`` adds bookmarks, depth first: (level from 1,
    title, 0-based page index, top of the destination from the page's top or None); with
    ``outline_actions`` each leads to its page through a go-to action (/A) rather than /Dest."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    symbol_map = add(_stream(_TO_PRIVATE_USE))
    font3 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Symbol /ToUnicode %d 0 R >>" % symbol_map)
    descriptor = add(b"<< /Type /FontDescriptor /FontName /Wingdings /Flags 4 /FontBBox [0 -200 1000 800] "
                     b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>")
    font4 = add(b"<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings /FirstChar 32 /LastChar 255 "
                b"/Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
                % (b" ".join([b"800"] * 224), descriptor, symbol_map))
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        stream = _content(lines)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /F4 %d 0 R >> >> >>"
                % (pages_id, A4[0], A4[1], content, font1, font2, font3, font4)
            )
        )
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    outlines = _outline(add, objects, list(outline), kids, outline_actions) if outline else None
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R%s >>"
                  % (pages_id, b" /Outlines %d 0 R /PageMode /UseOutlines" % outlines if outlines else b""))
    encrypt_id = None
    if encrypt:
        encrypt_id = add(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
            b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
        )
    elif password is not None:
        owner, user, key = _rc4_keys(password)
        for number, obj in enumerate(objects, start=1):
            if b"stream\n" in obj:
                head, rest = obj.split(b"stream\n", 1)
                data = rest[: -len(b"\nendstream")]
                objects[number - 1] = head + b"stream\n" + _rc4(_object_key(key, number), data) + b"\nendstream"
        encrypt_id = add(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + owner.hex().encode()
            + b"> /U <" + user.hex().encode() + b"> >>"
        )
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        body += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if encrypt_id:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt_id, b"ab" * 16, b"ab" * 16)
    body += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(body))
    return path


# RC4 encryption of the PDF Standard security handler, revision 2 (PDF 1.7, 7.6.3): enough
# to make a file that opens with one user password and not without it.
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes.fromhex("ab" * 16)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _rc4_keys(password: str) -> tuple[bytes, bytes, bytes]:
    """The /O and /U entries and the file key for a user password (the owner password is
    a fixed other word)."""
    import hashlib

    padded = (password.encode("latin-1") + _PAD)[:32]
    owner_key = hashlib.md5((b"owner-secret" + _PAD)[:32]).digest()[:5]
    owner = _rc4(owner_key, padded)
    permissions = (-44).to_bytes(4, "little", signed=True)
    key = hashlib.md5(padded + owner + permissions + _FILE_ID).digest()[:5]
    return owner, _rc4(key, _PAD), key


def _object_key(key: bytes, number: int) -> bytes:
    import hashlib

    return hashlib.md5(key + number.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]


def _write_objects(path: Path, objects: list[bytes], catalog: int) -> Path:
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        body += b"%010d 00000 n \n" % off
    body += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(body))
    return path


def make_image_pdf(path: Path, pages: int = 1) -> Path:
    """A scan: every page is one grey image and no text at all (what OCR is for)."""
    width = height = 64
    pixels = bytes((x * 4 + y) % 256 for y in range(height) for x in range(width))
    objects = [b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (width, height, len(pixels)) + pixels + b"\nendstream"]
    draw = b"q 475 0 0 722 60 60 cm /Im1 Do Q"
    return _write_objects(path, *_pages(objects, draw, b"<< /XObject << /Im1 1 0 R >> >>", pages))


def make_cid_pdf(path: Path, rows: list[str], pages: int = 1) -> Path:
    """Text set in a composite (Type0, Identity-H) font with no ToUnicode map and no font
    file: the glyphs print, but no reader can tell which characters they are, so text
    comes out as ``(cid:NN)``. Characters are written as glyph numbers (code point - 29, as
    a subset font numbers them), so even a reader that guesses gets garbage."""
    objects = [
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MysteryFont "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 2 0 R /DW 500 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /MysteryFont /Flags 4 /FontBBox [0 -200 1000 800] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /MysteryFont /Encoding /Identity-H /DescendantFonts [1 0 R] >>",
    ]
    text = b"\n".join(
        b"BT /F1 11 Tf 60 %d Td <%s> Tj ET" % (780 - 16 * i, b"".join(b"%04x" % max(ord(c) - 29, 1) for c in row))
        for i, row in enumerate(rows)
    )
    return _write_objects(path, *_pages(objects, text, b"<< /Font << /F1 3 0 R >> >>", pages))


def _pages(objects: list[bytes], content: bytes, resources: bytes, pages: int) -> tuple[list[bytes], int]:
    """``objects`` (the shared resources, numbered from 1) followed by ``pages`` A4 pages that
    all draw ``content`` with ``resources``, the page tree and the catalog; and the catalog's
    number."""
    pages_id = len(objects) + 2 * pages + 1
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources %s >>" % (pages_id, len(objects), resources))
        kids.append(len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return objects, len(objects)


RULE = "__rule__"
GLYPH = "__glyph__"

# Word's symbol-font mapping: every code of the font reads as U+F000 + code (private use).
_TO_PRIVATE_USE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PrivateUse def "
                   b"/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange "
                   b"1 beginbfrange <20> <FF> <F020> endbfrange endcmap "
                   b"CMapName currentdict /CMap defineresource pop end end")


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _outline(add, objects: list[bytes], entries: list[tuple[int, str, int, float | None]], kids: list[int],
             actions: bool) -> int:
    """The /Outlines tree of ``entries`` (depth first, levels from 1); returns its root object."""
    root = add(b"")  # filled in below
    ids = [add(b"") for _ in entries]
    parent_of: list[int] = []
    stack: list[tuple[int, int]] = [(0, root)]  # (level, object)
    children: dict[int, list[int]] = {root: []}
    for (level, _title, _page, _top), obj in zip(entries, ids, strict=True):
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        parent_of.append(parent)
        children.setdefault(parent, []).append(obj)
        children.setdefault(obj, [])
        stack.append((level, obj))
    for (_level, title, page, top), obj, parent in zip(entries, ids, parent_of, strict=True):
        siblings = children[parent]
        k = siblings.index(obj)
        y = b"%.1f" % (A4[1] - top) if top is not None else b"null"
        dest = b"[%d 0 R /XYZ 0 %s 0]" % (kids[page], y)
        body = b"<< /Title (%s) /Parent %d 0 R" % (_escape(title).encode("cp1252"), parent)
        body += b" /A << /S /GoTo /D %s >>" % dest if actions else b" /Dest %s" % dest
        if k:
            body += b" /Prev %d 0 R" % siblings[k - 1]
        if k + 1 < len(siblings):
            body += b" /Next %d 0 R" % siblings[k + 1]
        if children[obj]:
            body += b" /First %d 0 R /Last %d 0 R /Count %d" % (children[obj][0], children[obj][-1], len(children[obj]))
        objects[obj - 1] = body + b" >>"
    top_level = children[root]
    objects[root - 1] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
        top_level[0], top_level[-1], len(top_level))
    return root


def bullet_list(items: list[str], *, glyph: tuple[str, int] | str = ("symbol", 0xB7), size: float = 11.0,
                x: float = 72.0, top: float = 100.0, indent: float = 18.0) -> tuple[list[Line], float]:
    """A list as a word processor prints it: each item's bullet at ``x`` (a symbol-font glyph
    as ``(font, code)``, or a character of the text font such as "•" or a number format like
    "{n}." / "({a})" / "({r})"), its text at ``x + indent``; returns the lines and the top of
    the space below. An item may hold ``\n`` for its wrapped lines (printed under its text)."""
    out: list[Line] = []
    y = top
    for n, item in enumerate(items, start=1):
        if isinstance(glyph, tuple):
            out.append((GLYPH, glyph[0], glyph[1], size, x, y))
        else:
            roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1] if n <= 10 else str(n)
            out.append((glyph.format(n=n, a="abcdefghijklmnopqrstuvwxyz"[n - 1], r=roman), size, False, x, y))
        for text in item.split("\n"):
            out.append((text, size, False, x + indent, y))
            y += size * 1.25
        y += size * 0.4
    return out, y


def table_page(header: list[str], rows: list[list[str]], widths: list[float], *, above: list[str] = (),
               size: float = 9.0, x: float = 50.0, top: float = 60.0, row_height: float = 30.0) -> list[Line]:
    """A ruled table (a grid of lines, the header row in bold) with rows of one height, and
    lines of text above it. Keep cell texts short enough for their column."""
    out = text_page(list(above), size=size + 2, x=x, top=top) if above else []
    y = top + (len(above) * (size + 2) * 1.25 + 20 if above else 0)
    table, _ = ruled_table([header, *rows], widths, x=x, top=y, size=size, row_height=row_height)
    return out + table


def text_page(rows: list[str], size: float = 11.0, x: float = 60.0, top: float = 60.0) -> list[Line]:
    """Lines laid out like running text: single-spaced (1.25 x size), an empty row leaves a
    paragraph gap, and a row starting with ``**`` is printed in bold (the marker dropped)."""
    out: list[Line] = []
    y = top
    for row in rows:
        if not row:
            y += size
            continue
        bold = row.startswith("**")
        out.append((row[2:] if bold else row, size, bold, x, y))
        y += size * 1.25
    return out


def make_corrupt_pdf(path: Path) -> Path:
    """Starts like a PDF, then nothing a parser can use: no objects, no cross-reference table."""
    noise = bytes((i * 151 + 7) % 256 for i in range(4096))
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + noise + b"\n%%EOF\n")
    return path


def ruled_table(rows: list[list[str]], widths: list[float], *, x: float = 40.0, top: float = 80.0,
                size: float = 9.0, header_rows: int = 1,
                row_height: float | None = None) -> tuple[list[Line], float]:
    """A table drawn with rulings round every cell, as word processors print one: each cell's
    text (``\\n`` for its lines) starts at the cell's top left; header rows are bold. Returns
    the lines and rulings, and the top of the space below the table. Rows are as tall as their
    tallest cell unless ``row_height`` is given."""
    out: list[Line] = []
    y = top
    edges_y = [y]
    for i, row in enumerate(rows):
        height = row_height or max(len(c.split("\n")) for c in row) * size * 1.3 + 6
        cx = x
        for cell, width in zip(row, widths, strict=True):
            for k, text in enumerate(cell.split("\n")):
                if text:
                    out.append((text, size, i < header_rows, cx + 3, y + 3 + k * size * 1.3))
            cx += width
        y += height
        edges_y.append(y)
    right = x + sum(widths)
    for ey in edges_y:
        out.append((RULE, x, ey, right, ey))
    cx = x
    for width in [0.0, *widths]:
        cx += width
        out.append((RULE, cx, edges_y[0], cx, edges_y[-1]))
    return out, y


def make_flate_bomb_pdf(path: Path, inflated_mb: int) -> Path:
    """A decompression bomb: one page whose content stream is ``inflated_mb`` MB of spaces,
    Flate-compressed about a thousand to one (a 1 MB file inflates to about 1 GB), then a
    line of text."""
    import zlib

    squeeze = zlib.compressobj(9)
    spaces = b" " * (1 << 20)
    data = b"".join(squeeze.compress(spaces) for _ in range(inflated_mb))
    data += squeeze.compress(b"BT /F1 12 Tf 60 700 Td (Bomb) Tj ET") + squeeze.flush()
    objects = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    return _write_objects(path, *_stream_page(objects, 2))


def make_self_referencing_pdf(path: Path) -> Path:
    """A page whose font is an object that is a reference to itself (``1 0 obj 1 0 R endobj``):
    pdfminer's ``resolve1`` follows it for ever."""
    content = b"BT /F1 12 Tf 60 700 Td (A page whose font is a loop) Tj ET"
    objects = [b"1 0 R", b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    return _write_objects(path, *_stream_page(objects, 2))


def _stream_page(objects: list[bytes], content: int) -> tuple[list[bytes], int]:
    """``objects`` (font 1 first) and one A4 page drawing stream object ``content``; the catalog's number."""
    page, pages = len(objects) + 1, len(objects) + 2
    objects = [*objects,
               b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
               b"/Resources << /Font << /F1 1 0 R >> >> >>" % (pages, content),
               b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page,
               b"<< /Type /Catalog /Pages %d 0 R >>" % pages]
    return objects, len(objects)


def rule_grid(n: int, *, x: float = 20.0, top: float = 60.0, width: float = 555.0, height: float = 760.0) -> list[Line]:
    """A heading and ``n`` × ``n`` cells of ruled grid filling the page (rulings more than 3 pt
    apart, so the table finder does not snap them together): n + 1 rulings each way."""
    out: list[Line] = [("A page of rulings", 12, True, x, 20.0)]
    for i in range(n + 1):
        out.append((RULE, x, top + i * height / n, x + width, top + i * height / n))
        out.append((RULE, x + i * width / n, top, x + i * width / n, top + height))
    return out
