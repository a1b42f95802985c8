"""Typed rule packs for plans: what the YAML under ``rules/packs/`` may say, and defaults.

Three layout families, one pack each:

* ``business_plan`` — a plan printed as numbered priority banners, mission headings and
  bullet lists under list headings ("We aim to:", "Continue to...", "Implement...");
* ``plan_theme_pages`` — a plan printed as one page per theme with a strapline, "Why is this
  important?", "What are the challenges?" and a "Goal | What we will do" table;
* ``plan_lists`` — a strategy's priorities printed as a numbered list after a sentence that
  counts them ("has eight strategic priorities: i. ... ii. ..."), and areas enumerated in one
  sentence ("broken down into 8 domains (A, B, ... and H)");
* ``plan_objectives`` — an action plan printed as labelled sections ("Objective 1
  Description:", "Success Measures and Baselines:", "Overall Success Measures");
* ``mission_aliases`` — the short names reports use for a plan's missions.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel, Field

from rules.packs import load_pack
from rules.registry import RuleSetPack


class TextRules(BaseModel):
    """How words are compared when a printed name is matched to another (banner → priority)."""

    stopwords: list[str] = Field(default_factory=list)


class ActionList(BaseModel):
    heading: str  # regex on a heading line that opens a bullet list
    kind: str  # actions.kind the bullets get


class MetricsTable(BaseModel):
    # Header-cell regexes that name each column; a table is a metrics table when key_metric matches.
    priority: str = "^$"
    mission: str
    key_metric: str
    contributing: str
    bullet_chars: str = "\uf0b7•●▪"


class BusinessPlanPack(RuleSetPack):
    title: list[str]  # regexes with groups start/end: the plan's period on its first pages
    max_title_page: int = 3
    priority_list_heading: list[str]  # heading before the list of the plan's priorities
    priority_list_separators: str = "●•\uf0b7"
    section_banner: list[str]  # regexes with group keyword: "1. PEOPLE", "Resilient 2. SOCIETY"
    organisation: list[str]  # regexes on a heading: the council's own section
    action_lists: list[ActionList]
    lead_ins: list[str] = Field(default_factory=list)  # headings that only introduce the lists
    guiding_themes_heading: list[str] = Field(default_factory=list)
    metrics_table: MetricsTable | None = None
    text: TextRules = Field(default_factory=TextRules)


class GoalTable(BaseModel):
    header: list[str]  # regexes for the header cells, in column order
    # Function words a wrapped line may end with; a break after one is never an action break.
    wrap_words: list[str] = Field(default_factory=list)
    # A line that stops short of this share of the cell's widest line ended a paragraph.
    fit_ratio: float = 0.9


class ThemePagesPack(RuleSetPack):
    title: list[str]  # regex with groups start/end, on a heading line: starts the plan
    vision: list[str]
    organisation: list[str]
    why: str  # marker of the "why is this important" text; may also be printed inline
    challenges: str
    strapline: str  # regex with group text: the quoted line under a theme heading
    inline_theme: str  # regex with groups name, strapline: a theme heading run into its strapline
    goal_table: GoalTable
    numbered_item: str  # regex on a list label: a numbered council theme
    lead_in_min_words: int = 4  # a bold line ending ':' with at least this many words is body text
    text: TextRules = Field(default_factory=TextRules)


class NumberedList(BaseModel):
    intro: str  # regex on a block's text, group count: the sentence that introduces the list
    item: str  # regex on a line, groups label and text: a line that starts an item ("ii. To feel and be safe.")
    lead: str | None = None  # regex: where the item's name ends and who leads it begins ("Cllr ...")


class Enumeration(BaseModel):
    pattern: str  # regex with groups count and items: items separated by commas and a final "and"
    kind: str  # plan_themes.kind the items get


class PlanListsPack(RuleSetPack):
    priority_lists: list[NumberedList] = Field(default_factory=list)
    plan_kind: str = "strategy"
    # Regexes with group start on the text between the plan's heading and its list: the year the
    # strategy was adopted or last reviewed.
    period: list[str] = Field(default_factory=list)
    enumerations: list[Enumeration] = Field(default_factory=list)
    number_words: dict[str, int] = Field(default_factory=dict)


class PlanObjectivesPack(RuleSetPack):
    title: list[str]  # regexes on a line, groups title, start, end: the action plan's title and period
    plan_kind: str = "action_plan"
    objective: str  # regex on a line, group number: opens an objective; the lines after are its description
    impact: str  # regex on a line: the objective's impact/outcome follows
    measures: str  # regex on a line: the objective's success measures follow
    overall_measures: str  # regex on a line: success measures of the whole plan follow
    other_labels: list[str] = Field(default_factory=list)  # regexes on a line: sections that end the above
    wrap_words: list[str] = Field(default_factory=list)  # as goal_table.wrap_words: a line ending in one runs on
    fit_ratio: float = 0.9


class MissionAlias(BaseModel):
    alias: str  # as a report prints it
    mission: str  # the mission's name as its plan prints it
    why: str | None = None


class MissionAliasPack(BaseModel):
    aliases: list[MissionAlias] = Field(default_factory=list)
    # A link that matches no alias is resolved by word overlap only when the best mission
    # covers this share of the link's words and no other mission comes close.
    min_overlap: float = 0.99
    margin: float = 0.2
    text: TextRules = Field(default_factory=TextRules)


@functools.cache
def business_plan_pack() -> BusinessPlanPack:
    return load_pack("business_plan", BusinessPlanPack)


@functools.cache
def theme_pages_pack() -> ThemePagesPack:
    return load_pack("plan_theme_pages", ThemePagesPack)


@functools.cache
def plan_lists_pack() -> PlanListsPack:
    return load_pack("plan_lists", PlanListsPack)


@functools.cache
def plan_objectives_pack() -> PlanObjectivesPack:
    return load_pack("plan_objectives", PlanObjectivesPack)


@functools.cache
def mission_alias_pack() -> MissionAliasPack:
    return load_pack("mission_aliases", MissionAliasPack)
