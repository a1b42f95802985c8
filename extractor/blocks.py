"""Lines → blocks: headings (with a level), paragraphs, list items and tables.

The body size of a document is the size most of its characters are set in. A line is a
heading when it is larger than body text, or bold at body size, and short; heading levels
rank the distinct heading styles of the document by size (1 = largest). A list item starts
with a bullet glyph or a list number ("1.", "a)", "(iv)"); the lines that follow it, indented
or not, belong to it until a gap, a new label or a change of style. Other lines are joined
into paragraphs at vertical gaps larger than the line spacing.

A list item keeps what marks it as structure: its label as printed, the kind of label (a
glyph bullet, a number, a letter, a roman numeral), the label's ordinal and how deep the list
is indented. Word processors print bullets in symbol fonts (Symbol's U+F0B7, Wingdings' U+F0A7
and U+F0D8: private-use code points), so a private-use glyph at a line's start is a bullet.
"""

from __future__ import annotations

import re
from collections import Counter

from extractor.model import Block, Line, Page, Table

# A bullet: a glyph that only ever marks a list item (dots, squares, arrows, ticks, a
# private-use glyph of a symbol font), then a space — or no space, when the glyph is one that
# never starts a word; or a dash, an asterisk or a lone "o" (Word's second-level bullet) and a space.
_GLYPHS = "\u2022\u2023\u25aa\u25ab\u25cf\u25e6\u2043\u2219\u00b7\u25a0\u25a1\u25ba\u25b6\u25c6\u25c7\u2666" \
          "\u27a2\u27a4\u2794\u2192\u2713\u2714\u2610\u2611\uf000-\uf8ff"
# Wingdings' arrow and square bullets read as "Ø" and "§" where the PDF's text layer maps the
# glyph to its Latin-1 code point (a web page copied from Word: "Ø  Housing"); with a space after.
BULLET = re.compile(rf"^([{_GLYPHS}])\s*(?=\S)|^([\-–*oØ§])\s+")
NUMBER = re.compile(r"^(\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z]\)|\([ivxlc]{1,6}\)|[ivxlc]{1,6}\))\s+", re.IGNORECASE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
INDENT = 4.0  # points: a list item this much further right than the one above is nested under it
MAX_HEADING_CHARS = 160
GAP_FACTOR = 1.45  # a gap above this many line heights starts a new block


def list_label(text: str) -> str | None:
    m = BULLET.match(text)
    if m:
        return m.group(1) or m.group(2)
    m = NUMBER.match(text)
    return m.group(1) if m else None


def list_marker(label: str) -> tuple[str, int | None]:
    """What kind of label a list item has, and its ordinal: ("number", 3) for "3." or "(3)" or
    "1.3", ("letter", 2) for "b)", ("roman", 4) for "(iv)", ("bullet", None) for a glyph."""
    core = label.strip("().")
    if not core or not core[-1].isalnum() or core == label:  # a glyph, or "o" with no bracket or stop
        return "bullet", None
    if core.replace(".", "").isdigit():
        return "number", int(core.split(".")[-1])
    low = core.lower()
    if len(low) > 1 or low in "ivx":  # "i)" and "(v)" are roman; "c)" is the third letter
        if set(low) <= set(_ROMAN):
            return "roman", _roman(low)
    if len(low) == 1 and low.isalpha():
        return "letter", ord(low) - ord("a") + 1
    return "bullet", None


def _roman(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def body_size(pages: list[Page]) -> float:
    """The size most running text is set in (table cells only count when there is nothing else)."""
    for include_tables in (False, True):
        sizes: Counter[float] = Counter()
        for page in pages:
            for line in page.lines:
                if not line.furniture and (include_tables or not line.in_table):
                    sizes[line.size] += len(line.text)
        if sizes:
            return sizes.most_common(1)[0][0]
    return 0.0


def heading_levels(pages: list[Page], body: float) -> dict[tuple[float, bool], int]:
    """Rank the heading styles (size, bold) found in the document: 1 is the largest."""
    styles = {
        (line.size, line.bold)
        for page in pages
        for line in page.lines
        if not line.furniture and not line.in_table and _looks_like_heading(line, body)
    }
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {style: i + 1 for i, style in enumerate(ranked)}


def _looks_like_heading(line: Line, body: float) -> bool:
    if len(line.text) > MAX_HEADING_CHARS or (list_label(line.text) and not line.bold):
        return False
    return line.size > body + 0.4 or (line.bold and line.size >= body - 0.6)


def build_blocks(page: Page, tables: list[Table], body: float, levels: dict[tuple[float, bool], int]) -> list[Block]:
    """Blocks of one page in reading order (top to bottom), tables in their place."""
    items: list[tuple[float, Block]] = [
        (t.bbox[1], Block(kind="table", text=_table_text(t), page=page.number, bbox=t.bbox, table=t)) for t in tables
    ]
    current: Block | None = None
    previous: Line | None = None
    for line in page.lines:
        if line.furniture or line.in_table:
            continue
        kind = "heading" if _looks_like_heading(line, body) else None
        label = None if kind else list_label(line.text)
        if kind is None:
            kind = "list_item" if label else "paragraph"
        if current is not None and previous is not None and _continues(current, previous, line, kind, label):
            _append(current, line)
        else:
            current = Block(
                kind=kind,
                text=line.text,
                page=page.number,
                bbox=line.bbox,
                level=levels.get((line.size, line.bold)) if kind == "heading" else None,
                label=label,
                bold=line.bold,
                size=line.size,
                lines=[line],
            )
            items.append((line.bbox[1], current))
        previous = line
    items.sort(key=lambda item: item[0])
    blocks = [block for _, block in items]
    _mark_lists(blocks)
    return blocks


def _mark_lists(blocks: list[Block]) -> None:
    """Each list item's kind of label, ordinal and depth: a run of list items is one list, and
    an item indented further than the one above it starts a list nested under that item."""
    stack: list[float] = []  # left edges of the open lists, outermost first
    for block in blocks:
        if block.kind in ("heading", "table"):
            stack = []
        if block.kind != "list_item" or block.label is None:
            continue
        block.list_marker, block.list_number = list_marker(block.label)  # type: ignore[assignment]
        x0 = block.lines[0].bbox[0] if block.lines else block.bbox[0]
        while stack and x0 < stack[-1] - INDENT:
            stack.pop()
        if not stack or x0 > stack[-1] + INDENT:
            stack.append(x0)
        block.list_depth = len(stack)


def _continues(block: Block, previous: Line, line: Line, kind: str, label: str | None) -> bool:
    height = max(previous.bbox[3] - previous.bbox[1], 1.0)
    gap = line.bbox[1] - previous.bbox[3]
    if gap > height * GAP_FACTOR or gap < -height:
        return False
    if kind == "heading":
        return block.kind == "heading" and (line.size, line.bold) == (block.size, block.bold)
    if label is not None or block.kind == "heading":
        return False
    # A wrapped line of a list item or paragraph: same size, not bold unless the block is.
    return abs(line.size - block.size) < 0.6 and (line.bold == block.bold or not line.bold)


def _append(block: Block, line: Line) -> None:
    block.lines.append(line)
    block.text = f"{block.text}\n{line.text}"
    x0, top, x1, bottom = block.bbox
    block.bbox = (min(x0, line.bbox[0]), min(top, line.bbox[1]), max(x1, line.bbox[2]), max(bottom, line.bbox[3]))


def _table_text(table: Table) -> str:
    return "\n".join(" | ".join((c or "").replace("\n", " ") for c in row if c is not None) for row in table.rows)
