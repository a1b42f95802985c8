"""Plan summaries of any layout: a sentence announces the plan's priorities, and a list follows.

Councils summarise their plans on a page or two — the plan's own summary, a web page, a
paragraph of a performance report — in a handful of printed shapes, whatever the words:

* **labelled list**: "Our draft plan sets out five key priorities for the coming years." then
  "1. A well-run, transparent ... council" "2. Improving people's health ..." (numbers or
  bullets; several bullets run together in one wrapped paragraph are split at the bullets);
* **inline list**: a crude export runs it all into one paragraph: "Our priorities 1. A
  supported ... infrastructure. 2. A sustainable environment ... 4. A well-managed ... council
  that delivers quality services. Underpinning all ...";
* **headed items**: "Our priorities to tackle these challenges are:-" then short headings,
  each with its own paragraph ("Employment and Enjoyment" / "A focus on ..."), or short lines
  of body type, each followed by its paragraph ("To support the district's economy to recover
  then grow" / "We will create a pro-business district ...");
* **led sub-lists**: "The next four years will see a focus on:" then "Our Council, involving
  areas such as:" with its bullets, "Our People, where we will focus on:" with its bullets:
  the lead lines are the priorities, their bullets the priority's focus areas;
* **tables**: a ruled table whose header names the items ("Priority", "Our themes"), with
  the items of a second named column ("Outcomes") as their sub-items;
* **banners** of a performance dashboard: a priority printed as a keyword and its quoted
  strapline ("ENVIRONMENT: “A highly attractive area ...”"), then the year's objectives in
  quotes, each with its progress ("Status: Green") — objectives with their status.

* **run-in lists**: "... three new Missions: Thriving High Streets; Warm and Dry Homes; A
  Council Fit for the Future." (semicolons; commas and "and" when the sentence counts them);
* **nested items**: a bullet the extractor found indented under another is a focus area of it;
* **outline sections** (``rules/plans/outline_lists.py``): a heading naming a kind of element
  over its subsections, and runs of numbered element headings ("Priority 1 – ...").

The words that announce a list (also a sentence pointing back: "They are:"), the nouns it may
count ("priorities", "outcomes", "well-being objectives") and what each becomes (a priority, a
mission of some kind, a plan theme) are the pack's (``rules/packs/plan_summaries.yaml``); this
module only knows the shapes. Each item is split into its name and summary, and a list of
behaviours or one in a values section becomes the plan's values (``rules/plans/elements.py``).
A plan that lists no priorities has its first list of themes, outcomes, objectives, goals or
missions as its priorities. The list belongs to the document's own plan when the document is a
plan, else to the plan it names (marked ``cited_in``; ``rules/plans/summary_plans.py``). A list
another plan family has read already is left to it.
"""

from __future__ import annotations

import re

from extractor.model import Block, Line, Table
from kernel.text import alike, clean, clean_item, regex
from rules.plans.elements import in_values_section, reads_as_values, singular, split_name
from rules.plans.outline_lists import element_sections, heading_row, name_of, numbered_runs, rows_in, summary_under
from rules.plans.records import MetricRecord, MissionRecord, PlanRecord, PlanThemeRecord, PriorityRecord
from rules.plans.summary_lines import Element, Item, PlanList, PlanSummariesPack, Row, stream
from rules.plans.summary_plans import plan_of
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE = "plans.plan_summaries"


# ------------------------------------------------------------------ the family


@family("plans.plan_summaries.v1", params=PlanSummariesPack)
def plan_summary_records(reading: Reading, pack: PlanSummariesPack) -> list[Record]:
    """Priorities, missions and themes a plan summary lists after announcing them, in any of the
    shapes above, or sets out as sections of its outline; focus areas under led or nested items;
    values kept apart; a plan to hold them."""
    rows = stream(reading, pack)
    lists = _announced_lists(pack, rows) + _table_lists(pack, reading) + _banner_lists(pack, rows)
    if not lists:
        lists = _contents_lists(pack, reading)
    if not lists:
        lists = _element_page(pack, rows)
    for extra in _outline_lists(pack, reading, rows) + _lead_in_sections(pack, rows):
        if not any(_overlap(extra, lst) for lst in lists):
            lists.append(extra)
    lists = [_as_values(pack, reading, lst) for lst in lists if not _read_already(reading, lst)]
    if not lists:
        return []
    records: list[Record] = []
    plans: dict[str, PlanRecord] = {}
    of_plan: dict[str, list[PlanList]] = {}
    # A plan document another family has read already: its lists belong to that plan record.
    own = next((r for r in reading.records_of(PlanRecord) if r.cited_in is None), None) \
        if reading.genre.name in pack.own_plan_genres else None
    first: PlanRecord | None = None
    for lst in lists:
        plan = own or plan_of(pack, reading, rows, lst.announcement)
        if plan is None:
            continue
        if reading.genre.name in pack.own_plan_genres:
            # A plan's own page sets out one plan, however many lists it announces ("three key
            # priorities:" ... "The plan's 35 promises include:"): its first list names it.
            first = first or plan
            plan = first
        plan = plans.setdefault(plan.id, plan)
        of_plan.setdefault(plan.id, []).append(lst)
    seen: set[tuple[str, str]] = set()
    for plan_id, plan_lists in of_plan.items():
        _promote(pack, plan_lists)
        for lst in plan_lists:
            _coded_subs(pack, rows, lst)
        plan = plans[plan_id]
        for lst in plan_lists:
            made = _records(pack, plan, lst, seen)
            if made and plan not in records and plan is not own:
                records.append(plan)
            records += made
    return records


def _overlap(a: PlanList, b: PlanList) -> bool:
    """Two readings of one list (an announced list and the outline section it is printed in)."""
    names = [y.name for y in b.items] + [sub for y in b.items for sub, _ in y.subs]
    return any(alike(x.name, y, 0.85) for x in a.items for y in names)


def _as_values(pack: PlanSummariesPack, reading: Reading, lst: PlanList) -> PlanList:
    """A list of behaviours, or any list in a section titled as values or ways of working, is
    the plan's values, whatever it was announced as."""
    if lst.element.table == "plan_themes":
        return lst
    where = lst.announcement.line
    if reads_as_values(pack, [i.name for i in lst.items]) or in_values_section(
            pack, reading.document, where.page, where.bbox[1]):
        return PlanList("values", pack.element("values") or Element(table="plan_themes", kind="value"),
                        lst.announcement, lst.items)
    return lst


def _promote(pack: PlanSummariesPack, lists: list[PlanList]) -> None:
    """A plan that lists no priorities has as its top level its first list of themes, outcomes,
    objectives, goals or missions: they are its priorities, of that kind."""
    if any(lst.element.table == "priorities" for lst in lists):
        return
    for lst in lists:
        if lst.element.table == "missions" and lst.element.kind in pack.promote_kinds:
            lst.element = Element(table="priorities", kind=lst.element.kind)
            return


