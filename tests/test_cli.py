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


def test_metadata_check_passes_on_the_committed_file():
    assert CliRunner().invoke(cli, ["metadata", "--check"]).exit_code == 0
