"""The meeting first-sight batches pass their own checker (tests/firstsight/check.py).

The checker guards the honesty of the first-sight figure: no authority in two batches or in the
development set, gold in the documented format. Once a batch's first sight is on record, tests
may use its pages, so a council named in tests/*.py is an error only for an unscored batch.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECK = REPO / "tests" / "firstsight" / "check.py"


def _checker():
    spec = importlib.util.spec_from_file_location("firstsight_check", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_batch_passes_the_checker_without_pdf_text():
    run = subprocess.run([sys.executable, str(CHECK), "--no-pdf"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert run.stdout.strip().endswith("OK")


def test_a_batch_is_seen_only_once_its_first_sight_is_recorded(tmp_path: Path):
    check = _checker()
    batch = tmp_path / "batch-99"
    batch.mkdir()
    assert not check.first_sight_recorded(batch)
    (batch / "scores.json").write_text(json.dumps({"batch": 99}))
    assert not check.first_sight_recorded(batch)
    (batch / "scores.json").write_text(json.dumps({"batch": 99, "first_sight": {"f1": 0.5}}))
    assert check.first_sight_recorded(batch)


def test_councils_named_in_tests_are_excluded_only_for_unscored_batches():
    check = _checker()
    with_tests = check.excluded_authorities(None)
    without = check.excluded_authorities(None, with_tests=False)
    # tests/test_councils.py and others name real councils: those bind only unscored batches.
    named = {k for k in with_tests if k not in without}
    assert named, "tests/*.py name councils, so an unscored batch must exclude some"
    assert check.authority_key("Wiltshire Council") in without
