"""plans fetch against a ModernGov site's web service (a local replay, tests/moderngov_site.py):
paging through meetings, what is skipped, what the manifest records, and a second run."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from moderngov_site import Doc, Meeting, small_council, small_pdf

from council_plans.cli import cli
from council_plans.fetch import fetch
from council_plans.fetch.moderngov import parse_committees, parse_meeting, unescape
from kernel.errors import PlansError

FROM, TO = dt.date(2017, 1, 1), dt.date(2018, 12, 31)
FAST = {"delay": 0, "timeout": 5, "retries": 1, "backoff": 0.01}


@pytest.fixture
def site(tmp_path):
    site = small_council(tmp_path)
    site.base = site.start()
    yield site
    site.stop()


def entries(corpus: Path) -> dict[str, dict]:
    """Manifest entries by the ModernGov document title."""
    return {e["moderngov"]["document_title"]: e for e in json.loads((corpus / "manifest.json").read_text())}


def fetched_pdfs(site) -> list[str]:
    """Documents the site sent in full (200), not counting 304 answers."""
    return [p for p, status in site.log if status == 200 and ("mgConvert2PDF" in p or p.startswith("documents/"))]


# --- the service's XML ----------------------------------------------------------------------

def test_titles_escaped_twice_are_read_once():
    xml = ("<committees><committee><committeeid>140</committeeid>"
           "<committeetitle>Children&amp;#39;s Select Committee &amp;amp; Panel</committeetitle>"
           "<committeedeleted>False</committeedeleted><committeeexpired>True</committeeexpired></committee></committees>")
    (committee,) = parse_committees(xml)
    assert committee.title == "Children's Select Committee & Panel"
    assert (committee.id, committee.deleted, committee.expired) == (140, False, True)
    assert unescape("Children&#39;s") == "Children's"


def test_meeting_items_minutes_markup_and_documents():
    xml = """<?xml version="1.0"?>
    <meeting xmlns="http://moderngov.co.uk/namespaces"><meetingid>10753</meetingid><meetingdate>20/06/2017</meetingdate>
      <agendaitems>
        <agendaitem><agendaitemid>2</agendaitemid><agendaitemtitle>Business Plan</agendaitemtitle>
          <agendaitemnumber>79</agendaitemnumber><minutesitemnumber>79</minutesitemnumber>
          <minutesnonemptyhtmlbody>&lt;p&gt;&lt;b&gt;Resolved:&lt;/b&gt; to agree.&lt;/p&gt;</minutesnonemptyhtmlbody>
          <isdecision>True</isdecision><isrestricted>False</isrestricted>
          <linkeddocuments><linkeddoc><attachmentid>98765</attachmentid><title>Report</title>
            <url>https://cms.example.gov.uk/mgConvert2PDF.aspx?ID=98765</url><publicationdate>12/06/2017</publicationdate>
          </linkeddoc></linkeddocuments></agendaitem>
      </agendaitems></meeting>"""
    meeting = parse_meeting(xml, "https://cms.example.gov.uk/")
    assert (meeting.id, meeting.date) == (10753, "2017-06-20")  # dd/mm/yyyy → ISO, namespace ignored
    (item,) = meeting.items
    assert (item.number, item.minutes_number, item.is_decision, item.restricted) == ("79", "79", True, False)
    assert item.minutes_html == "<p><b>Resolved:</b> to agree.</p>"
    (doc,) = item.documents
    assert (doc.attachment_id, doc.publication_date) == (98765, "2017-06-12")


# --- a first run ----------------------------------------------------------------------------

def test_meetings_are_listed_a_year_at_a_time_for_every_committee_named(site, tmp_path):
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet", "children's select committee"], FROM, TO, corpus, **FAST)
    asked = [p for p, _ in site.requests_for("GetMeetings")]
    assert asked == [
        "mgWebService.asmx/GetMeetings?lCommitteeId=1392&sFromDate=01/01/2017&sToDate=31/12/2017",
        "mgWebService.asmx/GetMeetings?lCommitteeId=1392&sFromDate=01/01/2018&sToDate=31/12/2018",
        "mgWebService.asmx/GetMeetings?lCommitteeId=140&sFromDate=01/01/2017&sToDate=31/12/2017",
        "mgWebService.asmx/GetMeetings?lCommitteeId=140&sFromDate=01/01/2018&sToDate=31/12/2018",
    ]  # the deleted committee also titled "Cabinet" (id 77) is not asked for
    assert [c.id for c in summary.committees] == [1392, 140]
    assert summary.meetings_seen == 5 and summary.meetings_cancelled == 1
    meetings_read = {p for p, _ in site.requests_for("GetMeeting?")}
    assert meetings_read == {f"mgWebService.asmx/GetMeeting?lMeetingId={m}" for m in (10753, 10754, 10801, 20001)}
    assert (summary.new, summary.unchanged, summary.failed) == (7, 0, 0)


def test_cancelled_meetings_restricted_items_and_the_front_sheet_are_skipped(site, tmp_path):
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    asked = {p for p, _ in site.log}
    assert "mgConvert2PDF.aspx?ID=521" not in asked  # on the cancelled meeting's agenda
    assert "mgConvert2PDF.aspx?ID=503" not in asked  # the restricted (exempt) item's report
    assert not any("Agenda%20frontsheet" in p for p in asked)  # the reports pack starts with it
    assert summary.items_restricted == 1
    assert set(entries(corpus)) == {
        "Printed minutes 20th-Jun-2017 10.30 Cabinet", "Report", "Appendix 1 - Draft Accounts",
        "Public reports pack 03rd-Jul-2017 10.30 Cabinet", "Business Plan report", "Budget 2018/19 report",
    }


def test_manifest_entries_say_what_was_fetched_from_where(site, tmp_path):
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, publisher="Example Council", **FAST)
    found = entries(corpus)
    report = found["Report"]
    assert report["file"] == "2017-06-20-cabinet-74-report.pdf"
    assert report["title"] == "Performance Management Outturn: Report"
    assert (report["body"], report["meeting_date"], report["document_type"]) == ("Cabinet", "2017-06-20", "report")
    assert report["source_url"] == f"{site.base}/mgConvert2PDF.aspx?ID=501"
    assert report["sha256"] == hashlib.sha256((corpus / report["file"]).read_bytes()).hexdigest()
    assert report["publisher"] == "Example Council"
    mg = report["moderngov"]
    assert (mg["committee_id"], mg["meeting_id"], mg["item_id"], mg["attachment_id"]) == (1392, 10753, 2, 501)
    assert (mg["item_number"], mg["publication_date"], mg["etag"]) == ("74", "2017-06-12", site.doc(501).tag())
    pack = found["Public reports pack 03rd-Jul-2017 10.30 Cabinet"]
    assert pack["title"] == "Public reports pack, Cabinet, 3 July 2017"
    assert pack["document_type"] == "agenda_pack" and pack["moderngov"]["item_id"] is None
    assert found["Printed minutes 20th-Jun-2017 10.30 Cabinet"]["document_type"] == "minutes"
    assert not list(corpus.glob(".*"))  # no temporary files left behind


def test_minutes_text_is_kept_beside_the_pdfs_and_named_by_the_meetings_entries(site, tmp_path):
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    found = entries(corpus)
    assert found["Report"]["moderngov"]["minutes_file"] == "2017-06-20-cabinet.minutes.json"
    assert found["Business Plan report"]["moderngov"]["minutes_file"] is None  # no minutes text from the service
    minutes = json.loads((corpus / "2017-06-20-cabinet.minutes.json").read_text())
    assert (minutes["committee"], minutes["meeting_id"], minutes["meeting_date"]) == ("Cabinet", 10753, "2017-06-20")
    by_number = {i["minutes_number"]: i for i in minutes["items"]}
    assert set(by_number) == {"74", "75"}  # the heading (item 0) and the restricted item are not kept
    assert by_number["74"]["minutes_text"].splitlines()[1:3] == ["Resolved:",
                                                                   "To note the updates and outturns against the measures and activities."]
    assert by_number["75"]["minutes_html"].startswith("<p>Resolved:</p><ol><li>")


# --- the next run ---------------------------------------------------------------------------

def test_a_second_run_downloads_nothing_again(site, tmp_path):
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    first = fetched_pdfs(site)
    before = (corpus / "manifest.json").read_text()
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert fetched_pdfs(site) == []  # every document was asked "changed?" and answered 304
    assert sum(1 for _, status in site.log if status == 304) == len(first) == 6
    assert (summary.new, summary.changed, summary.unchanged, summary.failed) == (0, 0, 6, 0)
    assert (corpus / "manifest.json").read_text() == before
    assert summary.minutes_files == 0  # the minutes text did not change either


def test_documents_without_validators_are_not_asked_for_again(site, tmp_path):
    for meeting in site.meetings:
        for doc in meeting.own_docs + [d for i in meeting.items for d in i.docs]:
            doc.etag = False
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert fetched_pdfs(site) == [] and summary.unchanged == 6
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, recheck=True, **FAST)
    assert len(fetched_pdfs(site)) == 6 and summary.unchanged == 6  # same bytes: nothing replaced


def test_a_changed_document_is_downloaded_again_and_its_entry_updated(site, tmp_path):
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    old = entries(corpus)["Report"]
    site.doc(501).pdf = small_pdf(tmp_path, "r501-v2.pdf", "**Performance Management Outturn", "Report, corrected")
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (summary.changed, summary.unchanged, summary.new) == (1, 5, 0)
    assert fetched_pdfs(site) == ["mgConvert2PDF.aspx?ID=501"]
    new = entries(corpus)["Report"]
    assert new["file"] == old["file"]
    assert new["sha256"] != old["sha256"]
    assert new["sha256"] == hashlib.sha256(site.doc(501).pdf).hexdigest()
    assert (corpus / new["file"]).read_bytes() == site.doc(501).pdf
    assert new["moderngov"]["etag"] == site.doc(501).tag()


def test_a_new_meeting_is_picked_up_by_the_next_run(site, tmp_path):
    corpus = tmp_path / "corpus"
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    site.meetings.append(Meeting(10802, 1392, "2018-03-20", own_docs=[
        Doc(701, "Public reports pack 20th-Mar-2018 10.30 Cabinet", small_pdf(tmp_path, "p701.pdf", "**March pack"),
            path="documents/g10802/Public reports pack 20th-Mar-2018 10.30 Cabinet.pdf")]))
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (summary.new, summary.unchanged) == (1, 6)
    assert fetched_pdfs(site) == ["documents/g10802/Public%20reports%20pack%2020th-Mar-2018%2010.30%20Cabinet.pdf"]
    assert entries(corpus)["Public reports pack 20th-Mar-2018 10.30 Cabinet"]["file"] == "2018-03-20-cabinet-public-reports-pack.pdf"


# --- failures -------------------------------------------------------------------------------

def test_a_server_error_is_retried_with_back_off(site, tmp_path):
    site.faults["mgConvert2PDF.aspx?ID=501"] = [503, 502]
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **{**FAST, "retries": 2})
    assert [s for _, s in site.requests_for("mgConvert2PDF.aspx?ID=501")] == [503, 502, 200]
    assert summary.failed == 0 and "Report" in entries(corpus)


def test_a_download_that_keeps_failing_is_reported_not_written_and_retried_next_run(site, tmp_path):
    site.faults["mgConvert2PDF.aspx?ID=501"] = [503, 503]
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)  # one try and one retry
    assert summary.failed == 1 and summary.new == 5
    (err,) = summary.errors
    assert err.code == "E040"
    assert "mgConvert2PDF.aspx?ID=501: HTTP 503" in err.message and "2017-06-20 Cabinet" in err.message
    assert "Report" not in entries(corpus)
    assert not (corpus / "2017-06-20-cabinet-74-report.pdf").exists() and not list(corpus.glob(".*"))
    site.log.clear()
    again = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (again.new, again.failed, again.unchanged) == (1, 0, 5)
    assert fetched_pdfs(site) == ["mgConvert2PDF.aspx?ID=501"]


def test_an_agenda_that_cannot_be_read_costs_only_its_meeting(site, tmp_path):
    site.faults["mgWebService.asmx/GetMeeting?lMeetingId=10753"] = [500, 500]
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (summary.unread, summary.failed, summary.new) == (1, 0, 3)  # the 3 documents of the other meetings
    assert "1 meeting list(s) or agenda(s) could not be read" in summary.line()
    (err,) = summary.errors
    assert err.message.startswith("2017-06-20 Cabinet, agenda: E040")
    again = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (again.unread, again.new, again.unchanged) == (0, 3, 3)


def test_a_document_that_does_not_answer_in_time_is_reported(site, tmp_path):
    site.stalls["mgConvert2PDF.aspx?ID=502"] = 1.5
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, delay=0, timeout=0.3, retries=1, backoff=0.01)
    (err,) = summary.errors
    assert err.code == "E040" and "no complete answer within 0.3s (2 tries)" in err.message
    assert "Appendix 1 - Draft Accounts" not in entries(corpus) and summary.new == 5


def test_a_page_sent_instead_of_a_pdf_is_not_written(site, tmp_path):
    site.doc(502).pdf = b"<html><body>Please log in</body></html>"
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    (err,) = summary.errors
    assert err.code == "E041" and "not a PDF" in err.message
    assert not list(corpus.glob("*draft-accounts*")) and not list(corpus.glob(".*"))


def test_an_unknown_committee_names_the_nearest(site, tmp_path):
    with pytest.raises(PlansError) as caught:
        fetch(site.base, ["Cabinett"], FROM, TO, tmp_path / "corpus", **FAST)
    assert caught.value.code == "E042" and "nearest: Cabinet" in caught.value.message
    assert not site.requests_for("GetMeetings")


# --- the command ----------------------------------------------------------------------------

def test_plans_fetch_prints_a_summary_and_the_failures(site, tmp_path):
    site.faults["mgConvert2PDF.aspx?ID=531"] = [500]
    corpus = tmp_path / "corpus"
    result = CliRunner().invoke(cli, [
        "fetch", "--site", site.base, "--committee", "Cabinet", "--from", "2017-01-01", "--to", "2018-12-31",
        "--corpus", str(corpus), "--delay", "0", "--retries", "0", "--quiet",
    ])
    assert result.exit_code == 0, result.output
    assert "4 meetings seen (1 cancelled, skipped); documents new 5, changed 0, unchanged 0, failed 1" in result.output
    assert "E040 download failed" in result.output and "mgConvert2PDF.aspx?ID=531" in result.output
    assert "run the same command again to retry what is missing" in result.output


def test_plans_fetch_lists_committees(site):
    result = CliRunner().invoke(cli, ["fetch", "--site", f"{site.base}/mgListCommittees.aspx", "--list-committees",
                                      "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "  1392  Cabinet\n" in result.output and "   140  Children's Select Committee\n" in result.output
    assert "77  Cabinet (deleted)" in result.output


def test_plans_fetch_needs_a_committee_and_dates(site):
    result = CliRunner().invoke(cli, ["fetch", "--site", site.base, "--committee", "Cabinet"])
    assert result.exit_code == 2 and "--from, --to needed" in result.output
    assert site.log == []


def test_committee_matching_ignores_case_and_takes_ids(site, tmp_path):
    summary = fetch(site.base, ["CHILDREN'S SELECT COMMITTEE", "1392"], dt.date(2018, 1, 1), TO, tmp_path / "c", **FAST)
    assert [c.id for c in summary.committees] == [140, 1392]
    assert summary.committees[0].title == "Children's Select Committee"  # as the site spells it
