"""Lineage between plan editions: which elements of an older plan became which of a newer one.

An *element* is a theme, goal, priority or mission with the sentences that describe it (its
name, strapline, introduction, "why is this important?", challenges, actions and metrics,
each sentence with its document and page). ``graph/meaning.py`` reads every sentence as
lemmas and concepts. Two elements score by the cosine of their TF-IDF weighted term bags (the
name counting ``weights.name`` times over a body sentence; terms are weighted by how few
sentences of the two editions use them), blended with *sentence alignment*: each sentence of
the older element meets its closest sentence of the newer one, so a short goal restated in one
line of a long mission is not drowned by the rest of the mission.

Links are chosen in two steps, per level of the older plan:

1. **An assignment.** Between elements of the same rank (a theme and a mission, both the top of
   their plan) an old element continues as at most one new one and vice versa: a maximum-weight
   matching (networkx ``max_weight_matching``) over ``score - no_match``, so a pair scoring
   below ``no_match`` is worth less than leaving both unmatched (the calibrated "no match"
   option). A finer old element (a goal) may land in any mission, so its assignment is simply
   its best mission, again only when that beats ``no_match``.
2. **Strong secondary links.** Another pair is linked too when it scores at least
   ``secondary_min`` and within ``secondary_ratio`` of the best score of the old element or of
   the new one: a theme divided between missions, or several themes folded into one.

Relations follow from the links: several targets → ``split``; several sources of the same
level into one target → ``merged``; one to one → ``continues`` (the name kept) or
``renamed``; a goal that lands in one mission ``continues`` there (a mission is coarser than a
goal, so many goals per mission is its normal shape); no link → ``dropped``; a newer element
that no older element of the top level reaches → ``new``, however weak links from goals are.

Every link carries its ``score``, a ``confidence`` from the pack's calibrated score bands and
``evidence``: the closest pairs of sentences, one from each edition, as printed, with their
pages. The scores are evidence for a researcher to check, not
a verdict; ``graph/reviews.py`` applies a researcher's confirmations and rejections.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from graph.meaning import Analyser, MeaningRules, Sentence
from rules.packs import load_pack


class Matching(BaseModel):
    """How scores become links (calibrated on a hand-made lineage; see bench/calibrate_lineage.py)."""

    no_match: float = Field(description="A pair scoring below this is not linked by the assignment")
    secondary_min: float = Field(description="A secondary link scores at least this")
    secondary_ratio: float = Field(description="...and at least this share of the best score of either end")
    max_targets: int = Field(3, description="An old element is never split over more new ones than this")


class ConfidenceBands(BaseModel):
    high: float  # score at or above → high
    medium: float  # score at or above → medium; below → low


class Weights(BaseModel):
    name: float = Field(1.0, description="An element's name counts this many times over one body sentence")
    alignment: float = Field(0.5, ge=0, le=1, description="Share of the score from sentence alignment (the rest: whole-text cosine)")


class LineagePack(BaseModel):
    pack: str
    meaning: MeaningRules
    weights: Weights = Field(default_factory=lambda: Weights())
    matching: dict[str, Matching]  # by level of the older element: theme, goal, ...
    confidence: dict[str, ConfidenceBands]
    evidence_pairs: int = 2
    series_ignore_words: list[str] = Field(default_factory=list)


@dataclass
class Element:
    """A plan element as lineage sees it: an id, a level, a name and the sentences that describe it."""

    id: str
    level: str  # "theme" or "goal" of the older plan; "mission" of the newer
    name: str
    sentences: list[Sentence] = field(default_factory=list)
    parent_id: str | None = None
    name_terms: Counter[str] = field(default_factory=Counter)
    vector: dict[str, float] = field(default_factory=dict)


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


Pair = tuple[str, str]  # (older element id, newer element id)


class Lineage:
    """Compares two editions' elements; one instance per pack (the spaCy pipeline is shared)."""

    def __init__(self, pack: LineagePack | None = None):
        self.pack = pack or load_pack("lineage", LineagePack)
        self.analyser = Analyser(self.pack.meaning)

    def element(self, id_: str, level: str, name: str, name_at: tuple[str, int | None],
                texts: list[tuple[str, str, int | None]], parent_id: str | None = None) -> Element:
        """An element from its name (printed on ``name_at``: document id, page) and the
        ``(text, document_id, page)`` passages that describe it."""
        names = self.analyser.sentences(name, *name_at)
        for s in names:
            s.is_name = True
        sentences = names + [s for text, doc, page in texts for s in self.analyser.sentences(text, doc, page)]
        return Element(id_, level, name, sentences, parent_id, self.analyser.terms(name))

    def match(self, older: list[Element], newer: list[Element],
              verdicts: dict[Pair, tuple[str, str]] | None = None) -> list[Link]:
        """Links from each older element to newer ones, with relations, confidence and evidence.

        ``verdicts`` (from ``graph/reviews.py``) maps reviewed pairs to ``(confirmed|rejected, note)``:
        a confirmed pair is linked whatever its score, a rejected one is not, and the relations of
        the other links are judged without it. A rejected link is still listed, marked rejected.
        """
        if not older or not newer:
            return []
        self._vectorise(older + newer)
        scores = {(o.id, n.id): self.score(o, n) for o in older for n in newer}
        top = self._top_level(older)
        chosen: dict[str, set[Pair]] = {}
        assigned: set[Pair] = set()
        for level in {e.level for e in older}:
            pairs, firsts = self._choose([e for e in older if e.level == level], newer, level, level == top, scores)
            chosen[level] = pairs
            assigned |= firsts
        verdicts = verdicts or {}
        level_of = {e.id: e.level for e in older}
        machine = self._links(older, newer, chosen, top, scores, assigned) if verdicts else []
        for (o, n), (verdict, _) in verdicts.items():
            if o in level_of:
                (chosen[level_of[o]].add if verdict == "confirmed" else chosen[level_of[o]].discard)((o, n))
        links = self._links(older, newer, chosen, top, scores, assigned)
        links += [link for link in machine if (link.from_id, link.to_id) in verdicts
                  and verdicts[link.from_id, link.to_id][0] == "rejected"]
        for link in links:
            if (link.from_id, link.to_id) in verdicts:
                link.reviewed, link.review_note = verdicts[link.from_id, link.to_id]
        return links

    # -- scores ------------------------------------------------------------------------------

    def _vectorise(self, elements: list[Element]) -> None:
        """Weigh terms by how few sentences of the two editions use them; fill in every vector."""
        # Every sentence of every element: a goal's sentences count twice, once in the goal and once in its theme.
        sentences = [s for e in elements for s in e.sentences]
        df = Counter(t for s in sentences for t in s.terms)
        idf = {t: math.log((1 + len(sentences)) / (1 + d)) for t, d in df.items()}
        for s in sentences:
            s.vector = _unit({t: (1 + math.log(tf)) * idf[t] for t, tf in s.terms.items()})
            s.weight = math.sqrt(sum((idf[t] * (1 + math.log(tf))) ** 2 for t, tf in s.terms.items()))
        for e in elements:
            bag: Counter[str] = Counter()
            for sentence in e.sentences:
                bag.update(sentence.terms)
            vec = {t: (1 + math.log(tf)) * idf[t] for t, tf in bag.items()}
            for t in e.name_terms:
                if t in idf:
                    vec[t] = vec.get(t, 0.0) + self.pack.weights.name * idf[t]
            e.vector = _unit(vec)

    def score(self, a: Element, b: Element) -> float:
        """How much the two elements mean the same: whole-text cosine blended with sentence alignment."""
        w = self.pack.weights.alignment
        return (1 - w) * _cosine(a.vector, b.vector) + w * self.alignment(a, b)

    @staticmethod
    def alignment(a: Element, b: Element) -> float:
        """How well ``b`` restates ``a`` sentence by sentence: each sentence of ``a`` meets its closest
        sentence of ``b``; the average is weighted by how much each sentence says."""
        total = sum(s.weight for s in a.sentences)
        if not total or not b.sentences:
            return 0.0
        return sum(s.weight * max(_cosine(s.vector, t.vector) for t in b.sentences) for s in a.sentences) / total

    # -- links -------------------------------------------------------------------------------

    @staticmethod
    def _top_level(older: list[Element]) -> str:
        parented = {e.id for e in older if e.parent_id}
        levels = [e.level for e in older if e.id not in parented]
        return Counter(levels).most_common(1)[0][0] if levels else older[0].level

    def _choose(self, older: list[Element], newer: list[Element], level: str, same_rank: bool,
                scores: dict[Pair, float]) -> tuple[set[Pair], set[Pair]]:
        """The linked pairs of one level: the assignment plus strong secondary links."""
        rules = self._rules(level)
        assigned = self._assign(older, newer, scores, rules.no_match, one_to_one=same_rank)
        chosen: set[Pair] = set(assigned)
        best_old = {o.id: max(scores[o.id, n.id] for n in newer) for o in older}
        best_new = {n.id: max(scores[o.id, n.id] for o in older) for n in newer}
        for o in older:
            for n in newer:
                s = scores[o.id, n.id]
                if s >= rules.secondary_min and (s >= rules.secondary_ratio * best_old[o.id]
                                                 or s >= rules.secondary_ratio * best_new[n.id]):
                    chosen.add((o.id, n.id))
        kept: set[Pair] = set()
        for o in older:
            mine = sorted((p for p in chosen if p[0] == o.id), key=lambda p: -scores[p])
            kept |= set(mine[: rules.max_targets])
        return kept, assigned & kept

    def _links(self, older: list[Element], newer: list[Element], chosen: dict[str, set[Pair]], top: str,
               scores: dict[Pair, float], assigned: set[Pair]) -> list[Link]:
        """Links with relations from the chosen pairs; dropped and new elements as links with one end."""
        by_id = {e.id: e for e in [*older, *newer]}
        links: list[Link] = []
        for level, pairs in chosen.items():
            targets: dict[str, list[str]] = defaultdict(list)
            sources: dict[str, list[str]] = defaultdict(list)
            for o, n in sorted(pairs, key=lambda p: -scores[p]):
                targets[o].append(n)
                sources[n].append(o)
            for o in (e for e in older if e.level == level):
                if not targets[o.id]:
                    best = max(scores[o.id, n.id] for n in newer)
                    links.append(Link(o.id, None, level, "dropped", round(best, 4), self._absence(level, best)))
                for n in targets[o.id]:
                    s = scores[o.id, n]
                    relation = self._relation(o, by_id[n], len(targets[o.id]), len(sources[n]), level == top)
                    links.append(Link(o.id, n, level, relation, round(s, 4), self._confidence(level, s),
                                      self.evidence(o, by_id[n]), (o.id, n) in assigned))
        reached = {link.to_id for link in links if link.to_id and link.level == top}
        for n in newer:
            if n.id not in reached:
                best = max((scores[o.id, n.id] for o in older if o.level == top), default=0.0)
                links.append(Link(None, n.id, top, "new", round(best, 4), self._absence(top, best)))
        return links

    def _rules(self, level: str) -> Matching:
        return self.pack.matching.get(level) or self.pack.matching["default"]

    @staticmethod
    def _assign(older: list[Element], newer: list[Element], scores: dict[tuple[str, str], float],
                no_match: float, one_to_one: bool) -> set[tuple[str, str]]:
        """The optimal assignment with a "no match" option worth ``no_match`` per element."""
        if not one_to_one:
            out = set()
            for o in older:
                n, s = max(((n.id, scores[o.id, n.id]) for n in newer), key=lambda ns: ns[1])
                if s > no_match:
                    out.add((o.id, n))
            return out
        graph = nx.Graph()
        for o in older:
            for n in newer:
                if scores[o.id, n.id] > no_match:  # an edge worth less than no match would never be chosen
                    graph.add_edge(("old", o.id), ("new", n.id), weight=scores[o.id, n.id] - no_match)
        pairs = nx.max_weight_matching(graph)
        return {(a[1], b[1]) if a[0] == "old" else (b[1], a[1]) for a, b in pairs}

    @staticmethod
    def _relation(old: Element, new: Element, n_targets: int, n_sources: int, same_rank: bool) -> str:
        if n_targets > 1:
            return "split"
        if not same_rank:
            return "continues"  # a goal carried on inside a coarser mission
        if n_sources > 1:
            return "merged"
        shared = set(old.name_terms) & set(new.name_terms)
        return "continues" if shared and len(shared) * 2 >= len(set(old.name_terms) | set(new.name_terms)) else "renamed"

    def _confidence(self, level: str, score: float) -> str:
        bands = self.pack.confidence.get(level) or self.pack.confidence["default"]
        return "high" if score >= bands.high else "medium" if score >= bands.medium else "low"

    def _absence(self, level: str, best: float) -> str:
        """How sure a "dropped" or "new" is: high when even the best candidate is far below a link."""
        rules = self._rules(level)
        return "high" if best < rules.no_match / 2 else "medium" if best < rules.no_match * 0.8 else "low"

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


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _quote(side: str, s: Sentence) -> dict[str, Any]:
    return {"side": side, "text": s.text, "document_id": s.document_id, "page": s.page}
