"""What the site shows of one person (``/-/person/{id}``, site/plugins/person_pages.py): the
roles they are named with, the meetings whose minutes list them (present, apologies, absent,
attending, substituting) and how they voted where a recorded vote names them.

People are matched within one council only, never on a surname alone (rules/meetings/attendance.py),
so everything here is that council's record of the person."""

from __future__ import annotations

from typing import Any

from council_plans.site import has, human_date, query_rows

# Bounded like the site's other pages: a long-serving member of a big council may appear in
# thousands of minutes; the page lists the newest and says how many there are.
LIMIT = 200


async def person_context(db: Any, person: dict[str, Any]) -> dict[str, Any]:
    ident = person["id"]
    ctx: dict[str, Any] = {"person": person, "database": db.name, "limit": LIMIT,
                           "roles": [], "attendance": [], "votes": [], "attendance_total": 0, "votes_total": 0}
    if await has(db, "people_roles", "person_id"):
        ctx["roles"] = await query_rows(
            db, "select role, context, min(pdf) as pdf, min(page) as page, count(*) as times from people_roles "
                "where person_id = :id group by role, context order by times desc, role limit :limit",
            {"id": ident, "limit": LIMIT})
    if await has(db, "attendance", "person_id"):
        ctx["attendance"] = await query_rows(
            db, "select a.status, a.printed, a.role, a.pdf, a.page, a.meeting_id, m.body, m.date from attendance a "
                "left join meetings m on m.id = a.meeting_id where a.person_id = :id "
                "order by m.date desc, a.document_id, a.page limit :limit", {"id": ident, "limit": LIMIT})
        ctx["attendance_total"] = (await query_rows(
            db, "select count(*) as n from attendance where person_id = :id", {"id": ident}))[0]["n"]
        ctx["status_counts"] = await query_rows(
            db, "select status, count(*) as n from attendance where person_id = :id group by status order by n desc",
            {"id": ident})
    if await has(db, "vote_casts", "person_id") and await has(db, "votes"):
        ctx["votes"] = await query_rows(
            db, "select c.position, c.option, v.id as vote_id, v.motion, v.outcome, v.for_count, v.against_count, "
                "v.abstain_count, v.pdf, v.page, v.meeting_id, v.decision_id, m.body, m.date, d.title as decision_title "
                "from vote_casts c join votes v on v.id = c.vote_id left join meetings m on m.id = v.meeting_id "
                "left join decisions d on d.id = v.decision_id where c.person_id = :id "
                "order by m.date desc, v.document_id, v.page limit :limit", {"id": ident, "limit": LIMIT})
        ctx["votes_total"] = (await query_rows(
            db, "select count(*) as n from vote_casts where person_id = :id", {"id": ident}))[0]["n"]
    for row in [*ctx["attendance"], *ctx["votes"]]:
        row["when"] = human_date(row.get("date"))
    return ctx
