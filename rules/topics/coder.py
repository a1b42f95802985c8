"""Coding text to a CAP major topic by rules over lemmas and phrases (the topics pack).

The pipeline is ``spacy.blank("en")`` with the lookup lemmatizer (its tables come from the
``spacy-lookups-data`` package: nothing is downloaded) and one ``PhraseMatcher`` on lemmas
holding every topic's phrases, every exclusion and the procedural phrases. For one text:

1. phrases are matched, longest first; a phrase claims its words, so "car park" never counts
   as a park and "adoption of the policy" (an exclusion) never as adoption;
2. every word no phrase claimed is looked up among the topics' lemmas (and weak lemmas);
3. each hit weighs its pack weight times the word's specificity in general English
   (wordfreq's Zipf frequency, mapped to [floor, 1]: rare words say more), a phrase
   ``phrase_weight`` times the mean specificity of its words; a term found n times counts
   1 + ln(n) times; hits in the heading (a decision's title, an element's name) count
   ``heading_weight`` times;
4. the highest-scoring topic wins, the next is the runner-up, and the confidence is the
   pack's calibration of the margin between them and the winner's strength.

Meeting housekeeping is ``procedural`` when a procedural phrase is in the heading, or when
procedural phrases outweigh every topic. An item with no signal of its own takes its
context's code (the meeting's body, the element it sits under) at a discount, else it is
``unclassified`` with confidence 0.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from wordfreq import zipf_frequency

from kernel.nlp import blank_english
from rules.topics.pack import PROCEDURAL, UNCLASSIFIED, TopicsPack, topics_pack

LEMMA_RULE = "topics.lemma.v1"
PHRASE_RULE = "topics.phrase.v1"
PROCEDURAL_RULE = "topics.procedural.v1"
CONTEXT_RULE = "topics.context.v1"
UNCLASSIFIED_RULE = "topics.unclassified.v1"

_EXCLUDED = "x"  # matcher key of an exclusion phrase
_PROCEDURAL = "p"
_WORD = re.compile(r"[a-z][a-z'’-]*")


@dataclass(frozen=True)
class TopicCode:
    """What a text is about: a CAP major topic code ('1' … '23'), 'procedural' or
    'unclassified', with its name, a runner-up, a confidence in 0..1, the rule that chose it,
    every topic's score (``scores``) and the terms that counted (``evidence``)."""

    topic: str
    name: str
    confidence: float
    runner_up: str | None = None
    rule: str = UNCLASSIFIED_RULE
    scores: dict[str, float] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    @property
    def is_policy(self) -> bool:
        """Whether it names a policy topic (not procedural, not unclassified)."""
        return self.topic not in (PROCEDURAL, UNCLASSIFIED)

    def vector(self) -> dict[str, float]:
        """The topic scores as shares summing to 1 (empty when nothing signalled)."""
        total = sum(self.scores.values())
        return {k: v / total for k, v in self.scores.items() if v > 0} if total > 0 else {}

    def as_json(self, text: str | None = None) -> dict:
        out = {"topic": self.topic, "topic_name": self.name, "confidence": round(self.confidence, 3),
               "runner_up": self.runner_up, "rule": self.rule}
        return {"text": text, **out} if text is not None else out


@dataclass
class _Reading:
    """What one string contributes: per topic, its terms with weight and count."""

    terms: dict[str, dict[str, list[float]]] = field(default_factory=lambda: defaultdict(dict))
    procedural: list[str] = field(default_factory=list)

    def scores(self, factor: float = 1.0) -> dict[str, float]:
        return {code: factor * sum(w * (1 + math.log(n)) for w, n in terms.values())
                for code, terms in self.terms.items()}


# Built on first use, not by the build's warm-up (which loads every argument-less cached
# function of the rules modules before forking document workers): the coder runs only in
# the linking step, after the workers, so the workers need not carry it.
_LOADED: dict[str, object] = {}


