"""plans fetch against a hostile or spoofed meeting-system site (local servers only).

Each case is a site that names local files or other hosts, redirects elsewhere, sends an
answer that never ends or trickles, nests its XML deeply, declares entities, writes numbers
in Unicode digits or ``&copy=`` in its links, and runs that are killed part-way. The README's
"Hostile sites" table lists the same cases with what the user sees:
``test_the_readme_table_lists_exactly_these_cases`` keeps them in step (each test names its
case with ``@case``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_answers import LargestPart, Sent, endless, raw, redirect, trickle
from moderngov_site import Committee, Doc, Item, Meeting, ModernGovSite, small_council, small_pdf

from council_plans.cli import cli
from council_plans.fetch import fetch
from council_plans.fetch import moderngov as mg
from council_plans.fetch.addresses import AddressPolicy
from council_plans.fetch.download import Http
from council_plans.fetch.manifest import Manifest
from council_plans.fetch.moderngov import parse_meeting, parse_meetings
from kernel.errors import PlansError

ROOT = Path(__file__).resolve().parents[1]
FROM, TO = dt.date(2017, 1, 1), dt.date(2018, 12, 31)
FAST = {"delay": 0, "timeout": 5, "retries": 0, "backoff": 0.01}
REPORT = "mgConvert2PDF.aspx?ID=502"  # the appendix on the 20 June 2017 agenda
CASES: dict[str, str] = {}  # README label -> code ("—" where nothing fails)


def case(label: str, code: str):
    """Registers a test as the README row ``label`` (what the user sees: ``code``)."""
    CASES[label] = code
    return lambda test: test


@pytest.fixture
def site(tmp_path):
    site = small_council(tmp_path)
    site.base = site.start()
    yield site
    site.stop()


def manifest(corpus: Path) -> list[dict]:
    return json.loads((corpus / "manifest.json").read_text())


def codes(summary) -> list[str]:
    return [e.code for e in summary.errors]


# --- addresses ------------------------------------------------------------------------------

@case("a link to a local file (`file://`)", "E045")
@pytest.mark.parametrize("service_on", [True, False], ids=["service", "pages"])
def test_a_link_to_a_local_file_is_refused_and_reported(site, tmp_path, service_on):
    secret = small_pdf(tmp_path, "secret.pdf", "**Private papers")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "secret.pdf").write_bytes(secret)
    site.service_on = service_on
    site.doc(502).path = f"file://{tmp_path}/documents/secret.pdf"
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    (err,) = summary.errors
    assert err.code == "E045" and "file: is not http or https" in err.message and "secret.pdf" in err.message
    assert summary.refused == 1 and summary.failed == 0 and "1 link(s) refused" in summary.line()
    held = {hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus.glob("*.pdf")}
    assert hashlib.sha256(secret).hexdigest() not in held
    assert all(not e["source_url"].startswith("file:") for e in manifest(corpus))
    assert summary.new == 5  # every other document came


@case("a link with another scheme (`ftp:`, `data:`, `javascript:`)", "E045")
@pytest.mark.parametrize("link", ["ftp://127.0.0.1/documents/s1/report.pdf",
                                  "data:application/pdf;base64," + base64.b64encode(b"%PDF-1.4 planted").decode(),
                                  "javascript:alert(1)"])
def test_a_link_with_another_scheme_is_refused(site, tmp_path, link):
    site.doc(502).path = link
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    assert codes(summary) == ["E045"] and "is not http or https" in summary.errors[0].message
    assert not any(b"planted" in p.read_bytes() for p in (tmp_path / "corpus").glob("*.pdf"))


@case("a link to another host", "E045")
def test_a_link_to_another_host_is_refused_unless_allowed(site, tmp_path):
    port = site.base.rsplit(":", 1)[1]
    pdf = site.doc(502).pdf
    site.doc(502).path = f"http://localhost:{port}/{REPORT}"  # the same server, by another name
    site.custom[REPORT] = raw(200, [("Content-Type", "application/pdf"), ("Content-Length", str(len(pdf)))], pdf)
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "a", **FAST)
    assert codes(summary) == ["E045"]
    assert "localhost is not the site's host 127.0.0.1" in summary.errors[0].message
    assert not site.requests_for("ID=502")
    allowed = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "b", allow_hosts=[f"localhost:{port}"], **FAST)
    assert allowed.errors == [] and allowed.new == 6
    assert len(site.requests_for("ID=502")) == 1


@case("a redirect to another host or scheme", "E045")
@pytest.mark.parametrize("where", ["http://localhost:{port}/elsewhere.pdf", "ftp://127.0.0.1/x.pdf", "file:///etc/passwd"])
def test_a_redirect_is_checked_before_it_is_followed(site, tmp_path, where):
    port = site.base.rsplit(":", 1)[1]
    site.custom["elsewhere.pdf"] = lambda handler: 200  # must never be asked
    site.custom[REPORT] = redirect(where.format(port=port))
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    (err,) = summary.errors
    assert err.code == "E045" and f"redirected from {site.base}/{REPORT} to" in err.message
    assert not site.requests_for("elsewhere.pdf")


def test_a_redirect_on_the_sites_own_host_is_followed(site, tmp_path):
    site.custom[REPORT] = redirect("/mgConvert2PDF.aspx?ID=501", status=301)
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    assert summary.errors == [] and summary.new == 6


@case("redirects that go round in circles", "E040")
def test_a_redirect_loop_ends(site, tmp_path):
    site.custom[REPORT] = redirect(f"/{REPORT}")
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    assert codes(summary) == ["E040"] and "more than 5 redirects" in summary.errors[0].message


@case("`--site` that is not http(s)", "E045")
def test_a_site_that_is_not_http_is_refused(tmp_path):
    for site in ("file:///etc", "ftp://127.0.0.1:9/"):
        result = CliRunner().invoke(cli, ["fetch", "--site", site, "--list-committees", "--delay", "0", "--retries", "0"])
        assert result.exit_code == 1 and "E045 address refused" in result.output, result.output


@case("a site whose own name turns to a private address (DNS rebinding)", "E045")
def test_a_public_site_is_not_followed_to_a_private_address(monkeypatch):
    # Two servers on one port: 127.0.0.1 plays the council's public address, 127.0.0.2 a
    # private one its name is later made to point at. No test may use a real public address.
    first = ModernGovSite()
    base = first.start()
    port = int(base.rsplit(":", 1)[1])
    try:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Private(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"<committees/>")

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.2", port), Private)
    except OSError:
        first.stop()
        pytest.skip("127.0.0.2 cannot take the port")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answers = iter(["127.0.0.1", "127.0.0.2"])
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if host == "council.test":
            return real(next(answers), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    policy = AddressPolicy(f"http://council.test:{port}/", is_public=lambda ip: str(ip) == "127.0.0.1")
    http = Http(delay=0, retries=0, policy=policy)
    try:
        http.get_text(f"http://council.test:{port}/mgWebService.asmx/GetCommittees")
        with pytest.raises(PlansError) as caught:
            http.get_text(f"http://council.test:{port}/mgWebService.asmx/GetCommittees")
        assert caught.value.code == "E045" and "127.0.0.2, a private or local address" in caught.value.message
    finally:
        http.close()
        server.shutdown()
        server.server_close()
        first.stop()


# --- answers that never end ------------------------------------------------------------------

@case("a document that never ends", "E046")
def test_a_document_that_never_ends_is_stopped_at_the_cap(site, tmp_path):
    sent = Sent()
    site.custom[REPORT] = endless(b"%PDF-1.4\n", sent=sent)
    corpus = tmp_path / "corpus"
    with LargestPart(corpus) as watch:
        summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, max_document_bytes=1 << 20, **FAST)
    (err,) = summary.errors
    assert err.code == "E046" and "larger than the 1.0 MB allowed" in err.message
    assert watch.largest <= 1 << 20  # the temporary file never grew past the cap
    assert not list(corpus.glob(".*")) and summary.new == 5


@case("a web page sent for a PDF, never ending", "E041")
def test_the_pdf_check_is_made_on_the_first_bytes(site, tmp_path):
    sent = Sent()
    site.custom[REPORT] = endless(b"<html><body>Sign in</body>", content_type="text/html", sent=sent)
    corpus = tmp_path / "corpus"
    with LargestPart(corpus) as watch:
        summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)  # the 200 MB default cap
    assert codes(summary) == ["E041"] and "sent text/html, not a PDF" in summary.errors[0].message
    assert watch.largest < 1 << 20  # judged on the first bytes, not after 24 MB


@case("an XML answer that never ends", "E046")
def test_an_xml_answer_that_never_ends_costs_only_its_meeting(site, tmp_path):
    site.custom["mgWebService.asmx/GetMeeting?lMeetingId=10753"] = endless(b"<meeting><agendaitems>",
                                                                            content_type="text/xml")
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", max_page_bytes=1 << 20, **FAST)
    (err,) = summary.errors
    assert err.code == "E046" and err.message.startswith("2017-06-20 Cabinet, agenda: E046")
    assert summary.unread == 1 and summary.new == 3  # the other meetings' documents


@case("a Content-Length over the cap", "E046")
def test_a_declared_length_over_the_cap_is_refused_before_reading(site, tmp_path):
    sent = Sent()
    site.custom[REPORT] = endless(b"%PDF-1.4\n", sent=sent, length=str(10 << 30))
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    assert codes(summary) == ["E046"] and "it says it is 10,240.0 MB" in summary.errors[0].message


@case("a server trickling a byte at a time (body or headers)", "E040")
@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_given_up_after_the_total_timeout(site, tmp_path, headers_too):
    body = b"%PDF-1.4\n" + b"x" * 200
    site.custom[REPORT] = trickle(body, every=0.05, headers_too=headers_too)  # each byte well inside the timeout
    started = time.monotonic()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", delay=0, timeout=1.0, retries=0)
    elapsed = time.monotonic() - started
    assert codes(summary) == ["E040"] and "no complete answer within 1s (1 try)" in summary.errors[0].message
    assert elapsed < 8  # a per-read timeout would have waited for all 200 bytes (10 s and more)


# --- what the XML says ---------------------------------------------------------------------

def _nested(depth: int) -> str:
    item = ("<agendaitem><agendaitemid>{i}</agendaitemid><agendaitemtitle>Item {i}</agendaitemtitle>"
            "<linkeddocuments><linkeddoc><url>d{i}.pdf</url><title>Paper {i}</title></linkeddoc></linkeddocuments>")
    return ("<meeting><meetingid>1</meetingid><agendaitems>" + "".join(item.format(i=i) for i in range(depth))
            + "</agendaitem>" * depth + "</agendaitems></meeting>")


@case("a deeply nested GetMeeting answer", "—")
def test_deep_nesting_is_read_in_linear_time(monkeypatch):
    calls = 0
    real = mg._local

    def counted(tag: str) -> str:
        nonlocal calls
        calls += 1
        return real(tag)

    monkeypatch.setattr(mg, "_local", counted)
    work = {}
    for depth in (150, 300):
        calls = 0
        meeting = parse_meeting(_nested(depth), "https://example.gov.uk/")
        work[depth] = calls
        assert [len(i.documents) for i in meeting.items] == [1] * depth  # each item its own paper only
        assert meeting.items[-1].documents[0].url == f"https://example.gov.uk/d{depth - 1}.pdf"
    assert work[300] < 2.5 * work[150]  # twice the nesting, twice the work (quadratic: four times)


@case("entities declared in the XML (\"billion laughs\")", "E040")
def test_entity_declarations_stay_refused():
    laughs = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "ha">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><meeting><meetingid>1</meetingid><meetinglocation>&i;</meetinglocation></meeting>')
    small = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "planted">]>'
             "<meeting><meetingid>1</meetingid><meetinglocation>&a;</meetinglocation></meeting>")
    for xml in (laughs, small):
        with pytest.raises(mg.ServiceUnavailable, match="declares a document type"):
            parse_meeting(xml, "https://example.gov.uk/")


@case("Unicode digits (\"²\") in ids and dates", "—")
def test_unicode_digits_in_ids_and_dates_do_not_crash():
    meetings = parse_meetings("<getmeetings><meeting><meetingid>²</meetingid><meetingdate>20/06/2017</meetingdate></meeting>"
                              "<meeting><meetingid>7</meetingid><meetingdate>²0/06/2017</meetingdate></meeting>"
                              f"<meeting><meetingid>{'9' * 5000}</meetingid><meetingdate>20/06/2017</meetingdate></meeting>"
                              "<meeting><meetingid>8</meetingid><meetingdate>20/06/2017</meetingdate></meeting></getmeetings>", 1)
    assert [m.id for m in meetings] == [8]  # no usable id or date: skipped, not a crash
    meeting = parse_meeting("<meeting><meetingid>1</meetingid><agendaitems><agendaitem><agendaitemid>³</agendaitemid>"
                            "<agendaitemtitle>Budget</agendaitemtitle><linkeddocuments><linkeddoc><attachmentid>²</attachmentid>"
                            "<url>mgConvert2PDF.aspx?ID=²</url></linkeddoc></linkeddocuments></agendaitem></agendaitems></meeting>",
                            "https://example.gov.uk/")
    (item,) = meeting.items
    assert item.id is None and item.documents[0].attachment_id is None
    from council_plans.fetch.fetcher import select_committees
    from council_plans.fetch.moderngov import Committee

    with pytest.raises(PlansError) as caught:
        select_committees([Committee(2, "Cabinet")], ["²"])
    assert caught.value.code == "E042"


@case("a Content-Length or Retry-After of \"²\"", "E040")
@pytest.mark.parametrize("headers", [[("Content-Type", "application/pdf"), ("Content-Length", "²")],
                                     [("Retry-After", "²")]], ids=["content-length", "retry-after"])
def test_unicode_digits_in_headers_are_a_failed_download_not_a_crash(site, tmp_path, headers):
    site.custom[REPORT] = raw(200 if headers[0][0] == "Content-Type" else 503, headers, b"%PDF-1.4\n")
    summary = fetch(site.base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    assert codes(summary) == ["E040"] and summary.new == 5


@case("a charset no codec knows", "—")
def test_an_unknown_charset_is_read_as_utf8(site):
    site.custom["mgListCommittees.aspx"] = raw(200, [("Content-Type", "text/html; charset=x-no-such-codec")],
                                                "<a href='mgCommitteeDetails.aspx?ID=5'>Café Committee</a>".encode())
    http = Http(delay=0, retries=0)
    try:
        assert "Café Committee" in http.get_text(f"{site.base}/mgListCommittees.aspx")
    finally:
        http.close()


@case("`&copy=` (an entity-like name) in a document link", "—")
@pytest.mark.parametrize("service_on", [True, False], ids=["service", "pages"])
def test_an_ampersand_query_is_asked_for_as_written(site, tmp_path, service_on):
    site.service_on = service_on
    site.raw_hrefs = True  # bare & in the page's links, as many sites write them
    site.doc(502).path = "mgConvert2PDF.aspx?ID=502&copy=1&reg=2"  # html.unescape: "?ID=502©=1®=2"
    corpus = tmp_path / "corpus"
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert summary.errors == []
    (asked,) = [p for p, _ in site.requests_for("ID=502")]
    assert asked == "mgConvert2PDF.aspx?ID=502&copy=1&reg=2"
    urls = {e["source_url"] for e in manifest(corpus)}
    assert f"{site.base}/mgConvert2PDF.aspx?ID=502&copy=1&reg=2" in urls


# --- bookkeeping ------------------------------------------------------------------------------

class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``finally`` blocks that write."""


