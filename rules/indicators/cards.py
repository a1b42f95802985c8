"""Values of KPI cards: an indicator's name, its labelled facts and its series, one
"period: value" line each (``rules.scorecards.cards``); the prose after a card is about it."""

from __future__ import annotations

import re

from extractor.model import Document
from rules.indicators.records import CARD_RULE, Found, normalise
from rules.indicators.tables import numeric
from rules.quantities import pack
from rules.scorecards import Card, CardLine, assess, cards, is_pending, name_unit, polarity_of


def _card_stream(document: Document) -> list[CardLine]:
    """Every printed line outside tables, keyed as the text reader keys them (page, block, line)."""
    out: list[CardLine] = []
    for page in document.pages:
        for b, block in enumerate(page.blocks):
            if block.kind == "table":
                continue
            texts = block.text.split("\n")
            for k, text in enumerate(texts):
                line = block.lines[k] if len(block.lines) == len(texts) else None
                if text.strip() and not (line is not None and line.furniture):
                    out.append(CardLine(normalise(text), page.number, line.bbox if line else block.bbox,
                                        (page.number, b, k), block.kind == "heading"))
    return out


def card_values(document: Document) -> tuple[list[Found], set[tuple[int, int, int]], list[tuple[Card, list[Found]]]]:
    """Values of KPI cards, the lines they used, and each card with its values (the prose after
    a card is about its indicator)."""
    rules = pack().scorecard
    found: list[Found] = []
    used: set[tuple[int, int, int]] = set()
    out: list[tuple[Card, list[Found]]] = []
    for card in cards(_card_stream(document), rules):
        hint = name_unit(card.name, rules)
        values: list[Found] = []
        for period, text, line in card.series:
            if is_pending(text, rules):
                continue
            parsed = numeric(text)
            if parsed is None:
                continue
            value, unit = parsed
            unit = hint if unit == "count" and hint else unit
            values.append(Found(card.name, value, unit, period, "actual", normalise(f"{period.text}: {text}"), "table",
                                line.page, line.bbox, card.name, CARD_RULE))
        target_text = card.facts.get("target", "")
        if not values and not card.series and target_text:
            # A KPI's definition: its target alone ("Local target: 98% (Q4 only)").
            parsed_target = numeric(re.split(r"\(|\s[–-]\s", target_text)[0])
            if parsed_target is not None:
                line = next((ln for ln in card.lines if target_text in ln.text), card.name_line)
                t_unit = hint if parsed_target[1] == "count" and hint else parsed_target[1]
                target_found = Found(card.name, parsed_target[0], t_unit, None, "target", normalise(line.text), "table",
                                     line.page, line.bbox, card.name, CARD_RULE,
                                     polarity=polarity_of(card.facts.get("polarity", ""), rules))
                found.append(target_found)
                used |= {ln.key for ln in card.lines}
                out.append((card, [target_found]))
            continue
        if not values:
            continue
        parsed_target = numeric(re.split(r"\(|\s[–-]\s", target_text)[0]) if target_text else None
        target = None
        if parsed_target is not None:
            t_unit = hint if parsed_target[1] == "count" and hint else parsed_target[1]
            if t_unit == values[-1].unit:
                target = parsed_target[0]
        polarity = polarity_of(card.facts.get("polarity", "") or target_text, rules)
        assess(values, target, card.facts.get("status"), card.facts.get("direction"), polarity)
        if target is not None:
            latest = next(v for v in values if v.target is not None)
            line = next((ln for ln in card.lines if target_text and target_text in ln.text), card.name_line)
            values.append(Found(card.name, target, latest.unit, latest.period, "target", normalise(line.text), "table",
                                line.page, line.bbox, card.name, CARD_RULE, polarity=polarity))
        found += values
        used |= {ln.key for ln in card.lines}
        out.append((card, values))
    return found, used, out


def about_card(f: Found, card: Card, values: list[Found]) -> Found | None:
    """A value of the prose after a card: named by the card when it is in the card's unit; gone
    when it only repeats one of the card's values or its target."""
    same_unit = [v for v in values if v.unit == f.unit]
    if not same_unit:
        return f
    for v in same_unit:
        if abs(v.value - f.value) < 1e-9 and (f.kind == v.kind or v.kind == "target") and (
                f.period is None or v.period is None or f.period.iso == v.period.iso or v.kind == "target"):
            return None
    f.indicator = card.name
    return f
