"""Lineage between plan editions: which elements of an older plan became which of a newer one.

Each element (a theme or goal of the older plan, a mission of the newer) is described by its
own words: name, strapline, introduction and the text of its actions. Elements are compared
by TF-IDF cosine similarity over content words; an older element links to every newer one
scoring within ``split_ratio`` of its best match (above ``min_score``), and the pattern of
links names the relation:

* one target that no other older element of the same level maps to → ``continues``
  (``renamed`` at theme level, where the name changes by construction);
* one target shared with other older elements → ``merged``;
* several targets → ``split``;
* no target above ``min_score`` → ``dropped``; a newer mission nothing maps to → ``new``.

Thresholds, stop words and suffixes live in ``rules/packs/lineage.yaml``. The scores are
evidence for a researcher to check, not a verdict: every link keeps its score and the words
the two elements share.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel

from rules.packs import load_pack


class LineagePack(BaseModel):
    pack: str
    min_score: float
    split_ratio: float
    max_targets: int
    name_weight: int
    min_token_length: int
    stop_words: list[str]
    suffixes: list[str]
    series_ignore_words: list[str] = []


@dataclass
class Element:
    """A plan element as lineage sees it: an id, a level, a name and the words that describe it."""

    id: str
    level: str  # "theme" or "goal" for the older plan; "mission" for the newer
    name: str
    text: str
    parent_id: str | None = None
    vector: dict[str, float] = field(default_factory=dict)


@dataclass
class Link:
    from_id: str | None
    to_id: str | None
    level: str
    relation: str
    score: float
    shared_words: list[str]


def tokens(text: str, pack: LineagePack) -> list[str]:
    stop = set(pack.stop_words)
    out = []
    for word in re.findall(r"[a-z]+", text.lower()):
        if len(word) < pack.min_token_length or word in stop:
            continue
        out.append(stem(word, pack.suffixes))
    return out


def stem(word: str, suffixes: list[str]) -> str:
    for suffix in suffixes:  # longest first in the pack
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _vectorise(elements: list[Element], pack: LineagePack) -> None:
    counts = []
    for e in elements:
        c = Counter(tokens(e.text, pack))
        for t in tokens(e.name, pack):
            c[t] += pack.name_weight
        counts.append(c)
    df = Counter(t for c in counts for t in c)
    n = len(elements)
    for e, c in zip(elements, counts, strict=True):
        vec = {t: (1 + math.log(tf)) * math.log((1 + n) / (1 + df[t])) for t, tf in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        e.vector = {t: v / norm for t, v in vec.items()}


def cosine(a: Element, b: Element) -> float:
    if len(a.vector) > len(b.vector):
        a, b = b, a
    return sum(v * b.vector.get(t, 0.0) for t, v in a.vector.items())


def shared(a: Element, b: Element, k: int = 6) -> list[str]:
    common = {t: a.vector[t] * b.vector[t] for t in a.vector.keys() & b.vector.keys()}
    return [t for t, _ in sorted(common.items(), key=lambda kv: -kv[1])[:k]]


def match_lineage(older: list[Element], newer: list[Element], pack: LineagePack | None = None) -> list[Link]:
    """Links from each older element (themes and goals) to newer missions, with relations."""
    pack = pack or load_pack("lineage", LineagePack)
    if not older or not newer:
        return []
    _vectorise(older + newer, pack)
    links: list[Link] = []
    for level in sorted({e.level for e in older}):
        links += _level_links([e for e in older if e.level == level], newer, level, pack)
    targeted = {link.to_id for link in links if link.to_id}
    for mission in newer:
        if mission.id not in targeted:
            links.append(Link(None, mission.id, "theme", "new", 0.0, []))
    return links


def _level_links(older: list[Element], newer: list[Element], level: str, pack: LineagePack) -> list[Link]:
    targets: dict[str, list[tuple[Element, float]]] = {}
    for e in older:
        scored = sorted(((m, cosine(e, m)) for m in newer), key=lambda ms: -ms[1])
        best = scored[0][1]
        if best < pack.min_score:
            targets[e.id] = []
            continue
        cut = max(pack.min_score, best * pack.split_ratio)
        targets[e.id] = [(m, s) for m, s in scored[: pack.max_targets] if s >= cut]
    sources: dict[str, set[str]] = defaultdict(set)
    for e_id, ts in targets.items():
        for m, _ in ts:
            sources[m.id].add(e_id)
    links = []
    by_id = {e.id: e for e in older}
    for e_id, ts in targets.items():
        if not ts:
            links.append(Link(e_id, None, level, "dropped", 0.0, []))
            continue
        for m, s in ts:
            if len(ts) > 1:
                relation = "split"
            elif len(sources[m.id]) > 1:
                relation = "merged"
            else:
                relation = "renamed" if level == "theme" else "continues"
            links.append(Link(e_id, m.id, level, relation, round(s, 4), shared(by_id[e_id], m)))
    return links
