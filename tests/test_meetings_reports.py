"""Reports inside packs → reports and recommendations (rules ``reports.header.v1``,
``reports.recommendation.v1``), on real pages of the 3 July 2017 Cabinet pack."""

from __future__ import annotations

import pytest

from rules.meetings.agenda import read_agenda
from rules.meetings.reports import RULE_RECOMMENDATION, RULE_REPORT, read_reports


@pytest.fixture(scope="module")
def cabinet_reports(cabinet_2017):
    meetings, items = read_agenda(cabinet_2017)
    reports, recs = read_reports(cabinet_2017, meetings, items)
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
    assert r.authors == "Martin Davis"


def test_recommendations(cabinet_reports):
    reports, recs, _ = cabinet_reports
    r = reports["Children's Services Integration Project"]
    mine = [rec for rec in recs if rec.report_id == r.id]
    # seed: "Proposal" / "The proposal to Cabinet is that delegated authority is given to the
    # Corporate Director for Children’s Services, in consultation with the Lead Member ..."
    assert any(rec.heading == "Proposal" and rec.text.startswith("The proposal to Cabinet is that delegated authority")
               for rec in mine)
    assert all(rec.rule == RULE_RECOMMENDATION and rec.page for rec in mine)
