"""A word before "Parish Council" that is no place names no council (issue 19: never another
council). Checked on committed PDFs of first-sight batches 12 and 13, fitted after their first
sight was recorded: a signature line's field printed over the next page's heading ("Signed
………… Dated PARISH COUNCIL MINUTES OF THE FULL COUNCIL") and the kind of meeting ("Formal Parish
Council Meeting commenced") are not the council's name, so the page names none of its own."""

from __future__ import annotations

import pytest
from test_meetings_families_b56 import BATCHES

from council_plans.build import prepare
from extractor import extract


@pytest.mark.parametrize(("batch", "slug", "not_name"), [
    (12, "audley-pc-2015-08-20", "Dated Parish Council"),
    (13, "southkelsey-pc-2025-10-13", "Formal Parish Council"),
])
def test_a_form_field_or_a_meeting_kind_is_no_councils_name(batch: int, slug: str, not_name: str):
    reading, _ = prepare(extract(BATCHES / f"batch-{batch}" / "corpus" / f"{slug}.pdf"), None)
    assert reading.meta.council != not_name
    assert not (reading.meta.council or "").startswith(not_name.split()[0])
