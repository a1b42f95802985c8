"""The whole pipeline: corpus → extractor → rules → links → graph → SQLite.

``build(corpus, db)`` is what ``plans build`` runs:

1. **corpus**: list the PDFs with their sha256 and manifest entries; report missing,
   mismatched and duplicate files (:mod:`council_plans.corpus`).
2. **documents**: each document's records come from the cache when its key is unchanged
   (:mod:`council_plans.cache`), otherwise from :func:`process_file` — extract, then
   :func:`rules.engine.records_of` — run by an executor (:mod:`council_plans.executors`: forked processes by
   default, or Dask), with a timeout per document. A failure in one document becomes an
   error row and never stops the others.
3. **link, graph, publish**: always rerun, from all documents' records; the database is
   written to a temporary file and swapped in only when complete, so a build that fails, is
   interrupted or killed leaves the previous database as it was.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from council_plans.cache import BuildState, Entry, FileHashes, RecordCache, document_key
from council_plans.corpus import CorpusFile, load_corpus
from council_plans.executors import (
    EXECUTORS,
    BuildInterrupted,
    Task,
    check_stop,
    reset_stop,
    run_dask,
    run_process,
    stop_requested,
)
from extractor.settings import DEFAULT_READER, MAX_PAGES, check_reader
from kernel.errors import PlansError
from rules.packs import PackContents

if TYPE_CHECKING:
    from rules.records import ErrorRecord, Record

# The PDF readers, the rules, the record classes and publishing (pdfplumber, spaCy, pydantic
# models, sqlite-utils: most of a second of a quiet machine) are imported where a build first
# needs them, so a rebuild that finds nothing changed (a comment edited in a pack) loads none
# of them. Kept importable from here as before (tests and bench/ use them):
_LAZY = {"document_records": "rules.engine", "prepare": "rules.engine", "sha256_of": "extractor.reader"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)

log = logging.getLogger(__name__)

CACHE_FOLDER = ".plans-cache"  # beside the database
DEFAULT_TIMEOUT = 600.0  # seconds per document: a 1,000-page pack takes about a minute
# Memory a worker may take beyond what it is forked with (about 320 MB: Python, spaCy, the PDF
# library). The corpus's largest document takes 224 MB; the 1,000-page pack made of the whole
# corpus under 250 MB. A Flate bomb inflates to about 1 GB per MB of file and pdfium needs
# about twice that: a 1 MB bomb (2.2 GB) is stopped.
DEFAULT_MAX_MEMORY = 2048 << 20
# Failures of reading rather than of the file's form: cached with the limits they failed under.
FAILURES = {"E009", "E014", "E016"}


@dataclass
class ReadOptions:
    """The settings that change what is read from a PDF."""

    reader: str = DEFAULT_READER
    password: str | None = None
    max_pages: int = MAX_PAGES

    def cache_settings(self) -> dict:
        """What goes into the cache key. Not the password: it opens a file but does not change
        what is read from it (an E003 kept in the cache is retried when one is given)."""
        return {"reader": self.reader, "max_pages": self.max_pages}


@dataclass
class BuildResult:
    db: Path
    documents: int = 0
    records: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    read: int = 0  # documents parsed by this build
    cached: int = 0  # documents whose records came from the cache
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage
    unchanged: bool = False  # nothing changed since the last build: the database was left as it was
    worker_peak_rss_mb: float = 0.0  # the largest resident size of a document's worker process
    worker_cpu_seconds: float = 0.0  # CPU time of all document workers (process executor)

    @property
    def exit_status(self) -> int:
        """0 when everything was read, 1 when a file, a page or a rule failed (the database
        was still built from the rest)."""
        return 1 if self.errors else 0


class BuildStopped(Exception):
    """``keep_going=False`` and a document failed: the build stops, the database is untouched."""

    def __init__(self, error: ErrorRecord) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass
class Read:
    """What a worker hands back for one document: its records, and the rule sets that read it
    (None when the PDF was refused before any rule read it)."""

    records: list[Record]
    readers: list[str] | None = None


def process_file(item: CorpusFile, options: ReadOptions | None = None) -> Read:
    """Everything for one file, in a worker: extract, then :func:`rules.engine.records_of`.
    Never raises."""
    from extractor import extract
    from rules import engine

    options = options or ReadOptions()
    try:
        document = extract(item.path, reader=options.reader, password=options.password, max_pages=options.max_pages)
    except PlansError as err:
        if _out_of_memory(err):  # pdfplumber's MemoryError under --max-memory, reported as E004
            err = PlansError("E016", f"MemoryError: {err.__cause__}", file=item.name)
        err.file = item.name  # the name the database knows (the real one may not be valid UTF-8)
        return Read([_error_record(item.name, "extract", err)])
    except Exception as exc:  # an extractor bug must not stop the build
        code = "E016" if _out_of_memory(exc) else "E004"
        err = PlansError(code, f"{type(exc).__name__}: {exc}", file=item.name)
        return Read([_error_record(item.name, "extract", err)])
    document.file, document.id = item.name, Path(item.name).stem
    reading, records = engine.records_of(document, item.manifest)
    return Read(records, [rs.name for rs in engine.readers(reading)])


def _out_of_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def build(
    corpus: str | Path = "corpus",
    db: str | Path = "plans.db",
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    reader: str = DEFAULT_READER,
    password: str | None = None,
    max_pages: int = MAX_PAGES,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    executor: str = "process",
    scheduler: str | None = None,
    force: bool = False,
    cache: bool = True,
    keep_going: bool = True,
    planned: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build ``db`` from the PDFs in ``corpus``. The database is replaced only when complete.

    Documents whose cache key is unchanged are not read again (``force`` reads everything;
    ``cache=False`` neither reads nor writes the cache). ``progress(name)`` is called as each
    document is read, after ``planned(to_read, from_cache)``. ``timeout`` (seconds) and
    ``max_memory`` (bytes beyond what a worker is forked with) bound each document; None for
    no limit.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    check_reader(reader)  # an unknown reader fails here, before anything runs
    started = time.perf_counter()
    stages: dict[str, float] = {}
    db = Path(db)
    cache_root = db.parent / CACHE_FOLDER
    hashes = FileHashes(cache_root / "files.json" if cache else None)
    loaded = load_corpus(corpus, hashes)
    records: list[Record] = [_error_record(e.file or "manifest.json", "corpus", e) for e in loaded.errors]
    options = ReadOptions(reader=reader, password=password, max_pages=max_pages)
    limits = {"timeout": timeout, "max_memory": max_memory}
    store = RecordCache(cache_root) if cache else None
    contents = PackContents()
    keys = {item.name: document_key(item.sha256, item.name, item.manifest, options.cache_settings())
            for item in loaded.files}
    state = BuildState(cache_root / f"{db.name}.state.json") if cache else None
    fingerprint = BuildState.fingerprint(list(keys.values()), [e.message for e in loaded.errors],
                                         {**options.cache_settings(), **limits}, contents.everything())
    if state is not None and not force and not password and state.up_to_date(fingerprint, db):
        hashes.save()
        return _unchanged(db, started, len(loaded.files))
    from council_plans.publish import publish
    from rules import engine
    from rules.records import ErrorRecord

    todo: list[CorpusFile] = []
    found_by_file: dict[str, list[Record]] = {}
    for item in loaded.files:
        hit = store.load(keys[item.name]) if store is not None and not force and item.sha256 else None
        if hit is not None and _still_valid(hit, contents, limits, retry_e003=bool(password)):
            found_by_file[item.name] = hit.records
        else:
            todo.append(item)
    cached = len(found_by_file)
    stages["corpus"] = time.perf_counter() - started
    if planned:
        planned(len(todo), cached)

    with _signals_interrupt():
        mark = time.perf_counter()
        warm_up = functools.partial(_warm_up, reader)
        if todo and executor == "process":
            warm_up()
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        tasks = [Task(name=i.name, size=_size(i.path), fn=process_file, args=(i, options), warm_up=warm_up)
                 for i in todo]
        outcomes = (run_dask(tasks, jobs, timeout, scheduler, max_memory) if executor == "dask"
                    else run_process(tasks, jobs, timeout, max_memory))
        retry = False
        try:
            for task, outcome in outcomes:
                item = task.args[0]
                lost = getattr(outcome, "retry", False)  # a Dask worker was lost: nothing to say of the file
                if isinstance(outcome, PlansError):  # timed out, crashed, out of memory
                    outcome = Read([_error_record(task.name, "extract", outcome)])
                retry = retry or lost
                found = outcome.records
                if store is not None and not lost:
                    store.store(keys[task.name], _entry(outcome, contents, limits))
                failed = next((r for r in found if isinstance(r, ErrorRecord)), None)
                if failed is not None and not keep_going:
                    raise BuildStopped(failed)
                found_by_file[task.name] = found
                if progress:
                    progress(item.name)
        finally:
            outcomes.close()  # stops the workers if we leave early
        # In corpus order, whatever order the workers finished in: linking and lineage see
        # the same record order on every build, so their output does not depend on timing.
        for item in loaded.files:
            records += found_by_file.get(item.name, [])
        stages["documents"] = time.perf_counter() - mark

        check_stop()
        mark = time.perf_counter()
        records = engine.link(records)
        _load_packs()  # so that a pack file left out anywhere is known here, where it is reported
        records += engine.pack_errors()
        stages["link"] = time.perf_counter() - mark
        mark = time.perf_counter()
        from graph.build import graph_records

        records += graph_records(records)
        stages["graph"] = time.perf_counter() - mark
        mark = time.perf_counter()
        counts = publish(records, db, before_swap=check_stop)
        stages["publish"] = time.perf_counter() - mark
    errors = [r for r in records if isinstance(r, ErrorRecord)]
    if store is not None:
        store.prune()
    if state is not None:
        state.save(fingerprint, db, retry=retry)
    hashes.save()
    return BuildResult(
        db=db, documents=counts.get("documents", 0), records=len(records), errors=errors,
        seconds=time.perf_counter() - started, counts=counts, read=len(todo), cached=cached, stages=stages,
        worker_peak_rss_mb=max((t.peak_rss_kb for t in tasks), default=0) / 1024,
        worker_cpu_seconds=sum(t.cpu_seconds for t in tasks),
    )


def _entry(read: Read, contents: PackContents, limits: dict) -> Entry:
    """The cache entry of a document's records: with the rule sets that read it and the content
    of the packs read for it, or, for a failure, with the limits and packs it failed under."""
    from rules.records import ErrorRecord

    if read.readers is not None:
        return Entry(read.records, readers=read.readers, packs=contents.for_readers(read.readers))
    failed = next((r.code for r in read.records if isinstance(r, ErrorRecord) and r.code in FAILURES), None)
    if failed is not None:
        return Entry(read.records, failure={"code": failed, **limits, "packs": contents.everything()})
    return Entry(read.records)  # refused by the extractor (not a PDF, encrypted ...): no pack read it


def _still_valid(entry: Entry, contents: PackContents, limits: dict, retry_e003: bool) -> bool:
    """A cache entry still gives the document's records: what it was read under is unchanged."""
    if retry_e003 and any(getattr(r, "code", None) == "E003" for r in entry.records):
        return False  # it needed a password, and one is given now
    if entry.failure is not None:
        # Tried again when the limit it failed under is raised, or any pack changes.
        code, was = entry.failure["code"], entry.failure
        for limit, failed_code in (("timeout", "E009"), ("max_memory", "E016")):
            if code == failed_code and (limits[limit] is None or limits[limit] > (was.get(limit) or 0)):
                return False
        return was.get("packs") == contents.everything()
    if entry.readers is None:
        return True  # refused before any rule read it: no pack matters
    return entry.packs == contents.for_readers(entry.readers)


