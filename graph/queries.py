"""Questions asked of the plan graph (``graph/build.py``), and writing it out.

* :func:`lineage_chains` — every path along ``became`` edges from an element with no
  predecessor to one with no successor: 2013 outcome → 2017 theme → 2022 mission.
* :func:`neighbourhood` — what contains a mission, what it contains, what implements it,
  what measures it, which decisions and reports concern it, and where it came from and went.
* :func:`orphans` — records of the kinds that should hang off a plan (actions, activities,
  metrics) whose connected component holds no plan: read but attached to nothing.
* :func:`export` — GraphML or node-link JSON for Gephi, yEd, networkx or d3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

# Kinds that must reach a plan through the graph; one that does not is an orphan.
ATTACHED_KINDS = ("actions", "activities", "metrics")


def lineage_chains(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Every maximal path along ``became`` edges, oldest element first."""
    became = nx.DiGraph((u, v) for u, v, rel in graph.edges(data="relation") if rel == "became")
    roots = [n for n in became if became.in_degree(n) == 0]
    leaves = {n for n in became if became.out_degree(n) == 0}
    chains: list[list[str]] = []
    for root in sorted(roots):
        for path in nx.all_simple_paths(became, root, leaves):
            chains.append(path)
    return chains


def neighbourhood(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """A mission's (or any element's) neighbours, grouped by what they are to it."""
    out: dict[str, list[str]] = {
        "contained_in": [], "contains": [], "implemented_by": [], "measured_by": [], "concerned_by": [],
        "came_from": [], "became": [],
    }
    for _, target, relation in graph.out_edges(node, data="relation"):
        if relation == "part_of":
            out["contained_in"].append(target)
        elif relation == "became":
            out["became"].append(target)
    for source, _, relation in graph.in_edges(node, data="relation"):
        key = {"part_of": "contains", "implements": "implemented_by", "serves": "implemented_by",
               "measures": "measured_by", "concerns": "concerned_by", "became": "came_from"}.get(relation)
        if key:
            out[key].append(source)
    return {k: sorted(set(v)) for k, v in out.items()}


def orphans(graph: nx.MultiDiGraph, kinds: tuple[str, ...] = ATTACHED_KINDS) -> list[str]:
    """Nodes of ``kinds`` whose connected component (ignoring edge direction) holds no plan.

    Documents are left out of the components: every record is read from one, so through its
    document anything would reach a plan."""
    plain = nx.Graph()
    plain.add_nodes_from(n for n, kind in graph.nodes(data="kind") if kind != "documents")
    plain.add_edges_from((u, v) for u, v in graph.edges() if u in plain and v in plain)
    out = []
    for component in nx.connected_components(plain):
        if any(graph.nodes[n].get("kind") == "plans" for n in component):
            continue
        out += [n for n in component if graph.nodes[n].get("kind") in kinds]
    return sorted(out)


def summary(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes and edges by kind, the lineage chains' lengths and the orphans."""
    nodes: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        nodes[kind] = nodes.get(kind, 0) + 1
    edges: dict[str, int] = {}
    for _, _, relation in graph.edges(data="relation"):
        edges[relation] = edges.get(relation, 0) + 1
    chains = lineage_chains(graph)
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items())),
            "lineage_chains": len(chains), "longest_chain": max((len(c) for c in chains), default=0),
            "orphans": orphans(graph)}


def export(graph: nx.MultiDiGraph, fmt: str, out: Path | None = None) -> str:
    """The graph as GraphML or node-link JSON; written to ``out`` when given, returned either way."""
    clean = nx.MultiDiGraph()
    # GraphML has no null: attributes that are None are left out rather than written as "None".
    clean.add_nodes_from((n, {k: v for k, v in d.items() if v is not None}) for n, d in graph.nodes(data=True))
    clean.add_edges_from((u, v, k, {a: b for a, b in d.items() if b is not None}) for u, v, k, d in graph.edges(keys=True, data=True))
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(clean, prettyprint=True)) + "\n"
    elif fmt == "json":
        text = json.dumps(nx.node_link_data(clean, edges="edges"), ensure_ascii=False, indent=1) + "\n"
    else:
        raise ValueError(f"unknown graph format {fmt!r}: use graphml or json")
    if out is not None:
        Path(out).write_text(text, encoding="utf-8")
    return text
