"""The served site against hostile requests and a hostile corpus folder: each case of the
README's "Hostile requests" table is made here and asked of the site as `plans serve` serves
it (Datasette's in-process client), and the table lists exactly these cases.

The corpus folder holds what users drop into it: PDFs named with a space, accents, ``#``,
``%`` and a quote (listed by the database, so served), and files the site must never serve —
manifest.json, a PDF the database does not list, a symbolic link to a file outside the
folder, a symbolic link loop, a named pipe called ``*.pdf``, a folder called ``*.pdf``, and
a documents row naming ``../secret.pdf``.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import pytest
from conftest import CORPUS, ROOT, SERVICE_PLAN_2022

from council_plans.publish import pdf_link

ODD_NAMES = ["Annual report 2023.pdf", "Rapport annuel – été.pdf", "Item #4.pdf", "100% recycled.pdf",
             "Leader's \"update\".pdf"]
NEVER_SERVED = ["not-listed.pdf", "link-out.pdf", "loop.pdf", "pipe.pdf", "folder.pdf"]


@pytest.fixture(scope="module")
def hostile(built_db, tmp_path_factory):
    """(site, allow_sql site, corpus folder, bytes of the PDF every odd name holds)."""
    from council_plans.site import make_datasette

    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in os.listdir(CORPUS):
        shutil.copy(CORPUS / name, corpus / name)
    pdf = (CORPUS / SERVICE_PLAN_2022).read_bytes()
    for name in [*ODD_NAMES, "not-listed.pdf"]:
        (corpus / name).write_bytes(pdf)
    (root / "secret.pdf").write_bytes(b"%PDF-1.4 outside the corpus")
    os.symlink(root / "secret.pdf", corpus / "link-out.pdf")
    os.symlink("loop.pdf", corpus / "loop.pdf")
    os.mkfifo(corpus / "pipe.pdf")
    (corpus / "folder.pdf").mkdir()
    db = root / "plans.db"
    shutil.copy(built_db, db)
    with sqlite3.connect(db) as conn:
        for i, name in enumerate([*ODD_NAMES, *[n for n in NEVER_SERVED if n != "not-listed.pdf"], "../secret.pdf"]):
            conn.execute("insert into documents (id, file) values (?, ?)", [f"hostile-{i}", name])
    return make_datasette(db, corpus), make_datasette(db, corpus, allow_sql=True), corpus, pdf


def get(site, path: str, timeout: float = 60):
    """GET through Datasette's client, failing (not hanging) if the site never answers."""
    async def go():
        return await asyncio.wait_for(site.client.get(path), timeout)

    return asyncio.run(go())


PRINTF = "select printf('%.*c', 300000000, 'x')"


@dataclass
class Case:
    label: str  # as in the README table
    path: str
    status: int
    says: str  # the text the visitor sees
    allow_sql: bool = False  # asked of a site served with --allow-sql


CASES = [
    Case("SQL typed in: `/plans?sql=select printf('%.*c', 300000000, 'x')`", f"/plans?sql={quote_plus(PRINTF)}",
         403, "This site does not run SQL typed in"),
    Case("a table filter written in SQL: `?_where=`", "/plans/decisions?_where=1%3D1", 403, "_where= is not allowed"),
    Case("the same printf as a canned query's topic", f"/plans/decisions_about?topic={quote_plus(PRINTF)}", 200, "0 results"),
    Case("a canned query's name of 3,000 LIKE wildcards", "/plans/plan_links_about?name=" + "%25_" * 3000, 400,
         "LIKE or GLOB pattern too complex"),
    Case("a table search of one double quote: `?_search=\"`", "/plans/decisions?_search=%22", 200, "0 rows"),
    Case("a site search of one double quote", "/-/search?q=%22", 200, "There is no word to search for"),
    Case("a site search of 5,000 words", "/-/search?q=" + "+".join(["adoption"] * 5000), 200,
         "Only the first 12 words were searched"),
    Case("a site search of one 5,000-character word", "/-/search?q=" + "x" * 5000, 200, "No decisions mention"),
    Case("a PDF named with a space, accents, `#`, `%` or a quote", "", 200, "%PDF-"),
    Case("a file in the corpus folder the database does not list (manifest.json, another PDF)",
         "/corpus/not-listed.pdf", 404, "There is no document"),
    Case("a symbolic link to a file outside the corpus folder", "/corpus/link-out.pdf", 404, "There is no document"),
    Case("a symbolic link loop", "/corpus/loop.pdf", 404, "There is no document"),
    Case("a named pipe called `*.pdf`", "/corpus/pipe.pdf", 404, "There is no document"),
    Case("`..` in a PDF's address (even one the database lists)", "/corpus/..%2Fsecret.pdf", 404, "There is no document"),
    Case("a PDF that is not there", "/corpus/no-such-file.pdf", 404, "There is no document “no-such-file.pdf”"),
    Case("a page that is not there: `/-/no-such-page`", "/-/no-such-page", 404, "There is no page at /-/no-such-page"),
    Case("the server's paths: `/-/databases`, `/-/threads`, `/-/plugins`", "/-/databases", 404, "There is no page at"),
    Case("with `--allow-sql`: the same printf", f"/plans.json?sql={quote_plus(PRINTF)}", 200, '"rows": [[null]]',
         allow_sql=True),
    Case("with `--allow-sql`: a result over 20 MB", "/plans.json?sql=" + quote_plus(
        "select printf('%.*c', 900000, 'x') as a from pages"), 400, "The result is larger than 20 MB", allow_sql=True),
]


