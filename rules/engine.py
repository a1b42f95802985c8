"""The rule engine: reads a document's genre, metadata and parts, applies the rule sets that
read its genre, then links records across documents.

:func:`records_of` is the one owner of "document → records": ``plans build`` (in each worker)
and ``plans explain`` both call it, so what ``explain`` shows is what ``build`` publishes. It
runs three steps, each with one entry point:

* :func:`read` turns an extracted :class:`~extractor.model.Document` and its manifest entry
  into a :class:`~rules.reading.Reading`: genre (``rules/genres.py``), metadata
  (``rules/documents.py``) and parts (``rules/parts.py``);
* :func:`apply_rules` runs every *rule set* — a pack file naming a registered layout family
  (``rules/registry.py``) — that :func:`reads` the document (its declared genres include the
  document's, or it reads decisions anywhere and the document has decision cues), in
  dependency order (``after:``), each seeing the records of the ones before it;
* :func:`link` runs the cross-document linkers once, with every record (``build`` only: it
  needs every document).

A rule set that raises is reported as an ``E020`` error for that document and the others go
on, so one bad page never costs the rest of the build.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import traceback
from dataclasses import dataclass
from pathlib import Path

from extractor.model import Document
from extractor.reader import page_errors
from kernel.errors import PlansError
from rules.documents import document_metadata
from rules.genres import GENRES, classify, with_plan_period
from rules.packs import load_pack, pack_names, skipped_files
from rules.parts import split_parts
from rules.reading import Reading
from rules.records import DocumentRecord, ErrorRecord, PageRecord, PartRecord, Record, bbox_text
from rules.registry import FAMILIES, IMPORT_ERRORS, Family, RuleSetPack, linker, linkers_in_order, load_families

log = logging.getLogger(__name__)

__all__ = ["RuleSet", "apply_rules", "document_records", "link", "linker", "pack_errors", "pipeline_error", "prepare",
           "read", "readers", "reads", "records_of", "rule_sets", "run_rule_set"]


@dataclass(frozen=True)
class RuleSet:
    """A pack that fills a family: its name, the family, the genres it reads, its words."""

    name: str
    family: Family
    pack: RuleSetPack

    @property
    def genres(self) -> list[str]:
        return self.pack.genres


PACK_ERRORS: list[PlansError] = []  # rule sets left out (their pack does not validate), see pack_errors()


def _rule_set(name: str, family_name: str) -> RuleSet:
    fam = FAMILIES.get(family_name)
    if fam is None:
        known = ", ".join(sorted(FAMILIES)) or "none"
        raise PlansError("E030", f"pack {name!r} names family {family_name!r}, which is not registered "
                                 f"(registered: {known})")
    pack = load_pack(name, fam.params)
    unknown = sorted(set(pack.genres) - set(GENRES))
    if unknown:
        raise PlansError("E030", f"pack {name!r} reads unknown genre(s) {unknown}; known: {', '.join(GENRES)}")
    return RuleSet(name=name, family=fam, pack=pack)


@functools.cache
def rule_sets() -> tuple[RuleSet, ...]:
    """Every rule set in ``rules/packs/``, ordered so each runs after the ones it reads. A pack
    that does not validate is left out (and reported once by the build, :func:`pack_errors`):
    the other rule sets still read."""
    load_families()
    PACK_ERRORS.clear()
    found: dict[str, RuleSet] = {}
    for name, family_name in pack_names().items():
        if not family_name:
            continue  # a helper pack (dates, periods, lineage ...), not a rule set
        try:
            found[name] = _rule_set(name, family_name)
        except PlansError as err:
            PACK_ERRORS.append(err)
    ordered: list[RuleSet] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(rs.name == name for rs in ordered):
            return
        if name in visiting:
            raise PlansError("E030", f"rule sets wait on each other: {name!r} is in a cycle of 'after:'")
        visiting.add(name)
        for before in found[name].pack.after:
            if before in found:
                visit(before)
        visiting.discard(name)
        ordered.append(found[name])

    for name in sorted(found):
        visit(name)
    return tuple(ordered)


def read(document: Document, manifest: dict | None = None) -> Reading:
    """What the rules know of a document before reading its records: genre, metadata, parts.
    A manifest entry that names a known ``genre`` is taken as given."""
    genre = with_plan_period(classify(document), (manifest or {}).get("plan_period"))
    if manifest and manifest.get("genre") in GENRES:
        genre = genre.model_copy(update={"name": manifest["genre"], "runner_up": genre.name,
                                         "runner_up_score": genre.score, "source": "manifest"})
    reading = Reading(document=document, genre=genre, manifest=manifest)
    reading.meta = document_metadata(reading, manifest)
    reading.parts = split_parts(reading)
    return reading


def pack_errors() -> list[ErrorRecord]:
    """One row per rule pack that is left out (a rule set whose pack does not validate) or
    pack file left out of its pack (bad YAML, or a council's extension that spoils the pack):
    rows of the whole build, not of any document, so the build adds them once."""
    try:
        rule_sets()
        errors = list(PACK_ERRORS)
    except PlansError as err:  # rule sets that wait on each other: none reads
        errors = [err]
    return [ErrorRecord(document_id="", page=None, rule="engine.packs", file=err.file or "rules/packs",
                        stage="rules", code=err.code, message=err.message)
            for err in [*errors, *skipped_files()]]


def reads(rule_set: RuleSet, reading: Reading) -> bool:
    """Whether a rule set reads a document: the document's genre is one it declares, or the
    rule set reads decisions anywhere (``decisions_anywhere: true``) and the document prints
    local-government and decision cues whatever genre won — for decisions the genre is a
    prior on each decision's confidence, not a gate that drops the document."""
    return reading.genre.name in rule_set.genres or (rule_set.pack.decisions_anywhere
                                                     and reading.genre.reads_decisions)


def readers(reading: Reading) -> tuple[RuleSet, ...]:
    """The rule sets that read a document, in the order they run (:func:`reads` decides). The
    build's cache keys the document on these rule sets' packs, and on every rule-set pack's
    ``RuleSetPack`` fields (``genres`` ...), which decide who reads what."""
    return tuple(rs for rs in rule_sets() if reads(rs, reading))


def apply_rules(reading: Reading) -> list[Record]:
    """Every rule set that reads the document's genre; failures become error records."""
    records: list[Record] = []
    for module, why in IMPORT_ERRORS.items():
        records.append(_error(reading, f"engine.{module}", PlansError("E020", f"{module} did not import: {why}",
                                                                      file=reading.file)))
    try:
        rule_sets()
    except PlansError as err:
        return [*records, _error(reading, "engine.packs", err)]
    for rule_set in readers(reading):
        try:
            made = list(rule_set.family.read(reading, rule_set.pack))
        except Exception as exc:  # a broken rule must not lose the document's other records
            log.debug("rule set %s failed on %s\n%s", rule_set.name, reading.file, traceback.format_exc())
            err = PlansError("E020", f"{rule_set.name} ({rule_set.family.name}): {type(exc).__name__}: {exc}",
                             file=reading.file)
            records.append(_error(reading, f"engine.{rule_set.name}", err))
            continue
        for record in made:
            if record.family is None:
                record.family = rule_set.family.name
        reading.records.extend(made)
        records.extend(made)
    _meeting_from_records(reading)
    return records


# The meeting a document records, in the order a meeting record says it best: the agenda's
# own header, the minutes' heading, then a decision's meeting (or its maker and date).
_MEETING_KINDS = ("agenda", "minutes", "decisions")


def _meeting_from_records(reading: Reading) -> None:
    """A meeting record's body and date are the document's when its pages named none: the
    minutes family reads the meeting's own date from its heading ("Minutes of ... held on"),
    never the date of the minutes it approves."""
    if reading.meta.source == "manifest":
        return
    from rules.meetings.records import MeetingRecord

    meetings = sorted((m for m in reading.records_of(MeetingRecord) if m.kind in _MEETING_KINDS and m.date),
                      key=lambda m: (_MEETING_KINDS.index(m.kind), m.page or 0))
    if meetings:
        first = meetings[0]
        reading.meta.meeting_date = first.date
        reading.meta.body = first.body or reading.meta.body


def prepare(document: Document, manifest: dict | None) -> tuple[Reading, list[ErrorRecord]]:
    """The rules' reading of a document (genre, metadata, parts), and any errors about its
    manifest entry (a manifest whose checksum differs is not believed)."""
    errors = []
    if manifest is not None and manifest.get("sha256") and manifest["sha256"] != document.sha256:
        err = PlansError("E010", f"manifest {manifest['sha256'][:12]}…, file {document.sha256[:12]}…", file=document.file)
        errors.append(pipeline_error(document.file, "corpus", err))
        manifest = None
    return read(document, manifest), errors


def document_records(reading: Reading) -> list[Record]:
    """The rows every document gets whatever rules apply: itself, its pages and its parts."""
    meta, genre, document = reading.meta, reading.genre, reading.document
    records: list[Record] = [
        DocumentRecord(
            document_id=document.id, page=1, rule="documents.meta.v1", file=document.file, title=meta.title,
            council=meta.council, publisher=meta.publisher or meta.council, body=meta.body,
            meeting_date=meta.meeting_date, genre=genre.name, genre_score=genre.score,
            genre_runner_up=genre.runner_up, genre_runner_up_score=genre.runner_up_score, genre_source=genre.source,
            document_type=meta.document_type,
            plan_period=meta.plan_period, pages=document.page_count, sha256=document.sha256,
            source_url=meta.source_url, metadata_source=meta.source, council_source=meta.council_source,
            council_id=reading.council.id, council_match=reading.council.matched_by,
        )
    ]
    parts = [
        PartRecord(document_id=document.id, page=p.page_start, rule=p.rule, kind=p.kind, title=p.title,
                   page_start=p.page_start, page_end=p.page_end, position=i, agenda_number=p.agenda_number)
        for i, p in enumerate(reading.parts, start=1)
    ]
    records += parts
    for page in document.pages:
        part = next((p for p in parts if p.page_start <= page.number <= p.page_end), None)
        records.append(
            PageRecord(document_id=document.id, page=page.number, rule="extractor.page_text.v1",
                       bbox=bbox_text((0, 0, page.width, page.height)), text=page.text,
                       furniture="\n".join(line.text for line in page.furniture), part_id=part.id if part else None)
        )
    return records


def records_of(document: Document, manifest: dict | None = None) -> tuple[Reading, list[Record]]:
    """Every record one document gives, as ``plans build`` publishes it (before linking): the
    manifest's errors, the document, its parts and pages, what the rule sets read, and an
    E007 or E017 for pages it could not fully read (garbled fonts, too many rulings). With the reading they were made from (genre,
    metadata, parts). ``plans build`` and ``plans explain`` both call this."""
    reading, errors = prepare(document, manifest)
    made = apply_rules(reading)  # first: what it reads of the meeting settles the metadata
    records = [*errors, *document_records(reading), *made]
    records += [pipeline_error(document.file, "extract", err) for err in page_errors(document)]
    return reading, records


def pipeline_error(file: str, stage: str, err: PlansError) -> ErrorRecord:
    """The errors row of a failure outside any rule (reading the corpus, extracting a PDF)."""
    return ErrorRecord(document_id=Path(file).stem, page=err.page, rule=f"pipeline.{stage}.v1", file=file,
                       stage=stage, code=err.code, message=err.message)


def run_rule_set(reading: Reading, name: str) -> list[Record]:
    """One rule set's records on one reading, whatever the reading's genre (the rule sets it
    reads run first, on a copy): what tests call to see a single pack at work."""
    sets = {rs.name: rs for rs in rule_sets()}
    if name not in sets:
        raise KeyError(f"no rule set named {name!r}; known: {', '.join(sets)}")
    scratch = dataclasses.replace(reading, records=[])

    def run(rule_set: RuleSet) -> list[Record]:
        for before in rule_set.pack.after:
            if before in sets and not any(r.family == sets[before].family.name for r in scratch.records):
                run(sets[before])
        made = list(rule_set.family.read(scratch, rule_set.pack))
        for record in made:
            record.family = record.family or rule_set.family.name
        scratch.records.extend(made)
        return made

    return run(sets[name])


def link(records: list[Record]) -> list[Record]:
    """Run the linkers over all records; each returns the records to add or replace (by table
    and id: a council's slug may be a document's id too)."""
    load_families()
    by_id = {(r.table, r.id): r for r in records}
    order = list(dict.fromkeys((r.table, r.id) for r in records))
    for name, fn in linkers_in_order():
        try:
            for record in fn(list(by_id.values())):
                key = (record.table, record.id)
                if key not in by_id:
                    order.append(key)
                by_id[key] = record
        except Exception as exc:
            err = PlansError("E020", f"linker {name}: {type(exc).__name__}: {exc}")
            rec = ErrorRecord(document_id="", page=None, rule=f"engine.{name}", file="", stage="link",
                              code=err.code, message=err.message)
            by_id[(rec.table, rec.id)] = rec
            order.append((rec.table, rec.id))
    return [by_id[k] for k in order]


def _error(reading: Reading, rule: str, err: PlansError) -> ErrorRecord:
    return ErrorRecord(document_id=reading.id, page=err.page, rule=rule, file=reading.file, stage="rules",
                       code=err.code, message=err.message)
