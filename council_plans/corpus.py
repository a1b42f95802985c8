"""The corpus: a folder of PDFs, optionally with a ``manifest.json`` describing them.

The manifest is a JSON list of objects, each with at least ``file``. A plain folder of PDFs
with no manifest is a valid corpus. Loading checks what can be checked without a PDF
library, and reports each problem with its catalogue code:

* a manifest that is not valid JSON, not a list, or not a file (E011: the manifest is
  ignored); an entry that is not an object, names no file, names a file outside the folder
  (``../x.pdf``, ``/etc/x.pdf``) or has a field of the wrong type (E011, one per entry, naming
  the entry and the field: that entry is ignored, and its PDF is built as if it had none).
  Entries are checked by a pydantic model (:class:`ManifestEntry`);
* a manifest entry whose file is not in the folder (E013);
* a manifest entry whose ``sha256`` differs from the file's (E010): the file is still built,
  but its metadata is read off its pages rather than trusted from the manifest;
* a file with the same bytes (sha256) as another under another name (E012): it is built
  once, under the name the manifest describes (or else the first name in sorted order), and
  the copy is reported. Counting it twice would double every record it holds;
* a file whose name is not valid UTF-8 (E015): it is built under its display name
  (:mod:`kernel.names`), which is what the database holds and the site links to.

Documents fetched by ``plans fetch`` carry a ``moderngov`` block (site, committee, meeting and
item ids, validators); its ``minutes_file`` names the ``<meeting>.minutes.json`` beside the
PDFs holding the minutes text the ModernGov web service returned for the meeting. The loader
reads that file into the block as ``minutes``, so the build sees it as manifest metadata.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from kernel.errors import PlansError
from kernel.names import display_name, is_utf8

MANIFEST = "manifest.json"


def _plain_name(value: str | None) -> str | None:
    """A file name inside the corpus folder: no folder part, not absolute, not ``..``."""
    if value is None:
        return value
    if (not value or "\0" in value or value in (".", "..") or PurePosixPath(value).name != value
            or PureWindowsPath(value).name != value):
        raise ValueError(f"{value!r} is not a file name in the corpus folder (no folders, no '..', "
                         "not an absolute path)")
    return value


class ModernGovBlock(BaseModel):
    """What ``plans fetch`` records of a fetched document; only ``minutes_file`` is opened."""

    model_config = ConfigDict(extra="allow")

    minutes_file: str | None = None

    @field_validator("minutes_file")
    @classmethod
    def _in_the_folder(cls, value: str | None) -> str | None:
        return _plain_name(value)


class ManifestEntry(BaseModel):
    """One object of ``manifest.json``: the fields the build reads, with their types. Other
    keys are kept as they are (notes, what the fetcher records)."""

    model_config = ConfigDict(extra="allow")

    file: str
    title: str | None = None
    publisher: str | None = None
    council: str | None = None
    body: str | None = None
    meeting_date: str | None = None
    document_type: str | None = None
    genre: str | None = None
    plan_period: str | None = None
    source_url: str | None = None
    sha256: str | None = None
    pages: int | None = None
    note: str | None = None
    moderngov: ModernGovBlock | None = None

    @field_validator("file")
    @classmethod
    def _in_the_folder(cls, value: str) -> str:
        return _plain_name(value) or ""


@dataclass
class CorpusFile:
    path: Path  # to open the file: its real name, even when that is not valid UTF-8
    manifest: dict[str, Any] | None = None
    sha256: str = ""  # of the file's bytes; "" when it could not be read
    copies: list[str] = field(default_factory=list)  # other names of the same bytes, not built
    name: str = ""  # the name the database and the site know it by (kernel.names.display_name)

    def __post_init__(self) -> None:
        self.name = self.name or display_name(self.path.name)


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
    manifest = read_manifest(directory, errors)
    errors += _attach_minutes(directory, manifest)
    paths = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    by_name = _names(paths, errors)
    for name in manifest:
        if name in by_name:
            continue
        if (directory / name).is_file():  # named by the manifest with another extension: still a document
            by_name[name] = directory / name
        else:
            errors.append(PlansError("E013", "listed in manifest.json", file=name))
    files = [CorpusFile(path=p, manifest=manifest.get(name), name=name) for name, p in by_name.items()]
    for item in files:
        item.sha256 = _sha256(item.path, hashes)
        expected = (item.manifest or {}).get("sha256")
        if expected and item.sha256 and expected.lower() != item.sha256:
            errors.append(PlansError("E010", f"manifest {expected[:12]}…, file {item.sha256[:12]}…", file=item.name))
            item.manifest = None  # not this file's metadata
    return Corpus(directory=directory, files=_without_copies(files, errors), errors=errors)


def _names(paths: list[Path], errors: list[PlansError]) -> dict[str, Path]:
    """Each PDF under the name the database will know it by. A name that is not valid UTF-8
    is shown as its display name (E015), unless another file already has that name."""
    by_name = {p.name: p for p in paths if is_utf8(p.name)}
    for path in paths:
        if is_utf8(path.name):
            continue
        shown = display_name(path.name)
        if shown in by_name:
            errors.append(PlansError("E015", f"its name's bytes are {os.fsencode(path.name)!r}, which read as the "
                                             "name of another file: not built; rename it", file=shown))
            continue
        by_name[shown] = path
        errors.append(PlansError("E015", f"its name's bytes are {os.fsencode(path.name)!r}; built under this name",
                                 file=shown))
    return dict(sorted(by_name.items()))


def find_file(directory: str | Path, name: str) -> Path | None:
    """The file of the corpus folder the database knows as ``name`` (its display name): what
    the site serves for ``/corpus/<name>``, whether or not its real name is valid UTF-8."""
    directory = Path(directory)
    try:
        _plain_name(name)
    except ValueError:
        return None
    direct = directory / name
    if direct.is_file():
        return direct
    try:
        return next((p for p in directory.iterdir() if not is_utf8(p.name) and display_name(p.name) == name
                     and p.is_file()), None)
    except OSError:
        return None


def read_manifest(directory: Path, errors: list[PlansError]) -> dict[str, dict[str, Any]]:
    """The valid entries of ``directory/manifest.json`` by file name; every problem is added to
    ``errors`` as an E011 naming the entry and the field, and that entry is left out."""
    path = directory / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        if not path.is_file():
            raise ValueError("it is not a file (a folder?)")
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        errors.append(PlansError("E011", f"{type(exc).__name__}: {exc}" if isinstance(exc, OSError) else str(exc),
                                 file=MANIFEST))
        return {}
    if not isinstance(entries, list):
        errors.append(PlansError("E011", f"expected a list of objects, found {_kind(entries)}", file=MANIFEST))
        return {}
    found: dict[str, dict[str, Any]] = {}
    where: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        problem = _entry_problem(entry)
        label = f"entry {number}" + (f" ({entry['file']!r})" if isinstance(entry, dict)
                                     and isinstance(entry.get("file"), str) else "")
        if problem:
            errors.append(PlansError("E011", f"{label}: {problem}", file=MANIFEST))
            continue
        name = entry["file"]
        if name in found:
            errors.append(PlansError("E011", f"{label}: names the same file as entry {where[name]}; this one is used",
                                     file=MANIFEST))
        found[name], where[name] = entry, number
    return found


def _entry_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return f"expected an object with 'file', found {_kind(entry)}"
    try:
        ManifestEntry.model_validate(entry)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'entry'}: {_message(e)}" for e in exc.errors())
    return None


def _message(error: dict[str, Any]) -> str:
    text = error["msg"].removeprefix("Value error, ")
    if error["type"] in ("missing", "value_error"):
        return text
    return f"{text} (found {_kind(error.get('input'))})"


def _kind(value: Any) -> str:
    """What a JSON value is, in the words of the manifest's documentation."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    names = {dict: "an object", list: "a list", str: "text", type(None): "null"}
    return names.get(type(value), type(value).__name__)


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
            kept.copies.append(other.name)
            dropped.add(id(other))
            errors.append(PlansError("E012", f"same sha256 as {kept.name}, built once as {kept.name}", file=other.name))
    return [f for f in files if id(f) not in dropped]


def _attach_minutes(directory: Path, manifest: dict[str, dict[str, Any]]) -> list[PlansError]:
    """Load each ``moderngov.minutes_file`` named in the manifest into ``moderngov.minutes``
    (once per file: a meeting's documents share it). Names are plain file names of the
    corpus folder: the manifest's model refuses any other."""
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
