"""The wizard's line wrapping: display width, whole English words, the terminal's real width."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from poa.cli.wizard_term import _cwidth, wrap
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
