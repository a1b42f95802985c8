"""Run one rule set (a pack and the family it fills) on a reading, as the engine would, and
split its records by type — what the rule-set tests assert on."""

from __future__ import annotations

from typing import Any

from rules.engine import run_rule_set


def records_of(reading: Any, rule_set: str, *kinds: type) -> Any:
    """The records ``rule_set`` makes on ``reading``: all of them, or one list per kind given
    (a single list when one kind is given)."""
    records = run_rule_set(reading, rule_set)
    if not kinds:
        return records
    split = tuple([r for r in records if isinstance(r, kind)] for kind in kinds)
    return split[0] if len(kinds) == 1 else split


def reading_of(document: Any, parts: list | None = None, manifest: dict | None = None) -> Any:
    """The engine's reading of an extracted document (genre, metadata, parts), with its parts
    replaced when a test gives them."""
    from rules.engine import read

    reading = read(document, manifest)
    if parts is not None:
        reading.parts = parts
    return reading
