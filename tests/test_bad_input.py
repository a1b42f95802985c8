"""Bad input: a clear error with a catalogue code, and the rest of the build goes on."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import CORPUS, SERVICE_PLAN_2022
from pdfgen import make_pdf

from council_plans.build import build
from extractor import extract
from kernel.errors import PlansError


@pytest.fixture
def bad_files(tmp_path):
    make_pdf(tmp_path / "encrypted.pdf", [[("Secret", 12, False)]], encrypt=True)
    make_pdf(tmp_path / "image-only.pdf", [[]])
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "webpage.pdf").write_text("<html>Not found</html>")
    good = make_pdf(tmp_path / "good.pdf", [[("Minutes", 16, True), ("Some text.", 11, False)]])
    (tmp_path / "truncated.pdf").write_bytes(good.read_bytes()[:300])
    return tmp_path


@pytest.mark.parametrize(
    ("name", "code"),
    [("encrypted.pdf", "E003"), ("image-only.pdf", "E005"), ("empty.pdf", "E002"), ("webpage.pdf", "E001"),
     ("truncated.pdf", "E004")],
)
def test_each_kind_of_bad_file_has_its_own_code(bad_files, name, code):
    with pytest.raises(PlansError) as info:
        extract(bad_files / name)
    assert info.value.code == code
    assert name in info.value.message  # says where
    assert info.value.kind.hint in info.value.message  # and what to do


def test_build_reports_bad_files_and_keeps_the_good_ones(bad_files, tmp_path):
    shutil.copy(CORPUS / SERVICE_PLAN_2022, bad_files / SERVICE_PLAN_2022)
    db = tmp_path / "out.db"
    result = build(bad_files, db, jobs=1)
    conn = sqlite3.connect(db)
    files = {r[0] for r in conn.execute("select file from documents")}
    assert files == {"good.pdf", SERVICE_PLAN_2022}
    errors = dict(conn.execute("select file, code from errors"))
    assert errors == {"encrypted.pdf": "E003", "image-only.pdf": "E005", "empty.pdf": "E002",
                      "webpage.pdf": "E001", "truncated.pdf": "E004"}
    assert len(result.errors) == 5


def test_a_failed_publish_leaves_the_old_database_untouched(tmp_path, monkeypatch):
    make_pdf(tmp_path / "a.pdf", [[("Title", 16, True)]])
    db = tmp_path / "plans.db"
    build(tmp_path, db, jobs=1)
    before = db.read_bytes()
    make_pdf(tmp_path / "b.pdf", [[("Another", 16, True)]])

    import council_plans.publish as publish

    def broken(records, path):
        path.write_bytes(b"half written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish, "_write", broken)
    with pytest.raises(RuntimeError):
        build(tmp_path, db, jobs=1)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".plans.db.*"))


def test_manifest_checksum_mismatch_is_reported_and_metadata_not_trusted(tmp_path):
    make_pdf(tmp_path / "a.pdf", [[("Real title", 16, True)]])
    (tmp_path / "manifest.json").write_text('[{"file": "a.pdf", "title": "Wrong", "sha256": "00ff"}]')
    db = tmp_path / "plans.db"
    build(tmp_path, db, jobs=1)
    conn = sqlite3.connect(db)
    assert conn.execute("select code from errors").fetchall() == [("E010",)]
    assert conn.execute("select title, metadata_source from documents").fetchone()[1] != "manifest"
