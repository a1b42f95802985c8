"""Minutes, decision records and decision pages → meetings and decisions (family
``minutes.items.v2``).

The reading runs in four steps, each small:

1. **Regions** — the minutes of one meeting each: from a "Minutes of ... held on ..." block
   to the next one (or the end of the minutes part of a pack); a document with no such
   block (a decision page, a decision list, a voting record) is one region.
2. **Stream** — the region's printed lines joined into one text (``rules/meetings/stream``),
   in which the pack's labels, fields and item starts are found wherever they are printed:
   on lines of their own, or run into a paragraph by a crude export.
3. **Items** — the stream cut into minutes/decisions: numbered headings whatever the
   numbering style ("70", "12.", "78/21", "CAB.12", "Minute 45:", "1)", a number alone on
   its line), unnumbered headings, "Decision details" pages, decision-list entries; each
   item collects its fields, resolution blocks, reason blocks and body paragraphs.
4. **Resolutions** — per item, found by a label ("RESOLVED:", "Decision:", "Agreed –"), else
   by a sentence frame ("The Committee AGREED that", "That ...", "... were approved as a
   correct record"), else as the closing paragraph when it records a decision; stored with
   ``resolution_found_by`` = label | frame | position so users can filter on confidence.

Every pattern is in the ``minutes`` rule pack (``rules/packs/minutes.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from extractor.model import Line
from kernel.text import SMALL_WORDS, any_match, clean, iso_date, nice_case, similarity
from rules.documents import body_name
from rules.genres import decision_confidence
from rules.meetings.packs import FrameSpec, MinutesPack
from rules.meetings.records import DecisionRecord, MeetingRecord, RecommendationRecord
from rules.meetings.sentences import FOUND_BY_SENTENCE, decision_sentences, sentences
from rules.meetings.stream import Stream, build_stream
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import family

RULE_MEETING = "minutes.meeting.v2"
RULE_DECISION = "minutes.resolved.v2"
RULE_RECOMMENDATION = "minutes.recommendation.v1"
FOUND_BY_LABEL, FOUND_BY_FRAME, FOUND_BY_POSITION = "label", "frame", "position"

# A point of a resolution or a list: "1.", "(2)", "a)", "iv.", "1.1.", "·", "•", "-".
_POINT = re.compile(r"^(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)]|[·•\-–▪●]|\uf0b7)\s*\S", re.IGNORECASE)
_MONTH_END = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December),?\s+$", re.IGNORECASE)
_DATE_START = re.compile(r"^\d{1,2}\s?(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|"
                         r"September|October|November|December)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------- regions

@dataclass
class Region:
    """The lines of one meeting's minutes, and what its opening block says of the meeting."""

    lines: list[Line]
    meeting: dict[str, str] = field(default_factory=dict)
    heading: str | None = None
    first: Line | None = None
    heading_lines: set[int] = field(default_factory=set)  # ids of the lines printing the heading


def _key(line: Line) -> tuple[int, float, float]:
    return (line.page, round(line.bbox[0], 1), round(line.bbox[1], 1))


def _start_in_block(pack: MinutesPack, lines: list[Line]) -> tuple[Line, re.Match[str], str, list[Line]] | None:
    """The minutes heading in a layout block: the block's text from some line on (a bold
    block may hold the body's name above the heading and the first minute below it)."""
    texts = [clean(ln.text) for ln in lines]
    for k in range(len(texts)):
        if not re.match(pack.meeting_start_line, texts[k]):
            continue
        # The heading ends before the first minute's heading, if the block holds one.
        end = next((j for j in range(k + 1, len(texts)) if any(h.regex.match(texts[j]) for h in pack.item_headings
                                                               if h.pattern and "(?P<title>)" not in h.pattern)),
                   min(len(texts), k + 6))
        for e in range(end, k, -1):
            text = " ".join(texts[k:e])
            m = any_match(pack.meeting_start, text)
            if m:
                return lines[k], m, text, lines[max(0, k - 1) : e]
    return None


def find_regions(reading: Reading, pack: MinutesPack) -> list[Region]:
    """One region per meeting's minutes, inside the minutes parts of a split pack."""
    minutes_parts = [p for p in reading.parts if p.kind == "minutes"]
    if reading.parts and not minutes_parts and reading.genre.name == "agenda_pack":
        return []  # an agenda pack whose papers hold no minutes
    spans = [(p.page_start, p.page_end) for p in minutes_parts] or [(1, reading.page_count)]
    regions: list[Region] = []
    for first, last in spans:
        # A "Decision details" line repeated at the top of every page is furniture to the
        # extractor, but here it separates the decisions.
        lines = [ln for pg in reading.pages[first - 1 : last] for ln in pg.lines if ln.text.strip()
                 and (not ln.furniture or any_match(pack.item_start, clean(ln.text)))]
        index = {_key(ln): i for i, ln in enumerate(lines)}
        starts: list[tuple[int, re.Match[str] | None, str, list[Line]]] = []
        for block in reading.blocks(first, last):
            if block.kind not in ("heading", "paragraph") or not block.lines:
                continue
            found = _start_in_block(pack, block.lines)
            if found and _key(found[0]) in index and not any(s[0] == index[_key(found[0])] for s in starts):
                starts.append((index[_key(found[0])], found[1], found[2], found[3]))
        starts.sort(key=lambda s: s[0])
        if not starts:
            starts = [(0, None, "", [])]
        elif starts[0][0] > 0 and len(reading.parts) <= 1:
            # a document that is all minutes: what precedes the first heading is read too
            # (decision pages and lists, a transcript's run-in text)
            starts.insert(0, (0, None, "", []))
        for n, (start, m, text, heading_lines) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            meeting = {k: v for k, v in (m.groupdict() if m else {}).items() if v}
            for j in range(start + 1, stop):
                if any_match(pack.meeting_end, clean(lines[j].text)):
                    times = re.findall(pack.meeting_time, clean(lines[j].text))
                    if "time" not in meeting and len(times) >= 2:  # "(Duration of meeting: 9.30 am - 1.55 pm)"
                        meeting["time"] = times[0]
                    stop = j
                    break
            if m and "body" not in meeting and start > 0 and lines[start - 1].page == lines[start].page:
                above = clean(lines[start - 1].text)  # "CABINET" above "Minutes of the meeting held on ..."
                if re.match(pack.meeting_body_line, above):
                    meeting["body"] = above
            if lines[start:stop]:
                regions.append(Region(lines=lines[start:stop], meeting=meeting, heading=text or None,
                                      first=lines[start] if m else None, heading_lines={id(ln) for ln in heading_lines}))
    return regions


# ------------------------------------------------------------------------------------ hits

@dataclass
class Hit:
    """Something the pack recognises in the stream: a label, a field, an item start."""

    start: int
    end: int
    kind: str  # resolution | reason | recommendation | stop | field | item | sub_item | entry | marker | meeting
    name: str = ""  # field key, reason label
    weak: bool = False
    groups: dict[str, str] = field(default_factory=dict)
    close: str | None = None  # a reason in brackets ends at this
    lists: bool = False  # a section that lists short entries (stop labels)
    over_items: bool = False  # a resolution label over titled items, each item's text its resolution


def _labels(stream: Stream, pack: MinutesPack) -> list[Hit]:
    hits: list[Hit] = []
    text = stream.text
    for spec, kind in ([(s, "resolution") for s in pack.resolution_labels]
                       + [(s, "reason") for s in pack.reason_labels]
                       + [(s, "recommendation") for s in pack.recommendation_labels]
                       + [(s, "stop") for s in pack.stop_labels]
                       + [(s, "body") for s in pack.body_labels]):
        for m in spec.regex.finditer(text):
            if m.end() == m.start():
                continue
            at_boundary = stream.at_boundary(m.start())
            if not (at_boundary or spec.mid_sentence or (spec.anywhere and _capitalised(text, m.start()))):
                continue
            if kind == "resolution" and not at_boundary and pack.label_subjects \
                    and re.search(pack.label_subjects, text[max(0, m.start() - 60) : m.start()]):
                continue  # "The Lead Member RESOLVED to ...": a framed sentence
            hits.append(Hit(m.start(), m.end(), kind, name=spec.label, weak=spec.weak or spec.starts_item,
                            close=spec.close, over_items=spec.over_items, lists=spec.lists,
                            groups={k: v for k, v in m.groupdict().items() if v}))
    for key, spec in pack.fields.items():
        for m in spec.regex.finditer(text):
            # (a label's words after an article are a sentence's: "That the Cabinet Member: a) Note ...")
            if re.search(r"\b(?:the|a|an)\s+$", text[max(0, m.start() - 6) : m.start()]):
                continue
            if _capitalised(text, m.start()) and (stream.at_boundary(m.start()) or text[m.start() - 1] in " \t"):
                hits.append(Hit(m.start(), m.end(), "field", name=key))
    for m in re.finditer(r"\S[^\n]*", text):  # whole lines: item markers and list entries
        line = m.group(0)
        if not stream.line_start(m.start()):
            continue
        marker = any_match(pack.item_start, line)
        if marker:
            hits.append(Hit(m.start(), m.start() + marker.end(), "marker"))
            continue
        entry = any_match(pack.list_entries, line)
        if entry:
            hits.append(Hit(m.start(), m.end(), "entry", groups={k: v for k, v in entry.groupdict().items() if v}))
            continue
        meeting = any_match(pack.meeting_lines, line)
        if meeting and not re.search(r"(?i)\bminutes?\b", line):
            hits.append(Hit(m.start(), m.end(), "meeting",
                            groups={k: v for k, v in meeting.groupdict().items() if v}))
    return hits


def _prose(text: str) -> bool:
    """A paragraph of running text, not an entry of a list of papers: a sentence of ten words
    or more that ends as sentences do."""
    return len(text.split()) >= 10 and bool(re.search(r"[.:;]\s*$", text))


def _capitalised(text: str, offset: int) -> bool:
    return offset < len(text) and (text[offset].isupper() or text[offset] in "([")


