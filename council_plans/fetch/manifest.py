"""The corpus manifest as the fetcher keeps it: the single record of what was fetched.

``corpus/manifest.json`` is the list of objects the build already reads (``file``, ``title``,
``body``, ``meeting_date``, ``document_type``, ``source_url``, ``sha256`` ...). A fetched
document's entry adds a ``moderngov`` block::

    "moderngov": {"site": "https://cms.wiltshire.gov.uk/", "committee_id": 141,
                  "meeting_id": 10753, "item_id": 51234, "item_number": "74",
                  "item_title": "Business Plan", "attachment_id": 98765,
                  "document_title": "Report", "publication_date": "2017-06-12",
                  "meeting_url": ".../ieListDocuments.aspx?CId=141&MId=10753",
                  "minutes_file": "2017-06-20-cabinet.minutes.json",
                  "etag": "\\"abc\\"", "last_modified": "...", "bytes": 123456,
                  "fetched": "2024-05-01T06:00:00+00:00", "via": "service"}

Entries are matched to documents by ``source_url``. Entries the fetcher did not write (a hand-
made manifest) are kept as they are.

Writing it: rewriting the whole file after every document costs time in proportion to the
entries already there (6,529 documents slowed a run from 40 to 3 documents a second). So
each new or changed entry is appended as one line to the journal ``.manifest.journal.jsonl``
(constant cost), and ``manifest.json`` is rewritten — temporary file, then rename, never
half-written — every ``SAVE_EVERY`` entries (or a tenth of the manifest, if more), every
``SAVE_SECONDS`` and at the end of the run, after which the journal is removed. A run stopped at any point leaves a valid
``manifest.json`` and a journal with the entries since; the next run folds them in (a line
cut off by the stop is skipped: its document is then found on disk by its name and bytes).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from kernel.errors import PlansError

MANIFEST = "manifest.json"
JOURNAL = ".manifest.journal.jsonl"
SAVE_EVERY = 100  # entries
SAVE_SECONDS = 60.0


class Manifest:
    def __init__(self, corpus: Path, entries: list[dict[str, Any]], *, save_every: int = SAVE_EVERY,
                 save_seconds: float = SAVE_SECONDS):
        self.corpus = corpus
        self.entries = entries
        self._by_url = {e["source_url"]: e for e in entries if e.get("source_url")}
        self._by_file = {e["file"]: e for e in entries}
        self.save_every = save_every
        self.save_seconds = save_seconds
        self.unsaved = 0  # entries in the journal, not yet in manifest.json
        self.writes = 0  # times manifest.json was written in full
        self._saved_at = time.monotonic()

    @classmethod
    def load(cls, corpus: str | Path, **options: Any) -> Manifest:
        """The manifest, with the journal of a run that stopped part-way folded in (and
        written, so the journal can go)."""
        corpus = Path(corpus)
        path = corpus / MANIFEST
        entries: list[dict[str, Any]] = []
        if path.exists():
            try:
                entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise PlansError("E011", str(exc), file=str(path)) from exc
            if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("file") for e in entries):
                raise PlansError("E011", "expected a list of objects with 'file'", file=str(path))
        manifest = cls(corpus, entries, **options)
        journaled = manifest._read_journal()
        for entry in journaled:
            manifest._apply(entry)
        if journaled or (corpus / JOURNAL).exists():
            manifest.save()
        return manifest

    def _read_journal(self) -> list[dict[str, Any]]:
        try:
            lines = (self.corpus / JOURNAL).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
        out = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # the line a stopped run was writing
            if isinstance(entry, dict) and isinstance(entry.get("file"), str) and isinstance(entry.get("source_url"), str):
                out.append(entry)
        return out

    def by_url(self, url: str) -> dict[str, Any] | None:
        return self._by_url.get(url)

    def free_name(self, stem: str, suffix: str, owner_url: str, extra: str) -> str:
        """``stem + suffix`` unless another document (in the manifest or on disk) has it,
        then ``stem-<extra> + suffix``, then numbered."""
        for name in _candidates(stem, suffix, extra):
            owner = self._by_file.get(name)
            if owner is not None and owner.get("source_url") == owner_url:
                return name
            if owner is None and not (self.corpus / name).exists():
                return name
        raise PlansError("E040", f"no free file name for {stem}{suffix} in {self.corpus}")

    def unclaimed(self, stem: str, suffix: str, extra: str) -> list[Path]:
        """Files on disk under the names :meth:`free_name` would try that no entry claims: a
        run stopped between renaming a document into place and recording it leaves one, to be
        recognised by its bytes rather than downloaded again under the next name."""
        found = []
        for name in _candidates(stem, suffix, extra):
            if name in self._by_file:
                continue
            if not (self.corpus / name).is_file():
                break  # the first free name: a run writes no further down the list
            found.append(self.corpus / name)
        return found

    def owner(self, name: str) -> dict[str, Any] | None:
        """The entry whose ``file`` is ``name``."""
        return self._by_file.get(name)

    def put(self, entry: dict[str, Any]) -> None:
        """Add or replace the entry for ``entry['source_url']``: journaled at once, written
        to manifest.json with the next batch."""
        self._apply(entry)
        self.corpus.mkdir(parents=True, exist_ok=True)
        with (self.corpus / JOURNAL).open("a", encoding="utf-8") as journal:
            journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.unsaved += 1
        # A batch grows with the manifest (a tenth of it), so the rewrites of a whole run cost
        # time in proportion to its size, not to its square.
        batch = max(self.save_every, len(self.entries) // 10)
        if self.unsaved >= batch or time.monotonic() - self._saved_at >= self.save_seconds:
            self.save()

    def _apply(self, entry: dict[str, Any]) -> None:
        old = self._by_url.get(entry["source_url"])
        if old is not None:
            self._by_file.pop(old["file"], None)
            old.clear()
            old.update(entry)
            entry = old
        else:
            self.entries.append(entry)
            self._by_url[entry["source_url"]] = entry
        self._by_file[entry["file"]] = entry

    def save(self) -> None:
        """Write manifest.json in full, then drop the journal it now holds."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        write_json(self.corpus / MANIFEST, self.entries)
        (self.corpus / JOURNAL).unlink(missing_ok=True)
        self.unsaved = 0
        self.writes += 1
        self._saved_at = time.monotonic()

    def flush(self) -> None:
        """Write what the journal holds (the end of a run)."""
        if self.unsaved:
            self.save()


def _candidates(stem: str, suffix: str, extra: str) -> list[str]:
    return [f"{stem}{suffix}", f"{stem}-{extra}{suffix}"] + [f"{stem}-{extra}-{n}{suffix}" for n in range(2, 100)]


def write_json(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename (never half-written)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
