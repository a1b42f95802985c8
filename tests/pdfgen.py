"""Write small PDFs for tests: text lines in Helvetica / Helvetica-Bold at chosen sizes.

Only what tests need to show one layout feature or one bad-input case; pages are A4.
A line is ``(text, size, bold)`` and lines are laid out top-down with a gap of 1.5x size,
or ``(text, size, bold, x, y)`` to place it (y from the top of the page). A ruling is
``(None, x0, top, x1, bottom)``: a stroked line segment, which is what makes a table ruled
(see :func:`ruled_table`).
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
        if line[0] is None:  # a ruling: a stroked segment from (x0, top) to (x1, bottom)
            x0, top0, x1, bottom = (float(v) for v in line[1:5])
            out.append(b"0.5 w %.1f %.1f m %.1f %.1f l S" % (x0, A4[1] - top0, x1, A4[1] - bottom))
            continue
        text, size, bold = line[0], float(line[1]), bool(line[2])
        if len(line) >= 5:
            x, top = float(line[3]), float(line[4])
        else:
            x, top = 60.0, y
            y += size * 1.5 + (size * 0.6 if bold else 0)
        font = "/F2" if bold else "/F1"
        baseline = A4[1] - top - size
        encoded = _escape(text).encode("cp1252", "replace")  # WinAnsiEncoding
        out.append(b"BT %s %.1f Tf %.1f %.1f Td (" % (font.encode(), size, x, baseline) + encoded + b") Tj ET")
    return b"\n".join(out)


def make_pdf(path: Path, pages: list[list[Line]], *, encrypt: bool = False) -> Path:
    """Write a PDF with one page per list of lines. ``encrypt`` adds a Standard security
    handler whose password is unknown, so readers must refuse it."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        stream = _content(lines)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id, A4[0], A4[1], content, font1, font2)
            )
        )
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    encrypt_id = None
    if encrypt:
        encrypt_id = add(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
            b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
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


def ruled_table(rows: list[list[str]], widths: list[float], *, x: float = 40.0, top: float = 80.0,
                size: float = 9.0, header_rows: int = 1) -> tuple[list[Line], float]:
    """A table drawn with rulings round every cell, as word processors print one: each cell's
    text (``\\n`` for its lines) starts at the cell's top left; header rows are bold. Returns
    the lines and rulings, and the top of the space below the table."""
    out: list[Line] = []
    y = top
    edges_y = [y]
    for i, row in enumerate(rows):
        height = max(len(c.split("\n")) for c in row) * size * 1.3 + 6
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
        out.append((None, x, ey, right, ey))
    cx = x
    for width in [0.0, *widths]:
        cx += width
        out.append((None, cx, edges_y[0], cx, edges_y[-1]))
    return out, y
