"""The command line: every command has help with an example, and the README documents it."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import CORPUS, ROOT, SERVICE_PLAN_2022

from council_plans.cli import cli


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    runner = CliRunner()
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, name
        assert f"plans {name}" in readme, f"README does not document `plans {name}`"


def test_extract_prints_blocks_of_a_page():
    result = CliRunner().invoke(cli, ["extract", str(CORPUS / SERVICE_PLAN_2022), "--page", "1"])
    assert result.exit_code == 0
    assert "[heading" in result.output and "Purpose of Report" in result.output
    assert "--- page 2" not in result.output


def test_extract_reports_a_bad_file_clearly(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("<html>")
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == 1
    assert "E001 not a PDF" in result.output


def test_extract_of_a_page_the_pdf_does_not_have_fails_saying_so():
    result = CliRunner().invoke(cli, ["extract", str(CORPUS / SERVICE_PLAN_2022), "--page", "999"])
    assert result.exit_code != 0
    assert "999 is not in" in result.output and "13 pages (1-13)" in result.output


def test_metadata_check_passes_on_the_committed_file():
    assert CliRunner().invoke(cli, ["metadata", "--check"]).exit_code == 0


def test_explain_prints_the_genre_and_who_made_each_record(tmp_path):
    from click.testing import CliRunner
    from pdfgen import make_pdf, text_page

    from council_plans.cli import cli

    pdf = make_pdf(tmp_path / "notice.pdf", [text_page([
        "**Decision details", "", "**Adoption of the Play Strategy", "", "Decision Maker: Cabinet",
        "Decision status: Recommendations Approved", "", "Decision:", "To adopt the play strategy.", "",
        "Date of decision: 12/01/2023"])])
    result = CliRunner().invoke(cli, ["explain", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "genre: decision_details" in result.output
    assert "read by: " in result.output and "minutes (minutes.items.v2)" in result.output
    decision = next(line for line in result.output.splitlines() if " decisions " in line)
    assert "p1" in decision and "minutes.items.v2" in decision and "[label] To adopt the play strategy." in decision
    # forcing a genre no rule set reads: only the rule sets that read decisions wherever they
    # are printed still read it (the genre is a prior for decisions, not a gate)
    forced = CliRunner().invoke(cli, ["explain", str(pdf), "--genre", "other"])
    assert "read for decisions" in forced.output
    reads = next(line for line in forced.output.splitlines() if line.startswith("read by:"))
    assert "minutes (minutes.items.v2)" in reads and "people" not in reads and "cited_plans" not in reads


def test_explain_lists_exactly_the_records_build_publishes_for_the_document(tmp_path):
    # One owner of "document → records" (rules.engine.records_of): explain reads the PDF with
    # its manifest entry, as the build does. The entry here says what kind of document it is,
    # which its cues alone do not: the two commands must agree on what the rule sets read.
    import json
    import re
    import sqlite3

    from pdfgen import make_pdf, text_page

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "notes.pdf", [text_page([
        "**Play Strategy", "", "Resolved: To adopt the play strategy.", "", "Reason: It is needed."])])
    (corpus / "manifest.json").write_text(json.dumps([{"file": "notes.pdf", "genre": "minutes"}]))
    db = tmp_path / "plans.db"
    CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db), "-q", "--jobs", "1"])
    result = CliRunner().invoke(cli, ["explain", str(corpus / "notes.pdf")])
    assert result.exit_code == 0, result.output
    assert "genre: minutes" in result.output
    listed = sorted((int(m[1]), m[2], m[3]) for m in re.finditer(r"^  p(\d+) +(\w+) +\S+ +(\S+)", result.output, re.M))
    conn = sqlite3.connect(db)
    tables = {t for _, t, _ in listed} or {"decisions"}
    published = sorted(row for t in tables for row in conn.execute(
        f"select page, '{t}', rule from [{t}] where document_id = 'notes'"))
    assert listed and listed == published
