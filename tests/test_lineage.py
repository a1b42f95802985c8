"""Lineage between plan editions (graph/lineage.py) on small invented plans."""

from __future__ import annotations

from graph.lineage import Element, LineagePack, match_lineage
from rules.packs import load_pack

PACK = load_pack("lineage", LineagePack)


def old(id_: str, text: str, level: str = "theme") -> Element:
    return Element(id_, level, id_, text)


def new(id_: str, text: str) -> Element:
    return Element(id_, "mission", id_, text)


def relations(links):
    return {(link.from_id, link.to_id): link.relation for link in links}


def test_a_theme_reworded_in_the_new_plan_is_renamed():
    links = match_lineage(
        [old("Jobs and skills", "apprenticeships employers qualifications training unemployment"),
         old("Roads", "potholes resurfacing highways traffic congestion buses")],
        [new("We have the skills to prosper", "apprenticeships qualifications employers training adult learning"),
         new("We are well connected", "highways potholes buses rail traffic congestion")],
        PACK,
    )
    assert relations(links) == {("Jobs and skills", "We have the skills to prosper"): "renamed",
                                ("Roads", "We are well connected"): "renamed"}


def test_two_themes_into_one_mission_are_merged_and_unmatched_mission_is_new():
    links = match_lineage(
        [old("Safe streets", "antisocial behaviour crime policing community safety"),
         old("Safeguarding", "safeguarding abuse neglect protection vulnerable crime")],
        [new("We are safe", "crime safeguarding abuse policing antisocial behaviour protection"),
         new("Carbon neutral", "emissions carbon renewable energy retrofit solar")],
        PACK,
    )
    rel = relations(links)
    assert rel[("Safe streets", "We are safe")] == "merged"
    assert rel[("Safeguarding", "We are safe")] == "merged"
    assert rel[(None, "Carbon neutral")] == "new"


def test_a_goal_sharing_no_vocabulary_is_dropped():
    links = match_lineage(
        [old("Army rebasing", "soldiers families garrison barracks", level="goal")],
        [new("We are safe", "crime safeguarding abuse policing")],
        PACK,
    )
    assert relations(links)[("Army rebasing", None)] == "dropped"


def test_a_goal_spanning_two_missions_is_split_with_evidence():
    links = match_lineage(
        [old("Healthier lives", "children obesity exercise sport leisure schools nutrition", level="goal")],
        [new("Best start", "children schools nutrition obesity early years"),
         new("Stay active", "exercise sport leisure centres obesity"),
         new("Housing", "homes affordable tenants landlords")],
        PACK,
    )
    split = [link for link in links if link.relation == "split"]
    assert {link.to_id for link in split} == {"Best start", "Stay active"}
    assert all(link.shared_words and 0 < link.score <= 1 for link in split)
