"""A page per person (/-/person/{id}): their roles, the meetings whose minutes list them and
how they voted, each with its PDF page; only their own council's records."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import fetch
from pdfgen import make_pdf, text_page

from council_plans.build import build
from council_plans.site import make_datasette

A = "Eastmere Town Council"
B = "Westbrook Town Council"


def minutes(council: str, date: str, present: str, apologies: str, vote: list[str]) -> list[str]:
    return [f"**{council}", "", f"**Minutes of the Planning Committee meeting held on {date} at 7.00 pm", "",
            f"Present: {present}", "", f"Apologies: {apologies}", "", "**5 Land at Mill Lane",
            "Members considered the application.", "", *vote, "",
            "RESOLVED: That the application be approved."]


@pytest.fixture(scope="module")
def people_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("people-site")
    corpus = tmp / "corpus"
    corpus.mkdir()
    pages = {
        "a1": minutes(A, "3 May 2023", "Councillor Ruth Penn, Councillor Omar Hale, Councillor Keith Davies",
                      "Councillor Ann Lowe",
                      ["For (2): Cllr Ruth Penn and Cllr Omar Hale", "Against (1): Cllr Keith Davies", "Abstained: None"]),
        "a2": minutes(A, "7 June 2023", "Cllr R Penn, Cllr Keith Davies", "Cllr Omar Hale", []),
        "b1": minutes(B, "3 May 2023", "Councillor Ruth Penn, Councillor Ian Roe", "None", []),
    }
    for name, rows in pages.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(rows)])
    build(corpus, tmp / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp / "plans.db")
    conn.row_factory = sqlite3.Row
    return make_datasette(tmp / "plans.db", corpus), conn


def person_id(conn: sqlite3.Connection, document: str, name: str) -> str:
    return conn.execute("select person_id from attendance where document_id = ? and name = ?",
                        (document, name)).fetchone()["person_id"]


def test_the_person_page_lists_meetings_and_votes_with_pdf_pages(people_site):
    site, conn = people_site
    ruth = person_id(conn, "a1", "Ruth Penn")
    html = fetch(site, f"/-/person/{ruth}").text
    assert "Ruth Penn" in html
    # both Eastmere meetings (the second lists her by initials), newest first
    meetings = re.findall(r'href="/-/meeting/[^"]+">Planning Committee, ([^<]+)</a>', html)
    assert meetings[:2] == ["7 June 2023", "3 May 2023"]
    assert "Listed in the minutes of 2 meetings (present 2)" in html
    # her recorded vote, with the result and the PDF page
    votes = html.split("<h2>Recorded votes</h2>")[1]
    assert "<td>for</td>" in votes and "2 for, 1 against" in votes and "/corpus/a1.pdf#page=1" in votes


def test_a_person_page_holds_only_their_own_council(people_site):
    site, conn = people_site
    ruth_b = person_id(conn, "b1", "Ruth Penn")
    assert ruth_b != person_id(conn, "a1", "Ruth Penn")
    html = fetch(site, f"/-/person/{ruth_b}").text
    assert "Listed in the minutes of 1 meeting " in html and "7 June 2023" not in html
    assert "Recorded votes" not in html


def test_meeting_pages_and_tables_link_to_people(people_site):
    site, conn = people_site
    hale = person_id(conn, "a1", "Omar Hale")
    meeting = conn.execute("select meeting_id from attendance where document_id = 'a1' limit 1").fetchone()[0]
    html = fetch(site, f"/-/meeting/{meeting}").text
    assert f'href="/-/person/{hale}"' in html
    table = fetch(site, f"/plans/vote_casts?person_id={hale}").text
    assert f'href="/-/person/{hale}"' in table
    hale_page = fetch(site, f"/-/person/{hale}").text
    assert "apologies" in hale_page and "<td>against</td>" not in hale_page


def test_an_unknown_person_is_a_404(people_site):
    site, _ = people_site
    assert fetch(site, "/-/person/no-such-person").status_code == 404
