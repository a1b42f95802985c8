"""Pages that are not council documents give no plans and no indicator values.

A software manual (numbered sections, a contents page, version numbers, percentages and
targets in a table, "Our priorities for this release are:") and a technical specification
("shall achieve 99.95% availability", clause numbers, "Its objectives are: a) ... b) ...") are
built through the engine like any corpus. They are read as documents of genre ``other`` with
their pages and text, and nothing else: no plan, priority, mission, action, activity or
indicator value — also when the manual says it was prepared for a council (a council's name
alone does not make a council document).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pdfgen import make_pdf, ruled_table, text_page

from council_plans.build import build


def software_manual(path: Path, *, for_council: bool = False) -> Path:
    first = text_page([
        "**DataSync Server 4.2 Administrator Guide",
        "Version 4.2.1 - Release date 12 March 2023",
        *(["Prepared for Example District Council ICT Services and the council's Cabinet portfolio holder."]
          if for_council else []),
        "",
        "**Contents",
        "1. Introduction ........ 3",
        "2. Installing the server ........ 5",
        "3. Performance dashboard ........ 9",
        "4. Troubleshooting ........ 14",
        "",
        "**1. Introduction",
        "1.1 DataSync Server keeps your files in step across 250 devices. Our priorities for this release are:",
        "• Reliability of synchronisation",
        "• Faster start-up",
        "• Simpler licensing",
        "1.2 This guide covers version 4.2 and later. See section 3.4 for upgrade notes from v3.9.",
        "",
        "**2. Installing the server",
        "2.1 You need 4 GB of memory and 20 GB of disk space. The installer (datasync-4.2.1.msi, 84 MB) takes",
        "about 5 minutes. Port 8443 must be open.",
        "2.2 Our goals are: 1. zero data loss 2. start-up under 2 seconds 3. 99.9% availability",
    ], size=10)
    table, _ = ruled_table([
        ["Metric", "Release 4.1", "Release 4.2", "Target"],
        ["Sync success rate", "97.2%", "99.1%", "99%"],
        ["Average start-up time (seconds)", "4.1", "1.8", "2.0"],
        ["Crash reports per 1,000 sessions", "3.4", "1.2", "1.0"],
    ], [200, 80, 80, 60], top=520)
    second = text_page([
        "**3. Performance dashboard",
        "3.1 The dashboard shows key performance indicators (KPIs) for each quarter: Q1, Q2, Q3 and Q4.",
        "3.2 A green status means the target was met; amber means within 5% of target; red means off target.",
        "3.3 In Q2 2023 the median sync time fell to 1.4 seconds, and 98% of jobs completed first time.",
        "3.4 Upgrading from v3.9 keeps your settings; see clause 7.2 of the licence agreement.",
        "",
        "**4. Troubleshooting",
        "4.1 Error 503 means the server is busy. Restart the service and check page 14 of this guide.",
    ], size=10)
    return make_pdf(path, [first + table, second])


def technical_specification(path: Path) -> Path:
    return make_pdf(path, [text_page([
        "**Technical Specification TS-204: Smart Metering Gateway",
        "Issue 3, revision 2.1, 1 September 2022",
        "",
        "**1 Scope",
        "1.1 This specification sets out the requirements for a smart metering gateway. Its objectives are:",
        "a) interoperability with existing meters",
        "b) secure firmware updates",
        "c) low power consumption",
        "**2 Normative references",
        "2.1 IEC 62056-21:2002 Electricity metering - Data exchange; EN 50470-3 (2006).",
        "**3 Requirements",
        "3.1 The gateway shall achieve 99.95% availability measured over 12 months.",
        "3.2 Power consumption shall not exceed 2.5 W in idle mode and 4 W when transmitting.",
        "3.3 The device shall operate between -20 and 55 degrees C at up to 95% relative humidity.",
        "3.4 Firmware images shall be signed with a 256-bit key; see clause 5.3 and Annex B.",
        "3.5 Our priorities for the second issue are: • lower cost • longer battery life",
        "4.2.1 Test method: 30 units are tested for 1,000 hours; at least 29 of 30 must pass.",
        "Table 4 lists the 12 test cases; Figure 2 on page 7 shows the test set-up.",
    ], size=10)])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> sqlite3.Connection:
    corpus = tmp_path_factory.mktemp("not-council")
    software_manual(corpus / "datasync-admin-guide.pdf")
    software_manual(corpus / "datasync-guide-for-a-council.pdf", for_council=True)
    technical_specification(corpus / "ts-204-gateway-spec.pdf")
    db = corpus / "plans.db"
    build(corpus, db, jobs=1)
    return sqlite3.connect(db)


def _count(conn: sqlite3.Connection, table: str) -> int:
    exists = conn.execute("select 1 from sqlite_master where name = ?", (table,)).fetchone()
    return conn.execute(f"select count(*) from {table}").fetchone()[0] if exists else 0


def test_they_are_read_as_documents_of_no_council_genre(built):
    genres = dict(built.execute("select file, genre from documents"))
    assert genres == {"datasync-admin-guide.pdf": "other", "datasync-guide-for-a-council.pdf": "other",
                      "ts-204-gateway-spec.pdf": "other"}
    assert _count(built, "pages") == 5  # their text is still searchable


@pytest.mark.parametrize("table", ["plans", "priorities", "missions", "actions", "activities", "indicator_values"])
def test_they_give_no_plan_records_and_no_indicator_values(built, table):
    assert _count(built, table) == 0
