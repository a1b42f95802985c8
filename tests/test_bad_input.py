"""Bad input: every hostile file is caught.

Each kind of bad file gets one row in the ``errors`` table with its catalogue code, one
readable line from ``plans build`` (the file, the page where there is one, what to do), the
other documents are built, and the exit status says that something failed. Every file here
is a real file the test makes. The README's "Bad input" table lists the same cases with the
same codes: ``test_the_readme_table_lists_exactly_these_cases`` keeps them in step.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import COMMITTEE_2012, CORPUS, ROOT
from pdfgen import (
    make_cid_pdf,
    make_corrupt_pdf,
    make_flate_bomb_pdf,
    make_image_pdf,
    make_pdf,
    make_self_referencing_pdf,
    rule_grid,
)

from council_plans.build import build
from council_plans.cli import cli
from extractor import extract
from extractor.reader import MAX_PAGES, READERS
from kernel.errors import CATALOGUE, PlansError

GOOD = [[("Minutes of Cabinet", 16, True), ("The Cabinet met on 3 July 2017.", 11, False)]]
# A name in Windows-1252, as unzip leaves a Windows archive's names: not valid UTF-8.
LATIN_NAME = os.fsdecode(b"caf\xe9 minutes.pdf")


@dataclass
class Case:
    label: str  # as in the README table
    file: str
    code: str
    built: bool = False  # the document is still built (flagged), not skipped


def _make_hostile_corpus(folder: Path) -> None:
    good = make_pdf(folder / "good.pdf", GOOD)
    make_pdf(folder / "mismatch.pdf", [[("Another paper", 16, True)]])
    (folder / "webpage.pdf").write_text("<html><body>404 Not Found</body></html>")
    (folder / "empty.pdf").write_bytes(b"")
    make_pdf(folder / "encrypted.pdf", [[("Secret minutes", 12, False)]], password="hunter2")
    make_corrupt_pdf(folder / "corrupt.pdf")
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:300])
    make_image_pdf(folder / "scan.pdf", pages=2)
    make_pdf(folder / "zero-pages.pdf", [])
    make_cid_pdf(folder / "garbage-fonts.pdf", ["Resolved that the plan be adopted", "and published"], pages=2)
    make_pdf(folder / "huge.pdf", [[("Page", 11, False)]] * (MAX_PAGES + 1))
    shutil.copy(good, folder / "good-copy.pdf")
    make_pdf(folder / LATIN_NAME, [[("Minutes of the Caf\u00e9 Committee", 16, True)]])
    make_pdf(folder / "grid.pdf", [[("Minutes of Cabinet", 16, True)], rule_grid(150)])
    (folder / "manifest.json").write_text(json.dumps([
        {"file": "good.pdf", "title": "Minutes of Cabinet"},
        {"file": "missing.pdf", "title": "A paper nobody downloaded"},
        {"file": "mismatch.pdf", "title": "Not this file", "sha256": "00ff" * 16},
    ]))


# One build of the folder above shows all of these.
HOSTILE = [
    Case("not a PDF (a web page saved as .pdf)", "webpage.pdf", "E001"),
    Case("empty file", "empty.pdf", "E002"),
    Case("encrypted, no --password", "encrypted.pdf", "E003"),
    Case("corrupt PDF", "corrupt.pdf", "E004"),
    Case("truncated PDF", "truncated.pdf", "E004"),
    Case("image-only (a scan: needs OCR)", "scan.pdf", "E005"),
    Case("zero pages", "zero-pages.pdf", "E006"),
    Case("(cid:NN) garbage fonts", "garbage-fonts.pdf", "E007", built=True),
    Case("huge page count", "huge.pdf", "E008"),
    Case("manifest sha256 differs from the file", "mismatch.pdf", "E010", built=True),
    Case("duplicate of another document (same sha256)", "good-copy.pdf", "E012"),
    Case("manifest entry whose file is missing", "missing.pdf", "E013"),
    Case("a file name that is not valid UTF-8 (unzipped from a Windows archive)", "café minutes.pdf", "E015",
         built=True),
    Case("a page of rulings that cross thousands of times (a 150 × 150 grid)", "grid.pdf", "E017", built=True),
]
# Shown by the tests further down, each with its own build.
SEPARATE = [
    Case("encrypted, wrong --password", "encrypted.pdf", "E003"),
    Case("too slow (per-document --timeout)", "slow.pdf", "E009"),
    Case("the PDF library crashes", "crash.pdf", "E014"),
    Case("manifest entry with a field of the wrong type (a number for a title, a list for an entry)",
         "manifest.json", "E011"),
    Case("manifest entry naming a file outside the corpus (`../x.pdf`, an absolute path)", "manifest.json", "E011"),
    Case("manifest.json that is a folder, or not a list", "manifest.json", "E011"),
    Case("a Flate bomb (1 MB that inflates to 1 GB)", "bomb.pdf", "E016"),
    Case("an object that refers to itself (an endless loop in pdfminer)", "loop.pdf", "–"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile corpus, built by the command line as a user would run it."""
    folder = tmp_path_factory.mktemp("hostile")
    _make_hostile_corpus(folder)
    db = folder.parent / f"{folder.name}.db"
    result = CliRunner().invoke(cli, ["build", "--corpus", str(folder), "--db", str(db), "--jobs", "2", "-q"])
    return folder, db, result


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.file)
def test_each_hostile_file_has_one_error_row_with_its_code(hostile, case):
    _, db, _ = hostile
    rows = sqlite3.connect(db).execute("select code, page, message from errors where file = ?", (case.file,)).fetchall()
    assert [r[0] for r in rows] == [case.code]
    assert CATALOGUE[case.code].hint in rows[0][2]  # says what to do


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.file)
def test_each_hostile_file_has_one_readable_line_naming_the_file_and_what_to_do(hostile, case):
    _, _, result = hostile
    lines = [line for line in result.output.splitlines() if line.startswith(f"error: {case.file}")]
    assert len(lines) == 1, result.output
    assert f"{case.code} {CATALOGUE[case.code].summary}" in lines[0]
    assert CATALOGUE[case.code].hint in lines[0]


