"""The document's outline, list structure and contents pages (extractor/outline.py,
extractor/blocks.py), on generated PDFs, with both readers.

PDF knowledge only: bookmarks, type sizes and weights, heading numbers, list glyphs of symbol
fonts, dotted leaders and page-number columns. Nothing here knows a council word.
"""

from __future__ import annotations

import pytest
from pdfgen import bullet_list, make_pdf, ruled_table, text_page

from extractor import extract

READERS = ("pdfium", "pdfplumber")


def _entries(doc):
    return [(e.level, e.title, e.page, e.source) for e in doc.outline]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("actions", [False, True], ids=["dest", "goto-action"])
def test_bookmarks_are_the_outline_level_for_level(tmp_path, reader, actions):
    pages = [text_page(["Annual review of the harbour board"]), text_page(["Spending"]), text_page(["Staff"])]
    marks = [(1, "Chair's letter", 0, 60), (1, "The year in numbers", 1, 60), (2, "Spending", 1, 80),
             (3, "Capital works", 1, None), (2, "Staff", 2, 60), (1, "Glossary", 2, 400)]
    doc = extract(make_pdf(tmp_path / "b.pdf", pages, outline=marks, outline_actions=actions), reader=reader)
    assert _entries(doc) == [(level, title, page + 1, "bookmark") for level, title, page, _ in marks]
    assert [e.top for e in doc.outline] == [60.0, 60.0, 80.0, None, 60.0, 400.0]
    numbers = next(e for e in doc.outline if e.title == "The year in numbers")
    assert [e.title for e in doc.children(numbers)] == ["Spending", "Staff"]


def test_a_single_bookmark_is_no_outline_and_the_headings_are_read_instead(tmp_path):
    page = [("Harbour Board Review", 22, True, 60, 60), ("Moorings", 15, True, 60, 110),
            ("Berths were let all year.", 10, False, 60, 140)]
    doc = extract(make_pdf(tmp_path / "one.pdf", [page], outline=[(1, "Cover", 0, None)]))
    assert [(e.title, e.source) for e in doc.outline] == [("Harbour Board Review", "layout"), ("Moorings", "layout")]


@pytest.mark.parametrize("reader", READERS)
def test_without_bookmarks_headings_rank_by_size_and_weight(tmp_path, reader):
    page = [
        ("Library Service Strategy", 24, True, 60, 60),
        ("Where we are now", 16, True, 60, 110),
        ("Opening hours", 11, True, 60, 145),
        ("Branches open six days a week in the towns and three in the villages.", 11, False, 60, 165),
        ("Stock", 11, True, 60, 195),
        ("Loans of printed books fell while e-book loans grew in the year to March.", 11, False, 60, 215),
        ("Where we want to be", 16, True, 60, 250),
        ("A library within reach of every household, open when people can come.", 11, False, 60, 280),
    ]
    doc = extract(make_pdf(tmp_path / "l.pdf", [page]), reader=reader)
    assert _entries(doc) == [(1, "Library Service Strategy", 1, "layout"), (2, "Where we are now", 1, "layout"),
                             (3, "Opening hours", 1, "layout"), (3, "Stock", 1, "layout"),
                             (2, "Where we want to be", 1, "layout")]
    now = doc.outline[1]
    assert [e.title for e in doc.children(now)] == ["Opening hours", "Stock"]
    assert doc.children(doc.outline[-1]) == []


def test_heading_numbers_set_the_level_when_the_style_does_not(tmp_path):
    # Every heading in one style: the numbering "2" / "2.1" / "2.1.1" is what nests them.
    lines = ["**1 Scope", "Which roads the plan covers.", "", "**2 Maintenance", "How roads are kept.", "",
             "**2.1 Resurfacing", "Worst first.", "", "**2.1.1 Materials", "Recycled where it lasts.", "",
             "**2.2 Gritting", "Priority routes.", "", "**3 Funding", "From the capital programme."]
    doc = extract(make_pdf(tmp_path / "n.pdf", [text_page(lines)]))
    assert [(e.level, e.title) for e in doc.outline] == [
        (1, "1 Scope"), (1, "2 Maintenance"), (2, "2.1 Resurfacing"), (3, "2.1.1 Materials"), (2, "2.2 Gritting"),
        (1, "3 Funding")]
    assert [e.title for e in doc.children(doc.outline[1])] == ["2.1 Resurfacing", "2.2 Gritting"]


@pytest.mark.parametrize("reader", READERS)
def test_symbol_font_bullets_are_list_items_with_their_glyph(tmp_path, reader):
    lead = text_page(["The board has agreed three things to work on:"], top=80)
    first, below = bullet_list(["Dredging the outer channel", "A new slipway for\nthe rowing club",
                                "Cheaper winter moorings"], top=110)
    nested, below = bullet_list(["Visitor berths", "Fuel pontoon"], glyph=("wingdings", 0xD8), x=90, top=below)
    last, _ = bullet_list(["Safer pontoons"], top=below)
    doc = extract(make_pdf(tmp_path / "s.pdf", [lead + first + nested + last]), reader=reader)
    items = [b for b in doc.pages[0].blocks if b.kind == "list_item"]
    assert [(b.label, b.list_marker, b.list_depth) for b in items] == [
        ("\uf0b7", "bullet", 1), ("\uf0b7", "bullet", 1), ("\uf0b7", "bullet", 1),
        ("\uf0d8", "bullet", 2), ("\uf0d8", "bullet", 2), ("\uf0b7", "bullet", 1)]
    assert items[1].text.split("\n")[1] == "the rowing club"  # the wrapped line stays with its item


