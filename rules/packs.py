"""Rule packs: YAML files under ``rules/packs/``, validated by pydantic models on load.

A pack is data: headings, labels, patterns and table layouts with comments saying what they
mean. Code that applies a pack asks for it by name and model::

    pack = load_pack("minutes", MinutesPack)

Every ``*.yaml`` file whose top-level ``pack:`` equals the name is loaded and the packs are
merged, so support for another council's layout is a new file (``minutes-othercouncil.yaml``
with ``pack: minutes``) rather than an edit of code. The built-in file (``minutes.yaml``) is
read first and the others in name order after it: their lists are appended to its lists,
their mappings merged into its mappings, their scalars replace its scalars. A pack that does
not validate raises ``PlansError E030`` naming the files and the field.

A council's packs can also live outside the project: every folder named in the environment
variable ``PLANS_PACK_PATH`` (separated like ``PATH``) is read after ``rules/packs/``, its
files merged the same way.
"""

from __future__ import annotations

import functools
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


def pack_dirs() -> list[Path]:
    """The folders rule packs are read from: the built-in one, then those of PLANS_PACK_PATH."""
    extra = [Path(p) for p in os.environ.get(PACK_PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    return [PACK_DIR, *extra]


def pack_files(directory: Path | None = None) -> list[Path]:
    """Every pack file that is read, in reading order (for the build's cache key too)."""
    dirs = [directory] if directory else pack_dirs()
    return [path for d in dirs for path in sorted(Path(d).glob("*.yaml"))]


def _raw_packs(directory: str | None) -> tuple[tuple[str, dict[str, Any]], ...]:
    return _read_files(tuple(str(p) for p in pack_files(Path(directory) if directory else None)))


@functools.cache
def _read_files(paths: tuple[str, ...]) -> tuple[tuple[str, dict[str, Any]], ...]:
    found = []
    for name in paths:  # load_pack puts each built-in file first
        path = Path(name)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PlansError("E030", f"not valid YAML: {exc}", file=str(path)) from exc
        if not isinstance(data, dict) or "pack" not in data:
            raise PlansError("E030", "a rule pack needs a top-level 'pack:' name", file=str(path))
        found.append((str(path), data))
    return tuple(found)


def load_pack(name: str, model: type[M], directory: Path | None = None) -> M:
    """Load and merge every pack file named ``name``; lists are concatenated, scalars overridden."""
    merged: dict[str, Any] = {}
    files = []
    matching = [(path, data) for path, data in _raw_packs(str(directory) if directory else None)
                if data.get("pack") == name]
    # The built-in pack is the base; files for other layouts extend it, whatever their names sort as.
    matching.sort(key=lambda item: Path(item[0]).stem != name)
    for path, data in matching:
        files.append(path)
        for key, value in data.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    if not files:
        raise PlansError("E030", f"no rule pack named {name!r} in {directory or PACK_DIR}")
    try:
        return model.model_validate(merged)
    except (ValidationError, re.error, ValueError, TypeError) as exc:  # a bad regex raises re.error
        raise PlansError("E030", f"pack {name!r} ({', '.join(files)}): {exc}") from exc


def pack_names(directory: Path | None = None) -> dict[str, str]:
    """Every pack name in the directory, with the family it fills ("" for a helper pack that
    fills none: dates, periods, lineage thresholds)."""
    names: dict[str, str] = {}
    for _, data in _raw_packs(str(directory) if directory else None):
        name = data["pack"]
        names[name] = names.get(name) or str(data.get("family") or "")
    return names
