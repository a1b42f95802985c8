"""An officer subscribes to decisions about a topic: /plans/decisions_about.atom?topic=…"""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from conftest import fetch

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(site, topic: str) -> ET.Element:
    response = fetch(site, f"/plans/decisions_about.atom?{urlencode({'topic': topic})}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_feed_has_an_entry_per_decision_about_the_topic(site):
    rows = fetch(site, "/plans/decisions_about.json?topic=accounts&_shape=array").json()
    root = feed(site, "accounts")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(rows) > 0
    assert root.find(f"{ATOM}title").text == "Decisions about “accounts” — council-plans"
    for entry, row in zip(entries, rows, strict=True):
        assert entry.find(f"{ATOM}title").text.startswith(row["title"])
        assert entry.find(f"{ATOM}link").get("href").endswith(row["title_url"])
        assert entry.find(f"{ATOM}updated").text == f"{row['meeting_date']}T00:00:00Z"
        assert entry.find(f"{ATOM}content").text == row["resolved"]
        assert entry.find(f"{ATOM}id").text.startswith("http")


def test_a_topic_with_no_decision_is_an_empty_valid_feed(site):
    root = feed(site, "adoption")
    assert root.findall(f"{ATOM}entry") == [] and root.find(f"{ATOM}updated") is not None


def test_the_query_page_offers_the_feed(site):
    page = fetch(site, "/plans/decisions_about?topic=accounts")
    assert 'type="application/atom+xml"' in page.text and "decisions_about.atom?topic=accounts" in page.text
    # other queries have no feed
    assert "indicator_series.atom" not in fetch(site, "/plans/indicator_series?name=NEET").text