def _item_hits(stream: Stream, pack: MinutesPack, taken: list[tuple[int, int]], skip: set[int]) -> list[Hit]:
    """Numbered and unnumbered item headings, in order, each number above the last; lines in
    ``skip`` (the minutes' own heading) are none."""
    hits: list[Hit] = []
    last: tuple[int, ...] | None = None
    text = stream.text
    for piece in stream.pieces:
        if any(a <= piece.start < b for a, b in taken) or id(piece.line) in skip:
            continue
        line = text[piece.start : piece.end].strip()
        if not line or _DATE_START.match(line) or _MONTH_END.search(text[max(0, piece.start - 12) : piece.start]):
            continue  # a date, or the year of a date wrapped onto the line ("28 March" / "2023 ...")
        paragraph = text[piece.start : stream.paragraph_end(piece.start)]
        head = _numbered(pack, piece.heading, line, paragraph)
        if head:
            number, title, rest = head
            key = _number_key(number)
            # A heading printed as one may skip numbers (the others were minuted elsewhere);
            # a plain-text number must follow closely, or it is a number in the text.
            # A reference of letters and figures ("PL21/073", "CAB/23/45") is no number in the
            # text: it is taken out of order too (a minute printed first out of its turn).
            reference = bool(re.search(r"[A-Za-z]", number) and re.search(r"[/.:]", number))
            # A year-numbered minute printed twice ("130/21 Precept", "130/21 Correspondence")
            # is the clerk's slip, not a number in the text.
            repeated = "/" in number and key == last
            if key and last is not None and not reference and not repeated \
                    and not _follows(last, key, None if piece.heading else pack.max_minute_gap):
                head = None
            else:
                last = key or last
                # the heading ends where its title does: a label run on after it is read too
                cut = _split_title(pack, title)
                at = line.find(cut) if cut else -1
                end = piece.start + at + len(cut) if at >= 0 and cut != clean(title) else piece.end
                if rest is not None:  # "2. Play area: the quotation ..." — the minute starts on the line
                    end = piece.start + rest
                hits.append(Hit(piece.start, end, "item", groups={"number": number, "title": cut or title}))
                continue
        sub = any_match(pack.sub_items, line)
        if sub:
            hits.append(Hit(piece.start, piece.start + len(sub.group("number")) + 1, "sub_item",
                            groups={"number": sub.group("number")}))
            continue
        if piece.heading and piece.paragraph:
            # a heading that wraps onto more lines is one title
            end = stream.paragraph_end(piece.start)
            title = clean(text[piece.start : end])
            if _title_like(pack, title, expected=True) and not any_match(pack.page_titles, title):
                hits.append(Hit(piece.start, end, "item", groups={"number": "", "title": title}))
    return hits


def _inline_item_hits(stream: Stream, pack: MinutesPack, items: list[Hit]) -> list[Hit]:
    """Item numbers run into a paragraph, each the next in sequence after the one before: a
    number with a title in capitals (``inline_item_headings``), or a bare number whose title
    runs to where the minute's text starts (``inline_item_numbers``: "... B Ellison. 3) Minutes
    of previous meeting The minutes of ...", "... a correct record. 28/15 Members Interests
    Members were reminded ..."). A bare number is the first of its run when it is 1 or the
    next number follows it."""
    found: list[Hit] = []
    numbered = sorted([h for h in items if _number_value(h.groups.get("number", "")) is not None],
                      key=lambda h: h.start)
    candidates: list[tuple[int, int, str, str, bool]] = []  # start, end, number, title, in capitals
    for pattern in pack.inline_item_headings:
        for m in re.finditer(pattern, stream.text):
            candidates.append((m.start(), m.end(), m.group("number"), m.group("title"), True))
    for pattern in pack.inline_item_numbers:
        for m in re.finditer(pattern, stream.text):
            title = _run_in_title(pack, stream.text, m.end())
            if title:
                candidates.append((m.start(), title[1], m.group("number"), title[0], False))
    # A reference number shaped as the document's own headings print theirs ("F03:04/24" at a
    # line's start, "... the item. F04:04/24 To approve ..." run into the text): the numbering
    # the minutes use, whatever it is, not a list of known styles.
    for shape in _number_shapes(items):
        for m in re.finditer(rf"(?<=[\w.!?)”’'\"]\s)(?P<number>{shape})\s+(?=[A-Z])", stream.text):
            title = _run_in_title(pack, stream.text, m.end())
            if title:
                candidates.append((m.start(), title[1], m.group("number"), title[0], False))
    values = [_number_value(c[2]) for c in candidates if not c[4]]
    for start, end, number, title, capitals in sorted(candidates):
        # (a run of "27/15" minutes under an agenda's "Item 2" heading: each numbering its own run)
        before = [h for h in [*numbered, *found] if h.start < start and ("/" in h.groups["number"]) == ("/" in number)]
        last = _number_value(max(before, key=lambda h: h.start).groups["number"]) if before else None
        value = _number_value(number)
        if last is None:
            first = len(title.split()) >= 3 if capitals else (value == 1 or (value is not None and value + 1 in values))
        else:
            first = False
        if first or (last is not None and value == last + 1):
            found.append(Hit(start, end, "item", groups={"number": number, "title": title}))
    return found


def _number_shapes(items: list[Hit]) -> list[str]:
    """The shapes of the reference numbers the document's item headings print ("F03:04/24" →
    ``F\\d{1,4}:\\d{1,4}/\\d{1,4}``): letters kept, each run of figures any figures. Only
    numbers of letters and figures or of several figure groups ("F03:04/24", "2022-107",
    "17/27"), which a sentence's own figures do not take."""
    shapes: list[str] = []
    for hit in items:
        number = hit.groups.get("number", "")
        if len(re.findall(r"\d+", number)) < 2 or not re.fullmatch(r"[A-Za-z]{0,4}\d+(?:[:/.-]\d+)+", number):
            continue
        shape = re.sub(r"\\d\+", r"\\d{1,4}", re.sub(r"\d+", r"\\d+", re.escape(number)))
        if shape not in shapes:
            shapes.append(shape)
    return shapes


def _run_in_title(pack: MinutesPack, text: str, at: int) -> tuple[str, int] | None:
    """The title after an item number run into a paragraph, and where it ends: its words up to
    a dash or a colon, or to the word that starts the minute's own text ("The", "Members",
    "Resolved", a number); None when the words after the number start a sentence."""
    words: list[str] = []
    end = at
    for n, m in enumerate(re.finditer(r"\S+", text[at : at + 300])):
        word = m.group(0)
        bare = word.rstrip(":–-,;")
        if word in ("–", "-", ":") or (n and (re.fullmatch(pack.run_in_title_stops, bare) or bare[:1].isdigit()
                                              or re.fullmatch(r"\(?(?:[a-h]|[ivx]{1,4})\)", word))):  # "Finance a) It was ..."
            break
        if n == 0 and (re.fullmatch(pack.run_in_sentence_starts, bare) or not bare[:1].isupper()):
            return None
        words.append(bare)
        end = at + m.start() + len(bare)
        # (a title that ends its sentence ends there: "F05:04/24 To review the action log. Council noted ...")
        if word != bare or len(words) > pack.title_words or re.search(r"[a-z]{3}\.$", word):
            break
    title = " ".join(words).strip()
    if not title or len(words) > pack.title_words:
        return None
    return title, end


def _numbered(pack: MinutesPack, bold: bool, line: str, paragraph: str) -> tuple[str, str, int | None] | None:
    """(number, title, where the minute's text starts on the line if the pattern says) when
    the line opens with an item number; a plain-text title must read as one all through its
    paragraph (a numbered sentence is a point, not a heading)."""
    for spec in pack.item_headings:
        if (spec.bold and not bold) or (spec.plain and bold):
            continue
        m = spec.regex.match(line)
        if not m:
            continue
        title = (m.group("title") or "").strip()
        # A reference number ("F03:04/24", "78/21") is a heading's, even over an agenda's
        # "To ..." wording; a plain number must have a title that reads as one.
        reference = bool(re.search(r"[A-Za-z:/-]", m.group("number"))) or spec.marked
        if not spec.bold and title and not bold and not (reference and len(title.split()) <= pack.title_words * 2) \
                and not _heading_in_text(pack, title, paragraph, m):
            continue
        rest = m.start("rest") if "rest" in spec.regex.groupindex and m.group("rest") else None
        return m.group("number"), title, rest
    return None


_RUNS_ON = re.compile(r"(?:\b(?:and|of|the|for|to|in|on|with|a|an|by|that|be)|[,–-])$", re.IGNORECASE)


def _heading_in_text(pack: MinutesPack, title: str, paragraph: str, m: re.Match[str]) -> bool:
    """Whether a plain-text numbered line is a minute heading: its whole paragraph reads as
    a title, or a title runs into the body on that line ("74 Performance ... Report
    Councillor Philip Whitehead presented ..."), or the line is a title that ends there —
    not a numbered sentence wrapping onto the next line."""
    whole = clean(paragraph)[len(m.group(0)) - len(title):].strip()
    if _title_like(pack, whole):
        return True
    cut = _split_title(pack, title, heading=False)
    if cut and cut != clean(title) and _title_like(pack, cut):
        return True
    return _title_like(pack, title) and not _RUNS_ON.search(title) and not re.search(r"[.;:]$", title)


