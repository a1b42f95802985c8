"""PDF → document model. Knows PDFs (pages, lines, fonts, tables) and nothing about councils.

The public entry point is :func:`extractor.extract`, which reads each page of a PDF once
and returns a :class:`extractor.model.Document`.

The names below are loaded when first asked for (``from extractor import extract`` works as
ever): a build with nothing to read imports ``extractor.settings`` only, not pdfplumber and
the model.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"Block": "extractor.model", "Document": "extractor.model", "Line": "extractor.model",
          "OutlineEntry": "extractor.model", "Page": "extractor.model", "Table": "extractor.model",
          "ExtractionError": "extractor.reader", "extract": "extractor.reader"}

__all__ = ["Block", "Document", "ExtractionError", "Line", "OutlineEntry", "Page", "Table", "extract"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
