"""The corpus: a folder of PDFs, optionally with a ``manifest.json`` describing them.

The manifest is a JSON list of objects, each with at least ``file``; ``sha256`` when given
must match the file (a mismatch is reported and the manifest's metadata is not trusted for
that file). A plain folder of PDFs with no manifest is a valid corpus.

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


@dataclass
class Corpus:
    directory: Path
    files: list[CorpusFile]
    errors: list[PlansError] = field(default_factory=list)


def load_corpus(directory: str | Path) -> Corpus:
    directory = Path(directory)
    if not directory.is_dir():
        raise PlansError("E004", "corpus folder not found", file=str(directory))
    errors: list[PlansError] = []
    manifest: dict[str, dict[str, Any]] = {}
    manifest_path = directory / "manifest.json"
    if manifest_path.exists():
        try:
            entries = json.loads(manifest_path.read_text(encoding="utf-8"))
            if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("file") for e in entries):
                raise ValueError("expected a list of objects with 'file'")
            manifest = {e["file"]: e for e in entries}
        except (ValueError, json.JSONDecodeError) as exc:
            errors.append(PlansError("E011", str(exc), file="manifest.json"))
    errors += _attach_minutes(directory, manifest)
    paths = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    names = {p.name for p in paths}
    # Files the manifest names with another extension are still documents: report them if bad.
    paths += sorted(directory / n for n in manifest if n not in names and (directory / n).is_file())
    files = [CorpusFile(path=p, manifest=manifest.get(p.name)) for p in paths]
    return Corpus(directory=directory, files=files, errors=errors)


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
