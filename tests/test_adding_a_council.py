"""The README's "Adding a council" examples, run as printed: a council's wording as a pack
kept in a folder of its own (PLANS_PACK_PATH), and a new structure as a registered family."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from pdfgen import make_pdf, table_page, text_page

SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Adding a council", 1)[1].split("\n## ", 1)[0]
PLANS = [str(Path(sys.executable).with_name("plans"))]  # the command the Makefile installs


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.S)


def build(corpus, db, **env) -> sqlite3.Connection:
    run = subprocess.run([*PLANS, "build", "--corpus", str(corpus), "--db", str(db), "-q", "--jobs", "1"],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=600)
    assert run.returncode == 0, run.stderr
    return sqlite3.connect(db)


OTHERSHIRE = [
    "**Minutes of a meeting of the Highways Committee held on Monday, 6 March 2023 at 7.00 pm",
    "in the Council Chamber", "", "Present: Councillor M Reed (Chair)", "",
    "**41 Footpath Repairs", "The committee considered the survey.", "",
    "DETERMINED: That the footpath on Mill Lane be resurfaced this summer.", "",
    "Grounds: The survey found the surface unsafe.",
]


def test_a_councils_wording_is_a_pack_in_a_folder_of_its_own(tmp_path):
    (pack,) = [b for b in blocks("yaml") if "pack: minutes" in b]
    packs = tmp_path / "othershire"
    packs.mkdir()
    (packs / "minutes-othershire.yaml").write_text(pack, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "othershire-minutes.pdf", [text_page(OTHERSHIRE)])

    without = build(corpus, tmp_path / "before.db").execute("select resolved from decisions").fetchall()
    assert ("That the footpath on Mill Lane be resurfaced this summer.",) not in without

    conn = build(corpus, tmp_path / "after.db", PLANS_PACK_PATH=str(packs))
    rows = conn.execute("select minute_number, resolved, reason, reason_label, resolution_found_by from decisions")
    assert rows.fetchall() == [("41", "That the footpath on Mill Lane be resurfaced this summer.",
                                "The survey found the surface unsafe.", "Grounds", "label")]


def test_a_new_structure_is_one_registered_family(tmp_path):
    python = next(b for b in blocks("python") if "@family(" in b)
    pack = next(b for b in blocks("yaml") if "family: decisions.register_table.v1" in b)
    # printed as it is in the tree, so the README cannot go stale
    assert python == (ROOT / "rules" / "meetings" / "registers.py").read_text(encoding="utf-8")
    assert pack == (ROOT / "rules" / "packs" / "decision_registers.yaml").read_text(encoding="utf-8")

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "westbury-register.pdf", [table_page(
        ["Date", "Subject", "Decision", "Reason"],
        [["03/04/2023", "Play area", "To replace the swings", "Safety inspection"],
         ["17/04/2023", "Bus shelter", "To repaint the shelter", "Vandalism"]],
        [70, 110, 180, 130], above=["Westbury Town Council", "Register of decisions taken under delegated powers"])])
    conn = build(corpus, tmp_path / "plans.db")
    assert conn.execute("select genre from documents").fetchone() == ("decision_notice",)
    rows = conn.execute("select decision_date, title, resolved, reason, family, page from decisions order by decision_date")
    assert rows.fetchall() == [
        ("03/04/2023", "Play area", "To replace the swings", "Safety inspection", "decisions.register_table.v1", 1),
        ("17/04/2023", "Bus shelter", "To repaint the shelter", "Vandalism", "decisions.register_table.v1", 1)]
