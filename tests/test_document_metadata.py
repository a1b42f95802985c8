"""Without a manifest, title, body, meeting date and plan period are read off the pages — and
the genre from its cues: the corpus copied into a plain folder must give the values the
curated manifest holds."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, corpus_document
from pdfgen import make_pdf, text_page
from rulesets import reading_of

from council_plans.build import prepare
from council_plans.corpus import load_corpus
from extractor.reader import extract
from rules.documents import is_body_name, metadata_from_pages

MANIFEST = {e["file"]: e for e in json.loads((CORPUS / "manifest.json").read_text())}
FIELDS = ["title", "body", "meeting_date", "plan_period", "publisher"]
# The genre each corpus document is read as (its manifest says only "agenda_pack" or "report").
GENRES = {
    "2017-07-03-cabinet-agenda-pack.pdf": "agenda_pack",
    "2012-05-31-childrens-select-committee-agenda-pack.pdf": "agenda_pack",
    "2022-09-20-childrens-select-committee-business-plan-update.pdf": "service_plan_update",
    "2022-2032-wiltshire-council-business-plan.pdf": "business_plan",
    "2023-07-council-corporate-parenting-panel-annual-report.pdf": "committee_report",
}


@pytest.fixture(scope="module")
def plain_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain")
    for name in MANIFEST:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_plain_folder_has_no_manifest_entries(plain_folder):
    corpus = load_corpus(plain_folder)
    assert sorted(f.path.name for f in corpus.files) == sorted(MANIFEST)
    assert all(f.manifest is None for f in corpus.files)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_metadata_read_off_the_pages_matches_the_manifest(plain_folder, name):
    item = next(f for f in load_corpus(plain_folder).files if f.path.name == name)
    # The extracted pages are the same file's (same sha256); prepare() is what build runs.
    document = corpus_document(name).document
    assert document.sha256 == MANIFEST[name]["sha256"]
    reading, errors = prepare(document, item.manifest)
    assert errors == [] and reading.meta.source == "pages"
    got = {k: getattr(reading.meta, k) for k in FIELDS}
    assert got == {k: MANIFEST[name][k] for k in FIELDS}
    assert reading.genre.name == GENRES[name] and reading.genre.source == "cues"


def test_agenda_pack_without_manifest_still_splits(plain_folder):
    name = "2017-07-03-cabinet-agenda-pack.pdf"
    reading, _ = prepare(corpus_document(name).document, None)
    assert reading.genre.name == "agenda_pack"
    assert [p.agenda_number for p in reading.parts if p.kind == "report"] == [str(n) for n in range(6, 13)]


# --- Other first-page layouts, one small generated PDF each ---------------------------------
# Each case: the lines of page 1 (``**`` marks bold) and the body, date, genre and title
# expected from them.
LAYOUTS = {
    # A stand-alone minutes PDF: the heading names no body, the line above it does.
    "minutes_body_above": (
        ["**CABINET", "",
         "**Minutes of the meeting held on Wednesday 5 October 2022 at 10.30 am in the Council Chamber, "
         "County Hall, Trowbridge", "",
         "Present:", "Cllr Richard Clewer (Chairman)", "", "**1 Apologies", "Apologies were received."],
        ("Cabinet", "2022-10-05", "minutes", "Minutes of Cabinet, 5 October 2022"),
    ),
    "minutes_of_a_meeting_of": (
        ["**Minutes of a meeting of the Planning Committee held on Tuesday, 14 March 2023 at 10.00 am "
         "in the Council Chamber", "",
         "Present: Councillor A Smith (Chair)", "", "**1 Declarations of interest", "None."],
        ("Planning Committee", "2023-03-14", "minutes", "Minutes of Planning Committee, 14 March 2023"),
    ),
    "decision_details": (
        ["**Decision details", "", "**Adoption of the Local Plan", "",
         "Decision maker: Cabinet", "", "Decision status: Implemented", "", "Is a key decision?: Yes", "",
         "Date of decision: 12 January 2023", "", "Purpose:", "To adopt the plan."],
        ("Cabinet", "2023-01-12", "decision_details", "Adoption of the Local Plan"),
    ),
    "record_of_decision": (
        ["**Record of decision", "", "**Highways Maintenance Programme 2023/24", "",
         "Decision maker: Cabinet Member for Highways", "", "Date of decision: 3rd February 2023", "",
         "Decision:", "Approved."],
        ("Cabinet Member for Highways", "2023-02-03", "decision_notice", "Highways Maintenance Programme 2023/24"),
    ),
    "agenda_front_sheet": (
        ["**Agenda", "", "Meeting: Overview and Scrutiny Committee", "", "Date: Thursday 9 March 2023", "",
         "Time: 7.00 pm", "", "Venue: Committee Room 1, Civic Centre", "", "**1 Apologies for absence"],
        ("Overview and Scrutiny Committee", "2023-03-09", "agenda_pack",
         "Overview and Scrutiny Committee agenda pack, 9 March 2023"),
    ),
    "agenda_front_sheet_no_heading": (
        ["**Borough Council", "", "Meeting: Licensing Committee", "", "Date: 21st June 2023", "",
         "Time: 2.00 pm", "", "Place: Town Hall", "", "**1 Minutes"],
        ("Licensing Committee", "2023-06-21", "agenda_pack", "Licensing Committee agenda pack, 21 June 2023"),
    ),
    "report_to": (
        ["**Report to: Cabinet", "", "Date of meeting: 15 June 2023", "", "Report of: Director of Finance", "",
         "**Title: Revenue Budget Outturn 2022/23", "", "**Purpose of report", "To report the outturn."],
        ("Cabinet", "2023-06-15", "committee_report", "Revenue Budget Outturn 2022/23"),
    ),
    # A meeting system's "Agenda and minutes" page: body, then date and time, then "Venue:".
    "agenda_and_minutes_page": (
        ["**Agenda and minutes", "", "**Licensing and Appeals Committee", "",
         "Wednesday, 8th November, 2023 2.00 pm", "", "Venue: Committee Room 2, Civic Offices", "",
         "Contact: Democratic Services", "", "**1. Apologies for Absence", "",
         "Minutes:", "Apologies were received from Councillor Reed."],
        ("Licensing and Appeals Committee", "2023-11-08", "minutes",
         "Minutes of Licensing and Appeals Committee, 8 November 2023"),
    ),
    # The same in capitals, body and date on one line.
    "agenda_and_minutes_in_capitals": (
        ["**AGENDA AND MINUTES", "", "**AUDIT AND GOVERNANCE COMMITTEE - THURSDAY, 23RD FEBRUARY, 2023", "",
         "2.00 PM", "", "Venue: Council Chamber", "", "**1. APOLOGIES", "",
         "Minutes:", "There were no apologies."],
        ("Audit and Governance Committee", "2023-02-23", "minutes",
         "Minutes of Audit and Governance Committee, 23 February 2023"),
    ),
    # An authority's name in capitals over the date.
    "authority_in_capitals": (
        ["**COMBINED FIRE AUTHORITY", "", "14 June 2022", "", "**1 Apologies", "",
         "RESOLVED: That the apologies be noted.", "", "**2 Minutes", "",
         "RESOLVED: That the minutes of the meeting held on 1 March 2022 be approved."],
        ("Combined Fire Authority", "2022-06-14", "minutes", "Minutes of Combined Fire Authority, 14 June 2022"),
    ),
    # A decision record exported as one run of text: the meeting and the title labels run in.
    "decision_record_run_in": (
        ["**View Executive Decision Record", "",
         "Executive Decision: 4th April 2019 Title of Item/Report Waste Collection Round Changes",
         "Record of the Decision Members considered the report. RESOLVED that the changes be made."],
        ("Executive", "2019-04-04", "decision_details", "Waste Collection Round Changes"),
    ),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_metadata_of_other_layouts(tmp_path, name):
    rows, (body, meeting_date, genre, title) = LAYOUTS[name]
    reading = reading_of(extract(make_pdf(tmp_path / f"{name}.pdf", [text_page(rows)])))
    meta = metadata_from_pages(reading)
    assert (meta.body, meta.meeting_date, reading.genre.name, meta.title) == (body, meeting_date, genre, title)
    assert meta.source == "pages"


@pytest.mark.parametrize("captured", ["the", "The", "a meeting", "Meeting", "MINUTES OF THE"])
def test_stop_words_are_never_a_body(captured):
    assert not is_body_name(captured)
    assert is_body_name("Cabinet") and is_body_name("the Planning Committee")
