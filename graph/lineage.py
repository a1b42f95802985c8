"""Lineage between plan editions: which elements of an older plan became which of a newer one.

An *element* is a priority, theme, objective, outcome, mission or goal of a plan: its name, its
description (kept apart from the name) and the passages that say more about it (strapline,
introduction, actions, metrics), each sentence with its document and page, and its *rank* in
its plan (0 for the plan's top level, 1 for the level under it, ...). ``graph/meaning.py``
reads every sentence as weighted terms (stems of content words, weighed by how rare the word is
in general English, and the pack's concepts).

**How two elements score.** Two parts, blended by ``weights.topic``:

* *words*: the cosine of the two elements' term vectors (name counting ``weights.name`` times
  over a body sentence, description ``weights.description`` times), each term weighed by its
  general-English rarity and by how few elements of the two editions use it (a word every
  element of a plan prints, like the council's own name or "Our", says nothing about which is
  which), blended with *sentence alignment* for elements that print more than a name: each
  sentence of the older element meets its closest sentence of the newer one;
* *topics*: the cosine of the two elements' policy-topic vectors (``rules.topics``: the share
  of each Comparative Agendas Project topic in the element's words), where two topics of one
  family (the pack's ``topic_families``: economy, jobs and business) count ``related_topics``.
  So "Supportive Council" can meet "Caring Council" and schools can meet "Education and
  Learning" although they share no word.

**Which levels are compared.** Each edition's elements stand in ranks. The ranks of the two
editions are aligned by their sizes (an order-keeping alignment that pairs ranks with similar
numbers of elements and leaves out ranks with no counterpart at a cost, ``structure.skip_cost``):
eleven flat priorities meet the six priorities of a plan that puts them under three pillars,
and the pillars are new. Within an aligned pair of ranks links are chosen ``same``-rank; a rank
left out just below an aligned one (a plan's goals under its themes, when the other plan has no
goals) is linked ``finer``: each of its elements into the other plan's coarser elements.

Links are chosen in two steps per aligned pair of ranks (``matching``):

1. **An assignment.** Between elements of aligned ranks an element continues as at most one
   element of the other edition and vice versa: a maximum-weight matching (networkx) over
   ``score - no_match``, so a pair scoring below ``no_match`` is worth less than leaving both
   unmatched. A finer element is simply linked to its best match above ``no_match``.
2. **Strong secondary links.** Another pair is linked too when it scores at least
   ``secondary_min`` and within ``secondary_ratio`` of the best score of either end: a theme
   divided between missions, or several themes folded into one.

Relations follow from the links: several targets → ``split``; several sources into one target →
``merged``; one to one → ``continues`` (the name kept) or ``renamed``; a finer element that lands
in one coarser element ``continues`` there; no link → ``dropped``; an element of the newer
edition no link reaches → ``new``.

Every link carries its ``score``, a ``confidence`` from the pack's calibrated score bands and
``evidence``: the closest pairs of sentences, one from each edition, as printed, with their
pages. A *dropped* or *new* is ``high`` only when the element is clearly about a policy topic, no
element of the other edition's aligned rank shares that topic (or one of its family) or a word,
and every one of them is clearly about some topic (a name that says little, "Enable people",
could be the successor); ``medium`` when the best candidate scores well below a link;
``low`` otherwise. The scores are evidence for a researcher to check, not a verdict;
``graph/reviews.py`` applies a researcher's confirmations and rejections.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from graph.meaning import Analyser, MeaningRules, Sentence
from rules.packs import load_pack

SAME, SAME_TEXT, FINER = "same", "same_text", "finer"


class Matching(BaseModel):
    """How scores become links (calibrated on the lineage dev set; see bench/score_lineage_dev.py)."""

    no_match: float = Field(description="A pair scoring below this is not linked by the assignment")
    secondary_min: float = Field(description="A secondary link scores at least this")
    secondary_ratio: float = Field(description="...and at least this share of the best score of either end")
    max_targets: int = Field(3, description="An old element is never split over more new ones than this")


class ConfidenceBands(BaseModel):
    high: float  # score at or above → high
    medium: float  # score at or above → medium; below → low


class Absence(BaseModel):
    """How sure a dropped or new is."""

    shared_word: float = Field(0.3, description="A word weighing at least this (its general-English rarity) is shared")
    shared_topic: float = Field(0.3, description="Two elements share a topic when both are coded to it at least this sure")
    medium_below: float = Field(0.5, description="medium when the best candidate scores below this share of no_match")


class Weights(BaseModel):
    name: float = Field(2.0, description="An element's name counts this many times over one body sentence")
    description: float = Field(1.5, description="Its description counts this many times over one body sentence")
    alignment: float = Field(0.3, ge=0, le=1, description="Share of the words score from sentence alignment")
    topic: float = Field(0.3, ge=0, le=1, description="Share of the score from the policy topics (the rest: words)")
    topic_text: float = Field(0.1, ge=0, le=1, description="...where either element prints more than a name and a "
                                                           "description: its words then say enough")
    related_topics: float = Field(0.5, ge=0, le=1, description="Similarity of two topics of one family")
    topic_strength: float = Field(0.6, gt=0, description="Topic scores summing to this or more are fully trusted")
    rarity: float = Field(1.0, ge=0, description="Exponent of a word's general-English rarity in its weight (0: ignored)")
    parent: float = Field(0.0, ge=0, le=1, description="Share of a finer element's score taken from its parent's")


class Structure(BaseModel):
    skip_cost: float = Field(0.8, description="Cost of leaving a rank without counterpart, against |log(size ratio)|")


class LineagePack(BaseModel):
    pack: str
    meaning: MeaningRules
    weights: Weights = Field(default_factory=lambda: Weights())
    structure: Structure = Field(default_factory=lambda: Structure())
    matching: dict[str, Matching]  # same (aligned ranks), finer (a rank into the coarser one)
    confidence: dict[str, ConfidenceBands]
    absence: Absence = Field(default_factory=lambda: Absence())
    topic_families: list[list[str]] = Field(default_factory=list)
    evidence_pairs: int = 2
    series_ignore_words: list[str] = Field(default_factory=list)
    corporate_kinds: list[str] = Field(default_factory=lambda: ["business_plan"])
    corporate_title_words: str = ""


@dataclass
class Element:
    """A plan element as lineage sees it: an id, its level word, its rank in its plan, its name,
    description and the sentences that describe it."""

    id: str
    level: str  # the plan's word: priority, theme, objective, outcome, mission, goal ...
    name: str
    sentences: list[Sentence] = field(default_factory=list)
    parent_id: str | None = None
    name_terms: Counter[str] = field(default_factory=Counter)
    vector: dict[str, float] = field(default_factory=dict)
    rank: int = 0  # 0 for the plan's top level
    description: str | None = None
    table: str = "missions"
    topics: dict[str, float] = field(default_factory=dict)  # policy topic → share
    topic: str | None = None  # the top topic, where coded at least absence.shared_topic sure
    has_body: bool = False  # prints more than a name and a description


@dataclass
class Link:
    from_id: str | None
    to_id: str | None
    level: str
    relation: str
    score: float
    confidence: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    assigned: bool = False  # chosen by the assignment (not a secondary link)
    reviewed: str | None = None  # confirmed | rejected, from the reviewed-links file
    review_note: str | None = None
    kind: str = SAME  # same (aligned ranks) or finer
    tier: str = "top"  # top (both ends top-level in their plans), below (both under a parent) or cross


Pair = tuple[str, str]  # (older element id, newer element id)


class _Zero(dict):
    """A pair's score part, 0 for a pair that is not held (one that shares nothing: see ``compare``)."""

    def __missing__(self, key: Pair) -> float:
        return 0.0


