"""The body of a meeting (issue 16, §4): a decision page's "Decision Maker:" label run into the
page's text or wrapped over a line, a maker's "Cabinet Member - <portfolio>" kept whole, and a
minutes heading that says where the meeting was held before its date or names the kind of
meeting alone. Real pages of first-sight batches 1-8 (``tests/firstsight``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_plans.score import metadata_right
from extractor import extract
from rules.documents import body_name
from rules.engine import read

FIRSTSIGHT = Path(__file__).parent / "firstsight"


def body_read(batch: str, slug: str) -> str | None:
    """The meeting body the engine reads from a first-sight batch's PDF."""
    return read(extract(FIRSTSIGHT / batch / "corpus" / f"{slug}.pdf"), None).meta.body


@pytest.mark.parametrize("batch,slug,body", [
    # "Decision details CAR PARKING STRATEGY Decision Maker: Cabinet Decision\nstatus: Deleted"
    ("batch-6", "herefordshire-cabinet-2003-10-23", "Cabinet"),
    # "... REVIEW Decision Maker: Cabinet Decision status:\nRecommendations Approved"
    ("batch-5", "rutland-cabinet-2017-03-21", "Cabinet"),
    # "Decision Maker: Contracts, Service\nDelivery and Improvement Portfolio Holder Decision status:"
    ("batch-2", "eppingforest-portfolioholder-2018-05-22", "Contracts, Service Delivery and Improvement Portfolio Holder"),
    # "Decision\nMaker: Corporate Director of Environment Decision status:"
    ("batch-3", "northyorkshire-director-20mph-bellerby-2024-12-06", "Corporate Director of Environment"),
    # "Decision Maker:\nEnvironment, Climate Emergency and Transport Committee Decision status:"
    ("batch-3", "wirral-environment-committee-2024-12-03", "Environment, Climate Emergency and Transport Committee"),
    # "Decision Maker: Cabinet Member - Highways and Flood": the maker whole, not its portfolio
    ("batch-6", "gloucestershire-cabinetmember-highways-2021-09-02", "Cabinet Member - Highways and Flood"),
])
def test_a_decision_pages_maker_is_its_body_wherever_the_label_falls(batch, slug, body):
    found = body_read(batch, slug)
    assert metadata_right("body", body, found), found


def test_an_authority_before_a_dash_is_dropped_but_a_makers_role_is_not():
    assert body_name("Wiltshire Council - Cabinet") == "Cabinet"
    assert body_name("Cabinet Member - Highways and Flood") == "Cabinet Member - Highways and Flood"


@pytest.mark.parametrize("batch,slug,body", [
    # "Minutes of the Extraordinary Meeting of the Parish Council held at Endecott House on Monday"
    ("batch-8", "chagford-pc-2019-11-25", "Parish Council"),
    # "Minutes of the meeting of the Council held at Two Bridges Hotel, Princetown on Wednesday"
    ("batch-8", "dartmoorcommoners-council-2012-04-04", "Council"),
    # "Minutes of the Extraordinary Parish Council Meeting" over the venue and date
    ("batch-8", "allington-pc-2023-09-16", "Parish Council"),
    # "MINUTES OF THE JUNE 2011 COUNCIL MEETING" is no body; the heading above it names the parish
    ("batch-1", "stithians-pc-2011-07-19", "Parish Council"),
])
def test_a_minutes_heading_held_somewhere_or_naming_the_kind_of_meeting_gives_the_body(batch, slug, body):
    found = body_read(batch, slug)
    assert metadata_right("body", body, found), found
