"""pdfplumber's own test PDFs through ``plans build``: no crash, no hang, every file accounted for.

They are 52 PDFs of every kind pdfplumber has had to cope with (scanned forms, rotated
tables, encrypted files, broken cross-reference tables, duplicate characters, marked
content) — a good hostile corpus, and none of them a council paper. They are in pdfplumber's
repository, not in its source distribution, so this test is opt-in:

    git clone --depth 1 https://github.com/jsvine/pdfplumber /tmp/pdfplumber
    PLANS_PDFPLUMBER_PDFS=/tmp/pdfplumber/tests/pdfs .venv/bin/python -m pytest tests/test_pdfplumber_suite.py

(``make bench`` builds them too when the variable is set, and counts what they yield.)
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from council_plans.build import build

FOLDER = os.environ.get("PLANS_PDFPLUMBER_PDFS")

pytestmark = pytest.mark.skipif(
    not FOLDER, reason="opt-in: set PLANS_PDFPLUMBER_PDFS to the folder of pdfplumber's tests/pdfs")


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_every_pdf_of_pdfplumbers_test_suite_is_built_or_reported(tmp_path, reader):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = set()
    for pdf in Path(FOLDER).glob("*.pdf"):
        shutil.copy(pdf, corpus / pdf.name)
        names.add(pdf.name)
    assert len(names) >= 50, "expected pdfplumber's tests/pdfs folder"

    result = build(corpus, tmp_path / "plans.db", jobs=2, reader=reader, timeout=300, cache=False)

    conn = sqlite3.connect(tmp_path / "plans.db")
    built = {r[0] for r in conn.execute("select file from documents")}
    reported = {r[0] for r in conn.execute("select file from errors where stage in ('corpus', 'extract')")}
    assert names <= built | reported  # nothing silently dropped
    codes = {e.code for e in result.errors}
    assert "E009" not in codes, [e.message for e in result.errors if e.code == "E009"]  # no hang
    assert "E014" not in codes, [e.message for e in result.errors if e.code == "E014"]  # no crash
    assert "E020" not in codes, [e.message for e in result.errors if e.code == "E020"]  # no rule broke
    # none of them is a council's paper: read as "other", they give pages and text only
    assert {r[0] for r in conn.execute("select genre from documents")} == {"other"}
    for table in ("decisions", "agenda_items", "plans", "missions", "actions", "activities", "indicator_values"):
        assert conn.execute(f"select count(*) from {table}").fetchone()[0] == 0, table
    print(f"\n{reader}: {len(built)} built, errors {sorted((e.file, e.code) for e in result.errors)}; "
          f"indicator values {result.counts.get('indicator_values')}, decisions {result.counts.get('decisions')}")
