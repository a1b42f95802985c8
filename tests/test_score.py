"""``plans score``: the meetings scorer as a product command. It gives the same figures as the
project's evaluation script (``../shared/eval/score_meetings.py``) on the development set, and
scores a folder a user labelled by hand — the README's worked example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfgen import make_pdf, text_page

from council_plans.build import build
from council_plans.cli import cli
from council_plans.score import GoldError, load_gold, score_meetings

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORE_MEETINGS = ROOT.parent / "shared" / "eval" / "score_meetings.py"


@pytest.mark.skipif(not SCORE_MEETINGS.exists(), reason="the development set (../shared/eval) is not here")
def test_the_same_figures_as_the_evaluation_script_on_the_development_set(tmp_path):
    db = tmp_path / "dev.db"
    build(DEV / "corpus", db, jobs=2)
    script = subprocess.run([sys.executable, str(SCORE_MEETINGS), "--db", str(db), "--gold", str(DEV / "meetings"),
                             "--json", "--per-doc"], capture_output=True, text=True, check=True)
    theirs = json.loads(script.stdout)
    ours = score_meetings(db, DEV / "meetings", per_doc=True)
    assert {k: v for k, v in ours.items() if k in theirs and k != "per_doc"} == {
        k: v for k, v in theirs.items() if k != "per_doc"}
    assert {slug: {k: v for k, v in doc.items() if k != "metadata"} for slug, doc in ours["per_doc"].items()} \
        == theirs["per_doc"]
    assert set(ours["metadata"]) == {"council", "body", "meeting_date"}


MINUTES = [
    "**Minutes of a meeting of the Parks Committee held on Tuesday 3 June 2025 at 7.00 pm in the Council Chamber",
    "", "Present: Councillors R Amis (Chair), T Bode", "",
    "**12. Play Areas", "RESOLVED: That the swings at Mill Park be replaced.", "",
    "Reason for decision: The swings failed their safety inspection.", "",
    "**13. Bowls Club Lease", "RESOLVED: That the lease be renewed for ten years.", "",
    "**14. Tennis Courts", "RESOLVED: That the courts be resurfaced in the autumn.",
]
AGENDA = ["**Parks Committee", "**Agenda", "Meeting: Parks Committee", "Date: Tuesday 1 July 2025", "",
          "1. Apologies", "2. Minutes of the last meeting"]


def hand_labelled(folder: Path) -> Path:
    """The README's example: two files labelled by hand, one of them a page with no decision."""
    folder.mkdir()
    (folder / "parks-2025-06-03.gold.json").write_text(json.dumps({
        "council": "Brookfield Town Council", "body": "Parks Committee", "meeting_date": "2025-06-03",
        "decisions": [
            {"minute_number": "12", "title": "Play Areas", "resolved": "That the swings at Mill Park be replaced.",
             "reason": "The swings failed their safety inspection."},
            {"minute_number": "13", "title": "Bowls Club Lease", "resolved": "That the lease be renewed for ten years."},
            {"minute_number": "15", "title": "Allotments", "resolved": "That allotment rents be frozen."},
        ]}), encoding="utf-8")
    (folder / "parks-agenda-2025-07-01.gold.json").write_text(json.dumps({"decisions": []}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    root = tmp_path_factory.mktemp("score")
    corpus = root / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "parks-2025-06-03.pdf", [text_page(["**BROOKFIELD TOWN COUNCIL", *MINUTES])])
    make_pdf(corpus / "parks-agenda-2025-07-01.pdf", [text_page(AGENDA)])
    build(corpus, root / "plans.db", jobs=1)
    return root / "plans.db", hand_labelled(root / "gold")


def test_a_hand_labelled_folder(labelled):
    db, gold = labelled
    result = score_meetings(db, gold, per_doc=True)
    # 2 of 3 gold decisions found; the third decision read (14) is not in the gold
    assert (result["gold"], result["found"], result["tp"]) == (3, 3, 2)
    assert result["precision"] == pytest.approx(2 / 3) and result["recall"] == pytest.approx(2 / 3)
    assert (result["reason_ok"], result["reasons_checked"], result["title_ok"], result["titles_checked"]) == (1, 1, 2, 2)
    assert result["metadata"] == {
        "council": {"checked": 1, "right": 1, "accuracy": 1.0}, "body": {"checked": 1, "right": 1, "accuracy": 1.0},
        "meeting_date": {"checked": 1, "right": 1, "accuracy": 1.0}}
    assert result["per_doc"]["parks-agenda-2025-07-01"] == {"gold": 0, "found": 0, "tp": 0, "reason_ok": "0/0",
                                                            "indexed": True}


def test_a_page_whose_gold_has_no_decision_counts_what_is_read_as_wrong(labelled, tmp_path):
    db, _ = labelled
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "parks-2025-06-03.gold.json").write_text('{"decisions": []}', encoding="utf-8")
    result = score_meetings(db, folder)
    assert (result["gold"], result["found"], result["tp"], result["precision"]) == (0, 3, 0, 0.0)
    assert "metadata" not in result


def test_the_command(labelled):
    db, gold = labelled
    out = CliRunner().invoke(cli, ["score", "--gold", str(gold), "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "decisions     P 0.67  R 0.67  F1 0.67  (gold 3, found 3, matched 2)" in out.output
    assert "reasons       1/1" in out.output and "meeting date  1/1" in out.output
    as_json = CliRunner().invoke(cli, ["score", "--gold", str(gold), "--db", str(db), "--json", "--per-doc"])
    assert json.loads(as_json.output)["per_doc"]["parks-2025-06-03"]["tp"] == 2


def test_a_gold_folder_that_cannot_be_read_says_which_file_and_why(tmp_path, labelled):
    db, _ = labelled
    (tmp_path / "bad.gold.json").write_text('{"decisions": [{"title": "no resolved text"}]}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.gold\.json"):
        load_gold(tmp_path)
    out = CliRunner().invoke(cli, ["score", "--gold", str(tmp_path), "--db", str(db)])
    assert out.exit_code == 1 and "bad.gold.json" in out.output and "resolved" in out.output
