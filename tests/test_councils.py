"""The council register (rules/councils, rules/packs/councils.yaml) and every record's council.

Names are matched to the register exactly (official names, the register's variants, the name
without its council words when the register's own names carry every qualifier printed),
never fuzzily: a parish stays a parish, a body outside the register is kept unregistered, and
a name that is no council gives no council. Then a corpus of generated PDFs of two councils
that print the same body ("Cabinet"), plan title ("Council Plan") and indicator ("recycling
rate"), a parish that mentions its unitary council, a council minute that mentions a
neighbour, and a police and crime panel: every record has its own council and nothing of one
council is joined to another's.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from pdfgen import make_pdf, text_page

from council_plans.build import build
from rules.councils.register import fold, read_register, register, resolve_document, resolve_name


def council_id(name: str) -> str | None:
    found = resolve_name(name)
    return found.id if found else None


# ------------------------------------------------------------------ the register


def test_the_register_holds_every_current_authority_of_its_source():
    # The counts by type that mySociety's README gives for the version the file was taken from.
    entries = read_register()
    current = Counter(e.type for e in entries if not e.end)
    assert current == {"CC": 1, "COMB": 14, "CTY": 21, "LBO": 32, "MD": 36, "NID": 11, "NMD": 164, "SCO": 32,
                       "SRA": 1, "UA": 63, "WPA": 22}
    assert Counter(e.type for e in entries if e.end) == {"CTY": 6, "NID": 25, "NMD": 40, "UA": 2}
    wiltshire = register().entries["WIL"]
    assert (wiltshire.gss, wiltshire.slug, wiltshire.nation) == ("E06000054", "wiltshire", "England")


def test_slugs_are_unique_and_a_former_authority_gives_its_short_name_to_the_current_one():
    entries = register().entries
    assert len({e.slug for e in entries.values()}) == len(entries)
    assert (entries["SMT"].slug, entries["SOM"].slug) == ("somerset", "somerset-som")
    assert (entries["NYE"].slug, entries["NYK"].slug) == ("north-yorkshire", "north-yorkshire-nyk")


@pytest.mark.parametrize("names,expected", [
    (["Wiltshire Council", "Wiltshire", "WILTSHIRE COUNCIL", "E06000054", "WIL"], "wiltshire"),
    (["London Borough of Harrow", "Harrow Council", "Harrow", "Harrow London Borough Council"], "harrow"),
    (["Southend-on-Sea Borough Council", "Southend-on-Sea City Council", "Southend on Sea Borough Council"],
     "southend-on-sea"),
    (["London Borough of Hammersmith & Fulham", "Hammersmith and Fulham Council"], "hammersmith-and-fulham"),
    (["Borough Council of King's Lynn & West Norfolk", "Kings Lynn and West Norfolk Borough Council"],
     "kings-lynn-and-west-norfolk"),
    (["The Highland Council", "Highland Council"], "highland"),
    (["Wirral Council", "Wirral Metropolitan Borough Council"], "wirral"),
    (["Durham County Council", "County Durham"], "county-durham"),
    (["Somerset Council"], "somerset"),
    (["Somerset County Council"], "somerset-som"),
])
def test_every_name_of_an_authority_is_one_entry(names, expected):
    assert {n: council_id(n) for n in names} == {n: expected for n in names}


@pytest.mark.parametrize("name,not_this", [
    ("Westwood Parish Council", "wiltshire"),          # a parish in a unitary's area
    ("Lichfield City Council", "lichfield"),           # a parish-level city council, not the district
    ("Chichester City Council", "chichester"),
    ("Salisbury City Council", "wiltshire"),
    ("Durham City Council", "county-durham"),
    ("Combined Fire Authority for County Durham and Darlington", "county-durham"),
    ("City of Durham Charter Trustees", "county-durham"),
    ("Wiltshire Police and Crime Panel", "wiltshire"),
])
def test_a_body_that_contains_a_councils_name_is_not_that_council(name, not_this):
    found = resolve_name(name)
    assert found is not None and found.id != not_this and not found.registered


@pytest.mark.parametrize("name,kind", [
    ("Westwood Parish Council", "parish"), ("Saltash Town Council", "town"),
    ("Bodorgan Community Council", "community"), ("Peak District National Park Authority", "national_park"),
    ("Devon and Somerset Fire and Rescue Authority", "fire"), ("Cheshire Police and Crime Panel", "police_and_crime_panel"),
    ("Salisbury District Council", "district"),
])
def test_a_body_outside_the_register_is_kept_unregistered_with_its_kind(name, kind):
    found = resolve_name(name)
    assert (found.kind, found.registered, found.name) == (kind, False, name)
    assert resolve_name(name.upper()).id == found.id  # one body however it is printed


@pytest.mark.parametrize("name", [
    # a name read cut short is part of a longer register name: no council rather than a guess
    "Mid and East Borough Council", "Banbridge and Craigavon Borough Council",
    # running text before a body's kind is no place
    "Election of Parish Council", "Clerk to the Town Council",
])
def test_a_name_read_cut_short_or_running_text_before_a_kind_is_no_council(name):
    assert resolve_name(name) is None


def test_a_short_form_of_two_register_names_is_neither():
    # "Newcastle Borough Council" is how Newcastle-under-Lyme often prints itself, and its words
    # are also part of Newcastle upon Tyne's names: unknown, never the city
    assert resolve_name("Newcastle Borough Council") is None


def test_a_bilingual_heading_that_prints_the_place_twice_is_one_body():
    found = resolve_name("Cyngor Tref Llanfor Llanfor Town Council")
    assert (found.name, found.kind, found.registered) == ("Llanfor Town Council", "town", False)
    assert resolve_name("Llanfor Town Council").id == found.id


@pytest.mark.parametrize("name", ["Calculation of Council", "October Council", "Welcomes the Council", "Council",
                                  "Full Council", "Scottish Parliament", ""])
def test_a_name_that_is_no_council_gives_none(name):
    assert resolve_name(name) is None


def test_folding_reads_ampersands_apostrophes_hyphens_and_accents_alike():
    assert fold("The Borough Council of King’s Lynn & West Norfolk") == "borough council of kings lynn and west norfolk"
    assert fold("Cyngor Sir Ynys Môn") == "cyngor sir ynys mon"


def test_the_site_a_document_was_fetched_from_names_its_council_unless_the_body_is_another_authority():
    assert resolve_document(source_url="https://democracy.harrow.gov.uk/ieListDocuments.aspx?MId=1").id == "harrow"
    assert resolve_document(source_url="https://cms.wiltshire.gov.uk/x").matched_by == "site"
    # A county's meeting system also holds its fire authority's papers.
    fire = resolve_document(source_url="https://buckinghamshire.moderngov.co.uk/x", body="Fire Authority")
    assert fire.id == "unknown"
    # The name the document gives wins over the site.
    assert resolve_document(council="Westwood Parish Council", source_url="https://cms.wiltshire.gov.uk/x").id == \
        "westwood-parish-council"
    assert resolve_document(source_url="https://www.gov.uk/guidance").id == "unknown"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://democracy.north-herts.gov.uk/ieDecisionDetails.aspx?AIId=1", "north-hertfordshire"),  # a county's short form
    ("https://democracy.lichfielddc.gov.uk/x", "lichfield"),            # kind words by their initials
    ("https://democracy.welhat.gov.uk/x", "welwyn-hatfield"),           # first letters of each word
    ("https://democracy.sholland.gov.uk/x", "south-holland"),           # an initial and a word
    ("https://democracy.lbhf.gov.uk/x", "hammersmith-and-fulham"),      # initials only, joining words left out
    ("https://minutes3.belfastcity.gov.uk/x", "belfast"),               # a numbered service label
    ("https://tdcdemocracy.tendringdc.gov.uk/x", "tendring"),           # a service run together with letters
    ("http://meetings.derrycityandstrabanedistrict.com/x", "derry-city-and-strabane"),  # its own .com host
    ("http://perth-and-kinross.cmis.uk.com/x", "perth-and-kinross"),   # a shared host's subdomain
])
def test_a_site_named_in_a_councils_short_form_names_that_council(url, expected):
    assert resolve_document(source_url=url).id == expected


@pytest.mark.parametrize("url", [
    "https://democracy.tmbc.gov.uk/x",            # Tonbridge and Malling, or Trafford Metropolitan Borough: both spell it
    "https://democracy.witney-tc.gov.uk/x",       # a town council's own site
    "https://www.northmeolspc.co.uk/x",           # a parish council's own site
    "https://glostext.gloucestershire.gov.uk/x",  # a label that is no service of the council
    "https://docslib.org/doc/1",                  # a document-sharing site
    "https://warksdemocracy.wordpress.com/2018",  # a blog
])
def test_a_site_that_spells_no_council_or_two_names_none(url):
    assert resolve_document(source_url=url).id == "unknown"


def test_a_council_counted_in_the_text_gives_way_to_the_site_but_a_letterhead_does_not():
    site = "https://democracy.dacorum.gov.uk/ieIssueDetails.aspx?IId=1"
    # A district's decision about a parish names the parish throughout.
    assert resolve_document(council="Chipperfield Parish Council", source_url=site, council_source="text").id == "dacorum"
    assert resolve_document(council="Chipperfield Parish Council", source_url=site, council_source="page").id == \
        "chipperfield-parish-council"


def test_running_text_before_a_register_name_is_left_out():
    assert resolve_name("Summary Perth and Kinross Council").id == "perth-and-kinross"
    assert resolve_name("Welcomes the Council") is None


# ------------------------------------------------------------------ two councils in one corpus

HEADER = "Present: Councillor P Quinn (Chair), Councillor R Shah"


def minutes(council: str, body: str, date: str, items: list[tuple[str, str]], extra: list[str] = ()) -> list[str]:
    rows = [f"**{council}", "", f"**Minutes of a meeting of the {body} held on {date} at 7.00 pm in the Council Chamber",
            "", HEADER, "", *extra]
    for n, (title, resolved) in enumerate(items, start=20):
        rows += [f"**{n}. {title}", "The committee considered the report.", "", f"RESOLVED: {resolved}", ""]
    return rows


def plan(council: str, start: int, outcomes: list[str], rate: float) -> list[str]:
    listed = " ".join(f"{i}. {o}." for i, o in enumerate(outcomes, start=1))
    return [f"**Council Plan {start} to {start + 4}", "", f"This plan sets out what {council} will do.",
            f"The plan has been agreed by Council. Our key outcomes {listed} These outcomes guide our budget.", "",
            f"The recycling rate was {rate}% in {start - 1}/{str(start)[2:]}, against a target of 50%.",
            f"{council} will report on progress every year."]


@pytest.fixture(scope="module")
def two_councils(tmp_path_factory) -> sqlite3.Connection:
    corpus = tmp_path_factory.mktemp("councils") / "corpus"
    corpus.mkdir()
    pdfs = {
        "harrow-cabinet": minutes("Harrow Council", "Cabinet", "Tuesday, 7 March 2023", [
            ("Waste Strategy", "That the waste strategy be adopted."),
            ("Parking Charges", "That parking charges rise by 3% from April.")],
            ["Harrow Council met Brent Council officers on the shared waste contract.", ""]),
        "molevalley-cabinet": minutes("Mole Valley District Council", "Cabinet", "Tuesday, 7 March 2023", [
            ("Waste Strategy", "That the waste strategy be deferred."),
            ("Leisure Centre", "That the leisure centre be refurbished.")]),
        "harrow-plan-2020": plan("Harrow Council", 2020, ["Children have the best start in life",
                                 "Older people live independently for longer", "Town centres are busy and safe"], 38.5),
        "harrow-plan-2024": plan("Harrow Council", 2024, ["Children have the best start in life",
                                 "Town centres are busy, safe and clean", "Homes are warm and affordable"], 41.0),
        "molevalley-plan-2020": plan("Mole Valley District Council", 2020, ["A green and clean district",
                                     "Thriving villages and market towns", "Residents live healthy lives"], 55.0),
        "molevalley-plan-2024": plan("Mole Valley District Council", 2024, ["A green and clean district",
                                     "Thriving villages", "Good homes for local people"], 57.5),
        "westwood-parish": minutes("Westwood Parish Council", "Parish Council", "Tuesday, 8 May 2012", [
            ("Playing Field", "That the playing field gates be replaced.")],
            ["The clerk reported that Wiltshire Council would resurface the lane.", ""]),
        "cheshire-pcp": minutes("Cheshire Police and Crime Panel", "Police and Crime Panel", "Friday, 2 February 2018",
                                [("Precept", "That the proposed precept be endorsed.")]),
    }
    for name, rows in pdfs.items():
        make_pdf(corpus / f"{name}.pdf", [text_page(rows)])
    db = corpus.parent / "plans.db"
    build(corpus, db, jobs=1, cache=False)
    conn = sqlite3.connect(db)
    yield conn
    conn.close()


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def test_every_document_has_its_own_council(two_councils):
    assert dict(rows(two_councils, "select file, council_id from documents")) == {
        "harrow-cabinet.pdf": "harrow",                      # Brent Council, mentioned once, is a neighbour
        "molevalley-cabinet.pdf": "mole-valley",
        "harrow-plan-2020.pdf": "harrow", "harrow-plan-2024.pdf": "harrow",
        "molevalley-plan-2020.pdf": "mole-valley", "molevalley-plan-2024.pdf": "mole-valley",
        "westwood-parish.pdf": "westwood-parish-council",    # not Wiltshire Council, which it mentions
        "cheshire-pcp.pdf": "cheshire-police-and-crime-panel",
    }


def test_the_councils_table_says_what_each_is_and_how_it_was_matched(two_councils):
    found = {r[0]: r[1:] for r in rows(two_councils, "select id, name, kind, registered, register_code, gss_code, "
                                                    "matched_by, documents from councils")}
    assert found == {
        "harrow": ("London Borough of Harrow", "london_borough", 1, "HRW", "E09000015", "core", 3),
        "mole-valley": ("Mole Valley District Council", "district", 1, "MOL", "E07000210", "name", 3),
        "westwood-parish-council": ("Westwood Parish Council", "parish", 0, None, None, "kind", 1),
        "cheshire-police-and-crime-panel": ("Cheshire Police and Crime Panel", "police_and_crime_panel", 0, None, None,
                                            "kind", 1),
    }


def test_every_record_table_carries_its_documents_council(two_councils):
    tables = [t for (t,) in rows(two_councils, "select name from sqlite_master where type = 'table'")
              if "document_id" in {c[1] for c in rows(two_councils, f"pragma table_info([{t}])")}]
    assert {"decisions", "meetings", "plans", "missions", "indicators", "indicator_values", "lineage", "people"} <= set(tables)
    for table in tables:
        column = "id" if table == "councils" else "council_id"  # a council's row is its first document's council
        mismatched = rows(two_councils, f"select count(*) from [{table}] t join documents d on d.id = t.document_id "
                                        f"where t.{column} is not d.council_id")
        assert mismatched == [(0,)], table


def test_two_councils_cabinets_are_two_bodies_and_no_decision_sits_under_the_others_meeting(two_councils):
    cabinets = rows(two_councils, "select council_id, date from meetings where body = 'Cabinet' order by council_id")
    assert cabinets == [("harrow", "2023-03-07"), ("mole-valley", "2023-03-07")]
    assert rows(two_councils, "select count(*) from decisions d join meetings m on m.id = d.meeting_id "
                              "where d.council_id != m.council_id") == [(0,)]
    assert sorted(rows(two_councils, "select council_id, resolved from decisions where title = 'Waste Strategy'")) == [
        ("harrow", "That the waste strategy be adopted."), ("mole-valley", "That the waste strategy be deferred.")]


def test_two_councils_council_plans_are_two_series(two_councils):
    links = rows(two_councils, "select p1.council_id, p2.council_id, p1.period_start, p2.period_start from lineage l "
                               "join plans p1 on p1.id = l.from_plan_id join plans p2 on p2.id = l.to_plan_id")
    assert {(a, b, s, e) for a, b, s, e in links} == {("harrow", "harrow", 2020, 2024),
                                                      ("mole-valley", "mole-valley", 2020, 2024)}
    harrow = rows(two_councils, "select from_name, to_name from lineage where council_id = 'harrow' "
                                "and from_name = 'Children have the best start in life'")
    assert harrow == [("Children have the best start in life", "Children have the best start in life")]


def test_two_councils_recycling_rates_are_two_indicators(two_councils):
    indicators = rows(two_councils, "select council_id, \"values\" from indicators order by council_id")
    assert indicators == [("harrow", 4), ("mole-valley", 4)]
    assert rows(two_councils, "select count(*) from indicator_values v join indicators i on i.id = v.indicator_id "
                              "where v.council_id != i.council_id") == [(0,)]


def test_a_councillor_of_two_councils_is_two_people(two_councils):
    people = rows(two_councils, "select council_id, count(*) from people where name = 'P Quinn' group by 1 order by 1")
    assert [c for c, _ in people] == ["cheshire-police-and-crime-panel", "harrow", "mole-valley", "westwood-parish-council"]
    assert rows(two_councils, "select count(*) from people_roles r join people p on p.id = r.person_id "
                              "where r.council_id != p.council_id") == [(0,)]


def test_completeness_counts_each_councils_meetings_and_decisions(two_councils):
    found = {r[0]: r[1:] for r in rows(two_councils, "select council_id, documents, meetings, meetings_with_minutes, "
                                                    "decisions, decisions_per_meeting, plans, indicators "
                                                    "from council_completeness")}
    assert found["harrow"] == (3, 1, 1, 2, 2.0, 2, 1)
    assert found["westwood-parish-council"] == (1, 1, 1, 1, 1.0, 0, 0)


def unnamed_plans(corpus: Path) -> None:
    for start in (2020, 2024):
        rows_ = plan("Harrow Council", start, ["Children have the best start in life", "Town centres are safe"], 40)
        make_pdf(corpus / f"plan-{start}.pdf", [text_page([r for r in rows_ if "Harrow" not in r])])


def test_documents_that_name_no_council_are_one_councils_when_the_corpus_names_at_most_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    unnamed_plans(corpus)
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=1, cache=False)
    conn = sqlite3.connect(db)
    assert set(rows(conn, "select council_id from documents")) == {("unknown",)}
    assert rows(conn, "select id, registered, matched_by from councils") == [("unknown", 0, "none")]
    # One archive without names: its plans are still a series, its figures one indicator.
    assert rows(conn, "select count(distinct from_plan_id) from lineage") == [(1,)]
    assert rows(conn, "select count(*) from indicators") == [(1,)]


def test_a_document_that_names_no_council_in_a_corpus_of_several_is_joined_to_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    unnamed_plans(corpus)
    for council, start in (("Mole Valley District Council", 2020), ("Woking Borough Council", 2022)):
        make_pdf(corpus / f"{council.split()[0].lower()}.pdf",
                 [text_page(plan(council, start, ["A green district", "Good homes"], 50))])
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=1, cache=False)
    conn = sqlite3.connect(db)
    assert rows(conn, "select council_id, count(*) from documents group by 1 order by 1") == [
        ("mole-valley", 1), ("unknown", 2), ("woking", 1)]
    # Either unknown plan may be Mole Valley's or Woking's, or each another's: no series, no
    # shared indicator, and nothing joined to a named council's.
    assert rows(conn, "select count(*) from lineage") == [(0,)]
    assert rows(conn, "select council_id, count(*) from indicators group by 1 order by 1") == [
        ("mole-valley", 1), ("unknown", 2), ("woking", 1)]


def test_the_manifest_names_the_council_a_page_cannot(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "cabinet.pdf", [text_page(minutes("", "Cabinet", "Tuesday, 7 March 2023",
                                                        [("Waste Strategy", "That the strategy be adopted.")]))])
    (corpus / "manifest.json").write_text('[{"file": "cabinet.pdf", "publisher": "London Borough of Harrow"}]')
    db = tmp_path / "plans.db"
    build(corpus, db, jobs=1, cache=False)
    conn = sqlite3.connect(db)
    assert rows(conn, "select council_id, council_match from documents") == [("harrow", "name")]
    assert rows(conn, "select council_id from decisions") == [("harrow",)]


def test_register_file_credits_its_source():
    head = Path(read_register.__defaults__[0]).read_text(encoding="utf-8").splitlines()[:6]
    assert any("mySociety" in line for line in head) and any("CC BY 4.0" in line for line in head)


def test_a_site_whose_label_is_only_a_kind_word_names_no_council():
    from rules.councils.register import register
    # london.gov.uk is the Greater London Authority's, not the City of London's ("city of london")
    assert register().resolve_site("https://www.london.gov.uk/decisions/md1") is None
    assert register().resolve_site("https://democracy.lichfielddc.gov.uk/ieListDocuments.aspx").id == "lichfield"
