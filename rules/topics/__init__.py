"""Policy topics: every record coded to a Comparative Agendas Project major topic.

The pack is ``rules/packs/topics.yaml`` (the topics, their definitions for a council, the
words and phrases that signal each, exclusions, procedural housekeeping); the coder is
:mod:`rules.topics.coder`; :mod:`rules.topics.linker` codes every decision, recommendation,
report and plan element of a build. The API, for ``plans topic``, the lineage matcher and
notebooks::

    from rules.topics import code, code_many, topic_vector, shares_topic

    code("Approval of Select Move Allocation Policy 2023")     # TopicCode(topic='14', name='Housing, …', …)
    code("Recommendations approved.", context="Licensing Committee")   # from the context: '15'
    code_many([(text, context, heading), ...])                 # batched through nlp.pipe
    topic_vector("Schools that help all pupils achieve")        # {'6': 0.93, '12': 0.07}
    shares_topic(code(a), code(b))                              # both name the same policy topic
"""

from __future__ import annotations

from rules.topics.coder import (
    CONTEXT_RULE,
    LEMMA_RULE,
    PHRASE_RULE,
    PROCEDURAL_RULE,
    UNCLASSIFIED_RULE,
    Coder,
    TopicCode,
    coder,
)
from rules.topics.pack import PROCEDURAL, UNCLASSIFIED, TopicsPack, topics_pack


def code(text: str | None, context: str | TopicCode | None = None, heading: str | None = None) -> TopicCode:
    """The topic of one text (see :meth:`Coder.code`)."""
    return coder().code(text, context, heading)


def code_many(items: list[tuple[str | None, str | TopicCode | None, str | None]]) -> list[TopicCode]:
    """The topics of many (text, context, heading) items, batched through spaCy's ``nlp.pipe``."""
    return coder().code_many(items)


def topic_vector(text: str, heading: str | None = None) -> dict[str, float]:
    """Every topic the text signals, as shares summing to 1 ({} when none does): what lineage
    compares when two elements share no words."""
    return code(text, heading=heading).vector()


def shares_topic(a: TopicCode, b: TopicCode, min_confidence: float = 0.0) -> bool:
    """Whether two codes name the same policy topic (procedural and unclassified never match),
    each at least ``min_confidence`` sure."""
    return (a.is_policy and b.is_policy and a.topic == b.topic
            and a.confidence >= min_confidence and b.confidence >= min_confidence)


def topic_names() -> dict[str, str]:
    """Code → the site's name, every topic in CAP order, then procedural and unclassified."""
    pack = topics_pack()
    names = {t.code: t.name for t in sorted(pack.topics, key=lambda t: int(t.code))}
    names[PROCEDURAL] = pack.procedural.name
    names[UNCLASSIFIED] = "Unclassified"
    return names


__all__ = ["CONTEXT_RULE", "LEMMA_RULE", "PHRASE_RULE", "PROCEDURAL", "PROCEDURAL_RULE", "UNCLASSIFIED",
           "UNCLASSIFIED_RULE", "Coder", "TopicCode", "TopicsPack", "code", "code_many", "coder", "shares_topic",
           "topic_names", "topic_vector", "topics_pack"]