def test_the_good_documents_are_built_and_the_status_says_something_failed(hostile):
    _, db, result = hostile
    assert result.exit_code == 1
    built = {r[0] for r in sqlite3.connect(db).execute("select file from documents")}
    assert built == {"good.pdf"} | {c.file for c in HOSTILE if c.built}
    assert f"{len(HOSTILE)} file(s), page(s) or rule(s) failed" in result.output


def test_a_duplicate_is_built_once_under_the_name_the_manifest_gives(hostile):
    _, db, result = hostile
    conn = sqlite3.connect(db)
    assert conn.execute("select file, title from documents where file like 'good%'").fetchall() == [
        ("good.pdf", "Minutes of Cabinet")]
    assert "same sha256 as good.pdf, built once as good.pdf" in result.output


def test_a_mismatched_manifest_entry_is_not_trusted(hostile):
    _, db, _ = hostile
    title, source = sqlite3.connect(db).execute(
        "select title, metadata_source from documents where file = 'mismatch.pdf'").fetchone()
    assert source != "manifest" and title != "Not this file"


def test_a_name_that_is_not_utf8_is_built_under_its_display_name_and_its_link_finds_the_file(hostile):
    from council_plans.corpus import find_file

    folder, db, result = hostile
    row = sqlite3.connect(db).execute(
        "select d.id, d.file, d.title, p.pdf from documents d join pages p on p.document_id = d.id "
        "where d.file like 'caf%'").fetchone()
    assert row == ("café minutes", "café minutes.pdf", "Minutes of the Café Committee",
                   "/corpus/caf%C3%A9%20minutes.pdf#page=1")
    # what the site serves for /corpus/café minutes.pdf: the file whose real name is not UTF-8
    assert find_file(folder, "café minutes.pdf") == folder / LATIN_NAME
    assert find_file(folder, "../café minutes.pdf") is None
    assert "b'caf\\xe9 minutes.pdf'" in result.output  # the real name's bytes, to find it with ls
    # ... and the site serves it at that link
    import asyncio

    from council_plans.site import make_datasette

    site = make_datasette(db, folder)

    async def get(path: str):
        await site.invoke_startup()
        return await site.client.get(path)

    served = asyncio.run(get("/corpus/caf%C3%A9%20minutes.pdf"))
    assert served.status_code == 200 and served.content == (folder / LATIN_NAME).read_bytes()


