"""Meeting metadata from the page, round 4 (issues 16 §4 and 19): a council's name never starts
with an office someone holds or the kind of meeting; the body from more title-block families;
the meeting's date, not the previous minutes' or the one a meeting was moved from. Real pages
of first-sight batches 1-10 (``tests/firstsight``); each case was wrong or missing before."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from council_plans.score import metadata_right
from extractor import extract
from rules.documents import body_name, council_name, documents_pack
from rules.engine import read
from rules.reading import Reading

FIRSTSIGHT = Path(__file__).parent / "firstsight"


@functools.cache
def reading(batch: str, slug: str) -> Reading:
    return read(extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf"), None)


# --- the council ------------------------------------------------------------------------------

@pytest.mark.parametrize("printed", [
    "Vice Chair of Cleveland Fire Authority", "Deputy Leader of Cleveland Fire Authority",
    "Chair of Cleveland Fire Authority",
])
def test_an_office_before_a_name_is_no_part_of_it(printed):
    assert council_name(documents_pack(), printed) == "Cleveland Fire Authority"


@pytest.mark.parametrize("printed", ["Reconvened County Council", "Adjourned Town Council", "Budget Council"])
def test_a_kind_of_meeting_before_a_councils_kind_names_no_council(printed):
    assert council_name(documents_pack(), printed) is None


def test_a_fire_authoritys_minutes_naming_the_vice_chairs_office_are_the_authoritys():
    # "... nominations for the position of Vice Chair of Cleveland Fire Authority": an office, read
    # as someone's; the authority itself is named once in its own text
    council = reading("batch-10", "clevelandfire-authority-2009-06-05").council
    assert council.name == "Cleveland Fire Authority"


def test_a_reconvened_county_council_meeting_is_not_a_council_called_reconvened():
    # "Reconvened County Council Meeting, County Council - Thursday, 19th November, 2020": no
    # name; the contact's e-mail address on the county's domain names the council
    council = reading("batch-10", "cumbria-council-2020-11-19").council
    assert "Reconvened" not in council.name
    assert council.register_code == "CMA"


# --- the body ---------------------------------------------------------------------------------

@pytest.mark.parametrize("batch,slug,body", [
    # "Minutes of the Extra Ordinary meeting of Quadring Parish Council held on"
    ("batch-7", "quadring-pc-2023-11-16", "Parish Council"),
    # "MINUTES OF KERSEY PARISH COUNCIL ANNUAL MEETING HELD ON"
    ("batch-10", "kersey-pc-agm-2019-05-13", "Parish Council"),
    # "MINUTES OF THE PROCEEDINGS OF THE MEETING OF THE COUNCIL HELD AT MOSSLEY MILL"
    ("batch-10", "antrimnewtownabbey-council-2020-10-26", "Council"),
    # "HERTFORDSHIRE COUNTY COUNCIL MINUTES of the meeting of the County Council held at", not a
    # resolution's "minutes of the meeting of the Council held on 19 July 2005" further down
    ("batch-7", "hertfordshire-council-2005-11-29", "County Council"),
    # "COUNCIL MINUTES of MEETING of STIRLING COUNCIL held in the COUNCIL CHAMBERS"
    ("batch-9", "stirling-council-2008-06-19", "Council"),
    # "CRAIGAVON BOROUGH COUNCIL MINUTES OF COUNCIL MEETING HELD IN THE COUNCIL CHAMBER"
    ("batch-8", "craigavon-council-2015-03-02", "Council"),
    # "Minutes of Meeting of: Council"
    ("batch-7", "fermanaghomagh-council-2016-07-28", "Council"),
    # "At an ADJOURNED meeting of the FULL COUNCIL held at The Gwenllian Centre"
    ("batch-3", "kidwelly-tc-2011-01-18", "Full Council"),
    # "Scottish Borders Council" over "Agenda and minutes": the council meeting as a whole
    ("batch-4", "scottishborders-council-2023-11", "Council"),
    # "Greenwich Council" over "Agenda, decisions and minutes" of the Royal Borough of Greenwich
    ("batch-10", "greenwich-council-2017-12", "Council"),
    # "Agenda for Council on Wednesday, 27th January, 2021, 6.00 pm"
    ("batch-6", "southribble-council-2021-01-27", "Council"),
    # "Meeting Details / Meeting Summary / Perth and Kinross Council / 26 Jun 2024 - 10:30"
    ("batch-5", "perthkinross-council-agenda-2024-06-26", "Council"),
    # "Minutes Full Council Meeting Minutes Wednesday 5 April 2023"
    ("batch-5", "saxilby-pc-2023-04-05", "Full Council"),
    # "MEETING OF POLICE AND CRIME PANEL" over its date
    ("batch-10", "hertfordshire-pcp-2012-10-25", "Police and Crime Panel"),
    # "MINUTES OF THE MEETING OF THE CABINET" over "TUESDAY 13 JANUARY 2015"
    ("batch-8", "eastlothian-cabinet-2015-01-13", "Cabinet"),
])
def test_a_title_block_names_the_body(batch, slug, body):
    found = reading(batch, slug).meta.body
    assert metadata_right("body", body, found), found


@pytest.mark.parametrize("batch,slug,body", [
    # "Parish Council Meeting Zoom meeting due to COVID restrictions": no parish named anywhere
    ("batch-10", "hoarcross-pc-2020-12-08", "Parish Council"),
    # "COMMUNITY COUNCIL / A meeting of the Community Council was held Tuesday night"
    ("batch-9", "llangernyw-cc-2018-02-06", "Community Council"),
    # "... MINUTES OF / THE PARISH COUNCIL EXTRA ORDINARY MEETING"
    ("batch-2", "chapelstleonards-pc-2022-07-25", "Parish Council"),
])
def test_a_meeting_record_naming_no_council_is_the_whole_council_its_heading_names_by_kind(batch, slug, body):
    found = reading(batch, slug).meta.body
    assert metadata_right("body", body, found), found


@pytest.mark.parametrize("batch,slug,body", [
    # "RESOLVED that the Cabinet suspend their support for this process"
    ("batch-1", "bcp-cabinet-suspend-support", "Cabinet"),
    # "Library Review update That Cabinet 1. Noted the outcome"
    ("batch-4", "bristol-cabinet-library-review-2018-07-03", "Cabinet"),
    # "... - NOV22/CAB/46 Cabinet considered the report"
    ("batch-4", "peterborough-cabinet-2022-11-14", "Cabinet"),
    # "The Council received the recommendation of the Cabinet"
    ("batch-4", "dover-council-climate-emergency-2019", "Council"),
])
def test_the_body_a_decision_page_says_decided_or_took_the_report(batch, slug, body):
    found = reading(batch, slug).meta.body
    assert metadata_right("body", body, found), found


@pytest.mark.parametrize("printed,council,body", [
    ("Statutory Annual Meeting of Melton Parish Council", "Melton Parish Council", "Parish Council"),
    ("Council Meeting of the Llanedi Community Council", "Llanedi Community Council", "Community Council"),
    ("Kersey Parish Council Annual", "Kersey Parish Council", "Parish Council"),
    ("THE CABINET", None, "Cabinet"),
])
def test_meeting_kind_words_around_a_council_are_dropped_and_the_council_is_its_kind(printed, council, body):
    assert body_name(printed, council) == body


# --- the date ---------------------------------------------------------------------------------

@pytest.mark.parametrize("batch,slug,date", [
    # "Minutes of the Parish Council Meeting / held on Wednesday 5th July 2023", not item
    # "19/23 Minutes of the meeting held on Wednesday 10th May 2023"
    ("batch-10", "brampfordspeke-pc-2023-07-05", "2023-07-05"),
    # "... held in the Burgh Chambers on / Friday 10th December 2010", not "2. Minutes of
    # Meeting held on 12th November 2010"
    ("batch-10", "burntisland-cc-2010-12-10", "2010-12-10"),
    # "Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018 2.00 pm"
    ("batch-8", "coventry-cabinet-2018-10-02", "2018-10-02"),
    # "Agenda for Council on Wednesday, 27th January, 2021"
    ("batch-6", "southribble-council-2021-01-27", "2021-01-27"),
    # "Meeting Details / Meeting Summary / Cabinet / 27 Nov 2024 - 18:00 to 21:00"
    ("batch-10", "colchester-cabinet-2024-11-27", "2024-11-27"),
    # "MEETING DOCUMENTS / Wednesday, 7th September, 2011 7.30 pm"
    ("batch-4", "tonbridgemalling-council-2011-09-07", "2011-09-07"),
    # "Decisions published / 02/09/2021 - Highways Routine Maintenance"
    ("batch-6", "gloucestershire-cabinetmember-highways-2021-09-02", "2021-09-02"),
    # "Publication date: 23/05/2018 Date of decision: 22/05/2018" run into the page's text
    ("batch-2", "eppingforest-portfolioholder-2018-05-22", "2018-05-22"),
    # "BARTON-ON-THE-HEARTH PARISH COUNCIL MINUTES OF AN ORDINARY GENERAL MEETING HELD ON / THURSDAY 16th JUNE 2005"
    ("batch-8", "bartonontheheath-pc-2005-06-16", "2005-06-16"),
    # "MPC Minutes May 2009 Minutes of the meeting held in the Village Hall on Thursday May 21st
    # 2009": a year before "Minutes" is no agenda item's number
    ("batch-2", "midgham-pc-2009-05-21", "2009-05-21"),
])
def test_the_meetings_own_date(batch, slug, date):
    assert reading(batch, slug).meta.meeting_date == date


def test_a_principal_council_counted_in_a_town_councils_minutes_is_not_theirs():
    from rules.councils.register import UNKNOWN_ID, resolve_document

    town = ("Minutes of the meeting held on 3 March 2024. Present: the Town Mayor. The Town Clerk reported "
            "that Shropshire Council has agreed to resurface the square; Shropshire Council will write.")
    district = "Shropshire Council has agreed to resurface the square; Shropshire Council will write."
    assert resolve_document(council="Shropshire Council", council_source="text", pages_text=town).id == UNKNOWN_ID
    assert resolve_document(council="Shropshire Council", council_source="text", pages_text=district).register_code == "SHR"
    # the council's own heading still names it, whatever its text says of a town council
    assert resolve_document(council="Shropshire Council", council_source="page", pages_text=town).register_code == "SHR"


def test_a_misprinted_heading_name_is_the_spelling_the_document_prints_most():
    from rules.councils.mentions import _spelled_as_printed_most

    printed = ["Wellinton Town Council", "Wellington Town Council", "Wellington Town Council"]
    assert _spelled_as_printed_most("Wellinton Town Council", printed) == "Wellington Town Council"
    # printed as often as the heading's spelling, or another place's name, or another kind: kept
    assert _spelled_as_printed_most("Wellinton Town Council", printed[:2]) == "Wellinton Town Council"
    assert _spelled_as_printed_most("Wellington Town Council",
                                    ["Wellington Town Council", *["Wellingborough Town Council"] * 3]) \
        == "Wellington Town Council"
    assert _spelled_as_printed_most("Wellinton Town Council", ["Wellington Parish Council"] * 3) \
        == "Wellinton Town Council"


@pytest.mark.parametrize("batch,slug,council", [
    # "Lessingham and Hempstead with Eccles Parish Council" over "Minutes of the Parish Council"
    ("batch-9", "lessingham-pc-2017-10-10", "Lessingham and Hempstead with Eccles Parish Council"),
    # "Staffordshire Police, Fire and Crime Panel - Monday 21st June 2021"
    ("batch-9", "staffordshire-pfcp-2021-06-21", "Staffordshire Police, Fire and Crime Panel"),
])
def test_a_name_joined_by_with_or_holding_a_comma_is_read_whole(batch, slug, council):
    assert reading(batch, slug).council.name == council
