"""plans build checks each resolution read from a fetched PDF against the minutes text the
ModernGov web service returned for the meeting (the decision_checks table)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from moderngov_site import RESOLVED_74, RESOLVED_75_PDF, RESOLVED_75_SERVICE, RESOLVED_76, small_council

from council_plans.build import build
from council_plans.corpus import load_corpus
from council_plans.fetch import fetch
from rules.decision_checks import agrees, service_resolutions, similarity


@pytest.fixture(scope="module")
def fetched_corpus(tmp_path_factory):
    """The 20 June 2017 Cabinet fetched from the replayed site: printed minutes with three
    resolutions, two reports, and the service's minutes text."""
    tmp = tmp_path_factory.mktemp("fetched")
    site = small_council(tmp)
    base = site.start()
    try:
        fetch(base, ["Cabinet"], dt.date(2017, 6, 1), dt.date(2017, 6, 30), tmp / "corpus", delay=0, retries=0)
    finally:
        site.stop()
    return tmp / "corpus"


@pytest.fixture(scope="module")
def checks(fetched_corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "plans.db"
    result = build(fetched_corpus, db, jobs=1)
    assert not result.errors, [e.message for e in result.errors]
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        "select c.*, d.minute_number, d.page as decision_page, d.document_id as decision_document "
        "from decision_checks c join decisions d on d.id = c.decision_id").fetchall()
    return {r["minute_number"]: dict(r) for r in rows}, conn


def test_every_resolution_of_the_fetched_minutes_is_checked(checks):
    rows, _ = checks
    assert sorted(rows) == ["74", "75", "76"]
    assert {n: r["status"] for n, r in rows.items()} == {"74": "agree", "75": "differ", "76": "missing"}


def test_a_resolution_the_service_words_the_same_agrees(checks):
    row = checks[0]["74"]
    assert row["similarity"] == 1.0 and row["matched_by"] == "minute_number"
    assert row["pdf_text"] == RESOLVED_74 and row["service_text"] == RESOLVED_74
    assert row["service_part"] == "resolution"  # the reason that follows it is not part of it
    assert (row["moderngov_meeting_id"], row["moderngov_item_id"]) == (10753, 2)


def test_a_resolution_the_service_words_differently_differs_with_both_texts(checks):
    row = checks[0]["75"]
    assert row["pdf_text"] == RESOLVED_75_PDF and row["service_text"] == RESOLVED_75_SERVICE
    assert 0.5 < row["similarity"] < 0.9


def test_a_resolution_the_service_has_no_minute_for_is_missing(checks):
    row = checks[0]["76"]
    assert row["pdf_text"] == RESOLVED_76
    assert row["service_text"] is None and row["similarity"] is None and row["matched_by"] is None


def test_checks_cite_the_page_of_the_decision(checks):
    rows, _ = checks
    for row in rows.values():
        assert (row["document_id"], row["page"]) == (row["decision_document"], row["decision_page"])
        assert row["pdf"] == f"/corpus/{row['document_id']}.pdf#page={row['page']}"
        assert row["service_url"].endswith("ieListDocuments.aspx?CId=1392&MId=10753")


def test_the_build_reads_fetched_documents_with_their_manifest_metadata(checks):
    _, conn = checks
    docs = {r[0]: r[1:] for r in conn.execute("select file, body, meeting_date, document_type, metadata_source from documents")}
    assert docs["2017-06-20-cabinet-printed-minutes.pdf"] == ("Cabinet", "2017-06-20", "minutes", "manifest")
    assert docs["2017-06-20-cabinet-74-report.pdf"] == ("Cabinet", "2017-06-20", "report", "manifest")


def test_decisions_of_meetings_without_service_minutes_get_no_check(built_db):
    conn = sqlite3.connect(built_db)  # the seed corpus: copied by hand, no ModernGov minutes text
    assert conn.execute("select count(*) from decisions").fetchone()[0] > 0
    assert conn.execute("select count(*) from decision_checks").fetchone()[0] == 0


def test_an_unreadable_minutes_file_is_an_e044_error(fetched_corpus, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(fetched_corpus, corpus)
    (corpus / "2017-06-20-cabinet.minutes.json").write_text("{not json")
    loaded = load_corpus(corpus)
    (err,) = loaded.errors
    assert err.code == "E044" and "2017-06-20-cabinet.minutes.json" in err.message
    assert all("minutes" not in (f.manifest or {}).get("moderngov", {}) for f in loaded.files)


def test_the_minutes_file_reaches_the_build_as_manifest_metadata(fetched_corpus):
    loaded = load_corpus(fetched_corpus)
    minutes = {f.path.name: f.manifest["moderngov"]["minutes"] for f in loaded.files}
    assert len(minutes) == 3 and all(m["meeting_id"] == 10753 for m in minutes.values())
    on_disk = json.loads((fetched_corpus / "2017-06-20-cabinet.minutes.json").read_text())
    assert next(iter(minutes.values())) == on_disk


# --- reading the service's text ---------------------------------------------------------------

def test_service_resolution_runs_from_the_marker_to_the_reason():
    text = "\n".join(["Councillor Jane Scott presented the report.", "Resolved:", "1. To approve the plan; and",
                      "2. To note the risks.", "Reason for Decision:", "To deliver the plan.", "Resolved that the minute be signed."])
    assert service_resolutions(text) == ["1. To approve the plan; and 2. To note the risks.",
                                         "that the minute be signed."]


def test_list_numbering_and_typography_do_not_count_as_differences():
    pdf = "1. To approve the council’s plan – as amended; and 2. To note the risks."
    service = "To approve the council's plan - as amended; and\nTo note the risks."  # an HTML <ol> numbers itself
    assert similarity(pdf, service) == 1.0
    assert agrees(pdf, service) == (True, 1.0)


def test_two_dropped_words_or_one_changed_figure_differ():
    pdf = "1. To approve the council’s plan – as amended; and 2. To note the risks."
    agree, score = agrees(pdf, "To approve the council's plan; and to note the risks.")
    assert not agree and 0.9 < score < 0.95
    long = ("To note the forecast overspend of £2.1m for 2017/18 and the actions the directors are taking to "
            "bring spending back within budget by the end of the year, as set out in the report.")
    agree, score = agrees(long, long.replace("£2.1m", "£2.4m"))
    assert not agree and score > 0.95  # alike in words, but the figure changed
