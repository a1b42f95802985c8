"""Records → a networkx graph, and the graph's edges as records for the site.

Nodes are records (``table:id``, with ``kind`` = the table, a label, document and page). Edges
come from three places:

* every foreign key a record type declares (``mission.priority_id → priorities``,
  ``activity.mission_id → missions``, ``decision.meeting_id → meetings`` …), named by what the
  link means (``part_of``, ``implements``, ``measures``, ``taken_at`` …), with no per-type code;
* lineage between consecutive editions of a plan series (``became``, from ``graph/editions.py``);
* decisions and reports linked to the plan elements they concern (``concerns``, from
  ``graph/plan_links.py``).

The same graph is built from records during a build (:func:`plan_graph`) and from a published
database (:func:`graph_from_db`, used by ``plans graph export``); ``graph/queries.py`` asks it
questions (lineage chains, a mission's neighbourhood, orphans).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any, ClassVar

import networkx as nx
from pydantic import Field

from graph.editions import LineageRecord, lineage_records
from graph.plan_links import PlanLinkRecord  # importing it registers the plan-links linker
from graph.threads import ThreadLinkRecord  # importing it registers the threads linker
from rules.records import Record

# What a foreign key means, by column; ``RELATION_BY_TABLE`` refines it for one table.
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
    "report_part_id": "in_part",
    "agenda_item_id": "on_agenda",
    "person_id": "held_by",
}
RELATION_BY_TABLE = {
    ("actions", "mission_id"): "part_of",
    ("plan_themes", "mission_id"): "part_of",
    ("activities", "mission_id"): "implements",
    ("metrics", "mission_id"): "measures",
    ("indicator_values", "mission_id"): "measures",
}
# Tables that are not things in the graph: page text, errors, the edge list itself.
NOT_NODES = {"pages", "errors", "edges", "lineage", "plan_links", "threads", "thread_steps", "thread_links"}


class EdgeRecord(Record):
    table: ClassVar[str] = "edges"
    description: ClassVar[str] = (
        "Links between records: containment (plan → priority → mission → action), activities implementing "
        "missions, metrics and values measuring them, decisions taken at meetings, lineage between plan editions "
        "(became), decisions and reports concerning plan elements (concerns). `plans graph export` writes them "
        "as a networkx graph."
    )
    key_fields: ClassVar[tuple[str, ...]] = ("source_table", "source_id", "target_table", "target_id", "relation")

    source_table: str = Field(description="Table of the record the edge starts from")
    source_id: str = Field(description="Id of the record the edge starts from")
    target_table: str = Field(description="Table of the record the edge points to")
    target_id: str = Field(description="Id of the record the edge points to")
    relation: str = Field(description="part_of, implements, measures, taken_at, recommended_by, became, concerns, ...")
    detail: str | None = Field(None, description="For became: the lineage relation and confidence (e.g. split, medium)")


def node_id(table: str, id_: str) -> str:
    return f"{table}:{id_}"


def graph_records(records: list[Record]) -> list[Record]:
    """The lineage records and every edge, for the database."""
    lineage = lineage_records(records)
    return [*lineage, *_foreign_key_edges(records), *_lineage_edges(lineage), *_plan_link_edges(records),
            *_thread_edges(records)]


def plan_graph(records: list[Record]) -> nx.MultiDiGraph:
    """The corpus as a graph: one node per record, edges from foreign keys, lineage and plan links.

    ``records`` may already hold the lineage records and edges of a build (they are not made again)."""
    edges = [r for r in records if isinstance(r, EdgeRecord)]
    if not edges:
        records = [*records, *graph_records(records)]
        edges = [r for r in records if isinstance(r, EdgeRecord)]
    graph = nx.MultiDiGraph()
    for r in records:
        if r.table and r.table not in NOT_NODES:
            graph.add_node(node_id(r.table, r.id), kind=r.table, label=_label(r.model_dump()), document_id=r.document_id,
                           page=r.page)
    _add_edges(graph, [e.model_dump() for e in edges])
    return graph


def graph_from_db(path: str | Path) -> nx.MultiDiGraph:
    """The same graph, read from a database that ``plans build`` wrote."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        graph = nx.MultiDiGraph()
        for table in tables:
            columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
            if table in NOT_NODES or not {"id", "document_id", "rule"} <= columns:
                continue  # full-text-search shadow tables and the like
            for row in conn.execute(f"select * from [{table}]"):
                row = dict(row)
                graph.add_node(node_id(table, row["id"]), kind=table, label=_label(row), document_id=row["document_id"],
                               page=row.get("page"))
        if "edges" in tables:
            _add_edges(graph, [dict(r) for r in conn.execute("select * from edges")])
        return graph
    finally:
        conn.close()


