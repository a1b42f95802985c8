"""A site that hosts other bodies, or that two councils share, names no council by itself; a name
the text counts, or a heading broken or bilingual, is the document's council only where the page
says so (issue 19: "never another council").

Real pages of first-sight batches 1-8 (``tests/firstsight``) and pages made here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page

from extractor import extract
from rules.councils.register import councils_pack, register, resolve_document, resolve_name
from rules.engine import read

FIRSTSIGHT = Path(__file__).parent / "firstsight"


def real(batch: str, slug: str, source_url: str | None = None, with_url: bool = False):
    """The reading of a first-sight page: from its pages alone, with the manifest a fetch would
    write (its gold ``source_url``), or with another address."""
    document = extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf")
    document.file, document.id = f"{slug}.pdf", slug
    if with_url:
        gold = json.loads((FIRSTSIGHT / batch / "gold" / f"{slug}.gold.json").read_text(encoding="utf-8"))
        source_url = gold["source_url"]
    return read(document, {"file": document.file, "source_url": source_url} if source_url else None)


# --- a site that hosts another body ---------------------------------------------------------

def test_a_police_and_crime_panels_page_on_its_host_countys_site_is_not_the_countys():
    # "The Panel considered a report ... the Terms of Reference for the Durham Police and Crime
    # Panel" on democracy.durham.gov.uk: the site names the host; the page names the panel only
    # as the body its terms are for. It was read as Durham County Council.
    reading = real("batch-8", "durhampcp-panel-terms-of-reference", with_url=True)
    assert reading.council.id == "unknown"


def test_a_panels_page_that_speaks_of_the_commissioner_it_scrutinises_gets_no_council_from_its_host():
    # South Wales' panel on Merthyr Tydfil's site: "a briefing session for Panel members ... prior
    # to the attendance of the Police and Crime Commissioner". Read as if on a host the register
    # knows (Merthyr's own label is not read as a council), it stays unknown.
    reading = real("batch-2", "southwalespcp-panel-2014", "https://democracy.cardiff.gov.uk/ieListDocuments.aspx?MId=1")
    assert reading.council.id == "unknown"


def test_a_councils_own_papers_naming_the_commissioner_it_precepts_for_keep_their_site():
    # Maldon's council tax base names the Police, Fire and Crime Commissioner for Essex and the
    # fire authority: bodies it precepts for, not a panel's meeting. Still Maldon's, by its site.
    assert real("batch-3", "maldon-council-taxbase-2023", with_url=True).council.id == "maldon"


def test_the_hosted_body_rule_reads_the_panel_and_its_commissioner_together():
    site = "https://democracy.cardiff.gov.uk/ieListDocuments.aspx?MId=1"
    assert resolve_document(source_url=site, pages_text="Cabinet agreed the budget.").id == "cardiff"
    assert resolve_document(source_url=site, pages_text="The Police and Crime Panel met.").id == "unknown"
    assert resolve_document(source_url=site, pages_text="Precept of the Police and Crime Commissioner").id == "cardiff"
    assert resolve_document(source_url=site, pages_text="Panel members heard the Police and Crime "
                                                        "Commissioner").id == "unknown"


# --- a site two councils share --------------------------------------------------------------

HIGH_PEAK_SITE = "https://democracy.highpeak.gov.uk/ieListDocuments.aspx?CId=137&MId=2511&Ver=4"


def test_a_shared_services_site_names_the_candidates_and_the_page_must_pick_one():
    # High Peak and Staffordshire Moorlands publish on one meeting system: its host spells High
    # Peak, and Staffordshire Moorlands' cabinet papers were read as High Peak's.
    assert register().resolve_site(HIGH_PEAK_SITE) is None
    assert resolve_document(source_url=HIGH_PEAK_SITE).id == "unknown"
    # the page names one of them as itself: that one
    assert resolve_document(council="Staffordshire Moorlands District Council", council_source="text",
                            source_url=HIGH_PEAK_SITE).id == "staffordshire-moorlands"
    assert resolve_document(council="High Peak Borough Council", council_source="page",
                            source_url=HIGH_PEAK_SITE).id == "high-peak"
    # a name its text counts that is neither (a parish a decision is about): unknown
    assert resolve_document(council="Glossop Parish Council", council_source="text", text="Cabinet",
                            source_url=HIGH_PEAK_SITE).id == "unknown"
    # the partners' shared officers' e-mail addresses pick neither
    assert resolve_document(contact_url="https://highpeak.gov.uk/").id == "unknown"


def test_every_shared_site_names_register_entries():
    entries = register().entries
    for host, codes in councils_pack().shared_sites.items():
        assert len(codes) >= 2 and all(code in entries for code in codes), host


# --- a name the text counts -----------------------------------------------------------------

def test_a_body_a_parishs_minutes_report_on_is_not_the_parish():
    # "Minutes of the Extraordinary Meeting of the Parish Council" (Chagford's, never named) and
    # "Reports d) Dartmoor National Park Authority Forum Meeting": the park's name is the only one
    # the text prints, and the heading says the document is a parish council's. It was read as
    # the national park's.
    for with_url in (False, True):
        assert real("batch-8", "chagford-pc-2019-11-25", with_url=with_url).council.id == "unknown"


@pytest.mark.parametrize("batch,slug,council", [
    # text-counted names of the kind the heading or body gives: still theirs
    ("batch-8", "deviock-pc-2008-10-09", "deviock-parish-council"),
    ("batch-4", "saltash-tc-services-christmas-lights", "saltash-town-council"),
    ("batch-7", "campbeltown-cc-inaugural-2022-10-25", "campbeltown-community-council"),
    ("batch-1", "llansanffraid-cc-2024-05-14", "llansanffraid-glan-conwy-community-council"),
])
def test_a_local_councils_name_its_text_counts_is_still_its_own_where_the_page_speaks_of_its_kind(batch, slug,
                                                                                                   council):
    assert real(batch, slug).council.id == council


def test_a_parish_a_principal_councils_paper_names_throughout_is_not_its_council(tmp_path):
    rows = ["Planning Applications Committee", "Report of the Director of Planning", "",
            "Collington Parish Council objects to the application for 12 houses.",
            "Collington Parish Council says the road is too narrow.",
            "The committee resolved to refuse the application."]
    document = extract(make_pdf(tmp_path / "district.pdf", [text_page(rows)]))
    reading = read(document, None)
    assert reading.meta.council == "Collington Parish Council"  # what the text counts
    assert reading.council.id == "unknown"                      # but the page never says it is a parish's
    rows[0] = "Minutes of the meeting of the Parish Council"
    document = extract(make_pdf(tmp_path / "parish.pdf", [text_page(rows)]))
    assert read(document, None).council.id == "collington-parish-council"


# --- a broken or bilingual heading ----------------------------------------------------------

@pytest.mark.parametrize("printed", [
    # a heading whose first letter the text lost ("Meeting" read "Eeting") before the Welsh name
    "Eeting Awdurdod Parc Cenedlaethol Eryri National Park Authority",
    "Awdurdod Parc Cenedlaethol Eryri National Park Authority",
    "Eryri National Park Authority",
    "Snowdonia National Park Authority",
])
def test_a_welsh_national_parks_bilingual_or_broken_heading_names_the_park(printed):
    found = resolve_name(printed)
    assert found is not None and found.id == "snowdonia-national-park-authority"
    assert found.name == "Snowdonia National Park Authority" and not found.registered


def test_words_before_a_welsh_kind_are_no_part_of_a_community_councils_name():
    found = resolve_name("Agenda Cyngor Cymuned Llansanffraid Glan Conwy Community Council")
    assert found is not None and found.id == "llansanffraid-glan-conwy-community-council"


# --- a contact line --------------------------------------------------------------------------

@pytest.mark.parametrize("batch,slug,council", [
    # "Contact: Anita Onwuchekwa, Interim Head of Transformation Email:\nanita.onwuchekwa@
    # nwleicestershire.gov.uk" far down a forward plan's entry
    ("batch-2", "nwleics-issue-contracts-2017", "north-west-leicestershire"),
    # "Contact: Lisa Wilson, Communites Manager Email: lisa.wilson@hambleton.gov.uk." at the foot
    ("batch-5", "hambleton-cabinet-2021-11-02", "hambleton"),
])
def test_a_councils_email_address_on_a_contact_line_names_it_where_the_pages_print_no_name(batch, slug, council):
    found = real(batch, slug).council
    assert (found.id, found.matched_by) == (council, "contact")


def test_an_email_address_in_the_text_that_is_no_contact_line_names_no_council(tmp_path):
    rows = ["Report on bins", "", *[f"Paragraph {i} of the report on bins and their collection." for i in range(10)],
            "Residents wrote to bins@harrow.gov.uk about the collection.", "",
            "Contact: Jo Bloggs, Waste Officer", "Email: jo.bloggs@harrow.gov.uk"]
    document = extract(make_pdf(tmp_path / "contact.pdf", [text_page(rows)]))
    assert read(document, None).council.id == "harrow"
    document = extract(make_pdf(tmp_path / "text.pdf", [text_page(rows[:-3])]))
    assert read(document, None).council.id == "unknown"
