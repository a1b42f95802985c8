"""The mission page (site/plugins/mission_pages.py, /-/mission/{id}) over the database built
from the real corpus: a mission's aims and actions, the service-plan activities that serve it
and its metrics, each with a link to the PDF page. Expected text is what the printed plan and
report say (../shared/seeds/)."""

from __future__ import annotations

import asyncio
import html
import json
import sqlite3

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def site(built_db):
    from datasette.app import Datasette

    metadata = json.loads((ROOT / "datasette_metadata.json").read_text())
    return Datasette([str(built_db)], metadata=metadata, static_mounts=[("corpus", str(ROOT / "corpus"))],
                     plugins_dir=str(ROOT / "site" / "plugins"), template_dir=str(ROOT / "site" / "templates"))


def _get(ds, path):
    async def run():
        return await ds.client.get(path)

    return asyncio.run(run())


def _mission_id(db, name):
    row = sqlite3.connect(db).execute("select id from missions where name = ?", (name,)).fetchone()
    assert row, f"no mission {name!r}"
    return row[0]


def test_best_start_in_life_page_shows_aims_actions_activities_and_metrics(site, built_db):
    response = _get(site, f"/-/mission/{_mission_id(built_db, 'We get the best start in life')}")
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "<h1>We get the best start in life</h1>" in text
    assert "Empowered People" in text  # its priority
    # The plan's lists under the mission.
    assert "Ensure every one of our children achieves their optimal physical, emotional and mental health." in text
    assert "Focus on the first 1001 days of a child's life" in text
    assert "An Early Years strategy to pull all services together." in text
    # An activity of the September 2022 update whose Main BP Link is "Best start in life".
    assert "Provide an Early Help offer that is uniformly strong." in text
    # Its key metric in "Measuring our performance".
    assert "Educational Attainment and gap for those receiving pupil premium" in text
    assert "/corpus/2022-2032-wiltshire-council-business-plan.pdf#page=" in text
    assert "/corpus/2022-09-20-childrens-select-committee-business-plan-update.pdf#page=" in text


def test_a_2017_theme_page_lists_its_goals(site, built_db):
    response = _get(site, f"/-/mission/{_mission_id(built_db, 'Highly Skilled Jobs (Employment)')}")
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "I can develop my skills and get a good job" in text
    assert "Good schools’ results" in text


def test_an_action_plan_objective_page_shows_its_success_measures(site, built_db):
    name = "Establish systems for managing transitions and tracking across all providers"
    response = _get(site, f"/-/mission/{_mission_id(built_db, name)}")
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Improved take up of post-16 provision" in text  # its impact/outcome
    assert "To reduce the number of unknown destinations of 16 and 17 year olds" in text


def test_unknown_mission_is_a_404(site):
    assert _get(site, "/-/mission/no-such-mission").status_code == 404


def test_a_mission_page_shows_where_it_came_from_with_the_sentences_that_show_it(site, built_db):
    page = html.unescape(_get(site, f"/-/mission/{_mission_id(built_db, 'We are safe')}").text)
    assert "came from:" in page and "Reduction in Anti-Social Behaviour" in page
    # each link with its confidence and the sentences of both editions that carry it, paged
    assert "confidence" in page and "from: " in page and "to: " in page and "(page " in page
    assert "shared words" not in page  # evidence is sentences as printed, not word stems


def test_a_2017_theme_page_shows_the_cited_2013_outcomes_it_came_from(site, built_db):
    page = html.unescape(_get(site, f"/-/mission/{_mission_id(built_db, 'Safe Communities (Protection)')}").text)
    assert "People are as protected from harm as possible and feel safe" in page
