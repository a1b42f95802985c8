"""Rule packs: YAML files under ``rules/packs/``, validated by pydantic models on load.

A pack is data: headings, labels, patterns and table layouts with comments saying what they
mean. Code that applies a pack asks for it by name and model::

    pack = load_pack("minutes", MinutesPack)

Every ``*.yaml`` file whose top-level ``pack:`` equals the name is loaded and the packs are
merged, so support for another council's layout is a new file (``minutes-othercouncil.yaml``
with ``pack: minutes``) rather than an edit of code. The built-in file (``minutes.yaml``) is
read first and the others in name order after it: their lists are appended to its lists,
their mappings merged into its mappings, their scalars replace its scalars.

A file that is not valid YAML, has no ``pack:`` name, or makes its pack fail validation when
merged is left out, and only that file: it is reported as ``PlansError E030`` naming the file
and the field (:func:`skipped_files`), and the pack is loaded from its other files, so one
council's broken extension never switches off the built-in rules. A pack whose own first
file does not validate raises E030 (its rule set is then left out; the others still read).

A council's packs can also live outside the project: every folder named in the environment
variable ``PLANS_PACK_PATH`` (separated like ``PATH``) is read after ``rules/packs/``, its
files merged the same way.

**What reads a pack** (:func:`pack_scope`), for the build's cache, which keys each document on
the *parsed content* of the packs read for it — a comment or a re-indented line changes
nothing — so that an edit re-reads only the documents it can change:

* ``genres``, ``documents``, ``parts`` and every other pack that fills no family are read for
  every document (classifying, metadata, parts; helpers such as ``periods``), as are the
  rule-set packs :data:`READ_FOR_EVERY_DOCUMENT` names;
* a rule-set pack (one with ``family:``) is read for the documents its rule set reads (those of
  the genres it declares: :func:`rules.engine.reads`), and its ``genres`` (every field of
  :class:`~rules.registry.RuleSetPack`) for every document, since they decide who reads what;
* the packs :data:`LINKING_PACKS` names are read only by the cross-document linkers, which
  every build runs again: an edit re-reads no document.

``tests/test_incremental.py`` traces which packs reading a document and linking really load,
so these declarations cannot drift from the code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kernel.errors import PlansError

PACK_DIR = Path(__file__).parent / "packs"
PACK_PATH_VARIABLE = "PLANS_PACK_PATH"
M = TypeVar("M", bound=BaseModel)
# libyaml's parser when it is there: the same documents, a tenth of the time (the build parses
# every pack to see whether any changed).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Packs only the cross-document linkers read (graph/: lineage between plan editions, its
# reviews, links from decisions to plans).
LINKING_PACKS = frozenset({"lineage", "lineage_reviews", "plan_links", "threads", "scrutiny"})
# Rule-set packs that reading any document also reads: parts.py finds an agenda's front sheet
# with the agenda pack's forms, whatever the genre.
READ_FOR_EVERY_DOCUMENT = frozenset({"agenda"})

_skipped: dict[str, PlansError] = {}  # pack file → why it was left out


def pack_dirs() -> list[Path]:
    """The folders rule packs are read from: the built-in one, then those of PLANS_PACK_PATH."""
    extra = [Path(p) for p in os.environ.get(PACK_PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    return [PACK_DIR, *extra]


def pack_files(directory: Path | None = None) -> list[Path]:
    """Every pack file that is read, in reading order."""
    dirs = [directory] if directory else pack_dirs()
    return [path for d in dirs for path in sorted(Path(d).glob("*.yaml"))]


def _raw_packs(directory: str | None) -> tuple[tuple[str, dict[str, Any]], ...]:
    return _read_files(tuple(str(p) for p in pack_files(Path(directory) if directory else None)))


@functools.cache
def _read_files(paths: tuple[str, ...]) -> tuple[tuple[str, dict[str, Any]], ...]:
    found = []
    for name in paths:  # load_pack puts each built-in file first
        data = _parse(Path(name))
        if data is not None:
            found.append((name, data))
    return tuple(found)


def _parse(path: Path) -> dict[str, Any] | None:
    """A pack file's content, or None (and the file recorded as skipped) when it is not one."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        _skip(PlansError("E030", f"not valid YAML, left out: {exc}", file=str(path)))
        return None
    if not isinstance(data, dict) or "pack" not in data:
        _skip(PlansError("E030", "a rule pack needs a top-level 'pack:' name; left out", file=str(path)))
        return None
    return data


def _skip(err: PlansError) -> None:
    _skipped.setdefault(err.file or "", err)


def skipped_files(directory: Path | None = None) -> list[PlansError]:
    """The pack files of ``directory`` (default: the folders read now, ``pack_dirs``) left out
    so far: bad YAML, no name, or their pack fails with them."""
    current = {str(path) for path in pack_files(directory)}
    return [err for file, err in _skipped.items() if file in current]