def _kill_at_put(monkeypatch, n: int) -> None:
    """The n-th manifest entry is never recorded: the run dies after renaming its file."""
    calls = 0
    real = Manifest.put

    def put(self, entry):
        nonlocal calls
        calls += 1
        if calls == n:
            raise Killed()
        real(self, entry)

    monkeypatch.setattr(Manifest, "put", put)
    monkeypatch.setattr(Manifest, "flush", lambda self: None, raising=False)  # a kill writes nothing at the end


@case("a run killed between saving a document and recording it", "—")
def test_a_run_killed_before_recording_leaves_no_duplicate(site, tmp_path):
    corpus = tmp_path / "corpus"
    with pytest.MonkeyPatch.context() as patch:
        _kill_at_put(patch, 4)
        with pytest.raises(Killed):
            fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    on_disk = sorted(p.name for p in corpus.glob("*.pdf"))
    assert len(on_disk) == 4  # three recorded (in the journal only), one renamed but not recorded
    site.log.clear()
    summary = fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert (summary.new, summary.unchanged, summary.failed) == (3, 3, 0)
    files = sorted(p.name for p in corpus.glob("*.pdf"))
    assert len(files) == 6 and set(on_disk) <= set(files)  # the orphan kept its name: no "-502.pdf" copy
    entries = manifest(corpus)
    assert sorted(e["file"] for e in entries) == files
    hashes = [hashlib.sha256((corpus / f).read_bytes()).hexdigest() for f in files]
    assert len(set(hashes)) == 6  # no duplicate for the build to refuse as E012
    assert sum(1 for _, status in site.log if status == 304) == 3  # the journaled three were not fetched again
    assert not list(corpus.glob(".*"))


