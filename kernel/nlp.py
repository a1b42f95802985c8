"""The blank English spaCy pipelines of the rules and the graph, sharing one tokenizer.

Four modules each build a ``spacy.blank("en")`` and add their own rule components (the
quantities finder, the people finder, the topic coder's and the meaning analyser's lemmatizers).
Most of what ``spacy.blank`` costs is its tokenizer, which loads some four thousand
exceptions ("don't", "a.m.", ...) each time: about 0.3 s of a quiet machine for each pipeline,
in every build's warm-up. The tokenizer is the same in all four (English defaults, nothing
here adds special cases), so it is built once and every pipeline made by :func:`blank_english`
shares it and its vocabulary (the string store and lexemes: the same for every English
pipeline). Components stay each pipeline's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

SHARED_TOKENIZER = "council_plans.shared_english_tokenizer.v1"


@functools.cache
def _base() -> Language:
    return spacy.blank("en")


@spacy.registry.tokenizers(SHARED_TOKENIZER)
def _shared_tokenizer() -> Callable[[Language], Tokenizer]:
    def create(nlp: Language) -> Tokenizer:
        tokenizer = _base().tokenizer
        if tokenizer.vocab is not nlp.vocab:
            raise ValueError("a pipeline sharing the English tokenizer must share its vocabulary")
        return tokenizer

    return create


def blank_english() -> Language:
    """A new ``spacy.blank("en")`` (no components) whose tokenizer and vocabulary are shared."""
    return spacy.blank("en", vocab=_base().vocab, config={"nlp": {"tokenizer": {"@tokenizers": SHARED_TOKENIZER}}})
