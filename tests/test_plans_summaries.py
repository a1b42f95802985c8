"""Plan summaries of any layout (plans.plan_summaries.v1, rules/packs/plan_summaries.yaml).

Real pages of other councils' plans (tests/fixtures/plans/, from ../shared/eval/dev, with their
hand-made gold) show each printed shape once: a numbered list (Folkestone & Hythe), an inline
"1. ... 2. ..." run in a crude export (East Devon), bullets after other bullets (South Glos),
short lines of body type each with its paragraph (Canterbury), headings each with a paragraph
and a "Last updated" heading that is no priority (Tendring), lead lines each with their
bullets (West Lindsey) and a dashboard's priority banner with objectives and their status
(Mole Valley). Every gold priority must be found (85% alike, as ../shared/eval/score.py
counts) and nothing else. Generated pages then show the same shapes in other words, so the
rules are the shapes, not these councils' sentences.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from pdfgen import make_pdf, ruled_table, text_page
from rulesets import reading_of, records_of

from extractor import extract
from rules.plans.records import MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
ALIKE = 0.85
KINDS = (PlanRecord, PriorityRecord, MissionRecord, PlanThemeRecord)


def _norm(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", re.sub(r"[^\w%£.,;:'\"/()&+-]+", " ", s)).strip(" .;:,")


def alike(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b), autojunk=False).ratio()


def summary_of(pdf: Path):
    return records_of(reading_of(extract(pdf)), "plan_summaries", *KINDS)


def _matches(gold: list[str], found: list[str]) -> tuple[list[str], list[str]]:
    """Gold strings not found, and found strings that are not gold (one to one)."""
    left = list(found)
    missed = []
    for g in gold:
        best = max(left, key=lambda f: alike(g, f), default=None)
        if best is not None and alike(g, best) >= ALIKE:
            left.remove(best)
        else:
            missed.append(g)
    return missed, left


WITH_PRIORITIES = sorted(p for p in FIXTURES.glob("*.gold.json") if json.loads(p.read_text()).get("priorities"))


@pytest.mark.parametrize("gold_file", WITH_PRIORITIES, ids=lambda p: p.name[2:-10])
def test_every_priority_and_nothing_else(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    plans, priorities, _missions, _themes = summary_of(gold_file.with_name(gold_file.name.replace(".gold.json", ".pdf")))
    assert len(plans) == 1
    # A priority printed as its name and what it means ("NAME: “...”") keeps the two apart;
    # the gold quotes the line as printed.
    printed = [max((p.name, f"{p.name}: {p.summary}"), key=lambda f: max(alike(g, f) for g in gold["priorities"]))
               for p in priorities]
    missed, extra = _matches(gold["priorities"], printed)
    assert (missed, extra) == ([], [])
    assert [p.position for p in sorted(priorities, key=lambda p: p.position)] == list(range(1, len(priorities) + 1))
    assert all(p.page == 1 and p.bbox for p in priorities)


def test_focus_areas_sit_under_the_priority_that_leads_them():
    gold = json.loads((FIXTURES / "c-westlindsey-corporate-plan-2023-2027.gold.json").read_text())
    _plans, priorities, missions, _themes = summary_of(FIXTURES / "c-westlindsey-corporate-plan-2023-2027.pdf")
    by_id = {p.id: p.name for p in priorities}
    found = {(by_id[m.priority_id], m.name) for m in missions if m.kind == "focus_area"}
    assert found == {(fa["priority"], area) for fa in gold["focus_areas"] for area in fa["areas"]}


def test_challenges_without_their_bracketed_factors():
    plans, priorities, _missions, themes = summary_of(FIXTURES / "c-tendring-corporate-plan-2016-2020.pdf")
    challenges = [t for t in sorted(themes, key=lambda t: t.position) if t.kind == "challenge"]
    gold = json.loads((FIXTURES / "c-tendring-corporate-plan-2016-2020.gold.json").read_text())["challenges"]
    assert [c.name for c in challenges] == gold
    assert challenges[0].text == "factors being health, wellbeing, living conditions and environment"
    # The page names the plan it is and, first, the emerging one: its own title wins.
    assert (plans[0].title, plans[0].period_start, plans[0].period_end) == ("Corporate Plan 2016 to 2020", 2016, 2020)
    assert priorities[0].intro.startswith("A focus on engaging with")


def test_a_dashboard_banner_with_its_objectives_and_their_status():
    plans, priorities, missions, _ = summary_of(FIXTURES / "c-molevalley-dashboard-2022-23.pdf")
    (plan,) = plans
    assert (plan.title, plan.kind, plan.cited_in) == ("Council Strategy 2019-2024", "business_plan", plan.document_id)
    (priority,) = priorities
    assert (priority.name, priority.summary) == ("ENVIRONMENT", "A highly attractive area with housing that meets local need")
    assert priority.intro == "A highly attractive area with housing that meets local need"
    objectives = sorted(missions, key=lambda m: m.position)
    assert [(m.kind, m.priority_id, m.status) for m in objectives] == [
        ("objective", priority.id, "Green"), ("objective", priority.id, None)]
    assert objectives[1].name == "Investigate options for alternative methods of funding Climate Change initiatives"


# ------------------------------------------------------------------ the shapes in other words


def _summary(tmp_path: Path, rows: list[str], title: str = "**Riverside Borough Council Plan 2025 to 2029"):
    pdf = make_pdf(tmp_path / "plan.pdf", [text_page([title, "", *rows], top=40)])
    return summary_of(pdf)


def test_bullets_that_wrap_are_one_item_and_the_paragraph_after_them_is_none(tmp_path):
    _plans, priorities, _m, _t = _summary(tmp_path, [
        "The Council Plan sets the direction for the borough. Our ambitions for the borough are:",
        "• Safe, clean and green neighbourhoods where residents feel proud of where they live and",
        "  can enjoy parks and open spaces",
        "• A thriving local economy",
        "• Good homes for everyone",
        "",
        "These ambitions will be reviewed each year by Cabinet alongside the budget and the medium term plan.",
    ])
    assert [p.name for p in sorted(priorities, key=lambda p: p.position)] == [
        "Safe, clean and green neighbourhoods where residents feel proud of where they live and can enjoy parks "
        "and open spaces",
        "A thriving local economy",
        "Good homes for everyone",
    ]


def test_a_long_item_stays_in_its_list_and_a_list_of_long_items_is_prose(tmp_path):
    # 32 words, printed over two lines as a word processor wraps them.
    first, rest = ("Information that residents need is readily available within three clicks on the website so that",
                   "they can find what they need at any time of day, reducing calls and encouraging online use")
    long_item = f"{first} {rest}"
    _plans, priorities, _m, _t = _summary(tmp_path, [
        "Our priorities for the next four years are:",
        "1. Good homes for everyone",
        f"2. {first}",
        f"   {rest}",
        "3. A thriving local economy",
    ])
    assert [p.name for p in sorted(priorities, key=lambda p: p.position)] == [
        "Good homes for everyone", long_item, "A thriving local economy"]
    prose = tmp_path / "prose"
    prose.mkdir()
    _plans, priorities, _m, _t = _summary(prose, [
        "Our priorities for the next four years are:",
        f"• {first}",
        f"  {rest}",
        f"• {first.replace('residents', 'businesses')}",
        f"  {rest}",
        "• A thriving local economy",
    ])
    assert priorities == []


def test_an_inline_numbered_run_of_outcomes(tmp_path):
    plans, priorities, missions, _t = _summary(tmp_path, [
        "The plan has been agreed by Council. Our key outcomes 1. Children have the best start in life. 2. Older",
        "people live independently for longer. 3. Town centres are busy and safe. These outcomes guide our budget.",
    ])
    # A plan that lists no priorities has its outcomes as its top level: priorities of that kind.
    assert missions == []
    assert [(p.kind, p.name) for p in sorted(priorities, key=lambda m: m.position)] == [
        ("outcome", "Children have the best start in life"),
        ("outcome", "Older people live independently for longer"),
        ("outcome", "Town centres are busy and safe"),
    ]
    assert (plans[0].title, plans[0].period_start, plans[0].period_end) == ("Riverside Borough Council Plan 2025 to 2029",
                                                                            2025, 2029)


def test_headings_each_with_a_paragraph(tmp_path):
    _plans, priorities, _m, _t = _summary(tmp_path, [
        "**Our three priorities are:",
        "**Putting residents first",
        "We will answer calls more quickly and put more services online.",
        "**Investing in our towns",
        "We will bring empty shops back into use and improve the markets.",
        "**Tackling the climate emergency",
        "We will plant 10,000 trees and switch the fleet to electric vehicles.",
        "**Published 3 March 2025",
    ])
    assert [(p.name, p.intro[:20]) for p in sorted(priorities, key=lambda p: p.position)] == [
        ("Putting residents first", "We will answer calls"),
        ("Investing in our towns", "We will bring empty "),
        ("Tackling the climate emergency", "We will plant 10,000"),
    ]


def test_lead_lines_each_with_their_bullets(tmp_path):
    _plans, priorities, missions, _t = _summary(tmp_path, [
        "Over the next four years we will focus on:",
        "Our Economy – where we will:",
        "• Support small businesses",
        "• Attract inward investment",
        "Our Environment – including:",
        "• Flood resilience",
        "• Cleaner streets",
        "• Active travel",
    ])
    names = {p.id: p.name for p in priorities}
    assert sorted(names.values()) == ["Our Economy", "Our Environment"]
    assert sorted((names[m.priority_id], m.name) for m in missions) == [
        ("Our Economy", "Attract inward investment"), ("Our Economy", "Support small businesses"),
        ("Our Environment", "Active travel"), ("Our Environment", "Cleaner streets"),
        ("Our Environment", "Flood resilience")]


def test_a_table_of_priorities_and_what_will_be_done(tmp_path):
    table, _ = ruled_table([
        ["Priority", "What we will do"],
        ["Healthy communities", "Open two new leisure centres\nExtend the social prescribing service"],
        ["A fair economy", "Pay the real living wage\nBuy locally where we can"],
    ], [200, 300], top=120)
    pdf = make_pdf(tmp_path / "table.pdf", [text_page(["**Riverside Borough Council Plan 2025 to 2029"], top=40) + table])
    _plans, priorities, missions, _t = summary_of(pdf)
    names = {p.id: p.name for p in priorities}
    assert sorted(names.values()) == ["A fair economy", "Healthy communities"]
    assert ("Healthy communities", "Extend the social prescribing service") in {
        (names[m.priority_id], m.name) for m in missions}


def test_a_sentence_that_only_mentions_priorities_announces_no_list(tmp_path):
    records = _summary(tmp_path, [
        "We will work with the NHS and the police to deliver our priorities.",
        "• Review the scheme of delegation",
        "• Report back to Cabinet in June",
        "Recommendations:",
        "1. That Cabinet notes the report.",
        "2. That Cabinet agrees the timetable.",
    ])
    assert [r for kind in records for r in kind] == []


# ------------------------------------------------------------------ the corpus


def test_lists_other_plan_families_have_read_are_left_to_them(business_plan_2022, parenting_2023):
    """The 2022 plan's priorities and guiding themes are announced like any summary ("Our
    mission:", "Our guiding themes"); the business plan family reads them. What it does not
    read — the three values of page 22, printed with Word's Symbol bullets after "the following
    values" — this family adds to that plan (no second plan record)."""
    records = records_of(business_plan_2022, "plan_summaries")
    assert {(type(r).__name__, getattr(r, "kind", None), r.page) for r in records} == {("PlanThemeRecord", "value", 22)}
    assert len(records) == 3 and records[0].name.startswith("We are public servants")
    plan = next(r for r in records_of(business_plan_2022, "business_plan") if isinstance(r, PlanRecord))
    assert {r.plan_id for r in records} == {plan.id}
    assert records_of(parenting_2023, "plan_summaries") == []


