"""The site whatever its database file is called, and as a build replaces that file.

- Served from ``wiltshire.db``, every link of the home page and of the pages it links to (and
  a sample of the record pages those link to) answers — none assumes a file called plans.db.
- A rebuild swapped in while the site runs (a new file renamed over the old, as ``plans
  build`` does) is what the next request shows, home page included, without a restart.
- The home page is read from the database once per file, not on every request.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import shutil
import sqlite3
from urllib.parse import urlsplit

import pytest
from conftest import CORPUS

from council_plans.site import make_datasette

RECORD_PAGE = re.compile(r"^/(-/(decision|meeting|mission|indicator)/[^/?#]+|plans/\w+/[^/?#]+)$")


def links(page_html: str) -> list[str]:
    """The site's own addresses a page links to (no fragments, no other sites)."""
    out = []
    for href in re.findall(r'href="([^"]+)"', page_html):
        href = html.unescape(href).split("#")[0]
        if href.startswith("/") and not href.startswith("//") and href:
            out.append(href)
    return list(dict.fromkeys(out))


def get(site, path: str):
    return asyncio.run(site.client.get(path))


@pytest.fixture(scope="module")
def renamed(built_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("renamed") / "wiltshire.db"
    shutil.copy(built_db, db)
    return make_datasette(db, CORPUS)


def test_every_link_works_when_the_file_has_another_name(renamed):
    home = get(renamed, "/")
    assert home.status_code == 200
    first = [p for p in links(home.text) if not p.startswith("/-/static/")]
    assert len(first) >= 20 and "/plans/meetings" in first and "/plans/mission_overview" in first
    broken, records = [], []
    for path in first:
        page = get(renamed, path)
        if page.status_code == 404 or page.status_code >= 500:
            broken.append((path, page.status_code))
            continue
        if "text/html" in page.headers.get("content-type", ""):
            records += [p for p in links(page.text) if RECORD_PAGE.match(urlsplit(p).path) and p not in first]
    sample = list(dict.fromkeys(records))[::7][:40]  # every seventh: all kinds, in a bounded time
    assert len(sample) >= 10
    for path in sample:
        status = get(renamed, path).status_code
        if status == 404 or status >= 500:
            broken.append((path, status))
    assert broken == []


def test_the_database_is_served_as_plans_whatever_the_file(renamed):
    assert get(renamed, "/plans/decisions").status_code == 200
    assert get(renamed, "/wiltshire/decisions").status_code == 404
    assert "hidden_columns" in str(renamed.metadata("databases")["plans"]["tables"]["decisions"])  # options apply


def swap_in(db, change: str) -> None:
    """A rebuild as `plans build` does it: a new file, complete, renamed over the old one."""
    new = db.with_name("plans.db.new")
    shutil.copy(db, new)
    with sqlite3.connect(new) as conn:
        conn.execute(change)
    os.replace(new, db)


def test_a_rebuild_is_served_without_a_restart(built_db, tmp_path):
    db = tmp_path / "plans.db"
    shutil.copy(built_db, db)
    site = make_datasette(db, CORPUS)
    meeting = sqlite3.connect(db).execute("select id, body from meetings order by date desc limit 1").fetchone()
    assert meeting[1] in get(site, "/").text and get(site, f"/-/meeting/{meeting[0]}").status_code == 200

    swap_in(db, f"update meetings set body = 'Rebuilt Committee' where id = '{meeting[0]}'")
    assert "Rebuilt Committee" in get(site, "/").text  # the cached home page too
    assert "Rebuilt Committee" in get(site, f"/-/meeting/{meeting[0]}").text
    assert "Rebuilt Committee" in get(site, "/plans/meetings").text

    swap_in(db, "delete from decisions")
    assert get(site, "/plans/decisions.json?_shape=array").json() == []
    assert get(site, "/plans/decisions_about?topic=accounts").status_code == 200


def test_the_home_page_reads_the_database_once_per_file(built_db, tmp_path, monkeypatch):
    from council_plans.served_database import ServedDatabase

    db = tmp_path / "plans.db"
    shutil.copy(built_db, db)
    site = make_datasette(db, CORPUS)
    queries: list[str] = []
    execute = ServedDatabase.execute

    async def counted(self, sql, *args, **kwargs):
        queries.append(sql)
        return await execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(ServedDatabase, "execute", counted)
    first = get(site, "/")
    assert first.status_code == 200 and queries
    queries.clear()
    assert get(site, "/").text == first.text
    assert get(site, "/-/about").status_code == 200
    queries.clear()
    get(site, "/")
    get(site, "/-/about")
    assert queries == []
