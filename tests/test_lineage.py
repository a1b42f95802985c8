"""Lineage between plan editions (graph/lineage.py, graph/meaning.py) on small invented plans.

Each element is built as the build builds it: a name printed on a page and passages of text
with their pages. Relations, confidence and evidence are read off the links.
"""

from __future__ import annotations

import pytest

from graph.lineage import Lineage, LineagePack, align_sizes
from graph.meaning import Analyser, Concept, MeaningRules
from graph.reviews import Review, ReviewPack, verdicts_for
from rules.packs import load_pack

PACK = load_pack("lineage", LineagePack)


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    return Lineage(PACK)


def old(lin: Lineage, name: str, *texts: str, level: str = "theme", parent: str | None = None, page: int = 5):
    return lin.element(name, level, name, ("old-plan", page), [(t, "old-plan", page) for t in texts], parent,
                       rank=1 if parent else 0)


def new(lin: Lineage, name: str, *texts: str, page: int = 10):
    return lin.element(name, "theme", name, ("new-plan", page), [(t, "new-plan", page) for t in texts])


def relations(links):
    return {(link.from_id, link.to_id): link.relation for link in links}


def test_lemmas_come_from_the_lookup_tables_installed_with_the_project_and_are_stemmed():
    # spacy-lookups-data is a dependency: "children" → "child", "were supported" → "support"; the
    # Snowball stem then joins "families" and "family" (famili), "prosperous" and "prosperity".
    analyser = Analyser(MeaningRules())
    (sentence,) = analyser.sentences("Children were supported by their families.", "doc", 3)
    assert {"child", "support", "famili"} <= set(sentence.terms)
    assert sentence.text == "Children were supported by their families." and sentence.page == 3
    assert set(analyser.terms("A prosperous place")) & set(analyser.terms("Prosperity for all")) == {"prosper"}


def test_words_weigh_by_their_rarity_in_general_english_not_by_a_stop_list():
    analyser = Analyser(PACK.meaning)
    terms = analyser.terms("People need support and opportunity; allotments")
    # The words the old stop list dropped are terms again, weighing little; a rare word weighs much.
    assert {"peopl", "need", "support", "opportun"} <= set(terms)
    weight = {t: analyser.weight(t) for t in terms}
    assert 0 < weight["peopl"] < weight["support"] < weight["opportun"] < weight["allot"] <= 1
    # Grammar words are not terms; "well" is, although spaCy lists it as a stop word ("Start Well").
    assert "and" not in terms and "good" in analyser.terms("Working Well")  # the lookup lemma of "well"


def test_a_token_can_be_in_a_specific_concept_and_a_broad_area_at_once():
    rules = MeaningRules(concepts=[Concept(id="climate", phrases=["carbon neutral"]),
                                   Concept(id="area_environment", phrases=["carbon", "green"])])
    terms = Analyser(rules).terms("A carbon neutral and green county")
    assert terms["concept:climate"] == 1 and terms["concept:area_environment"] == 2
    assert "carbon" not in terms


def test_a_concept_in_the_pack_joins_two_wordings_of_one_thing():
    rules = MeaningRules(concepts=[Concept(id="climate", phrases=["carbon neutral", "net zero"])])
    analyser = Analyser(rules)
    a = analyser.terms("Wiltshire will be carbon neutral by 2030.")
    b = analyser.terms("A net zero county.")
    assert a["concept:climate"] == 1 and b["concept:climate"] == 1
    assert "zero" not in b and "carbon" not in a  # the words of a matched phrase count only as the concept


def test_elements_sharing_a_policy_topic_meet_though_they_share_no_word():
    # Issue 17: "schools and attainment commitments → Education and Learning" scored 0.00. (Without
    # the pack's concepts, whose broad areas would join them by words too.)
    lineage = Lineage(PACK.model_copy(update={"meaning": PACK.meaning.model_copy(update={"concepts": []})}))
    older = [old(lineage, "Schools where every pupil attains", level="priority"),
             old(lineage, "Fewer potholes on our roads", level="priority")]
    newer = [new(lineage, "Education and Learning"), new(lineage, "Getting around")]
    comparison = lineage.compare(older, newer)
    assert comparison.words["Schools where every pupil attains", "Education and Learning"] == 0
    assert comparison.topics["Schools where every pupil attains", "Education and Learning"] > 0.5
    links = relations(lineage.link(comparison))
    assert links[("Schools where every pupil attains", "Education and Learning")] == "renamed"
    assert ("Schools where every pupil attains", "Getting around") not in links


