"""What a build loads before it knows it has work, and the pipelines that share one tokenizer.

Speed itself is measured in ``bench/`` (README "Performance", round 5); these tests hold the
properties the speed rests on: an unchanged rebuild (a comment edited in a pack) loads no PDF
library, no spaCy and no record classes; the blank English pipelines share a tokenizer that
splits text as ``spacy.blank("en")`` does; wordfreq finds its data without ``inspect.stack()``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

from kernel.nlp import blank_english

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pdfplumber", "pypdfium2", "spacy", "sqlite_utils", "rules.records", "rules.engine", "extractor.reader")

UNCHANGED_REBUILD = """
import json, sys
from council_plans.build import build
result = build(sys.argv[1], sys.argv[2], jobs=1)
print(json.dumps({"unchanged": result.unchanged, "loaded": [m for m in sys.argv[3:] if m in sys.modules]}))
"""


def test_an_unchanged_rebuild_loads_no_reader_rules_or_spacy(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    db = tmp_path / "plans.db"

    def run() -> dict:
        out = subprocess.run([sys.executable, "-c", UNCHANGED_REBUILD, str(corpus), str(db), *HEAVY],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    first = run()
    assert not first["unchanged"]
    assert set(first["loaded"]) >= {"rules.engine", "sqlite_utils"}  # a real build loads them
    second = run()
    assert second["unchanged"]
    assert second["loaded"] == []


def test_the_shared_tokenizer_splits_as_a_blank_english_pipeline():
    text = "We don't know, e.g. 5.3% at 9 a.m. on 1st April 2023 (St. Mary's) - £1.2m/year."
    first, second = blank_english(), blank_english()
    assert first.tokenizer is second.tokenizer and first.vocab is second.vocab
    assert [t.text for t in first(text)] == [t.text for t in spacy.blank("en")(text)]


def test_pipelines_sharing_the_tokenizer_keep_their_own_components():
    with_sentences, bare = blank_english(), blank_english()
    with_sentences.add_pipe("sentencizer")
    assert bare.pipe_names == []
    assert len(list(with_sentences("One. Two.").sents)) == 2
    assert not bare("One. Two.").has_annotation("SENT_START")


def test_wordfreq_finds_its_data_folder_without_the_stack():
    import locate
    import wordfreq

    assert locate.this_dir() == Path(__file__).resolve().parent  # the caller's folder, as before
    assert wordfreq.DATA_PATH.parent == Path(wordfreq.__file__).resolve().parent
    assert any(wordfreq.DATA_PATH.glob("*.msgpack.gz"))
    assert wordfreq.zipf_frequency("council", "en") > 3
