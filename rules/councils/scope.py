"""The council each record belongs to, for the linkers that join records across documents.

Every record knows its council through its document (``documents.council_id``). Cross-document
links — plan series and their lineage, indicator series, a service plan's business plan, the
report a resolution answers, people, a decision's check against the meeting system — are made
only between records of one *scope*: one council's. Two councils' "Cabinet", "Council Plan" or
"recycling rate" never meet.

A document whose council is not known is never joined to a known council's records. Among
themselves, such documents are one scope in a corpus that names at most one council (one
council's archive, or documents that name none: its report and its minutes are still set side
by side); in a corpus that names several, an unknown document may be any of theirs, and is
joined to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rules.councils.register import UNKNOWN_ID, resolve_document

__all__ = ["Scopes", "scope_key"]


def scope_key(council_id: str | None, document_id: str, shared_unknown: bool = False) -> str:
    """The scope of a document: its council; when its council is unknown, the unknown
    documents together (``shared_unknown``) or the document alone."""
    if council_id and council_id != UNKNOWN_ID:
        return council_id
    return UNKNOWN_ID if shared_unknown else f"{UNKNOWN_ID}:{document_id}"


def document_council(document: Any) -> str:
    """A document record's council: the one resolved when it was read, else resolved now from
    what it gives (a record made by code that does not set it)."""
    council_id = getattr(document, "council_id", None)
    if council_id:
        return council_id
    return resolve_document(council=getattr(document, "council", None), publisher=getattr(document, "publisher", None),
                            source_url=getattr(document, "source_url", None), body=getattr(document, "body", None)).id


class Scopes:
    """Document → council and scope, read from the documents among ``records``."""

    def __init__(self, records: Iterable[Any]):
        self.council: dict[str, str] = {r.document_id: document_council(r)
                                        for r in records if getattr(r, "table", "") == "documents"}
        self.shared_unknown = len(set(self.council.values()) - {UNKNOWN_ID}) <= 1

    def council_of(self, record_or_document: Any) -> str:
        document_id = record_or_document if isinstance(record_or_document, str) else record_or_document.document_id
        return self.council.get(document_id or "", UNKNOWN_ID)

    def of(self, record_or_document: Any) -> str:
        """The scope of a record (or a document id)."""
        document_id = record_or_document if isinstance(record_or_document, str) else record_or_document.document_id
        return scope_key(self.council.get(document_id or ""), document_id or "", self.shared_unknown)

    def same(self, a: Any, b: Any) -> bool:
        return self.of(a) == self.of(b)