def _add_edges(graph: nx.MultiDiGraph, edges: list[dict[str, Any]]) -> None:
    for e in edges:
        source, target = node_id(e["source_table"], e["source_id"]), node_id(e["target_table"], e["target_id"])
        if source in graph and target in graph:
            attrs = {"relation": e["relation"]}
            if e.get("detail"):
                attrs["detail"] = e["detail"]
            graph.add_edge(source, target, key=e["relation"], **attrs)


def _label(row: dict[str, Any]) -> str:
    for attr in ("name", "title", "planned_activity", "key_metric", "indicator", "text", "subject", "resolved", "heading",
                 "file"):
        value = row.get(attr)
        if value:
            return str(value)[:120]
    return str(row.get("id", ""))


def _foreign_key_edges(records: list[Record]) -> list[EdgeRecord]:
    ids: dict[str, set[str]] = defaultdict(set)
    for r in records:
        ids[r.table].add(r.id)
    edges = []
    for r in records:
        if r.table in NOT_NODES:
            continue
        for column, other, _ in type(r).foreign_keys:
            target = getattr(r, column, None)
            if other == "documents" or not target or target not in ids.get(other, ()):
                continue
            relation = RELATION_BY_TABLE.get((r.table, column)) or RELATION_BY_COLUMN.get(column, column.removesuffix("_id"))
            edges.append(
                EdgeRecord(document_id=r.document_id, page=r.page, rule="graph.foreign_key.v2", source_table=r.table,
                           source_id=r.id, target_table=other, target_id=target, relation=relation)
            )
    return edges


def _lineage_edges(lineage: list[LineageRecord]) -> list[EdgeRecord]:
    """``became`` edges from the older element to the newer; a link a reviewer rejected is not one."""
    return [
        EdgeRecord(document_id=r.document_id, page=r.page, rule=r.rule, source_table=r.from_table or "missions",
                   source_id=r.from_id, target_table=r.to_table or "missions", target_id=r.to_id, relation="became",
                   detail=f"{r.relation}, {r.reviewed or r.confidence}")
        for r in lineage
        if r.from_id and r.to_id and r.reviewed != "rejected"
    ]


def _plan_link_edges(records: list[Record]) -> list[EdgeRecord]:
    return [
        EdgeRecord(document_id=r.document_id, page=r.page, rule=r.rule, source_table=r.source_table, source_id=r.source_id,
                   target_table=r.target_table, target_id=r.target_id, relation="concerns")
        for r in records
        if isinstance(r, PlanLinkRecord)
    ]


def _thread_edges(records: list[Record]) -> list[EdgeRecord]:
    """``same_matter`` edges between the steps of a thread (graph/threads.py), the join and its
    confidence as detail; a meeting not held is no record, so no edge."""
    return [
        EdgeRecord(document_id=r.document_id, page=r.page, rule=r.rule, source_table=r.source_table, source_id=r.source_id,
                   target_table=r.target_table, target_id=r.target_id, relation="same_matter" if r.merges else "cites_matter",
                   detail=f"{r.join}, {r.confidence}")
        for r in records
        if isinstance(r, ThreadLinkRecord) and r.target_table != "meetings_not_held"
    ]


__all__ = ["EdgeRecord", "LineageRecord", "graph_from_db", "graph_records", "lineage_records", "plan_graph"]