def _initial(pack: PlanSummariesPack, name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in pack.initial_skip]
    return words[0][0].upper() if words else ""


def _coded_subs(pack: PlanSummariesPack, rows: list[Row], lst: PlanList) -> None:
    """Elements coded by a letter and a number ("E1. Improve the environment of the District")
    anywhere in the document, each under the priority whose name starts with its letter ("Our
    Environment"): sub-items of a list of priorities that has none. Nothing is taken unless the
    priorities' initials differ, every code's letter is one of them and the codes fall under at
    least two priorities (codes of some other scheme are left alone)."""
    if lst.element.table != "priorities" or any(item.subs for item in lst.items) or len(lst.items) < 2:
        return
    initials = [_initial(pack, item.name) for item in lst.items]
    if "" in initials or len(set(initials)) != len(initials):
        return
    coded: dict[tuple[str, int], tuple[str, Row]] = {}
    for row in rows:
        m = re.match(pack.coded_item, row.text)
        if m and (m.group("letter"), int(m.group("n"))) not in coded:
            coded[(m.group("letter"), int(m.group("n")))] = (m.group("name").strip(), row)
    letters = {letter for letter, _n in coded}
    if not coded or not letters <= set(initials) or len(letters) < 2:
        return
    for item, letter in zip(lst.items, initials, strict=True):
        item.subs = [coded[key] for key in sorted(k for k in coded if k[0] == letter)]


def _outline_lists(pack: PlanSummariesPack, reading: Reading, rows: list[Row]) -> list[PlanList]:
    """Lists read off the outline: a section's subsections (or the first list printed in a
    section with none), and runs of numbered element headings."""
    out: list[PlanList] = []
    document = reading.document
    for section in element_sections(pack, document, rows) + numbered_runs(pack, document, rows):
        element = pack.element(section.noun)
        if element is None:
            continue
        head = heading_row(rows, section.entry, section.start)
        items: list[Item] = []
        if section.children:
            for child, start, end in section.children:
                name = name_of(pack, child.title)
                text = summary_under(pack, rows, start, end, child.title)
                if not name and text:  # "Outcome 1" over its paragraph: the first sentence names it
                    name, *rest = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)
                    text = rest[0] if rest else None
                if len(name.split()) > pack.max_item_words or any(
                        re.search(p, name, re.IGNORECASE) for p in pack.not_items):
                    items = []
                    break
                items.append(Item(name, heading_row(rows, child, start), text=text))
        else:
            inside = rows_in(rows, section.start, section.end)
            first = next((k for k in inside if rows[k].label), None)
            if first is not None:
                items, _used = _labelled(pack, rows, first, None)
        if len(items) >= pack.min_items:
            out.append(PlanList(section.noun, element, head, items))
    return out


def _contents_lists(pack: PlanSummariesPack, reading: Reading) -> list[PlanList]:
    """A plan whose priorities are named only in its contents, each entry labelled as one
    ("Strategic Priority Theme - Connected Communities ...... 12 Strategic Priority Theme -
    Caring Communities ...... 13", a transcript that ran the entries together): the entries that
    share one label, in order. Read only when no list is announced, and only with at least
    ``min_items`` entries under one label."""
    if not pack.contents_entry:
        return []
    entry = regex(pack.contents_entry, re.IGNORECASE)
    for block in reading.blocks():
        if block.kind == "table" or not block.lines:
            continue
        text = clean(" ".join(ln.text for ln in block.lines))
        groups: dict[str, list[str]] = {}
        for m in entry.finditer(text):
            label = re.sub(r"\W+|\d+", " ", m.group("label").lower()).split()
            groups.setdefault(" ".join(label), []).append(clean(m.group("name")))
        if not groups:
            continue
        names = max(groups.values(), key=len)
        if len(names) < pack.min_items or len(set(names)) < len(names):
            continue
        line = block.lines[0]
        row = Row(line=line, block=block, text=clean(line.text), styled=False, label=None, number=None, fills=False)
        return [PlanList("priorities", pack.element("priorities") or Element(table="priorities"), row,
                         [Item(name, row) for name in names])]
    return []


def _element_page(pack: PlanSummariesPack, rows: list[Row]) -> list[PlanList]:
    """A page of one element of a plan: a heading that is only its kind and number ("Priority
    theme 3"), its name on the next line ("An efficient and effective council") and the bullets
    under the name, each labelled as the level below ("• outcome 11 – Lobbying for ..."): the
    element, with its bullets as its sub-items. A report's page per priority (an annual report's
    web pages) lists one; read only when nothing else is, and only when the page heads one."""
    if not pack.element_page:
        return []
    heads = [k for k, r in enumerate(rows) if r.styled and not r.label
             and re.fullmatch(pack.element_page, r.text.strip(), re.IGNORECASE)]
    if len(heads) != 1 or heads[0] + 2 >= len(rows):
        return []
    k = heads[0]
    head, name = rows[k], rows[k + 1]
    noun = re.fullmatch(pack.element_page, head.text.strip(), re.IGNORECASE).group("noun").lower()
    element = pack.element(noun)
    if element is None or name.label or not (0 < len(name.text.split()) <= pack.max_name_words) \
            or re.search(r"[.:;]\s*$", name.text) or not rows[k + 2].label:
        return []
    subs, _used = _labelled(pack, rows, k + 2, None)
    labelled = [x for x in subs if re.match(pack.item_prefix, x.name, re.IGNORECASE)]
    if len(subs) < pack.min_items or len(labelled) < len(subs):
        return []  # bullets of anything else (facts, links) are no level below
    item = Item(clean(name.text), name,
                subs=[(re.sub(pack.item_prefix, "", x.name, flags=re.IGNORECASE).strip(), x.row) for x in subs])
    return [PlanList(noun, element, head, [item])]


def _lead_in_sections(pack: PlanSummariesPack, rows: list[Row]) -> list[PlanList]:
    """Sibling sections, each a short heading over a line that leads in to a list ("People
    living well" / "Working with our partners, we will:" / 1. Support people ... 2. ...): a plan's
    page that never announces its priorities prints each with what it will do. The headings are
    the priorities, their lists the level below. Read only when at least ``min_items`` sections
    have that shape; a sub-heading between heading and lead ("How this will be achieved") is
    passed over (the pack's ``section_subheading``)."""
    if not pack.section_lead:
        return []
    items: list[Item] = []
    used: set[int] = set()
    for k, row in enumerate(rows):
        if k in used or row.styled or row.label or k + 1 >= len(rows) or not rows[k + 1].label:
            continue
        if not re.search(pack.section_lead, row.text, re.IGNORECASE):
            continue
        head = k - 1
        while head >= 0 and rows[head].styled and re.search(pack.section_subheading, rows[head].text, re.IGNORECASE):
            head -= 1
        lead = re.sub(pack.section_subheading, "", row.text, flags=re.IGNORECASE).strip()
        if head < 0 or rows[head].label or (lead != row.text.strip() and head != k - 1):
            continue
        name = clean(rows[head].text)
        if not name or len(name.split()) > pack.max_name_words or re.search(r"[:.;,]\s*$", name):
            continue
        # A heading, or a short line of its own in body type (a web page's heading lost its style)
        # right above the lead-in, starting with a capital after a line that ended its sentence.
        if not rows[head].styled and not (head == k - 1 and name[:1].isupper() and head > 0
                                          and re.search(r"[.!?:]\s*$", rows[head - 1].text)):
            continue
        listed, taken = _labelled(pack, rows, k + 1, None, stop_at_lead=True)
        if not listed:
            continue
        item = Item(name, rows[head])
        item.subs = [(x.name if not x.text else f"{x.name} {x.text}", x.row) for x in listed]
        items.append(item)
        used |= taken | {k}
    if len(items) < pack.min_items:
        return []
    return [PlanList("priorities", pack.element("priorities") or Element(table="priorities"), items[0].row, items)]


