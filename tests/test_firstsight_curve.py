"""The first-sight curve (issue 16, §1/§5): the About page and the README's table are made from
``tests/firstsight/batch-*/scores.json`` (format: ``council_plans/firstsight.py``), and the
seed and development-set figures of the About page from ``site/scores.json`` as
``bench/refresh_scores.py`` computes it. The batches here are made up: the tests check the
rendering, not the figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import fetch
from test_site_pages import text_of

from council_plans import firstsight

ROOT = Path(__file__).resolve().parent.parent


def scores(p: float, r: float, reasons: tuple[int, int]) -> dict:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r), "reason_ok": reasons[0],
            "reasons_checked": reasons[1], "gold": 30, "found": 31, "tp": 25}


@pytest.fixture
def batches(tmp_path) -> Path:
    (tmp_path / "batch-2").mkdir()
    (tmp_path / "batch-2" / "scores.json").write_text(json.dumps({
        "batch": 2, "documents": 31, "authorities": 24,
        "first_sight": scores(0.8, 0.7, (9, 12)), "after_fix": scores(0.95, 0.9, (11, 12)),
        "by_council": {
            "seen": {"documents": 6, "authorities": 3, "first_sight": scores(0.9, 0.85, (3, 3))},
            "unseen": {"documents": 25, "authorities": 21, "first_sight": scores(0.77, 0.66, (6, 9))}},
    }))
    (tmp_path / "batch-10").mkdir()  # after batch 2, though "10" sorts before "2" as text
    (tmp_path / "batch-10" / "scores.json").write_text(json.dumps({
        "batch": 10, "documents": 40, "authorities": 33, "first_sight": scores(0.88, 0.86, (20, 22)),
        "after_fix": None}))
    (tmp_path / "batch-11").mkdir()
    (tmp_path / "batch-11" / "scores.json").write_text("{not json")
    return tmp_path


def test_curve_rows_one_per_batch_and_council_group(batches):
    rows = firstsight.curve_rows(firstsight.load_batches(batches))
    assert [(r["batch"], r["group"]) for r in rows] == [(2, "all"), (2, "seen"), (2, "unseen"), (10, "all"),
                                                        ("batch-11", "all")]
    assert rows[0]["first_sight"] == {"precision": 0.8, "recall": 0.7, "f1": pytest.approx(0.7467, abs=1e-4),
                                      "reasons": "9/12"}
    assert rows[0]["after_fix"]["reasons"] == "11/12" and rows[3]["after_fix"] is None
    assert "scores.json" in rows[4]["error"]


def test_the_readme_table(batches):
    table = firstsight.markdown_table(firstsight.curve_rows(firstsight.load_batches(batches)))
    lines = table.splitlines()
    assert lines[0].startswith("| batch | councils | documents | authorities | first sight P / R / F1 |")
    assert lines[2] == "| 2 | all | 31 | 24 | 0.80 / 0.70 / 0.75 | 0.95 / 0.90 / 0.92 | 9/12 / 11/12 |"
    assert lines[4] == "| 2 | unseen | 25 | 21 | 0.77 / 0.66 / 0.71 | – | 6/9 / – |"
    assert lines[5] == "| 10 | all | 40 | 33 | 0.88 / 0.86 / 0.87 | – | 20/22 / – |"
    assert lines[6].startswith("| batch-11 | – | – | – | unreadable:")
    readme = "intro\n<!-- firstsight:start -->\nold table\n<!-- firstsight:end -->\nrest\n"
    assert firstsight.with_readme_table(readme, table) == (
        "intro\n<!-- firstsight:start -->\n" + table + "\n<!-- firstsight:end -->\nrest\n")


def test_no_batch_yet(tmp_path):
    assert firstsight.markdown_table(firstsight.curve_rows(firstsight.load_batches(tmp_path))).startswith(
        "_No first-sight batch")


def test_the_readme_table_is_made_from_the_batches_in_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = firstsight.markdown_table(firstsight.curve_rows(firstsight.load_batches()))
    assert firstsight.with_readme_table(readme, table) == readme, \
        "the README's first-sight table is stale: run .venv/bin/python bench/refresh_scores.py --readme"


def test_the_about_page_shows_the_curve_and_the_computed_figures(site, batches, monkeypatch):
    monkeypatch.setattr(firstsight, "FIRSTSIGHT", batches)
    text = text_of(fetch(site, "/-/about"))
    assert "First sight: records of councils the engine had not seen" in text
    assert "2 all 31 24 0.80 / 0.70 / 0.75 0.95 / 0.90 / 0.92 9/12 / 11/12" in text
    assert "2 seen 6 3 0.90 / 0.85 / 0.87 – 3/3 / –" in text
    assert "10 all 40 33 0.88 / 0.86 / 0.87 – 20/22 / –" in text
    assert "unreadable" in text
    published = json.loads((ROOT / "site" / "scores.json").read_text())
    assert f"Computed by bench/refresh_scores.py on {published['computed']['on']}" in text
    dev = published["dev"]
    assert (f"decisions {dev['precision']:.2f} {dev['recall']:.2f} {dev['f1']:.2f} {dev['gold']} {dev['found']} "
            f"reason {dev['reason_ok']}/{dev['reasons_checked']}") in text
    assert f"document council {dev['metadata']['council']['accuracy']:.2f} right" in text


def test_the_about_page_without_batches(site, tmp_path, monkeypatch):
    monkeypatch.setattr(firstsight, "FIRSTSIGHT", tmp_path)
    assert "No first-sight batch has been scored yet" in text_of(fetch(site, "/-/about"))
