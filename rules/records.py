"""Records: the typed output of rules, and the contract with the publisher.

Every record names the table it belongs to, carries its provenance (document, physical page,
bounding box where known) and the versioned id of the rule that made it. The publisher
writes each record type to its table with the field descriptions as column documentation,
so a new record type needs no change outside its own module.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from extractor.model import BBox


class Record(BaseModel):
    """Base of every record: where it came from and which rule made it."""

    table: ClassVar[str] = ""
    description: ClassVar[str] = ""
    # Fields that identify the record; its id is a hash of these, so rebuilds are idempotent.
    key_fields: ClassVar[tuple[str, ...]] = ()
    fts: ClassVar[tuple[str, ...]] = ()  # columns to full-text index
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = ()  # (column, other table, other column)
    # Whether the table's rows link to the PDF page they were read from (a council or a
    # summary across documents does not).
    linked: ClassVar[bool] = True

    id: str = Field("", description="Stable id: a hash of the record's identifying fields")
    document_id: str = Field(description="The document the record was read from (documents.id)")
    page: int | None = Field(description="Physical page of the PDF (1-based) the record starts on")
    bbox: str | None = Field(None, description="Bounding box on that page as x0,top,x1,bottom in PDF points")
    rule: str = Field(description="Id of the rule that produced the record, e.g. minutes.resolved.label.v1")
    family: str | None = Field(None, description="The registered layout family that read it, e.g. minutes.items.v2")

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = self.make_id()

    def make_id(self) -> str:
        fields = self.key_fields or tuple(f for f in type(self).model_fields if f not in ("id", "bbox", "family"))
        payload = json.dumps([self.table, *[getattr(self, f) for f in fields]], default=str, ensure_ascii=False)
        return hashlib.sha1(payload.encode()).hexdigest()[:16]

    @classmethod
    def columns(cls) -> list[str]:
        """The record's columns in table order: its own fields, then those a linker adds to many
        record types (the topic columns), so a table reads title first, topic last."""
        trailing = [f for f in TopicFields.model_fields if f in cls.model_fields]
        return [f for f in cls.model_fields if f not in trailing] + trailing

    def row(self) -> dict[str, Any]:
        data = self.model_dump()
        return {k: data[k] for k in self.columns()}


class TopicFields(BaseModel):
    """The policy topic of a record (rules/topics/): filled by the ``topics`` linker after every
    document is read, for the record types that mix this in."""

    topic: str | None = Field(None, description=(
        "Policy topic: the Comparative Agendas Project major topic number (1 Macroeconomics … 23 Culture), "
        "procedural (meeting housekeeping) or unclassified (nothing signals one); see rules/packs/topics.yaml and /-/topics"))
    topic_name: str | None = Field(None, description="The topic's name as the site shows it, e.g. Housing, planning and communities")
    topic_confidence: float | None = Field(None, description="How sure the coder is of the topic, 0..1 (calibrated on the hand-coded topic gold; 0 for unclassified)")
    topic_runner_up: str | None = Field(None, description="The topic with the next best score, where one scored")
    topic_rule: str | None = Field(None, description="The rule that chose the topic: topics.phrase.v1, topics.lemma.v1, topics.procedural.v1, topics.context.v1 (from the meeting or the element it sits under) or topics.unclassified.v1")

    def set_topic(self, code: Any) -> None:
        """Take a :class:`rules.topics.TopicCode`."""
        self.topic, self.topic_name = code.topic, code.name
        self.topic_confidence = round(code.confidence, 3)
        self.topic_runner_up, self.topic_rule = code.runner_up, code.rule


def bbox_text(bbox: BBox | None) -> str | None:
    return None if bbox is None else ",".join(f"{v:.1f}" for v in bbox)


class DocumentRecord(Record):
    table: ClassVar[str] = "documents"
    description: ClassVar[str] = "One row per PDF in the corpus, with what is known of it."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id",)
    fts: ClassVar[tuple[str, ...]] = ("title", "body")

    file: str = Field(description="File name in the corpus folder; the PDF is served at /corpus/<file>")
    title: str | None = Field(None, description="Title of the document")
    publisher: str | None = Field(None, description="Who published it: the manifest's publisher, else the council")
    body: str | None = Field(None, description="Committee or body the document was written for (Cabinet, Council, ...)")
    meeting_date: str | None = Field(None, description="ISO date of the meeting, where the document belongs to one")
    council: str | None = Field(None, description="The council (or other authority) the document is from: the manifest's, or named on its pages")
    genre: str = Field("other", description="What kind of document it is (agenda_pack, minutes, decision_notice, decision_details, recorded_votes, committee_report, business_plan, service_plan_update, performance_report, other); rule sets read only the genres they declare")
    genre_score: float = Field(0.0, description="Score of the winning genre from the cues in rules/packs/genres.yaml")
    genre_runner_up: str | None = Field(None, description="The genre with the next best score")
    genre_runner_up_score: float | None = Field(None, description="Score of the runner-up genre")
    document_type: str | None = Field(None, description="What the manifest calls the document (agenda_pack, minutes, report, ...), where it says; genre is what the pages read as")
    genre_source: str = Field("cues", description="cues (scored from the pages) or manifest (given by the corpus manifest)")
    plan_period: str | None = Field(None, description="Period of the plan the document sets out or reports on, e.g. 2022-2032")
    pages: int = Field(description="Number of pages in the PDF")
    sha256: str = Field(description="SHA-256 of the PDF file")
    source_url: str | None = Field(None, description="Where the council published the document")
    metadata_source: str = Field(description="Where title, body and date came from: manifest or pages (read off the PDF)")
    council_source: str = Field("unknown", description="Where the council came from: page (named by the document itself in its first lines), text (the council its text names most often), manifest (the page could not tell), or unknown")
    council_id: str | None = Field(None, description="The council the document is from (councils.id): the council it names, else the manifest's, else the meeting-system site it was fetched from; unknown when none names one")
    council_match: str | None = Field(None, description="How council_id was matched: code, name (an official name or variant), core (the name without council words), kind (a body outside the register, by its kind words), qualifier, site or none")

    def model_post_init(self, __context: Any) -> None:
        self.id = self.document_id


class PageRecord(Record):
    table: ClassVar[str] = "pages"
    description: ClassVar[str] = "The body text of every page (page furniture removed), full-text searchable."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page")
    fts: ClassVar[tuple[str, ...]] = ("text",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("document_id", "documents", "id"),)

    text: str = Field(description="Body text of the page, furniture (running headers, page numbers) removed")
    furniture: str = Field(description="The page-furniture lines that were removed, one per line")
    part_id: str | None = Field(None, description="The part of the pack the page belongs to (parts.id)")


class PartRecord(Record):
    table: ClassVar[str] = "parts"
    description: ClassVar[str] = "The parts an agenda pack is made of: front sheet, minutes, each report, each appendix."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page_start", "kind", "title")
    fts: ClassVar[tuple[str, ...]] = ("title",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("document_id", "documents", "id"),)

    kind: str = Field(description="front_sheet, minutes, report, appendix or document")
    title: str = Field(description="Title of the part as printed at its start")
    page_start: int = Field(description="First physical page of the part")
    page_end: int = Field(description="Last physical page of the part")
    position: int = Field(description="Order of the part in the document, from 1")
    agenda_number: str | None = Field(None, description="The agenda item number the part belongs to, where printed")


class ErrorRecord(Record):
    table: ClassVar[str] = "errors"
    description: ClassVar[str] = "Files and pages the build could not read, with what to do about it."
    key_fields: ClassVar[tuple[str, ...]] = ("file", "stage", "code", "message")

    file: str = Field(description="File name in the corpus folder")
    stage: str = Field(description="Pipeline stage that failed: corpus, extract, rules, link")
    code: str = Field(description="Error code from the catalogue (kernel/errors.py)")
    message: str = Field(description="What went wrong, where, and what to do next")
