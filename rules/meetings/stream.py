"""A labelled text stream: the printed lines of a passage joined into one text, with every
label, field and item start found in it.

Minutes and decision pages print labels ("RESOLVED:", "Decision Maker:", "Reasons for the
decision:") on lines of their own — or, in a crude PDF export of a web page, run into one
long paragraph whose lines wrap anywhere, so that "Is Key" ends one line and "decision?: Yes"
starts the next. Joining the lines first and finding labels in the joined text reads both.
Every offset of the text maps back to the printed line it came from, so a record made from
any part of it cites its page and box.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from extractor.model import Line
from kernel.text import clean
from rules.lines import paragraph_starts

# A label stands at the start of the text or a line, or after a sentence or a table cell ends.
_BOUNDARY_BEFORE = set("\n.;:!?|)]")
# A paragraph's number before a label: "8.2 Resolved", "3. RESOLVED", and a minute number
# run into its label by a word processor ("19/8Resolved to approve ...").
_PARAGRAPH_NUMBER = re.compile(r"^\s*\(?\d{1,4}(?:\.\d{1,3})*[.)]?\s+$|^\s*\d{1,4}/\d{1,4}[.)]?\s*$")
# ... or a list bullet, as web pages and Word print one before a label ("* Resolved that:",
# "*RESOLVED –", "· Resolved that Cllr. Atkinson ...": a meeting system's page, a parish's list).
_LINE_BULLET = re.compile(r"^\s*[*\u2022\u00b7\u25aa\u25e6\u2023\uf0b7]\s*$")
# A line that ends on one of these words stops mid-clause ("... the minutes of the meeting
# held on" / "21st June 2011 as a true record."): a gap after it, where a page typed line by
# line or a transcript breaks a sentence, does not end the paragraph.
_MID_CLAUSE = re.compile(r"(?:^|\s)(?:the|a|an|and|or|of|to|for|with|by|in|on|at|from|that|which|be|is|are|was|"
                         r"were|as|its|their|his|her)$")
_POINT_START = re.compile(r"^(?:\(?(?:\d{1,3}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)]|[·•\-–▪●]|\uf0b7)\s")


@dataclass
class Piece:
    """One printed line of the stream: where its text starts and ends in the joined text."""

    line: Line
    start: int
    end: int
    paragraph: bool  # opens a paragraph (more than a line's spacing above it, or a new page)
    heading: bool  # printed as a heading: bold, or set apart in the layout


@dataclass
class Stream:
    text: str
    pieces: list[Piece]
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.pieces]

    def piece_at(self, offset: int) -> Piece:
        """The printed line the character at ``offset`` belongs to."""
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self.pieces[i]

    def line_start(self, offset: int) -> bool:
        """Whether ``offset`` is the first character of a printed line."""
        i = bisect.bisect_left(self._starts, offset)
        return i < len(self._starts) and self._starts[i] == offset

    def paragraph_end(self, offset: int) -> int:
        """Where the paragraph holding ``offset`` ends."""
        end = self.text.find("\n\n", offset)
        return len(self.text) if end < 0 else end

    def at_boundary(self, offset: int) -> bool:
        """Whether a label may start at ``offset``: at the start of the text or of a line,
        or after the end of a sentence, a clause or a table cell."""
        k = offset - 1
        while k >= 0 and self.text[k] in " \t":
            k -= 1
        if k < 0 or self.text[k] in _BOUNDARY_BEFORE:
            return True
        # after a paragraph's number: "8.2 Resolved – that ...", "3. RESOLVED ...", "19/8Resolved"
        line_start = self.text.rfind("\n", 0, offset) + 1
        before = self.text[line_start:offset]
        return bool(_PARAGRAPH_NUMBER.match(before) or _LINE_BULLET.match(before))


def build_stream(lines: list[Line], noise: list[re.Pattern[str]] = (), heading_lines: dict[int, int] | None = None,
                 ) -> Stream:
    """Join printed lines into one text: a line break between lines of a paragraph, a blank
    line between paragraphs. ``noise`` is blanked out with spaces (offsets hold);
    ``heading_lines`` maps the ids of lines the layout set as headings to the heading they
    belong to (a heading is a paragraph of its own, whatever the spacing around it)."""
    heading_lines = heading_lines or {}
    parts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    opens = paragraph_starts(lines)
    for i, line in enumerate(lines):
        text = clean(line.text)
        for pattern in noise:
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        this, before = heading_lines.get(id(line)), heading_lines.get(id(lines[i - 1])) if i else None
        para = opens[i] or this != before
        if para and i and this is None and before is None and not line.bold and not lines[i - 1].bold \
                and _MID_CLAUSE.search(clean(lines[i - 1].text)) and not _POINT_START.match(text):
            para = False  # a sentence broken over a gap goes on
        if i:
            sep = "\n\n" if para else "\n"
            parts.append(sep)
            offset += len(sep)
        pieces.append(Piece(line=line, start=offset, end=offset + len(text), paragraph=para,
                            heading=line.bold or id(line) in heading_lines))
        parts.append(text)
        offset += len(text)
    return Stream(text="".join(parts), pieces=pieces)