def _unchanged(db: Path, started: float, files: int) -> BuildResult:
    """The result of a build that found nothing to do, read back from the database."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                  for t in tables if not t.startswith(("sqlite_", "_")) and "_fts" not in t}
        rows = conn.execute("select id, document_id, page, bbox, rule, file, stage, code, message "
                            "from errors").fetchall() if "errors" in tables else []
        if rows:  # the record classes are loaded only to report errors
            from rules.records import ErrorRecord
        errors = [ErrorRecord(**dict(zip(("id", "document_id", "page", "bbox", "rule", "file", "stage", "code",
                                         "message"), row, strict=True))) for row in rows]
    finally:
        conn.close()
    return BuildResult(db=db, documents=counts.get("documents", 0), records=sum(counts.values()), errors=errors,
                       seconds=time.perf_counter() - started, counts=counts, cached=files, unchanged=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _warm_up(reader: str) -> None:
    """Import the reader and run the rules once on a one-line document, in this process,
    before any worker is forked: rule packs, spaCy pipelines and the PDF library are then
    loaded once and shared by every worker (copy-on-write) instead of loaded per document."""
    from extractor.model import Block, Document, Line, Page
    from extractor.reader import reader_module
    from rules import engine
    from rules.engine import prepare

    reader_module(reader)
    engine.rule_sets()  # imports every family and loads every pack
    line = Line(text="Minutes of the meeting", page=1, bbox=(60, 60, 300, 76), size=16, bold=True)
    block = Block(kind="heading", text=line.text, page=1, bbox=line.bbox, level=1, bold=True, size=16, lines=[line])
    document = Document(id="warm-up", file="warm-up.pdf", sha256="0" * 64,
                        pages=[Page(number=1, width=595, height=842, lines=[line], blocks=[block])])
    try:
        reading, _ = prepare(document, None)
        engine.apply_rules(reading)
    except Exception:  # a warm-up is an optimisation: the real documents report real errors
        log.debug("warm-up failed", exc_info=True)
    # Every rule set once more, whatever the genre: each compiles its packs' patterns where it
    # first reads a line (cached properties, the re module's cache). Compiled here they are
    # shared by every worker; compiled in a worker they were thrown away with it, and a worker
    # spent 40 % of its time on the first-sight batches' small PDFs compiling patterns.
    for rule_set in engine.rule_sets():
        try:
            list(rule_set.family.read(reading, rule_set.pack))
        except Exception:
            log.debug("warm-up of %s failed", rule_set.name, exc_info=True)
    _load_packs()


def _load_packs() -> None:
    """Every rule set, and the loaders a one-line document does not reach (a spaCy pipeline
    for people's names takes half a second to build): every cached function of a rule or
    graph module that takes no argument. Quick once loaded."""
    from rules import engine

    engine.rule_sets()
    for module in [m for name, m in list(sys.modules.items()) if name.split(".")[0] in ("rules", "graph")]:
        for value in list(vars(module).values()):
            if callable(value) and hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                try:
                    if not inspect.signature(value).parameters:
                        value()
                except Exception:
                    log.debug("loading %s failed", value, exc_info=True)


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Turn SIGTERM and Ctrl-C into :class:`BuildInterrupted` for the length of the build, so
    that the clean-ups run before the process ends: the executor kills its workers, publish
    removes its temporary file. The signal is also remembered, and checked between stages and
    before the new database is swapped in, should its exception be lost (see
    :mod:`council_plans.executors`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        stop_requested(signum)

    reset_stop()
    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _error_record(file: str, stage: str, err: PlansError) -> ErrorRecord:
    from rules import engine

    return engine.pipeline_error(file, stage, err)


__all__ = ["BuildInterrupted", "BuildResult", "BuildStopped", "ReadOptions", "build", "process_file"]
