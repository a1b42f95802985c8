"""Round 5 of the meeting's own metadata (issue 16 §4): the date of the meeting the record is of,
never a date a policy takes effect, the meeting that will approve the minutes or the previous
meeting an agenda item names; the body never running text or a word for when a meeting was.
"""

from __future__ import annotations

import pytest

from rules.documents import body_name, documents_pack, opening_date

# --- the meeting's date ----------------------------------------------------------------------

@pytest.mark.parametrize("before", ["With effect from", "with effect from the", "effective from", "Commencing",
                                    "until"])
def test_a_date_a_policy_takes_effect_is_not_the_meetings(before):
    page = f"Pay Policy Statement\n{before} 1 April 2016 the Council's pay policy is\nCouncil 24 February 2016"
    assert opening_date(documents_pack(), page) == "24 February 2016"


def test_a_meetings_date_in_the_opening_is_still_read():
    assert opening_date(documents_pack(), "Council meeting\nWednesday 24 February 2016 at 5pm") == \
        "Wednesday 24 February 2016"


def test_the_meeting_that_will_approve_the_minutes_gives_them_no_date():
    # Strachur's AGM minutes (batch 11): "Draft, to be agreed at the AGM 11th April 2018" over the
    # minutes of the 2017 AGM. Read as 2018-04-11 before.
    page = "- 1 -\nDraft, to be agreed at the AGM 11th April 2018 Strachur District Community\nCouncil"
    assert opening_date(documents_pack(), page) is None
    assert opening_date(documents_pack(), "Draft minutes\nAGM 11th April 2018 Strachur") == "11th April 2018"


# --- the body ----------------------------------------------------------------------------------

@pytest.mark.parametrize("captured,body", [
    ("At the Parish Council", "Parish Council"),
    ("Proceedings of the Council", "Council"),
    ("That, as set out at the Council", "Council"),
    ("an Annual Council", "Annual Council"),
    ("Planning Committee", "Planning Committee"),
])
def test_running_text_before_a_bodys_name_is_no_part_of_it(captured, body):
    assert body_name(captured, None, documents_pack()) == body


@pytest.mark.parametrize("captured", ["last", "Previous", "next"])
def test_a_word_for_when_a_meeting_was_is_no_body(captured):
    # "the minutes of the last meeting", "Minutes of the Previous Meeting"
    assert body_name(captured, None, documents_pack()) is None


def test_a_numbered_agenda_items_previous_minutes_date_is_not_the_meetings():
    # Selworthy's minutes (batch 13): "3 Minutes of Meeting which would have been held on 14
    # December 2020" under "Minutes for Meeting Planned for 15 March 2021". Read as 2020-12-14.
    pack = documents_pack()
    text = "Selworthy minutes\n3 Minutes of Meeting which would have been held on 14 December 2020\n"
    assert [p for p in [*pack.dates, *pack.dates_last_resort] if pack.compile(p).search(text)] == []


def test_a_year_before_the_minutes_title_is_no_item_number():
    # Midgham's minutes (batch 2): "MPC Minutes May 2009 Minutes of the meeting held in the
    # Village Hall on Thursday May 21st 2009"
    pack = documents_pack()
    text = "MPC Minutes May 2009 Minutes of the meeting held in the Village Hall on Thursday 21st May 2009 at 6.30"
    found = next(m.group("date") for p in [*pack.dates, *pack.dates_last_resort] if (m := pack.compile(p).search(text)))
    assert found == "Thursday 21st May 2009"
