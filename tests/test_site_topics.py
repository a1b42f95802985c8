"""Where attention went, on the site: /-/topics compares plan editions and years per policy
topic, every bar leads to the records behind it, topics are facets, a filter on the search page
and a line on mission and decision pages."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from urllib.parse import parse_qs, urlparse

from conftest import fetch


def _bars(page_text: str, query: str) -> list[tuple[dict[str, str], int]]:
    """Each bar linking to ``query``: its parameters and the count it shows."""
    out = []
    for href, label in re.findall(rf'<a class="topic-bar" href="(/plans/{query}\?[^"]+)"[^>]*>.*?<span class="bar-label">(.*?)</span>',
                                  page_text, re.S):
        params = {k: v[0] for k, v in parse_qs(urlparse(html.unescape(href)).query, keep_blank_values=True).items()}
        n = int(re.search(r"\((\d+)\)", label).group(1)) if "(" in label else int(label)
        out.append((params, n))
    return out


def test_the_topics_page_puts_the_three_wiltshire_editions_side_by_side(site):
    page = fetch(site, "/-/topics")
    assert page.status_code == 200
    heads = re.findall(r'<span class="edition-title">([^<]+)</span>', page.text)
    assert [h.strip() for h in heads] == ["Wiltshire Council Business Plan 2013/17", "Wiltshire Council Business Plan 2017-2027",
                                          "Wiltshire Council Business Plan 2022 to 2032"]
    assert "attention grew most on" in page.text and "points" in page.text
    assert "<script" not in page.text.split("<body")[1].split("Powered by")[0]
    assert ' style="' not in page.text.split("<body")[1].split("Powered by")[0]


def test_each_edition_bar_counts_exactly_the_elements_it_links_to(site, built_db):
    page = fetch(site, "/-/topics")
    bars = _bars(page.text, "topic_elements")
    assert len(bars) > 15
    conn = sqlite3.connect(built_db)
    for params, n in bars:
        assert params["level"] == "elements" and params["topic"].isdigit()
        rows = json.loads(fetch(site, "/plans/topic_elements.json?" + "&".join(f"{k}={v}" for k, v in params.items())
                                + "&_shape=array").text)
        assert len(rows) == n, params
        expected = conn.execute("select (select count(*) from missions where plan_id = :plan and topic = :topic) + "
                                "(select count(*) from priorities where plan_id = :plan and topic = :topic)",
                                params).fetchone()[0]
        assert expected == n and all(r["topic_name"] for r in rows)


def test_the_shares_of_an_edition_add_up_to_its_policy_coded_elements(site, built_db):
    page = fetch(site, "/-/topics?level=actions")
    by_plan: dict[str, int] = {}
    for params, n in _bars(page.text, "topic_elements"):
        assert params["level"] == "actions"
        by_plan[params["plan"]] = by_plan.get(params["plan"], 0) + n
    conn = sqlite3.connect(built_db)
    for plan, total in by_plan.items():
        assert total == conn.execute("select count(*) from actions where plan_id = ? and topic glob '[0-9]*'",
                                     (plan,)).fetchone()[0]


def test_decisions_per_topic_per_year_link_to_the_decisions_counted(site, built_db):
    page = fetch(site, "/-/topics")
    bars = _bars(page.text, "topic_decisions")
    assert bars and sum(n for _, n in bars) == sqlite3.connect(built_db).execute("select count(*) from decisions").fetchone()[0]
    for params, n in bars:
        assert params["year"] == "2017" and params["council"] == "Wiltshire Council"
        rows = json.loads(fetch(site, "/plans/topic_decisions.json?_shape=array&" +
                                "&".join(f"{k}={v}" for k, v in params.items())).text)
        assert len(rows) == n


def test_the_topics_page_refuses_an_unknown_level_or_council(site):
    assert fetch(site, "/-/topics?level=everything").status_code == 404
    assert "no council" in fetch(site, "/-/topics?council=Atlantis").text
    assert fetch(site, "/-/topics?council=Wiltshire+Council").status_code == 200


def test_the_home_page_leads_to_the_topics_page_in_one_click(site):
    home = fetch(site, "/")
    assert re.search(r'<a class="start" href="/-/topics">Where the council.s attention went</a>', home.text)


def test_mission_and_decision_pages_show_their_topic(site, built_db):
    conn = sqlite3.connect(built_db)
    mission_id, plan_id, name = conn.execute("select id, plan_id, topic_name from missions where name = 'We have the right housing'").fetchone()
    page = fetch(site, f"/-/mission/{mission_id}")
    assert f'Policy topic: <a href="/plans/topic_elements?plan={plan_id}&amp;topic=14&amp;level=">{name}</a>' in page.text
    decision_id, name = conn.execute("select id, topic_name from decisions where title = 'Wiltshire Housing Site Allocations Plan'").fetchone()
    page = fetch(site, f"/-/decision/{decision_id}")
    assert f'Policy topic: <a href="/plans/topic_decisions?topic=14&amp;year=&amp;council=">{name}</a>' in page.text


def test_the_search_page_filters_by_topic(site, built_db):
    every = fetch(site, "/-/search?q=children")
    only = fetch(site, "/-/search?q=children&topic=12")
    assert '<option value="12" selected>' in only.text and "Only records coded to the policy topic" in only.text
    assert 'id="pages"' in every.text and 'id="pages"' not in only.text  # pages carry no topic
    conn = sqlite3.connect(built_db)
    checked = 0
    for table, section in re.findall(r'<section class="search-group" id="(\w+)">(.*?)</section>', only.text, re.S):
        if table in ("decisions", "missions"):  # hits that link to their own record's page
            for ident in re.findall(r'class="hit-title" href="/-/\w+/(\w+)"', section):
                assert conn.execute(f"select topic from {table} where id = ?", (ident,)).fetchone()[0] == "12"
                checked += 1
    assert checked
    count = lambda text: int(re.search(r"([\d,]+) match", text).group(1).replace(",", ""))  # noqa: E731
    assert 0 < count(only.text) < count(every.text)
    assert "Only records coded" not in fetch(site, "/-/search?q=children&topic=nonsense").text


def test_every_coded_table_has_a_topic_facet(site):
    metadata = json.loads(fetch(site, "/-/metadata.json").text)["databases"]["plans"]["tables"]
    for table in ("decisions", "recommendations", "reports", "priorities", "missions", "actions", "plan_themes",
                  "metrics", "activities", "indicators"):
        assert "topic_name" in metadata[table]["facets"], table
        assert "topic" in metadata[table]["columns"]
    facet = json.loads(fetch(site, "/plans/missions.json?_facet=topic_name").text)["facet_results"]
    results = facet.get("results", facet)  # Datasette 0.65 nests the facets under "results"
    assert any(v["value"] == "Law, crime and family" for v in results["topic_name"]["results"])


def test_the_about_page_gives_the_topic_figures_first_scored_and_now(site):
    page = fetch(site, "/-/about")
    assert '<h3 id="topics">Policy topics</h3>' in page.text
    rows = re.findall(r"<tr><td>(held-out[^<]*|fresh[^<]*|development)</td><td>(\d+)</td><td>([\d.]+)</td>", page.text)
    assert [r[0] for r in rows] == ["development", "held-out, first scoring", "held-out, now", "fresh, first scoring",
                                    "fresh, now"]
    assert all(float(r[2]) >= 0.75 for r in rows)
