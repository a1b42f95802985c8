"""The extractor on the real corpus: pages, headings, tables and page furniture."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS


def test_page_counts_match_the_manifest(cabinet_2017, committee_2012, service_plan_2022, business_plan_2022, parenting_2023):
    manifest = {e["file"]: e["pages"] for e in json.loads((CORPUS / "manifest.json").read_text())}
    for doc in (cabinet_2017, committee_2012, service_plan_2022, business_plan_2022, parenting_2023):
        assert doc.page_count == manifest[doc.file]


def test_sha256_matches_the_manifest(service_plan_2022):
    manifest = {e["file"]: e for e in json.loads((CORPUS / "manifest.json").read_text())}
    assert service_plan_2022.document.sha256 == manifest[service_plan_2022.file]["sha256"]


@pytest.mark.parametrize(
    ("fixture", "page", "heading"),
    [
        ("cabinet_2017", 2, "Recording and Broadcasting Information"),
        ("cabinet_2017", 5, "Present:"),
        ("business_plan_2022", 6, "We get the best start in life"),
        ("business_plan_2022", 6, "We aim to:"),
        ("service_plan_2022", 1, "Purpose of Report"),
    ],
)
def test_headings_found_on_known_pages(request, fixture, page, heading):
    doc = request.getfixturevalue(fixture)
    headings = [line for b in doc.page(page).blocks if b.kind == "heading" for line in b.text.splitlines()]
    assert heading in headings


def test_heading_levels_rank_type_sizes(business_plan_2022):
    blocks = {b.text: b for b in business_plan_2022.page(6).blocks if b.kind == "heading"}
    # 16pt mission title above 13pt "We aim to:" above 12pt "Continue to..."
    assert blocks["We get the best start in life"].level < blocks["We aim to:"].level < blocks["Continue to..."].level


def test_bullets_are_list_items_with_wrapped_lines_joined(business_plan_2022):
    items = [b for b in business_plan_2022.page(6).blocks if b.kind == "list_item"]
    first = items[0]
    assert first.label == "\uf0b7"
    assert first.text.endswith("mental\nhealth.")  # the wrapped second line belongs to the bullet


def test_the_26_planned_activity_tables_are_tables(service_plan_2022):
    tables = [b.table for b in service_plan_2022.blocks() if b.kind == "table"]
    planned = [t for t in tables if (t.rows[0][0] or "").split() == ["Planned", "Activity"]]
    assert len(planned) == 26
    for t in planned:
        labels = [" ".join((row[0] or "").split()) for row in t.rows]
        assert labels[:2] == ["Planned Activity", "Intended Impact"]
        assert "Updates" in labels


def test_a_cell_running_over_a_page_break_is_stitched(service_plan_2022):
    # Activity "Encourage our educational settings ..." starts on page 4; its Updates cell
    # continues at the top of page 5 as a table with an empty label column.
    table = next(b.table for b in service_plan_2022.page(4).blocks if b.table and "Encourage" in (b.table.rows[0][1] or ""))
    assert table.pages == [4, 5]
    updates = next(row for row in table.rows if (row[0] or "") == "Updates")[1]
    assert "judgement or improved rapidly between inspections." in updates
    assert not any(b.table and not (b.table.rows[0][0] or "") for b in service_plan_2022.page(5).blocks)


def test_tables_drawn_inside_a_cell_are_nested(service_plan_2022):
    host = next(b.table for b in service_plan_2022.page(6).blocks if b.table and b.table.nested)
    assert [row[0] for row in host.nested[0].rows][1:] == ["All pupils", "CLA", "CP", "CIN"]


def test_page_numbers_are_furniture_not_body_text(cabinet_2017, service_plan_2022):
    assert [line.text for line in cabinet_2017.page(9).furniture] == ["Page 9"]
    assert "Page 9" not in cabinet_2017.page(9).text
    assert [line.text for line in service_plan_2022.page(5).furniture] == ["5"]


def test_blank_page_notices_are_furniture(committee_2012):
    blank = [p for p in committee_2012.pages if any("intentionally left blank" in f.text for f in p.furniture)]
    assert len(blank) >= 9
    assert all(p.text.strip() == "" for p in blank)


def test_every_block_has_page_and_bbox(cabinet_2017):
    for page in cabinet_2017.pages:
        for block in page.blocks:
            assert block.page == page.number
            x0, top, x1, bottom = block.bbox
            assert 0 <= x0 <= x1 <= page.width and 0 <= top <= bottom <= page.height
