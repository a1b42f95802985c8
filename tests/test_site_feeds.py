"""Alerts on any search: every search and every filtered table page offers an Atom feed of its
newest matching records (council_plans/feeds.py), each entry linking to the record's page and
its PDF page. Feeds are checked against RFC 4287's required elements, not only parsed."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from conftest import fetch
from pdfgen import make_pdf, text_page

from council_plans.build import build
from council_plans.feeds import FEED_LIMIT, where_of_table_sql, xml_text
from council_plans.site import make_datasette

NS = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def valid_atom(body: bytes) -> ET.Element:
    """The feed, after checking what RFC 4287 requires: a feed with one id (an absolute IRI),
    title and updated (RFC 3339), an author (for entries without their own), a self link; each
    entry with one id (unique), title and updated and an alternate link (it has no content)."""
    root = ET.fromstring(body)
    assert root.tag == f"{NS}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{NS}{name}")) == 1, name
    assert re.match(r"^https?://", root.find(f"{NS}id").text)
    assert RFC3339.match(root.find(f"{NS}updated").text)
    assert root.find(f"{NS}author/{NS}name").text
    assert [lk.get("rel") for lk in root.findall(f"{NS}link")].count("self") == 1
    ids = []
    for entry in root.findall(f"{NS}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{NS}{name}")) == 1, name
        assert RFC3339.match(entry.find(f"{NS}updated").text)
        assert entry.find(f"{NS}title").text
        alternates = [lk for lk in entry.findall(f"{NS}link") if lk.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and re.match(r"^https?://", alternates[0].get("href"))
        ids.append(entry.find(f"{NS}id").text)
    assert len(ids) == len(set(ids)) and all(re.match(r"^https?://", i) for i in ids)
    return root


def minutes(council: str, body: str, date: str, items: list[tuple[str, str]]) -> list[str]:
    rows = [f"**{council}", "", f"**Minutes of the {body} meeting held on {date} at 7.00 pm", "",
            "Present: Councillor Ruth Penn, Councillor Omar Hale", ""]
    for n, (title, resolved) in enumerate(items, start=5):
        rows += [f"**{n} {title}", "Members considered the report.", "", f"RESOLVED: {resolved}", ""]
    return rows


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds")
    corpus = tmp / "corpus"
    corpus.mkdir()
    council = "Eastmere Town Council"
    meetings = {
        "planning-2023-03": ("Planning Committee", "8 March 2023", [("Land at Mill Lane", "That the application be refused."),
                                                                     ("Orchard Close", "That the application be approved.")]),
        "planning-2023-09": ("Planning Committee", "13 September 2023", [("Mill Lane appeal", "That the appeal be noted.")]),
        "finance-2023-06": ("Finance Committee", "14 June 2023", [("Mill Lane car park charges", "That the charges be frozen."),
                                                                   ("Internal audit", "That the audit report be received.")]),
    }
    for name, (body, date, items) in meetings.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(minutes(council, body, date, items))])
    build(corpus, tmp / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp / "plans.db")
    conn.row_factory = sqlite3.Row
    return make_datasette(tmp / "plans.db", corpus), conn


def entries(root: ET.Element) -> list[dict[str, str]]:
    out = []
    for e in root.findall(f"{NS}entry"):
        links = {lk.get("rel"): lk.get("href") for lk in e.findall(f"{NS}link")}
        out.append({"title": e.find(f"{NS}title").text, "updated": e.find(f"{NS}updated").text,
                    "link": links.get("alternate"), "pdf": links.get("related"),
                    "kind": e.find(f"{NS}category").get("term")})
    return out


def test_a_search_has_a_feed_of_its_newest_matches(feed_site):
    site, _ = feed_site
    page = fetch(site, "/-/search?q=Mill+Lane").text
    assert 'type="application/atom+xml"' in page and 'href="/-/search.atom?q=Mill+Lane"' in page
    response = fetch(site, "/-/search.atom?q=Mill+Lane")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    got = entries(valid_atom(response.content))
    decisions = [e for e in got if e["kind"] == "decisions"]
    # the three decisions about Mill Lane, newest meeting first; Orchard Close and the audit are not
    assert [d["title"] for d in decisions] == ["Mill Lane appeal", "Mill Lane car park charges", "Land at Mill Lane"]
    assert [d["updated"][:10] for d in decisions] == ["2023-09-13", "2023-06-14", "2023-03-08"]
    assert all("/-/decision/" in d["link"] for d in decisions)
    assert decisions[0]["pdf"].endswith("/corpus/planning-2023-09.pdf#page=1")
    # across kinds too, newest first
    assert [e["updated"] for e in got] == sorted((e["updated"] for e in got), reverse=True)


def test_a_search_of_no_word_is_an_empty_valid_feed(feed_site):
    site, _ = feed_site
    root = valid_atom(fetch(site, "/-/search.atom?" + urlencode({"q": '" * -'})).content)
    assert root.findall(f"{NS}entry") == []


def test_a_filtered_table_has_a_feed_of_its_newest_matching_rows(feed_site):
    site, conn = feed_site
    meeting = conn.execute("select id from meetings where date = '2023-03-08'").fetchone()["id"]
    page = fetch(site, f"/plans/decisions?meeting_id={meeting}").text
    announced = re.search(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)"', page)
    assert announced and announced.group(2).startswith(f"/plans/decisions.atom?meeting_id={meeting}")
    assert announced.group(1) == f"decisions where meeting_id = &#34;{meeting}&#34;, newest first"
    # sorted by title on the page: the feed is still newest first, with the same filter
    root = valid_atom(fetch(site, f"/plans/decisions.atom?meeting_id={meeting}&_sort=title").content)
    got = entries(root)
    assert sorted(e["title"] for e in got) == ["Land at Mill Lane", "Orchard Close"]
    assert {e["updated"] for e in got} == {"2023-03-08T00:00:00Z"}
    assert all("/-/decision/" in e["link"] and e["pdf"].endswith("/corpus/planning-2023-03.pdf#page=1") for e in got)
    assert root.find(f"{NS}title").text == f'Decisions where meeting_id = "{meeting}" — council-plans'


def test_a_table_search_feed_keeps_the_search_and_orders_by_date(feed_site):
    site, _ = feed_site
    got = entries(valid_atom(fetch(site, "/plans/decisions.atom?_search=Mill").content))
    assert [e["title"] for e in got] == ["Mill Lane appeal", "Mill Lane car park charges", "Land at Mill Lane"]
    meetings = entries(valid_atom(fetch(site, "/plans/meetings.atom?body=Finance+Committee").content))
    assert len(meetings) == 1 and "/-/meeting/" in meetings[0]["link"]


def test_feeds_are_bounded(feed_site):
    site, _ = feed_site
    assert FEED_LIMIT <= 100
    root = valid_atom(fetch(site, "/plans/attendance.atom").content)
    assert 0 < len(root.findall(f"{NS}entry")) <= FEED_LIMIT


def test_the_filtering_part_of_a_table_query():
    sql = "select id, title from [decisions] where \"meeting_id\" = :p0 order by [title] limit 101"
    assert where_of_table_sql(sql, "decisions") == 'where "meeting_id" = :p0'
    assert where_of_table_sql("select id from [decisions]  order by rowid limit 101 offset 200", "decisions") == ""
    with pytest.raises(ValueError):
        where_of_table_sql("select 1", "decisions")


def test_text_xml_cannot_hold_is_dropped():
    assert xml_text("a\x02b\x0cc\ufffe") == "abc"
