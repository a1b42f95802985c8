"""Document genre: what kind of document a PDF is, scored from printed cues.

The genre decides which rule sets read a document (each declares the genres it reads), so
this runs first. The cues and their weights are data (``rules/packs/genres.yaml``); the
score of every genre is kept, with the winner and the runner-up, so a wrong call can be
seen on the documents row and mended by adding a cue.
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


class GenresPack(BaseModel):
    first_pages: int = 3
    min_score: float = 4
    min_council_cues: int = 2
    council_cues: list[str] = Field(default_factory=list)
    council_cue_max: int = 20
    genres: dict[str, list[Cue]]

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
    return Genre(name=name, score=best_score, runner_up=runner[0] if name != "other" else best,
                 runner_up_score=runner[1] if name != "other" else best_score, scores=scores, council_cues=council)
