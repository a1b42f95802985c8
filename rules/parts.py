"""Split a document into parts (front sheet, minutes, reports, appendices) with page ranges."""

from __future__ import annotations

from extractor.model import Document, Part


def split_parts(document: Document) -> list[Part]:
    return [
        Part(kind="document", title=document.meta.title or document.file, page_start=1,
             page_end=document.page_count, rule="parts.whole_document.v1")
    ]
