"""Document genre: what kind of document a PDF is, scored from printed cues.

The genre decides which rule sets read a document (each declares the genres it reads), so
this runs first. The cues and their weights are data (``rules/packs/genres.yaml``); the
score of every genre is kept, with the winner and the runner-up, so a wrong call can be
seen on the documents row and mended by adding a cue.

For decisions the genre is a prior, not a gate: a document with local-government cues and
decision cues ("RESOLVED", "I agree to:", "It was proposed ... seconded ... and agreed") is
read for decisions whatever genre wins (``Genre.reads_decisions``), and the genre and the way
a resolution was found set each decision's ``confidence`` (:func:`decision_confidence`).
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from extractor.model import Document
from rules.packs import load_pack

GENRES = (
    "agenda_pack", "minutes", "decision_notice", "decision_details", "recorded_votes", "committee_report",
    "business_plan", "service_plan_update", "performance_report", "other",
)
MEETING_RECORDS = ("agenda_pack", "minutes", "decision_notice", "decision_details", "recorded_votes")


class Cue(BaseModel):
    pattern: str
    weight: float = 1.0
    max: int = 1
    where: Literal["first_pages", "first_page", "headings"] = "first_pages"
    decisive: bool = False  # names the kind of page outright: only genres with such a match compete

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        re.compile(v)
        return v

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.MULTILINE)


class DecisionCue(BaseModel):
    """Words that record a decision; each match adds ``weight`` (up to the pack's cap)."""

    pattern: str
    weight: float = 2.0

    @field_validator("pattern")
    @classmethod
    def _valid(cls, v: str) -> str:
        re.compile(v)
        return v

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.MULTILINE)


class GenresPack(BaseModel):
    first_pages: int = 3
    min_score: float = 4
    min_council_cues: int = 2
    council_cues: list[str] = Field(default_factory=list)
    council_cue_max: int = 20
    # Words that record a decision, searched in the whole document: with the council cues,
    # they have a document read for decisions whatever its genre.
    decision_cues: list[DecisionCue] = Field(default_factory=list)
    min_decision_cues: float = 2
    decision_cue_max: int = 20
    # Each decision's confidence: the prior of its document's genre times the weight of how
    # its resolution was found (label, frame, position).
    decision_priors: dict[str, float] = Field(default_factory=dict)
    default_decision_prior: float = 0.5
    found_by_weights: dict[str, float] = Field(default_factory=dict)
    # A manifest entry that gives a plan period says the document sets out or reports on a
    # plan: when the cues leave it ``other``, the best of these genres with any cue wins.
    plan_period_genres: list[str] = Field(default_factory=list)
    genres: dict[str, list[Cue]]

    @field_validator("council_cues")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            re.compile(p)
        return v

    @field_validator("genres")
    @classmethod
    def _known(cls, v: dict[str, list[Cue]]) -> dict[str, list[Cue]]:
        unknown = sorted(set(v) - set(GENRES))
        if unknown:
            raise ValueError(f"unknown genre(s) {unknown}; known: {', '.join(GENRES)}")
        return v


class Genre(BaseModel):
    """The genre a document was read as, and how sure the reading is."""

    name: str = Field(description="The winning genre, or other")
    score: float = Field(description="Score of the winning genre")
    runner_up: str | None = Field(None, description="The next best genre")
    runner_up_score: float = 0.0
    scores: dict[str, float] = Field(default_factory=dict)
    council_cues: int = 0
    decision_cues: float = Field(0, description="Weighted matches of the pack's decision cues in the whole document")
    reads_decisions: bool = Field(False, description="Local-government and decision cues both found: read for decisions whatever the genre")
    source: Literal["cues", "manifest"] = "cues"


@functools.cache
def genres_pack() -> GenresPack:
    return load_pack("genres", GenresPack)


def _texts(document: Document, pack: GenresPack) -> dict[str, str]:
    first = [p.text for p in document.pages[: pack.first_pages]]
    headings = [b.text for b in document.blocks() if b.kind == "heading"]
    return {"first_page": first[0] if first else "", "first_pages": "\n".join(first), "headings": "\n".join(headings)}


def classify(document: Document, pack: GenresPack | None = None) -> Genre:
    """Score every genre on the document's cues; the best wins if it is sure enough and the
    pages read as local-government papers at all, else ``other``."""
    pack = pack or genres_pack()
    texts = _texts(document, pack)
    council = sum(min(len(re.findall(p, texts["first_pages"])), pack.council_cue_max) for p in pack.council_cues)
    scores: dict[str, float] = {}
    decisive: set[str] = set()
    for genre, cues in pack.genres.items():
        total = 0.0
        for cue in cues:
            hits = sum(1 for _ in zip(range(cue.max), cue.regex.finditer(texts[cue.where]), strict=False))
            total += cue.weight * hits
            if hits and cue.decisive:
                decisive.add(genre)
        scores[genre] = total
    ranked = sorted(scores.items(), key=lambda kv: (kv[0] not in decisive if decisive else False, -kv[1],
                                                    GENRES.index(kv[0])))
    (best, best_score), runner = ranked[0], ranked[1] if len(ranked) > 1 else (None, 0.0)
    # A decisive cue (a council system's page title) vouches for the page as much as its words.
    vouched = council + (pack.min_council_cues if best in decisive else 0)
    name = best if best_score >= pack.min_score and vouched >= pack.min_council_cues else "other"
    decisions = count_decision_cues(document, pack)
    return Genre(name=name, score=best_score, runner_up=runner[0] if name != "other" else best,
                 runner_up_score=runner[1] if name != "other" else best_score, scores=scores, council_cues=council,
                 decision_cues=decisions,
                 reads_decisions=vouched >= pack.min_council_cues and decisions >= pack.min_decision_cues)


def with_plan_period(genre: Genre, plan_period: str | None, pack: GenresPack | None = None) -> Genre:
    """The genre of a document its manifest entry gives a plan period: a page of a plan too short
    or too plain for the cues (a news release of its adoption, a web page naming its priorities
    in a sentence) is read as the plan kind that scores best, when any of its cues matched."""
    pack = pack or genres_pack()
    if genre.name != "other" or not plan_period:
        return genre
    best = max(pack.plan_period_genres, key=lambda g: genre.scores.get(g, 0.0), default=None)
    if best is None or genre.scores.get(best, 0.0) <= 0:
        return genre
    return genre.model_copy(update={"name": best, "score": genre.scores[best], "runner_up": genre.name,
                                    "runner_up_score": genre.score, "source": "manifest"})


def count_decision_cues(document: Document, pack: GenresPack | None = None) -> float:
    """How often the pages print words that record a decision: each cue's weight per match,
    up to the pack's ``decision_cue_max`` matches of each."""
    pack = pack or genres_pack()
    text = "\n".join(p.text for p in document.pages)
    return sum(cue.weight * sum(1 for _ in zip(range(pack.decision_cue_max), cue.regex.finditer(text), strict=False))
               for cue in pack.decision_cues)


def decision_confidence(genre: str, found_by: str | None, pack: GenresPack | None = None) -> float:
    """How sure a decision is, from 0 to 1: the prior of the genre its document was read as
    (a decision read from minutes is likelier right than one read from a document whose genre
    is a report or ``other``) times the weight of how its resolution was found."""
    pack = pack or genres_pack()
    prior = pack.decision_priors.get(genre, pack.default_decision_prior)
    return round(prior * pack.found_by_weights.get(found_by or "", 1.0), 2)