def test_a_service_plan_update_quotes_the_plan_it_serves_and_is_not_read_for_one(service_plan_2022):
    """The update's "Four Priorities:" and "10 Missions – ..." are the business plan's own,
    quoted to say which activity serves which; the plan itself is read from the plan. The
    family does not read service-plan updates."""
    import dataclasses

    from rules.engine import apply_rules

    assert service_plan_2022.genre.name == "service_plan_update"
    reading = dataclasses.replace(service_plan_2022, records=[])  # the fixture is shared: read a copy
    assert not [r for r in apply_rules(reading) if r.family == "plans.plan_summaries.v1"]


def test_a_strategy_summarised_inside_a_cabinet_pack(cabinet_2017):
    """The 3 July 2017 pack: the 2017 plan's priorities (page 65) and the 2013/17 outcomes it
    cites (page 120) are left to their families; the draft digital strategy's priorities
    (page 112, "The priorities for the digital strategy are to deliver digital functionality
    that will:") belong to the strategy the appendix is, not to the business plan."""
    plans, priorities, missions, themes = records_of(cabinet_2017, "plan_summaries", *KINDS)
    (plan,) = plans
    assert (plan.title, plan.kind, plan.period_start, plan.period_end, plan.cited_in) == (
        "Draft Digital Strategy 2017 – 2021", "strategy", 2017, 2021, cabinet_2017.id)
    # Its four key aims (page 101, Symbol bullets) ...
    aims = sorted((p for p in priorities if p.kind == "aim"), key=lambda p: p.position)
    assert [p.page for p in aims] == [101] * 4
    assert aims[0].name.startswith("Redesigned services that improve customer access")
    # ... and all seven numbered priorities, the two that run over thirty words included.
    ordered = sorted((p for p in priorities if p.kind is None), key=lambda p: p.position)
    assert [(p.page, p.position) for p in ordered] == [(112, n) for n in range(1, 8)]
    assert ordered[0].name.startswith("Develop customer focused digital plans")
    assert ordered[2].name.startswith("Information readily available within three clicks")
    assert (missions, themes) == ([], [])


def test_a_plan_summary_table_inside_a_committee_pack(committee_2012):
    """Appendix 2 of the 31 May 2012 pack, "Improvement Plan Summary": a table of strategic goals
    headed "Goal", repeated after a page break; the plan is named by the appendix."""
    plans, priorities, _missions, _themes = records_of(committee_2012, "plan_summaries", *KINDS)
    (plan,) = [p for p in plans if p.page == 68]
    assert (plan.title, plan.kind, plan.cited_in, plan.page) == (
        "Improvement Plan Summary", "action_plan", committee_2012.id, 68)
    # Its goals are its top level: priorities of kind goal.
    goals = sorted((p for p in priorities if p.plan_id == plan.id), key=lambda m: m.position)
    assert [m.name for m in goals][:3] == [
        "Children and young people are safe",
        "The skills and quality of front line workers has improved",
        "The skills and quality of managers have improved",
    ]
    assert {m.kind for m in goals} == {"goal"}