@pytest.mark.parametrize(("fmt", "marker", "labels"), [
    ("{n}.", "number", ["1.", "2.", "3."]),
    ("{a})", "letter", ["a)", "b)", "c)"]),
    ("({r})", "roman", ["(i)", "(ii)", "(iii)"]),
    ("•", "bullet", ["•", "•", "•"]),
    ("–", "bullet", ["–", "–", "–"]),
    ("o", "bullet", ["o", "o", "o"]),
])
def test_numbered_lettered_and_glyph_lists_keep_their_labels(tmp_path, fmt, marker, labels):
    lines, _ = bullet_list(["Keep the ferry running", "Repaint the lighthouse", "Open the museum on Sundays"],
                           glyph=fmt)
    doc = extract(make_pdf(tmp_path / "n.pdf", [lines]))
    items = [b for b in doc.pages[0].blocks if b.kind == "list_item"]
    assert [b.label for b in items] == labels
    assert {b.list_marker for b in items} == {marker}
    assert [b.list_number for b in items] == ([1, 2, 3] if marker != "bullet" else [None] * 3)


def _contents_lines(entries: list[tuple[str, int]], leader: bool, top: float = 110) -> list:
    out = []
    for k, (title, page) in enumerate(entries):
        y = top + k * 18
        if leader:
            out.append((f"{title} {'.' * 30} {page}", 11, False, 60, y))
        else:
            out += [(title, 11, False, 60, y), (str(page), 11, False, 520, y)]
    return out


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("leader", [True, False], ids=["dotted-leaders", "number-column"])
def test_contents_pages_are_flagged(tmp_path, reader, leader):
    entries = [("Chair's letter", 3), ("The year in numbers", 5), ("Moorings and berths", 9), ("Staff", 12),
               ("Accounts", 15)]
    contents = [("Harbour Board", 18, True, 60, 60), *_contents_lines(entries, leader)]
    body = text_page(["**The year in numbers", "Berths let: 412 of 450.", "Visiting yachts: 1,210."])
    doc = extract(make_pdf(tmp_path / "c.pdf", [contents, body]), reader=reader)
    assert [p.is_contents for p in doc.pages] == [True, False]
    assert "Chair's letter" not in [e.title for e in doc.outline]  # a contents page is not part of the outline


def test_a_contents_table_is_a_contents_page(tmp_path):
    rows = [["Section", "Page"], ["Summary", "2"], ["Performance by service", "4"], ["Appendix: data", "11"]]
    lines, _ = ruled_table(rows, [300, 60], top=100)
    doc = extract(make_pdf(tmp_path / "t.pdf", [[("Quarterly report", 16, True, 40, 60), *lines]]))
    assert doc.pages[0].is_contents


def test_a_page_of_figures_is_not_a_contents_page(tmp_path):
    # Titles with numbers flush right, but they go down as well as up, and a KPI table's
    # numbers are data: neither is a contents page.
    figures = _contents_lines([("Missed bins per 100,000", 41), ("Fly-tips cleared", 380), ("Abandoned cars", 12),
                               ("Street lights repaired", 96), ("Potholes filled", 1520)], leader=False)
    rows = [["Measure", "Q1", "Q2"], ["Calls answered", "4", "9"], ["Visits made", "11", "15"], ["Page views", "20", "31"]]
    table, _ = ruled_table(rows, [250, 60, 60], top=100)
    doc = extract(make_pdf(tmp_path / "f.pdf", [figures, table]))
    assert [p.is_contents for p in doc.pages] == [False, False]


def test_a_year_range_in_the_top_margin_is_not_a_page_number(tmp_path):
    """"2 / 12" at the top of a page is a page number; "2024 / 2025" is the period of the
    report's title, set in the margin."""
    page = [("Appendix C", 12, False, 60, 20), ("2024 / 2025", 12, False, 60, 36), ("3 / 12", 9, False, 500, 20),
            ("Indicators of the year", 14, True, 60, 90), ("Some text of the report.", 11, False, 60, 120)]
    doc = extract(make_pdf(tmp_path / "margin.pdf", [page]))
    furniture = {line.text for line in doc.pages[0].lines if line.furniture}
    assert "3 / 12" in furniture and "2024 / 2025" not in furniture


def test_a_diagonal_line_beside_a_ruled_table_is_no_ruling(tmp_path):
    """A chart's trend line (a path of diagonal strokes) on a page with a ruled table: the rulings are
    counted and the table read; the diagonal edge has no orientation and is left out (before:
    'KeyError: None' while counting crossings, the whole PDF E004)."""
    from pdfgen import RULE

    table, y = ruled_table([["Quarter", "Calls answered"], ["Q1", "91%"], ["Q2", "94%"]], [120, 120], top=80)
    chart = [(RULE, 60.0, y + 140, 140.0, y + 90, 220.0, y + 110, 300.0, y + 40)]  # one stroked path
    document = extract(make_pdf(tmp_path / "chart.pdf", [table + chart]))
    tables = [b.table for b in document.pages[0].blocks if b.kind == "table"]
    assert [t.rows for t in tables] == [[["Quarter", "Calls answered"], ["Q1", "91%"], ["Q2", "94%"]]]
