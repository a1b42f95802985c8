"""plans fetch where a site's web service is switched off: committees, meetings, documents and
minutes text read from its public pages (ieListDocuments.aspx and the lists that link to it)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from moderngov_site import RESOLVED_74, small_council

from council_plans.fetch import fetch
from council_plans.fetch.html import html_to_text, parse_meeting_list, parse_meeting_page

FAST = {"delay": 0, "timeout": 5, "retries": 1, "backoff": 0.01}


@pytest.fixture
def site(tmp_path):
    site = small_council(tmp_path)
    site.service_on = False
    site.base = site.start()
    yield site
    site.stop()


def test_without_the_service_the_pages_give_the_same_documents(site, tmp_path):
    corpus = tmp_path / "corpus"
    notes: list[str] = []

    class Notes:
        def start(self, meetings: int) -> None: ...
        def current(self, label: str) -> None: ...
        def advance(self) -> None: ...
        def note(self, message: str) -> None:
            notes.append(message)

    summary = fetch(site.base, ["Cabinet"], dt.date(2017, 1, 1), dt.date(2018, 12, 31), corpus, progress=Notes(), **FAST)
    assert summary.via == "pages" and "web service is off" in summary.line()
    assert notes and "reading the meeting pages instead" in notes[0]
    assert [p for p, _ in site.requests_for("ieListMeetings")] == [
        "ieListMeetings.aspx?CId=1392&Year=2017", "ieListMeetings.aspx?CId=1392&Year=2018"]
    assert (summary.meetings_seen, summary.meetings_cancelled, summary.new, summary.failed) == (4, 1, 6, 0)
    manifest = {e["moderngov"]["document_title"]: e for e in json.loads((corpus / "manifest.json").read_text())}
    report = manifest["Report"]
    assert (report["moderngov"]["meeting_id"], report["moderngov"]["item_number"], report["moderngov"]["via"]) == (10753, "74", "pages")
    assert report["title"] == "Performance Management Outturn: Report"
    assert "Exempt report" not in manifest  # the page does not link an exempt item's papers
    minutes = json.loads((corpus / "2017-06-20-cabinet.minutes.json").read_text())
    item_74 = next(i for i in minutes["items"] if i["number"] == "74")
    assert RESOLVED_74 in item_74["minutes_text"].splitlines()


def test_a_site_that_answers_neither_way_is_not_moderngov(site, tmp_path):
    from kernel.errors import PlansError

    with pytest.raises(PlansError) as caught:
        fetch(f"{site.base}/not-here/", ["Cabinet"], dt.date(2017, 1, 1), dt.date(2017, 12, 31), tmp_path / "c", **FAST)
    assert caught.value.code == "E043" and "HTTP 404" in caught.value.message


def test_meeting_list_dates_and_cancellations():
    markup = """<ul>
      <li><a href="ieListDocuments.aspx?CId=141&amp;MId=10753&amp;Ver=4">20 Jun 2017 9.30 am</a></li>
      <li><a href="ieListDocuments.aspx?CId=141&amp;MId=10760&amp;Ver=4">18 Jul 2017 9.30 am</a> <span>CANCELLED</span></li>
      <li><a href="mgCommitteeDetails.aspx?ID=141">Cabinet</a></li>
    </ul>"""
    stubs = parse_meeting_list(markup, 141)
    assert [(s.id, s.date, s.cancelled) for s in stubs] == [(10753, "2017-06-20", False), (10760, "2017-07-18", True)]


def test_meeting_page_items_documents_and_minutes():
    # The layout of ieListDocuments.aspx: the meeting's own documents, then one row per item
    # whose number cell holds a title paragraph too.
    markup = """
    <ul class="mgActionList">
      <li><a href="documents/g6439/Printed minutes 31st-Mar-2025.pdf">Printed minutes (PDF, 97 KB)</a></li>
    </ul>
    <table class="mgItemTable"><tr>
      <td class="mgItemNumberCell"><p class="mgAiTitleTxt">4.</p></td>
      <td><p class="mgAiTitleTxt">Pimlico District HeatingPDF 500 KB</p>
        <ul><li><a href="documents/s3001/Report.pdf">Report PDF 500 KB</a></li></ul>
        <p class="mgSubItemTitleTxt">Minutes:</p>
        <div class="mgWordPara"><p>Cabinet considered the report.</p><div><b>Resolved:</b></div><p>To approve &amp; fund.</p></div>
        <div class="mgWordPara">Not minutes.</div>
      </td></tr></table>"""
    page = parse_meeting_page(markup, "https://example.gov.uk/")
    (own,) = page.documents
    assert own.title == "Printed minutes"
    assert own.url == "https://example.gov.uk/documents/g6439/Printed%20minutes%2031st-Mar-2025.pdf"
    (item,) = page.items
    assert (item.number, item.title) == ("4", "Pimlico District Heating")
    assert [d.url for d in item.documents] == ["https://example.gov.uk/documents/s3001/Report.pdf"]
    assert html_to_text(item.minutes_html).splitlines() == ["Cabinet considered the report.", "Resolved:", "To approve & fund."]
