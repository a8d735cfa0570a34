"""What the commands print for a person: wrapped prose, a pasting hint, suggestions that help."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from poa.cli import app
from poa.cli.wrap import _cwidth
from tests.conftest import EXAMPLES
from tests.wizard_script import child_env

MESSAGES = Path(__file__).parent / "data" / "messages"
runner = CliRunner()


@pytest.fixture
def replied(tmp_path: Path) -> Path:
    """A case with one submitted revision and Amazon's reply to it."""
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLES / "odr-unanswered-messages", folder)
    assert runner.invoke(app, ["submit", str(folder)]).exit_code == 0
    reply = runner.invoke(app, ["reply", str(folder), str(MESSAGES / "seed_reply_1.txt")])
    assert reply.exit_code == 0, reply.output
    return folder


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _assert_wrapped(narrow: str, wide: str, width: int) -> None:
    lines = narrow.splitlines()
    assert max(_cwidth(ln) for ln in lines) <= width, [ln for ln in lines if _cwidth(ln) > width]
    assert _words(narrow) == _words(wide), "a word or an ID was split or lost"
    assert any(_cwidth(ln) > width for ln in wide.splitlines()), "the test needs long lines"


@pytest.mark.parametrize(
    "args",
    [
        ["feedback", str(MESSAGES / "seed_reply_1.txt")],
        ["revise", "{case}", "--list"],
        ["reply", "{case}", str(MESSAGES / "seed_reply_2.txt"), "--replace"],
    ],
)
def test_prose_wraps_at_the_terminal_width_never_inside_a_word(
    replied: Path, args, monkeypatch
) -> None:
    monkeypatch.chdir(replied.parent)
    args = [a.replace("{case}", replied.name) for a in args]
    wide = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert wide.exit_code == 0, wide.output
    narrow = runner.invoke(app, args, env={"COLUMNS": "61"})
    assert narrow.exit_code == 0
    _assert_wrapped(narrow.stdout, wide.stdout, 60)


def test_reply_from_a_terminal_says_to_paste_and_press_ctrl_d(replied: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "reply", str(replied), "-", "--replace"],
        env=child_env(TERM="dumb"),
        encoding="utf-8",
        timeout=20,
    )
    child.expect("Paste Amazon's message, then press Ctrl-D")
    child.sendline((MESSAGES / "seed_reply_1.txt").read_text(encoding="utf-8").splitlines()[0])
    child.sendline("We need greater detail on the root cause of the A-to-z claims.")
    child.sendeof()
    child.expect("Recorded Amazon's reply")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_subcommand_typed_alone_is_suggested_in_full() -> None:
    result = runner.invoke(app, ["import", "case", "report.txt"])
    assert result.exit_code == 2
    assert "poa orders import" in result.output
    assert "'export'" not in result.output


def test_diff_of_a_missing_case_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", str(tmp_path / "nocase"), "1", "2"])
    assert result.exit_code == 2
    assert "nocase: no such case folder" in result.output
    assert "revision" not in result.output
