"""The site's own pages over the database built from the real corpus: a meeting, a decision, a
mission, an indicator, "About the data", robots.txt and the 404 page. Expected text is what the
printed documents say (../shared/seeds/)."""

from __future__ import annotations

import html
import json
import re
import sqlite3

import pytest
from conftest import CABINET_2017, ROOT, fetch


def one(built_db, sql, *params):
    row = sqlite3.connect(built_db).execute(sql, params).fetchone()
    assert row, sql
    return row[0] if len(row) == 1 else row


def text_of(page) -> str:
    """The visible text of a page: tags and attributes (where ids live, in links) removed."""
    body = re.sub(r"(?s)<(script|style|svg).*?</\1>", " ", page.text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()).replace(" ,", ",").replace(" .", ".")


HASH = re.compile(r"\b[0-9a-f]{16}\b")


# --- decisions ---------------------------------------------------------------------------

def test_a_decision_page_shows_each_resolution_point_on_its_own_line(site, built_db):
    ident = one(built_db, "select id from decisions where minute_number = '75'")
    page = fetch(site, f"/-/decision/{ident}")
    assert page.status_code == 200
    points = re.findall(r"<li>(.*?)</li>", page.text.split('class="points"')[1].split("</ul>")[0], re.S)
    assert [html.unescape(p)[:2] for p in points] == ["To", "a)", "b)"]
    assert "The unaudited Statement of Accounts for 2016/2017." in html.unescape(points[2])


def test_a_decision_page_gives_the_reason_the_meeting_and_the_pdf_page(site, built_db):
    ident, meeting_id, pdf = one(built_db, "select id, meeting_id, pdf from decisions where title = 'Business Plan'")
    page = fetch(site, f"/-/decision/{ident}")
    text = text_of(page)
    assert "Why: Reason for Decision" in text
    assert f'href="/-/meeting/{meeting_id}"' in page.text and "Cabinet, 20 June 2017" in text
    assert f'href="{pdf}"' in page.text and pdf.startswith(f"/corpus/{CABINET_2017}#page=")
    # the other decisions of the meeting are one click away
    assert len(re.findall(r'href="/-/decision/', page.text)) >= 12


def test_an_unnumbered_resolution_is_one_paragraph(site, built_db):
    ident = one(built_db, "select id from decisions where title = 'Business Plan'")
    page = fetch(site, f"/-/decision/{ident}")
    assert 'class="points"' not in page.text and 'class="resolved"' in page.text


def test_stored_resolution_points_are_used_when_the_extractor_provides_them():
    from council_plans.resolution_points import points_of, split_points

    stored = json.dumps(["first as stored", "second as stored"])
    assert points_of("1. One. 2. Two.", stored) == ["first as stored", "second as stored"]
    assert points_of("1. One. 2. Two.", None) == split_points("1. One. 2. Two.") == ["1. One.", "2. Two."]
    assert points_of("To agree.", "[]") == []  # the extractor says: not numbered


# --- meetings ----------------------------------------------------------------------------

def test_a_meeting_page_has_its_agenda_reports_recommendations_people_and_pdf(site, built_db):
    ident = one(built_db, "select id from meetings where date = '2017-07-03'")
    page = fetch(site, f"/-/meeting/{ident}")
    assert page.status_code == 200
    text = text_of(page)
    assert "Cabinet, 3 July 2017" in text
    assert "Adoption Agency Annual Update 2017" in text  # agenda item 7
    report = one(built_db, "select id from reports where title like 'Wiltshire Council Adoption Service%'")
    assert f'id="report-{report}"' in page.text and f'href="#report-{report}"' in page.text
    assert "It is recommended that the contents of this report are noted and accepted." in text
    assert "Laura Mayes" in text  # a member of Cabinet, from the front sheet
    assert f'href="/corpus/{CABINET_2017}#page=34"' in page.text  # the adoption report's papers


def test_the_minutes_meeting_lists_its_decisions_in_minute_order(site, built_db):
    ident = one(built_db, "select id from meetings where date = '2017-06-20'")
    page = fetch(site, f"/-/meeting/{ident}")
    decisions = sqlite3.connect(built_db).execute(
        "select id from decisions where meeting_id = ? order by cast(minute_number as integer)", (ident,)).fetchall()
    linked = re.findall(r'href="/-/decision/([0-9a-f]+)"', page.text)
    assert linked == [d for (d,) in decisions] and len(linked) == 13
    assert "Baroness Scott of Bybrook OBE" in text_of(page)  # present, as Chairman


# --- missions and indicators -------------------------------------------------------------

