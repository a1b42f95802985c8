"""The ModernGov web service (``mgWebService.asmx``): committees, their meetings, and each
meeting's agenda items with their documents and minutes text.

Every ModernGov site answers plain HTTP GETs with XML (dates as dd/mm/yyyy)::

    GetCommittees?lDays=0                  committees/committee{committeeid, committeetitle,
                                           committeedeleted, committeeexpired, committeecategory}
    GetMeetings?lCommitteeId=&sFromDate=&sToDate=
                                           getmeetings/committee/committeemeetings/meeting{meetingid,
                                           meetingdate, meetingstatus, meetingtime}
    GetMeeting?lMeetingId=                 meeting{meetingid, meetingdate, meetinglocation,
                                           agendaitems/agendaitem{agendaitemid, agendaitemtitle,
                                           agendaitemnumber, minutesitemnumber, minutesnonemptyhtmlbody,
                                           isdecision, isrestricted, linkeddocuments/linkeddoc{
                                           attachmentid, title, url, publicationdate}}}

What the sites do that the parser allows for: titles HTML-escaped twice (``&amp;#39;`` in the
XML for an apostrophe), minutes bodies as escaped HTML, a namespace on the root element on
some versions, ``True``/``true`` flags, item number 0 for section headings ("Part I"),
restricted (exempt) items listed with their titles, and cancelled meetings still listed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urljoin

from kernel.errors import PlansError

if TYPE_CHECKING:
    from council_plans.fetch.download import Http

SERVICE = "mgWebService.asmx"


@dataclass(frozen=True)
class Committee:
    id: int
    title: str
    deleted: bool = False
    expired: bool = False
    category: str | None = None


@dataclass(frozen=True)
class MeetingStub:
    """A meeting as GetMeetings lists it (or a committee's meeting page does)."""

    id: int
    committee_id: int
    date: str  # ISO
    status: str | None = None
    time: str | None = None

    @property
    def cancelled(self) -> bool:
        return bool(self.status and re.match(r"(?i)\s*cancel", self.status))


@dataclass(frozen=True)
class LinkedDocument:
    title: str
    url: str
    attachment_id: int | None = None
    publication_date: str | None = None  # ISO
    restricted: bool = False


@dataclass
class AgendaItem:
    id: int | None
    title: str
    number: str | None = None
    minutes_number: str | None = None
    minutes_html: str = ""
    is_decision: bool = False
    restricted: bool = False
    documents: list[LinkedDocument] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        """Item number 0 is a section heading ("Part I - items considered in public")."""
        return (self.number or "").strip().rstrip(".") == "0"


@dataclass
class Meeting:
    id: int
    date: str | None
    location: str | None = None
    items: list[AgendaItem] = field(default_factory=list)


class ServiceUnavailable(Exception):
    """The site does not answer the web service (switched off, or not ModernGov)."""


def unescape(text: str | None) -> str:
    """Text with HTML entities decoded once, spaces collapsed. The service escapes titles
    twice (``Children&amp;#39;s`` in the XML): XML parsing undoes one level, this the other.
    Decoding again would turn text that merely looks like an entity (``&copy`` in ``R&copy``)
    into a character the site never meant."""
    return " ".join(html.unescape(text or "").split())


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def unescape_url(url: str | None) -> str:
    """A link with only complete entities (``&amp;``, ``&#38;``) decoded, once: a query
    such as ``?ID=1&copy=1`` keeps its ``&copy`` (``html.unescape`` would make it ``©``, as
    browsers do not inside an attribute when ``=`` follows)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), (url or "").strip())


def ascii_int(text: str | None) -> int | None:
    """A whole number written with ASCII digits (at most 18 of them), else None.
    ``str.isdigit`` accepts "²" and other Unicode digits that ``int`` refuses, and ``int``
    refuses more than 4,300 digits: a hostile id or Content-Length must not crash the run."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text) else None


def minutes_markup(text: str | None) -> str:
    """The minutes body as HTML: once-escaped bodies are already markup after XML parsing;
    a twice-escaped one (``&lt;p&gt;`` left over) is decoded once more."""
    text = (text or "").strip()
    if "<" not in text and "&lt;" in text:
        text = html.unescape(text)
    return text


def parse_date(text: str | None) -> str | None:
    """'20/06/2017' (or '20/06/2017 00:00:00', or ISO) → '2017-06-20'."""
    text = (text or "").strip()
    if m := re.match(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text):  # ASCII digits: int("²") fails
        day, month, year = (int(g) for g in m.groups())
    elif m := re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def absolute_url(base: str, href: str) -> str:
    """``href`` made absolute against ``base``, with spaces and other unsafe characters
    percent-encoded (meeting documents are named "Public reports pack 20th-Jun-2017 ...pdf")
    and existing escapes kept."""
    return quote(urljoin(base, href.strip()), safe=":/?=&%#;,+@~!$'()*[]")


def service_date(day: dt.date) -> str:
    """The service's date format, dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


# --- XML without caring about namespaces or case ------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _parse(xml: str, what: str) -> ET.Element:
    # A document type declaration is where entities are declared (expanded by expat, and
    # "billion laughs" only stopped by its amplification limit): the web service never
    # sends one, so an answer with one is refused outright.
    if "<!DOCTYPE" in xml:
        raise ServiceUnavailable(f"{what}: the answer declares a document type (entities are not accepted)")
    try:
        return ET.fromstring(xml.lstrip("\ufeff").strip())
    except ET.ParseError as exc:
        raise ServiceUnavailable(f"{what}: the answer is not XML ({exc})") from exc


def _iter(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (e for e in element.iter() if _local(e.tag) == name)


def _iter_own(element: ET.Element, name: str, container: str) -> Iterator[ET.Element]:
    """Elements called ``name`` below ``element`` but not below another ``container`` inside
    it: an agenda item's own documents, not those of an item nested in it. Each element is
    visited by one item only, so a deeply nested answer is read in linear time."""
    stack = list(reversed(element))
    while stack:
        e = stack.pop()
        local = _local(e.tag)
        if local == name:
            yield e
        elif local != container:
            stack.extend(reversed(e))


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _flag(element: ET.Element, name: str) -> bool:
    return (_text(element, name) or "").lower() in {"true", "1", "yes"}


_int = ascii_int


# --- the three answers --------------------------------------------------------------------

def parse_committees(xml: str) -> list[Committee]:
    root = _parse(xml, "GetCommittees")
    if _local(root.tag) != "committees" and not any(True for _ in _iter(root, "committee")):
        raise ServiceUnavailable(f"GetCommittees: expected <committees>, got <{_local(root.tag)}>")
    out = []
    for c in _iter(root, "committee"):
        cid = _int(_text(c, "committeeid"))
        if cid is None:
            continue
        out.append(Committee(
            id=cid, title=unescape(_text(c, "committeetitle")), deleted=_flag(c, "committeedeleted"),
            expired=_flag(c, "committeeexpired"), category=unescape(_text(c, "committeecategory")) or None,
        ))
    return out


def parse_meetings(xml: str, committee_id: int) -> list[MeetingStub]:
    root = _parse(xml, "GetMeetings")
    out = []
    for m in _iter(root, "meeting"):
        mid, date = _int(_text(m, "meetingid")), parse_date(_text(m, "meetingdate"))
        if mid is None or date is None:
            continue
        out.append(MeetingStub(id=mid, committee_id=committee_id, date=date,
                               status=unescape(_text(m, "meetingstatus")) or None, time=_text(m, "meetingtime")))
    return out


def parse_meeting(xml: str, base_url: str) -> Meeting:
    """One meeting's agenda. Document URLs are made absolute against ``base_url``."""
    root = _parse(xml, "GetMeeting")
    meeting = root if _local(root.tag) == "meeting" else next(_iter(root, "meeting"), None)
    if meeting is None:
        raise ServiceUnavailable("GetMeeting: no <meeting> in the answer")
    items = []
    for a in _iter(meeting, "agendaitem"):
        docs = []
        for d in _iter_own(a, "linkeddoc", container="agendaitem"):
            url = _text(d, "url")
            if not url:
                continue
            docs.append(LinkedDocument(
                title=unescape(_text(d, "title")) or "Document", url=absolute_url(base_url, unescape_url(url)),
                attachment_id=_int(_text(d, "attachmentid")), publication_date=parse_date(_text(d, "publicationdate")),
                restricted=_flag(d, "isrestricted"),
            ))
        items.append(AgendaItem(
            id=_int(_text(a, "agendaitemid")), title=unescape(_text(a, "agendaitemtitle")),
            number=_text(a, "agendaitemnumber"), minutes_number=_text(a, "minutesitemnumber"),
            minutes_html=minutes_markup(_text(a, "minutesnonemptyhtmlbody")), is_decision=_flag(a, "isdecision"),
            restricted=_flag(a, "isrestricted"), documents=docs,
        ))
    return Meeting(id=_int(_text(meeting, "meetingid")) or 0, date=parse_date(_text(meeting, "meetingdate")),
                   location=unescape(_text(meeting, "meetinglocation")) or None, items=items)


def date_windows(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """``start``..``end`` cut at calendar years: one GetMeetings request per year keeps each
    answer small (some sites time out on a decade of meetings in one request)."""
    windows = []
    while start <= end:
        stop = min(end, dt.date(start.year, 12, 31))
        windows.append((start, stop))
        start = stop + dt.timedelta(days=1)
    return windows


class ModernGovService:
    """The web service of one site, asked through a polite :class:`Http`."""

    def __init__(self, site: str, http: Http):
        self.site = site.rstrip("/") + "/"
        self.http = http

    def url(self, operation: str, **params: object) -> str:
        query = f"?{urlencode(params, safe='/')}" if params else ""
        return f"{self.site}{SERVICE}/{operation}{query}"

    def committees(self) -> list[Committee]:
        """Every committee; raises ServiceUnavailable when the service does not answer."""
        try:
            # lDays=0: every committee, not only those changed in the last n days (a site whose
            # version has no such parameter ignores it).
            xml = self.http.get_text(self.url("GetCommittees", lDays=0))
        except PlansError as err:
            raise ServiceUnavailable(err.detail) from err
        return parse_committees(xml)

    def meetings(self, committee_id: int, start: dt.date, end: dt.date) -> list[MeetingStub]:
        """The committee's meetings from ``start`` to ``end``, asked for one year at a time."""
        seen: dict[int, MeetingStub] = {}
        for lo, hi in date_windows(start, end):
            xml = self.http.get_text(self.url("GetMeetings", lCommitteeId=committee_id,
                                              sFromDate=service_date(lo), sToDate=service_date(hi)))
            for stub in parse_meetings(xml, committee_id):
                if start.isoformat() <= stub.date <= end.isoformat():
                    seen.setdefault(stub.id, stub)
        return sorted(seen.values(), key=lambda s: (s.date, s.id))

    def meeting(self, meeting_id: int) -> Meeting:
        return parse_meeting(self.http.get_text(self.url("GetMeeting", lMeetingId=meeting_id)), self.site)
