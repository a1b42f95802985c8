"""Scrutiny's recommendations and the executive's answers (graph/scrutiny.py): read on
generated minutes of scrutiny bodies and later cabinet documents, one answer of each kind, a
recommendation nobody answered, and answers that must not be taken (another council's, another
matter's, a tender "accepted")."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import fetch
from pdfgen import make_pdf, text_page

from council_plans.build import build
from council_plans.site import make_datasette

EAST = "Eastmere Borough Council"
WEST = "Westbrook Borough Council"


def minutes(council: str, body: str, date: str, items: list[list[str]]) -> list[str]:
    rows = [f"**{council}", "", f"**Minutes of the {body} meeting held on {date} at 7.00 pm", "",
            "Present: Councillor Ruth Penn (Chair), Councillor Omar Hale", ""]
    for item in items:
        rows += [*item, ""]
    return rows


LIGHTING = ["**5 Review of Street Lighting", "The Committee considered the findings of its review of street lighting.", "",
            "RESOLVED: That the Committee recommends to Cabinet that:",
            "1. all street lights are converted to LED lanterns by 2026;",
            "2. part-night lighting is introduced in residential streets;",
            "3. a dark skies policy is adopted for the rural wards."]
PLAY = ["**6 Play Areas", "Members discussed the condition of play equipment.", "",
        "RESOLVED: That the Committee recommends to Cabinet that the play area at Mill Lane is refurbished."]
FOSTER = ["**4 Foster Carer Recruitment", "Members heard from foster carers.", "",
          "RESOLVED: That Cabinet be recommended to launch a campaign to recruit foster carers."]
NOTED = ["**7 Library Opening Hours", "The Committee noted the report.", "", "RESOLVED: That the report be noted."]

CABINET_RESPONSE = [
    "**8 Response to the Environment Overview and Scrutiny Committee review of Street Lighting",
    "The Cabinet considered its response to the Committee's recommendations on street lighting.",
    "Recommendation 1: Accepted. The conversion programme will be completed in 2026.",
    "Recommendation 2: Partially accepted. Part-night lighting will be trialled in two wards.",
    "Recommendation 3: Not accepted. A dark skies policy would conflict with road safety duties.", "",
    "RESOLVED: That the responses be approved."]
TENDER = ["**9 Mill Lane Leisure Centre Tender", "The Cabinet considered the tenders received.", "",
          "RESOLVED: That the tender from Apex Leisure Ltd be accepted."]
FOSTER_RESPONSE = ["**10 Foster Carer Recruitment", "The Cabinet considered the Committee's report.", "",
                   "RESOLVED: That the recommendations of the Children's Select Committee on foster carer recruitment be accepted."]
# the same committee's review of another matter, answered later by number: not street lighting's
BUS_SHELTERS = ["**11 Response to the Environment Overview and Scrutiny Committee review of Bus Shelters",
                "Recommendation 1: Rejected. New shelters on the High Road are not affordable this year.",
                "Recommendation 2: Accepted. Shelters will be cleaned monthly.", "",
                "RESOLVED: That the responses be approved."]
# Westbrook answers its own committee of the same name: never Eastmere's
WEST_RESPONSE = ["**8 Response to the Environment Overview and Scrutiny Committee review of Street Lighting",
                 "Recommendation 1: Rejected. Westbrook has converted its lights already.",
                 "Recommendation 2: Rejected. There is no budget for it.", "", "RESOLVED: That the responses be approved."]
WEST_REVIEW = ["**5 Review of Street Lighting", "",
               "RESOLVED: That the Committee recommends to Cabinet that:",
               "1. all street lights are converted to LED lanterns by 2030;",
               "2. part-night lighting is introduced in residential streets;"]


@pytest.fixture(scope="module")
def scrutiny(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scrutiny")
    corpus = tmp / "corpus"
    corpus.mkdir()
    docs = {
        "east-eosc-2023-03-08": minutes(EAST, "Environment Overview and Scrutiny Committee", "8 March 2023",
                                        [LIGHTING, PLAY, NOTED]),
        "east-csc-2023-05-15": minutes(EAST, "Children's Select Committee", "15 May 2023", [FOSTER]),
        "east-cabinet-2023-04-12": minutes(EAST, "Cabinet", "12 April 2023", [CABINET_RESPONSE, TENDER]),
        "east-cabinet-2023-06-20": minutes(EAST, "Cabinet", "20 June 2023", [FOSTER_RESPONSE]),
        "east-cabinet-2023-09-05": minutes(EAST, "Cabinet", "5 September 2023", [BUS_SHELTERS]),
        "west-eosc-2023-01-10": minutes(WEST, "Environment Overview and Scrutiny Committee", "10 January 2023", [WEST_REVIEW]),
        "west-cabinet-2023-05-02": minutes(WEST, "Cabinet", "2 May 2023", [WEST_RESPONSE]),
    }
    for name, rows in docs.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(rows, size=10)])
    build(corpus, tmp / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp / "plans.db")
    conn.row_factory = sqlite3.Row
    return make_datasette(tmp / "plans.db", corpus), conn


def rec(conn: sqlite3.Connection, document: str, words: str) -> sqlite3.Row:
    (row,) = conn.execute("select * from scrutiny_recommendations where document_id = ? and text like ?",
                          (document, f"%{words}%")).fetchall()
    return row


def test_each_point_recommending_to_cabinet_is_a_recommendation(scrutiny):
    _, conn = scrutiny
    rows = conn.execute("select number, text, addressed_to from scrutiny_recommendations "
                        "where document_id = 'east-eosc-2023-03-08' order by page, number").fetchall()
    texts = [r["text"] for r in rows]
    assert len(rows) == 4 and "a dark skies policy is adopted for the rural wards." in texts
    assert "all street lights are converted to LED lanterns by 2026" in texts and any("Mill Lane" in t for t in texts)
    assert not any("noted" in t for t in texts)  # a resolution to note is no recommendation
    assert {r["addressed_to"] for r in rows} == {"Cabinet"}


def test_a_numbered_answer_of_each_kind_with_its_sentence(scrutiny):
    _, conn = scrutiny
    for words, kind, said in (("LED lanterns", "accepted", "Recommendation 1: Accepted. The conversion programme"),
                              ("part-night", "partly_accepted", "Recommendation 2: Partially accepted"),
                              ("dark skies", "rejected", "Recommendation 3: Not accepted")):
        row = rec(conn, "east-eosc-2023-03-08", words)
        assert row["response"] == kind, words
        assert row["response_text"].startswith(said) and row["response_by"] == "by_number"
        assert row["response_document_id"] == "east-cabinet-2023-04-12" and row["response_page"] == 1
        assert row["response_date"] == "2023-04-12"


def test_an_answer_to_the_whole_set_names_the_committee_and_matter(scrutiny):
    _, conn = scrutiny
    row = rec(conn, "east-csc-2023-05-15", "foster carers")
    assert row["response"] == "accepted" and row["response_by"] == "whole_set"
    assert "recommendations of the Children's Select Committee on foster carer recruitment be accepted" in row["response_text"]
    assert row["addressed_to"] == "Cabinet"


def test_no_answer_is_no_response_found_not_a_tender_accepted(scrutiny):
    _, conn = scrutiny
    row = rec(conn, "east-eosc-2023-03-08", "Mill Lane")
    # the same Cabinet accepted a tender for Mill Lane: not an answer to the play area
    assert row["response"] == "no_response_found" and row["response_text"] is None


def test_another_councils_answer_is_never_taken(scrutiny):
    _, conn = scrutiny
    # Westbrook rejected its own committee's recommendations, printed in the same words, after
    # Eastmere's cabinet answered (a later answer would win, were councils mixed)
    west = conn.execute("select response from scrutiny_recommendations where document_id = 'west-eosc-2023-01-10'").fetchall()
    assert [r["response"] for r in west] == ["rejected", "rejected"]
    east = rec(conn, "east-eosc-2023-03-08", "LED lanterns")
    assert east["response"] == "accepted" and east["response_document_id"].startswith("east-")


def test_an_answer_on_another_matter_of_the_same_committee_is_never_taken(scrutiny):
    _, conn = scrutiny
    # September's Cabinet answers the committee's review of bus shelters, Recommendation 1 rejected
    row = rec(conn, "east-eosc-2023-03-08", "LED lanterns")
    assert row["response"] == "accepted" and row["response_document_id"] == "east-cabinet-2023-04-12"
    assert not conn.execute("select 1 from scrutiny_recommendations where response_document_id = 'east-cabinet-2023-09-05'").fetchall()


def test_a_committee_table_counts_recommendations_and_answers(scrutiny):
    _, conn = scrutiny
    eosc = conn.execute("select * from scrutiny_committees where name = 'Environment Overview and Scrutiny Committee' "
                        "and scope = 'eastmere-borough-council'").fetchone()
    assert (eosc["recommendations"], eosc["answered"], eosc["accepted"], eosc["partly_accepted"], eosc["rejected"],
            eosc["no_response_found"]) == (4, 3, 1, 1, 1, 1)
    # two councils' committees of one name are two committees
    assert conn.execute("select count(*) from scrutiny_committees "
                        "where name = 'Environment Overview and Scrutiny Committee'").fetchone()[0] == 2
    assert {r["council_id"] for r in conn.execute("select council_id from scrutiny_recommendations")} == {
        "eastmere-borough-council", "westbrook-borough-council"}


def test_a_page_per_committee(scrutiny):
    site, conn = scrutiny
    eosc = conn.execute("select id from scrutiny_committees where scope like 'eastmere%' and name like 'Environment%'").fetchone()["id"]
    html = fetch(site, f"/-/scrutiny/{eosc}").text
    assert "4 recommendations" in html and "3 answered" in html
    for said in ("Recommendation 2: Partially accepted", "no response found", "/corpus/east-cabinet-2023-04-12.pdf#page=1"):
        assert said in html, said
    index = fetch(site, "/-/scrutiny").text
    assert f'href="/-/scrutiny/{eosc}"' in index and "Children" in index
    assert fetch(site, "/-/scrutiny/nope").status_code == 404
    # each council's page lists its own committees only
    council = fetch(site, "/-/council/westbrook-borough-council").text
    west = conn.execute("select id from scrutiny_committees where scope = 'westbrook-borough-council'").fetchone()["id"]
    assert f'href="/-/scrutiny/{west}"' in council and f'href="/-/scrutiny/{eosc}"' not in council


def test_a_scrutiny_reviews_recommendations_in_the_corpus(built_db):
    # The 2012 Children's Select Committee pack prints its Rapid Scrutiny Group's report on the
    # Family Information Service with lettered recommendations (page 83); the answer ("the Cabinet
    # Member's formal response at the Committee's next meeting") is in no document of the corpus.
    conn = sqlite3.connect(built_db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("select * from scrutiny_recommendations order by page, rowid").fetchall()
    assert {r["document_id"] for r in rows} == {"2012-05-31-childrens-select-committee-agenda-pack"}
    assert {r["committee"] for r in rows} == {"Children's Select Committee"} and {r["page"] for r in rows} == {83}
    assert [r["number"] for r in rows if r["number"]] == ["a", "b", "c"]
    assert any(r["text"].startswith("the reconfigured Family Information Service must be monitored") for r in rows)
    assert {r["response"] for r in rows} == {"no_response_found"}
    # lead-ins ("The Rapid Scrutiny Group is concerned that") are no recommendation
    assert not any(r["text"].rstrip().endswith("that") for r in rows)
    (committee,) = conn.execute("select * from scrutiny_committees").fetchall()
    assert (committee["recommendations"], committee["answered"], committee["no_response_found"]) == (len(rows), 0, len(rows))


# ---- wordings of answers, on one page's text -------------------------------------------------

def answers_on(text: str) -> dict[str, str]:
    """The answer a page gives to each of three recommendations a committee made earlier."""
    from types import SimpleNamespace

    from graph.scrutiny import (
        NO_RESPONSE,
        Made,
        ScrutinyRecommendationRecord,
        _page_answers,
        fold,
        informative,
        scrutiny_pack,
    )

    pack = scrutiny_pack()
    made = []
    for number, words in (("a", "further investigation of sponsorship of the bonfire event"),
                          ("b", "a postal code sampling survey of bonfire visitors"),
                          ("c", "continued review of the bonfire event within budget restraints")):
        record = ScrutinyRecommendationRecord(
            document_id="osb", page=1, rule="r", committee_id="c", committee="Overview and Scrutiny Board",
            made_on="2011-03-02", title="Annual Civic Bonfire Event", number=number, addressed_to="Cabinet",
            text=words, response=NO_RESPONSE)
        made.append(Made(record, "x", fold("Overview and Scrutiny Board"), informative(record.title, pack),
                         informative(words, pack)))
    answers: dict = {}
    _page_answers(SimpleNamespace(text=text, document_id="cabinet", page=1), "2011-04-06", made, pack, answers)
    return {m.record.number: answers[id(m)].kind if id(m) in answers else NO_RESPONSE for m in made}


@pytest.mark.parametrize("text,expected", [
    # answers by letter, the answer's words before the number or after it; "noted" is no answer
    ("Minutes of the Overview and Scrutiny Board held on 2nd March 2011. Following discussion of the Annual Civic "
     "Bonfire Event, it was (a) that recommendation (a) relating to the further investigation of sponsorship of the "
     "event be approved; (b) that no action be taken with regard to recommendation (b) relating to a postal code "
     "sampling survey as this was felt to be impracticable; (c) that it be noted that recommendation (c) relating to "
     "continued review of the event was being already undertaken",
     {"a": "accepted", "b": "rejected", "c": "no_response_found"}),
    # the whole set, by a verb before it
    ("The Cabinet agreed to accept the recommendations of the Overview and Scrutiny Board on the bonfire event.",
     {"a": "accepted", "b": "accepted", "c": "accepted"}),
    ("The Cabinet declined to accept the recommendations of the Overview and Scrutiny Board on the bonfire event.",
     {"a": "rejected", "b": "rejected", "c": "rejected"}),
    # another matter of the same committee: no answer to these
    ("The Cabinet agreed to accept the recommendations of the Overview and Scrutiny Board on car parking charges.",
     {"a": "no_response_found", "b": "no_response_found", "c": "no_response_found"}),
    # a page that does not name the committee answers nothing, whatever its numbers say
    ("Recommendation (a): accepted. Recommendation (b): rejected. The bonfire event sponsorship was approved.",
     {"a": "no_response_found", "b": "no_response_found", "c": "no_response_found"}),
])
def test_wordings_of_answers(text, expected):
    assert answers_on(text) == expected
