"""Incremental builds: a document is read again only when its key changes.

The key is the PDF's sha256, its file name and manifest entry, the read settings and a hash
of the code and rule packs (``council_plans/cache.py``). Linking, the graph and publishing
always rerun from the cached records, so a build from the cache must give the same database
as a build that reads everything.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from conftest import CORPUS, SERVICE_PLAN_2022
from pdfgen import make_pdf, text_page

import council_plans.cache as cache
from council_plans.build import CACHE_FOLDER, build


def minutes(title: str) -> list:
    return [text_page([f"**{title}", "", "The Cabinet met on 3 July 2017.", "Resolved that the plan be adopted."])]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "cabinet.pdf", minutes("Minutes of Cabinet"))
    shutil.copy(CORPUS / SERVICE_PLAN_2022, folder / SERVICE_PLAN_2022)
    return folder


def rows(db) -> dict[str, list]:
    """Every row of every table (full-text indexes aside), in a stable order."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name not like '%fts%'")]
    return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in tables}


def test_an_unchanged_rebuild_reads_nothing_and_leaves_the_database_as_it_was(corpus, tmp_path):
    db = tmp_path / "plans.db"
    first = build(corpus, db, jobs=2)
    assert (first.read, first.cached) == (2, 0)
    written = db.stat().st_mtime_ns
    again = build(corpus, db, jobs=2)
    assert again.unchanged and (again.read, again.cached) == (0, 2)
    assert db.stat().st_mtime_ns == written
    assert again.counts == {t: n for t, n in first.counts.items()}
    assert again.exit_status == 0