def _announced_lists(pack: PlanSummariesPack, rows: list[Row]) -> list[PlanList]:
    out: list[PlanList] = []
    taken: set[int] = set()  # rows already an item of a list
    for i, row in enumerate(rows):
        if i in taken:
            continue
        sentence, at = _sentence_to(rows, i)
        # The announcement nearest the sentence's end introduces what follows it.
        for m, noun, count_text in _announcements(pack, rows, i, sentence):
            element = _element(pack, noun)
            if element is None:
                continue
            count = _count(pack, count_text)
            if count is not None and row.label and not re.search(r":-?\s*$", row.text):
                continue  # a list item that counts something ("• 16-19 Strategic Priorities Statement") announces nothing
            items: list[Item] = []
            used: set[int] = set()
            if m.end() >= at:  # the announcement ends on this line: a list may run on inline
                items, used = _inline(pack, rows, i, sentence[m.end():], count, m.group(0))
            if not items and m.end() >= at:
                items, used = _run_in(pack, rows, i, sentence[m.end():], count, m.group(0))
            if not items:
                forward = re.search(pack.pointing_forward, m.group(0), re.IGNORECASE)
                end = pack.counted_announcement_end if count is not None or forward else pack.announcement_end
                # A line printed alone in body type that is the announcement and nothing else
                # ("Aims, Objectives and Priorities" over the page's headings) is a title too; so
                # is a sentence that is only such a title with bullets right under it
                # ("... adaptable. Strategic priorities" • Learning for life • ...).
                alone = len(row.block.lines) == 1 and m.start() == 0 and not sentence[m.end():].strip()
                bare = i + 1 < len(rows) and rows[i + 1].label is not None and re.fullmatch(
                    pack.noun_pattern(pack.bare_title), sentence[m.start():].strip(), re.IGNORECASE) is not None
                # So is a sentence naming them with lead lines right under it, each marked and
                # ending with a colon over bullets marked another way ("... we have identified some
                # key priorities ..., the Great Eight." (a) Tackling poverty and inequality: • ...).
                led = i + 2 < len(rows) and rows[i + 1].label is not None and rows[i + 2].label is not None \
                    and rows[i + 2].label != rows[i + 1].label and re.search(r":-?\s*$", rows[i + 1].text) is not None
                # "... contains the three priorities shown below. For each priority ...": the list
                # is the first marked one after the paragraph the announcement is in.
                below = re.match(rf"\s*(?:(?:that|which)\s+are\s+|are\s+)?{pack.listed_below}", sentence[m.end():],
                                 re.IGNORECASE) is not None
                if below:
                    after = next((k for k in range(i + 1, len(rows)) if rows[k].block is not row.block), len(rows))
                    if after < len(rows) and rows[after].label:
                        items, used = _following(pack, rows, after, count, element.headings)
                if not items and not (row.styled or alone or bare or led or re.fullmatch(end, sentence[m.start():])):
                    continue  # the sentence goes on after the announcement: no list follows it here
                if not items:
                    after = i + 1
                    while element.headings and after < len(rows) and rows[after].text.lower() == row.text.lower():
                        after += 1  # a web page prints its section title twice (title and heading)
                    items, used = _following(pack, rows, after, count, element.headings)
                    if len(items) < pack.min_items and _caption(rows, i, after):
                        # A caption between the announcement and its list ("Our seven key themes
                        # are:" / "Corporate Strategy themes" / • Healthier: ...): the list is below it.
                        items, used = _following(pack, rows, after + 1, count, element.headings)
            if len(items) >= pack.min_items and not used & taken:
                out.append(PlanList(noun, element, row, items))
                taken |= used
                break
    return out


def _caption(rows: list[Row], i: int, after: int) -> bool:
    """Row ``after`` is one unmarked line of its own (an image's title, a web page's caption)
    between an announcement that ends with a colon and a marked list right under it."""
    if after + 1 >= len(rows) or not re.search(r":-?\s*$", rows[i].text):
        return False
    row, below = rows[after], rows[after + 1]
    return row.label is None and below.label is not None and row.block is not rows[i].block \
        and len(row.block.lines) == 1 and not re.search(r"[:.]\s*$", row.text) and len(row.text.split()) <= 8


def _announcements(pack: PlanSummariesPack, rows: list[Row], i: int,
                   sentence: str) -> list[tuple[re.Match, str, str | None]]:
    """The announcements in a sentence, nearest its end first: (match, noun, count). A sentence
    that points back ("They are:") takes the noun and count its predecessor names ("Our work is
    grouped under four pledges.")."""
    found = []
    for spec in pack.announcements:
        for m in regex(pack.noun_pattern(spec.pattern), re.IGNORECASE).finditer(sentence):
            found.append((m, (m.groupdict().get("noun") or spec.noun or "").lower(), m.groupdict().get("count")))
    back = re.search(pack.back_reference, sentence, re.IGNORECASE)
    if back:
        page = rows[i].line.page
        full = " ".join(r.text for r in rows[max(0, i - 8):i + 1] if r.line.page == page)
        at = [m.start() for m in re.finditer(pack.back_reference, full, re.IGNORECASE)]
        before = full[: at[-1]].strip() if at else ""
        chunks = re.split(r"(?<=[.!?:])\s+(?=[A-Z])", before) if before else [""]
        # Reported speech points back from inside its sentence ("... setting out key areas of
        # focus. The council said that this will include A, B and C."): the sentence before counts.
        last = " ".join(chunks[-2:]) if not re.search(r"[.!?:]\s*$", before) and len(chunks) > 1 else chunks[-1]
        mentions = [(m.group("noun").lower(), m.groupdict().get("count"))
                    for m in re.finditer(pack.noun_pattern(pack.mention), last, re.IGNORECASE)]
        mentions = [x for x in mentions if _element(pack, x[0]) is not None]
        if mentions:
            found.append((back, *mentions[-1]))
    return sorted(found, key=lambda c: -c[0].end())


