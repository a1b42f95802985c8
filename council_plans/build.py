"""The whole pipeline: corpus → extractor → rules → links → graph → SQLite.

``build(corpus, db)`` is what ``plans build`` runs. Documents are read in parallel worker
processes (pdfminer parsing dominates and is single-threaded); each worker returns plain
records, so a failure in one document becomes an error row and never stops the others.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from council_plans.corpus import CorpusFile, load_corpus
from council_plans.publish import publish
from extractor import extract
from extractor.model import Document
from extractor.reader import sha256_of
from kernel.errors import PlansError
from rules import engine
from rules.reading import Reading
from rules.records import DocumentRecord, ErrorRecord, PageRecord, PartRecord, Record, bbox_text

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    db: Path
    documents: int = 0
    records: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def prepare(document: Document, manifest: dict | None) -> tuple[Reading, list[ErrorRecord]]:
    """The rules' reading of a document (genre, metadata, parts), and any errors about its
    manifest entry (a manifest whose checksum differs is not believed)."""
    errors = []
    if manifest is not None and manifest.get("sha256") and manifest["sha256"] != document.sha256:
        err = PlansError("E010", f"manifest {manifest['sha256'][:12]}…, file {document.sha256[:12]}…", file=document.file)
        errors.append(_error_record(document.file, "corpus", err))
        manifest = None
    return engine.read(document, manifest), errors


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
            source_url=meta.source_url, metadata_source=meta.source,
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


def process_file(item: CorpusFile) -> list[Record]:
    """Everything for one file, in a worker: extract, prepare, apply rules. Never raises."""
    try:
        document = extract(item.path)
    except PlansError as err:
        return [_error_record(item.path.name, "extract", err)]
    except Exception as exc:  # an extractor bug must not stop the build
        err = PlansError("E004", f"{type(exc).__name__}: {exc}", file=item.path.name)
        return [_error_record(item.path.name, "extract", err)]
    reading, errors = prepare(document, item.manifest)
    records = engine.apply_rules(reading)  # first: what it reads of the meeting settles the metadata
    return [*errors, *document_records(reading), *records]


def build(
    corpus: str | Path = "corpus",
    db: str | Path = "plans.db",
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build ``db`` from the PDFs in ``corpus``. The database is replaced only when complete."""
    started = time.perf_counter()
    db = Path(db)
    loaded = load_corpus(corpus)
    records: list[Record] = [_error_record("manifest.json", "corpus", e) for e in loaded.errors]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(loaded.files) or 1))
    if jobs == 1:
        for item in loaded.files:
            records += process_file(item)
            if progress:
                progress(item.path.name)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # Largest files first: they dominate the wall time, so start them before the small ones.
            ordered = sorted(loaded.files, key=lambda f: f.path.stat().st_size, reverse=True)
            futures = {pool.submit(process_file, item): item for item in ordered}
            for future in as_completed(futures):
                records += future.result()
                if progress:
                    progress(futures[future].path.name)
    records = engine.link(records)
    from graph.build import graph_records

    records += graph_records(records)
    counts = publish(records, db)
    errors = [r for r in records if isinstance(r, ErrorRecord)]
    return BuildResult(
        db=db, documents=counts.get("documents", 0), records=len(records), errors=errors,
        seconds=time.perf_counter() - started, counts=counts,
    )


def _error_record(file: str, stage: str, err: PlansError) -> ErrorRecord:
    return ErrorRecord(document_id=Path(file).stem, page=err.page, rule=f"pipeline.{stage}.v1", file=file,
                       stage=stage, code=err.code, message=err.message)


__all__ = ["BuildResult", "build", "document_records", "prepare", "process_file", "sha256_of"]
