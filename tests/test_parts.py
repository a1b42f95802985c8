"""Agenda packs split into parts: the expected ranges were read off the PDFs page by page
(``plans extract FILE --page N``) and checked against the seed text, not taken from the code.

Where a paper starts part-way down a page (the corpus was re-typeset without page breaks
between papers), that page belongs to both the part ending on it and the part starting on it.
"""

from __future__ import annotations

import itertools

import pytest

# kind, first page, last page, agenda item, words the title must contain
CABINET_2017 = [
    ("front_sheet", 1, 4, None, "Cabinet"),
    ("minutes", 5, 14, "2", "20 June 2017"),
    ("report", 14, 22, "6", "Children's Services Integration"),
    ("appendix", 23, 29, "6", "Children's Select Committee"),  # the committee's report of 14 March
    ("appendix", 29, 31, "6", "Service Aims"),
    ("appendix", 31, 31, "6", "Referral Pathway"),
    ("appendix", 31, 33, "6", "Statutory Functions"),
    ("report", 34, 53, "7", "Adoption Service"),
    ("report", 54, 60, "8", "CSE Action Plan"),
    ("report", 61, 64, "9", "Draft Business Plan 2017-2027"),
    ("appendix", 65, 84, "9", "Business Plan"),
    ("report", 85, 88, "10", "People Strategy"),
    ("appendix", 89, 92, "10", "Proposed People Strategy"),
    ("report", 92, 98, "11", "Digital Strategy"),
    ("appendix", 99, 124, "11", "Appendix A"),
    ("appendix", 124, 125, "11", "Addendum"),
    ("report", 126, 134, "12", "Neutral Vendor"),
]

COMMITTEE_2012 = [
    ("front_sheet", 1, 4, None, "Children's Select Committee"),
    ("report", 4, 7, "8", "Terms of Reference"),  # printed without a header after the agenda
    ("report", 8, 9, "9", "Legacy Issues"),  # "Agenda Item 9"
    ("report", 10, 12, "11", "Raising The Participation Age"),
    ("appendix", 12, 21, "11", "RPA Strategy and Action Plan"),
    ("appendix", 22, 33, "11", "locally led delivery project"),
    ("report", 34, 37, "12", "Ofsted Inspection"),
    ("appendix", 37, 66, "12", "Appendix 1"),
    ("appendix", 67, 74, "12", "Improvement Plan Summary"),
    ("appendix", 75, 77, "12", "Adoption Scorecard"),
    ("report", 77, 81, "13", "Coalition"),
    ("report", 81, 84, "14", "Rapid Scrutiny Exercise"),
    ("appendix", 84, 87, "14", "Parent Partnership Service Review"),  # report of 29 March, attached
    ("report", 88, 90, "15", "Thresholds"),
    ("appendix", 90, 94, "15", ""),
    ("report", 95, 97, "16", "Task Group update"),
    ("report", 97, 99, "17", "Forward Work Programme"),  # printed without a header
]


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("0fsted", " Ofsted").lower()


def _check(document, expected):
    got = [(p.kind, p.page_start, p.page_end, p.agenda_number) for p in document.parts]
    assert got == [e[:4] for e in expected]
    for part, (*_, words) in zip(document.parts, expected, strict=True):
        assert _norm(words) in _norm(part.title), (part.title, words)
        assert part.rule.startswith("parts.") and part.rule.endswith(".v1")


def _check_ranges(document):
    """The parts cover the pack in order; consecutive parts meet or share one page."""
    parts = document.parts
    assert parts[0].page_start == 1 and parts[-1].page_end == document.page_count
    for before, after in itertools.pairwise(parts):
        assert before.page_start <= before.page_end
        assert after.page_start in (before.page_end, before.page_end + 1), (before, after)


def test_cabinet_2017_parts(cabinet_2017):
    _check(cabinet_2017, CABINET_2017)
    _check_ranges(cabinet_2017)


def test_committee_2012_parts(committee_2012):
    _check(committee_2012, COMMITTEE_2012)
    _check_ranges(committee_2012)


def test_cabinet_2017_reports_are_agenda_items_6_to_12(cabinet_2017):
    reports = [p for p in cabinet_2017.parts if p.kind == "report"]
    assert [p.agenda_number for p in reports] == [str(n) for n in range(6, 13)]


@pytest.mark.parametrize("page,text", [
    (14, "Subject: Children's Services Integration Project"),  # the report starts mid-page ...
    (14, "(Duration of meeting"),  # ... under the end of the minutes
    (23, "Purpose of Report"),
    (65, "Wiltshire Council Business Plan 2017-2027"),
    (124, "Addendum to Wiltshire Councils Digital Strategy"),
])
def test_cabinet_2017_shared_and_first_pages_hold_the_papers(cabinet_2017, page, text):
    """The page numbers above are physical pages: the text is really printed there."""
    assert text in cabinet_2017.page(page).text


def test_shared_pages_only_where_a_paper_starts_mid_page(cabinet_2017, committee_2012):
    for document in (cabinet_2017, committee_2012):
        for before, after in itertools.pairwise(document.parts):
            if after.page_start == before.page_end:
                body = [ln for ln in document.page(after.page_start).lines if not ln.furniture]
                # the page has lines of the earlier part above the new part's first line
                assert len(body) > 1


@pytest.mark.parametrize("fixture,kind", [
    ("service_plan_2022", "report"),
    ("parenting_2023", "report"),
    ("business_plan_2022", "document"),
])
def test_single_documents_are_one_part(request, fixture, kind):
    document = request.getfixturevalue(fixture)
    assert [(p.kind, p.page_start, p.page_end) for p in document.parts] == [(kind, 1, document.page_count)]
    assert document.parts[0].title == document.meta.title
