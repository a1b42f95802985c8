"""Meeting metadata from the page, round 7 (issue 16 §4, issue 19): the council, body and date of
a meeting record as its own heading gives them, read on batches 1-14 by family.

* council: a summons "requested to attend a Meeting of X Council to be held in ...", a heading
  name followed by its venue ("... Community Council in the Town Hall"), a name run into the date
  after it ("Humberside Fire Authority24 June 2011"), a kind word misprinted inside a body's
  name ("Hatfield and Distict Group Parish Council");
* date: a summons's date, a notice's "X MEETING TO BE HELD ON <date>" before the minutes its
  agenda lists, a page dated when it was sent then "Meeting of the Council <date>", the minutes'
  heading run into a banner or a title, "held 20TH May 2024", an ordinal printed apart;
* body: a labelled attendance run into a line makes a page a meeting's record, the minutes a
  resolution approves, "MINUTE of MEETING of the X COMMITTEE", "<council> <body> Meeting <date>",
  "Meeting of the <body> <date>", "<body> - Minutes and Decision Record – <date>".

Real pages of the committed first-sight batches (``tests/firstsight``, batches 1-14; batch 15 is
held out) and pages made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page
from test_councils_r5 import real

from extractor import extract
from rules.councils.register import resolve_name
from rules.engine import read

# --- the council ---------------------------------------------------------------------------


def test_a_summons_requesting_members_to_attend_names_its_council_in_its_heading():
    # "You are hereby requested to attend a Meeting of Coleraine Borough Council to be held in the
    # Council Chamber ...": read as running text before, and then the town clerk it names made a
    # principal council counted from the text no council of the document's (unknown).
    reading = real("batch-12", "coleraine-council-agenda-2008-06-24")
    assert reading.meta.council_source == "page"
    assert reading.council.id == "coleraine"


def test_a_heading_name_followed_by_its_venue_is_still_the_heading():
    # "MINUTES of the Meeting of the Royal Burgh of / Kirkcudbright Community Council in the Town
    # Hall, Kirkcudbright on Wednesday 8 October 2014": "in the Town Hall" read as prose before.
    reading = real("batch-14", "kirkcudbright-cc-2014-10-08")
    assert reading.council.name == "Royal Burgh of Kirkcudbright Community Council"
    assert reading.meta.meeting_date == "2014-10-08"
    assert reading.meta.body == "Community Council"


def test_a_name_run_into_the_date_after_it_is_read_whole():
    # "Humberside Fire Authority24 June 2011 Representing East Riding of Yorkshire Council: ..."
    reading = real("batch-14", "humbersidefire-authority-2011-06-24")
    assert reading.council.id == "humberside-fire-authority"


def test_a_kind_word_misprinted_inside_a_bodys_name_is_kept_mended():
    # "Hatfield and Distict Group Parish Council" at the head of its minutes: kept as printed
    # before, another body's name than the one the parish uses.
    assert real("batch-12", "hatfield-district-gpc-2015-09-01").council.name == \
        "Hatfield and District Group Parish Council"
    assert resolve_name("Upton and Distict Parish Council").name == "Upton and District Parish Council"


def test_a_summons_heading_and_venue_made_here(tmp_path: Path):
    lines = ["You are hereby requested to attend a Meeting of Wensley Borough Council to be",
             "held in the Council Chamber on Tuesday 24 June 2008 at 7.30 p.m.", "",
             "1. Apologies", "2. Minutes of the meeting held on 27 May 2008"]
    reading = read(extract(make_pdf(tmp_path / "summons.pdf", [text_page(lines)])))
    assert (reading.meta.council, reading.meta.council_source) == ("Wensley Borough Council", "page")
    assert reading.meta.meeting_date == "2008-06-24"
    # a name running on into a sentence is still no heading
    prose = ["Wensley Borough Council to consider the bins was agreed by all.", "",
             "Present: Councillors A Brown and C Davies"]
    reading = read(extract(make_pdf(tmp_path / "prose.pdf", [text_page(prose)])))
    assert reading.meta.council_source != "page"


# --- the date ------------------------------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "date"), [
    # "2 December 2011 Meeting of the Council Monday, 12 December 2011 at 6.30 pm": the first date
    # is the day the agenda was sent (read before)
    ("batch-13", "warrington-council-agenda-2011-12-12", "2011-12-12"),
    # "summoned to attend a meeting of the Trimdon Foundry Parish Council at May Crescent Community
    # House on Tuesday 12th September 2017"
    ("batch-13", "trimdonfoundry-pc-agenda-2017-09-12", "2017-09-12"),
    # "invited to attend a meeting of the Ards and North Down Borough Council which will be held in
    # the Council Chamber, ... Bangor on Wednesday, 27 March 2019"
    ("batch-6", "ardsnorthdown-council-agenda-2019-03-27", "2019-03-27"),
    # "... AUTHORITY MEETING TO BE HELD ON FRIDAY 18 / DECEMBER 2009", before the minutes of the
    # committees the agenda lists (their date was read before)
    ("batch-11", "westyorkshirefire-authority-agenda-2009-12-18", "2009-12-18"),
    # "July 2020 Minutes Approved Minutes of the Billingborough Parish Council Meeting held via Zoom
    # on Tuesday 7th July 2020"
    ("batch-7", "billingborough-pc-2020-07-07", "2020-07-07"),
    # a banner before the heading: "... Size:1020Kb MICKLE TRAFFORD & DISTRICT PARISH COUNCIL MINUTES
    # OF THE PLANNING MEETING HELD ON THE 5 OCTOBER 2009"
    ("batch-5", "mickletrafford-pc-planning-2009-10-05", "2009-10-05"),
    # an ordinal printed apart: "on Thursday, 9 th October 2008"
    ("batch-8", "deviock-pc-2008-10-09", "2008-10-09"),
    # "MINUTES OF THE ANNUAL COUNCIL MEETING HELD 20TH May 2024" (no "on")
    ("batch-6", "weltonlemarsh-pc-agm-2024-05-20", "2024-05-20"),
    # kept: "To confirm and authorise the signing of the Minutes of the / meeting of the Council held
    # on 4 February 2020" wraps to start a line; the summons's own date is the meeting's
    ("batch-14", "birmingham-council-agenda-2020-02-25", "2020-02-25"),
])
def test_the_date_of_the_meeting_the_record_is_of(batch: str, slug: str, date: str):
    assert real(batch, slug).meta.meeting_date == date


def test_the_minutes_a_record_approves_give_no_date_made_here(tmp_path: Path):
    lines = ["Present: Councillors A Brown and C Davies", "",
             "3. Minutes of the previous meeting held on 4 May 2020 were approved.",
             "The minutes of the meeting held on 6 April 2020 were signed."]
    reading = read(extract(make_pdf(tmp_path / "approved.pdf", [text_page(lines)])))
    assert reading.meta.meeting_date not in {"2020-05-04", "2020-04-06"}
    heading = ["Approved Minutes of the Wensley Parish Council Meeting held via Zoom on Tuesday 7th July 2020",
               *lines]
    reading = read(extract(make_pdf(tmp_path / "heading.pdf", [text_page(heading)])))
    assert reading.meta.meeting_date == "2020-07-07"


# --- the body ------------------------------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "body"), [
    # "... (Agenda is below the minutes) PRESENT: Councillors A Wilson": read as no meeting's record
    ("batch-13", "swaton-pc-2022-11-22", "Parish Council"),
    # "RESOLVED that the minutes of the Cabinet meeting held on 11 May 2022 ..."
    ("batch-14", "cornwall-cabinet-2022-06", "Cabinet"),
    # "To approve the minutes of the Council" (read whole before)
    ("batch-12", "centralbeds-council-2012", "Council"),
    # "MINUTE of MEETING of the INFRASTRUCTURE SERVICES COMMITTEE held in the Town and ..."
    ("batch-8", "angus-infrastructure-committee-2009-01-20", "Infrastructure Services Committee"),
    # "Merton Council Cabinet Meeting 30 July 2018"
    ("batch-11", "merton-cabinet-2018-07-30", "Cabinet"),
    # "BIRMINGHAM CITY COUNCIL MEETING OF THE CITY COUNCIL TUESDAY, 25 / FEBRUARY 2020"
    ("batch-14", "birmingham-council-agenda-2020-02-25", "City Council"),
    # "Constitution Committee - Minutes and Decision Record – 4 March 2019"
    ("batch-14", "hartlepool-constitution-committee-2019-03-04", "Constitution Committee"),
    # kept: a council's name that is its committee's ("West of England Combined Authority
    # Committee") is not cut to "Committee"; "Minutes of the Hormead Parish / Council Meeting
    # Thursday 17 January 2019" is the parish's meeting, not a "Council" line
    ("batch-2", "westofengland-ca-committee-2017-09-15", "West of England Combined Authority Committee"),
    ("batch-10", "hormead-pc-2019-01-17", "Parish Council"),
])
def test_the_body_the_record_is_of(batch: str, slug: str, body: str):
    assert real(batch, slug).meta.body == body


def test_the_date_printed_first_is_the_meetings():
    """A meeting system's header ("Agenda and minutes / Cabinet / Wednesday, 17th July, 2019
    4.00 pm / Venue: ...") comes before the item approving the last meeting's minutes ("11. /
    Minutes of the meeting held on 12 June 2019"): the header's date is the meeting's, whichever
    layout the pack lists first (St Helens, batch 17, after its first sight was recorded)."""
    from rules.documents import _earliest_group, _first_group, documents_pack

    pack = documents_pack()
    text = ("Agenda and minutes\nCabinet\nWednesday, 17th July, 2019 4.00 pm\nVenue: Room 10\n"
            "11.\nMinutes of the meeting held on 12 June 2019\nMinutes:\n")
    assert _first_group(pack, pack.dates, text, "date") == "12 June 2019"  # the pack's order alone
    assert _earliest_group(pack, pack.dates, text, "date").startswith("Wednesday, 17th July, 2019")