@pytest.mark.parametrize("case", [c for c in CASES if c.path], ids=lambda c: c.label[:60])
def test_a_hostile_request_gets_a_bounded_clear_answer(hostile, case):
    site, local, _, _ = hostile
    page = get(local if case.allow_sql else site, case.path)
    assert page.status_code == case.status, page.text[-2000:]
    assert case.says in page.text
    assert len(page.content) < 2_000_000  # never the 300 MB string, nor a page of it
    assert "Traceback" not in page.text
    if case.status >= 400 and not case.path.split("?")[0].endswith(".json"):
        assert "site.css" in page.text and 'action="/-/search"' in page.text  # the site's own error page
        assert "select printf" not in page.text.split("<textarea")[0].lower()  # no SQL echoed in it


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_pdf_with_an_odd_name_is_served_from_the_link_the_site_makes(hostile, name):
    site, _, _, pdf = hostile
    link = pdf_link(name, 3)
    page = get(site, link.split("#")[0])
    assert page.status_code == 200, link
    assert page.content == pdf and page.headers["content-type"] == "application/pdf"
    assert page.headers["content-length"] == str(len(pdf))


def test_a_folder_named_like_a_pdf_and_invalid_utf8_are_not_found(hostile):
    site, _, _, _ = hostile
    for path in ("/corpus/folder.pdf", "/corpus/%ff%fe.pdf", "/corpus/manifest.json"):
        page = get(site, path)
        assert page.status_code == 404 and "There is no document" in page.text, path


def test_named_pipes_do_not_hold_the_server(hostile):
    """Six requests for a named pipe at once, then a PDF: each answers (it used to block a
    thread for good, and six stopped all PDF serving)."""
    site, _, _, pdf = hostile

    async def go():
        pipes = [site.client.get("/corpus/pipe.pdf") for _ in range(6)]
        answers = await asyncio.wait_for(asyncio.gather(*pipes), 30)
        after = await asyncio.wait_for(site.client.get(pdf_link(ODD_NAMES[0], None)), 30)
        return answers, after

    answers, after = asyncio.run(go())
    assert [a.status_code for a in answers] == [404] * 6
    assert after.status_code == 200 and after.content == pdf


def test_what_the_public_can_still_do_without_sql(hostile, built_db):
    site, _, _, _ = hostile
    minute = sqlite3.connect(built_db).execute("select minute_number from decisions where title like '%Accounts%'").fetchone()[0]
    checks = {
        "/plans/decisions_about?topic=accounts": "Statement of Accounts",  # a canned query
        f"/plans/decisions?minute_number={quote_plus(minute)}": "Statement of Accounts",  # a table filter
        "/plans/decisions?_facet=status": 'class="facet-info',  # a facet
        "/plans/decisions?_search=accounts": "Statement of Accounts",  # a table's full-text search
        "/-/search?q=adoption": "<mark>",  # the site's search
    }
    for path, text in checks.items():
        page = get(site, path)
        assert page.status_code == 200 and text in page.text, path


def test_every_kind_of_response_carries_the_security_headers(hostile):
    site, _, _, _ = hostile
    for path in ("/", "/-/search?q=adoption", "/plans/decisions", "/plans/decisions.json", "/plans/decisions.csv",
                 "/plans/decisions_about.atom?topic=plan", pdf_link(ODD_NAMES[1], None), "/site-static/site.css",
                 "/-/static/app.css", "/robots.txt", "/-/no-such-page", "/corpus/loop.pdf", "/plans?sql=select+1"):
        headers = get(site, path).headers
        csp = headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
        assert headers.get("x-frame-options") == "DENY", path
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "same-origin", path


def test_only_datasettes_pages_allow_inline_styles(hostile):
    site, _, _, _ = hostile
    assert "'unsafe-inline'" not in get(site, "/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in get(site, "/-/search?q=x").headers["content-security-policy"]
    table = get(site, "/plans/decisions").headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in table
    assert "'unsafe-inline'" not in table.split("script-src", 1)[1].split(";")[0]  # never for scripts


def test_the_csp_allows_exactly_the_inline_scripts_datasette_sends(hostile):
    import base64
    import hashlib

    site, _, _, _ = hostile
    page = get(site, "/plans/decisions")
    scripts = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    assert scripts  # the facet flag and the menus
    csp = page.headers["content-security-policy"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_a_500_does_not_show_the_error():
    """An unexpected exception (which may hold SQL or paths) is logged, not shown."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("error_pages", ROOT / "site" / "plugins" / "error_pages.py")
    error_pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(error_pages)
    status, _, message = error_pages.describe(RuntimeError("no such column: secret in select secret from x"), "/p")
    assert status == 500 and "secret" not in str(message) and "select" not in str(message)


def test_search_queries_are_bounded_and_quoted():
    from council_plans.search import MAX_TERMS, parse_query

    assert parse_query('"').fts == '""'
    assert parse_query('adoption AND NEAR( "foster care" *').terms == ("adoption", "AND", "NEAR(", "foster care")
    assert parse_query('adoption AND').fts == '"adoption" "AND"'  # AND is a word, not an operator
    many = parse_query(" ".join(f"w{i}" for i in range(500)))
    assert len(many.terms) == MAX_TERMS and many.cut
    assert parse_query('say "a""b"').fts.count('"') % 2 == 0


def test_the_readme_table_lists_exactly_these_cases():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Hostile requests", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (\d{3}) \|", section, re.MULTILINE)
    assert set(rows) == {(c.label, str(c.status)) for c in CASES}


def test_odd_names_are_linked_percent_encoded_once():
    for name in ODD_NAMES:
        link = pdf_link(name, 2)
        assert link.endswith("#page=2") and "#" not in link[:-len("#page=2")] and " " not in link
        assert quote(name) in link
