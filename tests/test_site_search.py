"""One ranked search at /-/search: every kind of record, ranked by bm25 within its kind, with
highlighted snippets, each hit linking to its own page and its PDF page — in the HTML the
server sends (no JavaScript needed to see results)."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote_plus

import markupsafe
import pytest
from conftest import fetch


def groups(page) -> dict[str, str]:
    """The HTML of each kind's section of a results page, by table name."""
    return dict(re.findall(r'<section class="search-group" id="(\w+)">(.*?)</section>', page.text, re.S))


def test_adoption_finds_recommendations_reports_and_pages_with_highlights(site):
    page = fetch(site, "/-/search?q=adoption")
    assert page.status_code == 200
    found = groups(page)
    assert {"recommendations", "reports", "pages"} <= set(found)
    assert "<mark>Adoption</mark>" in found["reports"] or "<mark>adoption</mark>" in found["reports"]
    assert "It is recommended that the contents of this report are noted and accepted." in found["recommendations"]
    assert "<mark>" in found["pages"]


def test_foster_finds_plan_actions_activities_and_pages(site):
    found = groups(fetch(site, "/-/search?q=foster"))
    assert {"actions", "activities", "pages"} <= set(found)
    assert all("<mark>" in found[k] for k in ("actions", "activities", "pages"))


def test_an_empty_kind_says_so(site):
    page = fetch(site, "/-/search?q=adoption")
    # No resolution in the corpus mentions adoption: the officer is told, not shown nothing.
    assert "No decisions mention “adoption”" in page.text


def test_hits_are_ranked_by_bm25_within_their_kind(site, built_db):
    conn = sqlite3.connect(built_db)
    expected = [r[0] for r in conn.execute(
        "select pages.id from pages_fts join pages on pages.rowid = pages_fts.rowid "
        "where pages_fts match 'adoption' order by bm25(pages_fts) limit 10")]
    shown = re.findall(r'href="/plans/pages/(\w+)"', groups(fetch(site, "/-/search?q=adoption"))["pages"])
    assert shown[:10] == expected


def test_every_hit_links_to_its_page_and_its_pdf_page(site):
    found = groups(fetch(site, "/-/search?q=foster"))
    assert len(found) >= 4
    for kind, section in found.items():
        hits = re.findall(r'<li class="hit">(.*?)</li>', section, re.S)
        assert hits or 'class="none"' in section, kind
        for hit in hits:
            assert re.search(r'class="hit-title" href="/(-/(mission|decision|meeting|indicator)|plans)/', hit), hit
            assert re.search(r'class="pdf" href="/corpus/[^"]+#page=\d+"', hit), hit


def test_a_recommendation_is_found_through_its_report(site, built_db):
    # "It is recommended that the contents of this report are noted" says nothing about adoption;
    # its report's title does.
    page = fetch(site, "/-/search?q=adoption")
    assert "A recommendation of a report that mentions “adoption”." in groups(page)["recommendations"]


def test_more_hits_link_to_the_table_search(site):
    page = fetch(site, "/-/search?q=adoption")
    assert f'href="/plans/pages?_search={quote_plus("adoption")}"' in page.text


@pytest.mark.parametrize("q", ['"adoption', "adoption AND", "NEAR(", "*", "'; drop table decisions; --", "<script>"])
def test_any_text_is_a_safe_query(site, q):
    page = fetch(site, f"/-/search?q={quote_plus(q)}")
    assert page.status_code == 200
    assert "<script>" not in page.text.split("</h1>")[0]  # the query is echoed escaped
    assert f"Search: “{markupsafe.escape(q)}”" in page.text


def test_no_query_shows_the_search_box_only(site):
    page = fetch(site, "/-/search")
    assert page.status_code == 200 and 'name="q"' in page.text and "search-group" not in page.text
