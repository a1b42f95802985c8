"""What the plan-summary shapes share: the pack that words them (``rules/packs/plan_summaries.yaml``),
the document as a stream of printed lines (:class:`Row`), and the lists the shapes read off it
(:class:`PlanList` of :class:`Item`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, PrivateAttr

from extractor.blocks import list_label, list_marker
from extractor.model import Block, Line
from kernel.text import clean
from rules.reading import Reading
from rules.registry import RuleSetPack


class Element(BaseModel):
    """What a list's items become: a priority, a mission of some kind or a plan theme."""

    table: str = Field(description="priorities, missions or plan_themes")
    kind: str | None = Field(None, description="missions.kind, plan_themes.kind or metrics.kind (none for priorities)")
    headings: bool = Field(False, description="Announced by a heading whose sibling headings are the items (each "
                                              "with the bullets under it), not sections of the page")
    sub_items: Element | None = Field(None, description="What the bullets under each item become, when not the "
                                                        "pack's sub_items")


class Announcement(BaseModel):
    pattern: str = Field(description="Regex on a block's text: the words that announce a list. Optional groups: "
                                     "count (digits or a number word), noun (what the items are)")
    noun: str | None = Field(None, description="What the items are when the pattern has no noun group")


class TableHeads(BaseModel):
    items: str = Field(description="Regex on a header cell: the column of the items")
    sub_items: str | None = Field(None, description="Regex on a header cell: a column of each item's sub-items")


