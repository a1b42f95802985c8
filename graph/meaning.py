"""What a passage of plan text is about, as spaCy sees it: sentences, lemmas and concepts.

A blank English pipeline with a sentencizer and the lookup lemmatizer (its tables come from the
``spacy-lookups-data`` package, installed with the project: nothing is downloaded at run
time) turns "Families were supported" into ``family be support``. A ``PhraseMatcher`` over
lemmas then finds the multi-word concepts and synonyms the lineage pack lists ("carbon
neutral" and "net zero" are one concept; "looked after children" and "children in care"
another), so two editions that say the same thing in other words still meet.

Each sentence becomes a bag of *terms*: the Snowball stem of each content lemma
("communities" → ``communiti``, "prosperous" and "prosperity" → ``prosper``) and
``concept:<id>`` for every concept matched in it. Words inside a matched phrase count only as
the concept, so "net zero" never weighs as "zero". Only grammar words (spaCy's English stop
words, less the few content words the pack lists) and numbers are left out: how much a word
says is its *weight*, from its frequency in general English (``wordfreq``), not a stop list,
so "people", "support" and "opportunity" count, a little, and "wealthier" counts a lot.
Terms are for comparing; what users see is always the sentence as printed.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import snowballstemmer
from pydantic import BaseModel, Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from wordfreq import zipf_frequency

from kernel.nlp import blank_english

CONCEPT = "concept:"


class Concept(BaseModel):
    """Phrases that mean one thing in a plan, whichever edition's wording is used."""

    id: str
    phrases: list[str] = Field(min_length=1)
    why: str = ""


class MeaningRules(BaseModel):
    """The language part of the lineage pack (``rules/packs/lineage.yaml``)."""

    # spaCy's English stop words that are content words in a plan ("Start Well", "Better Together").
    content_words: list[str] = Field(default_factory=list)
    min_token_length: int = 3
    concepts: list[Concept] = Field(default_factory=list)
    # A word's weight from its Zipf frequency in general English: 0 at ``zipf_common`` and above
    # ("the" is 7.7), 1 at ``zipf_rare`` and below, linear between. A concept weighs ``concept_weight``.
    zipf_common: float = 7.0
    zipf_rare: float = 3.0
    concept_weight: float = 1.0


@dataclass
class Sentence:
    """One sentence of an element's text, with the page it is printed on and its terms."""

    text: str
    document_id: str
    page: int | None
    terms: Counter[str] = field(default_factory=Counter)
    is_name: bool = False  # the element's own name, not a sentence of its text
    is_description: bool = False  # the element's description (printed beside its name)
    vector: dict[str, float] = field(default_factory=dict)  # filled in by the lineage matcher
    weight: float = 0.0


@functools.cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def _stem(lemma: str) -> str:
    # Snowball in pure Python costs tens of microseconds a word, and a plan repeats its words.
    return _stemmer().stemWord(lemma)


@functools.lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@functools.cache
def _pipeline() -> Language:
    nlp = blank_english()
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
        self.stop = set(self.nlp.Defaults.stop_words) - {w.lower() for w in rules.content_words}
        self.forms: dict[str, str] = {}  # term → the lemma it was first seen as (its weight is that word's)
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
        # Each token may belong to several concepts (a specific one and a broad area): every concept
        # matched counts once per phrase occurrence, however many words the phrase has.
        covered: dict[int, set[str]] = {}
        starts: list[tuple[int, str]] = []
        for match_id, start, end in self.matcher(doc):
            concept = self.nlp.vocab.strings[match_id]
            starts.append((start, concept))
            for i in range(start, end):
                covered.setdefault(i, set()).add(concept)
        out = []
        for sent in doc.sents:
            terms: Counter[str] = Counter()
            for start, concept in set(starts):
                if sent.start <= start < sent.end:
                    terms[concept] += 1
            for token in sent:
                if token.i in covered:
                    continue
                lemma = token.lemma_ or token.lower_
                if self._content(token.lower_, lemma, token.is_alpha):
                    term = _stem(lemma)
                    self.forms.setdefault(term, lemma)
                    terms[term] += 1
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

    def weight(self, term: str) -> float:
        """How much a term says: a concept ``concept_weight``; a word by its general-English frequency."""
        if term.startswith(CONCEPT):
            return self.rules.concept_weight
        z = _zipf(self.forms.get(term, term))  # a word wordfreq does not know (a place name) is rare: 1
        r = self.rules
        return min(1.0, max(0.0, (r.zipf_common - z) / (r.zipf_common - r.zipf_rare)))

    def _content(self, word: str, lemma: str, alpha: bool) -> bool:
        return (alpha and len(word) >= self.rules.min_token_length
                and word not in self.stop and lemma not in self.stop)