def _sentence_to(rows: list[Row], i: int) -> tuple[str, int]:
    """The sentence that row i ends (or runs through), from its start on an earlier line of the
    same block; and where row i's text starts in it."""
    j = i
    while j > 0 and rows[j - 1].block is rows[i].block and not rows[j - 1].label and \
            not re.search(r"[.:!?]-?\s*$", rows[j - 1].text):
        j -= 1
    text = " ".join(r.text for r in rows[j:i])
    at = len(text) + 1 if text else 0
    text = f"{text} {rows[i].text}" if text else rows[i].text
    starts = [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text[:at])]
    cut = starts[-1] if starts else 0
    return text[cut:], at - cut


def _element(pack: PlanSummariesPack, noun: str) -> Element | None:
    return pack.element(noun)


def _count(pack: PlanSummariesPack, text: str | None) -> int | None:
    return pack.count(text)


# ------------------------------------------------------------------ shapes


def _inline(pack: PlanSummariesPack, rows: list[Row], i: int, rest: str, count: int | None,
            announcement: str = "") -> tuple[list[Item], set[int]]:
    """An inline numbered list right after the announcement, in the same run of text; or, when
    the announcement says the list is below ("Our Well-being Objectives are listed below."),
    the first numbered run further on in its paragraph. Items may carry a letter before their
    number ("A1. We will ... A2. We will ..."): one letter for the whole run."""
    code = r"(?-i:[A-Z]{0,2})"
    block = rows[i].block
    at = [k for k in range(i, len(rows)) if rows[k].block is block]
    text = rest + " " + " ".join(rows[k].text for k in at[1:])
    first = re.match(rf"\s*[:\-–]*\s*(?P<code>{code})1[.)]\s", rest)
    if first is None and re.search(pack.listed_below, announcement, re.IGNORECASE):
        first = re.search(rf"(?:^|(?<=\s))(?P<code>{code})1[.)]\s", text)
        text = text[first.start():] if first else text
    if first is None:
        return [], set()
    parts = re.split(rf"(?:^|(?<=\s)){re.escape(first.group('code'))}(\d{{1,2}})[.)]\s+", text)
    items: list[Item] = []
    expected = 1
    for n in range(1, len(parts) - 1, 2):
        if int(parts[n]) != expected:
            break
        items.append(Item(parts[n + 1].strip(), rows[i]))
        expected += 1
        if count is not None and len(items) == count:
            break
    if items:  # the last item ends with its sentence; the paragraph goes on after it
        items[-1].name = re.split(pack.sentence_end, items[-1].name, maxsplit=1)[0]
    for item in items:
        item.row = _row_of(rows, at, item.name)
    return items, set(at)


def _row_of(rows: list[Row], at: list[int], text: str) -> Row:
    """The row an inline item starts on (for its page and box): the first holding its opening words."""
    return next((rows[k] for k in at if text[:12] and text[:12] in rows[k].text), rows[at[0]])


def _run_in(pack: PlanSummariesPack, rows: list[Row], i: int, rest: str, count: int | None,
            announcement: str = "") -> tuple[list[Item], set[int]]:
    """A list run into the announcing sentence after a colon or dash: names separated by
    semicolons ("... three new Missions: Thriving High Streets; Warm and Dry Homes; ..."), or
    by commas and "and" when the sentence counts them ("our three priorities: jobs, homes and
    health."), or after a semicolon when the sentence counts them ("under four corporate
    priorities; jobs, homes, health and transport."). The list ends with the sentence.
    An announcement whose verb takes the list as its object ("... their priorities are growing
    the economy, valuing the environment and ...", "These are A; B; and C.") runs it in with no
    colon: taken when it reads as names (run_in_predicate, run_in_not_name)."""
    separator = pack.counted_run_in_separator if count is not None else pack.run_in_separator
    m = re.match(rf"[^.:;!?]{{0,60}}?(?:{separator})\s*(?P<list>\S.*)$", rest)
    block = rows[i].block
    at = [k for k in range(i, len(rows)) if rows[k].block is block]
    direct = predicate = None
    if announcement and re.search(rf"(?:{pack.run_in_predicate})\s*$", announcement, re.IGNORECASE) \
            and not re.match(rf"\s*(?:{pack.run_in_separator})", rest):
        m = predicate = re.match(r"\s*(?P<list>\S.*)$", rest)
    if count is not None and predicate is None:
        # "... sets out three priority areas focused on A; B; and C.": the list starts right after
        # the words that join it to the counted noun, when that reading gives all the items
        # (semicolons, or commas and a last "and": "... four key policy areas to tackle A,
        # address B and C, support D and deliver E.").
        lead = re.match(rf"(?:{pack.run_in_lead})\s*(?P<list>\S.*)$", rest, re.IGNORECASE)
        if lead:
            whole = " ".join([lead.group("list"), *(rows[k].text for k in at[1:])])
            listed = re.split(pack.sentence_end, whole, maxsplit=1)[0].strip().rstrip(".")
            if listed.count(";") == count - 1 or (";" not in listed and _names_only(pack, _mixed(listed, count))):
                m = lead
        # "... the Council's three priorities Our Environment, Our People, Our Future.": names in
        # capitals straight after the counted noun, with no word joining them; taken only when
        # every one of the counted names is capitalised.
        # The names may start on the next line ("... the 4 key pillars of\nPeople, Place, ...").
        tail = " ".join([rest, *(rows[k].text for k in at[1:])])
        direct = None if m else re.match(pack.run_in_names, tail)
        if direct:
            listed = re.split(pack.sentence_end, direct.group("list"), maxsplit=1)[0].strip().rstrip(".")
            names = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed) if p]
            if len(names) == count and all(re.match(r"(?-i:[A-Z])", n) for n in names):
                m = direct
    elif not m:
        # "... alongside the existing priorities of Our Communities, Our Council, Our Economy, and
        # Our Homes.": names in capitals after "of", with nothing counting them; taken only when
        # there are at least three, each short and capitalised, and the sentence ends with them.
        tail = " ".join([rest, *(rows[k].text for k in at[1:])])
        direct = re.match(pack.uncounted_run_in_names, tail)
        if direct:
            listed = re.split(pack.sentence_end, direct.group("list"), maxsplit=1)[0].strip().rstrip(".")
            listed = re.split(pack.run_in_clause_end, listed, maxsplit=1)[0].strip().rstrip(".")
            names = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed) if p]
            if len(names) < 3 or not all(re.match(r"(?-i:[A-Z])", n) and len(n.split()) <= pack.max_name_words // 2
                                         for n in names):
                direct = None
        m = direct
    if not m:
        return [], set()
    text = m.group("list") if m is direct else " ".join([m.group("list"), *(rows[k].text for k in at[1:])])
    listed = re.split(pack.sentence_end, text, maxsplit=1)[0].strip().rstrip(".")
    if m is direct or m is predicate:  # names end where a clause goes on ("A, B and C, but ...")
        listed = re.split(pack.run_in_clause_end, listed, maxsplit=1)[0].strip().rstrip(".")
    if ";" in listed:
        parts = [re.sub(r"^and\s+", "", p.strip(" ,")) for p in listed.split(";")]
        if count is not None and len(parts) < count:
            parts = _mixed(listed, count)
    elif m is predicate:
        parts = _commas(listed) if count is None else _mixed(listed, count)
        if not _names_only(pack, parts) or (count is None and len(parts) < 3):
            return [], set()
    elif count is not None or m is direct:
        parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed)]
        if count is not None and len(parts) != count:  # an "and" inside a name ("Sustainable Jobs and Tourism, ...")
            parts = _mixed(listed, count)
    else:
        return [], set()
    # A name printed in quotes ("These are: 'green and clean', improved life chances, ...").
    parts = [p.strip("'‘’\"“” ") for p in parts]
    parts = [p for p in parts if p]
    if len(parts) < pack.min_items or (count is not None and len(parts) != count) or any(
            len(p.split()) > pack.max_name_words * 2 for p in parts):
        return [], set()
    used = {i}
    reach = len(listed) - len(m.group("list")) if m is not direct else len(listed) - len(rest.strip())
    for k in at[1:]:
        if reach <= 0:
            break
        used.add(k)
        reach -= len(rows[k].text) + 1
    return [Item(p, _row_of(rows, sorted(used), p)) for p in parts], used


