"""The wizard's line wrapping: display width, whole English words, the terminal's real width."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from poa.cli.wizard_term import _cwidth, wrap
from poa.wizard import load_flow
from tests.wizard_script import child_env

MIXED = (
    "已填好的内容直接回车即可保留(Ctrl-U 清除一行)。长回答以空行结束;输入 ':e' 打开编辑器;"
    "输入 '?' 查看示例。回答请用英文。Translate the answer into English before you go on."
)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z-]*", text)


@pytest.mark.parametrize("width", [24, 30, 41, 57, 80])
def test_mixed_chinese_and_english_fits_by_display_width(width: int) -> None:
    out = wrap(MIXED, "  ", "    ", width)
    lines = out.split("\n")
    assert len(lines) > 1
    assert all(_cwidth(line) <= width for line in lines), lines
    assert _words(out) == _words(MIXED)  # no English word is split across lines
    assert "".join(line.strip() for line in lines).replace(" ", "") == MIXED.replace(" ", "")


def test_chinese_only_text_is_broken_between_characters() -> None:
    text = "根本原因" * 20  # 160 columns, no space anywhere
    lines = wrap(text, "", "", 40).split("\n")
    assert [_cwidth(line) for line in lines] == [40, 40, 40, 40]


def test_closing_punctuation_never_starts_a_line() -> None:
    for width in range(20, 60):
        for line in wrap(MIXED, "", "", width).split("\n"):
            assert line[0] not in ",。;:)、", (width, line)


def test_wraps_to_the_terminal_width_even_when_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(["word"] * 35)  # 174 columns
    monkeypatch.setenv("COLUMNS", "200")
    assert wrap(text, "", "") == text
    monkeypatch.setenv("COLUMNS", "50")
    assert all(_cwidth(line) <= 49 for line in wrap(text, "", "").split("\n"))


def test_narrow_terminal_shows_chinese_guidance_in_whole_lines(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "new", "case", "--lang", "zh"],
        cwd=str(tmp_path),
        env=child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="44", LINES="40"),
        encoding="utf-8",
        timeout=8,
        dimensions=(40, 44),
    )
    child.expect_exact("\x1b[?2004h")  # the first prompt is ready: the guidance is on screen
    shown = child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    lines = [line for line in shown.replace("\r", "").split("\n") if "\x1b" not in line]
    assert "'poa edit case'" in shown  # the command is not broken over two lines
    assert "Ctrl-U" in shown
    assert lines and all(_cwidth(line) <= 43 for line in lines), lines


def test_the_closing_summary_fits_a_narrow_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from typer.testing import CliRunner

    from poa.cli import app
    from tests.test_wizard_answers import ANSWERS

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        ANSWERS.replace("We answered all 14 messages.", "We answered the messages."),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["new", str(tmp_path / "c"), "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "edit", "c", "--lang", "zh"],
        cwd=str(tmp_path),
        env=child_env(TERM="xterm", COLUMNS="44", LINES="40"),
        encoding="utf-8",
        timeout=8,
        dimensions=(40, 44),
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).replace("\r", "")
    assert child.exitstatus == 0, shown
    lines = shown.split("\n")
    assert load_flow("odr", "zh").text("next_title") in lines
    assert all(_cwidth(line) <= 43 for line in lines), lines
    assert "number or owner here" in shown.replace("\n", " ").replace("     ", " ")
