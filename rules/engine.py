"""The rule engine: applies every registered rule set to a document, then links across documents.

Two kinds of rule set register here:

* a **document rule set** (``@document_rules("meetings")``) takes one
  :class:`~extractor.model.Document` (with its metadata and parts filled in) and yields
  records;
* a **linker** (``@linker("indicators")``) runs once after every document, with all records,
  and returns new or updated records (canonical indicators, activity → mission links).

A rule set that raises is reported as an ``E020`` error for that document and the others go
on, so one bad page never costs the rest of the build.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable, Iterable

from extractor.model import Document
from kernel.errors import PlansError
from rules.records import ErrorRecord, Record

log = logging.getLogger(__name__)

DocumentRules = Callable[[Document], Iterable[Record]]
Linker = Callable[[list[Record]], Iterable[Record]]

DOCUMENT_RULES: dict[str, DocumentRules] = {}
LINKERS: dict[str, Linker] = {}

# Modules that register rule sets; imported on first use so the registry is complete.
RULE_MODULES = ("rules.meetings", "rules.plans", "rules.activities", "rules.indicators", "rules.decision_checks", "graph.build")


def document_rules(name: str) -> Callable[[DocumentRules], DocumentRules]:
    def register(fn: DocumentRules) -> DocumentRules:
        DOCUMENT_RULES[name] = fn
        return fn

    return register


def linker(name: str) -> Callable[[Linker], Linker]:
    def register(fn: Linker) -> Linker:
        LINKERS[name] = fn
        return fn

    return register


IMPORT_ERRORS: dict[str, str] = {}  # rule modules that failed to import, with why


def load_rule_modules() -> None:
    """Import the rule modules. One that fails to import is reported, not fatal: the other
    rule sets still run, and apply_rules turns the failure into an E020 error row."""
    for module in RULE_MODULES:
        if module in IMPORT_ERRORS:
            continue
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                IMPORT_ERRORS[module] = f"{type(exc).__name__}: {exc}"
        except Exception as exc:
            IMPORT_ERRORS[module] = f"{type(exc).__name__}: {exc}"


def apply_rules(document: Document) -> list[Record]:
    """Every document rule set on one document; failures become error records."""
    load_rule_modules()
    records: list[Record] = []
    for module, why in IMPORT_ERRORS.items():
        err = PlansError("E020", f"{module} did not import: {why}", file=document.file)
        records.append(ErrorRecord(document_id=document.id, page=None, rule=f"engine.{module}", file=document.file,
                                   stage="rules", code=err.code, message=err.message))
    for name, rules in DOCUMENT_RULES.items():
        try:
            records.extend(rules(document))
        except Exception as exc:  # a broken rule must not lose the document's other records
            log.debug("rule set %s failed on %s\n%s", name, document.file, traceback.format_exc())
            err = PlansError("E020", f"{name}: {type(exc).__name__}: {exc}", file=document.file)
            records.append(
                ErrorRecord(document_id=document.id, page=None, rule=f"engine.{name}", file=document.file,
                            stage="rules", code=err.code, message=err.message)
            )
    return records


def link(records: list[Record]) -> list[Record]:
    """Run the linkers over all records; each returns the records to add or replace (by id)."""
    load_rule_modules()
    by_id = {r.id: r for r in records}
    order = [r.id for r in records]
    for name, fn in LINKERS.items():
        try:
            for record in fn(list(by_id.values())):
                if record.id not in by_id:
                    order.append(record.id)
                by_id[record.id] = record
        except Exception as exc:
            err = PlansError("E020", f"linker {name}: {type(exc).__name__}: {exc}")
            rec = ErrorRecord(document_id="", page=None, rule=f"engine.{name}", file="", stage="link",
                              code=err.code, message=err.message)
            by_id[rec.id] = rec
            order.append(rec.id)
    return [by_id[i] for i in order]
