"""Shared fixtures: the real corpus documents, extracted once per test session, and a
database built once from the whole corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(Path(__file__).parent))  # tests/pdfgen.py

CABINET_2017 = "2017-07-03-cabinet-agenda-pack.pdf"
COMMITTEE_2012 = "2012-05-31-childrens-select-committee-agenda-pack.pdf"
SERVICE_PLAN_2022 = "2022-09-20-childrens-select-committee-business-plan-update.pdf"
BUSINESS_PLAN_2022 = "2022-2032-wiltshire-council-business-plan.pdf"
PARENTING_2023 = "2023-07-council-corporate-parenting-panel-annual-report.pdf"

_documents: dict = {}


def corpus_document(name: str):
    """The rules' reading of a corpus document (genre, metadata, parts), cached for the session."""
    if name not in _documents:
        import json

        from council_plans.build import prepare
        from extractor import extract

        document = extract(CORPUS / name)
        manifest = {e["file"]: e for e in json.loads((CORPUS / "manifest.json").read_text())}
        _documents[name], _ = prepare(document, manifest.get(name))
    return _documents[name]


@pytest.fixture(scope="session")
def cabinet_2017():
    return corpus_document(CABINET_2017)


@pytest.fixture(scope="session")
def committee_2012():
    return corpus_document(COMMITTEE_2012)


@pytest.fixture(scope="session")
def service_plan_2022():
    return corpus_document(SERVICE_PLAN_2022)


@pytest.fixture(scope="session")
def business_plan_2022():
    return corpus_document(BUSINESS_PLAN_2022)


@pytest.fixture(scope="session")
def parenting_2023():
    return corpus_document(PARENTING_2023)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """plans.db built from the real corpus, once per session."""
    from council_plans.build import build

    db = tmp_path_factory.mktemp("build") / "plans.db"
    build(CORPUS, db, jobs=2)
    return db


@pytest.fixture(scope="session")
def site(built_db):
    """The Datasette site over the built database, configured as `plans serve` configures it."""
    from council_plans.site import make_datasette

    return make_datasette(built_db, CORPUS)


def fetch(site, path: str):
    """GET a page of the site (Datasette's in-process client)."""
    import asyncio

    return asyncio.run(site.client.get(path))
