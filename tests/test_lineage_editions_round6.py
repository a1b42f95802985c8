"""Every edition a plan, with its own period and kind (issue 17, lineage round 6), read through
the whole engine (``rules.engine.records_of``, as ``plans build`` does) from the committed pages
of the lineage sets (``tests/lineage_firstsight/``), each with the manifest entry a researcher
writes for it (council, title, period: as ``bench/score_lineage_dev.py`` builds them), and checked
against the set's gold elements.

Families:

* a one-page web page or news release of a plan whose manifest entry gives its period is read as
  a plan when the cues leave it ``other`` (``plan_period_genres`` in ``rules/packs/genres.yaml``);
* an announcement counted with any adjective ("five complementary priorities which are to:");
* a run-in list after a colon and a dash ("... five key priorities: - the environment ...; ...");
* a letter in brackets touching its item ("(b)Keep the borough clean and safe");
* the manifest's period, not a heading's, dates the edition (a page of the 2017-22 plan headed
  "Corporate Plan 2018-22" as rolled forward), and a period with no last year ("2019-") is one;
* a corporate strategy and a strategic (delivery) plan are the council's corporate plan: one
  series with its council plan.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from extractor import extract
from graph.editions import plan_series
from graph.lineage import Lineage
from rules.engine import records_of
from rules.packs import load_pack
from rules.plans.records import PlanRecord, PriorityRecord
from rules.plans.summary_lines import PlanSummariesPack
from rules.plans.summary_plans import plan_kind

SET = Path(__file__).parent / "lineage_firstsight"


def _gold(council: str) -> dict:
    return json.loads((SET / council / "lineage.gold.json").read_text(encoding="utf-8"))


def _edition(council: str, slug: str) -> dict:
    return next(e for e in _gold(council)["editions"] if e["slug"] == slug)


def _manifest(council: str, edition: dict) -> dict:
    return {"file": Path(edition["document"]).name, "title": edition["title"], "publisher": _gold(council)["council"],
            "plan_period": edition["period"].replace("/", "-")}


def _read(council: str, slug: str):
    edition = _edition(council, slug)
    return records_of(extract(SET / council / edition["document"]), _manifest(council, edition))


def _names(records) -> list[str]:
    return [p.name for p in sorted((r for r in records if isinstance(r, PriorityRecord)), key=lambda r: r.position)]


def _plans(records) -> list[PlanRecord]:
    return [r for r in records if isinstance(r, PlanRecord)]


def _close(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.85


@pytest.mark.parametrize(("council", "slug"), [
    ("northkesteven", "northkesteven-nk-plan-2020-2023"),          # "our five priorities – Our Communities, ..."
    ("northlanarkshire", "northlanarkshire-programme-of-work-2023-2028"),  # no council cue at all on the page
])
def test_a_plan_page_too_plain_for_the_cues_is_a_plan_when_its_manifest_gives_a_period(council, slug):
    reading, records = _read(council, slug)
    assert reading.genre.name == "business_plan" and reading.genre.source == "manifest"
    gold = [e["name"] for e in _edition(council, slug)["elements"] if not e["parent"]]
    names = _names(records)
    assert len(names) == len(gold) and all(any(_close(g, n) for n in names) for g in gold)


def test_without_a_plan_period_the_same_page_stays_other():
    """The manifest's period is what makes it a plan: without it the page is `other` and gives no plan."""
    edition = _edition("northkesteven", "northkesteven-nk-plan-2020-2023")
    manifest = {k: v for k, v in _manifest("northkesteven", edition).items() if k != "plan_period"}
    reading, records = records_of(extract(SET / "northkesteven" / edition["document"]), manifest)
    assert reading.genre.name == "other" and not _plans(records)


def test_counted_announcement_with_an_adjective_over_bullets():
    """'The Plan comprises five complementary priorities which are to:' over five bullets; its
    period has no last year ('2019-'), and the edition is dated all the same."""
    _reading, records = _read("northlanarkshire", "northlanarkshire-plan-for-north-lanarkshire-2019")
    gold = [e["name"] for e in _edition("northlanarkshire", "northlanarkshire-plan-for-north-lanarkshire-2019")["elements"]]
    assert _names(records) == gold
    (plan,) = _plans(records)
    assert (plan.period_start, plan.period_end) == (2019, None)


def test_run_in_list_after_a_colon_and_a_dash():
    """'... five key priorities: - the environment including climate action; healthy communities; ...'."""
    _reading, records = _read("northkesteven", "northkesteven-nk-plan-2023-2026")
    names = _names(records)
    assert len(names) == 5 and not any(n.startswith("-") for n in names)
    assert names[1:] == [e["name"] for e in _edition("northkesteven", "northkesteven-nk-plan-2023-2026")["elements"][1:]]


