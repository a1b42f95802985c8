"""Reviewed links: a researcher's confirmations and rejections of lineage links, kept as data.

The file is a rule pack (``rules/packs/lineage_reviews.yaml``; more files with
``pack: lineage_reviews`` are appended to it, e.g. one per reviewer). Each review names a link
by the two elements as printed (case, quotes and spacing ignored) and, where names repeat
across editions, the first years of the two plans::

    - from: Reduction in Anti-Social Behaviour
      to: We are safe
      from_plan: 2017
      to_plan: 2022
      verdict: confirmed
      note: The 2022 mission's aims restate the 2017 goal's partnership work on anti-social behaviour.
      reviewer: A. Researcher
      date: 2024-05-01

A confirmed link is published whatever its score; a rejected one stays in the table marked
``rejected`` and is left out of the graph; the other links' relations are judged without it.
Reviews are applied after matching, so the build can ignore them (``PLANS_IGNORE_REVIEWS=1``)
to measure the matcher on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.lineage import Element, Pair
from rules.packs import load_pack


class Review(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    from_: str = Field(alias="from", min_length=1, description="The older element's name as printed, or its missions.id")
    to: str = Field(min_length=1, description="The newer element's name as printed, or its missions.id")
    from_plan: int | None = Field(None, description="First year of the older plan, where names repeat across editions")
    to_plan: int | None = Field(None, description="First year of the newer plan")
    verdict: Literal["confirmed", "rejected"]
    note: str = Field(min_length=1, description="Why: what in the two plans shows it")
    reviewer: str = Field(min_length=1)
    date: dt.date | None = None


class ReviewPack(BaseModel):
    pack: str
    reviews: list[Review] = Field(default_factory=list)


def load_reviews() -> ReviewPack:
    return load_pack("lineage_reviews", ReviewPack)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip(" .")


def _find(key: str, elements: list[Element]) -> str | None:
    for e in elements:
        if e.id == key:
            return e.id
    named = [e.id for e in elements if _fold(e.name) == _fold(key)]
    return named[0] if len(named) == 1 else None


def verdicts_for(reviews: ReviewPack, old: list[Element], new: list[Element], older: Any, newer: Any) -> dict[Pair, tuple[str, str]]:
    """The reviewed pairs between two editions: ``{(from_id, to_id): (verdict, "note — reviewer, date")}``."""
    out: dict[Pair, tuple[str, str]] = {}
    for r in reviews.reviews:
        if r.from_plan is not None and r.from_plan != getattr(older, "period_start", None):
            continue
        if r.to_plan is not None and r.to_plan != getattr(newer, "period_start", None):
            continue
        o, n = _find(r.from_, old), _find(r.to, new)
        if o and n:
            by = f"{r.reviewer}, {r.date.isoformat()}" if r.date else r.reviewer
            out[o, n] = (r.verdict, f"{r.note} — {by}")
    return out
