"""Columns and tables other stages are adding (decisions.resolved_points, recommendation_id,
adoption; lineage.confidence, evidence, reviewed; plan_links; decision_checks) light the pages
up as soon as the database has them. Here they are added by hand to a copy of the built
database, with values shaped as the contracts describe."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from conftest import CABINET_2017, CORPUS, fetch


@pytest.fixture(scope="module")
def extended(built_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("contracts") / "plans.db"
    shutil.copy(built_db, db)
    conn = sqlite3.connect(db)
    decision = conn.execute("select id from decisions where title = 'Business Plan'").fetchone()[0]
    recommendation, report = conn.execute(
        "select recommendations.id, reports.id from recommendations join reports on reports.id = recommendations.report_id "
        "where recommendations.text like 'Agree to seek feedback%'").fetchone()
    mission = conn.execute("select id from missions where name = 'We get the best start in life'").fetchone()[0]
    plan = conn.execute("select id from plans where period_start = 2017").fetchone()[0]
    def add_columns(table, *columns):  # those the build does not write yet
        have = {row[1] for row in conn.execute(f"pragma table_info({table})")}
        for column in columns:
            if column not in have:
                conn.execute(f"alter table {table} add column {column} text")

    add_columns("decisions", "resolved_points", "resolution_found_by", "recommendation_id", "adoption", "adoption_diff")
    conn.execute("update decisions set resolved_points = ?, recommendation_id = ?, adoption = 'amended', "
                 "adoption_diff = '[-Agree-] {+To agree+}' where id = ?",
                 (json.dumps(["To agree to seek feedback.", "To agree to review feedback on 3 July."]), recommendation, decision))
    add_columns("lineage", "confidence", "evidence", "reviewed")
    link = conn.execute("select id from lineage where level = 'theme' and from_name like 'Early Intervention%' "
                        "and to_name = 'We get the best start in life'").fetchone()[0]
    conn.execute("update lineage set confidence = 'low'")
    conn.execute("update lineage set confidence = 'high', reviewed = 'confirmed', evidence = ? where id = ?", (json.dumps([
        {"side": "from", "text": "Proactive Early Help and Children’s Centres’ services.",
         "document_id": "2017-07-03-cabinet-agenda-pack", "page": 75},
        {"side": "to", "text": "We get the best start in life", "document_id": "2022-2032-wiltshire-council-business-plan",
         "page": 6}]), link))
    conn.execute("create table if not exists plan_links (id text primary key, document_id text, page integer, "
                 "bbox text, rule text, source_table text, source_id text, target_table text, target_id text, "
                 "evidence text, pdf text)")
    conn.executemany("insert into plan_links (id, document_id, page, rule, source_table, source_id, target_table, "
                     "target_id, evidence) values (?, '2017-07-03-cabinet-agenda-pack', 9, 'test', ?, ?, ?, ?, ?)", [
        ("l1", "decisions", decision, "plans", plan, "the draft Business Plan"),
        ("l2", "reports", report, "missions", mission, "children get the best start in life"),
    ])
    conn.execute("create table if not exists decision_checks (id text primary key, decision_id text, status text, "
                 "service_text text)")
    conn.execute("insert into decision_checks (id, decision_id, status) values ('c1', ?, 'agree')", (decision,))
    conn.commit()
    conn.close()
    from council_plans.site import make_datasette

    return make_datasette(db, CORPUS), {"decision": decision, "report": report, "mission": mission, "link": link}


def test_the_decision_page_uses_the_stored_points_the_recommendation_and_the_plan_links(extended):
    site, ids = extended
    page = fetch(site, f"/-/decision/{ids['decision']}").text
    assert re.findall(r"<li>(To agree[^<]*)</li>", page) == ["To agree to seek feedback.", "To agree to review feedback on 3 July."]
    assert "Where it came from" in page and "Agree to seek feedback on the draft Business Plan" in page
    assert f'<a href="/plans/reports/{ids["report"]}">Wiltshire Council Draft Business Plan 2017-2027</a>' in page
    assert "adopted with amendments" in page and "{+To agree+}" in page
    assert "Wiltshire Council Business Plan 2017-2027" in page  # the plan element it concerns
    assert "Checked against the council’s published record" in page


def test_the_lineage_shades_by_confidence_and_quotes_the_evidence_with_pages(extended):
    site, ids = extended
    page = fetch(site, "/-/lineage").text
    flow = re.search(rf'<a href="#link-{ids["link"]}"><path [^>]*stroke-opacity="([\d.]+)"', page)
    assert flow and float(flow.group(1)) == 0.9
    assert set(re.findall(r'stroke-opacity="([\d.]+)"', page)) == {"0.9", "0.25"}
    row = re.search(rf'<tr id="link-{ids["link"]}">(.*?)</tr>', page, re.S).group(1)
    assert "high" in row and "confirmed" in row
    assert f'href="/corpus/{CABINET_2017}#page=75"' in row and "Proactive Early Help" in row


def test_the_mission_page_lists_the_reports_that_concern_it(extended):
    site, ids = extended
    page = fetch(site, f"/-/mission/{ids['mission']}").text
    assert "Decisions and reports about it" in page
    # this report's meeting was not read, so it links to its own row
    assert f'href="/plans/reports/{ids["report"]}"' in page and "Wiltshire Council Draft Business Plan 2017-2027" in page
    assert "high confidence" in page and "confirmed by a reviewer" in page


def test_the_lineage_table_prints_evidence_as_quotes(extended):
    site, ids = extended
    page = fetch(site, f"/plans/lineage?id={ids['link']}&_allcols=1").text
    assert "from: “Proactive Early Help and Children’s Centres’ services.” (page 75)<br>to: “We get the best start in life”" in page
