"""Publishing: every record type is published, wherever it is defined, and the lists the site
and the schema keep of tables and genres cannot fall behind the registered ones."""

from __future__ import annotations

import gc
import sqlite3
import sys
import types
from typing import ClassVar

from pydantic import Field

from council_plans.publish import publish, record_classes
from rules.records import DocumentRecord, Record


def test_a_record_type_in_a_module_no_list_names_is_published(tmp_path, monkeypatch):
    # As a new rule package would define one (rules/topics/records.py, say): nothing else edited.
    module = types.ModuleType("rules.probe_records")
    monkeypatch.setitem(sys.modules, module.__name__, module)

    class TopicProbe(Record):
        table: ClassVar[str] = "topic_probes"
        description: ClassVar[str] = "A topic a document is about (a probe)."
        name: str = Field(description="The topic")

    TopicProbe.__module__ = module.__name__
    module.TopicProbe = TopicProbe
    try:
        assert TopicProbe in record_classes()
        counts = publish([TopicProbe(document_id="d", page=1, rule="probe.v1", name="adoption")], tmp_path / "p.db")
        assert counts["topic_probes"] == 1
        conn = sqlite3.connect(tmp_path / "p.db")
        assert conn.execute("select name, pdf from topic_probes").fetchall() == [("adoption", None)]
        assert conn.execute("select count(*) from documents").fetchone() == (0,)  # every table, even empty
    finally:
        del module.TopicProbe, TopicProbe
        gc.collect()
    assert "topic_probes" not in {cls.table for cls in record_classes()}  # gone for the tests after this one


def test_two_unrelated_record_types_may_not_share_a_table(monkeypatch):
    import pytest

    module = types.ModuleType("rules.probe_twins")
    monkeypatch.setitem(sys.modules, module.__name__, module)

    class One(Record):
        table: ClassVar[str] = "documents"  # already DocumentRecord's

    One.__module__ = module.__name__
    try:
        with pytest.raises(ValueError, match="both claim table 'documents'"):
            record_classes()
    finally:
        del One
        gc.collect()
    assert DocumentRecord in record_classes()  # gone again: no other test meets it


def test_every_published_table_has_its_site_options_and_no_option_is_for_a_missing_table():
    from council_plans.site import TABLE_OPTIONS

    tables = {cls.table for cls in record_classes()}
    assert set(TABLE_OPTIONS) == tables, "add the new table's facets, sort and label to TABLE_OPTIONS (site.py)"


def test_the_documents_genre_column_names_every_genre_and_every_rule_set_reads_known_genres():
    from rules.engine import rule_sets
    from rules.genres import GENRES

    description = DocumentRecord.model_fields["genre"].description
    listed = description.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert listed == list(GENRES)
    assert {g for rs in rule_sets() for g in rs.genres} <= set(GENRES)