def _commas(listed: str) -> list[str]:
    """Names run in with commas and a last "and", counted by nothing ("growing the economy,
    empowering and supporting communities, protecting the vulnerable and helping children and
    young people achieve"): an "and" inside a name is kept, except that the last chunk, when no
    comma stands before its "and", holds the last two names, parted at its first "and"."""
    chunks = [c.strip() for c in re.split(r"\s*,\s*", listed) if c.strip()]
    if not chunks:
        return []
    last = chunks.pop()
    if re.match(r"and\s+", last):
        chunks.append(last[4:].strip())
    elif " and " in last:
        chunks += [x.strip() for x in last.split(" and ", 1)]
    else:
        chunks.append(last)
    return chunks


def _names_only(pack: PlanSummariesPack, parts: list[str]) -> bool:
    """Parts of a list run in with no colon read as names: none goes on as prose
    (run_in_not_name: a verb, a clause) and none is longer than a name."""
    return bool(parts) and all(
        p and len(p.split()) <= pack.max_name_words and not re.search(pack.run_in_not_name, p, re.IGNORECASE)
        for p in parts)


def _mixed(listed: str, count: int) -> list[str]:
    """A counted run-in list with mixed separators ("five strategic themes: Leadership, the
    Economy; Health and Wellbeing; Where we Live and Our Community and outlined ..."): commas
    and semicolons part the items, the last " and " joins the last two, and the sentence may go
    on after the last name. The count settles it: exactly ``count`` names, or none. An "and"
    inside a name ("Health and Wellbeing") is kept while more than two names are still to come.
    Where the names are capitalised, the last one ends before an "and" that goes on in lower
    case ("... Our Community and outlined what ...")."""
    chunks = [c.strip() for c in re.split(r"\s*[;,]\s*", listed) if c.strip()]
    items: list[str] = []
    for chunk in chunks:
        chunk = re.sub(r"^and\s+", "", chunk)
        left = count - len(items)
        if left <= 0:
            break
        if left == 2 and " and " in chunk:
            first, last = chunk.split(" and ", 1)
            items += [first.strip(), last.strip()]
        else:
            items.append(chunk)
    if len(items) != count:
        return []
    if all(re.match(r"(?:(?:the|a|an|our)\s+)?(?-i:[A-Z])", x, re.IGNORECASE) for x in items):
        items[-1] = re.split(r"\s+and\s+(?=(?-i:[a-z]))", items[-1], maxsplit=1)[0]
    return items


def _following(pack: PlanSummariesPack, rows: list[Row], s: int, count: int | None,
               headings: bool = False) -> tuple[list[Item], set[int]]:
    if s >= len(rows):
        return [], set()
    first = rows[s]
    announcer = rows[s - 1] if s else None
    if first.label:
        return _labelled(pack, rows, s, count)
    if re.search(r":-?\s*$", first.text) and s + 1 < len(rows) and rows[s + 1].label:
        if _is_lead(pack, first):
            items, used = _led(pack, rows, s, count)
            if len(items) >= pack.min_items:
                return items, used
        # A line that only leads in to the list ("We will do this by:"), or one lead line alone.
        items, used = _labelled(pack, rows, s + 1, count)
        return items, used | {s}
    if not first.styled and re.match(pack.dashed_item, first.text):
        items, used = _dashed(pack, rows, s, count)
        if len(items) >= pack.min_items:
            return items, used
    if not headings and announcer is not None and announcer.styled and first.styled \
            and not re.search(r":-?\s*$", announcer.text) \
            and first.line.size >= announcer.line.size - 0.5 and first.block is not announcer.block:
        return [], set()  # a heading's sibling headings are sections of the page, not its items
    return _headed(pack, rows, s, count)


