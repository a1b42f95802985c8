"""Records → a networkx graph, and the graph's edges and plan lineage as records for the site.

Nodes are records (``table:id``). Edges come from two places:

* every foreign key a record type declares (``mission.priority_id → priorities``,
  ``activity.mission_id → missions``, ``decision.meeting_id → meetings`` …) — containment,
  implementation, measurement and decisions, with no per-type code here;
* lineage between consecutive editions of a plan series (``graph/lineage.py``).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from typing import Any, ClassVar

import networkx as nx
from pydantic import Field

from graph.lineage import Element, LineagePack, match_lineage
from rules.packs import load_pack
from rules.records import Record

RELATION_BY_COLUMN = {
    "plan_id": "part_of",
    "priority_id": "part_of",
    "parent_id": "part_of",
    "mission_id": "serves",
    "activity_id": "measured_in",
    "indicator_id": "measures",
    "meeting_id": "taken_at",
    "report_id": "recommended_by",
    "part_id": "in_part",
}


class EdgeRecord(Record):
    table: ClassVar[str] = "edges"
    description: ClassVar[str] = (
        "Links between records: containment (plan → priority → mission → action), activities serving "
        "missions, values measuring activities, decisions taken at meetings, lineage between plan editions."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("source_table", "source_id", "target_table", "target_id", "relation")

    source_table: str = Field(description="Table of the record the edge starts from")
    source_id: str = Field(description="Id of the record the edge starts from")
    target_table: str = Field(description="Table of the record the edge points to")
    target_id: str = Field(description="Id of the record the edge points to")
    relation: str = Field(description="part_of, serves, measures, taken_at, recommended_by, became, ...")


class LineageRecord(Record):
    table: ClassVar[str] = "lineage"
    description: ClassVar[str] = (
        "How elements of one plan edition became elements of the next: continues, renamed, merged, split, "
        "dropped, new. Judged by shared vocabulary (TF-IDF cosine); score and shared words are the evidence."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("from_id", "to_id", "relation", "level")
    fts: ClassVar[tuple[str, ...]] = ("from_name", "to_name")
    foreign_keys: ClassVar[tuple[tuple[str, str, str], ...]] = (("from_id", "missions", "id"), ("to_id", "missions", "id"))

    from_id: str | None = Field(None, description="The older plan's element (missions.id); empty for a new mission")
    to_id: str | None = Field(None, description="The newer plan's element (missions.id); empty when dropped")
    from_name: str | None = Field(None, description="Name of the older element")
    to_name: str | None = Field(None, description="Name of the newer element")
    from_plan_id: str = Field(description="The older plan (plans.id)")
    to_plan_id: str = Field(description="The newer plan (plans.id)")
    level: str = Field(description="theme (top-level elements) or goal (their children) of the older plan")
    relation: str = Field(description="continues, renamed, merged, split, dropped or new")
    score: float = Field(description="Cosine similarity of the two elements' vocabulary, 0-1")
    shared_words: str = Field(description="The word stems that weigh most in the match, comma-separated")


def plan_graph(records: list[Record]) -> nx.MultiDiGraph:
    """The whole corpus as a graph: one node per record with an id, edges from foreign keys."""
    graph = nx.MultiDiGraph()
    for r in records:
        if r.table and r.table not in ("pages", "errors", "edges"):
            graph.add_node(f"{r.table}:{r.id}", table=r.table, label=_label(r), document_id=r.document_id, page=r.page)
    for e in _foreign_key_edges(records) + _lineage_edges(records):
        graph.add_edge(f"{e.source_table}:{e.source_id}", f"{e.target_table}:{e.target_id}", relation=e.relation)
    return graph


def graph_records(records: list[Record]) -> list[Record]:
    lineage = lineage_records(records)
    return [*lineage, *_foreign_key_edges(records), *_lineage_edges(lineage)]


def _label(r: Record) -> str:
    for attr in ("name", "title", "planned_activity", "indicator", "text", "file"):
        value = getattr(r, attr, None)
        if value:
            return str(value)[:120]
    return r.id


def _foreign_key_edges(records: list[Record]) -> list[EdgeRecord]:
    ids: dict[str, set[str]] = defaultdict(set)
    for r in records:
        ids[r.table].add(r.id)
    edges = []
    for r in records:
        for column, other, _ in type(r).foreign_keys:
            target = getattr(r, column, None)
            if other == "documents" or not target or target not in ids.get(other, ()):
                continue
            edges.append(
                EdgeRecord(document_id=r.document_id, page=r.page, rule="graph.foreign_key.v1", source_table=r.table,
                           source_id=r.id, target_table=other, target_id=target,
                           relation=RELATION_BY_COLUMN.get(column, column.removesuffix("_id")))
            )
    return edges


def _lineage_edges(records: list[Record]) -> list[EdgeRecord]:
    return [
        EdgeRecord(document_id=r.document_id, page=r.page, rule=r.rule, source_table="missions", source_id=r.from_id,
                   target_table="missions", target_id=r.to_id, relation="became")
        for r in records
        if isinstance(r, LineageRecord) and r.from_id and r.to_id
    ]


def series_key(title: str, pack: LineagePack) -> str:
    words = re.findall(r"[a-z]+", (title or "").lower())
    return " ".join(w for w in words if w not in set(pack.series_ignore_words))


def lineage_records(records: list[Record]) -> list[LineageRecord]:
    """Lineage between each pair of consecutive editions of a plan series."""
    pack = load_pack("lineage", LineagePack)
    plans = [r for r in records if r.table == "plans" and getattr(r, "period_start", None)]
    series: dict[str, list[Record]] = defaultdict(list)
    for p in plans:
        series[series_key(getattr(p, "title", "") or "", pack)].append(p)
    missions = [r for r in records if r.table == "missions"]
    actions = [r for r in records if r.table == "actions"]
    out: list[LineageRecord] = []
    for editions in series.values():
        editions.sort(key=lambda p: int(p.period_start))
        for older, newer in itertools.pairwise(editions):
            out += _compare(older, newer, missions, actions, pack)
    return out


def _compare(older: Any, newer: Any, missions: list[Any], actions: list[Any], pack: LineagePack) -> list[LineageRecord]:
    def elements(plan: Any, levels: dict[str, str]) -> list[Element]:
        own = [m for m in missions if m.plan_id == plan.id]
        children = defaultdict(list)
        for m in own:
            if getattr(m, "parent_id", None):
                children[m.parent_id].append(m)
        words = defaultdict(list)
        for a in actions:
            if getattr(a, "mission_id", None):
                words[a.mission_id].append(a.text)
        out = []
        for m in own:
            level = "goal" if getattr(m, "parent_id", None) else "theme"
            if level not in levels:
                continue
            text = [getattr(m, "strapline", None) or "", getattr(m, "intro", None) or "", *words[m.id]]
            for child in children[m.id]:
                text += [child.name, *words[child.id]]
            out.append(Element(m.id, levels[level], m.name, " ".join(text), getattr(m, "parent_id", None)))
        return out

    old = elements(older, {"theme": "theme", "goal": "goal"})
    new = elements(newer, {"theme": "mission"})
    by_id = {m.id: m for m in missions}
    records = []
    for link in match_lineage(old, new, pack):
        source = by_id.get(link.from_id or link.to_id)
        records.append(
            LineageRecord(
                document_id=source.document_id, page=source.page, rule="graph.lineage.tfidf.v1",
                from_id=link.from_id, to_id=link.to_id, from_name=by_id[link.from_id].name if link.from_id else None,
                to_name=by_id[link.to_id].name if link.to_id else None, from_plan_id=older.id, to_plan_id=newer.id,
                level=link.level, relation=link.relation, score=link.score, shared_words=", ".join(link.shared_words),
            )
        )
    return records
