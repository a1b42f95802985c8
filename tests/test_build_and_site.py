"""The built database and the Datasette site over it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import CABINET_2017, ROOT, fetch

from council_plans.site import site_metadata


def test_every_document_is_listed(built_db):
    conn = sqlite3.connect(built_db)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 5
    assert conn.execute("select count(*) from errors").fetchone()[0] == 0


def test_page_search_for_adoption_finds_cabinet_pages_with_pdf_links(built_db):
    conn = sqlite3.connect(built_db)
    rows = conn.execute(
        "select pages.document_id, pages.page, pages.pdf from pages join pages_fts on pages.rowid = pages_fts.rowid "
        "where pages_fts match 'adoption' order by rank"
    ).fetchall()
    cabinet = [r for r in rows if r[0] == Path(CABINET_2017).stem]
    assert len(cabinet) >= 5
    for _, page, pdf in cabinet:
        assert pdf == f"/corpus/{CABINET_2017}#page={page}"


def test_every_record_has_provenance(built_db):
    conn = sqlite3.connect(built_db)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table' and name not like '%fts%'")]
    checked = 0
    for table in tables:
        cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        if table == "errors" or "document_id" not in cols:
            continue
        missing = conn.execute(f"select count(*) from [{table}] where document_id is null or page is null").fetchone()[0]
        assert missing == 0, f"{table} has {missing} rows without document_id/page"
        checked += 1
    assert checked >= 3


def test_rebuild_is_idempotent(built_db, tmp_path):
    from council_plans.build import build

    again = tmp_path / "again.db"
    build(ROOT / "corpus", again, jobs=2)
    a, b = sqlite3.connect(built_db), sqlite3.connect(again)
    for table in ("documents", "pages", "parts"):
        assert sorted(a.execute(f"select id from {table}")) == sorted(b.execute(f"select id from {table}"))


def test_metadata_file_is_generated_from_the_record_types():
    on_disk = json.loads((ROOT / "datasette_metadata.json").read_text())
    assert on_disk == site_metadata(), "run `plans metadata` to regenerate datasette_metadata.json"


def test_metadata_describes_every_table_and_column(built_db):
    tables = site_metadata()["databases"]["plans"]["tables"]
    conn = sqlite3.connect(built_db)
    for (name,) in conn.execute("select name from sqlite_master where type='table' and name not like '%_fts%'"):
        assert name in tables, f"table {name} is not described"
        cols = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
        undocumented = [c for c in cols if not tables[name]["columns"].get(c)]
        assert not undocumented, f"{name}: {undocumented}"


def test_site_lists_documents_and_serves_the_pdfs(site):
    response = fetch(site, "/plans/documents.json?_shape=array")
    assert response.status_code == 200
    assert len(response.json()) == 5
    pdf = fetch(site, f"/corpus/{CABINET_2017}")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    html = fetch(site, "/plans/pages?_search=adoption")
    assert f'href="/corpus/{CABINET_2017}#page=' in html.text
