"""The corpus: a folder of PDFs, optionally with a ``manifest.json`` describing them.

The manifest is a JSON list of objects, each with at least ``file``. A plain folder of PDFs
with no manifest is a valid corpus. Loading checks what can be checked without a PDF
library, and reports each problem with its catalogue code:

* a manifest that is not valid JSON or not a list of objects with ``file`` (E011);
* a manifest entry whose file is not in the folder (E013);
* a manifest entry whose ``sha256`` differs from the file's (E010): the file is still built,
  but its metadata is read off its pages rather than trusted from the manifest;
* a file with the same bytes (sha256) as another under another name (E012): it is built
  once, under the name the manifest describes (or else the first name in sorted order), and
  the copy is reported. Counting it twice would double every record it holds.

Documents fetched by ``plans fetch`` carry a ``moderngov`` block (site, committee, meeting and
item ids, validators); its ``minutes_file`` names the ``<meeting>.minutes.json`` beside the
PDFs holding the minutes text the ModernGov web service returned for the meeting. The loader
reads that file into the block as ``minutes``, so the build sees it as manifest metadata.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.errors import PlansError


@dataclass
class CorpusFile:
    path: Path
    manifest: dict[str, Any] | None = None
    sha256: str = ""  # of the file's bytes; "" when it could not be read
    copies: list[str] = field(default_factory=list)  # other names of the same bytes, not built


@dataclass
class Corpus:
    directory: Path
    files: list[CorpusFile]
    errors: list[PlansError] = field(default_factory=list)


def load_corpus(directory: str | Path, hashes: Any = None) -> Corpus:
    """The documents of a corpus folder, with their manifest entries and sha256.

    ``hashes`` is a :class:`council_plans.cache.FileHashes` (remembers sha256 by size and
    modification time); without one every file is hashed.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise PlansError("E004", "corpus folder not found", file=str(directory))
    errors: list[PlansError] = []
    manifest = _read_manifest(directory, errors)
    errors += _attach_minutes(directory, manifest)
    paths = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    names = {p.name for p in paths}
    for name in manifest:
        if name in names:
            continue
        if (directory / name).is_file():  # named by the manifest with another extension: still a document
            paths.append(directory / name)
        else:
            errors.append(PlansError("E013", "listed in manifest.json", file=name))
    files = [CorpusFile(path=p, manifest=manifest.get(p.name)) for p in paths]
    for item in files:
        item.sha256 = _sha256(item.path, hashes)
        expected = (item.manifest or {}).get("sha256")
        if expected and item.sha256 and expected.lower() != item.sha256:
            errors.append(PlansError("E010", f"manifest {expected[:12]}…, file {item.sha256[:12]}…", file=item.path.name))
            item.manifest = None  # not this file's metadata
    return Corpus(directory=directory, files=_without_copies(files, errors), errors=errors)


def _read_manifest(directory: Path, errors: list[PlansError]) -> dict[str, dict[str, Any]]:
    manifest_path = directory / "manifest.json"
    if not manifest_path.exists():
        return {}
    try:
        entries = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("file") for e in entries):
            raise ValueError("expected a list of objects with 'file'")
        return {e["file"]: e for e in entries}
    except (ValueError, UnicodeDecodeError) as exc:
        errors.append(PlansError("E011", str(exc), file="manifest.json"))
        return {}


def _sha256(path: Path, hashes: Any) -> str:
    try:
        if hashes is not None:
            return hashes.sha256(path)
        from extractor.reader import sha256_of

        return sha256_of(path)
    except OSError:
        return ""  # unreadable: the extractor reports it


def _without_copies(files: list[CorpusFile], errors: list[PlansError]) -> list[CorpusFile]:
    """One file per distinct content; the others are reported as E012 and dropped."""
    by_hash: dict[str, list[CorpusFile]] = {}
    for item in files:
        if item.sha256 and item.path.stat().st_size > 0:  # empty files are all alike: each is its own error
            by_hash.setdefault(item.sha256, []).append(item)
    dropped: set[int] = set()
    for group in by_hash.values():
        if len(group) < 2:
            continue
        kept = next((f for f in group if f.manifest is not None), group[0])
        for other in group:
            if other is kept:
                continue
            kept.copies.append(other.path.name)
            dropped.add(id(other))
            errors.append(PlansError("E012", f"same sha256 as {kept.path.name}, built once as {kept.path.name}",
                                     file=other.path.name))
    return [f for f in files if id(f) not in dropped]


def _attach_minutes(directory: Path, manifest: dict[str, dict[str, Any]]) -> list[PlansError]:
    """Load each ``moderngov.minutes_file`` named in the manifest into ``moderngov.minutes``
    (once per file: a meeting's documents share it)."""
    loaded: dict[str, Any] = {}
    errors: list[PlansError] = []
    for entry in manifest.values():
        block = entry.get("moderngov")
        name = block.get("minutes_file") if isinstance(block, dict) else None
        if not name:
            continue
        if name not in loaded:
            try:
                data = json.loads((directory / name).read_text(encoding="utf-8"))
                if not isinstance(data, dict) or not isinstance(data.get("items"), list):
                    raise ValueError("expected an object with a list of 'items'")
                loaded[name] = data
            except (OSError, ValueError) as exc:
                loaded[name] = None
                errors.append(PlansError("E044", f"{type(exc).__name__}: {exc}", file=name))
        if loaded[name] is not None:
            block["minutes"] = loaded[name]
    return errors
