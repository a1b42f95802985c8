"""``plans fetch``: a committee's meetings from a ModernGov site into the corpus.

For each chosen committee the fetcher lists its meetings between two dates (one request per
calendar year), skips cancelled ones, and for each meeting reads its agenda from the web
service (``GetMeeting``) and its own documents (agenda pack, printed minutes) from the
meeting page. Where the web service is switched off it reads the committee list, the meeting
lists and the meeting pages instead (``council_plans.fetch.html``).

Every document lands in the corpus folder with a manifest entry (``manifest.py``); the
minutes text the service returns for a meeting is kept beside the PDFs as
``<date>-<committee>.minutes.json`` and named by each of the meeting's entries
(``moderngov.minutes_file``), so ``plans build`` can check the resolutions it reads from the
PDFs against it. A second run asks only for what it does not hold, or whether what it holds
has changed (``ETag`` / ``Last-Modified``); a download that failed is asked for again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from council_plans.fetch import html as pages
from council_plans.fetch.addresses import AddressPolicy
from council_plans.fetch.documents import Planned, document_title, file_stem, plan_documents, slug
from council_plans.fetch.download import (
    MAX_DOCUMENT_BYTES,
    MAX_PAGE_BYTES,
    USER_AGENT,
    Http,
    Validators,
    remove_partial_files,
)
from council_plans.fetch.manifest import Manifest, write_json
from council_plans.fetch.moderngov import (
    Committee,
    LinkedDocument,
    Meeting,
    MeetingStub,
    ModernGovService,
    ServiceUnavailable,
    ascii_int,
)
from kernel.errors import PlansError

NOT_PDF = re.compile(r"(?i)\.(?:docx?|xlsx?|pptx?|rtf|odt|csv|zip|jpe?g|png|mp3|mp4)$")


class Progress(Protocol):
    """What the fetcher reports while it works (the CLI draws a bar from it)."""

    def start(self, meetings: int) -> None: ...
    def current(self, label: str) -> None: ...
    def advance(self) -> None: ...
    def note(self, message: str) -> None: ...


class _Quiet:
    def start(self, meetings: int) -> None:
        pass

    def current(self, label: str) -> None:
        pass

    def advance(self) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class FetchSummary:
    site: str
    via: str = "service"  # "service" (mgWebService.asmx) or "pages" (the HTML pages)
    committees: list[Committee] = field(default_factory=list)
    meetings_seen: int = 0
    meetings_cancelled: int = 0
    items_restricted: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    refused: int = 0  # links to another host or scheme (E045), not asked for
    unread: int = 0  # meeting lists, agendas or meeting pages that could not be read
    minutes_files: int = 0
    requests: int = 0
    errors: list[PlansError] = field(default_factory=list)

    def line(self) -> str:
        names = ", ".join(c.title for c in self.committees) or "no committee"
        via = "" if self.via == "service" else " (from its pages: the web service is off)"
        return (
            f"Fetched {names} from {self.site}{via}: {self.meetings_seen} meetings seen "
            f"({self.meetings_cancelled} cancelled, skipped); documents new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}, failed {self.failed}; minutes text written for {self.minutes_files} "
            f"meeting{'' if self.minutes_files == 1 else 's'}; {self.requests} requests."
            + (f" {self.refused} link(s) refused (not http(s) on the site's host: see the E045 lines)."
               if self.refused else "")
            + (f" {self.unread} meeting list(s) or agenda(s) could not be read." if self.unread else "")
        )


def site_root(site: str) -> str:
    """The site's base address: ``https://cms.wiltshire.gov.uk/`` from that or from any of
    its pages (``.../mgListCommittees.aspx``, ``.../mgWebService.asmx``)."""
    # "cms.example.gov.uk" and "localhost:8080" get https://; anything naming a scheme
    # ("file:/etc", "data:...") is kept as given, to be refused by the address policy.
    if "://" not in site and not re.match(r"(?i)[a-z][a-z0-9+.-]*:(?![0-9])", site):
        site = f"https://{site}"
    parsed = urlparse(site)
    path = parsed.path
    if page := re.search(r"(?i)[^/]*\.as[mp]x", path):
        path = path[: page.start()]
    if not path.endswith("/"):
        path += "/"
    return f"{parsed.scheme}://{parsed.netloc}{path}"


def _name_key(text: str) -> str:
    text = text.lower().replace("’", "'").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def select_committees(available: list[Committee], wanted: Iterable[str]) -> list[Committee]:
    """The committees named by title (any case; all that share it) or by id. Raises E042,
    with the nearest titles, for a name the site does not have."""
    import difflib

    chosen: dict[int, Committee] = {}
    for name in wanted:
        name = name.strip()
        if (number := ascii_int(name)) is not None:
            found = [c for c in available if c.id == number]
        else:
            found = [c for c in available if _name_key(c.title) == _name_key(name)]
            live = [c for c in found if not c.deleted]
            found = live or found
        if not found:
            near = difflib.get_close_matches(name, sorted({c.title for c in available}), n=4, cutoff=0.5)
            hint = f"; nearest: {', '.join(near)}" if near else ""
            raise PlansError("E042", f"no committee {name!r} among {len(available)}{hint}")
        for c in found:
            chosen.setdefault(c.id, c)
    return list(chosen.values())


class Fetcher:
    """One run against one site. Use :func:`fetch`; this holds the run's state."""

    def __init__(self, site: str, corpus: Path, http: Http, *, kinds: set[str] | None = None, recheck: bool = False,
                 publisher: str | None = None, progress: Progress | None = None):
        self.site = site_root(site)
        self.corpus = corpus
        self.http = http
        self.service = ModernGovService(self.site, http)
        self.kinds = kinds
        self.recheck = recheck
        self.publisher = publisher
        self.progress = progress or _Quiet()
        self.summary = FetchSummary(site=self.site)
        self.manifest: Manifest | None = None

    # --- committees and meetings ------------------------------------------------------

    def committees(self) -> list[Committee]:
        """From the service, else from the committee list page (and the run goes on in
        "pages" mode). E043 when neither answers."""
        try:
            return self.service.committees()
        except ServiceUnavailable as why:
            self.progress.note(f"The web service did not answer ({why}); reading the meeting pages instead.")
        self.summary.via = "pages"
        url = pages.committees_url(self.site)
        try:
            found = pages.parse_committee_list(self.http.get_text(url))
        except PlansError as err:
            raise PlansError("E043", f"{self.site}: {err.detail}") from err
        if not found:
            raise PlansError("E043", f"{url} lists no committees")
        return found

    def meetings(self, committee: Committee, start: dt.date, end: dt.date) -> list[MeetingStub]:
        if self.summary.via == "service":
            return self.service.meetings(committee.id, start, end)
        found: dict[int, MeetingStub] = {}
        for year in range(start.year, end.year + 1):
            markup = self.http.get_text(pages.meetings_url(self.site, committee.id, year))
            for stub in pages.parse_meeting_list(markup, committee.id):
                if start.isoformat() <= stub.date <= end.isoformat():
                    found.setdefault(stub.id, stub)
        return sorted(found.values(), key=lambda s: (s.date, s.id))

    # --- one meeting ------------------------------------------------------------------

    def meeting(self, committee: Committee, stub: MeetingStub) -> tuple[Meeting, list[LinkedDocument]]:
        """The meeting's agenda and its own documents. In service mode the meeting page is
        read only for the meeting's own documents; if it fails, the items' papers still come."""
        page_url = pages.meeting_url(self.site, committee.id, stub.id)
        if self.summary.via == "pages":
            page = pages.parse_meeting_page(self.http.get_text(page_url), self.site)
            return page.as_meeting(stub.id, stub.date), page.documents
        meeting = self.service.meeting(stub.id)
        try:
            own = pages.parse_meeting_page(self.http.get_text(page_url), self.site).documents
        except PlansError as err:
            self._fail(err, f"{stub.date} {committee.title}, meeting page", document=False)
            own = []
        return meeting, own

    def save_minutes(self, committee: Committee, stub: MeetingStub, meeting: Meeting) -> str | None:
        """Write the meeting's minutes text beside its PDFs; the file name, or None when the
        service has no minutes text for it (yet)."""
        items = [
            {"item_id": i.id, "number": i.number, "minutes_number": i.minutes_number, "title": i.title,
             "is_decision": i.is_decision, "minutes_html": i.minutes_html, "minutes_text": pages.html_to_text(i.minutes_html)}
            for i in meeting.items
            if i.minutes_html and not i.restricted and not i.is_heading
        ]
        if not items:
            return None
        data: dict[str, Any] = {
            "site": self.site, "committee_id": committee.id, "committee": committee.title, "meeting_id": stub.id,
            "meeting_date": stub.date, "via": self.summary.via,
            "source_url": (self.service.url("GetMeeting", lMeetingId=stub.id) if self.summary.via == "service"
                           else pages.meeting_url(self.site, committee.id, stub.id)),
            "meeting_url": pages.meeting_url(self.site, committee.id, stub.id),
            "items": items,
        }
        stem = f"{stub.date}-{slug(committee.title, 40)}"
        name = f"{stem}.minutes.json"
        old = _read_json(self.corpus / name)
        if old is not None and old.get("meeting_id") != stub.id:  # another meeting of the committee that day
            name = f"{stem}-{stub.id}.minutes.json"
            old = _read_json(self.corpus / name)
        if old != data:
            write_json(self.corpus / name, data)
            self.summary.minutes_files += 1
        return name

    # --- one document -----------------------------------------------------------------

    def document(self, committee: Committee, stub: MeetingStub, planned: Planned, minutes_file: str | None) -> None:
        assert self.manifest is not None
        doc = planned.document
        title = document_title(planned, committee.title, stub.date)
        entry = self.manifest.by_url(doc.url)
        held = entry is not None and (self.corpus / entry["file"]).exists()
        block = (entry or {}).get("moderngov") or {}
        unclaimed: list[Path] = []
        if entry is not None and held:
            name = entry["file"]
        else:
            extra = str(doc.attachment_id or (planned.item.id if planned.item else "") or stub.id)
            stem = file_stem(planned, committee.title, stub.date)
            name = self.manifest.free_name(stem, ".pdf", doc.url, extra)
            unclaimed = self.manifest.unclaimed(stem, ".pdf", extra)
        validators = Validators(block.get("etag"), block.get("last_modified"))
        republished = doc.publication_date and doc.publication_date != block.get("publication_date")
        if held and not validators and not self.recheck and not republished:
            # The server gives no way to ask "changed?" cheaply: the copy held stands.
            self.summary.unchanged += 1
            self._record(entry, committee, stub, planned, title, name, entry.get("sha256"), block.get("bytes"),
                         validators, block.get("fetched"), minutes_file)
            return
        try:
            got = self.http.download(doc.url, self.corpus / name, validators=validators,
                                     old_sha256=entry.get("sha256") if held and entry else None,
                                     expect=lambda first: b"%PDF-" in first, what="PDF", adopt=unclaimed)
        except PlansError as err:
            self._fail(err, f"{stub.date} {committee.title}, {title}")
            return
        name = got.path.name  # a file a stopped run left under its name is kept, not fetched twice
        setattr(self.summary, got.status, getattr(self.summary, got.status) + 1)
        fetched = block.get("fetched") if got.status == "unchanged" else _now()
        self._record(entry, committee, stub, planned, title, name, got.sha256, got.size,
                     got.validators or validators, fetched, minutes_file)

    def _record(self, old: dict[str, Any] | None, committee: Committee, stub: MeetingStub, planned: Planned, title: str,
                name: str, sha256: str | None, size: int | None, validators: Validators, fetched: str | None,
                minutes_file: str | None) -> None:
        assert self.manifest is not None
        doc, item = planned.document, planned.item
        entry = {
            "file": name,
            "title": title,
            "publisher": self.publisher or (old or {}).get("publisher"),
            "body": committee.title,
            "meeting_date": stub.date,
            "document_type": planned.kind,
            "source_url": doc.url,
            "sha256": sha256,
            "moderngov": {
                "site": self.site, "committee_id": committee.id, "meeting_id": stub.id,
                "item_id": item.id if item else None, "item_number": item.number if item else None,
                "item_title": item.title if item else None, "attachment_id": doc.attachment_id,
                "document_title": doc.title, "publication_date": doc.publication_date,
                "meeting_url": pages.meeting_url(self.site, committee.id, stub.id), "minutes_file": minutes_file,
                "etag": validators.etag, "last_modified": validators.last_modified, "bytes": size,
                "fetched": fetched, "via": self.summary.via,
            },
        }
        if entry != old:
            self.manifest.put(entry)

    def _fail(self, err: PlansError, where: str, document: bool = True) -> None:
        err = PlansError(err.code, err.detail, file=where)
        if err.code == "E045":
            self.summary.refused += 1
        elif document:
            self.summary.failed += 1
        else:
            self.summary.unread += 1
        self.summary.errors.append(err)
        self.progress.note(err.message)

    # --- the run ----------------------------------------------------------------------

    def run(self, committees: Iterable[str], start: dt.date, end: dt.date) -> FetchSummary:
        if end < start:
            raise ValueError(f"the end date {end} is before the start date {start}")
        self.manifest = Manifest.load(self.corpus)
        self.corpus.mkdir(parents=True, exist_ok=True)
        if removed := remove_partial_files(self.corpus):
            self.progress.note(f"Removed {len(removed)} temporary file(s) a stopped run left: {', '.join(removed[:5])}")
        try:
            return self._run(committees, start, end)
        finally:
            self.manifest.flush()
            self.summary.requests = self.http.requests

    def _run(self, committees: Iterable[str], start: dt.date, end: dt.date) -> FetchSummary:
        chosen = select_committees(self.committees(), committees)
        self.summary.committees = chosen
        listed: list[tuple[Committee, MeetingStub]] = []
        for committee in chosen:
            try:
                listed += [(committee, m) for m in self.meetings(committee, start, end)]
            except (PlansError, ServiceUnavailable) as err:
                self._fail(_as_error(err), f"{committee.title}, meetings {start} to {end}", document=False)
        listed.sort(key=lambda cm: (cm[1].date, cm[0].title))
        self.progress.start(len(listed))
        for committee, stub in listed:
            self.progress.current(f"{stub.date} {committee.title}")
            self.summary.meetings_seen += 1
            if stub.cancelled:
                self.summary.meetings_cancelled += 1
            else:
                self._one_meeting(committee, stub)
            self.progress.advance()
        return self.summary

    def _one_meeting(self, committee: Committee, stub: MeetingStub) -> None:
        try:
            meeting, own = self.meeting(committee, stub)
        except (PlansError, ServiceUnavailable) as err:
            self._fail(_as_error(err), f"{stub.date} {committee.title}, agenda", document=False)
            return
        self.summary.items_restricted += sum(1 for i in meeting.items if i.restricted)
        minutes_file = self.save_minutes(committee, stub, meeting)
        for planned in plan_documents(own, meeting.items, self.kinds):
            if NOT_PDF.search(urlparse(planned.document.url).path):
                continue
            self.document(committee, stub, planned, minutes_file)