def test_a_page_with_too_many_rulings_is_read_without_tables_and_flagged(hostile):
    _, db, _ = hostile
    conn = sqlite3.connect(db)
    page, message = conn.execute("select page, message from errors where file = 'grid.pdf'").fetchone()
    assert page == 2 and "more than 5,000 times on page 2" in message
    text = conn.execute("select text from pages where document_id = 'grid' and page = 2").fetchone()[0]
    assert text == "A page of rulings"


def test_garbage_fonts_are_flagged_with_the_pages_they_are_on(hostile):
    _, db, result = hostile
    page, message = sqlite3.connect(db).execute(
        "select page, message from errors where file = 'garbage-fonts.pdf'").fetchone()
    assert page == 1
    assert "2 of 2 pages" in message and "pages 1, 2" in message
    assert "error: garbage-fonts.pdf, page 1: E007 unreadable text" in result.output


def test_a_scan_is_reported_as_needing_ocr(hostile):
    _, db, _ = hostile
    message = sqlite3.connect(db).execute("select message from errors where file = 'scan.pdf'").fetchone()[0]
    assert "2 pages, 2 images, no characters: it needs OCR" in message


def test_the_huge_file_is_refused_before_any_page_is_read(hostile):
    _, db, _ = hostile
    message = sqlite3.connect(db).execute("select message from errors where file = 'huge.pdf'").fetchone()[0]
    assert f"{MAX_PAGES + 1} pages, the limit is {MAX_PAGES}" in message


def test_the_readme_table_lists_exactly_these_cases():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (E\d{3}|–) \|", section, re.MULTILINE)
    assert set(rows) == {(c.label, c.code) for c in HOSTILE + SEPARATE}


# --- readers agree on what is wrong ----------------------------------------------------


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case", [c for c in HOSTILE if c.code in ("E001", "E002", "E003", "E004", "E005", "E006", "E008")],
                         ids=lambda c: c.file)
def test_both_readers_refuse_a_bad_file_with_the_same_code(hostile, case, reader):
    folder, _, _ = hostile
    with pytest.raises(PlansError) as info:
        extract(folder / case.file, reader=reader)
    assert info.value.code == case.code
    assert case.file in info.value.message  # says where
    assert info.value.kind.hint in info.value.message  # and what to do


# --- cases with a build of their own ---------------------------------------------------


def test_a_password_opens_an_encrypted_pdf_and_a_wrong_one_is_reported(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "encrypted.pdf", [[("Secret minutes", 12, False)]], password="hunter2")
    make_pdf(folder / "good.pdf", GOOD)
    db = tmp_path / "plans.db"

    first = build(folder, db, jobs=1)
    assert [(e.file, e.code) for e in first.errors] == [("encrypted.pdf", "E003")]
    assert "no password given" in first.errors[0].message

    wrong = build(folder, db, jobs=1, password="letmein")
    assert [(e.file, e.code) for e in wrong.errors] == [("encrypted.pdf", "E003")]
    assert "the password given does not open it" in wrong.errors[0].message

    # The E003 from the first build is in the cache: a password makes the build try again.
    right = build(folder, db, jobs=1, password="hunter2")
    assert right.errors == [] and right.exit_status == 0
    text = sqlite3.connect(db).execute("select text from pages where document_id = 'encrypted'").fetchone()[0]
    assert text == "Secret minutes"


def test_a_document_over_the_timeout_is_stopped_and_the_others_are_built(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / COMMITTEE_2012, folder / "slow.pdf")  # 99 pages: several seconds to read
    make_pdf(folder / "good.pdf", GOOD)
    result = build(folder, tmp_path / "plans.db", jobs=2, timeout=1.0)
    assert [(e.file, e.code) for e in result.errors] == [("slow.pdf", "E009")]
    assert "stopped after 1 s" in result.errors[0].message and "--timeout" in result.errors[0].message
    assert result.documents == 1 and result.exit_status == 1