class PlanSummariesPack(RuleSetPack):
    announcements: list[Announcement]
    nouns: dict[str, Element] = Field(description="Noun (lower case, as announced) -> what its items become")
    sub_items: Element = Field(description="What the bullets under a led item become")
    label: str = Field(description="Regex at a line's start: a bullet or list number; group n holds the number")
    inline_bullets: str = Field(description="Characters that separate items run together in one paragraph")
    contents_entry: str = Field("", description="Regex on a contents page's text: one entry labelled as an "
                                                "element (group label) with its name (group name) and page")
    section_lead: str = Field("", description="Regex on a line under a section's heading that leads in to its list "
                                              "(\"Working with our partners, we will:\"): the headings are priorities")
    section_subheading: str = Field("(?!)", description="Regex on a sub-heading passed over between a section's "
                                                        "heading and its lead-in line (\"How this will be achieved\")")
    lead_line: str = Field(description="Regex on a line that leads a sub-list; group name is the item's name")
    not_items: list[str] = Field(default_factory=list, description="Regexes on a line that is never an item")
    explanation: str = Field(description="Regex at an item's end: a bracketed explanation kept as its text")
    item_prefix: str = Field(description="Regex at an item's start: its printed number, not its name ('Priority 1:')")
    max_item_words: int = 30
    min_items: int = 2
    max_section_lines: int = Field(40, description="How many lines a numbered item's own section (its paragraph "
                                                   "and bullets) may run before the next number")
    fit_ratio: float = Field(0.9, description="A line reaching this share of the column's width wraps on")
    sentence_end: str = Field(description="Regex: where an inline list's last item ends and the paragraph goes on")
    coded_item: str = Field("(?!)", description="Regex on a line: an element coded by a letter and a number "
                                               "('E1. Improve the environment'); groups letter, n, name")
    initial_skip: list[str] = Field(default_factory=list, description="Words passed over for a name's initial "
                                                                     "('Our Environment' is E)")
    run_on_name: str = Field("(?!)", description="Regex: where a list item's short name ends and its description "
                                                "runs on with no stop ('Opportunities and living incomes This "
                                                "will involve ...')")
    focus_list: str = Field("(?!)", description="Regex on an item's description: a sentence listing what the "
                                               "item will do (group list), each part a sub-item "
                                               "('This will focus on a; b; and c.')")
    focus_split: str = Field("(?!)", description="Regex: where one part of a focus list ends and the next starts")
    announcement_end: str = Field(description="Regex the rest of the line after an announcement must fill: the "
                                              "announcing sentence ends with its line, introducing what follows")
    counted_announcement_end: str = Field(description="The same, for an announcement that counts its items")
    pointing_forward: str = Field("(?!)", description="Regex on an announcement that points to what follows "
                                                     "('The following priorities ...'): its sentence may end "
                                                     "with a full stop, as a counted one may")
    bare_title: str = Field("(?!)", description="Regex on a sentence that is only a title naming the elements "
                                               "('Strategic priorities'), announcing the bullets right under it")
    dashed_item: str = Field("(?!)", description="Regex on a line of body type after an announcement: an item "
                                                "printed as its name, a dash and its description (group name)")
    uncounted_run_in_names: str = Field("(?!)", description="Regex on the rest of an announcement that counts "
                                                           "nothing: names in capitals after it (group list), "
                                                           "taken when there are at least three")
    run_in_names: str = Field("(?!)", description="Regex on the rest of a counted announcement: names in "
                                                 "capitals run straight on after the noun (group list)")
    run_in_separator: str = Field(":-?|\\s[–—-]", description="Regex: what separates an announcement from a list run "
                                                               "into its sentence")
    counted_run_in_separator: str = Field(":-?|\\s[–—-]", description="The same, when the announcement counts "
                                                                       "the items")
    run_in_predicate: str = Field("(?!)", description="Regex at the end of an announcement: a verb whose object "
                                                       "is the list itself, run in with no colon ('... priorities "
                                                       "are A, B and C.')")
    run_in_not_name: str = Field("(?!)", description="Regex on a part of a list run in after run_in_predicate: "
                                                      "the words are prose going on, not a name")
    element_page: str = Field("", description="Regex on a heading that is only an element's kind and number "
                                               "('Priority theme 3'), on a page of that one element; group noun")
    run_in_clause_end: str = Field("(?!)", description="Regex: where a clause goes on after names run in with no "
                                                        "colon ('..., but ...')")
    run_in_lead: str = Field("(?!)", description="Regex at the start of what follows a counted announcement: the "
                                                  "words joining a run-in list to it ('focused on')")
    listed_below: str = Field("(?!)", description="Regex on an announcement that says its list comes further on in "
                                                   "its paragraph ('are listed below')")
    plan_title: list[str] = Field(default_factory=list, description="Regexes: a plan named with its period; groups "
                                                                    "title, start, end")
    plan_heading: str = Field(description="Regex on a heading that names a plan without its period")
    announced_plan: str = Field("(?!)", description="Regex on the sentence announcing a list in a report: the plan "
                                                    "it names without a period ('the five goals of the Corporate "
                                                    "Plan:'); group title")
    plan_name: str = Field("(?!)", description="Regex: a plan named without its period, for a plan document that "
                                                "prints no title; group title")
    plan_part: str = Field(description="Regex on the title of the report or appendix a list is in: it names a plan")
    part_title_prefix: str = Field(description="Regex: the words before a part's title that are not its name")
    own_plan_genres: list[str] = Field(default_factory=lambda: ["business_plan"])
    plan_kinds: dict[str, str] = Field(default_factory=dict, description="Regex on the plan's title -> plans.kind "
                                                                          "(business_plan otherwise)")
    tables: list[TableHeads] = Field(default_factory=list)
    banner: str = Field(description="Regex on a heading: a priority's keyword and its quoted strapline; groups name, "
                                    "strapline")
    quoted: str = Field(description="Regex on a line: an objective in quotes; group text (the closing quote may come "
                                    "on a later line)")
    objective_status: str = Field(description="Regex in the lines after an objective: group status")
    number_words: dict[str, int] = Field(default_factory=dict)
    back_reference: str = Field("(?!)", description="Regex on a sentence that announces a list by pointing back to "
                                                    "the sentence before it ('They are:'); that sentence names the noun")
    mention: str = Field("(?!)", description="Regex: a noun named in a sentence (groups count, noun); {noun} stands "
                                             "for any noun of nouns")
    name_split: str = Field("(?!)", description="Regex on an item: its name, a separator and what it means; groups "
                                                "name, summary")
    max_name_words: int = Field(8, description="A name split off an item has at most this many words")
    description_split: str = Field("(?!)", description="Regex on an item: its name, then a description that its "
                                                       "first word marks as one ('– By ...', ', including ...'); "
                                                       "groups name, summary")
    promote_kinds: list[str] = Field(default_factory=list, description="Mission kinds that are a plan's top level "
                                                                       "(priorities of that kind) when it lists no "
                                                                       "priorities")
    values_section: str = Field("(?!)", description="Regex on a section title: the section sets out values or ways "
                                                    "of working, whatever its lists are announced as")
    behaviour: str = Field("(?!)", description="Regex at an item's start: a behaviour ('Always ...', 'Be ...'); a "
                                               "list of mostly these is the plan's values")
    numbered_heading: str = Field("(?!)", description="Regex on a heading: an element with its number ('Priority 2 – "
                                                      "Name'); groups noun, n, name")
    cited_plan_reach: int = Field(30, description="A list in a pack's paper belongs to a plan named at most this "
                                                  "many lines before it (when the paper's title names none)")
    max_summary_chars: int = Field(600, description="A summary (the paragraph under a heading) is cut at this length")
    section_title: str = Field("(?!)", description="Regex on an outline entry's title: a section setting out "
                                                   "elements of one kind ('Our Goals'); group noun; {noun} as in mention")

    _noun_patterns: dict[tuple, str] = PrivateAttr(default_factory=dict)

    def element(self, noun: str) -> Element | None:
        """What the items of a list announced with ``noun`` become (plural or singular, hyphens
        or none: "well-being objectives", "wellbeing objective")."""
        noun = re.sub(r"\s+", " ", noun.strip().lower())
        for key in (noun, noun.rstrip("s"), noun.replace("-", ""), noun.replace("-", " ")):
            if key in self.nouns:
                return self.nouns[key]
            if key + "s" in self.nouns:
                return self.nouns[key + "s"]
        return None

    def count(self, text: str | None) -> int | None:
        if not text:
            return None
        return int(text) if text.isdigit() else self.number_words.get(text.lower())

    def noun_pattern(self, pattern: str) -> str:
        """A pattern with ``{noun}`` standing for every noun of ``nouns`` (longest first)."""
        if "{noun}" not in pattern:
            return pattern
        # Made once per pattern and nouns (a copy of the pack may have others): it is asked for on
        # every sentence of a plan, and the same string object each time also keeps the re
        # module's cache lookup cheap (its hash is kept).
        key = (pattern, tuple(self.nouns))
        made = self._noun_patterns.get(key)
        if made is None:
            nouns = sorted(self.nouns, key=len, reverse=True)
            alternation = "|".join(re.escape(n).replace("\\ ", r"\s+").replace("\\-", "[- ]?") for n in nouns)
            made = self._noun_patterns[key] = pattern.replace("{noun}", f"(?:{alternation})")
        return made


