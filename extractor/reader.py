"""Read a PDF once, page by page, into a :class:`~extractor.model.Document`.

Each page is parsed a single time (pdfminer parsing dominates the cost) and closed as soon
as its words and tables are taken, which keeps memory flat on long packs. Bad input (not a
PDF, empty, encrypted, corrupt, image-only) raises :class:`ExtractionError` with a code from
the catalogue, so the build can record it and carry on with the other documents.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extractor.blocks import body_size, build_blocks, heading_levels
from extractor.furniture import mark_furniture
from extractor.lines import build_lines
from extractor.model import Document, Page
from extractor.tables import RawTable, read_tables, stitch
from kernel.errors import PlansError

logging.getLogger("pdfminer").setLevel(logging.ERROR)


class ExtractionError(PlansError):
    """A PDF that cannot be turned into a document (code E001-E006)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract(path: str | Path) -> Document:
    """Read ``path`` into a Document: pages → lines → blocks, tables stitched, furniture flagged."""
    path = Path(path)
    name = path.name
    _check_bytes(path)
    pages: list[Page] = []
    raw_tables: list[list[RawTable]] = []
    chars = images = 0
    try:
        with pdfplumber.open(path) as pdf:
            metadata = {str(k): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, int, float))}
            for number, pdf_page in enumerate(pdf.pages, start=1):
                try:
                    page, tables = _read_page(pdf_page, number)
                    chars += len(pdf_page.chars)
                    images += len(pdf_page.images)
                finally:
                    pdf_page.close()
                pages.append(page)
                raw_tables.append(tables)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError("E003", str(exc) or type(exc).__name__, file=name) from exc
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError("E003", type(inner).__name__, file=name) from exc
        raise ExtractionError("E004", f"{type(inner).__name__}: {inner}", file=name) from exc
    except PDFSyntaxError as exc:
        raise ExtractionError("E004", str(exc), file=name) from exc
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many ad-hoc types on damaged files
        raise ExtractionError("E004", f"{type(exc).__name__}: {exc}", file=name) from exc
    if not pages:
        raise ExtractionError("E006", file=name)
    if chars == 0:
        detail = f"{len(pages)} pages, {images} images, no characters"
        raise ExtractionError("E005", detail, file=name)

    mark_furniture(pages)
    _attach_tables(pages, raw_tables)
    body = body_size(pages)
    levels = heading_levels(pages, body)
    for page in pages:
        page.blocks = build_blocks(page, page.tables, body, levels)
    return Document(id=path.stem, file=name, sha256=sha256_of(path), pages=pages, pdf_metadata=metadata)


def _check_bytes(path: Path) -> None:
    if not path.exists():
        raise ExtractionError("E004", "file not found", file=path.name)
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("E002", file=path.name)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError("E001", f"starts with {head[:8]!r}", file=path.name)


def _read_page(pdf_page, number: int) -> tuple[Page, list[RawTable]]:
    words = pdf_page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    lines = build_lines(words, number)
    tables = read_tables(pdf_page, number)
    for line in lines:
        for t in tables:
            x0, top, x1, bottom = t.bbox
            cx, cy = (line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2
            if x0 <= cx <= x1 and top <= cy <= bottom:
                line.in_table = True
                break
    page = Page(number=number, width=round(float(pdf_page.width), 2), height=round(float(pdf_page.height), 2), lines=lines)
    return page, tables


def _attach_tables(pages: list[Page], raw_tables: list[list[RawTable]]) -> None:
    """Stitch tables continued over page breaks, then attach each table to its first page."""
    kept: list[list[RawTable]] = [list(ts) for ts in raw_tables]
    for i in range(1, len(pages)):
        if not kept[i] or not raw_tables[i - 1]:
            continue
        previous, first = raw_tables[i - 1][-1], kept[i][0]
        host = _host_of(previous, kept, i - 1)
        if _ends_page(pages[i - 1], previous) and _starts_page(pages[i], first) and stitch(host, first):
            kept[i].pop(0)
    for page, tables in zip(pages, kept, strict=False):
        page.tables = [t.to_model() for t in tables]


def _host_of(table: RawTable, kept: list[list[RawTable]], index: int) -> RawTable:
    """The table that a page's last table was stitched into (itself if it starts there)."""
    if table in kept[index]:
        return table
    for j in range(index - 1, -1, -1):
        for t in kept[j]:
            if table.page in (t.pages or []):
                return t
    return table


def _ends_page(page: Page, table: RawTable) -> bool:
    return not any(line.bbox[1] > table.bbox[3] for line in page.lines if not line.furniture and not line.in_table)


def _starts_page(page: Page, table: RawTable) -> bool:
    return not any(line.bbox[3] < table.bbox[1] for line in page.lines if not line.furniture and not line.in_table)