def test_a_worker_that_crashes_is_reported_and_costs_no_other_document(tmp_path, monkeypatch):
    import os
    import signal

    import council_plans.build as build_module

    real = build_module.process_file

    def segfault_on_crash_pdf(item, options=None):
        if item.path.name == "crash.pdf":
            os.kill(os.getpid(), signal.SIGSEGV)  # what a PDF library bug does to its process
        return real(item, options)

    monkeypatch.setattr(build_module, "process_file", segfault_on_crash_pdf)
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "crash.pdf", [[("Anything", 12, False)]])
    make_pdf(folder / "good.pdf", GOOD)
    result = build(folder, tmp_path / "plans.db", jobs=2)
    assert [(e.file, e.code) for e in result.errors] == [("crash.pdf", "E014")]
    assert "worker killed by SIGSEGV" in result.errors[0].message
    assert result.documents == 1


def test_timeouts_and_crashes_are_cached_until_a_limit_is_raised_or_forced(tmp_path, monkeypatch):
    import time

    import council_plans.build as build_module

    real = build_module.process_file

    def slow_or_crashing(item, options=None):
        if item.path.name == "slow.pdf":
            time.sleep(1.5)  # what a PDF that sends pdfminer round in circles does, for a while
        if item.path.name == "crash.pdf":
            os.kill(os.getpid(), __import__("signal").SIGSEGV)
        return real(item, options)

    monkeypatch.setattr(build_module, "process_file", slow_or_crashing)
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "slow.pdf", [[("Minutes of Council", 16, True)]])
    make_pdf(folder / "crash.pdf", [[("Anything", 12, False)]])
    make_pdf(folder / "good.pdf", GOOD)
    db = tmp_path / "plans.db"
    first = build(folder, db, jobs=2, timeout=0.5)
    assert sorted((e.file, e.code) for e in first.errors) == [("crash.pdf", "E014"), ("slow.pdf", "E009")]
    make_pdf(folder / "new.pdf", [[("Minutes of Cabinet", 16, True)]])  # something changed: not "up to date"

    again = build(folder, db, jobs=2, timeout=0.5)  # the failures cost nothing the second time
    assert (again.read, again.cached) == (1, 3)
    assert sorted((e.file, e.code) for e in again.errors) == [("crash.pdf", "E014"), ("slow.pdf", "E009")]

    raised = build(folder, db, jobs=2, timeout=30)  # a longer timeout tries the slow one again
    assert (raised.read, [(e.file, e.code) for e in raised.errors]) == (1, [("crash.pdf", "E014")])

    forced = build(folder, db, jobs=2, timeout=30, force=True)  # --force tries everything again
    assert (forced.read, [(e.file, e.code) for e in forced.errors]) == (4, [("crash.pdf", "E014")])


def test_a_flate_bomb_is_stopped_at_the_memory_limit_and_the_others_are_built(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_flate_bomb_pdf(folder / "bomb.pdf", 768)  # 770 KB that pdfium inflates to 768 MB, holding 1.7 GB
    make_pdf(folder / "good.pdf", GOOD)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(folder), "--db", str(tmp_path / "plans.db"), "-q",
                                      "--max-memory", "512"])
    assert result.exit_code == 1
    rows = sqlite3.connect(tmp_path / "plans.db").execute("select file, code, message from errors").fetchall()
    assert [(f, c) for f, c, _ in rows] == [("bomb.pdf", "E016")]
    assert "--max-memory 512 MB" in rows[0][2] and CATALOGUE["E016"].hint in rows[0][2]
    assert "error: bomb.pdf: E016 out of memory" in result.output
    assert sqlite3.connect(tmp_path / "plans.db").execute("select file from documents").fetchall() == [("good.pdf",)]


