"""The topics pack (``rules/packs/topics.yaml``) as pydantic models, validated on load.

A bad pack is a ``PlansError E030`` naming the field: a topic code used twice, a code the CAP
master codebook does not have, a signal list that is not a list of words.
"""

from __future__ import annotations

import functools
import math

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rules.packs import load_pack

# The CAP master codebook's major topics (11 and 22 are not used there).
CAP_CODES = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "14", "15", "16", "17", "18", "19",
             "20", "21", "23")
PROCEDURAL = "procedural"
UNCLASSIFIED = "unclassified"


def _words(values: list[str]) -> list[str]:
    cleaned = [" ".join(str(v).split()) for v in values]
    empty = [v for v in cleaned if not v]
    if empty:
        raise ValueError("an empty word or phrase")
    return cleaned


class Topic(BaseModel):
    """One CAP major topic, defined for a council, with the words that signal it."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="The CAP major topic number, as text: '1' … '23'")
    cap_name: str = Field(description="The topic's name in the CAP master codebook")
    uk_name: str | None = Field(None, description="Its name in the UK Policy Agendas Project codebook, where it differs")
    name: str = Field(description="What the site shows: a UK-English name saying what a council does under it")
    definition: str = Field(description="What a council item coded to this topic is about")
    adapted: str | None = Field(None, description="Where this pack departs from the codebook, and why")
    lemmas: list[str] = Field(default_factory=list, description="Words that signal the topic on their own")
    weak: list[str] = Field(default_factory=list, description="Words that signal it at half weight (shared with other topics)")
    phrases: list[str] = Field(default_factory=list, description="Phrases that signal it; their words count only as the phrase")
    exclusions: list[str] = Field(default_factory=list, description="Phrases in which its words mean something else")

    _clean = field_validator("lemmas", "weak", "phrases", "exclusions")(_words)

    @field_validator("code")
    @classmethod
    def _cap_code(cls, v: str) -> str:
        if v not in CAP_CODES:
            raise ValueError(f"{v!r} is not a CAP major topic (one of {', '.join(CAP_CODES)})")
        return v


class Procedural(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Procedural"
    definition: str
    phrases: list[str] = Field(min_length=1)

    _clean = field_validator("phrases")(_words)


class Scoring(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrase_weight: float = 1.6
    weak_weight: float = 0.5
    heading_weight: float = 1.6
    procedural_weight: float = 3.0
    zipf_common: float = 6.5
    zipf_rare: float = 3.5
    specificity_floor: float = Field(0.35, ge=0, le=1)
    min_score: float = 0.3
    context_discount: float = Field(0.6, ge=0, le=1)
    context_min_score: float = 0.6
    context_neutral: list[str] = Field(default_factory=list)  # phrases a context string is read without
    context_prior: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _range(self) -> Scoring:
        if self.zipf_common <= self.zipf_rare:
            raise ValueError("zipf_common must be above zipf_rare")
        return self


class Calibration(BaseModel):
    """confidence = logistic(a · margin + b · ln(1 + score) + c)."""

    model_config = ConfigDict(extra="forbid")

    a: float = 3.0
    b: float = 0.8
    c: float = -2.0

    def confidence(self, margin: float, score: float) -> float:
        z = self.a * margin + self.b * math.log1p(max(score, 0.0)) + self.c
        return 1.0 / (1.0 + math.exp(-z))


class TopicsPack(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pack: str = "topics"
    version: int = Field(ge=1)
    codebook: str = ""
    scoring: Scoring = Field(default_factory=Scoring)
    calibration: Calibration = Field(default_factory=Calibration)
    topics: list[Topic] = Field(min_length=1)
    procedural: Procedural

    @model_validator(mode="after")
    def _unique(self) -> TopicsPack:
        codes = [t.code for t in self.topics]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"topic code(s) {', '.join(twice)} defined twice")
        return self

    def topic(self, code: str) -> Topic | None:
        return next((t for t in self.topics if t.code == code), None)

    def name(self, code: str | None) -> str | None:
        """The site's name of a code: a topic's, 'Procedural' or 'Unclassified'."""
        if code is None:
            return None
        if code == PROCEDURAL:
            return self.procedural.name
        if code == UNCLASSIFIED:
            return "Unclassified"
        topic = self.topic(code)
        return topic.name if topic else None


@functools.cache
def topics_pack() -> TopicsPack:
    """The merged topics pack (``pack: topics`` files of rules/packs/ and PLANS_PACK_PATH)."""
    return load_pack("topics", TopicsPack)