def _title_case(text: str) -> bool:
    """Most words capitalised, as a heading prints them ("Rates Estimates 2020/21"), not a
    sentence ("Millennium Wood is in a poor state")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _title_like(pack: MinutesPack, text: str, expected: bool = False) -> bool:
    """A heading's words, not a sentence: short, or in capitals, and not a resolution. An
    ``expected`` title (printed in a heading's type, or where a marker or a lone number says
    the title comes next) may run longer."""
    words = text.split()
    if not words or any_match([s.pattern for s in pack.resolution_labels if not s.weak], text) \
            or any(f.regex.search(text) for f in pack.frames):
        return False
    if text.upper() == text and sum(c.isalpha() for c in text) >= 3:
        return True
    if re.match(r"(?:That|To|The\s+\w+\s+(?:agreed|resolved|noted))\b", text) and not (
            text.startswith("To ") and _title_case(text)):  # "To Correct & Approve Minutes of the Last Meeting."
        return False
    limit = pack.heading_title_words if expected else pack.title_words
    return len(words) <= limit and not re.search(r"[.;]\s+\S", text)


def _number_key(number: str) -> tuple[int, ...]:
    """A minute number as the numbers it is made of, to put minutes in order: "78/21" → (78, 21),
    "CAB/23/45" → (23, 45), "21.44" → (21, 44)."""
    return tuple(int(d) for d in re.findall(r"\d+", number))


def _follows(last: tuple[int, ...], key: tuple[int, ...], gap: int | None) -> bool:
    """Whether minute number ``key`` comes after ``last`` — by at most ``gap`` in the first part
    that changes, when a gap is given."""
    if len(last) != len(key):
        return key[:1] > last[:1] and (gap is None or key[0] - last[0] <= gap)
    for a, b in zip(last, key, strict=True):
        if a != b:
            return b > a and (gap is None or b - a <= gap)
    return False


def _number_value(number: str) -> float | None:
    """The running number of a minute number: "28/15" → 28, and where the year comes first
    and the sequence runs past 99 ("22/131"), the sequence: 131."""
    digits = re.findall(r"\d+", number)
    if len(digits) == 2 and "/" in number and len(digits[0]) <= 2 and len(digits[1]) >= 3:
        return float(digits[1])
    if len(digits) == 2 and re.fullmatch(r"(?:19|20)\d{2}-\d{1,4}", number):
        return float(digits[1])  # the year first, then the sequence: "2022-108"
    return float(digits[0]) if digits else None


def _hits(stream: Stream, pack: MinutesPack, skip: set[int] = frozenset()) -> list[Hit]:
    labels = _resolve_overlaps(_labels(stream, pack))
    taken = [(h.start, h.end) for h in labels if h.kind in ("marker", "entry", "meeting")]
    items = _item_hits(stream, pack, taken, skip)
    # An item heading that is itself a label or a field ("Minutes:", "Decision", "Voting:
    # Unanimous") is the label.
    label_starts = {h.start for h in labels}
    items = [h for h in items if h.start not in label_starts]
    inline = [h for h in _inline_item_hits(stream, pack, items) if not any(a <= h.start < b for a, b in taken)]
    return _resolve_overlaps(labels + items + inline)


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    order = {"item": 0, "sub_item": 0, "marker": 0, "entry": 0, "meeting": 0, "field": 1, "reason": 2,
             "resolution": 3, "recommendation": 3, "stop": 4, "body": 5}
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start), order[h.kind])):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


# ----------------------------------------------------------------------------------- items

@dataclass
class Block:
    """A resolution or reason: the text after its label, paragraph by paragraph."""

    kind: str  # resolution | reason | recommendation
    start: int
    label: str = ""
    weak: bool = False
    found_by: str = FOUND_BY_LABEL
    paragraphs: list[str] = field(default_factory=list)
    votes: list[list[str]] = field(default_factory=list)
    status: str | None = None  # a recorded vote's own status ("Resolution status: Lost")
    listing: bool = False  # it introduced a list ("... reserved for its meetings:") that goes on
    close: str | None = None
    closed: bool = False
    number: str | None = None  # the resolution's own number where its label prints one ("R2024-052")

    @property
    def text(self) -> str:
        return clean(" ".join(self.paragraphs))


@dataclass
class Item:
    start: int
    number: str | None = None
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)  # paragraphs outside blocks, with offsets
    meeting: dict[str, str] = field(default_factory=dict)
    end: int = 0
    wants_title: bool = False
    title_guessed: bool = False  # the title is the line after a marker, not a heading or a field
    sections: int = 0  # labels of the minute's own text ("Minutes:") read so far

    @property
    def fresh(self) -> bool:
        """Nothing read yet but its title, number and fields."""
        return not self.blocks and not self.body


@dataclass
class Reader:
    """Walks the hits and paragraphs of one region's stream, building its items."""

    stream: Stream
    pack: MinutesPack
    single: bool  # a decision page: one item, whatever headings it prints
    items: list[Item] = field(default_factory=list)
    mode: str = "body"  # body | resolution | reason | stop
    stop_text: bool = False  # the section being skipped has shown text
    stop_lists: bool = False  # the section being skipped lists short entries (papers): prose ends it
    # An unnumbered paragraph after a resolution's points: the resolution's if another point
    # follows it (a point's second paragraph), else the item's body. (offset, text)
    pending: tuple[int, str] | None = None
    meetings: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # meeting lines read: (offset, values)
    meeting: dict[str, str] = field(default_factory=dict)
    # The label that heads the items after it ("I approve the following decisions:"): each
    # item's text is then its resolution.
    over_items: str | None = None

    @property
    def item(self) -> Item:
        if not self.items:
            self.items.append(Item(start=0, meeting=dict(self.meeting)))
        return self.items[-1]

    def new_item(self, start: int, number: str | None = None, title: str | None = None, page: bool = False) -> Item:
        """Start an item, or name the item begun when nothing but its title and fields has
        been read (or, on a one-decision page, always — unless ``page``: a page marker such
        as "Decision details" starts the next decision's page)."""
        # An item with its own number and title is complete however little follows it
        # ("4) Declarations of Interest" with nothing to declare): the next number starts another.
        numbered_apart = bool(self.items and self.item.number and self.item.title and number
                              and number != self.item.number)
        # A section heading over the minutes ("UNRESTRICTED ITEMS", "PART I") names no minute:
        # the numbered heading under it starts one of its own.
        under_section = bool(self.items and self.item.title and not self.item.number and number and title)
        if self.items and ((self.item.fresh and not (page and self.item.title) and not numbered_apart
                            and not under_section)
                           or (self.single and not page)):
            item = self.item  # a fresh item takes the heading as its own
            # (a minute's own numbered heading names it better than the line after a page's
            # marker: "Issue - meetings" / "Budget Adjustments" / "24 Financial monitoring")
            if number and title and item.title_guessed and item.number in (None, number):
                item.title, item.title_guessed = title, False
            # (an unnumbered heading right after a page's marker is the line a marker announces)
            guessed = bool(item.wants_title and not item.title and title and not number)
            item.number = item.number or number or None
            item.title = item.title or title or None
            item.title_guessed = item.title_guessed or guessed
        else:
            item = Item(start=start, number=number or None, title=title or None, meeting=dict(self.meeting))
            self.items.append(item)
        item.wants_title = not item.title
        self.mode = "body"
        return item

    def open_block(self, kind: str, start: int, label: str = "", weak: bool = False, close: str | None = None,
                   found_by: str = FOUND_BY_LABEL, number: str | None = None) -> None:
        item = self.item
        if kind == "resolution" and not weak:
            # A strong label after a weak one that has read only a preamble replaces it.
            item.blocks = [b for b in item.blocks if not (b.kind == "resolution" and b.weak and not b.closed)]
        for b in item.blocks:
            b.closed = True
        if kind == "resolution" and not weak and close is None:
            close = self.pack.resolution_close  # the resolution's paragraph may go back to narrative
        item.blocks.append(Block(kind=kind, start=start, label=label, weak=weak, close=close, found_by=found_by,
                                 number=number))
        self.mode = kind
        item.wants_title = False

    def text(self, start: int, text: str, new_paragraph: bool) -> None:
        item = self.item
        if self.mode == "resolution" and item.blocks and "status" in item.fields and self._votes(text):
            return
        raw, text = text, clean(text)
        if not text:
            return
        if item.wants_title and self.mode == "body":
            if _title_like(self.pack, text, expected=True) and not any_match(self.pack.options, text):
                item.title, item.wants_title, item.title_guessed = text, False, True
                return
            item.wants_title = False
        point = bool(_POINT.match(text))
        if self.pending is not None:
            held, self.pending = self.pending, None
            if point and self.mode == "resolution" and item.blocks:
                item.blocks[-1].paragraphs.append(held[1])
            else:
                self.mode = "body"
                self.text(held[0], held[1], True)
        if self.mode in ("resolution", "reason", "recommendation") and item.blocks:
            block = item.blocks[-1]
            listed = block.listing and len(text.split()) <= 12 and not re.search(r"[.;:]\s*$", text)
            if (block.kind == "reason" or not new_paragraph or not block.paragraphs or point or listed
                    or block.text.endswith((":", ";", ":-", " and", " or"))
                    or (block.kind != "reason" and any_match(self.pack.resolution_continues, text))):
                # A block's close is found in the printed lines (a line end may close it).
                closing = re.search(block.close, raw) if block.close else None
                rest = ""
                if closing:
                    text, rest, block.closed = clean(raw[: closing.start()]), clean(raw[closing.end():]), True
                    self.mode = "body"
                if new_paragraph or not block.paragraphs:
                    block.paragraphs.append(text)
                else:
                    block.paragraphs[-1] += " " + text
                block.listing = block.listing or block.text.endswith((":", ":-"))
                if rest:  # what follows the closed block is the minute's text again
                    self.text(start + closing.end(), rest, True)
                return
            if block.kind == "resolution" and sum(1 for p in block.paragraphs if _POINT.match(p)) >= 2:
                self.pending = (start, text)
                return
            self.mode = "body"
        elif self.mode == "stop":
            prose = self.stop_lists and new_paragraph and _prose(text)
            if not prose and (not new_paragraph or not self.stop_text or point):
                self.stop_text = True
                return
            self.mode = "body"
        if new_paragraph or not item.body:
            item.body.append((start, text))
        else:
            item.body[-1] = (item.body[-1][0], item.body[-1][1] + " " + text)

    def flush(self) -> None:
        """A held paragraph that no point followed belongs to the item's body."""
        if self.pending is not None:
            held, self.pending = self.pending, None
            self.mode = "body"
            self.text(held[0], held[1], True)

    def _votes(self, raw: str) -> bool:
        """Vote rows of a recorded vote, line by line ("For A. Beaumont, ... and" / "S. Webb
        5" / "Against ... 2"): each row's names and count; never resolution text. True when
        the text was vote rows."""
        block = self.item.blocks[-1]
        lines = [clean(ln) for ln in raw.split("\n") if clean(ln)]
        if not lines or not (any_match(self.pack.vote_rows, lines[0]) or block.votes):
            return False
        if not any_match(self.pack.vote_rows, lines[0]) and not re.search(r"\d+\s*$", " ".join(lines)):
            return False
        for line in lines:
            vote = any_match(self.pack.vote_rows, line)
            if vote:
                block.votes.append([vote.group("label"), vote.group("rest")])
            elif block.votes:
                block.votes[-1].append(line)
        return True

    def title_before(self, bound: int, offset: int) -> str | None:
        """The title printed just before a minute's own label on a page exported as one run
        of text ("... a true record of proceedings. Forward Work Programme To receive
        Additional documents: Minutes:"): the words after the last sentence end or table
        cell before ``offset`` (back to ``bound``), taken off whatever they were read into."""
        seg = self.stream.text[bound:offset]
        # a sentence, a table cell or a paragraph ends; or a line ends in a colon ("... agreed
        # the following:" over the next item's title)
        ends = [m.end() for m in re.finditer(r"(?:[.!?)]\s+|:[ \t]*\n|\s{3,}|\n\n)(?=\S)", seg)]
        for end in [*reversed(ends), 0]:
            raw = seg[end:]
            for spec in self.pack.stop_labels:
                raw = spec.regex.sub(" ", raw)
            if not clean(raw):
                continue
            self._take_back(clean(seg[end:])[:30])
            return _split_title(self.pack, raw) or None
        return None

    def _take_back(self, lead: str) -> None:
        """Remove text read into the current item from ``lead`` on (it belongs to the next)."""
        if not lead or not self.items:
            return
        item = self.item
        open_blocks = [b for b in item.blocks if b.paragraphs and not b.closed] or [b for b in item.blocks[-1:] if b.paragraphs]
        for holder in ([open_blocks[-1].paragraphs] if open_blocks else []):
            if lead in holder[-1]:
                holder[-1] = clean(holder[-1][: holder[-1].index(lead)])
                return
        if item.body and lead in item.body[-1][1]:
            start, text = item.body[-1]
            item.body[-1] = (start, clean(text[: text.index(lead)]))

    def absorbs(self, hit: Hit) -> bool:
        """Whether a numbered heading is a point of the resolution being read, or a heading
        inside a one-decision page that has already begun."""
        item = self.item if self.items else None
        if item is None:
            return False
        if self.single and not item.fresh and hit.groups.get("number"):
            return True
        if self.mode != "resolution" or not item.blocks or not hit.groups.get("number"):
            return False
        block = item.blocks[-1]
        value = _number_value(hit.groups["number"])
        # (a numbered line right after a label is the resolution's first point: "DECISION" / "1) That ...")
        return (value is not None and value <= 30
                and (block.text.endswith((":", ";", ":-")) or any(_POINT.match(p) for p in block.paragraphs)
                     or (not block.paragraphs and block.kind == "resolution" and not self.over_items)))

    def field(self, name: str, label: str, value: str) -> str:
        """Store a field; returns what follows its value when the value has a known shape."""
        spec = self.pack.fields[name]
        rest = ""
        if spec.value_regex is not None:
            m = spec.value_regex.match(value)
            if m:
                value, rest = m.group(0), value[m.end():]
        value = clean(value).strip(" .;,")
        item = self.item
        if name == "title" and (item.blocks or "title" in item.fields):
            item = self.new_item(self.stream.text.find(value) if value else item.start)
        if not value:
            if spec.lines:
                item.wants_title = True
            return rest
        if spec.multi:
            item.fields[name] = "; ".join(filter(None, [item.fields.get(name), f"{label}: {value}"]))
        else:
            item.fields.setdefault(name, value)
        if name == "title":
            # a labelled title beats the line a marker was followed by ("Cabinet Decision: <date>")
            item.title = value if item.title_guessed else item.title or value
            item.title_guessed = False
        if name == "status" and self.mode == "resolution" and item.blocks:
            item.blocks[-1].status = value  # a voting record prints the status of each vote
            return rest
        self.mode = "body"
        return rest