def test_the_councils_own_name_says_nothing(lineage):
    older = [old(lineage, "Barsetshire Roads", level="priority"), old(lineage, "Barsetshire Schools", level="priority")]
    newer = [new(lineage, "Pupils in Barsetshire"), new(lineage, "Libraries")]
    with_name = lineage.compare(older, newer)
    without = lineage.compare(older, newer, ignore={"Barsetshire"})
    assert with_name.words["Barsetshire Roads", "Pupils in Barsetshire"] > 0
    assert without.words["Barsetshire Roads", "Pupils in Barsetshire"] == 0


def test_ranks_are_aligned_by_size_and_a_new_level_above_is_new(lineage):
    # Eleven flat priorities, then three pillars holding six priorities: the eleven meet the six.
    assert align_sizes([11], [3, 6], 0.8) == [(0, 1)]
    assert align_sizes([3, 6], [6], 0.8) == [(1, 0)]
    assert align_sizes([3, 10, 42], [4, 11], 0.8) == [(0, 0), (1, 1)]
    older = [old(lineage, "Schools and attainment", level="priority"), old(lineage, "Roads and buses", level="priority")]
    newer = [lineage.element("Our People", "pillar", "Our People", ("new-plan", 3), [], rank=0),
             lineage.element("Education", "priority", "Education", ("new-plan", 3), [], "Our People", rank=1),
             lineage.element("Transport", "priority", "Transport", ("new-plan", 3), [], "Our People", rank=1)]
    links = lineage.match(older, newer)
    rel = relations(links)
    assert rel[(None, "Our People")] == "new"
    assert rel[("Schools and attainment", "Education")] in ("renamed", "continues")
    assert ("Roads and buses", "Education") not in rel
    assert next(link.tier for link in links if link.to_id == "Education") == "cross"


def test_dropped_is_high_only_when_every_candidate_is_clearly_about_something_else(lineage):
    def dropped(newer_names):
        older = [old(lineage, "Affordable homes and housing", level="priority")]
        links = lineage.match(older, [new(lineage, n) for n in newer_names])
        return next(link for link in links if link.relation == "dropped")

    assert dropped(["Libraries and museums", "Schools and pupils"]).confidence == "high"
    # "Enable people" says nothing clear: it could be the successor, so not high.
    assert dropped(["Libraries and museums", "Enable people"]).confidence != "high"


def test_a_theme_reworded_in_the_new_plan_is_renamed_with_sentences_as_evidence(lineage):
    links = lineage.match(
        [old(lineage, "Jobs and skills", "Apprenticeships with local employers give young people qualifications.",
             "We will cut unemployment among school leavers."),
         old(lineage, "Roads", "Potholes are repaired and highways resurfaced.", "Bus services connect market towns.")],
        [new(lineage, "We have the skills to prosper", "Young people gain qualifications through apprenticeships with employers."),
         new(lineage, "We are well connected", "Highways are resurfaced and potholes repaired; buses run between towns.")],
    )
    assert relations(links) == {("Jobs and skills", "We have the skills to prosper"): "renamed",
                                ("Roads", "We are well connected"): "renamed"}
    jobs = next(link for link in links if link.from_id == "Jobs and skills")
    assert jobs.confidence in {"high", "medium", "low"}
    sides = [(q["side"], q["document_id"]) for q in jobs.evidence]
    assert ("from", "old-plan") in sides and ("to", "new-plan") in sides
    quoted = {q["text"] for q in jobs.evidence}
    assert "Apprenticeships with local employers give young people qualifications." in quoted  # as printed, not stems


def test_two_themes_folded_into_one_mission_are_merged_and_a_mission_from_nowhere_is_new(lineage):
    links = lineage.match(
        [old(lineage, "Safe streets", "Anti-social behaviour and crime fall with community policing."),
         old(lineage, "Safeguarding", "Children and adults are safeguarded from abuse and neglect.")],
        [new(lineage, "We are safe", "Crime and anti-social behaviour fall; children and adults are safeguarded from abuse."),
         new(lineage, "Carbon neutral", "Emissions fall as homes are retrofitted and solar panels fitted.")],
    )
    rel = relations(links)
    assert rel[("Safe streets", "We are safe")] == "merged"
    assert rel[("Safeguarding", "We are safe")] == "merged"
    assert rel[(None, "Carbon neutral")] == "new"


def test_a_mission_with_only_weak_predecessors_is_new(lineage):
    links = lineage.match(
        [old(lineage, "Libraries", "Library opening hours are extended and books lent free."),
         old(lineage, "Waste", "Household recycling rises and landfill falls.")],
        [new(lineage, "Reading for all", "Library books reach every village."),
         new(lineage, "Clean energy", "Solar farms and heat pumps; fewer hours of gas boilers in council homes.")],
    )
    assert relations(links)[(None, "Clean energy")] == "new"
    assert ("Libraries", "Clean energy") not in relations(links)


