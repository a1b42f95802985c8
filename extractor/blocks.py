"""Lines → blocks: headings (with a level), paragraphs, list items and tables.

The body size of a document is the size most of its characters are set in. A line is a
heading when it is larger than body text, or bold at body size, and short; heading levels
rank the distinct heading styles of the document by size (1 = largest). A list item starts
with a bullet glyph or a list number ("1.", "a)", "(iv)"); the lines that follow it, indented
or not, belong to it until a gap, a new label or a change of style. Other lines are joined
into paragraphs at vertical gaps larger than the line spacing.
"""

from __future__ import annotations

import re
from collections import Counter

from extractor.model import Block, Line, Page, Table

# A bullet: any symbol that is not a letter, digit or opening bracket/quote, or a private-use glyph.
BULLET = re.compile(r"^([\u2022\u2023\u25aa\u25cf\u25e6\u2043\u2219\u00b7\u25a0\u25a1\u27a2\u2713\uf000-\uf8ff\-–*o])\s+")
NUMBER = re.compile(r"^(\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z]\)|\([ivxlc]{1,6}\)|[ivxlc]{1,6}\))\s+", re.IGNORECASE)
MAX_HEADING_CHARS = 160
GAP_FACTOR = 1.45  # a gap above this many line heights starts a new block


def list_label(text: str) -> str | None:
    m = BULLET.match(text) or NUMBER.match(text)
    return m.group(1) if m else None


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
    return [block for _, block in items]


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