def test_adding_a_pdf_reads_only_that_pdf_and_gives_the_same_database_as_reading_all(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    make_pdf(corpus / "council.pdf", minutes("Minutes of Council"))
    added = build(corpus, db, jobs=2)
    assert (added.read, added.cached, added.documents) == (1, 2, 3)

    everything = tmp_path / "everything.db"
    fresh = build(corpus, everything, jobs=2, cache=False)
    assert fresh.read == 3
    assert rows(db) == rows(everything)


def test_force_reads_every_document_again(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    forced = build(corpus, db, jobs=2, force=True)
    assert (forced.read, forced.cached) == (2, 0) and not forced.unchanged


def test_a_replaced_pdf_is_read_again_and_the_others_are_not(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    make_pdf(corpus / "cabinet.pdf", minutes("Minutes of the Extraordinary Cabinet"))
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (1, 1)
    titles = [r[0] for r in sqlite3.connect(db).execute("select text from pages where document_id = 'cabinet'")]
    assert "Minutes of the Extraordinary Cabinet" in titles[0]


def test_a_changed_manifest_entry_rereads_that_document_only(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    (corpus / "manifest.json").write_text(json.dumps([{"file": "cabinet.pdf", "title": "Cabinet, 3 July 2017"}]))
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (1, 1)
    title = sqlite3.connect(db).execute("select title from documents where id = 'cabinet'").fetchone()[0]
    assert title == "Cabinet, 3 July 2017"


def test_a_changed_module_changes_the_code_version_and_a_pack_does_not(tmp_path, monkeypatch):
    copy = tmp_path / "tree"
    for folder in cache.CODE_FOLDERS:
        shutil.copytree(cache.ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for file in cache.CODE_FILES:
        (copy / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache.ROOT / file, copy / file)
    monkeypatch.setattr(cache, "ROOT", copy)
    monkeypatch.setattr(cache, "_code_versions", {})
    before = cache.code_version()
    pack = copy / "rules" / "packs" / "minutes.yaml"
    pack.write_text(pack.read_text() + "\nresolution_labels: []\n")
    monkeypatch.setattr(cache, "_code_versions", {})
    assert cache.code_version() == before  # packs are checked per document, by their parsed content
    module = copy / "rules" / "meetings" / "minutes.py"
    module.write_text(module.read_text() + "\n# one more comment\n")
    monkeypatch.setattr(cache, "_code_versions", {})
    assert cache.code_version() != before


# --- rule packs: only the documents a pack is read for are read again ----------------------

# Builds in a process of their own (the packs of PLANS_PACK_PATH are loaded once a process),
# printing which documents were read.
BUILD_SCRIPT = """
import json, sys
from council_plans.build import build
read = []
result = build(sys.argv[1], sys.argv[2], jobs=1, progress=read.append)
print(json.dumps({"read": sorted(read), "unchanged": result.unchanged, "errors": [e.code for e in result.errors]}))
"""


def build_with_packs(corpus, db, packs) -> dict:
    import os
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(corpus), str(db)], capture_output=True, text=True,
                         env={**os.environ, "PLANS_PACK_PATH": str(packs)}, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_a_pack_edit_rereads_only_the_documents_its_rule_sets_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "minutes.pdf", minutes("Minutes of Cabinet"))
    make_pdf(corpus / "plan.pdf", [text_page(["**Business Plan 2022-2032", "", "Our priorities are:",
                                              "Empowered people", "Resilient communities"])])
    make_pdf(corpus / "manual.pdf", [text_page(["**Installation Guide", "", "Run the installer."])])
    (corpus / "manifest.json").write_text(json.dumps([{"file": "minutes.pdf", "genre": "minutes"},
                                                      {"file": "plan.pdf", "genre": "business_plan"}]))
    packs = tmp_path / "packs"
    packs.mkdir()
    minutes_pack = packs / "minutes-othershire.yaml"
    minutes_pack.write_text("pack: minutes\nresolution_labels:\n  - {pattern: 'DETERMINED\\s*:', anywhere: true}\n")
    db = tmp_path / "plans.db"
    first = build_with_packs(corpus, db, packs)
    assert first["read"] == ["manual.pdf", "minutes.pdf", "plan.pdf"]

    # a comment and a re-indented line: the packs mean the same, nothing is built again
    minutes_pack.write_text("# Othershire's resolutions\npack: minutes\nresolution_labels:\n"
                            "    - {pattern: 'DETERMINED\\s*:',   anywhere: true}  # as printed\n")
    assert build_with_packs(corpus, db, packs) == {"read": [], "unchanged": True, "errors": []}

    # the minutes rule set reads minutes, not plans nor other documents
    minutes_pack.write_text(minutes_pack.read_text() + "reason_labels:\n  - {pattern: 'Grounds\\s*:', label: Grounds}\n")
    assert build_with_packs(corpus, db, packs)["read"] == ["minutes.pdf"]

    # a pack only the linkers read: linking runs again, no document is read
    (packs / "lineage_reviews-othershire.yaml").write_text("pack: lineage_reviews\nreviews: []\n")
    linked = build_with_packs(corpus, db, packs)
    assert linked["read"] == [] and not linked["unchanged"]

    # genres are read for every document
    (packs / "genres-othershire.yaml").write_text(
        "pack: genres\ngenres:\n  minutes:\n    - {pattern: 'Othershire minutes', weight: 4}\n")
    assert build_with_packs(corpus, db, packs)["read"] == ["manual.pdf", "minutes.pdf", "plan.pdf"]


# Reads documents of several genres in a fresh process, emptying every cache of the rules
# between two documents, and records which packs each one loads: they must be the packs its
# cache entry is keyed on (rules/packs.py: PackContents.packs_for), and the packs declared to
# be read by the linkers only must not be loaded by reading any document.
TRACE_SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import rules.packs as packs
from rules.registry import load_families
load_families()
loaded = []
real = packs.load_pack
def traced(name, model, directory=None):
    loaded.append(name)
    return real(name, model, directory)
for module in list(sys.modules.values()):
    if getattr(module, "__name__", "").split(".")[0] in ("rules", "graph") and getattr(module, "load_pack", None) is real:
        module.load_pack = traced
from council_plans.build import _load_packs
from extractor import extract
from rules import engine

def forget():
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("rules", "graph"):
            for value in list(vars(module).values()):
                if callable(value) and hasattr(value, "cache_clear") and getattr(value, "__module__", "") == name:
                    value.cache_clear()
    engine.rule_sets()  # every rule set's pack is validated up front: loading is not reading
    loaded.clear()

contents = packs.PackContents()
out, records = [], []
for path, genre in json.loads(sys.argv[2]):
    forget()
    reading, made = engine.records_of(extract(path), {"genre": genre} if genre else None)
    records += made
    out.append({"file": Path(path).name, "genre": reading.genre.name, "loaded": sorted(set(loaded)),
                "keyed": contents.packs_for([rs.name for rs in engine.readers(reading)])})
forget()
engine.link(records)
print(json.dumps({"documents": out, "linking": sorted(set(loaded)), "linking_only": sorted(packs.LINKING_PACKS)}))
"""


def test_the_packs_reading_a_document_loads_are_those_its_cache_entry_is_keyed_on(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    make_pdf(tmp_path / "minutes.pdf", minutes("Minutes of Cabinet"))
    make_pdf(tmp_path / "decision.pdf", [text_page([
        "**Decision details", "", "**Adoption of the Play Strategy", "", "Decision Maker: Cabinet", "",
        "Decision:", "To adopt the play strategy.", "", "Date of decision: 12/01/2023"])])
    make_pdf(tmp_path / "manual.pdf", [text_page(["**Installation Guide", "", "Run the installer."])])
    documents = [(str(tmp_path / "minutes.pdf"), "minutes"), (str(tmp_path / "decision.pdf"), None),
                 (str(tmp_path / "manual.pdf"), None), (str(CORPUS / SERVICE_PLAN_2022), None)]
    run = subprocess.run([sys.executable, "-c", TRACE_SCRIPT, str(ROOT), json.dumps(documents)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    traced = json.loads(run.stdout.splitlines()[-1])
    genres = {d["file"]: d["genre"] for d in traced["documents"]}
    assert genres == {"minutes.pdf": "minutes", "decision.pdf": "decision_details", "manual.pdf": "other",
                      SERVICE_PLAN_2022: "service_plan_update"}
    for document in traced["documents"]:
        assert document["loaded"], document  # the trace sees what reading loads
        assert set(document["loaded"]) <= set(document["keyed"]), document
        assert not set(document["loaded"]) & set(traced["linking_only"]), document
    # and the packs declared the linkers' are theirs: loaded by the graph package's modules
    graph_code = "".join(path.read_text() for path in (ROOT / "graph").glob("*.py"))
    assert all(f'load_pack("{name}"' in graph_code for name in traced["linking_only"])


def test_documents_are_read_again_when_the_code_changes_and_old_entries_are_pruned(corpus, tmp_path, monkeypatch):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    folder = tmp_path / CACHE_FOLDER
    old = [p.name for p in folder.iterdir() if p.is_dir()]
    assert len(old) == 1 and old[0] == cache.code_version()[:16]

    monkeypatch.setattr(cache, "code_version", lambda *args: "f" * 64)  # as if a rule had changed
    result = build(corpus, db, jobs=2)
    assert (result.read, result.cached) == (2, 0)
    assert [p.name for p in folder.iterdir() if p.is_dir()] == ["f" * 16]


def test_a_damaged_cache_entry_is_a_miss_not_an_error(corpus, tmp_path):
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=2)
    for entry in (tmp_path / CACHE_FOLDER).rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    (tmp_path / CACHE_FOLDER / "plans.db.state.json").unlink()
    result = build(corpus, db, jobs=2)
    assert (result.read, result.errors) == (2, [])
