"""Resolution against recommendation: was what the officers recommended adopted as it was,
amended (and which words changed), or was the resolution not in the report at all?"""

from __future__ import annotations

import sqlite3

import pytest
from pdfgen import make_pdf, text_page

from council_plans.build import build
from rules.meetings.adoption import AMENDED, AS_RECOMMENDED, NOT_IN_REPORT, compare


@pytest.mark.parametrize("resolved,recommended,expected", [
    ("That Cabinet approves the revised charging policy.", "That Cabinet approves the revised charging policy.",
     AS_RECOMMENDED),
    # the framing differs, the decision does not
    ("To approve the revised charging policy.", "Cabinet is recommended to approve the revised charging policy.",
     AS_RECOMMENDED),
    ("Recommendations approved.", "That the Executive approves the grant of £40,000.", AS_RECOMMENDED),
    ("That the outturn of £2.4m be noted.", "That the outturn of £2.1m be noted.", AMENDED),
    ("That the library be closed on Sundays.", "That the leisure centre contract be extended.", NOT_IN_REPORT),
])
def test_compare(resolved, recommended, expected):
    assert compare(resolved, recommended)[0] == expected


def test_an_amendment_shows_the_words_changed_in_context():
    _, diff = compare("That the consultation runs for twelve weeks and closes in May.",
                      "That the consultation runs for eight weeks and closes in April.")
    assert diff == "That the consultation runs for [-eight-] {+twelve+} weeks and closes in [-April.-] {+May.+}"


REPORT = [
    "**Report to: Cabinet", "", "Date of meeting: 15 June 2023", "",
    "**Subject: Revenue Budget Outturn 2022/23", "", "Cabinet Member: Councillor J Bell", "",
    "**Purpose of Report", "To report the outturn of the Council's revenue budget.", "",
    "**Recommendations", "That Cabinet notes an underspend of £2.1m and approves its transfer to reserves.", "",
    "Report Author: A Finch, Head of Finance",
]
MINUTES = [
    "**Minutes of the Cabinet meeting held on 15 June 2023 at 10.00 am in the Council Chamber", "",
    "Present: Councillor J Bell, Councillor K Moss", "",
    "**12 Revenue Budget Outturn 2022/23", "Councillor Bell presented the report.", "",
    "RESOLVED: That Cabinet notes an underspend of £2.4m and approves its transfer to reserves.", "",
    "**13 Library Opening Hours", "Members discussed weekend opening.", "",
    "RESOLVED: That the central library opens on Sundays from September.",
]


def test_resolutions_are_set_against_the_report_for_their_item(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "report.pdf", [text_page(REPORT)])
    make_pdf(corpus / "minutes.pdf", [text_page(MINUTES)])
    build(corpus, tmp_path / "plans.db", jobs=1)
    rows = sqlite3.connect(tmp_path / "plans.db").execute(
        "select decisions.minute_number, decisions.adoption, decisions.adoption_diff, recommendations.text "
        "from decisions left join recommendations on recommendations.id = decisions.recommendation_id "
        "order by decisions.minute_number").fetchall()
    assert rows[0][:2] == ("12", AMENDED)
    assert "[-£2.1m-] {+£2.4m+}" in rows[0][2] and rows[0][3].startswith("That Cabinet notes an underspend of £2.1m")
    # item 13 had no report in the corpus: nothing says what was recommended, so no verdict
    assert rows[1] == ("13", None, None, None)
