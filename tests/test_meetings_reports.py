"""Reports inside packs → reports and recommendations (rules ``reports.header.v1``,
``reports.recommendation.v1``), on real pages of the 3 July 2017 Cabinet pack."""

from __future__ import annotations

import pytest
from rulesets import records_of

from rules.meetings.records import AgendaItemRecord, RecommendationRecord, ReportRecord
from rules.meetings.reports import RULE_RECOMMENDATION, RULE_REPORT


def read_reports(reading):
    """Reports and recommendations the reports rule set reads (after the agenda's items)."""
    return records_of(reading, "reports", ReportRecord, RecommendationRecord)


@pytest.fixture(scope="module")
def cabinet_reports(cabinet_2017):
    items = records_of(cabinet_2017, "agenda", AgendaItemRecord)
    reports, recs = read_reports(cabinet_2017)
    return {r.title: r for r in reports}, recs, items


def test_report_header(cabinet_reports):
    reports, _, items = cabinet_reports
    # seed: "Subject: Children's Services Integration Project" / "Cabinet Member: Councillor
    # Laura Mayes - Cabinet Member for Children, Education and Skills" / "Key Decision: Yes"
    r = reports["Children's Services Integration Project"]
    assert r.rule == RULE_REPORT and r.page >= 5
    assert (r.meeting_body, r.meeting_date) == ("Cabinet", "2017-07-03")
    assert r.cabinet_member == "Councillor Laura Mayes - Cabinet Member for Children, Education and Skills"
    assert r.key_decision is True
    assert r.authors.startswith("Terence Herbert, Lucy Townsend, Head of Service")
    assert r.date_of_report == "28th April 2017"
    item6 = next(it for it in items if it.number == "6")
    assert r.agenda_item_id == item6.id


def test_label_printed_after_another_on_one_line(cabinet_reports):
    reports, _, _ = cabinet_reports
    # seed: "Cabinet member: Councillor Laura Mayes – Children’s Services Key Decision: No"
    r = reports["Wiltshire Council Adoption Service: 2015-16 Year End Report"]
    assert r.cabinet_member == "Councillor Laura Mayes – Children’s Services"
    assert r.key_decision is False
    # seed: "Report Author: Martin Davis" / "Head of Service: EDS and Placement Services" /
    # "Contact Details: Martin.Davis@..." - the author block ends at the contact label
    assert r.authors == "Martin Davis Head of Service: EDS and Placement Services"


def test_authors_printed_in_bold_under_their_label(cabinet_reports):
    reports, _, _ = cabinet_reports
    # seed: "Report Authors:" / "Catherine Dixon, Portfolio Manager, Programme Office" /
    # "Andrew Foster, Business Analyst, Programme Office" / "May 2017" / "Appendices", all bold
    r = reports["Draft Digital Strategy 2017 – 2021"]
    assert "Catherine Dixon, Portfolio Manager, Programme Office" in r.authors
    assert "Andrew Foster, Business Analyst, Programme Office" in r.authors
    assert "May 2017" not in r.authors and "Appendi" not in r.authors


def test_recommendations(cabinet_reports):
    reports, recs, _ = cabinet_reports
    r = reports["Children's Services Integration Project"]
    mine = [rec for rec in recs if rec.report_id == r.id]
    # seed: "Proposal" / "The proposal to Cabinet is that delegated authority is given to the
    # Corporate Director for Children’s Services, in consultation with the Lead Member ..."
    assert any(rec.heading == "Proposal" and rec.text.startswith("The proposal to Cabinet is that delegated authority")
               for rec in mine)
    assert all(rec.rule == RULE_RECOMMENDATION and rec.page for rec in mine)


# --- Report boundaries from the pack's parts (rules/parts.py) --------------------------------

def _read(document):
    items = records_of(document, "agenda", AgendaItemRecord)
    reports, recs = read_reports(document)
    numbers = {it.id: it.number for it in items}
    return reports, recs, numbers


@pytest.fixture(scope="module")
def cabinet_by_page(cabinet_2017):
    reports, recs, numbers = _read(cabinet_2017)
    return {r.page: r for r in reports}, recs, numbers


def test_report_ends_with_its_part(cabinet_by_page):
    reports, _, numbers = cabinet_by_page
    # Item 6's report is pages 14-22; the committee report attached to it starts on page 23.
    assert reports[14].page_end == 22
    # Item 11's report ends on page 98; its appendices (99-125) are not read into it:
    # "Report Authors:" over names in bold on page 98 is not a value, and the appendix's
    # "Matthew Tobin, Project Officer" is not the report's author.
    digital = reports[92]
    assert (digital.page_end, numbers[digital.agenda_item_id]) == (98, "11")
    assert digital.authors is None or "Tobin" not in digital.authors


def test_attached_report_for_another_meeting_is_its_own_report(cabinet_by_page):
    reports, recs, numbers = cabinet_by_page
    # seed p.23: "Wiltshire Council" / "Children’s Select Committee" / "Date: 14th March 2017" /
    # "Children’s Services Integration Project" / "Purpose of Report"
    r = reports[23]
    assert r.title == "Children’s Services Integration Project"
    assert (r.meeting_body, r.meeting_date, r.page_end) == ("Children’s Select Committee", "2017-03-14", 29)
    assert numbers[r.agenda_item_id] == "6" and r.meeting_id is None  # not the 3 July Cabinet
    assert r.authors == "Terence Herbert, Associate Director."
    # its proposal to the committee is not the Cabinet report's
    mine = [rec.text for rec in recs if rec.report_id == r.id]
    assert any(t.startswith("The committee are asked to note") for t in mine)
    cabinet = [rec.text for rec in recs if rec.report_id == reports[14].id]
    assert not any(t.startswith("The committee are asked") for t in cabinet)


def test_report_parts_without_subject_or_purpose_heading(committee_2012):
    reports, _, numbers = _read(committee_2012)
    by_page = {r.page: r for r in reports}
    # seed p.77: "Children's Select Committee 31st May 2012" / "Coalition Changes – Update March
    # to May 2012" / "New Early Years Framework" (a section heading, not the title)
    coalition = by_page[77]
    assert coalition.title == "Coalition Changes – Update March to May 2012"
    assert (coalition.meeting_body, coalition.meeting_date) == ("Children's Select Committee", "2012-05-31")
    assert numbers[coalition.agenda_item_id] == "13" and coalition.page_end == 81
    task_group = by_page[95]
    assert (task_group.title, numbers[task_group.agenda_item_id]) == ("Task Group update", "16")
    # The committee's report of 29 March attached to item 14 is linked to item 14.
    attached = by_page[84]
    assert attached.meeting_date == "2012-03-29" and numbers[attached.agenda_item_id] == "14"
    # Papers without a report header (terms of reference, work programme) are not reports.
    assert [numbers.get(r.agenda_item_id) for r in reports] == ["11", "12", "13", "14", "14", "15", "16"]


def test_report_document_without_header_is_one_report(parenting_2023):
    reports, _, _ = _read(parenting_2023)
    assert len(reports) == 1
    r = reports[0]
    assert r.title == "Annual Report of the Corporate Parenting Panel July 2022 to March 2023"
    assert (r.meeting_body, r.meeting_date, r.page, r.page_end) == ("Council", None, 1, 29)
    # seed p.26: "Report Author: Netty Lee (Head of Children in Care and Young People) Contributors: ..."
    assert r.authors == "Netty Lee (Head of Children in Care and Young People)"
    assert r.date_of_report == "3 July 2023"