class _Pairs:
    """The pairs of a score table by their older and by their newer element."""

    def __init__(self, scores: dict[Pair, float]) -> None:
        self._new: dict[str, set[str]] = defaultdict(set)
        self._old: dict[str, set[str]] = defaultdict(set)
        for o, n in scores:
            self._new[o].add(n)
            self._old[n].add(o)

    def new_of(self, old_id: str | None) -> set[str]:
        return self._new.get(old_id, set()) if old_id else set()

    def old_of(self, new_id: str | None) -> set[str]:
        return self._old.get(new_id, set()) if new_id else set()


class _Absent:
    """What judging a dropped or new element needs of the other edition's aligned ranks, worked
    out once per rank rather than once per element."""

    def __init__(self, c: Comparison) -> None:
        self.c = c
        self._cache: dict[tuple, Any] = {}

    def _once(self, key: tuple, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def ranks(self, rank: int, old: bool) -> frozenset[int]:
        c = self.c
        return self._once(("ranks", rank, old), lambda: frozenset(
            {nr for orr, nr, _ in c.ranks if orr == rank} if old else {orr for orr, nr, _ in c.ranks if nr == rank}))

    def others(self, ranks: frozenset[int], old: bool) -> list[Element]:
        side = self.c.newer if old else self.c.older
        return self._once(("others", ranks, old), lambda: [x for x in side if x.rank in ranks] or side)

    def ids(self, ranks: frozenset[int], old: bool) -> set[str]:
        return self._once(("ids", ranks, old), lambda: {x.id for x in self.others(ranks, old)})

    def all_topical(self, ranks: frozenset[int], old: bool) -> bool:
        return self._once(("topical", ranks, old), lambda: all(x.topic for x in self.others(ranks, old)))

    def level(self, ranks: frozenset[int]) -> str:
        return self._once(("level", ranks), lambda: Counter(x.level for x in self.others(ranks, False)).most_common(1)[0][0])

    def aligned(self, old: bool) -> set[int]:
        return self._once(("aligned", old), lambda: {o if old else n for o, n, kind in self.c.ranks if kind == SAME})


@dataclass
class Comparison:
    """Two editions' elements and every pair's score parts, computed once (links are cheap after)."""

    older: list[Element]
    newer: list[Element]
    words: dict[Pair, float]
    topics: dict[Pair, float]
    shares: dict[Pair, bool]  # shares a policy topic or a weighty word
    rich: set[Pair]  # either element prints more than a name and a description
    ranks: list[tuple[int, int, str]]  # (old rank, new rank, same | finer:old | finer:new — the finer side)
    dropped_ranks: set[int] = field(default_factory=set)  # old ranks whose unlinked elements are dropped
    new_ranks: set[int] = field(default_factory=set)  # new ranks whose unreached elements are new

    def score(self, pair: Pair, topic_weight: float, topic_text: float) -> float:
        t = topic_text if pair in self.rich else topic_weight
        return (1 - t) * self.words[pair] + t * self.topics[pair]


class Lineage:
    """Compares two editions' elements; one instance per pack (the spaCy pipeline is shared)."""

    def __init__(self, pack: LineagePack | None = None):
        self.pack = pack or load_pack("lineage", LineagePack)
        self.analyser = Analyser(self.pack.meaning)
        self._families: dict[str, set[int]] = defaultdict(set)
        for i, family in enumerate(self.pack.topic_families):
            for code in family:
                self._families[code].add(i)

    def element(self, id_: str, level: str, name: str, name_at: tuple[str, int | None],
                texts: list[tuple[str, str, int | None]], parent_id: str | None = None, *,
                description: str | None = None, rank: int | None = None, table: str = "missions") -> Element:
        """An element from its name (printed on ``name_at``: document id, page), its description and
        the ``(text, document_id, page)`` passages that describe it."""
        names = self.analyser.sentences(name, *name_at)
        for s in names:
            s.is_name = True
        described = self.analyser.sentences(description or "", *name_at)
        for s in described:
            s.is_description = True
        body = [s for text, doc, page in texts for s in self.analyser.sentences(text, doc, page)]
        rank = rank if rank is not None else (1 if parent_id else 0)
        return Element(id_, level, name, names + described + body, parent_id, self.analyser.terms(name),
                       rank=rank, description=description, table=table, has_body=bool(body))

    def match(self, older: list[Element], newer: list[Element],
              verdicts: dict[Pair, tuple[str, str]] | None = None, ignore: set[str] | None = None) -> list[Link]:
        """Links from each older element to newer ones, with relations, confidence and evidence.

        ``ignore`` holds words that say nothing here (the council's own name). ``verdicts`` (from
        ``graph/reviews.py``) maps reviewed pairs to ``(confirmed|rejected, note)``: a confirmed
        pair is linked whatever its score, a rejected one is not, and the relations of the other
        links are judged without it. A rejected link is still listed, marked rejected.
        """
        if not older or not newer:
            return []
        return self.link(self.compare(older, newer, ignore), verdicts=verdicts)

    # -- scores ------------------------------------------------------------------------------

    def compare(self, older: list[Element], newer: list[Element], ignore: set[str] | None = None) -> Comparison:
        """Every pair's score parts and which ranks are compared with which.

        Only pairs that share a term or a policy topic (or one of its family) are scored: any
        other pair scores 0 on words, alignment and topics alike, so it is left out of the
        comparison's dictionaries (which answer 0 for it) and the work grows with the pairs that
        can meet, not with the product of the two editions' sizes."""
        self._vectorise(older + newer, self._ignored_terms(ignore or set()))
        self._code_topics(older + newer)
        w = self.pack.weights
        words, topics, shares, rich = _Zero(), _Zero(), _Zero(), set()
        for o, n in self._candidates(older, newer):
            text = _cosine(o.vector, n.vector)
            if o.has_body or n.has_body:
                text = (1 - w.alignment) * text + w.alignment * self.alignment(o, n)
                rich.add((o.id, n.id))
            words[o.id, n.id] = text
            topics[o.id, n.id] = self.topic_similarity(o.topics, n.topics)
            # Anything in common: a policy topic (or one of its family) signalled at all, or a weighty word.
            shares[o.id, n.id] = bool(topics[o.id, n.id] > 0.05 or self._shared_word(o, n))
        comparison = Comparison(older, newer, words, topics, shares, rich, [])
        self._align_ranks(comparison)
        return comparison

    def _candidates(self, older: list[Element], newer: list[Element]) -> Iterator[tuple[Element, Element]]:
        """The pairs that can score above 0, older then newer in their editions' order: those that
        share a term of their sentences (a weightless one too: it still counts as a shared word)
        or a policy topic, or two topics of one family. Blocking on an index of the newer
        edition's terms and topics instead of scoring every pair."""
        by_term: dict[str, list[int]] = defaultdict(list)
        by_topic: dict[str, list[int]] = defaultdict(list)
        for j, n in enumerate(newer):
            for t in {t for s in n.sentences for t in s.terms}:
                by_term[t].append(j)
            for code in n.topics:
                by_topic[code].append(j)
        for o in older:
            found: set[int] = set()
            for t in {t for s in o.sentences for t in s.terms}:
                found.update(by_term.get(t, ()))
            for code in o.topics:
                for other in self._kin(code):
                    found.update(by_topic.get(other, ()))
            for j in sorted(found):
                yield o, newer[j]

    def _kin(self, code: str) -> set[str]:
        """A topic and the topics of its families (``topic_similarity`` counts those as related)."""
        kin = {code}
        for i in self._families.get(code, ()):
            kin.update(self.pack.topic_families[i])
        return kin

    def _ignored_terms(self, words: set[str]) -> set[str]:
        return {t for word in words for t in self.analyser.terms(word)}

    def _vectorise(self, elements: list[Element], ignored: set[str]) -> None:
        """Weigh terms by general-English rarity and by how few elements of the two editions use
        them; fill in every sentence's and element's vector."""
        merge = _prefix_classes({t for e in elements for s in e.sentences for t in s.terms})
        for e in elements:
            for s in e.sentences:
                s.terms = Counter({merge.get(t, t): c for t, c in s.terms.items() if t not in ignored})
        # How few of the two editions' sentences use a term (an element's name and description are
        # sentences too): a word every element prints says nothing about which is which.
        sentences = [s for e in elements for s in e.sentences]
        df = Counter(t for s in sentences for t in s.terms)
        n = len(sentences)
        rarity = self.pack.weights.rarity
        weight = {t: self.analyser.weight(t) ** rarity * math.log((1 + n) / (1 + d)) for t, d in df.items()}
        w = self.pack.weights
        for e in elements:
            bag: Counter[float] = Counter()
            for s in e.sentences:
                s.vector = _unit({t: weight[t] * (1 + math.log(tf)) for t, tf in s.terms.items()})
                s.weight = math.sqrt(sum((weight[t] * (1 + math.log(tf))) ** 2 for t, tf in s.terms.items()))
                times = w.name if s.is_name else w.description if s.is_description else 1.0
                for t, tf in s.terms.items():
                    bag[t] += times * tf
            e.vector = _unit({t: weight[t] * math.log1p(c) for t, c in bag.items()})
            e.name_terms = Counter({merge.get(t, t): c for t, c in e.name_terms.items() if t not in ignored})

    def _code_topics(self, elements: list[Element]) -> None:
        from rules.topics import code_many

        todo = [e for e in elements if not e.topics]
        texts = [" ".join(s.text for s in e.sentences)[:3000] for e in todo]
        strength = self.pack.weights.topic_strength
        for e, code in zip(todo, code_many([(t, None, None) for t in texts]), strict=True):
            total = sum(v for v in code.scores.values() if v > 0)
            trust = min(1.0, total / strength)
            e.topics = {k: trust * v / total for k, v in code.scores.items() if v > 0} if total else {}
            e.topic = code.topic if code.is_policy and code.confidence >= self.pack.absence.shared_topic else None

    def topic_similarity(self, a: dict[str, float], b: dict[str, float]) -> float:
        """Cosine of two topic vectors where two topics of one family count ``related_topics``;
        scaled by how much each text says about topics at all."""
        if not a or not b:
            return 0.0
        rel = self.pack.weights.related_topics

        def dot(x: dict[str, float], y: dict[str, float]) -> float:
            return sum(vx * vy * (1.0 if kx == ky else rel if self._related(kx, ky) else 0.0)
                       for kx, vx in x.items() for ky, vy in y.items())

        norm = math.sqrt(dot(a, a) * dot(b, b))
        trust = math.sqrt(sum(a.values()) * sum(b.values()))  # < 1 when a text barely signals a topic
        return dot(a, b) / norm * trust if norm else 0.0

    def _related(self, a: str, b: str) -> bool:
        return bool(self._families.get(a, set()) & self._families.get(b, set()))

    def _shared_word(self, a: Element, b: Element) -> bool:
        floor = self.pack.absence.shared_word
        terms_a = {t for s in a.sentences for t in s.terms}
        return any(t in terms_a and self.analyser.weight(t) >= floor for s in b.sentences for t in s.terms)

    @staticmethod
    def alignment(a: Element, b: Element) -> float:
        """How well ``b`` restates ``a`` sentence by sentence: each sentence of ``a`` meets its closest
        sentence of ``b``; the average is weighted by how much each sentence says."""
        total = sum(s.weight for s in a.sentences)
        if not total or not b.sentences:
            return 0.0
        # Only sentences of ``b`` sharing a term with ``s`` can be closer than 0 (cosines are never
        # below 0), so each sentence meets those alone.
        by_term: dict[str, list[int]] = defaultdict(list)
        for j, t in enumerate(b.sentences):
            for term in t.vector:
                by_term[term].append(j)
        out = 0.0
        for s in a.sentences:
            near = {j for term in s.vector for j in by_term.get(term, ())}
            out += s.weight * max((_cosine(s.vector, b.sentences[j].vector) for j in sorted(near)), default=0.0)
        return out / total

    def score(self, a: Element, b: Element) -> float:
        """The score of one pair (for notebooks and tests; ``compare`` scores every pair at once)."""
        c = self.compare([a], [b])
        return c.score((a.id, b.id), self.pack.weights.topic, self.pack.weights.topic_text)

    # -- which ranks meet ----------------------------------------------------------------------

    def _align_ranks(self, c: Comparison) -> None:
        old = Counter(e.rank for e in c.older)
        new = Counter(e.rank for e in c.newer)
        a, b = sorted(old), sorted(new)
        pairs = align_sizes([old[r] for r in a], [new[r] for r in b], self.pack.structure.skip_cost)
        mapped_old = {a[i]: b[j] for i, j in pairs}
        mapped_new = {b[j]: a[i] for i, j in pairs}
        c.ranks = [(a[i], b[j], SAME) for i, j in pairs]
        c.dropped_ranks = set(mapped_old)
        c.new_ranks = set(mapped_new)
        old_body = any(e.has_body for e in c.older)
        new_body = any(e.has_body for e in c.newer)
        # A rank just below an aligned one is traced into the other plan's coarser elements only
        # when those print what they will do (more than a name and a description): a 2017 goal
        # restated in a 2022 mission's aims. Names alone cannot tell where a detail went.
        for r in a:
            if r in mapped_old:
                continue
            if r - 1 in mapped_old:
                if new_body:
                    c.ranks.append((r, mapped_old[r - 1], FINER + ":old"))
                    c.dropped_ranks.add(r)
            elif not any(m < r for m in mapped_old):  # above every aligned rank: a level that went
                c.dropped_ranks.add(r)
        for r in b:
            if r in mapped_new:
                continue
            if r - 1 in mapped_new:
                if old_body:
                    c.ranks.append((mapped_new[r - 1], r, FINER + ":new"))
                    c.new_ranks.add(r)
            elif not any(m < r for m in mapped_new):
                c.new_ranks.add(r)

    # -- links -------------------------------------------------------------------------------

    def link(self, c: Comparison, verdicts: dict[Pair, tuple[str, str]] | None = None,
             matching: dict[str, Matching] | None = None, topic_weight: float | None = None,
             evidence: bool = True, parent: float | None = None) -> list[Link]:
        """The links of a comparison (``matching`` and ``topic_weight`` override the pack's, for calibration)."""
        t = self.pack.weights.topic if topic_weight is None else topic_weight
        rules = {**self.pack.matching, **(matching or {})}
        scores = _Zero({p: c.score(p, t, self.pack.weights.topic_text) for p in c.words})
        self._lean_on_parents(c, scores, self.pack.weights.parent if parent is None else parent)
        pairs_of = _Pairs(scores)
        chosen: dict[Pair, str] = {}
        assigned: set[Pair] = set()
        for old_rank, new_rank, kind in c.ranks:
            older = [e for e in c.older if e.rank == old_rank]
            newer = [e for e in c.newer if e.rank == new_rank]
            # Elements that print more than a name score on another scale (sentence alignment, longer
            # vectors): aligned ranks where either side does have thresholds of their own.
            key = SAME_TEXT if kind == SAME and any(e.has_body for e in [*older, *newer]) else kind.split(":")[0]
            pairs, firsts = self._choose(older, newer, kind, scores, rules.get(key) or rules[SAME], pairs_of)
            for p in pairs:
                chosen.setdefault(p, key if kind == SAME else kind)
            assigned |= firsts
        verdicts = verdicts or {}
        machine = self._links(c, dict(chosen), scores, assigned, evidence, pairs_of) if verdicts else []
        old_ids, new_ids = {e.id for e in c.older}, {e.id for e in c.newer}
        for (o, n), (verdict, _) in verdicts.items():
            if o in old_ids and n in new_ids:
                if verdict == "confirmed":
                    chosen.setdefault((o, n), SAME)
                else:
                    chosen.pop((o, n), None)
        links = self._links(c, chosen, scores, assigned, evidence, pairs_of)
        links += [link for link in machine if (link.from_id, link.to_id) in verdicts
                  and verdicts[link.from_id, link.to_id][0] == "rejected"]
        parented = {e.id: bool(e.parent_id) for e in [*c.older, *c.newer]}
        for link in links:
            if (link.from_id, link.to_id) in verdicts:
                link.reviewed, link.review_note = verdicts[link.from_id, link.to_id]
            ends = [parented[i] for i in (link.from_id, link.to_id) if i]
            link.tier = "below" if all(ends) else "top" if not any(ends) else "cross"
        return links

    @staticmethod
    def _lean_on_parents(c: Comparison, scores: dict[Pair, float], share: float) -> None:
        """A finer element most likely went where its parent went: its score with a coarser element
        of the other edition takes ``share`` from its parent's score with that element.

        Only pairs where the element or its parent scores at all change (the others stay 0)."""
        if not share:
            return
        parents = {e.id: e.parent_id for e in c.older}
        new_parents = {e.id: e.parent_id for e in c.newer}
        old_ids, new_ids = set(parents), set(new_parents)
        pairs_of = _Pairs(scores)
        for old_rank, new_rank, kind in c.ranks:
            if kind == FINER + ":old":
                rank_of = {e.id: e.rank for e in c.newer}
                for o in (e for e in c.older if e.rank == old_rank):
                    p = parents[o.id]
                    if p not in old_ids:  # the full comparison has no (parent, n) pair then
                        continue
                    for n in pairs_of.new_of(o.id) | pairs_of.new_of(p):
                        if rank_of[n] == new_rank:
                            scores[o.id, n] = (1 - share) * scores[o.id, n] + share * scores[p, n]
            elif kind == FINER + ":new":
                rank_of = {e.id: e.rank for e in c.older}
                for n in (e for e in c.newer if e.rank == new_rank):
                    p = new_parents[n.id]
                    if p not in new_ids:
                        continue
                    for o in pairs_of.old_of(n.id) | pairs_of.old_of(p):
                        if rank_of[o] == old_rank:
                            scores[o, n.id] = (1 - share) * scores[o, n.id] + share * scores[o, p]

    def _choose(self, older: list[Element], newer: list[Element], kind: str, scores: dict[Pair, float],
                rules: Matching, pairs_of: _Pairs) -> tuple[set[Pair], set[Pair]]:
        """The linked pairs between two ranks: the assignment plus strong secondary links.

        Only pairs that score (``pairs_of``) are looked at: ``no_match`` and ``secondary_min`` are
        above 0, so a pair scoring 0 is never linked."""
        if not older or not newer:
            return set(), set()
        new_at = {n.id: j for j, n in enumerate(newer)}
        old_at = {o.id: i for i, o in enumerate(older)}
        # Each older element's scoring pairs in this rank, in the newer edition's order.
        mine = {o.id: [(o.id, n) for n in sorted(pairs_of.new_of(o.id) & new_at.keys(), key=new_at.__getitem__)]
                for o in older}
        if kind == SAME:
            assigned = _assign([p for o in older for p in mine[o.id]], scores, rules.no_match)
        else:  # each element of the finer rank lands in its best match on the other side
            fine_side = kind.split(":")[1]
            assigned = set()
            if fine_side == "old":
                candidates = {o.id: mine[o.id] for o in older}
            else:
                candidates = {n.id: [(o, n.id) for o in sorted(pairs_of.old_of(n.id) & old_at.keys(),
                                                               key=old_at.__getitem__)] for n in newer}
            for pairs in candidates.values():
                if pairs:
                    pair = max(pairs, key=lambda p: scores[p])
                    if scores[pair] > rules.no_match:
                        assigned.add(pair)
        chosen: set[Pair] = set(assigned)
        best_old: dict[str, float] = defaultdict(float)
        best_new: dict[str, float] = defaultdict(float)
        for pairs in mine.values():
            for o, n in pairs:
                best_old[o] = max(best_old[o], scores[o, n])
                best_new[n] = max(best_new[n], scores[o, n])
        for pairs in mine.values():
            for o, n in pairs:
                s = scores[o, n]
                if s >= rules.secondary_min and (s >= rules.secondary_ratio * best_old[o]
                                                 or s >= rules.secondary_ratio * best_new[n]):
                    chosen.add((o, n))
        by_old: dict[str, list[Pair]] = defaultdict(list)
        for p in chosen:
            by_old[p[0]].append(p)
        kept: set[Pair] = set()
        for o in older:
            kept |= set(sorted(by_old[o.id], key=lambda p: -scores[p])[: rules.max_targets])
        return kept, assigned & kept

    def _links(self, c: Comparison, chosen: dict[Pair, str], scores: dict[Pair, float], assigned: set[Pair],
               evidence: bool, pairs_of: _Pairs) -> list[Link]:
        """Links with relations from the chosen pairs; dropped and new elements as links with one end."""
        by_id = {e.id: e for e in [*c.older, *c.newer]}
        absent = _Absent(c)
        targets: dict[str, list[str]] = defaultdict(list)
        sources: dict[str, list[str]] = defaultdict(list)
        for (o, n), kind in sorted(chosen.items(), key=lambda p: -scores[p[0]]):
            targets[o].append(n)
            if kind != FINER + ":old":  # many finer elements in one coarser one is its normal shape, not a merger
                sources[n].append(o)
        links: list[Link] = []
        for o in c.older:
            for n in targets[o.id]:
                kind = chosen[o.id, n].split(":")[0]
                s = scores[o.id, n]
                relation = self._relation(o, by_id[n], len(targets[o.id]), len(sources[n]), chosen[o.id, n])
                links.append(Link(o.id, n, o.level, relation, round(s, 4), self._confidence(kind, s),
                                  self.evidence(o, by_id[n]) if evidence else [], (o.id, n) in assigned, kind=kind))
            if not targets[o.id] and o.rank in c.dropped_ranks:
                links.append(self._absent(c, o, scores, absent, pairs_of, old=True))
        # A newer element is reached by a link of its own rank's counterpart, not by finer elements landing in it.
        reached = {n for (o, n), kind in chosen.items() if kind != FINER + ":old"}
        for n in c.newer:
            if n.id not in reached and n.rank in c.new_ranks:
                links.append(self._absent(c, n, scores, absent, pairs_of, old=False))
        return links

    def _absent(self, c: Comparison, e: Element, scores: dict[Pair, float], absent: _Absent, pairs_of: _Pairs,
                old: bool) -> Link:
        """A dropped (``old``) or new element, with how sure that is."""
        ranks = absent.ranks(e.rank, old)
        ids = absent.ids(ranks, old)
        # Only scoring pairs can be best or share anything (every score is at least 0).
        pairs = [(e.id, x) if old else (x, e.id) for x in (pairs_of.new_of(e.id) if old else pairs_of.old_of(e.id))
                 if x in ids]
        best = max((scores[p] for p in pairs), default=0.0)
        rules = self.pack.matching[SAME]
        if e.topic and not any(c.shares[p] for p in pairs) and absent.all_topical(ranks, old):
            # It is about something, and every candidate is clearly about something else. (A candidate
            # whose words signal no clear topic, "Enable people", could be its successor for all we know.)
            confidence = "high"
        elif best < rules.no_match * self.pack.absence.medium_below:
            confidence = "medium"
        else:
            confidence = "low"
        # A new element stands beside the older plan's elements of its aligned rank: it takes their level word.
        level = e.level if old else absent.level(ranks)
        return Link(e.id if old else None, None if old else e.id, level, "dropped" if old else "new",
                    round(best, 4), confidence, kind=SAME if e.rank in absent.aligned(old) else FINER)

    @staticmethod
    def _relation(old: Element, new: Element, n_targets: int, n_sources: int, kind: str) -> str:
        if n_targets > 1:
            return "split"
        if kind == FINER + ":old":
            return "continues"  # carried on inside a coarser element
        if n_sources > 1:
            return "merged"
        shared = set(old.name_terms) & set(new.name_terms)
        return "continues" if shared and len(shared) * 2 >= len(set(old.name_terms) | set(new.name_terms)) else "renamed"

    def _confidence(self, kind: str, score: float) -> str:
        bands = self.pack.confidence.get(kind) or self.pack.confidence[SAME]
        return "high" if score >= bands.high else "medium" if score >= bands.medium else "low"

    # -- evidence ----------------------------------------------------------------------------

    def evidence(self, old: Element, new: Element) -> list[dict[str, Any]]:
        """The sentence pairs that carry the shared meaning, closest first, each sentence used once.

        A pair of the two names alone is not evidence (the names are in the row already)."""
        pairs = sorted(((_cosine(a.vector, b.vector), i, j, a, b) for i, a in enumerate(old.sentences)
                        for j, b in enumerate(new.sentences) if not (a.is_name and b.is_name)), key=lambda p: (-p[0], p[1], p[2]))
        out: list[dict[str, Any]] = []
        used: set[int] = set()
        for score, _, _, a, b in pairs:
            if score <= 0 or len(out) >= 2 * self.pack.evidence_pairs:
                break
            if id(a) in used or id(b) in used:
                continue
            used |= {id(a), id(b)}
            out += [_quote("from", a), _quote("to", b)]
        return out


def align_sizes(old: list[int], new: list[int], skip: float) -> list[tuple[int, int]]:
    """An order-keeping alignment of two plans' ranks by their sizes: pairing rank i with rank j costs
    |log(old[i] / new[j])|, leaving a rank out costs ``skip``; the cheapest alignment's pairs."""
    inf = float("inf")
    cost = [[inf] * (len(new) + 1) for _ in range(len(old) + 1)]
    back: dict[tuple[int, int], tuple[int, int, bool]] = {}
    cost[0][0] = 0.0
    for i in range(len(old) + 1):
        for j in range(len(new) + 1):
            if i == j == 0:
                continue
            options = []
            if i and j:
                options.append((cost[i - 1][j - 1] + abs(math.log(old[i - 1] / new[j - 1])), (i - 1, j - 1, True)))
            if i:
                options.append((cost[i - 1][j] + skip, (i - 1, j, False)))
            if j:
                options.append((cost[i][j - 1] + skip, (i, j - 1, False)))
            cost[i][j], back[i, j] = min(options, key=lambda o: o[0])
    out, at = [], (len(old), len(new))
    while at != (0, 0):
        i, j, paired = back[at]
        if paired:
            out.append((i, j))
        at = (i, j)
    return sorted(out)


def _assign(pairs: list[Pair], scores: dict[Pair, float], no_match: float) -> set[Pair]:
    """The optimal one-to-one assignment with a "no match" option worth ``no_match`` per element
    (``pairs``: the pairs that may be linked, older then newer in their editions' order)."""
    edges = [(("old", o), ("new", n), scores[o, n] - no_match) for o, n in pairs
             if scores[o, n] > no_match]  # an edge worth less than no match would never be chosen
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    # One matching per connected component (elements that could meet only each other): the
    # blossom algorithm's time grows with the cube of the nodes it is given, so a large edition
    # in one graph costs far more than the same pairs component by component. Each component
    # keeps the edges (and so the nodes) in the order the whole graph had them.
    component = {node: i for i, nodes in enumerate(nx.connected_components(graph)) for node in nodes}
    parts: dict[int, list[tuple]] = defaultdict(list)
    for edge in edges:
        parts[component[edge[0]]].append(edge)
    out: set[Pair] = set()
    for part in parts.values():
        sub = nx.Graph()
        sub.add_weighted_edges_from(part)
        out |= {(a[1], b[1]) if a[0] == "old" else (b[1], a[1]) for a, b in nx.max_weight_matching(sub)}
    return out


def _prefix_classes(terms: set[str]) -> dict[str, str]:
    """Stems that are one word's forms although Snowball leaves them apart ("econom" and
    "economi", "environ" and "environment"): a stem of at least five letters that begins a longer
    one covering no more than two thirds more letters stands for it."""
    out: dict[str, str] = {}
    ordered = sorted((t for t in terms if not t.startswith("concept:")), key=len)
    alphabetical = sorted(ordered)  # the terms a stem begins stand together: found by bisection
    for short in ordered:
        if len(short) < 5 or short in out:
            continue
        at = bisect.bisect_right(alphabetical, short)
        while at < len(alphabetical) and alphabetical[at].startswith(short):
            long = alphabetical[at]
            if long not in out and len(short) >= 0.6 * len(long):
                out[long] = short
            at += 1
    return out


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _quote(side: str, s: Sentence) -> dict[str, Any]:
    return {"side": side, "text": s.text, "document_id": s.document_id, "page": s.page}
