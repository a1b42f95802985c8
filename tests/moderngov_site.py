"""A ModernGov site in a thread, for the fetcher's tests: no test touches the internet.

Tests describe committees, meetings, agenda items and documents as data; the site answers
the web service (``mgWebService.asmx/GetCommittees``, ``GetMeetings``, ``GetMeeting``) with XML
written from the field names the real service uses — titles escaped twice as the real
service escapes them (``Children&amp;#39;s``), minutes bodies as escaped HTML, dates as
dd/mm/yyyy — and the public pages (``mgListCommittees.aspx``, ``ieListMeetings.aspx``,
``ieListDocuments.aspx``) with the links and class names of ModernGov's templates. Documents
are served with an ``ETag`` and answer ``If-None-Match`` with 304.

Faults are data too: ``site.faults[path] = [503, 503]`` answers the next two requests for that
path (with its query) with those statuses; ``site.stalls[path] = 2.0`` waits that long before
answering; ``site.service_on = False`` switches the web service off. ``site.log`` lists every
request as ``(path_with_query, status)``. A hostile site is data as well:
``site.custom[path] = answer`` hands that request to ``answer(handler)`` (the answers in
``tests/hostile_answers.py``: endless bodies, trickles, redirects, malformed headers), and
``site.raw_hrefs = True`` writes the meeting pages' links with bare ``&`` as many sites do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlparse
from xml.sax.saxutils import escape


@dataclass
class Doc:
    id: int
    title: str
    pdf: bytes
    etag: bool = True  # send an ETag (and answer If-None-Match)
    restricted: bool = False
    path: str | None = None  # meeting-level documents live under documents/g<MId>/
    publication_date: str = "2017-06-12"

    def url_path(self) -> str:
        return self.path or f"mgConvert2PDF.aspx?ID={self.id}"

    def tag(self) -> str:
        return '"' + hashlib.sha256(self.pdf).hexdigest()[:16] + '"'


@dataclass
class Item:
    id: int
    number: str
    title: str
    minutes_number: str | None = None
    minutes_html: str = ""
    is_decision: bool = False
    restricted: bool = False
    docs: list[Doc] = field(default_factory=list)


@dataclass
class Meeting:
    id: int
    committee_id: int
    date: str  # ISO
    status: str = "Confirmed"
    time: str = "10:30"
    location: str = "Kennet Room, County Hall, Trowbridge"
    items: list[Item] = field(default_factory=list)
    own_docs: list[Doc] = field(default_factory=list)  # agenda pack, printed minutes


@dataclass
class Committee:
    id: int
    title: str
    deleted: bool = False
    expired: bool = False
    category: str = "Executive"


def twice(text: str) -> str:
    """Text as the service puts titles in its XML: HTML-escaped, then XML-escaped."""
    return escape(escape(text).replace("'", "&#39;"))


def dmy(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


class ModernGovSite:
    def __init__(self) -> None:
        self.committees: list[Committee] = []
        self.meetings: list[Meeting] = []
        self.service_on = True
        self.faults: dict[str, list[int]] = {}
        self.stalls: dict[str, float] = {}
        self.custom: dict[str, Callable[[BaseHTTPRequestHandler], int]] = {}
        self.raw_hrefs = False
        self.log: list[tuple[str, int]] = []
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._answer(self)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- what was asked ---------------------------------------------------------------

    def requests_for(self, fragment: str) -> list[tuple[str, int]]:
        return [(p, s) for p, s in self.log if fragment in p]

    def doc(self, doc_id: int) -> Doc:
        for m in self.meetings:
            for d in m.own_docs + [d for i in m.items for d in i.docs]:
                if d.id == doc_id:
                    return d
        raise KeyError(doc_id)

    # --- answers ----------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        raw = handler.path
        parsed = urlparse(raw)
        key = raw.lstrip("/")
        if key in self.custom:
            self.log.append((key, self.custom[key](handler)))
            return None
        if key in self.stalls:
            time.sleep(self.stalls[key])
        queued = self.faults.get(key)
        if queued:
            status = queued.pop(0)
            return self._send(handler, key, status, b"<html>Service Unavailable</html>", "text/html")
        query = {k.lower(): v[0] for k, v in parse_qs(parsed.query).items()}
        path = parsed.path.lstrip("/").lower()
        if path.startswith("mgwebservice.asmx/"):
            if not self.service_on:
                return self._send(handler, key, 404, b"<html>The resource cannot be found.</html>", "text/html")
            op = path.split("/", 1)[1]
            body = {
                "getcommittees": lambda: self._committees_xml(),
                "getmeetings": lambda: self._meetings_xml(int(query["lcommitteeid"]), query["sfromdate"], query["stodate"]),
                "getmeeting": lambda: self._meeting_xml(int(query["lmeetingid"])),
            }.get(op)
            if body is None:
                return self._send(handler, key, 500, b"unknown operation", "text/plain")
            return self._send(handler, key, 200, body().encode(), "text/xml; charset=utf-8")
        if path == "mglistcommittees.aspx":
            return self._send(handler, key, 200, self._committee_list_html().encode(), "text/html; charset=utf-8")
        if path == "ielistmeetings.aspx":
            html = self._meeting_list_html(int(query["cid"]), int(query["year"]))
            return self._send(handler, key, 200, html.encode(), "text/html; charset=utf-8")
        if path == "ielistdocuments.aspx":
            meeting = next((m for m in self.meetings if m.id == int(query["mid"])), None)
            if meeting is None:
                return self._send(handler, key, 404, b"no such meeting", "text/html")
            return self._send(handler, key, 200, self._meeting_html(meeting).encode(), "text/html; charset=utf-8")
        doc = self._find_doc(key)
        if doc is None:
            return self._send(handler, key, 404, b"not found", "text/html")
        if doc.etag and handler.headers.get("If-None-Match") == doc.tag():
            return self._send(handler, key, 304, b"", None, etag=doc.tag())
        return self._send(handler, key, 200, doc.pdf, "application/pdf", etag=doc.tag() if doc.etag else None)

    def _find_doc(self, key: str) -> Doc | None:
        for m in self.meetings:
            for d in m.own_docs + [d for i in m.items for d in i.docs]:
                if quote(d.url_path(), safe="/?=&") == key or d.url_path() == key:
                    return d
        return None

    def _send(self, handler: BaseHTTPRequestHandler, key: str, status: int, body: bytes, ctype: str | None,
              etag: str | None = None) -> None:
        self.log.append((key, status))
        try:
            handler.send_response(status)
            if ctype:
                handler.send_header("Content-Type", ctype)
            if etag:
                handler.send_header("ETag", etag)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if status != 304:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    # --- the web service's XML ----------------------------------------------------------

    def _committees_xml(self) -> str:
        rows = "".join(
            f"<committee><committeeid>{c.id}</committeeid><committeetitle>{twice(c.title)}</committeetitle>"
            f"<committeedeleted>{c.deleted}</committeedeleted><committeeexpired>{c.expired}</committeeexpired>"
            f"<committeecategory>{twice(c.category)}</committeecategory></committee>"
            for c in self.committees
        )
        return f'<?xml version="1.0" encoding="utf-8"?><committees>{rows}</committees>'

    def _meetings_xml(self, committee_id: int, start: str, end: str) -> str:
        lo = dt.datetime.strptime(start, "%d/%m/%Y").date().isoformat()
        hi = dt.datetime.strptime(end, "%d/%m/%Y").date().isoformat()
        rows = "".join(
            f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{dmy(m.date)}</meetingdate>"
            f"<meetingstatus>{escape(m.status)}</meetingstatus><meetingtime>{m.time}</meetingtime></meeting>"
            for m in self.meetings
            if m.committee_id == committee_id and lo <= m.date <= hi
        )
        title = next(twice(c.title) for c in self.committees if c.id == committee_id)
        return (f'<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>{committee_id}</committeeid>'
                f"<committeetitle>{title}</committeetitle><committeemeetings>{rows}</committeemeetings></committee>"
                "</getmeetings>")

    def _meeting_xml(self, meeting_id: int) -> str:
        m = next(m for m in self.meetings if m.id == meeting_id)
        items = []
        for i in m.items:
            docs = "".join(
                f"<linkeddoc><attachmentid>{d.id}</attachmentid><title>{twice(d.title)}</title>"
                f"<url>{escape(d.url_path())}</url><publicationdate>{dmy(d.publication_date)}</publicationdate></linkeddoc>"
                for d in i.docs
            )
            items.append(
                f"<agendaitem><agendaitemid>{i.id}</agendaitemid><agendaitemtitle>{twice(i.title)}</agendaitemtitle>"
                f"<agendaitemnumber>{i.number}</agendaitemnumber>"
                f"<minutesitemnumber>{i.minutes_number or ''}</minutesitemnumber>"
                f"<minutesnonemptyhtmlbody>{escape(i.minutes_html)}</minutesnonemptyhtmlbody>"
                f"<isdecision>{i.is_decision}</isdecision><isrestricted>{i.restricted}</isrestricted>"
                f"<linkeddocuments>{docs}</linkeddocuments></agendaitem>"
            )
        return (f'<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>{m.id}</meetingid>'
                f"<meetingdate>{dmy(m.date)}</meetingdate><meetinglocation>{twice(m.location)}</meetinglocation>"
                f"<agendaitems>{''.join(items)}</agendaitems><attendees></attendees></meeting>")

    # --- the public pages ---------------------------------------------------------------

    def _committee_list_html(self) -> str:
        links = "".join(f'<li><a href="mgCommitteeDetails.aspx?ID={c.id}">{escape(c.title)}</a></li>'
                        for c in self.committees if not c.deleted)
        return f"<html><body><h1>Committee structure</h1><ul>{links}</ul></body></html>"

    def _meeting_list_html(self, committee_id: int, year: int) -> str:
        rows = []
        for m in self.meetings:
            if m.committee_id != committee_id or not m.date.startswith(str(year)):
                continue
            day = dt.date.fromisoformat(m.date)
            label = f"{day.day} {day.strftime('%b %Y')} 10.30 am"
            extra = f" <span>{m.status.upper()}</span>" if m.status != "Confirmed" else ""
            rows.append(f'<li><a href="ieListDocuments.aspx?CId={committee_id}&amp;MId={m.id}&amp;Ver=4">{label}</a>{extra}</li>')
        return f"<html><body><ul class='mgCalendarList'>{''.join(rows)}</ul></body></html>"

    def _meeting_html(self, m: Meeting) -> str:
        def href(path: str) -> str:
            return path if self.raw_hrefs else escape(path)

        own = "".join(f'<li><a href="{href(quote(d.url_path(), safe="/?=&:"))}">{escape(d.title)} PDF 120 KB</a></li>'
                      for d in m.own_docs)
        rows = []
        for i in m.items:
            docs = "" if i.restricted else "".join(
                f'<li><a href="{href(d.url_path())}">{escape(d.title)} PDF 80 KB</a></li>' for d in i.docs)
            minutes = ("" if i.restricted or not i.minutes_html else
                       f'<p class="mgSubItemTitleTxt">Minutes:</p><div class="mgWordPara">{i.minutes_html}</div>')
            rows.append(f'<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">{i.number}.</p></td>'
                        f'<td><p class="mgAiTitleTxt">{escape(i.title)}</p><ul class="mgBulletList">{docs}</ul>{minutes}</td></tr>')
        return (f"<html><body><h1>Agenda and minutes</h1><ul class='mgActionList'>{own}</ul>"
                f"<table class='mgItemTable'>{''.join(rows)}</table></body></html>")


# --- a small council, the scenario most tests start from -----------------------------------

def small_pdf(directory, name: str, *lines: str) -> bytes:
    """A one-page PDF (tests/pdfgen.py) whose text makes its bytes unique."""
    from pdfgen import make_pdf, text_page

    return make_pdf(directory / name, [text_page(list(lines))]).read_bytes()


RESOLVED_74 = "To note the updates and outturns against the measures and activities."
RESOLVED_75_PDF = "To approve the statement of accounts subject to external audit."
RESOLVED_75_SERVICE = "To approve the statement of accounts, subject to a further report in September."
RESOLVED_76 = "To approve the draft Annual Governance Statement for publication."


def small_council(pdf_dir) -> ModernGovSite:
    """Cabinet (two meetings in 2017, one in 2018, one cancelled) and Children's Select
    Committee (one meeting in 2018). The 20 June 2017 Cabinet has printed minutes with three
    resolutions; the service's minutes text agrees with the first (74), words the second
    differently (75) and has no minute for the third (76)."""
    site = ModernGovSite()
    site.committees = [Committee(1392, "Cabinet"), Committee(140, "Children's Select Committee"),
                       Committee(77, "Cabinet", deleted=True)]
    printed_minutes = small_pdf(
        pdf_dir, "minutes-2017-06-20.pdf",
        "**Minutes of the meeting of the Cabinet held at County Hall on 20 June 2017",
        "",
        "**74 Performance Management Outturn",
        "The Leader presented the report.",
        "Resolved:",
        RESOLVED_74,
        "",
        "**75 Statement of Accounts",
        "Resolved:",
        RESOLVED_75_PDF,
        "",
        "**76 Annual Governance Statement",
        "Resolved:",
        RESOLVED_76,
    )
    site.meetings = [
        Meeting(10753, 1392, "2017-06-20", items=[
            Item(1, "0", "Part I - items considered while the public are present"),
            Item(2, "74", "Performance Management Outturn", minutes_number="74", is_decision=True,
                 minutes_html=("<p>The Leader presented the report.</p><p><strong>Resolved:</strong></p>"
                               f"<p>{RESOLVED_74}</p><p><strong>Reason for Decision:</strong></p>"
                               "<p>To keep Cabinet informed.</p>"),
                 docs=[Doc(501, "Report", small_pdf(pdf_dir, "r501.pdf", "**Performance Management Outturn", "Report"))]),
            Item(3, "75", "Statement of Accounts", minutes_number="75", is_decision=True,
                 minutes_html=f"<p>Resolved:</p><ol><li>{RESOLVED_75_SERVICE}</li></ol>",
                 docs=[Doc(502, "Appendix 1 - Draft Accounts", small_pdf(pdf_dir, "r502.pdf", "**Draft Accounts"))]),
            Item(4, "78", "Procurement of Domestic Abuse Services", restricted=True,
                 docs=[Doc(503, "Exempt report", small_pdf(pdf_dir, "r503.pdf", "**Exempt"))]),
        ], own_docs=[
            Doc(601, "Printed minutes 20th-Jun-2017 10.30 Cabinet", printed_minutes,
                path="documents/g10753/Printed minutes 20th-Jun-2017 10.30 Cabinet.pdf"),
        ]),
        Meeting(10754, 1392, "2017-07-03", items=[
            Item(11, "5", "Business Plan", docs=[Doc(511, "Business Plan report", small_pdf(pdf_dir, "r511.pdf", "**Business Plan"))]),
        ], own_docs=[
            Doc(611, "Agenda frontsheet 03rd-Jul-2017 10.30 Cabinet", small_pdf(pdf_dir, "f611.pdf", "**Agenda"),
                path="documents/g10754/Agenda frontsheet 03rd-Jul-2017 10.30 Cabinet.pdf"),
            Doc(612, "Public reports pack 03rd-Jul-2017 10.30 Cabinet", small_pdf(pdf_dir, "p612.pdf", "**Pack"),
                path="documents/g10754/Public reports pack 03rd-Jul-2017 10.30 Cabinet.pdf"),
        ]),
        Meeting(10800, 1392, "2018-01-10", status="Cancelled", items=[
            Item(21, "1", "Budget", docs=[Doc(521, "Budget report", small_pdf(pdf_dir, "r521.pdf", "**Budget"))]),
        ]),
        Meeting(10801, 1392, "2018-02-06", items=[
            Item(31, "3", "Budget 2018/19", docs=[Doc(531, "Budget 2018/19 report", small_pdf(pdf_dir, "r531.pdf", "**Budget 2018"))]),
        ]),
        Meeting(20001, 140, "2018-03-13", items=[
            Item(41, "6", "Children's Services Update", docs=[
                Doc(541, "Update report", small_pdf(pdf_dir, "r541.pdf", "**Children's Services Update"))]),
        ]),
    ]
    return site
