"""Layout families: registered, versioned readers that rule packs select and fill.

A *family* is code for one printed structure — minutes whose items carry a resolution, a
ruled table with label cells, a plan's theme pages — registered under a versioned name the
way spaCy registers factories::

    @family("activities.label_table.v1", params=ActivityPack)
    def activity_records(reading: Reading, pack: ActivityPack) -> list[Record]: ...

A *rule set* is a pack file that selects a family and fills in its words::

    pack: activity_tables
    family: activities.label_table.v1
    genres: [service_plan_update, committee_report, agenda_pack]
    labels: ...

So another council that prints the same structure with other words is a YAML file, and a
new structure is one registered family. A rule set reads only the genres it declares. A
family whose meaning changes gets a new version rather than a silent edit; packs say which
version they want.

Families register when their module is imported; :func:`load_families` imports every module
of the ``rules`` and ``graph`` packages, so a new family needs no list to be edited.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from rules.reading import Reading
    from rules.records import Record


class RuleSetPack(BaseModel):
    """What every rule-set pack says besides its words: the family it fills and what it reads.
    A key the family does not know is an error (a misspelt key would otherwise do nothing)."""

    model_config = ConfigDict(extra="forbid")

    pack: str = ""
    family: str = Field("", description="Registered family this pack fills, e.g. minutes.items.v2")
    genres: list[str] = Field(default_factory=list, description="Document genres this rule set reads")
    after: list[str] = Field(default_factory=list, description="Rule sets whose records this one reads")
    decisions_anywhere: bool = Field(False, description="Also reads any document with local-government and "
                                                        "decision cues, whatever its genre (rules/genres.py)")


Reader = Callable[["Reading", Any], Iterable["Record"]]
LinkerFn = Callable[[list["Record"]], Iterable["Record"]]


@dataclass(frozen=True)
class Family:
    name: str
    read: Reader
    params: type[RuleSetPack]
    description: str


FAMILIES: dict[str, Family] = {}
LINKERS: dict[str, LinkerFn] = {}
LINKER_AFTER: dict[str, tuple[str, ...]] = {}  # linker → the linkers whose records it reads
LINKERS_LAST: set[str] = set()  # linkers that run after every other one
IMPORT_ERRORS: dict[str, str] = {}  # modules that failed to import, with why

# Packages whose modules may register families and linkers.
FAMILY_PACKAGES = ("rules", "graph")


def family(name: str, *, params: type[RuleSetPack]) -> Callable[[Reader], Reader]:
    """Register a layout family under a versioned name (``kind.structure.vN``)."""

    def register(fn: Reader) -> Reader:
        if name in FAMILIES and FAMILIES[name].read is not fn:
            raise ValueError(f"layout family {name!r} is registered twice")
        FAMILIES[name] = Family(name=name, read=fn, params=params, description=(fn.__doc__ or "").strip())
        return fn

    return register


def linker(name: str, *, after: tuple[str, ...] = (), last: bool = False) -> Callable[[LinkerFn], LinkerFn]:
    """Register a cross-document linker: it runs once with every document's records, after
    the linkers named in ``after`` (whose records it reads); with ``last``, after every linker
    that is not (a summary of what all the others made)."""

    def register(fn: LinkerFn) -> LinkerFn:
        LINKERS[name] = fn
        LINKER_AFTER[name] = after
        if last:
            LINKERS_LAST.add(name)
        return fn

    return register


def linkers_in_order() -> list[tuple[str, LinkerFn]]:
    """The linkers, each after the ones it names in ``after``, otherwise in name order."""
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in ordered or name not in LINKERS:
            return
        if name in path:
            raise ValueError(f"linkers wait on each other: {' → '.join((*path, name))}")
        for before in LINKER_AFTER.get(name, ()):
            visit(before, (*path, name))
        ordered.append(name)

    for name in sorted(LINKERS, key=lambda n: (n in LINKERS_LAST, n)):
        visit(name)
    return [(name, LINKERS[name]) for name in ordered]


_loaded = False


def load_families() -> None:
    """Import every module of the family packages so their families and linkers register. A
    module that fails to import is recorded (and reported per document), not fatal."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for package_name in FAMILY_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            try:
                importlib.import_module(info.name)
            except Exception as exc:
                IMPORT_ERRORS[info.name] = f"{type(exc).__name__}: {exc}"