def _labelled(pack: PlanSummariesPack, rows: list[Row], s: int, count: int | None,
              stop_at_lead: bool = False) -> tuple[list[Item], set[int]]:
    """Bulleted or numbered lines (with their wrapped continuations) from row s on. An item the
    extractor found indented under another (a deeper list) is a sub-item of the one above."""
    bullets = re.compile(f"[{re.escape(pack.inline_bullets)}]")
    numbered = rows[s].number is not None
    base = rows[s].depth
    # Lead lines marked one way ("(a) Tackling poverty and inequality:") over bullets marked
    # another, all at one depth (a web page's export lost the indent): the bullets are sub-items.
    lead = rows[s].label if re.search(r":-?\s*$", rows[s].text) and s + 1 < len(rows) and rows[s + 1].label \
        and rows[s + 1].label != rows[s].label else None
    runs: list[tuple[Row, list[str], list[tuple[Row, list[str]]]]] = []
    described: dict[int, str] = {}  # run → the description printed under its name
    used: set[int] = set()
    k = s
    while k < len(rows):
        row = rows[k]
        deeper = (base is not None and row.depth is not None and row.depth > base) or bool(
            lead and row.label and row.label != lead)
        if row.label and deeper and runs:
            runs[-1][2].append((row, [_unlabelled(row)]))
        elif row.label and (row.number is not None) == numbered and not (
                base is not None and row.depth is not None and row.depth < base):
            if numbered and row.number != len(runs) + 1:
                break
            if count is not None and len(runs) == count:
                break
            runs.append((row, [_unlabelled(row)], []))
        elif runs and _continues(pack, rows[k - 1], row, (runs[-1][2][-1][0] if runs[-1][2] else runs[-1][0])):
            if stop_at_lead and re.search(pack.lead_line, row.text, re.IGNORECASE):
                break
            (runs[-1][2][-1][1] if runs[-1][2] else runs[-1][1]).append(row.text)
        elif numbered and runs and (section := _numbered_section(pack, rows, k, runs[0][0], len(runs) + 1)):
            # A numbered item with its own section under it (a paragraph, the bullets of what it
            # commits to) before the next number: the section's bullets are its sub-items.
            subs = runs[-1][2]
            for j in section:
                if rows[j].label:
                    subs.append((rows[j], [_unlabelled(rows[j])]))
                elif subs and subs[-1][0].line.page == rows[j].line.page and \
                        _continues(pack, rows[j - 1], rows[j], subs[-1][0]):
                    subs[-1][1].append(rows[j].text)
            used |= set(section)
            k = section[-1] + 1
            continue
        elif runs and not stop_at_lead and len(runs) - 1 not in described and \
                (under := _described(pack, rows, k, runs[-1][0])):
            described[len(runs) - 1] = clean(" ".join(rows[j].text for j in under))
            used |= set(under)
            k = under[-1] + 1
            continue
        else:
            break
        used.add(k)
        k += 1
    items: list[Item] = []
    for n, (row, texts, subs) in enumerate(runs):
        joined = clean(" ".join(texts))
        parts = [p.strip() for p in bullets.split(joined)] if not numbered else [joined]
        items += [Item(p, row) for p in parts if p]
        if n in described and items:
            items[-1].text = described[n]
        if subs and items:
            items[-1].subs = [(clean(" ".join(t)), r) for r, t in subs]
    if count is not None:
        items = items[:count]
    for item in items:
        _run_on(pack, item)
    # A list is read whole: one long item among short ones is still an item of the list (a
    # numbered priority that runs to two sentences), while a list of mostly long items is prose.
    # An item printed as its name and a description ("A vibrant economy, including ...") is as
    # long as its name.
    long_items = sum(len(split_name(pack, it.name)[0].split()) > pack.max_item_words for it in items)
    if long_items * 2 > len(items):
        return [], used
    return items, used


def _described(pack: PlanSummariesPack, rows: list[Row], k: int, item: Row) -> list[int]:
    """Rows k.. that print a short item's description under its name, at the item's own margin
    (not indented as a wrapped line would be), up to the list's next label within three lines:
    "(a) People Gateshead" / "Putting people and families at the heart of everything we do" /
    "(b) Fair Gateshead". Empty when no label of the same kind follows so soon, or when a line
    leads in to a list of its own ("Our People, where we will focus on:")."""
    if len(_unlabelled(item).split()) > pack.max_name_words:
        return []
    for j in range(k, min(k + 3, len(rows))):
        if not rows[j].label and re.search(r":-?\s*$", rows[j].text):
            return []
        if rows[j].label:
            same = (rows[j].number is None) == (item.number is None) and rows[j].depth == item.depth
            # A heading between bullets is a section over the next ones; between lettered or
            # numbered items (Gateshead's "(c)" and "(d)") a web page's styling of a description.
            bullet = item.label is not None and item.label.strip()[:1] in pack.inline_bullets + "-–"
            if bullet and any(rows[x].styled for x in range(k, j)):
                return []
            return list(range(k, j)) if j > k and same else []
    return []


def _run_on(pack: PlanSummariesPack, item: Item) -> None:
    """A long item printed as a short name and then its description, in one bullet ("Genuinely
    affordable housing. This means ...", "Opportunities and living incomes This will involve
    ..."): the name alone, the description as its text."""
    if len(item.name.split()) <= pack.max_item_words or item.text:
        return
    for cut in (re.search(pack.sentence_end, item.name), re.search(pack.run_on_name, item.name)):
        if cut is None:
            continue
        name, rest = item.name[: cut.start()].strip(), item.name[cut.end():].strip()
        if 0 < len(name.split()) <= pack.max_name_words and ";" not in name:
            item.name, item.text = name + ("." if cut.group(0).startswith(".") else ""), rest
            return


def _numbered_section(pack: PlanSummariesPack, rows: list[Row], k: int, first: Row, n: int) -> list[int]:
    """Rows k.. that run, unstyled, up to the next number of a numbered list (number n, printed
    where the list's first number is): the section of the item above. Empty when no such number
    follows within pack.max_section_lines, a heading comes first, or the section has no bullets
    or starts with them (no paragraph of its own)."""
    if rows[k].label:
        return []  # bullets straight after a numbered item's text are a list inside it, not a section
    for j in range(k, min(len(rows), k + pack.max_section_lines)):
        row = rows[j]
        if row.number == n and abs(row.line.bbox[0] - first.line.bbox[0]) <= 3:
            # Only a section with a list of its own (the item's bullets) sets the items apart;
            # paragraphs alone between numbers are another text, not the item's.
            return list(range(k, j)) if any(rows[x].label for x in range(k, j)) else []
        if row.styled or row.number is not None:
            return []
    return []


def _unlabelled(row: Row) -> str:
    return row.text[len(row.label):].strip() if row.label and row.text.startswith(row.label) else row.text


def _continues(pack: PlanSummariesPack, before: Row, row: Row, item: Row) -> bool:
    """A line that carries on the item above: indented under its text, or the line above wraps
    on to it (it reached the column's edge, or stopped mid-sentence and this starts in lower case)."""
    if row.styled != item.styled:
        return False
    if row.line.bbox[0] < item.line.bbox[0] - 2:
        return False  # a line that starts left of the item's label is the text after the list
    indented = row.line.bbox[0] > item.line.bbox[0] + 3
    return indented or before.fills or (row.text[:1].islower() and not before.text.endswith((".", ";", ":")))


def _is_lead(pack: PlanSummariesPack, row: Row) -> bool:
    """A line that leads a sub-list: a name in title case ("Our People", not "We want" or "With
    this in mind"), perhaps a clause, and a colon."""
    m = re.search(pack.lead_line, row.text, re.IGNORECASE)
    return bool(m) and all(w[:1].isupper() for w in m.group("name").split() if len(w) > 3)


def _led(pack: PlanSummariesPack, rows: list[Row], s: int, count: int | None) -> tuple[list[Item], set[int]]:
    """Lead lines ("Our People, where we will focus on:") each followed by its bullets."""
    lead = re.compile(pack.lead_line, re.IGNORECASE)
    items: list[Item] = []
    used: set[int] = set()
    k = s
    while k + 1 < len(rows) and (count is None or len(items) < count):
        m = lead.search(rows[k].text)
        if not m or not _is_lead(pack, rows[k]) or not rows[k + 1].label:
            break
        subs, sub_used = _labelled(pack, rows, k + 1, None, stop_at_lead=True)
        if not subs:
            break
        items.append(Item(m.group("name").strip(), rows[k], subs=[(x.name, x.row) for x in subs]))
        used |= {k} | sub_used
        k = max(sub_used) + 1
        # A lead line the extractor ran into the last bullet's block is still a lead line.
    return items, used


