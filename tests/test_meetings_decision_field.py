"""A meeting system's "Agenda, decisions and minutes" page prints each item's "Decision:"
field and then its "Minutes:" (issue 16). When the decision field holds a labelled resolution
("Decision: RESOLVED – That the Minutes ... be confirmed as a correct record. Minutes: ..."),
the two fields are one item: no title of a next item stands between them, so the words before
"Minutes:" are the resolution, not a title read out of it. Checked on a committed PDF of
first-sight batch 13 (fitted after its first sight was recorded). A decision page that prints
the next item's title before that item's "Minutes:" still opens the next item: its last
paragraph ends no sentence.
"""

from __future__ import annotations

from test_meetings_families_b56 import decisions_of


def test_a_labelled_resolution_in_the_decision_field_is_read_whole():
    decisions = decisions_of(13, "wrexham-council-2019")
    assert [d.resolved for d in decisions] == [
        "That the Minutes of the meeting of the County Borough Council held on 27 March 2019 be "
        "confirmed as a correct record."]
    assert decisions[0].title == "Confirmation of Minutes"
    assert decisions[0].page == 2


def test_a_saved_web_pages_furniture_is_no_body():
    """The line over "Agenda, decisions and minutes" is the body on a meeting system's page,
    but not the page's own "Navigation" (or "History", "Menu") printed there when saved."""
    from test_meetings_families_b56 import BATCHES

    from council_plans.build import prepare
    from extractor import extract

    reading, _ = prepare(extract(BATCHES / "batch-13" / "corpus" / "wrexham-council-2019.pdf"), None)
    assert reading.meta.body is None
