"""Votes and attendance as rows (rules/meetings/votes.py, attendance.py, names.py), and people
matched across one council's documents: never on a surname alone, never across councils."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page

from council_plans.build import build
from rules.meetings.names import split_names
from rules.meetings.votes import VotesPack, votes_on_page
from rules.packs import load_pack

HERE = Path(__file__).parent
DEV = HERE.parent.parent / "shared" / "eval" / "dev"
EXPECTED = HERE / "expected"


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


# ---- names -----------------------------------------------------------------------------

@pytest.mark.parametrize("printed,expected", [
    # a run of titled names with no separators, a role in brackets
    ("Cllr P Okafor (Chair) Cllr Mrs D Lowe Cllr R T Fenn", [("P Okafor", "initials", "Chair"), ("D Lowe", "initials", None),
                                                              ("R T Fenn", "initials", None)]),
    # a plural title is each name's, a bare surname stays a surname
    ("Councillors Ashdown, Pryce and M J Tolley", [("Ashdown", "surname", None), ("Pryce", "surname", None),
                                                   ("M J Tolley", "initials", None)]),
    # a role after the name between commas, a role alone, a name after its role
    ("Ms K Oduya, Youth Representative, the Head of Legal Services and Parent Governor Sam Wren",
     [("K Oduya", "initials", "Youth Representative"), ("the Head of Legal Services", "role", "the Head of Legal Services"),
      ("Sam Wren", "full", "Parent Governor")]),
    # initials run into the surname, "In the Chair"
    ("In the Chair R.Pell, J.Ames and S.Quint", [("R Pell", "initials", "Chair"), ("J Ames", "initials", None),
                                                ("S Quint", "initials", None)]),
])
def test_names_are_split_with_their_titles_initials_and_roles(printed, expected):
    assert [(e.name, e.kind, e.role) for e in split_names(printed)] == expected


def test_a_substitute_is_its_own_entry():
    entries = split_names("Councillor Ada Vance, for whom Councillor Tom Reyes was substitute")
    assert [(e.name, e.substitute_for) for e in entries] == [("Ada Vance", None), ("Tom Reyes", "Ada Vance")]


# ---- votes on generated pages ---------------------------------------------------------------

PACK = load_pack("votes", VotesPack)


@pytest.mark.parametrize("text,counts,names", [
    ("Votes For: 14, Against: 5, Abstentions: 3\nThe recommendation was carried.", (14, 5, 3), 0),
    ("On being put to the vote, nine members voted in favour of the motion and four against, with two abstentions.",
     (9, 4, 2), 0),
    ("The amendment was lost by 6 votes to 21.", (6, 21, None), 0),
    ("There voted for the report being adopted: Councillors Abbey, Brand, Coles and Dyer ..... 4\n"
     "There voted against: Councillors Eames and Frost ..... 2\n"
     "There abstained from voting: Councillor Gale ..... 1", (4, 2, 1), 7),
    ("For (3): Cllr H Ilves, Cllr J Kemp and Cllr L Moss\nAgainst (1): Cllr N Oakes\nAbstained: None", (3, 1, 0), 4),
])
def test_each_printed_form_of_a_vote(text, counts, names):
    (vote,) = votes_on_page(text, PACK)
    got = {t.position: (t.count if t.count is not None else len(t.names)) for t in vote.tallies}
    assert (got.get("for"), got.get("against"), got.get("abstain")) == counts
    assert sum(len(t.names) for t in vote.tallies) == names


def test_a_division_between_a_motion_and_an_amendment():
    text = ("On a division, there voted for the motion - Councillors Irwin, Jacks and Kerr (3); and for the amendment - "
            "the Convener and Councillors Lomax and Mayhew (3) - Councillor Nairn being absent when the vote was taken - "
            "whereupon the Convener gave a casting vote for the amendment, which was declared carried.")
    (vote,) = votes_on_page(text, PACK)
    assert [(t.position, t.option, t.count, [e.name for e in t.names]) for t in vote.tallies] == [
        ("for", "motion", 3, ["Irwin", "Jacks", "Kerr"]),
        ("for", "amendment", 3, ["the Convener", "Lomax", "Mayhew"]),
        ("absent", None, None, ["Nairn"])]
    assert vote.outcome == "carried"


def test_words_about_voting_that_are_no_vote():
    assert votes_on_page("Members voted to defer the item. For the reasons set out above, the report was noted.", PACK) == []


# ---- the development set's and first-sight records, against their printed counts ------------

@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> sqlite3.Connection:
    expected = json.loads((EXPECTED / "votes-firstsight.json").read_text(encoding="utf-8"))
    tmp = tmp_path_factory.mktemp("votes")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for key in (k for k in expected if not k.startswith("_")):
        batch, slug = key.split("/")
        shutil.copy(HERE / "firstsight" / batch / "corpus" / f"{slug}.pdf", corpus / f"{slug}.pdf")
    build(corpus, tmp / "plans.db", jobs=1)
    return connect(tmp / "plans.db")


def test_recorded_votes_match_the_counts_and_names_printed(recorded):
    expected = json.loads((EXPECTED / "votes-firstsight.json").read_text(encoding="utf-8"))
    for key, votes in expected.items():
        if key.startswith("_"):
            continue
        slug = key.split("/")[1]
        got = recorded.execute("select * from votes where document_id = ? order by page, rowid", (slug,)).fetchall()
        assert len(got) == len(votes), slug
        for vote, want in zip(got, votes, strict=True):
            assert (vote["for_count"], vote["against_count"], vote["abstain_count"], vote["absent_count"]) == (
                want.get("for"), want.get("against"), want.get("abstain"), want.get("absent")), slug
            assert vote["outcome"] == want.get("outcome") and vote["motion"] == want.get("motion"), slug
            casts = recorded.execute("select * from vote_casts where vote_id = ? order by position, option, place",
                                     (vote["id"],)).fetchall()
            by = {"for": [], "against": [], "absent": []}
            for c in casts:
                by["against" if c["option"] == "amendment" else c["position"]].append(c["name"])
            for position, names in want.get("names", {}).items():
                assert by[position] == names, (slug, position)
            if want.get("names"):
                # the names listed number as the minutes' own counts say
                assert vote["counts_agree"] == 1
                assert len(by["for"]) == vote["for_count"] and len(by["against"]) == vote["against_count"]


def test_a_vote_belongs_to_the_resolution_read_beside_it(recorded):
    (vote,) = recorded.execute("select * from votes where document_id = 'belfast-planning-section76'").fetchall()
    decision = recorded.execute("select resolved from decisions where id = ?", (vote["decision_id"],)).fetchone()
    assert decision["resolved"].startswith("the Committee agrees to grant the planning permission")


@pytest.fixture(scope="module")
def dev_attendance(tmp_path_factory) -> sqlite3.Connection:
    if not (DEV / "corpus").is_dir():  # the development set lives beside the checkout (../shared)
        pytest.skip("the development set (../shared/eval/dev) is not here")
    expected = json.loads((EXPECTED / "attendance-dev.json").read_text(encoding="utf-8"))
    tmp = tmp_path_factory.mktemp("attendance")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for slug in (k for k in expected if not k.startswith("_")):
        shutil.copy(DEV / "corpus" / f"{slug}.pdf", corpus / f"{slug}.pdf")
    build(corpus, tmp / "plans.db", jobs=1)
    return connect(tmp / "plans.db")


def test_attendance_matches_the_lists_printed_on_the_development_set(dev_attendance):
    expected = json.loads((EXPECTED / "attendance-dev.json").read_text(encoding="utf-8"))
    for slug, statuses in expected.items():
        if slug.startswith("_"):
            continue
        rows = dev_attendance.execute("select status, name from attendance where document_id = ? order by page, rowid",
                                      (slug,)).fetchall()
        got: dict[str, list[str]] = {}
        for r in rows:
            got.setdefault(r["status"], []).append(r["name"])
        assert got == statuses, slug


def test_attendance_knows_its_meeting_and_councillors(dev_attendance):
    rows = dev_attendance.execute("select a.*, m.date from attendance a left join meetings m on m.id = a.meeting_id "
                                  "where a.document_id = 'melton-pc-2021-05-05'").fetchall()
    assert {r["date"] for r in rows} == {"2021-05-05"}
    assert {r["name"]: bool(r["councillor"]) for r in rows}["W Grosvenor"] is False
    assert all(r["councillor"] for r in rows if r["status"] == "present")


# ---- people across documents ---------------------------------------------------------------

def minutes(council: str, date: str, present: str, apologies: str, item: str) -> list[str]:
    return [f"**{council}", "", f"**Minutes of the Planning Committee meeting held on {date} at 7.00 pm", "",
            f"Present: {present}", "", f"Apologies: {apologies}", "", f"**5 {item}", "Members considered the application.", "",
            "RESOLVED: That the application be approved."]


@pytest.fixture(scope="module")
def people_db(tmp_path_factory) -> sqlite3.Connection:
    tmp = tmp_path_factory.mktemp("people")
    corpus = tmp / "corpus"
    corpus.mkdir()
    a = "Eastmere Town Council"
    b = "Westbrook Town Council"
    pages = {
        "a1": minutes(a, "3 May 2023", "Councillor Keith Davies, Councillor Kevin Davies, Councillor Ruth Penn",
                      "Councillor Omar Hale", "Land at Mill Lane"),
        # initials fitting one person (R Penn), initials fitting two (K Davies), a surname alone
        "a2": minutes(a, "7 June 2023", "Cllr R Penn, Cllr K Davies, Cllr Hale", "Cllr Davies", "Land at Mill Lane"),
        # the same names in another council: other people
        "b1": minutes(b, "3 May 2023", "Councillor Ruth Penn, Councillor Omar Hale", "None", "Orchard Close"),
    }
    for name, rows in pages.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(rows)])
    build(corpus, tmp / "plans.db", jobs=1)
    return connect(tmp / "plans.db")


def person_of(db: sqlite3.Connection, document: str, name: str) -> sqlite3.Row | None:
    row = db.execute("select p.* from attendance a left join people p on p.id = a.person_id "
                     "where a.document_id = ? and a.name = ?", (document, name)).fetchone()
    return row if row is not None and row["id"] is not None else None


def test_initials_are_the_one_person_they_fit(people_db):
    assert person_of(people_db, "a2", "R Penn")["name"] == "Ruth Penn"
    assert person_of(people_db, "a2", "R Penn")["id"] == person_of(people_db, "a1", "Ruth Penn")["id"]


def test_initials_that_fit_two_people_are_neither(people_db):
    keith, kevin = person_of(people_db, "a1", "Keith Davies"), person_of(people_db, "a1", "Kevin Davies")
    k = person_of(people_db, "a2", "K Davies")
    assert k is not None and k["id"] not in (keith["id"], kevin["id"])


def test_a_surname_alone_is_never_matched_across_documents(people_db):
    # "Cllr Hale" in a2: Omar Hale is named in a1 only
    assert person_of(people_db, "a2", "Hale") is None
    # "Cllr Davies" in a2: its own document names K Davies, the only Davies printed more fully there
    assert person_of(people_db, "a2", "Davies")["id"] == person_of(people_db, "a2", "K Davies")["id"]


def test_people_are_never_merged_across_councils(people_db):
    a, b = person_of(people_db, "a1", "Ruth Penn"), person_of(people_db, "b1", "Ruth Penn")
    assert a["id"] != b["id"]
    assert a["council_scope"] == "eastmere-town-council" and b["council_scope"] == "westbrook-town-council"
