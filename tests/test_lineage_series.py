"""Plan series are keyed by council and plan kind (graph/editions.py), never by title alone.

Two councils' plans both called "Council Plan", built from generated PDFs, give two series: no
lineage row joins one council's plan to the other's. And a council's "Corporate Plan" followed
by its "Council Plan" is one series, whatever each edition is called.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from pdfgen import make_pdf, text_page

from graph.editions import plan_series, series_key
from graph.lineage import Lineage
from rules.councils.scope import Scopes
from rules.plans.records import PlanRecord
from rules.records import DocumentRecord

ROOT = Path(__file__).resolve().parents[1]
PLANS = [str(Path(sys.executable).with_name("plans"))]

EDITIONS = {
    # council: {first year: the plan's ambitions}
    "Riverside Borough Council": {
        2019: ["Safe, clean and green neighbourhoods", "A thriving local economy", "Good homes for everyone"],
        2023: ["Clean and green neighbourhoods", "A thriving economy with good jobs", "Homes for everyone",
               "Healthy and active residents"],
    },
    "Hillford District Council": {
        2019: ["Excellent schools for every child", "Fewer people sleeping rough", "Safer streets"],
        2023: ["Schools and learning for all", "Ending rough sleeping"],
    },
}


def _plan_pdf(path: Path, council: str, year: int, ambitions: list[str]) -> Path:
    rows = [f"**Council Plan {year} to {year + 4}", "", f"{council}", "",
            f"The Council Plan sets the direction for {council}. Our ambitions are:",
            *[f"• {a}" for a in ambitions], "",
            "These ambitions will be reviewed each year by Cabinet alongside the budget."]
    return make_pdf(path, [text_page(rows, top=40)])


def test_two_councils_plans_called_council_plan_are_two_series(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    manifest = []
    for council, editions in EDITIONS.items():
        for year, ambitions in editions.items():
            name = f"{council.split()[0].lower()}-council-plan-{year}.pdf"
            _plan_pdf(corpus / name, council, year, ambitions)
            manifest.append({"file": name, "title": f"Council Plan {year} to {year + 4}", "publisher": council,
                             "plan_period": f"{year}-{year + 4}"})
    (corpus / "manifest.json").write_text(json.dumps(manifest))
    db = tmp_path / "plans.db"
    run = subprocess.run([*PLANS, "build", "--corpus", str(corpus), "--db", str(db), "-q", "--jobs", "1"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    plans = {r["id"]: r for r in conn.execute("select plans.id, plans.title, plans.period_start, documents.council "
                                              "from plans join documents on documents.id = plans.document_id")}
    # Four plans, two per council, and all four carry the same words once years are set aside.
    assert sorted((p["council"], p["period_start"]) for p in plans.values()) == sorted(
        (c, y) for c, editions in EDITIONS.items() for y in editions)
    assert {p["title"].split(" 20")[0] for p in plans.values()} == {"Council Plan"}
    rows = conn.execute("select * from lineage").fetchall()
    pairs = {(r["from_plan_id"], r["to_plan_id"]) for r in rows}
    # One pair of editions per council, each within its council; never a plan of one council
    # compared with the other's.
    assert len(pairs) == 2
    for older, newer in pairs:
        assert plans[older]["council"] == plans[newer]["council"]
        assert (plans[older]["period_start"], plans[newer]["period_start"]) == (2019, 2023)
    assert {r["council_id"] for r in rows} == {"riverside-borough-council", "hillford-district-council"}
    # And each council's own elements are linked: Hillford's schools go on as schools.
    linked = {(r["from_name"], r["to_name"]) for r in rows if r["from_id"] and r["to_id"]}
    assert ("Excellent schools for every child", "Schools and learning for all") in linked
    council_of = {name: c for c, editions in EDITIONS.items() for names in editions.values() for name in names}
    assert all(council_of[a] == council_of[b] for a, b in linked)
    _the_page_draws_one_council_at_a_time(db, corpus)


def _the_page_draws_one_council_at_a_time(db: Path, corpus: Path) -> None:
    from conftest import fetch

    from council_plans.site import make_datasette

    site = make_datasette(db, corpus)
    page = fetch(site, "/-/lineage?council=hillford-district-council")
    assert page.status_code == 200
    # The picture (the colour key's swatches are small SVGs too).
    svg = page.text.split('<div class="lineage-picture">', 1)[1].split("</svg>")[0]
    assert ">Excellent schools for every child<" in svg and "Riverside" not in page.text.split('class="councils"')[0]
    assert not any(f">{name}<" in svg for names in EDITIONS["Riverside Borough Council"].values() for name in names)
    # The chooser offers the other council; without a choice, the council with most editions (a tie:
    # the first by name) is drawn, and an unknown council is a 404 that names the known ones.
    assert 'href="?council=riverside-borough-council"' in page.text
    default = fetch(site, "/-/lineage").text
    assert "<strong>Hillford District Council (2 editions)</strong>" in default
    missing = fetch(site, "/-/lineage?council=Nowhere")
    assert missing.status_code == 404 and "Riverside Borough Council" in missing.text


def _plan(title: str, year: int, doc: str, kind: str = "business_plan") -> PlanRecord:
    return PlanRecord(document_id=doc, page=1, rule="t", title=title, period_start=year, kind=kind)


def _document(doc: str, council: str | None) -> DocumentRecord:
    return DocumentRecord(document_id=doc, page=None, rule="t", file=f"{doc}.pdf", council=council, pages=1,
                          sha256="0", metadata_source="manifest")


def test_a_councils_corporate_plan_and_council_plan_are_one_series_and_strategies_go_by_title():
    pack = Lineage().pack
    records = [
        _document("a", "North Herts District Council"), _document("b", "North Herts  District Council"),
        _document("c", "Durham County Council"),
        _plan("Corporate Plan 2017/21", 2017, "a"), _plan("Council Plan 2022-2027", 2022, "b"),
        _plan("Council Plan 2022-2027", 2022, "c"),
        _plan("Digital Strategy 2017-2021", 2017, "a", "strategy"), _plan("Parenting Strategy 2020", 2020, "b", "strategy"),
    ]
    series = plan_series(records, pack)
    assert [[p.title for p in s] for s in series] == [["Corporate Plan 2017/21", "Council Plan 2022-2027"]]
    # The key is the plan's scope (its document's council, names folded) and its kind.
    scopes = Scopes(records)
    assert series_key(records[3], scopes, pack) == series_key(records[4], scopes, pack) == (
        "north-herts-district-council", "business_plan")
    assert series_key(records[5], scopes, pack) == ("county-durham", "business_plan")
