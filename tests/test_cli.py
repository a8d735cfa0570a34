"""The command line as a whole: help lists the contract, errors are one line."""

from __future__ import annotations

import subprocess
import sys

from poa.cli import app

CONTRACT = [
    "new",
    "edit",
    "orders",
    "check",
    "score",
    "export",
    "submit",
    "reply",
    "feedback",
    "revise",
    "history",
    "diff",
]


def test_help_lists_every_contract_command(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in CONTRACT:
        assert f" {name} " in result.stdout


def test_every_command_has_help_with_an_example(runner):
    for name in CONTRACT:
        result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "250"})
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from poa.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules\n"
        "         if m.split('.')[0] in ('docx', 'textstat', 'openpyxl', 'jinja2')]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_usage_errors_are_one_line_with_exit_2(runner):
    for args in (["export"], ["no-such-command"], ["export", "x", "--format", "pdf"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert "--help" in lines[0]


def test_readme_documents_every_command():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in CONTRACT:
        assert f"poa {name}" in readme, name


def test_poa_alone_shows_the_help_and_no_error():
    result = subprocess.run([sys.executable, "-m", "poa"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Usage" in result.stdout
    assert result.stderr == ""


def test_help_lists_commands_in_the_order_of_a_sellers_path(runner):
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    listed = [n for n in CONTRACT if f" {n} " in result.stdout]
    positions = [result.stdout.index(f"│ {n} ") for n in listed]
    assert positions == sorted(positions) and len(listed) == len(CONTRACT)
