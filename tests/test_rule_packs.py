"""Rule packs are data: another council's layout is a new YAML file merged into the built-in pack."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT

from kernel.errors import PlansError
from rules.meetings.packs import MinutesPack
from rules.packs import PACK_DIR, load_pack


def readme_example_pack() -> str:
    """The YAML example under "Adding a rule pack" in the README, so the docs cannot go stale."""
    section = (ROOT / "README.md").read_text().split("## Adding a council", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "the README's rule-pack section has no yaml example"
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block.group(1).splitlines())


def test_the_readme_example_extends_the_minutes_pack(tmp_path):
    shutil.copy(PACK_DIR / "minutes.yaml", tmp_path / "minutes.yaml")
    (tmp_path / "minutes-othershire.yaml").write_text(readme_example_pack())
    builtin = load_pack("minutes", MinutesPack, directory=PACK_DIR)
    extended = load_pack("minutes", MinutesPack, directory=tmp_path)
    # lists are appended: the built-in labels stay, the new ones come after them
    n = len(builtin.resolution_labels)
    assert extended.resolution_labels[:n] == builtin.resolution_labels
    new = extended.resolution_labels[n:]
    assert any(label.regex.match("DETERMINED: that the plan be adopted") for label in new)
    assert extended.reason_labels[-1].label == "Grounds"
    assert extended.reason_labels[-1].regex.match("Grounds: to meet the statutory duty")


def left_out(path) -> list[str]:
    """What the packs module says of a file it left out (E030 messages naming it)."""
    from rules.packs import skipped_files

    return [e.message for e in skipped_files(path.parent) if e.file == str(path)]


def test_a_file_that_spoils_its_pack_is_left_out_alone_and_named(tmp_path):
    shutil.copy(PACK_DIR / "minutes.yaml", tmp_path / "minutes.yaml")
    (tmp_path / "minutes-broken.yaml").write_text("pack: minutes\nresolution_labels:\n  - {pattern: '(?P<unclosed'}\n")
    (tmp_path / "minutes-othershire.yaml").write_text(readme_example_pack())
    builtin = load_pack("minutes", MinutesPack, directory=PACK_DIR)
    loaded = load_pack("minutes", MinutesPack, directory=tmp_path)
    # the built-in labels and the good extension's are read; the broken file is not
    n = len(builtin.resolution_labels)
    assert loaded.resolution_labels[:n] == builtin.resolution_labels
    assert any(label.regex.match("DETERMINED: that the plan be adopted") for label in loaded.resolution_labels[n:])
    messages = left_out(tmp_path / "minutes-broken.yaml")
    assert len(messages) == 1 and "E030" in messages[0]
    assert "the regular expression '(?P<unclosed' does not compile" in messages[0]


def test_a_misspelt_key_is_refused(tmp_path):
    # A key the family does not know would otherwise do nothing at all.
    shutil.copy(PACK_DIR / "minutes.yaml", tmp_path / "minutes.yaml")
    (tmp_path / "minutes-typo.yaml").write_text("pack: minutes\nresolution_label:\n  - {pattern: 'AGREED'}\n")
    load_pack("minutes", MinutesPack, directory=tmp_path)
    assert any("resolution_label" in m for m in left_out(tmp_path / "minutes-typo.yaml"))


def test_a_builtin_pack_that_does_not_validate_is_an_error(tmp_path):
    (tmp_path / "minutes.yaml").write_text("pack: minutes\nresolution_labels:\n  - {pattern: '(?P<unclosed'}\n")
    with pytest.raises(PlansError) as caught:
        load_pack("minutes", MinutesPack, directory=tmp_path)
    assert caught.value.code == "E030" and "minutes.yaml" in str(caught.value)


def test_a_file_without_a_pack_name_is_refused(tmp_path):
    (tmp_path / "stray.yaml").write_text("resolved_markers: []\n")
    with pytest.raises(PlansError) as caught:
        load_pack("minutes", MinutesPack, directory=tmp_path)
    assert caught.value.code == "E030"


def build_with_packs(tmp_path, packs):
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    from pdfgen import make_pdf, text_page

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "minutes.pdf", [text_page([
        "**Minutes of the meeting of the Audit Committee held at County Hall on 1 February 2021", "",
        "Present: Councillor B Lee", "", "**7 Internal Audit Plan", "RESOLVED: That the plan be approved.", "",
        "**8 Risk Register", "DETERMINED: That the register be noted."])])
    plans = str(Path(sys.executable).with_name("plans"))
    run = subprocess.run([plans, "build", "--corpus", str(corpus), "--db", str(tmp_path / "plans.db"), "-q",
                          "--jobs", "1"], capture_output=True, text=True, env={**os.environ, "PLANS_PACK_PATH": str(packs)})
    return run, sqlite3.connect(tmp_path / "plans.db")


def test_a_pack_that_does_not_validate_stops_only_its_own_rule_set(tmp_path):
    # A council's broken pack (a bad pattern) is reported as E030 once for the build; every
    # other rule set still reads the corpus.
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "reports-broken.yaml").write_text("pack: reports\npurpose_headings: ['(?P<unclosed']\n")
    run, conn = build_with_packs(tmp_path, packs)
    assert run.returncode == 1 and "E030" in run.stderr and "reports-broken.yaml" in run.stderr
    assert conn.execute("select count(*) from errors where code = 'E030'").fetchone() == (1,)
    assert conn.execute("select resolved from decisions").fetchall() == [("That the plan be approved.",)]


def test_a_councils_broken_extension_leaves_the_built_in_rules_reading(tmp_path):
    # Two extensions of the minutes pack: one spoils it (a bad pattern), one is good. The bad
    # file is left out with its E030; the built-in minutes rules and the good extension read.
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "minutes-broken.yaml").write_text("pack: minutes\nresolution_labels:\n  - {pattern: '(?P<unclosed'}\n")
    (packs / "minutes-othershire.yaml").write_text(readme_example_pack())
    run, conn = build_with_packs(tmp_path, packs)
    assert run.returncode == 1, run.stderr
    errors = conn.execute("select file, code, message from errors").fetchall()
    assert [(f, c) for f, c, _ in errors] == [(str(packs / "minutes-broken.yaml"), "E030")]
    assert "left out of pack 'minutes'" in errors[0][2] and "minutes-broken.yaml" in run.stderr
    assert sorted(conn.execute("select resolved from decisions").fetchall()) == [
        ("That the plan be approved.",), ("That the register be noted.",)]
