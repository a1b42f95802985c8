"""Document genres: each document is scored against the cues of rules/packs/genres.yaml, and
rule sets read only the genres they declare — so a document that is not a council's gives its
pages and text, and no council records at all."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import CORPUS
from pdfgen import make_pdf, table_page, text_page

from council_plans.build import build
from extractor import extract
from rules.engine import read, rule_sets
from rules.genres import GENRES

SOFTWARE_MANUAL = [
    "**Installation Guide", "Release 4.2.1 (build 2023-06-14)", "",
    "**1. Requirements", "The server needs 4 GB of memory and 20% free disk space.", "",
    "**2. Installing", "Run the installer and accept the licence. Resolved issues: 14 bugs fixed since 4.1.",
    "Decision: choose the default port 8080 unless it is in use.", "",
    "**3. Configuration", "Set max_connections to 250. Agreed limits are listed in Table 2.", "",
    "**4. Upgrading from 3.x", "Back up 100% of the data first. Upgrades take 15 minutes on average.",
]
SPECIFICATION = [
    "Table 2: Performance targets by component (version 1.3)", "",
]


def test_a_software_manual_and_a_specification_give_no_council_records(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "manual.pdf", [text_page(SOFTWARE_MANUAL)])
    make_pdf(corpus / "specification.pdf", [table_page(
        ["Component", "Target", "Actual 2022/23", "Status"],
        [["Parser throughput", "95%", "97.5%", "Green"], ["Error rate", "0.5%", "0.8%", "Amber"],
         ["Latency (ms)", "120", "140", "Red"]], [150, 90, 110, 90], above=SPECIFICATION)])
    build(corpus, tmp_path / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "plans.db")
    assert conn.execute("select file, genre from documents order by file").fetchall() == [
        ("manual.pdf", "other"), ("specification.pdf", "other")]
    assert conn.execute("select count(*) from pages").fetchone()[0] == 2  # their text is still searchable
    for table in ("decisions", "agenda_items", "meetings", "reports", "recommendations", "plans", "priorities",
                  "missions", "actions", "activities", "indicator_values", "people"):
        assert conn.execute(f"select count(*) from {table}").fetchone()[0] == 0, table


@pytest.mark.parametrize("name,genre", [
    ("2017-07-03-cabinet-agenda-pack.pdf", "agenda_pack"),
    ("2012-05-31-childrens-select-committee-agenda-pack.pdf", "agenda_pack"),
    ("2022-09-20-childrens-select-committee-business-plan-update.pdf", "service_plan_update"),
    ("2022-2032-wiltshire-council-business-plan.pdf", "business_plan"),
    ("2023-07-council-corporate-parenting-panel-annual-report.pdf", "committee_report"),
])
def test_the_corpus_genres(name, genre):
    reading = read(extract(CORPUS / name))
    assert reading.genre.name == genre
    assert reading.genre.score > reading.genre.runner_up_score  # a clear call, not a tie


def test_a_decisive_page_title_outweighs_the_words_of_its_subject(tmp_path):
    # A decision about a performance report talks of targets, KPIs and quarters; its page
    # title ("Issue - decisions") still says what kind of page it is.
    pdf = make_pdf(tmp_path / "issue.pdf", [text_page([
        "**Issue - decisions", "", "**Quarter 2 Performance Report", "",
        "The report set out 40 KPIs: 30 were on target, 6 off target and 4 red (RAG).",
        "Performance against targets improved in quarter 2 for the Council's priorities.", "",
        "**The decision", "That the performance report be noted.",
    ])])
    reading = read(extract(pdf))
    assert reading.genre.name == "decision_details"
    assert reading.genre.scores["performance_report"] > 0


def test_a_decision_about_a_performance_report_without_its_page_title(tmp_path):
    # An item page exported without its header: the decision record's own sections
    # ("Decision", "Reasons for the recommendations:", "Other options considered") say what it is.
    pdf = make_pdf(tmp_path / "item.pdf", [text_page([
        "12 Quarter Three Performance Monitoring Report 2023/24", "",
        "Councillor Ames presented the report on the key performance indicators for quarter 3.",
        "Of 24 KPIs, 18 were on target and 6 off target.", "",
        "Decision", "That the report be noted.", "",
        "Reasons for the recommendations:", "To monitor delivery of the Council Plan.", "",
        "Other options considered and rejected:", "None.",
    ])])
    reading = read(extract(pdf))
    assert reading.genre.name == "decision_details"
    assert reading.genre.runner_up == "performance_report"


def test_every_rule_set_declares_known_genres():
    sets = rule_sets()
    assert sets and all(rs.genres and set(rs.genres) <= set(GENRES) for rs in sets)
    assert not any("other" in rs.genres for rs in sets)  # nothing reads what is not a council's
