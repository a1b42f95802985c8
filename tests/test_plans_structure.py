"""Plan structure of any council (issue 17): the sections that set out a plan's top-level
elements however they are announced or printed, each split into a name and a description,
with values and ways of working kept apart from priorities.

Every page here is generated (tests/pdfgen.py) in words of its own, as a word processor prints
it: bullets in a symbol font (Word's Symbol bullet reads as the private-use U+F0B7), headings
carried as bookmarks, numbered headings, run-in lists. The shapes are what is tested, not
any council's sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import bullet_list, make_pdf, ruled_table, text_page
from rulesets import reading_of, records_of

from extractor import extract
from rules.engine import apply_rules, read
from rules.plans.records import MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord

KINDS = (PlanRecord, PriorityRecord, MissionRecord, PlanThemeRecord)
TITLE = ("Harbourside District Council Corporate Plan 2025 to 2029", 20, True, 60, 50)


def structure(pdf: Path):
    return records_of(reading_of(extract(pdf)), "plan_summaries", *KINDS)


def ordered(records):
    return sorted(records, key=lambda r: (r.position, r.name))


def _page(tmp_path: Path, rows: list, name: str = "plan.pdf", **kwargs) -> Path:
    return make_pdf(tmp_path / name, [[TITLE, *rows]], **kwargs)


def test_symbol_font_bullets_after_an_announcement_are_the_priorities(tmp_path):
    lead = text_page(["The council has agreed its corporate objectives for the next four years. Our three",
                      "corporate objectives for 2025 to 2029 are:"], top=90)
    items, _ = bullet_list([
        "Healthy Coast: residents live longer, healthier lives and can reach green space",
        "Working Harbour: the port and its businesses grow and pay fair wages",
        "Homes for Local People: more homes are built that people on local wages can afford",
    ], top=130)
    plans, priorities, missions, themes = structure(_page(tmp_path, lead + items))
    assert len(plans) == 1
    assert [(p.name, p.kind) for p in ordered(priorities)] == [
        ("Healthy Coast", "objective"), ("Working Harbour", "objective"), ("Homes for Local People", "objective")]
    assert ordered(priorities)[1].summary == "the port and its businesses grow and pay fair wages"
    assert (missions, themes) == ([], [])


def test_a_dash_separates_a_name_from_what_it_means(tmp_path):
    lead = text_page(["Our ambitions for the district remain as follows:"], top=90)
    items, _ = bullet_list(["Prosperity – a growing economy with skilled jobs for young people",
                            "Place – towns and villages that are clean, safe and well looked after",
                            "People – everyone can get the help they need, when they need it"],
                           glyph="{n}.", top=115)
    _plans, priorities, _m, _t = structure(_page(tmp_path, lead + items))
    assert [(p.name, p.summary) for p in ordered(priorities)] == [
        ("Prosperity", "a growing economy with skilled jobs for young people"),
        ("Place", "towns and villages that are clean, safe and well looked after"),
        ("People", "everyone can get the help they need, when they need it")]


def test_a_list_announced_in_the_sentence_before_it(tmp_path):
    lead = text_page(["Our work is grouped under four pledges to residents. They are:"], top=90)
    items, _ = bullet_list(["Keep the district moving", "Look after the coastline", "Support carers",
                            "Spend wisely"], glyph="•", top=115)
    _plans, priorities, _m, _t = structure(_page(tmp_path, lead + items))
    assert [(p.name, p.kind) for p in ordered(priorities)] == [
        ("Keep the district moving", "pledge"), ("Look after the coastline", "pledge"), ("Support carers", "pledge"),
        ("Spend wisely", "pledge")]


def test_what_the_council_will_concentrate_on(tmp_path):
    lead = text_page(["Between now and 2029 we're going to concentrate on:"], top=90)
    items, _ = bullet_list(["Cutting waiting times for adaptations", "Reopening the lido", "Safer roads near schools"],
                           glyph=("wingdings", 0xA7), top=115)
    _plans, priorities, _m, _t = structure(_page(tmp_path, lead + items))
    assert [p.name for p in ordered(priorities)] == [
        "Cutting waiting times for adaptations", "Reopening the lido", "Safer roads near schools"]


def test_a_run_in_list_separated_by_semicolons(tmp_path):
    rows = text_page(["The refreshed plan introduces three new Missions: Thriving High Streets; Warm and Dry Homes;",
                      "A Council Fit for the Future. Each mission has a lead member and a board."], top=90)
    _plans, priorities, _m, _t = structure(_page(tmp_path, rows))
    assert [(p.name, p.kind) for p in ordered(priorities)] == [
        ("Thriving High Streets", "mission"), ("Warm and Dry Homes", "mission"),
        ("A Council Fit for the Future", "mission")]


def test_a_run_in_list_with_commas_when_it_is_counted(tmp_path):
    rows = text_page(["Everything in this plan serves our three priorities: jobs, homes and health."], top=90)
    _plans, priorities, _m, _t = structure(_page(tmp_path, rows))
    assert [p.name for p in ordered(priorities)] == ["jobs", "homes", "health"]


def test_nested_bullets_are_the_focus_areas_of_the_item_above(tmp_path):
    lead = text_page(["Our priorities are:"], top=90)
    first, y = bullet_list(["A cleaner district"], top=115)
    inner, y = bullet_list(["Street cleansing", "Fly-tipping enforcement"], glyph="o", x=90, top=y)
    second, y = bullet_list(["A fairer district"], top=y)
    inner2, _ = bullet_list(["Food banks", "Debt advice"], glyph="o", x=90, top=y)
    _plans, priorities, missions, _t = structure(_page(tmp_path, lead + first + inner + second + inner2))
    names = {p.id: p.name for p in priorities}
    assert sorted(names.values()) == ["A cleaner district", "A fairer district"]
    assert sorted((names[m.priority_id], m.name, m.kind) for m in missions) == [
        ("A cleaner district", "Fly-tipping enforcement", "focus_area"),
        ("A cleaner district", "Street cleansing", "focus_area"),
        ("A fairer district", "Debt advice", "focus_area"), ("A fairer district", "Food banks", "focus_area")]


def _sections_pdf(tmp_path: Path, bookmarks: bool) -> Path:
    """A plan printed as sections: an "Our Goals" heading over three sub-headings, each with
    its paragraph on its own page, and a "How We Work" section listing behaviours."""
    cover = [TITLE, ("Contents", 14, True, 60, 100),
             ("Our Goals ........................ 2", 11, False, 60, 130),
             ("How We Work ...................... 4", 11, False, 60, 148),
             ("Our Finances ..................... 5", 11, False, 60, 166)]
    goals = [("Our Goals", 18, True, 60, 60),
             ("Everything the council does over the next four years serves one of these goals.", 11, False, 60, 95),
             ("Confident Communities", 14, True, 60, 130),
             ("People take part in local life and look out for one another.", 11, False, 60, 155),
             ("A Resilient Coast", 14, True, 60, 190),
             ("Sea defences are renewed and homes at risk of flooding are protected.", 11, False, 60, 215)]
    goals2 = [("Good Jobs Close to Home", 14, True, 60, 60),
              ("More local firms take on apprentices and pay the real living wage.", 11, False, 60, 85)]
    behaviours, _ = bullet_list(["Always listen before we decide", "Treat everyone with courtesy",
                                 "Be open about how money is spent", "Own our mistakes and put them right",
                                 "Work with partners, not around them"], top=125)
    work = [("How We Work", 18, True, 60, 60), ("In everything we do we will:", 11, False, 60, 100), *behaviours]
    money = [("Our Finances", 18, True, 60, 60), ("The budget for 2025/26 is £84.2m.", 11, False, 60, 95)]
    outline = [(1, "Our Goals", 1, 60), (2, "Confident Communities", 1, 130), (2, "A Resilient Coast", 1, 190),
               (2, "Good Jobs Close to Home", 2, 60), (1, "How We Work", 3, 60), (1, "Our Finances", 4, 60)]
    return make_pdf(tmp_path / f"sections-{bookmarks}.pdf", [cover, goals, goals2, work, money],
                    outline=outline if bookmarks else ())


def test_a_section_heading_with_its_subsections_from_the_bookmarks(tmp_path):
    _plans, priorities, _m, themes = structure(_sections_pdf(tmp_path, bookmarks=True))
    assert [(p.name, p.kind, p.page) for p in ordered(priorities)] == [
        ("Confident Communities", "goal", 2), ("A Resilient Coast", "goal", 2), ("Good Jobs Close to Home", "goal", 3)]
    assert ordered(priorities)[1].summary == "Sea defences are renewed and homes at risk of flooding are protected."
    # The behaviours are the plan's values, not priorities.
    assert [(t.kind, t.name) for t in ordered(themes)][:2] == [
        ("value", "Always listen before we decide"), ("value", "Treat everyone with courtesy")]
    assert len(themes) == 5


def test_a_section_heading_with_its_subsections_from_the_headings(tmp_path):
    _plans, priorities, _m, themes = structure(_sections_pdf(tmp_path, bookmarks=False))
    assert [p.name for p in ordered(priorities)] == [
        "Confident Communities", "A Resilient Coast", "Good Jobs Close to Home"]
    assert {t.kind for t in themes} == {"value"}


def test_a_list_of_behaviours_is_values_even_when_announced_as_priorities(tmp_path):
    lead = text_page(["Our priorities for the way we work are:"], top=90)
    items, _ = bullet_list(["Always put residents first", "Be honest when things go wrong",
                            "Never waste public money", "Listen, then act"], top=115)
    _plans, priorities, _m, themes = structure(_page(tmp_path, lead + items))
    assert priorities == []
    assert [t.kind for t in themes] == ["value"] * 4


def test_numbered_headings_are_the_plan_top_level(tmp_path):
    rows = [("Priority 1 – A Greener Borough", 14, True, 60, 100),
            ("We will halve the council's carbon emissions by 2028.", 11, False, 60, 125),
            ("Priority 2 – A Healthier Borough", 14, True, 60, 160),
            ("We will open two new health hubs in the towns.", 11, False, 60, 185),
            ("Priority 3 – A Better Connected Borough", 14, True, 60, 220),
            ("We will bring full fibre to every village hall.", 11, False, 60, 245)]
    _plans, priorities, _m, _t = structure(_page(tmp_path, rows))
    assert [(p.name, p.summary) for p in ordered(priorities)] == [
        ("A Greener Borough", "We will halve the council's carbon emissions by 2028."),
        ("A Healthier Borough", "We will open two new health hubs in the towns."),
        ("A Better Connected Borough", "We will bring full fibre to every village hall.")]


def test_the_top_level_stays_a_mission_list_when_the_plan_has_priorities_too(tmp_path):
    lead = text_page(["Our two priorities are:"], top=90)
    first, y = bullet_list(["Growth", "Wellbeing"], glyph="•", top=115)
    more = text_page(["Under them sit our four outcomes:"], top=y + 10)
    second, _ = bullet_list(["More jobs", "Better skills", "Longer lives", "Less loneliness"], glyph="•",
                            top=y + 35)
    _plans, priorities, missions, _t = structure(_page(tmp_path, lead + first + more + second))
    assert [p.name for p in ordered(priorities)] == ["Growth", "Wellbeing"]
    assert [(m.kind, m.name) for m in ordered(missions)] == [
        ("outcome", "More jobs"), ("outcome", "Better skills"), ("outcome", "Longer lives"),
        ("outcome", "Less loneliness")]


# ------------------------------------------------------------------ a whole plan, as Word prints one


def word_plan(folder: Path, bookmarks: bool = True) -> Path:
    """A council plan as a word processor exports it: a cover, a contents page with leaders, a
    foreword, the priorities announced with Symbol bullets ("Name – what it means"), a page per
    priority (numbered headings, bullets, a KPI table) and the values; bookmarks or none."""
    cover = [("Westmoor District Council", 16, True, 60, 120), ("Council Plan 2025–2029", 28, True, 60, 160),
             ("Approved by Full Council, 24 February 2025", 11, False, 60, 220)]
    contents = [("Contents", 18, True, 60, 60)] + [
        (f"{t} {'.' * 40} {n}", 11, False, 60, 100 + 20 * k) for k, (t, n) in enumerate(
            [("Foreword", 3), ("Our priorities", 4), ("Priority 1: Homes people can afford", 5),
             ("Priority 2: A cleaner, greener district", 6), ("Our values", 7)])]
    foreword = text_page(["**Foreword", "Welcome to the council's new plan. Over the next four years we will face hard",
                          "choices, with 3 fewer grants and rising demand for temporary housing."], top=60)
    lead = text_page(["**Our priorities", "The plan is built around two priorities, each with the outcomes we want",
                      "to see by 2029:"], top=60)
    items, _ = bullet_list(["Homes people can afford – more homes built for local wages, and fewer households in",
                            "A cleaner, greener district – less waste, more recycling and cleaner air"], top=120)
    p1 = text_page(["**Priority 1: Homes people can afford", "We will work with housing associations to build more homes.",
                    "", "**What we will do"], top=60)
    acts, y = bullet_list(["Bring 200 empty homes back into use", "Open a new hostel for rough sleepers"], top=150)
    kpi, _ = ruled_table([["Measure", "2023/24", "Target 2025/26"], ["Net additional homes", "412", "500"],
                          ["Households in temporary\naccommodation", "96", "70"]], [250, 80, 90], top=y + 20)
    p2 = text_page(["**Priority 2: A cleaner, greener district", "Cleaner streets and more recycling.", "",
                    "**What we will do"], top=60)
    acts2, _ = bullet_list(["Roll out food waste collections", "Plant 5,000 trees"], top=150)
    vals = text_page(["**Our values", "In everything we do we will:"], top=60)
    vb, _ = bullet_list(["Always act with honesty and integrity", "Treat residents and colleagues with respect",
                         "Be open about our decisions and our spending", "Work together as one council"], top=110)
    pages = [cover, contents, foreword, lead + items, p1 + acts + kpi, p2 + acts2, vals + vb]
    outline = [(1, "Foreword", 2, 60), (1, "Our priorities", 3, 60), (1, "Priority 1: Homes people can afford", 4, 60),
               (2, "What we will do", 4, 130), (1, "Priority 2: A cleaner, greener district", 5, 60),
               (2, "What we will do", 5, 130), (1, "Our values", 6, 60)]
    return make_pdf(folder / f"word-plan-{bookmarks}.pdf", pages, outline=outline if bookmarks else ())


@pytest.mark.parametrize("bookmarks", [True, False], ids=["bookmarks", "headings"])
def test_a_whole_plan_made_in_a_word_processor(tmp_path, bookmarks):
    reading = read(extract(word_plan(tmp_path, bookmarks)), None)
    assert reading.genre.name == "business_plan"
    records = apply_rules(reading)
    (plan,) = [r for r in records if isinstance(r, PlanRecord)]
    assert (plan.title, plan.period_start, plan.period_end, plan.cited_in) == ("Council Plan 2025–2029", 2025, 2029, None)
    priorities = ordered(r for r in records if isinstance(r, PriorityRecord))
    assert [(p.name, p.summary, p.plan_id) for p in priorities] == [
        ("Homes people can afford", "more homes built for local wages, and fewer households in", plan.id),
        ("A cleaner, greener district", "less waste, more recycling and cleaner air", plan.id)]
    values = [r for r in records if isinstance(r, PlanThemeRecord)]
    assert {(v.kind, v.plan_id) for v in values} == {("value", plan.id)} and len(values) == 4
    # Nothing is read off the contents page.
    assert not [r for r in records if r.page == 2]


@pytest.mark.parametrize(("first", "second", "third"), [
    ("Ambition One: Safer Streets", "Ambition Two: Busy High Streets", "Ambition Three: Warmer Homes"),
    ("Ambition: Safer Streets", "Ambition: Busy High Streets", "Ambition: Warmer Homes"),
], ids=["number-words", "no-numbers"])
def test_element_headings_numbered_in_words_or_not_at_all(tmp_path, first, second, third):
    rows = [(first, 14, True, 60, 100), ("Lighting and patrols where people feel least safe.", 11, False, 60, 125),
            (second, 14, True, 60, 160), ("Fewer empty shops and a market every week.", 11, False, 60, 185),
            (third, 14, True, 60, 220), ("Insulation grants for the coldest homes.", 11, False, 60, 245)]
    _plans, priorities, _m, _t = structure(_page(tmp_path, rows))
    assert [(p.name, p.kind) for p in ordered(priorities)] == [
        ("Safer Streets", "ambition"), ("Busy High Streets", "ambition"), ("Warmer Homes", "ambition")]


def test_headings_each_with_their_bullets_after_the_announcement(tmp_path):
    rows = text_page(["The priorities in our Borough Plan are:", "**Our Town Centres", "• more markets and events",
                      "• fewer empty shops", "**Our Countryside", "• better footpaths", "• cleaner rivers"], top=90)
    _plans, priorities, missions, _t = structure(_page(tmp_path, rows))
    names = {p.id: p.name for p in priorities}
    assert sorted(names.values()) == ["Our Countryside", "Our Town Centres"]
    assert sorted((names[m.priority_id], m.name) for m in missions) == [
        ("Our Countryside", "better footpaths"), ("Our Countryside", "cleaner rivers"),
        ("Our Town Centres", "fewer empty shops"), ("Our Town Centres", "more markets and events")]


def test_a_strategy_page_that_never_says_plan_is_read_as_one(tmp_path):
    rows = text_page(["**Our Council Strategy", "This strategy rests on three core pillars:", "- Connected Villages",
                      "- A Fair Local Economy", "- A Listening Council", "",
                      "**Connected Villages", "Buses, broadband and safe cycling between the villages.",
                      "**A Fair Local Economy", "Local firms win more of the council's contracts."], top=40)
    reading = reading_of(extract(make_pdf(tmp_path / "strategy.pdf", [rows])))
    assert reading.genre.name == "business_plan"
    priorities = ordered(records_of(reading, "plan_summaries", PriorityRecord))
    assert [(p.name, p.kind) for p in priorities] == [
        ("Connected Villages", "pillar"), ("A Fair Local Economy", "pillar"), ("A Listening Council", "pillar")]
