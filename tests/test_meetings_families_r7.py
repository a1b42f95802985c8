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
