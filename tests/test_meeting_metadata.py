"""Meeting metadata from the page (issue 16, §4): the council the document names itself, the
body of the meeting (never a weekday), the date of the meeting the record is of — and where the
page cannot tell, the manifest's council, with ``council_source`` saying which.

The council is read from the document's first lines before its text: a parish's minutes name
the district council that decides its planning applications more often than their own
letterhead, and a county's minutes name the parish councils its visitors come from."""

from __future__ import annotations

import sqlite3

import pytest
from pdfgen import make_pdf, text_page

from council_plans.build import build, prepare
from extractor import extract
from rules.documents import (
    body_name,
    council_name,
    deciding_body,
    documents_pack,
    opening_date,
    whole_council_body,
)
from rules.engine import apply_rules

LAYOUTS = {
    # A county's letterhead in capitals; the minutes heading wraps its date onto a second line.
    "county_letterhead_in_capitals": (
        ["**EASTMOOR COUNTY COUNCIL", "**CABINET",
         "MINUTES of a meeting of the Cabinet held in the Council Chamber, Shire Hall, Eastmoor on Thursday, 6 February",
         "2025.", "", "PRESENT: Mr B Ross (Chairman), Mrs D Kaye", "", "**41. Waste Strategy",
         "RESOLVED that the waste strategy be adopted."],
        ("Eastmoor County Council", "Cabinet", "2025-02-06")),
    # A parish letterhead; its text names the district council three times.
    "parish_naming_its_district": (
        ["**THORNBY PARISH COUNCIL", "Minutes of the meeting held at 7.15pm on Monday 10th March 2025 in the Reading Room",
         "", "Present: Cllrs W Ash, V Cole", "",
         "1. Planning: the plans for Mill Farm had gone to Swaledale District Council. Swaledale District Council "
         "asked for comments by Friday and Swaledale District Council will decide in April. It was resolved to "
         "support the plans."],
        ("Thornby Parish Council", "Parish Council", "2025-03-10")),
    # Visitors named with their parish councils; the county is the document's.
    "councillors_of_other_councils": (
        ["**Minutes of the meeting of the Dales Area Committee held on Wednesday 5 March 2025 at 10.00 am", "",
         "Present: County Councillors R Pike (Chair), S Tait",
         "In attendance: Councillor A Moor of Aysgill Parish Council, Councillor B Lund of Aysgill Parish Council, "
         "Councillor C Hay of Aysgill Parish Council", "",
         "1. Bridges: The Committee resolved to repair Low Bridge. Wensley County Council will fund the work."],
        ("Wensley County Council", "Dales Area Committee", "2025-03-05")),
    # A council outside the UK: "Township of ...", a date with the month first, a title ending in MINUTES.
    "township_minutes": (
        ["**THE CORPORATION OF THE TOWNSHIP OF PINE HOLLOW", "**REGULAR MEETING OF COUNCIL MINUTES",
         "Tuesday, March 4, 2025 at 6:30 p.m., Council Chambers", "",
         "Present: Mayor J. Lau, Councillors D. Eng, F. Roth", "",
         "R2025-040 D. Eng, F. Roth", "THAT Council approve the winter road report.", "CARRIED."],
        ("Township of Pine Hollow", "Council", "2025-03-04")),
    # A weekday printed over the heading is not the body; a council named only in the attendance
    # line ("Cllrs P, Q of Elmford Town Council") is the councillors', not the document's.
    "weekday_over_the_heading": (
        ["**Wednesday", "**Minutes of the meeting held on Wednesday 2 April 2025", "",
         "Present: Cllrs P, Q of Elmford Town Council", "", "1. Flags: It was resolved to fly the county flag."],
        (None, None, "2025-04-02")),
    # The clerk's abbreviation for the council meeting, and the date after "Meeting Minutes".
    "clerks_abbreviation": (
        ["**PC Meeting Minutes 9th June 2021 (via Zoom)", "Present: Cllrs G Roe, H Sim",
         "1. Apologies: none.", "2. Hedges: It was resolved to write to the landowner."],
        (None, "Parish Council", "2021-06-09")),
    # A record of decision: the body is the maker's role, without the person.
    "record_of_decision": (
        ["**HARTSHIRE COUNTY COUNCIL – RECORD OF DECISION", "", "DECISION TAKEN BY:",
         "Omar Reid, Cabinet Member for Highways", "", "Title of Decision: Bus Lane Review", "", "Decision:",
         "As Cabinet Member for Highways, I agree to:", "APPROVE the bus lane review.", "",
         "Reason(s) for decision:", "The lanes are little used."],
        ("Hartshire County Council", "Cabinet Member for Highways", None)),
    # The date of the meeting, not of the minutes it approves.
    "minutes_approved_of_an_earlier_meeting": (
        ["**Fenwick Town Council",
         "**Minutes of the Full Council meeting held on Monday 7 April 2025 at 7pm", "",
         "1. Minutes: The minutes of the meeting held on 10 March 2025 were approved.",
         "2. Bins: It was resolved to buy two litter bins."],
        ("Fenwick Town Council", "Full Council", "2025-04-07")),
    # A parish's web page: the month first, an ordinal and no comma ("Friday June 6th 2025").
    "month_first_with_an_ordinal": (
        ["Minutes of the meeting held in the Chapel Room on Friday June 6th 2025 at 7 p.m.",
         "Present were Mr A Dunn, Mrs B Earl and the Clerk.", "",
         "The minutes of the previous meeting were approved and signed."],
        (None, None, "2025-06-06")),
    # A page headed by its date and the kind of meeting, the minutes' own heading after it.
    "date_then_the_kind_of_meeting": (
        ["6 June 2025 Extraordinary Meeting ASHDON COUNCIL MINUTES OF THE PARISH COUNCIL EXTRA ORDINARY",
         "MEETING 7:30pm on the 6th June 2025 at the Chapel Room Present: Cllr A Dunn (Chair), Cllr B Earl.",
         "25/051 Hall roof It was RESOLVED to accept the lowest quote."],
        # its "Present:" run into the line makes it a meeting's record (round 7), so the body its
        # heading names by kind is read, as on the Chapel St Leonards page it is modelled on
        (None, "Parish Council", "2025-06-06")),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_meeting_metadata_from_the_page(tmp_path, name):
    rows, (council, body, meeting_date) = LAYOUTS[name]
    reading, _ = prepare(extract(make_pdf(tmp_path / f"{name}.pdf", [text_page(rows)])), None)
    apply_rules(reading)  # the minutes' own heading gives the meeting's body and date, as in a build
    meta = reading.meta
    assert (meta.council, meta.body, meta.meeting_date) == (council, body, meeting_date)
    # The county named only in a sentence of the minutes is counted from the text, not read as
    # the document's heading.
    source = "text" if name == "councillors_of_other_councils" else "page"
    assert meta.council_source == (source if council else "unknown")


def test_where_the_page_cannot_tell_the_manifest_names_the_council(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "zoom.pdf", [text_page(LAYOUTS["clerks_abbreviation"][0])])
    make_pdf(corpus / "letterhead.pdf", [text_page(LAYOUTS["parish_naming_its_district"][0])])
    (corpus / "manifest.json").write_text(
        '[{"file": "zoom.pdf", "publisher": "Roeford Parish Council", "body": "Parish Council"},'
        ' {"file": "letterhead.pdf", "publisher": "jsmith", "body": "Parish Council"}]')
    build(corpus, tmp_path / "plans.db", jobs=1)
    rows = sqlite3.connect(tmp_path / "plans.db").execute(
        "select file, council, council_source from documents order by file").fetchall()
    # the page names its council: the manifest's "publisher" (a file's Author) does not win
    assert rows == [("letterhead.pdf", "Thornby Parish Council", "page"),
                    ("zoom.pdf", "Roeford Parish Council", "manifest")]


@pytest.mark.parametrize("captured", ["1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms Council", "Room 101 Parish Council"])
def test_an_id_or_a_name_with_figures_is_no_council(captured):
    assert council_name(documents_pack(), captured) is None
    assert council_name(documents_pack(), "Elmford Town Council") == "Elmford Town Council"


@pytest.mark.parametrize("printed,council,body", [
    ("Tuesday", None, None), ("Tuesday 4 March 2025", None, None),
    ("TC Meeting", None, "Town Council"), ("Full Council Meeting", None, "Full Council"),
    ("Ana Cruz, Leader of the Council", None, "Leader of the Council"),
    ("Smith, Jones and Partners", None, "Smith, Jones and Partners"),
    ("Wellby Fire and Rescue Authority - Audit Committee", None, "Audit Committee"),
    ("Wellby Parish Council", "Wellby Parish Council", "Parish Council"),
    ("Cairn and Lochside Council", "Cairn and Lochside Council", "Council"),
    ("Dunmore Police and Crime Panel", "Dunmore Police and Crime Panel", "Police and Crime Panel"),
    # the record's own name and the kind of meeting before the body are not the body
    ("Minutes Full Council", None, "Full Council"), ("That the minutes of the Council", None, "Council"),
    ("special Meeting of the Wellby Parish Council", "Wellby Parish Council", "Parish Council"),
    # a principal council meeting as itself is the "Council" meeting, as its meeting system names it
    ("Marlow Vale City Council", "Marlow Vale City Council", "Council"),
    # running text captured as a body is none
    ("ordinary meeting of Council on 11 July 2011. Minutes: Council resolved to approve", None, None),
    ("WCC Draft Minutes 12.01.2012_2_ Powered By Docstore", None, None),
    ("Corporate Director Resources & Section 151 Officer", None, "Corporate Director Resources & Section 151 Officer"),
])
def test_body_names(printed, council, body):
    assert body_name(printed, council) == body


def test_a_meeting_that_was_held_and_a_councillor_at_a_line_end(tmp_path):
    # "The Monthly Meeting of the Council was held on ..."; a councillor's surname at the end
    # of the attendance line over "Council Employees Present" is no council.
    rows = ["The Monthly Meeting of the Council was held on Thursday 5th June 2025 at 7pm in the Hall",
            "Present: Chair Cllr. D Rees, Cllr. P Lowe, Cllr. H Morgan",
            "Council Employees Present: Clerk S Pryce", "",
            "41/25 Grants: It was resolved to give the youth club £250."]
    reading, _ = prepare(extract(make_pdf(tmp_path / "held.pdf", [text_page(rows)])), None)
    apply_rules(reading)
    assert (reading.meta.council, reading.meta.body, reading.meta.meeting_date) == (None, "Council", "2025-06-05")


def test_a_kind_of_meeting_alone_is_no_body():
    assert body_name("Ordinary") is None and body_name("Extraordinary") is None
    assert body_name("Ordinary Council") == "Ordinary Council"


@pytest.mark.parametrize("text,council,body", [
    # a decision page that prints no heading says who decided, most often as the subject
    ("Minutes: RESOLVED: That Cabinet approves the policy.\nIn reaching the decision below, Cabinet agreed to"
     " delegate the award.\nThe Scrutiny Committee noted the report.", None, "Cabinet"),
    ("B Subject to recommendation by the Scrutiny Committee, Cabinet endorsed the protocol; Cabinet agreed that the"
     " group is renamed.", None, "Cabinet"),
    # a parish's "the Council resolved" is its own meeting
    ("The Council resolved to pay the clerk. The Council agreed the budget.", "Wellby Parish Council", "Parish Council"),
    # another council deciding in a parish's minutes is not the parish's body, nor "the Committee" any body
    ("Ashvale District Council approved the application. The Committee agreed to meet again.",
     "Wellby Parish Council", None),
    # a sentence never passes for a name: at most four capitalised words before the kind of body
    ("That, as set out at the Council meeting of 5 May, the report be noted.", None, None),
    ("It was noted that As Set Out At The Highways Committee agreed", None, "Highways Committee"),
])
def test_the_body_that_decides_where_no_heading_names_one(text, council, body):
    assert deciding_body(documents_pack(), text, council) == body


def test_a_council_that_meets_as_a_whole_is_its_own_meetings_body_and_a_principal_council_is_not_guessed():
    pack = documents_pack()
    assert whole_council_body(pack, "Wellby Parish Council") == "Parish Council"
    assert whole_council_body(pack, "Glenmoor Community Council") == "Community Council"
    assert whole_council_body(pack, "Wellby Fire and Rescue Authority") == "Fire and Rescue Authority"
    assert whole_council_body(pack, "Ashvale District Council") is None  # any of its committees
    assert whole_council_body(pack, None) is None


def test_minutes_that_name_no_body_and_a_news_story_about_a_council(tmp_path):
    minutes = ["**Glenmoor Community Council", "Present: A Dunn (Chair), B Earl, C Fox", "Apologies: D Gray",
               "3. Hall: It was agreed that the secretary order new chairs."]
    news = ["**Glenmoor Community Council backs new hall", "Glenmoor Community Council has said it will back",
            "plans for a new village hall, its chair told the paper on Monday."]
    metas = []
    for name, rows in (("minutes", minutes), ("news", news)):
        reading, _ = prepare(extract(make_pdf(tmp_path / f"{name}.pdf", [text_page(rows)])), None)
        apply_rules(reading)
        metas.append((reading.meta.council, reading.meta.body))
    assert metas == [("Glenmoor Community Council", "Community Council"), ("Glenmoor Community Council", None)]


@pytest.mark.parametrize("text,date", [
    # the opening of a record whose layout no pattern names still carries its meeting's date
    ("Page 1\nGlenmoor Community Council – Draft Minutes of Latest Meeting\nMeeting 7.30pm Monday 3rd December 2018\n"
     "1. Sederunt: A Dunn", "Monday 3rd December 2018"),
    ("Issue - decisions Library Review update 03/07/2018 - Library Review update That Cabinet 1. Noted", "03/07/2018"),
    # not a date the words before it give to something else
    ("Minutes Template ASHVALE AUTHORITY PUBLICATION: 15 SEPTEMBER 2017 DEADLINE FOR CALL-IN: 25 SEPTEMBER 2017 "
     "At a meeting held on Friday, 8th September, 2017", "Friday, 8th September, 2017"),
    ("The minutes of the previous meeting held on 4 March 2019 were approved.", None),
    ("Hall update. The next meeting is to be held on 4 March 2019.", None),
])
def test_the_date_in_the_opening_of_a_record(text, date):
    assert opening_date(documents_pack(), text) == date
