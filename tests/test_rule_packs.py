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


def test_a_pack_that_does_not_validate_names_the_file(tmp_path):
    shutil.copy(PACK_DIR / "minutes.yaml", tmp_path / "minutes.yaml")
    (tmp_path / "minutes-broken.yaml").write_text("pack: minutes\nresolution_labels:\n  - {pattern: '(?P<unclosed'}\n")
    with pytest.raises(PlansError) as caught:
        load_pack("minutes", MinutesPack, directory=tmp_path)
    assert caught.value.code == "E030"
    assert "minutes-broken.yaml" in str(caught.value)


def test_a_misspelt_key_is_refused(tmp_path):
    # A key the family does not know would otherwise do nothing at all.
    shutil.copy(PACK_DIR / "minutes.yaml", tmp_path / "minutes.yaml")
    (tmp_path / "minutes-typo.yaml").write_text("pack: minutes\nresolution_label:\n  - {pattern: 'AGREED'}\n")
    with pytest.raises(PlansError) as caught:
        load_pack("minutes", MinutesPack, directory=tmp_path)
    assert caught.value.code == "E030" and "resolution_label" in str(caught.value)


def test_a_file_without_a_pack_name_is_refused(tmp_path):
    (tmp_path / "stray.yaml").write_text("resolved_markers: []\n")
    with pytest.raises(PlansError) as caught:
        load_pack("minutes", MinutesPack, directory=tmp_path)
    assert caught.value.code == "E030"
