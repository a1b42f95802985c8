"""The site across councils: a council's page, the council on every record page and as a facet
on every table, the home page with one council and with several, search by council, the
lineage picture per council, and the comparison page (priorities by topic; one measure across
councils on one chart only where units and periods agree).

The corpus is tests/test_councils.py's two councils (same body, plan title, indicator name),
a parish and a police and crime panel, plus two councils whose recycling figures cannot share
Harrow's chart: Woking's are quarterly, Surrey Heath's are in tonnes.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from conftest import fetch
from pdfgen import bullet_list, make_pdf, text_page
from test_councils import minutes, plan
from test_site_pages import text_of

from council_plans.build import build
from council_plans.councils_site import comparable_groups, current_plan, period_kind
from council_plans.site import make_datasette


def plan_with_focus_areas(council: str, start: int, outcomes: dict[str, list[str]], rate: float) -> list:
    """A plan page as ``test_councils.plan`` prints it, but its outcomes a bulleted list with each
    outcome's focus areas nested under it: the outcomes are the plan's priorities and the focus
    areas its missions (a plan's own list is its priorities; nested items are missions)."""
    lines = text_page([f"**Council Plan {start} to {start + 4}", "", f"This plan sets out what {council} will do.",
                       "The plan has been agreed by Council. Our key outcomes are:"])
    y = 60 + 5 * 13.75
    for outcome, areas in outcomes.items():
        item, y = bullet_list([outcome], top=y)
        inner, y = bullet_list(areas, glyph="o", x=90, top=y)
        lines += item + inner
    return lines + text_page([f"The recycling rate was {rate}% in {start - 1}/{str(start)[2:]}, against a target of 50%.",
                              f"{council} will report on progress every year."], top=y + 14)


CORPUS = {
    "harrow-cabinet": minutes("Harrow Council", "Cabinet", "Tuesday, 7 March 2023", [
        ("Waste Strategy", "That the waste strategy be adopted."), ("Parking Charges", "That parking charges rise by 3%.")]),
    "molevalley-cabinet": minutes("Mole Valley District Council", "Cabinet", "Tuesday, 7 March 2023", [
        ("Waste Strategy", "That the waste strategy be deferred."), ("Leisure Centre", "That the leisure centre be refurbished.")]),
    # The older editions print focus areas under their outcomes: missions, for the mission pages.
    "harrow-plan-2020": plan_with_focus_areas("Harrow Council", 2020, {
        "Children have the best start in life": ["Early help for families"],
        "Older people live independently for longer": ["Care at home"],
        "Town centres are busy and safe": ["Street wardens"]}, 38.5),
    "harrow-plan-2024": plan("Harrow Council", 2024, ["Children have the best start in life",
                             "Town centres are busy, safe and clean", "Homes are warm and affordable"], 41.0),
    "molevalley-plan-2020": plan_with_focus_areas("Mole Valley District Council", 2020, {
        "A green and clean district": ["Recycling more of our waste"],
        "Thriving villages and market towns": ["Rural bus routes"],
        "Residents live healthy lives": ["Leisure for all ages"]}, 55.0),
    "molevalley-plan-2024": plan("Mole Valley District Council", 2024, ["A green and clean district",
                                 "Thriving villages", "Good homes for local people"], 57.5),
    "westwood-parish": minutes("Westwood Parish Council", "Parish Council", "Tuesday, 8 May 2012", [
        ("Playing Field", "That the playing field gates be replaced.")]),
    "woking-plan-2022": [r.replace("The recycling rate was 50% in 2021/22", "The recycling rate was 51% in Q1 2023/24 "
                                   "and 53% in Q2 2023/24")
                         for r in plan("Woking Borough Council", 2022, ["A green borough", "Homes for all"], 50)],
    "surreyheath-plan-2022": [r.replace("The recycling rate was 50% in 2021/22, against a target of 50%.",
                                        "The recycling rate was 12,400 tonnes in 2021/22 and 12,900 tonnes in 2022/23.")
                              for r in plan("Surrey Heath Borough Council", 2022, ["A green borough", "Jobs"], 50)],
}


@pytest.fixture(scope="module")
def councils_db(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("site-councils") / "corpus"
    corpus.mkdir()
    for name, rows in CORPUS.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(rows) if isinstance(rows[0], str) else rows])
    db = corpus.parent / "plans.db"  # served as /plans (the file name, until the site names it itself)
    build(corpus, db, jobs=1, cache=False)
    return db


@pytest.fixture(scope="module")
def councils_site(councils_db):
    return make_datasette(councils_db, councils_db.parent / "corpus")


def one(db, sql, *params):
    return sqlite3.connect(db).execute(sql, params).fetchone()[0]


