"""The HTML side of a ModernGov site: the public pages used where the web service is switched
off, the meeting page's own documents (agenda pack, printed minutes), and minutes markup
turned into plain text.

Pages read (all linked from every ModernGov site's committee pages)::

    mgListCommittees.aspx?bcr=1              links mgCommitteeDetails.aspx?ID=<committee id>
    ieListMeetings.aspx?CId=<id>&Year=<yyyy>  links ieListDocuments.aspx?CId=..&MId=<meeting id>,
                                             text "20 Jun 2017 9.30 am", "CANCELLED" after it
    ieListDocuments.aspx?CId=<id>&MId=<id>   meeting documents (links under documents/g<MId>/),
                                             then the agenda table: td.mgItemNumberCell "5.",
                                             p.mgAiTitleTxt title, item documents (documents/s<id>/
                                             or mgConvert2PDF.aspx?ID=), p.mgSubItemTitleTxt
                                             "Minutes:" followed by div.mgWordPara

The parsers follow links and a few class names rather than the page layout, which differs
between ModernGov versions and council templates.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

from council_plans.fetch.moderngov import (
    AgendaItem,
    Committee,
    LinkedDocument,
    Meeting,
    MeetingStub,
    absolute_url,
    ascii_int,
    unescape_url,
)

BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "table", "td", "th",
              "blockquote", "section"}
VOID_TAGS = {"br", "img", "hr", "input", "meta", "link", "col", "area", "base", "wbr"}
DOCUMENT_HREF = re.compile(r"(?i)(?:^|/)(?:documents/[^?#]+\.pdf|mgConvert2PDF\.aspx\?ID=\d+)")
MEETING_DOCUMENT_HREF = re.compile(r"(?i)(?:^|/)documents/g\d+/")
_SIZE_SUFFIX = re.compile(r"(?i)\s*\(?\s*PDF\s*,?\s*[\d.,]+\s*[KMG]?B\s*\)?\s*$")
_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*,?\s+(\d{4})")
_CANCELLED = re.compile(r"(?i)\b(cancelled|canceled|postponed)\b")


def committees_url(site: str) -> str:
    return urljoin(site, "mgListCommittees.aspx?bcr=1")


def meetings_url(site: str, committee_id: int, year: int) -> str:
    return urljoin(site, f"ieListMeetings.aspx?CId={committee_id}&Year={year}")


def meeting_url(site: str, committee_id: int, meeting_id: int) -> str:
    return urljoin(site, f"ieListDocuments.aspx?CId={committee_id}&MId={meeting_id}")


def html_to_text(markup: str) -> str:
    """Minutes markup as plain text: one line per paragraph or list item, spaces collapsed."""
    parser = _TextParser()
    parser.feed(markup or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _query_id(href: str, key: str) -> int | None:
    values = {k.lower(): v for k, v in parse_qs(urlparse(href).query).items()}.get(key.lower())
    return ascii_int(values[0]) if values else None


def _squash(text: str) -> str:
    """Page text with its spaces collapsed. The parser has already decoded its entities (once,
    as a browser does): decoding again would change text the council wrote."""
    return " ".join(text.split())


def _link_title(text: str) -> str:
    return _SIZE_SUFFIX.sub("", _squash(text)).strip(" -–:") or "Document"


_HREF = re.compile(r"""(?is)\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _href(tag_text: str | None) -> str:
    """The ``href`` of a start tag as the page wrote it, complete entities decoded once.
    ``HTMLParser`` decodes attributes with ``html.unescape``, which makes ``?ID=1&copy=1``
    into ``?ID=1©=1`` where a browser keeps it."""
    m = _HREF.search(tag_text or "")
    return unescape_url(next((g for g in m.groups() if g is not None), "")) if m else ""


def page_date(text: str) -> str | None:
    """'20 Jun 2017 9.30 am' / 'Tuesday, 20th June, 2017' → '2017-06-20'."""
    for m in _DATE.finditer(text):
        try:
            return dt.datetime.strptime(f"{m.group(1)} {m.group(2).title()} {m.group(3)}", "%d %b %Y").date().isoformat()
        except ValueError:  # "12 Members 2017", "31 Jun 2017"
            continue
    return None


@dataclass
class _Link:
    href: str
    text: str = ""
    after: str = ""  # text between this link and the next one ("CANCELLED", "(Postponed)")


