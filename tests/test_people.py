"""People and roles (rules ``people.person.v1``, ``people.role.v1``): the spaCy rule component
and the name–role pairs printed in packs."""

from __future__ import annotations

import pytest
from pdfgen import make_pdf, text_page
from rulesets import reading_of, records_of

from extractor import extract
from rules.meetings.records import PersonRecord, PersonRoleRecord
from rules.people import entities, name_key, nlp


def read_people(reading):
    """People and their roles the people rule set reads."""
    return records_of(reading, "people", PersonRecord, PersonRoleRecord)


def test_pipeline_is_blank_english_with_a_rule_component():
    pipeline = nlp()
    assert pipeline.lang == "en" and pipeline.pipe_names == ["people_regex"]


def test_entities():
    found = entities("Cllr Laura Mayes, Cabinet Member for Children, Education and Skills, and Dr Carlton Brand "
                     "(Corporate Director) attended.")
    assert ("PERSON", "Cllr Laura Mayes") in found
    assert ("PERSON", "Dr Carlton Brand") in found
    assert ("ROLE", "Corporate Director") in found
    assert any(label == "ROLE" and text.startswith("Cabinet Member for Children") for label, text in found)


def test_name_key_folds_titles_and_post_nominals():
    assert name_key("Cllr Baroness Scott of Bybrook OBE") == "scott of bybrook"
    assert name_key("Councillor Jon Hubbard") == name_key("Cllr Jon Hubbard") == "jon hubbard"


@pytest.fixture(scope="module")
def cabinet_people(cabinet_2017):
    people, roles = read_people(cabinet_2017)
    return {p.name: p for p in people}, roles


def roles_of(cabinet_people, name):
    people, roles = cabinet_people
    return {(r.role, r.context) for r in roles if r.person_id == people[name].id}


def test_membership_roles(cabinet_people):
    people, _ = cabinet_people
    # seed: "Cllr Laura Mayes Cabinet Member for Children, Education and Skills"
    assert ("Cabinet Member for Children, Education and Skills", "membership") in roles_of(cabinet_people, "Laura Mayes")
    assert people["Laura Mayes"].councillor is True
    # a role that runs on over three lines of the membership list
    assert ("Deputy Leader, and Cabinet Member for Communications, Communities, Leisure and Libraries",
            "membership") in roles_of(cabinet_people, "John Thomson")


def test_present_and_report_roles(cabinet_people):
    people, roles = cabinet_people
    # "Cllr Baroness Scott of Bybrook OBE (Chairman), Cllr John Thomson (Vice Chairman)"
    assert ("Vice Chairman", "present") in roles_of(cabinet_people, "John Thomson")
    # "Report by the Corporate Director, Carolyn Godfrey."
    assert ("Corporate Director", "report by") in roles_of(cabinet_people, "Carolyn Godfrey")
    assert people["Carolyn Godfrey"].councillor is False
    # a label on the same line is not part of the role ("... Children’s Services Key Decision: No")
    assert all("Key Decision" not in r.role for r in roles)
    assert all(r.document_id and r.page and r.rule == "people.role.v1" for r in roles)


def test_people_on_a_small_pdf(tmp_path):
    document = extract(make_pdf(tmp_path / "p.pdf", [text_page([
        "Membership:",
        "Councillor Ann Other Chair of the Planning Committee",
        "",
        "Report Author: Sam Taylor, Senior Planning Officer",
    ])]))
    people, roles = read_people(reading_of(document))
    by = {p.name: p for p in people}
    assert by["Ann Other"].councillor is True and by["Sam Taylor"].councillor is False
    assert {(r.name, r.role, r.context) for r in roles} >= {
        ("Ann Other", "Chair of the Planning Committee", "membership"),
        ("Sam Taylor", "Senior Planning Officer", "report author"),
    }