@dataclass
class Walk:
    """One pass over a region's hits: the text between hits goes to the reader paragraph by
    paragraph, and each hit to the handler for its kind (``HANDLERS``). A handler returns the
    offset from which text is read again (by default the hit's end)."""

    reader: Reader
    hits: list[Hit]
    pos: int = 0  # text before this has been read
    bound: int = 0  # where the last hit that is not a section label ended

    @property
    def text(self) -> str:
        return self.reader.stream.text

    def feed(self, start: int, end: int) -> None:
        """Text between hits, paragraph by paragraph."""
        text = self.text
        chunk_start = start
        for m in re.finditer(r"\n\n", text[start:end]):
            self.reader.text(chunk_start, text[chunk_start : start + m.start()], self._new_paragraph(chunk_start))
            chunk_start = start + m.end()
        self.reader.text(chunk_start, text[chunk_start:end], self._new_paragraph(chunk_start))

    def _new_paragraph(self, offset: int) -> bool:
        text = self.text
        k = offset - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        return k < 1 or text[k - 1 : k + 1] == "\n\n"

    def run(self) -> None:
        for n, hit in enumerate(self.hits):
            nxt = self.hits[n + 1].start if n + 1 < len(self.hits) else len(self.text)
            self.feed(self.pos, hit.start)
            self.reader.flush()
            handler = HANDLERS[hit.kind]
            self.pos = handler.read(self, hit, nxt)
            if handler.ends_section:
                self.bound = hit.end
        self.feed(self.pos, len(self.text))
        self.reader.flush()


def _on_item(walk: Walk, hit: Hit, nxt: int) -> int:
    """A numbered or unnumbered heading: a new item, unless it is a point of the resolution
    being read."""
    reader = walk.reader
    if reader.absorbs(hit):
        return hit.start  # a numbered point of what is being read, not a new minute
    title = _split_title(reader.pack, hit.groups.get("title", ""))
    rest = hit.groups.get("title", "")[len(title):].strip().lstrip(":").strip() if title else ""
    reader.new_item(hit.start, hit.groups.get("number"), title)
    if reader.over_items:
        reader.open_block("resolution", hit.end, label=reader.over_items)
    if rest:
        reader.text(hit.end - len(rest), rest, True)
    return hit.end


def _on_sub_item(walk: Walk, hit: Hit, nxt: int) -> int:
    """A numbered paragraph whose number extends an item's ("8.2" under "8"): an item of its
    own, named by its own line or by its parent."""
    reader, stream, text = walk.reader, walk.reader.stream, walk.text
    # the item it is numbered under ("8" for "8.2"), past any earlier sub-items of it
    parent = next((it for it in reversed(reader.items) if it.number and "." not in it.number), None) \
        if reader.items else None
    parent = parent or reader.item
    number = hit.groups["number"]
    prefix = number.split(".")[0]
    # Minutes numbered by paragraph only ("1.1", "2.1", "2.4.1", no "2" over them): a paragraph
    # under the next number is the next minute.
    before = (parent.number or "").split(".")[0]
    next_minute = bool(parent.number and "." in parent.number and prefix.isdigit() and before.isdigit()
                       and 0 < int(prefix) - int(before) <= reader.pack.max_minute_gap)
    if (parent.number is not None and parent.number.split(".")[0] != prefix and not next_minute) or (
            reader.mode == "reason" and parent.blocks and not parent.blocks[-1].paragraphs):
        return hit.start  # a numbered point of what is being read
    # "3.1 Rates Estimates 2020/21" over its own paragraph names itself; "8.2 Resolved – that
    # ..." is a paragraph of its parent item, under the parent's title.
    line_end = stream.piece_at(hit.start).end
    own = clean(text[hit.end : line_end])
    # (a sentence is no title, however capitalised: "The Leader and Lead Member considered a
    # report by the Assistant Chief Executive.")
    named = bool(own) and _title_like(reader.pack, own) and not _POINT.match(own) and (
        stream.piece_at(hit.start).heading or _title_case(own)) and not (
        own.endswith(".") and len(own.split()) > 6)
    title = own if named else parent.title
    reader.items.append(Item(start=hit.start, number=number, title=title, meeting=dict(reader.meeting)))
    reader.mode = "body"
    return line_end if named else hit.end


def _on_marker(walk: Walk, hit: Hit, nxt: int) -> int:
    """A page marker ("Decision details"): the next decision's page."""
    walk.reader.new_item(hit.start, page=True)
    return hit.end


def _on_entry(walk: Walk, hit: Hit, nxt: int) -> int:
    """An entry of a decision list: an item with its date and status."""
    reader = walk.reader
    if reader.items and reader.item.fresh and reader.item.title_guessed and not reader.item.fields:
        # an issue page's title over the dated entry of its one decision ("Issue - decisions" /
        # "Q1 Budget Monitor" / "03/09/2024 - Budget Monitor 1"): one item, the title
        item = reader.item
    else:
        item = reader.new_item(hit.start, None, _split_title(reader.pack, hit.groups.get("title", "")), page=True)
    if hit.groups.get("date"):
        item.meeting.setdefault("date", hit.groups["date"])
    if hit.groups.get("status"):
        item.fields.setdefault("status", clean(hit.groups["status"]))
    return hit.end


def _on_meeting(walk: Walk, hit: Hit, nxt: int) -> int:
    """A line naming the meeting the page records: the meeting of the items after it."""
    reader = walk.reader
    reader.meeting = dict(hit.groups)
    reader.meetings.append((hit.start, dict(hit.groups)))
    if reader.items and reader.item.fresh:
        reader.item.meeting = dict(hit.groups)
    return hit.end


