"""A real council's plan followed as a thread: Darlington's Council Plan 2024/27 (stored public
pages of its meeting system, typeset as PDFs: tests/fixtures/threads-darlington/README.md)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from council_plans.build import build

FIXTURE = Path(__file__).parent / "fixtures" / "threads-darlington" / "corpus"


@pytest.fixture(scope="module")
def darlington(tmp_path_factory) -> sqlite3.Connection:
    tmp = tmp_path_factory.mktemp("darlington")
    shutil.copytree(FIXTURE, tmp / "corpus")
    build(tmp / "corpus", tmp / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp / "plans.db")
    conn.row_factory = sqlite3.Row
    return conn


def plan_thread(db: sqlite3.Connection) -> sqlite3.Row:
    (thread,) = db.execute("select * from threads where title like '%Council Plan 2024%'").fetchall()
    return thread


def test_the_plan_is_followed_from_the_cabinet_to_its_adoption_and_monitoring(darlington):
    thread = plan_thread(darlington)
    assert thread["council_scope"] == "darlington"
    steps = darlington.execute("select * from thread_steps where thread_id = ? order by position", (thread["id"],)).fetchall()
    assert [(s["date"], s["body"], s["role"]) for s in steps] == [
        ("2024-03-05", "Cabinet", "not_held"),   # "on 5 March 2024, Cabinet agreed to a public consultation"
        ("2024-07-16", "Cabinet", "not_held"),   # its page is in the corpus, its resolution not read
        ("2024-07-18", "Council", "member"),     # the plan approved
        ("2025-01-07", "Cabinet", "member")]     # the first performance update cites the approval
    # every step leads to a PDF page: the record's, the held document's, or the citing sentence's
    files = {r["id"]: r["file"] for r in darlington.execute("select id, file from documents")}
    assert all(files.get(s["document_id"]) and s["page"] for s in steps)
    assert steps[1]["document_id"] == "darlington-cabinet-2024-07-16-council-plan"


def test_each_join_is_the_sentence_the_council_printed(darlington):
    thread = plan_thread(darlington)
    links = darlington.execute("select * from thread_links where thread_id = ? and merges = 1", (thread["id"],)).fetchall()
    (adopted,) = links
    assert adopted["join"] == "cited_meeting"
    assert "approved by Council on 18 July 2024" in adopted["evidence"]
    assert adopted["document_id"] == "darlington-cabinet-2025-01-07-council-plan-performance"


def test_the_previous_plan_never_joins_the_new_one(darlington):
    # the last report on the 2020/23 plan names the 2024/27 plan in passing
    old = darlington.execute("select id from decisions where document_id = 'darlington-cabinet-council-plan-2020-23-q4'"
                             ).fetchall()
    assert old, "the 2020/23 report's resolution is read"
    joined = darlington.execute("select * from thread_steps where step_id = ?", (old[0]["id"],)).fetchall()
    assert joined == []
