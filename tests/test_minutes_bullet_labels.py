"""A label after a list bullet (issue 16, the lead's fix after batch 17's first sight): meeting
systems' web pages and Word lists print a bullet before "Resolved" ("* Resolved that:" over
numbered points, "· Resolved that Cllr. Atkinson contacts ..."). The bullet starts the line as a
paragraph number does, so the label is read and the points under it are the resolution.
Checked on committed PDFs of first-sight batches 6 and 17."""

from __future__ import annotations

from test_meetings_families_b56 import decisions_of

from rules.meetings.stream import Stream


def _resolved(batch: int, slug: str) -> list[str]:
    return [d.resolved for d in decisions_of(batch, slug)]


def test_numbered_points_under_a_bulleted_label_are_read():
    found = _resolved(17, "sthelens-cabinet-2019-07-17")
    (points,) = [r for r in found if "the report be noted" in r]
    assert "(2) the action plan attached at Appendix 1 be approved" in points


def test_a_bulleted_label_in_a_parish_list():
    found = _resolved(6, "skirlaugh-pc-churchyard-committee-2016-12-07")
    assert any(r.startswith(("that Cllr. Atkinson contacts three surveyors", "Resolved that Cllr. Atkinson"))
               for r in found), found


def test_a_bullet_is_a_line_start_and_a_word_is_not():
    text = "* Resolved that:\nThe Panel Resolved that"
    stream = Stream(text, pieces=[])
    assert stream.at_boundary(text.index("Resolved"))
    assert not stream.at_boundary(text.rindex("Resolved"))