def _on_field(walk: Walk, hit: Hit, nxt: int) -> int:
    """A labelled field: its value to the end of its paragraph (or the next hit), and what
    follows a value of known shape back to the text."""
    reader, text = walk.reader, walk.text
    value_end = min(nxt, reader.stream.paragraph_end(hit.end))
    label = re.sub(r"\s*\??\s*:\s*$", "", clean(text[hit.start : hit.end]))
    rest = reader.field(hit.name, label, text[hit.end : value_end])
    if hit.name == "meeting":
        _meeting_field(reader.pack, reader.item)
    if rest.strip():
        reader.text(value_end - len(rest), rest, False)
    return value_end


def _on_block(walk: Walk, hit: Hit, nxt: int) -> int:
    """A resolution, reason or recommendation label: the text after it is that block's (or,
    for a label over items, the text of each item after it)."""
    label = hit.name or clean(walk.text[hit.start : hit.end])
    walk.reader.open_block(hit.kind, hit.end, label=label, weak=hit.weak, close=hit.close,
                           number=hit.groups.get("number"))
    if hit.over_items:
        walk.reader.over_items = label
    return hit.end


def _on_stop(walk: Walk, hit: Hit, nxt: int) -> int:
    """A section that is neither resolution nor reason: skipped, closing both."""
    reader = walk.reader
    for b in reader.item.blocks:
        b.closed = True
    reader.mode, reader.stop_text, reader.stop_lists = "stop", False, hit.lists
    return hit.end


def _on_body(walk: Walk, hit: Hit, nxt: int) -> int:
    """A label of the minute's own text: closes a resolution or reason; a ``starts_item``
    label after another minute's opens the next item, titled by the words before it."""
    reader = walk.reader
    if hit.weak:
        item = reader.item
        # (a meeting system prints an item's "Decision:" and then its "Minutes:": one item —
        # also when its decision field holds a labelled resolution that ends its sentence right
        # before "Minutes:" ("Decision: RESOLVED – That the Minutes ... be confirmed as a
        # correct record. Minutes: ..."): no title stands between them, and reading one out of
        # the resolution would empty it)
        own_field = not item.sections and _ends_in_open_resolution(walk, item, hit.start)
        title = None if own_field else reader.title_before(walk.bound, hit.start)
        if not own_field and (item.sections or any(b.kind == "resolution" and b.paragraphs and not b.weak
                                                   for b in item.blocks)):
            item = reader.new_item(hit.start, None, title)
            item.wants_title = False
        elif title and not item.title:
            item.title = title
        item.sections += 1
    for b in reader.item.blocks:
        b.closed = True
    reader.mode = "body"
    return hit.end


def _ends_in_open_resolution(walk: Walk, item: Item, offset: int) -> bool:
    """The text before ``offset`` is the end of the item's open, labelled resolution: its last
    paragraph ends a sentence, so no title of a next item stands between them."""
    blocks = [b for b in item.blocks if b.kind == "resolution" and b.paragraphs and not b.weak and not b.closed]
    return bool(blocks) and bool(re.search(r"[.!?]$", walk.text[blocks[-1].start:offset].rstrip()))


@dataclass(frozen=True)
class Handler:
    read: Callable[[Walk, Hit, int], int]
    ends_section: bool = True  # a label of the text's own sections (stop, body) does not


# One handler per kind of hit (``Hit.kind``); a new kind of hit is a new entry here.
HANDLERS: dict[str, Handler] = {
    "item": Handler(_on_item),
    "sub_item": Handler(_on_sub_item),
    "marker": Handler(_on_marker),
    "entry": Handler(_on_entry),
    "meeting": Handler(_on_meeting),
    "field": Handler(_on_field),
    "resolution": Handler(_on_block),
    "reason": Handler(_on_block),
    "recommendation": Handler(_on_block),
    "stop": Handler(_on_stop, ends_section=False),
    "body": Handler(_on_body, ends_section=False),
}


def read_items(stream: Stream, pack: MinutesPack, single: bool, skip: set[int] = frozenset()
               ) -> tuple[list[Item], list[tuple[int, dict[str, str]]]]:
    """The items of a region's stream, and the meeting lines it prints (offset, values)."""
    reader = Reader(stream=stream, pack=pack, single=single)
    Walk(reader, _hits(stream, pack, skip)).run()
    for item, nxt_item in zip(reader.items, [*reader.items[1:], None], strict=True):
        item.end = nxt_item.start if nxt_item else len(stream.text)
    return reader.items, reader.meetings


def _meeting_field(pack: MinutesPack, item: Item) -> None:
    m = any_match(pack.meeting_values, item.fields.get("meeting", ""))
    if m:
        values = {k: v for k, v in m.groupdict().items() if v}
        item.meeting = {**item.meeting, **{k: v for k, v in values.items() if k != "item"}}
        if values.get("item") and not item.number:
            item.number = values["item"]


def _split_title(pack: MinutesPack, title: str, heading: bool = True) -> str:
    """A title that runs into the body: the title alone. ``heading``: the line is known to be a
    heading (its title may also end at a colon before a sentence)."""
    # a cut at the very start would leave no title: the title is itself such words ("To agree ...")
    splits = pack.title_body_split + (pack.title_sentence_split if heading else [])
    cuts = [c.start() for p in splits for c in [re.search(p, " " + title)] if c and c.start() > 0]
    title = title[: max(0, min(cuts) - 1)] if cuts else title
    title = re.sub(r"\s+ref:\s*\d+.*$", "", title)
    return clean(title).strip(" -–")


# ----------------------------------------------------------------------------- resolutions

@dataclass
class Resolution:
    item: Item
    text: str
    start: int
    found_by: str
    block: Block | None = None


def resolutions(item: Item, pack: MinutesPack, labelled: bool) -> list[Resolution]:
    """The item's resolutions by the forms below; where they find none, in minutes that label
    none, each sentence of its text whose main predicate is a decision act
    (``rules/meetings/sentences``). (Read beside resolutions found otherwise too, it added a
    false decision on held-out batch 9 and none right.)"""
    found = _resolutions_by_form(item, pack, labelled)
    if any(r.found_by == FOUND_BY_LABEL for r in found):
        # beside a labelled resolution an unlabelled sentence sums it up ("Councillors approved
        # the requests."): the label is the record (fitted batches 1 and 9)
        return found
    found = [_without_heading(r, pack) for r in found]
    read = [Resolution(item, text, start, FOUND_BY_SENTENCE)
            for start, text in decision_sentences(item.body, pack, [r.text for r in found], labelled)]
    return sorted(found + read, key=lambda r: r.start)


def _without_heading(res: Resolution, pack: MinutesPack) -> Resolution:
    """A frame's or closing paragraph's resolution whose decision is a sentence at its end, after
    words that end no sentence (the item's heading run into it: "A4Minutes of the meeting held
    on 24 September 2015 The minutes of the meeting ... were confirmed ..."): that sentence."""
    if res.found_by not in (FOUND_BY_FRAME, FOUND_BY_POSITION):
        return res
    text = clean(res.text)
    for sentence in reversed(sentences(text, pack)):  # the last sentence that opens as a decision
        if not any(rx.match(sentence) for rx in pack.decision_sentence_regexes + pack.decision_sentence_unlabelled_regexes):
            continue
        head = text[: -len(sentence)] if text.endswith(sentence) else ""
        if head.strip() and not re.search(r"[.!?;:]\s", head) and len(head.split()) <= pack.heading_title_words:
            return Resolution(res.item, sentence, res.start, res.found_by, res.block)
        break
    return res


def _resolutions_by_form(item: Item, pack: MinutesPack, labelled: bool) -> list[Resolution]:
    """The item's resolutions: by label, else by frame, else its closing paragraph. Where
    the minutes label their resolutions (``labelled``), an unlabelled sentence is a
    resolution only in the forms that record one without a label (minutes approved, a
    member elected): "The Cabinet agreed to consider it in part II" is discussion there."""
    found = [Resolution(item, b.text, b.start, b.found_by, b) for b in item.blocks
             if b.kind == "resolution" and (b.text or b.votes)]
    if found:
        # An election or the minutes' approval is recorded without a label beside labelled
        # resolutions ("Cllr Keane ... was elected unanimously. / It was agreed to review ...").
        found += _framed(item, pack, only_when_labelled=True)
        return sorted(found, key=lambda r: r.start)
    framed = _framed(item, pack, only_when_labelled=labelled)
    if framed:
        return framed
    closing = None if labelled else _closing_points(item, pack)
    if closing is not None:
        return [closing]
    if item.body:
        start, paragraph = item.body[-1]
        # The closing sentence of the closing paragraph ("... It was reported that ...
        # RESOVLED accordingly.").
        sentences = re.split(r"(?<=[.;!])\s+(?=[A-Z(])", paragraph)
        last = sentences[-1]
        if re.search(r"[.;!]\s*$", last) and _records_a_decision(pack, last, misprinted_label_only=labelled):
            return [Resolution(item, last, start, FOUND_BY_POSITION)]
        # An "Agenda and minutes" page that lost its labels: the resolution in the agenda's
        # infinitive, after the minute's narrative.
        before = [p for _, p in item.body[:-1]] + sentences[:-1]
        if not labelled and any_match(pack.closing_infinitives, last) \
                and any(any_match(pack.narrative, p) for p in before):
            return [Resolution(item, last, start, FOUND_BY_POSITION)]
    return []


def _closing_points(item: Item, pack: MinutesPack) -> Resolution | None:
    """The points an item closes on, after its narrative, each opening with a decision's verb
    ("1) Approve the virements ...; and 2) Note ..."): a decision whose label was lost. Points
    after them that open otherwise (a list of the item's papers) are not part of it."""
    def joiner(text: str) -> bool:
        return bool(re.fullmatch(r"(?:and|or)\.?", text))

    k = len(item.body)
    while k > 0 and (_POINT.match(item.body[k - 1][1]) or joiner(item.body[k - 1][1])):
        k -= 1
    tail = item.body[k:]
    first = next((i for i, (_, p) in enumerate(tail) if any_match(pack.closing_points, p)), None)
    if first is None or not any(any_match(pack.narrative, p) for _, p in item.body[:k]):
        return None
    points = []
    for _, text in tail[first:]:
        if not (any_match(pack.closing_points, text) or joiner(text)):
            break
        points.append(text)
    return Resolution(item, clean(" ".join(points)), tail[first][0], FOUND_BY_POSITION)