def _dashed(pack: PlanSummariesPack, rows: list[Row], s: int, count: int | None) -> tuple[list[Item], set[int]]:
    """Lines of body type, each a short name, a dash and its description, one after another
    with no bullet ("Supporting communities – strengthening local services, improving health and
    well-" "being, and enhancing community connections." "Creating more opportunities – ..."):
    an item's description wraps on until a line ends its sentence; the next item starts the
    next line. The item keeps name and description together; the name is split off later."""
    items: list[Item] = []
    used: set[int] = set()
    k = s
    while k < len(rows) and (count is None or len(items) < count):
        m = re.match(pack.dashed_item, rows[k].text)
        if rows[k].styled or rows[k].label or not m or len(m.group("name").split()) > pack.max_name_words:
            break
        first, texts = rows[k], [rows[k].text]
        used.add(k)
        k += 1
        while k < len(rows) and not texts[-1].rstrip().endswith((".", ";", "!")) and not rows[k].styled \
                and not rows[k].label and rows[k].block is first.block:
            texts.append(rows[k].text)
            used.add(k)
            k += 1
        items.append(Item(clean(" ".join(texts)), first))
    return items, used


def _headed(pack: PlanSummariesPack, rows: list[Row], s: int, count: int | None) -> tuple[list[Item], set[int]]:
    """Short item lines, each followed by its own paragraph: headings, or lines of body type that
    stop short of the column's edge after a sentence has ended."""
    style = rows[s].styled
    items: list[Item] = []
    used: set[int] = set()
    k = s
    while k < len(rows) and (count is None or len(items) < count):
        row = rows[k]
        before = rows[k - 1] if k > s else None
        # An item with bullets straight under it may be styled unlike the first (a web page
        # prints some such lead lines as headings, others in body type).
        if not (_item_line(pack, row, before, style) or (
                k + 1 < len(rows) and rows[k + 1].label is not None and _item_line(pack, row, before, row.styled))):
            break
        body = k + 1
        paragraph: list[str] = []
        while body < len(rows) and not rows[body].styled and not (
                not style and paragraph and _item_line(pack, rows[body], rows[body - 1], style)):
            paragraph.append(rows[body].text)
            body += 1
        if not paragraph or paragraph[-1].rstrip().endswith((":", ":-")):
            break  # an item has a paragraph of its own (a last line with none, or a lead-in to a list, is none)
        if rows[k + 1].label:  # a list under the heading: the item's focus areas, not its summary
            subs, _sub_used = _labelled(pack, rows, k + 1, None)
            if subs:
                items.append(Item(row.text, row, subs=[(x.name, x.row) for x in subs]))
                used |= set(range(k, body))
                k = body
                if k < len(rows) and style and rows[k].styled != style:
                    break
                continue
        items.append(Item(row.text, row, text=clean(" ".join(paragraph))))
        used |= set(range(k, body))
        k = body
        if k < len(rows) and style and rows[k].styled != style:
            break
    return items, used


def _item_line(pack: PlanSummariesPack, row: Row, before: Row | None, style: bool) -> bool:
    if row.styled != style or row.label or row.fills:
        return False
    if any(re.search(a.pattern, row.text, re.IGNORECASE) for a in pack.announcements):
        return False  # a heading that announces ("Our priorities") opens a section: it is no item
    if any(re.search(p, row.text, re.IGNORECASE) for p in pack.not_items):
        return False
    if len(row.text.split()) > pack.max_item_words or re.search(r"[.;,:]$", row.text):
        return False
    if not row.text[:1].isupper():
        return False
    # Of body type, an item starts after a sentence has ended (else it is a paragraph's last line).
    return style or before is None or before.text.endswith((".", ":", ":-", "!", "?"))


def _table_lists(pack: PlanSummariesPack, reading: Reading) -> list[PlanList]:
    """Ruled tables whose header names the items (and perhaps their sub-items). A table that
    repeats the header after a page break goes on with the same list."""
    out: list[PlanList] = []
    previous: Table | None = None
    for block in reading.blocks():
        if block.kind != "table" or block.table is None or not block.table.rows:
            continue
        found = _table_list(pack, block, block.table)
        if found and out and previous is not None and found.noun == out[-1].noun:
            out[-1].items += found.items
        elif found:
            out.append(found)
        previous = block.table if found else None
    return out


def _table_list(pack: PlanSummariesPack, block: Block, table: Table) -> PlanList | None:
    for h, header_cells in enumerate(table.rows[:2]):
        header = [clean_item(c) for c in header_cells]
        for heads in pack.tables:
            col = next((j for j, x in enumerate(header) if re.fullmatch(heads.items, x, re.IGNORECASE)), None)
            if col is None:
                continue
            named = re.fullmatch(heads.items, header[col], re.IGNORECASE)
            noun = (named.groupdict().get("noun") if named else None) or header[col]
            noun = re.sub(r"^(?:our|the)\s+", "", noun.lower())
            element = _element(pack, noun) or _element(pack, noun + "s")
            if element is None:
                continue
            sub = next((j for j, x in enumerate(header) if heads.sub_items and j != col
                        and re.fullmatch(heads.sub_items, x, re.IGNORECASE)), None)
            line = Line(text=header[col], page=block.page, bbox=block.bbox)
            row = Row(line, block, header[col], True, None, None, False)
            items = _table_items(pack, table.rows[h + 1:], col, sub, row)
            if len(items) >= pack.min_items:
                return PlanList(noun.rstrip("s") + "s" if not noun.endswith("ies") else noun, element, row, items)
    return None


def _table_items(pack: PlanSummariesPack, rows: list[list[str | None]], col: int, sub: int | None,
                 row: Row) -> list[Item]:
    items: list[Item] = []
    for cells in rows:
        name = _cell(pack, cells[col] if col < len(cells) else "")
        if name and name[:1].islower() and items:  # the cell goes on from the row above (a page break)
            items[-1].name = f"{items[-1].name} {name}"
            continue
        if not name or len(name.split()) > pack.max_item_words or any(
                re.search(p, name, re.IGNORECASE) for p in pack.not_items):
            continue
        subs = []
        if sub is not None and sub < len(cells) and cells[sub]:
            subs = [(clean_item(s), row) for s in re.split(rf"\n|[{re.escape(pack.inline_bullets)}]", cells[sub] or "")
                    if clean_item(s)]
        items.append(Item(name, row, subs=subs))
    return items


def _cell(pack: PlanSummariesPack, text: str | None) -> str:
    """A cell's text as one line, without the stray letters icon fonts leave (a line of one or
    two letters, or a capital standing alone after the sentence: "has improved. Q")."""
    kept = clean_item("\n".join(ln for ln in (text or "").split("\n") if len(ln.strip()) > 2))
    return re.sub(r"(?<=\.)(?:\s+[A-Z])+$", "", kept)