# ------------------------------------------------------------------ the line stream


@dataclass
class Row:
    """One printed line in reading order, with what the shapes ask of it."""

    line: Line
    block: Block
    text: str
    styled: bool  # heading type, or bolder / larger than the body
    label: str | None  # the bullet or number it starts with
    number: int | None  # the list number, where the label is one
    fills: bool  # reaches the right of its column: the text wraps on to the next line
    depth: int | None = None  # how deep the list item it starts is nested (1 = outermost), from the extractor


def stream(reading: Reading, pack: PlanSummariesPack) -> list[Row]:
    """Every printed line outside tables, furniture and contents pages, in reading order. A list
    item's glyph bullet (a symbol font's private-use glyph, an arrow, a square) reads as "•", so
    the pack's label sees it whatever font printed it."""
    contents = {p.number for p in reading.pages if p.is_contents}
    blocks = [b for b in reading.blocks() if b.kind != "table" and b.page not in contents]
    body = Counter((round(ln.size), ln.bold) for b in blocks if b.kind != "heading" for ln in b.lines
                   if not ln.furniture).most_common(1)
    body_size, body_bold = body[0][0] if body else (0, False)
    right: dict[int, float] = {}
    left: dict[int, float] = {}
    for b in blocks:
        for ln in b.lines:
            if not ln.furniture:
                right[ln.page] = max(right.get(ln.page, 0.0), ln.bbox[2])
                left[ln.page] = min(left.get(ln.page, ln.bbox[0]), ln.bbox[0])
    label = re.compile(pack.label)
    rows = []
    for b in blocks:
        for ln in b.lines:
            if ln.furniture or ln.in_table or not ln.text.strip():
                continue
            starts_item = b.kind == "list_item" and ln is b.lines[0]
            text = _bullet_as_dot(ln.text, starts_item and b.list_marker == "bullet")
            m = label.match(text)
            number = m.group("n") if m and m.groupdict().get("n") else None
            width = right[ln.page] - left[ln.page]
            rows.append(Row(
                line=ln, block=b, text=text,
                styled=b.kind == "heading" or (ln.bold and not body_bold) or round(ln.size) > body_size,
                label=m.group(0).strip() if m else None, number=int(number) if number and number.isdigit() else None,
                fills=width > 0 and ln.bbox[2] - left[ln.page] >= pack.fit_ratio * width,
                depth=b.list_depth if b.kind == "list_item" and ln is b.lines[0] else None,
            ))
    return rows


def _bullet_as_dot(text: str, item: bool) -> str:
    """A line as one clean line, a glyph bullet at its start written "•" (the extractor knows
    which glyphs are bullets; a dash, an asterisk or an "o" is one only where the extractor
    made the line a list item)."""
    raw = text.strip()
    label = list_label(raw)
    if label and list_marker(label)[0] == "bullet" and (item or label not in "-–*o"):
        return "• " + clean(raw[len(label):])
    return clean(raw)


# ------------------------------------------------------------------ lists


@dataclass
class Item:
    name: str
    row: Row
    text: str | None = None
    subs: list[tuple[str, Row]] = field(default_factory=list)
    objectives: list[tuple[str, Row, str | None]] = field(default_factory=list)  # name, where, status


@dataclass
class PlanList:
    noun: str
    element: Element
    announcement: Row
    items: list[Item]
