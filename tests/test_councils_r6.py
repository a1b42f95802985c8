"""Round 6 of "never another council" (issue 19), fitted on batches 14 and 15 after their first
sight was recorded: a principal council named once in a small council's minutes, a possessive
("X Council's plan"), a joint body's "Representing X Council:" lines and a model document's
"PARISH OR TOWN COUNCIL" are no council of the document's; a name joining two places with "&"
is read whole.

Real pages of first-sight batches 14 and 15 (``tests/firstsight``) and a page made here.
"""

from __future__ import annotations

from pathlib import Path

from pdfgen import make_pdf, text_page
from test_councils_r5 import real

from extractor import extract
from rules.councils.mentions import document_council, mentions


def test_a_principal_council_mentioned_once_in_minutes_that_never_name_themselves_is_not_theirs():
    # Marazion Town Council's minutes print no council's name but "tabled a Cornwall Council
    # review paper" once: read as Cornwall's before.
    assert real("batch-15", "marazion-tc-2020-02-25").council.id == "unknown"


def test_a_possessive_names_the_councils_thing_not_the_document():
    # Rousay, Egilsay and Wyre Community Council's minutes: "Orkney Islands Council's (OIC)
    # Corporate Strategic Plan 2013-18 states ...": read as Orkney Islands Council's before.
    assert real("batch-15", "rousay-cc-2013-09-10").council.id != "orkney-islands"


def test_a_joint_bodys_representing_lines_are_affiliations():
    # Humberside Fire Authority's minutes list "Representing North East Lincolnshire Council:
    # Councillors ...": read as North East Lincolnshire's before.
    assert real("batch-14", "humbersidefire-authority-2011-06-24").council.id != "north-east-lincolnshire"


def test_a_model_documents_placeholder_names_no_council():
    # A county association's model summons: "PARISH OR TOWN COUNCIL MEETING".
    assert real("batch-15", "walc-model-summons-agenda").council.id == "unknown"


def test_a_name_joining_two_places_with_an_ampersand_is_read_whole():
    # "Minutes of a meeting of Sandsting & Aithsting Community Council held in Bixter ...":
    # read as "Aithsting Community Council" before (another body's name).
    council = real("batch-15", "sandsting-aithsting-cc-2019-09-09").council
    assert council.name == "Sandsting & Aithsting Community Council"


def test_a_council_counted_from_running_text_needs_two_mentions_or_one_in_the_first_lines(tmp_path: Path):
    body = ["Present: Councillors A Brown and C Davies", "Apologies: Councillor E Fox",
            "In attendance: the Clerk", "", "1. Minutes of the last meeting were approved.", "",
            "2. The clerk reported that Wensley District Council had replied about the bins."]
    document = extract(make_pdf(tmp_path / "once.pdf", [text_page(body)]))
    assert document_council(mentions(document)) == (None, "unknown")
    twice = [*body, "Wensley District Council will collect the bins weekly from May."]
    document = extract(make_pdf(tmp_path / "twice.pdf", [text_page(twice)]))
    assert document_council(mentions(document)) == ("Wensley District Council", "text")
    # once, but where a document names itself: its first lines
    top = ["Present: Councillors A Brown and C Davies.", "", "Thornby Town Council noted the accounts for April.",
           "", "1. Minutes of the last meeting were approved."]
    document = extract(make_pdf(tmp_path / "top.pdf", [text_page(top)]))
    assert document_council(mentions(document)) == ("Thornby Town Council", "text")
