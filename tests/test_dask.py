"""The per-document stage on Dask gives the same database as the local process pool."""

from __future__ import annotations

from conftest import CORPUS
from test_readers import normalised_rows

from council_plans.build import build


def test_the_corpus_built_on_a_local_dask_cluster_gives_the_same_records(built_db, tmp_path):
    result = build(CORPUS, tmp_path / "plans.db", jobs=2, executor="dask")
    assert (result.read, result.errors) == (5, [])
    assert normalised_rows(tmp_path / "plans.db") == normalised_rows(built_db)
