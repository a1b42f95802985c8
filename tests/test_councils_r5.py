"""Round 5 of "never another council" (issue 19) and the meeting's own metadata (issue 16 §4): a
venue, an agenda item's subject and a name printed with a place missing are no council of the
document's; a name listed with a comma, joined by "-cum-" or misprinted in its kind word is read
whole; a summons names its council.

Real pages of first-sight batches 8 and 13 (``tests/firstsight``) and names made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from rules.councils.mentions import _names
from rules.councils.register import resolve_name
from rules.documents import documents_pack
from rules.engine import read

FIRSTSIGHT = Path(__file__).parent / "firstsight"


def real(batch: str, slug: str):
    document = extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf")
    document.file, document.id = f"{slug}.pdf", slug
    return read(document, None)


# --- wrong -> unknown ------------------------------------------------------------------------

def test_a_venue_in_another_councils_building_is_not_the_documents_council():
    # "Venue: Olympic Room Aylesbury Vale District Council Gatehouse Road Aylesbury" heads a
    # Thames Valley Police and Crime Panel's minutes: read as Aylesbury Vale before.
    assert real("batch-13", "thamesvalleypcp-panel-2018-06-22").council.id != "aylesbury-vale"


def test_a_combined_authority_an_agenda_item_reports_on_is_not_the_councils_own():
    # Middlesbrough's council minutes: "TEES VALLEY COMBINED AUTHORITY (TVCA) - UPDATE" and "THE
    # MAYOR PROVIDED AN UPDATE ON THE TEES VALLEY COMBINED AUTHORITY" on page 2.
    assert real("batch-13", "middlesbrough-council-2024-11-27").council.id != "tees-valley"


def test_a_parish_name_printed_with_a_place_missing_is_no_body():
    # "Selworthy and Without Parish Council" (the page's text lost "Minehead" of "Minehead
    # Without"): another body's name if read, so none.
    assert real("batch-13", "selworthy-pc-2021-03-15").council.id == "unknown"
    assert resolve_name("Selworthy and Without Parish Council") is None
    assert resolve_name("Selworthy and Minehead Without Parish Council") is not None
    assert resolve_name("Millom Without Parish Council") is not None


# --- unknown -> right ------------------------------------------------------------------------

def test_a_summons_to_attend_a_meeting_of_the_council_names_it():
    # "You are hereby summoned to attend a meeting of the Trimdon Foundry Parish / Council at May
    # Crescent Community House on Tuesday 12th September 2017"
    council = real("batch-13", "trimdonfoundry-pc-agenda-2017-09-12").council
    assert (council.name, council.matched_by) == ("Trimdon Foundry Parish Council", "kind")


def test_a_name_that_lists_its_places_with_a_comma_is_read_whole():
    # "Armagh City, Banbridge and Craigavon Borough Council" was read from "Banbridge", which is
    # part of a longer register name and so no council.
    assert real("batch-8", "armaghbanbridgecraigavon-council-agenda-2016-03-21").council.id == \
        "armagh-city-banbridge-and-craigavon"


@pytest.mark.parametrize("text,name", [
    ("Minutes of the meeting of Fyvie, Rothienorman and Monquhitter Community Council held on 3 May",
     "Fyvie, Rothienorman and Monquhitter Community Council"),
    ("Leek, Cheddleton and Ipstones Parish Council\nMinutes", "Leek, Cheddleton and Ipstones Parish Council"),
    ("Adopted by Shavington-cum-Gresty Parish Council on 4 May 2022", "Shavington-cum-Gresty Parish Council"),
    # someone and their council is no place before a comma
    ("Councillor Smith, Rothienorman and Monquhitter Community Council", "Rothienorman and Monquhitter Community Council"),
    ("Mr Dye, Leek and Ipstones Parish Council", "Leek and Ipstones Parish Council"),
])
def test_a_name_is_read_with_the_place_a_comma_or_a_hyphen_cut_off(text, name):
    assert [n for _, n in _names(documents_pack(), text)] == [name]


def test_a_misprinted_kind_word_is_read_only_when_the_name_is_one_councils():
    found = resolve_name("Sevenoaks Distict Council")
    assert found is not None and found.id == "sevenoaks"
    assert resolve_name("Wiltshire Coucil").id == "wiltshire"
    # a misprint picks no council the name does not already name
    assert resolve_name("Distict Council") is None
    kennet = resolve_name("Kennet Distict Council")  # abolished before the register: kept by its kind
    assert kennet is not None and not kennet.registered
