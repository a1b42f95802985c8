"""Datasette's table and query pages as the site configures them: labels instead of ids,
links to the site's own pages, provenance hashes hidden by default, SQL folded away."""

from __future__ import annotations

import re
import sqlite3

from conftest import CORPUS, fetch

from council_plans.site import QUERIES


def headers(page) -> list[str]:
    return re.findall(r'<th [^>]*data-column="(\w+)"', page.text)


def test_hash_columns_are_hidden_on_table_pages_and_one_click_brings_them_back(site):
    page = fetch(site, "/plans/decisions")
    assert not {"id", "bbox", "rule"} & set(headers(page))
    assert "Not shown: id, bbox, rule, reason_label, page_end" in page.text
    everything = fetch(site, "/plans/decisions?_allcols=1")
    assert {"id", "bbox", "rule"} <= set(headers(everything))


def test_a_row_page_shows_every_column(site, built_db):
    ident = sqlite3.connect(built_db).execute("select id from decisions limit 1").fetchone()[0]
    page = fetch(site, f"/plans/decisions/{ident}")
    assert {"bbox", "rule"} <= set(headers(page))


def test_names_link_to_the_sites_own_pages(site, built_db):
    conn = sqlite3.connect(built_db)
    decision = conn.execute("select id from decisions where title = 'Business Plan'").fetchone()[0]
    assert f'<a href="/-/decision/{decision}">Business Plan</a>' in fetch(site, "/plans/decisions").text
    mission = conn.execute("select id from missions where name = 'We stay active'").fetchone()[0]
    assert f'<a href="/-/mission/{mission}">We stay active</a>' in fetch(site, "/plans/missions?_size=100").text
    indicators = fetch(site, "/plans/indicators").text
    assert re.search(r'<a href="/-/indicator/\w+">chart</a>', indicators)
    assert len(re.findall(r'<a href="/-/indicator/\w+">', indicators)) >= 2 * 50  # name and chart of each row


def test_foreign_keys_show_labels_and_link_to_pages(site, built_db):
    meeting = sqlite3.connect(built_db).execute("select id from meetings where date = '2017-06-20'").fetchone()[0]
    page = fetch(site, "/plans/decisions").text
    assert f'<a href="/-/meeting/{meeting}">Cabinet, 20 June 2017</a>' in page
    activities = fetch(site, "/plans/activities").text
    assert re.search(r'<a href="/-/mission/\w+">We get the best start in life</a>', activities)


def test_pdf_cells_are_links_to_the_page(site):
    page = fetch(site, "/plans/decisions").text
    assert re.search(r'<a href="/corpus/[^"]+#page=(\d+)" target="_blank" rel="noopener">PDF page \1</a>', page)


def test_measured_values_print_as_people_write_them(site):
    page = fetch(site, "/plans/indicator_values?unit=count&_size=200").text
    cells = re.findall(r'<td class="col-value type-float">([^<]*)</td>', page)
    assert cells and not any(c.endswith(".0") for c in cells)
    percentages = re.findall(r'<td class="col-value type-float">([^<]*)</td>',
                             fetch(site, "/plans/indicator_values?unit=%25").text)
    assert percentages and all(p.endswith("%") for p in percentages)


def test_a_numbered_resolution_prints_one_point_per_line_in_tables(site):
    page = fetch(site, "/plans/decisions_about?topic=accounts").text
    assert re.search(r"To note:<br>a\) The report", page)


def test_canned_queries_fold_their_sql_away(site):
    for name in QUERIES:
        page = fetch(site, f"/plans/{name}").text
        assert QUERIES[name]["hide_sql"] is True
        assert '<pre id="sql-query">' not in page and 'id="sql-editor"' not in page, name
        assert ">show</a>)" in page, name  # one click shows it
        assert f"<title>{QUERIES[name]['title']}</title>".replace("'", "&#39;") in page


def test_the_mission_overview_opens_with_the_2022_missions_and_nests_goals_under_themes(site):
    rows = fetch(site, "/plans/mission_overview.json?_shape=array").json()
    first = rows[:10]
    assert {r["plan"] for r in first} == {"Wiltshire Council Business Plan 2022 to 2032"}
    assert first[0]["name"] == "We get the best start in life"
    seen_theme = set()
    for r in rows:
        if r["kind"] == "theme":
            seen_theme.add(r["name"])
        if r["kind"] == "goal" and r["theme"] is not None:  # a plan may list goals under no theme
            assert r["theme"] in seen_theme, f"goal {r['name']} before its theme"
    html = fetch(site, "/plans/mission_overview").text
    assert re.search(r'<a href="/-/mission/\w+">We get the best start in life</a>', html)


def test_queries_link_titles_and_hide_the_link_columns_in_html(site):
    html = fetch(site, "/plans/decisions_about?topic=plan").text
    assert re.search(r'<td class="col-title"><a href="/-/decision/\w+">', html)
    assert re.search(r'<td class="col-meeting"><a href="/-/meeting/\w+">Cabinet</a>', html)
    css = fetch(site, "/site-static/site.css").text
    assert '[class$="_url"]' in css and 'body[class*=" query-"]' in css


def test_the_database_is_served_read_only_with_a_time_limit(site, built_db):
    from council_plans.site import make_datasette

    assert site.get_database("plans").is_mutable is False
    assert site.setting("sql_time_limit_ms") <= 5000
    assert fetch(site, "/plans?sql=select+1").status_code == 403  # SQL typed in: only with --allow-sql
    local = make_datasette(built_db, CORPUS, allow_sql=True)
    assert fetch(local, "/plans?sql=select+1").status_code == 200
    page = fetch(local, "/plans?sql=delete+from+decisions")
    assert page.status_code == 400 or "Statement may not" in page.text


def test_the_lineage_table_names_plans_and_elements(site, built_db):
    page = fetch(site, "/plans/lineage").text
    assert "Wiltshire Council Business Plan 2017-2027</a>" in page and "Wiltshire Council Business Plan 2022 to 2032</a>" in page
    plan = sqlite3.connect(built_db).execute("select from_plan_id from lineage limit 1").fetchone()[0]
    assert f">{plan}<" not in page  # no raw plan id shown