class _LinkParser(HTMLParser):
    """Every link with its text and the text that follows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self._open: _Link | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self._open = _Link(_href(self.get_starttag_text()))
            self.links.append(self._open)
        elif tag in ("li", "tr", "p") and self.links:
            self.links[-1].after += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data
        elif self.links and "\n" not in self.links[-1].after:
            self.links[-1].after += data


def _links(markup: str) -> list[_Link]:
    parser = _LinkParser()
    parser.feed(markup)
    parser.close()
    return parser.links


def parse_committee_list(markup: str) -> list[Committee]:
    seen: dict[int, Committee] = {}
    for link in _links(markup):
        if "mgcommitteedetails.aspx" in link.href.lower():
            cid = _query_id(link.href, "ID")
            title = _squash(link.text)
            if cid is not None and title:
                seen.setdefault(cid, Committee(id=cid, title=title))
    return list(seen.values())


def parse_meeting_list(markup: str, committee_id: int) -> list[MeetingStub]:
    seen: dict[int, MeetingStub] = {}
    for link in _links(markup):
        if "ielistdocuments.aspx" not in link.href.lower():
            continue
        mid, date = _query_id(link.href, "MId"), page_date(_squash(link.text))
        if mid is None or date is None:
            continue
        cancelled = _CANCELLED.search(f"{link.text} {link.after.split(chr(10))[0]}")
        seen.setdefault(mid, MeetingStub(id=mid, committee_id=committee_id, date=date,
                                         status=cancelled.group(1).capitalize() if cancelled else None))
    return list(seen.values())


@dataclass
class MeetingPage:
    """What a meeting's page lists: documents of the meeting itself (agenda pack, printed
    minutes, printed decisions) and the agenda items with theirs."""

    documents: list[LinkedDocument] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)

    def as_meeting(self, meeting_id: int, date: str | None) -> Meeting:
        return Meeting(id=meeting_id, date=date, items=self.items)


class _MeetingPageParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self.page = MeetingPage()
        self._item: AgendaItem | None = None
        self._capture: str | None = None  # "number", "title", "link", "subtitle", "minutes"
        self._buffer: list[str] = []
        self._href = ""
        self._depth = 0  # div nesting inside a captured minutes body
        self._want_minutes = False

    def _class(self, attrs: list) -> str:
        return (dict(attrs).get("class") or "").lower()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        cls = self._class(attrs)
        if self._capture == "minutes":
            if tag == "div":
                self._depth += 1
            self._buffer.append(self.get_starttag_text() or "")
            return
        if self._capture is not None:  # markup inside a number cell, a title or a link
            return
        if tag == "td" and "mgitemnumbercell" in cls:
            self._item = AgendaItem(id=None, title="")
            self.page.items.append(self._item)
            self._start("number")
        elif tag == "p" and "mgaititletxt" in cls and self._item is not None and not self._item.title:
            self._start("title")
        elif tag == "p" and "mgsubitemtitletxt" in cls:
            self._start("subtitle")
        elif tag == "div" and "mgwordpara" in cls and self._want_minutes:
            self._want_minutes = False
            self._depth = 1
            self._start("minutes")
        elif tag == "a":
            href = _href(self.get_starttag_text())
            if DOCUMENT_HREF.search(href):
                self._href = href
                self._start("link")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if self._capture == "minutes":
            self._buffer.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self._capture == "minutes":
            if tag == "div":
                self._depth -= 1
                if self._depth == 0:
                    if self._item is not None:
                        self._item.minutes_html = "".join(self._buffer).strip()
                    self._capture = None
                    return
            if tag not in VOID_TAGS:
                self._buffer.append(f"</{tag}>")
            return
        text = " ".join("".join(self._buffer).split())
        if self._capture == "number" and tag == "td":
            assert self._item is not None
            self._item.number = text.rstrip(".") or None
            self._capture = None
        elif self._capture == "title" and tag == "p":
            assert self._item is not None
            self._item.title = _squash(_SIZE_SUFFIX.sub("", text))
            self._capture = None
        elif self._capture == "subtitle" and tag == "p":
            self._want_minutes = text.lower().rstrip(":") == "minutes"
            self._capture = None
        elif self._capture == "link" and tag == "a":
            url = absolute_url(self.base, self._href)
            doc = LinkedDocument(title=_link_title(text), url=url, attachment_id=_query_id(self._href, "ID"))
            meeting_level = self._item is None or MEETING_DOCUMENT_HREF.search(self._href)
            if meeting_level:
                self.page.documents.append(doc)
            else:
                assert self._item is not None
                self._item.documents.append(doc)
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture == "minutes":
            self._buffer.append(html.escape(data, quote=False))
        elif self._capture:
            self._buffer.append(data)

    def _start(self, what: str) -> None:
        self._capture = what
        self._buffer = []


def parse_meeting_page(markup: str, base_url: str) -> MeetingPage:
    parser = _MeetingPageParser(base_url)
    parser.feed(markup)
    parser.close()
    page = parser.page
    page.items = [i for i in page.items if i.title or i.documents]
    return page
