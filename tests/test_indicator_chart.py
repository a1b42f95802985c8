"""The site charts an indicator's values over time at /-/indicator/<id>."""

from __future__ import annotations

import re
import sqlite3

from conftest import fetch


def _indicator_with_dated_values(built_db, at_least: int = 3) -> tuple[str, int]:
    conn = sqlite3.connect(built_db)
    row = conn.execute(
        "select indicator_id, count(*) from indicator_values where period_start is not null and unit = '%' "
        "group by indicator_id having count(distinct period_start) >= ? order by count(*) desc limit 1",
        (at_least,),
    ).fetchone()
    assert row, "no indicator has dated percentage values"
    dated = conn.execute(  # charted: every distinct dated value, whatever its unit (one chart per unit)
        "select count(*) from (select distinct value, unit, period, period_start, period_end, kind "
        "from indicator_values where indicator_id = ? and (period_start is not null or period_end is not null))",
        (row[0],),
    ).fetchone()[0]
    return row[0], dated


def test_chart_draws_a_point_per_distinct_dated_value_and_links_every_source(site, built_db):
    indicator_id, dated = _indicator_with_dated_values(built_db)
    page = fetch(site, f"/-/indicator/{indicator_id}")
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "<polyline" in html
    assert len(re.findall(r"<circle ", html)) == dated
    conn = sqlite3.connect(built_db)
    pdfs = {r[0] for r in conn.execute("select pdf from indicator_values where indicator_id = ?", (indicator_id,))}
    for pdf in pdfs:  # every value links to its PDF page
        assert f'href="{pdf}"' in html


def test_the_indicators_table_links_to_its_chart(built_db):
    conn = sqlite3.connect(built_db)
    charts = conn.execute("select id, chart from indicators limit 50").fetchall()
    assert charts and all(chart == f"/-/indicator/{id_}" for id_, chart in charts)


def test_unknown_indicator_is_a_404(site):
    assert fetch(site, "/-/indicator/does-not-exist").status_code == 404


def test_chart_names_the_missions_an_indicator_measures(site, built_db):
    conn = sqlite3.connect(built_db)
    row = conn.execute(
        "select indicators.id, missions.id, missions.name from indicators, json_each(indicators.mission_ids) "
        "join missions on missions.id = json_each.value limit 1"
    ).fetchone()
    assert row, "no indicator is linked to a mission"
    indicator_id, mission_id, name = row
    html = fetch(site, f"/-/indicator/{indicator_id}").text
    assert f'<a href="/-/mission/{mission_id}">{name}</a>' in html.replace("&#39;", "'")
