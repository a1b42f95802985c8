"""Council records: the councils the corpus's documents are from, and what is known to be
missing for each (the completeness a user checks before trusting a count)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from rules.records import Record


class CouncilRecord(Record):
    table: ClassVar[str] = "councils"
    description: ClassVar[str] = (
        "The councils (and other authorities) the documents are from: an entry of the UK local authority register "
        "(mySociety, CC BY 4.0) or a body the register does not hold, kept under its own name (registered = 0), "
        "and 'unknown' for documents that name no council."
    )
    # The id is the council's slug, its address on the site (/-/council/<id>): wiltshire,
    # westwood-parish-council, unknown. Its document and page are its first document's first
    # page, as a document's own row has.
    key_fields: ClassVar[tuple[str, ...]] = ("name", "kind")
    fts: ClassVar[tuple[str, ...]] = ("name", "short_name")
    linked: ClassVar[bool] = False

    name: str = Field(description="Official name, e.g. London Borough of Harrow; a body outside the register as printed")
    short_name: str | None = Field(None, description="Short name, e.g. Harrow")
    kind: str = Field(description="county, district, unitary, metropolitan_district, london_borough, combined_authority, fire, police_and_crime_panel, national_park, parish, town, community, ... or unknown")
    kind_name: str = Field(description="The kind in words, e.g. London borough, Parish council")
    nation: str | None = Field(None, description="England, Wales, Scotland or Northern Ireland, where the register says")
    register_code: str | None = Field(None, description="The register's local-authority-code, e.g. HRW")
    gss_code: str | None = Field(None, description="ONS GSS code, e.g. E09000015")
    registered: bool = Field(description="Whether the council is an entry of the register (else recognised by the kind words of its name)")
    current: bool | None = Field(None, description="Whether a registered authority still exists (false for one abolished or merged)")
    end_date: str | None = Field(None, description="When a former authority ended")
    replaced_by: list[str] = Field(default_factory=list, description="The councils (slugs) that replaced a former authority")
    county_id: str | None = Field(None, description="For a district, the county council over it (councils.id), where the register says")
    matched_by: str = Field(description="How its documents were matched, most common first: code, name (an official name or variant), core (the name without council words), kind (a body's kind words), qualifier, site (the meeting-system address), contact (the council's e-mail address in a document's first lines) or none")
    names_printed: list[str] = Field(default_factory=list, description="The names (or site addresses) its documents were matched from")
    documents: int = Field(0, description="Number of documents from the council")


class CompletenessRecord(Record):
    table: ClassVar[str] = "council_completeness"
    description: ClassVar[str] = (
        "What is read and what is missing, per council: documents read and failed, meetings with and without minutes "
        "or decisions, records per meeting, pages where a decision was expected and none was read, and fetch gaps."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("council_id",)
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("council_id", "councils", "id"),)
    linked: ClassVar[bool] = False

    council_id: str = Field(description="The council (councils.id)")
    documents: int = Field(description="Documents read from the council")
    pages: int = Field(description="Pages of body text read")
    documents_failed: int = Field(description="Documents the build reported errors for (listed in errors)")
    genres: dict[str, int] = Field(default_factory=dict, description="Documents per genre")
    meetings: int = Field(description="Meetings named in its documents (one row per meeting per document)")
    meetings_with_minutes: int = Field(description="Meetings whose minutes or decisions were read (kind minutes or decisions, or a decision taken at it)")
    meetings_without_minutes: int = Field(description="Meetings known only from an agenda: no minutes or decision read")
    meetings_without_decisions: int = Field(description="Meetings with minutes read but no decision read from them")
    decisions: int = Field(description="Decisions read")
    decisions_per_meeting: float | None = Field(None, description="Decisions per meeting with minutes")
    agenda_items_per_meeting: float | None = Field(None, description="Agenda items per meeting with an agenda")
    plans: int = Field(description="Plans read (editions, and plans known from citations)")
    indicators: int = Field(description="Indicators (series of measured values)")
    unread_decision_pages: int | None = Field(None, description="Pages with decision cues where no decision was read (pages_with_unread_decisions); empty when that check did not run")
    fetch_gaps: int = Field(description="Documents the manifest lists that could not be fetched or read as PDFs (missing files, failed downloads, not PDFs)")
    notes: str | None = Field(None, description="What the figures leave out")