def _pipeline() -> Language:
    if "nlp" not in _LOADED:
        nlp = blank_english()
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # the lemma tables of spacy-lookups-data (installed, not downloaded)
        _LOADED["nlp"] = nlp
    return _LOADED["nlp"]  # type: ignore[return-value]


def _lower(text: str) -> str:
    """Lower case, white space made single, typographic apostrophes made plain ("children’s"
    is "children's"). The lookup tables are keyed by lower-case forms."""
    return " ".join((text or "").split()).lower().replace("\u2019", "'").replace("\u2018", "'")


class Coder:
    """The topics pack, compiled: a PhraseMatcher and lemma tables over one spaCy pipeline."""

    def __init__(self, pack: TopicsPack | None = None):
        self.pack = pack or topics_pack()
        self.nlp = _pipeline()
        s = self.pack.scoring
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        # One-word signals: by the form as written ("parking", "housing"), else by lemma for
        # words written in their base form ("school" also finds "schools"). The lookup tables
        # would read "parking" as "park" and "housing" as "house": a word the pack spells out
        # is never taken for another.
        self.forms: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        self.lemmas: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        self.excluded_forms: set[str] = set()
        self.procedural_forms: set[str] = set()
        self.phrase_spec: dict[str, float] = {}
        for topic in self.pack.topics:
            singles: dict[str, float] = {}
            for words, weight in ((topic.weak, s.weak_weight), (topic.lemmas, 1.0), (topic.phrases, 1.0)):
                for word in words:  # a word listed twice keeps its strongest weight
                    singles[_lower(word)] = max(weight, singles.get(_lower(word), 0.0))
            strong, weak = [], []
            for word, weight in singles.items():
                doc = self.nlp(word)
                if len(doc) > 1:  # "fly-tipping", "home to school transport": matched as a phrase
                    (strong if weight >= 1.0 else weak).append(word)
                    continue
                entry = (topic.code, weight, self.specificity(word))
                self.forms[word].append(entry)
                if (doc[0].lemma_ or word) == word:
                    self.lemmas[word].append(entry)
            self._add(f"t{topic.code}", strong)
            self._add(f"w{topic.code}", weak)
            self._add(_EXCLUDED, [p for p in topic.exclusions if not self._single(p, self.excluded_forms)])
        self._add(_PROCEDURAL, [p for p in self.pack.procedural.phrases if not self._single(p, self.procedural_forms)])
        neutral = sorted((_lower(p) for p in s.context_neutral), key=len, reverse=True)
        self.context_neutral = re.compile(r"\b(?:" + "|".join(map(re.escape, neutral)) + r")\b") if neutral else None

    def _single(self, phrase: str, forms: set[str]) -> bool:
        """A one-word exclusion or procedural phrase is kept as a form (True), not a phrase."""
        word = _lower(phrase)
        if len(self.nlp.make_doc(word)) == 1:
            forms.add(word)
            return True
        return False

    def _add(self, key: str, phrases: Iterable[str]) -> None:
        phrases = list(dict.fromkeys(_lower(p) for p in phrases))
        if not phrases:
            return
        for phrase in phrases:
            self.phrase_spec[phrase] = self.phrase_specificity(phrase)
        self.matcher.add(key, list(self.nlp.pipe(phrases)))

    # -- word weights -------------------------------------------------------------------

    def specificity(self, word: str) -> float:
        """How much a word says, from its frequency in general English: the pack's floor for
        words as common as ``zipf_common`` ("the" is 7.7), 1 for words as rare as ``zipf_rare``."""
        return _specificity(word.lower(), self.pack.scoring.zipf_common, self.pack.scoring.zipf_rare,
                            self.pack.scoring.specificity_floor)

    def phrase_specificity(self, phrase: str) -> float:
        words = [w for w in _WORD.findall(phrase.lower()) if w not in self.nlp.Defaults.stop_words]
        return sum(self.specificity(w) for w in words) / len(words) if words else self.pack.scoring.specificity_floor

    # -- reading ------------------------------------------------------------------------

    def _read(self, doc: Doc) -> _Reading:
        reading = _Reading()
        s = self.pack.scoring
        found = []
        for match_id, start, end in self.matcher(doc):
            key = self.nlp.vocab.strings[match_id]
            found.append((start, end, key))
        # Longest first; on the same words a topic's phrase beats an exclusion, and two topics
        # listing the same phrase both count it.
        found.sort(key=lambda m: (-(m[1] - m[0]), m[2] == _EXCLUDED, m[0]))
        claimed: dict[int, tuple[int, int]] = {}
        for start, end, key in found:
            span = (start, end)
            if any(claimed.get(i, span) != span for i in range(start, end)):
                continue  # overlaps a longer (or preferred) phrase already taken
            if any(i in claimed for i in range(start, end)) and key == _EXCLUDED:
                continue
            for i in range(start, end):
                claimed[i] = span
            text = doc[start:end].text
            if key == _EXCLUDED:
                continue
            if key == _PROCEDURAL:
                reading.procedural.append(text)
                continue
            spec = self.phrase_spec.get(text) or self.phrase_specificity(text)
            weight = s.phrase_weight * spec * (s.weak_weight if key[0] == "w" else 1.0)
            self._count(reading, key[1:], f'"{text}"', weight)
        for token in doc:
            if token.i in claimed or not (token.is_alpha or token.like_num):
                continue
            form = token.lower_
            if form in self.excluded_forms:
                continue
            if form in self.procedural_forms:
                reading.procedural.append(form)
                continue
            lemma = token.lemma_ or form
            term, entries = (form, self.forms[form]) if form in self.forms else (lemma, self.lemmas.get(lemma, ()))
            for code, weight, spec in entries:
                self._count(reading, code, term, weight * spec)
        return reading

    @staticmethod
    def _count(reading: _Reading, code: str, term: str, weight: float) -> None:
        entry = reading.terms[code].get(term)
        if entry is None:
            reading.terms[code][term] = [weight, 1]
        else:
            entry[1] += 1

    def _readings(self, texts: Iterable[str]) -> dict[str, _Reading]:
        unique = list(dict.fromkeys(t for t in texts if t))
        return {t: self._read(doc) for t, doc in zip(unique, self.nlp.pipe(unique, batch_size=256), strict=True)}

    # -- coding -------------------------------------------------------------------------

    def code(self, text: str | None, context: str | TopicCode | None = None, heading: str | None = None) -> TopicCode:
        """The topic of one item: ``heading`` is its title or name (weighed more), ``text`` the
        rest of it, ``context`` what it sits in — a string (the meeting's body, the plan's
        title) coded when the item says nothing, or a :class:`TopicCode` already made for it
        (the parent element's), taken over at a discount."""
        return self.code_many([(text, context, heading)])[0]

    def code_many(self, items: Sequence[tuple[str | None, str | TopicCode | None, str | None]]) -> list[TopicCode]:
        """Many items at once, every string through ``nlp.pipe`` once: (text, context, heading)."""
        strings = []
        for text, context, heading in items:
            strings += [_lower(text or ""), _lower(heading or "")]
            if isinstance(context, str):
                strings.append(self._context_text(context))
        readings = self._readings(strings)
        return [self._decide(readings.get(_lower(text or "")), readings.get(_lower(heading or "")),
                             readings.get(self._context_text(context)) if isinstance(context, str) else context)
                for text, context, heading in items]

    def _context_text(self, context: str) -> str:
        """A context string as it is read: without the pack's ``context_neutral`` phrases."""
        text = _lower(context)
        return " ".join(self.context_neutral.sub(" ", text).split()) if self.context_neutral else text

    def _decide(self, body: _Reading | None, heading: _Reading | None, context: _Reading | TopicCode | None) -> TopicCode:
        s, cal = self.pack.scoring, self.pack.calibration
        scores: dict[str, float] = defaultdict(float)
        phrase_part: dict[str, float] = defaultdict(float)
        for reading, factor in ((heading, s.heading_weight), (body, 1.0)):
            if reading is None:
                continue
            for code, value in reading.scores(factor).items():
                scores[code] += value
            for code, terms in reading.terms.items():
                phrase_part[code] += factor * sum(w * (1 + math.log(n)) for t, (w, n) in terms.items() if t.startswith('"'))
        procedural = (s.procedural_weight * s.heading_weight * len(heading.procedural) if heading else 0.0) + \
                     (s.procedural_weight * len(body.procedural) if body else 0.0)
        own_best = max(scores.values(), default=0.0)
        if procedural and ((heading and heading.procedural) or procedural >= own_best):
            ranked = _ranked(scores)
            best, best_score = ranked[0] if ranked else (None, 0.0)
            margin = (procedural - best_score) / procedural if procedural > best_score else 0.0
            terms = [f'"{t}"' for r in (heading, body) if r for t in r.procedural]
            return TopicCode(PROCEDURAL, self.pack.name(PROCEDURAL) or "Procedural",
                             cal.confidence(margin, procedural), best, PROCEDURAL_RULE, dict(scores), tuple(terms))
        inherited = self._context(context)
        if own_best >= s.min_score:
            if inherited is not None and s.context_prior:
                # What the item sits in leans it, a little, towards the same topic.
                scores[inherited.topic] += s.context_prior * inherited.confidence
            ranked = _ranked(scores)
            (best, best_score), (runner, runner_score) = ranked[0], (ranked[1] if len(ranked) > 1 else (None, 0.0))
            evidence = [t for r in (heading, body) if r is not None for t in r.terms.get(best, {})]
            rule = PHRASE_RULE if phrase_part[best] >= best_score / 2 else LEMMA_RULE
            margin = (best_score - runner_score) / best_score
            return TopicCode(best, self.pack.name(best) or best, cal.confidence(margin, best_score), runner, rule,
                             dict(scores), tuple(dict.fromkeys(evidence)))
        if inherited is not None:
            return TopicCode(inherited.topic, inherited.name, inherited.confidence * s.context_discount,
                             inherited.runner_up, CONTEXT_RULE, dict(scores), inherited.evidence)
        ranked = _ranked(scores)
        return TopicCode(UNCLASSIFIED, self.pack.name(UNCLASSIFIED) or "Unclassified", 0.0,
                         ranked[0][0] if ranked else None, UNCLASSIFIED_RULE, dict(scores), ())

    def _context(self, context: _Reading | TopicCode | None) -> TopicCode | None:
        """The policy topic an item's context lends it, if it signals one strongly enough."""
        if isinstance(context, TopicCode):
            return context if context.is_policy else None
        if context is None:
            return None
        code = self._decide(context, None, None)
        if not code.is_policy or code.scores.get(code.topic, 0.0) < self.pack.scoring.context_min_score:
            return None
        return code


def _ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(((k, v) for k, v in scores.items() if v > 0), key=lambda kv: (-kv[1], _order(kv[0])))


def _order(code: str) -> int:
    """Ties go to the lower CAP number, so a tie always resolves the same way."""
    return int(code) if code.isdigit() else 99


@functools.lru_cache(maxsize=65536)
def _specificity(word: str, common: float, rare: float, floor: float) -> float:
    z = zipf_frequency(word, "en")
    share = min(1.0, max(0.0, (common - z) / (common - rare)))
    return floor + (1.0 - floor) * share


def coder() -> Coder:
    """The coder of the installed topics pack (built once per process, on first use)."""
    if "coder" not in _LOADED:
        _LOADED["coder"] = Coder()
    return _LOADED["coder"]  # type: ignore[return-value]


def reset() -> None:
    """Forget the coder and the pack (after PLANS_PACK_PATH or a pack file changed)."""
    _LOADED.pop("coder", None)
    topics_pack.cache_clear()
