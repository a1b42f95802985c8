"""Record types of meeting documents: meetings, agenda items, decisions, reports,
recommendations, people and their roles."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from rules.records import Record, TopicFields

FK = tuple[tuple[str, str, str], ...]


class MeetingRecord(Record):
    table: ClassVar[str] = "meetings"
    description: ClassVar[str] = (
        "Meetings named in a document: the meeting an agenda pack is for, and meetings whose minutes "
        "or decisions it prints (one row per meeting per document)."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "body", "date")
    fts: ClassVar[tuple[str, ...]] = ("body", "venue")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"),)

    body: str | None = Field(None, description="Committee or body that met (Cabinet, Children's Select Committee, ...)")
    date: str | None = Field(None, description="ISO date of the meeting")
    time: str | None = Field(None, description="Start time as printed, e.g. 9.30 am")
    venue: str | None = Field(None, description="Where the meeting was held, as printed")
    kind: str = Field(description="How the document presents the meeting: agenda, minutes or decisions")
    heading: str | None = Field(None, description="The printed text the meeting was read from")


class AgendaItemRecord(Record):
    table: ClassVar[str] = "agenda_items"
    description: ClassVar[str] = "Numbered items on an agenda front sheet, with their printed page ranges and report links."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "meeting_id", "number")
    fts: ClassVar[tuple[str, ...]] = ("title",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("report_part_id", "parts", "id"))

    meeting_id: str | None = Field(None, description="The meeting the agenda is for (meetings.id)")
    number: str = Field(description="Item number as printed, e.g. 9 or 5a")
    title: str = Field(description="Item title as printed, without the page range")
    pages: str | None = Field(None, description="Printed page range of the item's papers, e.g. 69 - 90 (pack numbering, not PDF pages)")
    report_by: str | None = Field(None, description="Who the report is by, from the 'Report by ...' line, e.g. Corporate Director, Carolyn Godfrey")
    presenter: str | None = Field(None, description="Who presents or attends for the item, where the agenda says")
    part: str = Field(description="I (open to the public) or II (public excluded)")
    position: int = Field(description="Order of the item on the agenda, from 1")
    report_part_id: str | None = Field(None, description="The report part of the pack for this item (parts.id), where the pack was split")
    report_page_start: int | None = Field(None, description="First physical page of the item's report in the PDF, where known")


class DecisionRecord(TopicFields, Record):
    table: ClassVar[str] = "decisions"
    description: ClassVar[str] = (
        "Resolutions recorded in minutes and decision notices, with the reason given for each. "
        "Minutes without a resolution are not decisions."
    )
    # Several resolutions may share an item (one per recorded vote): the text tells them apart.
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "meeting_id", "minute_number", "title", "resolved")
    fts: ClassVar[tuple[str, ...]] = ("title", "resolved", "reason")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("recommendation_id", "recommendations", "id"))

    meeting_id: str | None = Field(None, description="The meeting the decision was taken at (meetings.id)")
    minute_number: str | None = Field(None, description="Minute number as printed, e.g. 85")
    title: str | None = Field(None, description="Title of the minute or decision")
    resolved: str = Field(description="The full text of the resolution, every numbered or lettered point")
    resolved_points: list[str] = Field(default_factory=list, description="The resolution's numbered, lettered or bulleted points, one per entry (empty when it has fewer than two)")
    resolution_found_by: str | None = Field(None, description="How the resolution was found: label (printed under 'Resolved', 'Decision:' ...), frame (a sentence such as 'The Committee agreed that ...'), sentence (in minutes with no label, a sentence whose predicate is a decision act: 'The community council considered and adopted ...') or position (the closing paragraph of an item with none of these) - in falling order of confidence")
    confidence: float | None = Field(None, description="How sure the engine is that this is a decision, 0 to 1: the prior of the document's genre (minutes and decision records 1.0, a report or a document of genre other less) times the weight of how the resolution was found (rules/packs/genres.yaml)")
    reason: str | None = Field(None, description="The reason given for the decision (or for taking the item in private)")
    reason_label: str | None = Field(None, description="The label the reason was printed under, e.g. Reason for Decision")
    decision_maker: str | None = Field(None, description="Who took the decision, where a decision notice says")
    decision_date: str | None = Field(None, description="Date of decision as printed, where a decision notice says")
    status: str | None = Field(None, description="Resolution or decision status, e.g. Carried, where printed")
    call_in: str | None = Field(None, description="Call-in information as printed, where given, e.g. Is subject to call in: Yes; Effective from: 29/06/2017")
    key_decision: str | None = Field(None, description="Whether a decision notice says it is a key decision, as printed (Yes / No)")
    votes: str | None = Field(None, description="Counts of a recorded vote as printed, e.g. For 18; Against 8; Abstain 0")
    page_end: int | None = Field(None, description="Last physical page the decision is printed on")
    recommendation_id: str | None = Field(None, description="The officers' recommendation the resolution answers (recommendations.id): printed with it, or in the report for its item at its meeting")
    adoption: str | None = Field(None, description="How the resolution answers the recommendation: as_recommended, amended or not_in_report; empty when no recommendation for its item was read")
    adoption_diff: str | None = Field(None, description="For an amended resolution, the words changed: [-removed-] {+added+}, word by word")


class ReportRecord(TopicFields, Record):
    table: ClassVar[str] = "reports"
    description: ClassVar[str] = "Reports inside a pack: subject, cabinet member, key decision flag, purpose, authors and date."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page", "title")
    fts: ClassVar[tuple[str, ...]] = ("title", "subject", "purpose")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("meeting_id", "meetings", "id"),
                                  ("agenda_item_id", "agenda_items", "id"))

    title: str = Field(description="Title of the report (its subject line, else its first heading)")
    subject: str | None = Field(None, description="The 'Subject:' line as printed")
    meeting_body: str | None = Field(None, description="The meeting the report is addressed to, as printed in its header")
    meeting_date: str | None = Field(None, description="ISO date of the meeting in the report header")
    meeting_id: str | None = Field(None, description="The meeting the report is addressed to (meetings.id), where known")
    agenda_item_id: str | None = Field(None, description="The agenda item the report belongs to (agenda_items.id), where known")
    cabinet_member: str | None = Field(None, description="The 'Cabinet Member:' line as printed")
    key_decision: bool | None = Field(None, description="Whether the report says it is a key decision")
    purpose: str | None = Field(None, description="First paragraph of the Purpose of Report section, without its number")
    authors: str | None = Field(None, description="Report author(s) as printed, separated by '; '")
    director: str | None = Field(None, description="The signing director as printed")
    date_of_report: str | None = Field(None, description="Date of report as printed")
    page_end: int = Field(description="Last physical page of the report")


class RecommendationRecord(TopicFields, Record):
    table: ClassVar[str] = "recommendations"
    description: ClassVar[str] = "Proposals and recommendations a report puts to the meeting."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "report_id", "text")
    fts: ClassVar[tuple[str, ...]] = ("text",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("report_id", "reports", "id"))

    report_id: str | None = Field(None, description="The report making the recommendation (reports.id)")
    heading: str | None = Field(None, description="The section heading it was printed under, e.g. Proposal")
    text: str = Field(description="Text of the proposal or recommendation")


class PersonRecord(Record):
    table: ClassVar[str] = "people"
    description: ClassVar[str] = "People named with a role: councillors, cabinet members, directors, report authors."
    key_fields: ClassVar[tuple[str, ...]] = ("council_scope", "name_key")
    fts: ClassVar[tuple[str, ...]] = ("name",)
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"),)

    name: str = Field(description="Name as printed, without Cllr/Councillor")
    name_key: str = Field(description="Folded name used to merge mentions (lower case, no titles or post-nominals)")
    council_scope: str = Field("", description="Whose person: the council (councils.id), or unknown when the document names none; mentions merge within it only")
    councillor: bool = Field(description="Whether the person is named as a councillor (Cllr / Councillor)")


class PersonRoleRecord(Record):
    table: ClassVar[str] = "people_roles"
    description: ClassVar[str] = "Each role a person is named with, where it was found."
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "person_id", "role", "context")
    fts: ClassVar[tuple[str, ...]] = ("name", "role")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"), ("person_id", "people", "id"))

    person_id: str = Field(description="The person (people.id)")
    name: str = Field(description="Name as printed where the role was found")
    role: str = Field(description="Role as printed, e.g. Cabinet Member for Children, Education and Skills")
    context: str = Field(description="Where the role was found: membership, present, cabinet member, report author, report by, ...")


class UnreadDecisionPage(Record):
    table: ClassVar[str] = "pages_with_unread_decisions"
    description: ClassVar[str] = (
        "Pages that print words recording a decision (RESOLVED, It was agreed, I agree to, ... seconded ...) "
        "where no decision was read: where the engine may have missed one, to check by eye."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("document_id", "page")
    foreign_keys: ClassVar[FK] = (("document_id", "documents", "id"),)

    cue: str = Field(description="The words on the page that record a decision, with a little of the text around them")
    cues: int = Field(description="How many such words the page prints")
