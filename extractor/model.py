"""The document model: the contract between the extractor and the rule engine.

A :class:`Document` holds :class:`Page` objects; each page holds the :class:`Line` objects
read from it (words joined in reading order, with font facts) and the :class:`Block` objects
built from those lines (headings, paragraphs, list items, tables). Everything carries its
physical page number (1-based) and a bounding box in PDF points, top-left origin, as
pdfplumber reports them, so any record made from it can be cited.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points

BlockKind = Literal["heading", "paragraph", "list_item", "table"]
# How a list item is marked: a glyph (•, ▪, –, o, a Symbol or Wingdings bullet), a number
# ("1.", "2)", "1.2"), a letter ("a)", "(b)") or a roman numeral ("(iv)", "ii.").
ListMarker = Literal["bullet", "number", "letter", "roman"]


class Line(BaseModel):
    """One printed line: words on a shared baseline, in left-to-right order."""

    text: str
    page: int
    bbox: BBox
    font: str = ""
    size: float = 0.0
    bold: bool = False
    # The bold words a line starts with when the rest is not bold ("Director" in a label row).
    bold_prefix: str | None = None
    in_table: bool = False  # inside the bounding box of a ruled table on the page
    furniture: bool = False  # running header/footer, page number, blank-page notice


class Table(BaseModel):
    """A ruled table: rows of cell strings (None where a cell is merged into its neighbour)."""

    rows: list[list[str | None]]
    page: int
    bbox: BBox
    # Pages this table covers once a table that runs over a page break has been stitched.
    pages: list[int] = Field(default_factory=list)
    # Top of each row, so a rule can cite the row it read (page, y) — parallel to rows.
    row_pages: list[int] = Field(default_factory=list)
    nested: list[Table] = Field(default_factory=list)  # tables drawn inside a cell of this one

    def cell_texts(self) -> list[list[str]]:
        return [[c or "" for c in row] for row in self.rows]


class Block(BaseModel):
    """A unit of layout: a heading, a paragraph, a list item or a table."""

    kind: BlockKind
    text: str
    page: int
    bbox: BBox
    level: int | None = None  # headings only: 1 is the largest type on the document
    label: str | None = None  # list items: the bullet or number as printed ("1.", "a)", "•", "\uf0b7")
    list_marker: ListMarker | None = None  # list items: what kind of label it is
    list_number: int | None = None  # list items: the label's ordinal (3 for "3.", "c)", "(iii)"); none for a glyph
    list_depth: int | None = None  # list items: 1 for the outermost list, 2 for a list indented under an item ...
    bold: bool = False
    size: float = 0.0
    lines: list[Line] = Field(default_factory=list)
    table: Table | None = None


class Page(BaseModel):
    number: int
    width: float
    height: float
    lines: list[Line] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    # A table of contents: titles with page numbers (dotted leaders, a column of page numbers,
    # a "Contents | Page" table). Its numbers are page references, not data.
    is_contents: bool = False

    @property
    def text(self) -> str:
        """Body text of the page: every line that is not page furniture."""
        return "\n".join(line.text for line in self.lines if not line.furniture)

    @property
    def furniture(self) -> list[Line]:
        return [line for line in self.lines if line.furniture]


class OutlineEntry(BaseModel):
    """One entry of a document's outline: a section title, how deep it sits and where it starts.

    From the PDF's bookmarks where it has them (``source="bookmark"``); otherwise from its
    headings, ranked by size, weight and numbering (``source="layout"``).
    """

    level: int  # 1 is the top of the outline
    title: str
    page: int | None  # 1-based; none for a bookmark that points nowhere in the file
    top: float | None = None  # where on the page the section starts (PDF points from the top), where known
    source: Literal["bookmark", "layout"]


class Document(BaseModel):
    id: str  # stable: the file name without its extension
    file: str  # file name inside the corpus folder
    sha256: str
    pages: list[Page]
    pdf_metadata: dict[str, str] = Field(default_factory=dict)  # the PDF's Info dictionary (Title, Author, ...)
    outline: list[OutlineEntry] = Field(default_factory=list)  # sections in reading order (see OutlineEntry)
    crowded_pages: list[int] = Field(default_factory=list)  # too many rulings to look for tables on (E017)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def blocks(self, first: int = 1, last: int | None = None) -> list[Block]:
        """Blocks of pages first..last (1-based, inclusive) in reading order."""
        last = last or len(self.pages)
        return [b for p in self.pages[first - 1 : last] for b in p.blocks]

    def page(self, number: int) -> Page:
        return self.pages[number - 1]

    def children(self, entry: OutlineEntry) -> list[OutlineEntry]:
        """The entries directly under ``entry``: those after it, one level deeper than the
        shallowest of them, up to the next entry at its own level or above."""
        if entry not in self.outline:
            return []
        after: list[OutlineEntry] = []
        for other in self.outline[self.outline.index(entry) + 1:]:
            if other.level <= entry.level:
                break
            after.append(other)
        if not after:
            return []
        depth = min(e.level for e in after)
        return [e for e in after if e.level == depth]
