"""Incremental builds: a document is read again only when its key changes.

The key is the PDF's sha256, its file name and manifest entry, the read settings and a hash
of the code and rule packs (``council_plans/cache.py``). Linking, the graph and publishing
always rerun from the cached records, so a build from the cache must give the same database
as a build that reads everything.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from conftest import CORPUS, SERVICE_PLAN_2022
from pdfgen import make_pdf, text_page

import council_plans.cache as cache
from council_plans.build import CACHE_FOLDER, build


def minutes(title: str) -> list:
    return [text_page([f"**{title}", "", "The Cabinet met on 3 July 2017.", "Resolved that the plan be adopted."])]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "cabinet.pdf", minutes("Minutes of Cabinet"))
    shutil.copy(CORPUS / SERVICE_PLAN_2022, folder / SERVICE_PLAN_2022)
    return folder


def rows(db) -> dict[str, list]:
    """Every row of every table (full-text indexes aside), in a stable order."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name not like '%fts%'")]
    return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in tables}


def test_an_unchanged_rebuild_reads_nothing_and_leaves_the_database_as_it_was(corpus, tmp_path):
    db = tmp_path / "plans.db"
    first = build(corpus, db, jobs=2)
    assert (first.read, first.cached) == (2, 0)
    written = db.stat().st_mtime_ns
    again = build(corpus, db, jobs=2)
    assert again.unchanged and (again.read, again.cached) == (0, 2)
    assert db.stat().st_mtime_ns == written
    assert again.counts == {t: n for t, n in first.counts.items()}
    assert again.exit_status == 0


def test_adding_a_pdf_reads_only_that_pdf_and_gives_the_same_database_as_reading_all(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    make_pdf(corpus / "council.pdf", minutes("Minutes of Council"))
    added = build(corpus, db, jobs=2)
    assert (added.read, added.cached, added.documents) == (1, 2, 3)

    everything = tmp_path / "everything.db"
    fresh = build(corpus, everything, jobs=2, cache=False)
    assert fresh.read == 3
    assert rows(db) == rows(everything)


def test_force_reads_every_document_again(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    forced = build(corpus, db, jobs=2, force=True)
    assert (forced.read, forced.cached) == (2, 0) and not forced.unchanged


def test_a_replaced_pdf_is_read_again_and_the_others_are_not(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    make_pdf(corpus / "cabinet.pdf", minutes("Minutes of the Extraordinary Cabinet"))
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (1, 1)
    titles = [r[0] for r in sqlite3.connect(db).execute("select text from pages where document_id = 'cabinet'")]
    assert "Minutes of the Extraordinary Cabinet" in titles[0]


def test_a_changed_manifest_entry_rereads_that_document_only(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    (corpus / "manifest.json").write_text(json.dumps([{"file": "cabinet.pdf", "title": "Cabinet, 3 July 2017"}]))
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (1, 1)
    title = sqlite3.connect(db).execute("select title from documents where id = 'cabinet'").fetchone()[0]
    assert title == "Cabinet, 3 July 2017"


def test_a_changed_rule_pack_changes_the_code_version(tmp_path, monkeypatch):
    copy = tmp_path / "tree"
    for folder in cache.CODE_FOLDERS:
        shutil.copytree(cache.ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for file in cache.CODE_FILES:
        (copy / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache.ROOT / file, copy / file)
    monkeypatch.setattr(cache, "ROOT", copy)
    monkeypatch.setattr(cache, "_code_versions", {})
    before = cache.code_version()
    pack = copy / "rules" / "packs" / "minutes.yaml"
    pack.write_text(pack.read_text() + "\n# one more comment\n")
    monkeypatch.setattr(cache, "_code_versions", {})
    assert cache.code_version() != before


def test_documents_are_read_again_when_the_code_changes_and_old_entries_are_pruned(corpus, tmp_path, monkeypatch):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    folder = tmp_path / CACHE_FOLDER
    old = [p.name for p in folder.iterdir() if p.is_dir()]
    assert len(old) == 1 and old[0] == cache.code_version()[:16]

    monkeypatch.setattr(cache, "code_version", lambda *args: "f" * 64)  # as if a rule had changed
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (2, 0)
    assert [p.name for p in folder.iterdir() if p.is_dir()] == ["f" * 16]


def test_a_damaged_cache_entry_is_a_miss_not_an_error(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    for entry in (tmp_path / CACHE_FOLDER).rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    (tmp_path / CACHE_FOLDER / "plans.db.state.json").unlink()
    result = build(corpus, db, jobs=2)
    assert (result.read, result.errors) == (2, [])
