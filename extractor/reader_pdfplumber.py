"""The reference reader: pdfplumber (pdfminer.six) words and ruled tables, one page at a time.

Slow (pdfminer parses content streams in pure Python, about 5-10 pages/s) but the behaviour
every other reader is compared with. Each page is closed after use: without ``page.close()``
pdfplumber keeps every parsed page alive (1.4 GB on a 155-page pack).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extractor.outline import Bookmark
from extractor.reader import ExtractionError, ReadResult, check_page_count, page_from_words, strip_subset
from extractor.tables import read_tables

ENCRYPTION_ERRORS = (PDFPasswordIncorrect, PDFEncryptionError)


def read(path: Path, *, password: str | None = None, max_pages: int) -> ReadResult:
    name = path.name
    result = ReadResult(pages=[], raw_tables=[])
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            result.metadata = {str(k): str(v) for k, v in (pdf.metadata or {}).items()
                               if isinstance(v, (str, int, float))}
            check_page_count(len(pdf.pages), max_pages, name)
            result.bookmarks = bookmarks(pdf)
            for number, pdf_page in enumerate(pdf.pages, start=1):
                try:
                    words = pdf_page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
                    for word in words:
                        word["fontname"] = strip_subset(word["fontname"])
                    tables = read_tables(pdf_page, number, result.crowded)
                    page = page_from_words(number, pdf_page.width, pdf_page.height, words, tables)
                    result.chars += len(pdf_page.chars)
                    if not pdf_page.chars:
                        result.images += len(pdf_page.images)
                finally:
                    pdf_page.close()
                result.pages.append(page)
                result.raw_tables.append(tables)
    except ENCRYPTION_ERRORS as exc:
        raise _encrypted(name, password) from exc
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, ENCRYPTION_ERRORS):
            raise _encrypted(name, password) from exc
        raise ExtractionError("E004", f"{type(inner).__name__}: {inner}", file=name) from exc
    except PDFSyntaxError as exc:
        raise ExtractionError("E004", str(exc), file=name) from exc
    except ExtractionError:
        raise
    except Exception as exc:  # pdfminer raises many ad-hoc types on damaged files
        raise ExtractionError("E004", f"{type(exc).__name__}: {exc}", file=name) from exc
    return result


def bookmarks(pdf: pdfplumber.PDF) -> list[Bookmark]:
    """The PDF's bookmarks, depth first, each with the page its destination (/Dest, a named
    destination, or a go-to action's /D) leads to. A damaged outline tree gives none."""
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral

    doc = pdf.doc
    index = {p.page_obj.pageid: i for i, p in enumerate(pdf.pages)}

    def destination(dest: object, action: object) -> list | None:
        if dest is None and action is not None:
            action = resolve1(action)
            if not isinstance(action, dict) or getattr(resolve1(action.get("S")), "name", None) != "GoTo":
                return None
            dest = action.get("D")
        dest = resolve1(dest)
        if isinstance(dest, PSLiteral):
            dest = dest.name
        if isinstance(dest, (str, bytes)):
            dest = resolve1(doc.get_dest(dest))
        if isinstance(dest, dict):
            dest = resolve1(dest.get("D"))
        return dest if isinstance(dest, list) and dest else None

    out: list[Bookmark] = []
    try:
        for level, title, dest, action, _ in doc.get_outlines():
            try:
                target = destination(dest, action)
            except Exception:  # a destination that names nothing: the bookmark leads nowhere
                target = None
            page = target[0] if target else None
            i = index.get(page.objid) if isinstance(page, PDFObjRef) else None
            y = None
            if target and len(target) >= 4 and getattr(resolve1(target[1]), "name", None) == "XYZ":
                top = resolve1(target[3])
                y = round(float(top), 2) if isinstance(top, (int, float)) else None
            out.append(Bookmark(level, title if isinstance(title, str) else str(title or ""), i, y))
    except Exception:  # no outline (PDFNoOutlines) or a damaged one: navigation, not content
        return out
    return out


def _encrypted(name: str, password: str | None) -> ExtractionError:
    detail = "the password given does not open it" if password else "no password given"
    return ExtractionError("E003", detail, file=name)


def classify(path: Path, password: str | None = None) -> ExtractionError:
    """Why a file that another library refused to open cannot be read, in pdfminer's words:
    encrypted (E003), no pages (E006) or corrupt (E004). Opens the file without parsing pages."""
    name = path.name
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            if not pdf.pages:
                return ExtractionError("E006", file=name)
    except ENCRYPTION_ERRORS:
        return _encrypted(name, password)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, ENCRYPTION_ERRORS):
            return _encrypted(name, password)
        return ExtractionError("E004", f"{type(inner).__name__}: {inner}", file=name)
    except Exception as exc:
        return ExtractionError("E004", f"{type(exc).__name__}: {exc}", file=name)
    return ExtractionError("E004", "pdfium cannot open it although pdfminer can", file=name)
