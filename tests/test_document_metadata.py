"""Without a manifest, title, body, meeting date, type and plan period are read off the pages:
the corpus copied into a plain folder must give the values the curated manifest holds."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, corpus_document

from council_plans.build import prepare
from council_plans.corpus import load_corpus

MANIFEST = {e["file"]: e for e in json.loads((CORPUS / "manifest.json").read_text())}
FIELDS = ["title", "body", "meeting_date", "document_type", "plan_period", "publisher"]


@pytest.fixture(scope="module")
def plain_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain")
    for name in MANIFEST:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_plain_folder_has_no_manifest_entries(plain_folder):
    corpus = load_corpus(plain_folder)
    assert sorted(f.path.name for f in corpus.files) == sorted(MANIFEST)
    assert all(f.manifest is None for f in corpus.files)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_metadata_read_off_the_pages_matches_the_manifest(plain_folder, name):
    item = next(f for f in load_corpus(plain_folder).files if f.path.name == name)
    # The extracted pages are the same file's (same sha256); prepare() is what build runs.
    document = corpus_document(name).model_copy(deep=True)
    assert document.sha256 == MANIFEST[name]["sha256"]
    assert prepare(document, item.manifest) == []
    assert document.meta.source == "pages"
    got = {k: getattr(document.meta, k) for k in FIELDS}
    assert got == {k: MANIFEST[name][k] for k in FIELDS}


def test_agenda_pack_without_manifest_still_splits(plain_folder):
    name = "2017-07-03-cabinet-agenda-pack.pdf"
    document = corpus_document(name).model_copy(deep=True)
    prepare(document, None)
    assert document.meta.document_type == "agenda_pack"
    assert [p.agenda_number for p in document.parts if p.kind == "report"] == [str(n) for n in range(6, 13)]
