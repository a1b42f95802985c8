"""Threads: one matter followed across meetings and bodies of one council (graph/threads.py).

Generated documents of two invented councils, in words of our own: a lido's reopening goes from
a Cabinet report to its resolution, to a scrutiny call-in that prints its decision number, to a
later Cabinet meeting the resolution cites, and to a report with nearly the same title months
on. Another council prints the same title and the same number, and must never join; two items
that share one word must never join either.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page

from council_plans.build import build
from graph.threads import periods_conflict

N = "Northdown District Council"

REPORT = [
    f"**{N}", "", "**Report to: Cabinet", "", "Date of meeting: 12 March 2024", "",
    "**Subject: Reopening of Millbrook Lido", "", "Decision reference: 24/00417", "",
    "Cabinet Member: Councillor R Ashby", "",
    "**Purpose of Report", "To set out the options for reopening Millbrook Lido after the storm damage.", "",
    "**Recommendations", "That Cabinet approves the repair of Millbrook Lido at a cost of £1.2m.", "",
    "Report Author: P Quinn, Head of Leisure",
]
MINUTES_MARCH = [
    f"**{N}", "", "**Minutes of the Cabinet meeting held on 12 March 2024 at 6.00 pm in the Guildhall", "",
    "Present: Councillor R Ashby, Councillor T Bloom", "",
    "**45 Reopening of Millbrook Lido", "Councillor Ashby presented the report.", "",
    "RESOLVED: That Cabinet approves the repair of Millbrook Lido at a cost of £1.2m, and that officers "
    "report on the tenders to Cabinet on 9 July 2024.", "",
    "**46 Car Parking Charges", "Members discussed the charges at the station car park.", "",
    "RESOLVED: That the charges at Station Road car park rise by 10p an hour.",
]
CALL_IN = [
    f"**{N}", "", "**Minutes of the Overview and Scrutiny Committee meeting held on 4 April 2024", "",
    "**12 Call-in of Cabinet decision 24/00417", "The committee considered the call-in of the decision on the lido.", "",
    "RESOLVED: That the decision be not referred back to Cabinet.",
]
MINUTES_JULY = [
    f"**{N}", "", "**Minutes of the Cabinet meeting held on 9 July 2024 at 6.00 pm in the Guildhall", "",
    "**61 Millbrook Lido Repair Tenders", "The Leader presented the tender results.", "",
    "RESOLVED: That the contract for the lido works be awarded to Harbour Build Ltd.", "",
    "**62 Residents' Parking Zones", "Members considered new parking zones in the town centre.", "",
    "RESOLVED: That two new residents' parking zones be consulted on.",
]
MINUTES_NOVEMBER = [
    f"**{N}", "", "**Minutes of the Cabinet meeting held on 19 November 2024 at 6.00 pm in the Guildhall", "",
    "**80 Reopening of Millbrook Lido: Progress", "The Leader reported on the works.", "",
    "RESOLVED: That the progress of the works be noted.",
]
OTHER_COUNCIL = [
    "**Southmere Borough Council", "", "**Minutes of the Cabinet meeting held on 14 March 2024 at 7.00 pm", "",
    "**30 Reopening of Millbrook Lido", "Decision reference 24/00417.", "",
    "RESOLVED: That the Southmere lido stays closed this summer.",
]


@pytest.fixture(scope="module")
def threads_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("threads")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, rows in [("report", REPORT), ("cabinet-march", MINUTES_MARCH), ("call-in", CALL_IN),
                       ("cabinet-july", MINUTES_JULY), ("cabinet-november", MINUTES_NOVEMBER),
                       ("southmere", OTHER_COUNCIL)]:
        make_pdf(corpus / f"{name}.pdf", [text_page(rows)])
    build(corpus, tmp / "plans.db", jobs=1)
    return tmp / "plans.db"


def rows(db: Path, sql: str, *args) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn.execute(sql, args).fetchall()


def lido_thread(db: Path) -> sqlite3.Row:
    found = rows(db, "select t.* from threads t join thread_steps s on s.thread_id = t.id "
                     "join decisions d on s.step_table = 'decisions' and d.id = s.step_id "
                     "where d.title = 'Reopening of Millbrook Lido' and d.council_id = 'northdown-district-council'")
    assert len(found) == 1
    return found[0]


def steps(db: Path, thread_id: str) -> list[tuple]:
    return [(r["kind"], r["date"], r["title"], r["role"]) for r in
            rows(db, "select * from thread_steps where thread_id = ? order by position", thread_id)]


def test_the_matter_is_followed_in_date_order_across_meetings_and_bodies(threads_db):
    thread = lido_thread(threads_db)
    got = steps(threads_db, thread["id"])
    members = [(k, d, t) for k, d, t, role in got if role == "member" and k != "recommendation"]
    assert members == [
        ("report", "2024-03-12", "Reopening of Millbrook Lido"), ("decision", "2024-03-12", "Reopening of Millbrook Lido"),
        ("decision", "2024-04-04", "Call-in of Cabinet decision 24/00417"),
        ("decision", "2024-07-09", "Millbrook Lido Repair Tenders"),
        ("decision", "2024-11-19", "Reopening of Millbrook Lido: Progress")]
    # the recommendation the resolution answers is a step too, before the resolution
    kinds = [k for k, *_ in got]
    assert kinds.index("recommendation") < kinds.index("decision")
    assert thread["bodies"] == "Cabinet; Overview and Scrutiny Committee"
    assert (thread["first_date"], thread["last_date"]) == ("2024-03-12", "2024-11-19")
    # every step links to its PDF page
    for step in rows(threads_db, "select s.*, d.file from thread_steps s join documents d on d.id = s.document_id "
                                 "where thread_id = ?", thread["id"]):
        assert step["page"] == 1 and step["file"]


def joins(db: Path, thread_id: str) -> dict[str, list[sqlite3.Row]]:
    out: dict[str, list[sqlite3.Row]] = {}
    for r in rows(db, "select * from thread_links where thread_id = ?", thread_id):
        out.setdefault(r["join"], []).append(r)
    return out


def test_the_reference_number_joins_the_call_in_to_the_report(threads_db):
    found = joins(threads_db, lido_thread(threads_db)["id"])
    (ref,) = found["reference"]
    assert "24/00417" in ref["evidence"] and ref["evidence"].startswith("Call-in of Cabinet decision")
    assert ref["confidence"] >= 0.9 and ref["merges"] == 1
    source = rows(threads_db, "select title from decisions where id = ?", ref["source_id"])[0]
    assert source["title"] == "Call-in of Cabinet decision 24/00417"


def test_a_cited_meeting_joins_the_later_cabinet(threads_db):
    found = joins(threads_db, lido_thread(threads_db)["id"])
    cited = [j for j in found["cited_meeting"] if j["target_table"] == "decisions"]
    assert len(cited) == 1
    assert "to Cabinet on 9 July 2024" in cited[0]["evidence"]
    target = rows(threads_db, "select title from decisions where id = ?", cited[0]["target_id"])[0]
    assert target["title"] == "Millbrook Lido Repair Tenders"


def test_the_resolution_joins_the_recommendation_it_answers_in_the_report(threads_db):
    found = joins(threads_db, lido_thread(threads_db)["id"])
    (answers,) = found["answers"]
    assert answers["evidence"].startswith("That Cabinet approves the repair of Millbrook Lido")
    assert answers["target_table"] == "recommendations"


def test_nearly_the_same_title_months_later_is_a_weaker_join(threads_db):
    found = joins(threads_db, lido_thread(threads_db)["id"])
    (window,) = found["title_window"]  # one join to the nearest like item, not one to each
    assert window["evidence"] == "Reopening of Millbrook Lido: Progress"
    assert window["confidence"] < found["reference"][0]["confidence"]


def test_another_council_never_joins_even_with_the_same_title_and_number(threads_db):
    assert rows(threads_db, "select count(*) from thread_steps s join decisions d on d.id = s.step_id "
                            "where d.council_id = 'southmere-borough-council'")[0][0] == 0
    for link in rows(threads_db, "select l.*, a.council_id ca, b.council_id cb from thread_links l "
                                 "join decisions a on a.id = l.source_id left join decisions b on b.id = l.target_id"):
        assert link["cb"] is None or link["ca"] == link["cb"]


def test_two_matters_sharing_a_word_never_join(threads_db):
    parking = rows(threads_db, "select id from decisions where title in ('Car Parking Charges', \"Residents' Parking Zones\")")
    assert len(parking) == 2
    ids = {r["id"] for r in parking}
    assert not rows(threads_db, "select * from thread_steps where step_id in (?, ?)", *ids)


def test_the_graph_holds_the_joins_as_edges(threads_db):
    relations = {r[0] for r in rows(threads_db, "select relation from edges")}
    assert "same_matter" in relations


@pytest.mark.parametrize("a,b,conflict", [
    ("Treasury Management 2016/17", "Treasury Management 2017/18", True),
    ("Business Plan 2017-27", "Business Plan 2017 to 2027", False),
    ("Council Plan 2020/23 Performance Report - Quarter 2", "Council Plan 2020/23 Performance Report - Quarter Four", True),
    ("Council Plan 2024/27", "Reopening of Millbrook Lido", False),
])
def test_titles_of_different_periods_are_different_matters(a, b, conflict):
    assert periods_conflict(a, b) is conflict
