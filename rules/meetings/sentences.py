"""The sentence-level decision reader: in minutes that label no resolution, a sentence whose
main predicate is a decision act ("The community council considered and adopted the Model
Constitution.", "We agreed to wait and see ...", "The decision was unanimously taken to change
our bank."), only in an item where no label, frame or closing paragraph found one.

The forms are the pack's (``decision_sentences`` with the word slots of
``decision_sentence_words``, ``rules/packs/minutes.yaml``), each matched at the start of a
sentence, so that the decision act is the sentence's own predicate and not a clause inside it
("... explained that the Council approved the scheme in 2019" is no decision of this meeting).
A decision read this way is found ``sentence``: less sure than a label or a frame
(``found_by_weights`` in ``rules/packs/genres.yaml``)."""

from __future__ import annotations

import re

from kernel.text import clean
from rules.meetings.packs import MinutesPack

FOUND_BY_SENTENCE = "sentence"

# Where a crude export glued a sentence to what precedes it, without a space: after a full
# stop ("... Vice Chair.All Councillors were ...") or after a heading in capitals ("57/19
# ELECTION OF CHAIRJohn Hume was proposed ..."): a sentence may start there too.
_GLUED_START = r"(?<=[a-z][.!?])(?=[A-Z][a-z])|(?<=[A-Z]{3})(?=[A-Z][a-z]+\s)"
_GLUED_END = r"(?<=[a-z][.!?])(?=[A-Z0-9])"


def sentences(paragraph: str, pack: MinutesPack) -> list[str]:
    """The paragraph's sentences that may record a decision: each starts where a sentence may
    (the paragraph's start, after a full stop — even one that ends an abbreviation: "... the
    V.A.T. The Council adopted ..." — or a bullet run into the text) and ends at the
    pack's ``sentence_end`` (not after "Cllr." or an initial) or a bullet."""
    ends = re.compile(f"{pack.sentence_end}|{pack.decision_sentence_splits}|{_GLUED_END}")
    starts = [0] + [m.end() for m in re.finditer(rf"(?<=[.!?;:])\s+(?=[A-Z(])|{pack.decision_sentence_splits}"
                                                  rf"|{_GLUED_START}|{_run_on_start(pack)}", paragraph)]
    out: list[str] = []
    for start in sorted(set(starts)):
        end = ends.search(paragraph, start + 1)
        sentence = clean(paragraph[start : end.start() if end else len(paragraph)])
        if sentence:
            out.append(sentence)
    return out


def _run_on_start(pack: MinutesPack) -> str:
    """A sentence run on after a heading with no stop between: one of the pack's subjects,
    capitalised, after a word that ends no sentence."""
    return rf"(?<=[a-z0-9])\s+(?=(?:{pack.decision_sentence_run_on_subjects})\s+[a-z])"


def decision_sentences(paragraphs: list[tuple[int, str]], pack: MinutesPack, found: list[str],
                       labelled: bool = False) -> list[tuple[int, str]]:
    """(offset of its paragraph, sentence) for each sentence that records a decision in one of
    the pack's forms, and is not already part of a resolution in ``found``. ``labelled``: the
    minutes label their resolutions (the forms read only where they do not are left out)."""
    forms = pack.decision_sentence_regexes + ([] if labelled else pack.decision_sentence_unlabelled_regexes)
    out: list[tuple[int, str]] = []
    taken = [_fold(t) for t in found]
    read_here: set[str] = set()  # sentences this reader took: siblings that differ in a few words
    # ("... adopted the Model Constitution." / "... adopted the Model Standing Orders.") are each a decision
    for start, paragraph in paragraphs:
        read = sentences(paragraph, pack)
        for n, sentence in enumerate(read):
            if n and any(rx.match(sentence) for rx in pack.decision_sentence_refers_regexes):
                sentence = clean(read[n - 1] + " " + sentence)  # "... once the audit is done. This was agreed."
            elif not any(rx.match(sentence) for rx in forms):
                continue
            if any(re.search(rx, sentence) for rx in pack.decision_sentence_reported):
                continue
            folded = _fold(sentence)
            if folded in read_here or any(_overlaps(folded, t) for t in taken):
                continue
            read_here.add(folded)
            out.append((start, sentence))
    return out


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _overlaps(sentence: str, taken: str) -> bool:
    """Whether a sentence is (mostly) a resolution found otherwise: one holds the other, or
    most of the sentence's words are the resolution's (a frame cut it a little differently)."""
    if not taken:
        return False
    if sentence in taken or taken in sentence:
        return True
    words, other = sentence.split(), set(taken.split())
    return bool(words) and sum(w in other for w in words) / len(words) >= 0.7
