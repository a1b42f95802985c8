"""The per-document cache that makes ``plans build`` incremental.

A document's records depend on four things: the bytes of the PDF, the code that reads it, the
rule packs read for it, and the few settings that change what is read (reader, page limit, the
document's manifest entry and its file name, which is its id). A document is parsed again
when, and only when, one of them changes:

* the PDF by its **sha256**, so a file that is touched, copied or renamed back is not read
  again, and an edited one always is;
* the code by :func:`code_version`, a hash over the *source* of every module a document
  passes through (``kernel/``, ``extractor/``, ``rules/`` and ``graph/`` ``.py`` files, and
  ``council_plans/build.py``, where ``process_file`` lives) and the versions of the libraries
  that parse (pdfplumber, pdfminer.six, pypdfium2, spaCy, pydantic). Hashing the source rather
  than trusting rule version ids means no edit of code can be forgotten;
* the rule packs by their **parsed content** (:class:`rules.packs.PackContents`), and only the
  packs read for the document: those of the rule sets that read it, those read for every
  document (genres, documents, parts ...), and the fields that decide which rule sets read
  which documents. A comment or a re-indented line changes no
  document; an edit of the minutes pack re-reads the documents the minutes rules read and no
  other; an edit of a pack only the linkers read (lineage) re-reads none. Cross-document steps
  (linking, the graph, publishing) always rerun from the cached records, so they need no key.

The first and last of these make the entry's key (its file name); the code version is the
folder it lives in; the packs' content is kept in the entry with the rule sets that read the
document, and checked on every load.

**Failures are cached too.** A document that timed out (E009), crashed its worker (E014) or
ran out of memory (E016) is not read again by the next build: it would cost its timeout every
time. Its entry keeps the limits it failed under and the content of every pack (a rule can
hang as well as a PDF): raising ``--timeout`` or ``--max-memory``, changing any code or pack,
or ``--force`` tries it again.

Entries are pickles of the record objects (pickle rather than JSON: it round-trips every
record class exactly and is the fastest to load; a pickle can only be read by the code
that wrote it, and that code is part of the key). They live under ``.plans-cache/`` beside
the database, one folder per code version; folders of other versions are removed after a
successful build so the cache never holds more than one version of the code's output.

A second small file, ``files.json``, remembers the sha256 of each PDF with its size and
modification time, so an unchanged rebuild reads no PDF bytes at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the record classes load with the first entry read, not with this module
    from rules.records import Record

ROOT = Path(__file__).resolve().parent.parent
# What a document passes through on its way to records (see the module docstring).
CODE_FOLDERS = ("kernel", "extractor", "rules", "graph")
CODE_FILES = ("council_plans/build.py",)
# Everything that shapes the database (for the "nothing changed at all" check).
ALL_CODE_FOLDERS = (*CODE_FOLDERS, "council_plans")
LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy", "pydantic")
CACHE_FORMAT = 2  # bump when the layout of an entry changes

_code_versions: dict[tuple[str, ...], str] = {}


def code_version(folders: tuple[str, ...] = CODE_FOLDERS, files: tuple[str, ...] = CODE_FILES) -> str:
    """A hash of the source of everything that turns one PDF into records (or, with
    ``ALL_CODE_FOLDERS``, of everything that shapes the database). Rule packs are not in it:
    their parsed content is checked per document (:class:`rules.packs.PackContents`)."""
    if (folders, files) not in _code_versions:
        digest = hashlib.sha256(f"format {CACHE_FORMAT} python {sys.version_info[:2]}".encode())
        paths = {p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts}
        paths |= {ROOT / f for f in files}
        for path in sorted(paths):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
        for name in LIBRARIES:
            try:
                digest.update(f"{name}=={metadata.version(name)}".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{name} missing".encode())
        _code_versions[(folders, files)] = digest.hexdigest()
    return _code_versions[(folders, files)]


def document_key(sha256: str, file: str, manifest: dict[str, Any] | None, settings: dict[str, Any]) -> str:
    """The cache key of one document: its bytes, name, manifest entry and read settings."""
    payload = json.dumps([sha256, file, manifest, settings], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class Entry:
    """What the cache holds for one document: its records, and what they were read under."""

    records: list[Record]
    readers: list[str] | None = None  # the rule sets that read it; None when the PDF was refused
    packs: str | None = None  # the content of the packs read for it (PackContents.for_readers)
    failure: dict[str, Any] | None = None  # code, and the limits and packs it failed under


class RecordCache:
    """Records per document, stored under ``directory/<code version>/<key>.pickle``."""

    def __init__(self, directory: str | Path, version: str | None = None) -> None:
        self.root = Path(directory)
        self.version = version or code_version()
        self.folder = self.root / self.version[:16]

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> Entry | None:
        path = self.path(key)
        try:
            with path.open("rb") as fh:
                entry = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged or foreign entry is a miss, never an error
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("entry"), Entry):
            return None
        return entry["entry"]

    def store(self, key: str, entry: Entry) -> None:
        """Write an entry atomically (a killed build leaves no half-written entry)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"key": key, "entry": entry}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def prune(self) -> None:
        """Remove the entries of other code versions (and stray temporary files)."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)


class FileHashes:
    """sha256 of files, remembered with their size and modification time in ``files.json``,
    so that an unchanged corpus is not read again to find that it is unchanged."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.known: dict[str, list] = {}
        self.seen: set[str] = set()
        self.changed = False
        if self.path and self.path.exists():
            try:
                self.known = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.known = {}

    def sha256(self, file: Path) -> str:
        stat = file.stat()
        name = str(file.resolve())
        self.seen.add(name)
        seen = self.known.get(name)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        digest = hashlib.sha256()
        with file.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        value = digest.hexdigest()
        self.known[name] = [stat.st_size, stat.st_mtime_ns, value]
        self.changed = True
        return value

    def save(self) -> None:
        """Write the hashes of the files seen this time (forgetting files that have gone)."""
        if not self.path or not (self.changed or set(self.known) != self.seen):
            return
        self.known = {k: v for k, v in self.known.items() if k in self.seen}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.known, fh)
        os.replace(tmp, self.path)


class BuildState:
    """What the last complete build of a database was made from, so that a build with
    nothing changed — the same document keys, corpus errors and code — can stop at once
    instead of linking and publishing the same records again. The database must also be
    the file that build wrote (same size and modification time)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @staticmethod
    def fingerprint(keys: list[str], corpus_errors: list[str], settings: dict[str, Any], packs: str) -> str:
        """``packs``: the parsed content of every pack (a comment-only edit leaves it as it was)."""
        payload = json.dumps([code_version(ALL_CODE_FOLDERS, ()), sorted(keys), sorted(corpus_errors), settings,
                              packs], sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def up_to_date(self, fingerprint: str, db: Path) -> bool:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            stat = db.stat()
        except (OSError, ValueError):
            return False
        return (state.get("fingerprint") == fingerprint and not state.get("retry")
                and state.get("db") == [stat.st_size, stat.st_mtime_ns])

    def save(self, fingerprint: str, db: Path, retry: bool) -> None:
        """``retry``: some documents failed in ways that say nothing of the file (a Dask worker
        was lost): the next build tries them again even if nothing changed."""
        stat = db.stat()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"fingerprint": fingerprint, "db": [stat.st_size, stat.st_mtime_ns], "retry": retry}, fh)
        os.replace(tmp, self.path)

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)
