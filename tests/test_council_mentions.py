"""Where and as what a page names a council (rules/councils/mentions.py, the councils pack's
``mentions``): a name counts as the document's own in its heading or as its own subject, never
where it is another body the document writes to, works with or reports on, nor where it is
someone's council. Real pages of the first-sight batches 2-6 (each was read as another council
before), and generated pages for the forms of a name read whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page

from extractor import extract
from rules.councils.mentions import document_council, mentions
from rules.engine import read

FIRSTSIGHT = Path(__file__).parent / "firstsight"


def real(batch: str, slug: str, with_url: bool = False):
    """The reading of a first-sight page: from its pages alone, or with the manifest a fetch
    would write (its source_url only)."""
    document = extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf")
    document.file, document.id = f"{slug}.pdf", slug
    gold = json.loads((FIRSTSIGHT / batch / "gold" / f"{slug}.gold.json").read_text(encoding="utf-8"))
    manifest = {"file": document.file, "source_url": gold["source_url"]} if with_url else None
    return read(document, manifest)


# (batch, slug, the council it was read as before: never again)
ANOTHER_BODYS = [
    # "had to notify its tax base calculations to Essex County Council" (a recipient)
    ("batch-3", "maldon-council-taxbase-2023", "essex"),
    # "contrary to the views of Chipperfield Parish\nCouncil" (the parish a planning decision is about)
    ("batch-3", "dacorum-planning-chipperfield", "chipperfield-parish-council"),
    # "a Member of, and the Mayor of, Huntingdon Town Council" (a councillor's other council)
    ("batch-5", "huntingdonshire-cabinet-2016-11", "huntingdon-town-council"),
    # "Leadley - Member of Morley Town Council" (declarations of interest)
    ("batch-6", "leeds-council-2007-01-17", "morley-town-council"),
    # "Councillor Les Sharp, Clackmannanshire Council" (an attendance line)
    ("batch-6", "menstrie-cc-2013-10-08", "clackmannanshire"),
    # "undertaken by the Argyll and Bute Council", "political leaders in Argyll and Bute Council"
    ("batch-6", "ascc-board-2009-06-27", "argyll-and-bute"),
    # a newspaper's story: "MEMBERS of Neyland Town Council have agreed ..."
    ("batch-4", "neyland-news-christmas-lights-2020", "neyland-town-council"),
    # "Warwickshire's Police and Crime Panel, which is responsible ...": the county's panel, no name
    ("batch-2", "warwickshire-pcp-blog-2018", "warwickshires-police-and-crime-panel"),
]


@pytest.mark.parametrize("batch,slug,never", ANOTHER_BODYS, ids=[s for _, s, _ in ANOTHER_BODYS])
def test_a_council_named_as_another_body_or_someones_is_never_the_documents(batch, slug, never):
    reading = real(batch, slug)
    assert reading.council.id != never
    # these pages print their own council nowhere (Huntingdonshire's only in its contact's
    # e-mail address): unknown, never another
    assert reading.council.id == ("huntingdonshire" if slug.startswith("huntingdonshire") else "unknown")


@pytest.mark.parametrize("batch,slug,council", [
    ("batch-3", "maldon-council-taxbase-2023", "maldon"),
    # the parish it names as the body it is about no longer hides the district's site
    ("batch-3", "dacorum-planning-chipperfield", "dacorum"),
    ("batch-5", "huntingdonshire-cabinet-2016-11", "huntingdonshire"),
])
def test_where_the_page_names_only_other_bodies_the_site_gives_the_council(batch, slug, council):
    assert real(batch, slug, with_url=True).council.id == council


@pytest.mark.parametrize("batch,slug,council", [
    # in capitals, joined by "&", after a bigger title line ("Minutes AGM 10 June 2013"); the
    # community council it worked "jointly with" is not it
    ("batch-3", "ardgay-cc-agm-2013-06-10", "ardgay-and-district-community-council"),
    # a run of capitals in a line that goes on: "KIDWELLY TOWN COUNCIL 18th JANUARY 2011"
    ("batch-3", "kidwelly-tc-2011-01-18", "kidwelly-town-council"),
    # "&" inside a parish's name, the heading of a web page's copy
    ("batch-5", "mickletrafford-pc-planning-2009-10-05", "mickle-trafford-and-district-parish-council"),
    # a summons: "To: All Members of the Exmoor National Park Authority"
    ("batch-5", "exmoor-npa-agenda-2019-01-08", "exmoor-national-park-authority"),
    # "AGENDA MEETING: YORKSHIRE DALES NATIONAL PARK AUTHORITY"
    ("batch-6", "yorkshiredales-npa-agenda-2019-06-25", "yorkshire-dales-national-park-authority"),
    # "Minutes from the Sesswick Community Council meeting held at ..."
    ("batch-6", "sesswick-cc-2017-03-20", "sesswick-community-council"),
    # a community council's heading; Stirling Council, which it writes to, is not it
    ("batch-3", "trossachs-cc-2023-07-20", "trossachs-community-council"),
    # "West of England Combined Authority": the words before "of" are a place, not a role
    ("batch-2", "westofengland-ca-committee-2017-09-15", "west-of-england"),
])
def test_the_council_a_page_names_as_itself_is_read_whole(batch, slug, council):
    assert real(batch, slug).council.id == council


def roles(tmp_path: Path, rows: list[str]) -> list[tuple[str, str]]:
    document = extract(make_pdf(tmp_path / "page.pdf", [text_page(rows)]))
    return [(m.name, m.role) for m in mentions(document)]


def test_a_name_wrapped_over_lines_or_joined_by_an_ampersand_is_one_name(tmp_path):
    found = roles(tmp_path, ["LISBURN &", "CASTLEREAGH CITY COUNCIL", "",
                             "The monthly meeting of Lisburn & Castlereagh City", "Council will be held on Tuesday."])
    assert [name for name, _ in found] == ["Lisburn & Castlereagh City Council"] * 2
    assert found[0][1] == "heading"


def test_a_parish_minutes_naming_its_principal_council_is_the_parishs(tmp_path):
    found = roles(tmp_path, ["Minutes of the meeting of Aysgill Parish Council held on 3 March 2025",
                             "Present: Cllr A Moor (Chair), Cllr B Lund", "",
                             "1. Planning: the application had been sent to Wensley District Council. The parish",
                             "wrote with Wensley District Council and Wensley District Council will decide."])
    assert found[0] == ("Aysgill Parish Council", "heading")
    assert {role for name, role in found if name == "Wensley District Council"} == {"other"}
    assert document_council([m for m in mentions(extract(tmp_path / "page.pdf"))]) == ("Aysgill Parish Council", "page")


def test_a_name_in_a_heading_line_that_runs_on_into_a_sentence_is_not_the_heading(tmp_path):
    found = roles(tmp_path, ["Planning Committee", "Councillor Roberts had worked with",
                             "Warndon Parish Council on the Development Plan."])
    assert found == [("Warndon Parish Council", "other")]


def test_text_names_only_decide_when_one_council_is_named_more_often_as_itself(tmp_path):
    rows = ["Report on bins", "", "Wensley District Council will collect bins weekly.",
            "Thornby Town Council will collect bins too."]
    document = extract(make_pdf(tmp_path / "tie.pdf", [text_page(rows)]))
    assert document_council(mentions(document)) == (None, "unknown")
    document = extract(make_pdf(tmp_path / "once-more.pdf", [text_page([*rows, "Wensley District Council agreed."])]))
    assert document_council(mentions(document)) == ("Wensley District Council", "text")


@pytest.mark.parametrize("batch,slug,council", [
    ("batch-3", "westsuffolk-devcontrol-2020-02-05", "west-suffolk"),
    ("batch-6", "southcambs-council-2017-01-26", "south-cambridgeshire"),
    ("batch-6", "southribble-council-2021-01-27", "south-ribble"),
])
def test_a_councils_email_address_in_the_first_lines_names_it_when_the_pages_print_no_name(batch, slug, council):
    found = real(batch, slug).council
    assert (found.id, found.matched_by) == (council, "contact")


def test_an_email_address_gives_no_principal_council_to_another_kind_of_bodys_page(tmp_path):
    rows = ["Minutes of the Parish Council meeting held on 3 March 2025",
            "Clerk: clerk@example.org; planning comments to planning@harrow.gov.uk", "",
            "1. Bins: It was resolved to buy two bins."]
    document = extract(make_pdf(tmp_path / "parish.pdf", [text_page(rows)]))
    assert read(document, None).council.id == "unknown"
    rows[0] = "Minutes of the Planning Committee meeting held on 3 March 2025"
    document = extract(make_pdf(tmp_path / "committee.pdf", [text_page(rows)]))
    assert read(document, None).council.id == "harrow"


def test_a_body_named_for_its_area_is_read_whole_and_a_commissioner_written_to_is_another_body(tmp_path):
    found = roles(tmp_path, ["At a meeting of the Combined Fire Authority for County Durham and Darlington held at",
                             "Belmont on Thursday 12 November 2015.", "",
                             "The Authority wrote to the Police and Crime Commissioner for Durham about it."])
    assert found == [("Combined Fire Authority for County Durham and Darlington", "heading"),
                     ("Police and Crime Commissioner for Durham", "other")]