def _merge(files: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for _, data in files:
        for key, value in data.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _files_of(name: str, directory: Path | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The files of pack ``name`` in merging order: the built-in one first, then the others
    in reading order, whatever their names sort as."""
    matching = [(path, data) for path, data in _raw_packs(str(directory) if directory else None)
                if data.get("pack") == name]
    matching.sort(key=lambda item: Path(item[0]).stem != name)
    return matching


def load_pack(name: str, model: type[M], directory: Path | None = None) -> M:
    """Load and merge every pack file named ``name``; lists are concatenated, scalars overridden.
    A file that makes the merged pack fail validation is left out (see the module's docstring)."""
    matching = _files_of(name, directory)
    if not matching:
        raise PlansError("E030", f"no rule pack named {name!r} in {directory or PACK_DIR}")
    try:
        return _validate(name, model, matching)
    except PlansError:
        if len(matching) == 1:
            raise
    # Some file spoils the pack: keep the first (the built-in one), then each other file that
    # still validates with the ones kept, so the rest of the pack keeps reading.
    kept = matching[:1]
    _validate(name, model, kept)  # the built-in file itself is bad: the error says so
    for extra in matching[1:]:
        try:
            _validate(name, model, [*kept, extra])
            kept.append(extra)
        except PlansError as err:
            _skip(PlansError("E030", f"left out of pack {name!r}, which is read without it: {_why(err)}",
                             file=extra[0]))
    return _validate(name, model, kept)


def _validate(name: str, model: type[M], files: list[tuple[str, dict[str, Any]]]) -> M:
    try:
        return model.model_validate(_merge(files))
    except (ValidationError, re.error, ValueError, TypeError) as exc:  # a bad regex raises re.error
        raise PlansError("E030", f"pack {name!r} ({', '.join(path for path, _ in files)}): {exc}") from exc


def _why(err: PlansError) -> str:
    """What is wrong with a pack, in a line: the field (pydantic says), or the pattern that
    does not compile (a validator's re.error names no field)."""
    cause = err.__cause__
    if isinstance(cause, re.error):
        return f"the regular expression {cause.pattern!r} does not compile: {cause.msg}"
    return str(cause) if cause is not None else err.detail


def pack_names(directory: Path | None = None) -> dict[str, str]:
    """Every pack name in the directory, with the family it fills ("" for a helper pack that
    fills none: dates, periods, lineage thresholds)."""
    names: dict[str, str] = {}
    for _, data in _raw_packs(str(directory) if directory else None):
        name = data["pack"]
        names[name] = names.get(name) or str(data.get("family") or "")
    return names


# --- what reads a pack, and its parsed content (the build's cache) ---------------------------


def pack_scope(name: str, family: str) -> str:
    """Who reads pack ``name``: ``"every document"``, ``"linking"``, or ``"its rule set"`` (the
    documents its rule set reads)."""
    if name in LINKING_PACKS:
        return "linking"
    if not family or name in READ_FOR_EVERY_DOCUMENT:
        return "every document"
    return "its rule set"


class PackContents:
    """The parsed content of every pack, as digests: what a document's cache entry is checked
    against. Made once per build (parsing every pack file takes a few hundredths of a second
    with libyaml); a file that does not parse counts by its bytes, so any edit to it counts.

    A document's entry is keyed on :meth:`for_readers`: the packs read for every document, the
    packs of the rule sets that read it, and the *gate* — every rule-set pack's
    :class:`~rules.registry.RuleSetPack` fields (``family``, ``genres``, ``after`` ...), which
    decide which rule sets read which documents: a pack that starts reading another genre
    changes every document's key."""

    def __init__(self, directories: list[Path] | None = None) -> None:
        from rules.registry import RuleSetPack

        gate_keys = set(RuleSetPack.model_fields)
        files: dict[str, list[Any]] = {}
        unparsed: list[Any] = []
        families: dict[str, str] = {}
        paths = [p for d in (directories or pack_dirs()) for p in sorted(Path(d).glob("*.yaml"))]
        for path in paths:
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
            except (yaml.YAMLError, OSError, UnicodeDecodeError):
                data = None
            if not isinstance(data, dict) or not isinstance(data.get("pack"), str):
                unparsed.append([str(path), _bytes_digest(path)])
                continue
            name = data["pack"]
            files.setdefault(name, []).append((path.stem != name, data))  # merging order: its own file first
            families[name] = families.get(name) or str(data.get("family") or "")
        ordered = {name: [data for _, data in sorted(found, key=lambda f: f[0])] for name, found in files.items()}
        self.digests = {name: _digest(datas) for name, datas in ordered.items()}
        self.scopes = {name: pack_scope(name, families[name]) for name in ordered}
        self.gate = _digest(sorted((name, [{k: v for k, v in data.items() if k in gate_keys} for data in datas])
                                   for name, datas in ordered.items() if families[name]))
        self.unparsed = _digest(unparsed)

    def everything(self) -> str:
        """Every pack's content: changes when any pack means something else."""
        return _digest([sorted(self.digests.items()), self.unparsed])

    def packs_for(self, readers: list[str]) -> list[str]:
        """The packs read for a document that the rule sets ``readers`` read, in name order."""
        return sorted(name for name, scope in self.scopes.items()
                      if scope == "every document" or (scope == "its rule set" and name in readers))

    def for_readers(self, readers: list[str]) -> str:
        """The content of the packs read for a document that the rule sets ``readers`` read
        (see the class's docstring)."""
        return _digest([[(name, self.digests[name]) for name in self.packs_for(readers)], self.gate,
                        sorted(readers), self.unparsed])


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _bytes_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
