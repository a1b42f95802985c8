"""Canonical indicators: the same measure written in two documents or two rows is one
:class:`Indicator`, linked to the activity whose updates quote it and through that to its
mission."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from rules.councils.scope import Scopes
from rules.indicators.records import _BULLETS, LINK_RULE, Indicator, IndicatorValue
from rules.quantities import pack
from rules.records import Record
from rules.registry import linker


def indicator_key(name: str) -> str:
    """The identity of an indicator name: lower case, accents and punctuation folded, stop
    words dropped, plurals made singular ("Referals" and "referal" are one indicator)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9%£/+]+", " ", s)
    stop = {w.lower() for w in pack().name_stopwords} | {"s"}
    words = []
    for w in s.split():
        if w in stop:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return " ".join(words) or s.strip()


def _fold(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s).replace("\u2019", "'")
    return re.sub(r"\s+", " ", _BULLETS.sub(" ", s)).strip()


@linker("indicators.canonical", after=("plans.activity_links",))
def canonical_indicators(records: list[Record]) -> Iterable[Record]:
    values = [r for r in records if isinstance(r, IndicatorValue)]
    activities = [r for r in records if getattr(r, "table", "") == "activities"]
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for a in activities:
        by_doc[a.document_id].append(a)
    updates = {a.id: _fold(getattr(a, "updates", None)) for a in activities}
    planned = {a.id: _fold(getattr(a, "planned_activity", None)) for a in activities}
    # One indicator per council: two councils' "recycling rate" are two series.
    scopes = Scopes(r for r in records if r.table == "documents")
    groups: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    for v in values:
        key = indicator_key(v.indicator)
        groups[(scopes.of(v), key)].append(v)
        quote, section = _fold(v.quote), _fold(v.section)
        activity = next((a for a in by_doc.get(v.document_id, []) if quote and quote in updates[a.id]), None)
        if activity is None and section:
            activity = next((a for a in by_doc.get(v.document_id, []) if planned[a.id] and planned[a.id] == section), None)
        if activity is not None:
            v.activity_id = activity.id
            v.mission_id = getattr(activity, "mission_id", None)
    # One name in two units is two measures ("445 CIC" and "CIC (rate 15 per 10,000)"): the
    # values in the group's main unit keep its key, the others get a key of their own.
    for (scope, key), members in list(groups.items()):
        units = Counter(v.unit for v in members)
        if len(units) > 1:
            main = units.most_common(1)[0][0]
            groups[(scope, key)] = [v for v in members if v.unit == main]
            for unit in units:
                if unit != main:
                    groups[(scope, f"{key} ({unit})")] = [v for v in members if v.unit == unit]
    out: list[Record] = []
    for (scope, key), members in groups.items():
        members.sort(key=lambda v: (v.period_start or "9999", v.document_id, v.page or 0))
        ident = hashlib.sha1(f"indicators:{scope}:{key}".encode()).hexdigest()[:16]
        first = min(members, key=lambda v: (v.document_id, v.page or 0))
        starts = [v.period_start for v in members if v.period_start]
        ends = [v.period_end for v in members if v.period_end]
        indicator = Indicator(
            id=ident, document_id=first.document_id, page=first.page, rule=LINK_RULE, key=key,
            name=Counter(v.indicator for v in members).most_common(1)[0][0],
            unit=Counter(v.unit for v in members).most_common(1)[0][0], values=len(members),
            documents=len({v.document_id for v in members}), period_first=min(starts) if starts else None,
            period_last=max(ends) if ends else None,
            activity_ids=sorted({v.activity_id for v in members if v.activity_id}),
            mission_ids=sorted({v.mission_id for v in members if v.mission_id}),
            chart=f"/-/indicator/{ident}",
        )
        for v in members:
            v.indicator_id = ident
        out.append(indicator)
    return [*values, *out]