def _banner_lists(pack: PlanSummariesPack, rows: list[Row]) -> list[PlanList]:
    """Priority banners of a dashboard, each with the quoted objectives under it and their status."""
    items: list[Item] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        text, end = _joined(rows, k, lambda r, block=row.block: r.styled and r.block is block, "”\"")
        m = re.match(pack.banner, text) if row.styled else None
        if m:
            items.append(Item(text, row, text=m.group("strapline").strip()))
            k = end
            continue
        quoted = re.match(pack.quoted, row.text)
        if items and quoted and not row.styled:
            text, end = _joined(rows, k, lambda r: not r.styled and not r.label, "”\"")
            name = re.match(pack.quoted, text)
            status = None
            for after in rows[end:]:
                if re.match(pack.quoted, after.text) or after.styled:
                    break
                found = re.search(pack.objective_status, after.text, re.IGNORECASE)
                if found:
                    status = found.group("status").strip()
                    break
            items[-1].objectives.append(((name or quoted).group("text").strip(" ”\""), row, status))
            k = end
            continue
        k += 1
    if not items:
        return []
    return [PlanList("priorities", Element(table="priorities"), items[0].row, items)]


def _joined(rows: list[Row], k: int, same, closing: str) -> tuple[str, int]:
    """Row k's text joined with the rows after it (while ``same``) until one ends with a
    closing quote; and the index after the last row used."""
    parts = [rows[k].text]
    end = k + 1
    while not parts[-1].rstrip().endswith(tuple(closing)) and end < len(rows) and same(rows[end]) and end - k < 6:
        parts.append(rows[end].text)
        end += 1
    if not parts[-1].rstrip().endswith(tuple(closing)):
        return rows[k].text, k + 1
    return clean(" ".join(parts)), end


# ------------------------------------------------------------------ records


def _read_already(reading: Reading, lst: PlanList) -> bool:
    """A list whose items another plan family has made records of already (the business plan's
    own priority list, a cited plan's outcomes): that family's reading stands."""
    names = [getattr(r, "name", "") for r in reading.records
             if isinstance(r, PriorityRecord | MissionRecord | PlanThemeRecord)]
    return any(alike(item.name, n, 0.85) for item in lst.items for n in names if n)


def _name_and_text(pack: PlanSummariesPack, item: Item) -> tuple[str, str | None, str | None]:
    """An item's name without its trailing punctuation, its text and its summary: a bracketed
    explanation at its end ("Poor health (factors being health, wellbeing ...)") is its text,
    not its name; what is printed after its name ("Strong Economy: the economy grows ...") or
    under it as a paragraph is its summary."""
    name = item.name.strip().rstrip(";,").strip()
    name = re.sub(r"\s+and$", "", name)
    name = re.sub(pack.item_prefix, "", name, flags=re.IGNORECASE)
    text = item.text
    m = re.search(pack.explanation, name)
    if m and m.start() > 0:
        text = text or m.group("text").strip()
        name = name[: m.start()].strip()
    name, summary = split_name(pack, name)
    return name.rstrip(".;:, ").strip(), text, summary or text


def _focus(pack: PlanSummariesPack, summary: str | None) -> list[str]:
    """What an item's description says it will focus on, part by part ("Wellbeing – developing a
    wellbeing economy ... This will focus on tackling inequalities ...; promoting a Fair Work
    economy; ... and maintaining a place ..."): its sub-items, printed as a sentence, not bullets."""
    m = re.search(pack.focus_list, summary or "", re.IGNORECASE)
    if not m:
        return []
    parts = [re.sub(r"\s+and$", "", p.strip(" ,;.")).strip() for p in re.split(pack.focus_split, m.group("list"))]
    parts = [p for p in parts if p]
    return parts if len(parts) >= pack.min_items else []


def _records(pack: PlanSummariesPack, plan: PlanRecord, lst: PlanList, seen: set[tuple[str, str]]) -> list[Record]:
    out: list[Record] = []
    position = 0
    kind = None if lst.element.table != "priorities" else lst.element.kind or (
        None if lst.noun.startswith("priorit") else singular(lst.noun))
    for item in lst.items:
        name, text, summary = _name_and_text(pack, item)
        key = (lst.element.table + (lst.element.kind or ""), name.lower())
        if not name or key in seen:
            continue
        seen.add(key)
        position += 1
        where = dict(document_id=plan.document_id, page=item.row.line.page, bbox=bbox_text(item.row.line.bbox),
                     plan_id=plan.id)
        if lst.element.table == "priorities":
            parent: Record = PriorityRecord(**where, rule=f"{RULE}.priority.v2", name=name, kind=kind, intro=text,
                                            summary=summary, position=position)
        elif lst.element.table == "missions":
            parent = MissionRecord(**where, rule=f"{RULE}.mission.v2", kind=lst.element.kind or lst.noun,
                                   name=name, intro=text, summary=summary, position=position)
        else:
            parent = PlanThemeRecord(**where, rule=f"{RULE}.theme.v2", kind=lst.element.kind or lst.noun, name=name,
                                     text=text or summary, position=position)
        out.append(parent)
        for n, (objective, row, status) in enumerate(item.objectives, start=1):
            out.append(MissionRecord(
                document_id=plan.document_id, page=row.line.page, bbox=bbox_text(row.line.bbox), plan_id=plan.id,
                rule=f"{RULE}.objective_status.v1", kind="objective", name=objective, status=status,
                priority_id=parent.id if isinstance(parent, PriorityRecord) else None, position=n,
            ))
        sub_element = lst.element.sub_items or pack.sub_items
        for n, (sub, row) in enumerate(item.subs or [(x, item.row) for x in _focus(pack, summary)], start=1):
            sub_name = sub.rstrip(".;, ").strip()
            if not sub_name:
                continue
            sub_where = dict(document_id=plan.document_id, page=row.line.page, bbox=bbox_text(row.line.bbox),
                             plan_id=plan.id)
            if sub_element.table == "missions":
                out.append(MissionRecord(
                    **sub_where, rule=f"{RULE}.sub_item.v1", kind=sub_element.kind or "focus_area", name=sub_name,
                    priority_id=parent.id if isinstance(parent, PriorityRecord) else None,
                    parent_id=parent.id if isinstance(parent, MissionRecord) else None, position=n,
                ))
            elif sub_element.table == "metrics":  # how the item's success is measured
                out.append(MetricRecord(
                    **sub_where, rule=f"{RULE}.success_measure.v1", kind=sub_element.kind or "success_measure",
                    key_metric=sub_name, mission_as_printed=name, position=n,
                    priority_id=parent.id if isinstance(parent, PriorityRecord) else None,
                    mission_id=parent.id if isinstance(parent, MissionRecord) else None,
                ))
            else:
                out.append(PlanThemeRecord(**sub_where, rule=f"{RULE}.sub_item.v1", kind=sub_element.kind or "theme",
                                           name=sub_name, position=n,
                                           mission_id=parent.id if isinstance(parent, MissionRecord) else None))
    return out