def test_a_mission_page_speaks_plainly_charts_its_indicators_and_shows_no_ids(site, built_db):
    ident = one(built_db, "select id from missions where name = 'We get the best start in life'")
    page = fetch(site, f"/-/mission/{ident}")
    text = text_of(page)
    assert "This is a mission, part of the priority Empowered People, in the council's Wiltshire Council Business Plan" in text
    assert "Is it working?" in text
    assert page.text.count("<svg") >= 2 and "<polyline" in page.text  # charts inline, not only links
    charted = re.findall(r'<figcaption><a href="/-/indicator/([0-9a-f]+)">', page.text)
    neet = one(built_db, "select id from indicators where name = '16-17 NEET'")
    assert neet in charted
    assert not HASH.findall(text), "internal ids on the public page"


def test_a_2017_theme_page_groups_its_goals_and_says_what_it_became(site, built_db):
    ident = one(built_db, "select id from missions where name = 'Early Intervention (Prevention)'")
    page = fetch(site, f"/-/mission/{ident}")
    text = text_of(page)
    assert "Goals under this theme" in text and "Proactive Early Help and Children’s Centres’ services." in text
    assert "In the next edition it became:" in text and "We get the best start in life" in text
    best_start = one(built_db, "select id from missions where name = 'We get the best start in life'")
    assert f'href="/-/mission/{best_start}"' in page.text


def test_the_indicator_page_lists_each_value_once_and_counts_without_decimals(site, built_db):
    ident = one(built_db, "select indicator_id from indicator_values where indicator like 'Fixed Term Exclusions (FTE) - "
                          "No. Children with at least one: All pupils%' limit 1")
    page = fetch(site, f"/-/indicator/{ident}")
    text = text_of(page)
    assert "770" in text and "770.0" not in text and "770 count" not in text
    conn = sqlite3.connect(built_db)
    distinct = conn.execute("select count(*) from (select distinct value, period, kind from indicator_values "
                            "where indicator_id = ?)", (ident,)).fetchone()[0]
    rows = page.text.split("<tbody>")[1].count("<tr>")
    assert rows == distinct


def test_a_value_read_twice_is_one_row_with_both_pages(site, built_db):
    ident, pages = one(built_db, "select indicator_id, group_concat(page) from indicator_values "
                                 "group by indicator_id, value, period, kind having count(distinct page) > 1 limit 1")
    page = fetch(site, f"/-/indicator/{ident}")
    for p in pages.split(","):
        assert f"#page={p}\"" in page.text


# --- about, robots, errors ---------------------------------------------------------------

def test_about_page_publishes_the_scores_of_site_scores_json(site):
    scores = json.loads((ROOT / "site" / "scores.json").read_text())
    text = text_of(fetch(site, "/-/about"))
    decisions = scores["scores"]["decisions"]
    row = re.search(r"decisions\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)", text)
    assert row and float(row.group(1)) == pytest.approx(decisions["precision"], abs=0.005)
    assert int(row.group(4)) == decisions["gold"]
    lineage = scores["scores"]["lineage"]["theme"]
    assert re.search(rf"lineage / theme\s+{lineage['precision']:.2f}\s+{lineage['recall']:.2f}", text)
    for limit in scores["limits"]:
        assert limit in text
    # Every unseen lineage set's figures sit beside the dev set's, each under its own heading (the
    # newest: nobody fitted on; older ones say they have been fitted on since their first sight).
    unseen_sets = [key for key in scores if key.startswith("lineage_firstsight")]
    assert unseen_sets, "site/scores.json holds no unseen lineage set"
    for key in unseen_sets:
        unseen = scores[key]
        first = unseen["tiers"][0]
        assert unseen["heading"] in text and first["run"] in text
        assert re.search(rf"{re.escape(first['run'])}\s+{first['top']['f1']:.2f} \({first['top']['tp']}/{first['top']['gold']}\)",
                         text)
    from rules.meetings.minutes import RULE_DECISION

    assert "Sources" in text and "How each table is made" in text and RULE_DECISION in text


def test_about_page_counts_every_table(site, built_db):
    text = text_of(fetch(site, "/-/about"))
    decisions = one(built_db, "select count(*) from decisions")
    assert re.search(rf"decisions\s+Resolutions.*?\s{decisions}\s", text, re.S)


def test_robots_txt_keeps_crawlers_off_raw_sql_and_exports(site):
    robots = fetch(site, "/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    assert "Disallow: /plans?sql=" in robots.text and "Disallow: /plans.db" in robots.text


@pytest.mark.parametrize("path", ["/-/mission/no-such-id", "/-/decision/no-such-id", "/-/meeting/no-such-id",
                                  "/-/indicator/no-such-id", "/no-such-database", "/plans/no_such_table"])
def test_not_found_pages_are_styled_and_offer_a_way_on(site, path):
    page = fetch(site, path)
    assert page.status_code == 404
    assert "<h1>Not found</h1>" in page.text
    assert 'action="/-/search"' in page.text and "site.css" in page.text


def test_an_id_echoed_in_a_404_is_escaped(site):
    page = fetch(site, "/-/mission/%3Cb%3Ebold")
    if page.status_code == 302:  # Datasette tilde-encodes such paths first
        page = fetch(site, page.headers["location"])
    assert page.status_code == 404 and "<b>bold" not in page.text
