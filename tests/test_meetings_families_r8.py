"""Meeting records, round 8 (issue 16): a decision ends where the page's structure goes on.
Checked on committed PDFs of first-sight batches 3, 7, 11 and 15 (batch 14, the held-out batch,
is never used here):

* after a decision's full stop, a heading in capitals ("DISCLOSURES OF INTEREST Councillor
  ..."), a minute number ("129. Site Visits ..."), a heading run into the next item's agenda
  wording ("Public Question Time To receive ...") or a list the decision did not announce ("a)
  Applications received: i. ...") is the next item, not the decision's text;
* a sentence ends after a decimal ("... set at 25,892.3. The Chairman then returned ...") and
  after "Cllrs." when the next word opens a sentence ("... by all the Cllrs. The Chairman ...");
* a frame whose label was read away ("By affirmation of the meeting, it was [RESOLVED] The
  minutes ...") is the resolution without "it was".
"""

from __future__ import annotations

import pytest
from test_meetings_families_b56 import decisions_of


def _resolved(batch: int, slug: str) -> list[str]:
    return [d.resolved for d in decisions_of(batch, slug)]


@pytest.mark.parametrize(("batch", "slug", "decision"), [
    (15, "miltonkeynes-cabinet-2017-11-07",  # a heading in capitals run in after it
     "That the minutes of the meeting of the 3 October 2017 be approved and signed by the Chair as a correct record."),
    (15, "leadenham-pc-2024-06-11",  # the next item's lettered sub-items
     "that Notes of the Annual Meeting of the Parish Council held on 14 May 2024 be approved as a true record and "
     "signed as Minutes."),
    (7, "worcester-planning-committee-2019-01",  # the next minute's number and heading
     "That the minutes of the Conservation Advisory Panel meeting held on 5th December 2019 be received."),
    (11, "shropshire-cabinet-2024-12",  # a heading in title case and the next item's "To receive ..."
     "That the minutes of the meeting held on 20 November 2024 be confirmed as a correct record."),
    (3, "maldon-council-taxbase-2023",  # a sentence after a decimal that tells what happened
     "that in accordance with the Local Authorities (Calculation of Tax Base) Regulations 2012 the amount calculated "
     "by Maldon District Council as its council tax base for the 2023 / 24 year shall be set at 25,892.3."),
    (15, "woore-pc-2015-10-12",  # "Cllrs." ends the sentence before "The Chairman declared ..."
     "Both proposals were unanimously agreed by all the Cllrs."),
    (15, "oadbywigston-council-2024",  # "it was" before a resolution whose label was read away
     "The minutes of the previous meeting held on 16 July 2024 be taken as read, confirmed and approved."),
])
def test_a_decision_ends_where_the_pages_structure_goes_on(batch, slug, decision):
    assert decision in _resolved(batch, slug)


def test_a_resolutions_own_points_and_their_full_stops_stay_in_it():
    """Numbered points after full stops are the resolution's own when it opened with the
    first; only the heading in capitals after the last ("REASONS FOR RECOMMENDATIONS 1.
    Public Spaces ...") ends it."""
    texts = [r for r in _resolved(3, "chesterfield-cabinet-pspo") if r.startswith("1. That the Public Spaces")]
    assert len(texts) == 1
    assert "6. That a further report be submitted" in texts[0]
    assert texts[0].endswith("after it has been in effect for 12 months.")


# --- a motion and the outcome that settles it ------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "decision", "alone"), [
    (13, "swaton-pc-2022-11-22",
     "It was proposed by Cllr Mrs Penketh and seconded by Cllr Mrs Patrick that these be accepted as Minutes. "
     "Resolution passed.", "Resolution passed."),
    (13, "selworthy-pc-2021-03-15",
     "Mrs Bate proposed and Mr Bonar seconded their approval. There were no objections.", "There were no objections."),
])
def test_an_outcome_sentence_joins_the_motion_it_settles(batch, slug, decision, alone):
    resolved = _resolved(batch, slug)
    assert decision in resolved
    assert alone not in resolved  # not a second decision of its own


# --- an outcome after a dash at the end of a line --------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "decision"), [
    (13, "surlingham-pc-2022-07-19",
     "Councillor Scowen to propose vote of thanks to John Martin in appreciation for his work on the allotment "
     "footpath and play garden – Approved."),
    (13, "surlingham-pc-2022-07-19", "a) Approve Quarterly Statement to 30 June 2022 – Approved."),  # a lettered point starts it
    (13, "surlingham-pc-2022-07-19", "Approved"),  # "4. To approve as accurate the minutes ... – Approved": the outcome
    (13, "wellesbourne-pc-2019-08-20", "Agreed"),  # "6. Confirmation of the minutes ... – Agreed"
    (13, "selworthy-pc-2021-03-15",
     "- 6/29/21/11 – Creation of banking around informal car parking areas – land at North Hill, Hill Road, Minehead "
     "– no objection"),
])
def test_an_outcome_after_a_dash_at_a_lines_end_records_the_decision(batch, slug, decision):
    resolved = _resolved(batch, slug)
    assert decision in resolved
    assert "to approve and sign." not in resolved  # the item's wording before its first point is none
