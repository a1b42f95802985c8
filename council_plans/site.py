"""The Datasette site's metadata, generated from the record types so the schema is documented
in one place: each table's description and each column's description come from the pydantic
field descriptions of the record that fills it."""

from __future__ import annotations

from typing import Any

from council_plans.publish import record_classes

LICENSE = "Open Government Licence v3.0"
LICENSE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# Columns added by the publisher to every record that comes from a page.
PDF_COLUMN = "pdf"
PDF_DESCRIPTION = "Link to the PDF page the record was read from: /corpus/<file>#page=N"

TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "pages": {"sort": "page", "facets": ["document_id"]},
    "errors": {"sort_desc": "code"},
}


def site_metadata() -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for cls in sorted(record_classes(), key=lambda c: c.table):
        columns = {name: (info.description or "") for name, info in cls.model_fields.items()}
        if "page" in columns and cls.table != "errors":
            columns[PDF_COLUMN] = PDF_DESCRIPTION
        entry: dict[str, Any] = {"description": cls.description or cls.__doc__ or "", "columns": columns}
        entry.update(TABLE_OPTIONS.get(cls.table, {}))
        tables[cls.table] = entry
    return {
        "title": "council-plans",
        "description_html": (
            "What UK councils planned, decided and measured, read from their published PDFs: "
            "agenda packs, minutes, reports and business plans. Every row links to the PDF page it came from."
        ),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": "Wiltshire Council committee papers and business plans",
        "source_url": "https://cms.wiltshire.gov.uk/",
        "about": "council-plans",
        "databases": {"plans": {"tables": tables}},
    }
