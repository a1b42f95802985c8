"""Read a PDF once, page by page, into a :class:`~extractor.model.Document`.

Two page readers produce the same model and are chosen with ``reader=`` (``plans build
--reader``):

* ``pdfium`` (:mod:`extractor.reader_pdfium`, the default): pypdfium2, about eight times
  faster than pdfminer's pure-Python parsing;
* ``pdfplumber`` (:mod:`extractor.reader_pdfplumber`): the reference the pdfium reader is
  tested against (``tests/test_readers.py`` builds the corpus with both and compares records).

A reader turns each page into words (with font name and size) and ruled tables, closing the
page as soon as they are taken, which keeps memory flat on long packs, and reads the PDF's
bookmarks. Everything after that is shared here: lines, furniture, tables stitched over page
breaks, contents pages, blocks and the outline (``extractor/outline.py``). Bad input (not a
PDF, empty, encrypted, corrupt, no pages, too many pages, image-only) raises
:class:`ExtractionError` with a code from the catalogue, so the build can record it and carry
on with the other documents.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.blocks import body_size, build_blocks, heading_levels
from extractor.furniture import mark_furniture
from extractor.lines import build_lines
from extractor.model import Document, Page
from extractor.outline import Bookmark, bookmark_outline, layout_outline, mark_contents
from extractor.settings import DEFAULT_READER, MAX_PAGES, READERS, check_reader
from extractor.tables import RawTable, stitch
from kernel.errors import PlansError

logging.getLogger("pdfminer").setLevel(logging.ERROR)

# A character the font cannot map to Unicode: pdfminer writes "(cid:NN)" for it, and the
# pdfium reader writes the same, so checks and records do not depend on the reader.
UNREADABLE = re.compile(r"\(cid:\d+\)")
UNREADABLE_SHARE = 0.2  # a page is unreadable when this share of its characters is garbage


class ExtractionError(PlansError):
    """A PDF that cannot be turned into a document (codes E001-E008)."""


@dataclass
class ReadResult:
    """What a page reader hands back: pages with lines (not yet blocks) and their tables."""

    pages: list[Page]
    raw_tables: list[list[RawTable]]
    metadata: dict[str, str] = field(default_factory=dict)
    bookmarks: list[Bookmark] = field(default_factory=list)  # the PDF's outline tree, depth first
    chars: int = 0  # characters with a glyph, on all pages
    images: int = 0  # images on the pages without text (a scan)
    crowded: list[int] = field(default_factory=list)  # pages not searched for tables (too many rulings)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract(
    path: str | Path,
    *,
    reader: str = DEFAULT_READER,
    password: str | None = None,
    max_pages: int = MAX_PAGES,
) -> Document:
    """Read ``path`` into a Document: pages → lines → blocks, tables stitched, furniture flagged.

    ``password`` opens an encrypted PDF; ``max_pages`` refuses longer files (E008) before any
    page is parsed.
    """
    path = Path(path)
    name = path.name
    check_bytes(path)
    result = reader_module(reader).read(path, password=password, max_pages=max_pages)
    if not result.pages:
        raise ExtractionError("E006", file=name)
    if result.chars == 0:
        detail = f"{len(result.pages)} pages, {result.images} images, no characters: it needs OCR"
        raise ExtractionError("E005", detail, file=name)

    pages = result.pages
    mark_furniture(pages)
    _attach_tables(pages, result.raw_tables)
    mark_contents(pages)
    body = body_size(pages)
    levels = heading_levels(pages, body)
    for page in pages:
        page.blocks = build_blocks(page, page.tables, body, levels)
    outline = bookmark_outline(result.bookmarks, pages) or layout_outline(pages)
    return Document(id=path.stem, file=name, sha256=sha256_of(path), pages=pages, pdf_metadata=result.metadata,
                    outline=outline, crowded_pages=result.crowded)


def reader_module(reader: str) -> Any:
    check_reader(reader)
    return importlib.import_module(READERS[reader])


def check_bytes(path: Path) -> None:
    """The checks that need no PDF library: the file exists, has bytes, and says it is a PDF."""
    if not path.exists():
        raise ExtractionError("E004", "file not found", file=path.name)
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("E002", file=path.name)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError("E001", f"starts with {head[:8]!r}", file=path.name)


def check_page_count(count: int, max_pages: int, name: str) -> None:
    if count == 0:
        raise ExtractionError("E006", file=name)
    if count > max_pages:
        raise ExtractionError("E008", f"{count} pages, the limit is {max_pages}", file=name)


def page_from_words(number: int, width: float, height: float, words: list[dict[str, Any]],
                    tables: list[RawTable]) -> Page:
    """One page of the model from a reader's words (with ``fontname`` and ``size``) and tables."""
    lines = build_lines(words, number)
    for line in lines:
        cx, cy = (line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2
        for t in tables:
            x0, top, x1, bottom = t.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                line.in_table = True
                break
    return Page(number=number, width=round(float(width), 2), height=round(float(height), 2), lines=lines)


def strip_subset(fontname: str) -> str:
    """``ABCDEF+LiberationSans-Bold`` → ``LiberationSans-Bold``: the subset tag is an accident
    of embedding (pdfium does not report it), not part of the font."""
    if len(fontname) > 7 and fontname[6] == "+" and fontname[:6].isalpha() and fontname[:6].isupper():
        return fontname[7:]
    return fontname


def unreadable_pages(document: Document) -> list[tuple[int, float]]:
    """Pages whose text is mostly ``(cid:NN)`` garbage, with the share of garbage characters."""
    found = []
    for page in document.pages:
        text = "".join(line.text for line in page.lines)
        garbage = UNREADABLE.findall(text)
        if not garbage:
            continue
        chars = len(UNREADABLE.sub("", text).replace(" ", "")) + len(garbage)
        share = len(garbage) / max(chars, 1)
        if share >= UNREADABLE_SHARE:
            found.append((page.number, share))
    return found


def unreadable_error(document: Document) -> ExtractionError | None:
    """An E007 naming the unreadable pages of a document, or None when its text is readable."""
    pages = unreadable_pages(document)
    if not pages:
        return None
    share = sum(s for _, s in pages) / len(pages)
    listed = _page_list(p for p, _ in pages)
    detail = f"{len(pages)} of {document.page_count} pages, {share:.0%} of their characters: pages {listed}"
    return ExtractionError("E007", detail, file=document.file, page=pages[0][0])


def crowded_error(document: Document) -> ExtractionError | None:
    """An E017 naming the pages whose rulings were too many to look for tables on."""
    if not document.crowded_pages:
        return None
    from extractor.tables import MAX_CROSSINGS

    detail = (f"rulings cross more than {MAX_CROSSINGS:,} times on page{'s' if len(document.crowded_pages) > 1 else ''} "
              f"{_page_list(document.crowded_pages)}: no tables read there, text read as lines")
    return ExtractionError("E017", detail, file=document.file, page=document.crowded_pages[0])


def page_errors(document: Document) -> list[ExtractionError]:
    """The flags of a document that was read: unreadable pages (E007), pages too crowded with
    rulings to look for tables on (E017)."""
    return [e for e in (unreadable_error(document), crowded_error(document)) if e is not None]


def _page_list(numbers: Iterable[int], limit: int = 8) -> str:
    numbers = list(numbers)
    text = ", ".join(str(n) for n in numbers[:limit])
    return text + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


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