def _framed(item: Item, pack: MinutesPack, only_when_labelled: bool) -> list[Resolution]:
    """Every paragraph of the item that records a decision in a sentence frame (the first
    frame it matches), from the frame on — or the whole paragraph, for frames that say so —
    with the points that follow a frame ending in a colon. A paragraph that frames decisions
    in several of its sentences ("... the Committee resolved to advertise the plots. Members
    asked about water butts and the Committee resolved to buy four more ...") gives one each,
    from its frame to the sentence that holds the next. ``only_when_labelled``: only the
    frames read in minutes that label their resolutions."""
    specs = [spec for spec in pack.frames if spec.when_labelled or not only_when_labelled]
    out: list[Resolution] = []
    taken_to = -1  # paragraphs up to this offset were taken as points of a framed resolution
    for start, paragraph in item.body:
        if start <= taken_to:
            continue
        # A crude export's paragraph runs a page together: there a whole-paragraph frame holds
        # its own sentence only, and each sentence that holds a frame is a resolution of its own.
        long = len(paragraph) > pack.whole_paragraph_chars
        in_paragraph = [_sentence_frame(s) if long and s.whole_paragraph else s for s in specs]
        converted = {id(a) for a, s in zip(in_paragraph, specs, strict=True) if a is not s}
        # the frame that starts first (the longest where two start together); a sentence frame
        # starts where its sentence does
        matches = [(spec, m) for spec in in_paragraph if (m := spec.regex.search(paragraph))]
        if not matches:
            continue
        spec, m = min(matches, key=lambda sm: (
            _sentence_around(paragraph, sm[1].start(), sm[1].end(), sm[0], pack)[0] if sm[0].sentence
            else sm[1].start(), -sm[1].end()))
        if spec.whole_paragraph:
            texts = [paragraph]
        else:
            texts = [_to_next_point(t, paragraph)
                     for t in _framed_sentences(paragraph, m.start(), in_paragraph, pack, spec, converted)]
        for n, text in enumerate(texts):
            resolved, end = _with_points(item, start, text, pack) if n == len(texts) - 1 else (text, start)
            taken_to = max(taken_to, end)
            at = start
            earlier = _earlier_points(item, start, text) if n == 0 else None
            if earlier is not None:  # "(2) That ..." after "(1) The approval of ...": from point 1
                at, resolved = earlier[0], clean(earlier[1] + " " + resolved)
            out.append(Resolution(item, resolved, at, FOUND_BY_FRAME))
    return out


def _sentence_frame(spec: FrameSpec) -> FrameSpec:
    """A whole-paragraph frame read as a sentence frame (in a paragraph too long to be one
    resolution)."""
    if not spec.whole_paragraph:
        return spec
    return spec.model_copy(update={"whole_paragraph": False, "sentence": True})


def _framed_sentences(paragraph: str, first: int, specs: list[FrameSpec], pack: MinutesPack,
                      first_spec: FrameSpec, converted: set[int] = frozenset()) -> list[str]:
    """The paragraph from its first frame on, cut before each later sentence that holds a
    frame of its own (a sentence-frame, not a whole-paragraph one); a ``sentence`` frame's
    resolution is the sentence that holds it, with what its ``then`` takes after it.
    ``converted``: whole-paragraph frames read as sentences in a long paragraph; a resolution
    that runs on from an earlier frame holds them (the appointments after "The Council resolved
    that the membership remain ... with two exceptions. Cllr Ede was appointed ...")."""
    if _POINT.match(paragraph[first:]):
        return [paragraph[first:]]  # the points of one resolution ("i. That ... ii. That ...")
    sentence_starts = [0] + [m.end() for m in re.finditer(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z(])", paragraph)]
    runs_on = min((m.start() for spec in specs if id(spec) not in converted and not spec.whole_paragraph
                   and not (spec.sentence or spec.to_sentence_end)
                   for m in [spec.regex.search(paragraph, first)] if m), default=len(paragraph))
    cuts = [first]
    for spec in specs:
        if spec.whole_paragraph:
            continue
        for m in spec.regex.finditer(paragraph, first + 1):
            if id(spec) in converted and m.start() > runs_on:
                continue
            own = max(s for s in sentence_starts if s <= m.start())
            if own > first and own not in cuts and not _is_point(paragraph[own:]):
                cuts.append(own)
    cuts = sorted(set(cuts))
    out = []
    for n, (cut, stop) in enumerate(zip(cuts, [*cuts[1:], len(paragraph)], strict=True)):
        # the frame that starts first at or after the cut (the longest where two start together)
        at = [(m.start(), -m.end(), k) for k, spec in enumerate(specs) if not spec.whole_paragraph
              for m in [spec.regex.search(paragraph, cut)] if m]
        if not at:
            continue
        begin, neg_end, k = min(at)
        spec = specs[k]
        if n == 0:
            spec = first_spec
            begin, neg_end = cut, -first_spec.regex.search(paragraph, cut).end()
        if spec.sentence or spec.to_sentence_end:
            start_of_sentence, stop = _sentence_around(paragraph, begin, -neg_end, spec, pack)
            begin = start_of_sentence if spec.sentence else begin
        out.append(paragraph[begin:stop].strip())
    return out


# A clause starts after a run-in label's colon, a bullet, or a paragraph's number ("3) The
# bench quotation was discussed and it was agreed ...": the number is the minute's).
_CLAUSE_START = re.compile(r"(?:[:;•·\uf0b7])\s+|(?:^|(?<=\s))\(?\d{1,3}(?:[.)]|(?:\.\d{1,2})+\.?)\s+(?=[A-Z])")


# An item's heading in capitals run into the text before its first sentence, with its number
# ("II MINUTES The undernoted minutes were submitted and noted."); not a label in capitals.
_RUN_IN_CAPITALS = re.compile(r"(?:[IVX]{1,4}\s+|\(?[a-z]\)\s+|\d{1,3}[.)]?\s+)?(?!(?:RESOLVED|AGREED|DECIDED|APPROVED|DECISION)\b)"
                              r"[A-Z][A-Z’'&,-]{2,}(?:\s+(?!(?:RESOLVED|AGREED|DECIDED|APPROVED)\b)[A-Z][A-Z’'&,-]+)*\s+(?=[A-Z][a-z])")


def _sentence_around(paragraph: str, begin: int, frame_end: int, spec: FrameSpec, pack: MinutesPack
                     ) -> tuple[int, int]:
    """Where the sentence holding a frame starts (after the last sentence end, run-in label
    or bullet before the frame) and ends (with what the frame's ``then`` takes after it)."""
    starts = [0] + [m.end() for m in re.finditer(pack.sentence_end, paragraph[:begin + 1])] \
        + [m.end() for m in _CLAUSE_START.finditer(paragraph[:begin + 1])]
    first = max(s for s in starts if s <= begin)
    heading = _RUN_IN_CAPITALS.match(paragraph, first)
    if heading and heading.end() <= begin:
        first = heading.end()  # "II MINUTES The undernoted minutes were ...": the item's heading run in
    if spec.subject_before and first > 0 and re.match(spec.subject_before, paragraph[first:]):
        # a motion's sentence with no subject of its own ("Proposed by Cllr A & seconded by Cllr
        # B."): what it moved is the sentence or clause before it ("b) Rent increase to £160. ...")
        first = max((s for s in starts if s < first - 1), default=0)
    end_match = re.compile(pack.sentence_end).search(paragraph, frame_end)
    end = end_match.start() if end_match else len(paragraph)
    if spec.then_regex is not None:
        more = spec.then_regex.match(paragraph, end)
        if more:
            end = more.end()
    return first, end


# A person's initial opens a sentence, not a point: "S. Farrow proposed ..." (a list's capital
# letters run A, B, C ...; I, V and X are roman numbers).
_INITIAL = re.compile(r"[J-UWYZ]\.\s+[A-Z][a-z]")


def _is_point(text: str) -> bool:
    return bool(_POINT.match(text)) and not _INITIAL.match(text)


_LEAD = re.compile(r"^\(?([a-h]|\d{1,2})\)\s")


def _to_next_point(text: str, paragraph: str = "") -> str:
    """A framed sentence in running text ends before the next lettered or numbered point that
    starts after a full stop ("... resolved to reply. iii) Complaints had been received ..."),
    unless the frame opened a list (a colon before the point) or is itself a point of one;
    and in a paragraph that is point "a)", before point "b)" whatever precedes it (the next
    point of the paragraph's own list, not one of the frame's)."""
    if _POINT.match(text):
        return text
    lead = _LEAD.match(paragraph)
    if lead:
        mark = lead.group(1)
        following = str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)
        sibling = re.search(rf"\s\(?{re.escape(following)}\)\s", text)
        if sibling:
            return text[: sibling.start()]
    m = re.search(r"(?<=[.!?])\s+\(?(?:[ivx]{1,5}|[a-h]|\d{1,2})[.)]\s+[A-Z]", text)
    if m and ":" not in text[: m.start()]:
        return text[: m.start()]
    return text


_NUMBER = re.compile(r"^\(?(\d{1,2})[.)]\s")


def _earlier_points(item: Item, start: int, text: str) -> tuple[int, str] | None:
    """When a framed resolution starts at point n > 1 of a numbered list, the points before
    it — the resolution's too, whatever their wording — as (offset of point 1, their text);
    None otherwise."""
    m = _NUMBER.match(text)
    if not m or int(m.group(1)) < 2:
        return None
    earlier = [(s, p) for s, p in item.body if s < start]
    for k in range(len(earlier) - 1, -1, -1):
        first = _NUMBER.match(earlier[k][1])
        same_style = first is not None and first.group(0)[-2:] == m.group(0)[-2:]  # "1." with "2.", "(1)" with "(2)"
        if first and same_style and int(first.group(1)) == 1:
            run = earlier[k:]
            # the points and what lists under them ("· Thriving Communities"), nothing else
            if all(_POINT.match(p) for _, p in run):
                return run[0][0], clean(" ".join(p for _, p in run))
            return None
    return None


