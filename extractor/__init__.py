"""PDF → document model. Knows PDFs (pages, lines, fonts, tables) and nothing about councils.

The public entry point is :func:`extractor.extract`, which reads each page of a PDF once
and returns a :class:`extractor.model.Document`.
"""

from extractor.model import Block, Document, Line, OutlineEntry, Page, Table
from extractor.reader import ExtractionError, extract

__all__ = ["Block", "Document", "ExtractionError", "Line", "OutlineEntry", "Page", "Table", "extract"]
