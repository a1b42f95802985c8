"""Meeting records, round 7 (issue 16): decisions as the page states them. Checked on committed
PDFs of first-sight batches 7 and 13 (batch 12, the held-out batch, is never used here):

* a web page's list run into one paragraph (" - It was agreed ... - The community council
  considered and adopted ...") or printed an entry a paragraph behind its hyphen is read entry
  by entry: each entry's decision is its own, not one blob of the whole list; sibling entries
  that differ in a few words ("... adopted the Model Constitution." / "... the Model Standing
  Orders.") are each a decision.
"""

from __future__ import annotations

import pytest
from test_meetings_families_b56 import decisions_of


def _resolved(batch: int, slug: str) -> dict[str, str]:
    return {d.resolved: d.resolution_found_by for d in decisions_of(batch, slug)}


# --- run-in list entries ------------------------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug"), [(13, "tiree-cc-2022-12-19"), (7, "campbeltown-cc-inaugural-2022-10-25")])
def test_a_list_run_into_one_paragraph_is_read_entry_by_entry(batch, slug):
    resolved = _resolved(batch, slug)
    for adopted in ("Model Constitution.", "Best Practice Agreement."):
        assert f"The community council considered and adopted the {adopted}" in resolved
    appointments = [r for r in resolved if r.startswith("It was agreed to appoint")]
    assert len(appointments) >= 2 and all(" - " not in r and len(r) < 100 for r in appointments)
    # what the list says besides its decisions stays out of them
    assert not any("welcomed all to the meeting" in r or "highlighted a range" in r for r in resolved)


# --- a decision ends at its sentence --------------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "decision"), [
    (13, "ludlow-tc-2009-01-26",  # a label's resolution, then "The minutes of ... were not available."
     "that the minutes of the Town Council meetings held on 27th October & 13th November 2008 be agreed and signed "
     "as a correct record."),
    (13, "northnibley-pc-2014-10",  # a frame's, then "The Minutes of ... had previously been distributed ..."
     "The Council approved and signed the Minutes of the Parish Annual Council Meeting held on 1 September, as a "
     "true record."),
    (9, "reading-planning-committee-2024",  # a label's, in words no decision list holds, then "The Committee received ..."
     "That no additional site visits be arranged."),
])
def test_a_decision_ends_before_a_sentence_that_tells_what_happened(batch, slug, decision):
    assert decision in _resolved(batch, slug)


@pytest.mark.parametrize(("batch", "slug", "start", "goes_on"), [
    # a motion's further sentence, not in the past: part of it
    (1, "peakdistrict-npa-a628-motion", "That the National Park Authority will adopt",
     "The Authority’s response on consultations will not be delegated"),
    # a point's mark is no sentence's end ("...; ii. Considered and commented ...")
    (5, "huntingdonshire-cabinet-2016-11", "i. Considered and commented", "ii. Considered and commented"),
    # the payments listed after "... the following accounts be paid."
    (1, "dorrington-pc-2024-05-13", "It was agreed that following accounts be paid.", "Hall rental £ 25.00"),
])
def test_a_decision_goes_on_over_its_own_further_sentences(batch, slug, start, goes_on):
    texts = [r for r in _resolved(batch, slug) if r.startswith(start)]
    assert texts and goes_on in texts[0]


# --- a signature alone is no decision ----------------------------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "signature", "decision"), [
    (13, "northnibley-pc-2014-10", "Minutes were duly signed by the Chairman.", "The Council approved and signed the Minutes"),
    (7, "swayfield-pc-2018-11-08", "The contract with Miracle was then signed.", None),
])
def test_a_signature_alone_is_no_decision_but_an_approval_signed_is(batch, slug, signature, decision):
    resolved = _resolved(batch, slug)
    assert signature not in resolved
    assert decision is None or any(r.startswith(decision) for r in resolved)


# --- a clause that sets the scene before "it was agreed" ------------------------------------------


@pytest.mark.parametrize(("batch", "slug", "decision", "scene"), [
    (14, "ceulanamaesmawr-cc-2014-02-24", "it was agreed not to confirm funding to RAY Ceredigion at present.",
     "As RAY Ceredigion is officially due to close"),
    (15, "marazion-tc-2020-02-25", "it was decided to defer its consideration to the next meeting",
     None),
])
def test_the_impersonal_act_after_a_scene_setting_clause_is_the_decision(batch, slug, decision, scene):
    # "As RAY Ceredigion is officially due to close in December 2014, it was agreed not to confirm
    # funding ...": the decision is the act after the comma (batches 14-15, after their first sight).
    resolved = _resolved(batch, slug)
    assert any(r.startswith(decision) for r in resolved)
    if scene:
        assert not any(scene in r for r in resolved)
