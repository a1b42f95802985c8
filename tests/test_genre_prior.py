"""Nothing silently dropped (issue 16, §2): for decisions, a document's genre is a prior, not a
gate. A document with local-government cues and decision cues is read for decisions whatever
genre wins, and each decision's ``confidence`` says how much its genre and the way it was
found vouch for it; a page that prints decision cues and gives no decision is listed in
``pages_with_unread_decisions``. Documents that are not a council's still give nothing."""

from __future__ import annotations

import sqlite3

from pdfgen import make_pdf, text_page
from test_meetings_minutes import minutes_of

from council_plans.build import build, prepare
from extractor import extract
from rules.engine import reads, rule_sets
from rules.genres import decision_confidence

# Parish minutes with no title a genre cue knows: a Zoom meeting's notes, its items run in.
UNTITLED_PARISH_NOTES = [
    "**Notes of the councillors' Zoom call, 2nd March 2022",
    "Attending: Cllrs S Varga, O Bright, N Kaur and the Clerk",
    "1) The hedge along School Lane is overgrown. It was resolved to ask the landowner to cut it.",
    "2) Cllr Bright reported on the speed survey.",
    "3) The bench quotation was discussed and it was agreed to order two benches.",
]


def test_a_council_document_of_no_genre_is_still_read_for_decisions(tmp_path):
    _, decisions = minutes_of(tmp_path, UNTITLED_PARISH_NOTES)
    document = extract(tmp_path / "minutes.pdf")
    reading, _ = prepare(document, None)
    assert reading.genre.name == "other" and reading.genre.reads_decisions
    assert {rs.name for rs in rule_sets() if reads(rs, reading)} >= {"minutes", "unread_decisions"}
    # ("it was resolved" is a label, left out; "it was agreed" a sentence, kept whole)
    assert [d.resolved for d in decisions] == [
        "to ask the landowner to cut it.", "The bench quotation was discussed and it was agreed to order two benches."]
    # the genre is the prior: a decision read from a document of no meeting genre is less sure
    assert [d.resolution_found_by for d in decisions] == ["label", "frame"]
    assert all(d.confidence == decision_confidence("other", d.resolution_found_by) < decision_confidence(
        "minutes", d.resolution_found_by) for d in decisions)


def test_the_same_words_under_a_minutes_heading_are_sure(tmp_path):
    _, decisions = minutes_of(tmp_path, [
        "**Minutes of the Parish Council Meeting held on Wednesday 2nd March 2022 at 7pm", "",
        *UNTITLED_PARISH_NOTES[1:]])
    assert [d.confidence for d in decisions] == [1.0, decision_confidence("minutes", "frame")]


def test_a_report_that_tells_of_a_decision_taken_elsewhere_is_not_read_for_decisions(tmp_path):
    # "Cabinet agreed to ..." once, in a report: how reports tell of decisions, not a record of one.
    pdf = make_pdf(tmp_path / "report.pdf", [text_page([
        "**Annual Report of the Tenancy Services Panel 2024", "",
        "**1. Purpose of report", "To report the panel's work to Council.", "",
        "**2. Background", "In March Cabinet agreed to extend the tenancy support service for a year.",
        "The Council's officers reported quarterly to the panel on waiting times.",
    ])])
    reading, _ = prepare(extract(pdf), None)
    assert not reading.genre.reads_decisions
    assert not any(reads(rs, reading) for rs in rule_sets() if rs.name in ("minutes", "unread_decisions"))


def test_a_page_with_decision_cues_and_no_decision_read_is_listed(tmp_path):
    # Page 2's resolution is cut off where the file ends: not published as a decision, but the
    # page is listed with the words found, so a reader knows to look.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "minutes.pdf", [
        text_page(["**Minutes of a meeting of the Harbour Committee held on Monday, 3 March 2025 at 6.00 pm", "",
                   "Present: Councillors L Ortiz (Chair), B Ward", "",
                   "**21. Moorings", "RESOLVED: That mooring fees rise by 4% from April.", ""]),
        text_page(["**22. Slipway", "The Harbour Master reported on the slipway survey.", "",
                   "RESOLVED: That the slipway repairs be funded from the harbour"]),
    ])
    build(corpus, tmp_path / "plans.db", jobs=1)
    conn = sqlite3.connect(tmp_path / "plans.db")
    assert conn.execute("select minute_number, page from decisions").fetchall() == [("21", 1)]
    rows = conn.execute("select page, cues, cue, pdf from pages_with_unread_decisions").fetchall()
    assert len(rows) == 1
    page, cues, cue, pdf = rows[0]
    assert (page, cues, pdf) == (2, 1, "/corpus/minutes.pdf#page=2")
    assert "RESOLVED" in cue