def test_a_councils_page_has_its_own_meetings_decisions_plans_lineage_indicators_and_documents(councils_site):
    page = fetch(councils_site, "/-/council/harrow")
    assert page.status_code == 200
    text = text_of(page)
    assert "London Borough of Harrow" in text and "London borough in England" in text and "E09000015" in text
    assert "Cabinet, 7 March 2023" in text
    assert "Waste Strategy" in text and "Leisure Centre" not in text          # Mole Valley's item is not Harrow's
    assert "Council Plan 2020 to 2024 → Council Plan 2024 to 2028" in text
    assert 'href="/-/lineage?council=harrow"' in page.text
    assert "recycling" in text and "Thriving villages" not in text
    assert "harrow-cabinet.pdf" in page.text and "molevalley-cabinet.pdf" not in page.text
    # Completeness: one meeting with minutes read, two decisions from it.
    assert "1: 1 with minutes or decisions read, 0 known only from an agenda" in text
    assert "2 (2.0 a meeting with minutes)" in text


def test_a_body_outside_the_register_says_so_and_an_unknown_council_is_a_404(councils_site):
    assert "Not in the register of principal authorities" in text_of(fetch(councils_site, "/-/council/westwood-parish-council"))
    assert fetch(councils_site, "/-/council/nowhere").status_code == 404


# Minutes and decisions print their council in their heading; a plan names it in its sentences
# ("This plan sets out what Harrow Council will do").
@pytest.mark.parametrize("table,page,origin", [
    ("decisions", "decision", "the name its pages print"), ("meetings", "meeting", "the name its pages print"),
    ("missions", "mission", "the council its text names most often"),
    ("indicators", "indicator", "the council its text names most often")])
def test_every_record_page_names_its_council(councils_site, councils_db, table, page, origin):
    for council, name in (("harrow", "London Borough of Harrow"), ("mole-valley", "Mole Valley District Council")):
        ident = one(councils_db, f"select id from [{table}] where council_id = ? limit 1", council)
        text = text_of(fetch(councils_site, f"/-/{page}/{ident}"))
        assert f"Council: {name} — from {origin}" in text


def test_a_record_page_says_when_its_council_came_from_the_manifest_or_the_site():
    from council_plans.councils_site import origin

    assert origin({"council_match": "name", "council_source": "page"}) == "the name its pages print"
    assert origin({"council_match": "name", "council_source": "manifest"}) == \
        "the corpus manifest (its pages do not name it)"
    assert origin({"council_match": "name", "metadata_source": "manifest"}) == "the corpus manifest"
    assert origin({"council_match": "site", "metadata_source": "pages"}) == "the meeting-system site it was fetched from"


def test_every_table_is_faceted_and_filtered_by_council(councils_site):
    metadata = councils_site.metadata()["databases"]["plans"]["tables"]
    for table, options in metadata.items():
        if table not in ("councils", "council_completeness"):
            assert options["facets"][0] == "council_id", table
            assert "council_id" in options["columns"], table
    found = json.loads(fetch(councils_site, "/plans/decisions.json?_shape=objects&council_id=mole-valley&_facet=council_id").text)
    assert {r["council_id"] for r in found["rows"]} == {"mole-valley"}
    facet = {v["value"]: v["label"] for v in found["facet_results"]["council_id"]["results"]}
    assert facet == {"mole-valley": "Mole Valley District Council"}


def test_the_home_page_starts_from_the_councils_when_there_are_several(councils_site):
    text = text_of(fetch(councils_site, "/"))
    assert "Councils" in text and "London Borough of Harrow London borough, England 3 1 2 2 1" in text
    assert "Westwood Parish Council (not in the register)" in text
    assert "What is the council doing, and is it working?" not in text


def test_the_home_page_of_one_council_stays_as_it_was(site):
    text = text_of(fetch(site, "/"))
    assert "What is the council doing, and is it working?" in text
    assert "(not in the register)" not in text and 'href="/-/council/' not in fetch(site, "/").text


def decision_hits(page) -> list[str]:
    section = page.text.split('id="decisions"')[1].split("</section>")[0]
    return re.findall(r'href="/-/decision/([0-9a-f]+)"', section)


def test_search_filtered_by_council(councils_site, councils_db):
    harrow = one(councils_db, "select id from decisions where council_id = 'harrow' and title = 'Waste Strategy'")
    mole = one(councils_db, "select id from decisions where council_id = 'mole-valley' and title = 'Waste Strategy'")
    assert sorted(decision_hits(fetch(councils_site, "/-/search?q=waste+strategy"))) == sorted([harrow, mole])
    page = fetch(councils_site, "/-/search?q=waste+strategy&council=mole-valley")
    assert 'option value="mole-valley" selected' in page.text
    assert decision_hits(page) == [mole]
    decisions = json.loads(fetch(councils_site, "/plans/decisions.json?_shape=objects&_search=waste&council_id=harrow").text)
    assert [r["resolved"] for r in decisions["rows"]] == ["That the waste strategy be adopted."]


