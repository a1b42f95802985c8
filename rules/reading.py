"""A reading of one document: what the rules stage knows of a PDF before and while it reads it.

The extractor's :class:`~extractor.model.Document` knows pages, lines, blocks and tables and
nothing about councils. Everything council-shaped that the rules work out first — the
document's genre, its metadata (title, council, body, meeting date) and the parts of a pack
(front sheet, minutes, reports, appendices) — lives here, beside the records the rule sets
have made so far, so a later rule set can build on an earlier one's records (reports read the
agenda items) without testing rule ids.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel

from extractor.model import Block, Document, Page
from rules.genres import Genre
from rules.records import Record

if TYPE_CHECKING:
    from rules.councils.register import Council

R = TypeVar("R", bound=Record)

PartKind = Literal["front_sheet", "minutes", "report", "appendix", "document"]


class Part(BaseModel):
    """A contiguous run of pages in a pack: the agenda front sheet, minutes, a report, an appendix."""

    kind: PartKind
    title: str
    page_start: int
    page_end: int
    rule: str
    agenda_number: str | None = None  # the agenda item the part belongs to, where the pack says
    report_header: bool = False  # the part opens with a report's printed header (a paper of its own)


class DocumentMeta(BaseModel):
    """What is known of a document: from the manifest, or read off its first pages."""

    title: str | None = None
    council: str | None = None
    publisher: str | None = None
    body: str | None = None
    meeting_date: str | None = None  # ISO date
    document_type: str | None = None  # what the manifest calls it (agenda_pack, report, ...)
    plan_period: str | None = None  # "2022-2032"
    source_url: str | None = None
    source: Literal["manifest", "pages", "pdf_metadata"] = "pages"
    # Where the council came from: the document's own pages, the manifest, or nowhere.
    council_source: Literal["page", "text", "manifest", "unknown"] = "unknown"


@dataclass
class Reading:
    """One document as the rule sets see it: the extracted pages plus what the rules know."""

    document: Document
    genre: Genre
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    parts: list[Part] = field(default_factory=list)
    manifest: dict | None = None
    records: list[Record] = field(default_factory=list)  # made so far by earlier rule sets

    # The document's own facts, so a rule reads ``reading.pages`` as it would a Document's.
    @property
    def id(self) -> str:
        return self.document.id

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def pages(self) -> list[Page]:
        return self.document.pages

    @property
    def page_count(self) -> int:
        return self.document.page_count

    def page(self, number: int) -> Page:
        return self.document.page(number)

    def blocks(self, first: int = 1, last: int | None = None) -> list[Block]:
        return self.document.blocks(first, last)

    @functools.cached_property
    def council(self) -> Council:
        """The council the document is from, resolved against the council register once its
        metadata is read (``rules/councils``): the council it names, the publisher, or the site
        it was fetched from; ``unknown`` when none says."""
        from rules.councils.mentions import contact_site, first_page_text, heading_kinds
        from rules.councils.register import resolve_document
        from rules.documents import documents_pack, first_pages_text

        manifest = self.manifest or {}
        return resolve_document(council=self.meta.council, publisher=self.meta.publisher,
                                source_url=self.meta.source_url or manifest.get("source_url"), body=self.meta.body,
                                text=first_page_text(self.document), council_source=self.meta.council_source,
                                contact_url=contact_site(self.document), heading_kinds=heading_kinds(self.document),
                                pages_text=first_pages_text(self.document, documents_pack().first_pages))

    def records_of(self, kind: type[R]) -> Iterator[R]:
        """The records of one type made so far on this document (by earlier rule sets)."""
        return (r for r in self.records if isinstance(r, kind))