def fetch(
    site: str,
    committees: Iterable[str],
    start: dt.date,
    end: dt.date,
    corpus: str | Path = "corpus",
    *,
    delay: float = 1.0,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 2.0,
    kinds: Iterable[str] | None = None,
    recheck: bool = False,
    publisher: str | None = None,
    user_agent: str = USER_AGENT,
    allow_hosts: Iterable[str] = (),
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    max_page_bytes: int = MAX_PAGE_BYTES,
    progress: Progress | None = None,
) -> FetchSummary:
    """Fetch ``committees`` (titles or ids) of the ModernGov ``site`` met from ``start`` to
    ``end`` into ``corpus``. Only http(s) addresses on the site's host and ``allow_hosts`` are
    asked; ``timeout`` is the total time of one try of one request. Raises PlansError
    E042/E043 when nothing can be fetched at all (E045 for a ``site`` that is not http(s));
    failures of single meetings or documents are in the summary's ``errors``."""
    http = _http(site, allow_hosts, delay=delay, timeout=timeout, retries=retries, backoff=backoff,
                 user_agent=user_agent, max_document_bytes=max_document_bytes, max_page_bytes=max_page_bytes)
    try:
        fetcher = Fetcher(site, Path(corpus), http, kinds=set(kinds) if kinds else None, recheck=recheck,
                          publisher=publisher, progress=progress)
        return fetcher.run(committees, start, end)
    finally:
        http.close()


def list_committees(site: str, *, delay: float = 1.0, timeout: float = 30.0, retries: int = 3,
                    user_agent: str = USER_AGENT, allow_hosts: Iterable[str] = (), max_page_bytes: int = MAX_PAGE_BYTES,
                    progress: Progress | None = None) -> tuple[list[Committee], str]:
    """Every committee of the site, and whether the list came from the service or the pages."""
    http = _http(site, allow_hosts, delay=delay, timeout=timeout, retries=retries, user_agent=user_agent,
                 max_page_bytes=max_page_bytes)
    try:
        fetcher = Fetcher(site, Path("."), http, progress=progress)
        found = fetcher.committees()
        return found, fetcher.summary.via
    finally:
        http.close()


def _http(site: str, allow_hosts: Iterable[str], **options: Any) -> Http:
    """The run's client, held to the site's own host (and ``allow_hosts``)."""
    return Http(policy=AddressPolicy.for_site(site_root(site), allow_hosts), **options)


def _as_error(err: PlansError | ServiceUnavailable) -> PlansError:
    return err if isinstance(err, PlansError) else PlansError("E040", str(err))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
