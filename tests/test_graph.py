"""The plan graph (graph/build.py, graph/queries.py) and `plans graph export`, on the corpus."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from council_plans.cli import cli
from graph.build import graph_from_db
from graph.queries import lineage_chains, neighbourhood, orphans


@pytest.fixture(scope="module")
def graph(built_db) -> nx.MultiDiGraph:
    return graph_from_db(built_db)


def label(graph, node) -> str:
    return graph.nodes[node]["label"]


def find(graph, kind: str, name: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["kind"] == kind and d["label"] == name]
    return node


def test_nodes_are_records_and_edges_say_what_links_them(graph):
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert {"plans", "priorities", "missions", "actions", "activities", "metrics", "decisions", "reports"} <= kinds
    assert not kinds & {"pages", "errors", "edges", "lineage"}
    relations = {rel for _, _, rel in graph.edges(data="relation")}
    assert {"part_of", "implements", "measures", "became", "concerns", "taken_at"} <= relations
    assert all(d.get("document_id") for _, d in graph.nodes(data=True))


def test_no_action_activity_or_metric_is_an_orphan(graph):
    assert orphans(graph) == []
    # ...and the check can fail: an action cut loose from its mission is reported.
    cut = graph.copy()
    action = next(n for n, kind in cut.nodes(data="kind") if kind == "actions")
    cut.remove_edges_from(list(cut.out_edges(action)))
    assert orphans(cut) == [action]


def test_lineage_chains_run_2013_to_2017_to_2022(graph):
    plans = {d["label"]: n for n, d in graph.nodes(data=True) if d["kind"] == "plans"}
    year_of = {}
    for title, node in plans.items():
        for mission, _, rel in graph.in_edges(node, data="relation"):
            if rel == "part_of":
                year_of[mission] = title
    three = [chain for chain in lineage_chains(graph) if len(chain) == 3]
    assert three, "no 2013 → 2017 → 2022 path"
    for chain in three:
        assert ["2013" in year_of.get(chain[0], ""), "2017" in year_of.get(chain[1], ""),
                "2022" in year_of.get(chain[2], "")] == [True, True, True]
    assert any(label(graph, c[0]) == "Wiltshire has a thriving and growing local economy"
               and label(graph, c[2]) == "We have the right skills to prosper" for c in three)


def test_a_missions_neighbourhood(graph):
    safe = find(graph, "missions", "We are safe")
    around = neighbourhood(graph, safe)
    assert {graph.nodes[n]["kind"] for n in around["contained_in"]} == {"plans", "priorities"}
    assert len(around["contains"]) >= 20 and {graph.nodes[n]["kind"] for n in around["contains"]} == {"actions"}
    assert {graph.nodes[n]["kind"] for n in around["implemented_by"]} == {"activities"}
    assert {label(graph, n) for n in around["measured_by"]} >= {"Public Protection", "Adult Safeguarding"}
    assert "Reduction in Anti-Social Behaviour" in {label(graph, n) for n in around["came_from"]}


def test_a_plans_neighbourhood_names_the_decisions_about_it(graph):
    plan = find(graph, "plans", "Wiltshire Council Business Plan 2017-2027")
    concerned = {label(graph, n) for n in neighbourhood(graph, plan)["concerned_by"]}
    assert "Business Plan" in concerned  # minute 79 of the Cabinet meeting of 20 June 2017


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_graph_export_writes_the_same_graph(built_db, tmp_path, graph, fmt):
    out = tmp_path / f"plans.{fmt}"
    result = CliRunner().invoke(cli, ["graph", "export", "--format", fmt, "--db", str(built_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 orphan" in result.output
    if fmt == "graphml":
        read = nx.read_graphml(out, force_multigraph=True)
    else:
        read = nx.node_link_graph(json.loads(out.read_text()), edges="edges")
    assert (read.number_of_nodes(), read.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    node = find(graph, "missions", "We are safe")
    assert read.nodes[node]["kind"] == "missions" and read.nodes[node]["label"] == "We are safe"