def test_bracketed_letters_touching_their_items():
    """'(a) Regenerate ...' '(b)Keep the borough clean and safe' '(c) ...' '(d)Tackle ...'."""
    slug = "redbridge-strategic-delivery-plan-2018-2022"
    _reading, records = _read("redbridge", slug)
    assert _names(records) == [e["name"] for e in _edition("redbridge", slug)["elements"]]
    (plan,) = _plans(records)
    assert plan.kind == "business_plan"  # "strategic delivery plan": the council's corporate plan


def test_the_manifest_period_dates_an_edition_headed_with_the_next_ones():
    """Swansea's 2017-22 plan as rolled forward, its page headed 'Corporate Plan 2018-22': the
    2017 edition, so it and the refreshed 2018-22 edition are two editions of one series."""
    plans = []
    records_all = []
    for slug in ("swansea-corporate-plan-2017-2022", "swansea-corporate-plan-2018-2022", "swansea-corporate-plan-2020-2022"):
        _reading, records = _read("swansea", slug)
        records_all += records
        (plan,) = _plans(records)
        plans.append((plan.period_start, plan.period_end))
    assert plans == [(2017, 2022), (2018, 2022), (2020, 2022)]
    (series,) = plan_series(records_all, Lineage().pack)
    assert [p.period_start for p in series] == [2017, 2018, 2020]


def test_a_corporate_strategy_and_the_next_council_plan_are_one_series():
    pack = load_pack("plan_summaries", PlanSummariesPack)
    assert plan_kind(pack, "Corporate Strategy 2014-18") == plan_kind(pack, "Redbridge Plan 2022-26") == "business_plan"
    assert plan_kind(pack, "Digital Strategy 2017-2021") == "strategy"
    assert plan_kind(pack, "Housing Delivery Plan 2020") == "action_plan"


def test_a_description_that_says_what_it_will_focus_on_gives_the_level_below():
    """'“Climate Change – our aim of achieving net-zero by 2030. This will centre on embedding ...;
    reducing ...; protecting the environment; supporting ... and working with ...': five sub-items
    of Climate Change, as the page prints them (the level below, for lineage)."""
    from rules.plans.records import MissionRecord

    slug = "northayrshire-council-plan-2023-2028"
    _reading, records = _read("northayrshire", slug)
    edition = _edition("northayrshire", slug)
    ids = {r.id: r.name for r in records if isinstance(r, PriorityRecord)}
    below = [(ids[m.priority_id], m.name) for m in records if isinstance(m, MissionRecord)]
    names = {e["id"]: e["name"] for e in edition["elements"]}
    gold = [(names[e["parent"]], e["name"]) for e in edition["elements"] if e["parent"]]
    assert below == gold


def test_lettered_lead_lines_over_bullets_after_a_sentence_naming_the_priorities():
    """'... we have identified some key priorities ..., the Great Eight.' then '(a) Tackling
    poverty and inequality:' over bullets, all at one depth: the lead lines are the priorities,
    their bullets the level below."""
    from rules.plans.records import MissionRecord

    slug = "salford-great-eight-2021"
    _reading, records = _read("salford", slug)
    edition = _edition("salford", slug)
    tops = [e["name"] for e in edition["elements"] if not e["parent"]]
    names = _names(records)
    assert len(names) == len(tops) and all(n.startswith(g) for g, n in zip(tops, names, strict=True))
    ids = {r.id: r.name for r in records if isinstance(r, PriorityRecord)}
    below = [(ids[m.priority_id], m.name) for m in records if isinstance(m, MissionRecord)]
    by_id = {e["id"]: e["name"] for e in edition["elements"]}
    gold = [(by_id[e["parent"]], e["name"]) for e in edition["elements"] if e["parent"]]
    assert len(below) >= len(gold)  # the page's last bullet is cut; the gold leaves it out
    assert all(any(_close(g, b) for _p, b in below) for _q, g in gold)


def test_uncounted_names_after_of_run_into_a_sentence():
    """'... to sit alongside the existing priorities of Our Communities, Our Council, Our Economy,
    and Our Homes.': four names in capitals after 'of', nothing counting them."""
    slug = "northkesteven-nk-plan-2018-2021"
    _reading, records = _read("northkesteven", slug)
    gold = [e["name"] for e in _edition("northkesteven", slug)["elements"]]
    names = _names(records)
    assert len(names) >= 4 and set(names) <= set(gold)


def test_two_names_after_of_are_no_list():
    """Fewer than three names, or a lower-case word among them, is a sentence, not a list."""
    from rules.plans.plan_summaries import _run_in
    from rules.plans.summary_lines import Row

    pack = load_pack("plan_summaries", PlanSummariesPack)
    row = Row(line=None, block=object(), text="x", styled=False, label=None, number=None, fills=False)  # type: ignore[arg-type]
    assert _run_in(pack, [row], 0, " of Our Communities and Our Council.", None) == ([], set())
    assert _run_in(pack, [row], 0, " of Our Communities, the council and Our Homes.", None) == ([], set())
    items, _used = _run_in(pack, [row], 0, " of Our Communities, Our Council and Our Homes.", None)
    assert [i.name for i in items] == ["Our Communities", "Our Council", "Our Homes"]
