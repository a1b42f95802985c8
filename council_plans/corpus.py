"""The corpus: a folder of PDFs, optionally with a ``manifest.json`` describing them.

The manifest is a JSON list of objects, each with at least ``file``; ``sha256`` when given
must match the file (a mismatch is reported and the manifest's metadata is not trusted for
that file). A plain folder of PDFs with no manifest is a valid corpus.
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
    paths = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    names = {p.name for p in paths}
    # Files the manifest names with another extension are still documents: report them if bad.
    paths += sorted(directory / n for n in manifest if n not in names and (directory / n).is_file())
    files = [CorpusFile(path=p, manifest=manifest.get(p.name)) for p in paths]
    return Corpus(directory=directory, files=files, errors=errors)