@case("temporary `.part` files left by a stopped run", "—")
def test_temporary_files_of_a_stopped_run_are_removed(site, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    stale = [corpus / ".2017-06-20-cabinet-74-report.pdf.4194999.part", corpus / ".manifest.json.4194999.tmp"]
    for path in stale:
        path.write_bytes(b"%PDF-1.4 half")
    fetch(site.base, ["Cabinet"], FROM, TO, corpus, **FAST)
    assert not any(p.exists() for p in stale)
    assert not list(corpus.glob(".*"))


@case("thousands of documents: the manifest is not rewritten after each", "—")
def test_the_manifest_is_written_in_batches(tmp_path, monkeypatch):
    from council_plans.fetch import manifest as manifest_module

    site = ModernGovSite()
    site.committees = [Committee(1, "Cabinet")]
    docs = [Doc(1000 + n, f"Paper {n}", b"%%PDF-1.4\n%% paper %d\n" % n) for n in range(240)]
    site.meetings = [Meeting(1, 1, "2017-06-20", items=[Item(n, str(n + 1), f"Item {n}", docs=[d])
                                                          for n, d in enumerate(docs)])]
    base = site.start()
    writes: list[str] = []
    real = manifest_module.write_json

    def counted(path, data):
        if path.name == "manifest.json":
            writes.append(path.name)
        real(path, data)

    monkeypatch.setattr(manifest_module, "write_json", counted)
    try:
        summary = fetch(base, ["Cabinet"], FROM, TO, tmp_path / "corpus", **FAST)
    finally:
        site.stop()
    assert summary.new == 240
    assert len(writes) <= 4  # every 100 entries and at the end, not 240 times
    assert len(manifest(tmp_path / "corpus")) == 240


# --- the README ----------------------------------------------------------------------------

def test_the_readme_table_lists_exactly_these_cases():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Hostile sites", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (E\d{3}|—) \|", section, re.MULTILINE)
    assert set(rows) == set(CASES.items())
