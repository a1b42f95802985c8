"""The canned queries on the site answer the questions its users bring (run through Datasette)."""

from __future__ import annotations

from urllib.parse import urlencode

from conftest import CABINET_2017, fetch

from council_plans.site import QUERIES


def run(site, query: str, **params: str) -> list[dict]:
    response = fetch(site, f"/plans/{query}.json?{urlencode({**params, '_shape': 'array'})}")
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_every_canned_query_runs(site):
    for name, query in QUERIES.items():
        params = {p: "plan" for p in ("topic", "name") if f":{p}" in query["sql"]}
        run(site, name, **params)


def test_decisions_about_a_topic_give_resolution_reason_meeting_and_page(site):
    rows = run(site, "decisions_about", topic="business plan")
    assert rows, "no decision mentions the business plan"
    adopted = [r for r in rows if r["title"] == "Business Plan"]
    assert len(adopted) == 1
    row = adopted[0]
    assert row["meeting_date"] == "2017-06-20" and row["meeting"] == "Cabinet"
    assert row["resolved"] and row["reason"]
    assert row["pdf"].startswith(f"/corpus/{CABINET_2017}#page=")
    # The title links to the decision's page, the meeting to the meeting's page.
    assert row["title_url"].startswith("/-/decision/") and row["meeting_url"].startswith("/-/meeting/")


def test_free_text_with_fts_syntax_is_escaped(site):
    # An unbalanced quote or a bare operator would be a syntax error in a raw FTS match.
    assert isinstance(run(site, "decisions_about", topic='"business AND'), list)


def test_recommendations_about_adoption_name_the_adoption_report(site):
    rows = run(site, "recommendations_about", topic="adoption")
    reports = {r["report"] for r in rows}
    assert any("Adoption" in (title or "") for title in reports)
    assert all(r["pdf"].startswith("/corpus/") for r in rows)


def test_mission_overview_links_each_mission_to_its_page(site):
    rows = run(site, "mission_overview")
    assert len(rows) >= 10
    assert all(r["name_url"].startswith("/-/mission/") for r in rows)
    # the 2022-09-20 service plan's activities hang off 2022 missions
    assert sum(r["activities"] for r in rows) >= 20


def test_plan_changes_use_only_the_documented_relations(site):
    rows = run(site, "plan_changes")
    assert rows
    assert {r["relation"] for r in rows} <= {"continues", "renamed", "merged", "split", "dropped", "new"}


def test_home_page_links_to_the_questions_users_ask(site):
    html = fetch(site, "/").text
    for name in ("decisions_about", "recommendations_about", "mission_overview", "plan_changes", "indicator_series"):
        assert f'href="/plans/{name}"' in html
        assert fetch(site, f"/plans/{name}").status_code == 200


def test_an_empty_topic_lists_every_decision(site, built_db):
    import sqlite3

    total = sqlite3.connect(built_db).execute("select count(*) from decisions").fetchone()[0]
    assert len(run(site, "decisions_about", topic="")) == total > 0