def test_the_lineage_picture_draws_one_councils_editions(councils_site):
    page = text_of(fetch(councils_site, "/-/lineage?council=mole-valley"))
    assert "A green and clean district" in page and "Children have the best start in life" not in page
    assert "London Borough of Harrow" in page  # the other council's editions, one click away


def test_compare_lists_each_councils_current_plan_side_by_side(councils_site):
    text = text_of(fetch(councils_site, "/-/compare?council=harrow&council=mole-valley"))
    assert "Council Plan 2024 to 2028" in text and "Council Plan 2020 to 2024" not in text
    assert "Homes are warm and affordable" in text and "Good homes for local people" in text


def compare_rows(page) -> dict[str, str]:
    table = page.text.split('class="rows-and-columns compare-priorities"')[1].split("</table>")[0]
    return {r.split("</th>")[0].split(">")[-1]: r for r in table.split("<tbody>")[1].split("<tr><th>")[1:]}


def test_compare_groups_priorities_by_topic_where_the_database_codes_them(councils_site):
    # The topics linker codes every plan element (rules/topics/): each council's current plan
    # is set out by policy topic, with the share of its elements under each.
    rows = compare_rows(fetch(councils_site, "/-/compare?council=harrow&council=mole-valley"))
    housing = rows["Housing, planning and communities"]
    assert "Homes are warm and affordable" in housing and "Good homes for local people" in housing
    assert housing.count("67%") == 2  # two of each council's three priorities
    environment = rows["Environment, waste and climate"]
    assert "A green and clean district" in environment and "Children have the best start" not in environment


def test_compare_lists_plans_side_by_side_where_the_database_codes_no_topics(councils_db, tmp_path):
    uncoded = tmp_path / "plans.db"
    shutil.copy(councils_db, uncoded)
    conn = sqlite3.connect(uncoded)
    for table in ("priorities", "missions"):
        for column in ("topic", "topic_name", "topic_confidence", "topic_runner_up", "topic_rule"):
            conn.execute(f"alter table {table} drop column {column}")
    conn.commit()
    conn.close()
    text = text_of(fetch(make_datasette(uncoded, tmp_path), "/-/compare?council=harrow&council=mole-valley"))
    assert "not coded to policy topics" in text
    assert "Homes are warm and affordable" in text and "Good homes for local people" in text


def test_one_measure_across_councils_shares_a_chart_only_where_units_and_periods_agree(councils_site):
    same = fetch(councils_site, "/-/compare?council=harrow&council=mole-valley&indicator=recycling")
    assert same.text.count("<figure") == 1 and 'class="compare-warning"' not in same.text
    # A line per council and kind: each council's values and its targets, named in the legend.
    assert same.text.count("<polyline") == 4
    assert all(f"{label}</text>" in same.text for label in ("Harrow", "Mole Valley", "Harrow (target)"))
    every = fetch(councils_site, "/-/compare?council=harrow&council=woking&council=surrey-heath&indicator=recycling")
    text = text_of(every)
    assert every.text.count("<figure") == 3
    assert "different units" in text and "Surrey Heath in tonnes" in text
    assert "different kinds of period" in text and "Woking by quarter" in text


def test_units_and_periods_are_checked_before_values_share_a_chart():
    year = {"period_start": "2022-04-01", "period_end": "2023-03-31"}
    quarter = {"period_start": "2023-04-01", "period_end": "2023-06-30"}
    assert (period_kind(year), period_kind(quarter), period_kind({"period_start": "2023-03-31",
                                                                 "period_end": "2023-03-31"})) == \
        ("year", "quarter", "point in time")
    rows = [{"council_name": "A", "unit": "%", "value": 40, **year}, {"council_name": "B", "unit": "%", "value": 41, **year},
            {"council_name": "C", "unit": "tonnes", "value": 9000, **year}]
    groups, reasons = comparable_groups(rows)
    assert [(g["unit"], g["councils"]) for g in groups] == [("%", ["A", "B"]), ("tonnes", ["C"])]
    assert len(reasons) == 1 and "different units" in reasons[0]
    assert comparable_groups(rows[:2])[1] == []


def test_the_current_plan_is_the_newest_business_plan_that_has_started():
    from datetime import date

    plans = [{"id": 1, "kind": "business_plan", "period_start": 2020}, {"id": 2, "kind": "business_plan", "period_start": 2024},
             {"id": 3, "kind": "business_plan", "period_start": 2030}, {"id": 4, "kind": "strategy", "period_start": 2025}]
    assert current_plan(plans, date(2025, 6, 1))["id"] == 2
    assert current_plan(plans[3:], date(2025, 6, 1))["id"] == 4


def test_the_councils_page_lists_every_council(councils_site):
    text = text_of(fetch(councils_site, "/-/councils"))
    for name in ("London Borough of Harrow", "Mole Valley District Council", "Woking Borough Council",
                 "Surrey Heath Borough Council", "Westwood Parish Council"):
        assert name in text
