"""The lineage as a picture at /-/lineage: editions side by side, priorities holding their
themes or missions, every link a flow coloured by relation and shaded by confidence that
leads to its evidence in the table below."""

from __future__ import annotations

import re
import sqlite3

from conftest import fetch

from council_plans.lineage_picture import (
    CONFIDENCE_OPACITY,
    RELATION_COLOUR,
    Band,
    Edition,
    Element,
    lineage_svg,
    opacity,
)


def test_the_picture_draws_every_link_between_aligned_levels_as_a_flow_to_its_evidence(site, built_db):
    page = fetch(site, "/-/lineage")
    assert page.status_code == 200
    links = sqlite3.connect(built_db).execute("select id, relation from lineage where kind = 'same'").fetchall()
    flows = re.findall(r'<a href="#link-(\w+)"><path class="flow relation-(\w+)"[^>]*stroke="(#[0-9a-f]+)"', page.text)
    assert sorted((i, r) for i, r, _ in flows) == sorted(links)
    assert all(colour == RELATION_COLOUR[relation] for _, relation, colour in flows)
    for ident, _ in links:  # each flow's target row is in the table below
        assert f'<tr id="link-{ident}">' in page.text


def test_editions_stand_oldest_first_with_their_priorities(site, built_db):
    page = fetch(site, "/-/lineage")
    editions = re.findall(r'<text class="edition"[^>]*>([^<]+)</text>', page.text)
    assert editions == ["Wiltshire Council Business Plan 2013/17", "Wiltshire Council Business Plan 2017-2027",
                        "Wiltshire Council Business Plan 2022 to 2032"]
    svg = page.text.split('class="lineage"', 1)[1].split("</svg>")[0]  # the picture (the colour key is small SVGs too)
    for priority in ("Protecting those who are most vulnerable", "Empowered People"):
        assert f">{priority}<" in svg
    # theme and mission boxes link to their pages
    early = sqlite3.connect(built_db).execute("select id from missions where name = 'Early Intervention (Prevention)'").fetchone()[0]
    assert f'<a href="/-/mission/{early}"><rect class="element"' in svg


def test_the_goal_level_draws_goals_under_their_themes(site, built_db):
    page = fetch(site, "/-/lineage?level=goal")
    assert page.status_code == 200
    goals = sqlite3.connect(built_db).execute("select count(*) from lineage where level = 'goal' and kind = 'finer'").fetchone()[0]
    assert len(re.findall(r'<path class="flow', page.text)) == goals
    assert ">Early Intervention (Prevention)<" in page.text  # the theme heads its goals
    assert fetch(site, "/-/lineage?level=nonsense").status_code == 404


def test_the_table_gives_the_evidence_of_each_link(site):
    page = fetch(site, "/-/lineage")
    rows = re.findall(r'<tr id="link-\w+">(.*?)</tr>', page.text, re.S)
    # a link between two elements quotes the sentences that carry it; "new" and "dropped"
    # have one side only, and cite the page of the element that is there
    linked = [r for r in rows if "<em>nothing" not in r]
    assert linked and all("<q>" in r for r in linked)
    assert all('href="/corpus/' in r for r in rows)


def _editions() -> list[Edition]:
    return [
        Edition("p13", "Business Plan 2013-2017", "2013–2017", [Band("o1", "Six key outcomes", [Element("a", "Outcome A", "/a")])]),
        Edition("p17", "Business Plan 2017-2027", "2017–2027", [Band("q1", "Protecting", [Element("b", "Early Intervention", "/b")])]),
        Edition("p22", "Business Plan 2022-2032", "2022–2032", [Band("r1", "Empowered People", [Element("c", "Best start", "/c")])]),
    ]


def test_three_editions_side_by_side_with_flows_between_neighbours():
    links = [{"id": "1", "from_id": "a", "to_id": "b", "relation": "continues", "score": 0.4, "confidence": "high"},
             {"id": "2", "from_id": "b", "to_id": "c", "relation": "split", "score": 0.2, "confidence": "low"}]
    svg = lineage_svg(_editions(), links)
    assert re.findall(r'<text class="edition" x="(\d+)"', svg) == ["24", "554", "1084"]
    opacities = re.findall(r'stroke-opacity="([\d.]+)"', svg)
    assert [float(o) for o in opacities] == [CONFIDENCE_OPACITY["high"], CONFIDENCE_OPACITY["low"]]


def test_dropped_and_new_links_run_off_the_edge_and_priority_links_join_bands():
    links = [{"id": "d", "from_id": "b", "to_id": None, "relation": "dropped", "score": 0.0},
             {"id": "n", "from_id": None, "to_id": "c", "relation": "new", "score": 0.0},
             {"id": "p", "from_id": "o1", "to_id": "q1", "relation": "continues", "score": 0.5}]
    svg = lineage_svg(_editions(), links)
    assert svg.count('stroke-dasharray="5 4"') == 2
    assert 'href="#link-p"' in svg


def test_without_confidence_a_flow_is_shaded_by_its_share_of_the_best_score():
    assert opacity({"score": 0.5}, 0.5) == 0.9
    assert opacity({"score": 0.0}, 0.5) == 0.2
    assert opacity({"score": 0.1, "confidence": "medium"}, 0.5) == CONFIDENCE_OPACITY["medium"]


def test_the_about_page_shows_the_lineage_dev_sets_figures_and_calibration(site):
    import json
    from pathlib import Path

    scores = json.loads((Path(__file__).resolve().parents[1] / "site" / "scores.json").read_text())["lineage_dev"]
    page = fetch(site, "/-/about").text
    section = page.split('id="lineage-dev"', 1)[1].split("<h2", 1)[0]
    held_out = next(r for r in scores["tiers"] if "leave one council out" in r["run"])
    assert f"{held_out['top']['f1']:.2f} ({held_out['top']['tp']}/{held_out['top']['gold']})" in section
    rows = re.findall(r"<tr><td>(link|dropped|new)</td>(.*?)</tr>", section)
    assert [kind for kind, _ in rows] == ["link", "dropped", "new"]
    for (_, cells), calibration in zip(rows, scores["calibration"], strict=True):
        high = calibration["high"]
        assert (f"({high['right']}/{high['found']})" in cells) if high["found"] else ("none" in cells)

