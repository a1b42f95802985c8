"""Agenda front sheets → meetings and agenda items (rules ``agenda.meeting.v1``,
``agenda.item.v1``), and the link from an item to the part of the pack holding its papers.

Real pages: the front sheets of the 3 July 2017 Cabinet pack and the 31 May 2012 Children's
Select Committee pack (seed texts). Variants are small PDFs.
"""

from __future__ import annotations

import pytest
from pdfgen import make_pdf, text_page
from rulesets import reading_of, records_of

from extractor import extract
from rules.meetings.agenda import RULE_ITEM, RULE_MEETING, item_parts
from rules.meetings.records import AgendaItemRecord, MeetingRecord
from rules.reading import Part
from rules.records import PartRecord


def read_agenda(reading):
    """The meetings and agenda items the agenda rule set reads."""
    return records_of(reading, "agenda", MeetingRecord, AgendaItemRecord)



def items_by_number(items):
    return {it.number: it for it in items}


@pytest.fixture(scope="module")
def cabinet_agenda(cabinet_2017):
    return read_agenda(cabinet_2017)


@pytest.fixture(scope="module")
def committee_agenda(committee_2012):
    return read_agenda(committee_2012)


def test_cabinet_meeting(cabinet_agenda, cabinet_2017):
    (meeting,), _ = cabinet_agenda
    # Meeting: Cabinet / Place: The Kennet Room - County Hall, Trowbridge BA14 8JN /
    # Date: Monday 3 July 2017 / Time: 9.30 am
    assert (meeting.body, meeting.date, meeting.time) == ("Cabinet", "2017-07-03", "9.30 am")
    assert meeting.venue == "The Kennet Room - County Hall, Trowbridge BA14 8JN"
    assert meeting.rule == RULE_MEETING and meeting.page == 1 and meeting.document_id == cabinet_2017.id


def test_cabinet_items(cabinet_agenda):
    (meeting,), items = cabinet_agenda
    assert [it.number for it in items] == [str(n) for n in range(1, 14)]
    assert all(it.meeting_id == meeting.id and it.rule == RULE_ITEM and it.page for it in items)
    by = items_by_number(items)
    assert by["2"].title == "Minutes of the previous meeting" and by["2"].pages == "5 - 18"
    assert by["9"].title == "Draft Business Plan" and by["9"].pages == "69 - 90"
    assert by["9"].report_by == "Corporate Directors, Carolyn Godfrey and Dr Carlton Brand"
    assert by["12"].title == "Consultancy - Neutral Vendor Service"
    assert by["13"].title == "Urgent Items" and by["13"].pages is None
    assert {it.part for it in items} == {"I"}  # nothing is listed under Part II
    assert [it.position for it in items] == list(range(1, 14))


def test_committee_items(committee_agenda):
    (meeting,), items = committee_agenda
    assert (meeting.body, meeting.date, meeting.time) == ("Children's Select Committee", "2012-05-31", "10.30 am")
    assert [it.number for it in items] == [str(n) for n in range(1, 20)]
    by = items_by_number(items)
    # a title whose page range wraps onto the next line
    assert by["12"].title == "Ofsted Inspection of Safeguarding and LAC Services and DfE Adoption Scorecard"
    assert by["12"].pages == "35 - 102"
    assert by["11"].report_by == "Carolyn Godfrey, Corporate Director"
    assert by["11"].presenter == "Julie Cathcart (Head of School Improvement)"
    assert by["10"].presenter == "Dr Mike Thompson (Chairman of the Task Group)"
    assert by["19"].title == "Date of Next Meeting"


def _agenda_pdf(tmp_path):
    return extract(make_pdf(tmp_path / "agenda.pdf", [text_page([
        "**AGENDA",
        "Meeting: Planning Committee",
        "Place: Council Chamber, Town Hall",
        "Date: Wednesday 8 March 2023",
        "Time: 6.30 pm",
        "",
        "**PART I",
        "",
        "**1 Apologies for Absence",
        "",
        "**2 Minutes (Pages 3 - 8)",
        "To confirm the minutes of the meeting held on 8 February 2023.",
        "",
        "**3 Public Questions",
        "",
        "**3a Questions from Councillors",
        "",
        "**4 Land at Mill Lane (Pages 9 -",
        "**24)",
        "Report of the Head of Planning.",
        "",
        "**PART II",
        "",
        "**5 Property Disposal (Pages 25 - 30)",
        "Report by the Director of Resources, Jane Smith.",
    ]), text_page(["**Minutes", "Some minutes."]), text_page(["**Land at Mill Lane", "The report."])]))


def test_variant_agenda_part_two_and_sub_items(tmp_path):
    document = reading_of(_agenda_pdf(tmp_path), parts=[])
    (meeting,), items = read_agenda(document)
    assert (meeting.body, meeting.date, meeting.venue) == ("Planning Committee", "2023-03-08", "Council Chamber, Town Hall")
    assert [(it.number, it.part) for it in items] == [("1", "I"), ("2", "I"), ("3", "I"), ("3a", "I"),
                                                        ("4", "I"), ("5", "II")]
    by = items_by_number(items)
    assert by["4"].title == "Land at Mill Lane" and by["4"].pages == "9 - 24"
    assert by["4"].report_by == "Head of Planning"
    assert by["5"].report_by == "Director of Resources, Jane Smith"
    assert all(it.report_part_id is None for it in items)  # no parts: no links


def test_items_link_to_the_parts_holding_their_papers(tmp_path):
    document = reading_of(_agenda_pdf(tmp_path), parts=[
        Part(kind="front_sheet", title="Agenda", page_start=1, page_end=1, rule="t"),
        Part(kind="minutes", title="Minutes", page_start=2, page_end=2, rule="t", agenda_number="2"),
        Part(kind="report", title="Land at Mill Lane", page_start=3, page_end=3, rule="t", agenda_number="4"),
        Part(kind="appendix", title="Appendix 1", page_start=3, page_end=3, rule="t", agenda_number="4"),
    ])
    _, items = read_agenda(document)
    by = items_by_number(items)
    report = document.parts[2]
    expected = PartRecord(document_id=document.id, page=3, rule="t", kind="report", title="Land at Mill Lane",
                          page_start=3, page_end=3, position=3, agenda_number="4").id
    assert by["4"].report_part_id == expected and by["4"].report_page_start == report.page_start
    assert by["2"].report_page_start == 2  # the minutes are item 2's papers
    assert by["1"].report_part_id is None and by["5"].report_part_id is None
    assert item_parts(document)["4"][1] is report  # the report wins over its appendix


def test_cabinet_items_link_when_the_pack_is_split(cabinet_agenda, cabinet_2017):
    """With parts from rules/parts.py, the item whose papers start a report part links to it."""
    _, items = cabinet_agenda
    numbered = item_parts(cabinet_2017)
    if not numbered:
        pytest.skip("the pack is not split into numbered parts")
    for it in items:
        if it.number in numbered:
            assert it.report_page_start == numbered[it.number][1].page_start
            assert it.report_part_id
        else:
            assert it.report_part_id is None


def test_numbered_lines_without_an_agenda_header_are_not_items(tmp_path):
    document = extract(make_pdf(tmp_path / "report.pdf", [text_page([
        "**Annual Report of the Panel",
        "",
        "**1 Introduction",
        "The panel met six times.",
        "",
        "**2 Membership",
        "The panel has eight members.",
    ])]))
    assert read_agenda(reading_of(document, parts=[])) == ([], [])