def test_a_goal_sharing_no_meaning_is_dropped(lineage):
    links = lineage.match(
        [old(lineage, "Army rebasing", "Soldiers and their families settle in garrison towns.", level="goal", parent="Housing"),
         old(lineage, "Housing", "Homes are built.")],
        [new(lineage, "We are safe", "Crime falls and policing is visible.")],
    )
    assert relations(links)[("Army rebasing", None)] == "dropped"


def test_a_goal_spanning_two_missions_is_split(lineage):
    theme = old(lineage, "Health", "Health for all.")
    goal = old(lineage, "Healthier lives", "Children eat well at school and fewer are obese.",
               "Adults use leisure centres and play sport.", level="goal", parent="Health")
    links = lineage.match(
        [theme, goal],
        [new(lineage, "Best start", "Children eat well at school; fewer children are obese."),
         new(lineage, "Stay active", "Leisure centres and sport for adults."),
         new(lineage, "Housing", "Affordable homes for tenants and landlords.")],
    )
    split = [link for link in links if link.from_id == "Healthier lives"]
    assert {link.to_id for link in split} == {"Best start", "Stay active"}
    assert {link.relation for link in split} == {"split"}


def test_reviews_confirm_and_reject_links_and_relations_are_judged_again(lineage):
    older = [old(lineage, "Safe streets", "Anti-social behaviour and crime fall with community policing."),
             old(lineage, "Safeguarding", "Children and adults are safeguarded from abuse and neglect.")]
    newer = [new(lineage, "We are safe", "Crime and anti-social behaviour fall; children and adults are safeguarded."),
             new(lineage, "Carbon neutral", "Emissions fall as homes are retrofitted.")]
    reviews = ReviewPack(pack="lineage_reviews", reviews=[
        Review(**{"from": "Safeguarding", "to": "We are safe", "verdict": "rejected", "note": "Different service.",
                  "reviewer": "A. Researcher"}),
        Review(**{"from": "safe streets", "to": "CARBON NEUTRAL", "verdict": "confirmed", "note": "Street lighting moved.",
                  "reviewer": "A. Researcher", "date": "2024-05-01"}),
    ])
    links = lineage.match(older, newer, verdicts_for(reviews, older, newer, None, None))
    by_pair = {(link.from_id, link.to_id): link for link in links}
    rejected = by_pair[("Safeguarding", "We are safe")]
    assert rejected.reviewed == "rejected" and "A. Researcher" in rejected.review_note
    confirmed = by_pair[("Safe streets", "Carbon neutral")]
    assert confirmed.reviewed == "confirmed" and confirmed.review_note.endswith("A. Researcher, 2024-05-01")
    # Without the rejected link "Safe streets" is no longer merged with it into "We are safe", and
    # "Safeguarding" has nothing left: it is dropped.
    assert by_pair[("Safe streets", "We are safe")].relation == "split"
    assert by_pair[("Safeguarding", None)].relation == "dropped"
    assert (None, "Carbon neutral") not in by_pair  # a confirmed predecessor: not new any more


def test_a_review_that_names_no_element_of_these_editions_is_ignored(lineage):
    older = [old(lineage, "Roads", "Potholes are repaired.")]
    newer = [new(lineage, "Connected", "Potholes are repaired.")]
    reviews = ReviewPack(pack="lineage_reviews", reviews=[
        Review(**{"from": "Roads", "to": "Connected", "from_plan": 2013, "verdict": "rejected", "note": "n", "reviewer": "r"}),
        Review(**{"from": "Rivers", "to": "Connected", "verdict": "rejected", "note": "n", "reviewer": "r"}),
    ])

    class Plan:
        period_start = 2017

    assert verdicts_for(reviews, older, newer, Plan(), Plan()) == {}


def test_an_elements_description_is_the_summary_plan_extraction_gives_else_the_run_in_text():
    from graph.editions import name_and_description
    from rules.plans.records import MissionRecord, PriorityRecord

    read = PriorityRecord(document_id="d", page=1, rule="t", plan_id="p", position=1, name="Strong Economy",
                          summary="Leicestershire's economy is growing")
    assert name_and_description(read) == ("Strong Economy", "Leicestershire's economy is growing")
    run_in = MissionRecord(document_id="d", page=1, rule="t", plan_id="p", kind="theme", position=1,
                           name="A Green Borough – safeguarding our environment")
    assert name_and_description(run_in) == ("A Green Borough", "safeguarding our environment")
    assert name_and_description(read.model_copy(update={"summary": None})) == ("Strong Economy", None)
