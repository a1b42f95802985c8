"""Meeting documents: agenda packs, minutes, decision notices and the reports in them.

Registers the ``meetings`` document rule set. Each concern has its own module and rule
pack: ``agenda`` (front sheet → meetings, agenda_items; ``rules/packs/agenda.yaml``),
``minutes`` (minutes and decision notices → meetings, decisions; ``minutes.yaml``),
``reports`` (reports, recommendations; ``reports.yaml``) and ``rules.people`` (people and
roles with spaCy rule components; ``people.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable

from extractor.model import Document
from rules.engine import document_rules
from rules.meetings.agenda import read_agenda
from rules.meetings.minutes import read_minutes
from rules.meetings.records import (
    AgendaItemRecord,
    DecisionRecord,
    MeetingRecord,
    PersonRecord,
    PersonRoleRecord,
    RecommendationRecord,
    ReportRecord,
)
from rules.records import Record

MEETING_TYPES = {"agenda_pack", "minutes", "decision_notice", "report", None}

__all__ = [
    "AgendaItemRecord", "DecisionRecord", "MeetingRecord", "PersonRecord", "PersonRoleRecord",
    "RecommendationRecord", "ReportRecord", "meetings",
]


@document_rules("meetings")
def meetings(document: Document) -> Iterable[Record]:
    """Every meetings record of one document (plans and other non-meeting types are skipped)."""
    if document.meta.document_type not in MEETING_TYPES:
        return []
    from rules.meetings.reports import read_reports
    from rules.people import read_people

    agenda_meetings, items = read_agenda(document)
    minute_meetings, decisions = read_minutes(document)
    reports, recommendations = read_reports(document, agenda_meetings, items)
    people, roles = read_people(document)
    records: list[Record] = [*agenda_meetings, *minute_meetings, *items, *decisions, *reports,
                             *recommendations, *people, *roles]
    return records
