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
made manifest) are kept as they are. The file is rewritten after every document (temporary
file, then rename), so a run stopped at any point loses at most the download in flight.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kernel.errors import PlansError

MANIFEST = "manifest.json"


class Manifest:
    def __init__(self, corpus: Path, entries: list[dict[str, Any]]):
        self.corpus = corpus
        self.entries = entries
        self._by_url = {e["source_url"]: e for e in entries if e.get("source_url")}
        self._by_file = {e["file"]: e for e in entries}

    @classmethod
    def load(cls, corpus: str | Path) -> Manifest:
        corpus = Path(corpus)
        path = corpus / MANIFEST
        if not path.exists():
            return cls(corpus, [])
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PlansError("E011", str(exc), file=str(path)) from exc
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("file") for e in entries):
            raise PlansError("E011", "expected a list of objects with 'file'", file=str(path))
        return cls(corpus, entries)

    def by_url(self, url: str) -> dict[str, Any] | None:
        return self._by_url.get(url)

    def free_name(self, stem: str, suffix: str, owner_url: str, extra: str) -> str:
        """``stem + suffix`` unless another document (in the manifest or on disk) has it,
        then ``stem-<extra> + suffix``, then numbered."""
        candidates = [f"{stem}{suffix}", f"{stem}-{extra}{suffix}"]
        candidates += [f"{stem}-{extra}-{n}{suffix}" for n in range(2, 100)]
        for name in candidates:
            owner = self._by_file.get(name)
            if owner is not None and owner.get("source_url") == owner_url:
                return name
            if owner is None and not (self.corpus / name).exists():
                return name
        raise PlansError("E040", f"no free file name for {stem}{suffix} in {self.corpus}")

    def put(self, entry: dict[str, Any]) -> None:
        """Add or replace the entry for ``entry['source_url']``."""
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
        self.corpus.mkdir(parents=True, exist_ok=True)
        write_json(self.corpus / MANIFEST, self.entries)


def write_json(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename (never half-written)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