def _with_points(item: Item, start: int, text: str, pack: MinutesPack) -> tuple[str, int]:
    """A framed resolution ending in a colon takes the paragraph after it ("The Council
    resolved:-" / "to accept the request ...") and the numbered points that follow; with
    the offset of the last paragraph it took."""
    # (also a point list broken over paragraphs: "... to (1) agree ...; and" / "(2) agree ...")
    if not text.rstrip().endswith((":", ":-", ";", "; and", "; or")) and not _POINT.match(text):
        return text, start
    out, end = [text], start
    for n, (at, paragraph) in enumerate((s, p) for s, p in item.body if s > start):
        if (n or _POINT.match(text)) and not _POINT.match(paragraph):
            break
        out.append(paragraph)
        end = at
    return clean(" ".join(out)), end


def _records_a_decision(pack: MinutesPack, paragraph: str, misprinted_label_only: bool = False) -> bool:
    """Whether a closing sentence records a decision: a decision word, or a misprinted label
    (only the latter in minutes that label their resolutions)."""
    words = re.findall(r"[A-Za-z]+", paragraph)
    if not misprinted_label_only and any(w.lower() in pack.decision_words for w in words):
        return True
    target = pack.fuzzy_label
    return any(w.isupper() and len(w) >= len(target) - 1 and _near(w, target) for w in words)


def _near(a: str, b: str) -> bool:
    """Within two edits of each other (a misprinted label: RESOVLED, RESOLVD)."""
    if abs(len(a) - len(b)) > 2:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1] <= 2


def _is_decision(pack: MinutesPack, text: str) -> bool:
    return bool(text) and not any_match(pack.not_decisions, text) and not any_match(pack.options, text)


# -------------------------------------------------------------------------------- meetings

def _meeting_record(reading: Reading, values: dict[str, str], line: Line, kind: str, heading: str | None
                    ) -> MeetingRecord:
    body = body_name(nice_case(clean(values.get("body") or "")), reading.meta.council)
    if body and reading.meta.body and body.lower() == reading.meta.body.lower():
        body = reading.meta.body
    return MeetingRecord(
        document_id=reading.id, page=line.page, bbox=bbox_text(line.bbox), rule=RULE_MEETING, body=body,
        date=iso_date(values.get("date")), time=clean(values.get("time")) or None,
        venue=clean(values.get("venue")) or None, kind=kind, heading=heading,
    )


def _item_meeting(reading: Reading, region: Region, item: Item, line: Line) -> MeetingRecord | None:
    """The meeting a decision was taken at: the minutes' own, the item's ("Decided at
    meeting: 20/06/2017 - Cabinet"), the page's ("Cabinet - Tuesday, 6th December, 2022"),
    or — for a decision taken outside a meeting — its maker on its date."""
    if region.heading and region.first is not None:
        return _meeting_record(reading, {**item.meeting, **region.meeting}, region.first, "minutes", region.heading)
    values = dict(item.meeting)
    if "body" not in values and item.fields.get("decision_maker"):
        values["body"] = item.fields["decision_maker"]
    if "date" not in values and item.fields.get("decision_date"):
        values["date"] = item.fields["decision_date"]
    if not values.get("body") and not values.get("date"):
        if not reading.meta.body and not reading.meta.meeting_date:
            return None
        values = {"body": reading.meta.body or "", "date": reading.meta.meeting_date or ""}
    heading = item.fields.get("meeting") or "; ".join(f"{k}: {v}" for k, v in values.items() if v)
    return _meeting_record(reading, values, line, "decisions", heading)


# --------------------------------------------------------------------------------- family

@family("minutes.items.v2", params=MinutesPack)
def read_minutes(reading: Reading, pack: MinutesPack) -> list[Record]:
    """Minutes, decision pages, decision lists and voting records of any meeting system:
    items by number or heading, resolutions by label, sentence frame or position."""
    meetings: dict[str, MeetingRecord] = {}
    decisions: list[DecisionRecord] = []
    seen: list[tuple[int, str]] = []  # (item, resolution) already published
    recommendations: dict[int, RecommendationRecord] = {}  # item → the recommendation printed in it
    single = reading.genre.name in pack.single_item_genres
    blocks = reading.blocks()
    heading_ids = {id(ln): n for n, b in enumerate(blocks) if b.kind == "heading" for ln in b.lines}
    for region in find_regions(reading, pack):
        stream = build_stream(region.lines, pack.noise_regexes, heading_ids)
        items, meeting_lines = read_items(stream, pack, single, region.heading_lines)
        for offset, values in meeting_lines:  # the meeting a page records, decisions or none
            line = stream.piece_at(offset).line
            record = _meeting_record(reading, values, line, "minutes", stream.text[offset : stream.paragraph_end(offset)])
            meetings.setdefault(record.id, record)
        labelled = any(b.kind == "resolution" and _is_decision(pack, b.text) and not _cut_off(stream, b.text)
                       for it in items for b in it.blocks)
        if region.heading and region.first is not None:
            meeting = _meeting_record(reading, region.meeting, region.first, "minutes", region.heading)
            meetings.setdefault(meeting.id, meeting)
        for item in items:
            _segment_run_in(item, pack)
            for res in resolutions(item, pack, labelled):
                text = _trim_span(_strip_points_label(_end_of_span(_end_of_own_points(res.text), pack, res.found_by)), pack,
                                  res.found_by)
                if not _is_decision(pack, text) or _cut_off(stream, text):
                    continue
                if _printed_before(text, item, seen):
                    continue  # printed twice (a decision field and the minutes under it)
                seen.append((id(item), text))
                piece = stream.piece_at(res.start)
                first = stream.piece_at(item.start).line
                meeting = _item_meeting(reading, region, item, first)
                if meeting is not None:
                    meeting = meetings.setdefault(meeting.id, meeting)
                reasons = [b for b in item.blocks if b.kind == "reason" and b.text]
                recommendation = _recommendation(reading, stream, item, recommendations)
                last_piece = stream.piece_at(max(item.start, item.end - 1))
                decisions.append(DecisionRecord(
                    document_id=reading.id, page=piece.line.page, bbox=bbox_text(piece.line.bbox),
                    rule=RULE_DECISION, meeting_id=meeting.id if meeting else None,
                    minute_number=(res.block.number if res.block else None) or item.number, title=item.title or item.fields.get("title"), resolved=text,
                    resolution_found_by=res.found_by, resolved_points=points(text),
                    confidence=decision_confidence(reading.genre.name, res.found_by),
                    reason=_reason_text(reasons) or None, reason_label=reasons[0].label if reasons else None,
                    decision_maker=item.fields.get("decision_maker"), decision_date=item.fields.get("decision_date"),
                    status=(res.block.status if res.block else None) or item.fields.get("status"),
                    call_in=item.fields.get("call_in"),
                    votes=_votes(res.block) or item.fields.get("votes"), key_decision=item.fields.get("key_decision"),
                    page_end=last_piece.line.page, recommendation_id=recommendation.id if recommendation else None,
                ))
    return [*meetings.values(), *recommendations.values(), *decisions]


def _segment_run_in(item: Item, pack: MinutesPack) -> None:
    """Split each paragraph of the item's text that runs a list's entries together (a crude
    export of a web page's list: "... attended - Shona Barton welcomed all ... - It was agreed
    to appoint ...") into a paragraph per entry, so that each entry is read as the paragraph it
    was: a frame or a sentence in one entry does not take the entries after it."""
    body: list[tuple[int, str]] = []
    for start, paragraph in item.body:
        marks = list(re.finditer(pack.run_in_item_marks, paragraph))
        cuts = [(0, 0)] + [(m.start(), m.end()) for m in marks] + [(len(paragraph), len(paragraph))]
        entries = [(start + begin, paragraph[begin:stop].strip())
                   for (_, begin), (stop, _) in pairwise(cuts) if paragraph[begin:stop].strip()]
        # (entries that are further clauses of one resolution, "- To note ... - To approve ...",
        # are its points, and words set off by dashes, "- Authority report - NPMP review", no entries)
        if sum(m.start() > 0 for m in marks) < pack.run_in_item_min or not _list_of_sentences(entries, pack):
            body.append((start, paragraph))
            continue
        body.extend(entries)
    # The same list printed a paragraph an entry, each behind its mark: entries that are whole
    # sentences ("- It was agreed to appoint ... ." / "- The community council considered and
    # adopted ... .") are paragraphs of the text, not the points of one resolution (points end
    # with a semicolon or nothing, "- the report be noted;").
    opens = [bool(re.match(pack.run_in_item_marks, p)) for _, p in body]
    n = 0
    while n < len(body):
        k = n
        while k < len(body) and opens[k]:
            k += 1
        run = body[n:k]
        if len(run) >= pack.run_in_item_min and _list_of_sentences(run, pack):
            body[n:k] = [(at, re.sub(pack.run_in_item_marks, "", p, count=1)) for at, p in run]
        n = max(k, n + 1)
    item.body = body


def _list_of_sentences(entries: list[tuple[int, str]], pack: MinutesPack) -> bool:
    """Whether a list's entries are sentences of the minute's text (most end with a full stop)
    rather than the clauses of one resolution ("To note ...", "That ...")."""
    texts = [re.sub(pack.run_in_item_marks, "", p, count=1) for _, p in entries]
    sentences = sum(bool(re.search(r"[.!?]$", t)) for t in texts)
    clauses = sum(bool(any_match(pack.resolution_continues, t)) for t in texts)
    return 2 * sentences > len(texts) and 2 * clauses < len(texts)


