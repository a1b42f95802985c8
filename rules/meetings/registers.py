"""Decision registers: decisions printed one per row of a ruled table.

Parish and town councils, and officers deciding under delegated powers, often publish a
register rather than minutes: a table whose header row names its columns (Date, Subject,
Decision, Reason). This family reads every ruled table whose header has a decision column,
and makes each row a decision. Which header words mean which column is the pack's
(``rules/packs/decision_registers.yaml``).
"""

from __future__ import annotations

import re

from pydantic import Field

from kernel.text import clean
from rules.genres import decision_confidence
from rules.meetings.records import DecisionRecord
from rules.reading import Reading
from rules.records import Record, bbox_text
from rules.registry import RuleSetPack, family

RULE = "registers.row.v1"


class RegisterPack(RuleSetPack):
    columns: dict[str, list[str]]  # decisions column → patterns its header cell matches in full
    required: list[str] = Field(default_factory=lambda: ["resolved"])  # a register has these columns


@family("decisions.register_table.v1", params=RegisterPack)
def register_rows(reading: Reading, pack: RegisterPack) -> list[Record]:
    """Decisions printed one per row of a ruled table whose header row names the columns."""
    out: list[Record] = []
    for block in reading.blocks():
        if block.kind != "table" or block.table is None or len(block.table.rows) < 2:
            continue
        rows = block.table.cell_texts()
        header = [clean(cell).lower() for cell in rows[0]]
        where = {key: next((i for i, h in enumerate(header) if any(re.fullmatch(p, h) for p in patterns)), None)
                 for key, patterns in pack.columns.items()}
        if any(where.get(key) is None for key in pack.required):
            continue
        for n, row in enumerate(rows[1:], start=1):
            value = {key: (clean(row[i]) or None) if i is not None and i < len(row) else None
                     for key, i in where.items()}
            if not value.get("resolved"):
                continue
            page = block.table.row_pages[n] if n < len(block.table.row_pages) else block.page
            out.append(DecisionRecord(
                document_id=reading.id, page=page, bbox=bbox_text(block.bbox), rule=RULE,
                title=value.get("title"), resolved=value["resolved"], reason=value.get("reason"),
                decision_date=value.get("decision_date"), decision_maker=value.get("decision_maker"),
                resolution_found_by="label", confidence=decision_confidence(reading.genre.name, "label"),
            ))
    return out
