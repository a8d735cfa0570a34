"""poa revise in a real pseudo-terminal: the wizard runs on each section Amazon asked about."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.wizard_script import ROOT, child_env

pexpect = pytest.importorskip("pexpect")

MESSAGES = Path(__file__).parent / "data" / "messages"
READY = "\x1b[?2004h"  # prompt_toolkit turns on bracketed paste when a prompt is ready


def _poa(*args: str, cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "poa", *args],
        cwd=str(cwd),
        check=True,
        capture_output=True,
        timeout=60,
        env=child_env(),
    )


def test_ctrl_c_stops_revise_at_once_with_exit_130(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "odr-unanswered-messages", tmp_path / "case")
    _poa("submit", "case", cwd=tmp_path)
    _poa("reply", "case", str(MESSAGES / "seed_reply_1.txt"), cwd=tmp_path)
    before = (tmp_path / "case" / "case.yaml").read_bytes()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "revise", "case"],
        cwd=str(tmp_path),
        env=child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="200", LINES="50"),
        encoding="utf-8",
        timeout=10,
        dimensions=(50, 200),
    )
    child.expect_exact(READY)  # the wizard's first question of the first section
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    after_ctrl_c = child.before
    assert child.exitstatus == 130, after_ctrl_c
    assert after_ctrl_c.count("interrupted") == 1  # no second section was started
    assert (tmp_path / "case" / "case.yaml").read_bytes() == before


def test_what_amazon_asked_is_on_a_40_line_screen_when_the_questions_start(
    tmp_path: Path,
) -> None:
    import re

    shutil.copytree(ROOT / "examples" / "odr-unanswered-messages", tmp_path / "case")
    _poa("submit", "case", cwd=tmp_path)
    _poa("reply", "case", str(MESSAGES / "seed_reply_1.txt"), cwd=tmp_path)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "revise", "case"],
        cwd=str(tmp_path),
        env=child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="40"),
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 100),
    )
    child.expect_exact("guided plan of action")  # the wizard starts
    child.expect_exact(READY)  # its first prompt
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).replace("\r", "").split("\n")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert any(line.startswith('Amazon: "') for line in screen[-38:]), screen[-38:]
