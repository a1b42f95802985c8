"""What a passage of plan text is about, as spaCy sees it: sentences, lemmas and concepts.

A blank English pipeline with a sentencizer and the lookup lemmatizer (its tables come from the
``spacy-lookups-data`` package, installed with the project: nothing is downloaded at run
time) turns "Families were supported" into ``family be support``. A ``PhraseMatcher`` over
lemmas then finds the multi-word concepts and synonyms the lineage pack lists ("carbon
neutral" and "net zero" are one concept; "looked after children" and "children in care"
another), so two editions that say the same thing in other words still meet.

Each sentence becomes a bag of *terms*: content lemmas (stop words, numbers and the pack's
plan-generic words left out) and ``concept:<id>`` for every concept matched in it. Words
inside a matched phrase count only as the concept, so "net zero" never weighs as "zero".
Terms are for comparing; what users see is always the sentence as printed.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import spacy
from pydantic import BaseModel, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher

CONCEPT = "concept:"


class Concept(BaseModel):
    """Phrases that mean one thing in a plan, whichever edition's wording is used."""

    id: str
    phrases: list[str] = Field(min_length=1)
    why: str = ""


class MeaningRules(BaseModel):
    """The language part of the lineage pack (``rules/packs/lineage.yaml``)."""

    stop_words: list[str] = Field(default_factory=list)  # added to spaCy's English stop words
    min_token_length: int = 3
    concepts: list[Concept] = Field(default_factory=list)


@dataclass
class Sentence:
    """One sentence of an element's text, with the page it is printed on and its terms."""

    text: str
    document_id: str
    page: int | None
    terms: Counter[str] = field(default_factory=Counter)
    is_name: bool = False  # the element's own name, not a sentence of its text
    vector: dict[str, float] = field(default_factory=dict)  # filled in by the lineage matcher
    weight: float = 0.0


@functools.cache
def _pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma tables from spacy-lookups-data (installed, not downloaded)
    return nlp


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as printed (white space made single)."""
    text = " ".join((text or "").split())
    if not text:
        return []
    # Sentence ends are the sentencizer's alone: lemmas would only cost time here.
    return [s.text.strip() for s in _pipeline()(text, disable=["lemmatizer"]).sents if s.text.strip()]


class Analyser:
    """Splits text into sentences and reads each as terms, with the pack's concepts matched."""

    def __init__(self, rules: MeaningRules):
        self.rules = rules
        self.nlp = _pipeline()
        self.stop = {w.lower() for w in rules.stop_words} | set(self.nlp.Defaults.stop_words)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        for concept in rules.concepts:
            # Patterns go through the same pipeline, so "looked after children" matches "looked after child".
            self.matcher.add(CONCEPT + concept.id, list(self.nlp.pipe(p.lower() for p in concept.phrases)))

    def sentences(self, text: str, document_id: str, page: int | None) -> list[Sentence]:
        """The sentences of ``text`` (as printed) with their terms."""
        text = " ".join((text or "").split())
        if not text:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered; keep offsets true
            lowered = text
        # Lookup tables are keyed by lower-case forms: "Families" is only lemmatised as "families".
        doc = self.nlp(lowered)
        covered: dict[int, str] = {}
        for match_id, start, end in self.matcher(doc):
            for i in range(start, end):
                covered.setdefault(i, self.nlp.vocab.strings[match_id])
        out = []
        for sent in doc.sents:
            terms: Counter[str] = Counter()
            seen_concepts: set[tuple[str, int]] = set()
            for token in sent:
                concept = covered.get(token.i)
                if concept:
                    # One count per phrase occurrence, however many words it has.
                    start = token.i
                    while start - 1 >= sent.start and covered.get(start - 1) == concept:
                        start -= 1
                    if (concept, start) not in seen_concepts:
                        seen_concepts.add((concept, start))
                        terms[concept] += 1
                    continue
                lemma = token.lemma_ or token.lower_
                if self._content(token.lower_, lemma, token.is_alpha):
                    terms[lemma] += 1
            printed = text[sent.start_char:sent.end_char].strip()
            if printed:
                out.append(Sentence(printed, document_id, page, terms))
        return out

    def terms(self, text: str) -> Counter[str]:
        """All the terms of a short text (a name), as one bag."""
        bag: Counter[str] = Counter()
        for s in self.sentences(text, "", None):
            bag.update(s.terms)
        return bag

    def _content(self, word: str, lemma: str, alpha: bool) -> bool:
        return (alpha and len(word) >= self.rules.min_token_length
                and word not in self.stop and lemma not in self.stop)