def _recommendation(reading: Reading, stream: Stream, item: Item, out: dict[int, RecommendationRecord]
                    ) -> RecommendationRecord | None:
    """The officers' recommendation printed in the item, as a record of its own (kept once)."""
    blocks = [b for b in item.blocks if b.kind == "recommendation" and b.text]
    if not blocks:
        return None
    if id(item) not in out:
        line = stream.piece_at(blocks[0].start).line
        out[id(item)] = RecommendationRecord(
            document_id=reading.id, page=line.page, bbox=bbox_text(line.bbox), rule=RULE_RECOMMENDATION,
            heading=blocks[0].label or None, text=clean(" ".join(b.text for b in blocks)))
    return out[id(item)]


def _printed_before(text: str, item: Item, seen: list[tuple[int, str]]) -> bool:
    """The same resolution printed again: in the same item (a decision page's decision field
    and the minutes under it) nearly the same words; in another item (a page that repeats
    its text) the very same words; or the outcome that closes a motion read before it in the
    same item ("... that these be accepted as Minutes. Resolution passed." then "Resolution
    passed." alone)."""
    folded = re.sub(r"\W+", " ", text.lower()).strip()
    for item_id, other in seen:
        if item_id == id(item) and similarity(other, text) >= 0.9:
            return True
        if item_id == id(item) and re.sub(r"\W+", " ", other.lower()).strip().endswith(" " + folded):
            return True
        if re.sub(r"\W+", " ", other.lower()).strip() == folded:
            return True
    return False


def _cut_off(stream: Stream, text: str) -> bool:
    """A resolution that runs to the very end of the document and stops mid-sentence was cut
    off (a truncated file or page): it is not published as a resolution."""
    tail = clean(stream.text)[-40:]
    return bool(text) and clean(text).endswith(tail[-min(len(tail), len(text)):]) and not re.search(
        r"[.;:!?)\]\"”’']\s*$", text)


def _reason_text(reasons: list[Block]) -> str:
    text = clean(" ".join(re.sub(r"^\d{1,3}(?:\.\d{1,3})+\s+", "", b.text) for b in reasons))
    text = re.sub(r"^[·•▪●\uf0b7]\s*", "", text)  # a reason printed as a bullet
    # A reason printed inside a bracket with the options before it ("(Other options
    # considered: ...; Reasons for decision: · As set out in the report)."): not the bracket's close.
    if text.count(")") > text.count("("):
        text = re.sub(r"\)\s*\.?\s*$", "", text).rstrip()
    return text


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
# A point's mark inside a resolution's text: "ii) To consider ...", "(b) That ...", "3. Agree ...".
_MARK = re.compile(r"(?:^|(?<=\s))\(?(?P<mark>[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+(?=\S)")


def _mark_value(mark: str) -> tuple[str, int]:
    """A point's mark as its style and its place in the list: "iii" → (roman, 3), "b" → (letter, 2)."""
    if mark in _ROMAN:
        return "roman", _ROMAN[mark]
    if mark.isdigit():
        return "number", int(mark)
    return "letter", ord(mark) - ord("a") + 1


def _end_of_own_points(text: str) -> str:
    """A resolution ends before a point that continues a list it did not open: "RESOLVED to
    accept contractor A. ii) To consider quotations for ..." is the agenda's next point, not a
    point of the resolution (whose own list starts at i, a or 1)."""
    seen: set[tuple[str, int]] = set()
    for m in _MARK.finditer(text):
        style, value = _mark_value(m.group("mark"))
        # (a mark before a small letter is counted, never cut at: "... that – i) the Council's ...")
        if m.start() > 0 and value >= 2 and (style, value - 1) not in seen and text[m.end()].isupper() \
                and not (style == "roman" and ("letter", value - 1) in seen):
            return text[: m.start()].rstrip()
        seen.add((style, value))
    return text


_SENTENCE_START = re.compile(r"(?<=[a-z0-9)”’'\"][.!?])\s+(?=[A-Z])")


def _end_of_span(text: str, pack: MinutesPack, found_by: str = FOUND_BY_LABEL) -> str:
    """The decision without the text that runs on after it: from the first sentence that opens
    as the meeting's own text or (for a "That ..." decision) as the next item's agenda wording;
    and, for a decision read by label, frame or position, from the first sentence after its own
    that opens as no further part of it (``span_continues``: a clause, a point, an outcome)."""
    that = re.match(r"(?:\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+)?[Tt]hat\b", text)
    structure = _end_by_structure(text, pack)
    if structure is not None:
        text = structure
    ends = pack.span_ends + (pack.span_ends_after_that if that else [])
    for m in _SENTENCE_START.finditer(text):
        if any(re.match(p, text[m.end():]) for p in ends):
            return text[: m.start()]
    if found_by not in (FOUND_BY_LABEL, FOUND_BY_FRAME, FOUND_BY_POSITION):
        return text
    for m in re.finditer(pack.sentence_end, text):
        rest = text[m.end():]
        if any_match(pack.span_continues, rest) or _MARK_BEFORE.search(text, 0, m.start()):
            continue  # (the stop of a point's mark, "...; ii. Considered ...", ends no sentence)
        # a resolution may run over several sentences ("That the Authority will adopt ... . The
        # Authority's response ... will not be delegated"): only a sentence that tells what
        # happened ("The minutes of 16th January 2009 were not available.", "The Chairman then
        # returned to Item 9") is the minute's narrative again
        if not _tells_what_happened(rest, pack):
            continue
        # (nor is the decision left behind: "The Chairman sought nominations ... . It was
        # subsequently proposed and seconded that Councillor ... be appointed" is one record;
        # under a label the text is the decision, whatever its words: "That no ... be arranged.")
        if found_by != FOUND_BY_LABEL and not _records_a_decision(pack, text[: m.start()]):
            continue
        return text[: m.start()]
    return text


_STRUCTURE_START = re.compile(r"(?<=[a-z0-9)”’'\"][.!?])\s+(?=\S)")
_FIRST_MARK = re.compile(r"\(?(?:i|a|1)[.)]\s+[A-Z]")


def _end_by_structure(text: str, pack: MinutesPack) -> str | None:
    """The decision up to the first full stop after which the page's structure goes on
    (``span_ends_structure``: a heading in capitals, a minute number, a heading run into the
    next item's wording), or after which a list opens that the decision did not announce ("...
    signed as Minutes. a) Applications received: i. 24/0553/HOUS ..."): a resolution's own
    points follow its colon ("RESOLVED that: a) ...") or its first mark, never its full stop.
    None where the text runs on over none of these."""
    for m in _STRUCTURE_START.finditer(text):
        rest, before = text[m.end():], text[: m.start()]
        if any(re.match(p, rest) for p in pack.span_ends_structure):
            return before
        if _FIRST_MARK.match(rest) and not _MARK.search(before) \
                and not re.search(r"(?i)\b(?:following|as\s+follows|below)\b", before):
            return before
    return None


_MARK_BEFORE = re.compile(r"(?:^|[\s;:])\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]$")


def _tells_what_happened(sentence: str, pack: MinutesPack) -> bool:
    """Whether a sentence's first verb (``span_verbs``) is in the past and no decision act: the
    minute's narrative, not a further clause of a resolution ("The Clerk to write ...", "...
    will not be delegated") nor a decision of its own ("In addition, Cabinet agreed ...")."""
    head = re.split(r"[.!?;:]\s", sentence, maxsplit=1)[0]
    m = re.search(pack.span_verbs, head)
    return bool(m and m.group("past") and m.group("past").lower() not in pack.decision_words)


def _trim_span(text: str, pack: MinutesPack, found_by: str) -> str:
    """The resolution as the gold convention cuts it (``span_heads``, ``span_tails``,
    ``label_tails``): heads off its start, tails off its end; a trim that would leave nothing
    is not made."""
    for _ in range(3):  # heads may stack ("FOR: 5 AGAINST: 0 ABSTAIN: 1 that: ...")
        head = any_match(pack.span_heads, text)
        if not head or not text[head.end():].strip():
            break
        text = text[head.end():].lstrip()
    tails = pack.span_tails + (pack.label_tails if found_by == FOUND_BY_LABEL else [])
    cuts = [m.start() for p in tails for m in [re.search(p, text)] if m and text[: m.start()].strip()]
    if cuts:
        text = text[: min(cuts)].rstrip()
    return text


def _strip_points_label(text: str) -> str:
    """The resolution without a fragment of the next heading run onto its end ("... be
    accepted. (Option 1) Mynydd Bedwellte"): a few capitalised words after its last sentence;
    nor the mark of the next point ("... approve the auditor's report. b)")."""
    text = clean(text).strip()
    text = re.sub(r"(?<=[.;])\s+\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)$", "", text)
    text = re.sub(r"\s*\(\s*$", "", text)  # a bracket opened before a section label ("... report. (Other options:")
    m = re.search(r"(?<=[.;)])\s+((?:[A-Z][\w’'&-]*\s*){1,4})$", text)
    if m and not re.search(r"[.;:!?)]$", text):
        text = text[: m.start()].strip()
    return text


def _votes(block: Block | None) -> str | None:
    """'For 18; Against 8; Abstain 0' from the vote rows: the count is the row's last number."""
    if block is None:
        return None
    out = []
    for label, *texts in block.votes:
        count = re.search(r"(\d+)\s*$", clean(" ".join(texts)))
        out.append(f"{clean(label)} {count.group(1)}" if count else clean(label))
    return "; ".join(out) or None


_POINT_SPLIT = re.compile(
    r"(?:(?<=^)|(?<=[\s:;.,]))(?=(?:\(\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,5}\)|\d{1,2}(?:\.\d{1,2})*[.)]|[a-h]\.|[ivx]{1,5}\.|[·•])\s+\S)")


def points(text: str) -> list[str]:
    """The numbered, lettered or bulleted points of a resolution, one string each ([] when
    it has fewer than two): what the site shows one per line."""
    parts = [p.strip() for p in _POINT_SPLIT.split(text) if p.strip()]
    numbered = [p for p in parts if _POINT.match(p)]
    return parts if len(numbered) >= 2 else []