def test_an_object_that_refers_to_itself_does_not_hang_the_fast_reader(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_self_referencing_pdf(folder / "loop.pdf")  # pdfminer's resolve1 would follow it for ever
    result = build(folder, tmp_path / "plans.db", jobs=1, timeout=60)
    assert result.errors == []
    text = sqlite3.connect(tmp_path / "plans.db").execute("select text from pages").fetchone()[0]
    assert text == "A page whose font is a loop"


def test_max_pages_is_a_setting(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "three-pages.pdf", [[("Page", 11, False)]] * 3)
    result = build(folder, tmp_path / "plans.db", jobs=1, max_pages=2)
    assert [(e.code, e.message.split(": ", 1)[0]) for e in result.errors] == [("E008", "three-pages.pdf")]


def test_fail_fast_stops_at_the_first_failure_and_leaves_the_database(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "good.pdf", GOOD)
    db = tmp_path / "plans.db"
    build(folder, db, jobs=1)
    before = db.read_bytes()
    (folder / "webpage.pdf").write_text("<html>")
    result = CliRunner().invoke(cli, ["build", "--corpus", str(folder), "--db", str(db), "--fail-fast", "-q"])
    assert result.exit_code == 1
    assert "error: webpage.pdf: E001 not a PDF" in result.output and "--fail-fast" in result.output
    assert db.read_bytes() == before


def test_a_failed_publish_leaves_the_old_database_untouched(tmp_path, monkeypatch):
    make_pdf(tmp_path / "a.pdf", [[("Title", 16, True)]])
    db = tmp_path / "plans.db"
    build(tmp_path, db, jobs=1)
    before = db.read_bytes()
    make_pdf(tmp_path / "b.pdf", [[("Another", 16, True)]])

    import council_plans.publish as publish

    def broken(records, path):
        path.write_bytes(b"half written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish, "_write", broken)
    with pytest.raises(RuntimeError):
        build(tmp_path, db, jobs=1)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".plans.db.*"))


def test_bad_manifest_entries_are_reported_one_by_one_and_their_pdfs_still_built(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "good.pdf", GOOD)
    make_pdf(folder / "other.pdf", [[("Minutes of Council", 16, True)]])
    make_pdf(folder / "described.pdf", [[("Agenda", 16, True)]])
    outside = make_pdf(tmp_path / "outside.pdf", [[("Not in the corpus", 16, True)]])
    (folder / "manifest.json").write_text(json.dumps([
        {"file": "good.pdf", "title": 42},  # a number where text belongs
        ["other.pdf", "Minutes"],  # a list instead of an object
        {"file": "../outside.pdf", "title": "Pulled in from outside"},
        {"file": str(outside), "title": "Pulled in by its absolute path"},
        {"file": "other.pdf", "moderngov": {"minutes_file": "../../outside.minutes.json"}},
        {"file": "described.pdf", "title": "Cabinet agenda", "body": "Cabinet"},
    ]))
    result = CliRunner().invoke(cli, ["build", "--corpus", str(folder), "--db", str(tmp_path / "plans.db"), "-q"])
    assert result.exit_code == 1, result.output
    conn = sqlite3.connect(tmp_path / "plans.db")
    errors = conn.execute("select file, code, message from errors order by message").fetchall()
    assert [(f, c) for f, c, _ in errors] == [("manifest.json", "E011")] * 5
    messages = "\n".join(m for _, _, m in errors)
    assert "entry 1 ('good.pdf'): title: Input should be a valid string (found a number (42))" in messages
    assert "entry 2: expected an object with 'file', found a list" in messages
    assert "entry 3 ('../outside.pdf'): file: '../outside.pdf' is not a file name in the corpus folder" in messages
    assert f"entry 4 ({str(outside)!r}): file:" in messages
    assert "entry 5 ('other.pdf'): moderngov.minutes_file: '../../outside.minutes.json' is not a file name" in messages
    assert CATALOGUE["E011"].hint in messages
    documents = dict(conn.execute("select file, metadata_source from documents"))
    # every PDF of the corpus is built, a bad entry's as if it had none; nothing from outside
    assert documents == {"good.pdf": "pages", "other.pdf": "pages", "described.pdf": "manifest"}
    assert len([line for line in result.output.splitlines() if line.startswith("error: manifest.json: E011")]) == 5


@pytest.mark.parametrize("manifest", ["folder", "object", "not json"])
def test_a_manifest_that_is_a_folder_or_not_a_list_is_reported_and_the_corpus_built(tmp_path, manifest):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "good.pdf", GOOD)
    if manifest == "folder":
        (folder / "manifest.json").mkdir()
    else:
        (folder / "manifest.json").write_text('{"file": "good.pdf"}' if manifest == "object" else "[{")
    result = build(folder, tmp_path / "plans.db", jobs=1)
    assert [(e.file, e.code) for e in result.errors] == [("manifest.json", "E011")]
    assert result.documents == 1
